"""ht_synapse (Hill & Tononi 2005 depression, NEST's models/ht_synapse.h): the weights a regular train
carries against the closed-form recursion of the vesicle pool P, what the target receives, get/set of P,
threads and bad input.

Pre spikes are exact: spike_generator -> parrot_neuron (the parrot repeats a spike 1 ms later). The threads
check is synapse_testlib.py's."""

import math

import numpy as np
import pytest

import nestor
import synapse_testlib as lib
from nestor import units as u


def train_net(times, threads=1, target=None, **syn):
    sim = nestor.Simulator(dt=0.1 * u.ms, threads=threads)
    pre = sim.create(nestor.parrot_neuron, 1)
    sim.connect(sim.create(nestor.spike_generator, 1, spike_times=list(times)), pre)
    post = target(sim) if target else sim.create(nestor.parrot_neuron, 1)
    wr = sim.create(nestor.weight_recorder)
    sim.connect(pre, post, receptor_type=0 if target else 1, synapse=nestor.ht_synapse(weight_recorder=wr, **syn))
    return sim, pre, post, wr


def pool_before_spikes(times, tau_P, delta_P, P0=1.0, t_last=0.0):
    """P at each spike (after recovery, before depletion): P <- 1 - (1 - P) e^{-h/tau_P}, then P(1 - delta_P)."""
    out, P = [], P0
    for t in times:
        P = 1.0 - (1.0 - P) * math.exp(-(t - t_last) / tau_P)
        out.append(P)
        P *= 1.0 - delta_P
        t_last = t
    return out, P


@pytest.mark.parametrize("isi,tau_P,delta_P", [(20.0, 500.0, 0.125), (5.0, 50.0, 0.4), (50.0, 30.0, 1.0)])
def test_regular_train_against_the_recursion(isi, tau_P, delta_P):
    gen_times = [10.0 + isi * k for k in range(40)]
    arrive = [t + 1.0 for t in gen_times]  # the parrot's spikes
    sim, pre, post, wr = train_net(gen_times, weight=4.0, tau_P=tau_P * u.ms, delta_P=delta_P)
    ev = sim.simulate(gen_times[-1] + 20.0).events(wr)
    expected, P_end = pool_before_spikes(arrive, tau_P, delta_P)
    np.testing.assert_allclose(ev["weights"], 4.0 * np.array(expected), rtol=1e-14)
    # closed form: P_k approaches P* = (1 - e) / (1 - (1 - delta_P) e), e = exp(-isi/tau_P), geometrically
    # with ratio (1 - delta_P) e
    e = math.exp(-isi / tau_P)
    dev = np.asarray(ev["weights"]) / 4.0 - (1 - e) / (1 - (1 - delta_P) * e)
    np.testing.assert_allclose(dev[1:], (1 - delta_P) * e * dev[:-1], rtol=0, atol=1e-13)
    assert abs(dev[0]) > 0.15
    assert ev["weights"][0] == 4.0  # a full pool at the first spike
    c = sim.get_connections(pre, post)
    assert c.get("P")[0] == pytest.approx(P_end, rel=1e-14)
    assert c.get("weight")[0] == 4.0  # the weight itself does not change


def test_the_target_receives_weight_times_P():
    """iaf_psc_delta jumps by the carried weight (mV); no leak to speak of over 30 ms."""
    def target(sim):
        return sim.create(nestor.iaf_psc_delta, 1, tau_m=1e9 * u.ms, V_th=1e6 * u.mV, E_L=0.0 * u.mV,
                          V_m=0.0 * u.mV, V_reset=0.0 * u.mV)
    sim, pre, post, _ = train_net([5.0, 15.0, 25.0], target=target, weight=2.0, tau_P=40.0 * u.ms, delta_P=0.5)
    vm = sim.create(nestor.voltmeter)
    sim.connect(vm, post)
    res = sim.simulate(40.0 * u.ms)
    v = res.events(vm)["V_m"].m_as("mV")
    t = np.round(res.events(vm)["times"].m_as("ms"), 6)
    expected, _ = pool_before_spikes([6.0, 16.0, 26.0], 40.0, 0.5)
    # a spike of the parrot at t arrives after the 1 ms delay: V jumps at t + 1
    for k, t_arr in enumerate([7.0, 17.0, 27.0]):
        jump = v[t == t_arr][0] - v[t == round(t_arr - 0.1, 6)][0]
        assert jump == pytest.approx(2.0 * expected[k], rel=1e-6)


