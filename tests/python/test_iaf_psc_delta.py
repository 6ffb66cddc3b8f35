"""iaf_psc_delta against closed-form solutions of its equations, and NEST 3.9's rules for it:

    dV/dt = -(V - E_L)/tau_m + (I_e + I_stim)/C_m + sum_k w_k delta(t - t_k)        (w_k in mV)

With NEST's timing, a sample is the state at the end of its step; a spike sent at t_s with delay d makes
V jump by exactly w at the sample t_s + d. While refractory, V stays at V_reset and input spikes are
dropped, unless refractory_input is set: then they are collected, each discounted by
exp(-(t_end - t_arrival)/tau_m), and added at t_end, the first sample after the refractory period.
(The NEST reference case iaf_psc_delta__standard runs in tests/validation/test_nest_cases.py.)"""

import math

import numpy as np
import pytest

import nestor
from nestor import units as u

DT = 0.1


def mag(q, unit):
    return np.asarray(u.get_mantissa(q / unit), dtype=float)


def record(params, T, spikes=(), dt=DT, dc=None):
    """spikes: (times, weight in mV, delay in ms) per spike_generator."""
    sim = nestor.Simulator(dt=dt * u.ms)
    n = sim.create(nestor.iaf_psc_delta, 1, **params)
    mm = sim.create(nestor.multimeter, record_from=["V_m"])
    sr = sim.create(nestor.spike_recorder)
    sim.connect(mm, n)
    sim.connect(n, sr)
    for times, w, d in spikes:
        sg = sim.create(nestor.spike_generator, 1, spike_times=list(times))
        sim.connect(sg, n, weight=w * u.mV, delay=d * u.ms)
    if dc is not None:
        gen = sim.create(nestor.dc_generator, amplitude=dc * u.pA)
        sim.connect(gen, n, delay=dt * u.ms)
    res = sim.simulate(T * u.ms, progress=False)
    t = mag(res.sample_times(mm), u.ms)
    return t, mag(res.trace(mm, "V_m"), u.mV)[:, 0], mag(res.spikes(sr)["times"], u.ms)


def v_step(t, E_L, I, tau_m, C_m):
    """Response to a current I switched on at t = 0, from rest: E_L + I R (1 - exp(-t/tau_m))."""
    return E_L + I * tau_m / C_m * (1.0 - np.exp(-np.maximum(t, 0.0) / tau_m))


def idx(t, when):
    return int(np.argmin(np.abs(t - when)))


def test_defaults_and_recordables():
    m = nestor.iaf_psc_delta
    d = m.defaults()
    assert d["E_L"] == (-70.0, "mV") and d["C_m"] == (250.0, "pF") and d["tau_m"] == (10.0, "ms")
    assert d["t_ref"] == (2.0, "ms") and d["V_th"] == (-55.0, "mV") and d["V_reset"] == (-70.0, "mV")
    assert d["I_e"] == (0.0, "pA") and d["V_m"] == (-70.0, "mV")
    assert d["V_min"][0] == -np.finfo(float).max  # NEST: -DBL_MAX, i.e. no lower bound
    assert d["refractory_input"] == (False, "1")
    assert m.recordables == ["V_m"]
    assert m.weight_unit == "mV"


@pytest.mark.parametrize("params", [
    dict(I_e=300.0),  # V_inf = -58 mV, below threshold
    dict(E_L=-65.0, V_m=-65.0, C_m=200.0, tau_m=20.0, I_e=150.0, V_th=-40.0),  # V_inf = -50 mV
    dict(E_L=-70.0, C_m=100.0, tau_m=5.0, I_e=-200.0),  # hyperpolarising
])
def test_subthreshold_response_to_a_constant_current(params):
    p = dict(E_L=-70.0, C_m=250.0, tau_m=10.0) | params
    t, v, spikes = record(params, 200.0)
    np.testing.assert_allclose(v, v_step(t, p["E_L"], p["I_e"], p["tau_m"], p["C_m"]), rtol=0, atol=1e-9)
    assert len(spikes) == 0


def test_response_to_a_dc_generator_starts_two_steps_after_its_start():
    # A dc_generator (start 0, delay dt) reaches the neuron in step 1 and acts on V from step 2 on.
    t, v, _ = record({}, 50.0, dc=100.0)
    np.testing.assert_allclose(v, v_step(t - 2 * DT, -70.0, 100.0, 10.0, 250.0), rtol=0, atol=1e-9)
    assert v[idx(t, 2 * DT)] == -70.0 and v[idx(t, 3 * DT)] > -70.0


