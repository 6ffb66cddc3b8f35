"""hh_psc_alpha_clopath (NEST 3.9's models/hh_psc_alpha_clopath.cpp; no NEST reference case exists):
hh_psc_alpha's Hodgkin-Huxley equations integrated together with the filtered voltages

    tau_u_bar_plus du_bar_plus/dt = V - u_bar_plus,  tau_u_bar_minus du_bar_minus/dt = V - u_bar_minus,
    tau_u_bar_bar du_bar_bar/dt = u_bar_minus - u_bar_bar      (all three start at 0 mV, as NEST)

Tested against: an independent high-accuracy integration (scipy LSODA) of the 7 equations (V, m, h, n
and the filters) under a DC current, sub-threshold and spiking (NEST's absolute error bound 1e-3 sets the
tolerances); the filters against the exact first-order low-pass of the recorded V; hh_psc_alpha's spike
times and alpha currents; and NEST's parameter rules. Running a recorded neuron and the exact low-pass filter
are in synapse_testlib.py (shared with the other Clopath tests)."""

import math

import numpy as np
import pytest
from scipy.integrate import solve_ivp

import nestor
import synapse_testlib as lib

DT = 0.1
M = nestor.hh_psc_alpha_clopath
REC = ["V_m", "u_bar_plus", "u_bar_minus", "u_bar_bar", "I_syn_ex", "I_syn_in"]
P = dict(g_Na=12000.0, g_K=3600.0, g_L=30.0, C_m=100.0, E_Na=50.0, E_K=-77.0, E_L=-54.402)
TAUS = (114.0, 10.0, 500.0)


def rates(V):
    return (0.1 * (V + 40.0) / (1.0 - math.exp(-(V + 40.0) / 10.0)), 4.0 * math.exp(-(V + 65.0) / 18.0),
            0.07 * math.exp(-(V + 65.0) / 20.0), 1.0 / (1.0 + math.exp(-(V + 35.0) / 10.0)),
            0.01 * (V + 55.0) / (1.0 - math.exp(-(V + 55.0) / 10.0)), 0.125 * math.exp(-(V + 65.0) / 80.0))


def reference(T, I_e):
    def rhs(t, y):
        V, m, h, n, up, um, ub = y
        a_m, b_m, a_h, b_h, a_n, b_n = rates(V)
        I = P["g_Na"] * m**3 * h * (V - P["E_Na"]) + P["g_K"] * n**4 * (V - P["E_K"]) + P["g_L"] * (V - P["E_L"])
        return [(I_e - I) / P["C_m"], a_m * (1 - m) - b_m * m, a_h * (1 - h) - b_h * h, a_n * (1 - n) - b_n * n,
                (V - up) / TAUS[0], (V - um) / TAUS[1], (um - ub) / TAUS[2]]

    a_m, b_m, a_h, b_h, a_n, b_n = rates(-65.0)
    y0 = [-65.0, a_m / (a_m + b_m), a_h / (a_h + b_h), a_n / (a_n + b_n), 0.0, 0.0, 0.0]
    t_eval = np.arange(1, int(round(T / DT)) + 1) * DT
    sol = solve_ivp(rhs, (0.0, T), y0, method="LSODA", rtol=1e-10, atol=1e-12, t_eval=t_eval)
    assert sol.success
    return sol.y


def run(model, T, inputs=(), **params):
    """(traces, spike times in ms) of one neuron with delta inputs (t, weight)."""
    rec_from = REC if model is M else ["V_m", "I_syn_ex", "I_syn_in"]
    return lib.record_neuron(model, rec_from, T, inputs, **params)


low_pass = lib.low_pass  # low_pass(x, tau, x0, y0): tau dy/dt = x(t) - y, y(0) = y0, x linear from x(0) = x0


def test_subthreshold_V_and_filters_match_the_reference_solution():
    rec, spikes = run(M, 100.0, I_e=200.0)
    assert len(spikes) == 0
    ref = reference(100.0, 200.0)
    np.testing.assert_allclose(rec["V_m"], ref[0], rtol=0, atol=2e-3)
    for k, name in enumerate(["u_bar_plus", "u_bar_minus", "u_bar_bar"]):
        np.testing.assert_allclose(rec[name], ref[4 + k], rtol=0, atol=2e-3, err_msg=name)
    # starting at 0 mV, the filters approach V with their own time constants
    assert rec["u_bar_minus"][-1] == pytest.approx(rec["V_m"][-1], abs=0.1)
    assert rec["u_bar_plus"][-1] > rec["V_m"][-1] + 20.0 and rec["u_bar_bar"][-1] > -20.0


