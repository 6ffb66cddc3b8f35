"""Results do not depend on the number of threads: nodes are partitioned over threads, but every random
draw is keyed by node ids and every sum is taken in the same order, so spikes, traces and connections of
a seeded network are bitwise identical for 1, 2 and 3 threads, and across runs."""

import numpy as np
import pytest

import nestor
from brunel_net import brunel
from nestor import units as u


def test_brunel_spikes_and_traces_identical_for_1_and_2_threads():
    s1, t1, tr1, _ = brunel(1, record_traces=True)
    s2, t2, tr2, _ = brunel(2, record_traces=True)
    assert len(s1) > 10000  # the network is active (about 50 spikes/s per neuron)
    np.testing.assert_array_equal(s1, s2)
    np.testing.assert_array_equal(t1, t2)
    for v in tr1:
        np.testing.assert_array_equal(tr1[v], tr2[v])


def test_brunel_identical_across_runs_with_the_same_seed_and_different_with_another():
    s1, t1, _, _ = brunel(2)
    s2, t2, _, _ = brunel(2)
    np.testing.assert_array_equal(s1, s2)
    np.testing.assert_array_equal(t1, t2)
    s3, t3, _, _ = brunel(2, seed=54321)
    assert len(s3) != len(s1) or not np.array_equal(t3, t1)


def _network(threads):
    sim = nestor.Simulator(dt=0.1 * u.ms, seed=3, threads=threads)
    a = sim.create(nestor.iaf_psc_alpha, 37, I_e=np.linspace(300.0, 420.0, 37))
    b = sim.create(nestor.iaf_psc_exp, 23, I_e=380.0)
    p = sim.create(nestor.parrot_neuron, 5)
    gen = sim.create(nestor.poisson_generator, 2, rate=[8000.0, 3000.0])
    sg = sim.create(nestor.spike_generator, spike_times=[5.0, 5.0, 12.3, 40.0], spike_weights=[1.0, -2.0, 0.5, 3.0])
    dc = sim.create(nestor.dc_generator, amplitude=50.0, start=20.0, stop=80.0)
    ab = a + b
    sim.connect(gen, ab, weight=[15.0, -20.0], delay=1.0)
    sim.connect(gen, p, delay=0.5)
    sim.connect(sg, ab, weight=30.0, delay=2.0)
    sim.connect(dc, b, delay=0.7)
    sim.connect(ab, ab, rule=nestor.pairwise_bernoulli(0.2), weight=nestor.random.normal(10.0, 30.0),
                delay=nestor.random.uniform(0.5, 3.0))
    sim.connect(p, a, rule=nestor.fixed_outdegree(4), weight=12.0, delay=0.8)
    sim.connect(ab, ab, rule=nestor.fixed_total_number(200), weight=-5.0, delay=1.2, allow_autapses=False)
    sr = sim.create(nestor.spike_recorder)
    mm = sim.create(nestor.multimeter, record_from=["V_m", "I_syn_ex"], interval=0.5)
    sim.connect(ab + p, sr)
    sim.connect(mm, ab)
    return sim, sr, mm


@pytest.mark.parametrize("threads", [2, 3])
def test_mixed_network_identical_for_any_thread_count(threads):
    ref_sim, ref_sr, ref_mm = _network(1)
    sim, sr, mm = _network(threads)
    c_ref = ref_sim.get_connections().get(["source", "target", "weight", "delay", "receptor"])
    c = sim.get_connections().get(["source", "target", "weight", "delay", "receptor"])
    for k in c_ref:
        np.testing.assert_array_equal(c[k], c_ref[k], err_msg=k)
    for segment in (30.0, 70.0):  # two calls, to cross a simulate() boundary too
        r_ref, r = ref_sim.simulate(segment * u.ms), sim.simulate(segment * u.ms)
        np.testing.assert_array_equal(r.spikes(sr)["senders"], r_ref.spikes(ref_sr)["senders"])
        np.testing.assert_array_equal(r.spikes(sr)["times"].magnitude, r_ref.spikes(ref_sr)["times"].magnitude)
        for v in ("V_m", "I_syn_ex"):
            np.testing.assert_array_equal(r.trace(mm, v).magnitude, r_ref.trace(ref_mm, v).magnitude)
    assert len(r_ref.spikes(ref_sr)["senders"]) > 50


def test_thread_count_is_checked():
    with pytest.raises(nestor.BadValueError, match="threads"):
        nestor.Simulator(threads=0)
