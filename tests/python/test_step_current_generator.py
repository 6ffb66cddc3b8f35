"""step_current_generator with NEST 3.9's semantics (models/step_current_generator.cpp): the amplitude of
amplitude_times[k] is taken up one step ahead (in the step ending at that time), sent when the device is
active (origin+start < T+2 <= origin+stop, the current generators' look-ahead) and reaches a target
connected with delay d in the step d later. So on iaf_psc_alpha the amplitude of a switch time t acts
on V from t + d: the sample at t + d is still on the old course, the one at t + d + dt the first to
follow the new amplitude. Closed forms: the membrane's response to piecewise constant current."""

import numpy as np
import pytest

import nestor
from nestor import units as u

DT = 0.1
TAU, C, E_L = 10.0, 250.0, -70.0


def mag(q, unit):
    return np.asarray(u.get_mantissa(q / unit), dtype=float)


def run(params, T, delay=1.0, split=None):
    sim = nestor.Simulator(dt=DT)
    n = sim.create(nestor.iaf_psc_alpha, 1, V_th=1e9)
    sc = sim.create(nestor.step_current_generator, 1, **params)
    vm = sim.create(nestor.voltmeter)
    mm = sim.create(nestor.multimeter, record_from=["I"])
    sim.connect(sc, n, delay=delay)
    sim.connect(vm, n)
    sim.connect(mm, sc)
    parts = [T] if split is None else [split, T - split]
    t, v, i = [], [], []
    for p in parts:
        r = sim.simulate(p)
        t.append(mag(r.sample_times(vm), u.ms))
        v.append(mag(r.trace(vm, "V_m"), u.mV)[:, 0])
        i.append(np.asarray(u.get_mantissa(r.trace(mm, "I")), dtype=float)[:, 0])
    return np.concatenate(t), np.concatenate(v), np.concatenate(i)


def piecewise_response(t, switches):
    """V for currents switching at (t_on, amplitude) pairs (each amplitude acts from its t_on on)."""
    v = np.full_like(t, E_L)
    prev = 0.0
    for t_on, amp in switches:
        on = np.clip(t - t_on, 0.0, None)
        v += (amp - prev) * (TAU / C) * (1 - np.exp(-on / TAU))
        prev = amp
    return v


@pytest.mark.parametrize("delay", [0.1, 1.0, 2.5])
def test_switch_times_and_delay(delay):
    times, values = [5.0, 20.0, 20.1, 40.0], [200.0, -100.0, 300.0, 0.0]
    t, v, cur = run({"amplitude_times": times, "amplitude_values": values}, 60.0, delay)
    expected = piecewise_response(t, [(tk + delay, a) for tk, a in zip(times, values)])
    np.testing.assert_allclose(v, expected, rtol=0, atol=1e-9)
    k0 = int(round((5.0 + delay) / DT)) - 1  # sample at the first switch time + delay
    assert np.all(v[: k0 + 1] == E_L) and v[k0 + 1] > E_L
    # The recorded current: the amplitude of a switch time from the sample at that time on.
    expected_I = np.zeros_like(t)
    for tk, a in zip(times, values):
        expected_I[t >= tk - 1e-9] = a
    np.testing.assert_array_equal(cur, expected_I)


def test_window_gates_but_amplitudes_follow_absolute_times():
    """start = 10, stop = 30, times 5 and 20: 200 pA acts from 10 + d, 400 pA from 20 + d to 30 + d
    (like dc_generator's window); origin shifts the window, not the amplitude times."""
    d = 1.0
    for origin in (0.0, 5.0):
        p = {"amplitude_times": [5.0, 20.0], "amplitude_values": [200.0, 400.0], "origin": origin,
             "start": 10.0, "stop": 30.0}
        t, v, cur = run(p, 60.0, d)
        sw = [(origin + 10.0 + d, 200.0 if origin + 10.0 < 20.0 else 400.0), (20.0 + d, 400.0), (origin + 30.0 + d, 0.0)]
        np.testing.assert_allclose(v, piecewise_response(t, sw), rtol=0, atol=1e-9)
        active = (t > origin + 10.0 - 1e-9) & (t < origin + 30.0 - 1e-9)  # recorded I: 0 when inactive
        assert np.all(cur[~active] == 0.0) and np.all(cur[active] > 0.0)


