"""amat2_psc_exp against closed-form solutions of its equations, and NEST 3.9's rules for it. With
v = V - E_L (never reset) and the currents as in mat2_psc_exp:

    V_th = omega + H(t) + V_th_v(t),  H = sum over past spikes t_j of alpha_1 e^{-(t-t_j)/tau_1} + alpha_2 e^{-(t-t_j)/tau_2}
    V_th_v(t) = beta * integral_0^t s exp(-s/tau_v) dv/dt(t - s) ds

(the kernel of dV_th_dv/dt = -V_th_dv/tau_v + beta dv/dt, dV_th_v/dt = -V_th_v/tau_v + V_th_dv). Firing,
refractoriness and sampling are as in mat2_psc_exp (see test_mat2_psc_exp.py). The NEST reference case
amat2_psc_exp__standard (beta = 0) runs in tests/validation/test_nest_cases.py; the voltage-dependent
part (beta != 0) is pinned here by its closed forms."""

import math

import numpy as np
import pytest
from scipy import integrate

import nestor
from nestor import units as u

DT = 0.1
DEF = dict(E_L=-70.0, C_m=200.0, tau_m=10.0, tau_syn_ex=1.0, tau_syn_in=3.0, t_ref=2.0, tau_1=10.0,
           tau_2=200.0, alpha_1=10.0, alpha_2=0.0, beta=0.0, tau_v=5.0, omega=-65.0)
REC = ["V_m", "V_th", "V_th_v", "I_syn_ex", "I_syn_in"]


def mag(q, unit):
    return np.asarray(u.get_mantissa(q / unit), dtype=float)


def record(params, T, spikes=(), model=None):
    """spikes: (times, weight in pA, delay in ms) per spike_generator; returns t, {var: trace}, spike times."""
    model = model or nestor.amat2_psc_exp
    sim = nestor.Simulator(dt=DT * u.ms)
    n = sim.create(model, 1, **params)
    rec = [r for r in REC if r in model.recordables]
    mm = sim.create(nestor.multimeter, record_from=rec)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(mm, n)
    sim.connect(n, sr)
    for times, w, d in spikes:
        sg = sim.create(nestor.spike_generator, 1, spike_times=list(times))
        sim.connect(sg, n, weight=w * u.pA, delay=d * u.ms)
    res = sim.simulate(T * u.ms, progress=False)
    t = mag(res.sample_times(mm), u.ms)
    tr = {r: np.asarray(u.get_mantissa(res.trace(mm, r)), dtype=float)[:, 0] for r in rec}
    return t, tr, mag(res.spikes(sr)["times"], u.ms)


def v_step(t, I, tau_m, C_m):
    """v = V - E_L for a current I switched on at t = 0, from rest."""
    return I * tau_m / C_m * (1.0 - np.exp(-np.maximum(t, 0.0) / tau_m))


def vth_v_step(t, I, beta, tau_m, tau_v, C_m):
    """V_th_v for the same step: dv/dt = I/C_m e^{-t/tau_m}, so with a = 1/tau_v - 1/tau_m
    V_th_v = beta I/C_m e^{-t/tau_m} (1 - e^{-a t}(1 + a t))/a^2."""
    a = 1.0 / tau_v - 1.0 / tau_m
    return beta * I / C_m * np.exp(-t / tau_m) * (1.0 - np.exp(-a * t) * (1.0 + a * t)) / a**2


def nest_steps(t_ms):
    return math.ceil(math.floor(t_ms * 1000 + 0.5) / round(DT * 1000))


def test_defaults_and_recordables():
    m = nestor.amat2_psc_exp
    d = m.defaults()
    for k, v in DEF.items():
        assert d[k][0] == v, k
    assert d["I_e"] == (0.0, "pA") and d["V_m"] == (-70.0, "mV") and d["V_th_v"] == (0.0, "mV")
    assert d["V_th_alpha_1"] == (0.0, "mV") and d["V_th_alpha_2"] == (0.0, "mV")
    assert sorted(m.recordables) == sorted(REC)
    assert m.weight_unit == "pA"


@pytest.mark.parametrize("params", [
    dict(I_e=80.0, beta=0.0),  # V_inf = -66 mV, below omega = -65 mV
    dict(I_e=90.0, beta=0.5),  # V_inf = -65.5 mV
    dict(I_e=180.0, beta=1.5, tau_v=20.0, omega=-60.0),  # V_inf = -61 mV; tau_v > tau_m: a < 0
    dict(I_e=-100.0, beta=0.5),  # hyperpolarising: the threshold drops with V
])
def test_subthreshold_response_and_voltage_dependent_threshold(params):
    p = DEF | params
    t, tr, spikes = record(params, 150.0)
    assert len(spikes) == 0
    np.testing.assert_allclose(tr["V_m"], p["E_L"] + v_step(t, p["I_e"], p["tau_m"], p["C_m"]), rtol=0, atol=1e-9)
    vv = vth_v_step(t, p["I_e"], p["beta"], p["tau_m"], p["tau_v"], p["C_m"])
    np.testing.assert_allclose(tr["V_th_v"], vv, rtol=0, atol=1e-9)
    np.testing.assert_allclose(tr["V_th"], p["omega"] + vv, rtol=0, atol=1e-9)
    if p["beta"] != 0.0:
        assert np.max(np.abs(vv)) > 0.5  # the component is really there
    # V_th_v is also the direct quadrature of its kernel against dv/dt, at a few samples
    for k in (9, 99, 499):
        q = integrate.quad(lambda s: s * math.exp(-s / p["tau_v"]) * p["I_e"] / p["C_m"] *
                           math.exp(-(t[k] - s) / p["tau_m"]), 0.0, t[k], epsabs=1e-13, epsrel=1e-13)[0]
        assert tr["V_th_v"][k] == pytest.approx(p["beta"] * q, abs=1e-9)


