"""sinusoidal_poisson_generator (NEST 3.9): Poisson trains of rate max(0, rate + amplitude sin(2 pi f t + phase)).

The step emitted in step s uses the sinusoid at the end of that step, t = (s + 1) * DT (NEST's rotation
of the oscillator, once per step, restarted at every simulate() from the kernel's time). Statistics use
fixed seeds; tolerances are 4 standard deviations (or a chi^2 bound of mean + 4 sd)."""

import math

import numpy as np
import pytest

import nestor
from spike_gen_helpers import DT, chi2_poisson, parrot_trains, rebin, step_counts

D_STEPS = 10  # delay 1 ms


def expected_per_step(n_steps, n_trains, rate, amplitude, frequency, phase):
    """Mean spikes (all trains) arriving at the parrots at k * DT, k = 0 .. n_steps."""
    k = np.arange(n_steps + 1)
    t = (k - D_STEPS) * DT  # end of the emitting step s = k - 1 - D_STEPS
    r = np.maximum(0.0, rate + amplitude * np.sin(2 * np.pi * frequency * t / 1000.0 + np.deg2rad(phase)))
    lam = n_trains * r * DT / 1000.0
    lam[k < D_STEPS + 2] = 0.0  # the generator is active from step 1 on (start = 0)
    return lam


@pytest.mark.parametrize("runs", [[1000.0], [370.0, 630.0]])
def test_rate_follows_the_sinusoid(runs):
    n, p = 100, dict(rate=200.0, amplitude=150.0, frequency=7.0, phase=30.0)
    times, _ = parrot_trains(nestor.sinusoidal_poisson_generator, n, runs=runs, seed=2, **p)
    obs = rebin(step_counts(times, 10000), 50)
    lam = rebin(expected_per_step(10000, n, **p), 50)
    assert np.all(np.abs(obs - lam) <= 4.5 * np.sqrt(lam) + 1e-9)
    chi2, dof = chi2_poisson(obs, lam)
    assert chi2 < dof + 4 * math.sqrt(2 * dof)
    # The same counts against a sinusoid a quarter period off are far out: the test sees the phase.
    wrong = rebin(expected_per_step(10000, n, **{**p, "phase": 120.0}), 50)
    assert chi2_poisson(obs, wrong)[0] > dof + 20 * math.sqrt(2 * dof)


def test_rate_is_cut_off_at_zero():
    n, p = 100, dict(rate=50.0, amplitude=100.0, frequency=5.0, phase=0.0)
    times, _ = parrot_trains(nestor.sinusoidal_poisson_generator, n, seed=3, **p)
    lam = expected_per_step(10000, n, **p)
    obs = step_counts(times, 10000)
    assert obs[lam == 0].sum() == 0  # no spikes while rate + amplitude sin(...) <= 0
    assert abs(obs.sum() - lam.sum()) < 4 * math.sqrt(lam.sum())
    # The mean is above rate * T: the negative half-waves are cut, not subtracted.
    assert obs.sum() > n * 50.0 * 0.99 + 4 * math.sqrt(lam.sum())


def test_constant_rate_is_poisson():
    rate, n, T = 400.0, 50, 1000.0
    times, senders = parrot_trains(nestor.sinusoidal_poisson_generator, n, T=T, seed=4, rate=rate)
    counts = np.array([np.histogram(times[senders == j], np.arange(2.0, T + 1e-6, 10.0) + 1e-6)[0] for j in range(n)])
    mean, var = counts.mean(), counts.var(ddof=1)
    assert abs(mean - rate * 0.01) < 4 * math.sqrt(rate * 0.01 / counts.size)
    # Fano factor 1; its standard error for Poisson counts is about sqrt(2 / (N - 1)).
    assert abs(var / mean - 1.0) < 4 * math.sqrt(2.0 / (counts.size - 1))
    isi = np.concatenate([np.diff(times[senders == j]) for j in range(n)])
    isi = isi[isi > 0]  # a step may hold two spikes of a train (multiplicity)
    # Intervals (on the grid): geometric, mean ~ 1/rate, coefficient of variation ~ 1.
    assert abs(isi.mean() - 1000.0 / rate) < 4 * (1000.0 / rate) / math.sqrt(len(isi))
    assert abs(isi.std() / isi.mean() - 1.0) < 0.05


