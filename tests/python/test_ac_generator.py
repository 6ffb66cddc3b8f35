"""ac_generator with NEST 3.9's semantics (models/ac_generator.cpp): I = offset + amplitude * sin(omega t +
phase), propagated by an exact rotation of (y_0, y_1) over one step, set up at each simulate() from the
current time and rotated in every step, active or not (the window only gates what is sent). The
current sent in the step ending at t (the recordable I at t) is the sine at t."""

import math

import numpy as np
import pytest

import nestor
from nestor import units as u

DT = 0.1


def mag(q, unit):
    return np.asarray(u.get_mantissa(q / unit), dtype=float)


def record(params, T, split=None):
    """(sample times, recorded I, V_m of an iaf_psc_alpha driven with delay 1 ms)."""
    sim = nestor.Simulator(dt=DT)
    ac = sim.create(nestor.ac_generator, 1, **params)
    n = sim.create(nestor.iaf_psc_alpha, 1)
    mm = sim.create(nestor.multimeter, record_from=["I"])
    vm = sim.create(nestor.voltmeter)
    sim.connect(mm, ac)
    sim.connect(ac, n, delay=1.0)
    sim.connect(vm, n)
    t, i, v = [], [], []
    for p in [T] if split is None else [split, T - split]:
        r = sim.simulate(p)
        t.append(mag(r.sample_times(mm), u.ms))
        i.append(np.asarray(u.get_mantissa(r.trace(mm, "I")), dtype=float)[:, 0])
        v.append(mag(r.trace(vm, "V_m"), u.mV)[:, 0])
    return np.concatenate(t), np.concatenate(i), np.concatenate(v)


def nest_rotation(amp, offset, freq, phase, n_steps, t0=0.0):
    """NEST's algorithm step by step in Python floats (libm cos/sin): the sent currents."""
    omega = 2.0 * math.pi * freq / 1000.0
    phi = phase * 2.0 * math.pi / 360.0
    y0, y1 = amp * math.cos(omega * t0 + phi), amp * math.sin(omega * t0 + phi)
    a00, a01, a10, a11 = math.cos(omega * DT), -math.sin(omega * DT), math.sin(omega * DT), math.cos(omega * DT)
    out = []
    for _ in range(n_steps):
        y0, y1 = a00 * y0 + a01 * y1, a10 * y0 + a11 * y1
        out.append(y1 + offset)
    return np.array(out)


P = {"amplitude": 80.0, "offset": 20.0, "frequency": 37.0, "phase": 30.0}


def test_current_is_the_sine_at_the_end_of_each_step():
    t, cur, _ = record(P, 500.0)
    omega = 2 * np.pi * P["frequency"] / 1000.0
    expected = P["offset"] + P["amplitude"] * np.sin(omega * t + np.deg2rad(P["phase"]))
    np.testing.assert_allclose(cur, expected, rtol=0, atol=1e-9)
    # NEST's rotation, reproduced to rounding (the same operations in the same order).
    np.testing.assert_allclose(cur, nest_rotation(80.0, 20.0, 37.0, 30.0, len(t)), rtol=0, atol=1e-12)


def test_equals_step_current_generator_of_its_own_samples():
    t, cur, v = record(P, 200.0)
    sim = nestor.Simulator(dt=DT)
    sc = sim.create(nestor.step_current_generator, 1, amplitude_times=t, amplitude_values=cur)
    n = sim.create(nestor.iaf_psc_alpha, 1)
    vm = sim.create(nestor.voltmeter)
    sim.connect(sc, n, delay=1.0)
    sim.connect(vm, n)
    v_sc = mag(sim.simulate(200.0).trace(vm, "V_m"), u.mV)[:, 0]
    np.testing.assert_array_equal(v, v_sc)
    assert v.max() - v.min() > 1.0  # the current moves V


def test_window_keeps_the_phase():
    """start = 20.3, stop = 70: zero outside (origin+start, origin+stop]; inside, the sine of the
    absolute time: the oscillator runs on while inactive."""
    t, cur, v = record(dict(P, start=20.3, stop=70.0), 100.0)
    omega = 2 * np.pi * P["frequency"] / 1000.0
    on = (t > 20.3 - 1e-9) & (t < 70.0 - 1e-9)  # look-ahead: the steps ending at 20.3 .. 69.9
    expected = np.where(on, P["offset"] + P["amplitude"] * np.sin(omega * t + np.deg2rad(P["phase"])), 0.0)
    np.testing.assert_allclose(cur, expected, rtol=0, atol=1e-9)
    k_on = int(round((20.3 + 1.0) / DT)) - 1  # V first moves in the sample after start + delay
    assert np.all(v[: k_on + 1] == -70.0) and v[k_on + 1] != -70.0


def test_split_simulation_restarts_from_the_current_time():
    t1, c1, v1 = record(P, 300.0)
    t2, c2, v2 = record(P, 300.0, split=123.4)
    np.testing.assert_allclose(c2, c1, rtol=0, atol=1e-10)
    np.testing.assert_allclose(v2, v1, rtol=0, atol=1e-10)
    # The second run's oscillator starts from cos/sin of 123.4 ms, exactly as NEST's pre_run_hook.
    k = int(round(123.4 / DT))
    np.testing.assert_allclose(c2[k:], nest_rotation(80.0, 20.0, 37.0, 30.0, len(t2) - k, t0=123.4),
                               rtol=0, atol=1e-12)


def test_state_y0_y1_and_defaults():
    sim = nestor.Simulator(dt=DT)
    ac = sim.create(nestor.ac_generator, 1)
    for name in ("amplitude", "offset", "frequency", "phase"):
        assert float(u.get_mantissa(ac.get(name))[0]) == 0.0
    ac.set(amplitude=2.0, frequency=250.0)  # a quarter period per ms
    sim.simulate(1.0)
    # After 1 ms (10 rotations from t = 0): y_1 = 2 sin(pi / 2), y_0 = 2 cos(pi / 2).
    assert abs(float(mag(ac.get("y_1"), u.pA)[0]) - 2.0) < 1e-12
    assert abs(float(mag(ac.get("y_0"), u.pA)[0])) < 1e-12


@pytest.mark.parametrize("params,word", [(dict(start=10.0, stop=5.0), "stop"), (dict(start=-1.0), "start")])
def test_rule(params, word):
    sim = nestor.Simulator(dt=DT)
    with pytest.raises(nestor.BadValueError, match=word):
        sim.create(nestor.ac_generator, 1, **params)


def test_oscillator_state_is_read_only():
    sim = nestor.Simulator(dt=DT)
    for model in (nestor.ac_generator, nestor.noise_generator):
        g = sim.create(model, 1)
        with pytest.raises(nestor.BadValueError, match="y_1"):
            g.set(y_1=1.0)
