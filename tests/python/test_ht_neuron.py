"""ht_neuron (Hill & Tononi 2005; GSL's RKF45 as NEST drives it, absolute error 1e-3; its NEST case
ht_neuron__standard runs in tests/validation/test_nest_cases.py at 1e-6) against the model's equations,
written out independently here (conductances dimensionless, currents in mV):

    tau_m dV/dt = -g_NaL (V - E_Na) - g_KL (V - E_K) + I_syn + I_NaP + I_KNa + I_T + I_h + I_stim
    I_NaP = -g_NaP m_NaP(V)^N_NaP (V - E_NaP)      m_NaP(V) = 1 / (1 + exp(-(V + 55.7) / 7.7))
    I_KNa = -g_KNa (V - E_KNa) / (1 + (0.25 / D)^3.5),   dD/dt = (D_eq(V) - D) / tau_D
    I_T = -g_T m_T^N_T h_T (V - E_T),   I_h = -g_h m_h (V - E_h)  (m_T, h_T, m_h relax to steady states)

A spike of weight w on receptor X (AMPA=1, NMDA=2, GABA_A=3, GABA_B=4) starts a beta-shaped conductance
peaking at w g_peak_X; the NMDA conductance is multiplied by its Mg unblock m_NMDA(V)."""

import numpy as np
import pytest
from scipy.integrate import solve_ivp
from scipy.optimize import brentq

import nestor
from nestor import units as u

RECORD = ["V_m", "theta", "g_AMPA", "g_NMDA", "g_GABA_A", "g_GABA_B", "I_NaP", "I_KNa", "I_T", "I_h"]
P = dict(E_Na=30.0, E_K=-90.0, g_NaL=0.2, g_KL=1.0, tau_m=16.0, g_NaP=1.0, E_NaP=30.0, N_NaP=3.0, g_KNa=1.0,
         E_KNa=-90.0, tau_D=1250.0, g_T=1.0, E_T=0.0, N_T=2.0, g_h=1.0, E_h=-40.0)  # NEST's defaults


def run(T, dc=None, spikes=(), **params):
    """Simulate one ht_neuron; spikes = [(time, weight, receptor)] with delay 1 ms."""
    sim = nestor.Simulator(dt=0.1 * u.ms)
    n = sim.create(nestor.ht_neuron, 1, **params)
    mm = sim.create(nestor.multimeter, record_from=RECORD)
    sim.connect(mm, n)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(n, sr)
    if dc is not None:
        sim.connect(sim.create(nestor.dc_generator, amplitude=dc * u.pA), n, delay=1.0 * u.ms)
    for t, w, receptor in spikes:
        sg = sim.create(nestor.spike_generator, spike_times=[t])
        sim.connect(sg, n, weight=w, delay=1.0 * u.ms, receptor_type=receptor)
    res = sim.simulate(T * u.ms, progress=False)
    t = np.asarray(u.get_mantissa(res.sample_times(mm) / u.ms))
    rec = {v: np.asarray(res.trace(mm, v).magnitude).reshape(-1) for v in RECORD}
    return t, rec, np.asarray(u.get_mantissa(res.spikes(sr)["times"] / u.ms))


def value(n, name):
    v = n.get(name)
    return float(np.asarray(getattr(v, "magnitude", v)).reshape(-1)[0])


# The intrinsic currents' steady states and time constants (Hill & Tononi 2005, Table 2 / NEST's docs).
def m_NaP(V): return 1.0 / (1.0 + np.exp(-(V + 55.7) / 7.7))
def m_h_eq(V): return 1.0 / (1.0 + np.exp((V + 75.0) / 5.5))
def tau_m_h(V): return 1.0 / (np.exp(-14.59 - 0.086 * V) + np.exp(-1.87 + 0.0701 * V))
def m_T_eq(V): return 1.0 / (1.0 + np.exp(-(V + 59.0) / 6.2))
def h_T_eq(V): return 1.0 / (1.0 + np.exp((V + 83.0) / 4.0))
def tau_m_T(V): return 0.22 / (np.exp(-(V + 132.0) / 16.7) + np.exp((V + 16.8) / 18.2)) + 0.13
def tau_h_T(V): return 8.2 + (56.6 + 0.27 * np.exp((V + 115.2) / 5.0)) / (1.0 + np.exp((V + 86.0) / 3.2))
def D_eq(V): return P["tau_D"] * 0.025 / (1.0 + np.exp(-(V + 10.0) / 5.0)) + 0.001
def m_NMDA_eq(V): return 1.0 / (1.0 + np.exp(-0.081 * (V + 25.57)))


