"""The GLIF mechanics that glif_psc and glif_psc_double_alpha share (NEST 3.9, models/glif_psc.cpp), as
checks that each model's test file runs against closed forms.

With tau = C_m/g and a current step of A pA that the neuron sees from t_on (the first sample where the
recordable I shows it), V - E_L = A/g (1 - exp(-(t - t_on)/tau)) below threshold. After-spike currents
jump to asc_amps_j + asc_r_j exp(-k_j t_ref) ASC_j at a spike, are held while refractory and then decay
as exp(-k_j t); the recordable ASCurrents_sum is their mean over the step. The spike component of the
threshold jumps to th_spike_add + exp(-b_s t_ref) theta_s, is held while refractory, then decays as
exp(-b_s t). The voltage component (GLIF 5) obeys d theta_v/dt = a_v (V - E_L) - b_v theta_v."""

import math

import numpy as np
import pytest

import nestor
from nestor import units as u

DT = 0.1
E_L, G, C_M, V_TH, T_REF = -78.85, 9.43, 58.72, -51.68, 3.75
TAU = C_M / G
REFR_STEPS = math.ceil(round(T_REF / DT, 9))  # NEST: t_ref rounded up to whole steps
REC = ["V_m", "I", "I_syn", "ASCurrents_sum", "threshold", "threshold_spike", "threshold_voltage"]
ASC_OFF_BUT_RAGGED = dict(asc_init=[0.0], asc_decay=[0.1, 0.2, 0.3], asc_amps=[1.0, 2.0], asc_r=[0.5])


def mag(q, unit):
    return np.asarray(u.get_mantissa(q / unit), dtype=float)


def run(model, T, dc=(), spikes=(), **params):
    """dc: (amplitude pA, start ms, stop ms or None); spikes: (time, weight pA, port).
    Returns sample times, {recordable: trace}, spike times."""
    sim = nestor.Simulator(dt=DT * u.ms)
    n = sim.create(model, 1, **params)
    for amp, start, stop in dc:
        kw = dict(amplitude=amp * u.pA, start=start * u.ms)
        if stop is not None:
            kw["stop"] = stop * u.ms
        g = sim.create(nestor.dc_generator, **kw)
        sim.connect(g, n, delay=1.0 * u.ms)
    for t, w, port in spikes:
        sg = sim.create(nestor.spike_generator, spike_times=[t])
        sim.connect(sg, n, weight=w * u.pA, delay=1.0 * u.ms, receptor_type=port)
    mm = sim.create(nestor.multimeter, record_from=REC)
    sim.connect(mm, n)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(n, sr)
    res = sim.simulate(T * u.ms, progress=False)
    t = mag(res.sample_times(mm), u.ms)
    rec = {v: np.asarray(res.trace(mm, v).magnitude).reshape(-1) for v in REC}
    return t, rec, mag(res.spikes(sr)["times"], u.ms)


def plain(x):
    return np.asarray(getattr(x, "magnitude", x))


def onset(t, rec):
    return t[np.argmax(rec["I"] != 0.0)]


def step_response(t, t_on, A):
    return E_L + A / G * (1.0 - np.exp(-np.maximum(t - t_on, 0.0) / TAU))


def steps_to_cross(A, V_rel):
    """Integrated steps from rest until V - E_L > V_rel under the current A."""
    m = 1
    while A / G * (1.0 - math.exp(-m * DT / TAU)) <= V_rel:
        m += 1
    return m


def spike_steps(t, sp):
    return [int(np.argmin(np.abs(t - s))) for s in sp]


def check_glif1_subthreshold_dc_step(model):
    A = 200.0  # A/g = 21.2 mV < 27.17 mV: no spike
    t, rec, sp = run(model, 60.0, dc=[(A, 5.0, None)])
    assert len(sp) == 0
    t_on = onset(t, rec)
    assert t_on == pytest.approx(6.0, abs=1e-9)  # dc from 5 ms, delay 1 ms
    np.testing.assert_allclose(rec["V_m"], step_response(t, t_on, A), rtol=0, atol=1e-11)
    np.testing.assert_allclose(rec["threshold"], V_TH, rtol=0, atol=0)
    for v in ("ASCurrents_sum", "I_syn", "threshold_spike", "threshold_voltage"):
        assert np.all(rec[v] == 0.0), v