@pytest.mark.parametrize("w,t_s,d", [(2.0, 10.0, 1.0), (-3.5, 4.0, 2.5), (0.7, 1.3, 0.1), (12.0, 7.7, 3.3)])
def test_single_spike_jumps_by_w_at_arrival_then_decays(w, t_s, d):
    tau_m = 10.0
    t, v, spikes = record({}, 60.0, spikes=[([t_s], w, d)])
    t_a = t_s + d
    k = idx(t, t_a)
    assert abs(t[k] - t_a) < 1e-9
    assert np.all(v[:k] == -70.0)  # nothing before arrival
    assert v[k] - v[k - 1] == pytest.approx(w, abs=1e-12)  # the jump is exactly w mV at t_s + d
    expected = -70.0 + w * np.exp(-(t[k:] - t_a) / tau_m)
    np.testing.assert_allclose(v[k:], expected, rtol=0, atol=1e-12)
    assert len(spikes) == 0


def test_spikes_of_both_signs_in_one_step_add_and_multiplicity_counts():
    # two excitatory spikes at once (multiplicity 2) and an inhibitory one in the same step
    t, v, _ = record({}, 20.0, spikes=[([5.0, 5.0], 1.5, 1.0), ([5.0], -0.5, 1.0)])
    k = idx(t, 6.0)
    assert v[k - 1] == -70.0
    assert v[k] == pytest.approx(-70.0 + 2 * 1.5 - 0.5, abs=1e-12)


def test_superposition_with_a_constant_current():
    p = dict(I_e=200.0, tau_m=10.0, C_m=250.0)
    t, v, _ = record(p, 40.0, spikes=[([10.0], 3.0, 1.0)])
    base = v_step(t, -70.0, 200.0, 10.0, 250.0)
    psp = np.where(t >= 11.0 - 1e-9, 3.0 * np.exp(-(t - 11.0) / 10.0), 0.0)
    np.testing.assert_allclose(v, base + psp, rtol=0, atol=1e-9)


