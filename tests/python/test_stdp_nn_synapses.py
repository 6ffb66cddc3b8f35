"""The nearest-neighbour STDP synapses stdp_nn_symm_synapse, stdp_nn_pre_centered_synapse and
stdp_nn_restr_synapse (Morrison et al. 2008, fig. 7; NEST's models/stdp_nn_*_synapse.h): the patterns that
tell the three pairing schemes apart from each other and from all-to-all stdp_synapse, with the expected
weights written out here; spike trains against NEST's rule written out independently; bounds, state round
trips, threads and bad input.

Spikes are exact: spike_generator -> parrot_neuron (the parrot spikes 1 ms after the generator's time);
the plastic connection (delay D = its dendritic delay) enters the postsynaptic parrot at receptor 1,
where spikes have no effect. Times below are the parrots' spike times; a postsynaptic spike at p pairs
with presynaptic spikes as if it were at q = p + D. The network builders, NEST's stdp_eps comparisons and the
Guetig weight dependence are in synapse_testlib.py."""

import math

import numpy as np
import pytest

import nestor
import synapse_testlib as lib
from nestor import units as u

D = 1.0  # ms
NN = ["stdp_nn_symm_synapse", "stdp_nn_pre_centered_synapse", "stdp_nn_restr_synapse"]


def net(model, pre_times, post_times, threads=1, tau_minus=None, **syn):
    """pre_times / post_times: the parrots' spike times (ms)."""
    post_params = None if tau_minus is None else dict(tau_minus=tau_minus * u.ms)
    return lib.plastic_pair(model, pre_times, post_times, threads, lead=1.0, post_params=post_params,
                            delay=D * u.ms, **syn)


def final_weight(model, pre_times, post_times, t_end=None, **syn):
    return lib.final_weight(lambda *times, **kw: net(model, *times, **kw), pre_times, post_times, t_end, **syn)


class Rule:
    """NEST's weight dependence (as stdp_synapse's): facilitation up to Wmax, depression down to 0."""

    def __init__(self, lam=0.01, alpha=1.0, mu_plus=1.0, mu_minus=1.0, Wmax=100.0, tau_plus=20.0, tau_minus=20.0):
        self.fac, self.dep = lib.guetig(lam, alpha, mu_plus, mu_minus, Wmax)
        self.tau_plus, self.tau_minus = tau_plus, tau_minus


def nest_nn_rule(scheme, pre, post, w, rule, d=D):
    """NEST's update on each presynaptic spike t (t_last the previous one, 0 at first), written over
    the spike lists: Q = the postsynaptic spikes shifted by d in (t_last, t]; the nearest-neighbour
    depression uses the last shifted post spike strictly before t."""
    t_last, kplus = 0.0, 0.0
    shifted = sorted(p + d for p in post)
    for t in pre:
        window = [q for q in shifted if lib.since_last(q, t_last, t)]
        earlier = [q for q in shifted if lib.strictly_before(q, t)]
        k_nn = math.exp((earlier[-1] - t) / rule.tau_minus) if earlier else 0.0
        if scheme == "symm":
            for q in window:  # every post spike pairs with the nearest earlier pre spike (t_last)
                w = rule.fac(w, math.exp((t_last - q) / rule.tau_plus))
            w = rule.dep(w, k_nn)
        elif scheme == "pre_centered":
            if window:  # the first post spike pairs with all pre spikes since the previous post spike
                w = rule.fac(w, kplus * math.exp((t_last - window[0]) / rule.tau_plus))
                kplus = 0.0
            w = rule.dep(w, k_nn)
            kplus = kplus * math.exp((t_last - t) / rule.tau_plus) + 1.0
        elif scheme == "restr":
            if window:  # pairs only across the spike that follows: one pair of each kind per spike
                w = rule.fac(w, math.exp((t_last - window[0]) / rule.tau_plus))
                w = rule.dep(w, k_nn)
        t_last = t
    return w


# --- the patterns that tell the schemes apart (closed forms) ---------------------------------------------

TP, TM = 20.0, 20.0
W0, LAM, WMAX = 50.0, 0.1, 100.0


def additive_change(ks_plus, ks_minus, w=W0):
    """Additive rule (mu = 0): w + lambda Wmax (sum k+ - sum k-), applied in order (no bound reached)."""
    for k in ks_plus:
        w = (w / WMAX + LAM * k) * WMAX
    for k in ks_minus:
        w = (w / WMAX - LAM * k) * WMAX
    return w


