"""NEST's connection rules: the structure each rule promises, and the degree distributions of the random
rules against their closed forms.

Exact checks: fixed_indegree gives every target exactly K sources from pre, fixed_outdegree every source
exactly K targets, fixed_total_number exactly N connections, one_to_one exactly (pre[k], post[k]),
explicit exactly the listed edges; allow_autapses=False / allow_multapses=False are honoured by every
rule that takes them; symmetric_pairwise_bernoulli gives i->j iff j->i.

Statistical checks: the sample mean and variance of the in- or out-degrees against the mean and
variance of the closed-form distribution, each within 4 standard errors of its estimator (computed from
the distribution's fourth central moment, see `assert_moments`). A correct rule fails one such check
with probability ~6e-5. Seeds are fixed; every statistical test was run offline for seeds 0..19 and
passed for all of them. (Threads do not exist yet: a seed alone fixes the network.)"""

import collections

import numpy as np
import pytest

import nestor

SEEDS = [20240611]  # fixed; checked offline over 20 seeds (see the module docstring)
N_SE = 4.0  # tolerance of the statistical checks, in standard errors
# Largest deviation of a single degree, in standard deviations of its distribution: for the distributions
# below (at most 700 nodes, Poisson means >= 9) all nodes pass with probability > 1 - 1e-4.
N_SD_MAX = 7.0


# ----------------------------------------------------------------------------------------------- helpers


def edges(sim, **filters):
    c = sim.get_connections(**filters)
    d = c.get(["source", "target"])
    return d["source"], d["target"]


def degrees(ids, nodes):
    """How many times each node of `nodes` occurs in `ids` (in the order of nodes)."""
    counts = collections.Counter(ids.tolist())
    return np.array([counts.get(int(g), 0) for g in nodes.global_ids])


def assert_no_autapses(s, t):
    assert not np.any(s == t), f"{int(np.sum(s == t))} autapses"


def assert_no_multapses(s, t):
    pairs = s.astype(np.int64) * (1 << 32) + t
    assert len(np.unique(pairs)) == len(pairs), f"{len(pairs) - len(np.unique(pairs))} multapses"


def binomial_moments(n, p):
    """mean, variance, fourth central moment of Binomial(n, p)."""
    q = 1.0 - p
    var = n * p * q
    return n * p, var, var * (1.0 + 3.0 * (n - 2.0) * p * q)


def poisson_moments(lam):
    return lam, lam, lam + 3.0 * lam * lam


def hypergeometric_moments(M, K, n):
    """n draws without replacement from M items of which K are successes (mu4 from its kurtosis)."""
    p = K / M
    mean = n * p
    var = n * p * (1 - p) * (M - n) / (M - 1)
    num = (M - 1) * M**2 * (M * (M + 1) - 6 * K * (M - K) - 6 * n * (M - n)) + 6 * n * K * (M - K) * (M - n) * (
        5 * M - 6)
    excess = num / (n * K * (M - K) * (M - n) * (M - 2) * (M - 3))
    return mean, var, var * var * (3.0 + excess)


def assert_moments(x, mean, var, mu4, what):
    """The sample mean and the variance about the true mean, each within N_SE standard errors, and
    every single value within N_SD_MAX standard deviations of the mean:
    SE(mean) = sqrt(var / n), SE(mean((x - mean)^2)) = sqrt((mu4 - var^2) / n). The degrees of one
    network are (nearly) independent draws; for multinomial marginals (fixed total) they are slightly
    negatively correlated, which only makes these errors smaller."""
    x = np.asarray(x, dtype=float)
    n = len(x)
    m = x.mean()
    v = np.mean((x - mean) ** 2)
    se_m = np.sqrt(var / n)
    se_v = np.sqrt((mu4 - var * var) / n)
    assert abs(m - mean) <= N_SE * se_m, f"{what}: mean {m:.4g}, expected {mean:.4g} +- {N_SE} x {se_m:.3g}"
    assert abs(v - var) <= N_SE * se_v, f"{what}: variance {v:.4g}, expected {var:.4g} +- {N_SE} x {se_v:.3g}"
    # No single node far off (a node never or always picked hides in the moments of many):
    worst = np.max(np.abs(x - mean)) / np.sqrt(var)
    assert worst <= N_SD_MAX, f"{what}: a degree {worst:.1f} standard deviations from the mean"


def two_pops(seed, n_pre, n_post):
    sim = nestor.Simulator(seed=seed)
    return sim, sim.create(nestor.iaf_psc_alpha, n_pre), sim.create(nestor.iaf_psc_alpha, n_post)


