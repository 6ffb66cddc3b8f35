"""Bad connection input is refused with a typed error (a nestor.NestorError that is also ValueError,
KeyError or TypeError) whose message names what was wrong, and a refused connect() leaves the network
unchanged: every test starts from a network with existing connections and checks that
sim.num_connections and the listed connections did not change."""

import math

import numpy as np
import pytest

import nestor
from nestor import units as u


@pytest.fixture
def net():
    """6 + 4 iaf_psc_alpha neurons with 12 connections already made."""
    sim = nestor.Simulator(dt=0.1 * u.ms, seed=1)
    a = sim.create(nestor.iaf_psc_alpha, 6)
    b = sim.create(nestor.iaf_psc_alpha, 4)
    sim.connect(a, b, rule=nestor.fixed_outdegree(2), weight=nestor.random.normal(10.0, 1.0))
    return sim, a, b


def snapshot(sim):
    d = sim.get_connections().get(["source", "target", "weight", "delay"])
    return sim.num_connections, {k: v.copy() for k, v in d.items()}


def refused(sim, builtin, error, fn, *args, **kwargs):
    """Calls fn, asserts it raises `error` (a NestorError that is also `builtin`) and changes no
    connection; returns the message."""
    before = snapshot(sim)
    with pytest.raises(error) as info:
        fn(*args, **kwargs)
    err = info.value
    assert isinstance(err, nestor.NestorError)
    assert isinstance(err, builtin), f"{type(err).__name__} is not a {builtin.__name__}"
    after = snapshot(sim)
    assert after[0] == before[0] == 12
    for k in before[1]:
        assert np.array_equal(before[1][k], after[1][k]), k
    return str(err)


# ---------------------------------------------------------------------------------------- rule parameters


@pytest.mark.parametrize("p", [-0.1, 1.0001, 2.0, math.nan, math.inf])
def test_pairwise_bernoulli_p_outside_0_1(net, p):
    sim, a, b = net
    msg = refused(sim, ValueError, nestor.BadValueError, sim.connect, a, b, rule=nestor.pairwise_bernoulli(p))
    assert "pairwise_bernoulli" in msg and "p =" in msg


@pytest.mark.parametrize("p", [-0.1, 1.0, 1.5])
def test_symmetric_p_must_be_below_1(net, p):
    sim, a, b = net
    msg = refused(sim, ValueError, nestor.BadValueError, sim.connect, a, a,
                  rule=nestor.symmetric_pairwise_bernoulli(p), allow_autapses=False)
    assert "symmetric_pairwise_bernoulli" in msg and "p < 1" in msg


@pytest.mark.parametrize("avg", [-0.5, math.inf, math.nan])
def test_pairwise_poisson_mean_must_be_finite_and_non_negative(net, avg):
    sim, a, b = net
    msg = refused(sim, ValueError, nestor.BadValueError, sim.connect, a, b, rule=nestor.pairwise_poisson(avg))
    assert "pairwise_avg_num_conns" in msg


def test_pairwise_poisson_needs_multapses(net):
    sim, a, b = net
    msg = refused(sim, ValueError, nestor.BadValueError, sim.connect, a, b, rule=nestor.pairwise_poisson(0.1),
                  allow_multapses=False)
    assert "multapses" in msg


@pytest.mark.parametrize("rule,what", [(nestor.fixed_indegree(-1), "indegree"),
                                       (nestor.fixed_outdegree(-3), "outdegree"),
                                       (nestor.fixed_total_number(-1), "N")])
def test_negative_counts(net, rule, what):
    sim, a, b = net
    msg = refused(sim, ValueError, nestor.BadValueError, sim.connect, a, b, rule=rule)
    assert f"{what} = -" in msg and ">= 0" in msg


@pytest.mark.parametrize("make", [nestor.fixed_indegree, nestor.fixed_outdegree, nestor.fixed_total_number])
@pytest.mark.parametrize("value", [2.5, "3", True, None])
def test_counts_must_be_integers(make, value):
    with pytest.raises(nestor.ArgumentTypeError) as info:
        make(value)
    assert isinstance(info.value, TypeError)


@pytest.mark.parametrize("value", ["0.1", None, [0.1]])
def test_probability_must_be_a_number(value):
    with pytest.raises(nestor.ArgumentTypeError):
        nestor.pairwise_bernoulli(value)


