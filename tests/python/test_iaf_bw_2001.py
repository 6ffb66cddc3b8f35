"""iaf_bw_2001 (NEST 3.9): conductance-based integrate-and-fire neuron with AMPA (receptor 1), GABA (2) and
approximate NMDA (3) synapses, integrated by GSL's RKF45 (absolute error bound gsl_error_tol = 1e-3):

    C_m dV/dt = -g_L (V - E_L) - I_AMPA - I_GABA - I_NMDA + I_stim
    I_AMPA = (V - E_ex) s_AMPA,  I_GABA = (V - E_in) s_GABA,  I_NMDA = (V - E_ex) s_NMDA / (1 + Mg e^{-0.062 V}/3.57)
    ds_X/dt = -s_X / tau_X  (X = AMPA, GABA; NMDA with tau_decay_NMDA)

At each spike the sender computes s_pre <- s_pre e^{-(t - t_last)/tau_d}, ds = k0 + k1 s_pre, s_pre += ds,
with k0 = (alpha tau_r)^(tau_r/tau_d) gamma_lower(1 - tau_r/tau_d, alpha tau_r), k1 = exp(-alpha tau_r) - 1,
sends ds as the spike's offset (recorded at grid time - ds) and a receiver's s_NMDA grows by w ds.
These are checked against closed forms computed here, and the approximation against the exact
single-connection NMDA ODE (dx/dt = -x/tau_r + spikes, ds/dt = -s/tau_d + alpha x (1 - s)), which NEST's
documentation says it approaches long after each spike. (The NEST case iaf_bw_2001__standard runs in
tests/validation/test_nest_cases.py at 1e-6.)"""

import numpy as np
import pytest
from scipy.integrate import solve_ivp
from scipy.special import gamma, gammainc

import nestor
from nestor import units as u

DT = 0.1
MODEL = nestor.iaf_bw_2001
VARS = ["V_m", "s_AMPA", "s_GABA", "s_NMDA", "I_NMDA", "I_AMPA", "I_GABA"]


def mag(q, unit):
    return np.asarray(u.get_mantissa(q / unit), dtype=float)


def k0_k1(alpha=0.5, tau_r=2.0, tau_d=100.0):
    a, r = alpha * tau_r, tau_r / tau_d
    return a**r * gamma(1.0 - r) * gammainc(1.0 - r, a), np.exp(-a) - 1.0


def run(T, dc=0.0, spikes=(), nmda_post=None, model=MODEL, **params):
    """One neuron (dc current, spike_generator inputs (time, weight nS, receptor)); with nmda_post = w a
    second iaf_bw_2001 receives its spikes on NMDA (weight w nS, delay 1 ms). Returns the sample times,
    the recorded variables of both, and the first neuron's recorded spike times."""
    sim = nestor.Simulator(dt=DT * u.ms)
    n = sim.create(model, 1, **params)
    mm = sim.create(nestor.multimeter, record_from=VARS)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(mm, n)
    sim.connect(n, sr)
    if dc:
        g = sim.create(nestor.dc_generator, amplitude=dc * u.pA)
        sim.connect(g, n, delay=1.0 * u.ms)
    for t, w, rec in spikes:
        sg = sim.create(nestor.spike_generator, spike_times=[t])
        sim.connect(sg, n, weight=w * u.nS, delay=1.0 * u.ms, receptor_type=rec)
    mm_post = None
    if nmda_post is not None:
        post = sim.create(MODEL, 1)
        mm_post = sim.create(nestor.multimeter, record_from=VARS)
        sim.connect(n, post, weight=nmda_post * u.nS, delay=1.0 * u.ms, receptor_type=3)
        sim.connect(mm_post, post)
    res = sim.simulate(T * u.ms, progress=False)
    t = mag(res.sample_times(mm), u.ms)
    rec = {v: np.asarray(res.trace(mm, v).magnitude, dtype=float).reshape(-1) for v in VARS}
    post_rec = None
    if mm_post is not None:
        post_rec = {v: np.asarray(res.trace(mm_post, v).magnitude, dtype=float).reshape(-1) for v in VARS}
    return t, rec, post_rec, mag(res.spikes(sr)["times"], u.ms)