def pattern_weights(pre_times, post_shifted):
    """The final weight of each model (additive rule) for posts given by their shifted times q = p + D."""
    post = [q - D for q in post_shifted]
    models = ["stdp_synapse"] + NN
    return {m: final_weight(m, pre_times, post, weight=W0, lambda_=LAM, mu_plus=0.0, mu_minus=0.0) for m in models}


def test_pre_pre_post():
    """Pre 10, 15, post 20, late pre 100: all-to-all and pre-centred pair the post spike with both pre
    spikes, symm and restr only with the nearest one (15)."""
    w = pattern_weights([10.0, 15.0, 100.0], [20.0])
    both = [math.exp(-10.0 / TP) + math.exp(-5.0 / TP)]
    nearest = [math.exp(-5.0 / TP)]
    dep = [math.exp(-80.0 / TM)]
    assert w["stdp_synapse"] == pytest.approx(additive_change(both, dep), rel=1e-13)
    assert w["stdp_nn_pre_centered_synapse"] == pytest.approx(additive_change(both, dep), rel=1e-13)
    assert w["stdp_nn_symm_synapse"] == pytest.approx(additive_change(nearest, dep), rel=1e-13)
    assert w["stdp_nn_restr_synapse"] == pytest.approx(additive_change(nearest, dep), rel=1e-13)
    assert w["stdp_synapse"] - w["stdp_nn_symm_synapse"] == pytest.approx(LAM * WMAX * math.exp(-10.0 / TP))


def test_pre_post_post():
    """Pre 10, posts 15 and 20, late pre 100: all-to-all and symm pair both posts with pre 10; the
    pre-centred and restricted schemes only the first; all-to-all depresses by both posts, the
    nearest-neighbour schemes by the last one only."""
    w = pattern_weights([10.0, 100.0], [15.0, 20.0])
    both = [math.exp(-5.0 / TP), math.exp(-10.0 / TP)]
    first = [math.exp(-5.0 / TP)]
    dep_all = [math.exp(-80.0 / TM) + math.exp(-85.0 / TM)]
    dep_nn = [math.exp(-80.0 / TM)]
    assert w["stdp_synapse"] == pytest.approx(additive_change(both, dep_all), rel=1e-13)
    assert w["stdp_nn_symm_synapse"] == pytest.approx(additive_change(both, dep_nn), rel=1e-13)
    assert w["stdp_nn_pre_centered_synapse"] == pytest.approx(additive_change(first, dep_nn), rel=1e-13)
    assert w["stdp_nn_restr_synapse"] == pytest.approx(additive_change(first, dep_nn), rel=1e-13)


def test_post_pre_pre():
    """Pre 2, post 10, pre 15, 20: the post spike depresses at 15 in every scheme; at 20 again in all but
    the restricted one (the post spike has had its depression pair)."""
    w = pattern_weights([2.0, 15.0, 20.0], [10.0])
    fac = [math.exp(-8.0 / TP)]
    assert w["stdp_synapse"] == pytest.approx(additive_change(fac, [math.exp(-5 / TM), math.exp(-10 / TM)]), rel=1e-13)
    for m in ("stdp_nn_symm_synapse", "stdp_nn_pre_centered_synapse"):
        assert w[m] == pytest.approx(additive_change(fac, [math.exp(-5 / TM), math.exp(-10 / TM)]), rel=1e-13), m
    assert w["stdp_nn_restr_synapse"] == pytest.approx(additive_change(fac, [math.exp(-5 / TM)]), rel=1e-13)


def test_post_post_pre():
    """Posts 10 and 12, pre 20 (after pre 2): all-to-all depresses by both posts, the others by the
    nearest (12); symm facilitates with both posts, the others with the first."""
    w = pattern_weights([2.0, 20.0], [10.0, 12.0])
    assert w["stdp_synapse"] == pytest.approx(
        additive_change([math.exp(-8 / TP), math.exp(-10 / TP)], [math.exp(-10 / TM) + math.exp(-8 / TM)]), rel=1e-13)
    assert w["stdp_nn_symm_synapse"] == pytest.approx(
        additive_change([math.exp(-8 / TP), math.exp(-10 / TP)], [math.exp(-8 / TM)]), rel=1e-13)
    for m in ("stdp_nn_pre_centered_synapse", "stdp_nn_restr_synapse"):
        assert w[m] == pytest.approx(additive_change([math.exp(-8 / TP)], [math.exp(-8 / TM)]), rel=1e-13), m