def check_glif1_spikes_reset_and_refractory_period(model):
    A = 400.0
    t, rec, sp = run(model, 40.0, dc=[(A, 0.0, None)])
    t_on = onset(t, rec)
    m = steps_to_cross(A, V_TH - E_L)
    # First spike m steps after the onset; after it, V_m sits at V_reset for the refractory steps and the
    # same climb from rest follows: every interval is (refractory steps + m) steps.
    expected = t_on + m * DT + np.arange(len(sp)) * (REFR_STEPS + m) * DT
    assert len(sp) >= 3
    np.testing.assert_allclose(sp, expected, rtol=0, atol=1e-9)
    k = int(np.argmin(np.abs(t - sp[0])))
    np.testing.assert_allclose(rec["V_m"][k : k + REFR_STEPS + 1], E_L, rtol=0, atol=1e-12)
    assert rec["V_m"][k + REFR_STEPS + 1] > E_L + 0.5
    np.testing.assert_allclose(rec["V_m"][k + REFR_STEPS + 1 : k + REFR_STEPS + m],
                               step_response(t[k + REFR_STEPS + 1 : k + REFR_STEPS + m], t[k + REFR_STEPS], A),
                               rtol=0, atol=1e-11)


def check_glif3_after_spike_currents_jump_hold_and_decay(model):
    k = np.array([0.05, 0.4])
    amps = np.array([-20.0, -150.0])
    r = np.array([0.5, 1.0])
    t, rec, sp = run(model, 80.0, dc=[(800.0, 0.0, None)], after_spike_currents=True, asc_decay=k,
                     asc_amps=amps, asc_r=r, asc_init=[0.0, 0.0])
    assert len(sp) >= 3
    idx = spike_steps(t, sp)
    # Walk the samples: the currents jump at each spike step, stay while refractory, and in every
    # integrated step the recordable is their mean over the step, exp(-k h) applied after.
    asc = np.zeros(2)
    expected = np.zeros(len(t))
    held = 0
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
    # Right after the first refractory period: the mean of amps exp(-k s) over the step, from s = 0.
    j = idx[0] + REFR_STEPS + 1
    mean_first = np.sum(amps * (1 - np.exp(-k * DT)) / (k * DT))
    assert rec["ASCurrents_sum"][j] == pytest.approx(mean_first, rel=1e-12)
    # ... and ten steps later, decayed by exp(-k 10 h) component by component.
    assert rec["ASCurrents_sum"][j + 10] == pytest.approx(
        np.sum(amps * np.exp(-k * 10 * DT) * (1 - np.exp(-k * DT)) / (k * DT)), rel=1e-12)
    # The intervals lengthen as the (negative) currents accumulate.
    assert np.all(np.diff(np.diff(sp)) >= -1e-9) and sp[2] - sp[1] > sp[1] - sp[0]


def check_glif2_spike_threshold_and_biological_reset(model):
    b, add, fv, av = 0.2, 2.0, 0.3, 5.0
    t, rec, sp = run(model, 60.0, dc=[(600.0, 0.0, None)], spike_dependent_threshold=True, th_spike_decay=b,
                     th_spike_add=add, voltage_reset_fraction=fv, voltage_reset_add=av)
    assert len(sp) >= 3
    idx = spike_steps(t, sp)
    th_s = rec["threshold_spike"]
    for n, m in zip(idx, idx[1:] + [len(t)]):
        before = th_s[n - 1] * math.exp(-b * DT)  # decayed in the spike step itself
        jump = add + before * math.exp(-b * T_REF)
        assert th_s[n] == pytest.approx(jump, rel=1e-12)
        held = th_s[n : min(n + REFR_STEPS + 1, m)]
        np.testing.assert_allclose(held, jump, rtol=1e-12)
        free = np.arange(n + REFR_STEPS + 1, m)
        np.testing.assert_allclose(th_s[free], jump * np.exp(-b * DT * (free - n - REFR_STEPS)), rtol=1e-12)
        # V_m - E_L at reset: the fraction of its value before the spike step, plus the addition.
        assert rec["V_m"][n] - E_L == pytest.approx(fv * (rec["V_m"][n - 1] - E_L) + av, rel=1e-12)
        # The spike crossed the threshold of the spike step (before the jump).
        assert rec["V_m"][n - 1] <= V_TH + th_s[n - 1] + 1e-12
    np.testing.assert_allclose(rec["threshold"], V_TH + th_s, rtol=0, atol=1e-12)
    assert np.all(rec["threshold_voltage"] == 0.0)