def test_fixed_indegree_too_large_without_multapses(net):
    sim, a, b = net  # 6 sources
    msg = refused(sim, ValueError, nestor.BadValueError, sim.connect, a, b, rule=nestor.fixed_indegree(7),
                  allow_multapses=False)
    assert "indegree = 7" in msg and "6 available sources" in msg
    # the same nodes without autapses: 5 others at most
    msg = refused(sim, ValueError, nestor.BadValueError, sim.connect, a, a, rule=nestor.fixed_indegree(6),
                  allow_multapses=False, allow_autapses=False)
    assert "indegree = 6" in msg and "5 available" in msg and "autapses" in msg
    # allowed: exactly as many as there are, or more with multapses
    sim.connect(a, a, rule=nestor.fixed_indegree(5), allow_multapses=False, allow_autapses=False)
    sim.connect(a, b, rule=nestor.fixed_indegree(7))
    assert sim.num_connections == 12 + 30 + 28


def test_fixed_outdegree_too_large_without_multapses(net):
    sim, a, b = net  # 4 targets
    msg = refused(sim, ValueError, nestor.BadValueError, sim.connect, a, b, rule=nestor.fixed_outdegree(5),
                  allow_multapses=False)
    assert "outdegree = 5" in msg and "4 available targets" in msg
    msg = refused(sim, ValueError, nestor.BadValueError, sim.connect, b, b, rule=nestor.fixed_outdegree(4),
                  allow_multapses=False, allow_autapses=False)
    assert "outdegree = 4" in msg and "3 available" in msg
    sim.connect(b, b, rule=nestor.fixed_outdegree(3), allow_multapses=False, allow_autapses=False)
    assert sim.num_connections == 12 + 12


def test_fixed_degree_with_a_single_node_and_no_autapses(net):
    sim, a, b = net
    for rule in (nestor.fixed_indegree(1), nestor.fixed_outdegree(1)):  # nothing to draw from, even with multapses
        msg = refused(sim, ValueError, nestor.BadValueError, sim.connect, a[0], a[0], rule=rule, allow_autapses=False)
        assert "autapses" in msg


def test_fixed_total_number_too_large_without_multapses(net):
    sim, a, b = net
    msg = refused(sim, ValueError, nestor.BadValueError, sim.connect, a, b, rule=nestor.fixed_total_number(25),
                  allow_multapses=False)
    assert "N = 25" in msg and "24 possible pairs" in msg
    msg = refused(sim, ValueError, nestor.BadValueError, sim.connect, a, a, rule=nestor.fixed_total_number(31),
                  allow_multapses=False, allow_autapses=False)
    assert "N = 31" in msg and "30 possible pairs" in msg
    sim.connect(a, a, rule=nestor.fixed_total_number(30), allow_multapses=False, allow_autapses=False)
    assert sim.num_connections == 42


def test_one_to_one_of_different_sizes(net):
    sim, a, b = net
    msg = refused(sim, ValueError, nestor.BadValueError, sim.connect, a, b, rule=nestor.one_to_one)
    assert "one_to_one" in msg and "6" in msg and "4" in msg


def test_explicit_arrays_of_different_lengths(net):
    sim, a, b = net
    msg = refused(sim, ValueError, nestor.BadValueError, sim.connect, a, b, rule=nestor.explicit([1, 2, 3], [7, 8]))
    assert "explicit" in msg and "3" in msg and "2" in msg


@pytest.mark.parametrize("src,tgt,bad", [([1, 7], [7, 8], "source 7"),  # 7 is a target, not a source
                                         ([1, 2], [7, 3], "target 3"),
                                         ([0], [7], "source 0"),
                                         ([1], [99], "target 99"),  # no such node
                                         ([-1], [7], "source -1"),
                                         ([2**32 + 1], [7], "source 4294967297")])  # not node 1 modulo 2^32
def test_explicit_node_not_among_pre_or_post(net, src, tgt, bad):
    sim, a, b = net
    msg = refused(sim, ValueError, nestor.BadValueError, sim.connect, a, b, rule=nestor.explicit(src, tgt))
    assert bad in msg


@pytest.mark.parametrize("ids", [[1.5, 2.0], [[1, 2]], ["1"]])
def test_explicit_ids_must_be_integers(ids):
    with pytest.raises(nestor.ArgumentTypeError):
        nestor.explicit(ids, ids)


def test_symmetric_with_autapses(net):
    sim, a, b = net
    msg = refused(sim, ValueError, nestor.BadValueError, sim.connect, a, a,
                  rule=nestor.symmetric_pairwise_bernoulli(0.5))  # allow_autapses defaults to True
    assert "allow_autapses" in msg


