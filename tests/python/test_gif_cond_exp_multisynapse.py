"""gif_cond_exp_multisynapse (NEST 3.9; no NEST reference case): gif_cond_exp with one exponential
conductance per receptor port k (tau_syn[k], E_rev[k]). Deterministic parts against closed forms (lambda_0 = 0),
escape-noise statistics over fixed seeds, and equivalence with gif_cond_exp for two ports.

With lambda_0 = 0 and no input a DC step gives E_L + I_e/g_L (1 - exp(-t/tau_m)). A spike of weight w on port
k arriving at t_a adds w exp(-(t - t_a)/tau_syn[k]) to g_k from t_a on; for a small w the driving force stays
E_rev[k] - E_L, and the PSP is that of the current w (E_rev[k] - E_L) exp(-s/tau_k), s = t - t_a:
w (E_rev[k] - E_L)/C_m tau_k tau_m/(tau_m - tau_k) (exp(-s/tau_m) - exp(-s/tau_k))."""

import math

import numpy as np
import pytest

import nestor
from nestor import units as u

DT = 0.1
MODEL = nestor.gif_cond_exp_multisynapse


def mag(q, unit):
    return np.asarray(u.get_mantissa(q / unit), dtype=float)


def simulate(model=MODEL, n=1, T=50.0, seed=1, threads=1, inputs=(), record=("V_m", "E_sfa", "I_stc"), **params):
    """inputs: (time, weight nS, delay ms, port). Returns (times, {var: samples x nodes}, senders, times, pop)."""
    sim = nestor.Simulator(dt=DT * u.ms, seed=seed, threads=threads)
    pop = sim.create(model, n, **params)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(pop, sr)
    mm = None
    if record:
        mm = sim.create(nestor.multimeter, record_from=list(record))
        sim.connect(mm, pop)
    for t, w, d, port in inputs:
        sg = sim.create(nestor.spike_generator, spike_times=[t])
        sim.connect(sg, pop, weight=w * u.nS, delay=d * u.ms, receptor_type=port)
    res = sim.simulate(T * u.ms, progress=False)
    sp = res.spikes(sr)
    t, out = None, {}
    if mm is not None:
        t = mag(res.sample_times(mm), u.ms)
        out = {v: np.asarray(res.trace(mm, v).magnitude) for v in record}
    return t, out, np.asarray(sp["senders"]), mag(sp["times"], u.ms), pop


def test_defaults_and_recordables_as_nest():
    d = MODEL.defaults()
    expected = dict(I_e=0.0, E_L=-70.0, g_L=4.0, C_m=80.0, V_reset=-55.0, Delta_V=0.5, V_T_star=-35.0,
                    lambda_0=1.0, t_ref=4.0, gsl_error_tol=1e-3, V_m=-70.0, E_sfa=0.0, I_stc=0.0)
    for k, v in expected.items():
        assert d[k][0] == v, k
    assert list(d["tau_syn"][0]) == [2.0] and list(d["E_rev"][0]) == [0.0]
    for k in ("tau_stc", "q_stc", "tau_sfa", "q_sfa"):
        assert len(d[k][0]) == 0, k
    assert sorted(MODEL.recordables) == ["E_sfa", "I_stc", "V_m"]


def test_subthreshold_dc_response():
    t, rec, _, st, _ = simulate(T=100.0, I_e=50.0, lambda_0=0.0)
    assert len(st) == 0
    np.testing.assert_allclose(rec["V_m"][:, 0], -70.0 + 50.0 / 4.0 * (1 - np.exp(-t / 20.0)), rtol=0, atol=1e-6)
    np.testing.assert_array_equal(rec["E_sfa"][:, 0], -35.0)


