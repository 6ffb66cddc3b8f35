"""bernoulli_synapse: each spike passes with probability p_transmit (NEST 3.9's models/bernoulli_synapse.h):
statistics over fixed seeds within 4 standard deviations, an event of multiplicity 2 (one draw, as NEST),
the limits p = 0 and 1, only transmitted spikes reach a weight_recorder, threads and bad input."""

import math

import numpy as np
import pytest

import nestor
from nestor import units as u


def run(p, gen_times, n_post=200, threads=1, seed=1):
    sim = nestor.Simulator(dt=0.1 * u.ms, threads=threads, seed=seed)
    pre, post = sim.create(nestor.parrot_neuron, 1), sim.create(nestor.parrot_neuron, n_post)
    sim.connect(sim.create(nestor.spike_generator, 1, spike_times=gen_times), pre)
    sim.connect(pre, post, synapse=nestor.bernoulli_synapse(weight=1.0, delay=1.0 * u.ms, p_transmit=p))
    sr = sim.create(nestor.spike_recorder)
    sim.connect(post, sr)
    ev = sim.simulate((max(gen_times) + 5.0) * u.ms).events(sr, units=False)
    return np.asarray(ev["senders"]), np.asarray(ev["times"])


TIMES = [5.0 + 2.0 * k for k in range(100)]


@pytest.mark.parametrize("p", [0.2, 0.7])
def test_transmitted_fraction(p):
    senders, times = run(p, TIMES)
    trials = 200 * len(TIMES)
    assert abs(len(times) / trials - p) < 4 * math.sqrt(p * (1 - p) / trials)
    # every arrival is one of the presynaptic spikes, 1 ms (parrot) + 1 ms (delay) after the generator's
    assert set(np.round(times - 2.0, 6)) <= set(TIMES)
    counts = np.bincount(senders)[2:]
    assert counts.std() > 0  # independent draws per connection


def test_weight_recorder_sees_transmitted_spikes_only():
    sim = nestor.Simulator(dt=0.1 * u.ms, seed=2)
    pre, post = sim.create(nestor.parrot_neuron, 1), sim.create(nestor.parrot_neuron, 50)
    sim.connect(sim.create(nestor.spike_generator, 1, spike_times=TIMES[:20]), pre)
    wr = sim.create(nestor.weight_recorder)
    sim.connect(pre, post, synapse=nestor.bernoulli_synapse(weight=2.0, p_transmit=0.4, weight_recorder=wr))
    sr = sim.create(nestor.spike_recorder)
    sim.connect(post, sr)
    res = sim.simulate(60.0 * u.ms)
    ev, sp = res.events(wr, units=False), res.events(sr, units=False)
    assert 0 < len(ev["times"]) < 50 * 20
    assert sorted(zip(ev["targets"], np.round(np.asarray(ev["times"]) + 1.0, 6))) == sorted(
        zip(sp["senders"], np.round(sp["times"], 6)))


def test_limits():
    assert len(run(0.0, TIMES[:20])[1]) == 0
    assert len(run(1.0, TIMES[:20])[1]) == 200 * 20


def test_multiplicity_passes_whole():
    """Two spikes in one step (the parrot sends one event of multiplicity 2): NEST 3.9 draws once per event
    (it assumes multiplicity 1), so both spikes pass together, with probability p."""
    p = 0.3
    doubled = sorted(TIMES + TIMES)
    senders, times = run(p, doubled)
    per = {}
    for s, t in zip(senders, np.round(times, 6)):
        per[(s, t)] = per.get((s, t), 0) + 1
    assert set(per.values()) == {2}
    trials = 200 * len(TIMES)
    assert abs(len(per) / trials - p) < 4 * math.sqrt(p * (1 - p) / trials)


def test_one_and_two_threads_identical():
    a = run(0.5, TIMES[:40], threads=1, seed=9)
    b = run(0.5, TIMES[:40], threads=2, seed=9)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    c = run(0.5, TIMES[:40], threads=1, seed=10)
    assert len(a[1]) != len(c[1]) or not np.array_equal(a[0], c[0])


def test_bad_input_and_round_trip():
    sim = nestor.Simulator(dt=0.1 * u.ms)
    x, y = sim.create(nestor.iaf_psc_alpha, 1), sim.create(nestor.iaf_psc_alpha, 1)
    for bad in (-0.1, 1.5):
        with pytest.raises(nestor.BadValueError, match=f"p_transmit = {bad}"):
            sim.connect(x, y, synapse=nestor.bernoulli_synapse(p_transmit=bad))
    with pytest.raises(nestor.DimensionError, match="p_transmit"):
        sim.connect(x, y, synapse=nestor.bernoulli_synapse(p_transmit=0.5 * u.ms))
    assert sim.num_connections == 0
    sim.connect(x, y, synapse=nestor.bernoulli_synapse(p_transmit=0.25, weight=3.0))
    c = sim.get_connections(x, y)
    assert c.get("p_transmit")[0] == 0.25 and c.get("weight")[0] == 3.0
    c.set(p_transmit=0.75)
    assert c.get("p_transmit")[0] == 0.75
    with pytest.raises(nestor.BadValueError, match="p_transmit"):
        c.set(p_transmit=2.0)
    assert c.get("p_transmit")[0] == 0.75
