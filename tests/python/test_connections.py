"""Connection introspection: sim.get_connections() lists connections (filtered by source, target and
synapse model); the listing reads their fields (numpy arrays, a dict, or a pandas DataFrame), changes
weights and delays with an effect on the simulation, removes connections, and refuses to be used once
the network's connections changed (connect or disconnect). sim.num_connections counts.

The same seed builds the same connections (sources, targets, weights and delays), bit for bit; another
seed builds different ones. Threads do not exist yet (Simulator(threads=1) only), so reproducibility
across thread counts cannot be tested; the random streams are keyed by node and connect call, not by
thread, for when they do."""

import numpy as np
import pandas as pd
import pytest

import nestor
from nestor import units as u

TAU_SYN = 2.0  # iaf_psc_alpha's default tau_syn_ex (ms): the alpha PSC peaks tau_syn after arrival


def mag(q, unit):
    return np.asarray(u.get_mantissa(q / unit), dtype=float)


def field_tuples(d, keys=("source", "target", "weight", "delay")):
    return sorted(zip(*(d[k].tolist() for k in keys)))


@pytest.fixture
def net():
    """a (5 nodes) -> b (4): all_to_all, b -> a: fixed_indegree(2), a -> a: one_to_one; distinct weights."""
    sim = nestor.Simulator(seed=17)
    a = sim.create(nestor.iaf_psc_alpha, 5)
    b = sim.create(nestor.iaf_psc_alpha, 4)
    sim.connect(a, b, weight=np.arange(20.0).reshape(4, 5) + 1.0, delay=1.5)
    sim.connect(b, a, rule=nestor.fixed_indegree(2), weight=-7.0, delay=2.0)
    sim.connect(a, a, rule=nestor.one_to_one, weight=[101.0, 102.0, 103.0, 104.0, 105.0], delay=0.3)
    return sim, a, b


# ------------------------------------------------------------------------------------------- listing


def test_num_connections_counts(net):
    sim, a, b = net
    assert sim.num_connections == 20 + 10 + 5
    assert len(sim.get_connections()) == 35
    sim.connect(b, b, rule=nestor.fixed_total_number(7))
    assert sim.num_connections == 42
    sim.connect(b, b, rule=nestor.pairwise_bernoulli(0.0))
    assert sim.num_connections == 42


def test_get_one_field_is_a_numpy_array(net):
    sim, a, b = net
    c = sim.get_connections()
    w = c.get("weight")
    assert isinstance(w, np.ndarray) and w.dtype == float and w.shape == (35,)
    assert sorted(w.tolist()) == sorted([-7.0] * 10 + list(np.arange(1.0, 21.0)) + [101.0, 102.0, 103.0, 104.0, 105.0])
    s = c.get("source")
    assert isinstance(s, np.ndarray) and np.issubdtype(s.dtype, np.integer)


def test_get_several_fields_is_a_dict_of_arrays(net):
    sim, a, b = net
    d = sim.get_connections().get(["source", "target", "delay"])
    assert set(d) == {"source", "target", "delay"}
    assert all(isinstance(v, np.ndarray) and len(v) == 35 for v in d.values())
    a_ids, b_ids = set(a.global_ids.tolist()), set(b.global_ids.tolist())
    for s, t, dl in zip(d["source"], d["target"], d["delay"]):
        if s in a_ids and t in b_ids:
            assert dl == pytest.approx(1.5)
        elif s in b_ids:
            assert t in a_ids and dl == pytest.approx(2.0)
        else:
            assert s == t and dl == pytest.approx(0.3)


def test_weights_belong_to_their_pairs(net):
    sim, a, b = net
    d = sim.get_connections(source=a, target=b).get(["source", "target", "weight"])
    for s, t, w in zip(d["source"], d["target"], d["weight"]):
        assert w == 1.0 + (t - b.global_ids[0]) * 5 + (s - a.global_ids[0])  # W[target, source]


def test_get_everything(net):
    sim, a, b = net
    d = sim.get_connections(source=a[0], target=a[0]).get()
    assert set(d) >= {"source", "target", "weight", "delay", "receptor", "synapse_model"}
    assert d["source"].tolist() == [1] and d["target"].tolist() == [1]
    assert d["weight"].tolist() == [101.0] and d["receptor"].tolist() == [0]
    assert d["synapse_model"].tolist() == ["static_synapse"]


