"""hh_cond_beta_gap_traub (Traub kinetics with beta-shaped conductances; GSL's RKF45 as NEST drives it,
absolute error 1e-3; its NEST case hh_cond_beta_gap_traub__standard runs in
tests/validation/test_nest_cases.py at 1e-6) against independent solutions computed here with scipy:

    C_m dV/dt = -g_Na m^3 h (V - E_Na) - g_K n^4 (V - E_K) - g_L (V - E_L) - g_ex (V - E_ex)
                - g_in (V - E_in) + I_e
    dx/dt = alpha_x(u) - (alpha_x(u) + beta_x(u)) x,  x = m, h, n,  u = V - V_T  (Traub's rates)
    d(dg_x)/dt = -dg_x / tau_decay_x,   dg_x/dt = dg_x - g_x / tau_rise_x

The resting state is the root of the right-hand side (brentq); a spike of weight w arriving at the end
of step t_a gives g = w (exp(-s/tau_d) - exp(-s/tau_r)) / peak, s = t - t_a, normalised to peak at w;
the action potential is compared with scipy's LSODA. Spikes: V >= V_T + 30 mV and V lower than at the
previous step, then t_ref of pseudo-refractoriness. Gap junctions: tests/python/test_gap_junction.py."""

import math

import numpy as np
import pytest
from scipy.integrate import solve_ivp
from scipy.optimize import brentq

import nestor
from nestor import units as u

DT = 0.1
P = dict(g_Na=20000.0, g_K=6000.0, g_L=10.0, C_m=200.0, E_Na=50.0, E_K=-90.0, E_L=-60.0, V_T=-50.0,
         E_ex=0.0, E_in=-80.0)


def mag(x):
    return np.asarray(getattr(x, "magnitude", x), dtype=float).reshape(-1)


def rates(x):
    return (0.32 * (13.0 - x) / (math.exp((13.0 - x) / 4.0) - 1.0),
            0.28 * (x - 40.0) / (math.exp((x - 40.0) / 5.0) - 1.0),
            0.128 * math.exp((17.0 - x) / 18.0), 4.0 / (1.0 + math.exp((40.0 - x) / 5.0)),
            0.032 * (15.0 - x) / (math.exp((15.0 - x) / 5.0) - 1.0), 0.5 * math.exp((10.0 - x) / 40.0))


def gates(x):
    a_m, b_m, a_h, b_h, a_n, b_n = rates(x)
    return a_m / (a_m + b_m), a_h / (a_h + b_h), a_n / (a_n + b_n)


def i_ion(V, m, h, n, q=P):
    return q["g_Na"] * m**3 * h * (V - q["E_Na"]) + q["g_K"] * n**4 * (V - q["E_K"]) + q["g_L"] * (V - q["E_L"])


def rest_potential(I_e=0.0):
    return brentq(lambda V: I_e - i_ion(V, *gates(V - P["V_T"])), -90.0, -55.0, xtol=1e-14)


def beta(t, t_a, w, tau_r, tau_d):
    s = np.clip(t - t_a, 0.0, None)
    s_peak = tau_d * tau_r * np.log(tau_d / tau_r) / (tau_d - tau_r)
    shape = lambda x: np.exp(-x / tau_d) - np.exp(-x / tau_r)  # noqa: E731
    return w * shape(s) / shape(s_peak)


def reference_V(T, I_e, y0):
    def rhs(t, y):
        V, m, h, n = y
        a_m, b_m, a_h, b_h, a_n, b_n = rates(V - P["V_T"])
        return [(I_e - i_ion(V, m, h, n)) / P["C_m"], a_m - (a_m + b_m) * m, a_h - (a_h + b_h) * h,
                a_n - (a_n + b_n) * n]

    t_eval = np.arange(1, int(round(T / DT)) + 1) * DT
    sol = solve_ivp(rhs, (0.0, T), y0, method="LSODA", rtol=1e-10, atol=1e-12, t_eval=t_eval)
    assert sol.success
    return sol.y[0]


