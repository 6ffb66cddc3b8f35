"""stdp_triplet_synapse (Pfister & Gerstner 2006, all-to-all; NEST's models/stdp_triplet_synapse.h): the
weight after spike pairs, triplets and trains against the rule written out here as an event-driven
simulation of the four traces; the patterns that tell it from pair STDP (pre-post-post vs post-pre-pre,
the frequency dependence of pairings); bounds; Kplus / Kplus_triplet round trips; threads; bad input.

Spikes are exact with spike_generator -> parrot_neuron (1 ms later); the plastic connection enters the
postsynaptic parrot at receptor 1 (no effect on it). K- and the triplet trace are the target's
(tau_minus, tau_minus_triplet: neuron parameters, as NEST's). The network builders are in synapse_testlib.py."""

import math

import numpy as np
import pytest

import nestor
import synapse_testlib as lib
from nestor import units as u

D = 1.0  # ms: the connection's delay = its dendritic delay
NEST_DEFAULTS = dict(tau_plus=16.8, tau_plus_triplet=101.0, Aplus=5e-10, Aminus=7e-3, Aplus_triplet=6.2e-3,
                     Aminus_triplet=2.3e-4, Wmax=100.0)


def net(pre_times, post_times, tau_minus=20.0, tau_minus_triplet=110.0, threads=1, **syn):
    post_params = dict(tau_minus=tau_minus * u.ms, tau_minus_triplet=tau_minus_triplet * u.ms)
    return lib.plastic_pair(nestor.stdp_triplet_synapse, pre_times, post_times, threads, post_params=post_params,
                            delay=D * u.ms, **syn)


def triplet_rule(pre, post, w, tau_minus=20.0, tau_minus_triplet=110.0, d=D, **syn):
    """Pfister & Gerstner's all-to-all triplet rule as NEST applies it: a post spike t_j acts at the synapse at
    t_j + d; events in time order (at equal times post before pre): a post event potentiates by
    r1 (A2+ + A3+ o2(t_j-)), a pre event depresses by o1(t - d) (A2- + A3- r2(t-)); r1, r2 count the earlier
    pre spikes, o1, o2 the post spikes strictly before. Post events after the last pre spike are not yet
    applied (NEST applies them at the next pre spike). |w| stays in [0, |Wmax|], w has Wmax's sign.
    Returns (w, r1, r2) after the last pre spike."""
    p = {**NEST_DEFAULTS, **syn}
    wmax = p["Wmax"]

    def trace(times, t, tau):
        return sum(math.exp(-(t - s) / tau) for s in times if s < t)

    events = sorted([(tp + d, 0, tp) for tp in post if tp + d <= max(pre)] + [(t, 1, t) for t in pre])
    for s, kind, t in events:
        if kind == 0:
            r1 = trace(pre, s, p["tau_plus"])
            o2 = trace(post, t, tau_minus_triplet)
            w = min(abs(w) + r1 * (p["Aplus"] + p["Aplus_triplet"] * o2), abs(wmax))
        else:
            o1 = trace(post, t - d, tau_minus)
            r2 = trace(pre, t, p["tau_plus_triplet"])
            w = max(abs(w) - o1 * (p["Aminus"] + p["Aminus_triplet"] * r2), 0.0)
        w = math.copysign(w, wmax)
    last = max(pre)
    r1 = sum(math.exp(-(last - s) / p["tau_plus"]) for s in pre)
    r2 = sum(math.exp(-(last - s) / p["tau_plus_triplet"]) for s in pre)
    return w, r1, r2


weight = lib.connection_value  # weight(sim, pre, post, field="weight")


def run(pre_times, post_times, T, **kw):
    sim, pre, post = net(pre_times, post_times, **kw)
    sim.simulate(T * u.ms)
    return weight(sim, pre, post), sim, pre, post


BIG = dict(Aplus=0.5, Aminus=0.6, Aplus_triplet=0.3, Aminus_triplet=0.2)  # changes well above rounding


