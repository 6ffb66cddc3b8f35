"""jonke_synapse (NEST's models/jonke_synapse.h): pair-based STDP with exponential weight dependence
exp(mu w) and an offset beta subtracted from every update, its parameters common to all connections of
the model. The weight after spike pairs and trains against NEST's rule written out here; bounds (Wmax
above, 0 below, none when lambda = 0 as NEST); common parameters only through set_defaults / copy_model;
state round trips, threads and bad input.

Spikes are exact: spike_generator -> parrot_neuron (the parrot spikes 1 ms after the generator's time);
the plastic connection (delay D) enters the postsynaptic parrot at receptor 1 (no effect on it). Times
below are the parrots' spike times; a postsynaptic spike at p is seen by the synapse at q = p + D.
The network builders, NEST's stdp_eps comparisons and traces are in synapse_testlib.py."""

import math

import numpy as np
import pytest

import nestor
import synapse_testlib as lib
from nestor import units as u

D = 1.0
DEFAULTS = dict(alpha=1.0, beta=0.0, lambda_=0.01, mu_plus=0.0, mu_minus=0.0, tau_plus=20.0, Wmax=100.0)


def net(pre_times, post_times, common=None, threads=1, tau_minus=20.0, **syn):
    return lib.plastic_pair(nestor.jonke_synapse, pre_times, post_times, threads, lead=1.0, defaults=common,
                            post_params=dict(tau_minus=tau_minus * u.ms), delay=D * u.ms, **syn)


def final_weight(pre_times, post_times, t_end=None, **kw):
    return lib.final_weight(net, pre_times, post_times, t_end, **kw)


def nest_rule(pre, post, w, tau_minus=20.0, d=D, **common):
    """NEST's update on each presynaptic spike t: for each postsynaptic spike q since the previous
    presynaptic spike, w += lambda (exp(mu_plus w) K+(q) - beta) bounded by Wmax; then
    w += lambda (-alpha exp(mu_minus w) K-(t) - beta) bounded by 0 (K-: all earlier post spikes)."""
    c = dict(DEFAULTS, **common)
    lam, alpha, beta, Wmax, tau_plus = c["lambda_"], c["alpha"], c["beta"], c["Wmax"], c["tau_plus"]
    shifted = sorted(p + d for p in post)
    pre_seen, t_last = [], 0.0
    for t in pre:
        for q in shifted:
            if lib.since_last(q, t_last, t) and lam != 0.0:
                k = lib.pre_trace(pre_seen, q, tau_plus)
                w = min(w + lam * (math.exp(c["mu_plus"] * w) * k - beta), Wmax)
        if lam != 0.0:
            k = lib.post_trace(shifted, t, tau_minus)
            w = max(w + lam * (-alpha * math.exp(c["mu_minus"] * w) * k - beta), 0.0)
        pre_seen.append(t)
        t_last = t
    return w


def test_pair_closed_forms():
    """Pre 10, post 15, late pre 100 (and the mirror pair): additive (mu = 0) updates lambda exp(-s/tau)
    minus lambda beta per update; beta = 0 is plain additive STDP."""
    lam, alpha, beta = 0.5, 1.5, 0.2
    common = dict(lambda_=lam, alpha=alpha, beta=beta)
    w = final_weight([10.0, 100.0], [14.0], weight=40.0, common=common)
    # depression at 10 (K- = 0), facilitation at 100 (q = 15), depression at 100 (K- = e^-85/20)
    assert w == pytest.approx(40.0 - 3 * lam * beta + lam * math.exp(-5.0 / 20.0)
                              - lam * alpha * math.exp(-85.0 / 20.0), rel=1e-13)
    w = final_weight([20.0], [14.0], weight=40.0, common=common)  # post at 15, pre at 20
    # facilitation with K+ = 0 at 20 still subtracts lambda beta
    assert w == pytest.approx(40.0 - 2 * lam * beta - lam * alpha * math.exp(-5.0 / 20.0), rel=1e-13)
    w = final_weight([20.0], [14.0], weight=40.0, common=dict(lambda_=lam))
    assert w == pytest.approx(40.0 - lam * math.exp(-5.0 / 20.0), rel=1e-13)


