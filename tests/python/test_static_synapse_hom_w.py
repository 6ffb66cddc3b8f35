"""static_synapse_hom_w: the weight is the model's (NEST 3.9's models/static_synapse_hom_w.h): taken from the
defaults, changed for all connections by set_defaults, refused per connection (connect, connections' set),
as NEST refuses it."""

import numpy as np
import pytest

import nestor
from nestor import units as u


def net(**defaults):
    sim = nestor.Simulator(dt=0.1 * u.ms)
    sg = sim.create(nestor.spike_generator, 1, spike_times=[5.0, 15.0])
    pre = sim.create(nestor.parrot_neuron, 1)
    sim.connect(sg, pre)
    post = sim.create(nestor.iaf_psc_delta, 3, V_th=1e6 * u.mV, tau_m=1e9 * u.ms)
    if defaults:
        sim.set_synapse_defaults("static_synapse_hom_w", **defaults)
    sim.connect(pre, post, synapse="static_synapse_hom_w")
    return sim, pre, post


def v_m(post):
    return np.asarray(post.get("V_m").m_as("mV"), dtype=float)


def test_weight_from_defaults_and_changed_for_all():
    sim, pre, post = net(weight=2.5)
    c = sim.get_connections(pre, post)
    np.testing.assert_array_equal(c.get("weight"), 2.5)
    v0 = v_m(post)
    sim.simulate(10.0 * u.ms)  # one spike, arrived at 7 ms
    np.testing.assert_allclose(v_m(post) - v0, 2.5, atol=1e-6)
    sim.set_synapse_defaults("static_synapse_hom_w", weight=-4.0)  # also for existing connections
    np.testing.assert_array_equal(c.get("weight"), -4.0)
    sim.simulate(10.0 * u.ms)
    np.testing.assert_allclose(v_m(post) - v0, 2.5 - 4.0, atol=1e-6)
    assert sim.get_synapse_defaults("static_synapse_hom_w", "weight") == -4.0


def test_copy_model_has_its_own_weight():
    sim = nestor.Simulator(dt=0.1 * u.ms)
    a, b = sim.create(nestor.iaf_psc_alpha, 2), sim.create(nestor.iaf_psc_alpha, 2)
    sim.copy_synapse_model("static_synapse_hom_w", "hom_a", weight=3.0)
    sim.connect(a, b, synapse="hom_a", delay=2.0 * u.ms)
    sim.connect(a, b, synapse="static_synapse_hom_w")
    assert list(sim.get_connections(synapse_model="hom_a").get("weight")) == [3.0] * 4
    assert list(sim.get_connections(synapse_model="static_synapse_hom_w").get("weight")) == [1.0] * 4
    assert list(sim.get_connections(synapse_model="hom_a").get("delay")) == [2.0] * 4


def test_weight_refused_per_connection():
    sim = nestor.Simulator(dt=0.1 * u.ms)
    a, b = sim.create(nestor.iaf_psc_alpha, 2), sim.create(nestor.iaf_psc_alpha, 2)
    with pytest.raises(nestor.BadArgumentError, match="static_synapse_hom_w's weight is common"):
        sim.connect(a, b, synapse="static_synapse_hom_w", weight=2.0)
    with pytest.raises(nestor.BadArgumentError, match="weight"):
        sim.connect(a, b, synapse=nestor.static_synapse_hom_w(weight=2.0))
    assert sim.num_connections == 0
    sim.connect(a, b, synapse=nestor.static_synapse_hom_w)
    c = sim.get_connections(a, b)
    with pytest.raises(nestor.BadArgumentError, match="individual weights"):
        c.set(weight=5.0)
    np.testing.assert_array_equal(c.get("weight"), 1.0)
    with pytest.raises(nestor.DimensionError, match="weight"):
        sim.set_synapse_defaults("static_synapse_hom_w", weight=3.0 * u.ms)


def test_common_weight_changing_sign_reaches_the_inhibitory_current():
    """A target with excitatory and inhibitory currents: the common weight's sign at delivery decides."""
    sim = nestor.Simulator(dt=0.1 * u.ms)
    pre = sim.create(nestor.parrot_neuron, 1)
    sim.connect(sim.create(nestor.spike_generator, 1, spike_times=[5.0, 15.0]), pre)
    post = sim.create(nestor.iaf_psc_exp, 1, V_th=1e3 * u.mV)
    sim.set_synapse_defaults("static_synapse_hom_w", weight=30.0)
    sim.connect(pre, post, synapse="static_synapse_hom_w")
    sim.simulate(7.5 * u.ms)  # the first spike arrived at 7 ms
    assert post.get("I_syn_ex").m_as("pA")[0] > 0 and post.get("I_syn_in").m_as("pA")[0] == 0
    sim.set_synapse_defaults("static_synapse_hom_w", weight=-30.0)
    sim.simulate(10.0 * u.ms)  # the second at 17 ms
    i_in = post.get("I_syn_in").m_as("pA")[0]
    assert i_in == pytest.approx(-30.0 * np.exp(-0.5 / 2.0), rel=1e-9)  # tau_syn_in = 2 ms, 0.5 ms later


def test_memory_per_connection():
    """Models without per-connection state take header, parameter set and rank only: 24 bytes."""
    sim = nestor.Simulator(dt=0.1 * u.ms)
    a = sim.create(nestor.iaf_psc_alpha, 100)
    sim.connect(a, a, nestor.fixed_indegree(10), synapse="static_synapse_hom_w")
    sim.connect(a, a, nestor.fixed_indegree(10), synapse=nestor.bernoulli_synapse(p_transmit=0.5))
    mem = sim.connection_memory()
    for model in ("static_synapse_hom_w", "bernoulli_synapse"):
        nbytes, n = mem[model]
        assert n == 1000 and 24 * n <= nbytes < 24 * n + 4096, model
