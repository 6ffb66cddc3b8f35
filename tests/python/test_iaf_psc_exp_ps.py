"""iaf_psc_exp_ps (precise spike timing, exponential currents) against closed forms, and NEST 3.9's
rules for it:

    dV/dt = -(V - E_L)/tau_m + (I_syn_ex + I_syn_in + I_e)/C_m,   dI_syn_X/dt = -I_syn_X/tau_syn_X

A spike of weight w (pA) arriving at its exact time t_a adds w to I_syn_ex (w >= 0) or I_syn_in. Output
spikes are placed where V crosses V_th (found within the step by regula falsi), so the spike times do
not depend on the step size; V stays at V_reset for exactly t_ref after a spike while the currents
keep decaying. (The NEST reference case iaf_psc_exp_ps__standard runs in tests/validation.)"""

import numpy as np
import pytest

import nestor
from nestor import units as u
from ps_closed_forms import DTS, crossing, first_spike_time, mag, run, u_dc, u_exp_psc

MODEL = nestor.iaf_psc_exp_ps


def test_defaults_and_recordables():
    d = MODEL.defaults()
    assert d["E_L"] == (-70.0, "mV") and d["C_m"] == (250.0, "pF") and d["tau_m"] == (10.0, "ms")
    assert d["t_ref"] == (2.0, "ms") and d["V_th"] == (-55.0, "mV") and d["V_reset"] == (-70.0, "mV")
    assert d["tau_syn_ex"] == (2.0, "ms") and d["tau_syn_in"] == (2.0, "ms") and d["I_e"] == (0.0, "pA")
    assert d["V_min"][0] == -np.inf and d["V_m"] == (-70.0, "mV")
    assert d["I_syn_ex"] == (0.0, "pA") and d["I_syn_in"] == (0.0, "pA")
    assert MODEL.recordables == ["V_m"]
    assert MODEL.weight_unit == "pA"


@pytest.mark.parametrize("dt", DTS)
def test_dc_response_at_5_ms_for_every_step_size(dt):
    t, tr, spikes, _ = run(MODEL, dict(I_e=300.0), 5.0, dt=dt, interval=1.0)
    assert t[-1] == 5.0
    assert abs(tr["V_m"][-1] - (-70.0 + u_dc(5.0, 300.0))) <= 1e-12
    np.testing.assert_allclose(tr["V_m"], -70.0 + u_dc(t, 300.0), rtol=0, atol=1e-12)
    assert len(spikes) == 0


