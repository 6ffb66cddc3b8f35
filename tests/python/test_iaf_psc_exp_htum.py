"""iaf_psc_exp_htum against closed-form solutions of its equations, and NEST 3.9's rules for it:

    dV/dt = -(V - E_L)/tau_m + (I_syn_ex + I_syn_in + I_e)/C_m
    dI_syn/dt = -I_syn/tau_syn + sum_k w_k delta(t - t_k)

After a spike V is clamped to V_reset for t_ref_abs; it then integrates again but cannot fire before
t_ref_tot has passed. As in NEST 3.9, the *recorded* V_m is relative to E_L (get/set of V_m are absolute).
A spike sent at t_s with delay d sets I_syn at the sample t_s + d; V moves from t_s + d + dt.
(The NEST reference case iaf_psc_exp_htum__standard runs in tests/validation/test_nest_cases.py.)"""

import math

import numpy as np
import pytest

import nestor
from nestor import units as u

DT = 0.1
MODEL = nestor.iaf_psc_exp_htum


def mag(q, unit):
    return np.asarray(u.get_mantissa(q / unit), dtype=float)


def record(params, T, spikes=(), dc=None, dt=DT):
    """spikes: (times, weight in pA, delay in ms) per spike_generator. Returns t, V_m (as recorded,
    relative to E_L), I_syn_ex, I_syn_in, spike times."""
    sim = nestor.Simulator(dt=dt * u.ms)
    n = sim.create(MODEL, 1, **params)
    mm = sim.create(nestor.multimeter, record_from=["V_m", "I_syn_ex", "I_syn_in"])
    sr = sim.create(nestor.spike_recorder)
    sim.connect(mm, n)
    sim.connect(n, sr)
    for times, w, d in spikes:
        sg = sim.create(nestor.spike_generator, 1, spike_times=list(times))
        sim.connect(sg, n, weight=w * u.pA, delay=d * u.ms)
    if dc is not None:
        gen = sim.create(nestor.dc_generator, amplitude=dc * u.pA)
        sim.connect(gen, n, delay=dt * u.ms)
    res = sim.simulate(T * u.ms, progress=False)
    t = mag(res.sample_times(mm), u.ms)
    tr = lambda var, unit: mag(res.trace(mm, var), unit)[:, 0]  # noqa: E731
    return (t, tr("V_m", u.mV), tr("I_syn_ex", u.pA), tr("I_syn_in", u.pA),
            mag(res.spikes(sr)["times"], u.ms))


def v_step(t, I, tau_m=10.0, C_m=250.0):
    """Response (relative to E_L) to a current I switched on at t = 0: I R (1 - exp(-t/tau_m))."""
    return I * tau_m / C_m * (1.0 - np.exp(-np.maximum(t, 0.0) / tau_m))


def psp(t, w, tau_s=2.0, tau_m=10.0, C_m=250.0):
    """Membrane response to a current w exp(-t/tau_s) starting at t = 0 (zero before)."""
    s = np.maximum(t, 0.0)
    return w / C_m * tau_s * tau_m / (tau_m - tau_s) * (np.exp(-s / tau_m) - np.exp(-s / tau_s))


def idx(t, when):
    return int(np.argmin(np.abs(t - when)))


def test_defaults_and_recordables():
    d = MODEL.defaults()
    assert d["E_L"] == (-70.0, "mV") and d["C_m"] == (250.0, "pF") and d["tau_m"] == (10.0, "ms")
    assert d["V_th"] == (-55.0, "mV") and d["V_reset"] == (-70.0, "mV") and d["I_e"] == (0.0, "pA")
    assert d["tau_syn_ex"] == (2.0, "ms") and d["tau_syn_in"] == (2.0, "ms")
    assert d["t_ref_abs"] == (2.0, "ms") and d["t_ref_tot"] == (2.0, "ms") and d["V_m"] == (-70.0, "mV")
    assert set(d) == {"E_L", "C_m", "tau_m", "V_th", "V_reset", "I_e", "tau_syn_ex", "tau_syn_in",
                      "t_ref_abs", "t_ref_tot", "V_m", "tau_minus", "tau_minus_triplet"}
    assert MODEL.recordables == ["V_m", "I_syn_ex", "I_syn_in"]
    assert MODEL.weight_unit == "pA"


def test_recorded_V_m_is_relative_to_E_L_but_get_is_absolute():
    # NEST 3.9's quirk: the recordable omits + E_L.
    sim = nestor.Simulator(dt=DT * u.ms)
    n = sim.create(MODEL, 1, E_L=-65.0, V_m=-60.0)
    assert mag(n.get("V_m"), u.mV)[0] == -60.0
    mm = sim.create(nestor.multimeter, record_from=["V_m"])
    sim.connect(mm, n)
    res = sim.simulate(20.0 * u.ms, progress=False)
    t = mag(res.sample_times(mm), u.ms)
    v = mag(res.trace(mm, "V_m"), u.mV)[:, 0]
    np.testing.assert_allclose(v, 5.0 * np.exp(-t / 10.0), rtol=0, atol=1e-12)
    assert mag(n.get("V_m"), u.mV)[0] == pytest.approx(-65.0 + 5.0 * math.exp(-2.0), abs=1e-12)


