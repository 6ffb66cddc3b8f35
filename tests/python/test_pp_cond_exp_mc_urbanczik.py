"""pp_cond_exp_mc_urbanczik (NEST 3.9's models/pp_cond_exp_mc_urbanczik.cpp; no NEST reference case
exists): two compartments, soma (s) and dendrite (p),

    C_m.s dV_s/dt = -g_L.s (V_s - E_L.s) - g_ex.s (V_s - E_ex.s) - g_in.s (V_s - E_in.s) + g_sp (V_p - V_s) + I_e.s
    C_m.p dV_p/dt = -g_L.p (V_p - E_L.p) + I_ex.p + I_in.p + g_ps (V_s - V_p)
    dg_x.s/dt = -g_x.s / tau_syn_x.s,  dI_x.p/dt = -I_x.p / tau_syn_x.p

and point-process spiking with rate 1000 phi(V_s) Hz, phi(u) = phi_max / (1 + rate_slope exp(beta (theta -
u))), no reset: with t_ref > 0 one spike with probability 1 - exp(-rate dt) per step followed by t_ref of
dead time, with t_ref = 0 a Poisson(rate dt) number of spikes per step.

Tested against: an independent integration (scipy LSODA) of the two compartments with input spikes on the
four receptors (jumps at the end of the arrival step); the (absent) effect of dendritic current input, as
NEST; spike statistics over fixed seeds: counts vs the rate function (Poisson, 4 standard deviations),
the dead time and the mean interval R + 1/p steps; receptor numbering and parameter rules."""

import math

import numpy as np
import pytest
from scipy.integrate import solve_ivp

import nestor
from nestor import units as u

DT = 0.1
M = nestor.pp_cond_exp_mc_urbanczik
G_L, C_M, E_L, G_SP = 30.0, 300.0, -70.0, 600.0


def phi(V, phi_max=0.15, rate_slope=0.5, beta=1.0 / 3.0, theta=-55.0):
    return phi_max / (1.0 + rate_slope * math.exp(beta * (theta - V)))


def run(T, inputs=(), currents=(), n=1, seed=1, rec=("V_m.s", "V_m.p", "g_ex.s", "g_in.s", "I_ex.p", "I_in.p"),
        **params):
    sim = nestor.Simulator(dt=DT * u.ms, seed=seed)
    pop = sim.create(M, n, **params)
    mm = sim.create(nestor.multimeter, record_from=list(rec)) if rec else None
    sr = sim.create(nestor.spike_recorder)
    if mm is not None:
        sim.connect(mm, pop)
    sim.connect(pop, sr)
    for t, w, receptor in inputs:
        sg = sim.create(nestor.spike_generator, spike_times=[t] * u.ms)
        sim.connect(sg, pop, weight=w, delay=DT * u.ms, receptor_type=receptor)
    for amp, receptor in currents:
        dc = sim.create(nestor.dc_generator, amplitude=amp * u.pA)
        sim.connect(dc, pop, delay=DT * u.ms, receptor_type=receptor)
    res = sim.simulate(T * u.ms, progress=False)
    traces = {v: np.asarray(res.trace(mm, v).magnitude).reshape(-1) for v in rec} if mm is not None else {}
    sp = res.spikes(sr)
    return traces, np.asarray(sp["senders"]), np.asarray(u.get_mantissa(sp["times"] / u.ms))


def reference(T, jumps, I_e=0.0, g_ps=0.0):
    """y = V_s, g_ex.s, g_in.s, V_p, I_ex.p, I_in.p on the grid; jumps: {time: (index, delta)} at step ends."""
    def rhs(t, y):
        Vs, ge, gi, Vp, Ie, Ii = y
        return [(-G_L * (Vs - E_L) - ge * (Vs - 0.0) - gi * (Vs + 75.0) + G_SP * (Vp - Vs) + I_e) / C_M,
                -ge / 3.0, -gi / 3.0, (-G_L * (Vp - E_L) + Ie + Ii + g_ps * (Vs - Vp)) / C_M, -Ie / 3.0, -Ii / 3.0]

    y = np.array([E_L, 0.0, 0.0, E_L, 0.0, 0.0])
    steps = int(round(T / DT))
    out = np.empty((6, steps))
    t0 = 0.0
    marks = sorted(jumps) + [T]
    k0 = 0
    for tm in marks:
        k1 = int(round(tm / DT))
        if k1 > k0:
            t_eval = np.clip(np.arange(k0 + 1, k1 + 1) * DT, t0, tm)
            sol = solve_ivp(rhs, (t0, tm), y, method="LSODA", rtol=1e-11, atol=1e-11, t_eval=t_eval)
            assert sol.success
            out[:, k0:k1] = sol.y
            y = sol.y[:, -1].copy()
        if tm in jumps:
            for idx, delta in jumps[tm]:
                y[idx] += delta
            out[:, k1 - 1] = y
        t0, k0 = tm, k1
    return out


