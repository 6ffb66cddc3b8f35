"""iaf_cond_exp_sfa_rr (GSL's RKF45 as NEST drives it; its NEST case iaf_cond_exp_sfa_rr__standard runs
in tests/validation/test_nest_cases.py at 1e-6) against closed forms of its equations:

    C_m dV/dt = -g_L (V - E_L) - g_ex (V - E_ex) - g_in (V - E_in) - g_sfa (V - E_sfa) - g_rr (V - E_rr) + I_e
    dg_x/dt = -g_x / tau_x,   and at each spike g_sfa += q_sfa, g_rr += q_rr

Without input V(t) = E_L + I_e/g_L (1 - exp(-t g_L/C_m)). A spike of weight w (nS) arriving at t_a sets
g_ex(t) = w exp(-(t - t_a)/tau_syn_ex) (w < 0: g_in grows by -w). After the neuron's own spikes t_1, t_2, ..
g_sfa(t) = q_sfa sum_{t_k <= t} exp(-(t - t_k)/tau_sfa), likewise g_rr with q_rr and tau_rr. The
integrator's absolute error bound is 1e-3 (NEST's), so the comparisons allow 1e-3 (mV, nS), relative
1e-6 for the large g_rr."""

import numpy as np
import pytest

import nestor
from nestor import units as u

RECORD = ["V_m", "g_ex", "g_in", "g_sfa", "g_rr"]


def run(T, I_e=0.0, spikes=(), **params):
    sim = nestor.Simulator(dt=0.1 * u.ms)
    n = sim.create(nestor.iaf_cond_exp_sfa_rr, 1, I_e=I_e, **params)
    mm = sim.create(nestor.multimeter, record_from=RECORD)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(mm, n)
    sim.connect(n, sr)
    for t, w in spikes:
        sg = sim.create(nestor.spike_generator, spike_times=[t])
        sim.connect(sg, n, weight=w * u.nS, delay=1.0 * u.ms)
    res = sim.simulate(T * u.ms, progress=False)
    t = np.asarray(u.get_mantissa(res.sample_times(mm) / u.ms))
    rec = {v: np.asarray(res.trace(mm, v).magnitude).reshape(-1) for v in RECORD}
    return t, rec, np.asarray(u.get_mantissa(res.spikes(sr)["times"] / u.ms), dtype=float)


@pytest.mark.parametrize("I_e,g_L,C_m", [(200.0, 28.95, 289.5), (-100.0, 10.0, 100.0), (300.0, 50.0, 250.0)])
def test_subthreshold_response_to_I_e(I_e, g_L, C_m):
    t, rec, spikes = run(100.0, I_e=I_e, g_L=g_L, C_m=C_m)
    assert spikes.size == 0
    expected = -70.0 + I_e / g_L * (1.0 - np.exp(-t * g_L / C_m))
    np.testing.assert_allclose(rec["V_m"], expected, rtol=0, atol=1e-3)
    assert np.all(rec["g_sfa"] == 0.0) and np.all(rec["g_rr"] == 0.0)


def test_synaptic_conductances_jump_by_the_weight_and_decay():
    t, rec, _ = run(40.0, spikes=[(5.0, 8.0), (10.0, -4.0)], tau_syn_ex=0.5, tau_syn_in=3.0)
    g_ex = np.where(t >= 6.0 - 1e-9, 8.0 * np.exp(-(t - 6.0) / 0.5), 0.0)
    g_in = np.where(t >= 11.0 - 1e-9, 4.0 * np.exp(-(t - 11.0) / 3.0), 0.0)
    np.testing.assert_allclose(rec["g_ex"], g_ex, rtol=0, atol=1e-3)
    np.testing.assert_allclose(rec["g_in"], g_in, rtol=0, atol=1e-3)
    assert rec["V_m"][np.searchsorted(t, 7.0)] > -70.0 + 1e-3
    t, rec, _ = run(20.0, spikes=[(5.0, -4.0)])
    assert rec["V_m"][np.searchsorted(t, 9.0)] < -70.0 - 1e-3


