"""record_to: recorders write NEST's ASCII files or SONATA HDF5 files instead of keeping data in memory.

ASCII files (NEST's recording backend format, version 2): two '#' lines, a tab-separated header
(sender, time_ms or time_step + time_offset, the recorded values), then one line per event, numbers with
`precision` digits after the point. SONATA files: /spikes/<population>/{timestamps, node_ids} with
sorting = by_time, or a report /report/<population>/{data, mapping/...} for a one-variable multimeter.
Files are written as the run goes: a run that fails leaves them readable up to the failure."""

import os

import numpy as np
import pytest

import nestor
from nestor import units as u

h5py = pytest.importorskip("h5py")

DT = 0.1


def mag(q, unit):
    return np.asarray(u.get_mantissa(q / unit), dtype=float)


def network(sim, explode_at=None, **rec):
    """Five noisy neurons (seeded), a spike recorder and a multimeter with the given recorder params."""
    n = sim.create(nestor.iaf_psc_alpha, 5, I_e=300.0 * u.pA)
    pg = sim.create(nestor.poisson_generator, rate=20000.0 * u.Hz)
    sim.connect(pg, n, weight=30.0 * u.pA, delay=1.0 * u.ms)
    sr = sim.create(nestor.spike_recorder, **rec.get("sr", {}))
    sim.connect(n, sr)
    mm = sim.create(nestor.multimeter, **{"record_from": ["V_m", "I_syn_ex"], "interval": 0.5 * u.ms,
                                          **rec.get("mm", {})})
    sim.connect(mm, n[1:4])
    if explode_at is not None:
        # two spikes arriving together make g_ex infinite: a NumericalError in the step after explode_at + 1
        bad = sim.create(nestor.iaf_cond_exp, 1)
        sg = sim.create(nestor.spike_generator, spike_times=[explode_at, explode_at])
        sim.connect(sg, bad, weight=1e308 * u.nS, delay=1.0 * u.ms)
    return n, sr, mm


def memory_run(T, seed=7, threads=1):
    sim = nestor.Simulator(dt=DT * u.ms, seed=seed, threads=threads)
    n, sr, mm = network(sim)
    res = sim.simulate(T * u.ms, progress=False)
    sp = res.spikes(sr)
    return (sp["senders"], mag(sp["times"], u.ms), mag(res.sample_times(mm), u.ms), res.senders(mm),
            mag(res.trace(mm, "V_m"), u.mV), mag(res.trace(mm, "I_syn_ex"), u.pA))


def read_ascii(path):
    with open(path) as f:
        lines = f.read().splitlines()
    return lines[:3], lines[3:]


def test_ascii_files_hold_the_in_memory_result(tmp_path):
    senders, times, st, nodes, vm, isyn = memory_run(200.0)
    assert len(senders) > 50  # the network spikes
    sim = nestor.Simulator(dt=DT * u.ms, seed=7, data_path=tmp_path)
    n, sr, mm = network(sim, sr=dict(record_to="ascii"), mm=dict(record_to="ascii", label="mylabel"))
    res = sim.simulate(200.0 * u.ms, progress=False)
    # nothing is kept in memory for file recorders
    assert len(res.spikes(sr)["senders"]) == 0 and res.n_events(mm) == 0
    n_nodes = sim._core.num_nodes
    assert n_nodes == 8
    sr_file = tmp_path / f"spike_recorder-{int(sr.global_ids[0])}-0.dat"
    mm_file = tmp_path / f"mylabel-{int(mm.global_ids[0])}-0.dat"
    assert sr.get("filenames") == [[str(sr_file)]]
    head, body = read_ascii(sr_file)
    assert head[0].startswith("# ") and head[1] == "# RecordingBackendASCII version: 2"
    assert head[2] == "sender\ttime_ms"
    assert body == [f"{s}\t{t:.3f}" for s, t in zip(senders, times)]
    data = np.loadtxt(sr_file, skiprows=3)
    np.testing.assert_array_equal(data[:, 0], senders)
    np.testing.assert_allclose(data[:, 1], times, rtol=0, atol=5e-4 + 1e-12)
    # multimeter: one line per sample and node, sample by sample
    head, body = read_ascii(mm_file)
    assert head[2] == "sender\ttime_ms\tV_m\tI_syn_ex"
    expected = [f"{nodes[c]}\t{t:.3f}\t{vm[r, c]:.3f}\t{isyn[r, c]:.3f}"
                for r, t in enumerate(st) for c in range(len(nodes))]
    assert body == expected
    data = np.loadtxt(mm_file, skiprows=3)
    np.testing.assert_allclose(data[:, 2].reshape(vm.shape), vm, rtol=0, atol=5e-4 + 1e-9)