def test_window_against_the_rule():
    """One pair per run, then a late pre spike: Δw(Δt) equals the rule; potentiation for Δt > 0 as
    A2+ exp(-Δt/tau_plus), depression for Δt < 0 as -A2- exp(Δt/tau_minus)."""
    w0 = 50.0
    ch = {}
    for dt_pair in [-40.0, -10.0, -2.0, 2.0, 10.0, 40.0]:
        t_pre, t_post = 100.0, 100.0 + dt_pair
        w, *_ = run([t_pre - 1.0, 600.0], [t_post - 1.0], 700.0, weight=w0, **BIG)
        expected, _, _ = triplet_rule([t_pre, 601.0], [t_post], w0, **BIG)
        assert w == pytest.approx(expected, rel=1e-13), dt_pair
        ch[dt_pair] = w - w0
    late = math.exp(-450.0 / 20.0)  # bounds the late pre spike's own small depression
    # the post spike reaches the synapse d later: the window is exp(-(Δt + d)/tau_plus) and exp((Δt + d)/tau_minus)
    for x in (2.0, 10.0, 40.0):
        assert ch[x] == pytest.approx(0.5 * math.exp(-(x + D) / 16.8), abs=late)
    for x in (-2.0, -10.0, -40.0):  # r2 = 0 at the only earlier pre spike: pair depression alone
        assert ch[x] == pytest.approx(-0.6 * math.exp((x + D) / 20.0), abs=late)


def test_pre_post_post_vs_post_pre_pre():
    """The triplet terms: pre-post-post potentiates by A3+ r1 o2 more than its pairs (the second post spike
    sees the first through o2), post-pre-pre depresses by A3- o1 r2 more (the second pre spike sees the
    first through r2); the mirror patterns gain nothing from the other term. Closed forms from the
    traces; pair-STDP runs (A3 = 0) are the baseline."""
    w0, tm3, tx = 50.0, 110.0, 101.0
    # pre 100, post 105, post 115 (synapse times; + a late pre spike that applies the facilitation)
    ppp = dict(pre=[99.0, 799.0], post=[104.0, 114.0])
    trip, *_ = run(ppp["pre"], ppp["post"], 900.0, weight=w0, **{**BIG, "Aminus_triplet": 0.0})
    pair, *_ = run(ppp["pre"], ppp["post"], 900.0, weight=w0, **{**BIG, "Aplus_triplet": 0.0, "Aminus_triplet": 0.0})
    r1_second = math.exp(-(115.0 + D - 100.0) / 16.8)  # the post spike acts at the synapse d later
    assert trip - pair == pytest.approx(0.3 * r1_second * math.exp(-10.0 / tm3), rel=1e-9)
    assert trip == pytest.approx(triplet_rule([100.0, 800.0], [105.0, 115.0], w0, **{**BIG, "Aminus_triplet": 0.0})[0],
                                 rel=1e-13)
    # post 100, pre 105, pre 115
    ppr = dict(pre=[104.0, 114.0], post=[99.0])
    trip, *_ = run(ppr["pre"], ppr["post"], 200.0, weight=w0, **{**BIG, "Aplus_triplet": 0.0})
    pair, *_ = run(ppr["pre"], ppr["post"], 200.0, weight=w0, **{**BIG, "Aplus_triplet": 0.0, "Aminus_triplet": 0.0})
    o1_second = math.exp(-(115.0 - 1.0 - 100.0) / 20.0)  # K- read at t - d
    assert trip - pair == pytest.approx(-0.2 * o1_second * math.exp(-10.0 / tx), rel=1e-9)
    # post-pre-pre has no post spike after a pre spike: the potentiation triplet term changes nothing
    a, *_ = run(ppr["pre"], ppr["post"], 200.0, weight=w0, **{**BIG, "Aminus_triplet": 0.0})
    b, *_ = run(ppr["pre"], ppr["post"], 200.0, weight=w0, **{**BIG, "Aplus_triplet": 0.0, "Aminus_triplet": 0.0})
    assert a == b


def pairing_change(rate, n, dt_pair, **syn):
    """n pre-post pairings (post Δt after pre) at `rate` Hz with Pfister & Gerstner's visual cortex
    all-to-all values (NEST's defaults, tau_minus 33.7 ms, tau_minus_triplet 125 ms)."""
    period = 1000.0 / rate
    t0 = 50.0
    pre_t = [t0 + k * period for k in range(n)]
    post_t = [t + dt_pair for t in pre_t]
    last = max(pre_t + post_t) + 200.0
    w0 = 50.0
    w, sim, pre, post = run([t - 1.0 for t in pre_t] + [last - 1.0], [t - 1.0 for t in post_t], last + 50.0,
                            tau_minus=33.7, tau_minus_triplet=125.0, weight=w0, **syn)
    expected, r1, r2 = triplet_rule(pre_t + [last], post_t, w0, tau_minus=33.7, tau_minus_triplet=125.0, **syn)
    assert w == pytest.approx(expected, rel=1e-12)
    assert weight(sim, pre, post, "Kplus") == pytest.approx(r1, rel=1e-12)
    assert weight(sim, pre, post, "Kplus_triplet") == pytest.approx(r2, rel=1e-12)
    return w - w0