@pytest.mark.parametrize("w,tau_s,d", [(300.0, 1.0, 1.5), (-200.0, 3.0, 1.0)])
def test_single_spike_psc_psp_and_threshold_response(w, tau_s, d):
    beta, tau_m, tau_v, C_m, t_s = 1.0, 10.0, 5.0, 200.0, 10.0
    t, tr, spikes = record(dict(beta=beta), 60.0, spikes=[([t_s], w, d)])
    t_a = t_s + d
    s = np.maximum(t - t_a, 0.0)
    key = "I_syn_ex" if w > 0 else "I_syn_in"
    np.testing.assert_allclose(tr[key], np.where(t >= t_a - 1e-9, w * np.exp(-s / tau_s), 0.0), rtol=0, atol=1e-9)
    A = w / C_m * tau_s * tau_m / (tau_m - tau_s)
    np.testing.assert_allclose(tr["V_m"], -70.0 + A * (np.exp(-s / tau_m) - np.exp(-s / tau_s)), rtol=0, atol=1e-9)

    def dv(x):  # dv/dt of the PSP, x time since arrival
        return A * (np.exp(-x / tau_s) / tau_s - np.exp(-x / tau_m) / tau_m) if x > 0 else 0.0

    for k in np.searchsorted(t, [t_a + 0.5, t_a + 3.0, t_a + 12.0, t_a + 40.0]):
        x = t[k] - t_a
        q = integrate.quad(lambda y: y * math.exp(-y / tau_v) * dv(x - y), 0.0, x, epsabs=1e-13, epsrel=1e-13)[0]
        assert tr["V_th_v"][k] == pytest.approx(beta * q, abs=1e-9)
        assert tr["V_th"][k] == pytest.approx(-65.0 + beta * q, abs=1e-9)
    assert np.all(tr["V_th_v"][t <= t_a + 1e-9] == 0.0)
    assert len(spikes) == 0


def spikes_from_closed_forms(p, T):
    n_ref = nest_steps(p["t_ref"])
    fired, r = [], 0
    for k in range(1, round(T / DT) + 1):
        if r > 0:
            r -= 1
            continue
        t = k * DT
        th = p["omega"] + vth_v_step(t, p["I_e"], p["beta"], p["tau_m"], p["tau_v"], p["C_m"]) + sum(
            p["alpha_1"] * math.exp(-(t - j * DT) / p["tau_1"]) + p["alpha_2"] * math.exp(-(t - j * DT) / p["tau_2"])
            for j in fired)
        if p["E_L"] + v_step(t, p["I_e"], p["tau_m"], p["C_m"]) >= th:
            fired.append(k)
            r = n_ref
    return np.array(fired)


@pytest.mark.parametrize("params", [
    dict(I_e=300.0),  # the NEST case's drive, without its input spikes
    dict(I_e=400.0, beta=0.2, alpha_2=1.0, tau_2=100.0),
    dict(I_e=600.0, beta=-0.1, t_ref=1.0, tau_v=4.0),
])
def test_spike_train_and_threshold_after_spikes(params):
    p = DEF | params
    T = 300.0
    t, tr, spikes = record(params, T)
    expected = spikes_from_closed_forms(p, T)
    assert len(expected) >= 5
    np.testing.assert_array_equal(np.rint(spikes / DT).astype(int), expected)
    np.testing.assert_allclose(tr["V_m"], p["E_L"] + v_step(t, p["I_e"], p["tau_m"], p["C_m"]), rtol=0, atol=1e-9)
    s = t[:, None] - spikes[None, :]
    H = np.where(s >= -1e-9, p["alpha_1"] * np.exp(-s / p["tau_1"]) + p["alpha_2"] * np.exp(-s / p["tau_2"]), 0.0)
    vv = vth_v_step(t, p["I_e"], p["beta"], p["tau_m"], p["tau_v"], p["C_m"])
    np.testing.assert_allclose(tr["V_th"], p["omega"] + H.sum(axis=1) + vv, rtol=0, atol=1e-9)
    np.testing.assert_allclose(tr["V_th_v"], vv, rtol=0, atol=1e-9)  # spikes do not touch V_th_v


