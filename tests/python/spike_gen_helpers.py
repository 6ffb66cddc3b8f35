"""Helpers for the tests of the spike generators in src/models/devices/spike_generators.cpp.

A generator drives parrot_neurons, which repeat each arriving spike (with its multiplicity) at its arrival
time; a spike_recorder records the parrots. A spike emitted in step s (stamped (s + 1) * DT) reaches a
parrot at (s + 1) * DT + delay."""

import numpy as np

import nestor
from nestor import units as u

DT = 0.1


def mag(q, unit):
    return np.asarray(u.get_mantissa(q / unit), dtype=float)


def parrot_trains(model, n_parrots=1, T=1000.0, delay=1.0, seed=1, threads=1, runs=None, setup=None, **params):
    """One generator -> n parrots (all_to_all) -> spike recorder. Returns (times, parrot index), sorted."""
    sim = nestor.Simulator(dt=DT * u.ms, seed=seed, threads=threads)
    gen = sim.create(model, 1, **params)
    parrots = sim.create(nestor.parrot_neuron, n_parrots)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(gen, parrots, delay=delay)
    sim.connect(parrots, sr)
    if setup is not None:
        setup(sim, gen)
    times, senders = [], []
    for t in runs or [T]:
        sp = sim.simulate(t * u.ms, progress=False).spikes(sr)
        times.append(mag(sp["times"], u.ms))
        senders.append(np.asarray(sp["senders"]) - int(parrots.global_ids[0]))
    times, senders = np.concatenate(times), np.concatenate(senders)
    order = np.lexsort((times, senders))
    return times[order], senders[order]


def step_counts(times, n_steps):
    """Spikes per grid time k * DT, k = 0 .. n_steps."""
    k = np.round(times / DT).astype(np.int64)
    return np.bincount(k, minlength=n_steps + 1)


def rebin(per_step, width_steps):
    """Sums consecutive groups of width_steps entries (dropping an incomplete tail)."""
    n = len(per_step) // width_steps
    return per_step[: n * width_steps].reshape(n, width_steps).sum(axis=1)


def chi2_poisson(observed, expected):
    """Pearson's chi^2 of Poisson counts against their expected means (bins with mean > 0)."""
    m = expected > 0
    assert np.all(observed[~m] == 0)
    return float(np.sum((observed[m] - expected[m]) ** 2 / expected[m])), int(m.sum())
