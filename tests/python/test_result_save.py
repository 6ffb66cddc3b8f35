"""Result.save(path) / nestor.Result.load(path): the whole Result in one .npz file; the loaded Result
answers every method exactly as the original (values, units, errors)."""

import numpy as np
import pytest

import nestor
from nestor import units as u


def run():
    sim = nestor.Simulator(dt=0.1, seed=3)
    n = sim.create(nestor.iaf_psc_alpha, 4, I_e=[300.0, 376.0, 450.0, 500.0])
    noise = sim.create(nestor.poisson_generator, 1, rate=20000.0)
    sim.connect(noise, n, weight=1.0, delay=1.5)
    sim.connect(n[0], n[1:], weight=20.0, delay=2.0)
    mm = sim.create(nestor.multimeter, record_from=["V_m", "I_syn_ex", "I_syn_in"], interval=0.5, start=3.0)
    sim.connect(mm, n[3] + n[1])
    vm = sim.create(nestor.voltmeter)
    sim.connect(vm, n[0])
    sr = sim.create(nestor.spike_recorder)
    sim.connect(n, sr)
    quiet = sim.create(nestor.spike_recorder, start=1000.0)  # records nothing in this call
    sim.connect(n, quiet)
    sim.simulate(20.0)
    return sim.simulate(230.0), dict(mm=mm, vm=vm, sr=sr, quiet=quiet, n=n)


def same(a, b):
    """Equal values, equal units (for quantities), equal dtype."""
    if u.is_quantity(a) or u.is_quantity(b):
        assert u.is_quantity(a) and u.is_quantity(b)
        assert a.units == b.units
        a, b = a.magnitude, b.magnitude
    a, b = np.asarray(a), np.asarray(b)
    assert a.dtype == b.dtype and a.shape == b.shape
    np.testing.assert_array_equal(a, b)


def same_events(a, b):
    assert list(a) == list(b)
    for k in a:
        same(a[k], b[k])


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    res, nodes = run()
    path = tmp_path_factory.mktemp("save") / "run.npz"
    assert res.save(path) == path
    return res, nestor.Result.load(path), nodes, path


def test_file_written(saved):
    res, loaded, nodes, path = saved
    assert path.is_file() and path.stat().st_size > 1000
    assert isinstance(loaded, nestor.Result)


def test_call_level_answers(saved):
    res, loaded, nodes, path = saved
    same(loaded.times, res.times)
    assert loaded.duration == res.duration and loaded.duration.units == u.ms
    assert loaded.t_begin == res.t_begin == 20.0 * u.ms
    assert loaded.recorders == res.recorders
    assert len(res.recorders) == 4


def test_analog_answers(saved):
    res, loaded, nodes, path = saved
    for rec, vars_ in ((nodes["mm"], ("V_m", "I_syn_ex", "I_syn_in")), (nodes["vm"], ("V_m",))):
        assert loaded.model(rec) == res.model(rec)
        same(loaded.sample_times(rec), res.sample_times(rec))
        same(loaded.senders(rec), res.senders(rec))
        for var in vars_:
            same(loaded.trace(rec, var), res.trace(rec, var))
        same_events(loaded.events(rec), res.events(rec))
        same_events(loaded.events(rec, units=False), res.events(rec, units=False))
        assert loaded.n_events(rec) == res.n_events(rec) > 0
    assert res.model(nodes["mm"]) == "multimeter" and res.model(nodes["vm"]) == "voltmeter"
    assert res.trace(nodes["mm"], "V_m").shape == (460, 2)


def test_spike_answers(saved):
    res, loaded, nodes, path = saved
    for rec in (nodes["sr"], nodes["quiet"]):
        assert loaded.model(rec) == "spike_recorder"
        same_events(loaded.spikes(rec), res.spikes(rec))
        same_events(loaded.events(rec), res.events(rec))
        same(loaded.senders(rec), res.senders(rec))
        assert loaded.n_events(rec) == res.n_events(rec)
        assert loaded.n_watched(rec) == res.n_watched(rec) == 4
        assert loaded.rate(rec) == res.rate(rec)
    assert res.n_events(nodes["sr"]) > 20 and res.n_events(nodes["quiet"]) == 0


