"""Random weights and delays (nestor.random.*, NEST's nest.random.*): one independent draw per connection
from the named distribution, bounded by .clip(min, max) or .redraw(min, max); delays rounded to the grid.

Distribution checks use scipy.stats.kstest against the exact distribution (for redraw the truncated one)
and require a p-value above P_MIN = 1e-3: a correct implementation fails one such test with probability
1e-3; the sample mean and variance must also lie within 4 standard errors of the distribution's. For
clip, the mass at each bound must equal the tail probability within 4 binomial standard errors and the
interior must follow the truncated distribution (KS). Correlation checks require |r| below 4
standard errors (1/sqrt(n)). Seeds are fixed; every statistical test was run offline for seeds 0..19 and
passed for all of them."""

import numpy as np
import pytest
from scipy import stats

import nestor
from nestor import units as u

SEEDS = [20240611]  # fixed; checked offline over 20 seeds (see the module docstring)
P_MIN = 1e-3  # KS / chi-square p-value threshold
N_SE = 4.0  # tolerance of the proportion and correlation checks, in standard errors


def draw(dist=None, seed=SEEDS[0], n_pre=200, n_post=100, delay=None, rule=nestor.all_to_all, dt=0.1):
    """Connects n_pre -> n_post iaf_psc_alpha neurons (weights in pA) and returns the listing."""
    sim = nestor.Simulator(dt=dt * u.ms, seed=seed)
    pre = sim.create(nestor.iaf_psc_alpha, n_pre)
    post = sim.create(nestor.iaf_psc_alpha, n_post)
    kw = {}
    if dist is not None:
        kw["weight"] = dist
    if delay is not None:
        kw["delay"] = delay
    sim.connect(pre, post, rule=rule, **kw)
    return sim.get_connections().get(["source", "target", "weight", "delay"])


def truncated(dist, lo, hi):
    """The cdf of `dist` (a frozen scipy distribution) conditioned on [lo, hi]."""
    Flo, Fhi = dist.cdf(lo), dist.cdf(hi)
    return lambda x: np.clip((dist.cdf(x) - Flo) / (Fhi - Flo), 0.0, 1.0)


def assert_ks(x, cdf, what):
    res = stats.kstest(x, cdf)
    assert res.pvalue > P_MIN, f"{what}: KS statistic {res.statistic:.4g}, p = {res.pvalue:.3g}"


def assert_moments(x, ref, what):
    """Mean and variance within N_SE standard errors of the distribution's (finer than KS for a slightly
    wrong scale): SE(mean) = sqrt(var / n), SE(mean((x - mean)^2)) = sqrt((mu4 - var^2) / n)."""
    mean, var, kurt = (float(v) for v in ref.stats(moments="mvk"))
    mu4 = (kurt + 3.0) * var * var
    n = len(x)
    m, v = np.mean(x), np.mean((x - mean) ** 2)
    assert abs(m - mean) <= N_SE * np.sqrt(var / n), f"{what}: mean {m:.5g}, expected {mean:.5g}"
    assert abs(v - var) <= N_SE * np.sqrt((mu4 - var * var) / n), f"{what}: variance {v:.5g}, expected {var:.5g}"


def assert_proportion(k, n, p, what):
    se = np.sqrt(n * p * (1 - p))
    assert abs(k - n * p) <= N_SE * se, f"{what}: {k} of {n}, expected {n * p:.1f} +- {N_SE} x {se:.2f}"


def assert_uncorrelated(x, y, what):
    r = np.corrcoef(x, y)[0, 1]
    assert abs(r) <= N_SE / np.sqrt(len(x)), f"{what}: correlation {r:.4f}"


# The distributions with their scipy counterparts (weights in pA).
DISTS = {
    "uniform": (nestor.random.uniform(10.0 * u.pA, 30.0 * u.pA), stats.uniform(loc=10.0, scale=20.0)),
    "normal": (nestor.random.normal(20.0 * u.pA, 2.0 * u.pA), stats.norm(20.0, 2.0)),
    "normal_negative": (nestor.random.normal(-40.0 * u.pA, 8.0 * u.pA), stats.norm(-40.0, 8.0)),
    # lognormal: mean and std of the underlying normal, as NEST: exp(N(1, 0.5)) pA
    "lognormal": (nestor.random.lognormal(1.0, 0.5), stats.lognorm(s=0.5, scale=np.exp(1.0))),
    "exponential": (nestor.random.exponential(5.0 * u.pA), stats.expon(scale=5.0)),
}


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", list(DISTS))
def test_weights_follow_the_distribution(name, seed):
    dist, ref = DISTS[name]
    w = draw(dist, seed)["weight"]
    assert len(w) == 20000
    assert_ks(w, ref.cdf, name)
    assert_moments(w, ref, name)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("rule", [nestor.one_to_one, nestor.fixed_indegree(40), nestor.fixed_outdegree(40),
                                  nestor.fixed_total_number(8000), nestor.pairwise_bernoulli(0.4),
                                  nestor.pairwise_poisson(0.4)], ids=repr)
