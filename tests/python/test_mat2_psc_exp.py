"""mat2_psc_exp against closed-form solutions of its equations, and NEST 3.9's rules for it:

    dV/dt = -(V - E_L)/tau_m + (I_syn_ex + I_syn_in + I_e)/C_m         (V is never reset)
    I_syn_x = w exp(-(t - t_a)/tau_syn_x) for a spike arriving at t_a
    V_th = omega + sum over past spikes t_j of alpha_1 exp(-(t - t_j)/tau_1) + alpha_2 exp(-(t - t_j)/tau_2)

A step k fires when the neuron is not refractory and V(k dt) >= V_th(k dt) (the threshold decayed over
the step, before this step's jump); after a spike in step k the neuron cannot fire in steps k+1 .. k+n_ref,
n_ref = t_ref in steps as NEST's Time counts it (rounded to a tic, then up to a step). Samples are the
state at the end of their step. (The NEST reference case mat2_psc_exp__standard runs in
tests/validation/test_nest_cases.py.)"""

import math

import numpy as np
import pytest

import nestor
from nestor import units as u

DT = 0.1
DEF = dict(E_L=-70.0, C_m=100.0, tau_m=5.0, tau_syn_ex=1.0, tau_syn_in=3.0, t_ref=2.0, tau_1=10.0,
           tau_2=200.0, alpha_1=37.0, alpha_2=2.0, omega=-51.0)


def mag(q, unit):
    return np.asarray(u.get_mantissa(q / unit), dtype=float)


def record(params, T, spikes=(), dc=None, model=None):
    """spikes: (times, weight in pA, delay in ms) per spike_generator; returns t, V_m, V_th, spike times."""
    sim = nestor.Simulator(dt=DT * u.ms)
    n = sim.create(model or nestor.mat2_psc_exp, 1, **params)
    mm = sim.create(nestor.multimeter, record_from=["V_m", "V_th"])
    sr = sim.create(nestor.spike_recorder)
    sim.connect(mm, n)
    sim.connect(n, sr)
    for times, w, d in spikes:
        sg = sim.create(nestor.spike_generator, 1, spike_times=list(times))
        sim.connect(sg, n, weight=w * u.pA, delay=d * u.ms)
    if dc is not None:
        gen = sim.create(nestor.dc_generator, amplitude=dc * u.pA)
        sim.connect(gen, n, delay=DT * u.ms)
    res = sim.simulate(T * u.ms, progress=False)
    t = mag(res.sample_times(mm), u.ms)
    return (t, mag(res.trace(mm, "V_m"), u.mV)[:, 0], mag(res.trace(mm, "V_th"), u.mV)[:, 0],
            mag(res.spikes(sr)["times"], u.ms))


def v_step(t, E_L, I, tau_m, C_m):
    """Response to a current I switched on at t = 0, from rest."""
    return E_L + I * tau_m / C_m * (1.0 - np.exp(-np.maximum(t, 0.0) / tau_m))


def psp(s, w, tau_s, tau_m, C_m):
    """V - E_L for a current w exp(-s/tau_s) starting at s = 0 (0 before)."""
    s = np.maximum(s, 0.0)
    return w / C_m * tau_s * tau_m / (tau_m - tau_s) * (np.exp(-s / tau_m) - np.exp(-s / tau_s))


def nest_steps(t_ms):
    return math.ceil(math.floor(t_ms * 1000 + 0.5) / round(DT * 1000))


def test_defaults_and_recordables():
    m = nestor.mat2_psc_exp
    d = m.defaults()
    for k, v in DEF.items():
        assert d[k][0] == v, k
    assert d["I_e"] == (0.0, "pA") and d["V_m"] == (-70.0, "mV")
    assert d["V_th_alpha_1"] == (0.0, "mV") and d["V_th_alpha_2"] == (0.0, "mV")
    assert m.recordables == ["V_m", "V_th"]
    assert m.weight_unit == "pA"


@pytest.mark.parametrize("params", [
    dict(I_e=300.0),  # V_inf = -55 mV, below omega
    dict(E_L=-65.0, V_m=-65.0, C_m=200.0, tau_m=20.0, I_e=100.0, omega=-50.0),  # V_inf = -55 mV
    dict(I_e=-200.0),  # hyperpolarising
])
def test_subthreshold_response_to_a_constant_current(params):
    p = DEF | params
    t, v, th, spikes = record(params, 100.0)
    np.testing.assert_allclose(v, v_step(t, p["E_L"], p["I_e"], p["tau_m"], p["C_m"]), rtol=0, atol=1e-9)
    assert len(spikes) == 0
    assert np.all(th == p["omega"])