# ------------------------------------------------------------------------------------ deterministic rules


def test_all_to_all_gives_every_pair_once():
    sim, pre, post = two_pops(1, 7, 5)
    sim.connect(pre, post)
    s, t = edges(sim)
    assert sim.num_connections == 35
    assert set(zip(s.tolist(), t.tolist())) == {(a, b) for a in pre.global_ids for b in post.global_ids}
    assert_no_multapses(s, t)


def test_all_to_all_without_autapses():
    sim = nestor.Simulator()
    a = sim.create(nestor.iaf_psc_alpha, 6)
    sim.connect(a, a, allow_autapses=False)
    s, t = edges(sim)
    assert sim.num_connections == 30
    assert set(zip(s.tolist(), t.tolist())) == {(x, y) for x in a.global_ids for y in a.global_ids if x != y}
    sim.connect(a, a)  # with autapses: all 36 pairs, the 30 above for a second time
    s, t = edges(sim)
    assert sim.num_connections == 66 and int(np.sum(s == t)) == 6


def test_all_to_all_weight_matrix_is_targets_by_sources():
    sim, pre, post = two_pops(1, 3, 2)
    W = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])  # W[target, source]
    sim.connect(pre, post, weight=W)
    d = sim.get_connections().get(["source", "target", "weight"])
    for s, t, w in zip(d["source"], d["target"], d["weight"]):
        assert w == W[t - post.global_ids[0], s - pre.global_ids[0]]


def test_one_to_one_gives_exactly_the_pairs_in_order():
    sim, a, b = two_pops(1, 10, 10)
    pre, post = a[::-2], b[2:7]  # ids 10, 8, 6, 4, 2 -> 13, 14, 15, 16, 17
    sim.connect(pre, post, rule=nestor.one_to_one, weight=[1.0, 2.0, 3.0, 4.0, 5.0])
    d = sim.get_connections().get(["source", "target", "weight"])
    got = sorted(zip(d["source"].tolist(), d["target"].tolist(), d["weight"].tolist()))
    assert got == sorted(zip(pre.global_ids.tolist(), post.global_ids.tolist(), [1.0, 2.0, 3.0, 4.0, 5.0]))


def test_one_to_one_without_autapses_skips_self_pairs():
    sim = nestor.Simulator()
    a = sim.create(nestor.iaf_psc_alpha, 5)
    sim.connect(a, a, rule=nestor.one_to_one, allow_autapses=False)
    assert sim.num_connections == 0
    sim.connect(a, a[::-1], rule=nestor.one_to_one, allow_autapses=False)  # the middle pair is (3, 3)
    s, t = edges(sim)
    assert sorted(zip(s.tolist(), t.tolist())) == [(1, 5), (2, 4), (4, 2), (5, 1)]


def test_explicit_gives_exactly_the_listed_edges():
    sim, pre, post = two_pops(1, 4, 4)
    src = [1, 1, 3, 4, 2, 1]
    tgt = [5, 8, 5, 6, 8, 5]  # (1, 5) twice: a multapse
    w = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    sim.connect(pre, post, rule=nestor.explicit(src, tgt), weight=w, delay=np.array(w) / 2)
    d = sim.get_connections().get(["source", "target", "weight", "delay"])
    got = sorted(zip(*(d[k].tolist() for k in ("source", "target", "weight", "delay"))))
    assert got == sorted(zip(src, tgt, w, (np.array(w) / 2).tolist()))


def test_explicit_honours_autapse_and_multapse_flags():
    sim = nestor.Simulator()
    a = sim.create(nestor.iaf_psc_alpha, 4)
    src, tgt = [1, 2, 2, 3, 4, 1], [2, 2, 3, 1, 4, 2]
    sim.connect(a, a, rule=nestor.explicit(src, tgt), allow_autapses=False)
    s, t = edges(sim)
    assert sorted(zip(s.tolist(), t.tolist())) == [(1, 2), (1, 2), (2, 3), (3, 1)]
    sim.connect(a, a, rule=nestor.explicit(src, tgt), allow_multapses=False)
    s, t = edges(sim, source=a)
    assert sim.num_connections == 4 + 5
    assert sorted(zip(s.tolist(), t.tolist())).count((1, 2)) == 3  # two from the first call, one now


def test_explicit_with_no_edges_connects_nothing():
    sim = nestor.Simulator()
    a = sim.create(nestor.iaf_psc_alpha, 3)
    sim.connect(a, a, rule=nestor.explicit([], []))
    assert sim.num_connections == 0


# ----------------------------------------------------------------------------- fixed degrees: exact counts