def check_glif5_voltage_threshold_component_subthreshold(model):
    A, a_v, b_v = 150.0, 0.05, 0.3
    t, rec, sp = run(model, 50.0, dc=[(A, 2.0, None)], spike_dependent_threshold=True,
                     after_spike_currents=True, adapting_threshold=True, th_voltage_index=a_v,
                     th_voltage_decay=b_v)
    assert len(sp) == 0
    t_on = onset(t, rec)
    s = np.maximum(t - t_on, 0.0)
    beta, lam = A / G, 1.0 / TAU
    np.testing.assert_allclose(rec["V_m"], E_L + beta * (1 - np.exp(-lam * s)), rtol=0, atol=1e-11)
    theta = a_v * beta / b_v * (1 - np.exp(-b_v * s)) - a_v * beta / (b_v - lam) * (
        np.exp(-lam * s) - np.exp(-b_v * s))
    np.testing.assert_allclose(rec["threshold_voltage"], theta, rtol=0, atol=1e-11)
    np.testing.assert_allclose(rec["threshold"], V_TH + theta, rtol=0, atol=1e-11)
    assert rec["threshold_voltage"][-1] > 1.0


def check_variants_reduce_when_a_mechanism_is_neutral(model):
    # A mechanism that cannot act leaves the trajectory of the simpler variant unchanged: GLIF 3 with zero
    # after-spike jumps is GLIF 1, GLIF 4 with them is GLIF 2, GLIF 5 with th_voltage_index = 0 is GLIF 4.
    dc = [(500.0, 0.0, None)]
    quiet = dict(asc_amps=[0.0, 0.0])
    glif1 = run(model, 60.0, dc=dc)
    glif2 = run(model, 60.0, dc=dc, spike_dependent_threshold=True)
    glif3 = run(model, 60.0, dc=dc, after_spike_currents=True, **quiet)
    glif4 = run(model, 60.0, dc=dc, spike_dependent_threshold=True, after_spike_currents=True, **quiet)
    glif4_asc = run(model, 60.0, dc=dc, spike_dependent_threshold=True, after_spike_currents=True)
    glif5 = run(model, 60.0, dc=dc, spike_dependent_threshold=True, after_spike_currents=True,
                adapting_threshold=True, th_voltage_index=0.0)
    for (_, a, sa), (_, b, sb) in ((glif1, glif3), (glif2, glif4), (glif4_asc, glif5)):
        assert len(sa) >= 3
        np.testing.assert_array_equal(sa, sb)
        np.testing.assert_array_equal(a["V_m"], b["V_m"])
    assert len(glif2[2]) != len(glif1[2]) and len(glif4_asc[2]) != len(glif2[2])  # the mechanisms act
    # With everything on, the total threshold is the sum of its components.
    _, rec, sp = run(model, 60.0, dc=dc, spike_dependent_threshold=True, after_spike_currents=True,
                     adapting_threshold=True)
    assert len(sp) >= 2 and rec["threshold_voltage"].max() > 0.0 and rec["threshold_spike"].max() > 0.3
    np.testing.assert_allclose(rec["threshold"], V_TH + rec["threshold_spike"] + rec["threshold_voltage"],
                               rtol=0, atol=1e-12)


def check_rules_apply_only_to_the_variants_that_use_them(model):
    # As NEST: after-spike current arrays, rates and fractions are checked only when their mechanism is on.
    sim = nestor.Simulator()
    sim.create(model, 1, th_spike_decay=0.0, voltage_reset_fraction=2.0, th_voltage_decay=-1.0,
               **ASC_OFF_BUT_RAGGED)
    sim.create(model, 1, after_spike_currents=True, asc_init=[0.0], asc_decay=[0.1], asc_amps=[-5.0],
               asc_r=[0.0])
    n = sim.create(model, 1, **ASC_OFF_BUT_RAGGED)
    with pytest.raises(nestor.BadValueError, match="asc_"):
        n.set(after_spike_currents=True)


def check_V_th_and_V_reset_keep_their_values_when_E_L_changes(model):
    sim = nestor.Simulator()
    n = sim.create(model, 1)
    n.set(E_L=-70.0)
    assert n.get("V_th").magnitude[0] == pytest.approx(-51.68)
    assert n.get("V_reset").magnitude[0] == pytest.approx(-78.85)
    assert n.get("V_m").magnitude[0] == pytest.approx(-78.85)


def check_asc_init_does_not_set_the_after_spike_currents(model):
    # NEST 3.9 builds ASCurrents from the built-in defaults ([0, 0]) and never from asc_init: with no
    # spike, the after-spike currents stay 0 whatever asc_init says.
    t, rec, sp = run(model, 10.0, after_spike_currents=True, asc_init=[10.0, 20.0])
    assert len(sp) == 0
    assert np.all(rec["ASCurrents_sum"] == 0.0) and np.all(rec["V_m"] == E_L)


