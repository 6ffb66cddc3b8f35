"""nestor.plot: raster (NEST's raster_plot: spikes plus the population rate histogram) and traces
(NEST's voltage_trace: one line per recorded node, axes with units), saved as PNG with Agg."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.image as mpimg
import matplotlib.pyplot as plt
import numpy as np
import pytest

import nestor
import nestor.plot
from nestor import units as u

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def mag(q, unit):
    return np.asarray(u.get_mantissa(q / unit), dtype=float)


@pytest.fixture(scope="module")
def noisy():
    """20 tutorial neurons, each with its own Poisson noise, plus 5 silent ones the recorder watches."""
    sim = nestor.Simulator(dt=0.1, seed=1)
    n = sim.create(nestor.iaf_psc_alpha, 25)
    noise = sim.create(nestor.poisson_generator, 2, rate=[80000.0, 15000.0])
    sim.connect(noise, n[:20], weight=[1.2, -1.0], delay=1.0)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(n, sr)
    mm = sim.create(nestor.multimeter, record_from=["V_m", "I_syn_ex"])
    sim.connect(mm, n[:3])
    sim.simulate(10.0)  # the figures show the second call, which starts at 10 ms
    return sim.simulate(205.0), sr, mm


def assert_png(path, width, height):
    data = path.read_bytes()
    assert data[:8] == PNG_MAGIC
    assert len(data) > 5000
    img = mpimg.imread(str(path))
    assert img.shape[:2] == (height, width)
    grey = img[..., :3].mean(axis=2)
    assert grey.std() > 0.05  # not a blank image
    assert (grey < 0.3).mean() > 0.002  # dark ink: dots, lines, labels


def test_raster_png_and_histogram(noisy, tmp_path):
    res, sr, mm = noisy
    path = tmp_path / "raster.png"
    fig = nestor.plot.raster(res, sr, bin_width=10.0 * u.ms, path=path, figsize=(6, 4), dpi=100)
    assert path.is_file()
    assert_png(path, 600, 400)
    ax, ax_h = fig.axes
    # the raster: one dot per spike at (time, sender)
    sp = res.spikes(sr)
    x, y = ax.lines[0].get_data()
    np.testing.assert_array_equal(x, mag(sp["times"], u.ms))
    np.testing.assert_array_equal(y, sp["senders"])
    assert len(x) > 100
    # the histogram: spikes per 10 ms bin from the call's start (10 ms), per watched node (25), in /s;
    # spike k at step stamp s falls into bin (s - 100) // 100 (bins closed on the left), the last bin
    # is 5 ms wide
    stamps = np.rint(mag(sp["times"], u.ms) / 0.1).astype(int)
    counts = np.bincount(np.minimum((stamps - 100) // 100, 20), minlength=21)
    widths = np.array([10.0] * 20 + [5.0])
    expected = counts / (widths / 1000.0) / 25
    bars = ax_h.patches
    assert len(bars) == 21
    np.testing.assert_allclose([b.get_height() for b in bars], expected, rtol=1e-12)
    np.testing.assert_allclose([b.get_x() for b in bars], 10.0 + 10.0 * np.arange(21), atol=1e-9)
    np.testing.assert_allclose([b.get_width() for b in bars], widths, atol=1e-9)
    # its mean is the recorder's rate
    assert np.average(expected, weights=widths) == pytest.approx(res.rate(sr), rel=1e-12)
    assert "rate" in ax_h.get_ylabel() and ax_h.get_xlabel() == "time (ms)"
    plt.close(fig)


def test_raster_bin_width_matches_rate_histogram(noisy):
    res, sr, mm = noisy
    edges, rate = nestor.plot.rate_histogram(res, sr, 2.5)  # a bare number is in ms
    assert len(edges) == 83 and edges[0] == pytest.approx(10.0) and edges[-1] == pytest.approx(215.0)
    stamps = np.rint(mag(res.spikes(sr)["times"], u.ms) / 0.1).astype(int)
    counts = np.bincount(np.minimum((stamps - 100) // 25, 81), minlength=82)
    np.testing.assert_allclose(rate, counts / 0.0025 / 25, rtol=1e-12)


def test_raster_without_histogram(noisy, tmp_path):
    res, sr, mm = noisy
    fig = nestor.plot.raster(res, sr, hist=False, path=tmp_path / "r.png")
    assert len(fig.axes) == 1
    assert fig.axes[0].get_xlim() == pytest.approx((10.0, 215.0))
    assert (tmp_path / "r.png").stat().st_size > 5000
    plt.close(fig)


def test_raster_bad_bin_width(noisy):
    res, sr, mm = noisy
    with pytest.raises(nestor.BadValueError, match="bin_width"):
        nestor.plot.raster(res, sr, bin_width=0.0)
    with pytest.raises(nestor.DimensionError, match="bin_width"):
        nestor.plot.raster(res, sr, bin_width=5.0 * u.mV)
    with pytest.raises(nestor.BadArgumentError):
        nestor.plot.raster(res, mm)
    plt.close("all")


def test_traces_png(noisy, tmp_path):
    res, sr, mm = noisy
    path = tmp_path / "vm.png"
    fig = nestor.plot.traces(res, mm, var="V_m", path=path, figsize=(5, 3), dpi=80)
    assert_png(path, 400, 240)
    ax = fig.axes[0]
    assert len(ax.lines) == 3
    v = mag(res.trace(mm, "V_m"), u.mV)
    t = mag(res.sample_times(mm), u.ms)
    for c, line in enumerate(ax.lines):
        x, y = line.get_data()
        np.testing.assert_array_equal(x, t)
        np.testing.assert_array_equal(y, v[:, c])
        assert line.get_label() == f"node {res.senders(mm)[c]}"
    assert ax.get_ylabel() == "V_m (mV)" and ax.get_xlabel() == "time (ms)"
    plt.close(fig)


def test_traces_other_variable_and_senders(noisy):
    res, sr, mm = noisy
    ids = res.senders(mm)
    fig = nestor.plot.traces(res, mm, var="I_syn_ex", senders=[ids[2]])
    ax = fig.axes[0]
    assert ax.get_ylabel() == "I_syn_ex (pA)"
    assert len(ax.lines) == 1
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), mag(res.trace(mm, "I_syn_ex"), u.pA)[:, 2])
    plt.close(fig)
    with pytest.raises(nestor.BadValueError, match="did not record node"):
        nestor.plot.traces(res, mm, senders=[999])
    with pytest.raises(nestor.UnknownParameterError, match="g_ex"):
        nestor.plot.traces(res, mm, var="g_ex")
    plt.close("all")


def test_plots_of_a_loaded_result(noisy, tmp_path):
    res, sr, mm = noisy
    loaded = nestor.Result.load(res.save(tmp_path / "r.npz"))
    a = nestor.plot.raster(res, sr)
    b = nestor.plot.raster(loaded, sr)
    for pa, pb in zip(a.axes[1].patches, b.axes[1].patches, strict=True):
        assert pa.get_height() == pb.get_height()
    plt.close("all")


def test_readme_example_script(tmp_path):
    """examples/python/raster_example.py (the README's figure) runs and writes its PNG."""
    import os
    import subprocess
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "examples" / "python" / "raster_example.py"
    env = dict(os.environ)
    package_root = str(Path(nestor.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join([package_root] + [p for p in [env.get("PYTHONPATH")] if p])
    env["MPLBACKEND"] = "Agg"
    proc = subprocess.run(["/usr/bin/python3", str(script), str(tmp_path)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "spikes from 50 neurons" in proc.stdout
    assert_png(tmp_path / "raster_example.png", 560, 360)
    assert not (tmp_path / "raster_example.npz").exists()
