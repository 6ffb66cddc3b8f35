"""iaf_psc_alpha_multisynapse against closed forms, and NEST 3.9's rules for it (the NEST reference case
iaf_psc_alpha_multisynapse__standard runs in tests/validation/test_nest_cases.py).

A spike of weight w arriving on port k at t_a (its send time plus the delay) starts the alpha current
I_syn_k(t) = w e/tau_k s exp(-s/tau_k), s = t - t_a (peak w at s = tau_k), which moves the membrane by
    V(t) - E_L = w e/(tau_k C_m) exp(-s/tau_m) (1 - exp(-a s)(1 + a s))/a^2,  a = 1/tau_k - 1/tau_m,
or, in the singular case tau_k == tau_m (which this model accepts), w e/(tau_m C_m) s^2/2 exp(-s/tau_m).
Ports add up; they count from 1 and their number is fixed when the nodes are created."""

import numpy as np
import pytest

import nestor
from nestor import units as u

DT = 0.1


def mag(q, unit):
    return np.asarray(u.get_mantissa(q / unit), dtype=float)


def run(tau_syn, spikes, T=60.0, **params):
    """spikes: (time, weight pA, port). Returns times, {var: trace}."""
    sim = nestor.Simulator(dt=DT * u.ms)
    n = sim.create(nestor.iaf_psc_alpha_multisynapse, 1, tau_syn=tau_syn, **params)
    rec = ["V_m", "I_syn"] + [f"I_syn_{k + 1}" for k in range(len(tau_syn))]
    mm = sim.create(nestor.multimeter, record_from=rec)
    sim.connect(mm, n)
    for t, w, port in spikes:
        sg = sim.create(nestor.spike_generator, spike_times=[t])
        sim.connect(sg, n, weight=w * u.pA, delay=1.0 * u.ms, receptor_type=port)
    res = sim.simulate(T * u.ms, progress=False)
    t = mag(res.sample_times(mm), u.ms)
    return t, {v: np.asarray(res.trace(mm, v).magnitude).reshape(-1) for v in rec}


def psc(s, w, tau_k):
    s = np.maximum(s, 0.0)
    return w * np.e / tau_k * s * np.exp(-s / tau_k)


def psp(s, w, tau_k, tau_m=10.0, C_m=250.0):
    s = np.maximum(s, 0.0)
    if tau_k == tau_m:
        return w * np.e / (tau_m * C_m) * s**2 / 2 * np.exp(-s / tau_m)
    a = 1 / tau_k - 1 / tau_m
    return w * np.e / (tau_k * C_m) * np.exp(-s / tau_m) * (1 - np.exp(-a * s) * (1 + a * s)) / a**2


def test_each_port_has_its_own_alpha_current_and_psp():
    taus = [2.0, 10.0, 0.5]  # port 2: tau_syn == tau_m, the singular propagator
    spikes = [(5.0, 300.0, 1), (12.0, -150.0, 2), (12.0, 80.0, 3), (30.0, 200.0, 2)]
    t, rec = run(taus, spikes)
    v_expected = -70.0 + sum(psp(t - (ts + 1.0), w, taus[k - 1]) for ts, w, k in spikes)
    np.testing.assert_allclose(rec["V_m"], v_expected, rtol=0, atol=1e-10)
    total = np.zeros_like(t)
    for k, tau in enumerate(taus, start=1):
        cur = sum(psc(t - ts - 1.0, w, tau) for ts, w, port in spikes if port == k)
        np.testing.assert_allclose(rec[f"I_syn_{k}"], cur, rtol=1e-12, atol=1e-11)
        total = total + cur
    np.testing.assert_allclose(rec["I_syn"], total, rtol=1e-12, atol=1e-11)
    # the current of port 1 peaks at w, tau_syn after the arrival (6 + 2 ms)
    i = int(np.argmax(rec["I_syn_1"]))
    assert t[i] == pytest.approx(8.0) and rec["I_syn_1"][i] == pytest.approx(300.0, rel=1e-12)