@pytest.mark.parametrize("dt", DTS)
def test_first_spike_time_and_regular_firing_for_every_step_size(dt):
    I, t_ref = 450.0, 2.0
    t_star = first_spike_time(I)
    _, _, spikes, _ = run(MODEL, dict(I_e=I, t_ref=t_ref), 60.0, dt=dt, interval=1.0)
    assert abs(spikes[0] - t_star) <= 1e-12
    assert len(spikes) == int((60.0 - t_star) // (t_ref + t_star)) + 1
    np.testing.assert_allclose(spikes, t_star + np.arange(len(spikes)) * (t_ref + t_star), rtol=0, atol=1e-12)


@pytest.mark.parametrize("t_s,d,w,tau_in", [(3.1234567, 1.0, 400.0, 2.0), (7.77, 0.3, -300.0, 5.0),
                                            (2.05, 2.5, 150.0, 2.0)])
def test_psc_and_psp_of_one_off_grid_input_spike(t_s, d, w, tau_in):
    I = 200.0
    t, tr, spikes, n = run(MODEL, dict(I_e=I, tau_syn_in=tau_in), 30.0, spikes=[([t_s], w, d)])
    t_a = t_s + d
    tau = 2.0 if w >= 0 else tau_in
    expected = -70.0 + u_dc(t, I) + u_exp_psc(t - t_a, w, tau)
    np.testing.assert_allclose(tr["V_m"], expected, rtol=0, atol=1e-12)
    assert len(spikes) == 0
    syn = "I_syn_ex" if w >= 0 else "I_syn_in"
    other = "I_syn_in" if w >= 0 else "I_syn_ex"
    assert mag(n.get(syn), u.pA)[0] == pytest.approx(w * np.exp(-(30.0 - t_a) / tau), rel=1e-12)
    assert mag(n.get(other), u.pA)[0] == 0.0


@pytest.mark.parametrize("dt", [0.1, 2.0**-4, 1.0])
def test_spike_time_of_a_psp_crossing_and_the_exact_refractory_period(dt):
    # I_e alone leads towards 12 mV; an EPSC of 900 pA at t_a lifts V over threshold at a time fixed by the
    # closed form; V then stays at V_reset for t_ref and continues from there with what is left of the
    # synaptic current.
    I, w, t_a, t_ref = 300.0, 900.0, 25.3217, 2.0
    p = dict(I_e=I, t_ref=t_ref)
    t, tr, spikes, _ = run(MODEL, p, 50.0, dt=dt, spikes=[([t_a - 1.0], w, 1.0)])
    U = lambda s: u_dc(s, I) + u_exp_psc(s - t_a, w, 2.0)
    t_sp = crossing(lambda s: U(s) - 15.0, t_a, t_a + 4.0)  # before the PSP peak
    assert len(spikes) == 1
    assert abs(spikes[0] - t_sp) <= 1e-12
    v = tr["V_m"]
    assert np.all(v[(t >= t_sp) & (t <= t_sp + t_ref)] == -70.0)
    t_r = t_sp + t_ref
    I0 = w * np.exp(-(t_r - t_a) / 2.0)
    after = t > t_r
    np.testing.assert_allclose(v[after], -70.0 + u_dc(t[after] - t_r, I) + u_exp_psc(t[after] - t_r, I0, 2.0),
                               rtol=0, atol=1e-12)


def test_simultaneous_inputs_of_both_signs():
    t, tr, _, _ = run(MODEL, dict(tau_syn_in=4.0), 20.0, spikes=[([2.345, 2.345], 100.0, 1.0), ([2.345], -50.0, 1.0)])
    expected = -70.0 + u_exp_psc(t - 3.345, 200.0, 2.0) + u_exp_psc(t - 3.345, -50.0, 4.0)
    np.testing.assert_allclose(tr["V_m"], expected, rtol=0, atol=1e-12)


def test_dc_generator_acts_from_the_step_after_it_arrives():
    t, tr, _, _ = run(MODEL, {}, 10.0, dc=100.0)
    np.testing.assert_allclose(tr["V_m"], -70.0 + u_dc(np.maximum(t - 0.2, 0), 100.0), rtol=0, atol=1e-12)


def test_V_min_bounds_the_potential_in_steps_without_input():
    t, tr, _, _ = run(MODEL, dict(I_e=-500.0, V_min=-75.0), 20.0)
    v = tr["V_m"]
    assert v.min() == -75.0 and np.all(v[t > 2.9] == -75.0)
    np.testing.assert_allclose(v[t < 2.8], -70.0 + u_dc(t[t < 2.8], -500.0), rtol=0, atol=1e-12)


def test_synaptic_currents_can_be_set():
    t, tr, _, _ = run(MODEL, dict(I_syn_ex=100.0, I_syn_in=-40.0, tau_syn_in=3.0), 10.0)
    np.testing.assert_allclose(tr["V_m"], -70.0 + u_exp_psc(t, 100.0, 2.0) + u_exp_psc(t, -40.0, 3.0),
                               rtol=0, atol=1e-12)


def test_membrane_set_above_threshold_fires_at_the_start_of_the_step():
    _, tr, spikes, _ = run(MODEL, dict(V_m=-50.0), 1.0)
    assert len(spikes) == 1 and 0.0 < spikes[0] < 1e-12
    assert tr["V_m"][0] == -70.0


@pytest.mark.parametrize("bad,message", [
    (dict(V_reset=-55.0), "V_reset"),  # V_reset >= V_th
    (dict(V_th=-71.0), "V_reset"),
    (dict(V_min=-60.0), "V_reset"),  # V_reset < V_min
    (dict(C_m=0.0), "C_m"),
    (dict(tau_m=0.0), "tau_m"),
    (dict(tau_syn_ex=0.0), "tau_syn_ex"),
    (dict(tau_syn_in=-1.0), "tau_syn_in"),
    (dict(t_ref=-1.0), "t_ref"),
])
def test_parameter_checks(bad, message):
    sim = nestor.Simulator()
    with pytest.raises(nestor.BadValueError, match=message):
        sim.create(MODEL, 1, **bad)
    n = sim.create(MODEL, 1)
    with pytest.raises(nestor.BadValueError, match=message):
        n.set(**bad, I_e=100.0)
    assert mag(n.get("I_e"), u.pA)[0] == 0.0


def test_t_ref_must_span_one_step():
    sim = nestor.Simulator(dt=0.1 * u.ms)
    sim.create(MODEL, 1, t_ref=0.05)
    with pytest.raises(nestor.BadValueError, match="t_ref"):
        sim.simulate(1.0 * u.ms, progress=False)
    sim = nestor.Simulator(dt=0.1 * u.ms)
    sim.create(MODEL, 1, t_ref=0.1, V_reset=-60.0, V_min=-60.0)  # edge values accepted
    sim.simulate(1.0 * u.ms, progress=False)


def test_ports_and_weight_unit():
    sim = nestor.Simulator()
    n = sim.create(MODEL)
    sg = sim.create(nestor.spike_generator, spike_times=[1.0])
    dc = sim.create(nestor.dc_generator)
    with pytest.raises(nestor.IllegalConnectionError):
        sim.connect(sg, n, receptor_type=1)
    with pytest.raises(nestor.IllegalConnectionError):
        sim.connect(dc, n, receptor_type=1)
    with pytest.raises(nestor.DimensionError):
        sim.connect(sg, n, weight=2.0 * u.mV)
    sim.connect(sg, n, weight=2.0 * u.pA)
    sim.connect(dc, n)
