"""stdp_synapse: the weight change of spike pairs against NEST's update rule written out here (Guetig et
al. 2003 as NEST's models/stdp_synapse.h applies it on each presynaptic spike), bounds, state round trips,
the weight_recorder, threads and bad input.

Spikes are made exact with spike_generator -> parrot_neuron (a parrot repeats its input 1 ms later); the
plastic connection enters the postsynaptic parrot at receptor 1, where spikes have no effect (NEST's
parrot_neuron port for STDP tests), so the post spikes are exactly the generator's. The network builders,
NEST's stdp_eps comparisons and the Guetig weight dependence are in synapse_testlib.py."""

import math

import numpy as np
import pytest

import nestor
import synapse_testlib as lib
from nestor import units as u

D = 1.0  # ms, the plastic connection's delay (= its dendritic delay)


def pair_net(pre_times, post_times, threads=1, recorder=False, **syn):
    return lib.plastic_pair(nestor.stdp_synapse, pre_times, post_times, threads, recorder=recorder, delay=D * u.ms,
                            **syn)


def nest_rule(pre, post, w, tau_plus=20.0, tau_minus=20.0, lam=0.01, alpha=1.0, mu_plus=1.0, mu_minus=1.0,
              Wmax=100.0, d=D):
    """The weight after the presynaptic spikes `pre` with postsynaptic spikes `post` (ms), as NEST
    updates it: on each pre spike t, facilitation for each post spike in (t_last - d, t - d], then
    depression by K- at t - d; K+ jumps by 1 after."""
    fac, dep = lib.guetig(lam, alpha, mu_plus, mu_minus, Wmax)
    kplus, t_last = 0.0, 0.0
    post = sorted(post)
    for t in pre:
        for tp in post:
            if lib.in_window(tp, t_last - d, t - d):  # (t_last - d, t - d] as NEST compares
                w = fac(w, kplus * math.exp((t_last - (tp + d)) / tau_plus))
        before = [tp for tp in post if lib.strictly_before(tp, t - d)]  # strictly before t - d (NEST's stdp_eps)
        km = 0.0
        for i, tp in enumerate(before):
            km = (km * math.exp((before[i - 1] - tp) / tau_minus) if i else 0.0) + 1.0
        if before:
            km *= math.exp((before[-1] - (t - d)) / tau_minus)
        w = dep(w, km)
        kplus = kplus * math.exp((t_last - t) / tau_plus) + 1.0
        t_last = t
    return w


@pytest.mark.parametrize("mu", [1.0, 0.0])  # multiplicative and additive
def test_stdp_window_against_the_rule(mu):
    """One pair per run, Δt = t_post - t_pre from -50 to 50 ms, then a late pre spike that reads the
    facilitation: the weight equals NEST's rule; the window is potentiating for Δt > 0 and depressing for
    Δt < 0, and shrinks with |Δt| as exp(-|Δt|/tau)."""
    w0, lam = 50.0, 0.05
    changes = {}
    for dt_pair in [-50.0, -20.0, -5.0, -1.0, 2.0, 5.0, 20.0, 50.0]:
        t_pre = 100.0
        t_post = t_pre + dt_pair
        sim, pre, post = pair_net([t_pre - 1.0, 400.0], [t_post - 1.0], weight=w0, lambda_=lam, mu_plus=mu,
                                  mu_minus=mu)
        sim.simulate(500.0 * u.ms)
        w = sim.get_connections(pre, post).get("weight")[0]
        expected = nest_rule([t_pre, 401.0], [t_post], w0, lam=lam, mu_plus=mu, mu_minus=mu)
        assert w == pytest.approx(expected, rel=1e-13, abs=1e-12), dt_pair
        changes[dt_pair] = w - w0
    assert all(changes[x] > 0 for x in (2.0, 5.0, 20.0, 50.0))
    assert all(changes[x] < 0 for x in (-50.0, -20.0, -5.0, -1.0))
    # facilitation: lambda (1 - w/Wmax)^mu Wmax exp(-(Δt + d - d)/tau_plus): at Δt = 5 and 20 the ratio is
    # exp(15/20) up to the tiny depression at the late pre spike
    ratio = changes[5.0] / changes[20.0]
    assert ratio == pytest.approx(math.exp(15.0 / 20.0), rel=1e-3)
    # depression at Δt = -5 vs -20: exp(15/20) too (tau_minus = 20 ms), up to the late pre spike's own
    # depression by K- ~ exp(-300/20)
    assert changes[-5.0] / changes[-20.0] == pytest.approx(math.exp(15.0 / 20.0), rel=1e-6)