def run(T, I_e=0.0, spikes=(), record=("V_m", "g_ex", "g_in"), **params):
    sim = nestor.Simulator(dt=DT * u.ms)
    n = sim.create(nestor.hh_cond_beta_gap_traub, 1, I_e=I_e, **params)
    mm = sim.create(nestor.multimeter, record_from=list(record))
    sr = sim.create(nestor.spike_recorder)
    sim.connect(mm, n)
    sim.connect(n, sr)
    for t, w in spikes:
        sg = sim.create(nestor.spike_generator, spike_times=[t])
        sim.connect(sg, n, weight=w * u.nS, delay=1.0 * u.ms)
    res = sim.simulate(T * u.ms, progress=False)
    return {v: mag(res.trace(mm, v)) for v in record}, mag(u.get_mantissa(res.spikes(sr)["times"] / u.ms))


@pytest.mark.parametrize("I_e", [0.0, -100.0])
def test_resting_state_is_the_fixed_point_of_the_odes(I_e):
    V = rest_potential(I_e)
    m, h, n = gates(V - P["V_T"])
    rec, spikes = run(200.0, I_e=I_e, V_m=V, Act_m=m, Inact_h=h, Act_n=n,
                      record=("V_m", "Act_m", "Inact_h", "Act_n"))
    np.testing.assert_allclose(rec["V_m"], V, rtol=0, atol=1e-6)
    np.testing.assert_allclose(rec["Act_n"], n, rtol=1e-6, atol=0)
    assert len(spikes) == 0
    # NEST's default state is not at rest (its gates are evaluated at u = V_m): it relaxes to it.
    rec0, _ = run(300.0, I_e=I_e, record=("V_m", "Act_n"))
    assert gates(P["E_L"])[2] < 0.01 * n
    assert rec0["Act_n"][-1] == pytest.approx(n, rel=1e-3)
    assert rec0["V_m"][-1] == pytest.approx(V, abs=1e-3)


@pytest.mark.parametrize("taus", [(0.5, 5.0, 0.5, 10.0), (1.0, 3.0, 2.0, 4.0)])
def test_conductances_are_beta_functions_with_the_weight_as_peak(taus):
    r_ex, d_ex, r_in, d_in = taus
    rec, _ = run(50.0, spikes=[(5.0, 3.0), (10.0, -2.0)], tau_rise_ex=r_ex, tau_decay_ex=d_ex,
                 tau_rise_in=r_in, tau_decay_in=d_in)
    t = np.arange(1, 501) * DT
    np.testing.assert_allclose(rec["g_ex"], beta(t, 6.0, 3.0, r_ex, d_ex), rtol=0, atol=1e-5)
    np.testing.assert_allclose(rec["g_in"], beta(t, 11.0, 2.0, r_in, d_in), rtol=0, atol=1e-5)
    assert 3.0 - 3e-3 < rec["g_ex"].max() < 3.0 + 1e-3


def test_action_potential_matches_the_reference_solution_and_looks_like_one():
    T = 20.0
    y0 = [P["E_L"], *gates(P["E_L"])]  # NEST's default state (gates at u = V_m)
    rec, spikes = run(T, I_e=500.0, record=("V_m",))
    ref = reference_V(T, 500.0, y0)
    k, r = int(np.argmax(rec["V_m"])), int(np.argmax(ref))
    assert k == r
    assert rec["V_m"][k] == pytest.approx(ref[r], abs=0.02)  # 1.5e-3 seen (error bound 1e-3 per step)
    np.testing.assert_allclose(rec["V_m"], ref, rtol=0, atol=0.03)  # 3.4e-3 seen
    V = rec["V_m"]
    # Traub's pyramidal cell: overshoot above +20 mV, ~1 ms wide, AHP below the leak reversal.
    assert 20.0 < V[k] < 50.0
    lo, hi = k, k
    while V[lo - 1] >= -20.0:
        lo -= 1
    while V[hi + 1] >= -20.0:
        hi += 1
    assert 0.3 < (hi - lo + 1) * DT < 2.0  # samples above -20 mV around the peak
    assert V[k:k + 50].min() < P["E_L"]
    assert len(spikes) == 1 and spikes[0] == pytest.approx((k + 2) * DT)  # detected one step after the peak