def currents(V, m_h, D, m_T, h_T):
    I_NaP = -P["g_NaP"] * m_NaP(V) ** P["N_NaP"] * (V - P["E_NaP"])
    I_KNa = -P["g_KNa"] / (1.0 + (0.25 / D) ** 3.5) * (V - P["E_KNa"])
    I_T = -P["g_T"] * m_T ** P["N_T"] * h_T * (V - P["E_T"])
    I_h = -P["g_h"] * m_h * (V - P["E_h"])
    return I_NaP, I_KNa, I_T, I_h


def dvdt(V, m_h, D, m_T, h_T, I_stim=0.0):
    leak = -P["g_NaL"] * (V - P["E_Na"]) - P["g_KL"] * (V - P["E_K"])
    return (leak + sum(currents(V, m_h, D, m_T, h_T)) + I_stim) / P["tau_m"]


def subthreshold_rhs(_, y):
    V, m_h, D, m_T, h_T = y
    return [dvdt(V, m_h, D, m_T, h_T), (m_h_eq(V) - m_h) / tau_m_h(V), (D_eq(V) - D) / P["tau_D"],
            (m_T_eq(V) - m_T) / tau_m_T(V), (h_T_eq(V) - h_T) / tau_h_T(V)]


def test_initial_state_is_the_steady_state_of_the_gating_variables_at_the_leak_potential():
    n = nestor.Simulator().create(nestor.ht_neuron)
    V0 = (0.2 * 30.0 + 1.0 * -90.0) / 1.2
    assert n.get("V_m").magnitude[0] == pytest.approx(V0, abs=1e-12)
    assert n.get("theta").magnitude[0] == -51.0
    # The first sample: one step of the ODEs from that state (V rises, driven mostly by I_h).
    _, rec, _ = run(0.1)
    y0 = [V0, m_h_eq(V0), D_eq(V0), m_T_eq(V0), h_T_eq(V0)]
    sol = solve_ivp(subthreshold_rhs, (0.0, 0.1), y0, method="LSODA", rtol=1e-12, atol=1e-12)
    assert rec["V_m"][0] == pytest.approx(sol.y[0, -1], abs=1e-6)
    assert rec["V_m"][0] > V0 + 0.05
    # The recorded currents are those at the end of the step's last integration step.
    np.testing.assert_allclose([rec[k][0] for k in ("I_NaP", "I_KNa", "I_T", "I_h")],
                               currents(*sol.y[:, -1]), rtol=0, atol=1e-6)


@pytest.mark.parametrize("I_stim", [0.0, -15.0, 1.5])
def test_resting_state_is_the_fixed_point_of_the_odes(I_stim):
    # At a fixed point every gating variable sits at its steady state for V; V solves dV/dt = 0.
    f = lambda V: dvdt(V, m_h_eq(V), D_eq(V), m_T_eq(V), h_T_eq(V), I_stim)
    V_star = brentq(f, -85.0, -55.0, xtol=1e-13)
    # It is stable: the Jacobian of the reduced system has eigenvalues with negative real parts.
    y_star = np.array([V_star, m_h_eq(V_star), D_eq(V_star), m_T_eq(V_star), h_T_eq(V_star)])
    J = np.empty((5, 5))
    for k in range(5):
        e = np.zeros(5)
        e[k] = 1e-7 * max(1.0, abs(y_star[k]))
        J[:, k] = (np.array(subthreshold_rhs(0, y_star + e)) - np.array(subthreshold_rhs(0, y_star - e))) / (2 * e[k])
    assert np.all(np.linalg.eigvals(J).real < 0)
    t, rec, spikes = run(12000.0, dc=None if I_stim == 0.0 else I_stim)
    assert len(spikes) == 0
    assert rec["V_m"][-1] == pytest.approx(V_star, abs=2e-4)
    assert abs(rec["V_m"][-1] - rec["V_m"][-1001]) < 1e-4  # settled
    np.testing.assert_allclose([rec[k][-1] for k in ("I_NaP", "I_KNa", "I_T", "I_h")],
                               currents(*y_star), rtol=0, atol=2e-4)


