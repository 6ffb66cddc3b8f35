"""gif_cond_exp (NEST 3.9): deterministic parts against closed forms, escape-noise firing statistics over
fixed seeds, and the NEST reference case gif_cond_exp__standard (stochastic: its deterministic parts
exactly up to NEST's first spike, its spikes in distribution).

Membrane: C_m dV/dt = -g_L (V - E_L) - g_ex (V - E_ex) - g_in (V - E_in) - I_stc + I_e, integrated by GSL's
RKF45 (absolute error bound gsl_error_tol = 1e-3 per step) as NEST. Without input and lambda_0 = 0 a DC step
gives E_L + I_e/g_L (1 - exp(-t/tau_m)), tau_m = C_m/g_L. A spike of weight w (nS) arriving at t_a (send
time + delay) is added to the conductance at the end of the step ending at t_a: g(t) = w exp(-(t - t_a)/tau_syn)
for t >= t_a (w >= 0: g_ex, w < 0: g_in with -w). Spiking: in each non-refractory step a spike with
probability 1 - exp(-lambda dt), lambda = lambda_0 exp((V - E_sfa)/Delta_V); after it V is held at V_reset
for t_ref, the kernels jump by q and are read at the start of each step (as gif_psc_exp)."""

import gzip
import json
import math
from pathlib import Path

import numpy as np
import pytest

import nestor
from nestor import units as u

DT = 0.1


def mag(q, unit):
    return np.asarray(u.get_mantissa(q / unit), dtype=float)


def simulate(n=1, T=50.0, seed=1, threads=1, inputs=(), record=("V_m", "E_sfa", "I_stc", "g_ex", "g_in"),
             **params):
    """inputs: (time, weight nS, delay ms). Returns (times, {var: samples x nodes}, spike senders, spike
    times, population)."""
    sim = nestor.Simulator(dt=DT * u.ms, seed=seed, threads=threads)
    pop = sim.create(nestor.gif_cond_exp, n, **params)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(pop, sr)
    mm = None
    if record:
        mm = sim.create(nestor.multimeter, record_from=list(record))
        sim.connect(mm, pop)
    for t, w, d in inputs:
        sg = sim.create(nestor.spike_generator, spike_times=[t])
        sim.connect(sg, pop, weight=w * u.nS, delay=d * u.ms)
    res = sim.simulate(T * u.ms, progress=False)
    sp = res.spikes(sr)
    out = {}
    t = None
    if mm is not None:
        t = mag(res.sample_times(mm), u.ms)
        out = {v: np.asarray(res.trace(mm, v).magnitude) for v in record}
    return t, out, np.asarray(sp["senders"]), mag(sp["times"], u.ms), pop


def test_defaults_as_nest():
    d = nestor.gif_cond_exp.defaults()
    expected = dict(I_e=0.0, E_L=-70.0, g_L=4.0, C_m=80.0, V_reset=-55.0, Delta_V=0.5, V_T_star=-35.0,
                    lambda_0=1.0, t_ref=4.0, tau_syn_ex=2.0, tau_syn_in=2.0, E_ex=0.0, E_in=-85.0,
                    gsl_error_tol=1e-3, V_m=-70.0, g_ex=0.0, g_in=0.0, E_sfa=0.0, I_stc=0.0)
    for k, v in expected.items():
        assert d[k][0] == v, k
    assert d["lambda_0"][1] == "Hz" and d["g_L"][1] == "nS"
    for k in ("tau_stc", "q_stc", "tau_sfa", "q_sfa"):
        assert len(d[k][0]) == 0, k


def test_subthreshold_dc_response():
    t, rec, _, st, _ = simulate(T=100.0, I_e=50.0, lambda_0=0.0)
    assert len(st) == 0
    np.testing.assert_allclose(rec["V_m"][:, 0], -70.0 + 50.0 / 4.0 * (1 - np.exp(-t / 20.0)), rtol=0, atol=1e-6)
    np.testing.assert_array_equal(rec["E_sfa"][:, 0], -35.0)  # V_T_star without kernels
    np.testing.assert_array_equal(rec["I_stc"][:, 0], 0.0)


