"""stdp_synapse_hom and stdp_pl_synapse_hom: STDP with parameters common to all connections of the model
(NEST's STDPHomCommonProperties / STDPPLHomCommonProperties). The weight after spike pairs and trains
against NEST's update rules written out here; common parameters set with set_defaults / copy_model act on
existing connections and are refused per connection; Kplus round trips; bounds; threads; bad input.

Spikes are exact with spike_generator -> parrot_neuron; the plastic connection enters the postsynaptic
parrot at receptor 1 (no effect on it), so the post spikes are the generator's (1 ms later). The network
builders and the Guetig weight dependence are in synapse_testlib.py."""

import math

import numpy as np
import pytest

import nestor
import synapse_testlib as lib
from nestor import units as u

D = 1.0  # ms: the plastic connection's delay = its dendritic delay


def pair_net(model, pre_times, post_times, threads=1, defaults=None, **syn):
    return lib.plastic_pair(model, pre_times, post_times, threads, defaults=defaults, delay=D * u.ms, **syn)


def k_minus(post, t, tau_minus):
    """The postsynaptic trace at t from the post spikes strictly before t (each adds 1)."""
    return sum(math.exp(-(t - tp) / tau_minus) for tp in post if tp < t)


def run_rule(pre, post, w, facilitate, depress, tau_plus=20.0, tau_minus=20.0, d=D, kplus=0.0, t_last=0.0):
    """NEST's pair rule: on each pre spike t, facilitation by K+ for each post spike in (t_last - d, t - d],
    then depression by K-(t - d); K+ jumps by 1 after. Returns the weight, K+ and t_last."""
    for t in pre:
        for tp in sorted(post):
            if t_last - d < tp <= t - d:
                w = facilitate(w, kplus * math.exp(-(tp + d - t_last) / tau_plus))
        w = depress(w, k_minus(post, t - d, tau_minus))
        kplus = kplus * math.exp(-(t - t_last) / tau_plus) + 1.0
        t_last = t
    return w, kplus, t_last


guetig = lib.guetig


def power_law(lam=0.1, alpha=1.0, mu=0.4):
    return (lambda w, k: w + lam * w ** mu * k), (lambda w, k: max(w - lam * alpha * w * k, 0.0))


final = lib.connection_value


# ---------------------------------------------------------------- stdp_synapse_hom


@pytest.mark.parametrize("mu", [1.0, 0.0])
def test_hom_window_against_the_rule(mu):
    """Δt = t_post - t_pre from -50 to 50 ms (one pair, then a late pre spike reading the facilitation)."""
    w0, lam = 50.0, 0.05
    changes = {}
    for dt_pair in [-50.0, -20.0, -5.0, -1.0, 2.0, 5.0, 20.0, 50.0]:
        t_pre, t_post = 100.0, 100.0 + dt_pair
        sim, pre, post = pair_net("stdp_synapse_hom", [t_pre - 1.0, 400.0], [t_post - 1.0], weight=w0,
                                  defaults=dict(lambda_=lam, mu_plus=mu, mu_minus=mu))
        sim.simulate(500.0 * u.ms)
        expected, _, _ = run_rule([t_pre, 401.0], [t_post], w0, *guetig(lam=lam, mu_plus=mu, mu_minus=mu))
        w = final(sim, pre, post)
        assert w == pytest.approx(expected, rel=1e-13, abs=1e-12), dt_pair
        changes[dt_pair] = w - w0
    assert all(changes[x] > 0 for x in (2.0, 5.0, 20.0, 50.0))
    assert all(changes[x] < 0 for x in (-50.0, -20.0, -5.0, -1.0))
    # the window's exponential: the change at Δt = 5 vs 20 ms is exp(15/tau_plus) (tau_plus = 20 ms)
    assert changes[5.0] / changes[20.0] == pytest.approx(math.exp(15.0 / 20.0), rel=1e-3)
    assert changes[-5.0] / changes[-20.0] == pytest.approx(math.exp(15.0 / 20.0), rel=1e-6)
    if mu == 0.0:  # additive: Δw = lambda Wmax exp(-(Δt + d)/tau_plus) at Δt = 5 (the post spike reaches the
        # synapse d later; minus a tiny late depression), and -alpha lambda Wmax exp(-(|Δt| - d)/tau_minus)
        assert changes[5.0] == pytest.approx(lam * 100.0 * math.exp(-(5.0 + D) / 20.0), rel=1e-5)
        assert changes[-5.0] == pytest.approx(-lam * 100.0 * math.exp(-(5.0 - D) / 20.0), rel=1e-5)