def pair_correlations(times, senders, n, T):
    edges = np.arange(0.0, T + 1e-6, 5.0) + 1e-6
    c = np.array([np.histogram(times[senders == j], edges)[0] for j in range(n)], dtype=float)
    r = np.corrcoef(c)
    return r[np.triu_indices(n, 1)], len(edges) - 1


def test_individual_trains_are_independent():
    n, T = 10, 2000.0
    times, senders = parrot_trains(nestor.sinusoidal_poisson_generator, n, T=T, seed=5, rate=300.0)
    r, bins = pair_correlations(times, senders, n, T)
    assert np.all(np.abs(r) < 4 / math.sqrt(bins))
    assert abs(r.mean()) < 4 / math.sqrt(bins * len(r))


def test_shared_train_is_the_same_for_all_targets():
    n, T, p = 10, 1000.0, dict(rate=300.0, amplitude=200.0, frequency=3.0, phase=0.0)
    times, senders = parrot_trains(nestor.sinusoidal_poisson_generator, n, T=T, seed=6, individual_spike_trains=False, **p)
    first = times[senders == 0]
    for j in range(1, n):
        assert np.array_equal(times[senders == j], first)
    r, _ = pair_correlations(times, senders, n, T)
    assert np.allclose(r, 1.0)
    lam = expected_per_step(10000, 1, **p)
    assert abs(len(first) - lam.sum()) < 4 * math.sqrt(lam.sum())


@pytest.mark.parametrize("individual", [True, False])
def test_trains_do_not_depend_on_threads(individual):
    p = dict(rate=500.0, amplitude=300.0, frequency=20.0, individual_spike_trains=individual)
    a = parrot_trains(nestor.sinusoidal_poisson_generator, 20, T=300.0, threads=1, seed=7, **p)
    b = parrot_trains(nestor.sinusoidal_poisson_generator, 20, T=300.0, threads=2, seed=7, **p)
    assert len(a[0]) > 1000
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])


def test_activity_window():
    times, _ = parrot_trains(nestor.sinusoidal_poisson_generator, 20, T=300.0, seed=8, rate=2000.0, start=100.0, stop=200.0)
    # Emitted in steps s with 100 < s * DT <= 200 (ms), arriving 1 ms + DT later.
    assert times.min() >= 100.0 + DT + 1.0 + DT - 1e-9 and times.max() <= 200.0 + 1.0 + DT + 1e-9
    assert len(times) > 1000


def test_parameters_read_back_in_nest_units():
    sim = nestor.Simulator(dt=DT * nestor.units.ms)
    g = sim.create(nestor.sinusoidal_poisson_generator, rate=10.0, amplitude=5.0, frequency=2.0, phase=45.0)
    assert np.asarray(g.get("phase")).tolist() == [45.0]
    assert g.get("frequency").magnitude.tolist() == [2.0]
    assert np.asarray(g.get("individual_spike_trains")).tolist() == [True]


def test_individual_spike_trains_only_when_created():
    # NEST: "can only be set as a model default using SetDefaults or upon CopyModel".
    sim = nestor.Simulator(dt=DT * nestor.units.ms)
    g = sim.create(nestor.sinusoidal_poisson_generator, individual_spike_trains=False)
    with pytest.raises(nestor.BadValueError, match="individual_spike_trains"):
        g.set(individual_spike_trains=True)
    g.set(rate=5.0)  # other parameters may change


def test_no_parameter_check_beyond_nest():
    # NEST checks none of rate, amplitude, frequency and phase: a negative rate only cuts the sinusoid.
    times, _ = parrot_trains(nestor.sinusoidal_poisson_generator, 50, T=1000.0, seed=9, rate=-100.0, amplitude=200.0,
                             frequency=4.0)
    lam = expected_per_step(10000, 50, rate=-100.0, amplitude=200.0, frequency=4.0, phase=0.0)
    obs = step_counts(times, 10000)
    assert obs[lam == 0].sum() == 0 and abs(obs.sum() - lam.sum()) < 4 * math.sqrt(lam.sum())