def test_conductance_of_one_spike_split_by_sign():
    inputs = [(5.0, 3.0, 1.5), (20.0, -2.0, 1.0)]
    t, rec, _, _, _ = simulate(T=60.0, inputs=inputs, lambda_0=0.0, tau_syn_ex=2.0, tau_syn_in=5.0)
    ex = np.where(t >= 6.5 - 1e-9, 3.0 * np.exp(-(t - 6.5) / 2.0), 0.0)
    inh = np.where(t >= 21.0 - 1e-9, 2.0 * np.exp(-(t - 21.0) / 5.0), 0.0)
    np.testing.assert_allclose(rec["g_ex"][:, 0], ex, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(rec["g_in"][:, 0], inh, rtol=1e-6, atol=1e-9)
    V = rec["V_m"][:, 0]
    # the excitatory input depolarises (towards E_ex = 0), the inhibitory hyperpolarises (towards -85)
    np.testing.assert_array_equal(V[t <= 6.5 + 1e-9], -70.0)
    assert V[np.searchsorted(t, 8.0)] > -69.9
    _, alone, _, _, _ = simulate(T=60.0, inputs=inputs[:1], lambda_0=0.0, tau_syn_ex=2.0, record=("V_m",))
    k = np.searchsorted(t, 21.0)
    np.testing.assert_array_equal(V[: k + 1], alone["V_m"][: k + 1, 0])
    assert np.all(V[k + 1 :] < alone["V_m"][k + 1 :, 0])


def test_psp_peak_small_conductance_limit():
    # For a tiny conductance the driving force stays E_ex - E_L: the PSP is that of an exponential current
    # w (E_ex - E_L) exp(-s/tau_s) starting at t_a: w (E_ex - E_L)/C_m tau_s tau_m/(tau_m - tau_s) (e^-s/tau_m - e^-s/tau_s).
    w, tau_s, tau_m, C_m = 1e-3, 2.0, 20.0, 80.0
    t, rec, _, _, _ = simulate(T=40.0, inputs=[(5.0, w, 1.0)], lambda_0=0.0, record=("V_m",))
    s = np.maximum(t - 6.0, 0.0)
    psp = w * 70.0 / C_m * tau_s * tau_m / (tau_m - tau_s) * (np.exp(-s / tau_m) - np.exp(-s / tau_s))
    dv = rec["V_m"][:, 0] + 70.0
    assert dv.max() == pytest.approx(psp.max(), rel=2e-3)
    np.testing.assert_allclose(dv, psp, rtol=0, atol=2e-3 * psp.max())


def test_refractory_hold_and_kernels_after_forced_spike():
    # V_T_star far below V: the first step fires with certainty; the threshold kernels then jump by
    # 1100 mV, lambda underflows to 0 and no further spike can occur.
    tau_stc, q_stc, tau_sfa, q_sfa = [3.0, 30.0], [20.0, -10.0], [5.0, 50.0], [500.0, 600.0]
    t, rec, _, st, _ = simulate(T=30.0, I_e=30.0, t_ref=4.0, V_reset=-60.0, V_T_star=-200.0, Delta_V=1.0,
                                tau_stc=tau_stc, q_stc=q_stc, tau_sfa=tau_sfa, q_sfa=q_sfa)
    np.testing.assert_allclose(st, [DT], atol=1e-12)
    after = t >= 2 * DT - 1e-9
    stc = sum(q * np.exp(-(t - 2 * DT) / tau) for tau, q in zip(tau_stc, q_stc))
    sfa = sum(q * np.exp(-(t - 2 * DT) / tau) for tau, q in zip(tau_sfa, q_sfa))
    np.testing.assert_allclose(rec["I_stc"][:, 0], np.where(after, stc, 0.0), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(rec["E_sfa"][:, 0], -200.0 + np.where(after, sfa, 0.0), rtol=1e-12, atol=1e-10)
    V = rec["V_m"][:, 0]
    assert V[0] == pytest.approx(-70.0 + 30.0 / 4.0 * (1 - math.exp(-DT / 20.0)), abs=1e-7)  # not reset
    refr = (t > DT + 1e-9) & (t <= DT + 4.0 + 1e-9)
    assert refr.sum() == 40
    np.testing.assert_array_equal(V[refr], -60.0)
    assert V[np.searchsorted(t, 4.2)] != -60.0


def clamped(E_L, n, lambda_0, Delta_V, T, V_T_star=-35.0, t_ref=0.0, seed=1, threads=1):
    """n neurons per E_L, with V_m = V_reset = E_L and no input: V never moves."""
    E_L = np.repeat(np.atleast_1d(np.asarray(E_L, dtype=float)), n)
    _, _, senders, times, pop = simulate(n=len(E_L), T=T, seed=seed, threads=threads, record=(), E_L=E_L, V_m=E_L,
                                         V_reset=E_L, lambda_0=lambda_0, Delta_V=Delta_V, V_T_star=V_T_star,
                                         t_ref=t_ref)
    return senders, times, pop


def p_step(V, lambda_0, Delta_V, V_T_star=-35.0):
    return -math.expm1(-lambda_0 * 1e-3 * math.exp((V - V_T_star) / Delta_V) * DT)


@pytest.mark.parametrize("seed", [1, 2])
def test_escape_rate_far_below_threshold(seed):
    # V 31 .. 37 mV below V_T_star, Delta_V = 2 mV, lambda_0 = 4e9/s: rates of about 14 .. 270 /s.
    lambda_0, Delta_V, T, n = 4e9, 2.0, 3000.0, 30
    E_L = np.array([-72.0, -70.0, -68.0, -66.0])
    senders, _, pop = clamped(E_L, n, lambda_0, Delta_V, T, seed=seed)
    gids = np.asarray(pop.global_ids)
    counts = np.bincount(senders - gids[0], minlength=len(gids)).reshape(len(E_L), n)
    steps = round(T / DT)
    for V, row in zip(E_L, counts):
        p = p_step(V, lambda_0, Delta_V)
        # total over n neurons: Binomial(n steps, p), within 4 standard deviations
        assert abs(row.sum() - n * steps * p) < 4.0 * math.sqrt(n * steps * p * (1 - p)), (V, row.sum())
    rates = counts.sum(axis=1) / (n * T * 1e-3)
    assert np.polyfit(E_L, np.log(rates), 1)[0] == pytest.approx(1.0 / Delta_V, rel=0.06)


def test_intervals_with_dead_time():
    # t_ref = 2 ms: an interval is 20 steps of refractoriness plus a geometric wait G >= 1 (p per step).
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
    pop = sim.create(nestor.gif_cond_exp, 40, I_e=np.linspace(100.0, 200.0, 40), tau_stc=[10.0], q_stc=[15.0],
                     tau_sfa=[30.0], q_sfa=[3.0])
    sim.connect(pop, pop, rule=nestor.fixed_indegree(5), weight=nestor.random.normal(0.5, 2.0), delay=1.0)
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


@pytest.mark.parametrize("params,word", [
    (dict(g_L=0.0), "g_L"),
    (dict(C_m=-1.0), "C_m"),
    (dict(Delta_V=0.0), "Delta_V"),
    (dict(t_ref=-0.1), "t_ref"),
    (dict(lambda_0=-1.0), "lambda_0"),
    (dict(tau_syn_ex=0.0), "tau_syn_ex"),
    (dict(tau_syn_in=-2.0), "tau_syn_in"),
    (dict(tau_stc=[1.0, 0.0], q_stc=[1.0, 1.0]), "tau_stc"),
    (dict(tau_sfa=[-1.0], q_sfa=[1.0]), "tau_sfa"),
    (dict(tau_stc=[1.0, 2.0], q_stc=[1.0]), "q_stc"),
    (dict(tau_sfa=[1.0]), "q_sfa"),
    (dict(gsl_error_tol=0.0), "gsl_error_tol"),  # nestor's own rule (NEST does not check it)
])
def test_parameter_rules(params, word):
    sim = nestor.Simulator()
    with pytest.raises(nestor.BadValueError, match=word):
        sim.create(nestor.gif_cond_exp, 1, **params)


# --- the NEST reference case gif_cond_exp__standard (stochastic: compared in distribution) -------------

def _nest_case():
    path = Path(__file__).resolve().parents[1] / "validation" / "nest_reference" / "gif_cond_exp__standard.json.gz"
    with gzip.open(path, "rt") as f:
        return json.load(f)


CASE_INPUTS = [(t, 2.0, 1.5) for t in (20.0, 40.0, 60.0, 150.0, 225.0)] + \
              [(t, -2.0, 1.0) for t in (30.0, 50.0, 175.0, 250.0)]


def test_nest_case_deterministic_parts_exact():
    # The conductances never depend on the draws, nor does anything before NEST's first spike.
    case = _nest_case()
    mm, sr = case["expect"]["mm"], case["expect"]["sr"]
    t, rec, _, _, _ = simulate(T=300.0, inputs=CASE_INPUTS, I_e=170.0, lambda_0=0.0)
    np.testing.assert_allclose(t, mm["times"], rtol=0, atol=1e-9)
    for var in ("g_ex", "g_in", "E_sfa", "I_stc"):
        np.testing.assert_allclose(rec[var][:, 0], mm[var], rtol=1e-9, atol=1e-9, err_msg=var)
    first = t <= sr["times"][0] + 1e-9
    assert first.sum() == 457
    np.testing.assert_allclose(rec["V_m"][first, 0], np.asarray(mm["V_m"])[first], rtol=1e-9, atol=1e-9)
    # while refractory after each of its spikes NEST holds V at V_reset for t_ref = 4 ms (40 samples)
    for ts in sr["times"]:
        held = (np.asarray(mm["times"]) > ts + 1e-9) & (np.asarray(mm["times"]) <= ts + 4.0 + 1e-9)
        assert held.sum() == 40
        np.testing.assert_array_equal(np.asarray(mm["V_m"])[held], -55.0)


def test_nest_case_in_distribution():
    # 1000 independent neurons with the case's inputs. (1) The first spike time: before it, V follows the
    # deterministic trajectory V_k (lambda_0 = 0 run), so P(no spike in steps 1..n) = prod (1 - p_k),
    # p_k = 1 - exp(-lambda_0 exp((V_k - V_T_star)/Delta_V) dt); the sample mean must match that law within
    # 4 standard errors and NEST's first spike must lie in its central 99 %. (2) NEST's spike count in
    # 300 ms must lie in the central 99 % of ours, and NEST's mean interval within our 1 %..99 % range.
    case = _nest_case()
    nest_times = np.asarray(case["expect"]["sr"]["times"])
    t, rec, _, _, _ = simulate(T=300.0, inputs=CASE_INPUTS, I_e=170.0, lambda_0=0.0, record=("V_m",))
    p = -np.expm1(-1e-3 * np.exp((rec["V_m"][:, 0] + 35.0) / 0.5) * DT)
    survival = np.concatenate([[1.0], np.cumprod(1 - p)])
    pmf = survival[:-1] * p  # first spike at t[k]
    assert survival[-1] < 1e-12
    mean_first = np.sum(pmf * t)
    sd_first = math.sqrt(np.sum(pmf * (t - mean_first) ** 2))
    cdf = np.cumsum(pmf)
    k_nest = int(np.argmin(np.abs(t - nest_times[0])))
    assert 0.005 < cdf[k_nest] < 0.995, cdf[k_nest]

    N = 1000
    _, _, senders, times, pop = simulate(n=N, T=300.0, seed=11, inputs=CASE_INPUTS, I_e=170.0, record=())
    gids = np.asarray(pop.global_ids)
    order = np.lexsort((times, senders))
    senders, times = senders[order], times[order]
    counts = np.bincount(senders - gids[0], minlength=N)
    assert counts.min() > 0
    first = times[np.searchsorted(senders, gids)]
    assert abs(first.mean() - mean_first) < 4.0 * sd_first / math.sqrt(N), (first.mean(), mean_first)
    lo, hi = np.quantile(counts, [0.005, 0.995])
    assert lo <= len(nest_times) <= hi, (lo, len(nest_times), hi)
    mean_isi = np.array([np.diff(times[senders == g]).mean() for g in gids if np.sum(senders == g) > 2])
    lo, hi = np.quantile(mean_isi, [0.01, 0.99])
    assert lo <= np.diff(nest_times).mean() <= hi
