"""iaf_bw_2001_exact (NEST 3.9) in nestor: the membrane, AMPA (receptor 1) and GABA (receptor 2) dynamics
of iaf_bw_2001 (GSL RKF45), plain spikes on the grid. NEST gives every NMDA connection its own port and
ODE state (x_j, s_j) when connected; nestor fixes a node's inputs when it is created, so NMDA connections
(receptor 3) are refused with an error naming the limitation. Without NMDA input NEST's two models solve
the same equations, so they must agree: checked here, with closed forms of the membrane and gating
variables and one test per NEST parameter rule."""

import numpy as np
import pytest

import nestor
from nestor import units as u

DT = 0.1
MODEL = nestor.iaf_bw_2001_exact
VARS = ["V_m", "s_AMPA", "s_GABA", "s_NMDA", "I_NMDA", "I_AMPA", "I_GABA"]


def mag(q, unit):
    return np.asarray(u.get_mantissa(q / unit), dtype=float)


def run(model, T, dc=0.0, spikes=(), **params):
    sim = nestor.Simulator(dt=DT * u.ms)
    n = sim.create(model, 1, **params)
    mm = sim.create(nestor.multimeter, record_from=VARS)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(mm, n)
    sim.connect(n, sr)
    if dc:
        g = sim.create(nestor.dc_generator, amplitude=dc * u.pA)
        sim.connect(g, n, delay=1.0 * u.ms)
    for t, w, rec in spikes:
        sg = sim.create(nestor.spike_generator, spike_times=[t])
        sim.connect(sg, n, weight=w * u.nS, delay=1.0 * u.ms, receptor_type=rec)
    res = sim.simulate(T * u.ms, progress=False)
    t = mag(res.sample_times(mm), u.ms)
    rec = {v: np.asarray(res.trace(mm, v).magnitude, dtype=float).reshape(-1) for v in VARS}
    return t, rec, mag(res.spikes(sr)["times"], u.ms)


def test_defaults_recordables_and_ports():
    d = MODEL.defaults()
    for name, v in dict(E_L=-70.0, E_ex=0.0, E_in=-70.0, V_th=-55.0, V_reset=-60.0, C_m=500.0, g_L=25.0,
                        t_ref=2.0, tau_AMPA=2.0, tau_GABA=5.0, tau_decay_NMDA=100.0, tau_rise_NMDA=2.0,
                        alpha=0.5, conc_Mg2=1.0, gsl_error_tol=1e-3, V_m=-70.0, s_AMPA=0.0).items():
        assert d[name][0] == v, name
    assert MODEL.recordables == VARS
    assert MODEL.weight_unit == "nS"
    sim = nestor.Simulator()
    n = sim.create(MODEL)
    sg = sim.create(nestor.spike_generator, spike_times=[1.0])
    for ok in (1, 2):
        sim.connect(sg, n, weight=1.0 * u.nS, receptor_type=ok)
    for bad in (0, 4):
        with pytest.raises(nestor.IllegalConnectionError, match="receptor_type"):
            sim.connect(sg, n, weight=1.0 * u.nS, receptor_type=bad)


def test_nmda_connections_are_refused_with_the_reason():
    sim = nestor.Simulator()
    pre = sim.create(nestor.iaf_bw_2001)
    n = sim.create(MODEL, 2)
    with pytest.raises(nestor.IllegalConnectionError, match=r"NMDA.*own receptor port.*iaf_bw_2001"):
        sim.connect(pre, n, weight=1.0 * u.nS, receptor_type=3)
    # Nothing was made: the network still runs and the targets have no input.
    sim.connect(pre, n, weight=1.0 * u.nS, receptor_type=1)
    sim.simulate(1.0 * u.ms, progress=False)


def test_subthreshold_response_to_a_dc_current():
    I, g_L, C_m = 180.0, 20.0, 400.0
    t, rec, spikes = run(MODEL, 150.0, dc=I, g_L=g_L, C_m=C_m, E_L=-65.0, V_m=-65.0)
    t0 = 1.1  # the current arrives after its 1 ms delay and is latched for the next step
    expected = np.where(t > t0, -65.0 + I / g_L * (1.0 - np.exp(-(t - t0) * g_L / C_m)), -65.0)
    np.testing.assert_allclose(rec["V_m"], expected, rtol=0, atol=1e-4)
    assert len(spikes) == 0 and np.all(rec["s_NMDA"] == 0.0) and np.all(rec["I_NMDA"] == 0.0)


def test_gating_variables_jump_and_decay():
    t, rec, _ = run(MODEL, 40.0, spikes=[(3.0, 5.0, 1), (8.0, 2.5, 2)], tau_AMPA=3.0, tau_GABA=4.0)
    np.testing.assert_allclose(rec["s_AMPA"], np.where(t >= 4.0 - 1e-9, 5.0 * np.exp(-(t - 4.0) / 3.0), 0.0),
                               rtol=0, atol=1e-4)
    np.testing.assert_allclose(rec["s_GABA"], np.where(t >= 9.0 - 1e-9, 2.5 * np.exp(-(t - 9.0) / 4.0), 0.0),
                               rtol=0, atol=1e-4)
    after = t > 4.05
    np.testing.assert_allclose(rec["I_AMPA"][after], rec["V_m"][after] * rec["s_AMPA"][after], rtol=1e-12)


def test_agrees_with_iaf_bw_2001_without_nmda_input():
    """NEST's two models solve the same equations when no NMDA input arrives: same trajectory and spike
    steps; iaf_bw_2001 records its spikes earlier by its NMDA jump, the exact model on the grid."""
    kw = dict(dc=480.0, spikes=[(20.0, 6.0, 1), (45.0, 12.0, 2), (80.0, 4.0, 1)], t_ref=2.5)
    t, a, sp_exact = run(MODEL, 200.0, **kw)
    _, b, sp_approx = run(nestor.iaf_bw_2001, 200.0, **kw)
    for v in ("V_m", "s_AMPA", "s_GABA", "I_AMPA", "I_GABA"):
        np.testing.assert_allclose(a[v], b[v], rtol=1e-13, atol=1e-13, err_msg=v)
    assert len(sp_exact) >= 5 and len(sp_exact) == len(sp_approx)
    np.testing.assert_allclose(sp_exact, np.round(sp_exact / DT) * DT, rtol=0, atol=1e-9)  # on the grid
    offsets = sp_exact - sp_approx
    assert np.all(offsets > 0.1) and np.all(offsets < 0.7)


@pytest.mark.parametrize("params,word", [
    (dict(V_reset=-50.0), "V_reset"),
    (dict(C_m=-1.0), "C_m"),
    (dict(t_ref=-1.0), "t_ref"),
    (dict(tau_AMPA=0.0), "tau_AMPA"),
    (dict(tau_GABA=0.0), "tau_GABA"),
    (dict(tau_decay_NMDA=-5.0), "tau_decay_NMDA"),
    (dict(tau_rise_NMDA=0.0), "tau_rise_NMDA"),
    (dict(alpha=-0.5), "alpha"),
    (dict(conc_Mg2=0.0), "conc_Mg2"),
    (dict(gsl_error_tol=-1e-3), "gsl_error_tol"),
])
def test_parameter_rules(params, word):
    with pytest.raises(nestor.BadValueError, match=word):
        nestor.Simulator().create(MODEL, 1, **params)
