"""aeif_psc_delta_clopath (NEST 3.9's models/aeif_psc_delta_clopath.cpp; no NEST reference case exists):

    C_m dV/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_th)/Delta_T) - w + z + I_e
    tau_w dw/dt = a (V - E_L) - w,  tau_z dz/dt = -z,  tau_V_th dV_th/dt = V_th_rest - V_th
    tau_u_bar_plus du_bar_plus/dt = V - u_bar_plus,  tau_u_bar_minus du_bar_minus/dt = V - u_bar_minus,
    tau_u_bar_bar du_bar_bar/dt = u_bar_minus - u_bar_bar

Tested against: an independent high-accuracy integration (scipy LSODA) of the sub-threshold equations; the
filtered voltages against the exact first-order low-pass of the recorded V (linear between samples);
NEST's clamping after a spike (V = V_clamp for t_clamp, then V_reset for t_ref, w += b, z = I_sp,
V_th = V_th_max at the spike); the jump of V by a delta input's weight; and NEST's parameter rules.
Running a recorded neuron and the exact low-pass filter are in synapse_testlib.py (shared with the other
Clopath tests)."""

import math

import numpy as np
import pytest
from scipy.integrate import solve_ivp

import nestor
import synapse_testlib as lib
from nestor import units as u

DT = 0.1
M = nestor.aeif_psc_delta_clopath
REC = ["V_m", "w", "z", "V_th", "u_bar_plus", "u_bar_minus", "u_bar_bar"]
D = dict(C_m=281.0, g_L=30.0, E_L=-70.6, Delta_T=2.0, V_th_rest=-50.4, tau_w=144.0, a=4.0, tau_z=40.0,
         tau_V_th=50.0, tau_u_bar_plus=7.0, tau_u_bar_minus=10.0, tau_u_bar_bar=500.0)


def run(T, inputs=(), **params):
    """(traces of REC, spike times in ms) of one neuron with delta inputs (t, weight)."""
    return lib.record_neuron(M, REC, T, inputs, **params)


def reference(T, I_e, p=D):
    """The sub-threshold equations from rest (V = u_bars = E_L, V_th = V_th_rest) with I_e from t = 0."""
    def rhs(t, y):
        V, w, z, V_th, up, um, ub = y
        I_sp = p["g_L"] * p["Delta_T"] * math.exp((V - V_th) / p["Delta_T"])
        return [(-p["g_L"] * (V - p["E_L"]) + I_sp - w + z + I_e) / p["C_m"], (p["a"] * (V - p["E_L"]) - w) / p["tau_w"],
                -z / p["tau_z"], -(V_th - p["V_th_rest"]) / p["tau_V_th"], (V - up) / p["tau_u_bar_plus"],
                (V - um) / p["tau_u_bar_minus"], (um - ub) / p["tau_u_bar_bar"]]

    E = p["E_L"]
    t_eval = np.arange(1, int(round(T / DT)) + 1) * DT
    sol = solve_ivp(rhs, (0.0, T), [E, 0.0, 0.0, p["V_th_rest"], E, E, E], method="LSODA", rtol=1e-11,
                    atol=1e-11, t_eval=t_eval)
    assert sol.success
    return sol.y


low_pass = lib.low_pass  # low_pass(x, tau, x0): tau dy/dt = x(t) - y, y(0) = x0 (where V starts: E_L)


@pytest.mark.parametrize("I_e", [300.0, 500.0])
def test_subthreshold_response_matches_the_reference_solution(I_e):
    rec, spikes = run(200.0, I_e=I_e)
    assert len(spikes) == 0
    ref = reference(200.0, I_e)
    for k, name in enumerate(REC):
        np.testing.assert_allclose(rec[name], ref[k], rtol=0, atol=2e-4, err_msg=name)
    assert rec["V_m"][-1] > -70.6 + 5.0  # the current moved V (and with it the filters) far from rest


def test_filtered_voltages_are_low_passes_of_V():
    # A wiggly V: DC plus delta inputs of both signs, sub-threshold.
    inputs = [(t, w) for t, w in zip(np.arange(5.0, 300.0, 7.3), np.tile([4.0, -3.0, 2.5], 41))]
    rec, spikes = run(300.0, inputs=inputs, I_e=200.0)
    assert len(spikes) == 0
    V = rec["V_m"]
    # A delta input makes V jump inside a step (on its first integration step): the filters see the jump
    # at the start of the step, so the linear interpolation is exact to the O(dt^2) curvature only.
    up = low_pass(V, 7.0, -70.6)
    um = low_pass(V, 10.0, -70.6)
    np.testing.assert_allclose(rec["u_bar_plus"], up, rtol=0, atol=0.06)
    np.testing.assert_allclose(rec["u_bar_minus"], um, rtol=0, atol=0.04)
    np.testing.assert_allclose(rec["u_bar_bar"], low_pass(rec["u_bar_minus"], 500.0, -70.6), rtol=0, atol=2e-5)
    # and they are not simply V: the fast filter lags behind the jumps
    assert np.max(np.abs(rec["u_bar_plus"] - V)) > 1.0