def grid_stamps(t, V, V_reset=-60.0):
    """The steps in which the neuron spiked: V jumps to V_reset from elsewhere."""
    return t[1:][(V[1:] == V_reset) & (V[:-1] != V_reset)]


def test_defaults_recordables_and_ports():
    d = MODEL.defaults()
    for name, v in dict(E_L=-70.0, E_ex=0.0, E_in=-70.0, V_th=-55.0, V_reset=-60.0, C_m=500.0, g_L=25.0,
                        t_ref=2.0, tau_AMPA=2.0, tau_GABA=5.0, tau_decay_NMDA=100.0, tau_rise_NMDA=2.0,
                        alpha=0.5, conc_Mg2=1.0, gsl_error_tol=1e-3, V_m=-70.0, s_NMDA=0.0).items():
        assert d[name][0] == v, name
    assert "I_e" not in d  # no constant current: a dc_generator drives it
    assert MODEL.recordables == VARS
    assert MODEL.weight_unit == "nS"
    sim = nestor.Simulator()
    n = sim.create(MODEL)
    sg = sim.create(nestor.spike_generator, spike_times=[1.0])
    for bad in (0, 4):
        with pytest.raises(nestor.IllegalConnectionError):
            sim.connect(sg, n, weight=1.0 * u.nS, receptor_type=bad)
    for ok in (1, 2, 3):
        sim.connect(sg, n, weight=1.0 * u.nS, receptor_type=ok)
    dc = sim.create(nestor.dc_generator, amplitude=1.0 * u.pA)
    with pytest.raises(nestor.IllegalConnectionError):
        sim.connect(dc, n, receptor_type=1)


@pytest.mark.parametrize("I,g_L,C_m", [(300.0, 25.0, 500.0), (-200.0, 10.0, 250.0), (100.0, 40.0, 800.0)])
def test_subthreshold_response_to_a_dc_current(I, g_L, C_m):
    t, rec, _, spikes = run(150.0, dc=I, g_L=g_L, C_m=C_m)
    V = rec["V_m"]
    # The current (delay 1 ms) is latched one step after it arrives: V leaves E_L after t0 = 1.1 ms.
    t0 = 1.1
    assert np.all(V[t <= t0 + 1e-9] == -70.0) and V[t > t0 + 1e-9][0] != -70.0
    expected = np.where(t > t0, -70.0 + I / g_L * (1.0 - np.exp(-(t - t0) * g_L / C_m)), -70.0)
    np.testing.assert_allclose(V, expected, rtol=0, atol=1e-4)
    assert len(spikes) == 0


def test_ampa_gaba_gating_variables_jump_by_the_weight_and_decay():
    t, rec, _, _ = run(60.0, spikes=[(5.0, 8.0, 1), (10.0, 4.0, 2), (10.0, 2.0, 2)], tau_AMPA=1.5, tau_GABA=7.0)
    s_A = np.where(t >= 6.0 - 1e-9, 8.0 * np.exp(-(t - 6.0) / 1.5), 0.0)
    s_G = np.where(t >= 11.0 - 1e-9, 6.0 * np.exp(-(t - 11.0) / 7.0), 0.0)
    np.testing.assert_allclose(rec["s_AMPA"], s_A, rtol=0, atol=1e-4)
    np.testing.assert_allclose(rec["s_GABA"], s_G, rtol=0, atol=1e-4)
    k = np.searchsorted(t, 6.0 - 1e-9)
    assert rec["s_AMPA"][k] == pytest.approx(8.0, abs=1e-12)  # the jump itself, at arrival
    # The currents are those of the integrated state before the step's spikes arrive (NEST's last
    # right-hand side evaluation): 0 at the arrival sample, (V - E) s afterwards.
    assert rec["I_AMPA"][k] == 0.0
    after = t > 6.05
    np.testing.assert_allclose(rec["I_AMPA"][after], rec["V_m"][after] * rec["s_AMPA"][after], rtol=1e-12)
    after = t > 11.05
    np.testing.assert_allclose(rec["I_GABA"][after], (rec["V_m"][after] + 70.0) * rec["s_GABA"][after],
                               rtol=1e-12, atol=1e-12)
    # AMPA depolarises towards E_ex = 0; GABA with E_in = E_L = -70 mV pulls V back towards -70.
    assert rec["V_m"][np.searchsorted(t, 7.0)] > -70.0 + 1e-2