def test_get_as_pandas(net):
    sim, a, b = net
    c = sim.get_connections(target=b)
    df = c.get(["source", "target", "weight"], output="pandas")
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns) == ["source", "target", "weight"]
    assert len(df) == 20
    d = c.get(["source", "target", "weight"])
    for k in d:
        assert np.array_equal(df[k].to_numpy(), d[k])
    assert df["weight"].sum() == pytest.approx(210.0)


def test_filter_by_source_and_target(net):
    sim, a, b = net
    every = sim.get_connections().get(["source", "target", "weight", "delay"])
    src, tgt = every["source"], every["target"]

    def subset(mask):
        return field_tuples({k: v[mask] for k, v in every.items()})

    for source in (a, a[1:3], b[::-1], a[4] + b[0]):
        c = sim.get_connections(source=source)
        want = np.isin(src, source.global_ids)
        assert len(c) == int(want.sum()) > 0
        assert field_tuples(c.get(["source", "target", "weight", "delay"])) == subset(want)
    for target in (a, b[2:], a[0] + b[3]):
        c = sim.get_connections(target=target)
        want = np.isin(tgt, target.global_ids)
        assert len(c) == int(want.sum()) > 0
        assert field_tuples(c.get(["source", "target", "weight", "delay"])) == subset(want)
    c = sim.get_connections(source=a[1:3], target=b[1:])
    assert len(c) == 6
    assert field_tuples(c.get(["source", "target", "weight", "delay"])) == subset(
        np.isin(src, a[1:3].global_ids) & np.isin(tgt, b[1:].global_ids))
    assert len(sim.get_connections(synapse_model="static_synapse")) == 35


def test_empty_listing(net):
    sim, a, b = net
    sim2_nodes = sim.create(nestor.iaf_psc_alpha, 2)  # no connections
    c = sim.get_connections(source=sim2_nodes)
    assert len(c) == 0
    assert c.get("weight").shape == (0,)
    assert len(sim.get_connections(source=sim2_nodes, target=a)) == 0


# ----------------------------------------------------------------------- changing and removing connections


def psc_setup(n=3, delay=1.0):
    """A spike at 10 ms into n iaf_psc_alpha neurons; a multimeter on I_syn_ex."""
    sim = nestor.Simulator(dt=0.1 * u.ms)
    sg = sim.create(nestor.spike_generator, 1, spike_times=[10.0])
    neurons = sim.create(nestor.iaf_psc_alpha, n)
    mm = sim.create(nestor.multimeter, record_from=["I_syn_ex"])
    sim.connect(mm, neurons)
    sim.connect(sg, neurons, weight=50.0 * u.pA, delay=delay * u.ms)
    return sim, sg, neurons, mm


def run_psc(sim, neurons, mm):
    """Peak I_syn_ex (pA) and the time of the peak (ms) of each neuron, in the order of `neurons`."""
    sim.reset()
    res = sim.simulate(30.0 * u.ms, progress=False)
    I = mag(res.trace(mm, "I_syn_ex"), u.pA)
    t = mag(res.sample_times(mm), u.ms)
    col = {g: k for k, g in enumerate(res.senders(mm))}
    cols = [col[g] for g in neurons.global_ids]
    return I.max(axis=0)[cols], t[I.argmax(axis=0)][cols], I[:, cols]


def test_set_weight_scalar_changes_the_psc():
    sim, sg, neurons, mm = psc_setup()
    peak, when, _ = run_psc(sim, neurons, mm)
    assert peak == pytest.approx([50.0] * 3, rel=1e-12)
    assert when == pytest.approx([10.0 + 1.0 + TAU_SYN] * 3)
    c = sim.get_connections(source=sg)
    c.set(weight=120.0 * u.pA)
    assert c.get("weight").tolist() == [120.0] * 3
    peak, when, _ = run_psc(sim, neurons, mm)
    assert peak == pytest.approx([120.0] * 3, rel=1e-12)
    c.set(weight=0.2 * u.nA)  # converted to pA
    assert c.get("weight") == pytest.approx([200.0] * 3, rel=1e-12)
    c.set(weight=-30.0)  # a bare number is in pA; negative: inhibitory, I_syn_ex stays 0
    peak, _, I = run_psc(sim, neurons, mm)
    assert np.all(I == 0.0)


