"""weight_recorder (NEST 3.9): attached to connections (connect(..., weight_recorder=wr); NEST: a synapse
model with the property weight_recorder), it writes one entry per event delivered over them: sender,
target, the event's time stamp (the spike's time, not its arrival), the weight and the receptor_type."""

import numpy as np
import pytest

import nestor
from nestor import units as u

DT = 0.1


def mag(q, unit):
    return np.asarray(u.get_mantissa(q / unit), dtype=float)


def test_one_entry_per_delivered_spike():
    sim = nestor.Simulator(dt=DT * u.ms)
    g = sim.create(nestor.spike_generator, spike_times=[1.0, 2.5, 2.5, 4.0] * u.ms)
    n = sim.create(nestor.iaf_psc_exp, 3)
    other = sim.create(nestor.iaf_psc_exp)
    wr = sim.create(nestor.weight_recorder)
    w = np.array([10.0, -20.0, 30.0])
    sim.connect(g, n, nestor.all_to_all, weight=w.reshape(3, 1) * u.pA, delay=1.5 * u.ms, weight_recorder=wr)
    sim.connect(g, other, weight=5.0 * u.pA)  # not recorded
    sim.connect(g, n[1:2], weight=7.0 * u.pA, receptor_type=0)  # not recorded (no recorder attached)
    res = sim.simulate(6.0 * u.ms, progress=False)
    ev = res.events(wr)
    ids = np.asarray(n.global_ids)
    # four spikes (a spike_generator sends each as its own event, as NEST) x three targets
    np.testing.assert_allclose(mag(ev["times"], u.ms), np.repeat([1.0, 2.5, 2.5, 4.0], 3))
    np.testing.assert_array_equal(ev["senders"], np.full(12, int(g.global_ids[0])))
    np.testing.assert_array_equal(ev["targets"], np.tile(ids, 4))
    np.testing.assert_allclose(ev["weights"], np.tile(w, 4))
    np.testing.assert_array_equal(ev["receptors"], np.zeros(12))
    assert res.n_events(wr) == 12


def test_multiplicity_is_one_entry():
    # a parrot_neuron repeats two spikes of one step as one event of multiplicity 2: one entry, as NEST
    sim = nestor.Simulator(dt=DT * u.ms)
    g = sim.create(nestor.spike_generator, spike_times=[1.0, 1.0, 3.0] * u.ms)
    p = sim.create(nestor.parrot_neuron)
    n = sim.create(nestor.iaf_psc_delta)
    wr = sim.create(nestor.weight_recorder)
    sim.connect(g, p)
    sim.connect(p, n, weight=0.5 * u.mV, delay=0.3 * u.ms, weight_recorder=wr)
    ev = sim.simulate(6.0 * u.ms, progress=False).events(wr)
    np.testing.assert_allclose(mag(ev["times"], u.ms), [2.0, 4.0])
    np.testing.assert_allclose(ev["weights"], [0.5, 0.5])


def test_neuron_spikes_windows_filters_and_threads():
    def run(threads, **wr_params):
        sim = nestor.Simulator(dt=DT * u.ms, threads=threads)
        drive = sim.create(nestor.spike_generator, spike_times=np.arange(1.0, 40.0, 0.7) * u.ms)
        pre = sim.create(nestor.parrot_neuron, 4)
        post = sim.create(nestor.iaf_psc_alpha, 5)
        wr = sim.create(nestor.weight_recorder, **wr_params)
        sr = sim.create(nestor.spike_recorder)
        sim.connect(drive, pre)
        sim.connect(pre, sr)
        sim.connect(pre, post, nestor.fixed_indegree(2), weight=nestor.random.uniform(1.0 * u.pA, 2.0 * u.pA),
                    delay=2.0 * u.ms, weight_recorder=wr)
        res = sim.simulate(50.0 * u.ms, progress=False)
        conns = sim.get_connections(pre, post)
        return res.events(wr), res.spikes(sr), conns, np.asarray(pre.global_ids), np.asarray(post.global_ids)

    ev, sp, conns, pre_ids, post_ids = run(1)
    src, tgt = np.asarray(conns.get("source")), np.asarray(conns.get("target"))
    wts = mag(conns.get("weight"), u.pA)
    expected = []
    for s, t in sorted(zip(np.asarray(sp["senders"]), mag(sp["times"], u.ms)), key=lambda x: (round(x[1] / DT), x[0])):
        for k in np.nonzero(src == s)[0]:
            expected.append((round(t / DT), int(s), int(tgt[k]), wts[k]))
    expected.sort(key=lambda e: (e[0], e[1], e[2]))
    assert len(expected) > 100
    got = list(zip(np.round(mag(ev["times"], u.ms) / DT).astype(int), ev["senders"].astype(int),
                   ev["targets"].astype(int), ev["weights"]))
    assert [g[:3] for g in got] == [e[:3] for e in expected]
    np.testing.assert_allclose([g[3] for g in got], [e[3] for e in expected], rtol=1e-15)
    # the same with threads
    ev2 = run(2)[0]
    for k in ("senders", "targets", "weights"):
        np.testing.assert_array_equal(ev2[k], ev[k])
    np.testing.assert_array_equal(mag(ev2["times"], u.ms), mag(ev["times"], u.ms))
    # window and sender/target filters
    ev3 = run(1, start=10.0 * u.ms, stop=30.0 * u.ms, senders=pre_ids[:2].tolist(), targets=post_ids[1:].tolist())[0]
    keep = [(10.0 < e[0] * DT <= 30.0 + 1e-9) and e[1] in pre_ids[:2] and e[2] in post_ids[1:] for e in expected]
    assert 0 < sum(keep) < len(expected)
    np.testing.assert_array_equal(ev3["targets"].astype(int), [e[2] for e, k in zip(expected, keep) if k])


def test_refusals():
    sim = nestor.Simulator(dt=DT * u.ms)
    n = sim.create(nestor.iaf_psc_alpha, 2)
    wr = sim.create(nestor.weight_recorder)
    with pytest.raises(nestor.IllegalConnectionError, match="weight_recorder"):
        sim.connect(n, wr)
    with pytest.raises(nestor.BadArgumentError, match="weight_recorder"):
        sim.connect(n, n, weight_recorder=n[0:1])
    with pytest.raises(nestor.ArgumentTypeError, match="weight_recorder"):
        sim.connect(n, n, weight_recorder=3)