def test_symmetric_with_different_pre_and_post(net):
    sim, a, b = net
    for pre, post in ((a, b), (a, a[:5]), (a[:3] + b[:3], a)):
        msg = refused(sim, ValueError, nestor.BadValueError, sim.connect, pre, post,
                      rule=nestor.symmetric_pairwise_bernoulli(0.5), allow_autapses=False)
        assert "same nodes" in msg


def test_symmetric_without_multapses(net):
    sim, a, b = net
    msg = refused(sim, ValueError, nestor.BadValueError, sim.connect, a, a,
                  rule=nestor.symmetric_pairwise_bernoulli(0.5), allow_autapses=False, allow_multapses=False)
    assert "allow_multapses" in msg


def test_rule_given_as_a_name(net):
    sim, a, b = net
    msg = refused(sim, ValueError, nestor.BadValueError, sim.connect, a, b, rule="fixed_indegree")
    assert "nestor.fixed_indegree(...)" in msg
    msg = refused(sim, ValueError, nestor.BadValueError, sim.connect, a, b, rule="all_to_one")
    assert "all_to_one" in msg
    refused(sim, TypeError, nestor.ArgumentTypeError, sim.connect, a, b, rule=3)


@pytest.mark.parametrize("flag", ["allow_autapses", "allow_multapses"])
def test_flags_must_be_booleans(net, flag):
    sim, a, b = net
    msg = refused(sim, TypeError, nestor.ArgumentTypeError, sim.connect, a, b, **{flag: "no"})
    assert flag in msg


# -------------------------------------------------------------------------------------- synapse parameters


@pytest.mark.parametrize("rule", [nestor.all_to_all, nestor.fixed_indegree(2), nestor.pairwise_bernoulli(0.5)],
                         ids=repr)
def test_weight_of_the_wrong_dimension(net, rule):
    sim, a, b = net
    msg = refused(sim, TypeError, nestor.DimensionError, sim.connect, a, b, rule=rule, weight=20.0 * u.mV)
    assert "weight" in msg and "pA" in msg and "mV" in msg


def test_delay_of_the_wrong_dimension(net):
    sim, a, b = net
    msg = refused(sim, TypeError, nestor.DimensionError, sim.connect, a, b, delay=2.0 * u.pA)
    assert "delay" in msg and "ms" in msg


@pytest.mark.parametrize("receptor", [1, 3, 127])
def test_unknown_receptor_type(net, receptor):
    sim, a, b = net
    msg = refused(sim, ValueError, nestor.IllegalConnectionError, sim.connect, a, b, receptor_type=receptor)
    assert f"receptor_type {receptor}" in msg and "iaf_psc_alpha" in msg


@pytest.mark.parametrize("receptor", [-1, 128])
def test_receptor_type_out_of_range(net, receptor):
    sim, a, b = net
    msg = refused(sim, ValueError, nestor.IllegalConnectionError, sim.connect, a, b, receptor_type=receptor)
    assert f"receptor_type = {receptor}" in msg


def test_receptor_type_must_be_an_integer(net):
    sim, a, b = net
    refused(sim, TypeError, nestor.ArgumentTypeError, sim.connect, a, b, receptor_type=1.0)


@pytest.mark.parametrize("rule", [nestor.all_to_all, nestor.one_to_one, nestor.fixed_indegree(3),
                                  nestor.fixed_total_number(5), nestor.explicit([1, 2], [3, 4])], ids=repr)
@pytest.mark.parametrize("delay", [0.05, 0.0, -1.0, 0.01 * u.ms, math.nan, 1e6])
def test_delay_below_dt_or_too_large(net, rule, delay):
    sim, a, b = net
    msg = refused(sim, ValueError, nestor.BadDelayError, sim.connect, a[:4], a[:4], rule=rule, delay=delay)
    assert "delay" in msg


@pytest.mark.parametrize("rule", [nestor.fixed_indegree(2), nestor.fixed_outdegree(2), nestor.fixed_total_number(4),
                                  nestor.pairwise_bernoulli(0.5), nestor.pairwise_poisson(0.5)], ids=repr)
@pytest.mark.parametrize("param", ["weight", "delay"])
def test_array_for_a_random_rule(net, rule, param):
    sim, a, b = net
    msg = refused(sim, ValueError, nestor.BadArgumentError, sim.connect, a, b, rule=rule,
                  **{param: np.full(6, 2.0)})
    assert param in msg and "array" in msg


def test_explicit_weights_of_the_wrong_length(net):
    sim, a, b = net
    msg = refused(sim, ValueError, nestor.BadArgumentError, sim.connect, a, b, rule=nestor.explicit([1, 2], [7, 8]),
                  weight=[1.0, 2.0, 3.0])
    assert "weight" in msg and "2" in msg


