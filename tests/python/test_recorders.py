"""voltmeter, multimeter and spike_recorder with NEST's semantics: samples labelled with the end of their
step, at multiples of `interval` (shifted by `offset`), inside (start, stop]; spikes inside (start, stop];
Result's sample_times, trace, spikes, n_events and rate."""

import numpy as np
import pytest

import nestor
from nestor import units as u


def mag(q, unit):
    return np.asarray(u.get_mantissa(q / unit), dtype=float)


def driven_neuron(sim, **params):
    return sim.create(nestor.iaf_psc_alpha, 1, **({"I_e": 376.0} | params))


def reference_trace(T=30.0):
    """V_m of the tutorial neuron at every step (default interval = dt)."""
    sim = nestor.Simulator(dt=0.1)
    n = driven_neuron(sim)
    vm = sim.create(nestor.voltmeter)
    sim.connect(vm, n)
    res = sim.simulate(T)
    return mag(res.sample_times(vm), u.ms), mag(res.trace(vm, "V_m"), u.mV)[:, 0]


def value_at(times, values, t):
    k = np.flatnonzero(np.isclose(times, t, rtol=0, atol=1e-9))
    assert len(k) == 1
    return values[k[0]]


def test_default_interval_is_dt():
    sim = nestor.Simulator(dt=0.1)
    vm = sim.create(nestor.voltmeter)
    assert vm.get("interval").to(u.ms).magnitude.tolist() == pytest.approx([0.1])
    sim.connect(vm, driven_neuron(sim))
    res = sim.simulate(5.0)
    np.testing.assert_allclose(mag(res.sample_times(vm), u.ms), 0.1 * np.arange(1, 51), rtol=0, atol=1e-9)
    np.testing.assert_allclose(mag(res.sample_times(vm), u.ms), mag(res.times, u.ms), rtol=0, atol=1e-12)


@pytest.mark.parametrize("interval,offset,expected", [
    (1.0, 0.0, np.arange(1.0, 31.0)),
    (2.5, 0.0, np.arange(2.5, 30.01, 2.5)),
    (1.0, 0.5, np.arange(0.5, 30.0, 1.0)),
    (5.0, 3.2, np.arange(3.2, 30.0, 5.0)),
    (0.3, 0.0, np.arange(0.3, 30.01, 0.3)),
])
def test_interval_and_offset(interval, offset, expected):
    ref_t, ref_v = reference_trace()
    sim = nestor.Simulator(dt=0.1)
    vm = sim.create(nestor.voltmeter, interval=interval * u.ms, offset=offset)
    sim.connect(vm, driven_neuron(sim))
    res = sim.simulate(30.0)
    t = mag(res.sample_times(vm), u.ms)
    np.testing.assert_allclose(t, expected, rtol=0, atol=1e-9)
    v = mag(res.trace(vm, "V_m"), u.mV)
    assert v.shape == (len(expected), 1)
    # Each sample is the state at its time, the same as the every-step voltmeter shows there.
    np.testing.assert_array_equal(v[:, 0], [value_at(ref_t, ref_v, x) for x in t])


@pytest.mark.parametrize("start,stop,interval,expected", [
    (10.0, 20.0, 1.0, np.arange(11.0, 21.0)),
    (10.0, 20.0, 0.1, np.round(np.arange(10.1, 20.05, 0.1), 10)),
    (0.0, 5.0, 1.0, np.arange(1.0, 6.0)),
    (10.5, 12.0, 1.0, np.array([11.0, 12.0])),
    (25.0, np.inf, 1.0, np.arange(26.0, 31.0)),
    (40.0, 50.0, 1.0, np.zeros(0)),  # after the run: nothing
])
def test_start_and_stop(start, stop, interval, expected):
    ref_t, ref_v = reference_trace()
    sim = nestor.Simulator(dt=0.1)
    vm = sim.create(nestor.voltmeter, start=start, stop=stop, interval=interval)
    sim.connect(vm, driven_neuron(sim))
    res = sim.simulate(30.0)
    t = mag(res.sample_times(vm), u.ms)
    np.testing.assert_allclose(t, expected, rtol=0, atol=1e-9)
    v = mag(res.trace(vm, "V_m"), u.mV)[:, 0]
    np.testing.assert_array_equal(v, [value_at(ref_t, ref_v, x) for x in t])
    assert res.n_events(vm) == len(expected)