def test_files_with_two_threads_and_several_simulate_calls(tmp_path):
    # the multimeter's file is written by thread 0 while the threads sample the next slice
    senders, times, st, nodes, vm, isyn = memory_run(60.0, threads=2)
    sim = nestor.Simulator(dt=DT * u.ms, seed=7, threads=2, data_path=tmp_path)
    n, sr, mm = network(sim, sr=dict(record_to="ascii"), mm=dict(record_to="ascii", interval=0.1 * u.ms))
    for T in (10.0, 25.0, 25.0):
        sim.simulate(T * u.ms, progress=False)
    _, body = read_ascii(tmp_path / f"spike_recorder-{int(sr.global_ids[0])}-0.dat")
    assert body == [f"{s}\t{t:.3f}" for s, t in zip(senders, times)]
    data = np.loadtxt(tmp_path / f"multimeter-{int(mm.global_ids[0])}-0.dat", skiprows=3)
    assert data.shape == (600 * 3, 4)
    np.testing.assert_allclose(data[:, 1].reshape(600, 3)[:, 0], np.arange(1, 601) * DT, atol=1e-9)
    # the memory run sampled every 0.5 ms: every fifth row of the file
    np.testing.assert_allclose(data[:, 2].reshape(600, 3)[4::5], vm, rtol=0, atol=5e-4 + 1e-9)


def test_reset_starts_new_files(tmp_path):
    sim = nestor.Simulator(dt=DT * u.ms, seed=7, data_path=tmp_path)
    n, sr, mm = network(sim, sr=dict(record_to="sonata"))
    sim.simulate(20.0 * u.ms, progress=False)
    sim.reset()
    with pytest.raises(nestor.FileError, match="exists"):
        sim.simulate(20.0 * u.ms, progress=False)
    sim.overwrite_files = True
    sim.reset()
    sim.simulate(20.0 * u.ms, progress=False)
    senders, times, *_ = memory_run(20.0)
    with h5py.File(sr.get("filenames")[0][0], "r") as f:
        np.testing.assert_array_equal(f["spikes/nestor/timestamps"][:], times)
        np.testing.assert_array_equal(f["spikes/nestor/node_ids"][:], senders)


def test_precision_and_time_in_steps(tmp_path):
    sim = nestor.Simulator(dt=DT * u.ms, data_path=str(tmp_path), data_prefix="run1_")
    sg = sim.create(nestor.spike_generator, spike_times=[1.23, 2.5, 7.0], precise_times=True)
    sr = sim.create(nestor.spike_recorder, record_to="ascii", time_in_steps=True, precision=5,
                    file_extension="txt", label="steps")
    sim.connect(sg, sr)
    mem = sim.create(nestor.spike_recorder)
    sim.connect(sg, mem)
    res = sim.simulate(10.0 * u.ms, progress=False)
    times = mag(res.spikes(mem)["times"], u.ms)
    np.testing.assert_allclose(times, [1.23, 2.5, 7.0], atol=1e-12)
    path = tmp_path / f"run1_steps-{int(sr.global_ids[0])}-0.txt"
    head, body = read_ascii(path)
    assert head[2] == "sender\ttime_step\ttime_offset"
    g = int(sg.global_ids[0])
    # stamp = the step whose end follows the spike; offset = how long before that end it happened
    steps = np.ceil(np.round(times / DT, 9)).astype(int)
    assert body == [f"{g}\t{k}\t{k * DT - t:.5f}" for k, t in zip(steps, times)]
    assert [b.split("\t")[1] for b in body] == ["13", "25", "70"]


