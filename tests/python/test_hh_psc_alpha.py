"""hh_psc_alpha (GSL's RKF45 as NEST drives it; its NEST case hh_psc_alpha__standard runs in
tests/validation/test_nest_cases.py at 1e-6) against a high-accuracy solution of the same equations,
computed here with scipy's LSODA (rtol 1e-10):

    C_m dV/dt = -g_Na m^3 h (V - E_Na) - g_K n^4 (V - E_K) - g_L (V - E_L) + I_syn_ex + I_syn_in + I_e
    dx/dt = alpha_x(V) (1 - x) - beta_x(V) x,  x = m, h, n  (Hodgkin-Huxley squid-axon rates)

Spikes are detected as NEST does: V >= 0 mV and V lower than at the previous step (the peak has just
passed), then t_ref of pseudo-refractoriness. The integrator's absolute error bound is NEST's 1e-3, so the
action potential's shape is compared to within 0.02 mV / 0.005 ms (the differences seen are ~2e-3)."""

import math

import numpy as np
import pytest
from scipy.integrate import solve_ivp

import nestor
from nestor import units as u

DT = 0.1
DEFAULTS = dict(g_Na=12000.0, g_K=3600.0, g_L=30.0, C_m=100.0, E_Na=50.0, E_K=-77.0, E_L=-54.402)


def value(n, name):
    x = n.get(name)
    return float(np.asarray(getattr(x, "magnitude", x))[0])


def steady_gates(V):
    a_m, b_m, a_h, b_h, a_n, b_n = rates(V)
    return [a_m / (a_m + b_m), a_h / (a_h + b_h), a_n / (a_n + b_n)]


def rates(V):
    return (0.1 * (V + 40.0) / (1.0 - math.exp(-(V + 40.0) / 10.0)), 4.0 * math.exp(-(V + 65.0) / 18.0),
            0.07 * math.exp(-(V + 65.0) / 20.0), 1.0 / (1.0 + math.exp(-(V + 35.0) / 10.0)),
            0.01 * (V + 55.0) / (1.0 - math.exp(-(V + 55.0) / 10.0)), 0.125 * math.exp(-(V + 65.0) / 80.0))


def reference_V(T, I_e, p=DEFAULTS):
    """V on the 0.1 ms grid (samples at dt, 2 dt, ..., T) from rest at -65 mV, DC current I_e from t = 0."""
    def rhs(t, y):
        V, m, h, n = y
        a_m, b_m, a_h, b_h, a_n, b_n = rates(V)
        I_ion = p["g_Na"] * m**3 * h * (V - p["E_Na"]) + p["g_K"] * n**4 * (V - p["E_K"]) + p["g_L"] * (V - p["E_L"])
        return [(I_e - I_ion) / p["C_m"], a_m * (1 - m) - b_m * m, a_h * (1 - h) - b_h * h, a_n * (1 - n) - b_n * n]

    t_eval = np.arange(1, int(round(T / DT)) + 1) * DT
    sol = solve_ivp(rhs, (0.0, T), [-65.0] + steady_gates(-65.0), method="LSODA", rtol=1e-10, atol=1e-12,
                    t_eval=t_eval)
    assert sol.success
    return sol.y[0]


def nestor_V(T, I_e, **params):
    sim = nestor.Simulator(dt=DT * u.ms)
    n = sim.create(nestor.hh_psc_alpha, 1, I_e=I_e, **params)
    mm = sim.create(nestor.multimeter, record_from=["V_m", "I_syn_ex", "I_syn_in"])
    sr = sim.create(nestor.spike_recorder)
    sim.connect(mm, n)
    sim.connect(n, sr)
    res = sim.simulate(T * u.ms, progress=False)
    rec = {v: np.asarray(res.trace(mm, v).magnitude).reshape(-1) for v in ("V_m", "I_syn_ex", "I_syn_in")}
    return rec, np.asarray(u.get_mantissa(res.spikes(sr)["times"] / u.ms))


