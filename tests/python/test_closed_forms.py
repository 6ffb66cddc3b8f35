"""iaf_psc_alpha against closed-form solutions of its equations, sample by sample:

    dV/dt = -(V - E_L)/tau_m + (I_syn + I_e)/C_m,    I_syn(t) = w e/tau_s (t - t0) exp(-(t - t0)/tau_s)

with NEST's timing: a sample is the state at the end of its step; a spike from a spike_generator at t_s
with delay d enters dI/dt at the end of the step ending at t0 = t_s + d, so I_syn becomes nonzero from
the sample t0 + dt, and V follows the exact solution driven by I_syn(t) for t >= t0."""

import math

import numpy as np
import pytest

import nestor
from nestor import units as u

DT = 0.1


def mag(q, unit):
    return np.asarray(u.get_mantissa(q / unit), dtype=float)


def record(params, T, spikes=None, weight=None, delay=None, dt=DT):
    sim = nestor.Simulator(dt=dt * u.ms)
    n = sim.create(nestor.iaf_psc_alpha, 1, **params)
    mm = sim.create(nestor.multimeter, record_from=["V_m", "I_syn_ex", "I_syn_in"])
    sr = sim.create(nestor.spike_recorder)
    sim.connect(mm, n)
    sim.connect(n, sr)
    if spikes is not None:
        sg = sim.create(nestor.spike_generator, 1, spike_times=spikes)
        sim.connect(sg, n, weight=weight * u.pA, delay=delay * u.ms)
    res = sim.simulate(T * u.ms, progress=False)
    t = mag(res.sample_times(mm), u.ms)
    out = {var: mag(res.trace(mm, var), u.mV if var == "V_m" else u.pA)[:, 0]
           for var in ("V_m", "I_syn_ex", "I_syn_in")}
    return t, out, mag(res.spikes(sr)["times"], u.ms)


def v_step(t, E_L, I_e, tau_m, C_m):
    """Response to a current step switched on at t = 0, from rest."""
    return E_L + I_e * tau_m / C_m * (1.0 - np.exp(-t / tau_m))


def alpha_current(s, w, tau_s):
    s = np.maximum(s, 0.0)
    return w * math.e / tau_s * s * np.exp(-s / tau_s)


def alpha_psp(s, w, tau_s, tau_m, C_m):
    """V - E_L for s = t - t0 >= 0 (0 before): convolution of the alpha current with exp(-s/tau_m)/C_m.
    With a = 1/tau_s, b = 1/tau_m, c = a - b, A = w e/tau_s:
        V - E_L = A/C_m * (exp(-b s) - exp(-a s) (1 + c s)) / c^2      (tau_s != tau_m)
        V - E_L = A/C_m * s^2/2 * exp(-s/tau_m)                         (tau_s == tau_m)"""
    s = np.maximum(s, 0.0)
    A = w * math.e / tau_s
    a, b = 1.0 / tau_s, 1.0 / tau_m
    c = a - b
    if c == 0.0:
        return A / C_m * s * s / 2.0 * np.exp(-b * s)
    return A / (C_m * c * c) * (np.exp(-b * s) - np.exp(-a * s) * (1.0 + c * s))


@pytest.mark.parametrize("params", [
    dict(I_e=300.0),  # defaults otherwise: V_inf = -58 mV, below threshold
    dict(E_L=-65.0, V_m=-65.0, C_m=200.0, tau_m=20.0, I_e=150.0, V_th=-40.0),  # V_inf = -50 mV
    dict(E_L=-70.0, C_m=100.0, tau_m=5.0, I_e=-200.0),  # hyperpolarising
])
def test_subthreshold_response_to_a_current_step(params):
    p = dict(E_L=-70.0, C_m=250.0, tau_m=10.0) | params
    t, rec, spikes = record(params, 200.0)
    expected = v_step(t, p["E_L"], p["I_e"], p["tau_m"], p["C_m"])
    np.testing.assert_allclose(rec["V_m"], expected, rtol=0, atol=1e-9)
    assert len(spikes) == 0
    assert np.all(rec["I_syn_ex"] == 0.0) and np.all(rec["I_syn_in"] == 0.0)
    assert abs(rec["V_m"][-1] - (p["E_L"] + p["I_e"] * p["tau_m"] / p["C_m"])) < 0.01  # near V_inf


