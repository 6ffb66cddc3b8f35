"""spike_dilutor (NEST 3.9): relays the spikes it receives; every target receives each of them independently
with probability p_copy (event_mode::binomial). Like a parrot it ignores the weight and re-emits in the step
a spike arrives, so a source spike at t reaches a target at t + d_in + d_out. Fixed seeds, 4 sd."""

import math

import numpy as np
import pytest

import nestor
from nestor import units as u
from spike_gen_helpers import DT, mag


def diluted(p_copy=0.5, n=10, source_times=None, T=None, seed=1, threads=1, weight=1.0, **params):
    source_times = np.arange(1.0, 2001.0, 1.0) if source_times is None else np.asarray(source_times)
    T = T or float(source_times.max()) + 5.0
    sim = nestor.Simulator(dt=DT * u.ms, seed=seed, threads=threads)
    sg = sim.create(nestor.spike_generator, spike_times=source_times.tolist())
    dil = sim.create(nestor.spike_dilutor, p_copy=p_copy, **params)
    parrots = sim.create(nestor.parrot_neuron, n)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(sg, dil, delay=1.0, weight=weight)
    sim.connect(dil, parrots, delay=2.0)
    sim.connect(parrots, sr)
    sp = sim.simulate(T * u.ms, progress=False).spikes(sr)
    t, s = mag(sp["times"], u.ms), np.asarray(sp["senders"]) - int(parrots.global_ids[0])
    o = np.lexsort((t, s))
    return t[o], s[o], source_times


def test_each_target_receives_a_fraction_p_copy():
    p, n = 0.3, 20
    t, s, src = diluted(p, n, seed=2)
    counts = np.bincount(s, minlength=n)
    N = len(src)
    assert np.all(np.abs(counts - p * N) < 4.5 * math.sqrt(N * p * (1 - p)))
    assert abs(counts.sum() - n * p * N) < 4 * math.sqrt(n * N * p * (1 - p))


def test_relayed_spikes_keep_their_times():
    t, s, src = diluted(0.5, 5, seed=3, weight=-3.7)  # the weight is ignored
    assert len(t) > 2000
    assert np.all(np.isin(np.round(t - 3.0, 6), np.round(src, 6)))


def test_targets_are_thinned_independently():
    p, n = 0.5, 8
    t, s, src = diluted(p, n, seed=4)
    k = np.round((t - 3.0) / 1.0).astype(int)
    x = np.zeros((n, len(src) + 2))
    for j in range(n):
        x[j, k[s == j]] = 1.0
    x = x[:, 1 : len(src) + 1]
    r = np.corrcoef(x)[np.triu_indices(n, 1)]
    assert np.all(np.abs(r) < 4 / math.sqrt(len(src)))
    both = (x[0] * x[1]).sum()
    assert abs(both - p * p * len(src)) < 4 * math.sqrt(len(src) * p * p * (1 - p * p))


def test_multiplicity_is_thinned_spike_by_spike():
    # Three source spikes at the same time arrive as one event of multiplicity 3.
    src = np.repeat(np.arange(1.0, 1001.0, 1.0), 3)
    p, n = 0.4, 10
    t, s, _ = diluted(p, n, source_times=src, seed=5)
    per = np.array([np.bincount(np.round(t[s == j] - 3.0).astype(int), minlength=1002)[1:1001] for j in range(n)])
    assert per.max() <= 3
    # Binomial(3, p) per source time: mean 3p, variance 3p(1 - p).
    assert abs(per.mean() - 3 * p) < 4 * math.sqrt(3 * p * (1 - p) / per.size)
    assert abs(per.var() / (3 * p * (1 - p)) - 1.0) < 4 * math.sqrt(2.0 / per.size) * 1.5


def test_p_copy_one_relays_everything_and_zero_nothing():
    t, s, src = diluted(1.0, 3, seed=6)
    assert np.array_equal(np.bincount(s), [len(src)] * 3)
    t, s, src = diluted(0.0, 3, seed=6)
    assert len(t) == 0


def test_does_not_depend_on_threads():
    a = diluted(0.5, 20, seed=7, threads=1)
    b = diluted(0.5, 20, seed=7, threads=2)
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])


def test_activity_window():
    t, s, src = diluted(1.0, 2, seed=8, start=500.0, stop=1000.0)
    # Checked at the start of each 1 ms slice (min delay): relayed spikes arrive at the dilutor in
    # steps within (500, 1000] ms; spikes at t arrive in the step ending t + 1 ms.
    relayed = np.unique(np.round(t - 3.0, 6))
    assert relayed.min() >= 499.0 and relayed.max() <= 1000.0
    assert 495 <= len(relayed) <= 501


def test_rejects_currents_and_other_ports():
    sim = nestor.Simulator(dt=DT * u.ms)
    dil = sim.create(nestor.spike_dilutor)
    dc = sim.create(nestor.dc_generator)
    with pytest.raises(nestor.IllegalConnectionError):
        sim.connect(dc, dil)
    sg = sim.create(nestor.spike_generator)
    with pytest.raises(nestor.IllegalConnectionError):
        sim.connect(sg, dil, receptor_type=1)


@pytest.mark.parametrize("p", [-0.5, 1.5])
def test_rule_p_copy_in_0_1(p):
    sim = nestor.Simulator(dt=DT * u.ms)
    with pytest.raises(nestor.BadValueError, match="p_copy"):
        sim.create(nestor.spike_dilutor, p_copy=p)
