"""aeif_psc_delta (NEST 3.9's AdEx neuron whose input spikes make V jump by the weight; its NEST case
aeif_psc_delta__standard runs in tests/validation/test_nest_cases.py at 1e-6): against an LSODA solution
of its equations (aeif_testlib.py); with Delta_T = a = b = 0 it is a leaky integrate-and-fire neuron and
agrees with iaf_psc_delta given tau_m = C_m/g_L (NEST's aeif_psc_delta applies a step's input spikes after
its first integration step rather than at the end of the step; at rest that step is the whole time step);
refractory_input; NEST's instability checks and parameter rules."""

import numpy as np
import pytest

import aeif_testlib as lib

MODEL = "aeif_psc_delta"
LIF = dict(Delta_T=0.0, a=0.0, b=0.0, V_th=-55.0, V_reset=-65.0, E_L=-70.0, V_m=-70.0, g_L=25.0, C_m=250.0)
IAF_PARAMS = dict(V_th=-55.0, V_reset=-65.0, E_L=-70.0, C_m=250.0, tau_m=10.0)


def test_defaults_and_weight_unit():
    lib.check_defaults(MODEL)


def test_matches_high_accuracy_reference_before_first_spike():
    lib.check_reference_before_first_spike(MODEL)


def test_refractory_clamp_and_spike_triggered_adaptation():
    lib.check_refractory_clamp_and_adaptation(MODEL)


def test_numerical_instability_is_an_error_naming_node_and_time():
    lib.check_divergence_errors(MODEL)


@pytest.mark.parametrize("I_e,t_ref", [(300.0, 2.0), (450.0, 2.0), (600.0, 0.5)])
def test_delta_T_zero_agrees_with_iaf_psc_delta_under_dc(I_e, t_ref):
    t, tr, sp = lib.run(MODEL, 100.0, dict(LIF, I_e=I_e, t_ref=t_ref))
    ti, tri, spi = lib.run("iaf_psc_delta", 100.0, dict(IAF_PARAMS, I_e=I_e, t_ref=t_ref))
    assert np.array_equal(np.rint(sp / lib.DT), np.rint(spi / lib.DT))
    assert (len(sp) > 0) == (I_e > 375.0)  # rheobase g_L (V_th - E_L)
    np.testing.assert_allclose(tr["V_m"], tri["V_m"], rtol=0, atol=1e-5)


def test_delta_T_zero_agrees_with_iaf_psc_delta_with_spike_input():
    """Same spike steps; V differs at most by a jump's decay over one step, |w| (1 - exp(-dt/tau_m))."""
    spikes = [(5.0, 4.0, 1.0), (8.0, 6.0, 1.0), (30.0, -5.0, 1.0), (50.0, 9.0, 1.0)]
    t, tr, sp = lib.run(MODEL, 100.0, dict(LIF, I_e=360.0, t_ref=2.0), spikes=spikes)
    ti, tri, spi = lib.run("iaf_psc_delta", 100.0, dict(IAF_PARAMS, I_e=360.0, t_ref=2.0), spikes=spikes)
    assert len(spi) >= 2 and np.array_equal(np.rint(sp / lib.DT), np.rint(spi / lib.DT))
    np.testing.assert_allclose(tr["V_m"], tri["V_m"], rtol=0, atol=9.0 * (1.0 - np.exp(-lib.DT / 10.0)) + 1e-5)


def test_jump_by_the_weight_then_leak():
    t, tr, sp = lib.run(MODEL, 20.0, dict(LIF, V_reset=-70.0), spikes=[(5.0, 2.0, 1.0)])
    expected = np.where(t >= 6.0 - 1e-9, -70.0 + 2.0 * np.exp(-(t - 6.0) / 10.0), -70.0)
    np.testing.assert_allclose(tr["V_m"], expected, rtol=0, atol=1e-5)


@pytest.mark.parametrize("refractory_input", [False, True])
def test_refractory_input(refractory_input):
    """A spike arriving 1.9 ms into a 5 ms refractory period (32 steps left) is dropped, or with
    refractory_input added when the period ends, discounted by exp(-32 dt / tau_m)."""
    params = dict(LIF, V_reset=-70.0, V_m=-40.0, t_ref=5.0, refractory_input=refractory_input)
    t, tr, sp = lib.run(MODEL, 10.0, params, spikes=[(1.0, 3.0, 1.0)])
    np.testing.assert_allclose(sp, [0.1])  # V_m = -40 mV is above V_th: a spike in the first step
    k = int(np.searchsorted(t, 5.2 - 1e-9))  # refractory in steps 2..51 (t <= 5.1 ms)
    assert np.all(tr["V_m"][:k] == -70.0)
    jump = 3.0 * np.exp(-32 * lib.DT / 10.0) if refractory_input else 0.0
    expected = -70.0 + jump * np.exp(-(t[k:] - 5.2) / 10.0)
    np.testing.assert_allclose(tr["V_m"][k:], expected, rtol=0, atol=1e-5)


@pytest.mark.parametrize("params,word", lib.COMMON_RULES + [(dict(refractory_input=2.0), "refractory_input")])
def test_parameter_rules(params, word):
    lib.check_param_rule(MODEL, params, word)


def test_several_spikes_in_one_step_without_refractoriness():
    lib.check_several_spikes_per_step(MODEL)
