"""aeif_psc_exp (NEST 3.9's AdEx neuron with exponentially decaying currents; its NEST case aeif_psc_exp__standard
runs in tests/validation/test_nest_cases.py at 1e-6): against an LSODA solution of its equations
(aeif_testlib.py); with Delta_T = a = b = 0 it is a leaky integrate-and-fire neuron and agrees with
iaf_psc_exp (exact integration) given tau_m = C_m/g_L; NEST's instability checks and parameter rules."""

import numpy as np
import pytest

import aeif_testlib as lib

MODEL = "aeif_psc_exp"
IAF = "iaf_psc_exp"
LIF = dict(Delta_T=0.0, a=0.0, b=0.0, V_th=-55.0, V_reset=-65.0, E_L=-70.0, V_m=-70.0, g_L=25.0, C_m=250.0,
           tau_syn_ex=2.0, tau_syn_in=1.0)
IAF_PARAMS = dict(V_th=-55.0, V_reset=-65.0, E_L=-70.0, C_m=250.0, tau_m=10.0, tau_syn_ex=2.0, tau_syn_in=1.0)
SPIKES = [(5.0, 300.0, 1.0), (8.0, 300.0, 1.0), (30.0, -500.0, 1.0), (50.0, 900.0, 1.0)]


def test_defaults_and_weight_unit():
    lib.check_defaults(MODEL)


def test_matches_high_accuracy_reference_before_first_spike():
    lib.check_reference_before_first_spike(MODEL)


def test_synaptic_input_matches_reference():
    lib.check_synaptic_input_against_reference(MODEL, 300.0, -200.0)


def test_refractory_clamp_and_spike_triggered_adaptation():
    lib.check_refractory_clamp_and_adaptation(MODEL)


def test_numerical_instability_is_an_error_naming_node_and_time():
    lib.check_divergence_errors(MODEL)


@pytest.mark.parametrize("I_e,t_ref", [(300.0, 2.0), (450.0, 2.0), (600.0, 0.5)])
def test_delta_T_zero_agrees_with_the_iaf_counterpart(I_e, t_ref):
    """Same spike steps; V within 1e-5 mV (GSL's error bound 1e-6 against exact integration)."""
    t, tr, sp = lib.run(MODEL, 100.0, dict(LIF, I_e=I_e, t_ref=t_ref), spikes=SPIKES)
    ti, tri, spi = lib.run(IAF, 100.0, dict(IAF_PARAMS, I_e=I_e, t_ref=t_ref), spikes=SPIKES)
    assert len(spi) >= 1 and np.array_equal(np.rint(sp / lib.DT), np.rint(spi / lib.DT))
    np.testing.assert_allclose(tr["V_m"], tri["V_m"], rtol=0, atol=1e-5)
    assert np.all(tr["w"] == 0.0)


def test_psc_jumps_by_the_weight_and_decays():
    t, tr, sp = lib.run(MODEL, 30.0, dict(LIF), spikes=[(5.0, 80.0, 1.0), (10.0, -40.0, 1.0)])
    I_ex = np.where(t >= 6.0 - 1e-9, 80.0 * np.exp(-(t - 6.0) / 2.0), 0.0)
    I_in = np.where(t >= 11.0 - 1e-9, 40.0 * np.exp(-(t - 11.0) / 1.0), 0.0)
    np.testing.assert_allclose(tr["I_syn_ex"], I_ex, rtol=0, atol=1e-5)
    np.testing.assert_allclose(tr["I_syn_in"], I_in, rtol=0, atol=1e-5)
    assert tr["I_syn_ex"][np.searchsorted(t, 6.0 - 1e-9)] == pytest.approx(80.0, abs=1e-12)


@pytest.mark.parametrize("params,word", lib.COMMON_RULES + lib.SYN_RULES)
def test_parameter_rules(params, word):
    lib.check_param_rule(MODEL, params, word)


def test_several_spikes_in_one_step_without_refractoriness():
    lib.check_several_spikes_per_step(MODEL)