def test_compartments_match_the_reference_solution():
    inputs = [(10.0, 5.0, 1), (30.0, 3.0, 2), (50.0, 200.0, 3), (70.0, 150.0, 4)]
    rec, _, _ = run(120.0, inputs=inputs, **{"soma.I_e": 100.0, "g_ps": 20.0})
    # weights land at the end of the arrival step (t + delay): soma conductances +w, dendritic I_ex +w,
    # dendritic I_in -w
    jumps = {10.1: [(1, 5.0)], 30.1: [(2, 3.0)], 50.1: [(4, 200.0)], 70.1: [(5, -150.0)]}
    ref = reference(120.0, jumps, I_e=100.0, g_ps=20.0)
    for k, name in enumerate(["V_m.s", "g_ex.s", "g_in.s", "V_m.p", "I_ex.p", "I_in.p"]):
        np.testing.assert_allclose(rec[name], ref[k], rtol=0, atol=2e-3, err_msg=name)
    # each input moved something: excitation up, inhibition down (relative to the reference without it)
    assert rec["g_ex.s"][int(round(10.1 / DT)) - 1] == pytest.approx(5.0, rel=1e-9)
    assert rec["I_in.p"][int(round(70.1 / DT)) - 1] == pytest.approx(-150.0, rel=1e-9)
    assert np.max(rec["V_m.p"]) > -70.0 + 1.0  # the dendritic input moved V_p


def test_dendritic_current_input_has_no_effect_as_in_NEST():
    base, _, _ = run(50.0, rec=("V_m.s", "V_m.p"))
    dend, _, _ = run(50.0, currents=[(500.0, 6)], rec=("V_m.s", "V_m.p"), **{"dendritic.I_e": 300.0})
    soma, _, _ = run(50.0, currents=[(500.0, 5)], rec=("V_m.s", "V_m.p"))
    np.testing.assert_array_equal(dend["V_m.s"], base["V_m.s"])
    np.testing.assert_array_equal(dend["V_m.p"], base["V_m.p"])
    # the soma's current port works: from the step after it arrives, V_s rises towards E_L + I / (g_L + g_sp)
    assert soma["V_m.s"][-1] > base["V_m.s"][-1] + 0.5
    assert soma["V_m.s"][1] == base["V_m.s"][1]  # the current arrives at 0.1 ms and acts from the next step


def steady_soma(I_e):
    """V_s held by I_e with the dendrite at rest (g_ps = 0): E_L + I_e / (g_L + g_sp)."""
    return E_L + I_e / (G_L + G_SP)


@pytest.mark.parametrize("V", [-65.0, -58.0, -52.0])
def test_poisson_counts_follow_the_rate_function(V):
    n, T = 50, 2000.0
    I_e = (V - E_L) * (G_L + G_SP)
    _, senders, times = run(T, n=n, seed=7, rec=(), t_ref=0.0, **{"soma.I_e": I_e, "V_m.s": V})
    mean = n * T * 1e-3 * 1000.0 * phi(V)  # the expected count; Poisson counts: variance = mean
    assert abs(len(times) - mean) < 4.0 * math.sqrt(mean), (len(times), mean)


