"""pp_psc_delta (NEST 3.9): a leaky membrane with delta input drives an escape rate
rate = c_1 V' + c_2 exp(c_3 V') (V' = V_m - E_sfa); after a spike a dead time follows.

With c_1 = 0 and c_3 = 0 the rate is the constant lambda = c_2: the neuron is a Poisson process with
dead time. On the grid (step h) a live step fires with p = 1 - exp(-lambda h); a fixed dead time of D
steps (NEST's conversion: dead_time rounded to 1 us, then up to whole steps) follows each spike, so an
interval is D + G steps with G geometric on {1, 2, ...}: mean h (D + 1/p) (= 1/lambda + t_dead + h/2 to
first order), CV sqrt(1 - p) / (D p + 1) (-> 1/(1 + lambda t_dead)). With dead_time = 0 each step
draws a Poisson(lambda h) number of spikes. The statistical tests use fixed seeds and tolerances in
standard deviations (or KS critical values) stated next to them; there is no NEST reference case for
this stochastic model."""

import math

import numpy as np
import pytest
from scipy import stats

import nestor
from nestor import units as u

H = 0.1


def mag(q, unit):
    return np.asarray(u.get_mantissa(q / unit), dtype=float)


def poisson_params(lam, dead_time, **kw):
    return dict(c_1=0.0, c_2=lam, c_3=0.0, dead_time=dead_time, **kw)


def run(params, n, T, seed=1, threads=1, split=None, record=None, spikes_in=()):
    """n neurons; returns (senders, times in ms, population[, multimeter traces])."""
    sim = nestor.Simulator(dt=H * u.ms, seed=seed, threads=threads)
    pop = sim.create(nestor.pp_psc_delta, n, **params)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(pop, sr)
    mm = None
    if record:
        mm = sim.create(nestor.multimeter, record_from=list(record))
        sim.connect(mm, pop)
    for times, w, d in spikes_in:
        sg = sim.create(nestor.spike_generator, 1, spike_times=list(times))
        sim.connect(sg, pop, weight=w * u.mV, delay=d * u.ms)
    senders, times, traces = [], [], {k: [] for k in record or ()}
    for seg in split or [T]:
        res = sim.simulate(seg * u.ms, progress=False)
        sp = res.spikes(sr)
        senders.append(np.asarray(sp["senders"]))
        times.append(mag(sp["times"], u.ms))
        for k in traces:
            traces[k].append(np.asarray(u.get_mantissa(res.trace(mm, k))))
    out = (np.concatenate(senders), np.concatenate(times), pop)
    if record:
        out += ({k: np.concatenate(v) for k, v in traces.items()},)
    return out


def intervals_in_steps(senders, times, pop):
    return np.concatenate(
        [np.diff(np.rint(np.sort(times[senders == g]) / H)) for g in pop.global_ids]).astype(np.int64)


def p_live(lam):
    return -math.expm1(-lam * H * 1e-3)


# ---- Poisson process with a fixed dead time ------------------------------------------------------


@pytest.mark.parametrize("lam,t_dead,seed", [(100.0, 5.0, 1), (40.0, 2.0, 2), (300.0, 1.0, 3)])
def test_rate_with_a_fixed_dead_time(lam, t_dead, seed):
    n, T = 100, 10000.0
    senders, times, _ = run(poisson_params(lam, t_dead), n, T, seed=seed)
    p, D = p_live(lam), round(t_dead / H)
    mean_isi = H * (D + 1.0 / p)  # ms
    cv2 = (1.0 - p) / (D * p + 1.0) ** 2
    # renewal counts: Var N ~ T cv^2 / mean_isi per neuron; within 4 standard deviations
    expected = n * T / mean_isi
    assert abs(len(times) - expected) < 4.0 * math.sqrt(expected * cv2), (len(times), expected)
    # the continuous-time formula 1/(1/lambda + t_dead) holds up to the grid's h/2 (< 1 % here)
    rate = len(times) / (n * T * 1e-3)
    assert rate == pytest.approx(1.0 / (1.0 / lam + t_dead * 1e-3), rel=0.02)
    # the dead time matters: the plain Poisson count lies more than 10 standard deviations away
    assert n * T * lam * 1e-3 - len(times) > 10.0 * math.sqrt(expected * cv2)