def test_sonata_spike_file_holds_the_same_spikes(tmp_path):
    senders, times, *_ = memory_run(200.0)
    sim = nestor.Simulator(dt=DT * u.ms, seed=7, data_path=tmp_path)
    n, sr, mm = network(sim, sr=dict(record_to="sonata", label="exc"))
    sim.simulate(200.0 * u.ms, progress=False)
    path = tmp_path / f"exc-{int(sr.global_ids[0])}-0.h5"
    with h5py.File(path, "r") as f:
        pop = f["spikes/exc"]
        assert h5py.check_enum_dtype(pop.attrs.get_id("sorting").dtype) == {"none": 0, "by_id": 1, "by_time": 2}
        assert pop.attrs["sorting"] == 2  # by_time
        ts = pop["timestamps"]
        assert ts.dtype == np.float64 and pop["node_ids"].dtype == np.uint64
        assert ts.attrs["units"] in ("ms", b"ms")
        np.testing.assert_array_equal(ts[:], times)
        np.testing.assert_array_equal(pop["node_ids"][:], senders)
        assert np.all(np.diff(ts[:]) >= 0)
        assert f.attrs["magic"] == 0x0A7A


def test_sonata_report_of_a_voltmeter(tmp_path):
    _, _, st, nodes, vm, _ = memory_run(50.0)
    sim = nestor.Simulator(dt=DT * u.ms, seed=7, data_path=tmp_path)
    n, sr, mm = network(sim)
    vmeter = sim.create(nestor.voltmeter, interval=0.5 * u.ms, record_to="sonata")
    sim.connect(vmeter, n[1:4])
    sim.simulate(20.0 * u.ms, progress=False)
    sim.simulate(30.0 * u.ms, progress=False)  # the report goes on in the same file
    with h5py.File(tmp_path / f"voltmeter-{int(vmeter.global_ids[0])}-0.h5", "r") as f:
        rep = f["report/nestor"]
        np.testing.assert_array_equal(rep["data"][:], vm)
        assert rep["data"].attrs["units"] in ("mV", b"mV")
        np.testing.assert_array_equal(rep["mapping/node_ids"][:], nodes)
        np.testing.assert_array_equal(rep["mapping/index_pointers"][:], np.arange(len(nodes) + 1))
        np.testing.assert_array_equal(rep["mapping/element_ids"][:], np.zeros(len(nodes)))
        np.testing.assert_allclose(rep["mapping/time"][:], [st[0], st[-1] + 0.5, 0.5], atol=1e-12)


def test_a_sonata_multimeter_with_several_variables_is_refused(tmp_path):
    sim = nestor.Simulator(data_path=tmp_path)
    n, sr, mm = network(sim, mm=dict(record_to="sonata"))
    with pytest.raises(nestor.BadValueError, match="record_to.*one variable"):
        sim.simulate(5.0 * u.ms, progress=False)


def test_a_failing_run_leaves_readable_files(tmp_path):
    senders, times, st, nodes, vm, _ = memory_run(31.0)
    sim = nestor.Simulator(dt=DT * u.ms, seed=7, data_path=tmp_path)
    n, sr, mm = network(sim, explode_at=30.0, sr=dict(record_to="ascii"), mm=dict(record_to="ascii"))
    sr2 = sim.create(nestor.spike_recorder, record_to="sonata", label="copy")
    sim.connect(n, sr2)
    with pytest.raises(nestor.NumericalError, match=r"t = 31\.1 ms"):
        sim.simulate(100.0 * u.ms, progress=False)
    # everything up to the last completed slice (31 ms) is in the files, nothing after it
    _, body = read_ascii(tmp_path / f"spike_recorder-{int(sr.global_ids[0]):02d}-0.dat")
    assert len(senders) > 5
    assert body == [f"{s}\t{t:.3f}" for s, t in zip(senders, times)]
    _, body = read_ascii(tmp_path / f"multimeter-{int(mm.global_ids[0]):02d}-0.dat")
    assert len(body) == len(st) * len(nodes)
    assert body[-1].split("\t")[1] == f"{st[-1]:.3f}" == "31.000"
    with h5py.File(tmp_path / f"copy-{int(sr2.global_ids[0]):02d}-0.h5", "r") as f:
        np.testing.assert_array_equal(f["spikes/copy/timestamps"][:], times)
        np.testing.assert_array_equal(f["spikes/copy/node_ids"][:], senders)


