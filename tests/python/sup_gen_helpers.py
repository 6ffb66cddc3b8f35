"""Helpers for the tests of generators with a train per connection (gamma_sup_generator, ppd_sup_generator,
sinusoidal_gamma_generator): a generator drives parrot_neurons (one train each), a spike_recorder records
them. A spike emitted in step s (stamped (s + 1) * dt) reaches a parrot at (s + 1) * dt + delay."""

import numpy as np

import nestor
from nestor import units as u


def mag(q, unit):
    return np.asarray(u.get_mantissa(q / unit), dtype=float)


def trains(model, n=1, T=1000.0, dt=0.1, delay=1.0, seed=1, threads=1, runs=None, **params):
    """One generator -> n parrots -> spike recorder. Returns (times, parrot index) sorted by parrot, time."""
    sim = nestor.Simulator(dt=dt * u.ms, seed=seed, threads=threads)
    gen = sim.create(model, 1, **params)
    parrots = sim.create(nestor.parrot_neuron, n)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(gen, parrots, delay=delay)
    sim.connect(parrots, sr)
    times, senders = [], []
    for t in runs or [T]:
        sp = sim.simulate(t * u.ms, progress=False).spikes(sr)
        times.append(mag(sp["times"], u.ms))
        senders.append(np.asarray(sp["senders"]) - int(parrots.global_ids[0]))
    times, senders = np.concatenate(times), np.concatenate(senders)
    order = np.lexsort((times, senders))
    return times[order], senders[order]


def isis(times, senders, n):
    return np.concatenate([np.diff(times[senders == j]) for j in range(n)])


def emission_steps(times, dt, delay):
    """The steps s in which the spikes arriving at `times` were emitted."""
    return np.round((times - delay) / dt).astype(np.int64) - 1


def correlations(times, senders, n, T, width=5.0):
    edges = np.arange(0.0, T + 1e-6, width) + 1e-6
    c = np.array([np.histogram(times[senders == j], edges)[0] for j in range(n)], dtype=float)
    r = np.corrcoef(c)
    return r[np.triu_indices(n, 1)], len(edges) - 1