def ap_shape(V, threshold=0.0):
    """Peak, width at half height and after-hyperpolarisation trough of the first action potential
    (sampled on the grid; crossings of the half level interpolated linearly)."""
    up = int(np.argmax(V >= threshold))
    assert V[up] >= threshold, "no action potential"
    k_peak = up + int(np.argmax(np.diff(V[up:]) < 0))  # first local maximum after the crossing
    nxt = k_peak + int(np.argmax(V[k_peak:] < threshold))
    nxt = nxt + int(np.argmax(V[nxt:] >= threshold)) if np.any(V[nxt:] >= threshold) else len(V)
    k_ahp = k_peak + int(np.argmin(V[k_peak:nxt]))
    half = 0.5 * (V[k_peak] + V[k_ahp])
    i = k_peak - int(np.argmax(V[k_peak::-1] < half))  # last sample below half before the peak
    j = k_peak + int(np.argmax(V[k_peak:] < half))  # first sample below half after it
    t_up = (i + (half - V[i]) / (V[i + 1] - V[i])) * DT
    t_down = (j - 1 + (V[j - 1] - half) / (V[j - 1] - V[j])) * DT
    return V[k_peak], t_down - t_up, V[k_ahp], k_peak


@pytest.mark.parametrize("I_e", [1000.0, 2000.0])
def test_action_potential_shape_matches_the_reference_solution(I_e):
    T = 40.0
    rec, spikes = nestor_V(T, I_e)
    ref = reference_V(T, I_e)
    peak, width, ahp, k = ap_shape(rec["V_m"])
    r_peak, r_width, r_ahp, r_k = ap_shape(ref)
    assert k == r_k  # peak in the same step
    assert abs(peak - r_peak) < 0.02
    assert abs(width - r_width) < 0.005
    assert abs(ahp - r_ahp) < 0.02
    # The squid-axon action potential: overshoot to ~+40 mV, ~1 ms wide, undershoot below -70 mV.
    assert 30.0 < peak < 50.0 and 0.5 < width < 2.0 and ahp < -70.0
    # Same trajectory throughout (this includes the second spike's timing).
    np.testing.assert_allclose(rec["V_m"], ref, rtol=0, atol=0.05)
    np.testing.assert_allclose(spikes, reference_spike_times(ref), rtol=0, atol=1e-9)
    assert len(spikes) >= 2


def fires_repetitively(spike_times, T):
    return np.count_nonzero(spike_times > T / 2) >= 2


def bisect(fires, lo, hi, tol):
    assert not fires(lo) and fires(hi)
    while hi - lo > tol:
        mid = 0.5 * (lo + hi)
        lo, hi = (lo, mid) if fires(mid) else (mid, hi)
    return 0.5 * (lo + hi)


def reference_spike_times(V, threshold=0.0):
    """NEST's rule on the grid: the first step whose V is lower than the previous step's (>= threshold)."""
    k = np.nonzero((V[1:] >= threshold) & (V[:-1] > V[1:]) & (np.r_[-np.inf, V[:-2]] <= V[:-1]))[0] + 1
    return (k + 1) * DT  # sample k is the end of step k + 1


def test_rheobase_matches_the_reference_solution():
    """The smallest I_e that makes the neuron fire repetitively (>= 2 spikes in the second half of 400 ms),
    found by bisection to 0.05 pA, agrees with the reference solution's within 1 pA (0.2 %)."""
    T = 400.0
    got = bisect(lambda I: fires_repetitively(nestor_V(T, I)[1], T), 500.0, 800.0, 0.05)
    ref = bisect(lambda I: fires_repetitively(reference_spike_times(reference_V(T, I)), T), 500.0, 800.0, 0.05)
    assert abs(got - ref) < 1.0
    assert 600.0 < ref < 660.0  # ~6.3 uA/cm^2 for the 100 pF (1e-4 cm^2) membrane


