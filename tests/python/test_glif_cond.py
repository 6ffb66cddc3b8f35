"""glif_cond (NEST 3.9's five conductance-based GLIF variants, one beta-shaped conductance per receptor port)
against closed forms, and NEST's rules for its parameters. The NEST reference case glif_cond__standard
(GLIF 1 with two ports) runs in tests/validation/test_nest_cases.py.

The membrane is integrated by GSL's RKF45 (absolute error bound 1e-3 per step, as NEST), so trajectories
are compared with closed forms to 1e-6 mV; the threshold and after-spike current rules are exact.
A spike of weight w (nS) arriving on port k at t_a starts g_k(s) = w e s/tau_k exp(-s/tau_k), s = t - t_a
(peak w at s = tau_k). Below threshold with a current step A seen from t_on (the first sample where the
recordable I shows it) V - E_L = A/g_m (1 - exp(-(t - t_on)/tau)), tau = C_m/g_m. For a small conductance
the driving force stays E_rev - E_L and the PSP is that of the alpha current w (E_rev - E_L) e s/tau_k
exp(-s/tau_k): w (E_rev - E_L) e/(C_m tau_k) exp(-s/tau) (1 - exp(-a s)(1 + a s))/a^2, a = 1/tau_k - 1/tau."""

import math

import numpy as np
import pytest

import glif_closed_forms as gl
import nestor
from glif_closed_forms import C_M, DT, E_L, G, REFR_STEPS, T_REF, TAU, V_TH
from nestor import units as u

MODEL = nestor.glif_cond
REC = ["V_m", "I", "ASCurrents_sum", "threshold", "threshold_spike", "threshold_voltage", "g_1", "g_2"]


def mag(q, unit):
    return np.asarray(u.get_mantissa(q / unit), dtype=float)


def run(T, dc=(), spikes=(), threads=1, n=1, **params):
    """dc: (amplitude pA, start ms); spikes: (time, weight nS, port). Returns times, {var: trace}, spikes."""
    sim = nestor.Simulator(dt=DT * u.ms, threads=threads)
    pop = sim.create(MODEL, n, **params)
    for amp, start in dc:
        g = sim.create(nestor.dc_generator, amplitude=amp * u.pA, start=start * u.ms)
        sim.connect(g, pop, delay=1.0 * u.ms)
    for t, w, port in spikes:
        sg = sim.create(nestor.spike_generator, spike_times=[t])
        sim.connect(sg, pop, weight=w * u.nS, delay=1.0 * u.ms, receptor_type=port)
    record = REC[:6] + [f"g_{k + 1}" for k in range(len(params.get("tau_syn", [0.2, 2.0])))]
    mm = sim.create(nestor.multimeter, record_from=record)
    sim.connect(mm, pop)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(pop, sr)
    res = sim.simulate(T * u.ms, progress=False)
    t = mag(res.sample_times(mm), u.ms)
    rec = {v: np.asarray(res.trace(mm, v).magnitude) for v in record}
    if n == 1:
        rec = {v: x.reshape(-1) for v, x in rec.items()}
    return t, rec, mag(res.spikes(sr)["times"], u.ms)


def onset(t, rec):
    return t[np.argmax(rec["I"] != 0.0)]


def step_response(t, t_on, A):
    return E_L + A / G * (1.0 - np.exp(-np.maximum(t - t_on, 0.0) / TAU))


def test_defaults_as_nest():
    sim = nestor.Simulator()
    n = sim.create(MODEL, 1)
    for name, v in dict(V_th=-51.68, g_m=9.43, E_L=-78.85, C_m=58.72, t_ref=3.75, V_reset=-78.85,
                        th_spike_add=0.37, th_spike_decay=0.009, voltage_reset_fraction=0.2,
                        voltage_reset_add=18.51, th_voltage_index=0.005, th_voltage_decay=0.09, V_m=-78.85,
                        threshold_spike=0.0, threshold_voltage=0.0).items():
        assert gl.plain(n.get(name))[0] == pytest.approx(v, abs=1e-12), name
    for name, v in dict(asc_init=[0.0, 0.0], asc_decay=[0.003, 0.1], asc_amps=[-9.18, -198.94],
                        asc_r=[1.0, 1.0], tau_syn=[0.2, 2.0], E_rev=[0.0, -85.0]).items():
        assert list(gl.plain(n.get(name)[0])) == v, name
    assert sorted(MODEL.recordables) == sorted(REC[:6] + ["g_<k>"])
    with pytest.raises(nestor.NestorError, match="I_e"):
        sim.create(MODEL, 1, I_e=10.0)