def test_psps_of_small_conductances_on_three_ports():
    taus, E_rev, w = [1.0, 3.0, 6.0], [0.0, -85.0, -40.0], 1e-3
    inputs = [(5.0, w, 1.0, 1), (15.0, w, 1.0, 2), (30.0, 2 * w, 1.5, 3)]
    t, rec, _, _, _ = simulate(T=80.0, inputs=inputs, lambda_0=0.0, tau_syn=taus, E_rev=E_rev, record=("V_m",))
    v = np.zeros_like(t)
    for ts, wk, d, port in inputs:
        tk, drive = taus[port - 1], E_rev[port - 1] + 70.0
        s = np.maximum(t - ts - d, 0.0)
        v += wk * drive / 80.0 * tk * 20.0 / (20.0 - tk) * (np.exp(-s / 20.0) - np.exp(-s / tk))
    dv = rec["V_m"][:, 0] + 70.0
    assert np.abs(v).max() > 5e-4
    np.testing.assert_allclose(dv, v, rtol=0, atol=3e-3 * np.abs(v).max())
    k = np.searchsorted(t, 6.0)
    assert np.all(dv[: k + 1] == 0.0) and dv[k + 5] > 0.0  # port 1 (E_rev 0) depolarises from t_a on


def test_two_ports_as_gif_cond_exp():
    common = dict(I_e=120.0, lambda_0=0.0, tau_stc=[10.0], q_stc=[5.0], tau_sfa=[20.0], q_sfa=[1.0])
    ins = [(5.0, 4.0, 1.0), (12.0, 3.0, 1.5), (20.0, 6.0, 1.0)]
    t, a, _, _, _ = simulate(T=60.0, inputs=[(ts, w, d, 1) for ts, w, d in ins[:2]] + [(20.0, 6.0, 1.0, 2)],
                             tau_syn=[1.5, 4.0], E_rev=[5.0, -80.0], **common)
    _, b, _, _, _ = simulate(model=nestor.gif_cond_exp, T=60.0,
                             inputs=[(ts, w, d, 0) for ts, w, d in ins[:2]] + [(20.0, -6.0, 1.0, 0)],
                             tau_syn_ex=1.5, tau_syn_in=4.0, E_ex=5.0, E_in=-80.0, **common)
    assert np.ptp(a["V_m"]) > 5.0
    for v in ("V_m", "E_sfa", "I_stc"):
        np.testing.assert_allclose(a[v], b[v], rtol=0, atol=1e-9, err_msg=v)


def clamped(E_L, n, lambda_0, Delta_V, T, t_ref=0.0, seed=1, threads=1):
    """n neurons per E_L, with V_m = V_reset = E_L and no input: V never moves."""
    E_L = np.repeat(np.atleast_1d(np.asarray(E_L, dtype=float)), n)
    _, _, senders, times, pop = simulate(n=len(E_L), T=T, seed=seed, threads=threads, record=(), E_L=E_L, V_m=E_L,
                                         V_reset=E_L, lambda_0=lambda_0, Delta_V=Delta_V, t_ref=t_ref,
                                         tau_syn=[2.0, 5.0], E_rev=[0.0, -85.0])
    return senders, times, pop


def p_step(V, lambda_0, Delta_V, V_T_star=-35.0):
    return -math.expm1(-lambda_0 * 1e-3 * math.exp((V - V_T_star) / Delta_V) * DT)


@pytest.mark.parametrize("seed", [1, 2])
def test_escape_rate_far_below_threshold(seed):
    lambda_0, Delta_V, T, n = 4e9, 2.0, 3000.0, 30
    E_L = np.array([-72.0, -70.0, -68.0, -66.0])
    senders, _, pop = clamped(E_L, n, lambda_0, Delta_V, T, seed=seed)
    gids = np.asarray(pop.global_ids)
    counts = np.bincount(senders - gids[0], minlength=len(gids)).reshape(len(E_L), n)
    steps = round(T / DT)
    for V, row in zip(E_L, counts):
        p = p_step(V, lambda_0, Delta_V)
        assert abs(row.sum() - n * steps * p) < 4.0 * math.sqrt(n * steps * p * (1 - p)), (V, row.sum())
    rates = counts.sum(axis=1) / (n * T * 1e-3)
    assert np.polyfit(E_L, np.log(rates), 1)[0] == pytest.approx(1.0 / Delta_V, rel=0.06)


