"""ppd_sup_generator (NEST 3.9): every connection receives its own superposition of n_proc Poisson processes
with dead time. Active components spike with the hazard dt / (1/rate - dead_time) per step, modulated by
(1 + relative_amplitude sin(2 pi frequency t)) at the step's start t; a component that spiked waits
int(dead_time / dt) steps (its shortest interval is that many steps plus one, NEST's binning).

Deterministic timing uses dt = 0.125 ms and a hazard of exactly 1. Statistics use fixed seeds; tolerances
are 4 standard deviations unless stated."""

import math

import numpy as np
import pytest

import nestor
from sup_gen_helpers import correlations, emission_steps, isis, trains

M = nestor.ppd_sup_generator


def test_deterministic_dead_time_binning():
    # hazard = dt / (1/rate - dead) = 0.125 / (0.25 - 0.125) = 1: one component spikes every other step.
    dt = 0.125
    times, _ = trains(M, 1, T=10.0, dt=dt, rate=4000.0, dead_time=0.125, n_proc=1, start=1.0, stop=5.0)
    assert emission_steps(times, dt, 1.0).tolist() == list(range(9, 41, 2))


def test_deterministic_initial_occupation():
    # n_proc = 3: int(rate dt n_proc) = 1 component starts in the dead-time bin, 2 are active: the
    # multiplicities alternate 2, 1, 2, 1, ... (NEST's initial state), 1.5 spikes per step on average.
    dt = 0.125
    times, _ = trains(M, 1, T=5.0, dt=dt, rate=4000.0, dead_time=0.125, n_proc=3)
    counts = np.bincount(emission_steps(times, dt, 1.0))
    assert counts[1:31].tolist() == [2, 1] * 15 and counts[0] == 0


def test_window_and_origin_exact():
    dt = 0.125
    times, _ = trains(M, 2, T=30.0, dt=dt, rate=8000.0, n_proc=2, origin=5.0, start=2.0, stop=4.0)
    s = emission_steps(times, dt, 1.0)
    # dead_time 0, hazard dt * rate = 1: every active step (7 < s dt <= 9: steps 57 .. 72), 2 spikes each
    assert np.bincount(s).tolist()[57:] == [4] * 16 and len(s) == 4 * 16


def test_dead_time_is_respected_and_rate_kept():
    n, T, rate, dead, dt = 20, 10000.0, 100.0, 2.0, 0.1
    times, senders = trains(M, n, T=T, seed=12, rate=rate, dead_time=dead, n_proc=1)
    isi = isis(times, senders, n)
    # No interval shorter than the dead time; NEST's binning gives exactly dead_time + dt as the shortest.
    assert isi.min() >= dead + dt - 1e-9
    assert abs(isi.min() - (dead + dt)) < 1e-9
    assert abs(isi.mean() - 1000.0 / rate) < 4 * isi.std() / math.sqrt(len(isi))
    # CV of a Poisson process with dead time: 1 - dead_time * rate (0.8; 0.795 on the grid).
    assert abs(isi.std() / isi.mean() - (1 - dead * rate / 1000.0)) < 0.03


def test_superposition_rate():
    n, T, rate, nproc = 10, 4000.0, 20.0, 50
    times, senders = trains(M, n, T=T, seed=13, rate=rate, dead_time=5.0, n_proc=nproc)
    expected = n * nproc * rate * T / 1000.0
    assert abs(len(times) - expected) < 4 * math.sqrt(expected)


def test_rate_modulation_amplitude_and_phase_from_psth():
    n, T, rate, nproc, a, f, dt = 10, 2000.0, 20.0, 1000, 0.8, 10.0, 0.1
    times, _ = trains(M, n, T=T + 1.0 + dt, seed=14, rate=rate, n_proc=nproc, frequency=f, relative_amplitude=a)
    s = emission_steps(times, dt, 1.0)
    steps = np.arange(1, int(round(T / dt)) + 1)  # active from step 1 on (start = 0)
    c = np.bincount(s, minlength=steps[-1] + 1)[steps].astype(float)
    t = steps * dt  # the hazard is taken at the step's start
    lam = n * nproc * dt * rate / 1000.0 * (1 + a * np.sin(2 * np.pi * f * t / 1000.0))
    chi2, dof = float(np.sum((c - lam) ** 2 / lam)), len(lam)
    assert chi2 < dof + 4 * math.sqrt(2 * dof)
    # Fourier fit of the PSTH: relative amplitude and phase of the modulation.
    w = 2 * np.pi * f * t / 1000.0
    A = 2 * np.sum(c * np.sin(w)) / c.sum()
    B = 2 * np.sum(c * np.cos(w)) / c.sum()
    sd = math.sqrt(2.0 / c.sum())
    assert abs(math.hypot(A, B) - a) < 4 * sd
    assert abs(math.atan2(B, A)) < 4 * sd / a
    # Taking the modulation at the end of the step instead would be a phase of 2 pi f dt = 0.0063 rad:
    # below this resolution, so the exact step convention is pinned by the deterministic tests above.


def test_targets_receive_independent_trains():
    n, T = 12, 3000.0
    times, senders = trains(M, n, T=T, seed=15, rate=50.0, dead_time=3.0, n_proc=5)
    r, bins = correlations(times, senders, n, T)
    assert np.all(np.abs(r) < 4.5 / math.sqrt(bins))


def test_trains_do_not_depend_on_threads():
    p = dict(rate=80.0, dead_time=2.0, n_proc=10, frequency=5.0, relative_amplitude=0.5)
    a = trains(M, 16, T=300.0, threads=1, seed=7, **p)
    b = trains(M, 16, T=300.0, threads=2, seed=7, **p)
    assert len(a[0]) > 500
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])


def test_parameters_read_back():
    sim = nestor.Simulator(dt=0.1 * nestor.units.ms)
    g = sim.create(M, rate=12.0, dead_time=3.0, n_proc=7, frequency=2.0, relative_amplitude=0.25)
    assert g.get("dead_time").magnitude.tolist() == [3.0]
    assert np.asarray(g.get("relative_amplitude")).tolist() == [0.25]
    assert np.asarray(g.get("n_proc")).tolist() == [7.0]


@pytest.mark.parametrize(
    "params, name",
    [
        (dict(rate=-1.0), "rate"),
        (dict(rate=600.0, dead_time=2.0), "rate"),  # 1/rate = 1.67 ms <= dead_time
        (dict(rate=500.0, dead_time=2.0), "rate"),  # 1/rate == dead_time is refused too
        (dict(dead_time=-1.0), "dead_time"),
        (dict(n_proc=0), "n_proc"),
        (dict(relative_amplitude=1.5), "relative_amplitude"),
        (dict(relative_amplitude=-0.1), "relative_amplitude"),
    ],
)
def test_bad_parameters_are_refused(params, name):
    sim = nestor.Simulator(dt=0.1 * nestor.units.ms)
    with pytest.raises(nestor.NestorError, match=name):
        sim.create(M, **params)
    g = sim.create(M)
    with pytest.raises(nestor.NestorError, match=name):
        g.set(**params)


def test_allowed_edges():
    sim = nestor.Simulator(dt=0.1 * nestor.units.ms)
    sim.create(M, rate=0.0, dead_time=5.0, relative_amplitude=1.0)  # rate 0: no dead-time rule to break
