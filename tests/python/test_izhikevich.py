"""izhikevich against closed forms of its equations and of NEST 3.9's integration scheme:

    dV/dt = 0.04 V^2 + 5 V + 140 - U + I_e + I_stim   (+ w delta(t - t_k), w in mV)
    dU/dt = a (b V - U);   V >= V_th: V <- c, U <- U + d

NEST integrates with forward Euler: by default (consistent_integration) from the old (V, U), adding the
step's spike input w to V; with consistent_integration = false as published by Izhikevich (2003): V in
two half steps in which w acts like a current, then U from the new V. A sample is the state at the end
of its step. (The NEST reference case izhikevich__standard runs in tests/validation/test_nest_cases.py.)"""

import math

import numpy as np
import pytest

import nestor
from nestor import units as u

DT = 0.1


def mag(q, unit):
    return np.asarray(u.get_mantissa(q / unit), dtype=float)


def record(params, T, spikes=(), dt=DT, dc=None):
    """spikes: (times, weight in mV, delay in ms) per spike_generator; returns t, V, U, spike times."""
    sim = nestor.Simulator(dt=dt * u.ms)
    n = sim.create(nestor.izhikevich, 1, **params)
    mm = sim.create(nestor.multimeter, record_from=["V_m", "U_m"])
    sr = sim.create(nestor.spike_recorder)
    sim.connect(mm, n)
    sim.connect(n, sr)
    for times, w, d in spikes:
        sg = sim.create(nestor.spike_generator, 1, spike_times=list(times))
        sim.connect(sg, n, weight=w * u.mV, delay=d * u.ms)
    if dc is not None:
        gen = sim.create(nestor.dc_generator, amplitude=dc * u.pA)
        sim.connect(gen, n, delay=dt * u.ms)
    res = sim.simulate(T * u.ms, progress=False)
    t = mag(res.sample_times(mm), u.ms)
    return (t, mag(res.trace(mm, "V_m"), u.mV)[:, 0], mag(res.trace(mm, "U_m"), u.mV)[:, 0],
            mag(res.spikes(sr)["times"], u.ms))


def euler(v, uu, steps, a=0.02, b=0.2, I=0.0, h=DT, consistent=True, w=None, I_from=0):
    """The two Euler schemes as the model equations define them, sub-threshold; w[k] is the spike input
    of step k (mV), the current I acts from step I_from on. Returns V and U after each step."""
    V, U = [], []
    for k in range(steps):
        i = I if k >= I_from else 0.0
        wk = 0.0 if w is None else w[k]
        f = lambda x, y: 0.04 * x * x + 5.0 * x + 140.0 - y + i  # noqa: E731
        if consistent:
            v, uu = v + h * f(v, uu) + wk, uu + h * a * (b * v - uu)
        else:
            v = v + 0.5 * h * (f(v, uu) + wk)
            v = v + 0.5 * h * (f(v, uu) + wk)
            uu = uu + h * a * (b * v - uu)
        V.append(v)
        U.append(uu)
    return np.array(V), np.array(U)


def fixed_point(I, b=0.2):
    """The stable rest state: 0.04 V^2 + (5 - b) V + 140 + I = 0 (lower root), U = b V."""
    p = 5.0 - b
    v = (-p - math.sqrt(p * p - 4 * 0.04 * (140.0 + I))) / (2 * 0.04)
    return v, b * v


def test_defaults_and_recordables():
    m = nestor.izhikevich
    d = m.defaults()
    assert d["a"] == (0.02, "1") and d["b"] == (0.2, "1")
    assert d["c"] == (-65.0, "mV") and d["d"] == (8.0, "mV")
    assert d["I_e"] == (0.0, "pA") and d["V_th"] == (30.0, "mV")
    assert d["V_min"][0] == -np.finfo(float).max  # NEST: -DBL_MAX, i.e. no lower bound
    assert d["consistent_integration"] == (True, "1")
    assert d["V_m"] == (-65.0, "mV") and d["U_m"] == (-13.0, "mV")  # NEST 3.9: U_m = b V_m initially
    assert m.recordables == ["V_m", "U_m"]
    assert m.weight_unit == "mV"


@pytest.mark.parametrize("I_e,b", [(0.0, 0.2), (2.0, 0.2), (-5.0, 0.25), (3.0, 0.1)])
@pytest.mark.parametrize("consistent", [True, False])
def test_relaxes_to_the_fixed_point_of_the_subthreshold_dynamics(I_e, b, consistent):
    v_star, u_star = fixed_point(I_e, b)
    t, v, uu, spikes = record(dict(I_e=I_e, b=b, a=0.1, V_m=v_star + 3.0, U_m=u_star - 1.0,
                                   consistent_integration=consistent), 400.0)
    assert len(spikes) == 0
    assert abs(v[0] - v_star) > 0.5  # it starts away from it
    assert v[-1] == pytest.approx(v_star, abs=1e-9)
    assert uu[-1] == pytest.approx(u_star, abs=1e-9)


