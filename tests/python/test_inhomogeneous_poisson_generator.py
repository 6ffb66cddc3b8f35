"""inhomogeneous_poisson_generator (NEST 3.9): independent Poisson trains per target with a piecewise
constant rate; rate_values[k] holds for the spikes stamped at or after the absolute time rate_times[k]
(NEST switches the rate one step ahead). Statistics use fixed seeds and 4 standard deviations (or a chi^2
bound of mean + 4 sd)."""

import math

import numpy as np
import pytest

import nestor
from nestor import units as u
from spike_gen_helpers import DT, chi2_poisson, mag, parrot_trains, rebin, step_counts

D_STEPS = 10  # delay 1 ms
IPG = nestor.inhomogeneous_poisson_generator


def expected_per_step(n_steps, n_trains, times, values):
    """Mean spikes arriving at the parrots at k * DT: emitted in step s = k - 1 - D_STEPS, stamped s + 1."""
    k = np.arange(n_steps + 1)
    stamp = k - D_STEPS
    idx = np.searchsorted(np.round(np.asarray(times) / DT).astype(int), stamp, side="right") - 1
    r = np.where(idx >= 0, np.asarray(values, dtype=float)[np.maximum(idx, 0)], 0.0)
    lam = n_trains * np.maximum(r, 0.0) * DT / 1000.0
    lam[stamp - 1 < 1] = 0.0  # active from step 1 on
    return lam


def test_rate_follows_the_steps():
    n, times, values = 100, [100.0, 300.0, 450.0, 600.0], [200.0, 0.0, 800.0, 50.0]
    t, _ = parrot_trains(IPG, n, seed=2, rate_times=times, rate_values=values)
    obs = rebin(step_counts(t, 10000), 50)
    lam = rebin(expected_per_step(10000, n, times, values), 50)
    assert np.all(np.abs(obs - lam) <= 4.5 * np.sqrt(lam) + 1e-9)
    chi2, dof = chi2_poisson(obs, lam)
    assert chi2 < dof + 4 * math.sqrt(2 * dof)
    # Shifting the steps by 20 ms is seen.
    wrong = rebin(expected_per_step(10000, n, [x + 20.0 for x in times], values), 50)
    assert np.any(obs[wrong == 0] > 0) or chi2_poisson(obs, np.maximum(wrong, 1e-3))[0] > 10 * dof


def test_switch_happens_exactly_at_the_rate_time():
    # Rate 0 until 100 ms, then very high, then 0 from 200 ms: stamps 100.0 .. 199.9 carry spikes.
    t, _ = parrot_trains(IPG, 20, T=300.0, seed=3, rate_times=[100.0, 200.0], rate_values=[50000.0, 0.0])
    assert t.min() == pytest.approx(100.0 + 1.0, abs=1e-9)  # stamp 100.0 + delay
    assert t.max() == pytest.approx(200.0 - DT + 1.0, abs=1e-9)
    assert len(np.unique(np.round(t / DT))) == 1000  # every step in between


def test_constant_segment_is_poisson():
    n, rate = 50, 400.0
    t, s = parrot_trains(IPG, n, T=1000.0, seed=4, rate_times=[1.0], rate_values=[rate])
    counts = np.array([np.histogram(t[s == j], np.arange(10.0, 1000.0 + 1e-6, 10.0) + 1e-6)[0] for j in range(n)])
    mean, var = counts.mean(), counts.var(ddof=1)
    assert abs(mean - rate * 0.01) < 4 * math.sqrt(rate * 0.01 / counts.size)
    assert abs(var / mean - 1.0) < 4 * math.sqrt(2.0 / (counts.size - 1))
    isi = np.concatenate([np.diff(t[s == j]) for j in range(n)])
    isi = isi[isi > 0]
    assert abs(isi.mean() - 1000.0 / rate) < 4 * (1000.0 / rate) / math.sqrt(len(isi))


def test_trains_are_independent_between_targets():
    n, T = 10, 2000.0
    t, s = parrot_trains(IPG, n, T=T, seed=5, rate_times=[1.0], rate_values=[300.0])
    edges = np.arange(0.0, T + 1e-6, 5.0) + 1e-6
    c = np.array([np.histogram(t[s == j], edges)[0] for j in range(n)], dtype=float)
    r = np.corrcoef(c)[np.triu_indices(n, 1)]
    assert np.all(np.abs(r) < 4 / math.sqrt(len(edges) - 1))


