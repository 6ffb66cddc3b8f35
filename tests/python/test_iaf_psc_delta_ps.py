"""iaf_psc_delta_ps (precise spike timing) against closed-form solutions, and NEST 3.9's rules for it:

    dV/dt = -(V - E_L)/tau_m + I_e/C_m + sum_k w_k delta(t - t_k)        (w_k in mV)

Input spikes act at their exact (off-grid) times; output spikes are placed where V crosses V_th:
under a current I from V_reset = E_L the first crossing is at t* = tau_m ln(R I / (R I - (V_th - E_L)))
(R = tau_m/C_m) whatever the step, and after each spike V stays at V_reset for exactly t_ref.
(The NEST reference case iaf_psc_delta_ps__standard runs in tests/validation/test_nest_cases.py.)"""

import math

import numpy as np
import pytest

import nestor
from nestor import units as u

MODEL = nestor.iaf_psc_delta_ps
DTS = [2.0**-k for k in range(11)]


def mag(q, unit):
    return np.asarray(u.get_mantissa(q / unit), dtype=float)


def run(params, T, dt=0.1, spikes=(), interval=None):
    """spikes: (times, weight in mV, delay in ms) per precise spike_generator."""
    sim = nestor.Simulator(dt=dt * u.ms)
    n = sim.create(MODEL, 1, **params)
    mm = sim.create(nestor.multimeter, record_from=["V_m"], interval=(interval or dt) * u.ms)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(mm, n)
    sim.connect(n, sr)
    for times, w, d in spikes:
        sg = sim.create(nestor.spike_generator, 1, spike_times=list(times), precise_times=True)
        sim.connect(sg, n, weight=w * u.mV, delay=d * u.ms)
    res = sim.simulate(T * u.ms, progress=False)
    t = mag(res.sample_times(mm), u.ms)
    return t, mag(res.trace(mm, "V_m"), u.mV)[:, 0], mag(res.spikes(sr)["times"], u.ms)


def v_dc(t, I, E_L=-70.0, tau_m=10.0, C_m=250.0):
    return E_L + I * tau_m / C_m * (1.0 - np.exp(-t / tau_m))


def test_defaults_and_recordables():
    d = MODEL.defaults()
    assert d["E_L"] == (-70.0, "mV") and d["C_m"] == (250.0, "pF") and d["tau_m"] == (10.0, "ms")
    assert d["t_ref"] == (2.0, "ms") and d["V_th"] == (-55.0, "mV") and d["V_reset"] == (-70.0, "mV")
    assert d["I_e"] == (0.0, "pA") and d["V_m"] == (-70.0, "mV")
    assert d["V_min"][0] == -np.finfo(float).max
    assert MODEL.recordables == ["V_m"]
    assert MODEL.weight_unit == "mV"


@pytest.mark.parametrize("dt", DTS)
def test_dc_response_at_5_ms_for_every_step_size(dt):
    t, v, spikes = run(dict(I_e=300.0), 5.0, dt=dt, interval=1.0)
    assert t[-1] == 5.0
    assert abs(v[-1] - v_dc(5.0, 300.0)) <= 1e-12
    np.testing.assert_allclose(v, v_dc(t, 300.0), rtol=0, atol=1e-12)
    assert len(spikes) == 0