@pytest.mark.parametrize("q_sfa,tau_sfa,q_rr,tau_rr", [(14.48, 110.0, 3214.0, 1.97), (30.0, 20.0, 500.0, 5.0)])
def test_adaptation_and_relative_refractory_conductances_jump_at_spikes_and_decay(q_sfa, tau_sfa, q_rr, tau_rr):
    t, rec, spikes = run(200.0, I_e=800.0, q_sfa=q_sfa, tau_sfa=tau_sfa, q_rr=q_rr, tau_rr=tau_rr)
    assert spikes.size >= 3
    k = np.rint(t / 0.1).astype(int)
    ks = np.rint(spikes / 0.1).astype(int)
    age = (k[:, None] - ks[None, :]) * 0.1  # time since each spike, for every sample
    on = age >= -1e-9
    g_sfa = (q_sfa * np.exp(-np.where(on, age, 0.0) / tau_sfa) * on).sum(axis=1)
    g_rr = (q_rr * np.exp(-np.where(on, age, 0.0) / tau_rr) * on).sum(axis=1)
    np.testing.assert_allclose(rec["g_sfa"], g_sfa, rtol=1e-6, atol=1e-3)
    np.testing.assert_allclose(rec["g_rr"], g_rr, rtol=1e-6, atol=1e-3)
    # The jump itself, in the sample of the first spike.
    first = np.searchsorted(k, ks[0])
    assert rec["g_sfa"][first] == pytest.approx(q_sfa, abs=1e-12)
    assert rec["g_rr"][first] == pytest.approx(q_rr, abs=1e-12)
    assert rec["V_m"][first] == -70.0


def test_adaptation_lengthens_the_interspike_intervals():
    _, _, spikes = run(300.0, I_e=800.0)
    isi = np.diff(spikes)
    assert isi.size >= 4 and isi[-1] > isi[0] + 1.0
    _, _, plain = run(300.0, I_e=800.0, q_sfa=0.0)
    assert np.ptp(np.diff(plain)[1:]) <= 0.1 + 1e-9  # without adaptation: regular after the first
    assert plain.size > spikes.size


def test_relative_refractoriness_pulls_towards_E_rr():
    t, rec, spikes = run(60.0, I_e=800.0, E_rr=-80.0, q_sfa=0.0)
    k = np.searchsorted(t, spikes[0] + 0.5 + 0.15)  # after the absolute refractory period (0.5 ms)
    assert rec["V_m"][k] < -70.0 - 0.5  # below V_reset: g_rr (3214 nS) drives V towards E_rr


def test_a_diverging_state_is_an_error_naming_node_and_time():
    sim = nestor.Simulator(dt=0.1 * u.ms)
    sim.create(nestor.iaf_psc_alpha, 2)  # so that the neuron is node 3
    n = sim.create(nestor.iaf_cond_exp_sfa_rr, 1)
    sg = sim.create(nestor.spike_generator, spike_times=[2.0, 2.0])
    sim.connect(sg, n, weight=1e308 * u.nS, delay=1.0 * u.ms)  # two arrive together: g_ex = inf
    with pytest.raises(nestor.NumericalError, match=r"iaf_cond_exp_sfa_rr: node 3 at t = 3\.1 ms"):
        sim.simulate(10.0 * u.ms, progress=False)


@pytest.mark.parametrize("params,word", [
    (dict(V_reset=-57.0), "V_reset"),
    (dict(C_m=0.0), "C_m"),
    (dict(t_ref=-1.0), "t_ref"),
    (dict(tau_syn_ex=0.0), "tau_syn_ex"),
    (dict(tau_syn_in=-2.0), "tau_syn_in"),
    (dict(tau_sfa=0.0), "tau_sfa"),
    (dict(tau_rr=-1.0), "tau_rr"),
])
def test_parameter_rules(params, word):
    with pytest.raises(nestor.BadValueError, match=word):
        nestor.Simulator().create(nestor.iaf_cond_exp_sfa_rr, 1, **params)


def test_defaults_weight_unit_and_ports():
    sim = nestor.Simulator()
    n = sim.create(nestor.iaf_cond_exp_sfa_rr)
    for name, v in dict(V_th=-57.0, V_reset=-70.0, t_ref=0.5, g_L=28.95, C_m=289.5, E_ex=0.0, E_in=-75.0,
                        E_L=-70.0, tau_syn_ex=1.5, tau_syn_in=10.0, I_e=0.0, tau_sfa=110.0, tau_rr=1.97,
                        E_sfa=-70.0, E_rr=-70.0, q_sfa=14.48, q_rr=3214.0, V_m=-70.0, g_ex=0.0, g_in=0.0,
                        g_sfa=0.0, g_rr=0.0).items():
        assert n.get(name).magnitude[0] == v, name
    assert nestor.iaf_cond_exp_sfa_rr.weight_unit == "nS"
    sg = sim.create(nestor.spike_generator, spike_times=[1.0])
    with pytest.raises(nestor.IllegalConnectionError):
        sim.connect(sg, n, receptor_type=1)
    with pytest.raises(nestor.DimensionError):
        sim.connect(sg, n, weight=1.0 * u.pA)
