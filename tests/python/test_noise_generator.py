"""noise_generator with NEST 3.9's semantics (models/noise_generator.cpp): every dt ms (counted from the
first active step) each connection gets its own current mean + sqrt(std^2 + y_1 std_mod^2) N(0, 1),
constant until the next interval; y_1 = sin(omega t + phase). Active steps as for every current
generator: origin+start < T+2 <= origin+stop.

The current a target receives is read back exactly from iaf_psc_alpha's membrane (E_L = V_m = 0, no
threshold): V(m+1) = V(m) + expm1(-h/tau) V(m) + P30 I(m), with I(m) the current used in step m, which
is the one the generator sent in step m - d - 1 (delay d steps). Statistics use fixed seeds and bounds
of 4 standard deviations of the estimate."""

import math

import numpy as np
import pytest

import nestor
from nestor import units as u

DT = 0.1
TAU, C = 10.0, 250.0


def sent_currents(params, n_targets=1, T=100.0, seed=1, threads=1, n_conn=1, sim_dt=DT):
    """Currents sent to each target, indexed by the step they were sent in: (steps, targets)."""
    sim = nestor.Simulator(dt=sim_dt, seed=seed, threads=threads)
    ng = sim.create(nestor.noise_generator, 1, **params)
    n = sim.create(nestor.iaf_psc_alpha, n_targets, E_L=0.0, V_m=0.0, V_reset=-1e9, V_th=1e9, tau_m=TAU, C_m=C)
    vm = sim.create(nestor.voltmeter, interval=sim_dt)
    sim.connect(vm, n)
    for _ in range(n_conn):
        sim.connect(ng, n, delay=sim_dt)
    V = np.asarray(u.get_mantissa(sim.simulate(T).trace(vm, "V_m")), dtype=float)
    V = np.vstack([np.zeros((1, n_targets)), V])  # stamp 0, 1, 2, ...
    e = math.expm1(-sim_dt / TAU)
    used = (V[1:] - V[:-1] - e * V[:-1]) / (-TAU / C * e)  # current used in step m
    return used[2:]  # sent in step m - 2 (delay one step)


def interval_values(I, k, first=0):
    """One value per noise interval of k steps starting at step `first`; asserts constancy within each."""
    n = (len(I) - first) // k
    blocks = I[first : first + n * k].reshape(n, k, -1)
    np.testing.assert_allclose(blocks, np.repeat(blocks[:, :1], k, axis=1), rtol=0, atol=1e-8)
    return blocks[:, 0]


def test_constant_within_intervals_and_new_at_each():
    for dt_noise, k in ((1.0, 10), (0.5, 5), (0.1, 1)):
        I = sent_currents({"mean": 10.0, "std": 50.0, "dt": dt_noise}, n_targets=3, T=50.0)
        vals = interval_values(I, k)
        assert np.all(np.abs(np.diff(vals, axis=0)) > 1e-6)  # each interval draws anew
    assert float(u.get_mantissa(nestor.Simulator(dt=0.2).create(nestor.noise_generator, 1).get("dt"))[0]) == 2.0
    assert float(u.get_mantissa(nestor.Simulator(dt=0.1).create(nestor.noise_generator, 1).get("dt"))[0]) == 1.0


def test_intervals_start_at_the_first_active_step():
    """start = 3.3 ms: the first active step is 32 (32 + 2 > 33); intervals of 10 steps from there,
    nothing before; stop = 20 ms: the last active step is 198 (198 + 2 <= 200)."""
    I = sent_currents({"mean": 10.0, "std": 50.0, "start": 3.3, "stop": 20.0}, n_targets=2, T=30.0)
    assert np.all(np.abs(I[:32]) < 1e-9) and np.all(np.abs(I[32]) > 1e-6)  # recovered to rounding
    assert np.all(np.abs(I[198]) > 1e-6) and np.all(np.abs(I[199:]) < 1e-9)
    interval_values(I[:192], 10, first=32)  # 32..41, 42..51, ..., 182..191
    np.testing.assert_allclose(I[192:199], np.repeat(I[192:193], 7, axis=0), rtol=0, atol=1e-8)
    assert np.all(np.abs(I[192] - I[191]) > 1e-6)


def test_per_target_mean_and_std():
    mean, std, n, T = 50.0, 30.0, 20, 1000.0
    vals = interval_values(sent_currents({"mean": mean, "std": std}, n_targets=n, T=T), 10)
    m = len(vals)  # about 1000 intervals
    assert np.all(np.abs(vals.mean(axis=0) - mean) < 4 * std / math.sqrt(m))
    assert np.all(np.abs(vals.std(axis=0, ddof=1) - std) < 4 * std / math.sqrt(2 * m))
    z = (vals - mean) / std  # pooled: normal (kurtosis 3, skew 0)
    assert abs(np.mean(z**4) - 3.0) < 4 * math.sqrt(96 / z.size)
    assert abs(np.mean(z**3)) < 4 * math.sqrt(15 / z.size)