FLAGS = [(True, True), (False, True), (True, False), (False, False)]  # (allow_autapses, allow_multapses)


@pytest.mark.parametrize("aut,mul", FLAGS)
@pytest.mark.parametrize("K", [3, 30, 59])  # few of many (rejection), many of few, all but one
def test_fixed_indegree_exact_counts_and_flags(aut, mul, K):
    sim = nestor.Simulator(seed=3)
    a = sim.create(nestor.iaf_psc_alpha, 60)
    b = sim.create(nestor.iaf_psc_alpha, 40)
    pre, post = a, a[20:] + b  # 40 of the 60 targets are also sources
    sim.connect(pre, post, rule=nestor.fixed_indegree(K), allow_autapses=aut, allow_multapses=mul)
    s, t = edges(sim)
    assert sim.num_connections == K * len(post)
    assert np.all(degrees(t, post) == K)
    assert set(s.tolist()) <= set(pre.global_ids.tolist())
    if not aut:
        assert_no_autapses(s, t)
    if not mul:
        assert_no_multapses(s, t)


@pytest.mark.parametrize("aut,mul", FLAGS)
@pytest.mark.parametrize("K", [3, 30, 59])
def test_fixed_outdegree_exact_counts_and_flags(aut, mul, K):
    sim = nestor.Simulator(seed=3)
    a = sim.create(nestor.iaf_psc_alpha, 60)
    b = sim.create(nestor.iaf_psc_alpha, 40)
    pre, post = a[20:] + b, a
    sim.connect(pre, post, rule=nestor.fixed_outdegree(K), allow_autapses=aut, allow_multapses=mul)
    s, t = edges(sim)
    assert sim.num_connections == K * len(pre)
    assert np.all(degrees(s, pre) == K)
    assert set(t.tolist()) <= set(post.global_ids.tolist())
    if not aut:
        assert_no_autapses(s, t)
    if not mul:
        assert_no_multapses(s, t)


def test_fixed_indegree_taking_every_available_source():
    """Without multapses and autapses, K = n - 1 leaves no choice: each target gets every other node."""
    sim = nestor.Simulator(seed=5)
    a = sim.create(nestor.iaf_psc_alpha, 12)
    sim.connect(a, a, rule=nestor.fixed_indegree(11), allow_autapses=False, allow_multapses=False)
    s, t = edges(sim)
    assert set(zip(s.tolist(), t.tolist())) == {(x, y) for x in a.global_ids for y in a.global_ids if x != y}
    assert sim.num_connections == 132


def test_fixed_outdegree_taking_every_available_target():
    sim = nestor.Simulator(seed=5)
    a, b = sim.create(nestor.iaf_psc_alpha, 7), sim.create(nestor.iaf_psc_alpha, 5)
    sim.connect(a, b, rule=nestor.fixed_outdegree(5), allow_multapses=False)
    s, t = edges(sim)
    assert set(zip(s.tolist(), t.tolist())) == {(x, y) for x in a.global_ids for y in b.global_ids}
    assert sim.num_connections == 35


def test_fixed_degree_zero_connects_nothing():
    sim, pre, post = two_pops(1, 5, 5)
    for rule in (nestor.fixed_indegree(0), nestor.fixed_outdegree(0), nestor.fixed_total_number(0)):
        sim.connect(pre, post, rule=rule, allow_multapses=False)
    assert sim.num_connections == 0


@pytest.mark.parametrize("aut,mul", FLAGS)
def test_fixed_total_number_exact_count_and_flags(aut, mul):
    sim = nestor.Simulator(seed=9)
    a = sim.create(nestor.iaf_psc_alpha, 30)
    pre, post = a[:20], a[10:]
    sim.connect(pre, post, rule=nestor.fixed_total_number(250), allow_autapses=aut, allow_multapses=mul)
    s, t = edges(sim)
    assert sim.num_connections == 250
    assert set(s.tolist()) <= set(pre.global_ids.tolist())
    assert set(t.tolist()) <= set(post.global_ids.tolist())
    if not aut:
        assert_no_autapses(s, t)
    if not mul:
        assert_no_multapses(s, t)


def test_fixed_total_number_taking_every_pair():
    sim = nestor.Simulator(seed=9)
    a = sim.create(nestor.iaf_psc_alpha, 10)
    sim.connect(a, a, rule=nestor.fixed_total_number(90), allow_autapses=False, allow_multapses=False)
    s, t = edges(sim)
    assert set(zip(s.tolist(), t.tolist())) == {(x, y) for x in a.global_ids for y in a.global_ids if x != y}
    assert sim.num_connections == 90