def test_frequency_dependence_of_pairings():
    """Pfister & Gerstner's Fig. 4 effect (visual cortex values, all-to-all): post-pre pairings
    (Δt = -10 ms) depress at 2 Hz and potentiate at 50 Hz; pre-post pairings (Δt = +10 ms) barely change
    the weight at 2 Hz (A2+ is 5e-10) and potentiate at 50 Hz. Pair STDP with the same pair amplitudes
    (A3 = 0) depresses at 50 Hz for both orders: the rate dependence is the triplet terms'."""
    assert pairing_change(2.0, 15, -10.0) < -0.05 and pairing_change(50.0, 15, -10.0) > 0.03
    low, high = pairing_change(2.0, 15, 10.0), pairing_change(50.0, 15, 10.0)
    assert high > 0.05 and abs(low) < 0.02 * high
    pair = dict(Aplus_triplet=0.0, Aminus_triplet=0.0)
    assert pairing_change(50.0, 15, 10.0, **pair) < 0 and pairing_change(50.0, 15, -10.0, **pair) < 0


def test_trains_against_the_rule():
    rng = np.random.default_rng(5)
    pre_t = np.unique(np.round(np.sort(rng.uniform(5, 900, 50)), 1))
    post_t = np.unique(np.round(np.sort(rng.uniform(5, 900, 50)), 1))
    syn = dict(tau_plus=12.0 * u.ms, tau_plus_triplet=80.0 * u.ms, Aplus=0.05, Aminus=0.07, Aplus_triplet=0.03,
               Aminus_triplet=0.01)
    w, sim, pre, post = run(pre_t, post_t, 1000.0, tau_minus=25.0, tau_minus_triplet=90.0, weight=30.0, **syn)
    plain = {k: (v.m_as("ms") if hasattr(v, "m_as") else v) for k, v in syn.items()}
    expected, r1, r2 = triplet_rule(list(pre_t + 1), list(post_t + 1), 30.0, tau_minus=25.0,
                                    tau_minus_triplet=90.0, **plain)
    assert w == pytest.approx(expected, rel=1e-12)
    assert weight(sim, pre, post, "Kplus") == pytest.approx(r1, rel=1e-12)
    assert weight(sim, pre, post, "Kplus_triplet") == pytest.approx(r2, rel=1e-12)


def test_bounds_both_signs():
    """|w| in [0, |Wmax|], the weight keeping Wmax's sign."""
    times = dict(pre_times=[9.0, 29.0, 49.0], post_times=[10.0, 30.0, 50.0])
    up, *_ = run(**times, T=100.0, weight=10.0, Aplus=30.0, Aminus=0.0, Aminus_triplet=0.0, Wmax=40.0)
    assert up == 40.0
    neg, *_ = run(**times, T=100.0, weight=-10.0, Aplus=30.0, Aminus=0.0, Aminus_triplet=0.0, Wmax=-40.0)
    assert neg == -40.0
    down, *_ = run([19.0, 39.0], [10.0, 30.0], 100.0, weight=10.0, Aminus=30.0)
    assert down == 0.0
    negdown, *_ = run([19.0, 39.0], [10.0, 30.0], 100.0, weight=-10.0, Aminus=30.0, Wmax=-40.0)
    assert negdown == 0.0 and math.copysign(1.0, negdown) == -1.0
    expected, _, _ = triplet_rule([10.0, 30.0, 50.0], [11.0, 31.0, 51.0], -10.0, Aplus=3.0, Wmax=-40.0)
    got, *_ = run(**times, T=100.0, weight=-10.0, Aplus=3.0, Wmax=-40.0)
    assert got == pytest.approx(expected, rel=1e-13) and -40.0 < got < -10.0


