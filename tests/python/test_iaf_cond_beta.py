"""iaf_cond_beta (GSL's RKF45 as NEST drives it; its NEST case iaf_cond_beta__standard runs in
tests/validation/test_nest_cases.py at 1e-6) against closed forms of its equations:

    C_m dV/dt = -g_L (V - E_L) - g_ex (V - E_ex) - g_in (V - E_in) + I_e
    d(dg_x)/dt = -dg_x / tau_decay_x,   dg_x/dt = dg_x - g_x / tau_rise_x

Without input V(t) = E_L + I_e/g_L (1 - exp(-t g_L/C_m)). A spike of weight w (nS) arriving at the end
of step t_a gives, with s = t - t_a, g_x = w (exp(-s/tau_decay) - exp(-s/tau_rise)) / peak, where peak
is that difference at its maximum s* = tau_d tau_r ln(tau_d/tau_r) / (tau_d - tau_r): NEST normalises
the conductance to peak at w. With tau_rise == tau_decay it is the alpha function w s/tau e^(1 - s/tau).
The integrator's absolute error bound is 1e-3 (NEST's), so the comparisons allow 1e-3 (mV, nS)."""

import numpy as np
import pytest

import nestor
from nestor import units as u

RECORD = ["V_m", "g_ex", "g_in", "t_ref_remaining"]


def run(T, I_e=0.0, spikes=(), **params):
    sim = nestor.Simulator(dt=0.1 * u.ms)
    n = sim.create(nestor.iaf_cond_beta, 1, I_e=I_e, **params)
    mm = sim.create(nestor.multimeter, record_from=RECORD)
    sim.connect(mm, n)
    for t, w in spikes:
        sg = sim.create(nestor.spike_generator, spike_times=[t])
        sim.connect(sg, n, weight=w * u.nS, delay=1.0 * u.ms)
    res = sim.simulate(T * u.ms, progress=False)
    t = np.asarray(u.get_mantissa(res.sample_times(mm) / u.ms))
    return t, {v: np.asarray(res.trace(mm, v).magnitude).reshape(-1) for v in RECORD}


def beta(t, t_a, w, tau_r, tau_d):
    s = np.clip(t - t_a, 0.0, None)
    if tau_r == tau_d:
        return w * s / tau_d * np.exp(1.0 - s / tau_d)
    s_peak = tau_d * tau_r * np.log(tau_d / tau_r) / (tau_d - tau_r)
    shape = lambda x: np.exp(-x / tau_d) - np.exp(-x / tau_r)  # noqa: E731
    return w * shape(s) / shape(s_peak)


@pytest.mark.parametrize("I_e,g_L,C_m", [(200.0, 16.6667, 250.0), (-100.0, 10.0, 100.0)])
def test_subthreshold_response_to_I_e(I_e, g_L, C_m):
    t, rec = run(100.0, I_e=I_e, g_L=g_L, C_m=C_m)
    expected = -70.0 + I_e / g_L * (1.0 - np.exp(-t * g_L / C_m))
    np.testing.assert_allclose(rec["V_m"], expected, rtol=0, atol=1e-3)


@pytest.mark.parametrize("taus", [(0.5, 3.0, 1.0, 5.0), (2.0, 0.7, 1.5, 1.5)])
def test_conductance_is_a_beta_function_with_the_weight_as_peak(taus):
    r_ex, d_ex, r_in, d_in = taus
    t, rec = run(50.0, spikes=[(5.0, 8.0), (10.0, -4.0)], tau_rise_ex=r_ex, tau_decay_ex=d_ex,
                 tau_rise_in=r_in, tau_decay_in=d_in)
    np.testing.assert_allclose(rec["g_ex"], beta(t, 6.0, 8.0, r_ex, d_ex), rtol=0, atol=1e-3)
    np.testing.assert_allclose(rec["g_in"], beta(t, 11.0, 4.0, r_in, d_in), rtol=0, atol=1e-3)
    # Normalisation: the conductance peaks at the weight (sampled on the 0.1 ms grid: the grid's best).
    assert rec["g_ex"].max() == pytest.approx(beta(t, 6.0, 8.0, r_ex, d_ex).max(), abs=1e-3)
    assert 8.0 - 3e-3 < rec["g_ex"].max() < 8.0 + 1e-3
    assert 4.0 - 3e-3 < rec["g_in"].max() < 4.0 + 1e-3