def test_set_weight_per_connection_changes_each_psc():
    sim, sg, neurons, mm = psc_setup(n=4)
    c = sim.get_connections(source=sg)
    targets = c.get("target")
    new = {int(g): 10.0 * (k + 1) for k, g in enumerate(neurons.global_ids)}  # 10, 20, 30, 40 pA
    c.set(weight=np.array([new[int(t)] for t in targets]) * u.pA)
    assert dict(zip(c.get("target").tolist(), c.get("weight").tolist())) == new
    peak, _, _ = run_psc(sim, neurons, mm)
    assert peak == pytest.approx([10.0, 20.0, 30.0, 40.0], rel=1e-12)


def test_set_delay_changes_the_arrival_time():
    sim, sg, neurons, mm = psc_setup(n=2)
    c = sim.get_connections(source=sg)
    c.set(delay=3.0 * u.ms)
    assert c.get("delay") == pytest.approx([3.0, 3.0])
    _, when, _ = run_psc(sim, neurons, mm)
    assert when == pytest.approx([10.0 + 3.0 + TAU_SYN] * 2)
    # one per connection, rounded to the grid (2.34 ms -> 2.3 ms)
    targets = c.get("target")
    c.set(delay=np.where(targets == neurons.global_ids[0], 2.34, 6.0))
    assert dict(zip(c.get("target").tolist(), c.get("delay").tolist())) == pytest.approx(
        {int(neurons.global_ids[0]): 2.3, int(neurons.global_ids[1]): 6.0})
    peak, when, _ = run_psc(sim, neurons, mm)
    assert when == pytest.approx([10.0 + 2.3 + TAU_SYN, 10.0 + 6.0 + TAU_SYN])
    assert peak == pytest.approx([50.0, 50.0], rel=1e-12)


def test_disconnect_removes_exactly_those_connections():
    sim, sg, neurons, mm = psc_setup(n=3)
    other = sim.create(nestor.iaf_psc_alpha, 2)
    sim.connect(neurons, other, weight=5.0)
    assert sim.num_connections == 3 + 6
    c = sim.get_connections(source=sg, target=neurons[1])
    assert len(c) == 1
    c.disconnect()
    assert sim.num_connections == 8
    left = sim.get_connections()
    assert len(left) == 8
    pairs = set(zip(left.get("source").tolist(), left.get("target").tolist()))
    assert (int(sg.global_ids[0]), int(neurons.global_ids[1])) not in pairs
    assert (int(sg.global_ids[0]), int(neurons.global_ids[0])) in pairs
    peak, _, I = run_psc(sim, neurons, mm)
    assert np.all(I[:, 1] == 0.0)  # neurons[1] no longer receives the spike
    assert peak[[0, 2]] == pytest.approx([50.0, 50.0], rel=1e-12)
    # disconnecting everything
    sim.get_connections().disconnect()
    assert sim.num_connections == 0 and len(sim.get_connections()) == 0
    _, _, I = run_psc(sim, neurons, mm)
    assert np.all(I == 0.0)


def test_connect_after_disconnect():
    sim, sg, neurons, mm = psc_setup(n=2)
    sim.get_connections(source=sg).disconnect()
    sim.connect(sg, neurons[0], weight=70.0)
    assert sim.num_connections == 1
    peak, _, _ = run_psc(sim, neurons, mm)
    assert peak == pytest.approx([70.0, 0.0], rel=1e-12, abs=0)


# ------------------------------------------------------------------------------------------ stale lists


def stale_uses(c):
    return [lambda: c.get("weight"), lambda: c.get("delay"), lambda: c.get("source"), lambda: c.get("target"),
            lambda: c.get("receptor"), lambda: c.get("synapse_model"), lambda: c.get(),
            lambda: c.get(["source", "weight"]), lambda: c.set(weight=1.0), lambda: c.set(delay=1.0),
            lambda: c.disconnect()]


def assert_stale(sim, c):
    n = sim.num_connections
    for use in stale_uses(c):
        with pytest.raises(nestor.BadArgumentError) as info:
            use()
        assert isinstance(info.value, ValueError)
        assert "get_connections again" in str(info.value)
    assert sim.num_connections == n