def test_spikes_are_detected_after_the_peak_and_t_ref_suppresses_detection():
    rec, spikes = run(200.0, I_e=500.0, record=("V_m",))
    V = rec["V_m"]
    assert len(spikes) >= 5
    for t in spikes:
        k = int(round(t / DT)) - 1
        assert V[k] >= -20.0 and V[k - 1] > V[k] and V[k - 2] <= V[k - 1]
    isi = np.median(np.diff(spikes))
    _, fewer = run(200.0, I_e=500.0, t_ref=1.5 * isi, record=("V_m",))
    assert len(fewer) == pytest.approx(len(spikes) / 2, abs=1)


@pytest.mark.parametrize("params,word", [
    (dict(C_m=0.0), "C_m"),
    (dict(t_ref=-0.1), "t_ref"),
    (dict(tau_rise_ex=0.0), "tau_rise_ex"),
    (dict(tau_decay_ex=-1.0), "tau_decay_ex"),
    (dict(tau_rise_in=0.0), "tau_rise_in"),
    (dict(tau_decay_in=0.0), "tau_decay_in"),
    (dict(g_Na=-1.0), "g_Na"),
    (dict(g_K=-1.0), "g_K"),
    (dict(g_L=-1.0), "g_L"),
    (dict(Act_m=-0.1), "Act_m"),
    (dict(Inact_h=-0.1), "Inact_h"),
    (dict(Act_n=-0.1), "Act_n"),
])
def test_parameter_rules(params, word):
    with pytest.raises(nestor.BadValueError, match=word):
        nestor.Simulator().create(nestor.hh_cond_beta_gap_traub, 1, **params)


def test_limits_of_the_rules_are_accepted():
    n = nestor.Simulator().create(nestor.hh_cond_beta_gap_traub, 1, g_Na=0.0, g_K=0.0, g_L=0.0, t_ref=0.0,
                                  Act_m=0.0, Inact_h=0.0, Act_n=0.0, tau_rise_ex=2.0, tau_decay_ex=2.0)
    assert mag(n.get("g_K"))[0] == 0.0 and mag(n.get("tau_decay_ex"))[0] == 2.0


def test_defaults_recordables_ports_and_asymmetric_gap_junction_refused():
    sim = nestor.Simulator()
    n = sim.create(nestor.hh_cond_beta_gap_traub, 2)
    m, h, nn = gates(-60.0)
    for name, v in dict(P, t_ref=2.0, tau_rise_ex=0.5, tau_decay_ex=5.0, tau_rise_in=0.5, tau_decay_in=10.0,
                        I_e=0.0, V_m=-60.0).items():
        assert mag(n.get(name))[0] == v, name
    for name, v in [("Act_m", m), ("Inact_h", h), ("Act_n", nn)]:
        assert mag(n.get(name))[0] == pytest.approx(v, rel=1e-12), name
    assert set(nestor.hh_cond_beta_gap_traub.recordables) == {"V_m", "g_ex", "g_in", "Act_m", "Inact_h", "Act_n"}
    assert nestor.hh_cond_beta_gap_traub.weight_unit == "nS"
    sg = sim.create(nestor.spike_generator, spike_times=[1.0])
    with pytest.raises(nestor.IllegalConnectionError):
        sim.connect(sg, n, receptor_type=1)
    with pytest.raises(nestor.IllegalConnectionError, match="gap_junction requires symmetric"):
        sim.connect(n[0], n[1], synapse_model="gap_junction")  # one direction only