def test_at_the_fixed_point_the_state_stays():
    v_star, u_star = fixed_point(0.0)  # (-70, -14) with the defaults
    assert (v_star, u_star) == pytest.approx((-70.0, -14.0), abs=1e-12)
    t, v, uu, _ = record(dict(V_m=v_star, U_m=u_star), 100.0)
    np.testing.assert_allclose(v, v_star, rtol=0, atol=1e-10)
    np.testing.assert_allclose(uu, u_star, rtol=0, atol=1e-10)


@pytest.mark.parametrize("consistent", [True, False])
def test_trajectory_is_forward_euler_of_the_chosen_scheme(consistent):
    # from the default state (not a rest state) with I_e = 2: each scheme's own Euler map, sub-threshold
    t, v, uu, spikes = record(dict(I_e=2.0, consistent_integration=consistent), 100.0)
    assert len(spikes) == 0
    V, U = euler(-65.0, -13.0, len(t), I=2.0, consistent=consistent)
    np.testing.assert_allclose(v, V, rtol=0, atol=1e-10)
    np.testing.assert_allclose(uu, U, rtol=0, atol=1e-10)
    V_other, _ = euler(-65.0, -13.0, len(t), I=2.0, consistent=not consistent)
    assert np.max(np.abs(V_other - v)) > 1e-4  # the two schemes are distinguishable here


def test_reset_after_a_spike():
    # V starts just below V_th = 30 and crosses it in the first step: V <- c, U <- U_euler + d
    a, b, c, d = 0.05, 0.3, -55.0, 4.5
    v0, u0 = 29.0, 2.0
    t, v, uu, spikes = record(dict(a=a, b=b, c=c, d=d, V_m=v0, U_m=u0), 0.3)
    np.testing.assert_allclose(spikes, [DT], atol=1e-12)
    assert v[0] == c
    assert uu[0] == pytest.approx(u0 + DT * a * (b * v0 - u0) + d, abs=1e-12)
    V, U = euler(c, uu[0], 2, a=a, b=b)  # and from there on Euler again
    np.testing.assert_allclose(v[1:], V, rtol=0, atol=1e-12)
    np.testing.assert_allclose(uu[1:], U, rtol=0, atol=1e-12)