def test_spikes_are_detected_after_the_peak_and_t_ref_suppresses_detection():
    rec, spikes = nestor_V(200.0, 1000.0)
    V = rec["V_m"]
    assert len(spikes) >= 10
    for t in spikes:
        k = int(round(t / DT)) - 1  # sample index of the step that spiked
        assert V[k] >= 0.0 and V[k - 1] > V[k] and V[k - 2] <= V[k - 1]
    isi = np.diff(spikes).min()
    _, spikes_ref = nestor_V(200.0, 1000.0, t_ref=isi + 1.0)  # every other action potential goes unseen
    assert len(spikes_ref) == pytest.approx(len(spikes) / 2, abs=1)
    assert np.diff(spikes_ref).min() > isi + 1.0


def test_alpha_currents_peak_at_the_weight_one_tau_after_arrival():
    sim = nestor.Simulator(dt=DT * u.ms)
    n = sim.create(nestor.hh_psc_alpha, 1, tau_syn_ex=0.5, tau_syn_in=3.0)
    mm = sim.create(nestor.multimeter, record_from=["I_syn_ex", "I_syn_in"])
    sim.connect(mm, n)
    for t, w in [(5.0, 40.0), (10.0, -30.0)]:
        sg = sim.create(nestor.spike_generator, spike_times=[t])
        sim.connect(sg, n, weight=w * u.pA, delay=1.0 * u.ms)
    res = sim.simulate(30.0 * u.ms, progress=False)
    t = np.arange(1, 301) * DT
    for var, w, ta, tau in [("I_syn_ex", 40.0, 6.0, 0.5), ("I_syn_in", -30.0, 11.0, 3.0)]:
        s = np.clip(t - ta, 0.0, None)
        expected = w * math.e / tau * s * np.exp(-s / tau)
        got = np.asarray(res.trace(mm, var).magnitude).reshape(-1)
        np.testing.assert_allclose(got, expected, rtol=0, atol=5e-3)
        assert got[int(round((ta + tau) / DT)) - 1] == pytest.approx(w, abs=5e-3)


@pytest.mark.parametrize("params,word", [
    (dict(C_m=0.0), "C_m"),
    (dict(t_ref=-0.1), "t_ref"),
    (dict(tau_syn_ex=0.0), "tau_syn_ex"),
    (dict(tau_syn_in=-1.0), "tau_syn_in"),
    (dict(g_Na=-1.0), "g_Na"),
    (dict(g_K=-1.0), "g_K"),
    (dict(g_L=-1.0), "g_L"),
    (dict(Act_m=-0.1), "Act_m"),
    (dict(Inact_h=-0.1), "Inact_h"),
    (dict(Act_n=-0.1), "Act_n"),
])
def test_parameter_rules(params, word):
    with pytest.raises(nestor.BadValueError, match=word):
        nestor.Simulator().create(nestor.hh_psc_alpha, 1, **params)


def test_limits_of_the_rules_are_accepted():
    n = nestor.Simulator().create(nestor.hh_psc_alpha, 1, g_Na=0.0, g_K=0.0, g_L=0.0, t_ref=0.0, Act_m=0.0,
                                  Inact_h=0.0, Act_n=0.0, E_L=200.0)
    assert value(n, "g_Na") == 0.0 and value(n, "Act_n") == 0.0


def test_defaults_recordables_weight_unit_and_ports():
    sim = nestor.Simulator()
    n = sim.create(nestor.hh_psc_alpha)
    m, h, nn = steady_gates(-65.0)
    for name, v in dict(DEFAULTS, t_ref=2.0, tau_syn_ex=0.2, tau_syn_in=2.0, I_e=0.0, V_m=-65.0,
                        Act_m=m, Inact_h=h, Act_n=nn).items():
        assert value(n, name) == v, name
    assert set(nestor.hh_psc_alpha.recordables) == {"V_m", "I_syn_ex", "I_syn_in", "Act_m", "Inact_h", "Act_n"}
    assert nestor.hh_psc_alpha.weight_unit == "pA"
    sg = sim.create(nestor.spike_generator, spike_times=[1.0])
    with pytest.raises(nestor.IllegalConnectionError):
        sim.connect(sg, n, receptor_type=1)
    with pytest.raises(nestor.DimensionError):
        sim.connect(sg, n, weight=1.0 * u.nS)
