"""iaf_psc_exp's stochastic threshold (NEST 3.9's delta and rho): with delta > 0 a neuron fires in a
step with probability p = rho exp((V - V_th)/delta) dt (rho in 1/s, dt in s), drawn in every step,
refractory or not. With V_m = V_reset = V_inf (the potential I_e holds the membrane at), V never moves,
so every step is an independent Bernoulli(p) trial: spike counts are Binomial(steps, p) and intervals
geometric. The tests compare with these distributions over fixed seeds, with tolerances stated in
standard deviations. (delta = 0, the hard threshold, is pinned by the NEST reference case
iaf_psc_exp__standard in tests/validation/test_nest_cases.py.)"""

import math

import numpy as np
import pytest

import nestor
from nestor import units as u

DT = 0.1
E_L, C_M, TAU_M, V_TH = -70.0, 250.0, 10.0, -50.0  # V_th above the clamped potentials


def v_inf(I_e):
    return E_L + I_e * TAU_M / C_M


def clamped(I_e, n, delta, rho, T, seed=1, threads=1, t_ref=0.1, split=None):
    """n neurons per value of I_e, held at V_inf(I_e); returns (senders, times in ms, population)."""
    I_e = np.repeat(np.atleast_1d(np.asarray(I_e, dtype=float)), n)
    V = v_inf(I_e)
    sim = nestor.Simulator(dt=DT * u.ms, seed=seed, threads=threads)
    pop = sim.create(nestor.iaf_psc_exp, len(I_e), I_e=I_e, V_m=V, V_reset=V, V_th=V_TH, delta=delta,
                     rho=rho, t_ref=t_ref)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(pop, sr)
    senders, times = [], []
    for seg in split or [T]:
        res = sim.simulate(seg * u.ms, progress=False)
        sp = res.spikes(sr)
        senders.append(np.asarray(sp["senders"]))
        times.append(np.asarray(u.get_mantissa(sp["times"] / u.ms)))
    return np.concatenate(senders), np.concatenate(times), pop


def p_step(V, delta, rho):
    return min(1.0, rho * math.exp((V - V_TH) / delta) * DT * 1e-3)


def test_parameters_defaults_and_checks():
    d = nestor.iaf_psc_exp.defaults()
    assert d["delta"] == (0.0, "mV")
    assert d["rho"] == (0.01, "Hz")
    sim = nestor.Simulator()
    with pytest.raises(nestor.BadValueError, match="delta"):
        sim.create(nestor.iaf_psc_exp, 1, delta=-0.1)
    with pytest.raises(nestor.BadValueError, match="rho"):
        sim.create(nestor.iaf_psc_exp, 1, rho=-1.0)
    with pytest.raises(nestor.DimensionError):
        sim.create(nestor.iaf_psc_exp, 1, rho=5.0 * u.ms)
    n = sim.create(nestor.iaf_psc_exp, 1, rho=2.0 * u.kHz, delta=0.5 * u.mV)
    assert u.get_mantissa(n.get("rho") / u.Hz)[0] == 2000.0


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_counts_follow_the_hazard_at_several_potentials(seed):
    # V_inf = -62, -58, -55, -53 mV, V_th = -50 mV, delta = 2 mV, rho = 1000/s: rates 2.5, 18.3, 82, 223 /s.
    delta, rho, T, n = 2.0, 1000.0, 10000.0, 40
    I_e = np.array([200.0, 300.0, 375.0, 425.0])
    senders, _, pop = clamped(I_e, n, delta, rho, T, seed=seed)
    gids = np.asarray(pop.global_ids)
    counts = np.bincount(senders - gids[0], minlength=len(gids)).reshape(len(I_e), n)
    steps = round(T / DT)
    for level, row in zip(I_e, counts):
        p = p_step(v_inf(level), delta, rho)
        mean, var = steps * p, steps * p * (1.0 - p)
        # total over n neurons: Binomial(n steps, p); within 4 standard deviations
        assert abs(row.sum() - n * mean) < 4.0 * math.sqrt(n * var), (level, row.sum(), n * mean)
        # dispersion across neurons: sample variance / binomial variance ~ chi2(n-1)/(n-1), sd 0.23
        assert abs(row.var(ddof=1) / var - 1.0) < 0.8, (level, row.var(ddof=1), var)
    # the exponential shape: log rate against V has slope 1/delta (fit over the four levels)
    rates = counts.sum(axis=1) / (n * T * 1e-3)
    slope = np.polyfit(v_inf(I_e), np.log(rates), 1)[0]
    assert slope == pytest.approx(1.0 / delta, rel=0.06)


def test_intervals_are_geometric():
    # p = 1000 exp(-4) 1e-4 = 1.83e-3 per step; intervals in steps are geometric: mean 1/p, CV sqrt(1-p).
    delta, rho, n = 2.0, 1000.0, 50
    senders, times, pop = clamped(300.0, n, delta, rho, 20000.0, seed=7)
    p = p_step(v_inf(300.0), delta, rho)
    isis = np.rint(np.concatenate([np.diff(np.sort(times[senders == g])) for g in pop.global_ids]) / DT)
    assert len(isis) > 15000
    se_mean = math.sqrt(1.0 - p) / p / math.sqrt(len(isis))
    assert abs(isis.mean() - 1.0 / p) < 4.0 * se_mean
    assert isis.std() / isis.mean() == pytest.approx(math.sqrt(1.0 - p), abs=0.04)
    assert isis.min() >= 1.0  # at most one spike per step


