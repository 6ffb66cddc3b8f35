"""sinusoidal_gamma_generator (NEST 3.9): inhomogeneous gamma trains of order `order` with the rate
r(t) = rate + amplitude sin(2 pi frequency t + phase). A train spikes in a step with the hazard
dt order r Lambda^(order-1) exp(-Lambda) / Gamma(order, Lambda), Lambda = order * integral of r since its last
spike, r and Lambda at the end of the step; the window is checked at the step's start.
individual_spike_trains: a train per target (True) or one for all (False), only when created.

Deterministic timing uses dt = 0.125 ms, order 1 and dt * rate = 1 (hazard 1). Statistics use fixed seeds;
tolerances are 4 standard deviations unless stated."""

import math

import numpy as np
import pytest

import nestor
from nestor import units as u
from sup_gen_helpers import correlations, emission_steps, isis, mag, trains

M = nestor.sinusoidal_gamma_generator


@pytest.mark.parametrize("individual", [True, False])
def test_window_and_origin_exact(individual):
    dt = 0.125
    times, senders = trains(M, 2, T=30.0, dt=dt, rate=8000.0, order=1.0, origin=5.0, start=2.0, stop=4.0,
                            individual_spike_trains=individual)
    s = emission_steps(times, dt, 1.0)
    # hazard dt * rate = 1: a spike in every step s with origin + start < s dt <= origin + stop (57 .. 72)
    assert s[senders == 0].tolist() == list(range(57, 73)) and s[senders == 1].tolist() == list(range(57, 73))


def test_no_spikes_where_the_rate_is_zero():
    # amplitude = rate: r(t) = 0 at the troughs; r is taken at the end of the step.
    dt, f = 0.125, 250.0  # period 4 ms = 32 steps; r((s + 1) dt) = 0 for (s + 1) dt = 3 ms + 4 ms j
    times, _ = trains(M, 50, T=40.0, dt=dt, rate=4000.0, amplitude=4000.0, frequency=f, order=1.0, seed=3)
    s = emission_steps(times, dt, 1.0)
    assert len(s) > 1000
    assert not np.any(((s + 1) % 32) == 24)


@pytest.mark.parametrize("order", [1.0, 3.0, 2.5])
def test_constant_rate_isi_mean_and_cv(order):
    n, T, rate = 20, 10000.0, 40.0
    times, senders = trains(M, n, T=T, seed=int(10 * order), rate=rate, order=order)
    mean_count = rate * T / 1000.0
    assert abs(len(times) / n - mean_count) < 4 * math.sqrt(mean_count / order / n) + 1.0
    isi = isis(times, senders, n)
    assert abs(isi.mean() - 1000.0 / rate) < 4 * isi.std() / math.sqrt(len(isi))
    # The gamma process of order k has CV 1 / sqrt(k).
    cv = isi.std() / isi.mean()
    assert abs(cv - 1 / math.sqrt(order)) < 0.03
    assert abs(cv - 1 / math.sqrt(order + 1.5)) > 0.06  # a different order would be seen


def test_rate_modulation_amplitude_and_phase_from_psth():
    n, T, rate, amp, f, phase, dt = 200, 4000.0, 50.0, 40.0, 5.0, 60.0, 0.1
    times, _ = trains(M, n, T=T + 1.0 + dt, seed=41, rate=rate, amplitude=amp, frequency=f, phase=phase, order=2.0)
    s = emission_steps(times, dt, 1.0)
    skip = 5000  # the first 500 ms: the trains start with a fresh interval (not in equilibrium)
    steps = np.arange(skip, int(round(T / dt)))
    c = np.bincount(s, minlength=steps[-1] + 1)[steps].astype(float)
    t = (steps + 1) * dt  # the rate is taken at the end of the step
    w = 2 * np.pi * f * t / 1000.0
    A = 2 * np.sum(c * np.sin(w)) / c.sum()
    B = 2 * np.sum(c * np.cos(w)) / c.sum()
    sd = math.sqrt(2.0 / c.sum())  # Poisson bound; gamma trains of order 2 are more regular
    assert abs(c.sum() / (n * len(steps) * dt) * 1000.0 - rate) < 4 * math.sqrt(c.sum()) / (n * len(steps) * dt) * 1000
    assert abs(math.hypot(A, B) - amp / rate) < 4 * sd
    assert abs(math.degrees(math.atan2(B, A)) - phase) < math.degrees(4 * sd / (amp / rate))