def trains():
    rng = np.random.default_rng(7)
    pre_t = np.unique(np.round(np.sort(rng.uniform(5, 900, 40)), 1))
    post_t = np.unique(np.round(np.sort(rng.uniform(5, 900, 40)), 1))
    return pre_t, post_t


def test_hom_trains_equal_the_rule_and_stdp_synapse():
    """Trains with the target's tau_minus: the rule, and bitwise stdp_synapse with the same values."""
    pre_t, post_t = trains()
    vals = dict(lambda_=0.02, alpha=1.3, tau_plus=15.0 * u.ms, mu_plus=0.5, mu_minus=0.7, Wmax=80.0)
    sim, pre, post = pair_net("stdp_synapse_hom", pre_t, post_t, weight=30.0, defaults=vals)
    post.set(tau_minus=33.0 * u.ms)
    sim.simulate(1000.0 * u.ms)
    expected, kplus, _ = run_rule(list(pre_t + 1), list(post_t + 1), 30.0,
                                  *guetig(lam=0.02, alpha=1.3, mu_plus=0.5, mu_minus=0.7, Wmax=80.0),
                                  tau_plus=15.0, tau_minus=33.0)
    assert final(sim, pre, post) == pytest.approx(expected, rel=1e-12)
    assert final(sim, pre, post, "Kplus") == pytest.approx(kplus, rel=1e-12)
    ref, rpre, rpost = pair_net("stdp_synapse", pre_t, post_t, weight=30.0, **vals)
    rpost.set(tau_minus=33.0 * u.ms)
    ref.simulate(1000.0 * u.ms)
    assert final(sim, pre, post) == final(ref, rpre, rpost)
    assert final(sim, pre, post, "Kplus") == final(ref, rpre, rpost, "Kplus")


def test_hom_bounds():
    up, p, q = pair_net("stdp_synapse_hom", [9.0, 29.0, 49.0], [10.0, 30.0, 50.0], weight=10.0,
                        defaults=dict(lambda_=50.0, alpha=0.0, Wmax=40.0))
    up.simulate(100.0 * u.ms)
    assert final(up, p, q) == 40.0
    down, p, q = pair_net("stdp_synapse_hom", [19.0, 39.0], [10.0, 30.0], weight=10.0,
                          defaults=dict(lambda_=50.0, Wmax=40.0))
    down.simulate(100.0 * u.ms)
    assert final(down, p, q) == 0.0


def test_set_defaults_acts_on_existing_connections():
    """lambda changed between two runs: the second run's updates use the new value (NEST's SetDefaults on
    common properties); per-connection Kplus carries over."""
    pre_t, post_t = [10.0, 30.0, 60.0, 90.0, 130.0], [20.0, 45.0, 70.0, 120.0]
    sim, pre, post = pair_net("stdp_synapse_hom", pre_t, post_t, weight=20.0, defaults=dict(lambda_=0.1))
    sim.simulate(75.0 * u.ms)
    sim.set_synapse_defaults("stdp_synapse_hom", lambda_=0.3, alpha=0.5)
    sim.simulate(75.0 * u.ms)
    pre_ms, post_ms = [t + 1 for t in pre_t], [t + 1 for t in post_t]
    w, kp, tl = run_rule(pre_ms[:3], post_ms, 20.0, *guetig(lam=0.1))
    w, kp, tl = run_rule(pre_ms[3:], post_ms, w, *guetig(lam=0.3, alpha=0.5), kplus=kp, t_last=tl)
    assert final(sim, pre, post) == pytest.approx(w, rel=1e-13)
    stale, _, _ = run_rule(pre_ms, post_ms, 20.0, *guetig(lam=0.1))
    assert abs(final(sim, pre, post) - stale) > 1e-3
    c = sim.get_connections(pre, post)
    assert c.get("lambda_")[0] == 0.3 and c.get("alpha")[0] == 0.5  # connections show the common values
    assert sim.get_synapse_defaults("stdp_synapse_hom", "lambda") == 0.3