def test_filters_of_a_smooth_V_to_high_accuracy():
    rec, _ = run(100.0, I_e=400.0)
    np.testing.assert_allclose(rec["u_bar_plus"], low_pass(rec["V_m"], 7.0, -70.6), rtol=0, atol=1e-4)
    np.testing.assert_allclose(rec["u_bar_minus"], low_pass(rec["V_m"], 10.0, -70.6), rtol=0, atol=1e-4)


def test_delta_input_jumps_V_by_its_weight():
    rec, _ = run(20.0, inputs=[(10.0, 2.0)])
    V = rec["V_m"]
    k = int(round(10.1 / DT)) - 1  # sample at 10.1 ms: the end of the arrival step
    assert V[k] - V[k - 1] == pytest.approx(2.0, abs=0.01)  # minus the leak over one step
    assert abs(V[k - 1] - V[k - 2]) < 1e-6  # at rest before (the exponential term drifts by ~3e-7)


@pytest.mark.parametrize("t_clamp, t_ref", [(2.0, 0.5), (1.0, 0.0), (0.3, 1.2)])
def test_clamping_after_a_spike(t_clamp, t_ref):
    p = dict(V_clamp=20.0, V_reset=-60.0, b=50.0, I_sp=300.0, V_th_max=-30.0, t_clamp=t_clamp, t_ref=t_ref)
    rec, spikes = run(60.0, inputs=[(20.0, 110.0)], **p)  # one big delta input: V jumps above V_peak (33 mV)
    V = rec["V_m"]
    assert spikes[0] == pytest.approx(20.1)  # in the arrival step
    k = int(round(spikes[0] / DT)) - 1  # sample of the spike step
    C, R = int(round(t_clamp / DT)), int(round(t_ref / DT))
    np.testing.assert_array_equal(V[k:k + C], 20.0)  # clamped: t_clamp steps including the spike's
    assert V[k - 1] < -60.0
    # then V_reset, set after the first integration step of the last clamped step (V was constant, so
    # that integration step spans the whole step) and held for t_ref more steps
    np.testing.assert_array_equal(V[k + C:k + C + R + 1], -60.0)
    assert V[k + C + R + 1] != -60.0 and abs(V[k + C + R + 1] + 60.0) < 1.0
    assert len(spikes) == 1
    # at the spike: w += b (w was ~0), z = I_sp, V_th = V_th_max; then they relax
    assert rec["w"][k] == pytest.approx(50.0, abs=0.2)
    assert rec["z"][k] == pytest.approx(300.0 * math.exp(-(1.0 - 0.0) * 0.0), rel=0.01)
    assert rec["V_th"][k] == pytest.approx(-30.0, abs=0.05)
    # while clamped w stays put (dw/dt = 0) and z, V_th decay with their time constants
    np.testing.assert_allclose(rec["w"][k:k + C], rec["w"][k], rtol=0, atol=1e-9)
    j = k + C - 1
    assert rec["z"][j] / rec["z"][k] == pytest.approx(math.exp(-(C - 1) * DT / 40.0), rel=1e-5)
    assert (rec["V_th"][j] + 50.4) / (rec["V_th"][k] + 50.4) == pytest.approx(math.exp(-(C - 1) * DT / 50.0), rel=1e-5)
    # the filters follow the clamped V: u_bar_plus rises towards V_clamp
    assert rec["u_bar_plus"][j] > rec["u_bar_plus"][k] + 1.0


def test_without_clamping_V_continues_from_V_clamp():
    # NEST: with t_clamp = 0 there is no clamping and no refractoriness: V = V_clamp at the spike and evolves
    # freely from there at once (no V_reset).
    for V_clamp in (33.0, 0.0):
        rec, spikes = run(22.0, inputs=[(20.0, 110.0)], t_clamp=0.0, t_ref=1.0, V_clamp=V_clamp, V_reset=-60.0)
        assert len(spikes) == 1 and spikes[0] == pytest.approx(20.1)
        k = int(round(spikes[0] / DT)) - 1
        V = rec["V_m"]
        # set after the step's only integration step (V was at rest: the step size had grown to dt)
        assert V[k] == V_clamp
        assert np.all(np.diff(V[k:k + 5]) < 0) and np.all(V[k:] > -60.0)  # falling from there, no reset