def test_rate_is_recordable():
    sim = nestor.Simulator(dt=0.1 * u.ms)
    g = sim.create(M, rate=50.0, amplitude=40.0, frequency=100.0, phase=30.0)
    mm = sim.create(nestor.multimeter, record_from=["rate"])
    sim.connect(mm, g)
    r = sim.simulate(20.0 * u.ms)
    t = mag(r.sample_times(mm), u.ms)
    v = np.asarray(u.get_mantissa(r.trace(mm, "rate")), dtype=float)[:, 0]
    assert np.allclose(v, 50.0 + 40.0 * np.sin(2 * np.pi * 100.0 * t / 1000.0 + np.pi / 6), rtol=0, atol=1e-9)


def test_individual_trains_are_independent():
    n, T = 12, 3000.0
    # constant rate: a common modulation would correlate the counts through the rate alone
    times, senders = trains(M, n, T=T, seed=5, rate=200.0, order=2.0)
    r, bins = correlations(times, senders, n, T)
    assert np.all(np.abs(r) < 4.5 / math.sqrt(bins))
    assert abs(r.mean()) < 4 / math.sqrt(bins * len(r))


def test_shared_train_is_the_same_for_all_targets():
    n, T, rate = 10, 5000.0, 40.0
    times, senders = trains(M, n, T=T, seed=6, rate=rate, order=4.0, individual_spike_trains=False)
    first = times[senders == 0]
    for j in range(1, n):
        assert np.array_equal(times[senders == j], first)
    assert abs(len(first) - rate * T / 1000.0) < 4 * math.sqrt(rate * T / 1000.0 / 4.0) + 1.0
    isi = np.diff(first)
    assert abs(isi.std() / isi.mean() - 0.5) < 0.08  # order 4: CV 1/2 (about 200 intervals)


@pytest.mark.parametrize("individual", [True, False])
def test_trains_do_not_depend_on_threads(individual):
    p = dict(rate=300.0, amplitude=200.0, frequency=20.0, order=3.0, individual_spike_trains=individual)
    a = trains(M, 16, T=300.0, threads=1, seed=7, **p)
    b = trains(M, 16, T=300.0, threads=2, seed=7, **p)
    assert len(a[0]) > 500
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])


def test_runs_continue_the_trains():
    p = dict(rate=300.0, amplitude=200.0, frequency=20.0, order=3.0)
    a = trains(M, 5, T=400.0, seed=8, **p)
    b = trains(M, 5, runs=[170.0, 230.0], seed=8, **p)
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])


def test_parameters_read_back():
    sim = nestor.Simulator(dt=0.1 * u.ms)
    g = sim.create(M, rate=10.0, amplitude=5.0, frequency=2.0, phase=45.0, order=2.5)
    assert np.asarray(g.get("phase")).tolist() == [45.0]
    assert np.asarray(g.get("order")).tolist() == [2.5]
    assert np.asarray(g.get("individual_spike_trains")).tolist() == [True]


def test_individual_spike_trains_only_when_created():
    sim = nestor.Simulator(dt=0.1 * u.ms)
    g = sim.create(M, individual_spike_trains=False)
    with pytest.raises(nestor.BadValueError, match="individual_spike_trains"):
        g.set(individual_spike_trains=True)
    g.set(rate=5.0)


@pytest.mark.parametrize(
    "params, name",
    [
        (dict(order=0.5), "order"),
        (dict(rate=10.0, amplitude=20.0), "amplitude"),
        (dict(rate=10.0, amplitude=-1.0), "amplitude"),
        (dict(rate=-5.0), "rate"),
    ],
)
def test_bad_parameters_are_refused(params, name):
    sim = nestor.Simulator(dt=0.1 * u.ms)
    with pytest.raises(nestor.NestorError, match=name):
        sim.create(M, **params)
    g = sim.create(M)
    with pytest.raises(nestor.NestorError, match=name):
        g.set(**params)


def test_parameter_change_between_runs():
    # Lambda is carried across the change (NEST's pre_run_hook): the new rate holds from the second run on.
    sim = nestor.Simulator(dt=0.1 * u.ms, seed=12)
    g = sim.create(M, rate=20.0, order=2.0)
    p = sim.create(nestor.parrot_neuron, 40)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(g, p, delay=1.0)
    sim.connect(p, sr)
    n1 = len(sim.simulate(5000.0 * u.ms, progress=False).spikes(sr)["times"])
    g.set(rate=80.0, amplitude=10.0, frequency=1.0)
    n2 = len(sim.simulate(5000.0 * u.ms, progress=False).spikes(sr)["times"])
    for n, rate in ((n1, 20.0), (n2, 80.0)):
        expected = 40 * rate * 5.0
        assert abs(n - expected) < 4 * math.sqrt(expected / 2.0) + 40