def test_poisson_spikes_come_several_per_step():
    # t_ref = 0: Poisson(rate dt) spikes per step; at rate 1000 phi = 120 Hz (theta = -75), two or more
    # spikes in one step have probability 1 - e^-l (1 + l), l = rate dt.
    n, T = 50, 4000.0
    _, senders, times = run(T, n=n, seed=3, rec=(), t_ref=0.0, theta=-75.0)
    lam = phi(-70.0, theta=-75.0) * DT
    keys = senders.astype(np.int64) * 10**7 + np.round(times / DT).astype(np.int64)
    _, per_step = np.unique(keys, return_counts=True)
    steps = n * T / DT
    expect2 = steps * (1.0 - math.exp(-lam) * (1.0 + lam))
    assert abs(np.count_nonzero(per_step >= 2) - expect2) < 4.0 * math.sqrt(expect2)


@pytest.mark.parametrize("t_ref", [3.0, 1.05])
def test_dead_time_and_mean_interval(t_ref):
    # t_ref > 0: after a spike R = t_ref in steps (rounded up, as NEST's Time) dead steps; then every step
    # spikes with p = 1 - exp(-rate dt): intervals are R + Geometric(p) steps.
    n, T, theta = 40, 5000.0, -70.0
    _, senders, times = run(T, n=n, seed=11, rec=(), t_ref=t_ref, theta=theta)
    R = math.ceil(round(t_ref / DT, 6))
    p = -math.expm1(-1000.0 * phi(-70.0, theta=theta) * DT * 1e-3)
    isis = []
    for s in np.unique(senders):
        isis.append(np.diff(np.sort(times[senders == s])))
    isis = np.concatenate(isis) / DT
    assert np.min(isis) == pytest.approx(R + 1)  # the shortest interval: the dead time, then a spike at once
    mean, sd = R + 1.0 / p, math.sqrt(1.0 - p) / p
    assert abs(np.mean(isis) - mean) < 4.0 * sd / math.sqrt(len(isis)), (np.mean(isis), mean)
    # one spike per step at most
    keys = senders.astype(np.int64) * 10**7 + np.round(times / DT).astype(np.int64)
    assert len(np.unique(keys)) == len(keys)


def test_same_seed_same_spikes_other_seed_others():
    a = run(500.0, n=5, seed=1, rec=(), theta=-70.0)
    b = run(500.0, n=5, seed=1, rec=(), theta=-70.0)
    c = run(500.0, n=5, seed=2, rec=(), theta=-70.0)
    np.testing.assert_array_equal(a[2], b[2])
    assert len(a[2]) != len(c[2]) or np.any(a[2] != c[2])


def test_receptors():
    sim = nestor.Simulator()
    n = sim.create(M, 1)
    sg = sim.create(nestor.spike_generator, spike_times=[1.0] * u.ms)
    dc = sim.create(nestor.dc_generator)
    for bad in (0, 5, 6, 7):
        with pytest.raises(nestor.NestorError):
            sim.connect(sg, n, receptor_type=bad)
    for bad in (0, 1, 4, 7):
        with pytest.raises(nestor.NestorError):
            sim.connect(dc, n, receptor_type=bad)
    for ok in (1, 2, 3, 4):
        sim.connect(sg, n, receptor_type=ok)
    for ok in (5, 6):
        sim.connect(dc, n, receptor_type=ok)


@pytest.mark.parametrize("params, name", [
    (dict(rate_slope=-0.1), "rate_slope"),
    (dict(phi_max=-1.0), "phi_max"),
    (dict(t_ref=-1.0), "t_ref"),
    ({"soma.C_m": 0.0}, "soma.C_m"),
    ({"dendritic.C_m": -1.0}, "dendritic.C_m"),
    ({"soma.tau_syn_ex": 0.0}, "soma.tau_syn_ex"),
    ({"dendritic.tau_syn_in": 0.0}, "dendritic.tau_syn_in"),
])
def test_parameter_rules(params, name):
    sim = nestor.Simulator()
    with pytest.raises(nestor.BadValueError, match=name):
        sim.create(M, 1, **params)


def test_defaults_and_recordables():
    d = M.defaults()
    assert d["t_ref"] == (3.0, "ms") and d["g_sp"] == (600.0, "nS") and d["soma.E_in"] == (-75.0, "mV")
    assert d["dendritic.E_in"] == (0.0, "mV") and d["V_m.p"] == (-70.0, "mV")
    assert set(M.recordables) == {"V_m.s", "g_ex.s", "g_in.s", "V_m.p", "I_ex.p", "I_in.p"}