def test_dc_step_first_spike_and_refractory_clamp():
    t, rec = run([2.0], [], T=10.0, I_e=300.0)
    np.testing.assert_allclose(rec["V_m"], -70.0 + 300.0 * 10.0 / 250.0 * (1 - np.exp(-t / 10.0)), rtol=0, atol=1e-11)
    sim = nestor.Simulator(dt=DT * u.ms)
    n = sim.create(nestor.iaf_psc_alpha_multisynapse, 1, I_e=450.0, t_ref=3.0)
    sr = sim.create(nestor.spike_recorder)
    mm = sim.create(nestor.multimeter, record_from=["V_m"])
    sim.connect(n, sr)
    sim.connect(mm, n)
    res = sim.simulate(50.0 * u.ms, progress=False)
    spikes = mag(res.spikes(sr)["times"], u.ms)
    t_cross = -10.0 * np.log(1 - 15.0 / (450.0 * 10.0 / 250.0))
    assert np.ceil(t_cross / DT - 1e-9) * DT == pytest.approx(spikes[0], abs=1e-9)
    # after the reset, V stays at V_reset for t_ref, then rises again as from E_L
    tm = mag(res.sample_times(mm), u.ms)
    v = np.asarray(res.trace(mm, "V_m").magnitude).reshape(-1)
    clamp = (tm >= spikes[0] - 1e-9) & (tm <= spikes[0] + 3.0 + 1e-9)
    np.testing.assert_array_equal(v[clamp], -70.0)
    assert v[np.searchsorted(tm, spikes[0] + 3.1 - 1e-9)] > -70.0
    assert spikes[1] - spikes[0] == pytest.approx(3.0 + spikes[0], abs=1e-9)


def test_v_min_bounds_the_membrane_potential():
    t, rec = run([2.0], [(5.0, -5000.0, 1)], T=30.0, V_min=-72.0)
    assert rec["V_m"].min() == -72.0
    t, free = run([2.0], [(5.0, -5000.0, 1)], T=30.0)
    assert free["V_m"].min() < -72.0


def test_ports_count_from_one_to_the_number_of_time_constants():
    sim = nestor.Simulator()
    n = sim.create(nestor.iaf_psc_alpha_multisynapse, 1, tau_syn=[1.0, 2.0])
    sg = sim.create(nestor.spike_generator, spike_times=[1.0])
    dc = sim.create(nestor.dc_generator)
    for bad in (0, 3):
        with pytest.raises(nestor.IllegalConnectionError):
            sim.connect(sg, n, receptor_type=bad)
    with pytest.raises(nestor.IllegalConnectionError):
        sim.connect(dc, n, receptor_type=1)
    sim.connect(sg, n, receptor_type=2)
    sim.connect(dc, n, receptor_type=0)


def test_number_of_ports_is_fixed_when_created():
    sim = nestor.Simulator()
    n = sim.create(nestor.iaf_psc_alpha_multisynapse, 2, tau_syn=[1.0, 2.0])
    n.set(tau_syn=[3.0, 10.0])
    assert [list(x.magnitude) for x in n.get("tau_syn")] == [[3.0, 10.0], [3.0, 10.0]]
    with pytest.raises(nestor.BadValueError, match="fixed when nodes are created"):
        n.set(tau_syn=[1.0, 2.0, 3.0])
    mm = sim.create(nestor.multimeter, record_from=["I_syn_3"])
    with pytest.raises(nestor.NestorError, match="I_syn_3"):
        sim.connect(mm, n)


@pytest.mark.parametrize("params,word", [
    (dict(tau_syn=[2.0, 0.0]), "tau_syn"),
    (dict(tau_syn=[-1.0]), "tau_syn"),
    (dict(C_m=0.0), "C_m"),
    (dict(tau_m=-1.0), "tau_m"),
    (dict(t_ref=-0.1), "t_ref"),
    (dict(V_reset=-55.0), "V_reset"),
])
def test_parameter_rules(params, word):
    sim = nestor.Simulator()
    with pytest.raises(nestor.BadValueError, match=word):
        sim.create(nestor.iaf_psc_alpha_multisynapse, 1, **params)


def test_defaults_as_nest():
    sim = nestor.Simulator()
    n = sim.create(nestor.iaf_psc_alpha_multisynapse, 1)
    assert list(n.get("tau_syn")[0].magnitude) == [2.0]
    for name, v in dict(E_L=-70.0, C_m=250.0, tau_m=10.0, t_ref=2.0, V_th=-55.0, V_reset=-70.0, I_e=0.0,
                        V_m=-70.0, V_min=-np.inf).items():
        assert n.get(name).magnitude[0] == v, name
    n.set(E_L=-60.0)  # as NEST: values stored relative to E_L keep their absolute value
    assert n.get("V_th").magnitude[0] == -55.0 and n.get("V_m").magnitude[0] == -70.0