@pytest.mark.parametrize("params, name", [
    (dict(V_reset=40.0), "V_reset"),
    (dict(V_th_max=-60.0), "V_th_max"),
    (dict(V_peak=-60.0, V_reset=-70.0), "V_peak"),
    (dict(Delta_T=0.01, V_peak=100.0), "Delta_T"),
    (dict(Delta_T=-1.0), "Delta_T"),
    (dict(C_m=0.0), "C_m"),
    (dict(t_ref=-1.0), "t_ref"),
    (dict(t_clamp=-0.5), "t_clamp"),
    (dict(tau_w=0.0), "tau_w"),
    (dict(tau_z=-1.0), "tau_z"),
    (dict(tau_V_th=0.0), "tau_V_th"),
    (dict(tau_u_bar_plus=0.0), "tau_u_bar_plus"),
    (dict(tau_u_bar_minus=-2.0), "tau_u_bar_minus"),
    (dict(tau_u_bar_bar=0.0), "tau_u_bar_bar"),
    (dict(gsl_error_tol=0.0), "gsl_error_tol"),
    (dict(u_ref_squared=0.0), "u_ref_squared"),
])
def test_parameter_rules(params, name):
    sim = nestor.Simulator()
    with pytest.raises(nestor.BadValueError, match=name):
        sim.create(M, 1, **params)


def test_defaults_and_state():
    d = M.defaults()
    assert d["V_peak"] == (33.0, "mV") and d["V_clamp"] == (33.0, "mV") and d["t_clamp"] == (2.0, "ms")
    assert d["A_LTD"][0] == 14e-5 and d["A_LTP"][0] == 8e-5 and d["theta_plus"] == (-45.3, "mV")
    assert d["theta_minus"] == (-70.6, "mV") and d["delay_u_bars"] == (5.0, "ms") and d["A_LTD_const"][0] is True
    sim = nestor.Simulator()
    n = sim.create(M, 1, u_bar_plus=-60.0)
    assert float(np.asarray(u.get_mantissa(n.get("u_bar_plus") / u.mV))[0]) == -60.0
    assert float(np.asarray(u.get_mantissa(n.get("u_bar_bar") / u.mV))[0]) == -70.6


def test_delta_T_zero_fires_at_the_adaptive_threshold():
    # Delta_T = 0: no exponential term, and the spike is detected at the state V_th, which jumps to
    # V_th_max at a spike and relaxes to V_th_rest with tau_V_th.
    p = dict(Delta_T=0.0, V_th_rest=-55.0, V_th_max=-45.0, tau_V_th=20.0, t_clamp=0.5, t_ref=1.0,
             V_reset=-65.0, V_clamp=20.0, b=0.0, a=0.0, I_sp=0.0, I_e=1200.0)
    rec, spikes = run(200.0, **p)
    assert len(spikes) >= 3
    ks = np.round(spikes / DT).astype(int) - 1
    V, V_th = rec["V_m"], rec["V_th"]
    for k in ks:
        assert V[k] == 20.0 and V_th[k] == -45.0  # V_clamp; V_th_max (set at the end of the spike step)
        assert V[k - 1] < V_th[k - 1]  # below the threshold one step before
    for k0, k1 in zip(ks[:-1], ks[1:]):
        t = np.arange(1, k1 - k0) * DT
        np.testing.assert_allclose(V_th[k0 + 1:k1], -55.0 + 10.0 * np.exp(-t / 20.0), rtol=0, atol=1e-6)
    # V before the first spike: the linear membrane, E_L + I_e/g_L (1 - exp(-t g_L/C_m)), crossing -55 mV
    t = np.arange(1, ks[0] + 1) * DT
    np.testing.assert_allclose(V[:ks[0]], -70.6 + 1200.0 / 30.0 * (1 - np.exp(-t * 30.0 / 281.0)), atol=1e-5)
    # the threshold state starts at its default -50.4 mV (setting V_th_rest does not move it, as NEST) and
    # relaxes to V_th_rest: the first spike is stamped at the first grid time with V >= V_th
    t = np.arange(1, 1000) * DT
    V_free = -70.6 + 1200.0 / 30.0 * (1 - np.exp(-t * 30.0 / 281.0))
    V_th_free = -55.0 + 4.6 * np.exp(-t / 20.0)
    assert spikes[0] == pytest.approx(t[np.argmax(V_free >= V_th_free)], abs=1e-9)
