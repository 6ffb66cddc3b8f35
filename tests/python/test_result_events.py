"""Result.events(rec): NEST's event layout (rec.events) for every recorder. spike_recorder: senders and
times; multimeter/voltmeter: senders, times and one flat array per recorded variable, in NEST's order
(one min_delay slice at a time, node by node in connection order, each node's samples by time);
recorders with named arrays (weight_recorder, detectors) give those, ids and counts as integers."""

import numpy as np
import pytest

import nestor
from nestor import units as u


def mag(q, unit):
    return np.asarray(u.get_mantissa(q / unit), dtype=float)


def network(dt=0.1, delay=1.0, **mm_params):
    """Three tutorial neurons with different currents, coupled with `delay` (which sets min_delay), a
    multimeter connected to them out of id order, a voltmeter and a spike recorder."""
    sim = nestor.Simulator(dt=dt)
    n = sim.create(nestor.iaf_psc_alpha, 3, I_e=[376.0, 450.0, 600.0])
    sim.connect(n[0], n[1] + n[2], weight=30.0, delay=delay)
    mm = sim.create(nestor.multimeter, record_from=["V_m", "I_syn_ex"], **mm_params)
    sim.connect(mm, n[2])
    sim.connect(mm, n[0] + n[1])
    vm = sim.create(nestor.voltmeter)
    sim.connect(vm, n[1])
    sr = sim.create(nestor.spike_recorder)
    sim.connect(n, sr)
    return sim, n, mm, vm, sr


