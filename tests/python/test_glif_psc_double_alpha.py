"""glif_psc_double_alpha (NEST 3.9's GLIF variants with a fast plus a slow alpha current per receptor port)
against closed forms, and NEST's rules for its parameters. The GLIF mechanics it shares with glif_psc are
checked by glif_closed_forms.py; the NEST reference case glif_psc_double_alpha__standard (GLIF 1 with two
ports) runs in tests/validation/test_nest_cases.py.

One spike of weight w arriving on port k at t_a starts the current (s = t - t_a)
    I(s) = w e s/tau_f exp(-s/tau_f) + amp_slow w e s/tau_s exp(-s/tau_s)
(tau_f = tau_syn_fast[k], tau_s = tau_syn_slow[k], amp_slow = amp_slow[k]); each alpha function moves the
membrane (tau = C_m/g) by
    V(t) - E_L = w e/(C_m tau_x) exp(-s/tau) (1 - exp(-a s)(1 + a s))/a^2,   a = 1/tau_x - 1/tau,
and the recordable I_syn is the current at the start of the step, I(t - dt - t_a)."""

import math

import numpy as np
import pytest

import glif_closed_forms as gl
import nestor
from glif_closed_forms import C_M, DT, E_L, TAU, run

MODEL = nestor.glif_psc_double_alpha


@pytest.mark.parametrize("check", [
    gl.check_glif1_subthreshold_dc_step,
    gl.check_glif1_spikes_reset_and_refractory_period,
    gl.check_glif2_spike_threshold_and_biological_reset,
    gl.check_glif3_after_spike_currents_jump_hold_and_decay,
    gl.check_glif5_voltage_threshold_component_subthreshold,
    gl.check_variants_reduce_when_a_mechanism_is_neutral,
    gl.check_asc_init_does_not_set_the_after_spike_currents,
    gl.check_V_th_and_V_reset_keep_their_values_when_E_L_changes,
    gl.check_rules_apply_only_to_the_variants_that_use_them,
    gl.check_no_I_e_and_recordables_as_nest,
], ids=lambda f: f.__name__[6:])
def test_glif_mechanics(check):
    check(MODEL)


def alpha(s, w, tk):
    s = np.maximum(s, 0.0)
    return w * math.e * s / tk * np.exp(-s / tk)


def psp(s, w, tk):
    s = np.maximum(s, 0.0)
    a = 1.0 / tk - 1.0 / TAU
    return w * math.e / (C_M * tk) * np.exp(-s / TAU) * (1.0 - np.exp(-a * s) * (1.0 + a * s)) / a**2


def test_double_alpha_psc_on_each_port():
    fast, slow, amp = [1.5, 3.0, 0.8], [6.0, 20.0, 4.0], [0.3, 1.2, 0.05]
    spikes = [(5.0, 30.0, 1), (12.0, -20.0, 2), (12.0, 50.0, 3), (25.0, 15.0, 2)]
    t, rec, _ = run(MODEL, 60.0, spikes=spikes, tau_syn_fast=fast, tau_syn_slow=slow, amp_slow=amp)
    arrivals = [(ts + 1.0, w, k - 1) for ts, w, k in spikes]
    v = E_L + sum(psp(t - ta, w, fast[k]) + psp(t - ta, amp[k] * w, slow[k]) for ta, w, k in arrivals)
    np.testing.assert_allclose(rec["V_m"], v, rtol=0, atol=1e-11)
    i_syn = sum(alpha(t - DT - ta, w, fast[k]) + alpha(t - DT - ta, amp[k] * w, slow[k])
                for ta, w, k in arrivals)
    np.testing.assert_allclose(rec["I_syn"], i_syn, rtol=0, atol=1e-11)


def test_slow_component_alone_after_the_fast_one_has_gone():
    # Long after the fast alpha function has decayed, the current is amp_slow w e s/tau_s exp(-s/tau_s).
    t, rec, _ = run(MODEL, 80.0, spikes=[(2.0, 40.0, 1)], tau_syn_fast=[0.5], tau_syn_slow=[10.0],
                    amp_slow=[0.5])
    s = t - DT - 3.0
    late = s > 30.0
    slow_only = 0.5 * 40.0 * math.e * s[late] / 10.0 * np.exp(-s[late] / 10.0)
    np.testing.assert_allclose(rec["I_syn"][late], slow_only, rtol=1e-9)
    # The slow peak, amp_slow w at s = tau_s, on the sample where s = tau_s.
    k = int(np.argmin(np.abs(s - 10.0)))
    assert rec["I_syn"][k] == pytest.approx(0.5 * 40.0 + alpha(10.0, 40.0, 0.5), rel=1e-12)


def test_ports_count_from_one_to_the_number_of_time_constants():
    gl.check_ports(MODEL, tau_syn_fast=[1.0, 2.0], tau_syn_slow=[5.0, 6.0], amp_slow=[0.3, 0.4])


def test_the_three_port_arrays_have_one_length():
    # NEST does not compare them (and reads past the shorter ones); nestor asks for equal lengths.
    sim = nestor.Simulator()
    with pytest.raises(nestor.BadValueError, match="expected the same number"):
        sim.create(MODEL, 1, tau_syn_fast=[1.0, 2.0])
    n = sim.create(MODEL, 1, tau_syn_fast=[1.0, 2.0], tau_syn_slow=[5.0, 6.0], amp_slow=[0.3, 0.4])
    with pytest.raises(nestor.BadValueError, match="fixed when nodes are created"):
        n.set(tau_syn_fast=[1.0], tau_syn_slow=[5.0], amp_slow=[0.3])


@pytest.mark.parametrize("params,word", gl.COMMON_RULES + [
    (dict(tau_syn_fast=[0.0]), "tau_syn_fast"),
    (dict(tau_syn_slow=[-2.0]), "tau_syn_slow"),
    (dict(amp_slow=[0.0]), "amp_slow"),
    (dict(amp_slow=[-0.3]), "amp_slow"),
])
def test_parameter_rules(params, word):
    gl.check_parameter_rule(MODEL, params, word)


def test_defaults_as_nest():
    gl.check_defaults(MODEL, dict(tau_syn_fast=[2.0], tau_syn_slow=[6.0], amp_slow=[0.3]))