def test_free_relaxation_follows_the_odes():
    V0 = -70.0
    y0 = [V0, m_h_eq(V0), D_eq(V0), m_T_eq(V0), h_T_eq(V0)]
    t, rec, _ = run(300.0)
    sol = solve_ivp(subthreshold_rhs, (0.0, 300.0), y0, method="LSODA", t_eval=t, rtol=1e-11, atol=1e-11)
    np.testing.assert_allclose(rec["V_m"], sol.y[0], rtol=0, atol=1e-3)
    np.testing.assert_allclose(rec["I_h"], currents(*sol.y)[3], rtol=0, atol=1e-3)
    np.testing.assert_allclose(rec["I_T"], currents(*sol.y)[2], rtol=0, atol=1e-3)
    # I_NaP depends on V alone: recorded at the step's final state, it is the formula at the recorded V.
    np.testing.assert_allclose(rec["I_NaP"], currents(rec["V_m"], *sol.y[1:])[0], rtol=1e-9, atol=1e-12)
    assert np.all(rec["theta"] == -51.0)


def beta(t, tau_rise, tau_decay):
    """The conductance after one spike, normalised to peak 1 (0 before the spike)."""
    t_peak = tau_rise * tau_decay * np.log(tau_decay / tau_rise) / (tau_decay - tau_rise)
    shape = lambda s: np.exp(-s / tau_decay) - np.exp(-s / tau_rise)
    return np.where(t >= 0.0, shape(np.maximum(t, 0.0)) / shape(t_peak), 0.0)


@pytest.mark.parametrize("receptor,var,g_peak,tau_rise,tau_decay,w", [
    (1, "g_AMPA", 0.1, 0.5, 2.4, 5.0),
    (1, "g_AMPA", 0.3, 1.0, 3.0, 2.0),
    (3, "g_GABA_A", 0.33, 1.0, 7.0, 4.0),
    (4, "g_GABA_B", 0.0132, 60.0, 200.0, 10.0),
])
def test_one_spike_gives_a_beta_conductance_peaking_at_g_peak_times_weight(receptor, var, g_peak, tau_rise,
                                                                        tau_decay, w):
    name = var[2:]
    t, rec, _ = run(400.0, spikes=[(5.0, w, receptor)],
                    **{f"g_peak_{name}": g_peak, f"tau_rise_{name}": tau_rise, f"tau_decay_{name}": tau_decay})
    expected = g_peak * w * beta(t - 6.0, tau_rise, tau_decay)  # arrives at the end of the step to 6 ms
    np.testing.assert_allclose(rec[var], expected, rtol=0, atol=1e-5 * g_peak * w)
    assert rec[var].max() == pytest.approx(g_peak * w, rel=2e-3)
    for other in {"g_AMPA", "g_GABA_A", "g_GABA_B", "g_NMDA"} - {var}:
        assert np.all(rec[other] == 0.0)
    V = rec["V_m"][np.searchsorted(t, 6.0 + 3 * tau_rise)]
    V_free = run(6.0 + 3 * tau_rise)[1]["V_m"][-1]
    assert (V > V_free + 1e-3) if receptor == 1 else (V < V_free - 1e-4)  # E_rev 0 or -70/-90 mV


