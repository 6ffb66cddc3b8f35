"""pulsepacket_generator (NEST 3.9): `activity` spikes per pulse, normally distributed with deviation `sdev`
around each pulse time, the same spikes sent to every target. A spike drawn at x goes in the step that holds
x (NEST rounds to the tic, then up to the step's end: step ceil(x / DT)), and like every spike emitted in
step s it is stamped (s + 1) * DT. Statistics use fixed seeds and 4 standard errors."""

import math

import numpy as np
import pytest

import nestor
from nestor import units as u
from spike_gen_helpers import DT, mag, parrot_trains

PPG = nestor.pulsepacket_generator


def test_every_pulse_has_exactly_activity_spikes():
    pulses, a = [100.0, 300.0, 500.0, 520.0], 40
    t, s = parrot_trains(PPG, 3, T=700.0, seed=2, pulse_times=pulses, activity=a, sdev=3.0)
    for j in range(3):
        tj = t[s == j]
        assert len(tj) == len(pulses) * a
        for c in (100.0, 300.0):
            assert np.sum(np.abs(tj - 1.0 - c) < 40.0) == a  # 13 sdev around the centre
        assert np.sum((tj > 450.0) & (tj < 600.0)) == 2 * a


def test_same_spikes_to_every_target():
    t, s = parrot_trains(PPG, 5, T=400.0, seed=3, pulse_times=[100.0, 250.0], activity=30, sdev=10.0)
    first = t[s == 0]
    assert len(first) == 60
    for j in range(1, 5):
        assert np.array_equal(t[s == j], first)


def test_spread_is_sdev():
    centres = np.arange(100.0, 2000.0, 100.0)
    a, sdev = 200, 4.0
    t, s = parrot_trains(PPG, 1, T=2100.0, seed=4, pulse_times=centres.tolist(), activity=a, sdev=sdev)
    assert len(t) == a * len(centres)
    # Arrival = (ceil(x / DT) + 1) * DT + delay: x + delay + DT + a uniform rounding in [0, DT).
    d = t - centres[np.argmin(np.abs(t[:, None] - 1.0 - centres[None, :]), axis=1)] - 1.0
    n = len(d)
    assert abs(d.mean() - 1.5 * DT) < 4 * sdev / math.sqrt(n)
    spread = math.sqrt(sdev**2 + DT**2 / 12)
    assert abs(d.std(ddof=1) - spread) < 4 * spread / math.sqrt(2 * (n - 1))
    # Normal: about 68.3 % within one sdev.
    frac = np.mean(np.abs(d - 1.5 * DT) < sdev)
    assert abs(frac - 0.6827) < 4 * math.sqrt(0.6827 * 0.3173 / n)


def test_zero_sdev_puts_all_spikes_in_one_step():
    t, s = parrot_trains(PPG, 2, T=300.0, seed=5, pulse_times=[100.0, 200.05], activity=7, sdev=0.0)
    # 100.0 lies on the grid: step 1000, stamp 100.1; 200.05: step 2001, stamp 200.2 (+ 1 ms delay).
    assert t[s == 0].tolist() == pytest.approx([101.1] * 7 + [201.2] * 7)


def test_trains_do_not_depend_on_threads():
    p = dict(pulse_times=[50.0, 120.0, 180.0], activity=100, sdev=5.0)
    a = parrot_trains(PPG, 10, T=250.0, threads=1, seed=7, **p)
    b = parrot_trains(PPG, 10, T=250.0, threads=2, seed=7, **p)
    assert len(a[0]) == 3000
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])


def test_seeds_give_different_packets():
    p = dict(pulse_times=[50.0], activity=100, sdev=5.0)
    assert not np.array_equal(parrot_trains(PPG, 1, T=100.0, seed=1, **p)[0], parrot_trains(PPG, 1, T=100.0, seed=2, **p)[0])


def test_activity_window():
    # NEST checks the window at the start of each min_delay slice (here 1 ms).
    t, _ = parrot_trains(PPG, 1, T=500.0, seed=8, pulse_times=[100.0, 300.0], activity=50, sdev=2.0, start=200.0)
    assert len(t) == 50 and t.min() > 250.0


def test_pulses_far_in_the_past_are_skipped():
    sim = nestor.Simulator(dt=DT * u.ms, seed=9)
    g = sim.create(PPG, activity=10, sdev=1.0)
    p = sim.create(nestor.parrot_neuron)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(g, p, delay=1.0)
    sim.connect(p, sr)
    sim.simulate(100.0 * u.ms, progress=False)
    g.set(pulse_times=[50.0, 150.0])  # 50 ms lies more than 10 sdev before now
    t = mag(sim.simulate(100.0 * u.ms, progress=False).spikes(sr)["times"], u.ms)
    assert len(t) == 10 and np.all(np.abs(t - 151.0) < 10.0)


def test_pulse_times_are_sorted():
    sim = nestor.Simulator(dt=DT * u.ms)
    g = sim.create(PPG, pulse_times=[30.0, 10.0, 20.0])
    assert mag(g.get("pulse_times")[0], u.ms).tolist() == [10.0, 20.0, 30.0]


# ---------------------------------------------------------------- NEST's parameter rules

def test_rule_activity_nonnegative():
    sim = nestor.Simulator(dt=DT * u.ms)
    with pytest.raises(nestor.BadValueError, match="activity"):
        sim.create(PPG, activity=-1)


def test_rule_activity_is_a_count():
    sim = nestor.Simulator(dt=DT * u.ms)
    with pytest.raises(nestor.BadValueError, match="activity"):
        sim.create(PPG, activity=2.5)


def test_rule_sdev_nonnegative():
    sim = nestor.Simulator(dt=DT * u.ms)
    with pytest.raises(nestor.BadValueError, match="sdev"):
        sim.create(PPG, sdev=-0.5)