@pytest.mark.parametrize("w,t_s,d,tau_s", [
    (100.0, 10.0, 1.5, 2.0),
    (250.0, 3.0, 0.1, 0.5),
    (40.0, 20.0, 4.0, 10.0),  # tau_syn == tau_m: the singular propagator
    (-80.0, 10.0, 1.0, 2.0),  # inhibitory: into I_syn_in
])
def test_psp_of_one_spike_equals_the_alpha_psp(w, t_s, d, tau_s):
    key = "ex" if w > 0 else "in"
    params = {f"tau_syn_{key}": tau_s}
    t, rec, spikes = record(params, 60.0, spikes=[t_s], weight=w, delay=d)
    t0 = t_s + d
    s = t - t0
    # Timing: nothing up to and including the sample at t0; the current shows from t0 + dt.
    k0 = int(round(t0 / DT)) - 1  # index of the sample at t0
    assert t[k0] == pytest.approx(t0)
    assert np.all(rec[f"I_syn_{key}"][: k0 + 1] == 0.0)
    assert np.all(rec["V_m"][: k0 + 1] == -70.0)
    assert rec[f"I_syn_{key}"][k0 + 1] != 0.0
    assert rec["V_m"][k0 + 1] != -70.0
    other = "in" if key == "ex" else "ex"
    assert np.all(rec[f"I_syn_{other}"] == 0.0)
    # Shapes, sample by sample.
    np.testing.assert_allclose(rec[f"I_syn_{key}"], alpha_current(s, w, tau_s), rtol=0, atol=1e-9)
    np.testing.assert_allclose(rec["V_m"], -70.0 + alpha_psp(s, w, tau_s, 10.0, 250.0), rtol=0, atol=1e-9)
    # The PSC peaks at t0 + tau_s with the weight in pA.
    k_peak = np.argmax(np.abs(rec[f"I_syn_{key}"]))
    assert t[k_peak] == pytest.approx(t0 + tau_s)
    assert rec[f"I_syn_{key}"][k_peak] == pytest.approx(w, rel=1e-12)
    assert len(spikes) == 0


def test_psps_superpose():
    """Three spikes, the second on the tail of the first: V is the sum of three alpha PSPs."""
    times, w, d = [5.0, 7.5, 30.0], 120.0, 1.0
    t, rec, _ = record({}, 60.0, spikes=times, weight=w, delay=d)
    v = -70.0 + sum(alpha_psp(t - ts - d, w, 2.0, 10.0, 250.0) for ts in times)
    i = sum(alpha_current(t - ts - d, w, 2.0) for ts in times)
    np.testing.assert_allclose(rec["V_m"], v, rtol=0, atol=1e-9)
    np.testing.assert_allclose(rec["I_syn_ex"], i, rtol=0, atol=1e-9)


def test_psp_on_a_current_step():
    """Linearity: a PSP on top of the I_e response is the sum of both closed forms."""
    t, rec, _ = record({"I_e": 200.0}, 50.0, spikes=[10.0], weight=60.0, delay=2.0)
    expected = v_step(t, -70.0, 200.0, 10.0, 250.0) + alpha_psp(t - 12.0, 60.0, 2.0, 10.0, 250.0)
    np.testing.assert_allclose(rec["V_m"], expected, rtol=0, atol=1e-9)


def crossing_time(V0, E_L, I_e, tau_m, C_m, V_th):
    """Time for V(t) = E_L + (V0 - E_L) e^{-t/tau} + I_e R (1 - e^{-t/tau}) to reach V_th."""
    V_inf = E_L + I_e * tau_m / C_m
    return -tau_m * math.log((V_th - V_inf) / (V0 - V_inf))