# NEST's rules for the GLIF parameters (Parameters_::set): (parameters, word the error must contain).
COMMON_RULES = [
    (dict(adapting_threshold=True), "adapting_threshold"),
    (dict(adapting_threshold=True, after_spike_currents=True), "adapting_threshold"),
    (dict(adapting_threshold=True, spike_dependent_threshold=True), "adapting_threshold"),
    (dict(after_spike_currents=True, asc_amps=[1.0]), "asc_amps"),
    (dict(after_spike_currents=True, asc_init=[1.0, 2.0, 3.0]), "asc_init"),
    (dict(after_spike_currents=True, asc_r=[1.0]), "asc_r"),
    (dict(after_spike_currents=True, asc_decay=[0.1, 0.0]), "asc_decay"),
    (dict(after_spike_currents=True, asc_r=[1.0, 1.5]), "asc_r"),
    (dict(after_spike_currents=True, asc_r=[-0.1, 1.0]), "asc_r"),
    (dict(V_reset=-51.68), "V_reset"),
    (dict(V_th=-80.0), "V_reset"),
    (dict(C_m=0.0), "C_m"),
    (dict(g=-1.0), "parameter g "),
    (dict(t_ref=0.0), "t_ref"),
    (dict(spike_dependent_threshold=True, after_spike_currents=True, adapting_threshold=True,
          th_voltage_decay=0.0), "th_voltage_decay"),
    (dict(spike_dependent_threshold=True, th_spike_decay=-0.01), "th_spike_decay"),
    (dict(spike_dependent_threshold=True, voltage_reset_fraction=1.2), "voltage_reset_fraction"),
    (dict(spike_dependent_threshold=True, voltage_reset_fraction=-0.2), "voltage_reset_fraction"),
    (dict(spike_dependent_threshold=1.5), "spike_dependent_threshold"),
]


def check_parameter_rule(model, params, word):
    sim = nestor.Simulator()
    with pytest.raises(nestor.BadValueError, match=word):
        sim.create(model, 1, **params)


def check_ports(model, **two_ports):
    """Spikes on ports 1 .. n (here 2), currents on port 0 only."""
    sim = nestor.Simulator()
    n = sim.create(model, 1, **two_ports)
    sg = sim.create(nestor.spike_generator, spike_times=[1.0])
    dc = sim.create(nestor.dc_generator)
    for bad in (0, 3):
        with pytest.raises(nestor.IllegalConnectionError):
            sim.connect(sg, n, receptor_type=bad)
    with pytest.raises(nestor.IllegalConnectionError):
        sim.connect(dc, n, receptor_type=1)
    sim.connect(sg, n, receptor_type=2)
    sim.connect(dc, n, receptor_type=0)


def check_no_I_e_and_recordables_as_nest(model):
    sim = nestor.Simulator()
    with pytest.raises(nestor.NestorError, match="I_e"):
        sim.create(model, 1, I_e=10.0)
    mm = sim.create(nestor.multimeter, record_from=["I_syn_1"])  # NEST records no per-port current here
    with pytest.raises(nestor.NestorError, match="I_syn_1"):
        sim.connect(mm, sim.create(model, 1))
    assert sorted(model.recordables) == sorted(REC)


def check_defaults(model, arrays):
    """NEST's defaults of the GLIF parameters and state, and the model's own array defaults."""
    sim = nestor.Simulator()
    n = sim.create(model, 1)
    for name, v in dict(V_th=-51.68, g=9.43, E_L=-78.85, C_m=58.72, t_ref=3.75, V_reset=-78.85,
                        th_spike_add=0.37, th_spike_decay=0.009, voltage_reset_fraction=0.2,
                        voltage_reset_add=18.51, th_voltage_index=0.005, th_voltage_decay=0.09, V_m=-78.85,
                        threshold_spike=0.0, threshold_voltage=0.0).items():
        assert plain(n.get(name))[0] == pytest.approx(v, abs=1e-12), name
    for name in ("spike_dependent_threshold", "after_spike_currents", "adapting_threshold"):
        assert not n.get(name)[0], name
    for name, v in dict(asc_init=[0.0, 0.0], asc_decay=[0.003, 0.1], asc_amps=[-9.18, -198.94],
                        asc_r=[1.0, 1.0], **arrays).items():
        assert list(plain(n.get(name)[0])) == v, name