def test_filters_are_low_passes_of_V_also_through_action_potentials():
    rec, spikes = run(M, 60.0, I_e=1000.0)
    assert len(spikes) >= 3
    V = rec["V_m"]
    # Linear interpolation of V between samples misses the curvature of the action potentials (~0.01 mV);
    # the integrator's own error bound is 1e-3 per step.
    for name, tau in (("u_bar_plus", TAUS[0]), ("u_bar_minus", TAUS[1])):
        np.testing.assert_allclose(rec[name], low_pass(V, tau, -65.0, 0.0), rtol=0, atol=0.03, err_msg=name)
    np.testing.assert_allclose(rec["u_bar_bar"], low_pass(rec["u_bar_minus"], TAUS[2], 0.0, 0.0), rtol=0, atol=3e-3)


def test_spiking_matches_the_reference_and_hh_psc_alpha():
    rec, spikes = run(M, 40.0, I_e=1000.0)
    ref = reference(40.0, 1000.0)
    np.testing.assert_allclose(rec["V_m"], ref[0], rtol=0, atol=0.05)
    np.testing.assert_allclose(rec["u_bar_minus"], ref[5], rtol=0, atol=0.01)
    base, base_spikes = run(nestor.hh_psc_alpha, 40.0, I_e=1000.0)
    np.testing.assert_array_equal(spikes, base_spikes)
    np.testing.assert_allclose(rec["V_m"], base["V_m"], rtol=0, atol=0.05)
    assert len(spikes) >= 2


def test_alpha_currents_as_hh_psc_alpha():
    inputs = [(5.0, 300.0), (12.0, -200.0)]
    rec, _ = run(M, 30.0, inputs=inputs)
    base, _ = run(nestor.hh_psc_alpha, 30.0, inputs=inputs)
    # the currents do not depend on V: identical integration, identical values up to the step control
    np.testing.assert_allclose(rec["I_syn_ex"], base["I_syn_ex"], rtol=0, atol=1e-3)
    np.testing.assert_allclose(rec["I_syn_in"], base["I_syn_in"], rtol=0, atol=1e-3)
    assert np.max(rec["I_syn_ex"]) == pytest.approx(300.0, rel=1e-2)  # peak = weight
    assert np.min(rec["I_syn_in"]) == pytest.approx(-200.0, rel=1e-2)


@pytest.mark.parametrize("params, name", [
    (dict(C_m=0.0), "C_m"),
    (dict(t_ref=-1.0), "t_ref"),
    (dict(tau_syn_ex=0.0), "tau_syn_ex"),
    (dict(tau_syn_in=-1.0), "tau_syn_in"),
    (dict(tau_u_bar_plus=0.0), "tau_u_bar_plus"),
    (dict(tau_u_bar_minus=0.0), "tau_u_bar_minus"),
    (dict(tau_u_bar_bar=-5.0), "tau_u_bar_bar"),
    (dict(g_Na=-1.0), "g_Na"),
    (dict(g_K=-1.0), "g_K"),
    (dict(g_L=-1.0), "g_L"),
    (dict(Act_m=-0.1), "Act_m"),
    (dict(Inact_h=-0.1), "Inact_h"),
    (dict(Act_n=-0.1), "Act_n"),
    (dict(u_ref_squared=-1.0), "u_ref_squared"),
])
def test_parameter_rules(params, name):
    sim = nestor.Simulator()
    with pytest.raises(nestor.BadValueError, match=name):
        sim.create(M, 1, **params)


def test_defaults():
    d = M.defaults()
    assert d["tau_u_bar_plus"] == (114.0, "ms") and d["tau_u_bar_minus"] == (10.0, "ms")
    assert d["tau_u_bar_bar"] == (500.0, "ms") and d["V_m"] == (-65.0, "mV") and d["u_bar_plus"] == (0.0, "mV")
    assert d["theta_minus"] == (-70.6, "mV") and d["A_LTP"][0] == 8e-5