def test_excitation_depolarises_and_inhibition_hyperpolarises():
    t, rec = run(20.0, spikes=[(5.0, 8.0)], tau_rise_ex=0.5, tau_decay_ex=2.0)
    assert rec["V_m"][np.searchsorted(t, 8.0)] > -70.0 + 1e-3
    t, rec = run(20.0, spikes=[(5.0, -4.0)])
    assert rec["V_m"][np.searchsorted(t, 9.0)] < -70.0 - 1e-3


def test_spiking_resets_and_holds_during_refractoriness():
    t, rec = run(100.0, I_e=600.0, t_ref=3.0)
    k = int(np.argmax(rec["V_m"] == -60.0))
    assert k > 0 and np.all(rec["V_m"][k:k + 31] == -60.0) and rec["V_m"][k + 31] != -60.0
    np.testing.assert_allclose(rec["t_ref_remaining"][k:k + 31], 3.0 - 0.1 * np.arange(31), atol=1e-12)


def test_a_diverging_state_is_an_error_naming_node_and_time():
    sim = nestor.Simulator(dt=0.1 * u.ms)
    sim.create(nestor.iaf_psc_alpha, 2)  # so that the neuron is node 3
    n = sim.create(nestor.iaf_cond_beta, 1)
    sg = sim.create(nestor.spike_generator, spike_times=[2.0])
    sim.connect(sg, n, weight=1e308 * u.nS, delay=1.0 * u.ms)  # dg_ex jumps by 1e308 e / 0.2 = inf
    with pytest.raises(nestor.NumericalError, match=r"iaf_cond_beta: node 3 at t = 3\.1 ms"):
        sim.simulate(10.0 * u.ms, progress=False)


@pytest.mark.parametrize("params,word", [
    (dict(V_reset=-55.0), "V_reset"),
    (dict(C_m=0.0), "C_m"),
    (dict(t_ref=-1.0), "t_ref"),
    (dict(tau_rise_ex=0.0), "tau_rise_ex"),
    (dict(tau_decay_ex=-1.0), "tau_decay_ex"),
    (dict(tau_rise_in=0.0), "tau_rise_in"),
    (dict(tau_decay_in=-2.0), "tau_decay_in"),
])
def test_parameter_rules(params, word):
    with pytest.raises(nestor.BadValueError, match=word):
        nestor.Simulator().create(nestor.iaf_cond_beta, 1, **params)


def test_defaults_weight_unit_and_ports():
    sim = nestor.Simulator()
    n = sim.create(nestor.iaf_cond_beta)
    for name, v in dict(V_th=-55.0, V_reset=-60.0, t_ref=2.0, g_L=16.6667, C_m=250.0, E_ex=0.0, E_in=-85.0,
                        E_L=-70.0, tau_rise_ex=0.2, tau_decay_ex=0.2, tau_rise_in=2.0, tau_decay_in=2.0,
                        I_e=0.0, V_m=-70.0, g_ex=0.0, g_in=0.0).items():
        assert n.get(name).magnitude[0] == v, name
    assert nestor.iaf_cond_beta.weight_unit == "nS"
    sg = sim.create(nestor.spike_generator, spike_times=[1.0])
    with pytest.raises(nestor.IllegalConnectionError):
        sim.connect(sg, n, receptor_type=1)
    with pytest.raises(nestor.DimensionError):
        sim.connect(sg, n, weight=1.0 * u.pA)