@pytest.mark.parametrize("start,stop,expected", [
    (0.0, np.inf, [5.0, 8.0, 11.0, 14.0, 17.0, 20.0, 23.0, 26.0, 29.0]),
    (20.0, 30.0, [23.0, 26.0, 29.0]),  # NEST's rule as the devices issue states it
])
def test_interval_offset_with_window(start, stop, expected):
    sim = nestor.Simulator(dt=0.1)
    mm = sim.create(nestor.multimeter, record_from=["V_m"], interval=3.0, offset=5.0, start=start, stop=stop)
    sim.connect(mm, driven_neuron(sim))
    res = sim.simulate(30.0)
    np.testing.assert_allclose(mag(res.sample_times(mm), u.ms), expected, rtol=0, atol=1e-9)


def test_sampling_continues_across_calls():
    sim = nestor.Simulator(dt=0.1)
    vm = sim.create(nestor.voltmeter, interval=1.0, start=2.0, stop=8.0)
    sim.connect(vm, driven_neuron(sim))
    t1 = mag(sim.simulate(5.5).sample_times(vm), u.ms)
    t2 = mag(sim.simulate(4.5).sample_times(vm), u.ms)
    np.testing.assert_allclose(t1, [3.0, 4.0, 5.0], rtol=0, atol=1e-9)
    np.testing.assert_allclose(t2, [6.0, 7.0, 8.0], rtol=0, atol=1e-9)


def test_multimeter_samples_by_nodes():
    """Three neurons, three variables: each trace is samples x nodes, in connection order, and every
    column is that node's own state (distinct drives make the columns distinguishable)."""
    sim = nestor.Simulator(dt=0.1)
    neurons = sim.create(nestor.iaf_psc_alpha, 3, I_e=[0.0, 100.0, 200.0])
    sg = sim.create(nestor.spike_generator, 1, spike_times=[2.0])
    mm = sim.create(nestor.multimeter, record_from=["V_m", "I_syn_ex", "I_syn_in"], interval=0.5)
    sim.connect(sg, neurons[0], weight=50.0, delay=1.0)
    sim.connect(sg, neurons[2], weight=-30.0, delay=1.0)
    order = neurons[2] + neurons[0] + neurons[1]
    sim.connect(mm, order)
    res = sim.simulate(20.0)
    t = mag(res.sample_times(mm), u.ms)
    np.testing.assert_allclose(t, 0.5 * np.arange(1, 41), rtol=0, atol=1e-9)
    assert list(res.senders(mm)) == [3, 1, 2]
    V = mag(res.trace(mm, "V_m"), u.mV)
    Iex = mag(res.trace(mm, "I_syn_ex"), u.pA)
    Iin = mag(res.trace(mm, "I_syn_in"), u.pA)
    for x in (V, Iex, Iin):
        assert x.shape == (40, 3)
    assert res.trace(mm, "V_m").units == u.mV and res.trace(mm, "I_syn_ex").units == u.pA
    # Column 1 is neuron 1 (no I_e, excitatory PSC of peak 50 pA at 2 + 1 + tau_syn = 5 ms).
    assert Iex[:, 1].max() == pytest.approx(50.0, rel=1e-12) and t[np.argmax(Iex[:, 1])] == pytest.approx(5.0)
    assert np.all(Iin[:, 1] == 0.0)
    # Column 0 is neuron 3 (inhibitory PSC of peak -30 pA); column 2 is neuron 2 (no input at all).
    assert Iin[:, 0].min() == pytest.approx(-30.0, rel=1e-12) and np.all(Iex[:, 0] == 0.0)
    assert np.all(Iex[:, 2] == 0.0) and np.all(Iin[:, 2] == 0.0)
    # V of neuron 2 is the closed-form step response to 100 pA.
    np.testing.assert_allclose(V[:, 2], -70.0 + 100.0 * 10.0 / 250.0 * (1 - np.exp(-t / 10.0)), rtol=0, atol=1e-9)
    assert res.n_events(mm) == 40 * 3


def test_two_multimeters_on_overlapping_nodes():
    sim = nestor.Simulator(dt=0.1)
    neurons = sim.create(nestor.iaf_psc_alpha, 3, I_e=[50.0, 100.0, 150.0])
    a = sim.create(nestor.multimeter, record_from=["V_m"])
    b = sim.create(nestor.voltmeter, interval=2.0)
    sim.connect(a, neurons[:2])
    sim.connect(b, neurons[1:])
    res = sim.simulate(10.0)
    va, vb = mag(res.trace(a, "V_m"), u.mV), mag(res.trace(b, "V_m"), u.mV)
    assert va.shape == (100, 2) and vb.shape == (5, 2)
    np.testing.assert_array_equal(vb[:, 0], va[19::20, 1])  # neuron 2 in both