def test_spike_trains_and_tau_minus():
    """Trains of pre and post spikes with the target's own tau_minus (a neuron parameter, as NEST's)."""
    rng = np.random.default_rng(3)
    pre_t = np.round(np.sort(rng.uniform(5, 900, 40)), 1)
    post_t = np.round(np.sort(rng.uniform(5, 900, 40)), 1)
    pre_t, post_t = np.unique(pre_t), np.unique(post_t)
    sim, pre, post = pair_net(pre_t, post_t, weight=30.0, lambda_=0.02, alpha=1.3, tau_plus=15.0 * u.ms)
    post.set(tau_minus=33.0 * u.ms)
    sim.simulate(1000.0 * u.ms)
    w = sim.get_connections(pre, post).get("weight")[0]
    expected = nest_rule(list(pre_t + 1.0), list(post_t + 1.0), 30.0, tau_plus=15.0, tau_minus=33.0, lam=0.02,
                         alpha=1.3)
    assert w == pytest.approx(expected, rel=1e-12)
    assert post.get("tau_minus").m_as("ms") == pytest.approx(33.0)


def test_weights_stay_within_bounds():
    """A huge learning rate: facilitation stops at Wmax, depression at 0 (both signs of Wmax)."""
    up, _, _ = pair_net([9.0, 29.0, 49.0], [10.0, 30.0, 50.0], weight=10.0, lambda_=50.0, alpha=0.0, Wmax=40.0)
    up.simulate(100.0 * u.ms)
    assert up.get_connections(synapse_model="stdp_synapse").get("weight")[0] == 40.0
    down, _, _ = pair_net([19.0, 39.0], [10.0, 30.0], weight=10.0, lambda_=50.0, Wmax=40.0)
    down.simulate(100.0 * u.ms)
    assert down.get_connections(synapse_model="stdp_synapse").get("weight")[0] == 0.0
    neg, _, _ = pair_net([9.0, 29.0, 49.0], [10.0, 30.0, 50.0], weight=-10.0, lambda_=50.0, alpha=0.0, Wmax=-40.0)
    neg.simulate(100.0 * u.ms)
    assert neg.get_connections(synapse_model="stdp_synapse").get("weight")[0] == -40.0


def test_state_round_trip_and_continuation():
    """Kplus and the parameters survive get/set; a run split in two equals one run; set values act."""
    times_pre, times_post = [10.0, 30.0, 60.0, 90.0], [20.0, 45.0, 70.0]
    one, pre, post = pair_net(times_pre, times_post, weight=20.0, lambda_=0.1)
    one.simulate(100.0 * u.ms)
    c1 = one.get_connections(pre, post)
    two, pre2, post2 = pair_net(times_pre, times_post, weight=20.0, lambda_=0.1)
    two.simulate(50.0 * u.ms)
    c2 = two.get_connections(pre2, post2)
    kplus = c2.get("Kplus")[0]
    assert kplus > 1.0  # two pre spikes so far: 1 + exp(-20/20)
    assert kplus == pytest.approx(1.0 + math.exp(-20.0 / 20.0), rel=1e-14)
    c2.set(Kplus=kplus, tau_plus=20.0 * u.ms)  # writing the same values back changes nothing
    two.simulate(50.0 * u.ms)
    assert c2.get("weight")[0] == c1.get("weight")[0]
    assert c1.get("Kplus")[0] == c2.get("Kplus")[0]
    assert c1.get(["tau_plus", "lambda_", "Wmax"]) == {"tau_plus": [20.0], "lambda_": [0.1], "Wmax": [100.0]}
    # a changed parameter is the connection's own
    c1.set(lambda_=0.0)
    w = c1.get("weight")[0]
    one.simulate(100.0 * u.ms)
    assert c1.get("weight")[0] == w


def test_reset_restores_plastic_state():
    sim, pre, post = pair_net([10.0, 30.0, 60.0], [20.0, 45.0], weight=20.0, lambda_=0.1)
    sim.simulate(100.0 * u.ms)
    w1 = sim.get_connections(pre, post).get("weight")[0]
    assert w1 != 20.0
    sim.reset()
    c = sim.get_connections(pre, post)
    assert c.get("weight")[0] == 20.0 and c.get("Kplus")[0] == 0.0
    sim.simulate(100.0 * u.ms)
    assert c.get("weight")[0] == w1