@pytest.mark.parametrize("params", [
    dict(I_e=300.0),
    dict(E_L=-60.0, V_m=-60.0, C_m=200.0, tau_m=20.0, I_e=100.0, V_th=-40.0),
    dict(I_e=-200.0),
])
def test_subthreshold_response_to_a_constant_current(params):
    p = dict(C_m=250.0, tau_m=10.0) | params
    t, v, ex, ih, spikes = record(params, 100.0)
    np.testing.assert_allclose(v, v_step(t, p["I_e"], p["tau_m"], p["C_m"]), rtol=0, atol=1e-9)
    assert len(spikes) == 0 and np.all(ex == 0.0) and np.all(ih == 0.0)


def test_dc_generator_acts_two_steps_after_its_start():
    t, v, *_ = record({}, 30.0, dc=100.0)
    np.testing.assert_allclose(v, v_step(t - 2 * DT, 100.0), rtol=0, atol=1e-9)


@pytest.mark.parametrize("w,t_s,d,tau_s", [(400.0, 5.0, 1.5, 2.0), (-300.0, 3.0, 1.0, 2.0),
                                           (250.0, 2.2, 0.3, 5.0), (-100.0, 1.0, 2.0, 0.5)])
def test_one_spike_gives_an_exponential_current_and_its_psp(w, t_s, d, tau_s):
    params = dict(tau_syn_ex=tau_s, tau_syn_in=tau_s)
    t, v, ex, ih, spikes = record(params, 60.0, spikes=[([t_s], w, d)])
    t_a = t_s + d
    k = idx(t, t_a)
    cur, other = (ex, ih) if w > 0 else (ih, ex)
    assert np.all(cur[:k] == 0.0) and np.all(other == 0.0)
    np.testing.assert_allclose(cur[k:], w * np.exp(-(t[k:] - t_a) / tau_s), rtol=1e-12, atol=0)
    assert np.all(v[: k + 1] == 0.0)  # V moves from t_a + dt
    np.testing.assert_allclose(v, psp(t - t_a, w, tau_s), rtol=0, atol=1e-9)
    # the PSP peaks at tau_s tau_m/(tau_m - tau_s) ln(tau_m/tau_s) after arrival
    t_peak = tau_s * 10.0 / (10.0 - tau_s) * math.log(10.0 / tau_s)
    k_peak = int(np.argmax(np.abs(v)))
    assert abs(t[k_peak] - t_a - t_peak) <= DT
    assert len(spikes) == 0


def _isi_steps(I_e, n_abs, n_tot, tau_m=10.0, C_m=250.0, theta=15.0):
    """Steps from a spike to the next: V is clamped n_abs steps, then climbs from V_reset = E_L and
    crosses V_th k steps later; it cannot fire before the check n_tot + 1 steps after the spike."""
    k = math.ceil(-tau_m / DT * math.log(1.0 - theta / (I_e * tau_m / C_m)))
    return k, max(n_abs + k, n_tot + 1)