# -------------------------------------------------------------------------- pairwise rules: structure


def test_pairwise_bernoulli_p0_and_p1():
    sim = nestor.Simulator(seed=2)
    a = sim.create(nestor.iaf_psc_alpha, 15)
    sim.connect(a, a, rule=nestor.pairwise_bernoulli(0.0))
    assert sim.num_connections == 0
    sim.connect(a, a, rule=nestor.pairwise_bernoulli(1.0), allow_autapses=False)
    s, t = edges(sim)
    assert set(zip(s.tolist(), t.tolist())) == {(x, y) for x in a.global_ids for y in a.global_ids if x != y}
    assert sim.num_connections == 15 * 14


@pytest.mark.parametrize("aut,mul", FLAGS)
def test_pairwise_bernoulli_flags(aut, mul):
    sim = nestor.Simulator(seed=4)
    a = sim.create(nestor.iaf_psc_alpha, 80)
    sim.connect(a, a, rule=nestor.pairwise_bernoulli(0.3), allow_autapses=aut, allow_multapses=mul)
    s, t = edges(sim)
    assert 0.2 * 6400 < len(s) < 0.4 * 6400
    assert_no_multapses(s, t)  # one draw per pair: never a multapse
    if aut:
        assert np.sum(s == t) > 0  # 80 candidates at p = 0.3: none at all would have probability 4e-13
    else:
        assert_no_autapses(s, t)


def test_pairwise_poisson_without_autapses():
    sim = nestor.Simulator(seed=4)
    a = sim.create(nestor.iaf_psc_alpha, 80)
    sim.connect(a, a, rule=nestor.pairwise_poisson(0.5), allow_autapses=False)
    s, t = edges(sim)
    assert_no_autapses(s, t)
    assert len(s) > 0.4 * 80 * 79


def test_symmetric_pairwise_bernoulli_is_symmetric():
    sim = nestor.Simulator(seed=6)
    a = sim.create(nestor.iaf_psc_alpha, 120)
    sim.connect(a, a, rule=nestor.symmetric_pairwise_bernoulli(0.2), allow_autapses=False)
    s, t = edges(sim)
    assert len(s) > 0 and len(s) % 2 == 0
    pairs = set(zip(s.tolist(), t.tolist()))
    assert len(pairs) == len(s)  # each ordered pair at most once
    assert pairs == {(y, x) for x, y in pairs}
    assert_no_autapses(s, t)


# ---------------------------------------------------------------------- degree distributions (statistics)


@pytest.mark.parametrize("seed", SEEDS)
def test_pairwise_bernoulli_degrees_are_binomial(seed):
    # Separate pre and post: in-degree ~ Binomial(n_pre, p), out-degree ~ Binomial(n_post, p).
    sim, pre, post = two_pops(seed, 500, 700)
    p = 0.08
    sim.connect(pre, post, rule=nestor.pairwise_bernoulli(p))
    s, t = edges(sim)
    assert_moments(degrees(t, post), *binomial_moments(500, p), "in-degree")
    assert_moments(degrees(s, pre), *binomial_moments(700, p), "out-degree")
    # The same nodes without autapses: Binomial(n - 1, p) both ways.
    sim = nestor.Simulator(seed=seed)
    a = sim.create(nestor.iaf_psc_alpha, 600)
    p = 0.5
    sim.connect(a, a, rule=nestor.pairwise_bernoulli(p), allow_autapses=False)
    s, t = edges(sim)
    assert_moments(degrees(t, a), *binomial_moments(599, p), "in-degree without autapses")
    assert_moments(degrees(s, a), *binomial_moments(599, p), "out-degree without autapses")


@pytest.mark.parametrize("seed", SEEDS)
def test_pairwise_poisson_degrees_are_poisson(seed):
    n_pre, n_post, avg = 300, 500, 0.03
    sim, pre, post = two_pops(seed, n_pre, n_post)
    sim.connect(pre, post, rule=nestor.pairwise_poisson(avg))
    s, t = edges(sim)
    assert_moments(degrees(t, post), *poisson_moments(n_pre * avg), "in-degree")
    assert_moments(degrees(s, pre), *poisson_moments(n_post * avg), "out-degree")
    # Connections per pair ~ Poisson(avg) (multapses): the fraction of pairs with 2 or more.
    pair_counts = collections.Counter(zip(s.tolist(), t.tolist()))
    n_pairs = n_pre * n_post
    p2 = 1 - np.exp(-avg) * (1 + avg)
    multi = sum(1 for c in pair_counts.values() if c >= 2)
    assert abs(multi - n_pairs * p2) <= N_SE * np.sqrt(n_pairs * p2 * (1 - p2))