@pytest.mark.parametrize("bad", ["file", "screen", "MEMORY", ""])
def test_bad_record_to_is_refused(bad):
    sim = nestor.Simulator()
    with pytest.raises(nestor.BadValueError, match=rf"record_to = '{bad}'.*'memory', 'ascii', 'sonata'"):
        sim.create(nestor.spike_recorder, record_to=bad)
    mm = sim.create(nestor.multimeter)
    with pytest.raises(nestor.BadValueError, match=rf"multimeter parameter record_to = '{bad}'"):
        mm.set(record_to=bad)
    assert mm.get("record_to") == ["memory"]


def test_an_existing_file_is_refused_unless_overwrite_files(tmp_path):
    def run(**kw):
        sim = nestor.Simulator(dt=DT * u.ms, seed=7, data_path=tmp_path, **kw)
        n, sr, mm = network(sim, sr=dict(record_to="ascii"))
        sim.simulate(20.0 * u.ms, progress=False)
        return sim, sr

    sim, sr = run()
    path = tmp_path / f"spike_recorder-{int(sr.global_ids[0])}-0.dat"
    first = path.read_text()
    sim.simulate(20.0 * u.ms, progress=False)  # the same Simulator goes on writing its file
    senders, times, *_ = memory_run(40.0)
    assert path.read_text().startswith(first)
    assert read_ascii(path)[1] == [f"{s}\t{t:.3f}" for s, t in zip(senders, times)]
    with pytest.raises(nestor.FileError, match=f"'{path}' exists.*overwrite_files"):
        run()
    assert path.read_text().startswith(first)  # untouched
    run(overwrite_files=True)
    assert path.read_text() == first


def test_simulator_file_settings_are_checked(tmp_path):
    with pytest.raises(nestor.BadValueError, match="data_path"):
        nestor.Simulator(data_path=tmp_path / "missing")
    with pytest.raises(nestor.BadValueError, match="data_prefix"):
        nestor.Simulator(data_prefix="a/b")
    sim = nestor.Simulator(data_path=tmp_path, data_prefix="x_", overwrite_files=True)
    assert (sim.data_path, sim.data_prefix, sim.overwrite_files) == (str(tmp_path), "x_", True)
    sr = sim.create(nestor.spike_recorder)
    assert sr.get("record_to") == ["memory"] and sr.get("label") == [""] and sr.get("precision") == [3]
    with pytest.raises(nestor.BadValueError, match="precision"):
        sr.set(precision=-1)


def test_nodes_created_between_runs_keep_the_file(tmp_path):
    sim = nestor.Simulator(dt=DT * u.ms, seed=7, data_path=tmp_path)
    n, sr, mm = network(sim, sr=dict(record_to="ascii"))
    sim.simulate(20.0 * u.ms, progress=False)
    sim.create(nestor.iaf_psc_alpha, 5)  # 13 nodes: new files would pad node ids to two digits
    sim.simulate(20.0 * u.ms, progress=False)
    assert sorted(os.listdir(tmp_path)) == [f"spike_recorder-{int(sr.global_ids[0])}-0.dat"]
    senders, times, *_ = memory_run(40.0)
    _, body = read_ascii(tmp_path / f"spike_recorder-{int(sr.global_ids[0])}-0.dat")
    assert body == [f"{s}\t{t:.3f}" for s, t in zip(senders, times)]
    sim.reset()
    sr.set(label="again")  # a new file, named with the node count of now
    sim.simulate(5.0 * u.ms, progress=False)
    assert os.path.exists(tmp_path / f"again-{int(sr.global_ids[0]):02d}-0.dat")
