"""gamma_sup_generator (NEST 3.9): every connection receives its own superposition of n_proc gamma processes
of integer order gamma_shape (each component passes gamma_shape phases, leaving each with probability
p = rate * gamma_shape * dt per step; a spike is a transition out of the last phase).

Deterministic timing uses dt = 0.125 ms and p = 1 (every component moves one phase per step). Statistics
use fixed seeds; tolerances are 4 standard deviations unless stated."""

import math

import numpy as np
import pytest

import nestor
from sup_gen_helpers import correlations, emission_steps, isis, trains

M = nestor.gamma_sup_generator


@pytest.mark.parametrize("k", [1, 2, 3])
def test_deterministic_phases_give_one_spike_every_k_steps(k):
    # p = rate * k * dt / 1000 = 1: a component starts in the last phase (NEST's initial state for
    # n_proc = 1), spikes in the first active step and then every k steps, each step with multiplicity n_proc.
    dt, rate = 0.125, 8000.0 / k
    times, _ = trains(M, 1, T=20.0, dt=dt, rate=rate, gamma_shape=k, n_proc=1, start=2.0, stop=10.0)
    s = emission_steps(times, dt, 1.0)
    # active in steps s with start < s * dt <= stop (NEST: 16 < s <= 80)
    assert s.tolist() == list(range(17, 81, k))


def test_window_and_origin_exact():
    dt = 0.125
    times, _ = trains(M, 2, T=30.0, dt=dt, rate=8000.0, gamma_shape=1, n_proc=3, origin=5.0, start=2.0, stop=4.0)
    s = emission_steps(times, dt, 1.0)
    # origin + start < s * dt <= origin + stop: 7 < s dt <= 9, i.e. steps 57 .. 72, three spikes each per parrot
    assert np.bincount(s).tolist()[57:] == [6] * 16 and len(s) == 6 * 16


@pytest.mark.parametrize("k", [1, 4])
def test_rate_and_isi_cv_of_one_component(k):
    n, T, rate, dt = 40, 10000.0, 40.0, 0.1
    times, senders = trains(M, n, T=T, seed=11 + k, rate=rate, gamma_shape=k, n_proc=1)
    # Rate: a gamma count over T has variance ~ rate T / k (Fano factor 1/k).
    mean_count = rate * T / 1000.0
    assert abs(len(times) / n - mean_count) < 4 * math.sqrt(mean_count / k / n) + 1.0
    isi = isis(times, senders, n)
    assert abs(isi.mean() - 1000.0 / rate) < 4 * isi.std() / math.sqrt(len(isi))
    # CV: a sum of k geometric(p) steps has CV sqrt((1 - p) / k), close to the gamma's 1 / sqrt(k).
    p = rate * k * dt / 1000.0
    cv = isi.std() / isi.mean()
    assert abs(cv - math.sqrt((1 - p) / k)) < 0.03
    assert abs(cv - 1 / math.sqrt(k)) < 0.03
    # The other order is far off: the test tells the orders apart.
    assert abs(cv - 1 / math.sqrt(5 - k)) > 0.3


def test_superposition_rate_and_cv():
    # n_proc components: rate n_proc * rate; the superposition of many processes approaches Poisson (CV -> 1).
    n, T, rate, nproc = 20, 5000.0, 10.0, 30
    times, senders = trains(M, n, T=T, seed=21, rate=rate, gamma_shape=3, n_proc=nproc)
    expected = n * nproc * rate * T / 1000.0
    assert abs(len(times) - expected) < 4 * math.sqrt(expected / 3)
    isi = isis(times, senders, n)
    isi = isi[isi > 0]
    assert 0.8 < isi.std() / isi.mean() < 1.05


def test_targets_receive_independent_trains():
    n, T = 12, 3000.0
    times, senders = trains(M, n, T=T, seed=31, rate=100.0, gamma_shape=2, n_proc=5)
    r, bins = correlations(times, senders, n, T)
    assert np.all(np.abs(r) < 4.5 / math.sqrt(bins))
    assert not np.array_equal(times[senders == 0], times[senders == 1])


def test_trains_do_not_depend_on_threads():
    p = dict(rate=200.0, gamma_shape=3, n_proc=4)
    a = trains(M, 16, T=300.0, threads=1, seed=7, **p)
    b = trains(M, 16, T=300.0, threads=2, seed=7, **p)
    assert len(a[0]) > 500
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])


def test_state_carries_over_between_runs():
    # Two runs continue the same trains: the same spikes as one run of the whole length.
    p = dict(rate=150.0, gamma_shape=2, n_proc=3)
    a = trains(M, 5, T=400.0, seed=9, **p)
    b = trains(M, 5, runs=[130.0, 270.0], seed=9, **p)
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])


def test_parameters_read_back():
    sim = nestor.Simulator(dt=0.1 * nestor.units.ms)
    g = sim.create(M, rate=12.0, gamma_shape=4, n_proc=7)
    assert g.get("rate").magnitude.tolist() == [12.0]
    assert np.asarray(g.get("gamma_shape")).tolist() == [4.0]
    assert np.asarray(g.get("n_proc")).tolist() == [7.0]


@pytest.mark.parametrize(
    "params, name",
    [
        (dict(gamma_shape=0), "gamma_shape"),
        (dict(gamma_shape=2.5), "gamma_shape"),
        (dict(n_proc=0), "n_proc"),
        (dict(n_proc=-3), "n_proc"),
        (dict(rate=-1.0), "rate"),
    ],
)
def test_bad_parameters_are_refused(params, name):
    sim = nestor.Simulator(dt=0.1 * nestor.units.ms)
    with pytest.raises(nestor.NestorError, match=name):
        sim.create(M, **params)
    g = sim.create(M)
    with pytest.raises(nestor.NestorError, match=name):
        g.set(**params)


def test_connection_made_between_runs_starts_its_own_train():
    # dt = 0.125, p = 1, gamma_shape 2: a train spikes in its first step and then every other step. A parrot
    # connected after the first run (8 steps) gets a train started when the second run begins (NEST's
    # pre_run_hook), from the parameters of that time; the old train keeps its state.
    from nestor import units as u

    dt = 0.125
    sim = nestor.Simulator(dt=dt * u.ms, seed=1)
    g = sim.create(M, rate=4000.0, gamma_shape=2, n_proc=1)
    a, b = sim.create(nestor.parrot_neuron), sim.create(nestor.parrot_neuron)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(g, a, delay=1.0)
    sim.connect(a, sr)
    sim.connect(b, sr)
    sim.simulate(1.0 * u.ms)
    g.set(n_proc=2)
    sim.connect(g, b, delay=1.0)
    sp = sim.simulate(3.0 * u.ms).spikes(sr)
    t = np.asarray(u.get_mantissa(sp["times"] / u.ms))
    s = np.asarray(sp["senders"])
    sa = emission_steps(t[s == int(a.global_ids[0])], dt, 1.0)
    sb = emission_steps(t[s == int(b.global_ids[0])], dt, 1.0)
    # (spikes of the first run arrive in the second: delay 1 ms = 8 steps)
    assert sa.tolist() == list(range(1, 24, 2))  # a's train (one component) goes on: 1, 3, ..., 7, 9, ...
    # b: a fresh train from the parameters of then: n_proc 2 spread over the 2 phases, a spike every step
    assert sb.tolist() == list(range(8, 24))