def test_weight_recorder_sees_every_updated_weight():
    sim, pre, post, wr = pair_net([10.0, 30.0, 60.0], [20.0, 45.0], recorder=True, weight=20.0, lambda_=0.1)
    ev = lib.recorded(sim.simulate(100.0 * u.ms), wr)
    assert list(ev["senders"]) == [1, 1, 1] and list(ev["targets"]) == [2, 2, 2]
    np.testing.assert_allclose(ev["times"], [11.0, 31.0, 61.0])
    pre_ms, post_ms = [11.0, 31.0, 61.0], [21.0, 46.0]
    expected = [nest_rule(pre_ms[:k + 1], post_ms, 20.0, lam=0.1) for k in range(3)]
    np.testing.assert_allclose(ev["weights"], expected, rtol=1e-14)


def network_weights(threads):
    syn = nestor.stdp_synapse(weight=nestor.random.uniform(50.0, 150.0), delay=1.5 * u.ms, lambda_=0.05, Wmax=300.0)
    return lib.plastic_network(syn, threads, 5, ["weight", "Kplus", "source", "target"], n_src=80, n_nrn=30,
                               indegree=20, recurrent=(5, -20.0), t_sim=1000.0)


def test_one_and_two_threads_identical():
    one = lib.threads_identical(network_weights)  # source, target, weight and Kplus bitwise
    assert len(one["weight"]) == 600
    assert np.std(one["weight"]) > 0


def test_bad_input():
    sim = nestor.Simulator(dt=0.1 * u.ms)
    a, b = sim.create(nestor.iaf_psc_alpha, 2), sim.create(nestor.iaf_psc_alpha, 2)
    with pytest.raises(nestor.BadValueError, match="tau_plus"):
        sim.connect(a, b, synapse=nestor.stdp_synapse(tau_plus=-1.0))
    with pytest.raises(nestor.DimensionError, match="tau_plus"):
        sim.connect(a, b, synapse=nestor.stdp_synapse(tau_plus=5.0 * u.mV))
    with pytest.raises(nestor.BadValueError, match="Wmax"):
        sim.connect(a, b, synapse=nestor.stdp_synapse(weight=-5.0, Wmax=100.0))
    with pytest.raises(nestor.BadValueError, match="Kplus"):
        sim.connect(a, b, synapse=nestor.stdp_synapse(Kplus=-1.0))
    with pytest.raises(nestor.UnknownParameterError, match="tau_pluss"):
        nestor.stdp_synapse(tau_pluss=3.0)
    with pytest.raises(nestor.UnknownModelError, match="stdp_synapse_x"):
        sim.connect(a, b, synapse="stdp_synapse_x")
    pg = sim.create(nestor.poisson_generator, 1, rate=10.0 * u.Hz)
    with pytest.raises(nestor.IllegalConnectionError, match="parrot_neuron"):
        sim.connect(pg, a, synapse=nestor.stdp_synapse())
    dc = sim.create(nestor.dc_generator)
    with pytest.raises(nestor.IllegalConnectionError, match="dc_generator"):
        sim.connect(dc, a, synapse="stdp_synapse")
    assert sim.num_connections == 0  # nothing was made by the refused calls
    sim.connect(a, b, synapse=nestor.stdp_synapse(weight=5.0))
    c = sim.get_connections(a, b)
    with pytest.raises(nestor.BadValueError, match="Wmax"):
        c.set(weight=-3.0)
    with pytest.raises(nestor.BadValueError, match="tau_plus"):
        c.set(tau_plus=0.0)
    with pytest.raises(nestor.UnknownParameterError, match="U"):
        c.set(U=0.5)
    np.testing.assert_array_equal(c.get("weight"), 5.0)  # all or nothing
    with pytest.raises(nestor.BadValueError, match="tau_minus"):
        b.set(tau_minus=-2.0)