@pytest.mark.parametrize("dt", DTS)
def test_first_spike_time_and_regular_firing_for_every_step_size(dt):
    I, t_ref = 450.0, 2.0
    RI = I * 10.0 / 250.0
    t_star = 10.0 * math.log(RI / (RI - 15.0))  # = 10 ln 6
    _, _, spikes = run(dict(I_e=I, t_ref=t_ref), 60.0, dt=dt, interval=1.0)
    assert abs(spikes[0] - t_star) <= 1e-12
    expected = t_star + np.arange(len(spikes)) * (t_ref + t_star)
    assert len(spikes) == int((60.0 - t_star) // (t_ref + t_star)) + 1
    np.testing.assert_allclose(spikes, expected, rtol=0, atol=1e-12)


@pytest.mark.parametrize("t_s,d,w", [(3.1234567, 1.0, 2.5), (7.77, 0.3, -4.0), (2.05, 2.5, 1.0)])
def test_psp_of_one_off_grid_input_spike(t_s, d, w):
    I = 200.0
    t, v, spikes = run(dict(I_e=I), 30.0, spikes=[([t_s], w, d)])
    t_a = t_s + d
    expected = v_dc(t, I) + np.where(t >= t_a, w * np.exp(-(t - t_a) / 10.0), 0.0)
    np.testing.assert_allclose(v, expected, rtol=0, atol=1e-12)
    assert len(spikes) == 0


def test_an_input_that_crosses_threshold_fires_at_its_exact_time_then_t_ref_of_reset():
    I, t_s, d, t_ref = 300.0, 4.321, 1.0, 2.0
    t, v, spikes = run(dict(I_e=I, t_ref=t_ref), 20.0, spikes=[([t_s, t_s + 1.5], 20.0, d)])
    t_a = t_s + d
    np.testing.assert_allclose(spikes, [t_a], rtol=0, atol=1e-12)  # the second input is refractory
    refr = (t >= t_a) & (t <= t_a + t_ref)
    assert np.all(v[refr] == -70.0)
    after = t > t_a + t_ref
    np.testing.assert_allclose(v[after], v_dc(t[after] - (t_a + t_ref), I), rtol=0, atol=1e-12)


def test_simultaneous_inputs_add():
    t, v, _ = run({}, 10.0, spikes=[([2.345, 2.345], 1.5, 1.0), ([2.345], -0.5, 1.0)])
    k = np.searchsorted(t, 3.345)
    np.testing.assert_allclose(v[k:], -70.0 + 2.5 * np.exp(-(t[k:] - 3.345) / 10.0), rtol=0, atol=1e-12)


def test_V_min_bounds_the_potential_at_the_end_of_a_step():
    t, v, _ = run(dict(I_e=-500.0, V_min=-75.0), 20.0)
    assert v.min() == -75.0 and np.all(v[t > 2.9] == -75.0)  # reached at 10 ln(4/3) ms
    np.testing.assert_allclose(v[t < 2.8], v_dc(t[t < 2.8], -500.0), rtol=0, atol=1e-12)


def test_membrane_set_above_threshold_fires_at_the_start_of_the_step():
    _, v, spikes = run(dict(V_m=-50.0), 1.0)
    assert len(spikes) == 1 and 0.0 < spikes[0] < 1e-12
    assert v[0] == -70.0


@pytest.mark.parametrize("bad,message", [
    (dict(V_reset=-55.0), "V_reset"),  # V_reset >= V_th
    (dict(V_th=-71.0), "V_reset"),
    (dict(V_min=-60.0), "V_reset"),  # V_reset < V_min
    (dict(C_m=0.0), "C_m"),
    (dict(tau_m=0.0), "tau_m"),
    (dict(tau_m=-1.0), "tau_m"),
    (dict(t_ref=-1.0), "t_ref"),
])
def test_parameter_checks(bad, message):
    sim = nestor.Simulator()
    with pytest.raises(nestor.BadValueError, match=message):
        sim.create(MODEL, 1, **bad)
    n = sim.create(MODEL, 1)
    with pytest.raises(nestor.BadValueError, match=message):
        n.set(**bad, I_e=100.0)
    assert mag(n.get("I_e"), u.pA)[0] == 0.0


def test_t_ref_must_span_one_step():
    sim = nestor.Simulator(dt=0.1 * u.ms)
    sim.create(MODEL, 1, t_ref=0.05)
    with pytest.raises(nestor.BadValueError, match="t_ref"):
        sim.simulate(1.0 * u.ms, progress=False)
    sim = nestor.Simulator(dt=0.1 * u.ms)
    sim.create(MODEL, 1, t_ref=0.1, V_reset=-60.0, V_min=-60.0)  # edge values accepted
    sim.simulate(1.0 * u.ms, progress=False)


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
        sim.connect(sg, n, weight=2.0 * u.pA)
    sim.connect(sg, n, weight=2.0 * u.mV)
    sim.connect(dc, n)


def test_simultaneous_inputs_are_summed_before_the_threshold_test():
    # +20 mV alone would cross V_th, but a -10 mV spike at the same time is added first (NEST sums
    # spikes with equal times): no spike, V ends 10 mV above rest.
    t, v, spikes = run({}, 10.0, spikes=[([2.345], 20.0, 1.0), ([2.345], -10.0, 1.0)])
    assert len(spikes) == 0
    k = np.searchsorted(t, 3.345)
    np.testing.assert_allclose(v[k:], -70.0 + 10.0 * np.exp(-(t[k:] - 3.345) / 10.0), rtol=0, atol=1e-12)
    _, _, spikes = run({}, 10.0, spikes=[([2.345], 20.0, 1.0), ([2.3451], -10.0, 1.0)])
    np.testing.assert_allclose(spikes, [3.345], rtol=0, atol=1e-12)


@pytest.mark.parametrize("threads", [1, 2])
def test_off_grid_spikes_travel_between_precise_neurons(threads):
    # A fires at t* = 10 ln 6 (DC drive); B receives each spike after the delay d at its exact time.
    I, d, w = 450.0, 1.3, 3.0
    t_star = 10.0 * math.log(6.0)
    sim = nestor.Simulator(dt=0.1 * u.ms, threads=threads)
    a = sim.create(MODEL, 1, I_e=I)
    b = sim.create(MODEL, 3)
    mm = sim.create(nestor.multimeter, record_from=["V_m"])
    sr = sim.create(nestor.spike_recorder)
    sim.connect(a, b, weight=w * u.mV, delay=d * u.ms)
    sim.connect(mm, b)
    sim.connect(a, sr)
    res = sim.simulate(25.0 * u.ms, progress=False)
    np.testing.assert_allclose(mag(res.spikes(sr)["times"], u.ms), [t_star], rtol=0, atol=1e-12)
    t = mag(res.sample_times(mm), u.ms)
    v = mag(res.trace(mm, "V_m"), u.mV)
    t_a = t_star + d
    expected = -70.0 + np.where(t >= t_a, w * np.exp(-(t - t_a) / 10.0), 0.0)
    for j in range(3):
        np.testing.assert_allclose(v[:, j], expected, rtol=0, atol=1e-12)