def test_coinciding_pair_is_skipped():
    """NEST's example: pre 10 and 20, post at 20 (shifted): the post spike does not depress at 20
    (Δt = 0) and pairs with pre 10 for potentiation in every scheme."""
    w = pattern_weights([10.0, 20.0], [20.0])
    for m in NN:
        assert w[m] == pytest.approx(additive_change([math.exp(-10.0 / TP)], []), rel=1e-13), m


def test_first_pre_spike_pairs_with_time_zero():
    """As NEST: before the first presynaptic spike the last one counts as at t = 0, so a postsynaptic
    spike before it potentiates symm and restr as if paired with a presynaptic spike at 0; the
    pre-centred scheme's trace K+ is 0 then (no change)."""
    w = pattern_weights([20.0], [5.0])
    assert w["stdp_nn_symm_synapse"] == pytest.approx(
        additive_change([math.exp(-5.0 / TP)], [math.exp(-15.0 / TM)]), rel=1e-13)
    assert w["stdp_nn_restr_synapse"] == pytest.approx(
        additive_change([math.exp(-5.0 / TP)], [math.exp(-15.0 / TM)]), rel=1e-13)
    assert w["stdp_nn_pre_centered_synapse"] == pytest.approx(additive_change([], [math.exp(-15.0 / TM)]), rel=1e-13)
    assert w["stdp_synapse"] == pytest.approx(additive_change([], [math.exp(-15.0 / TM)]), rel=1e-13)


# --- trains against the rule ----------------------------------------------------------------------------

@pytest.mark.parametrize("scheme", ["symm", "pre_centered", "restr"])
@pytest.mark.parametrize("mu", [1.0, 0.0])
def test_trains_against_nest_rule(scheme, mu):
    rng = np.random.default_rng(11)
    pre_t = np.unique(np.round(np.sort(rng.uniform(2, 600, 50)), 1))
    post_t = np.unique(np.round(np.sort(rng.uniform(2, 600, 50)), 1))
    post_t = np.unique(np.concatenate([post_t, pre_t[5:8] - D]))  # some pairs at Δt = 0 too
    lam = 0.05 if mu == 1.0 else 0.01  # (the additive rule would reach 0 at 0.05)
    rule = Rule(lam=lam, alpha=1.2, mu_plus=mu, mu_minus=mu, Wmax=80.0, tau_plus=15.0, tau_minus=27.0)
    model = f"stdp_nn_{scheme}_synapse"
    w = final_weight(model, pre_t, post_t, t_end=620.0, tau_minus=27.0, weight=35.0, lambda_=lam, alpha=1.2,
                     mu_plus=mu, mu_minus=mu, Wmax=80.0, tau_plus=15.0 * u.ms)
    expected = nest_nn_rule(scheme, list(pre_t), list(post_t), 35.0, rule)
    assert w == pytest.approx(expected, rel=1e-12)
    assert 0.0 < w < 80.0 and w != pytest.approx(35.0, rel=1e-3)  # changed, within the bounds


def test_schemes_differ_on_trains():
    """On the same trains the three schemes and all-to-all give four different weights."""
    rng = np.random.default_rng(4)
    pre_t = np.unique(np.round(rng.uniform(2, 400, 40), 1))
    post_t = np.unique(np.round(rng.uniform(2, 400, 40), 1))
    ws = [final_weight(m, pre_t, post_t, t_end=420.0, weight=40.0, lambda_=0.05) for m in ["stdp_synapse"] + NN]
    assert len(set(ws)) == 4


# --- bounds, state, threads, bad input ------------------------------------------------------------------

@pytest.mark.parametrize("model", NN)
def test_bounds(model):
    """A huge learning rate: facilitation stops at Wmax, depression at 0 (both signs of Wmax)."""
    pre_up, post_up = [10.0, 30.0, 50.0, 70.0], [12.0, 32.0, 52.0]
    assert final_weight(model, pre_up, post_up, weight=10.0, lambda_=50.0, alpha=0.0, Wmax=40.0) == 40.0
    assert final_weight(model, pre_up, post_up, weight=-10.0, lambda_=50.0, alpha=0.0, Wmax=-40.0) == -40.0
    pre_dn, post_dn = [20.0, 40.0], [10.0, 30.0]
    assert final_weight(model, pre_dn, post_dn, weight=10.0, lambda_=50.0, Wmax=40.0) == 0.0