def test_common_parameters_refused_per_connection():
    sim = nestor.Simulator(dt=0.1 * u.ms)
    a, b = sim.create(nestor.iaf_psc_alpha, 2), sim.create(nestor.iaf_psc_alpha, 2)
    for name in ("tau_plus", "lambda_", "alpha", "mu_plus", "mu_minus", "Wmax"):
        with pytest.raises(nestor.NestorError, match=f"{name.rstrip('_')}.*set_defaults"):
            nestor.stdp_synapse_hom(**{name: 1.0})
    with pytest.raises(nestor.NestorError, match="mu.*set_defaults"):
        nestor.stdp_pl_synapse_hom(mu=0.3)
    sim.connect(a, b, synapse=nestor.stdp_synapse_hom(weight=5.0))
    c = sim.get_connections(a, b)
    with pytest.raises(nestor.BadArgumentError, match="lambda.*set_defaults"):
        c.set(lambda_=0.5)
    with pytest.raises(nestor.BadArgumentError, match="Wmax.*set_defaults"):
        c.set(Wmax=50.0)
    np.testing.assert_array_equal(c.get("lambda_"), 0.01)


def test_copy_model_has_its_own_common_parameters():
    """Two models, one copied with other common values: each connection follows its model's values."""
    pre_t, post_t = [10.0, 30.0, 60.0, 90.0], [20.0, 45.0, 70.0]
    sim = nestor.Simulator(dt=0.1 * u.ms)
    sim.copy_synapse_model(nestor.stdp_synapse_hom, "fast_hom", lambda_=0.2, tau_plus=10.0 * u.ms)
    pre, post = lib.parrot_pair(sim, pre_t, post_t)
    sim.connect(pre, post, receptor_type=1, synapse=nestor.stdp_synapse_hom(weight=20.0))
    sim.connect(pre, post, receptor_type=1, synapse="fast_hom", weight=20.0)
    sim.simulate(100.0 * u.ms)
    pre_ms, post_ms = [t + 1 for t in pre_t], [t + 1 for t in post_t]
    w_base, _, _ = run_rule(pre_ms, post_ms, 20.0, *guetig(lam=0.01))
    w_fast, _, _ = run_rule(pre_ms, post_ms, 20.0, *guetig(lam=0.2), tau_plus=10.0)
    assert sim.get_connections(synapse_model="stdp_synapse_hom").get("weight")[0] == pytest.approx(w_base, rel=1e-13)
    assert sim.get_connections(synapse_model="fast_hom").get("weight")[0] == pytest.approx(w_fast, rel=1e-13)
    assert sim.get_synapse_defaults("fast_hom", "tau_plus") == 10.0
    assert sim.get_synapse_defaults("stdp_synapse_hom", "tau_plus") == 20.0


@pytest.mark.parametrize("model", ["stdp_synapse_hom", "stdp_pl_synapse_hom"])
def test_kplus_round_trip_and_continuation(model):
    """Kplus survives get/set; a run split in two (writing the state back in between) equals one run;
    a Kplus set by hand is what the next update uses."""
    pre_t, post_t = [10.0, 30.0, 60.0, 90.0], [20.0, 45.0, 70.0]
    one, pre, post = pair_net(model, pre_t, post_t, weight=20.0)
    one.simulate(100.0 * u.ms)
    two, pre2, post2 = pair_net(model, pre_t, post_t, weight=20.0)
    two.simulate(50.0 * u.ms)
    c2 = two.get_connections(pre2, post2)
    kplus = c2.get("Kplus")[0]
    assert kplus == pytest.approx(1.0 + math.exp(-20.0 / 20.0), rel=1e-14)
    c2.set(Kplus=kplus)
    two.simulate(50.0 * u.ms)
    assert c2.get("weight")[0] == final(one, pre, post)
    assert c2.get("Kplus")[0] == final(one, pre, post, "Kplus")
    # Kplus set to 5: the next pre spike (61 ms) sees post spikes at 46 ms with K+ = 5 exp(-(47 - 31)/20)
    three, pre3, post3 = pair_net(model, pre_t, post_t, weight=20.0)
    three.simulate(50.0 * u.ms)
    c3 = three.get_connections(pre3, post3)
    w_mid = c3.get("weight")[0]
    c3.set(Kplus=5.0)
    assert c3.get("Kplus")[0] == 5.0
    three.simulate(15.0 * u.ms)
    fac, dep = guetig() if model == "stdp_synapse_hom" else power_law()
    expected, kp, _ = run_rule([61.0], [21.0, 46.0], w_mid, fac, dep, kplus=5.0, t_last=31.0)
    assert c3.get("weight")[0] == pytest.approx(expected, rel=1e-13)
    assert c3.get("Kplus")[0] == pytest.approx(kp, rel=1e-14)