def test_intervals_are_exponential_shifted_by_the_dead_time():
    lam, t_dead = 100.0, 5.0
    senders, times, pop = run(poisson_params(lam, t_dead), 100, 5000.0, seed=4)
    isi = intervals_in_steps(senders, times, pop)
    D, p = round(t_dead / H), p_live(lam)
    assert len(isi) > 20000
    assert isi.min() == D + 1  # no interval shorter than the dead time plus one live step
    # G = isi - D is geometric(p); (G - 1 + V) h with V ~ Exp(lambda h) truncated to [0, 1) is exactly
    # Exp(lambda) (the integer and fractional parts of an exponential are independent with these laws)
    g = isi - D
    v = np.random.default_rng(0).uniform(size=len(g))
    v = -np.log1p(-v * p) / (lam * H * 1e-3)  # inverse cdf of the truncated exponential on [0, 1)
    x = (g - 1 + v) * H * 1e-3  # seconds
    crit = 1.95 / math.sqrt(len(x))  # KS critical value at alpha = 0.001
    assert stats.kstest(x, stats.expon(scale=1.0 / lam).cdf).statistic < crit
    # the same test refuses a wrong rate (5 % off) and the unshifted intervals
    assert stats.kstest(x, stats.expon(scale=1.05 / lam).cdf).statistic > crit
    assert stats.kstest(isi * H * 1e-3, stats.expon(scale=1.0 / lam).cdf).statistic > crit
    # moments
    se = math.sqrt(1.0 - p) / p / math.sqrt(len(g))
    assert abs(g.mean() - 1.0 / p) < 4.0 * se


