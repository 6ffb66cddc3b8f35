"""Progress display: simulate(progress=False) prints nothing. The progress line only ever goes to a
terminal (runs longer than two seconds), so the second test gives the child a pseudo-terminal as stderr
and checks both that progress=True does show the line there and that progress=False does not."""

import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

import nestor
from nestor import units as u


def test_progress_false_prints_nothing(capfd):
    sim = nestor.Simulator(dt=0.1 * u.ms)
    n = sim.create(nestor.iaf_psc_alpha, 100, I_e=376.0)
    pg = sim.create(nestor.poisson_generator, 1, rate=1000.0)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(pg, n)
    sim.connect(n, sr)
    res = sim.simulate(500.0 * u.ms, progress=False)
    assert res.n_events(sr) > 0
    out, err = capfd.readouterr()
    assert err == ""
    assert out == ""


CHILD = textwrap.dedent(
    """
    import sys, time
    import nestor

    def network():
        sim = nestor.Simulator(dt=0.1)
        sim.create(nestor.iaf_psc_alpha, 20000, I_e=376.0)
        return sim

    def timed_run(tag, T, progress):
        # Runs of at least 2.3 s (the meter waits 2 s): retried longer if the machine was faster.
        for attempt in range(4):
            sim = network()
            sys.stderr.write(tag)
            sys.stderr.flush()
            t0 = time.perf_counter()
            sim.simulate(float(T), progress=progress)
            took = time.perf_counter() - t0
            if took > 2.3:
                return T, took
            T = round(T * 2.8 / took)
        return T, took

    sim = network()
    sim.simulate(20.0, progress=False)
    t0 = time.perf_counter()
    sim.simulate(200.0, progress=False)
    T = round(max(2.8 * 200.0 / (time.perf_counter() - t0), 100.0))
    T, took_true = timed_run("<true>", T, True)
    T, took_false = timed_run("<false>", T, False)
    sys.stderr.write("<end>")
    sys.stderr.flush()
    print(f"{took_true:.3f} {took_false:.3f}")
    """
)


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_progress_shows_only_when_asked_on_a_terminal():
    master, slave = os.openpty()
    env = dict(os.environ)
    package_root = str(Path(nestor.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join([package_root] + [p for p in [env.get("PYTHONPATH")] if p])
    proc = subprocess.Popen([sys.executable, "-c", CHILD], stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    chunks = []

    def drain():
        while True:
            try:
                data = os.read(master, 4096)
            except OSError:  # EIO once the child has closed the terminal
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    out, _ = proc.communicate(timeout=120)
    reader.join(timeout=10)
    os.close(master)
    assert proc.returncode == 0
    text = b"".join(chunks).decode(errors="replace")
    took_true, took_false = (float(x) for x in out.decode().split())
    assert took_true > 2.2 and took_false > 2.2, (took_true, took_false)
    assert "<true>" in text and "<false>" in text and "<end>" in text, text
    shown = text[text.rindex("<true>") : text.index("<false>")]  # the last (long enough) attempt
    silent = text[text.index("<false>") : text.index("<end>")]
    assert "[nestor] simulated" in shown and "ms" in shown
    assert silent.replace("<false>", "") == ""