def test_get_set_P_and_continuation():
    times = [10.0, 20.0, 30.0, 40.0]
    sim, pre, post, wr = train_net(times, weight=1.0, tau_P=100.0 * u.ms, delta_P=0.3)
    sim.simulate(25.0 * u.ms)
    c = sim.get_connections(pre, post)
    _, P_after_two = pool_before_spikes([11.0, 21.0], 100.0, 0.3)
    assert c.get("P")[0] == pytest.approx(P_after_two, rel=1e-14)
    assert c.get(["tau_P", "delta_P"]) == {"tau_P": [100.0], "delta_P": [0.3]}
    c.set(P=0.5)
    ev = sim.simulate(25.0 * u.ms).events(wr)
    expected, _ = pool_before_spikes([31.0, 41.0], 100.0, 0.3, P0=0.5, t_last=21.0)
    np.testing.assert_allclose(ev["weights"], expected, rtol=1e-14)
    c.set(delta_P=0.0, P=1.0)
    sim.simulate(10.0 * u.ms)
    assert c.get("P")[0] == 1.0


def test_one_and_two_threads_identical():
    def run(threads):
        sim = nestor.Simulator(dt=0.1 * u.ms, threads=threads, seed=3)
        src = sim.create(nestor.parrot_neuron, 20)
        sim.connect(sim.create(nestor.poisson_generator, 1, rate=30.0 * u.Hz), src)
        nrn = sim.create(nestor.iaf_psc_alpha, 10)
        sim.connect(src, nrn, nestor.fixed_indegree(8),
                    synapse=nestor.ht_synapse(weight=nestor.random.uniform(100.0, 300.0), delta_P=0.2))
        sr = sim.create(nestor.spike_recorder)
        sim.connect(nrn, sr)
        res = sim.simulate(500.0 * u.ms)
        return {"P": sim.get_connections(src, nrn).get("P"), "spikes": res.events(sr)["times"].m_as("ms")}
    one = lib.threads_identical(run)
    assert np.std(one["P"]) > 0 and len(one["spikes"]) > 0


def test_bad_input():
    sim = nestor.Simulator(dt=0.1 * u.ms)
    a, b = sim.create(nestor.iaf_psc_alpha, 1), sim.create(nestor.iaf_psc_alpha, 1)
    for bad in (dict(delta_P=1.5), dict(delta_P=-0.1), dict(P=1.01), dict(P=-0.5)):
        with pytest.raises(nestor.BadValueError, match=list(bad)[0]):
            sim.connect(a, b, synapse=nestor.ht_synapse(**bad))
    for tau in (0.0, -5.0):
        with pytest.raises(nestor.BadValueError, match="tau_P"):
            sim.connect(a, b, synapse=nestor.ht_synapse(tau_P=tau))
    with pytest.raises(nestor.DimensionError, match="tau_P"):
        sim.connect(a, b, synapse=nestor.ht_synapse(tau_P=5.0 * u.mV))
    with pytest.raises(nestor.BadValueError, match="delta_P"):
        sim.set_synapse_defaults("ht_synapse", delta_P=2.0)
    assert sim.num_connections == 0
    sim.connect(a, b, synapse=nestor.ht_synapse(delta_P=0.0, P=0.0))  # the bounds themselves are fine
    c = sim.get_connections(a, b)
    with pytest.raises(nestor.BadValueError, match="P"):
        c.set(P=2.0)
    with pytest.raises(nestor.BadValueError, match="tau_P"):
        c.set(tau_P=0.0)
    assert c.get("P")[0] == 0.0 and c.get("tau_P")[0] == 500.0
    assert sim.get_synapse_defaults("ht_synapse") == {"weight": 1.0, "delay": 1.0, "tau_P": 500.0,
                                                       "delta_P": 0.125, "P": 1.0}