@pytest.mark.parametrize("lam,t_dead", [(100.0, 5.0), (50.0, 20.0)])
def test_cv_and_fano_factor_follow_the_theory(lam, t_dead):
    n, T, W = 100, 20000.0, 1000.0
    senders, times, pop = run(poisson_params(lam, t_dead), n, T, seed=5)
    p, D = p_live(lam), round(t_dead / H)
    cv = math.sqrt(1.0 - p) / (D * p + 1.0)
    assert cv == pytest.approx(1.0 / (1.0 + lam * t_dead * 1e-3), rel=0.01)  # continuous limit
    isi = intervals_in_steps(senders, times, pop)
    assert isi.std() / isi.mean() == pytest.approx(cv, rel=0.03)  # sd of the estimate < 1 %
    # counts in windows of W: Fano factor -> CV^2 for a renewal process (W >> mean interval); 20
    # windows per neuron and 100 neurons give it to about 4 % (sd over seeds), plus a finite-window
    # bias of a few %: 20 % is 4 to 5 standard deviations
    counts = np.zeros((n, int(T // W)))
    np.add.at(counts, (senders - pop.global_ids[0], (times // W).astype(int).clip(max=counts.shape[1] - 1)), 1)
    fano = np.mean(counts.var(axis=1, ddof=1) / counts.mean(axis=1))
    assert fano == pytest.approx(cv * cv, rel=0.2)
    assert fano < 0.8  # clearly more regular than Poisson (Fano 1)


# ---- dead_time = 0: Poisson counts; short dead times ---------------------------------------------


def test_without_dead_time_each_step_draws_a_poisson_count():
    lam, n, T = 5000.0, 20, 2000.0  # mean 0.5 spikes per step
    senders, times, pop = run(poisson_params(lam, 0.0), n, T, seed=6)
    mu = lam * H * 1e-3
    steps = round(T / H)
    assert abs(len(times) - n * steps * mu) < 4.0 * math.sqrt(n * steps * mu)
    # spikes of one step come as one event of multiplicity k, recorded k times: the histogram of k
    # over all neuron-steps is Poisson(0.5)
    per_step = np.bincount((senders - pop.global_ids[0]) * steps + np.rint(times / H).astype(np.int64) - 1,
                           minlength=n * steps)
    hist = np.bincount(per_step, minlength=6)[:6]
    expected = n * steps * stats.poisson(mu).pmf(np.arange(6))
    assert np.all(np.abs(hist - expected) < 4.0 * np.sqrt(expected) + 1), (hist, expected)
    assert hist[2] > 1000  # multiple spikes per step do occur


@pytest.mark.parametrize("dead_time,isi_steps", [(1e-8, 2), (0.05, 2), (0.1, 2), (0.2, 3), (0.21, 4),
                                                 (0.25, 4), (1.0, 11)])
def test_dead_time_in_steps_as_NEST_converts_it(dead_time, isi_steps):
    # a huge rate fires in every live step: the interval is the dead time in steps plus one. A dead
    # time in (0, h) acts as h; NEST rounds to 1 us and then up to whole steps (0.21 ms -> 3 steps).
    senders, times, _ = run(poisson_params(1e7, dead_time), 1, 20.0)
    np.testing.assert_array_equal(np.diff(np.rint(times / H)), isi_steps)
    assert times[0] == pytest.approx(H)


def test_with_a_dead_time_at_most_one_spike_per_step():
    senders, times, pop = run(poisson_params(5000.0, 1e-8), 20, 1000.0, seed=7)
    for g in pop.global_ids:
        assert len(np.unique(times[senders == g])) == np.sum(senders == g)


def test_t_ref_remaining_delays_the_first_spike_once():
    senders, times, _ = run(poisson_params(1e7, 1.0, t_ref_remaining=2.0), 1, 10.0, split=[5.0, 5.0])
    assert times[0] == pytest.approx(2.1)  # 20 dead steps, then the first live step fires
    np.testing.assert_array_equal(np.diff(np.rint(times / H)), 11)


# ---- random dead time ----------------------------------------------------------------------------


@pytest.mark.parametrize("shape,seed", [(1, 8), (3, 9), (10, 10)])
def test_random_dead_time_is_gamma_distributed(shape, seed):
    # at a huge rate every live step fires, so an interval is R + 1 steps with R the dead time in
    # steps: ceil(X / h) for X ~ Gamma(shape, mean t_dead); P(R <= m) = P(X <= m h)
    t_dead = 3.0
    senders, times, pop = run(poisson_params(1e7, t_dead, dead_time_random=True, dead_time_shape=shape), 20,
                              3000.0, seed=seed)
    R = intervals_in_steps(senders, times, pop) - 1
    assert len(R) > 15000
    m = np.arange(0, R.max() + 1)
    emp = np.searchsorted(np.sort(R), m, side="right") / len(R)
    theo = stats.gamma(shape, scale=t_dead / shape).cdf(m * H)
    assert np.max(np.abs(emp - theo)) < 1.95 / math.sqrt(len(R))  # KS bound at alpha = 0.001
    wrong = stats.gamma(shape, scale=1.1 * t_dead / shape).cdf(m * H)
    assert np.max(np.abs(emp - wrong)) > 1.95 / math.sqrt(len(R))
    assert R.mean() * H == pytest.approx(t_dead + H / 2, rel=0.03)


def test_random_dead_time_with_moderate_rate_mean_and_cv():
    lam, t_dead, shape = 100.0, 10.0, 2
    senders, times, pop = run(poisson_params(lam, t_dead, dead_time_random=True, dead_time_shape=shape), 100,
                              5000.0, seed=11)
    isi = intervals_in_steps(senders, times, pop) * H
    p = p_live(lam)
    mean = t_dead + H / 2 + H / p  # E[ceil(X/h)] h ~ t_dead + h/2
    var = shape * (t_dead / shape) ** 2 + H * H / 12 + H * H * (1 - p) / p**2
    assert abs(isi.mean() - mean) < 4.0 * math.sqrt(var / len(isi))
    assert isi.std() / isi.mean() == pytest.approx(math.sqrt(var) / mean, rel=0.05)
    assert np.mean(isi < t_dead) > 0.1  # intervals shorter than the mean dead time occur (~ 20 %)


# ---- membrane, reset, adaptation (deterministic given the spikes) --------------------------------


def test_membrane_is_a_leaky_integrator_with_delta_input():
    # c_1 = c_2 = 0: the rate is 0 and the neuron never fires; V = I R (1 - exp(-t/tau_m)) relative to
    # rest, plus w exp(-(t - t_a)/tau_m) for a spike arriving at t_a = 10 + 1 ms
    p = dict(c_1=0.0, c_2=0.0, I_e=100.0, tau_m=20.0, C_m=200.0)
    senders, _, _, tr = run(p, 1, 50.0, record=["V_m"], spikes_in=[([10.0], 2.5, 1.0)])
    t = H * np.arange(1, 501)
    v = tr["V_m"][:, 0]
    expected = 100.0 * 20.0 / 200.0 * (1 - np.exp(-t / 20.0)) + np.where(t > 11.0 - 1e-9, 2.5 * np.exp(-(t - 11.0) / 20.0), 0.0)
    np.testing.assert_allclose(v, expected, rtol=0, atol=1e-9)
    assert len(senders) == 0


def test_negative_rates_are_rectified():
    # linear transfer c_1 V with V < 0: the rate is negative and the neuron stays silent
    senders, _, _ = run(dict(c_1=1000.0, c_2=0.0, I_e=-100.0, dead_time=0.0), 10, 1000.0)
    assert len(senders) == 0


@pytest.mark.parametrize("with_reset", [True, False])
def test_reset_after_a_spike(with_reset):
    # linear hazard from a driven membrane (c_1 V, V -> 10 mV): with_reset sets V to 0 in the step of
    # each spike, without it V follows the spike-free trajectory
    p = dict(c_1=30.0, c_2=0.0, I_e=250.0, dead_time=1.0, with_reset=with_reset)
    senders, times, _, tr = run(p, 1, 300.0, seed=12, record=["V_m"])
    v = tr["V_m"][:, 0]
    k = np.rint(times / H).astype(int) - 1
    assert len(k) > 5
    if with_reset:
        assert np.all(v[k] == 0.0)
        assert np.all(v[k + 1] == pytest.approx(10.0 * (1 - math.exp(-H / 10.0)), abs=1e-12))
    else:
        t = H * np.arange(1, len(v) + 1)
        np.testing.assert_allclose(v, 10.0 * (1 - np.exp(-t / 10.0)), rtol=0, atol=1e-9)


def test_adaptation_follows_the_spike_train():
    # E_sfa(t) = q_sfa sum over earlier spikes (t_s < t) of exp(-(t - t_s)/tau_sfa) (with multiplicity)
    q, tau = 1.5, 20.0
    p = dict(c_1=0.0, c_2=400.0, c_3=0.3, q_sfa=[q], tau_sfa=[tau], dead_time=0.0)
    senders, times, _, tr = run(p, 1, 500.0, seed=13, record=["E_sfa", "V_m"])
    e = tr["E_sfa"][:, 0]
    t = H * np.arange(1, len(e) + 1)
    expected = np.array([q * np.sum(np.exp(-(x - times[times < x - 1e-9]) / tau)) for x in t])
    np.testing.assert_allclose(e, expected, rtol=0, atol=1e-9)
    assert len(times) > 20 and e.max() > 2 * q
    # adaptation lowers the rate below c_2 = 400/s: rate = 400 exp(-0.3 E_sfa) on average
    assert len(times) / 0.5 < 0.6 * 400.0


def test_adaptation_lowers_the_stationary_rate():
    base = dict(c_1=0.0, c_2=100.0, c_3=0.5, dead_time=1.0)
    s0, _, _ = run(base, 50, 2000.0, seed=14)
    s1, _, _ = run(dict(base, q_sfa=[2.0], tau_sfa=[50.0]), 50, 2000.0, seed=14)
    r0, r1 = len(s0) / 100.0, len(s1) / 100.0
    assert r0 == pytest.approx(1.0 / (1.0 / 100.0 + 1e-3), rel=0.05)
    assert r1 < 0.5 * r0


def test_several_adaptation_kernels_add_up():
    # E_sfa(t) = sum_k q_k sum over earlier spikes (t_s < t) of exp(-(t - t_s)/tau_k), with multiplicity
    # (dead_time = 0: Poisson counts); one kernel negative (facilitation), one slower than the run.
    qs, taus = np.array([1.5, -0.7, 0.4]), np.array([20.0, 3.0, 1000.0])
    p = dict(c_1=0.0, c_2=300.0, c_3=0.3, q_sfa=list(qs), tau_sfa=list(taus), dead_time=0.0)
    senders, times, pop, tr = run(p, 1, 400.0, seed=21, record=["E_sfa"])
    e = tr["E_sfa"][:, 0]
    t = H * np.arange(1, len(e) + 1)
    expected = np.array([np.sum(qs[None, :] * np.exp(-(x - times[times < x - 1e-9])[:, None] / taus[None, :]))
                         for x in t])
    np.testing.assert_allclose(e, expected, rtol=0, atol=1e-9)
    assert len(times) > 20
    # each kernel matters: leaving out any one of them misses the trace by far more than the tolerance
    for k in range(3):
        m = np.arange(3) != k
        part = np.array([np.sum(qs[None, m] * np.exp(-(x - times[times < x - 1e-9])[:, None] / taus[None, m]))
                         for x in t])
        assert np.max(np.abs(part - e)) > 0.1
    assert [list(x.magnitude) for x in pop.get("q_sfa")] == [list(qs)]
    assert [list(x.magnitude) for x in pop.get("tau_sfa")] == [list(taus)]


def test_without_kernels_E_sfa_stays_zero():
    senders, times, _, tr = run(dict(c_1=0.0, c_2=300.0, c_3=0.3, dead_time=0.0), 1, 100.0, seed=22,
                                record=["E_sfa"])
    assert len(times) > 5 and np.all(tr["E_sfa"] == 0.0)


def test_kernel_lists_must_have_equal_lengths():
    sim = nestor.Simulator()
    with pytest.raises(nestor.BadValueError, match="q_sfa.*tau_sfa|tau_sfa.*q_sfa"):
        sim.create(nestor.pp_psc_delta, 1, tau_sfa=[10.0, 20.0], q_sfa=[1.0])
    n = sim.create(nestor.pp_psc_delta, 2, tau_sfa=[10.0, 20.0], q_sfa=[1.0, 2.0])
    with pytest.raises(nestor.BadValueError, match="q_sfa.*tau_sfa|tau_sfa.*q_sfa"):
        n.set(q_sfa=[1.0, 2.0, 3.0])
    assert [list(x.magnitude) for x in n.get("q_sfa")] == [[1.0, 2.0], [1.0, 2.0]]
    n.set(q_sfa=[3.0], tau_sfa=[5.0])  # both at once: another number of kernels is fine
    assert [list(x.magnitude) for x in n.get("tau_sfa")] == [[5.0], [5.0]]
    n.set(q_sfa=[], tau_sfa=[])
    assert len(n.get("q_sfa")[0]) == 0


# ---- threads, seeds, split runs ------------------------------------------------------------------


def _network(threads, seed=3, split=None):
    sim = nestor.Simulator(dt=H * u.ms, seed=seed, threads=threads)
    pop = sim.create(nestor.pp_psc_delta, 60, I_e=np.linspace(0.0, 150.0, 60), c_1=2.0, c_2=20.0, c_3=0.2,
                     q_sfa=[1.0, -0.5], tau_sfa=[34.0, 5.0], dead_time=np.linspace(0.0, 3.0, 60),
                     dead_time_random=np.arange(60) % 2 == 0, dead_time_shape=2)
    sim.connect(pop, pop, rule=nestor.fixed_indegree(10), weight=nestor.random.normal(0.5, 1.0),
                delay=nestor.random.uniform(0.5, 2.0))
    sr = sim.create(nestor.spike_recorder)
    mm = sim.create(nestor.multimeter, record_from=["V_m", "E_sfa"], interval=1.0)
    sim.connect(pop, sr)
    sim.connect(mm, pop)
    out_t, out_s, out_v = [], [], []
    for seg in split or [500.0]:
        res = sim.simulate(seg * u.ms, progress=False)
        sp = res.spikes(sr)
        out_t.append(mag(sp["times"], u.ms))
        out_s.append(np.asarray(sp["senders"]))
        out_v.append(np.asarray(u.get_mantissa(res.trace(mm, "V_m") / u.mV)))
        out_v.append(np.asarray(u.get_mantissa(res.trace(mm, "E_sfa") / u.mV)))
    return np.concatenate(out_t), np.concatenate(out_s), np.concatenate(out_v)


def test_identical_for_one_and_two_threads_and_split_runs():
    t1, s1, v1 = _network(1)
    assert len(t1) > 1000
    for other in (_network(2), _network(2, split=[123.4, 376.6])):
        np.testing.assert_array_equal(other[0], t1)
        np.testing.assert_array_equal(other[1], s1)
    np.testing.assert_array_equal(_network(2)[2], v1)
    t4, _, _ = _network(1, seed=4)
    assert len(t4) != len(t1) or not np.array_equal(t4, t1)


# ---- parameters and ports ------------------------------------------------------------------------


def test_defaults_and_recordables():
    m = nestor.pp_psc_delta
    d = m.defaults()
    assert d["I_e"] == (0.0, "pA") and d["C_m"] == (250.0, "pF") and d["tau_m"] == (10.0, "ms")
    assert d["dead_time"] == (1.0, "ms") and d["dead_time_random"] == (False, "1")
    assert d["dead_time_shape"][0] == 1 and d["with_reset"] == (True, "1")
    assert d["c_1"][0] == 0.0 and d["c_2"] == (1.238, "Hz") and d["c_3"][0] == 0.25
    assert d["t_ref_remaining"] == (0.0, "ms")
    assert d["q_sfa"][1] == "mV" and d["tau_sfa"][1] == "ms"  # lists, empty by default: no adaptation
    assert len(d["q_sfa"][0]) == 0 and len(d["tau_sfa"][0]) == 0
    assert d["V_m"] == (0.0, "mV") and d["E_sfa"] == (0.0, "mV")
    assert m.recordables == ["V_m", "E_sfa"]
    assert m.weight_unit == "mV"


@pytest.mark.parametrize("bad,message", [
    (dict(C_m=0.0), "C_m"),
    (dict(C_m=-1.0), "C_m"),
    (dict(tau_m=0.0), "tau_m"),
    (dict(dead_time=-0.1), "dead_time"),
    (dict(dead_time_shape=0), "dead_time_shape"),
    (dict(dead_time_shape=1.5), "dead_time_shape"),
    (dict(tau_sfa=[0.0], q_sfa=[1.0]), "tau_sfa"),
    (dict(tau_sfa=[10.0, -5.0], q_sfa=[1.0, 1.0]), "tau_sfa"),
    (dict(tau_sfa=[10.0, 20.0], q_sfa=[1.0]), "tau_sfa"),  # NEST: equal lengths
    (dict(q_sfa=[1.0]), "q_sfa"),
    (dict(t_ref_remaining=-1.0), "t_ref_remaining"),
    (dict(c_3=-0.1), "c_3"),
    (dict(with_reset=2), "with_reset"),
    (dict(dead_time_random=0.5), "dead_time_random"),
])
def test_parameter_checks(bad, message):
    sim = nestor.Simulator()
    with pytest.raises(nestor.BadValueError, match=message):
        sim.create(nestor.pp_psc_delta, 1, **bad)
    n = sim.create(nestor.pp_psc_delta, 1)
    with pytest.raises(nestor.BadValueError, match=message):
        n.set(**bad, I_e=10.0)
    assert mag(n.get("I_e"), u.pA)[0] == 0.0  # a refused set changes nothing


def test_accepted_edge_values():
    sim = nestor.Simulator()
    n = sim.create(nestor.pp_psc_delta, 1, dead_time=0.0, c_3=0.0, c_1=-5.0, c_2=-1.0, q_sfa=[-2.0], tau_sfa=[1e-3],
                   dead_time_shape=7, t_ref_remaining=0.0)
    assert n.get("dead_time_shape")[0] == 7


def test_ports_and_weight_unit():
    sim = nestor.Simulator()
    n = sim.create(nestor.pp_psc_delta)
    sg = sim.create(nestor.spike_generator, spike_times=[1.0])
    dc = sim.create(nestor.dc_generator)
    with pytest.raises(nestor.IllegalConnectionError):
        sim.connect(sg, n, receptor_type=1)
    with pytest.raises(nestor.IllegalConnectionError):
        sim.connect(dc, n, receptor_type=1)
    with pytest.raises(nestor.DimensionError):
        sim.connect(sg, n, weight=2.0 * u.pA)
    sim.connect(sg, n, weight=2.0 * u.mV)
    sim.connect(dc, n)