def spike_setup(**sr_params):
    sim = nestor.Simulator(dt=0.1)
    sg = sim.create(nestor.spike_generator, 1, spike_times=[5.0, 10.0, 10.1, 15.0, 20.0, 20.1, 25.0])
    sg += sim.create(nestor.spike_generator, 1, spike_times=[1.0, 10.0, 20.0, 20.2, 29.9])
    sr = sim.create(nestor.spike_recorder, **sr_params)
    sim.connect(sg, sr)
    return sim, sr


@pytest.mark.parametrize("start,stop,expected", [
    (0.0, np.inf, [(1.0, 2), (5.0, 1), (10.0, 1), (10.0, 2), (10.1, 1), (15.0, 1), (20.0, 1), (20.0, 2), (20.1, 1),
                   (20.2, 2), (25.0, 1), (29.9, 2)]),
    (10.0, 20.0, [(10.1, 1), (15.0, 1), (20.0, 1), (20.0, 2)]),
    (20.0, 25.0, [(20.1, 1), (20.2, 2), (25.0, 1)]),
])
def test_spike_recorder_start_stop(start, stop, expected):
    sim, sr = spike_setup(start=start, stop=stop)
    res = sim.simulate(30.0)
    sp = res.spikes(sr)
    assert set(sp) >= {"senders", "times"}
    got = list(zip(np.round(mag(sp["times"], u.ms), 6), np.asarray(sp["senders"]).tolist()))
    assert got == expected  # sorted by time, then sender
    assert res.n_events(sr) == len(expected)


def test_spike_recorder_across_calls():
    sim, sr = spike_setup(start=10.0, stop=20.0)
    s1 = sim.simulate(15.0).spikes(sr)
    s2 = sim.simulate(15.0).spikes(sr)
    np.testing.assert_allclose(mag(s1["times"], u.ms), [10.1, 15.0], rtol=0, atol=1e-9)
    np.testing.assert_allclose(mag(s2["times"], u.ms), [20.0, 20.0], rtol=0, atol=1e-9)
    assert list(s2["senders"]) == [1, 2]


def test_rate_and_n_events():
    sim = nestor.Simulator(dt=0.1)
    neurons = sim.create(nestor.iaf_psc_alpha, 3, I_e=[376.0, 376.0, 0.0])
    sr = sim.create(nestor.spike_recorder)
    sim.connect(neurons, sr)
    res = sim.simulate(1000.0)
    # 16 spikes each for the two driven neurons, none for the third: 32 / 3 nodes / 1 s.
    assert res.n_events(sr) == 32
    assert res.rate(sr) == pytest.approx(32 / 3, rel=1e-12)
    senders = np.asarray(res.spikes(sr)["senders"])
    assert np.sum(senders == 1) == 16 and np.sum(senders == 2) == 16 and np.sum(senders == 3) == 0
    # rate is per call: spikes at 59.3 + 61.3 k ms, k = 16..23 in (1000, 1500]: 8 each, over 0.5 s.
    res2 = sim.simulate(500.0)
    assert res2.n_events(sr) == 16
    assert res2.rate(sr) == pytest.approx(16 / 3 / 0.5, rel=1e-12)


def test_rate_of_a_recorder_without_sources():
    sim = nestor.Simulator()
    sr = sim.create(nestor.spike_recorder)
    res = sim.simulate(10.0)
    assert res.rate(sr) == 0.0 and res.n_events(sr) == 0
    assert len(res.spikes(sr)["times"]) == 0


def test_result_methods_refuse_the_wrong_recorder_kind():
    sim = nestor.Simulator()
    n = driven_neuron(sim)
    vm, sr = sim.create(nestor.voltmeter), sim.create(nestor.spike_recorder)
    sim.connect(vm, n)
    sim.connect(n, sr)
    res = sim.simulate(5.0)
    with pytest.raises(nestor.NestorError):
        res.spikes(vm)
    with pytest.raises(nestor.NestorError):
        res.trace(sr, "V_m")
    with pytest.raises(nestor.NestorError):
        res.sample_times(n)