@pytest.mark.parametrize("instant", [False, True])
def test_nmda_conductance_under_voltage_clamp_follows_the_unblock_kinetics(instant):
    # Clamped at V = -20 mV (threshold moved out of the way), the unblock variables start at their
    # steady state for -70 mV and relax to m_eq(-20) with tau_Mg_fast / tau_Mg_slow (or jump there).
    V, w = -20.0, 3.0
    t, rec, spikes = run(150.0, spikes=[(5.0, w, 2)], voltage_clamp=True, V_m=V, theta=50.0, theta_eq=50.0,
                         instant_unblock_NMDA=instant)
    assert len(spikes) == 0 and np.all(rec["V_m"] == V)
    m0, m_eq = m_NMDA_eq(-70.0), m_NMDA_eq(V)
    if instant:
        m = m_eq
    else:
        A1 = 0.51 - 0.0028 * V
        m = A1 * (m_eq + (m0 - m_eq) * np.exp(-t / 0.68)) + (1 - A1) * (m_eq + (m0 - m_eq) * np.exp(-t / 22.7))
    np.testing.assert_allclose(rec["g_NMDA"], 0.075 * w * beta(t - 6.0, 4.0, 40.0) * m, rtol=0, atol=1e-5)
    assert rec["g_NMDA"].max() > 0.075 * w * m0 * 2  # the unblock at -20 mV raises it well above its -70 mV value


def test_nmda_block_is_instantaneous_when_v_falls():
    # Unblocked at -20 mV for 100 ms, then clamped back to -70 mV: m_fast and m_slow may not exceed
    # m_eq(-70), so g_NMDA drops at once to the conductance time course times m_eq(-70).
    sim = nestor.Simulator(dt=0.1 * u.ms)
    n = sim.create(nestor.ht_neuron, 1, voltage_clamp=True, V_m=-20.0, theta=50.0, theta_eq=50.0)
    mm = sim.create(nestor.multimeter, record_from=["g_NMDA", "V_m"])
    sim.connect(mm, n)
    sim.connect(sim.create(nestor.spike_generator, spike_times=[5.0]), n, weight=3.0, delay=1.0 * u.ms,
                receptor_type=2)
    rec = []
    for V in (-20.0, -70.0):
        n.set(V_m=V)
        res = sim.simulate(100.0 * u.ms, progress=False)
        t = np.asarray(u.get_mantissa(res.sample_times(mm) / u.ms))
        rec.append((t, *(np.asarray(res.trace(mm, k).magnitude).reshape(-1) for k in ("g_NMDA", "V_m"))))
    (t1, g1, V1), (t, g, V) = rec
    assert np.all(V1 == -20.0) and np.all(V == -70.0) and t[0] > 100.0
    tc = 0.075 * 3.0 * beta(t - 6.0, 4.0, 40.0)
    np.testing.assert_allclose(g, tc * m_NMDA_eq(-70.0), rtol=1e-4, atol=0)
    assert g1[-1] > 10 * g[0]


def test_spikes_set_v_and_theta_to_e_na_and_theta_relaxes():
    t, rec, spikes = run(200.0, dc=30.0)
    assert len(spikes) >= 3
    for ts in spikes:
        k = int(np.argmin(np.abs(t - ts)))
        # The spike happened within the step: theta has relaxed from E_Na for at most one step since.
        assert 30.0 >= rec["theta"][k] >= -51.0 + 81.0 * np.exp(-0.1 / 2.0) - 1e-9
        assert rec["V_m"][k - 1] < rec["theta"][k - 1]
    # Between spikes theta relaxes exponentially to theta_eq with tau_theta (exact in the integrator's
    # tolerance: theta's equation is linear and uncoupled).
    k0 = int(np.argmin(np.abs(t - spikes[0])))
    k1 = int(np.argmin(np.abs(t - spikes[1])))
    seg = rec["theta"][k0:k1] + 51.0
    np.testing.assert_allclose(seg[1:] / seg[:-1], np.exp(-0.1 / 2.0), rtol=0, atol=2e-4)
    assert np.all(np.diff(spikes) >= 2.0 - 1e-9)