@pytest.mark.parametrize("t_ref", [2.0, 0.5, 0.21])
def test_absolute_refractory_period(t_ref):
    p = dict(I_e=3000.0, alpha_1=0.0, alpha_2=0.0, t_ref=t_ref)
    _, _, spikes = record(p, 50.0)
    isi = np.diff(spikes)
    assert len(spikes) > 10 and np.all(isi > t_ref)
    np.testing.assert_allclose(isi, (nest_steps(t_ref) + 1) * DT, rtol=0, atol=1e-9)


def test_with_beta_zero_it_behaves_as_mat2_psc_exp():
    p = dict(C_m=100.0, tau_m=5.0, tau_v=7.0, alpha_1=37.0, alpha_2=2.0, omega=-51.0, I_e=500.0, beta=0.0)
    inputs = [([20.0, 40.0, 60.0], 300.0, 1.5), ([30.0, 50.0], -200.0, 1.0)]
    t, a, sa = record(p, 200.0, spikes=inputs)
    p.pop("beta"), p.pop("tau_v")
    _, m, sm = record(p, 200.0, spikes=inputs, model=nestor.mat2_psc_exp)
    assert len(sa) >= 4
    np.testing.assert_array_equal(np.rint(sa / DT), np.rint(sm / DT))
    np.testing.assert_allclose(a["V_m"], m["V_m"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(a["V_th"], m["V_th"], rtol=0, atol=1e-9)


def test_initial_threshold_state_decays():
    t, tr, _ = record(dict(V_th_v=4.0, V_th_alpha_1=2.0, V_th_alpha_2=1.0, alpha_2=1.0, beta=0.3), 100.0)
    # at rest V does not move, so V_th_v only decays (V_th_dv starts at 0): dV_th_v/dt = -V_th_v/tau_v
    np.testing.assert_allclose(tr["V_th_v"], 4.0 * np.exp(-t / 5.0), rtol=0, atol=1e-9)
    np.testing.assert_allclose(tr["V_th"], -65.0 + 4.0 * np.exp(-t / 5.0) + 2.0 * np.exp(-t / 10.0) +
                               np.exp(-t / 200.0), rtol=0, atol=1e-9)


def test_state_can_be_read_and_set():
    sim = nestor.Simulator(dt=DT * u.ms)
    n = sim.create(nestor.amat2_psc_exp, 2, V_th_v=[1.0, 2.0], beta=0.25)
    np.testing.assert_array_equal(mag(n.get("V_th_v"), u.mV), [1.0, 2.0])
    assert np.all(np.asarray(u.get_mantissa(n.get("beta")), dtype=float) == 0.25)
    with pytest.raises(nestor.UnknownParameterError):
        n.set(V_th=-50.0)
    with pytest.raises(nestor.UnknownParameterError):
        n.set(V_th_dv=1.0)


# ---- parameter checks (NEST's rules) ---------------------------------------------------------------


@pytest.mark.parametrize("bad,message", [
    (dict(C_m=0.0), "C_m"),
    (dict(tau_m=-1.0), "tau_m"),
    (dict(tau_syn_ex=0.0), "tau_syn_ex"),
    (dict(tau_syn_in=0.0), "tau_syn_in"),
    (dict(t_ref=0.0), "t_ref"),
    (dict(tau_1=-1.0), "tau_1"),
    (dict(tau_2=0.0), "tau_2"),
    (dict(tau_v=0.0), "tau_v"),
    (dict(tau_syn_ex=10.0), "tau_syn_ex"),  # = tau_m
    (dict(tau_syn_in=10.0), "tau_syn_in"),  # = tau_m
    (dict(tau_v=10.0), "tau_v"),  # = tau_m
    (dict(tau_v=1.0), "tau_v"),  # = tau_syn_ex
    (dict(tau_v=3.0), "tau_v"),  # = tau_syn_in
])
def test_parameter_checks(bad, message):
    sim = nestor.Simulator()
    with pytest.raises(nestor.BadValueError, match=message):
        sim.create(nestor.amat2_psc_exp, 1, **bad)
    n = sim.create(nestor.amat2_psc_exp, 1)
    with pytest.raises(nestor.BadValueError, match=message):
        n.set(**bad, I_e=100.0)
    assert mag(n.get("I_e"), u.pA)[0] == 0.0  # a refused set changes nothing
    assert mag(n.get("tau_v"), u.ms)[0] == 5.0 and mag(n.get("tau_m"), u.ms)[0] == 10.0


def test_accepted_values():
    sim = nestor.Simulator(dt=DT * u.ms)
    # equal synaptic time constants are allowed; beta of either sign
    sim.create(nestor.amat2_psc_exp, 1, tau_syn_ex=2.0, tau_syn_in=2.0, beta=-1.0)
    n = sim.create(nestor.amat2_psc_exp, 1, t_ref=0.0004)
    with pytest.raises(nestor.BadValueError, match="t_ref"):  # 0 steps after NEST's rounding
        sim.simulate(1.0 * u.ms, progress=False)
    n.set(t_ref=0.04)
    sim.simulate(1.0 * u.ms, progress=False)


def test_ports_and_weight_unit():
    sim = nestor.Simulator()
    n = sim.create(nestor.amat2_psc_exp)
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