# ---------------------------------------------------------------- stdp_pl_synapse_hom


def test_pl_window_against_the_rule():
    w0 = 50.0
    changes = {}
    for dt_pair in [-30.0, -5.0, 3.0, 10.0, 30.0]:
        t_pre, t_post = 100.0, 100.0 + dt_pair
        sim, pre, post = pair_net("stdp_pl_synapse_hom", [t_pre - 1.0, 400.0], [t_post - 1.0], weight=w0)
        sim.simulate(500.0 * u.ms)
        expected, _, _ = run_rule([t_pre, 401.0], [t_post], w0, *power_law())
        w = final(sim, pre, post)
        assert w == pytest.approx(expected, rel=1e-13), dt_pair
        changes[dt_pair] = w - w0
    assert changes[3.0] > 0 and changes[10.0] > 0 and changes[-5.0] < 0 and changes[-30.0] < 0
    # potentiation: lambda w^mu exp(-(Δt + d)/tau_plus) (then a tiny depression at 401 ms)
    assert changes[10.0] == pytest.approx(0.1 * w0 ** 0.4 * math.exp(-(10.0 + D) / 20.0), rel=1e-5)
    # depression: w lambda alpha exp(-(|Δt| - d)/tau_minus)
    assert changes[-5.0] == pytest.approx(-0.1 * w0 * math.exp(-(5.0 - D) / 20.0), rel=1e-5)


def test_pl_power_law_weight_dependence_and_no_upper_bound():
    """Potentiation grows as w^mu: the changes of two weights have the ratio (w1/w2)^mu; with a large
    lambda the weight passes 100 (no Wmax); depression stops at 0."""
    res = {}
    for w0 in (10.0, 160.0):
        sim, pre, post = pair_net("stdp_pl_synapse_hom", [49.0, 400.0], [59.0], weight=w0,
                                  defaults=dict(alpha=0.0, mu=0.4))
        sim.simulate(500.0 * u.ms)
        res[w0] = final(sim, pre, post) - w0
    assert res[160.0] / res[10.0] == pytest.approx(16.0 ** 0.4, rel=1e-12)
    big, p, q = pair_net("stdp_pl_synapse_hom", [9.0, 29.0, 49.0], [10.0, 30.0, 50.0], weight=90.0,
                         defaults=dict(lambda_=5.0, alpha=0.0))
    big.simulate(100.0 * u.ms)
    expected, _, _ = run_rule([10.0, 30.0, 50.0], [11.0, 31.0, 51.0], 90.0, *power_law(lam=5.0, alpha=0.0))
    assert final(big, p, q) == pytest.approx(expected, rel=1e-13) and expected > 100.0
    down, p, q = pair_net("stdp_pl_synapse_hom", [19.0, 39.0], [10.0, 30.0], weight=10.0,
                          defaults=dict(lambda_=50.0))
    down.simulate(100.0 * u.ms)
    assert final(down, p, q) == 0.0


def test_pl_trains_against_the_rule():
    pre_t, post_t = trains()
    sim, pre, post = pair_net("stdp_pl_synapse_hom", pre_t, post_t, weight=30.0,
                              defaults=dict(lambda_=0.03, alpha=0.8, tau_plus=12.0 * u.ms, mu=0.6))
    post.set(tau_minus=25.0 * u.ms)
    sim.simulate(1000.0 * u.ms)
    expected, kplus, _ = run_rule(list(pre_t + 1), list(post_t + 1), 30.0, *power_law(0.03, 0.8, 0.6),
                                  tau_plus=12.0, tau_minus=25.0)
    assert final(sim, pre, post) == pytest.approx(expected, rel=1e-12)
    assert final(sim, pre, post, "Kplus") == pytest.approx(kplus, rel=1e-13)


# ---------------------------------------------------------------- both