def test_listing_is_stale_after_connect(net):
    sim, a, b = net
    c = sim.get_connections(source=a)
    w = c.get("weight").copy()
    sim.connect(b, b, rule=nestor.one_to_one)
    assert_stale(sim, c)
    fresh = sim.get_connections(source=a)
    assert np.array_equal(np.sort(fresh.get("weight")), np.sort(w))
    fresh.set(weight=3.0)  # a new listing works


def test_listing_is_stale_after_disconnect(net):
    sim, a, b = net
    c = sim.get_connections()
    sim.get_connections(source=b).disconnect()
    assert sim.num_connections == 25
    assert_stale(sim, c)
    assert len(sim.get_connections()) == 25


def test_listing_stays_valid_across_set_and_simulate(net):
    sim, a, b = net
    c = sim.get_connections(target=b)
    sim.get_connections(source=b).set(weight=-1.0)
    sim.simulate(5.0 * u.ms, progress=False)
    c.set(weight=2.0)
    assert np.all(c.get("weight") == 2.0)


# ---------------------------------------------------------------------------------- reproducibility


def build(seed):
    """Every random rule, with random weights and delays, in one network."""
    sim = nestor.Simulator(seed=seed)
    a = sim.create(nestor.iaf_psc_alpha, 60)
    b = sim.create(nestor.iaf_psc_alpha, 40)
    w = nestor.random.normal(20.0 * u.pA, 2.0 * u.pA)
    d = nestor.random.uniform(1.0 * u.ms, 3.0 * u.ms)
    sim.connect(a, b, rule=nestor.fixed_indegree(10), weight=w, delay=d)
    sim.connect(b, a, rule=nestor.fixed_outdegree(5), weight=nestor.random.exponential(3.0 * u.pA), delay=d)
    sim.connect(a, a, rule=nestor.pairwise_bernoulli(0.1), allow_autapses=False,
                weight=nestor.random.lognormal(1.0, 0.3).clip(1.0, 4.0))
    sim.connect(b, b, rule=nestor.symmetric_pairwise_bernoulli(0.2), allow_autapses=False, weight=w, delay=d)
    sim.connect(a, b, rule=nestor.fixed_total_number(300), allow_multapses=False,
                weight=w.redraw(18.0 * u.pA, 22.0 * u.pA), delay=d)
    sim.connect(b, a, rule=nestor.pairwise_poisson(0.05), weight=w, delay=d)
    return sim, sim.get_connections().get(["source", "target", "weight", "delay"])


def test_same_seed_same_connections():
    sim1, d1 = build(5)
    sim2, d2 = build(5)
    assert sim1.num_connections == sim2.num_connections > 1000
    for k in d1:
        assert np.array_equal(d1[k], d2[k]), k


def test_different_seed_different_connections():
    _, d1 = build(5)
    _, d2 = build(6)
    assert field_tuples(d1, ("source", "target")) != field_tuples(d2, ("source", "target"))
    assert not np.array_equal(np.sort(d1["weight"]), np.sort(d2["weight"]))


def test_refused_connect_changes_nothing_that_follows():
    """A connect refused halfway (a delay below dt among the draws) leaves the network as if it had not
    been called: the connections made afterwards are the same as without it."""
    def network(with_refused):
        sim = nestor.Simulator(seed=3)
        a = sim.create(nestor.iaf_psc_alpha, 50)
        sim.connect(a, a, rule=nestor.fixed_indegree(5), weight=nestor.random.normal(20.0, 2.0))
        if with_refused:
            with pytest.raises(nestor.BadDelayError):
                sim.connect(a, a, rule=nestor.fixed_indegree(5), delay=nestor.random.uniform(0.0, 2.0))
        sim.connect(a, a, rule=nestor.pairwise_bernoulli(0.2), weight=nestor.random.normal(20.0, 2.0))
        return sim.num_connections, sim.get_connections().get(["source", "target", "weight", "delay"])

    n1, d1 = network(False)
    n2, d2 = network(True)
    assert n1 == n2
    for k in d1:
        assert np.array_equal(d1[k], d2[k]), k