def test_independent_between_targets_and_intervals():
    n, T = 20, 1000.0
    vals = interval_values(sent_currents({"mean": 0.0, "std": 10.0}, n_targets=n, T=T, seed=7), 10)
    m = len(vals)
    r = np.corrcoef(vals.T)[~np.eye(n, dtype=bool)]
    assert np.all(np.abs(r) < 4.5 / math.sqrt(m))  # 190 pairs: a little above 4 sd for the maximum
    assert abs(r.mean()) < 4 / math.sqrt(m * n * (n - 1) / 2)
    lag1 = np.array([np.corrcoef(vals[:-1, j], vals[1:, j])[0, 1] for j in range(n)])
    assert np.all(np.abs(lag1) < 4 / math.sqrt(m))
    assert abs(lag1.mean()) < 4 / math.sqrt(m * n)


def test_parallel_connections_to_one_target_are_independent():
    """Two connections from one generator to one neuron: the neuron receives the sum of two
    independent draws (variance 2 std^2), not twice one draw (variance 4 std^2)."""
    std = 10.0
    vals = interval_values(sent_currents({"std": std}, n_targets=1, T=2000.0, n_conn=2), 10)[:, 0]
    m = len(vals)
    var = vals.var(ddof=1)
    assert abs(var - 2 * std**2) < 4 * 2 * std**2 * math.sqrt(2 / m)


def test_same_seed_same_currents_other_seed_other():
    p = {"mean": 5.0, "std": 20.0}
    a = sent_currents(p, n_targets=4, seed=11)
    np.testing.assert_array_equal(a, sent_currents(p, n_targets=4, seed=11))
    assert np.all(np.abs(a[5:] - sent_currents(p, n_targets=4, seed=12)[5:]) > 0)


def test_split_simulation_continues_the_interval():
    """Two simulate calls (the second starting in the middle of an interval) give the currents of one."""
    def currents(parts):
        sim = nestor.Simulator(dt=DT, seed=5)
        ng = sim.create(nestor.noise_generator, 1, mean=1.0, std=10.0)
        n = sim.create(nestor.iaf_psc_alpha, 3, V_th=1e9)
        vm = sim.create(nestor.voltmeter)
        sim.connect(vm, n)
        sim.connect(ng, n, delay=DT)
        return np.vstack([np.asarray(u.get_mantissa(sim.simulate(p).trace(vm, "V_m")), dtype=float) for p in parts])

    np.testing.assert_array_equal(currents([30.0]), currents([12.3, 17.7]))


def test_thread_count_does_not_matter():
    p = {"mean": 5.0, "std": 20.0, "std_mod": 10.0, "frequency": 40.0}
    one = sent_currents(p, n_targets=7, T=50.0, threads=1)
    np.testing.assert_array_equal(one, sent_currents(p, n_targets=7, T=50.0, threads=2))
    np.testing.assert_array_equal(one, sent_currents(p, n_targets=7, T=50.0, threads=3))


def test_std_modulation():
    """std_mod: the interval starting in step k has sd sqrt(std^2 + y_1 std_mod^2), y_1 = sin(omega t + phi)
    at the end of step k (rotated in every active step). Standardised values are N(0, 1)."""
    mean, std, std_mod, f, phase = 3.0, 20.0, 19.0, 10.0, 45.0
    n, T = 10, 2000.0
    vals = interval_values(sent_currents({"mean": mean, "std": std, "std_mod": std_mod, "frequency": f,
                                          "phase": phase}, n_targets=n, T=T), 10)
    k = np.arange(len(vals)) * 10
    y1 = np.sin(2 * np.pi * f / 1000.0 * (k + 1) * DT + np.deg2rad(phase))
    sd = np.sqrt(std**2 + y1 * std_mod**2)
    z = (vals - mean) / sd[:, None]
    assert abs(z.mean()) < 4 / math.sqrt(z.size)
    assert abs(z.var() - 1.0) < 4 * math.sqrt(2 / z.size)
    # The unmodulated sd would not do: where y_1 > 0.9 the spread is clearly wider than std.
    wide = vals[y1 > 0.9] - mean
    assert wide.std() > 1.2 * std


RULES = [
    (dict(std=-1.0), "std"),
    (dict(std=5.0, std_mod=-1.0), "std_mod"),
    (dict(std=5.0, std_mod=6.0), "std_mod"),  # the modulation may not exceed std
    (dict(dt=0.25), "dt"),  # not a multiple of the resolution 0.1 ms
    (dict(start=10.0, stop=5.0), "stop"),
]


@pytest.mark.parametrize("params,word", RULES)
def test_rule(params, word):
    sim = nestor.Simulator(dt=DT)
    with pytest.raises(nestor.BadValueError, match=word):
        sim.create(nestor.noise_generator, 1, **params)
    ng = sim.create(nestor.noise_generator, 1, std=10.0, std_mod=2.0)
    with pytest.raises(nestor.BadValueError, match=word):
        ng.set(**params)
    assert float(u.get_mantissa(ng.get("std"))[0]) == 10.0
    assert float(u.get_mantissa(ng.get("std_mod"))[0]) == 2.0
