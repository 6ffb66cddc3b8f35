"""iaf_chxk_2008 (Casti et al. 2008; GSL's RKF45 as NEST drives it; its NEST case
iaf_chxk_2008__standard runs in tests/validation/test_nest_cases.py at 1e-6) against closed forms:

    C_m dV/dt = -g_L (V - E_L) - g_ex (V - E_ex) - g_in (V - E_in) - g_ahp (V - E_ahp) + I_e
    d(dg_x)/dt = -dg_x / tau_x,   dg_x/dt = dg_x - g_x / tau_x   (x = ex, in, ahp)

Without input V(t) = E_L + I_e/g_L (1 - exp(-t g_L/C_m)) until the first spike. A spike of weight w (nS)
arriving at the end of step t_a gives g_x = w s/tau e^(1 - s/tau), s = t - t_a. A spike is emitted when
V crosses V_th upwards within a step, at the time found by linear interpolation of V between the step's
two end points (off the grid), and it starts the AHP conductance g_ahp s/tau_ahp e^(1 - s/tau_ahp) at
that time (ahp_bug = true: only the most recent spike's AHP). No reset, no refractoriness.
The integrator's absolute error bound is NEST's 1e-3; the comparisons allow about ten times the
differences seen (5e-4 nS for the conductances, 1e-8 mV for V without conductances)."""

import math

import numpy as np
import pytest
from scipy.optimize import brentq

import nestor
from nestor import units as u

DT = 0.1
RECORD = ["V_m", "g_ex", "g_in", "g_ahp", "I_syn_ex", "I_syn_in", "I_ahp"]
DEF = dict(V_th=-45.0, g_L=100.0, C_m=1000.0, E_ex=20.0, E_in=-90.0, E_L=-60.0, tau_syn_ex=1.0,
           tau_syn_in=1.0, I_e=0.0, tau_ahp=0.5, E_ahp=-95.0, g_ahp=443.8)


def mag(x):
    return np.asarray(getattr(x, "magnitude", x), dtype=float).reshape(-1)


def run(T, spikes=(), **params):
    sim = nestor.Simulator(dt=DT * u.ms)
    n = sim.create(nestor.iaf_chxk_2008, 1, **params)
    mm = sim.create(nestor.multimeter, record_from=RECORD)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(mm, n)
    sim.connect(n, sr)
    for t, w in spikes:
        sg = sim.create(nestor.spike_generator, spike_times=[t])
        sim.connect(sg, n, weight=w * u.nS, delay=1.0 * u.ms)
    res = sim.simulate(T * u.ms, progress=False)
    t = mag(u.get_mantissa(res.sample_times(mm) / u.ms))
    rec = {v: mag(res.trace(mm, v)) for v in RECORD}
    return t, rec, mag(u.get_mantissa(res.spikes(sr)["times"] / u.ms))


def alpha(t, t_a, peak, tau):
    s = np.clip(t - t_a, 0.0, None)
    return peak * s / tau * np.exp(1.0 - s / tau)


def test_resting_potential_is_the_fixed_point_of_the_ode():
    """Rest with I_e = -300 pA and E_ahp, E_in irrelevant: the root of dV/dt (scipy), reached and kept."""
    p = dict(DEF, I_e=-300.0, E_L=-65.0, g_L=50.0)
    rest = brentq(lambda V: -p["g_L"] * (V - p["E_L"]) + p["I_e"], -200.0, 100.0)
    t, rec, spikes = run(400.0, I_e=p["I_e"], E_L=p["E_L"], g_L=p["g_L"], V_m=rest)
    np.testing.assert_allclose(rec["V_m"], rest, rtol=0, atol=1e-9)
    assert len(spikes) == 0


@pytest.mark.parametrize("I_e,g_L,C_m", [(1000.0, 100.0, 1000.0), (-500.0, 40.0, 250.0)])
def test_subthreshold_response_to_I_e(I_e, g_L, C_m):
    t, rec, spikes = run(100.0, I_e=I_e, g_L=g_L, C_m=C_m)
    expected = -60.0 + I_e / g_L * (1.0 - np.exp(-t * g_L / C_m))
    assert expected.max() < -45.0 and len(spikes) == 0
    np.testing.assert_allclose(rec["V_m"], expected, rtol=0, atol=1e-8)  # linear: RKF45 is ~exact