def test_draws_continue_while_refractory_as_in_NEST():
    # NEST tests the stochastic threshold in every step, refractory or not: with t_ref = 5 ms and
    # V = V_reset, intervals shorter than t_ref occur, as often as the geometric law says.
    delta, rho, n, t_ref = 2.0, 20000.0, 20, 5.0
    senders, times, pop = clamped(300.0, n, delta, rho, 5000.0, seed=11, t_ref=t_ref)
    p = p_step(v_inf(300.0), delta, rho)  # 20000 exp(-4) 1e-4 = 3.66e-2
    isis = np.concatenate([np.diff(np.sort(times[senders == g])) for g in pop.global_ids])
    short = np.mean(isis < t_ref - 1e-9)
    expected = 1.0 - (1.0 - p) ** (round(t_ref / DT) - 1)  # P(interval <= 49 steps)
    assert short == pytest.approx(expected, abs=4.0 * math.sqrt(expected * (1 - expected) / len(isis)))


def test_far_above_threshold_the_neuron_fires_every_step():
    # p = rho exp((V - V_th)/delta) dt >= 1 (here about 3.7e4): a spike in every step, refractory or not
    sim = nestor.Simulator(dt=DT * u.ms, seed=5)
    n = sim.create(nestor.iaf_psc_exp, 3, V_m=-56.0, V_reset=-56.0, delta=1.0, rho=1e9, t_ref=2.0)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(n, sr)
    res = sim.simulate(10.0 * u.ms, progress=False)
    assert len(res.spikes(sr)["times"]) == 3 * 100


def test_far_below_threshold_the_neuron_is_silent():
    senders, _, _ = clamped(0.0, 10, 0.5, 0.01, 10000.0)  # p = 1e-6 exp(-40) per step
    assert len(senders) == 0


@pytest.mark.parametrize("delta,seed", [(0.0, 1), (0.0, 2), (1e-11, 3)])
def test_delta_below_1e_10_is_the_hard_threshold(delta, seed):
    # NEST's cut-off: delta < 1e-10 means V >= V_th fires, whatever the seed. From V_reset = E_L a
    # constant I_e makes V reach V_th in the first step k with E_L + I R (1 - exp(-k dt/tau_m)) >= V_th,
    # then t_ref/dt steps refractory, and again.
    sim = nestor.Simulator(dt=DT * u.ms, seed=seed)
    n = sim.create(nestor.iaf_psc_exp, 1, I_e=450.0, delta=delta, rho=1e6)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(n, sr)
    res = sim.simulate(200.0 * u.ms, progress=False)
    times = np.asarray(u.get_mantissa(res.spikes(sr)["times"] / u.ms))
    k = math.ceil(-TAU_M / DT * math.log(1.0 - 15.0 / (450.0 * TAU_M / C_M)))
    expected = (k + np.arange(len(times)) * (k + 20)) * DT
    assert len(times) == int((200.0 / DT - k) // (k + 20)) + 1
    np.testing.assert_allclose(times, expected, rtol=0, atol=1e-9)


def test_delta_exactly_1e_10_never_fires_as_in_NEST():
    # NEST tests delta < 1e-10 (hard) or delta > 1e-10 (stochastic): at exactly 1e-10 neither applies.
    sim = nestor.Simulator(dt=DT * u.ms)
    n = sim.create(nestor.iaf_psc_exp, 1, I_e=1000.0, delta=1e-10)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(n, sr)
    res = sim.simulate(100.0 * u.ms, progress=False)
    assert len(res.spikes(sr)["times"]) == 0


def _escape_network(threads, seed=3, split=None):
    sim = nestor.Simulator(dt=DT * u.ms, seed=seed, threads=threads)
    pop = sim.create(nestor.iaf_psc_exp, 60, I_e=np.linspace(300.0, 450.0, 60), delta=2.0, rho=200.0,
                     t_ref=1.0)
    sim.connect(pop, pop, rule=nestor.fixed_indegree(10), weight=nestor.random.normal(20.0, 40.0),
                delay=nestor.random.uniform(0.5, 2.0))
    sr = sim.create(nestor.spike_recorder)
    mm = sim.create(nestor.multimeter, record_from=["V_m"], interval=1.0)
    sim.connect(pop, sr)
    sim.connect(mm, pop)
    out_t, out_s, out_v = [], [], []
    for seg in split or [500.0]:
        res = sim.simulate(seg * u.ms, progress=False)
        sp = res.spikes(sr)
        out_t.append(np.asarray(u.get_mantissa(sp["times"] / u.ms)))
        out_s.append(np.asarray(sp["senders"]))
        out_v.append(np.asarray(u.get_mantissa(res.trace(mm, "V_m") / u.mV)))
    return np.concatenate(out_t), np.concatenate(out_s), np.concatenate(out_v)


def test_identical_for_one_and_two_threads_and_split_runs():
    t1, s1, v1 = _escape_network(1)
    assert len(t1) > 1000
    for other in (_escape_network(2), _escape_network(3), _escape_network(2, split=[123.4, 376.6])):
        np.testing.assert_array_equal(other[0], t1)
        np.testing.assert_array_equal(other[1], s1)
        np.testing.assert_array_equal(other[2], v1)
    t4, s4, _ = _escape_network(1, seed=4)
    assert len(t4) != len(t1) or not np.array_equal(t4, t1)
