"""poisson_generator_ps: an independent Poisson train per target, each spike at its own time within the
step (NEST 3.9's poisson_generator_ps); with a dead time each train is a renewal process with intervals
dead_time + Exp(1/rate - dead_time), started in equilibrium. Seen through parrot_neuron_ps (which repeats
spikes with their offsets), the trains are Poisson processes in continuous time: counts per window
Poisson(rate T), inter-spike intervals exponential (Kolmogorov-Smirnov), spike times off the grid and
uniform within their steps. Fixed seeds; tolerances of 4 standard deviations or the stated test level."""

import numpy as np
import pytest
from scipy import stats

import nestor
from nestor import units as u

DT = 0.1


def trains(rate=500.0, n=200, T=1000.0, seed=3, parrot=nestor.parrot_neuron_ps, threads=1, dead_time=0.0):
    sim = nestor.Simulator(dt=DT * u.ms, seed=seed, threads=threads)
    pg = sim.create(nestor.poisson_generator_ps, 1, rate=rate, dead_time=dead_time)
    parrots = sim.create(parrot, n)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(pg, parrots, delay=1.0 * u.ms)
    sim.connect(parrots, sr)
    sp = sim.simulate(T * u.ms, progress=False).spikes(sr)
    t = np.asarray(u.get_mantissa(sp["times"] / u.ms), dtype=float)
    return t - 1.0, np.asarray(sp["senders"]) - int(parrots.global_ids[0])  # times without the delay


def test_rate_and_counts_are_poisson():
    rate, n, T = 500.0, 200, 1000.0
    t, s = trains(rate, n, T)
    t, s = t[t > 0.0], s[t > 0.0]
    counts = np.bincount(s, minlength=n)
    mean = rate * T / 1000.0 * (T - 0.1) / T
    assert abs(counts.mean() - mean) < 4 * np.sqrt(mean / n)
    assert abs(counts.var(ddof=1) / counts.mean() - 1.0) < 4 * np.sqrt(2.0 / (n - 1))  # Fano factor 1


def test_intervals_are_exponential_in_continuous_time():
    rate = 500.0
    t, s = trains(rate, 100, 1000.0)
    isi = np.concatenate([np.diff(np.sort(t[s == k])) for k in range(100)])
    assert stats.kstest(isi, "expon", args=(0.0, 1000.0 / rate)).pvalue > 1e-3
    assert np.mean(isi < 0.5 * DT) > 0.0  # two spikes within one step happen (continuous time)


def test_spike_times_are_uniform_within_their_steps():
    t, _ = trains(500.0, 100, 500.0)
    frac = (t / DT) % 1.0
    assert stats.kstest(frac, "uniform").pvalue > 1e-3


def test_grid_targets_receive_the_counts_in_the_step():
    t, _ = trains(500.0, 50, 200.0, parrot=nestor.parrot_neuron)
    assert len(t) > 1000
    assert np.allclose(np.round(t / DT), t / DT, atol=1e-9)  # grid parrots spike at step ends


@pytest.mark.parametrize("dead_time", [0.0, 0.7])
def test_trains_do_not_depend_on_threads(dead_time):
    a = trains(threads=1, dead_time=dead_time)
    b = trains(threads=2, dead_time=dead_time)
    order_a, order_b = np.lexsort((a[0], a[1])), np.lexsort((b[0], b[1]))
    np.testing.assert_array_equal(a[1][order_a], b[1][order_b])
    np.testing.assert_array_equal(a[0][order_a], b[0][order_b])


def test_dead_time_intervals_rate_and_cv():
    rate, dead, n, T = 500.0, 0.7, 100, 2000.0
    t, s = trains(rate, n, T, dead_time=dead)
    isi = np.concatenate([np.diff(np.sort(t[s == k])) for k in range(n)])
    assert isi.min() >= dead - 1e-9  # never closer than the dead time
    inv = 1000.0 / rate - dead
    assert stats.kstest(isi - dead, "expon", args=(0.0, inv)).pvalue > 1e-3  # shifted exponential
    mean_rate = len(t) / n / (T / 1000.0)
    assert abs(mean_rate - rate) < 4 * np.sqrt(rate * (1 - rate * dead / 1000.0) ** 2 / (n * T / 1000.0))  # CV^2 rate
    assert abs(isi.std() / isi.mean() - inv / (inv + dead)) < 0.02  # CV = 1 - rate * dead


def test_dead_time_trains_start_in_equilibrium():
    # Started at rest, a train with dead time would fire at the full rate only after a transient; NEST
    # draws the first spike from the backward recurrence time, so the rate is flat from the start.
    rate, dead, n = 400.0, 2.0, 2000
    t, _ = trains(rate, n, 20.0, dead_time=dead)
    early = np.sum((t > 0.0) & (t <= 2.0))
    expected = n * rate / 1000.0 * 2.0
    assert abs(early - expected) < 4 * np.sqrt(expected)


def test_rules():
    sim = nestor.Simulator()
    with pytest.raises(nestor.BadValueError, match="rate"):
        sim.create(nestor.poisson_generator_ps, 1, rate=-1.0)
    with pytest.raises(nestor.BadValueError, match="dead_time"):
        sim.create(nestor.poisson_generator_ps, 1, dead_time=-1.0)
    with pytest.raises(nestor.BadValueError, match="dead_time"):  # NEST: 1/rate must not be below it
        sim.create(nestor.poisson_generator_ps, 1, rate=1000.0, dead_time=1.5)
    pg = sim.create(nestor.poisson_generator_ps, 1)
    sr = sim.create(nestor.spike_recorder)
    with pytest.raises(nestor.IllegalConnectionError):
        sim.connect(pg, sr)
