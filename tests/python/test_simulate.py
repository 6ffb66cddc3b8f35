"""simulate() continues from where the network stands: splitting a run into several calls gives bitwise
the same result as one call; reset() returns to time 0 and reruns bitwise identically; res.times are
the end-of-step times of the call."""

import numpy as np
import pytest

import nestor
from nestor import units as u


def mag(q, unit):
    return np.asarray(u.get_mantissa(q / unit), dtype=float)


def tutorial_neuron():
    sim = nestor.Simulator(dt=0.1 * u.ms)
    n = sim.create(nestor.iaf_psc_alpha, 1, I_e=376.0 * u.pA)
    vm = sim.create(nestor.voltmeter)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(vm, n)
    sim.connect(n, sr)
    return sim, vm, sr


def small_network(seed=7):
    """Poisson input (two channels, with multiplicity), a spike_generator, recurrent connections with
    several delays, a dc_generator window and a parrot: every kind of state a split could lose."""
    sim = nestor.Simulator(dt=0.1 * u.ms, seed=seed)
    neurons = sim.create(nestor.iaf_psc_alpha, 4, I_e=[0.0, 100.0, 200.0, 300.0])
    noise = sim.create(nestor.poisson_generator, 2, rate=[60000.0, 12000.0] * u.Hz)
    sg = sim.create(nestor.spike_generator, 1, spike_times=[5.0, 250.0, 499.9, 500.0, 500.1, 501.0, 777.7],
                    spike_weights=[1.0, 2.0, 3.0, 1.5, 1.0, 0.5, 2.0])
    dc = sim.create(nestor.dc_generator, 1, amplitude=150.0, start=400.0, stop=600.0)
    parrot = sim.create(nestor.parrot_neuron, 1)
    mm = sim.create(nestor.multimeter, record_from=["V_m", "I_syn_ex", "I_syn_in"])
    sr = sim.create(nestor.spike_recorder)
    sim.connect(noise, neurons, weight=[1.2, -1.0] * u.pA, delay=1.0 * u.ms)
    sim.connect(sg, neurons, weight=80.0, delay=[1.5] * u.ms)
    sim.connect(dc, neurons[2:], delay=2.0)
    sim.connect(noise[0], parrot, delay=0.3)
    sim.connect(parrot, neurons[0], weight=5.0, delay=0.7)
    sim.connect(neurons, neurons, weight=np.full((4, 4), 20.0), delay=np.linspace(0.5, 3.3, 4))
    sim.connect(mm, neurons)
    sim.connect(neurons + parrot, sr)
    return sim, mm, sr


def run(sim, mm, sr, segments, var="V_m"):
    traces, times, senders, stimes, sample_times = [], [], [], [], []
    for T in segments:
        res = sim.simulate(T * u.ms, progress=False)
        traces.append(mag(res.trace(mm, var), u.mV if var == "V_m" else u.pA))
        sample_times.append(mag(res.sample_times(mm), u.ms))
        times.append(mag(res.times, u.ms))
        sp = res.spikes(sr)
        senders.append(np.asarray(sp["senders"]))
        stimes.append(mag(sp["times"], u.ms))
    cat = np.concatenate
    return cat(traces), cat(sample_times), cat(times), cat(senders), cat(stimes)


def assert_bitwise_equal(a, b):
    for x, y in zip(a, b):
        assert x.shape == y.shape
        assert np.array_equal(x, y), f"max difference {np.max(np.abs(x - y))}"


def test_two_calls_equal_one_call_tutorial_neuron():
    one = run(*tutorial_neuron(), [1000.0])
    two = run(*tutorial_neuron(), [500.0, 500.0])
    assert_bitwise_equal(one[:2] + one[3:], two[:2] + two[3:])
    assert len(one[4]) == 16  # the tutorial's 16 spikes
    np.testing.assert_allclose(two[2], one[2], rtol=0, atol=1e-9)


@pytest.mark.parametrize("segments", [[500.0, 500.0], [123.4, 376.6, 0.1, 499.9], [0.1] * 5 + [999.5]])
def test_split_calls_equal_one_call_network(segments):
    one = run(*small_network(), [1000.0])
    split = run(*small_network(), segments)
    assert_bitwise_equal(one[:2] + one[3:], split[:2] + split[3:])
    np.testing.assert_allclose(split[2], one[2], rtol=0, atol=1e-9)
    # The network is active (the comparison is not between silent runs).
    assert len(one[4]) > 50
    assert np.ptp(one[0]) > 5.0
    for var in ("I_syn_ex", "I_syn_in"):
        a = run(*small_network(), [1000.0], var=var)[0]
        b = run(*small_network(), segments, var=var)[0]
        assert np.array_equal(a, b)
        assert np.abs(a).max() > 1.0