def test_refractory_period_holds_V_at_reset():
    t, rec, _, spikes = run(100.0, dc=600.0, t_ref=3.0)
    V = rec["V_m"]
    stamps = grid_stamps(t, V)
    assert len(stamps) >= 2
    k = np.searchsorted(t, stamps[0] - 1e-9)
    assert np.all(V[k:k + 31] == -60.0) and V[k + 31] != -60.0  # 30 steps of 0.1 ms, then released


def test_nmda_jump_formula_spike_offsets_and_the_receiver():
    w, tau_d = 3.0, 100.0
    t, rec, post, spikes = run(200.0, dc=500.0, nmda_post=w)
    stamps = grid_stamps(t, rec["V_m"])
    assert len(stamps) >= 8 and len(spikes) == len(stamps)
    k0, k1 = k0_k1()
    # The sender's recursion, with NEST's t_last = -1 ms before the first spike.
    jumps, s_pre, last = [], 0.0, -1.0
    for ts in stamps:
        s_pre *= np.exp(-(ts - last) / tau_d)
        jumps.append(k0 + k1 * s_pre)
        s_pre += jumps[-1]
        last = ts
    jumps = np.array(jumps)
    assert jumps[0] == pytest.approx(0.6484, abs=1e-4) and np.all(np.diff(jumps) < 0)
    np.testing.assert_allclose(spikes, stamps - jumps, rtol=0, atol=1e-9)
    # The receiver's s_NMDA: w ds at arrival (stamp + 1 ms), decaying with tau_decay_NMDA.
    arrivals = stamps + 1.0
    expected = sum(np.where(t >= a - 1e-9, w * j * np.exp(-(t - a) / tau_d), 0.0) for a, j in zip(arrivals, jumps))
    np.testing.assert_allclose(post["s_NMDA"], expected, rtol=0, atol=1e-4)
    # Its NMDA current with the magnesium block, from the state before each step's arrival.
    V, s = post["V_m"], post["s_NMDA"]
    quiet = ~np.isin(np.round(t, 6), np.round(arrivals, 6))
    block = 1.0 + np.exp(-0.062 * V) / 3.57
    np.testing.assert_allclose(post["I_NMDA"][quiet], (V * s / block)[quiet], rtol=1e-12, atol=1e-15)
    assert post["V_m"][-1] > -70.0 + 0.2  # the NMDA input depolarises the receiver


def test_magnesium_concentration_scales_the_block():
    res = {}
    for mg in (1.0, 4.0):
        sim = nestor.Simulator(dt=DT * u.ms)
        pre = sim.create(MODEL)
        post = sim.create(MODEL, conc_Mg2=mg)
        g = sim.create(nestor.dc_generator, amplitude=600.0 * u.pA)
        sim.connect(g, pre)
        sim.connect(pre, post, weight=20.0 * u.nS, receptor_type=3)
        mm = sim.create(nestor.multimeter, record_from=["V_m", "s_NMDA", "I_NMDA"])
        sim.connect(mm, post)
        r = sim.simulate(80.0 * u.ms, progress=False)
        res[mg] = [np.asarray(r.trace(mm, v).magnitude, dtype=float).reshape(-1) for v in ("V_m", "s_NMDA", "I_NMDA")]
    V, s, I = res[4.0]
    k = s > 0.1
    assert k.sum() > 100
    # I_NMDA = (V - E_ex) s / (1 + [Mg] e^{-0.062 V}/3.57), at samples after which no spike arrived.
    ratio = I[k] / (V[k] * s[k] / (1.0 + 4.0 * np.exp(-0.062 * V[k]) / 3.57))
    assert np.median(ratio) == pytest.approx(1.0, abs=1e-12)
    assert abs(res[1.0][2][k]).max() > abs(I[k]).max() * 2.0  # more magnesium, less current