@pytest.mark.parametrize("seed", SEEDS)
def test_fixed_indegree_out_degrees(seed):
    n_pre, n_post = 300, 600
    # With multapses each of the n_post * K draws picks a source uniformly: Binomial(n_post K, 1/n_pre).
    sim, pre, post = two_pops(seed, n_pre, n_post)
    sim.connect(pre, post, rule=nestor.fixed_indegree(50))
    s, _ = edges(sim)
    assert_moments(degrees(s, pre), *binomial_moments(n_post * 50, 1 / n_pre), "out-degree, multapses")
    # Without multapses each target picks K distinct sources: a source is among them with probability
    # K / n_pre, independently across targets: Binomial(n_post, K / n_pre) (both sampling branches).
    for K in (20, 150):
        sim, pre, post = two_pops(seed, n_pre, n_post)
        sim.connect(pre, post, rule=nestor.fixed_indegree(K), allow_multapses=False)
        s, _ = edges(sim)
        assert_moments(degrees(s, pre), *binomial_moments(n_post, K / n_pre), f"out-degree, K = {K}, no multapses")


@pytest.mark.parametrize("seed", SEEDS)
def test_fixed_outdegree_in_degrees(seed):
    n_pre, n_post = 600, 300
    sim, pre, post = two_pops(seed, n_pre, n_post)
    sim.connect(pre, post, rule=nestor.fixed_outdegree(50))
    _, t = edges(sim)
    assert_moments(degrees(t, post), *binomial_moments(n_pre * 50, 1 / n_post), "in-degree, multapses")
    for K in (20, 150):
        sim, pre, post = two_pops(seed, n_pre, n_post)
        sim.connect(pre, post, rule=nestor.fixed_outdegree(K), allow_multapses=False)
        _, t = edges(sim)
        assert_moments(degrees(t, post), *binomial_moments(n_pre, K / n_post), f"in-degree, K = {K}, no multapses")


@pytest.mark.parametrize("seed", SEEDS)
def test_fixed_indegree_without_autapses_out_degrees(seed):
    # The same 400 nodes, K = 100 of the 399 others: out-degree ~ Binomial(399, 100 / 399).
    sim = nestor.Simulator(seed=seed)
    a = sim.create(nestor.iaf_psc_alpha, 400)
    sim.connect(a, a, rule=nestor.fixed_indegree(100), allow_autapses=False, allow_multapses=False)
    s, _ = edges(sim)
    assert_moments(degrees(s, a), *binomial_moments(399, 100 / 399), "out-degree")


@pytest.mark.parametrize("seed", SEEDS)
def test_fixed_total_number_marginals(seed):
    n_pre, n_post, N = 200, 500, 20000
    # Multinomial over the pairs: in-degree ~ Binomial(N, 1/n_post), out-degree ~ Binomial(N, 1/n_pre).
    sim, pre, post = two_pops(seed, n_pre, n_post)
    sim.connect(pre, post, rule=nestor.fixed_total_number(N))
    s, t = edges(sim)
    assert_moments(degrees(t, post), *binomial_moments(N, 1 / n_post), "in-degree")
    assert_moments(degrees(s, pre), *binomial_moments(N, 1 / n_pre), "out-degree")
    # Without multapses N distinct pairs out of M: in-degree ~ Hypergeometric(M, n_pre, N).
    M, N = n_pre * n_post, 50000
    sim, pre, post = two_pops(seed, n_pre, n_post)
    sim.connect(pre, post, rule=nestor.fixed_total_number(N), allow_multapses=False)
    s, t = edges(sim)
    assert_moments(degrees(t, post), *hypergeometric_moments(M, n_pre, N), "in-degree, no multapses")
    assert_moments(degrees(s, pre), *hypergeometric_moments(M, n_post, N), "out-degree, no multapses")


@pytest.mark.parametrize("seed", SEEDS)
def test_symmetric_pairwise_bernoulli_degrees(seed):
    n, p = 600, 0.05
    sim = nestor.Simulator(seed=seed)
    a = sim.create(nestor.iaf_psc_alpha, n)
    sim.connect(a, a, rule=nestor.symmetric_pairwise_bernoulli(p), allow_autapses=False)
    s, t = edges(sim)
    din, dout = degrees(t, a), degrees(s, a)
    assert np.array_equal(din, dout)
    assert_moments(din, *binomial_moments(n - 1, p), "degree")
