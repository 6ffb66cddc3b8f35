"""iaf_cond_alpha (GSL's RKF45 as NEST drives it; its NEST case iaf_cond_alpha__standard runs in
tests/validation/test_nest_cases.py at 1e-6) against closed forms of its equations:

    C_m dV/dt = -g_L (V - E_L) - g_ex (V - E_ex) - g_in (V - E_in) + I_e
    d(dg_x)/dt = -dg_x / tau_syn_x,   dg_x/dt = dg_x - g_x / tau_syn_x

Without input V(t) = E_L + I_e/g_L (1 - exp(-t g_L/C_m)). A spike of weight w (nS) arriving at the end
of step t_a makes dg_x jump by w e / tau_syn_x, so g_x(t) = w (t - t_a)/tau exp(1 - (t - t_a)/tau): the
alpha function with peak w at t_a + tau (w < 0: g_in, with peak -w). The integrator's absolute error
bound is 1e-3 (NEST's), so the comparisons allow 1e-3 (mV, nS)."""

import numpy as np
import pytest

import nestor
from nestor import units as u

RECORD = ["V_m", "g_ex", "g_in", "t_ref_remaining"]


def run(T, I_e=0.0, spikes=(), **params):
    sim = nestor.Simulator(dt=0.1 * u.ms)
    n = sim.create(nestor.iaf_cond_alpha, 1, I_e=I_e, **params)
    mm = sim.create(nestor.multimeter, record_from=RECORD)
    sim.connect(mm, n)
    for t, w in spikes:
        sg = sim.create(nestor.spike_generator, spike_times=[t])
        sim.connect(sg, n, weight=w * u.nS, delay=1.0 * u.ms)
    res = sim.simulate(T * u.ms, progress=False)
    t = np.asarray(u.get_mantissa(res.sample_times(mm) / u.ms))
    return t, {v: np.asarray(res.trace(mm, v).magnitude).reshape(-1) for v in RECORD}


def alpha(t, t_a, w, tau):
    s = np.clip(t - t_a, 0.0, None) / tau
    return w * s * np.exp(1.0 - s)


@pytest.mark.parametrize("I_e,g_L,C_m", [(200.0, 16.6667, 250.0), (-100.0, 10.0, 100.0), (50.0, 25.0, 500.0)])
def test_subthreshold_response_to_I_e(I_e, g_L, C_m):
    t, rec = run(100.0, I_e=I_e, g_L=g_L, C_m=C_m)
    expected = -70.0 + I_e / g_L * (1.0 - np.exp(-t * g_L / C_m))
    np.testing.assert_allclose(rec["V_m"], expected, rtol=0, atol=1e-3)


@pytest.mark.parametrize("tau_ex,tau_in", [(0.5, 3.0), (2.0, 1.0)])
def test_conductance_is_an_alpha_function_with_the_weight_as_peak(tau_ex, tau_in):
    t, rec = run(40.0, spikes=[(5.0, 8.0), (10.0, -4.0)], tau_syn_ex=tau_ex, tau_syn_in=tau_in)
    np.testing.assert_allclose(rec["g_ex"], alpha(t, 6.0, 8.0, tau_ex), rtol=0, atol=1e-3)
    np.testing.assert_allclose(rec["g_in"], alpha(t, 11.0, 4.0, tau_in), rtol=0, atol=1e-3)
    # The peak: the weight, tau_syn after arrival (both on the 0.1 ms grid here).
    assert rec["g_ex"][np.argmin(np.abs(t - (6.0 + tau_ex)))] == pytest.approx(8.0, abs=1e-3)
    assert rec["g_in"][np.argmin(np.abs(t - (11.0 + tau_in)))] == pytest.approx(4.0, abs=1e-3)
    assert rec["g_ex"].max() == pytest.approx(8.0, abs=1e-3)
    # The jump goes into the derivative: g is still 0 in the sample of arrival.
    assert rec["g_ex"][np.argmin(np.abs(t - 6.0))] == 0.0 and rec["g_ex"][np.argmin(np.abs(t - 6.1))] > 0.0


def test_excitation_depolarises_and_inhibition_hyperpolarises():
    t, rec = run(20.0, spikes=[(5.0, 8.0)])
    assert rec["V_m"][np.searchsorted(t, 7.0)] > -70.0 + 1e-3
    t, rec = run(20.0, spikes=[(5.0, -4.0)])
    assert rec["V_m"][np.searchsorted(t, 9.0)] < -70.0 - 1e-3


def test_spiking_resets_and_holds_during_refractoriness():
    t, rec = run(100.0, I_e=600.0, t_ref=3.0)
    k = int(np.argmax(rec["V_m"] == -60.0))
    assert k > 0 and np.all(rec["V_m"][k:k + 31] == -60.0) and rec["V_m"][k + 31] != -60.0
    # t_ref_remaining: 3 ms at the spike, counting down by dt to 0.
    np.testing.assert_allclose(rec["t_ref_remaining"][k:k + 31], 3.0 - 0.1 * np.arange(31), atol=1e-12)
    assert rec["t_ref_remaining"][k - 1] == 0.0


def test_a_diverging_state_is_an_error_naming_node_and_time():
    sim = nestor.Simulator(dt=0.1 * u.ms)
    sim.create(nestor.iaf_psc_alpha, 2)  # so that the neuron is node 3
    n = sim.create(nestor.iaf_cond_alpha, 1)
    sg = sim.create(nestor.spike_generator, spike_times=[2.0])
    sim.connect(sg, n, weight=1e308 * u.nS, delay=1.0 * u.ms)  # dg_ex jumps by 1e308 e / 0.2 = inf
    with pytest.raises(nestor.NumericalError, match=r"iaf_cond_alpha: node 3 at t = 3\.1 ms"):
        sim.simulate(10.0 * u.ms, progress=False)


@pytest.mark.parametrize("params,word", [
    (dict(V_reset=-55.0), "V_reset"),
    (dict(C_m=0.0), "C_m"),
    (dict(t_ref=-1.0), "t_ref"),
    (dict(tau_syn_ex=0.0), "tau_syn_ex"),
    (dict(tau_syn_in=-2.0), "tau_syn_in"),
])
def test_parameter_rules(params, word):
    with pytest.raises(nestor.BadValueError, match=word):
        nestor.Simulator().create(nestor.iaf_cond_alpha, 1, **params)


def test_defaults_weight_unit_and_ports():
    sim = nestor.Simulator()
    n = sim.create(nestor.iaf_cond_alpha)
    for name, v in dict(V_th=-55.0, V_reset=-60.0, t_ref=2.0, g_L=16.6667, C_m=250.0, E_ex=0.0, E_in=-85.0,
                        E_L=-70.0, tau_syn_ex=0.2, tau_syn_in=2.0, I_e=0.0, V_m=-70.0, g_ex=0.0,
                        g_in=0.0).items():
        assert n.get(name).magnitude[0] == v, name
    assert float(np.asarray(n.get("dg_ex"))[0]) == 0.0
    assert nestor.iaf_cond_alpha.weight_unit == "nS"
    sg = sim.create(nestor.spike_generator, spike_times=[1.0])
    with pytest.raises(nestor.IllegalConnectionError):
        sim.connect(sg, n, receptor_type=1)
    with pytest.raises(nestor.DimensionError):
        sim.connect(sg, n, weight=1.0 * u.pA)