def test_split_simulation_equals_one_run():
    p = {"amplitude_times": [5.0, 12.3, 12.4, 30.0], "amplitude_values": [100.0, -50.0, 250.0, 10.0]}
    _, v1, i1 = run(p, 50.0)
    _, v2, i2 = run(p, 50.0, split=12.3)
    np.testing.assert_array_equal(v1, v2)
    np.testing.assert_array_equal(i1, i2)


def test_offgrid_times_rounded_up_when_allowed():
    sim = nestor.Simulator(dt=DT)
    sc = sim.create(nestor.step_current_generator, 1, allow_offgrid_times=True,
                    amplitude_times=[1.04, 2.0], amplitude_values=[1.0, 2.0])
    np.testing.assert_allclose(mag(sc.get("amplitude_times")[0], u.ms), [1.1, 2.0], rtol=0, atol=1e-12)
    # The same trace as on-grid times 1.1 and 2.0.
    p_on = {"amplitude_times": [1.1, 2.0], "amplitude_values": [100.0, 200.0]}
    p_off = {"allow_offgrid_times": True, "amplitude_times": [1.04, 2.0], "amplitude_values": [100.0, 200.0]}
    np.testing.assert_array_equal(run(p_on, 10.0)[1], run(p_off, 10.0)[1])


def test_new_times_between_runs():
    """NEST: new data restarts the search; the current amplitude stays until the next change."""
    sim = nestor.Simulator(dt=DT)
    sc = sim.create(nestor.step_current_generator, 1, amplitude_times=[1.0], amplitude_values=[50.0])
    mm = sim.create(nestor.multimeter, record_from=["I"])
    sim.connect(mm, sc)
    sim.simulate(5.0)
    sc.set(amplitude_times=[2.0, 7.0], amplitude_values=[80.0, 90.0])
    cur = np.asarray(u.get_mantissa(sim.simulate(5.0).trace(mm, "I")), dtype=float)[:, 0]
    # 2.0 is in the past: skipped; 50 pA stays until 7.0.
    assert np.all(cur[:19] == 50.0) and np.all(cur[19:] == 90.0)


RULES = [
    (dict(amplitude_times=[1.0, 1.0], amplitude_values=[1.0, 2.0]), "amplitude_times"),  # not increasing
    (dict(amplitude_times=[2.0, 1.0], amplitude_values=[1.0, 2.0]), "amplitude_times"),  # decreasing
    (dict(amplitude_times=[0.0], amplitude_values=[1.0]), "amplitude_times"),  # t must be > 0
    (dict(amplitude_times=[-1.0], amplitude_values=[1.0]), "amplitude_times"),
    (dict(amplitude_times=[1.05], amplitude_values=[1.0]), "amplitude_times"),  # off the grid
    (dict(allow_offgrid_times=True, amplitude_times=[1.02, 1.08], amplitude_values=[1.0, 2.0]),
     "amplitude_times"),  # both round up to 1.1: not strictly increasing steps
    (dict(amplitude_times=[1.0, 2.0], amplitude_values=[1.0]), "amplitude_values"),  # lengths differ
    (dict(amplitude_times=[1.0]), "together"),  # times without values
    (dict(amplitude_values=[1.0]), "together"),  # values without times
    (dict(start=10.0, stop=5.0), "stop"),  # stop before start
    (dict(start=-1.0), "start"),
]


@pytest.mark.parametrize("params,word", RULES)
def test_rule(params, word):
    sim = nestor.Simulator(dt=DT)
    with pytest.raises(nestor.BadValueError, match=word):
        sim.create(nestor.step_current_generator, 1, **params)
    sc = sim.create(nestor.step_current_generator, 1, amplitude_times=[3.0], amplitude_values=[7.0])
    with pytest.raises(nestor.BadValueError, match=word):
        sc.set(**params)
    assert mag(sc.get("amplitude_times")[0], u.ms).tolist() == [3.0]
    assert mag(sc.get("amplitude_values")[0], u.pA).tolist() == [7.0]


def test_allow_offgrid_only_before_or_with_times():
    sim = nestor.Simulator(dt=DT)
    sc = sim.create(nestor.step_current_generator, 1)
    sc.set(allow_offgrid_times=True)  # no times yet: allowed
    sc.set(amplitude_times=[1.0], amplitude_values=[1.0])
    with pytest.raises(nestor.BadValueError, match="allow_offgrid_times"):
        sc.set(allow_offgrid_times=False)
    assert bool(sc.get("allow_offgrid_times")[0]) is True
    sc.set(allow_offgrid_times=False, amplitude_times=[2.0], amplitude_values=[3.0])  # together: allowed
    assert bool(sc.get("allow_offgrid_times")[0]) is False