def test_weights_follow_the_distribution_under_every_rule(rule, seed):
    """Each rule keys its draws differently (by target, by source, by position): every one must give
    independent draws from the distribution."""
    n = 200
    d = draw(nestor.random.normal(20.0 * u.pA, 2.0 * u.pA), seed, n_pre=n, n_post=n, rule=rule)
    assert len(d["weight"]) >= n
    assert_ks(d["weight"], stats.norm(20.0, 2.0).cdf, repr(rule))
    assert_moments(d["weight"], stats.norm(20.0, 2.0), repr(rule))


@pytest.mark.parametrize("seed", SEEDS)
def test_symmetric_rule_draws_each_direction_independently(seed):
    sim = nestor.Simulator(seed=seed)
    a = sim.create(nestor.iaf_psc_alpha, 300)
    sim.connect(a, a, rule=nestor.symmetric_pairwise_bernoulli(0.2), allow_autapses=False,
                weight=nestor.random.normal(20.0 * u.pA, 2.0 * u.pA))
    d = sim.get_connections().get(["source", "target", "weight"])
    assert_ks(d["weight"], stats.norm(20.0, 2.0).cdf, "symmetric")
    w = {(s, t): x for s, t, x in zip(d["source"].tolist(), d["target"].tolist(), d["weight"].tolist())}
    fwd = [(x, w[(t, s)]) for (s, t), x in w.items() if s < t]
    assert_uncorrelated(*np.array(fwd).T, "weights of i->j and j->i")


@pytest.mark.parametrize("seed", SEEDS)
def test_draws_are_independent(seed):
    """Weight and delay of a connection, and weights of neighbouring connections (same source, next
    target; same target, next source), are uncorrelated."""
    d = draw(nestor.random.normal(20.0 * u.pA, 2.0 * u.pA), seed,
             delay=nestor.random.uniform(1.0 * u.ms, 5.0 * u.ms))
    w = d["weight"]
    assert_uncorrelated(w, d["delay"], "weight and delay")
    by_source = np.lexsort((d["target"], d["source"]))
    assert_uncorrelated(w[by_source][:-1], w[by_source][1:], "weights along a source's targets")
    by_target = np.lexsort((d["source"], d["target"]))
    assert_uncorrelated(w[by_target][:-1], w[by_target][1:], "weights along a target's sources")


# ----------------------------------------------------------------------------------------------- redraw

REDRAW = {
    "normal": (nestor.random.normal(20.0 * u.pA, 5.0 * u.pA).redraw(15.0 * u.pA, 22.0 * u.pA),
               stats.norm(20.0, 5.0), 15.0, 22.0),
    "uniform": (nestor.random.uniform(0.0 * u.pA, 10.0 * u.pA).redraw(2.0 * u.pA, 5.0 * u.pA),
                stats.uniform(0.0, 10.0), 2.0, 5.0),
    "lognormal": (nestor.random.lognormal(0.0, 1.0).redraw(0.5 * u.pA, 3.0 * u.pA),
                  stats.lognorm(s=1.0, scale=1.0), 0.5, 3.0),
    "exponential": (nestor.random.exponential(5.0 * u.pA).redraw(1.0 * u.pA, 8.0 * u.pA),
                    stats.expon(scale=5.0), 1.0, 8.0),
    "one_sided": (nestor.random.normal(0.0 * u.pA, 10.0 * u.pA).redraw(min=0.0 * u.pA),
                  stats.norm(0.0, 10.0), 0.0, np.inf),
}


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", list(REDRAW))
def test_redraw_gives_the_truncated_distribution(name, seed):
    dist, ref, lo, hi = REDRAW[name]
    w = draw(dist, seed)["weight"]
    assert w.min() >= lo and w.max() <= hi
    assert_ks(w, truncated(ref, lo, hi), name)


