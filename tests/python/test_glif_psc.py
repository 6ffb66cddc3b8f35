"""glif_psc (NEST 3.9's five current-based GLIF variants with one alpha current per receptor port) against
closed forms, and NEST's rules for its parameters. The GLIF mechanics it shares with glif_psc_double_alpha
are checked by glif_closed_forms.py; the NEST reference case glif_psc__standard (GLIF 1 with two ports)
runs in tests/validation/test_nest_cases.py.

One spike of weight w arriving on port k at t_a starts the alpha current I(s) = w e s/tau_k exp(-s/tau_k),
s = t - t_a (peak w at s = tau_k), which moves the membrane (tau = C_m/g) by
    V(t) - E_L = w e/(C_m tau_k) exp(-s/tau) (1 - exp(-a s)(1 + a s))/a^2,   a = 1/tau_k - 1/tau;
the recordable I_syn is the ports' current at the start of the step, I(t - dt - t_a)."""

import math

import numpy as np
import pytest

import glif_closed_forms as gl
import nestor
from glif_closed_forms import C_M, DT, E_L, TAU, run
from nestor import units as u

MODEL = nestor.glif_psc


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


def test_alpha_psc_on_each_port():
    taus = [2.0, 5.0, 0.7]
    spikes = [(5.0, 30.0, 1), (12.0, -20.0, 2), (12.0, 50.0, 3), (25.0, 15.0, 2)]
    t, rec, _ = run(MODEL, 50.0, spikes=spikes, tau_syn=taus)

    def alpha(s, w, tk):
        s = np.maximum(s, 0.0)
        return w * math.e * s / tk * np.exp(-s / tk)

    def psp(s, w, tk):
        s = np.maximum(s, 0.0)
        a = 1.0 / tk - 1.0 / TAU
        return w * math.e / (C_M * tk) * np.exp(-s / TAU) * (1.0 - np.exp(-a * s) * (1.0 + a * s)) / a**2

    arrivals = [(ts + 1.0, w, taus[k - 1]) for ts, w, k in spikes]
    v = E_L + sum(psp(t - ta, w, tk) for ta, w, tk in arrivals)
    np.testing.assert_allclose(rec["V_m"], v, rtol=0, atol=1e-11)
    i_syn = sum(alpha(t - DT - ta, w, tk) for ta, w, tk in arrivals)
    np.testing.assert_allclose(rec["I_syn"], i_syn, rtol=0, atol=1e-11)
    # The peak current of one spike is w at t = tau_k (the alpha normalisation).
    ta, w, tk = arrivals[0]
    k = int(np.argmin(np.abs(t - (ta + tk + DT))))
    assert rec["I_syn"][k] == pytest.approx(w, rel=1e-12)


def test_ports_count_from_one_to_the_number_of_time_constants():
    gl.check_ports(MODEL, tau_syn=[1.0, 2.0])


def test_number_of_ports_is_fixed_when_created():
    sim = nestor.Simulator()
    n = sim.create(MODEL, 1, tau_syn=[1.0, 2.0])
    n.set(tau_syn=[3.0, 4.0])
    with pytest.raises(nestor.BadValueError, match="fixed when nodes are created"):
        n.set(tau_syn=[1.0])


@pytest.mark.parametrize("params,word", gl.COMMON_RULES + [
    (dict(tau_syn=[2.0, 0.0]), "tau_syn"),
    (dict(tau_syn=[-1.0]), "tau_syn"),
])
def test_parameter_rules(params, word):
    gl.check_parameter_rule(MODEL, params, word)


def test_defaults_as_nest():
    gl.check_defaults(MODEL, dict(tau_syn=[2.0]))


def test_tau_syn_equal_to_the_membrane_time_constant():
    # NEST accepts tau_syn == C_m/g (its alpha propagator has the singular branch): the PSP is then
    # w e/(C_m tau) s^2/2 exp(-s/tau).
    t, rec, _ = run(MODEL, 40.0, spikes=[(3.0, 25.0, 1)], tau_syn=[TAU])
    s = np.maximum(t - 4.0, 0.0)
    np.testing.assert_allclose(rec["V_m"], E_L + 25.0 * math.e / (C_M * TAU) * s**2 / 2 * np.exp(-s / TAU),
                               rtol=0, atol=1e-11)


def test_nodes_with_their_own_parameters_run_as_alone():
    variants = [dict(tau_syn=[1.0, 3.0]), dict(tau_syn=[2.0, 0.5], spike_dependent_threshold=True,
                                               after_spike_currents=True, asc_amps=[-5.0, -50.0])]
    alone = [run(MODEL, 60.0, dc=[(450.0, 0.0, None)], spikes=[(10.0, 30.0, 2)], **p)[1]["V_m"]
             for p in variants]
    sim = nestor.Simulator(dt=DT * u.ms)
    pop = sim.create(MODEL, 2, tau_syn=[[1.0, 3.0], [2.0, 0.5]])
    pop[1].set(spike_dependent_threshold=True, after_spike_currents=True, asc_amps=[-5.0, -50.0])
    dc = sim.create(nestor.dc_generator, amplitude=450.0 * u.pA)
    sim.connect(dc, pop, delay=1.0 * u.ms)
    sg = sim.create(nestor.spike_generator, spike_times=[10.0])
    sim.connect(sg, pop, weight=30.0 * u.pA, delay=1.0 * u.ms, receptor_type=2)
    mm = sim.create(nestor.multimeter, record_from=["V_m"])
    sim.connect(mm, pop)
    res = sim.simulate(60.0 * u.ms, progress=False)
    both = np.asarray(res.trace(mm, "V_m").magnitude)
    assert not np.array_equal(alone[0], alone[1])
    for i in range(2):
        np.testing.assert_array_equal(both[:, i], alone[i])  # samples x nodes