def test_response_to_a_dc_generator_starts_two_steps_after_its_start():
    # dc_generator (start 0, delay dt) reaches the neuron in step 1 and acts on V from step 2 on.
    t, v, _, _ = record({}, 30.0, dc=250.0)
    np.testing.assert_allclose(v, v_step(t - 2 * DT, -70.0, 250.0, 5.0, 100.0), rtol=0, atol=1e-9)


def spikes_from_closed_forms(p, T):
    """Steps at which the neuron fires, from V(t) = v_step and the threshold kernel sum."""
    n_ref = nest_steps(p["t_ref"])
    fired, r = [], 0
    for k in range(1, round(T / DT) + 1):
        if r > 0:
            r -= 1
            continue
        t = k * DT
        th = p["omega"] + sum(p["alpha_1"] * math.exp(-(t - j * DT) / p["tau_1"]) +
                              p["alpha_2"] * math.exp(-(t - j * DT) / p["tau_2"]) for j in fired)
        if v_step(t, p["E_L"], p["I_e"], p["tau_m"], p["C_m"]) >= th:
            fired.append(k)
            r = n_ref
    return np.array(fired)


@pytest.mark.parametrize("params", [
    dict(I_e=500.0),  # defaults: V_inf = -45 mV
    dict(I_e=400.0, alpha_1=5.0, alpha_2=1.0, tau_1=20.0, tau_2=100.0, t_ref=1.0),
])
def test_membrane_is_not_reset_and_threshold_follows_its_kernel(params):
    p = DEF | params
    T = 300.0
    t, v, th, spikes = record(params, T)
    # V never resets: it is the plain response to I_e at every sample, spikes or not
    np.testing.assert_allclose(v, v_step(t, p["E_L"], p["I_e"], p["tau_m"], p["C_m"]), rtol=0, atol=1e-9)
    expected = spikes_from_closed_forms(p, T)
    assert len(expected) >= 3
    np.testing.assert_array_equal(np.rint(spikes / DT).astype(int), expected)
    # the first spike is the first step at which V_inf (1 - exp(-t/tau_m)) reaches omega
    k1 = math.ceil(-p["tau_m"] / DT * math.log(1.0 - (p["omega"] - p["E_L"]) * p["C_m"] / (p["I_e"] * p["tau_m"])))
    assert expected[0] == k1
    # the recorded threshold: omega + alpha_1 e^{-s/tau_1} + alpha_2 e^{-s/tau_2} summed over past spikes
    s = t[:, None] - spikes[None, :]
    kern = np.where(s >= -1e-9, p["alpha_1"] * np.exp(-s / p["tau_1"]) + p["alpha_2"] * np.exp(-s / p["tau_2"]), 0.0)
    np.testing.assert_allclose(th, p["omega"] + kern.sum(axis=1), rtol=0, atol=1e-9)
    i1 = int(np.rint(spikes[0] / DT)) - 1
    assert th[i1 - 1] == p["omega"] and th[i1] == pytest.approx(p["omega"] + p["alpha_1"] + p["alpha_2"], abs=1e-12)


@pytest.mark.parametrize("t_ref", [2.0, 1.0, 0.2, 0.21, 0.25, 0.04])
def test_absolute_refractory_period(t_ref):
    # No adaptation and V far above omega: the neuron fires as soon as it may, n_ref + 1 steps apart,
    # and never within t_ref of its last spike. NEST counts t_ref = 0.21 ms as 3 steps (rounded up).
    p = dict(I_e=2000.0, alpha_1=0.0, alpha_2=0.0, t_ref=t_ref)
    t, v, th, spikes = record(p, 50.0)
    isi = np.diff(spikes)
    assert len(spikes) > 10
    assert np.all(isi > t_ref)
    np.testing.assert_allclose(isi, (nest_steps(t_ref) + 1) * DT, rtol=0, atol=1e-9)


