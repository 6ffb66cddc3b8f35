"""ignore_and_fire: spikes at a fixed rate with a phase offset, whatever its inputs (NEST 3.9).

Closed form: with the period P = 1000/rate ms and the phase offset phase * P, both turned into steps as
NEST turns durations into steps (rounded to the nearest microsecond, then *up* to whole steps), the
spikes are at (n0 + 1 + k n_P) dt, k = 0, 1, 2 ...: the counter starts at n0 and a step that finds it at
zero fires. There is no NEST reference case for this model."""

from fractions import Fraction

import numpy as np
import pytest

import nestor
from nestor import units as u

DT = 0.1
MODEL = nestor.ignore_and_fire


def mag(q, unit):
    return np.asarray(u.get_mantissa(q / unit), dtype=float)


def nest_steps(ms, dt=DT):
    """NEST's Time(Time::ms(ms)).get_steps(), in exact rational arithmetic."""
    tics = int(Fraction(ms) * 1000 + Fraction(1, 2))  # nearest microsecond (half up)
    per_step = round(dt * 1000)
    return -(-tics // per_step)  # rounded up


def expected_spikes(rate, phase, T, dt=DT):
    n_period = nest_steps(1000.0 / rate, dt)
    n0 = nest_steps(phase / rate * 1000.0, dt)
    k = np.arange(0, int(T / dt) + 1)
    steps = n0 + 1 + k * n_period
    return steps[steps * dt <= T + 1e-9] * dt


def run(T, n=1, inputs=False, dt=DT, **params):
    sim = nestor.Simulator(dt=dt * u.ms)
    nodes = sim.create(MODEL, n, **params)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(nodes, sr)
    if inputs:
        # strong excitatory and inhibitory spikes, a Poisson drive and currents on port 0
        sg = sim.create(nestor.spike_generator, spike_times=list(np.arange(1.0, T, 0.7)))
        sim.connect(sg, nodes, weight=1e6 * u.pA, delay=1.0 * u.ms)
        sim.connect(sg, nodes, weight=-1e6 * u.pA, delay=2.0 * u.ms)
        pg = sim.create(nestor.poisson_generator, rate=5000.0 * u.Hz)
        sim.connect(pg, nodes, weight=300.0 * u.pA, delay=1.5 * u.ms)
        dc = sim.create(nestor.dc_generator, amplitude=-5000.0 * u.pA)
        sim.connect(dc, nodes)
        # another ignore_and_fire drives them too (not recorded)
        other = sim.create(MODEL, 1, rate=200.0, phase=0.1)
        sim.connect(other, nodes, weight=50.0 * u.pA, delay=0.1 * u.ms)
    res = sim.simulate(T * u.ms, progress=False)
    sp = res.spikes(sr)
    return mag(sp["times"], u.ms), np.asarray(sp["senders"]), nodes


def test_defaults_and_recordables():
    assert MODEL.defaults() == {"phase": (1.0, "1"), "rate": (10.0, "Hz"),
                                "tau_minus": (20.0, "ms"), "tau_minus_triplet": (110.0, "ms")}
    assert MODEL.recordables == []


def test_default_fires_every_100_ms_starting_after_one_period():
    times, _, _ = run(1000.0)
    np.testing.assert_allclose(times, 100.1 + 100.0 * np.arange(9), rtol=0, atol=1e-9)


@pytest.mark.parametrize("rate,phase", [(10.0, 1.0), (30.0, 0.5), (7.0, 0.25), (123.0, 1e-3),
                                        (250.0, 1.0), (1000.0, 0.3), (41.3, 0.77)])
def test_spike_times_follow_period_and_phase(rate, phase):
    T = 500.0
    times, senders, _ = run(T, rate=rate, phase=phase)
    exp = expected_spikes(rate, phase, T)
    assert len(exp) >= 2
    np.testing.assert_allclose(times, exp, rtol=0, atol=1e-9)
    # the grid period is 1/rate rounded up to whole steps; the first spike comes about phase/rate in
    assert np.all(np.diff(times) >= 1000.0 / rate - 1e-9) and np.all(np.diff(times) < 1000.0 / rate + DT)
    assert phase * 1000.0 / rate < times[0] < phase * 1000.0 / rate + 2 * DT + 1e-9


def test_other_resolution():
    times, _, _ = run(300.0, dt=0.25, rate=30.0, phase=0.4)
    # 33.333 ms -> 134 steps of 0.25 ms; 13.333 ms -> 54 steps
    np.testing.assert_allclose(times, (54 + 1 + 134 * np.arange(len(times))) * 0.25, rtol=0, atol=1e-9)
    assert len(times) == 9
    np.testing.assert_allclose(times, expected_spikes(30.0, 0.4, 300.0, dt=0.25), rtol=0, atol=1e-9)


def test_inputs_change_nothing():
    rates, phases = [10.0, 37.0, 200.0, 55.5], [1.0, 0.3, 0.9, 0.05]
    quiet = run(400.0, n=4, rate=rates, phase=phases)
    driven = run(400.0, n=4, inputs=True, rate=rates, phase=phases)
    np.testing.assert_array_equal(driven[0], quiet[0])
    np.testing.assert_array_equal(driven[1], quiet[1])
    assert len(quiet[0]) > 20
    for gid, rate, phase in zip(np.unique(quiet[1]), rates, phases):
        np.testing.assert_allclose(quiet[0][quiet[1] == gid], expected_spikes(rate, phase, 400.0), atol=1e-9)


def test_continues_across_simulate_calls():
    sim = nestor.Simulator(dt=DT * u.ms)
    n = sim.create(MODEL, 1, rate=30.0, phase=0.6)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(n, sr)
    got = []
    for T in (25.0, 40.0, 135.0, 100.0):
        got.extend(mag(sim.simulate(T * u.ms, progress=False).spikes(sr)["times"], u.ms))
    np.testing.assert_allclose(got, expected_spikes(30.0, 0.6, 300.0), rtol=0, atol=1e-9)


def test_changing_the_rate_restarts_the_countdown_from_the_phase():
    sim = nestor.Simulator(dt=DT * u.ms)
    n = sim.create(MODEL, 1)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(n, sr)
    first = mag(sim.simulate(150.0 * u.ms, progress=False).spikes(sr)["times"], u.ms)
    np.testing.assert_allclose(first, [100.1], atol=1e-9)
    n.set(rate=20.0, phase=0.5)  # next spike 25 ms (250 steps) after the change, then every 50 ms
    later = mag(sim.simulate(150.0 * u.ms, progress=False).spikes(sr)["times"], u.ms)
    np.testing.assert_allclose(later, 150.0 + expected_spikes(20.0, 0.5, 150.0), rtol=0, atol=1e-9)
    np.testing.assert_allclose(later, [175.1, 225.1, 275.1], atol=1e-9)


# ---- parameter checks (NEST's rules) ---------------------------------------------------------------


@pytest.mark.parametrize("bad,message", [
    (dict(phase=0.0), "phase"),
    (dict(phase=-0.5), "phase"),
    (dict(phase=1.0001), "phase"),
    (dict(rate=0.0), "rate"),
    (dict(rate=-10.0), "rate"),
])
def test_parameter_checks(bad, message):
    sim = nestor.Simulator()
    with pytest.raises(nestor.BadValueError, match=message):
        sim.create(MODEL, 1, **bad)
    n = sim.create(MODEL, 1)
    with pytest.raises(nestor.BadValueError, match=message):
        n.set(**bad)
    assert n.get("phase")[0] == 1.0 and mag(n.get("rate"), u.Hz)[0] == 10.0


def test_accepted_edge_values_and_units():
    sim = nestor.Simulator()
    n = sim.create(MODEL, 1, phase=1.0, rate=0.5 * u.kHz)
    assert mag(n.get("rate"), u.Hz)[0] == 500.0
    n.set(phase=1e-12)
    assert n.get("phase")[0] == 1e-12
    with pytest.raises(nestor.DimensionError):
        n.set(rate=10.0 * u.ms)


def test_ports():
    sim = nestor.Simulator()
    n = sim.create(MODEL)
    sg = sim.create(nestor.spike_generator, spike_times=[1.0])
    dc = sim.create(nestor.dc_generator)
    with pytest.raises(nestor.IllegalConnectionError):
        sim.connect(sg, n, receptor_type=1)
    with pytest.raises(nestor.IllegalConnectionError):
        sim.connect(dc, n, receptor_type=1)
    sim.connect(sg, n, weight=-3.0 * u.pA)
    sim.connect(dc, n)