def test_errors_are_the_same(saved):
    res, loaded, nodes, path = saved
    for r in (res, loaded):
        with pytest.raises(nestor.UnknownParameterError, match="did not record 'g_ex'"):
            r.trace(nodes["mm"], "g_ex")
        with pytest.raises(nestor.BadArgumentError, match="records samples"):
            r.spikes(nodes["mm"])
        with pytest.raises(nestor.BadArgumentError, match="records spikes"):
            r.trace(nodes["sr"], "V_m")
        with pytest.raises(nestor.BadArgumentError, match="not a recorder"):
            r.events(nodes["n"][0])


def test_resaving_a_loaded_result(saved, tmp_path):
    res, loaded, nodes, path = saved
    again = nestor.Result.load(loaded.save(tmp_path / "again.npz"))
    for rec in (nodes["mm"], nodes["vm"], nodes["sr"]):
        same_events(again.events(rec), res.events(rec))


def test_exact_file_name(tmp_path):
    res, nodes = run()
    p = tmp_path / "result.nestor"
    res.save(str(p))
    assert p.is_file() and not (tmp_path / "result.nestor.npz").exists()
    same_events(nestor.Result.load(str(p)).events(nodes["sr"]), res.events(nodes["sr"]))


def test_named_arrays_round_trip(tmp_path):
    from test_result_events import FakeCore

    res = nestor.Result(FakeCore())
    loaded = nestor.Result.load(res.save(tmp_path / "arrays.npz"))
    for rid in (7, 8):
        assert loaded.model(rid) == res.model(rid)
        same_events(loaded.events(rid), res.events(rid))
        same_events(loaded.events(rid, units=False), res.events(rid, units=False))
        assert loaded.n_events(rid) == res.n_events(rid)
    same_events(loaded.status(8), res.status(8))
    assert loaded.events(8)["histogram"].shape == (2, 3)


def test_loading_something_else_is_an_error(tmp_path):
    bad = tmp_path / "bad.npz"
    np.savez(bad, x=np.arange(3))
    with pytest.raises(nestor.BadArgumentError, match="not a saved nestor Result"):
        nestor.Result.load(bad)
    txt = tmp_path / "bad.txt"
    txt.write_text("hello")
    with pytest.raises(nestor.BadArgumentError, match="not a saved nestor Result"):
        nestor.Result.load(txt)


def test_weight_recorder_and_correlation_detector_round_trip(tmp_path):
    """The engine's named-array recorders: their events (ids as int64, times and weights) and a
    detector's status come back unchanged."""
    sim = nestor.Simulator(dt=0.1)
    g = sim.create(nestor.spike_generator, spike_times=[1.0, 2.5, 4.0])
    h = sim.create(nestor.spike_generator, spike_times=[1.5, 2.5, 3.2])
    n = sim.create(nestor.iaf_psc_exp, 2)
    wr = sim.create(nestor.weight_recorder)
    sim.connect(g, n, weight=[[10.0], [-20.0]], delay=1.5, weight_recorder=wr)
    det = sim.create(nestor.correlation_detector)
    sim.connect(g, det, receptor_type=0)
    sim.connect(h, det, receptor_type=1)
    res = sim.simulate(6.0)
    ev = res.events(wr)
    assert ev["senders"].dtype == np.int64 and ev["targets"].dtype == np.int64
    assert ev["targets"].tolist() == np.tile(n.global_ids, 3).tolist()
    np.testing.assert_allclose(u.get_mantissa(ev["times"] / u.ms), np.repeat([1.0, 2.5, 4.0], 2))
    st = res.status(det)
    assert st["n_events"].tolist() == [3, 3] and st["count_histogram"].dtype == np.int64
    loaded = nestor.Result.load(res.save(tmp_path / "named.npz"))
    for rec in (wr, det):
        assert loaded.model(rec) == res.model(rec)
        same_events(loaded.events(rec), res.events(rec))
        same_events(loaded.events(rec, units=False), res.events(rec, units=False))
        assert loaded.n_events(rec) == res.n_events(rec)
    same_events(loaded.status(det), st)
    assert loaded.n_events(wr) == 6