def test_state_round_trip_and_continuation():
    pre_t, post_t = [10.0, 30.0, 60.0, 90.0], [20.0, 45.0, 70.0]
    w_one, one, pre, post = run(pre_t, post_t, 100.0, weight=20.0, **BIG)
    two, pre2, post2 = net(pre_t, post_t, weight=20.0, **BIG)
    two.simulate(50.0 * u.ms)
    c = two.get_connections(pre2, post2)
    k1, k2 = c.get("Kplus")[0], c.get("Kplus_triplet")[0]
    assert k1 == pytest.approx(1.0 + math.exp(-20.0 / 16.8), rel=1e-14)
    assert k2 == pytest.approx(1.0 + math.exp(-20.0 / 101.0), rel=1e-14)
    c.set(Kplus=k1, Kplus_triplet=k2, Aplus=0.5)
    two.simulate(50.0 * u.ms)
    assert c.get("weight")[0] == w_one
    assert c.get("Kplus_triplet")[0] == weight(one, pre, post, "Kplus_triplet")
    # hand-set traces are what the next spike uses
    three, pre3, post3 = net(pre_t, post_t, weight=20.0, **BIG)
    three.simulate(50.0 * u.ms)
    c3 = three.get_connections(pre3, post3)
    w_mid = c3.get("weight")[0]
    c3.set(Kplus=3.0, Kplus_triplet=4.0)
    three.simulate(15.0 * u.ms)
    # pre at 61: post 46 (+1 = 47) potentiates with r1 = 3 exp(-(47-31)/16.8), o2(46-) = exp(-25/110);
    # depression by o1(60) = exp(-39/20) + exp(-14/20) with r2 = 4 exp(-30/101)
    p = {**NEST_DEFAULTS, **BIG}
    w = w_mid + 3.0 * math.exp(-16.0 / 16.8) * (p["Aplus"] + p["Aplus_triplet"] * math.exp(-25.0 / 110.0))
    w -= (math.exp(-39.0 / 20.0) + math.exp(-14.0 / 20.0)) * (p["Aminus"] + p["Aminus_triplet"] * 4.0 * math.exp(-30.0 / 101.0))
    assert c3.get("weight")[0] == pytest.approx(w, rel=1e-13)
    assert c3.get("Kplus_triplet")[0] == pytest.approx(4.0 * math.exp(-30.0 / 101.0) + 1.0, rel=1e-14)
    assert c3.get(["Aplus", "Wmax"]) == {"Aplus": [0.5], "Wmax": [100.0]}


def network(threads):
    syn = nestor.stdp_triplet_synapse(weight=nestor.random.uniform(50.0, 150.0), delay=1.5 * u.ms, Aplus=0.5,
                                      Aplus_triplet=0.3, Aminus=0.6, Wmax=300.0)
    return lib.plastic_network(syn, threads, 3, ["source", "target", "weight", "Kplus", "Kplus_triplet"],
                               t_sim=800.0)


def test_one_and_two_threads_identical():
    one = lib.threads_identical(network)
    assert len(one["weight"]) == 300
    assert np.std(one["weight"]) > 0


def test_defaults_as_nest():
    d = nestor.Simulator(dt=0.1 * u.ms).get_synapse_defaults("stdp_triplet_synapse")
    assert {k: d[k] for k in NEST_DEFAULTS} == NEST_DEFAULTS
    assert d["Kplus"] == 0.0 and d["Kplus_triplet"] == 0.0 and d["weight"] == 1.0


def test_bad_input():
    sim = nestor.Simulator(dt=0.1 * u.ms)
    a, b = sim.create(nestor.iaf_psc_alpha, 2), sim.create(nestor.iaf_psc_alpha, 2)
    for name in ("tau_plus", "tau_plus_triplet"):
        with pytest.raises(nestor.BadValueError, match=name):
            sim.connect(a, b, synapse=nestor.stdp_triplet_synapse(**{name: -1.0}))
        with pytest.raises(nestor.DimensionError, match=name):
            sim.connect(a, b, synapse=nestor.stdp_triplet_synapse(**{name: 5.0 * u.pA}))
    with pytest.raises(nestor.BadValueError, match="Wmax"):
        sim.connect(a, b, synapse=nestor.stdp_triplet_synapse(weight=-5.0, Wmax=100.0))
    with pytest.raises(nestor.BadValueError, match="Wmax"):
        sim.set_synapse_defaults("stdp_triplet_synapse", Wmax=-1.0)  # the default weight is 1
    for name in ("Kplus", "Kplus_triplet"):
        with pytest.raises(nestor.BadValueError, match=name):
            sim.connect(a, b, synapse=nestor.stdp_triplet_synapse(**{name: -0.1}))
    with pytest.raises(nestor.DimensionError, match="Aplus"):
        sim.connect(a, b, synapse=nestor.stdp_triplet_synapse(Aplus=1.0 * u.ms))
    assert sim.num_connections == 0
    sim.connect(a, b, synapse=nestor.stdp_triplet_synapse(weight=5.0))
    c = sim.get_connections(a, b)
    with pytest.raises(nestor.BadValueError, match="Wmax"):
        c.set(Wmax=-10.0)
    with pytest.raises(nestor.BadValueError, match="Kplus_triplet"):
        c.set(Kplus_triplet=-1.0)
    with pytest.raises(nestor.BadValueError, match="tau_minus_triplet"):
        b.set(tau_minus_triplet=0.0)
    np.testing.assert_array_equal(c.get("Wmax"), 100.0)