def test_spike_generator_spikes_do_nothing_on_the_nmda_port():
    t, rec, _, _ = run(30.0, spikes=[(5.0, 50.0, 3)])
    assert np.all(rec["s_NMDA"] == 0.0) and np.all(rec["V_m"] == -70.0)


def test_approximation_approaches_the_exact_nmda_dynamics():
    """s_NMDA of a receiver (w = 1) against the exact single-connection ODE driven by the same arrivals:
    equal once the rise variable x has decayed (NEST: k0, k1 make the approximation approach the exact
    model for large t after each spike)."""
    alpha, tau_r, tau_d = 0.5, 2.0, 100.0
    t, rec, post, _ = run(150.0, dc=420.0, nmda_post=1.0)
    arrivals = grid_stamps(t, rec["V_m"]) + 1.0
    assert len(arrivals) >= 4

    def f(_, y):
        return [-y[0] / tau_r, -y[1] / tau_d + alpha * y[0] * (1.0 - y[1])]

    y, t_prev, checked = [0.0, 0.0], 0.0, 0
    for a, nxt in zip(arrivals, list(arrivals[1:]) + [t[-1] + 1e-9]):
        y = solve_ivp(f, (t_prev, a), y, rtol=1e-11, atol=1e-13).y[:, -1] if a > t_prev else y
        y = [y[0] + 1.0, y[1]]
        sol = solve_ivp(f, (a, nxt), y, rtol=1e-11, atol=1e-13, dense_output=True)
        late = (t > a + 15.0) & (t < nxt - 1e-9)  # x decayed to below e^-7 of its jump
        assert late.sum() > 10
        np.testing.assert_allclose(post["s_NMDA"][late], sol.sol(t[late])[1], rtol=1.5e-3)
        checked += late.sum()
        # Shortly after an arrival the exact s is still rising while the approximation has jumped.
        k = np.searchsorted(t, a + 0.5)
        assert post["s_NMDA"][k] - sol.sol(t[k])[1] > 0.15
        y, t_prev = sol.y[:, -1], nxt
    assert checked > 200


def test_a_diverging_state_is_an_error_naming_node_and_time():
    sim = nestor.Simulator(dt=0.1 * u.ms)
    sim.create(nestor.iaf_psc_alpha, 2)  # so that the neuron is node 3
    n = sim.create(MODEL, 1)
    sg = sim.create(nestor.spike_generator, spike_times=[2.0, 2.0])
    sim.connect(sg, n, weight=1e308 * u.nS, delay=1.0 * u.ms, receptor_type=1)  # s_AMPA = inf
    with pytest.raises(nestor.NumericalError, match=r"iaf_bw_2001: node 3 at t = 3\.1 ms"):
        sim.simulate(10.0 * u.ms, progress=False)


@pytest.mark.parametrize("params,word", [
    (dict(V_reset=-55.0), "V_reset"),
    (dict(V_th=-61.0), "V_reset"),
    (dict(C_m=0.0), "C_m"),
    (dict(t_ref=-0.1), "t_ref"),
    (dict(tau_AMPA=0.0), "tau_AMPA"),
    (dict(tau_GABA=-1.0), "tau_GABA"),
    (dict(tau_decay_NMDA=0.0), "tau_decay_NMDA"),
    (dict(tau_rise_NMDA=-2.0), "tau_rise_NMDA"),
    (dict(alpha=0.0), "alpha"),
    (dict(conc_Mg2=-1.0), "conc_Mg2"),
    (dict(gsl_error_tol=0.0), "gsl_error_tol"),
])
def test_parameter_rules(params, word):
    with pytest.raises(nestor.BadValueError, match=word):
        nestor.Simulator().create(MODEL, 1, **params)


def test_nmda_rise_must_be_shorter_than_decay_for_the_jump():
    sim = nestor.Simulator()
    sim.create(MODEL, 1, tau_rise_NMDA=100.0, tau_decay_NMDA=100.0)  # allowed, as NEST
    with pytest.raises(nestor.BadValueError, match="tau_rise_NMDA"):
        sim.simulate(1.0 * u.ms, progress=False)
