"""aeif_cond_alpha (NEST 3.9's AdEx neuron with alpha conductances; its NEST case aeif_cond_alpha__standard
runs in tests/validation/test_nest_cases.py at 1e-6): against an LSODA solution of its equations
(aeif_testlib.py), against closed forms with Delta_T = a = b = 0 (a leaky integrate-and-fire neuron:
V(t) = E_L + I_e/g_L (1 - exp(-t g_L/C_m)), threshold V_th, reset, refractoriness; an input spike of weight
w arriving at t_a gives g(t) = w (t - t_a)/tau e^(1 - (t - t_a)/tau)), NEST's instability checks and its
parameter rules."""

import numpy as np
import pytest

import aeif_testlib as lib

MODEL = "aeif_cond_alpha"
LIF = dict(Delta_T=0.0, a=0.0, b=0.0, V_th=-55.0, V_reset=-65.0, E_L=-70.0, V_m=-70.0, g_L=25.0, C_m=250.0)


def test_defaults_and_weight_unit():
    lib.check_defaults(MODEL)


def test_matches_high_accuracy_reference_before_first_spike():
    lib.check_reference_before_first_spike(MODEL)


def test_synaptic_input_matches_reference():
    lib.check_synaptic_input_against_reference(MODEL, 8.0, -6.0)


def test_refractory_clamp_and_spike_triggered_adaptation():
    lib.check_refractory_clamp_and_adaptation(MODEL)


def test_numerical_instability_is_an_error_naming_node_and_time():
    lib.check_divergence_errors(MODEL)


@pytest.mark.parametrize("I_e", [100.0, 300.0])
def test_delta_T_zero_subthreshold_is_the_lif_closed_form(I_e):
    t, tr, sp = lib.run(MODEL, 60.0, dict(LIF, I_e=I_e))
    expected = -70.0 + I_e / 25.0 * (1.0 - np.exp(-t * 25.0 / 250.0))
    assert len(sp) == 0
    np.testing.assert_allclose(tr["V_m"], expected, rtol=0, atol=1e-5)
    assert np.all(tr["w"] == 0.0)


@pytest.mark.parametrize("I_e,t_ref", [(500.0, 2.0), (800.0, 0.5)])
def test_delta_T_zero_spike_times_are_the_lif_closed_form(I_e, t_ref):
    tau_m, R = 250.0 / 25.0, 1.0 / 25.0
    t_first = -tau_m * np.log(1.0 - (-55.0 + 70.0) / (I_e * R))
    t_rise = -tau_m * np.log((I_e * R - 15.0) / (I_e * R - 5.0))  # from V_reset to V_th
    t, tr, sp = lib.run(MODEL, 60.0, dict(LIF, I_e=I_e, t_ref=t_ref))
    s1 = np.ceil(t_first / lib.DT) * lib.DT
    s2 = s1 + t_ref + np.ceil(t_rise / lib.DT) * lib.DT
    np.testing.assert_allclose(sp[:2], [s1, s2], atol=1e-9)


def test_delta_T_zero_conductance_is_an_alpha_function():
    t, tr, sp = lib.run(MODEL, 30.0, dict(LIF, tau_syn_ex=0.5, tau_syn_in=3.0), spikes=[(5.0, 8.0, 1.0), (10.0, -4.0, 1.0)])
    def alpha(w, ta, tau):
        s = np.maximum(t - ta, 0.0) / tau
        return w * s * np.exp(1.0 - s)
    np.testing.assert_allclose(tr["g_ex"], alpha(8.0, 6.0, 0.5), rtol=0, atol=1e-5)
    np.testing.assert_allclose(tr["g_in"], alpha(4.0, 11.0, 3.0), rtol=0, atol=1e-5)
    assert tr["g_ex"].max() == pytest.approx(8.0, abs=0.05)  # peak |w| nS at t_a + tau (sampled on the grid)


@pytest.mark.parametrize("params,word", lib.COMMON_RULES + lib.SYN_RULES)
def test_parameter_rules(params, word):
    lib.check_param_rule(MODEL, params, word)