@pytest.mark.parametrize("tau_ex,tau_in", [(1.0, 1.0), (0.4, 3.0)])
def test_conductances_are_alpha_functions_with_the_weight_as_peak(tau_ex, tau_in):
    t, rec, _ = run(40.0, spikes=[(5.0, 8.0), (15.0, -6.0)], tau_syn_ex=tau_ex, tau_syn_in=tau_in)
    g_ex, g_in = alpha(t, 6.0, 8.0, tau_ex), alpha(t, 16.0, 6.0, tau_in)
    np.testing.assert_allclose(rec["g_ex"], g_ex, rtol=0, atol=5e-4)
    np.testing.assert_allclose(rec["g_in"], g_in, rtol=0, atol=5e-4)
    # The currents are recorded with NEST's sign: g (V - E), outward positive.
    np.testing.assert_allclose(rec["I_syn_ex"], rec["g_ex"] * (rec["V_m"] - 20.0), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(rec["I_syn_in"], rec["g_in"] * (rec["V_m"] + 90.0), rtol=1e-12, atol=1e-12)
    k = int(round((6.0 + tau_ex) / DT)) - 1
    assert rec["g_ex"][k] == pytest.approx(8.0, abs=1e-3)
    assert np.all(rec["g_ex"][t <= 6.0] == 0.0)  # nothing before the arrival step ends


def test_spike_time_is_the_linear_interpolation_of_V_between_the_bracketing_steps():
    t, rec, spikes = run(100.0, I_e=2500.0)
    V = rec["V_m"]
    assert len(spikes) >= 4
    for ts in spikes:
        k = int(np.ceil(ts / DT - 1e-9)) - 1  # sample at the end of the spike's step
        assert V[k - 1] < -45.0 <= V[k]
        expected = t[k] - DT * (V[k] + 45.0) / (V[k] - V[k - 1])
        assert ts == pytest.approx(expected, abs=1e-12)
        assert t[k] - DT < ts <= t[k] and not np.isclose(ts / DT, round(ts / DT))  # off the grid
    # Every upward crossing of the samples is a spike; no reset: V moves on continuously from V_th.
    crossings = np.nonzero((V[:-1] < -45.0) & (V[1:] >= -45.0))[0] + 1
    assert len(crossings) == len(spikes)
    assert np.all(np.abs(V[crossings + 1] - V[crossings]) < 2.0)  # the AHP pulls, nothing resets


def test_first_spike_time_matches_the_closed_form_membrane_potential():
    """The first spike from rest under DC: V(t) in closed form, interpolated linearly between the grid
    points around the crossing as the model does (V is linear in its state here: RKF45 is ~exact)."""
    I_e = 2000.0
    _, _, spikes = run(30.0, I_e=I_e)
    tau_m = DEF["C_m"] / DEF["g_L"]
    V = lambda x: -60.0 + I_e / DEF["g_L"] * (1.0 - math.exp(-x / tau_m))  # noqa: E731
    t_cross = -tau_m * math.log(1.0 - 15.0 * DEF["g_L"] / I_e)
    k = math.ceil(t_cross / DT)
    t_k = k * DT
    expected = t_k - DT * (V(t_k) + 45.0) / (V(t_k) - V(t_k - DT))
    assert spikes[0] == pytest.approx(expected, abs=1e-9)
    assert abs(spikes[0] - t_cross) < 1e-3  # and the linear interpolation is close to the true crossing


def test_ahp_conductance_is_an_alpha_function_started_at_the_precise_spike_time():
    t, rec, spikes = run(40.0, I_e=2000.0)
    ts = spikes[0]
    nxt = spikes[1] if len(spikes) > 1 else 1e9
    k = int(np.ceil(ts / DT - 1e-9)) - 1
    # At the end of the spike's step: exactly the alpha function's value after t[k] - ts.
    s = t[k] - ts
    assert rec["g_ahp"][k] == pytest.approx(443.8 * math.e / 0.5 * s * math.exp(-s / 0.5), rel=1e-12)
    assert np.all(rec["g_ahp"][:k] == 0.0)
    window = (t > t[k]) & (t < nxt)
    np.testing.assert_allclose(rec["g_ahp"][window], alpha(t[window], ts, 443.8, 0.5), rtol=0, atol=1e-3)
    np.testing.assert_allclose(rec["I_ahp"], rec["g_ahp"] * (rec["V_m"] + 95.0), rtol=1e-12, atol=1e-12)
    # The AHP pulls V below threshold again (no reset is needed to fire repetitively).
    assert rec["V_m"][window].min() < -45.0 and len(spikes) >= 2


def test_ahp_bug_keeps_only_the_most_recent_spikes_ahp():
    """With a strong drive and a slow AHP, the AHP of one spike is still large at the next: the correct
    model adds the new alpha function to it, ahp_bug replaces the conductance by the new one alone."""
    params = dict(I_e=5000.0, tau_ahp=3.0, g_ahp=443.8)
    t, rec, spikes = run(60.0, **params)
    tb, recb, spikesb = run(60.0, ahp_bug=True, **params)
    assert len(spikes) >= 3 and len(spikesb) >= 3
    assert spikes[0] == spikesb[0] and spikes[1] == pytest.approx(spikesb[1], abs=1e-9)
    for ts, rc in [(spikes[1], rec), (spikesb[1], recb)]:
        k = int(np.ceil(ts / DT - 1e-9)) - 1
        s = t[k] - ts
        new = 443.8 * math.e / 3.0 * s * math.exp(-s / 3.0)
        old = alpha(t[k], spikes[0], 443.8, 3.0)  # the first spike's AHP at that time (both runs agree so far)
        if rc is recb:
            assert rc["g_ahp"][k] == pytest.approx(new, rel=1e-12)
        else:
            assert rc["g_ahp"][k] == pytest.approx(new + old, abs=5e-3)
            assert old > 10.0
    assert spikesb[2] < spikes[2]  # less AHP: the next spike comes earlier


def test_off_grid_spikes_reach_a_precise_target_with_their_offsets():
    sim = nestor.Simulator(dt=DT * u.ms)
    n = sim.create(nestor.iaf_chxk_2008, 1, I_e=2500.0)
    p = sim.create(nestor.parrot_neuron_ps, 1)
    sr_n, sr_p = sim.create(nestor.spike_recorder), sim.create(nestor.spike_recorder)
    sim.connect(n, sr_n)
    sim.connect(n, p, delay=2.0 * u.ms)
    sim.connect(p, sr_p)
    res = sim.simulate(60.0 * u.ms, progress=False)
    a = mag(u.get_mantissa(res.spikes(sr_n)["times"] / u.ms))
    b = mag(u.get_mantissa(res.spikes(sr_p)["times"] / u.ms))
    assert len(a) >= 3
    np.testing.assert_allclose(b, a[: len(b)] + 2.0, rtol=0, atol=1e-9)


@pytest.mark.parametrize("params,word", [
    (dict(C_m=0.0), "C_m"),
    (dict(C_m=-1.0), "C_m"),
    (dict(tau_syn_ex=0.0), "tau_syn_ex"),
    (dict(tau_syn_in=-1.0), "tau_syn_in"),
    (dict(tau_ahp=0.0), "tau_ahp"),
])
def test_parameter_rules(params, word):
    with pytest.raises(nestor.BadValueError, match=word):
        nestor.Simulator().create(nestor.iaf_chxk_2008, 1, **params)


def test_what_nest_does_not_check_is_accepted():
    n = nestor.Simulator().create(nestor.iaf_chxk_2008, 1, g_L=-1.0, g_ahp=-5.0, V_th=-80.0, E_ahp=0.0)
    assert mag(n.get("g_ahp"))[0] == -5.0 and mag(n.get("g_L"))[0] == -1.0


def test_defaults_recordables_weight_unit_and_ports():
    sim = nestor.Simulator()
    n = sim.create(nestor.iaf_chxk_2008)
    for name, v in dict(DEF, V_m=-60.0).items():
        assert mag(n.get(name))[0] == v, name
    assert n.get("ahp_bug") in (False, [False]) or not np.asarray(n.get("ahp_bug")).any()
    assert set(nestor.iaf_chxk_2008.recordables) == set(RECORD)
    assert nestor.iaf_chxk_2008.weight_unit == "nS"
    sg = sim.create(nestor.spike_generator, spike_times=[1.0])
    with pytest.raises(nestor.IllegalConnectionError):
        sim.connect(sg, n, receptor_type=1)
    with pytest.raises(nestor.DimensionError):
        sim.connect(sg, n, weight=1.0 * u.pA)


def test_a_diverging_state_is_a_numerical_error_naming_node_and_time():
    """The off-grid (precise) update path turns a failed integration into nestor.NumericalError as the
    grid models' does."""
    sim = nestor.Simulator(dt=DT * u.ms)
    sim.create(nestor.iaf_psc_alpha, 2)  # so that the neuron is node 3
    n = sim.create(nestor.iaf_chxk_2008, 1)
    sg = sim.create(nestor.spike_generator, spike_times=[2.0, 2.0])
    sim.connect(sg, n, weight=1e308 * u.nS, delay=1.0 * u.ms)  # two arrive together: dg_ex = inf
    with pytest.raises(nestor.NumericalError, match=r"iaf_chxk_2008: node 3 at t = 3\.1 ms"):
        sim.simulate(10.0 * u.ms, progress=False)