def test_times_are_end_of_step_times_of_the_call():
    sim, vm, sr = tutorial_neuron()
    r1 = sim.simulate(500.0 * u.ms, progress=False)
    t1 = mag(r1.times, u.ms)
    assert len(t1) == 5000
    assert t1[0] == pytest.approx(0.1, abs=1e-12) and t1[-1] == pytest.approx(500.0, abs=1e-9)
    np.testing.assert_allclose(np.diff(t1), 0.1, rtol=0, atol=1e-9)
    assert sim.time.to(u.ms).magnitude == pytest.approx(500.0, abs=1e-9)
    assert r1.duration.to(u.ms).magnitude == pytest.approx(500.0, abs=1e-9)
    r2 = sim.simulate(500.0 * u.ms, progress=False)
    t2 = mag(r2.times, u.ms)
    assert len(t2) == 5000
    assert t2[0] == pytest.approx(500.1, abs=1e-9) and t2[-1] == pytest.approx(1000.0, abs=1e-9)
    np.testing.assert_allclose(mag(r2.sample_times(vm), u.ms), t2, rtol=0, atol=1e-9)
    assert sim.time.to(u.ms).magnitude == pytest.approx(1000.0, abs=1e-9)
    # The first Result stays valid after the second call.
    assert len(mag(r1.trace(vm, "V_m"), u.mV)) == 5000
    assert mag(r1.trace(vm, "V_m"), u.mV)[0, 0] == pytest.approx(-69.85, abs=0.005)


def test_each_call_returns_only_its_own_spikes():
    sim, vm, sr = tutorial_neuron()
    s1 = mag(sim.simulate(500.0, progress=False).spikes(sr)["times"], u.ms)
    s2 = mag(sim.simulate(500.0, progress=False).spikes(sr)["times"], u.ms)
    assert np.all(s1 <= 500.0) and np.all(s2 > 500.0)
    assert len(s1) + len(s2) == 16


def test_reset_returns_to_time_zero_and_reruns_identically():
    sim, mm, sr = small_network()
    first = run(sim, mm, sr, [300.0, 200.0])
    assert sim.time.to(u.ms).magnitude == pytest.approx(500.0)
    sim.reset()
    assert sim.time.to(u.ms).magnitude == 0.0
    second = run(sim, mm, sr, [300.0, 200.0])
    assert_bitwise_equal(first, second)
    assert mag(second[1], u.ms)[0] == pytest.approx(0.1)
    sim.reset()
    third = run(sim, mm, sr, [500.0])
    assert_bitwise_equal(first[:2] + first[3:], third[:2] + third[3:])


def test_reset_restores_the_initial_state_values():
    sim = nestor.Simulator()
    n = sim.create(nestor.iaf_psc_alpha, 2, V_m=[-60.0, -65.0], I_e=500.0)
    sim.simulate(30.0)
    assert n.get("V_m").magnitude.tolist() != [-60.0, -65.0]
    sim.reset()
    assert n.get("V_m").magnitude.tolist() == [-60.0, -65.0]


def test_two_simulators_do_not_interfere():
    a = run(*tutorial_neuron(), [1000.0])
    sim1, vm1, sr1 = tutorial_neuron()
    sim2, mm2, sr2 = small_network()
    r1 = sim1.simulate(400.0, progress=False)
    sim2.simulate(1000.0, progress=False)
    r1b = sim1.simulate(600.0, progress=False)
    v = np.concatenate([mag(r1.trace(vm1, "V_m"), u.mV), mag(r1b.trace(vm1, "V_m"), u.mV)])
    assert np.array_equal(v, a[0])


@pytest.mark.parametrize("change", ["nothing", "new nodes", "longer delay", "shorter delay"])
def test_spikes_in_flight_survive_changes_between_calls(change):
    """A spike sent at 9 ms with delay 5 ms is in flight when the first call ends at 10 ms; adding nodes
    or connections that change the delay range before the next call must not lose or move it: the PSC
    still peaks at 9 + 5 + tau_syn = 16 ms with the weight."""
    sim = nestor.Simulator(dt=0.1)
    sg = sim.create(nestor.spike_generator, 1, spike_times=[9.0])
    a = sim.create(nestor.iaf_psc_alpha)
    mm = sim.create(nestor.multimeter, record_from=["I_syn_ex"])
    sim.connect(sg, a, weight=100.0, delay=5.0)
    sim.connect(mm, a)
    r1 = sim.simulate(10.0)
    if change != "nothing":
        b = sim.create(nestor.iaf_psc_alpha, 3)
        if change == "longer delay":
            sim.connect(sg, b, weight=1.0, delay=20.0)
        if change == "shorter delay":
            sim.connect(a, b, weight=1.0, delay=0.1)
    r2 = sim.simulate(20.0)
    I = np.concatenate([mag(r.trace(mm, "I_syn_ex"), u.pA)[:, 0] for r in (r1, r2)])
    t = np.concatenate([mag(r.sample_times(mm), u.ms) for r in (r1, r2)])
    assert t[np.argmax(I)] == pytest.approx(16.0)
    assert I.max() == pytest.approx(100.0, rel=1e-12)
    assert np.all(I[t <= 14.0 + 1e-9] == 0.0)