@pytest.mark.parametrize("t_ref,tau_spike", [(2.0, 1.75), (1.0, 0.5), (3.3, 3.0)])
def test_repolarising_current_acts_for_t_ref_after_the_spike_step(t_ref, tau_spike):
    # Without intrinsic currents and sodium leak, V - E_K decays at rate g_KL/tau_m + 1/tau_spike while
    # refractory and at g_KL/tau_m after. Started at 0 mV (above theta), the node spikes in the first step;
    # the repolarising current then covers the rest of that step and t_ref more steps.
    off = {k: 0.0 for k in ("g_NaL", "g_peak_NaP", "g_peak_KNa", "g_peak_T", "g_peak_h")}
    t, rec, spikes = run(10.0, V_m=0.0, t_ref=t_ref, tau_spike=tau_spike, **off)
    assert list(spikes) == [pytest.approx(0.1)]
    ratio = (rec["V_m"][1:] + 90.0) / (rec["V_m"][:-1] + 90.0)  # sample j over sample j - 1
    n_ref = int(round(t_ref / 0.1))
    np.testing.assert_allclose(ratio[:n_ref], np.exp(-0.1 * (1.0 / 16.0 + 1.0 / tau_spike)), rtol=1e-4)
    np.testing.assert_allclose(ratio[n_ref:], np.exp(-0.1 / 16.0), rtol=1e-4)


def test_refractory_potassium_current_repolarises_faster_with_smaller_tau_spike():
    t, fast, s1 = run(40.0, dc=30.0, tau_spike=0.5)
    _, slow, s2 = run(40.0, dc=30.0, tau_spike=5.0)
    assert s1[0] == s2[0]  # the first spike does not depend on it
    k = int(np.argmin(np.abs(t - s1[0]))) + 10  # 1 ms later, still refractory (t_ref = 2 ms)
    assert fast["V_m"][k] < slow["V_m"][k] - 5.0


def test_a_diverging_state_is_an_error_naming_node_and_time():
    sim = nestor.Simulator(dt=0.1 * u.ms)
    sim.create(nestor.iaf_psc_alpha, 2)  # so that the neuron is node 3
    n = sim.create(nestor.ht_neuron, 1)
    sim.connect(sim.create(nestor.dc_generator, amplitude=1e9 * u.pA), n, delay=1.0 * u.ms)
    with pytest.raises(nestor.NumericalError, match=r"ht_neuron: node 3 at t = 1\.2 ms"):
        sim.simulate(10.0 * u.ms, progress=False)


def test_receptor_ports():
    sim = nestor.Simulator()
    n = sim.create(nestor.ht_neuron)
    sg = sim.create(nestor.spike_generator, spike_times=[1.0])
    for receptor in (1, 2, 3, 4):
        sim.connect(sg, n, weight=1.0, receptor_type=receptor)
    for receptor in (0, 5, -1):
        with pytest.raises(nestor.IllegalConnectionError):
            sim.connect(sg, n, weight=1.0, receptor_type=receptor)
    with pytest.raises(nestor.DimensionError):  # weights are dimensionless: they scale g_peak
        sim.connect(sg, n, weight=1.0 * u.nS, receptor_type=1)
    dc = sim.create(nestor.dc_generator, amplitude=1.0 * u.pA)
    sim.connect(dc, n)
    with pytest.raises(nestor.IllegalConnectionError):
        sim.connect(dc, n, receptor_type=1)


