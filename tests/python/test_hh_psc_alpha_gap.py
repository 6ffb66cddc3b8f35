"""hh_psc_alpha_gap (Mancilla et al. 2007 fast-spiking kinetics with alpha currents; GSL's RKF45 as NEST
drives it, absolute error 1e-6; its NEST case hh_psc_alpha_gap__standard runs in
tests/validation/test_nest_cases.py at 1e-6) against independent solutions computed here with scipy:

    C_m dV/dt = -g_Na m^3 h (V - E_Na) - (g_Kv1 n^4 + g_Kv3 p^2) (V - E_K) - g_L (V - E_L)
                + I_syn_ex + I_syn_in + I_e
    dx/dt = alpha_x(V) (1 - x) - beta_x(V) x,  x = m, h, n, p

The resting state is the root of the ODEs' right-hand side (brentq on the steady-state current-voltage
relation); a single input's current is the alpha function w s/tau e^(1 - s/tau); the action potential
is compared with scipy's LSODA (rtol 1e-10). Spikes are detected as NEST does: V >= 0 mV and V lower
than at the previous step, then t_ref of pseudo-refractoriness. Gap junctions: tests/python/test_gap_junction.py."""

import math

import numpy as np
import pytest
from scipy.integrate import solve_ivp
from scipy.optimize import brentq

import nestor
from nestor import units as u

DT = 0.1
P = dict(g_Na=4500.0, g_Kv1=9.0, g_Kv3=9000.0, g_L=10.0, C_m=40.0, E_Na=74.0, E_K=-90.0, E_L=-70.0)
V_DEFAULT = -69.60401191631222


def mag(x):
    return np.asarray(getattr(x, "magnitude", x), dtype=float).reshape(-1)


def rates(V):
    return dict(
        m=(40.0 * (V - 75.5) / (1.0 - math.exp(-(V - 75.5) / 13.5)), 1.2262 / math.exp(V / 42.248)),
        h=(0.0035 / math.exp(V / 24.186), 0.017 * (51.25 + V) / (1.0 - math.exp(-(51.25 + V) / 5.2))),
        n=(0.014 * (V + 44.0) / (1.0 - math.exp(-(V + 44.0) / 2.3)), 0.0043 / math.exp((V + 44.0) / 34.0)),
        p=((V - 95.0) / (1.0 - math.exp(-(V - 95.0) / 11.8)), 0.025 / math.exp(V / 22.222)))


def steady(V):
    return {x: a / (a + b) for x, (a, b) in rates(V).items()}


def i_ion(V, m, h, n, p, q=P):
    return (q["g_Na"] * m**3 * h * (V - q["E_Na"]) + (q["g_Kv1"] * n**4 + q["g_Kv3"] * p**2) * (V - q["E_K"])
            + q["g_L"] * (V - q["E_L"]))


def rest_potential(I_e=0.0):
    return brentq(lambda V: I_e - i_ion(V, **steady(V)), -90.0, -50.0, xtol=1e-14)


def reference_V(T, I_e, V0, q=P):
    def rhs(t, y):
        V, m, h, n, p = y
        r = rates(V)
        return [(I_e - i_ion(V, m, h, n, p, q)) / q["C_m"]] + [
            r[x][0] * (1.0 - g) - r[x][1] * g for x, g in zip("mhnp", (m, h, n, p))]

    s = steady(V0)
    t_eval = np.arange(1, int(round(T / DT)) + 1) * DT
    sol = solve_ivp(rhs, (0.0, T), [V0, s["m"], s["h"], s["n"], s["p"]], method="LSODA", rtol=1e-10,
                    atol=1e-12, t_eval=t_eval)
    assert sol.success
    return sol.y[0]


def run(T, I_e=0.0, spikes=(), record=("V_m", "I_syn_ex", "I_syn_in"), **params):
    sim = nestor.Simulator(dt=DT * u.ms)
    n = sim.create(nestor.hh_psc_alpha_gap, 1, I_e=I_e, **params)
    mm = sim.create(nestor.multimeter, record_from=list(record))
    sr = sim.create(nestor.spike_recorder)
    sim.connect(mm, n)
    sim.connect(n, sr)
    for t, w in spikes:
        sg = sim.create(nestor.spike_generator, spike_times=[t])
        sim.connect(sg, n, weight=w * u.pA, delay=1.0 * u.ms)
    res = sim.simulate(T * u.ms, progress=False)
    return {v: mag(res.trace(mm, v)) for v in record}, mag(u.get_mantissa(res.spikes(sr)["times"] / u.ms))


def test_default_state_is_the_resting_state_of_the_odes():
    V = rest_potential()
    assert V == pytest.approx(V_DEFAULT, abs=1e-9)
    n = nestor.Simulator().create(nestor.hh_psc_alpha_gap)
    s = steady(V_DEFAULT)
    for name, x in [("Act_m", "m"), ("Inact_h", "h"), ("Act_n", "n"), ("Inact_p", "p")]:
        assert mag(n.get(name))[0] == pytest.approx(s[x], rel=1e-12), name
    rec, spikes = run(200.0, record=("V_m", "Act_m", "Inact_h", "Act_n", "Inact_p"))
    np.testing.assert_allclose(rec["V_m"], V_DEFAULT, rtol=0, atol=1e-7)
    assert len(spikes) == 0