def test_intervals_with_dead_time():
    lambda_0, Delta_V, n, t_ref = 4e9, 2.0, 40, 2.0
    senders, times, pop = clamped(-66.0, n, lambda_0, Delta_V, 3000.0, t_ref=t_ref, seed=5)
    p = p_step(-66.0, lambda_0, Delta_V)
    isis = np.rint(np.concatenate([np.diff(np.sort(times[senders == g])) for g in pop.global_ids]) / DT)
    assert len(isis) > 10000
    R = round(t_ref / DT)
    assert isis.min() == R + 1
    mean, sd = R + 1 / p, math.sqrt(1 - p) / p
    assert abs(isis.mean() - mean) < 4.0 * sd / math.sqrt(len(isis))
    assert isis.std() / isis.mean() == pytest.approx(sd / mean, abs=0.03)


def _noisy_network(threads, seed=3):
    sim = nestor.Simulator(dt=DT * u.ms, seed=seed, threads=threads)
    pop = sim.create(MODEL, 40, I_e=np.linspace(150.0, 250.0, 40), tau_syn=[2.0, 6.0], E_rev=[0.0, -85.0],
                     tau_stc=[10.0], q_stc=[15.0], tau_sfa=[30.0], q_sfa=[3.0])
    sim.connect(pop, pop, rule=nestor.fixed_indegree(5), weight=2.0, delay=1.0, receptor_type=1)
    sim.connect(pop, pop, rule=nestor.fixed_indegree(5), weight=3.0, delay=1.5, receptor_type=2)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(pop, sr)
    sp = sim.simulate(300.0 * u.ms, progress=False).spikes(sr)
    return mag(sp["times"], u.ms), np.asarray(sp["senders"])


def test_identical_for_one_and_two_threads():
    t1, s1 = _noisy_network(1)
    assert len(t1) > 100
    t2, s2 = _noisy_network(2)
    np.testing.assert_array_equal(t2, t1)
    np.testing.assert_array_equal(s2, s1)
    t3, _ = _noisy_network(1, seed=4)
    assert not np.array_equal(t3, t1)


def test_ports_count_from_one_to_the_number_of_time_constants():
    sim = nestor.Simulator()
    n = sim.create(MODEL, 1, tau_syn=[1.0, 2.0], E_rev=[0.0, -80.0])
    sg = sim.create(nestor.spike_generator, spike_times=[1.0])
    dc = sim.create(nestor.dc_generator)
    for bad in (0, 3):
        with pytest.raises(nestor.IllegalConnectionError):
            sim.connect(sg, n, receptor_type=bad)
    with pytest.raises(nestor.IllegalConnectionError):
        sim.connect(dc, n, receptor_type=1)
    sim.connect(sg, n, receptor_type=2)
    sim.connect(dc, n, receptor_type=0)


@pytest.mark.parametrize("params,word", [
    (dict(g_L=0.0), "g_L"),
    (dict(C_m=-1.0), "C_m"),
    (dict(Delta_V=0.0), "Delta_V"),
    (dict(t_ref=-0.1), "t_ref"),
    (dict(lambda_0=-1.0), "lambda_0"),
    (dict(tau_stc=[1.0, 0.0], q_stc=[1.0, 1.0]), "tau_stc"),
    (dict(tau_sfa=[-1.0], q_sfa=[1.0]), "tau_sfa"),
    (dict(tau_stc=[1.0, 2.0], q_stc=[1.0]), "q_stc"),
    (dict(tau_sfa=[1.0]), "q_sfa"),
    (dict(tau_syn=[2.0, 0.0], E_rev=[0.0, -85.0]), "tau_syn"),
    (dict(tau_syn=[2.0, 3.0]), "E_rev"),
    (dict(E_rev=[0.0, -85.0]), "tau_syn"),
    (dict(gsl_error_tol=0.0), "gsl_error_tol"),  # nestor's own rule (NEST does not check it)
])
def test_parameter_rules(params, word):
    sim = nestor.Simulator()
    with pytest.raises(nestor.BadValueError, match=word):
        sim.create(MODEL, 1, **params)