def test_copy_model_and_defaults():
    sim = nestor.Simulator(dt=0.1 * u.ms)
    sim.copy_synapse_model(nestor.stdp_synapse, "my_stdp", tau_plus=7.0 * u.ms, weight=3.0)
    assert sim.get_synapse_defaults("my_stdp", "tau_plus") == 7.0
    assert sim.get_synapse_defaults("stdp_synapse", "tau_plus") == 20.0
    a, b = sim.create(nestor.iaf_psc_alpha, 1), sim.create(nestor.iaf_psc_alpha, 1)
    sim.connect(a, b, synapse="my_stdp")
    c = sim.get_connections(a, b)
    assert c.get("tau_plus")[0] == 7.0 and c.get("weight")[0] == 3.0
    assert list(c.get("synapse_model")) == ["my_stdp"]
    assert len(sim.get_connections(synapse_model="my_stdp")) == 1
    assert len(sim.get_connections(synapse_model="stdp_synapse")) == 0
    sim.set_synapse_defaults("stdp_synapse", lambda_=0.5)
    sim.connect(a, b, synapse=nestor.stdp_synapse)
    assert sim.get_connections(synapse_model="stdp_synapse").get("lambda_")[0] == 0.5
    with pytest.raises(nestor.BadArgumentError, match="my_stdp"):
        sim.copy_synapse_model("stdp_synapse", "my_stdp")
    other = nestor.Simulator(dt=0.1 * u.ms)
    with pytest.raises(nestor.UnknownModelError):
        other.get_synapse_defaults("my_stdp")
    assert other.get_synapse_defaults("stdp_synapse", "lambda") == 0.01


def test_memory_per_connection_is_reported():
    sim = nestor.Simulator(dt=0.1 * u.ms)
    a = sim.create(nestor.iaf_psc_alpha, 100)
    sim.connect(a, a, nestor.fixed_indegree(10), synapse=nestor.stdp_synapse(weight=5.0))
    mem = sim.connection_memory()
    nbytes, n = mem["stdp_synapse"]
    assert n == 1000
    assert 40 * n <= nbytes < 40 * n + 4096  # 40 bytes per connection and the row index


def test_copy_model_routes_synapse_models():
    """NEST's CopyModel / SetDefaults / GetDefaults take synapse models too (static_synapse included)."""
    sim = nestor.Simulator(dt=0.1 * u.ms)
    exc = sim.copy_model("static_synapse", "excitatory", weight=2.5, delay=2.0 * u.ms)
    assert sim.get_defaults("excitatory") == {"weight": 2.5, "delay": 2.0}
    slow = sim.copy_model(nestor.stdp_synapse, "slow_stdp", tau_plus=40.0 * u.ms)
    sim.set_defaults("slow_stdp", Wmax=50.0)
    assert sim.get_defaults(slow, "Wmax") == 50.0 and sim.get_defaults(nestor.stdp_synapse, "Wmax") == 100.0
    a, b = sim.create(nestor.iaf_psc_alpha, 1), sim.create(nestor.iaf_psc_alpha, 1)
    sim.connect(a, b, synapse=exc)
    sim.connect(a, b, synapse="slow_stdp")
    c = sim.get_connections(a, b)
    assert list(c.get("weight")) == [2.5, 1.0] and list(c.get("delay")) == [2.0, 1.0]
    assert list(c.get("synapse_model")) == ["static_synapse", "slow_stdp"]
    with pytest.raises(nestor.BadArgumentError, match="excitatory"):
        sim.copy_model(nestor.iaf_psc_alpha, "excitatory")
    with pytest.raises(nestor.BadArgumentError, match="my_iaf|exists"):
        sim.copy_model(nestor.iaf_psc_alpha, "my_iaf")
        sim.copy_model("static_synapse", "my_iaf")
    with pytest.raises(nestor.UnknownParameterError, match="tau_plus"):
        sim.set_defaults("excitatory", tau_plus=3.0)
    with pytest.raises(nestor.BadDelayError):
        sim.set_defaults("excitatory", delay=0.0)


def test_history_kept_for_presynaptic_spikes_of_the_same_slice():
    """Regression (found by bench/check_plastic_peer.py): a postsynaptic spike archived in the slice of a
    presynaptic one must not prune the entry that spike's depression reads. Pre 803.0, 803.1 (parrot: +1 ms),
    post 801.6 and 803.5: the post spike at 804.5 is archived before the pre spikes of 804.0 and 804.1 are
    delivered; they read K- at 802.5 and 802.6 (delay 1.5 ms), which needs the post spike at 791.9."""
    sim, pre, post = lib.plastic_pair(nestor.stdp_synapse, [803.0, 803.1, 990.0], [790.9, 801.6, 803.5],
                                      weight=20.68, delay=1.5 * u.ms, Wmax=41.36)
    sim.simulate(1000.0 * u.ms)
    w = sim.get_connections(pre, post).get("weight")[0]
    expected = nest_rule([804.0, 804.1, 991.0], [791.9, 802.6, 804.5], 20.68, Wmax=41.36, d=1.5)
    assert w == pytest.approx(expected, rel=1e-13)