@pytest.mark.parametrize("params", [dict(I_e=376.0), dict(I_e=500.0, t_ref=3.5), dict(I_e=1000.0, V_reset=-60.0)])
def test_firing_under_a_constant_current(params):
    p = dict(E_L=-70.0, C_m=250.0, tau_m=10.0, V_th=-55.0, V_reset=-70.0, t_ref=2.0) | params
    T = 1000.0
    t, rec, spikes = record(params, T)
    # First spike: the first sample at or after the crossing time of V_th from rest.
    t_cross = crossing_time(p["E_L"], p["E_L"], p["I_e"], p["tau_m"], p["C_m"], p["V_th"])
    assert t_cross <= spikes[0] < t_cross + DT
    # After a spike V is held at V_reset for t_ref, then rises from V_reset: every interval is
    # t_ref plus the crossing time from V_reset, rounded up to the grid.
    t_cross_reset = crossing_time(p["V_reset"], p["E_L"], p["I_e"], p["tau_m"], p["C_m"], p["V_th"])
    isi = np.diff(spikes)
    assert len(isi) >= 3
    np.testing.assert_allclose(isi, isi[0], rtol=0, atol=1e-9)
    assert p["t_ref"] + t_cross_reset <= isi[0] + 1e-9 < p["t_ref"] + t_cross_reset + DT
    assert len(spikes) == 1 + int((T - spikes[0] + 1e-9) // isi[0])
    # V between the first and second spikes, sample by sample.
    k1 = int(round(spikes[0] / DT)) - 1
    n_ref = int(round(p["t_ref"] / DT))
    assert rec["V_m"][k1 - 1] < p["V_th"]
    np.testing.assert_array_equal(rec["V_m"][k1 : k1 + n_ref + 1], p["V_reset"])
    k2 = int(round(spikes[1] / DT)) - 1
    seg = slice(k1 + n_ref + 1, k2)
    decay = np.exp(-(t[seg] - spikes[0] - p["t_ref"]) / p["tau_m"])
    expected = p["E_L"] + (p["V_reset"] - p["E_L"]) * decay + p["I_e"] * p["tau_m"] / p["C_m"] * (1 - decay)
    np.testing.assert_allclose(rec["V_m"][seg], expected, rtol=0, atol=1e-9)
    assert np.all(expected < p["V_th"])
    # No sample is ever above threshold.
    assert rec["V_m"].max() < p["V_th"]


def test_tutorial_spike_times():
    """I_e = 376 pA: V reaches V_th after tau_m ln(376) = 59.296 ms; spikes at 59.3 + k * 61.3 ms."""
    _, _, spikes = record({"I_e": 376.0}, 1000.0)
    assert 10.0 * math.log(376.0) == pytest.approx(59.296, abs=1e-3)
    np.testing.assert_allclose(spikes, 59.3 + 61.3 * np.arange(16), rtol=0, atol=1e-9)


def test_other_resolution():
    """The closed forms hold at dt = 0.05 ms as well (propagators depend on dt)."""
    t, rec, _ = record({"I_e": 300.0}, 20.0, spikes=[2.0], weight=100.0, delay=0.25, dt=0.05)
    assert len(t) == 400
    expected = v_step(t, -70.0, 300.0, 10.0, 250.0) + alpha_psp(t - 2.25, 100.0, 2.0, 10.0, 250.0)
    np.testing.assert_allclose(rec["V_m"], expected, rtol=0, atol=1e-9)


@pytest.mark.parametrize("tau_s,tau_m", [(0.5, 20.0), (2.0, 10.0), (8.0, 5.0)])
def test_alpha_psp_peak_time_and_height_through_lambert_w(tau_s, tau_m):
    """The PSP of one alpha current peaks where e^x = 1 + k x (x = (a - b) s, k = a / b, a = 1/tau_s,
    b = 1/tau_m): x = -W(-e^{-1/k}/k) - 1/k on the branch other than the trivial x = 0 (W_-1 if
    tau_s < tau_m, else W_0) - the normalisation NEST's brunel_alpha example uses."""
    from scipy.special import lambertw

    a, b = 1.0 / tau_s, 1.0 / tau_m
    k = a / b
    branch = -1 if k > 1 else 0
    x = -lambertw(-np.exp(-1.0 / k) / k, branch).real - 1.0 / k
    s_peak = x / (a - b)
    w, C_m, dt = 100.0, 250.0, 0.001
    peak_closed = alpha_psp(np.array([s_peak]), w, tau_s, tau_m, C_m)[0]
    t, rec, _ = record(dict(E_L=0.0, V_m=0.0, V_th=1e3, tau_m=tau_m, C_m=C_m, tau_syn_ex=tau_s), math.ceil(3 * s_peak) + 5,
                       spikes=[1.0], weight=w, delay=1.0, dt=dt)
    k_peak = int(np.argmax(rec["V_m"]))
    assert abs(t[k_peak] - (2.0 + s_peak)) <= dt
    assert rec["V_m"][k_peak] == pytest.approx(peak_closed, rel=1e-6)