def test_exponential_weight_dependence():
    """mu_plus, mu_minus scale facilitation and depression by exp(mu w) of the weight before the step."""
    lam, mp, mm = 0.3, 0.05, -0.02
    w0 = 10.0
    w = final_weight([10.0, 100.0], [14.0], weight=w0, common=dict(lambda_=lam, mu_plus=mp, mu_minus=mm))
    w1 = w0 + lam * math.exp(mp * w0) * math.exp(-5.0 / 20.0)
    w2 = w1 - lam * math.exp(mm * w1) * math.exp(-85.0 / 20.0)
    assert w == pytest.approx(w2, rel=1e-13)
    assert w - w0 == pytest.approx(lam * math.exp(mp * w0) * math.exp(-0.25), rel=2e-2)  # not the additive rule
    assert abs((w - w0) - lam * math.exp(-0.25)) > 0.1


@pytest.mark.parametrize("common", [dict(lambda_=0.2, alpha=1.1, beta=0.05, tau_plus=15.0),
                                    dict(lambda_=0.1, mu_plus=0.02, mu_minus=0.03, Wmax=60.0, beta=-0.01)])
def test_trains_against_nest_rule(common):
    rng = np.random.default_rng(31)
    pre_t = np.unique(np.round(rng.uniform(2, 700, 60), 1))
    post_t = np.unique(np.round(rng.uniform(2, 700, 60), 1))
    post_t = np.unique(np.concatenate([post_t, pre_t[3:6] - D]))
    w = final_weight(pre_t, post_t, t_end=720.0, weight=30.0, tau_minus=27.0, common=common)
    expected = nest_rule(list(pre_t), list(post_t), 30.0, tau_minus=27.0, **common)
    assert w == pytest.approx(expected, rel=1e-12)
    assert abs(w - 30.0) > 0.05 and 0.0 < w < common.get("Wmax", 100.0)  # changed, within the bounds


def test_bounds_and_lambda_zero():
    """Facilitation stops at Wmax, depression at 0; with lambda = 0 NEST leaves the weight as it is,
    even beyond Wmax."""
    pre, post = [10.0, 20.0, 30.0, 40.0], [12.0, 22.0, 32.0]
    assert final_weight(pre, post, weight=10.0, common=dict(lambda_=50.0, alpha=0.0, Wmax=40.0)) == 40.0
    assert final_weight([20.0, 40.0], [10.0, 30.0], weight=10.0, common=dict(lambda_=50.0)) == 0.0
    assert final_weight(pre, post, weight=150.0, common=dict(lambda_=0.0, Wmax=40.0, beta=3.0)) == 150.0
    # beta alone drives the weight down, one lambda beta per update
    assert final_weight([10.0, 20.0], [], weight=10.0, common=dict(lambda_=0.5, beta=2.0)) == pytest.approx(8.0)


def test_common_parameters():
    sim = nestor.Simulator(dt=0.1 * u.ms)
    assert {k: sim.get_synapse_defaults("jonke_synapse", k) for k in
            ("alpha", "beta", "lambda", "mu_plus", "mu_minus", "tau_plus", "Wmax", "weight", "Kplus")} == dict(
        alpha=1.0, beta=0.0, **{"lambda": 0.01}, mu_plus=0.0, mu_minus=0.0, tau_plus=20.0, Wmax=100.0, weight=1.0,
        Kplus=0.0)
    a, b = sim.create(nestor.parrot_neuron, 2), sim.create(nestor.parrot_neuron, 2)
    with pytest.raises(nestor.NestorError, match="lambda"):
        sim.connect(a, b, synapse=nestor.jonke_synapse(lambda_=0.5))  # as NEST: common, not per connection
    with pytest.raises(nestor.NestorError, match="Wmax"):
        sim.connect(a, b, synapse=nestor.jonke_synapse(Wmax=5.0))
    sim.copy_synapse_model("jonke_synapse", "my_jonke", beta=0.3, tau_plus=7.0 * u.ms)
    assert sim.get_synapse_defaults("my_jonke", "beta") == 0.3
    assert sim.get_synapse_defaults("jonke_synapse", "beta") == 0.0
    sim.connect(a, b, synapse="my_jonke")
    sim.connect(a, b, synapse="jonke_synapse")
    c = sim.get_connections(synapse_model="my_jonke")
    assert list(c.get("tau_plus")) == [7.0] * 4
    sim.set_synapse_defaults("my_jonke", beta=0.4)  # acts on the existing connections too (NEST's common)
    assert list(c.get("beta")) == [0.4] * 4
    assert list(sim.get_connections(synapse_model="jonke_synapse").get("beta")) == [0.0] * 4