def test_glif1_subthreshold_dc_step():
    A = 200.0  # A/g_m = 21.2 mV < 27.17 mV: no spike
    t, rec, sp = run(60.0, dc=[(A, 5.0)])
    assert len(sp) == 0
    t_on = onset(t, rec)
    assert t_on == pytest.approx(6.0, abs=1e-9)
    np.testing.assert_allclose(rec["V_m"], step_response(t, t_on, A), rtol=0, atol=1e-6)
    assert np.all(rec["threshold"] == V_TH)
    for v in ("ASCurrents_sum", "threshold_spike", "threshold_voltage", "g_1", "g_2"):
        assert np.all(rec[v] == 0.0), v


def test_beta_conductance_of_one_spike_on_each_port():
    taus, E_rev = [0.5, 3.0, 1.5], [0.0, -85.0, -20.0]
    spikes = [(5.0, 4.0, 1), (12.0, 2.0, 2), (30.0, 1.0, 3)]
    t, rec, _ = run(60.0, spikes=spikes, tau_syn=taus, E_rev=E_rev)
    sim = nestor.Simulator()
    assert sim.create(MODEL, 1, tau_syn=taus, E_rev=E_rev) is not None
    for k, (ts, w, port) in enumerate(spikes[:2]):
        s = np.maximum(t - ts - 1.0, 0.0)
        g = w * math.e * s / taus[k] * np.exp(-s / taus[k])
        np.testing.assert_allclose(rec[f"g_{port}"], g, rtol=1e-5, atol=1e-7 * w)
        j = int(np.argmin(np.abs(t - (ts + 1.0 + taus[k]))))
        assert rec[f"g_{port}"][j] == pytest.approx(w, rel=1e-5)  # the peak: w at s = tau_k
    V = rec["V_m"]
    assert V[np.searchsorted(t, 7.0)] > E_L + 0.1  # E_rev 0: depolarises
    assert V[np.searchsorted(t, 15.0)] < V[np.searchsorted(t, 13.0)]  # E_rev -85 < V: hyperpolarises


def test_psp_small_conductance_limit():
    w, tk, E_rev = 1e-3, 2.0, 0.0
    t, rec, _ = run(40.0, spikes=[(5.0, w, 1)], tau_syn=[tk], E_rev=[E_rev])
    s = np.maximum(t - 6.0, 0.0)
    a = 1.0 / tk - 1.0 / TAU
    psp = w * (E_rev - E_L) * math.e / (C_M * tk) * np.exp(-s / TAU) * (1.0 - np.exp(-a * s) * (1.0 + a * s)) / a**2
    dv = rec["V_m"] - E_L
    assert dv.max() == pytest.approx(psp.max(), rel=2e-3)
    np.testing.assert_allclose(dv, psp, rtol=0, atol=3e-3 * psp.max())


def test_glif1_spikes_reset_and_refractory_period():
    A = 400.0
    t, rec, sp = run(40.0, dc=[(A, 0.0)])
    t_on = onset(t, rec)
    m = gl.steps_to_cross(A, V_TH - E_L)
    expected = t_on + m * DT + np.arange(len(sp)) * (REFR_STEPS + m) * DT
    assert len(sp) >= 3
    np.testing.assert_allclose(sp, expected, rtol=0, atol=1e-9)
    k = int(np.argmin(np.abs(t - sp[0])))
    np.testing.assert_array_equal(rec["V_m"][k : k + REFR_STEPS + 1], E_L)  # V_reset = E_L, held
    assert rec["V_m"][k + REFR_STEPS + 1] > E_L + 0.5
    free = slice(k + REFR_STEPS + 1, k + REFR_STEPS + m)
    np.testing.assert_allclose(rec["V_m"][free], step_response(t[free], t[k + REFR_STEPS], A), rtol=0, atol=1e-6)


def test_glif2_spike_threshold_and_biological_reset():
    b, add, fv, av = 0.2, 2.0, 0.3, 5.0
    t, rec, sp = run(60.0, dc=[(600.0, 0.0)], spike_dependent_threshold=True, th_spike_decay=b,
                     th_spike_add=add, voltage_reset_fraction=fv, voltage_reset_add=av)
    assert len(sp) >= 3
    idx = gl.spike_steps(t, sp)
    th_s = rec["threshold_spike"]
    for n, m in zip(idx, idx[1:] + [len(t)]):
        jump = add + th_s[n - 1] * math.exp(-b * DT) * math.exp(-b * T_REF)
        assert th_s[n] == pytest.approx(jump, rel=1e-12)
        np.testing.assert_allclose(th_s[n : min(n + REFR_STEPS + 1, m)], jump, rtol=1e-12)
        free = np.arange(n + REFR_STEPS + 1, m)
        np.testing.assert_allclose(th_s[free], jump * np.exp(-b * DT * (free - n - REFR_STEPS)), rtol=1e-12)
        # reset from V at the start of the spike step; held (not integrated) while refractory
        assert rec["V_m"][n] - E_L == pytest.approx(fv * (rec["V_m"][n - 1] - E_L) + av, rel=1e-12)
        np.testing.assert_array_equal(rec["V_m"][n : min(n + REFR_STEPS + 1, m)], rec["V_m"][n])
        assert rec["V_m"][n - 1] <= V_TH + th_s[n - 1] + 1e-12
    np.testing.assert_allclose(rec["threshold"], V_TH + th_s, rtol=0, atol=1e-12)
    assert np.all(rec["threshold_voltage"] == 0.0)