@pytest.mark.parametrize("w,tau_s,d", [(300.0, 1.0, 1.5), (-200.0, 3.0, 1.0), (150.0, 1.0, 0.1)])
def test_single_spike_psp_is_the_double_exponential(w, tau_s, d):
    t_s, tau_m, C_m = 10.0, 5.0, 100.0
    t, v, th, spikes = record({}, 60.0, spikes=[([t_s], w, d)])
    t_a = t_s + d  # the current jumps at t_a, V moves from t_a + dt
    expected = -70.0 + psp(t - t_a, w, tau_s, tau_m, C_m)
    np.testing.assert_allclose(v, expected, rtol=0, atol=1e-9)
    assert np.all(v[t < t_a + 1e-9] == -70.0) and v[np.argmin(np.abs(t - t_a - DT))] != -70.0
    # peak at s* = ln(tau_m/tau_s) tau_m tau_s / (tau_m - tau_s)
    s_peak = math.log(tau_m / tau_s) * tau_m * tau_s / (tau_m - tau_s)
    k = np.argmax(np.abs(v + 70.0))
    assert abs(t[k] - t_a - s_peak) < DT
    assert len(spikes) == 0 and np.all(th == -51.0)


def test_initial_threshold_adaptation_state_decays():
    t, v, th, _ = record(dict(V_th_alpha_1=5.0, V_th_alpha_2=-3.0, omega=-60.0), 100.0)
    np.testing.assert_allclose(th, -60.0 + 5.0 * np.exp(-t / 10.0) - 3.0 * np.exp(-t / 200.0), rtol=0, atol=1e-9)


def test_state_can_be_read_and_set_and_V_th_is_not_a_parameter():
    sim = nestor.Simulator(dt=DT * u.ms)
    n = sim.create(nestor.mat2_psc_exp, 2, V_th_alpha_1=[1.0, 2.0], omega=-55.0)
    np.testing.assert_array_equal(mag(n.get("V_th_alpha_1"), u.mV), [1.0, 2.0])
    np.testing.assert_array_equal(mag(n.get("omega"), u.mV), [-55.0, -55.0])
    n.set(V_th_alpha_2=0.5)
    np.testing.assert_array_equal(mag(n.get("V_th_alpha_2"), u.mV), [0.5, 0.5])
    with pytest.raises(nestor.UnknownParameterError):
        n.set(V_th=-50.0)


# ---- parameter checks (NEST's rules) ---------------------------------------------------------------


@pytest.mark.parametrize("bad,message", [
    (dict(C_m=0.0), "C_m"),
    (dict(C_m=-10.0), "C_m"),
    (dict(tau_m=0.0), "tau_m"),
    (dict(tau_syn_ex=0.0), "tau_syn_ex"),
    (dict(tau_syn_in=-1.0), "tau_syn_in"),
    (dict(t_ref=0.0), "t_ref"),
    (dict(tau_1=0.0), "tau_1"),
    (dict(tau_2=-5.0), "tau_2"),
    (dict(tau_syn_ex=5.0), "tau_syn_ex"),  # equal to tau_m
    (dict(tau_m=3.0), "tau_syn_in"),  # equal to tau_syn_in
])
def test_parameter_checks(bad, message):
    sim = nestor.Simulator()
    with pytest.raises(nestor.BadValueError, match=message):
        sim.create(nestor.mat2_psc_exp, 1, **bad)
    n = sim.create(nestor.mat2_psc_exp, 1)
    with pytest.raises(nestor.BadValueError, match=message):
        n.set(**bad, I_e=100.0)
    assert mag(n.get("I_e"), u.pA)[0] == 0.0  # a refused set changes nothing
    assert mag(n.get("tau_m"), u.ms)[0] == 5.0 and mag(n.get("C_m"), u.pF)[0] == 100.0


def test_refractory_period_must_be_at_least_one_step_when_simulating():
    # NEST rounds t_ref to whole tics (1 us) and then up to steps: 0.0004 ms is 0 steps, 0.04 ms one.
    sim = nestor.Simulator(dt=DT * u.ms)
    n = sim.create(nestor.mat2_psc_exp, 1, t_ref=0.0004)
    with pytest.raises(nestor.BadValueError, match="t_ref"):
        sim.simulate(1.0 * u.ms, progress=False)
    n.set(t_ref=0.04)
    sim.simulate(1.0 * u.ms, progress=False)


def test_ports_and_weight_unit():
    sim = nestor.Simulator()
    n = sim.create(nestor.mat2_psc_exp)
    sg = sim.create(nestor.spike_generator, spike_times=[1.0])
    dc = sim.create(nestor.dc_generator)
    with pytest.raises(nestor.IllegalConnectionError):
        sim.connect(sg, n, receptor_type=1)
    with pytest.raises(nestor.IllegalConnectionError):
        sim.connect(dc, n, receptor_type=1)
    with pytest.raises(nestor.DimensionError):
        sim.connect(sg, n, weight=2.0 * u.mV)
    sim.connect(sg, n, weight=2.0 * u.pA)
    sim.connect(dc, n)