def test_state_round_trip_and_continuation():
    pre_t, post_t = [10.0, 30.0, 60.0, 90.0], [20.0, 45.0, 70.0]
    common = dict(lambda_=0.3, beta=0.01)
    one, pre, post = net(pre_t, post_t, weight=20.0, common=common)
    one.simulate(100.0 * u.ms)
    c1 = one.get_connections(pre, post)
    two, pre2, post2 = net(pre_t, post_t, weight=20.0, common=common)
    two.simulate(50.0 * u.ms)
    c2 = two.get_connections(pre2, post2)
    assert c2.get("Kplus")[0] == pytest.approx(1.0 + math.exp(-20.0 / 20.0), rel=1e-14)
    back = c2.get(["weight", "Kplus"])
    c2.set(**{k: v[0] for k, v in back.items()})
    two.simulate(50.0 * u.ms)
    assert c2.get("weight")[0] == c1.get("weight")[0] != 20.0
    assert c2.get("Kplus")[0] == c1.get("Kplus")[0]
    # a model without per-connection parameters: its state is still settable, and acts
    c1.set(Kplus=2.5)
    assert c1.get("Kplus")[0] == 2.5
    c1.set(weight=20.0)
    assert c1.get("Kplus")[0] == 2.5  # setting the weight leaves the state alone
    assert c1.get("weight")[0] == 20.0


def network_weights(threads):
    def setup(sim):
        sim.copy_synapse_model("jonke_synapse", "jonke_net", lambda_=0.5, beta=0.02, mu_plus=0.005, Wmax=300.0)

    return lib.plastic_network("jonke_net", threads, 13, ["weight", "Kplus", "target"], setup=setup,
                               connect_kw=dict(weight=nestor.random.uniform(50.0, 150.0), delay=1.5 * u.ms))


def test_one_and_two_threads_identical():
    w1 = lib.threads_identical(network_weights)["weight"]  # weight, Kplus, target
    assert len(w1) == 300
    assert np.std(w1) > 0 and np.all(w1 >= 0) and np.all(w1 <= 300.0)


def test_bad_input():
    sim = nestor.Simulator(dt=0.1 * u.ms)
    a, b = sim.create(nestor.iaf_psc_alpha, 2), sim.create(nestor.iaf_psc_alpha, 2)
    with pytest.raises(nestor.BadValueError, match="tau_plus"):
        sim.set_synapse_defaults("jonke_synapse", tau_plus=-1.0)
    with pytest.raises(nestor.DimensionError, match="tau_plus"):
        sim.set_synapse_defaults("jonke_synapse", tau_plus=3.0 * u.mV)
    with pytest.raises(nestor.BadValueError, match="Kplus"):
        sim.connect(a, b, synapse=nestor.jonke_synapse(Kplus=-1.0))
    with pytest.raises(nestor.UnknownParameterError, match="gamma"):
        sim.set_synapse_defaults("jonke_synapse", gamma=1.0)
    assert sim.get_synapse_defaults("jonke_synapse", "tau_plus") == 20.0  # refused values change nothing
    assert sim.num_connections == 0
    sim.connect(a, b, synapse=nestor.jonke_synapse(weight=5.0))
    c = sim.get_connections(a, b)
    with pytest.raises(nestor.BadValueError, match="Kplus"):
        c.set(Kplus=-0.5)