def test_glif3_after_spike_currents_and_their_one_step_lag():
    k = np.array([0.05, 0.4])
    amps = np.array([-20.0, -150.0])
    r = np.array([0.5, 1.0])
    t, rec, sp = run(80.0, dc=[(800.0, 0.0)], after_spike_currents=True, asc_decay=k, asc_amps=amps, asc_r=r)
    assert len(sp) >= 3
    idx = gl.spike_steps(t, sp)
    asc, expected, held = np.zeros(2), np.zeros(len(t)), 0
    for n in range(len(t)):
        if held:
            held -= 1
            expected[n] = expected[n - 1]
            continue
        expected[n] = np.sum(asc * (1 - np.exp(-k * DT)) / (k * DT))
        asc = asc * np.exp(-k * DT)
        if n in idx:
            asc = amps + asc * r * np.exp(-k * T_REF)
            held = REFR_STEPS
    np.testing.assert_allclose(rec["ASCurrents_sum"], expected, rtol=1e-12, atol=1e-12)
    # NEST integrates V with the ASCurrents_sum of the previous step: in the first step after the
    # refractory period V still moves with the value left before the spike (0 here), so it rises as
    # under the dc alone; the next step feels the (negative) after-spike currents.
    j = idx[0] + REFR_STEPS + 1
    assert rec["V_m"][j] == pytest.approx(step_response(t[j], t[j - 1], 800.0), abs=1e-6)
    assert np.all(np.diff(np.diff(sp)) >= -1e-9) and sp[2] - sp[1] > sp[1] - sp[0]


def test_glif5_voltage_threshold_component_subthreshold():
    A, a_v, b_v = 150.0, 0.05, 0.3
    t, rec, sp = run(50.0, dc=[(A, 2.0)], spike_dependent_threshold=True, after_spike_currents=True,
                     adapting_threshold=True, th_voltage_index=a_v, th_voltage_decay=b_v)
    assert len(sp) == 0
    t_on = onset(t, rec)
    s = np.maximum(t - t_on, 0.0)
    beta, lam = A / G, 1.0 / TAU
    np.testing.assert_allclose(rec["V_m"], E_L + beta * (1 - np.exp(-lam * s)), rtol=0, atol=1e-6)
    theta = a_v * beta / b_v * (1 - np.exp(-b_v * s)) - a_v * beta / (b_v - lam) * (np.exp(-lam * s) - np.exp(-b_v * s))
    np.testing.assert_allclose(rec["threshold_voltage"], theta, rtol=0, atol=1e-6)
    np.testing.assert_allclose(rec["threshold"], V_TH + theta, rtol=0, atol=1e-6)
    assert rec["threshold_voltage"][-1] > 1.0


def test_identical_for_one_and_two_threads():
    params = dict(spike_dependent_threshold=True, after_spike_currents=True)
    a = run(100.0, dc=[(500.0, 0.0)], spikes=[(10.0, 5.0, 1), (30.0, 3.0, 2)], threads=1, n=6, **params)
    b = run(100.0, dc=[(500.0, 0.0)], spikes=[(10.0, 5.0, 1), (30.0, 3.0, 2)], threads=2, n=6, **params)
    assert len(a[2]) > 10
    np.testing.assert_array_equal(a[2], b[2])
    for v in REC:
        np.testing.assert_array_equal(a[1][v], b[1][v])


def test_ports_count_from_one_to_the_number_of_time_constants():
    gl.check_ports(MODEL, tau_syn=[1.0, 2.0], E_rev=[0.0, -80.0])


def test_number_of_ports_is_fixed_when_created():
    sim = nestor.Simulator()
    n = sim.create(MODEL, 1)
    n.set(tau_syn=[3.0, 4.0], E_rev=[10.0, -70.0])
    with pytest.raises(nestor.BadValueError, match="fixed when nodes are created"):
        n.set(tau_syn=[1.0], E_rev=[0.0])


def test_rules_apply_only_to_the_variants_that_use_them():
    gl.check_rules_apply_only_to_the_variants_that_use_them(MODEL)


RULES = [(p, w) for p, w in gl.COMMON_RULES if "g" not in p] + [
    (dict(g_m=0.0), "g_m"),
    (dict(tau_syn=[2.0, 0.0]), "tau_syn"),
    (dict(tau_syn=[1.0, 2.0, 3.0]), "E_rev"),
    (dict(E_rev=[0.0]), "tau_syn"),
]


@pytest.mark.parametrize("params,word", RULES)
def test_parameter_rules(params, word):
    gl.check_parameter_rule(MODEL, params, word)