def test_reset_restores_weight_sign_and_channel():
    """reset() after a plastic connection's weight was set to the other sign: the weight and its channel
    (excitatory / inhibitory current of iaf_psc_alpha) come back, so a rerun equals the first run."""
    def run_twice():
        sim = nestor.Simulator(dt=0.1 * u.ms)
        src = sim.create(nestor.parrot_neuron, 1)
        sim.connect(sim.create(nestor.spike_generator, 1, spike_times=[5.0, 15.0, 25.0]), src)
        nrn = sim.create(nestor.iaf_psc_alpha, 1, tau_syn_ex=2.0 * u.ms, tau_syn_in=8.0 * u.ms)
        vm = sim.create(nestor.voltmeter)
        sim.connect(vm, nrn)
        sim.connect(src, nrn, synapse=nestor.tsodyks2_synapse(weight=300.0))
        first = sim.simulate(40.0 * u.ms).trace(vm, "V_m")
        sim.get_connections(src, nrn).set(weight=-300.0)
        sim.reset()
        assert sim.get_connections(src, nrn).get("weight")[0] == 300.0
        return first, sim.simulate(40.0 * u.ms).trace(vm, "V_m")
    first, again = run_twice()
    np.testing.assert_array_equal(first.m_as("mV"), again.m_as("mV"))


def test_weight_recorder_as_model_default():
    """NEST's way: CopyModel('stdp_synapse', 'stdp_rec', {'weight_recorder': wr}); connections of the
    copy report to it, the original's do not."""
    sim = nestor.Simulator(dt=0.1 * u.ms)
    pre, post = sim.create(nestor.parrot_neuron, 1), sim.create(nestor.parrot_neuron, 1)
    sim.connect(sim.create(nestor.spike_generator, 1, spike_times=[10.0, 30.0]), pre)
    sim.connect(sim.create(nestor.spike_generator, 1, spike_times=[20.0]), post)
    wr = sim.create(nestor.weight_recorder)
    sim.copy_model("stdp_synapse", "stdp_rec", weight_recorder=wr, lambda_=0.1)
    assert sim.get_defaults("stdp_rec", "weight_recorder") == wr.global_ids[0]
    sim.connect(pre, post, receptor_type=1, synapse="stdp_rec", weight=20.0)
    sim.connect(pre, post, receptor_type=1, synapse="stdp_synapse", weight=20.0)
    ev = sim.simulate(50.0 * u.ms).events(wr)
    np.testing.assert_allclose(np.asarray(ev["weights"]),
                               [nest_rule([11.0], [21.0], 20.0, lam=0.1), nest_rule([11.0, 31.0], [21.0], 20.0, lam=0.1)],
                               rtol=1e-14)
    with pytest.raises(nestor.BadArgumentError, match="weight_recorder"):
        sim.set_defaults("stdp_rec", weight_recorder=pre)


def test_plastic_connections_counted_and_placed_in_creation_order():
    """Plastic connections are counted when connect() returns and placed in creation order after those
    made before, also across runs (two-pass building)."""
    sim = nestor.Simulator(dt=0.1 * u.ms, threads=2)
    a, b = sim.create(nestor.iaf_psc_alpha, 3), sim.create(nestor.iaf_psc_alpha, 4)
    sim.connect(a, b, synapse=nestor.stdp_synapse(weight=np.arange(1.0, 4.0)))
    assert sim.num_connections == 12
    sim.simulate(5.0 * u.ms)
    sim.connect(a, b, nestor.all_to_all,
                synapse=nestor.stdp_synapse(weight=np.arange(11.0, 14.0)))
    assert sim.num_connections == 24
    c = sim.get_connections(a, b)
    src, tgt, w = c.get("source"), c.get("target"), c.get("weight")
    for s in range(3):
        for t in range(4):
            rows = np.flatnonzero((src == a.global_ids[s]) & (tgt == b.global_ids[t]))
            assert list(w[rows]) == [1.0 + s, 11.0 + s]  # the first connect's first
    sim.simulate(5.0 * u.ms)
