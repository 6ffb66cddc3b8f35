"""examples/python/one_neuron.py runs as a user would run it, against the same nestor these tests import
(installed or from the source tree): it prints the tutorial's figures and writes its two PNG files."""

import os
import re
import subprocess
from pathlib import Path

import pytest

import nestor

SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "python" / "one_neuron.py"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def tutorial_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("tutorial")
    env = dict(os.environ)
    # The directory holding the nestor package these tests import, first on the child's path.
    package_root = str(Path(nestor.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join([package_root] + [p for p in [env.get("PYTHONPATH")] if p])
    env["MPLBACKEND"] = "Agg"
    proc = subprocess.run(["/usr/bin/python3", str(SCRIPT), str(out)], cwd=out, env=env, capture_output=True,
                          text=True, timeout=120)
    return proc, out


def test_script_exits_cleanly(tutorial_run):
    proc, _ = tutorial_run
    assert proc.returncode == 0, proc.stderr


def test_first_line(tutorial_run):
    proc, _ = tutorial_run
    assert proc.stdout.splitlines()[0] == "V_m: start -69.85 mV, max -55.00 mV, 16 spikes in 1000 ms"


def test_noise_lines(tutorial_run):
    """The noise lines: format, and values near NEST's (-61.208 mV, 4.944 mV, 46.38 /s; one seed, so
    within 8 of NEST's per-seed standard deviations 0.058 mV, 0.015 mV, 0.71 /s)."""
    proc, _ = tutorial_run
    lines = proc.stdout.splitlines()
    m = re.fullmatch(r"V_m: mean (-?\d+\.\d\d) mV, std (\d+\.\d\d) mV", lines[1])
    assert m, lines[1]
    assert abs(float(m.group(1)) - -61.208) < 8 * 0.058 + 0.005
    assert abs(float(m.group(2)) - 4.944) < 8 * 0.015 + 0.005
    m = re.fullmatch(r"firing rate: (\d+\.\d\d) spks/s", lines[2])
    assert m, lines[2]
    assert abs(float(m.group(1)) - 46.38) < 8 * 0.71


def test_png_files_written(tutorial_run):
    proc, out = tutorial_run
    for name in ("one_neuron_dc.png", "one_neuron_noise.png"):
        f = out / name
        assert f.is_file(), f"{name} missing; stdout: {proc.stdout}"
        data = f.read_bytes()
        assert data[:8] == PNG_MAGIC
        assert len(data) > 10_000  # a real plot, not an empty canvas
        assert str(f) in proc.stdout.splitlines()[-1]