@pytest.mark.parametrize("I_e,t_abs,t_tot", [
    (450.0, 2.0, 2.0),   # the usual refractoriness
    (1000.0, 1.0, 5.0),  # V crosses V_th after t_tot: t_tot does not matter
    (1000.0, 1.0, 8.0),  # V crosses V_th during the relative period and fires when t_tot ends
    (1000.0, 0.5, 12.0),
])
def test_regular_firing_with_absolute_and_total_refractory_periods(I_e, t_abs, t_tot):
    t, v, _, _, spikes = record(dict(I_e=I_e, t_ref_abs=t_abs, t_ref_tot=t_tot), 150.0)
    n_abs, n_tot = round(t_abs / DT), round(t_tot / DT)
    k, isi = _isi_steps(I_e, n_abs, n_tot)
    expected = (k + np.arange(len(spikes)) * isi) * DT
    assert len(spikes) == int((150.0 / DT - k) // isi) + 1
    np.testing.assert_allclose(spikes, expected, rtol=0, atol=1e-9)
    # after the first spike: clamped at V_reset for n_abs steps, then the free climb from V_reset
    s = idx(t, spikes[0])
    j = np.arange(isi)  # samples s .. s + isi - 1
    free = v_step((j - n_abs) * DT, I_e)
    np.testing.assert_allclose(v[s + j], np.where(j <= n_abs, 0.0, free), rtol=0, atol=1e-9)
    above = v[s + 1: s + isi] >= 15.0
    # above threshold without firing: only when V crosses it in the relative period
    assert above.any() == (n_abs + k < n_tot + 1)


def test_input_during_the_absolute_period_acts_on_V_after_it():
    # V_m above threshold fires in the first step (t = 0.1); V is clamped to V_reset until 2.1 ms; a
    # current pulse arriving at 1.0 ms has decayed to w exp(-1.1/tau_s) when V integrates again.
    w, tau_s = 500.0, 2.0
    t, v, ex, _, spikes = record(dict(V_m=-50.0), 30.0, spikes=[([0.5], w, 0.5)])
    np.testing.assert_allclose(spikes, [0.1], atol=1e-9)
    k_end = idx(t, 2.1)
    assert np.all(v[1: k_end + 1] == 0.0)
    np.testing.assert_allclose(ex[idx(t, 1.0):], w * np.exp(-(t[idx(t, 1.0):] - 1.0) / tau_s), rtol=1e-12)
    expected = psp(t[k_end:] - 2.1, w * math.exp(-1.1 / tau_s), tau_s)
    np.testing.assert_allclose(v[k_end:], expected, rtol=0, atol=1e-9)


def test_refractory_periods_are_converted_to_steps_as_NEST_does():
    # NEST rounds t_ref to tics, then *up* to whole steps: 2.04 ms at dt = 0.1 ms is 21 steps.
    I_e = 1000.0
    _, _, _, _, spikes = record(dict(I_e=I_e, t_ref_abs=2.04, t_ref_tot=2.04), 50.0)
    k, isi = _isi_steps(I_e, 21, 21)
    np.testing.assert_allclose(np.diff(spikes), isi * DT, rtol=0, atol=1e-9)
    assert isi == k + 21


# ---- parameter checks (NEST's rules) ---------------------------------------------------------------


@pytest.mark.parametrize("bad,message", [
    (dict(V_reset=-55.0), "V_reset"),  # V_reset >= V_th
    (dict(V_th=-71.0), "V_reset"),
    (dict(t_ref_abs=3.0), "t_ref_tot"),  # t_ref_abs > t_ref_tot
    (dict(t_ref_tot=1.9), "t_ref_tot"),
    (dict(C_m=0.0), "C_m"),
    (dict(tau_m=0.0), "tau_m"),
    (dict(tau_syn_ex=-1.0), "tau_syn_ex"),
    (dict(tau_syn_in=0.0), "tau_syn_in"),
    (dict(t_ref_abs=0.0), "t_ref_abs"),
    (dict(t_ref_tot=0.0), "t_ref_tot"),
])
def test_parameter_checks(bad, message):
    sim = nestor.Simulator()
    with pytest.raises(nestor.BadValueError, match=message):
        sim.create(MODEL, 1, **bad)
    n = sim.create(MODEL, 1)
    with pytest.raises(nestor.BadValueError, match=message):
        n.set(**bad, I_e=100.0)
    assert mag(n.get("I_e"), u.pA)[0] == 0.0  # a refused set changes nothing
    assert mag(n.get("t_ref_abs"), u.ms)[0] == 2.0 and mag(n.get("t_ref_tot"), u.ms)[0] == 2.0


def test_accepted_edge_values():
    sim = nestor.Simulator()
    n = sim.create(MODEL, 1, t_ref_abs=1.0, t_ref_tot=1.0, V_reset=-55.0001)
    assert mag(n.get("t_ref_tot"), u.ms)[0] == 1.0


def test_refractory_period_below_one_step_is_refused_at_simulate():
    # NEST's pre_run_hook: 0.0004 ms is 0 tics, hence 0 steps.
    sim = nestor.Simulator(dt=DT * u.ms)
    sim.create(MODEL, 1, t_ref_abs=0.0004)
    with pytest.raises(nestor.BadValueError, match="t_ref_abs"):
        sim.simulate(1.0 * u.ms, progress=False)
    sim = nestor.Simulator(dt=DT * u.ms)
    sim.create(MODEL, 1, t_ref_abs=0.01)  # 10 tics: rounded up to one step
    sim.simulate(1.0 * u.ms, progress=False)


def test_changing_E_L_alone_keeps_the_absolute_values_stored_relative_to_it():
    # NEST (iaf_psc_exp_htum.cpp, Parameters_::set / State_::set: x_ -= delta_EL)
    sim = nestor.Simulator()
    n = sim.create(MODEL, 1)
    n.set(E_L=-60.0)
    assert mag(n.get("V_th"), u.mV)[0] == -55.0
    assert mag(n.get("V_reset"), u.mV)[0] == -70.0
    assert mag(n.get("V_m"), u.mV)[0] == -70.0


def test_ports_and_weight_unit():
    sim = nestor.Simulator()
    n = sim.create(MODEL)
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