def test_defaults_and_weight_unit():
    n = nestor.Simulator().create(nestor.ht_neuron)
    for name, v in dict(E_Na=30.0, E_K=-90.0, g_NaL=0.2, g_KL=1.0, tau_m=16.0, theta_eq=-51.0, tau_theta=2.0,
                        tau_spike=1.75, t_ref=2.0, g_peak_AMPA=0.1, tau_rise_AMPA=0.5, tau_decay_AMPA=2.4,
                        g_peak_NMDA=0.075, tau_rise_NMDA=4.0, tau_decay_NMDA=40.0, V_act_NMDA=-25.57,
                        S_act_NMDA=0.081, tau_Mg_slow_NMDA=22.7, tau_Mg_fast_NMDA=0.68, g_peak_GABA_A=0.33,
                        tau_decay_GABA_A=7.0, E_rev_GABA_A=-70.0, g_peak_GABA_B=0.0132, tau_rise_GABA_B=60.0,
                        tau_decay_GABA_B=200.0, E_rev_GABA_B=-90.0, N_NaP=3.0, tau_D_KNa=1250.0, N_T=2.0,
                        E_rev_h=-40.0).items():
        assert value(n, name) == v, name
    for flag in ("instant_unblock_NMDA", "voltage_clamp"):
        v = np.asarray(n.get(flag)).reshape(-1)
        assert v.dtype == bool and not v[0], flag
    assert nestor.ht_neuron.weight_unit == "1"
    with pytest.raises(nestor.NestorError):
        n.get("I_e")  # NEST's ht_neuron has no I_e


NONNEGATIVE = ["g_peak_AMPA", "g_peak_GABA_A", "g_peak_GABA_B", "g_peak_KNa", "S_act_NMDA", "g_peak_NMDA",
               "g_peak_T", "g_peak_h", "g_peak_NaP", "g_KL", "g_NaL", "t_ref"]
POSITIVE = ["tau_rise_AMPA", "tau_decay_AMPA", "tau_rise_GABA_A", "tau_decay_GABA_A", "tau_rise_GABA_B",
            "tau_decay_GABA_B", "tau_rise_NMDA", "tau_decay_NMDA", "tau_Mg_fast_NMDA", "tau_Mg_slow_NMDA",
            "tau_spike", "tau_theta", "tau_m", "tau_D_KNa"]


@pytest.mark.parametrize("name", NONNEGATIVE)
def test_nonnegative_rules(name):
    nestor.Simulator().create(nestor.ht_neuron, 1, **{name: 0.0})  # zero is allowed
    with pytest.raises(nestor.BadValueError, match=name):
        nestor.Simulator().create(nestor.ht_neuron, 1, **{name: -0.1})


@pytest.mark.parametrize("name", POSITIVE)
def test_positive_rules(name):
    with pytest.raises(nestor.BadValueError, match=name):
        nestor.Simulator().create(nestor.ht_neuron, 1, **{name: 0.0})


@pytest.mark.parametrize("fast,slow", [("tau_rise_AMPA", "tau_decay_AMPA"), ("tau_rise_GABA_A", "tau_decay_GABA_A"),
                                       ("tau_rise_GABA_B", "tau_decay_GABA_B"), ("tau_rise_NMDA", "tau_decay_NMDA"),
                                       ("tau_Mg_fast_NMDA", "tau_Mg_slow_NMDA")])
def test_rise_before_decay_rules(fast, slow):
    sim = nestor.Simulator()
    n = sim.create(nestor.ht_neuron)
    slow_value = value(n, slow)
    with pytest.raises(nestor.BadValueError, match=fast):
        sim.create(nestor.ht_neuron, 1, **{fast: slow_value})  # equal is refused
    with pytest.raises(nestor.BadValueError, match=slow):
        n.set(**{slow: 0.5 * value(n, fast)})
    sim.create(nestor.ht_neuron, 1, **{fast: 0.5 * slow_value})


def test_parameters_without_rules_take_any_value():
    # NEST checks neither reversal potentials nor the activation exponents.
    nestor.Simulator().create(nestor.ht_neuron, 1, E_Na=-100.0, E_rev_T=-200.0, N_NaP=-1.0, N_T=0.0,
                              theta_eq=10.0, V_act_NMDA=100.0)