def test_redraw_with_bare_numbers_in_the_weight_unit():
    a = draw(nestor.random.normal(20.0, 5.0).redraw(15.0, 22.0))["weight"]
    b = draw(REDRAW["normal"][0])["weight"]
    assert np.array_equal(a, b)


# ------------------------------------------------------------------------------------------------- clip

CLIP = {
    "normal": (nestor.random.normal(20.0 * u.pA, 5.0 * u.pA).clip(15.0 * u.pA, 22.0 * u.pA),
               stats.norm(20.0, 5.0), 15.0, 22.0),
    "exponential": (nestor.random.exponential(5.0 * u.pA).clip(1.0 * u.pA, 8.0 * u.pA),
                    stats.expon(scale=5.0), 1.0, 8.0),
    "lognormal": (nestor.random.lognormal(0.0, 1.0).clip(0.5 * u.pA, 3.0 * u.pA),
                  stats.lognorm(s=1.0, scale=1.0), 0.5, 3.0),
}


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", list(CLIP))
def test_clip_puts_the_tails_on_the_bounds(name, seed):
    dist, ref, lo, hi = CLIP[name]
    w = draw(dist, seed)["weight"]
    n = len(w)
    assert w.min() == lo and w.max() == hi
    assert_proportion(int(np.sum(w == lo)), n, ref.cdf(lo), f"{name}: mass at min")
    assert_proportion(int(np.sum(w == hi)), n, ref.sf(hi), f"{name}: mass at max")
    inner = w[(w > lo) & (w < hi)]
    assert_ks(inner, truncated(ref, lo, hi), f"{name}: interior")


def test_clip_with_one_bound():
    w = draw(nestor.random.normal(0.0 * u.pA, 10.0 * u.pA).clip(min=-5.0 * u.pA))["weight"]
    assert w.min() == -5.0
    assert w.max() > 20.0  # unbounded above: P(max of 20000 draws <= 20) = Phi(2)^20000 ~ 0
    assert_proportion(int(np.sum(w == -5.0)), len(w), stats.norm.cdf(-0.5), "mass at min")


# ---------------------------------------------------------------------------------------------- delays


@pytest.mark.parametrize("seed", SEEDS)
def test_random_delays_are_rounded_to_the_grid(seed):
    """uniform(1 ms, 3 ms) at dt = 0.1 ms, rounded to the nearest step: the 19 inner grid points carry
    0.05 each, 1.0 and 3.0 half of that (chi-square test on the 21 grid points)."""
    d = draw(delay=nestor.random.uniform(1.0 * u.ms, 3.0 * u.ms), seed=seed)["delay"]
    steps = d / 0.1
    assert np.allclose(steps, np.round(steps), rtol=0, atol=1e-9)
    assert d.min() >= 1.0 - 1e-12 and d.max() <= 3.0 + 1e-12
    k = np.round(steps).astype(int) - 10
    counts = np.bincount(k, minlength=21)
    assert len(counts) == 21
    expected = np.full(21, 0.05)
    expected[0] = expected[-1] = 0.025
    res = stats.chisquare(counts, expected * len(d))
    assert res.pvalue > P_MIN, f"delay histogram: p = {res.pvalue:.3g}"


def test_random_delays_on_a_coarser_grid():
    d = draw(delay=nestor.random.normal(3.0 * u.ms, 0.5 * u.ms).redraw(1.0 * u.ms, 5.0 * u.ms), dt=0.25,
             n_pre=50, n_post=50)["delay"]
    steps = d / 0.25
    assert np.allclose(steps, np.round(steps), rtol=0, atol=1e-9)
    assert len(np.unique(d)) > 8  # 1.0, 1.25, ..., 5.0: many grid points are used
    assert d.min() >= 1.0 and d.max() <= 5.0


def test_random_delay_units():
    a = draw(delay=nestor.random.uniform(1.0 * u.ms, 3.0 * u.ms), n_pre=30, n_post=30)["delay"]
    b = draw(delay=nestor.random.uniform(0.001 * u.second, 0.003 * u.second), n_pre=30, n_post=30)["delay"]
    c = draw(delay=nestor.random.uniform(1.0, 3.0), n_pre=30, n_post=30)["delay"]  # bare numbers: ms
    assert np.array_equal(a, c)
    assert np.allclose(a, b, rtol=0, atol=1e-12)
    assert len(np.unique(a)) == 21