@pytest.mark.parametrize("dt,rel", [(0.01, 0.015), (0.001, 0.0015)])
def test_interspike_interval_with_constant_recovery_variable(dt, rel):
    # a = 0 and d = 0 keep U = U0: dV/dt = 0.04 (V + 62.5)^2 + D with D = 140 - U0 + I - 156.25 > 0,
    # so V climbs from c to V_th in T = [atan(s (V_th + 62.5)) - atan(s (c + 62.5))] / sqrt(0.04 D),
    # s = sqrt(0.04 / D); forward Euler converges to it at first order in dt.
    U0, I, c, V_th = -10.0, 10.0, -65.0, 30.0
    D = 140.0 - U0 + I - 156.25
    s = math.sqrt(0.04 / D)
    T = (math.atan(s * (V_th + 62.5)) - math.atan(s * (c + 62.5))) / math.sqrt(0.04 * D)
    _, _, _, spikes = record(dict(a=0.0, d=0.0, I_e=I, V_m=c, U_m=U0), 40.0, dt=dt)
    isi = np.diff(np.concatenate([[0.0], spikes]))
    assert len(spikes) == int(40.0 // isi[0])
    np.testing.assert_allclose(isi, isi[0], rtol=0, atol=1e-9)  # strictly periodic
    assert isi[0] == pytest.approx(T, rel=rel)
    assert isi[0] > T  # Euler under-estimates the convex climb


def test_spike_input_jumps_V_by_w_with_consistent_integration():
    # a spike sent at 10 ms with delay 1 ms adds w to V in the sample at 11 ms, on top of the Euler step
    v_star, u_star = fixed_point(0.0)
    t, v, uu, _ = record(dict(V_m=v_star, U_m=u_star), 30.0, spikes=[([10.0], 3.0, 1.0), ([10.0], -1.0, 1.0)])
    k = int(round(11.0 / DT)) - 1
    w = np.zeros(len(t))
    w[k] = 2.0  # both signs share one input
    V, U = euler(v_star, u_star, len(t), w=w)
    np.testing.assert_allclose(v, V, rtol=0, atol=1e-10)
    np.testing.assert_allclose(uu, U, rtol=0, atol=1e-10)
    assert v[k] - v[k - 1] == pytest.approx(2.0, abs=1e-9)


def test_spike_input_acts_as_a_current_in_the_published_scheme():
    # consistent_integration = false: the step's input w enters both half steps like a current, so a
    # w mV spike moves V by about dt * w (NEST's behaviour; w exactly at dt = 1 ms)
    v_star, u_star = fixed_point(0.0)
    p = dict(V_m=v_star, U_m=u_star, consistent_integration=False)
    t, v, uu, _ = record(p, 30.0, spikes=[([10.0], 5.0, 1.0)])
    k = int(round(11.0 / DT)) - 1
    w = np.zeros(len(t))
    w[k] = 5.0
    V, U = euler(v_star, u_star, len(t), w=w, consistent=False)
    np.testing.assert_allclose(v, V, rtol=0, atol=1e-10)
    np.testing.assert_allclose(uu, U, rtol=0, atol=1e-10)
    assert v[k] - v[k - 1] == pytest.approx(DT * 5.0, rel=0.05)


def test_current_input_is_latched_and_acts_from_the_next_step():
    # a dc_generator (start 0, delay dt) reaches the neuron in step 1 and acts on V from step 2 on
    v_star, u_star = fixed_point(0.0)
    t, v, uu, spikes = record(dict(V_m=v_star, U_m=u_star), 20.0, dc=2.0)
    assert len(spikes) == 0
    V, U = euler(v_star, u_star, len(t), I=2.0, I_from=2)
    np.testing.assert_allclose(v, V, rtol=0, atol=1e-10)
    assert v[1] == pytest.approx(v_star, abs=1e-12) and v[2] == pytest.approx(v_star + 0.2, abs=1e-9)


def test_V_min_bounds_the_membrane_potential():
    t, v, _, _ = record(dict(V_min=-80.0, I_e=-200.0), 20.0)
    assert v.min() == -80.0
    assert np.sum(v == -80.0) > 100
    t, v, _, _ = record(dict(I_e=-200.0), 20.0)  # default: no bound
    assert v.min() < -80.0


# ---- parameters and ports ------------------------------------------------------------------------


def test_NEST_accepts_any_finite_values():
    # NEST's izhikevich checks none of its parameters (a, b, d may be negative, c may exceed V_th)
    sim = nestor.Simulator()
    n = sim.create(nestor.izhikevich, 1, a=-0.1, b=-1.0, c=40.0, d=-8.0, V_th=-100.0, V_min=-math.inf)
    assert mag(n.get("c"), u.mV)[0] == 40.0
    assert n.get("V_min")[0].magnitude == -math.inf


@pytest.mark.parametrize("bad,message", [
    (dict(consistent_integration=2), "consistent_integration"),
    (dict(a=math.nan), "a"),
    (dict(V_th=math.inf), "V_th"),
])
def test_bad_values_are_refused(bad, message):
    sim = nestor.Simulator()
    with pytest.raises(nestor.BadValueError, match=message):
        sim.create(nestor.izhikevich, 1, **bad)
    n = sim.create(nestor.izhikevich, 1)
    with pytest.raises(nestor.BadValueError, match=message):
        n.set(**bad, I_e=1.0)
    assert mag(n.get("I_e"), u.pA)[0] == 0.0  # a refused set changes nothing


def test_units_are_checked():
    sim = nestor.Simulator()
    with pytest.raises(nestor.DimensionError, match="c"):
        sim.create(nestor.izhikevich, 1, c=5.0 * u.pA)
    with pytest.raises(nestor.DimensionError, match="U_m"):
        sim.create(nestor.izhikevich, 1, U_m=5.0 * u.ms)
    n = sim.create(nestor.izhikevich, 1, d=2.0 * u.V, I_e=1.0 * u.nA)
    assert mag(n.get("d"), u.mV)[0] == pytest.approx(2000.0, rel=1e-12)
    assert mag(n.get("I_e"), u.pA)[0] == pytest.approx(1000.0, rel=1e-12)


def test_ports_and_weight_unit():
    sim = nestor.Simulator()
    n = sim.create(nestor.izhikevich)
    sg = sim.create(nestor.spike_generator, spike_times=[1.0])
    dc = sim.create(nestor.dc_generator)
    with pytest.raises(nestor.IllegalConnectionError):
        sim.connect(sg, n, receptor_type=1)
    with pytest.raises(nestor.IllegalConnectionError):
        sim.connect(dc, n, receptor_type=1)
    with pytest.raises(nestor.DimensionError):
        sim.connect(sg, n, weight=2.0 * u.pA)
    sim.connect(sg, n, weight=2.0 * u.mV)
    sim.connect(dc, n)