def test_regular_firing_under_a_constant_current():
    # From V_reset = E_L, V reaches V_th in the first step k with E_L + I R (1 - exp(-k dt/tau_m)) >= V_th;
    # then n_ref = t_ref/dt steps refractory, and the climb starts again from V_reset.
    I_e, tau_m, C_m, t_ref = 450.0, 10.0, 250.0, 2.0
    _, _, spikes = record(dict(I_e=I_e, t_ref=t_ref), 200.0)
    k = math.ceil(-tau_m / DT * math.log(1.0 - 15.0 / (I_e * tau_m / C_m)))
    n_ref = round(t_ref / DT)
    expected = (k + np.arange(len(spikes)) * (k + n_ref)) * DT
    assert len(spikes) == int((200.0 / DT - k) // (k + n_ref)) + 1
    np.testing.assert_allclose(spikes, expected, rtol=0, atol=1e-9)


def test_V_min_bounds_the_membrane_potential():
    t, v, _ = record(dict(V_min=-75.0), 30.0, spikes=[([5.0], -20.0, 1.0)])
    k = idx(t, 6.0)
    assert v[k] == -75.0
    np.testing.assert_allclose(v[k:], -70.0 - 5.0 * np.exp(-(t[k:] - 6.0) / 10.0), rtol=0, atol=1e-12)
    t, v, _ = record({}, 30.0, spikes=[([5.0], -20.0, 1.0)])  # default: no bound
    assert v[k] == pytest.approx(-90.0, abs=1e-12)


# ---- refractoriness and refractory_input -----------------------------------------------------------


def _refractory_run(refractory_input, late, t_ref=2.0, w_late=5.0, T=20.0):
    """A 20 mV spike arrives at 5 ms (the neuron fires there); w_late mV spikes arrive at the times in
    `late`, all during the refractory period (5, 5 + t_ref]."""
    return record(dict(refractory_input=refractory_input, t_ref=t_ref), T,
                  spikes=[([4.0], 20.0, 1.0), ([x - 1.0 for x in late], w_late, 1.0)])


def test_input_during_the_refractory_period_is_dropped_by_default():
    t, v, spikes = _refractory_run(False, [5.5, 6.2])
    np.testing.assert_allclose(spikes, [5.0])
    assert np.all(v == -70.0)  # reset at 5 ms, clamped, and the late input is lost


@pytest.mark.parametrize("late", [[5.1], [5.5], [7.0], [5.5, 6.2, 6.2]])
def test_refractory_input_is_applied_decayed_at_the_end_of_the_period(late):
    tau_m, t_ref, w = 10.0, 2.0, 5.0
    t, v, spikes = _refractory_run(True, late, t_ref=t_ref, w_late=w)
    np.testing.assert_allclose(spikes, [5.0])
    t_end = 5.0 + t_ref + DT  # the first sample after the refractory period
    k = idx(t, t_end)
    assert np.all(v[:k] == -70.0)  # clamped at V_reset while refractory
    expected = -70.0 + sum(w * np.exp(-(t[k:] - x) / tau_m) for x in late)
    np.testing.assert_allclose(v[k:], expected, rtol=0, atol=1e-12)
    # the same as a membrane that had received the spikes at their arrival times without a reset
    assert v[k] == pytest.approx(-70.0 + sum(w * math.exp(-(t_end - x) / tau_m) for x in late), abs=1e-12)


def test_buffered_refractory_input_can_make_the_neuron_fire_at_the_end_of_the_period():
    t, v, spikes = _refractory_run(True, [6.0], w_late=16.0, T=15.0)
    # 16 exp(-1.1/10) = 14.33 mV < 15: no spike; 17 exp(-1.1/10) = 15.23 mV: fires at 7.1 ms
    assert len(spikes) == 1
    t, v, spikes = _refractory_run(True, [6.0], w_late=17.0, T=15.0)
    np.testing.assert_allclose(spikes, [5.0, 7.1], atol=1e-9)
    assert v[idx(t, 7.1)] == -70.0


def test_refractory_input_can_be_read_and_switched():
    sim = nestor.Simulator()
    n = sim.create(nestor.iaf_psc_delta, 3, refractory_input=[True, False, True])
    np.testing.assert_array_equal(n.get("refractory_input"), [True, False, True])
    n.set(refractory_input=False)
    np.testing.assert_array_equal(n.get("refractory_input"), [False, False, False])


# ---- parameter checks (NEST's rules) ---------------------------------------------------------------


@pytest.mark.parametrize("bad,message", [
    (dict(V_reset=-55.0), "V_reset"),  # V_reset >= V_th
    (dict(V_reset=-50.0), "V_reset"),
    (dict(V_th=-71.0), "V_reset"),
    (dict(C_m=0.0), "C_m"),
    (dict(C_m=-10.0), "C_m"),
    (dict(tau_m=0.0), "tau_m"),
    (dict(tau_m=-1.0), "tau_m"),
    (dict(t_ref=-0.1), "t_ref"),
    (dict(refractory_input=2), "refractory_input"),
])
def test_parameter_checks(bad, message):
    sim = nestor.Simulator()
    with pytest.raises(nestor.BadValueError, match=message):
        sim.create(nestor.iaf_psc_delta, 1, **bad)
    n = sim.create(nestor.iaf_psc_delta, 1)
    with pytest.raises(nestor.BadValueError, match=message):
        n.set(**bad, I_e=100.0)
    # a refused set changes nothing
    assert mag(n.get("I_e"), u.pA)[0] == 0.0
    assert mag(n.get("V_th"), u.mV)[0] == -55.0 and mag(n.get("V_reset"), u.mV)[0] == -70.0
    assert mag(n.get("C_m"), u.pF)[0] == 250.0 and mag(n.get("tau_m"), u.ms)[0] == 10.0


def test_accepted_edge_values():
    sim = nestor.Simulator()
    n = sim.create(nestor.iaf_psc_delta, 1, t_ref=0.0, V_reset=-55.0001, V_min=-math.inf)
    assert mag(n.get("t_ref"), u.ms)[0] == 0.0


def test_changing_E_L_alone_keeps_the_absolute_values_stored_relative_to_it():
    # NEST (iaf_psc_delta.cpp, Parameters_::set / State_::set): V_th, V_reset, V_min and V_m not given
    # with the new E_L keep their absolute values (x -= delta_EL); given ones are taken as they are.
    sim = nestor.Simulator()
    n = sim.create(nestor.iaf_psc_delta, 1, V_min=-80.0)
    n.set(E_L=-60.0)
    assert mag(n.get("E_L"), u.mV)[0] == -60.0
    assert mag(n.get("V_th"), u.mV)[0] == -55.0
    assert mag(n.get("V_reset"), u.mV)[0] == -70.0
    assert mag(n.get("V_min"), u.mV)[0] == -80.0
    assert mag(n.get("V_m"), u.mV)[0] == -70.0
    n.set(E_L=-65.0, V_th=-50.0)
    assert mag(n.get("V_th"), u.mV)[0] == -50.0
    assert mag(n.get("V_reset"), u.mV)[0] == -70.0
    # The dynamics use the new E_L: V relaxes from -70 towards it.
    sr = sim.create(nestor.multimeter, record_from=["V_m"])
    sim.connect(sr, n)
    res = sim.simulate(200.0 * u.ms, progress=False)
    assert abs(mag(res.trace(sr, "V_m"), u.mV)[-1] - (-65.0)) < 1e-6


def test_ports_and_weight_unit():
    sim = nestor.Simulator()
    n = sim.create(nestor.iaf_psc_delta)
    sg = sim.create(nestor.spike_generator, spike_times=[1.0])
    dc = sim.create(nestor.dc_generator)
    with pytest.raises(nestor.IllegalConnectionError):
        sim.connect(sg, n, receptor_type=1)
    with pytest.raises(nestor.IllegalConnectionError):
        sim.connect(dc, n, receptor_type=1)
    with pytest.raises(nestor.DimensionError):
        sim.connect(sg, n, weight=2.0 * u.pA)
    sim.connect(sg, n, weight=2.0 * u.mV)
    sim.connect(dc, n)