@pytest.mark.parametrize("model", NN)
def test_state_round_trip_and_continuation(model):
    pre_t, post_t = [10.0, 30.0, 60.0, 90.0], [20.0, 45.0, 70.0]
    one, pre, post = net(model, pre_t, post_t, weight=20.0, lambda_=0.1)
    one.simulate(100.0 * u.ms)
    c1 = one.get_connections(pre, post)
    two, pre2, post2 = net(model, pre_t, post_t, weight=20.0, lambda_=0.1)
    two.simulate(50.0 * u.ms)
    c2 = two.get_connections(pre2, post2)
    names = ["weight", "tau_plus", "lambda_", "alpha", "mu_plus", "mu_minus", "Wmax"]
    if model == "stdp_nn_pre_centered_synapse":
        names.append("Kplus")
        assert c2.get("Kplus")[0] == 1.0  # reset by the post spike at 20 when pre 30 arrived, then + 1
    else:
        with pytest.raises(nestor.UnknownParameterError, match="Kplus"):
            c2.get("Kplus")  # NEST's symm and restr schemes keep no presynaptic trace
    back = c2.get(names)
    c2.set(**{k: v[0] for k, v in back.items()})  # writing the same values back changes nothing
    two.simulate(50.0 * u.ms)
    assert c2.get("weight")[0] == c1.get("weight")[0] != 20.0
    c1.set(lambda_=0.0)
    w = c1.get("weight")[0]
    one.simulate(100.0 * u.ms)
    assert c1.get("weight")[0] == w


def test_pre_centered_kplus_is_reset_by_a_post_spike():
    sim, pre, post = net("stdp_nn_pre_centered_synapse", [10.0, 20.0, 40.0], [25.0], weight=20.0)
    sim.simulate(30.0 * u.ms)
    c = sim.get_connections(pre, post)
    assert c.get("Kplus")[0] == pytest.approx(1.0 + math.exp(-10.0 / 20.0), rel=1e-14)
    sim.simulate(20.0 * u.ms)
    assert c.get("Kplus")[0] == 1.0  # reset to 0 by the post spike, then + 1 for the spike at 40


def network_weights(model, threads):
    syn = getattr(nestor, model)(weight=nestor.random.uniform(50.0, 150.0), delay=1.5 * u.ms, lambda_=0.05,
                                 Wmax=300.0)
    return lib.plastic_network(syn, threads, 7, ["weight", "source", "target"],
                               nrn_params=dict(I_e=300.0 * u.pA, tau_minus=25.0 * u.ms))


@pytest.mark.parametrize("model", NN)
def test_one_and_two_threads_identical(model):
    one = lib.threads_identical(lambda threads: network_weights(model, threads))  # weight, source, target
    assert len(one["weight"]) == 300
    assert np.std(one["weight"]) > 0


@pytest.mark.parametrize("model", NN)
def test_bad_input(model):
    syn = getattr(nestor, model)
    sim = nestor.Simulator(dt=0.1 * u.ms)
    a, b = sim.create(nestor.iaf_psc_alpha, 2), sim.create(nestor.iaf_psc_alpha, 2)
    with pytest.raises(nestor.BadValueError, match="tau_plus"):
        sim.connect(a, b, synapse=syn(tau_plus=-1.0))
    with pytest.raises(nestor.DimensionError, match="tau_plus"):
        sim.connect(a, b, synapse=syn(tau_plus=5.0 * u.mV))
    with pytest.raises(nestor.BadValueError, match="Wmax"):
        sim.connect(a, b, synapse=syn(weight=-5.0, Wmax=100.0))
    with pytest.raises(nestor.UnknownParameterError, match="tau_minus"):
        syn(tau_minus=3.0)  # tau_minus is the target's
    assert sim.num_connections == 0
    sim.connect(a, b, synapse=syn(weight=5.0))
    c = sim.get_connections(a, b)
    with pytest.raises(nestor.BadValueError, match="Wmax"):
        c.set(Wmax=-3.0)
    with pytest.raises(nestor.BadValueError, match="tau_plus"):
        c.set(tau_plus=0.0)
    np.testing.assert_array_equal(c.get("weight"), 5.0)
    assert sim.get_synapse_defaults(model, "tau_plus") == 20.0
    assert sim.get_synapse_defaults(model, "Wmax") == 100.0
    assert sim.get_synapse_defaults(model, "weight") == 1.0
