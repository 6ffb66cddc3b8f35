"""vogels_sprekeler_synapse (Vogels et al. 2011; NEST's models/vogels_sprekeler_synapse.h): the symmetric
window and the constant depression per presynaptic spike against NEST's rule written out here, the
postsynaptic trace read with the target's tau_minus (as NEST does), bounds [0, |Wmax|] with the sign of
Wmax, state round trips, threads and bad input.

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


def net(pre_times, post_times, threads=1, tau_minus=20.0, **syn):
    return lib.plastic_pair(nestor.vogels_sprekeler_synapse, pre_times, post_times, threads, lead=1.0,
                            post_params=dict(tau_minus=tau_minus * u.ms), delay=D * u.ms, **syn)


def final_weight(pre_times, post_times, t_end=None, **kw):
    return lib.final_weight(net, pre_times, post_times, t_end, **kw)


def nest_rule(pre, post, w, tau=20.0, tau_minus=20.0, eta=0.001, alpha=0.12, Wmax=1.0, d=D):
    """NEST's update on each presynaptic spike t: facilitation by the presynaptic trace for each
    postsynaptic spike since the previous presynaptic spike, then facilitation by the postsynaptic
    trace (all earlier post spikes, the target's tau_minus) and the constant depression alpha eta."""

    def fac(w, k):
        nw = abs(w) + eta * k
        return math.copysign(min(nw, abs(Wmax)), Wmax)

    def dep(w):
        return math.copysign(max(abs(w) - alpha * eta, 0.0), Wmax)

    shifted = sorted(p + d for p in post)
    pre_seen, t_last = [], 0.0
    for t in pre:
        for q in shifted:
            if lib.since_last(q, t_last, t):
                w = fac(w, lib.pre_trace(pre_seen, q, tau))
        w = dep(fac(w, lib.post_trace(shifted, t, tau_minus)))
        pre_seen.append(t)
        t_last = t
    return w


def test_symmetric_window_and_constant_depression():
    """Pair at distance s (either order), then a late presynaptic spike: the weight changes by
    eta exp(-s/tau) (+ the late spike's tiny trace term) minus alpha eta per presynaptic spike, the same
    for both orders when tau_minus = tau."""
    w0, eta, alpha = 0.5, 0.01, 0.3
    for s in (2.0, 5.0, 20.0):
        before = final_weight([30.0, 200.0], [30.0 + s - D], eta=eta, alpha=alpha, weight=w0)  # post after pre
        after = final_weight([30.0 + s, 200.0], [30.0 - D], eta=eta, alpha=alpha, weight=w0)  # post before pre
        expected_before = w0 - 2 * alpha * eta + eta * (math.exp(-s / 20.0) + math.exp(-(170.0 - s) / 20.0))
        expected_after = w0 - 2 * alpha * eta + eta * (math.exp(-s / 20.0) + math.exp(-170.0 / 20.0))
        assert before == pytest.approx(expected_before, rel=1e-13)
        assert after == pytest.approx(expected_after, rel=1e-13)
        assert before == pytest.approx(after, abs=eta * 1e-3)  # symmetric window
    # no postsynaptic activity: only the constant depression, alpha eta per presynaptic spike
    assert final_weight([10.0, 20.0, 30.0], [], eta=eta, alpha=alpha, weight=w0) == pytest.approx(
        w0 - 3 * alpha * eta, rel=1e-14)


def test_postsynaptic_trace_has_the_targets_tau_minus():
    """NEST reads the target's K- (ArchivingNode::get_K_value): post-before-pre pairs decay with the
    target's tau_minus, pre-before-post pairs with the synapse's tau."""
    eta, alpha = 0.01, 0.0
    w_pre_post = final_weight([30.0, 200.0], [34.0], eta=eta, alpha=alpha, tau=10.0 * u.ms, tau_minus=40.0)
    w_post_pre = final_weight([35.0], [29.0], eta=eta, alpha=alpha, tau=10.0 * u.ms, tau_minus=40.0)
    assert w_pre_post == pytest.approx(0.5 + eta * (math.exp(-5.0 / 10.0) + math.exp(-165.0 / 40.0)), rel=1e-13)
    assert w_post_pre == pytest.approx(0.5 + eta * math.exp(-5.0 / 40.0), rel=1e-13)


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_trains_against_nest_rule(sign):
    rng = np.random.default_rng(21)
    pre_t = np.unique(np.round(rng.uniform(2, 700, 60), 1))
    post_t = np.unique(np.round(rng.uniform(2, 700, 70), 1))
    post_t = np.unique(np.concatenate([post_t, pre_t[3:6] - D]))  # pairs at Δt = 0 too
    kw = dict(eta=0.004, alpha=2.0, Wmax=sign * 3.0, tau=15.0, tau_minus=25.0)
    w = final_weight(pre_t, post_t, t_end=720.0, weight=sign * 1.2, eta=kw["eta"], alpha=kw["alpha"],
                     Wmax=kw["Wmax"], tau=kw["tau"] * u.ms, tau_minus=kw["tau_minus"])
    expected = nest_rule(list(pre_t), list(post_t), sign * 1.2, **kw)
    assert w == pytest.approx(expected, rel=1e-12)
    assert abs(w - sign * 1.2) > 0.01 and 0.0 < abs(w) < 3.0  # changed, within the bounds
    assert math.copysign(1.0, w) == sign


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_bounds(sign):
    """|w| stops at |Wmax| (facilitation) and at 0 (depression), keeping the sign of Wmax."""
    pre, post = [10.0, 20.0, 30.0], [12.0, 22.0]
    assert final_weight(pre, post, weight=sign * 0.5, eta=10.0, alpha=0.0, Wmax=sign * 2.0) == sign * 2.0
    w = final_weight(pre, post, weight=sign * 0.5, eta=1.0, alpha=5.0, Wmax=sign * 2.0)
    assert w == 0.0 and math.copysign(1.0, w) == sign
    # a zero weight may start under either sign of Wmax and takes that sign
    w = final_weight([10.0, 20.0], [12.0], weight=0.0, eta=0.1, alpha=0.0, Wmax=sign * 2.0)
    assert w == pytest.approx(sign * 0.1 * (math.exp(-3.0 / 20.0) + math.exp(-7.0 / 20.0)), rel=1e-13)


def test_defaults_round_trip_and_continuation():
    sim = nestor.Simulator(dt=0.1 * u.ms)
    d = {k: sim.get_synapse_defaults("vogels_sprekeler_synapse", k)
         for k in ("weight", "tau", "alpha", "eta", "Wmax", "Kplus")}
    assert d == {"weight": 0.5, "tau": 20.0, "alpha": 0.12, "eta": 0.001, "Wmax": 1.0, "Kplus": 0.0}
    pre_t, post_t = [10.0, 30.0, 60.0, 90.0], [20.0, 45.0, 70.0]
    one, pre, post = net(pre_t, post_t, eta=0.05)
    one.simulate(100.0 * u.ms)
    c1 = one.get_connections(pre, post)
    two, pre2, post2 = net(pre_t, post_t, eta=0.05)
    two.simulate(50.0 * u.ms)
    c2 = two.get_connections(pre2, post2)
    assert c2.get("Kplus")[0] == pytest.approx(1.0 + math.exp(-20.0 / 20.0), rel=1e-14)
    back = c2.get(["weight", "tau", "alpha", "eta", "Wmax", "Kplus"])
    c2.set(**{k: v[0] for k, v in back.items()})
    two.simulate(50.0 * u.ms)
    assert c2.get("weight")[0] == c1.get("weight")[0] != 0.5
    assert c2.get("Kplus")[0] == c1.get("Kplus")[0]
    c1.set(Kplus=0.0, eta=0.0)
    w = c1.get("weight")[0]
    one.simulate(100.0 * u.ms)
    assert c1.get("weight")[0] == w


def network_weights(threads):
    syn = nestor.vogels_sprekeler_synapse(weight=nestor.random.uniform(-60.0, -20.0), delay=1.5 * u.ms, eta=2.0,
                                          alpha=0.3, Wmax=-200.0)
    return lib.plastic_network(syn, threads, 9, ["weight", "Kplus", "target"], rate=30.0,
                               nrn_params=dict(I_e=500.0 * u.pA), recurrent=(4, 30.0))


def test_one_and_two_threads_identical():
    w1 = lib.threads_identical(network_weights)["weight"]  # weight, Kplus, target
    assert len(w1) == 300
    assert np.std(w1) > 0 and np.all(w1 <= 0) and np.all(w1 >= -200.0)


def test_bad_input():
    syn = nestor.vogels_sprekeler_synapse
    sim = nestor.Simulator(dt=0.1 * u.ms)
    a, b = sim.create(nestor.iaf_psc_alpha, 2), sim.create(nestor.iaf_psc_alpha, 2)
    with pytest.raises(nestor.BadValueError, match="Wmax"):
        sim.connect(a, b, synapse=syn(weight=-0.5))  # default Wmax = 1
    with pytest.raises(nestor.BadValueError, match="Wmax"):
        sim.connect(a, b, synapse=syn(weight=2.0, Wmax=-3.0))
    with pytest.raises(nestor.BadValueError, match="Kplus"):
        sim.connect(a, b, synapse=syn(Kplus=-1.0))
    with pytest.raises(nestor.BadValueError, match="tau"):
        sim.connect(a, b, synapse=syn(tau=-5.0))
    with pytest.raises(nestor.DimensionError, match="tau"):
        sim.connect(a, b, synapse=syn(tau=5.0 * u.pA))
    with pytest.raises(nestor.UnknownParameterError, match="tau_plus"):
        syn(tau_plus=3.0)
    assert sim.num_connections == 0
    sim.connect(a, b, synapse=syn(weight=0.0, Wmax=-3.0))  # zero weight: any sign of Wmax (as NEST)
    c = sim.get_connections(a, b)
    with pytest.raises(nestor.BadValueError, match="Wmax"):
        c.set(weight=1.0)
    np.testing.assert_array_equal(c.get("weight"), 0.0)
    with pytest.raises(nestor.BadValueError, match="Kplus"):
        c.set(Kplus=-0.5)
