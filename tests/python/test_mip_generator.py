"""mip_generator (NEST 3.9): one mother Poisson train of rate `rate`; every target receives each mother spike
independently with probability p_copy (event_mode::binomial: a Binomial(multiplicity, p_copy) count per
connection). Each child train is Poisson with rate * p_copy; two children are correlated with coefficient
p_copy (counts in any bins: Cov = p^2 lambda, Var = p lambda). Fixed seeds, 4 standard deviations."""

import math

import numpy as np
import pytest

import nestor
from spike_gen_helpers import DT, parrot_trains

MIP = nestor.mip_generator


def per_step(t, s, n, n_steps):
    k = np.round(t / DT).astype(np.int64)
    return np.array([np.bincount(k[s == j], minlength=n_steps + 1) for j in range(n)], dtype=float)


def test_child_rate_is_rate_times_p_copy():
    rate, p, n, T = 500.0, 0.3, 20, 2000.0
    t, s = parrot_trains(MIP, n, T=T, seed=2, rate=rate, p_copy=p)
    # Emitted in steps 1 .. T/DT - 11, arriving in (0, T] after 1 ms.
    mean = rate * p * (T - 1.0 - DT) / 1000.0
    counts = np.bincount(s, minlength=n)
    assert np.all(np.abs(counts - mean) < 4.5 * math.sqrt(mean))
    # The total over children is not a sum of independent trains: its variance is larger.
    assert abs(counts.sum() - n * mean) < 4 * math.sqrt(n * mean * (1 + (n - 1) * p))


@pytest.mark.parametrize("p", [0.2, 0.7])
def test_pairwise_correlation_is_p_copy(p):
    rate, n, T = 1000.0, 10, 3000.0
    t, s = parrot_trains(MIP, n, T=T, seed=3, rate=rate, p_copy=p)
    c = per_step(t, s, n, 30000)[:, 12:]
    r = np.corrcoef(c)[np.triu_indices(n, 1)]
    nb = c.shape[1]
    assert np.all(np.abs(r - p) < 4 * (1 - p * p) / math.sqrt(nb) + 0.01)
    assert abs(r.mean() - p) < 4 * (1 - p * p) / math.sqrt(nb)
    assert abs(r.mean() - (p + 0.1)) > 4 * (1 - p * p) / math.sqrt(nb)  # the test tells 0.1 apart


def test_children_are_poisson():
    rate, p, n, T = 800.0, 0.5, 10, 3000.0
    t, s = parrot_trains(MIP, n, T=T, seed=4, rate=rate, p_copy=p)
    edges = np.arange(2.0, T + 1e-6, 10.0) + 1e-6
    c = np.array([np.histogram(t[s == j], edges)[0] for j in range(n)])
    for row in c:
        assert abs(row.var(ddof=1) / row.mean() - 1.0) < 4 * math.sqrt(2.0 / (len(row) - 1))


def test_children_spike_only_with_the_mother():
    # Every child spike is a mother spike: with p_copy = 1 all children are the mother train.
    t, s = parrot_trains(MIP, 5, T=500.0, seed=5, rate=400.0, p_copy=1.0)
    first = t[s == 0]
    assert len(first) > 100
    for j in range(1, 5):
        assert np.array_equal(t[s == j], first)
    # With p_copy < 1 the union of the children's spike times has no times outside a mother train, so
    # the coincidences of two children are p_copy^2 times the mother's spikes.
    rate, p, n, T = 500.0, 0.5, 2, 4000.0
    t, s = parrot_trains(MIP, n, T=T, seed=6, rate=rate, p_copy=p)
    c = per_step(t, s, n, 40000)
    both = np.minimum(c[0], c[1]).sum()
    mother = rate * (T - 1.1) / 1000.0
    assert abs(both - p * p * mother) < 4 * math.sqrt(p * p * mother)


def test_p_copy_zero_sends_nothing():
    t, _ = parrot_trains(MIP, 5, T=200.0, seed=7, rate=5000.0, p_copy=0.0)
    assert len(t) == 0


def test_trains_do_not_depend_on_threads():
    p = dict(rate=2000.0, p_copy=0.4)
    a = parrot_trains(MIP, 20, T=300.0, threads=1, seed=8, **p)
    b = parrot_trains(MIP, 20, T=300.0, threads=2, seed=8, **p)
    assert len(a[0]) > 3000
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])


def test_activity_window_is_checked_per_slice():
    # NEST checks the window at the first step of each min_delay slice (here 1 ms = 10 steps): with
    # start 100 and stop 200 ms, the slices starting at steps 1010 .. 2000 emit, in steps 1010 .. 2009,
    # arriving at (s + 1) * DT + 1 ms.
    t, _ = parrot_trains(MIP, 5, T=300.0, seed=9, rate=100000.0, p_copy=0.5, start=100.0, stop=200.0)
    assert t.min() == pytest.approx(101.1 + 1.0) and t.max() == pytest.approx(201.0 + 1.0)


# ---------------------------------------------------------------- NEST's parameter rules

def test_rule_rate_nonnegative():
    sim = nestor.Simulator(dt=DT * nestor.units.ms)
    with pytest.raises(nestor.BadValueError, match="rate"):
        sim.create(MIP, rate=-1.0)


@pytest.mark.parametrize("p", [-0.1, 1.1])
def test_rule_p_copy_in_0_1(p):
    sim = nestor.Simulator(dt=DT * nestor.units.ms)
    with pytest.raises(nestor.BadValueError, match="p_copy"):
        sim.create(MIP, p_copy=p)
    g = sim.create(MIP, p_copy=0.5)
    with pytest.raises(nestor.BadValueError, match="p_copy"):
        g.set(p_copy=p)
    assert np.asarray(g.get("p_copy")).tolist() == [0.5]