@pytest.mark.parametrize("delay", [nestor.random.uniform(0.01 * u.ms, 2.0 * u.ms),
                                   nestor.random.normal(1.0 * u.ms, 1.0 * u.ms),
                                   nestor.random.exponential(1.0 * u.ms)], ids=repr)
def test_random_delay_below_dt_is_refused(delay):
    sim = nestor.Simulator(dt=0.1 * u.ms, seed=1)
    a = sim.create(nestor.iaf_psc_alpha, 20)
    sim.connect(a, a, rule=nestor.one_to_one)
    with pytest.raises(nestor.BadDelayError) as info:
        sim.connect(a, a, delay=delay)  # 400 draws: some fall below 0.1 ms
    assert isinstance(info.value, ValueError)
    assert "delay" in str(info.value) and "dt = 0.1 ms" in str(info.value)
    assert sim.num_connections == 20
    # the same distribution bounded at dt is fine
    sim.connect(a, a, delay=delay.redraw(0.1 * u.ms, 10.0 * u.ms))
    assert sim.num_connections == 420


def test_clipped_delay_at_dt_is_one_step():
    d = draw(delay=nestor.random.normal(0.1 * u.ms, 1.0 * u.ms).clip(0.1 * u.ms, 1.0 * u.ms), n_pre=40,
             n_post=40)["delay"]
    assert d.min() == pytest.approx(0.1) and d.max() == pytest.approx(1.0)
    # draws below 0.1 are clipped to dt and draws in [0.1, 0.15) round to it: P = Phi((0.15 - 0.1) / 1)
    assert_proportion(int(np.sum(np.isclose(d, 0.1))), len(d), stats.norm.cdf(0.05), "at dt")


# ----------------------------------------------------------------------------------------------- units


def test_weight_distribution_with_units():
    pa = draw(nestor.random.normal(20.0 * u.pA, 2.0 * u.pA), n_pre=40, n_post=40)["weight"]
    na = draw(nestor.random.normal(0.02 * u.nA, 0.002 * u.nA), n_pre=40, n_post=40)["weight"]
    bare = draw(nestor.random.normal(20.0, 2.0), n_pre=40, n_post=40)["weight"]
    assert np.array_equal(pa, bare)
    assert np.allclose(pa, na, rtol=1e-12, atol=0)
    assert 19.0 < pa.mean() < 21.0  # pA, not A or nA


@pytest.mark.parametrize("weight", [
    nestor.random.normal(20.0 * u.mV, 2.0 * u.mV),
    nestor.random.normal(20.0 * u.pA, 2.0 * u.mV),
    nestor.random.uniform(1.0 * u.ms, 2.0 * u.ms),
    nestor.random.exponential(5.0 * u.nS),
    nestor.random.normal(20.0 * u.pA, 2.0 * u.pA).clip(0.0 * u.mV, 40.0 * u.mV),
    nestor.random.normal(20.0 * u.pA, 2.0 * u.pA).redraw(0.0 * u.pA, 40.0 * u.ms),
    nestor.random.lognormal(1.0 * u.pA, 0.5),  # the underlying normal's parameters are dimensionless
], ids=repr)
def test_weight_distribution_of_the_wrong_dimension(weight):
    sim = nestor.Simulator()
    a = sim.create(nestor.iaf_psc_alpha, 3)
    with pytest.raises(nestor.DimensionError) as info:
        sim.connect(a, a, weight=weight)
    assert isinstance(info.value, TypeError)
    assert "weight" in str(info.value)
    assert sim.num_connections == 0


@pytest.mark.parametrize("delay", [nestor.random.uniform(1.0 * u.pA, 2.0 * u.pA),
                                   nestor.random.normal(2.0 * u.ms, 0.5 * u.ms).clip(1.0 * u.mV, 3.0 * u.mV)],
                         ids=repr)
def test_delay_distribution_of_the_wrong_dimension(delay):
    sim = nestor.Simulator()
    a = sim.create(nestor.iaf_psc_alpha, 3)
    with pytest.raises(nestor.DimensionError) as info:
        sim.connect(a, a, delay=delay)
    assert "delay" in str(info.value)
    assert sim.num_connections == 0