def nest_order(res, mm, var, min_delay_steps, dt):
    """The events NEST's multimeter holds, built sample by sample from the trace: for each slice of
    min_delay steps, for each recorded node in connection order, its samples in that slice by time."""
    t = mag(res.sample_times(mm), u.ms)
    stamps = np.rint(t / dt).astype(int)
    values = mag(res.trace(mm, var), res.trace(mm, var).units)
    nodes = list(res.senders(mm))
    senders, times, vals = [], [], []
    for s in sorted({(st - 1) // min_delay_steps for st in stamps}):
        for c, node in enumerate(nodes):
            for r, st in enumerate(stamps):
                if (st - 1) // min_delay_steps == s:
                    senders.append(node)
                    times.append(t[r])
                    vals.append(values[r, c])
    return np.array(senders), np.array(times), np.array(vals)


def test_spike_recorder_events_are_senders_and_times():
    sim, n, mm, vm, sr = network()
    res = sim.simulate(200.0)
    ev = res.events(sr)
    assert list(ev) == ["senders", "times"]
    sp = res.spikes(sr)
    assert len(ev["senders"]) > 10
    np.testing.assert_array_equal(ev["senders"], sp["senders"])
    np.testing.assert_array_equal(mag(ev["times"], u.ms), mag(sp["times"], u.ms))
    assert ev["senders"].dtype == np.int64
    assert ev["times"].units == u.ms
    # every neuron spiked, and only the recorded ones appear
    assert set(ev["senders"].tolist()) == set(n.global_ids.tolist())


def test_events_without_units_are_nest_numbers():
    sim, n, mm, vm, sr = network()
    res = sim.simulate(50.0)
    with_u, bare = res.events(mm), res.events(mm, units=False)
    assert list(bare) == list(with_u)
    for key in with_u:
        assert not u.is_quantity(bare[key])
        np.testing.assert_array_equal(bare[key], u.get_mantissa(with_u[key]))
    assert with_u["V_m"].units == u.mV and with_u["I_syn_ex"].units == u.pA and with_u["times"].units == u.ms
    assert isinstance(res.events(sr, units=False)["times"], np.ndarray)


@pytest.mark.parametrize("delay", [1.0, 2.5, 0.5, 0.1])
def test_multimeter_events_in_nest_order(delay):
    dt = 0.1
    sim, n, mm, vm, sr = network(dt=dt, delay=delay)
    res = sim.simulate(20.0)
    ev = res.events(mm)
    assert list(ev) == ["senders", "times", "V_m", "I_syn_ex"]
    assert len(ev["senders"]) == 200 * 3 == res.n_events(mm)
    # NEST's min_delay: the smallest delay, at most the default delay (1 ms) of the recorders' own
    # connections, which NEST counts too
    md = int(round(min(delay, 1.0) / dt))
    for var in ("V_m", "I_syn_ex"):
        senders, times, vals = nest_order(res, mm, var, md, dt)
        np.testing.assert_array_equal(ev["senders"], senders)
        np.testing.assert_array_equal(mag(ev["times"], u.ms), times)
        np.testing.assert_array_equal(u.get_mantissa(ev[var]), vals)
    # connection order, not id order: the first slice starts with the third neuron
    assert ev["senders"][0] == n.global_ids[2]
    if md == 1:  # one-step slices: by time, then by sender in connection order
        assert ev["senders"][:6].tolist() == [n.global_ids[i] for i in (2, 0, 1, 2, 0, 1)]


def test_multimeter_events_with_interval_start_and_two_calls():
    dt = 0.1
    sim, n, mm, vm, sr = network(dt=dt, delay=1.0, interval=0.3, start=2.0)
    sim.simulate(2.5)
    res = sim.simulate(7.5)  # slices of 10 steps on the absolute grid; this call starts mid-slice
    ev = res.events(mm, units=False)
    t = mag(res.sample_times(mm), u.ms)
    assert t[0] == pytest.approx(2.7) and t[-1] == pytest.approx(9.9)
    senders, times, vals = nest_order(res, mm, "V_m", 10, dt)
    np.testing.assert_array_equal(ev["senders"], senders)
    np.testing.assert_array_equal(ev["times"], times)
    np.testing.assert_array_equal(ev["V_m"], vals)
    # the first slice of this call (stamps 26..30) holds the samples at 2.7 and 3.0 ms of each node
    assert ev["times"][:4].tolist() == pytest.approx([2.7, 3.0, 2.7, 3.0])
    assert ev["senders"][:4].tolist() == [n.global_ids[2]] * 2 + [n.global_ids[0]] * 2


def test_voltmeter_events():
    sim, n, mm, vm, sr = network()
    res = sim.simulate(10.0)
    ev = res.events(vm)
    assert list(ev) == ["senders", "times", "V_m"]
    assert (ev["senders"] == n.global_ids[1]).all()
    np.testing.assert_array_equal(mag(ev["times"], u.ms), mag(res.sample_times(vm), u.ms))
    np.testing.assert_array_equal(mag(ev["V_m"], u.mV), mag(res.trace(vm, "V_m"), u.mV)[:, 0])


def test_events_match_nest_usage_patterns():
    """NEST scripts select one sender's trace with a mask; that gives the trace's column."""
    sim, n, mm, vm, sr = network(delay=1.0)
    res = sim.simulate(30.0)
    ev = res.events(mm)
    for c, gid in enumerate(res.senders(mm)):
        mask = ev["senders"] == gid
        np.testing.assert_array_equal(mag(ev["times"][mask], u.ms), mag(res.sample_times(mm), u.ms))
        np.testing.assert_array_equal(mag(ev["V_m"][mask], u.mV), mag(res.trace(mm, "V_m"), u.mV)[:, c])


def test_events_of_a_non_recorder_is_an_error():
    sim, n, mm, vm, sr = network()
    res = sim.simulate(1.0)
    with pytest.raises(nestor.BadArgumentError, match="not a recorder"):
        res.events(n[0])
    with pytest.raises(nestor.BadArgumentError, match="single recorder"):
        res.events(mm + vm)


def test_empty_recorders():
    sim, n, mm, vm, sr = network(start=50.0)
    res = sim.simulate(5.0)  # no spikes yet; the multimeter is not active yet
    ev = res.events(sr)
    assert len(ev["senders"]) == 0 and len(ev["times"]) == 0
    ev = res.events(mm)
    assert list(ev) == ["senders", "times", "V_m", "I_syn_ex"]
    assert all(len(v) == 0 for v in ev.values())


class FakeCore:
    """A core result whose recorders keep named arrays, as weight_recorder and the detectors do (the
    engine lists them in name order)."""

    times = np.array([0.1, 0.2])
    duration, t_begin, dt, min_delay = 0.2, 0.0, 0.1, 0.1

    def __init__(self):
        self.recs = {
            7: dict(model="weight_recorder", arrays={
                "receptors": (np.array([0.0, 1.0]), "1"), "senders": (np.array([1.0, 2.0]), "1"),
                "targets": (np.array([3.0, 4.0]), "1"), "times": (np.array([0.1, 0.2]), "ms"),
                "weights": (np.array([1.5, -2.0]), "pA")}),
            8: dict(model="correlation_detector", arrays={
                "count_histogram": (np.array([[1.0, 0.0, 2.0], [0.0, 3.0, 1.0]]), "1"),
                "histogram": (np.arange(6.0).reshape(2, 3), "pA"), "n_events": (np.array([5.0, 6.0]), "1")}),
        }

    def recorder_ids(self):
        return list(self.recs)

    def is_analog(self, rid):
        return False

    def model(self, rid):
        return self.recs[rid]["model"]

    def vars(self, rid):
        return []

    def units(self, rid):
        return []

    def nodes(self, rid):
        return np.zeros(0, dtype=np.int64)

    def sample_times(self, rid):
        return np.zeros(0)

    def senders(self, rid):
        return np.zeros(0, dtype=np.int64)

    def spike_times(self, rid):
        return np.zeros(0)

    def n_watched(self, rid):
        return 0

    def array_names(self, rid):
        return list(self.recs[rid]["arrays"])

    def array_unit(self, rid, name):
        return self.recs[rid]["arrays"][name][1]

    def array(self, rid, name):
        return self.recs[rid]["arrays"][name][0]


def test_named_arrays_give_the_event_layout():
    res = nestor.Result(FakeCore())
    ev = res.events(7)
    assert list(ev) == ["senders", "times", "receptors", "targets", "weights"]
    assert ev["senders"].dtype == np.int64 and ev["senders"].tolist() == [1, 2]
    assert ev["targets"].dtype == np.int64 and ev["targets"].tolist() == [3, 4]
    assert ev["times"].units == u.ms and mag(ev["times"], u.ms).tolist() == [0.1, 0.2]
    assert ev["weights"].units == u.pA and mag(ev["weights"], u.pA).tolist() == [1.5, -2.0]
    assert ev["receptors"].tolist() == [0, 1]
    bare = res.events(7, units=False)
    assert bare["weights"].tolist() == [1.5, -2.0] and bare["times"].tolist() == [0.1, 0.2]
    assert res.n_events(7) == 2
    det = res.events(8)
    assert list(det) == ["count_histogram", "histogram", "n_events"]
    assert det["histogram"].shape == (2, 3) and mag(det["histogram"], u.pA)[1, 2] == 5.0
    assert det["count_histogram"].dtype == np.int64 and det["count_histogram"][1, 1] == 3
    assert det["n_events"].tolist() == [5, 6]
    assert list(res.status(8)) == list(det)
    with pytest.raises(nestor.BadArgumentError, match="not a detector"):
        nestor.Result(FakeCore()).status(9)


def test_builtin_recorders_keep_no_named_arrays():
    sim, n, mm, vm, sr = network()
    res = sim.simulate(1.0)
    for rec in (mm, vm, sr):
        assert res._r.array_names(int(rec.global_ids[0])) == []
    with pytest.raises(nestor.BadArgumentError, match="not a detector"):
        res.status(sr)
    assert res._r.min_delay == pytest.approx(1.0)
    assert network(delay=0.5)[0].simulate(1.0)._r.min_delay == pytest.approx(0.5)
    assert network(delay=2.5)[0].simulate(1.0)._r.min_delay == pytest.approx(1.0)