def test_resting_state_under_hyperpolarising_current():
    """Started at the fixed point for I_e = -20 pA (scipy), the neuron stays there."""
    V = rest_potential(-20.0)
    s = steady(V)
    rec, _ = run(100.0, I_e=-20.0, V_m=V, Act_m=s["m"], Inact_h=s["h"], Act_n=s["n"], Inact_p=s["p"],
                 record=("V_m", "Inact_p"))
    np.testing.assert_allclose(rec["V_m"], V, rtol=0, atol=1e-7)
    np.testing.assert_allclose(rec["Inact_p"], s["p"], rtol=1e-6, atol=0)
    assert V < V_DEFAULT - 1.0


def test_alpha_currents_peak_at_the_weight_one_tau_after_arrival():
    rec, _ = run(30.0, spikes=[(5.0, 40.0), (10.0, -30.0)], tau_syn_ex=0.5, tau_syn_in=3.0)
    t = np.arange(1, 301) * DT
    for var, w, ta, tau in [("I_syn_ex", 40.0, 6.0, 0.5), ("I_syn_in", -30.0, 11.0, 3.0)]:
        s = np.clip(t - ta, 0.0, None)
        expected = w * math.e / tau * s * np.exp(-s / tau)
        np.testing.assert_allclose(rec[var], expected, rtol=0, atol=2e-6)
        assert rec[var][int(round((ta + tau) / DT)) - 1] == pytest.approx(w, abs=2e-6)


def test_action_potential_matches_the_reference_solution_and_looks_like_one():
    T = 30.0
    rec, spikes = run(T, I_e=300.0)
    ref = reference_V(T, 300.0, V_DEFAULT)
    np.testing.assert_allclose(rec["V_m"], ref, rtol=0, atol=1e-3)  # ~1.2e-4 seen (error bound 1e-6)
    V = rec["V_m"]
    k = int(np.argmax(V))
    # A fast-spiking interneuron's spike: overshoot to +20..+60 mV, narrow (< 1 ms above 0 mV), deep
    # after-hyperpolarisation (Kv3) below -60 mV.
    assert 20.0 < V[k] < P["E_Na"]
    lo, hi = k, k
    while V[lo - 1] >= 0.0:
        lo -= 1
    while V[hi + 1] >= 0.0:
        hi += 1
    assert (hi - lo + 1) * DT < 1.0  # samples above 0 mV around the peak
    assert V[k:k + 40].min() < -60.0
    assert len(spikes) >= 2


def test_spikes_are_detected_after_the_peak_and_t_ref_suppresses_detection():
    rec, spikes = run(100.0, I_e=300.0)
    V = rec["V_m"]
    assert len(spikes) >= 5
    for t in spikes:
        k = int(round(t / DT)) - 1  # sample of the step that spiked
        assert V[k] >= 0.0 and V[k - 1] > V[k] and V[k - 2] <= V[k - 1]
    isi = np.median(np.diff(spikes))
    _, fewer = run(100.0, I_e=300.0, t_ref=1.5 * isi)  # every other action potential goes unseen
    assert len(fewer) == pytest.approx(len(spikes) / 2, abs=1)


@pytest.mark.parametrize("params,word", [
    (dict(C_m=0.0), "C_m"),
    (dict(t_ref=-0.1), "t_ref"),
    (dict(tau_syn_ex=0.0), "tau_syn_ex"),
    (dict(tau_syn_in=-1.0), "tau_syn_in"),
    (dict(g_Na=-1.0), "g_Na"),
    (dict(g_Kv1=-1.0), "g_Kv1"),
    (dict(g_Kv3=-1.0), "g_Kv3"),
    (dict(g_L=-1.0), "g_L"),
    (dict(Act_m=-0.1), "Act_m"),
    (dict(Inact_h=-0.1), "Inact_h"),
    (dict(Act_n=-0.1), "Act_n"),
    (dict(Inact_p=-0.1), "Inact_p"),
])
def test_parameter_rules(params, word):
    with pytest.raises(nestor.BadValueError, match=word):
        nestor.Simulator().create(nestor.hh_psc_alpha_gap, 1, **params)


def test_limits_of_the_rules_are_accepted():
    n = nestor.Simulator().create(nestor.hh_psc_alpha_gap, 1, g_Na=0.0, g_Kv1=0.0, g_Kv3=0.0, g_L=0.0,
                                  t_ref=0.0, Act_m=0.0, Inact_h=0.0, Act_n=0.0, Inact_p=0.0)
    assert mag(n.get("g_Kv3"))[0] == 0.0 and mag(n.get("Inact_p"))[0] == 0.0


def test_defaults_recordables_ports_and_asymmetric_gap_junction_refused():
    sim = nestor.Simulator()
    n = sim.create(nestor.hh_psc_alpha_gap, 2)
    for name, v in dict(P, t_ref=2.0, tau_syn_ex=0.2, tau_syn_in=2.0, I_e=0.0, V_m=V_DEFAULT).items():
        assert mag(n.get(name))[0] == v, name
    assert set(nestor.hh_psc_alpha_gap.recordables) == {
        "V_m", "I_syn_ex", "I_syn_in", "Act_m", "Inact_h", "Act_n", "Inact_p"}
    assert nestor.hh_psc_alpha_gap.weight_unit == "pA"
    sg = sim.create(nestor.spike_generator, spike_times=[1.0])
    with pytest.raises(nestor.IllegalConnectionError):
        sim.connect(sg, n, receptor_type=1)
    with pytest.raises(nestor.IllegalConnectionError, match="gap_junction requires symmetric"):
        sim.connect(n[0], n[1], synapse_model="gap_junction")  # one direction only