def test_trains_do_not_depend_on_threads():
    p = dict(rate_times=[10.0, 150.0], rate_values=[3000.0, 500.0])
    a = parrot_trains(IPG, 20, T=300.0, threads=1, seed=7, **p)
    b = parrot_trains(IPG, 20, T=300.0, threads=2, seed=7, **p)
    assert len(a[0]) > 1000
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])


def test_rates_set_between_runs_use_absolute_times():
    sim = nestor.Simulator(dt=DT * u.ms, seed=8)
    gen = sim.create(IPG, rate_times=[10.0], rate_values=[0.0])
    parrots = sim.create(nestor.parrot_neuron, 10)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(gen, parrots, delay=1.0)
    sim.connect(parrots, sr)
    sim.simulate(100.0 * u.ms, progress=False)
    with pytest.raises(nestor.BadValueError, match="rate_times"):  # NEST: strictly in the future
        gen.set(rate_times=[100.0], rate_values=[1.0])
    gen.set(rate_times=[150.0], rate_values=[50000.0])
    t = mag(sim.simulate(100.0 * u.ms, progress=False).spikes(sr)["times"], u.ms)
    assert t.min() == pytest.approx(151.0, abs=1e-9) and len(t) > 1000


def test_offgrid_times_round_up_to_the_grid():
    sim = nestor.Simulator(dt=DT * u.ms)
    with pytest.raises(nestor.BadValueError, match="rate_times"):
        sim.create(IPG, rate_times=[10.05], rate_values=[5.0])
    g = sim.create(IPG, allow_offgrid_times=True, rate_times=[10.05, 20.0], rate_values=[5.0, 6.0])
    assert mag(g.get("rate_times")[0], u.ms).tolist() == pytest.approx([10.1, 20.0])
    assert mag(g.get("rate_values")[0], u.Hz).tolist() == [5.0, 6.0]
    # Strictly increasing after rounding: 10.02 and 10.07 both become 10.1.
    with pytest.raises(nestor.BadValueError, match="increasing"):
        sim.create(IPG, allow_offgrid_times=True, rate_times=[10.02, 10.07], rate_values=[1.0, 2.0])


# ---------------------------------------------------------------- NEST's parameter rules

@pytest.fixture
def sim():
    return nestor.Simulator(dt=DT * u.ms)


def test_rule_times_and_values_together(sim):
    with pytest.raises(nestor.BadValueError, match="rate_times and rate_values"):
        sim.create(IPG, rate_times=[1.0, 2.0])
    g = sim.create(IPG)
    with pytest.raises(nestor.BadValueError, match="rate_times and rate_values"):
        g.set(rate_values=[1.0])


def test_rule_same_size(sim):
    with pytest.raises(nestor.BadValueError, match="same number"):
        sim.create(IPG, rate_times=[1.0, 2.0], rate_values=[3.0])


def test_rule_strictly_increasing(sim):
    with pytest.raises(nestor.BadValueError, match="increasing"):
        sim.create(IPG, rate_times=[1.0, 1.0], rate_values=[3.0, 4.0])
    with pytest.raises(nestor.BadValueError, match="increasing"):
        sim.create(IPG, rate_times=[2.0, 1.0], rate_values=[3.0, 4.0])


def test_rule_times_in_the_future(sim):
    with pytest.raises(nestor.BadValueError, match="future"):
        sim.create(IPG, rate_times=[0.0], rate_values=[3.0])
    with pytest.raises(nestor.BadValueError, match="future"):
        sim.create(IPG, rate_times=[-1.0], rate_values=[3.0])


def test_rule_offgrid_flag_only_with_new_times(sim):
    g = sim.create(IPG, rate_times=[1.0], rate_values=[3.0])
    with pytest.raises(nestor.BadValueError, match="allow_offgrid_times"):
        g.set(allow_offgrid_times=True)
    assert np.asarray(g.get("allow_offgrid_times")).tolist() == [False]
    g.set(allow_offgrid_times=True, rate_times=[1.05], rate_values=[3.0])
    assert np.asarray(g.get("allow_offgrid_times")).tolist() == [True]
    h = sim.create(IPG)
    h.set(allow_offgrid_times=True)  # no rate times yet: allowed


def test_failed_set_changes_nothing(sim):
    g = sim.create(IPG, rate_times=[1.0, 2.0], rate_values=[3.0, 4.0])
    with pytest.raises(nestor.BadValueError):
        g.set(rate_times=[5.0, 4.0], rate_values=[1.0, 1.0], start=3.0)
    assert mag(g.get("rate_times")[0], u.ms).tolist() == [1.0, 2.0]
    assert mag(g.get("start"), u.ms).tolist() == [0.0]