@pytest.mark.parametrize("weight", [math.nan, math.inf, -math.inf])
def test_weight_not_finite(net, weight):
    sim, a, b = net
    msg = refused(sim, ValueError, nestor.BadValueError, sim.connect, a, b, weight=weight)
    assert "weight" in msg and "finite" in msg


@pytest.mark.parametrize("dist,words", [
    (nestor.random.normal(0.0, -1.0), ["normal", "std"]),
    (nestor.random.normal(math.inf, 1.0), ["normal", "finite mean"]),
    (nestor.random.lognormal(0.0, -1.0), ["lognormal", "std"]),
    (nestor.random.uniform(2.0, 1.0), ["uniform", "min <= max"]),
    (nestor.random.uniform(0.0, math.inf), ["uniform", "finite"]),
    (nestor.random.exponential(0.0), ["exponential", "beta > 0"]),
    (nestor.random.exponential(-1.0), ["exponential", "beta > 0"]),
    (nestor.random.normal(0.0, 1.0).clip(2.0, 1.0), ["bounds", "min = 2", "max = 1"]),
    (nestor.random.normal(0.0, 1.0).redraw(1.0, 1.0), ["redraw", "min < max"]),
    (nestor.random.normal(0.0, 1.0).redraw(100.0, 200.0), ["redraw", "[100, 200]"]),
], ids=repr)
def test_bad_distribution(net, dist, words):
    sim, a, b = net
    msg = refused(sim, ValueError, nestor.BadValueError, sim.connect, a, b, weight=dist)
    for w in words:
        assert w in msg


# -------------------------------------------------------------------------------------- connection lists


def test_get_connections_unknown_synapse_model(net):
    sim, a, b = net
    with pytest.raises(nestor.UnknownModelError) as info:
        sim.get_connections(synapse_model="no_such_synapse")
    assert isinstance(info.value, KeyError)
    assert "no_such_synapse" in str(info.value) and "static_synapse" in str(info.value)


def test_get_connections_of_something_else(net):
    sim, a, b = net
    with pytest.raises(nestor.ArgumentTypeError):
        sim.get_connections(source=[1, 2])


def test_unknown_field(net):
    sim, a, b = net
    c = sim.get_connections()
    for call in (lambda: c.get("tau_psc"), lambda: c.get(["weight", "tau_psc"])):
        with pytest.raises(nestor.UnknownParameterError) as info:
            call()
        assert isinstance(info.value, KeyError) and "tau_psc" in str(info.value)
    msg = refused(sim, KeyError, nestor.UnknownParameterError, c.set, tau_psc=2.0)
    assert "tau_psc" in msg and "weight" in msg
    with pytest.raises(nestor.BadArgumentError):
        c.get(["weight"], output="numpy")


def test_set_wrong_number_of_values(net):
    sim, a, b = net
    c = sim.get_connections()
    msg = refused(sim, ValueError, nestor.BadArgumentError, c.set, weight=np.ones(5))
    assert "12" in msg and "5" in msg


def test_set_wrong_dimension(net):
    sim, a, b = net
    c = sim.get_connections()
    msg = refused(sim, TypeError, nestor.DimensionError, c.set, weight=1.0 * u.mV)
    assert "weight" in msg and "pA" in msg
    msg = refused(sim, TypeError, nestor.DimensionError, c.set, delay=1.0 * u.pA)
    assert "delay" in msg and "ms" in msg


@pytest.mark.parametrize("delay", [0.01, 0.0, -2.0, 1e6])
def test_set_delay_below_dt_or_too_large(net, delay):
    sim, a, b = net
    c = sim.get_connections()
    refused(sim, ValueError, nestor.BadDelayError, c.set, delay=delay)
    # one bad value among good ones: nothing changes
    refused(sim, ValueError, nestor.BadDelayError, c.set, delay=[2.0] * 11 + [delay])


def test_set_is_all_or_nothing_across_parameters(net):
    sim, a, b = net
    c = sim.get_connections()
    refused(sim, ValueError, nestor.BadDelayError, c.set, weight=5.0, delay=0.01)
    refused(sim, ValueError, nestor.BadValueError, c.set, delay=3.0, weight=[1.0] * 11 + [math.nan])


def test_stale_listing(net):
    sim, a, b = net
    c = sim.get_connections()
    sim.connect(a, a, rule=nestor.one_to_one)
    n = sim.num_connections
    with pytest.raises(nestor.BadArgumentError) as info:
        c.disconnect()
    assert isinstance(info.value, ValueError) and "get_connections again" in str(info.value)
    assert sim.num_connections == n