def network(model, threads):
    def setup(sim):
        if model == "stdp_synapse_hom":
            sim.set_synapse_defaults(model, lambda_=0.05, Wmax=300.0)
        else:
            sim.set_synapse_defaults(model, lambda_=0.02)

    syn = getattr(nestor, model)(weight=nestor.random.uniform(50.0, 150.0), delay=1.5 * u.ms)
    return lib.plastic_network(syn, threads, 11, ["source", "target", "weight", "Kplus"], t_sim=800.0, setup=setup)


@pytest.mark.parametrize("model", ["stdp_synapse_hom", "stdp_pl_synapse_hom"])
def test_one_and_two_threads_identical(model):
    one = lib.threads_identical(lambda threads: network(model, threads))
    assert len(one["weight"]) == 300
    assert np.std(one["weight"]) > 0


@pytest.mark.parametrize("model", ["stdp_synapse_hom", "stdp_pl_synapse_hom"])
def test_bad_input(model):
    sim = nestor.Simulator(dt=0.1 * u.ms)
    a, b = sim.create(nestor.iaf_psc_alpha, 2), sim.create(nestor.iaf_psc_alpha, 2)
    with pytest.raises(nestor.BadValueError, match="tau_plus"):
        sim.set_synapse_defaults(model, tau_plus=-1.0)
    with pytest.raises(nestor.BadValueError, match="tau_plus"):
        sim.set_synapse_defaults(model, tau_plus=0.0)
    with pytest.raises(nestor.DimensionError, match="tau_plus"):
        sim.set_synapse_defaults(model, tau_plus=5.0 * u.mV)
    with pytest.raises(nestor.DimensionError, match="lambda"):
        sim.set_synapse_defaults(model, lambda_=5.0 * u.ms)
    with pytest.raises(nestor.BadValueError, match="tau_plus"):
        sim.copy_synapse_model(model, "bad_copy", tau_plus=-3.0)
    with pytest.raises(nestor.UnknownParameterError, match="Wmin"):
        sim.set_synapse_defaults(model, Wmin=1.0)
    assert sim.get_synapse_defaults(model, "tau_plus") == 20.0  # refused changes left nothing behind
    with pytest.raises(nestor.BadValueError, match="Kplus"):
        sim.connect(a, b, synapse=getattr(nestor, model)(Kplus=-1.0))
    sim.connect(a, b, synapse=getattr(nestor, model)(weight=5.0))
    c = sim.get_connections(a, b)
    with pytest.raises(nestor.BadValueError, match="Kplus"):
        c.set(Kplus=-0.5)
    with pytest.raises(nestor.DimensionError, match="Kplus"):
        c.set(Kplus=1.0 * u.ms)
    np.testing.assert_array_equal(c.get("Kplus"), 0.0)


def test_hom_does_not_check_weight_against_wmax_sign():
    """NEST's stdp_synapse_hom checks no sign rule (stdp_synapse does): a negative weight is accepted."""
    sim = nestor.Simulator(dt=0.1 * u.ms)
    a, b = sim.create(nestor.iaf_psc_alpha, 1), sim.create(nestor.iaf_psc_alpha, 1)
    sim.connect(a, b, synapse=nestor.stdp_synapse_hom(weight=-5.0))
    assert sim.get_connections(a, b).get("weight")[0] == -5.0
    with pytest.raises(nestor.BadValueError, match="Wmax"):
        sim.connect(a, b, synapse=nestor.stdp_synapse(weight=-5.0))


def test_defaults_as_nest():
    sim = nestor.Simulator(dt=0.1 * u.ms)
    hom = sim.get_synapse_defaults("stdp_synapse_hom")
    assert {k: hom[k] for k in ("tau_plus", "lambda", "alpha", "mu_plus", "mu_minus", "Wmax", "Kplus")} == dict(
        tau_plus=20.0, **{"lambda": 0.01}, alpha=1.0, mu_plus=1.0, mu_minus=1.0, Wmax=100.0, Kplus=0.0)
    pl = sim.get_synapse_defaults("stdp_pl_synapse_hom")
    assert {k: pl[k] for k in ("tau_plus", "lambda", "alpha", "mu", "Kplus")} == dict(
        tau_plus=20.0, **{"lambda": 0.1}, alpha=1.0, mu=0.4, Kplus=0.0)
