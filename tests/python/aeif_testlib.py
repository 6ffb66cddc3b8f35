"""Shared by the tests of the aeif_* models (test_aeif_*.py): running a model, NEST's defaults, and a
high-accuracy reference solution of the AdEx equations (scipy's LSODA at rtol = atol = 1e-10), written
independently of the C++ code from the equations in the models' documentation:

    C_m dV/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_th)/Delta_T) + I_syn - w + I_e
    tau_w dw/dt = a (V - E_L) - w

with I_syn = -g_ex (V - E_ex) - g_in (V - E_in) (cond) or I_syn_ex - I_syn_in (psc); alpha kernels:
x' = dx - x/tau, dx' = -dx/tau, a weight w adding |w| e/tau to dx (peak |w|); exponential kernels: x' = -x/tau,
a weight adding |w| to x. A spike sent at t_s with delay d arrives at t_s + d."""

import numpy as np
from scipy.integrate import solve_ivp

import nestor
from nestor import units as u

DT = 0.1
DEFAULTS = dict(V_peak=0.0, V_reset=-60.0, t_ref=0.0, g_L=30.0, C_m=281.0, E_L=-70.6, Delta_T=2.0, tau_w=144.0,
                a=4.0, b=80.5, V_th=-50.4, I_e=0.0, gsl_error_tol=1e-6)
SYN_DEFAULTS = {
    "aeif_cond_alpha": dict(E_ex=0.0, E_in=-85.0, tau_syn_ex=0.2, tau_syn_in=2.0),
    "aeif_cond_exp": dict(E_ex=0.0, E_in=-85.0, tau_syn_ex=0.2, tau_syn_in=2.0),
    "aeif_psc_alpha": dict(tau_syn_ex=0.2, tau_syn_in=2.0),
    "aeif_psc_exp": dict(tau_syn_ex=0.2, tau_syn_in=2.0),
    "aeif_psc_delta": dict(refractory_input=False),
}
WEIGHT_UNIT = {"aeif_cond_alpha": u.nS, "aeif_cond_exp": u.nS, "aeif_psc_alpha": u.pA, "aeif_psc_exp": u.pA,
               "aeif_psc_delta": u.mV, "iaf_psc_alpha": u.pA, "iaf_psc_exp": u.pA, "iaf_psc_delta": u.mV}
SYN_VARS = {"aeif_cond_alpha": ["g_ex", "g_in"], "aeif_cond_exp": ["g_ex", "g_in"],
            "aeif_psc_alpha": ["I_syn_ex", "I_syn_in"], "aeif_psc_exp": ["I_syn_ex", "I_syn_in"],
            "aeif_psc_delta": []}


def mag(q):
    return np.asarray(u.get_mantissa(q), dtype=float)


def run(model, T, params=None, spikes=(), record=None, dt=DT, first_nodes=0):
    """spikes: (time, weight, delay) triples. Returns sample times, {variable: trace}, spike times."""
    sim = nestor.Simulator(dt=dt * u.ms)
    if first_nodes:
        sim.create(nestor.iaf_psc_alpha, first_nodes)
    n = sim.create(getattr(nestor, model), 1, **(params or {}))
    if record is None:
        record = ["V_m"] + (["w"] + SYN_VARS[model] if model.startswith("aeif") else [])
    mm = sim.create(nestor.multimeter, record_from=list(record))
    sr = sim.create(nestor.spike_recorder)
    sim.connect(mm, n)
    sim.connect(n, sr)
    for ts, w, d in spikes:
        sg = sim.create(nestor.spike_generator, spike_times=[ts])
        sim.connect(sg, n, weight=w * WEIGHT_UNIT[model], delay=d * u.ms)
    res = sim.simulate(T * u.ms, progress=False)
    t = mag(res.sample_times(mm) / u.ms)
    traces = {v: np.asarray(res.trace(mm, v).magnitude, dtype=float).reshape(-1) for v in record}
    return t, traces, mag(res.spikes(sr)["times"] / u.ms)


def reference(model, T, params=None, spikes=(), dt=DT):
    """LSODA solution sampled at k dt, k >= 1, up to the first time V reaches V_peak (NaN after it).
    Returns {variable: trace} for V_m, w and the synaptic variables, and the time V reaches V_peak."""
    p = dict(DEFAULTS, **SYN_DEFAULTS[model])
    p.update(params or {})
    kind = model.split("_")[1] + "_" + model.split("_")[2]  # cond_alpha, psc_exp, ...
    alpha = kind.endswith("alpha")
    n_syn = {"cond_alpha": 4, "psc_alpha": 4, "cond_exp": 2, "psc_exp": 2, "psc_delta": 0}[kind]

    def rhs(t, y):
        V, w = y[0], y[-1]
        s = y[1:1 + n_syn]
        f = np.zeros_like(y)
        if alpha:
            x_ex, x_in = s[1], s[3]
            f[1], f[2] = -s[0] / p["tau_syn_ex"], s[0] - s[1] / p["tau_syn_ex"]
            f[3], f[4] = -s[2] / p["tau_syn_in"], s[2] - s[3] / p["tau_syn_in"]
        elif n_syn:
            x_ex, x_in = s[0], s[1]
            f[1], f[2] = -s[0] / p["tau_syn_ex"], -s[1] / p["tau_syn_in"]
        if kind.startswith("cond"):
            I_syn = -x_ex * (V - p["E_ex"]) - x_in * (V - p["E_in"])
        elif n_syn:
            I_syn = x_ex - x_in
        else:
            I_syn = 0.0
        I_spike = 0.0 if p["Delta_T"] == 0 else p["g_L"] * p["Delta_T"] * np.exp((V - p["V_th"]) / p["Delta_T"])
        f[0] = (-p["g_L"] * (V - p["E_L"]) + I_spike + I_syn - w + p["I_e"]) / p["C_m"]
        f[-1] = (p["a"] * (V - p["E_L"]) - w) / p["tau_w"]
        return f

    y = np.zeros(2 + n_syn)
    y[0] = p.get("V_m", p["E_L"])
    steps = int(round(T / dt))
    grid = np.arange(1, steps + 1) * dt
    arrivals = sorted((ts + d, w) for ts, w, d in spikes)
    out = np.full((steps, y.size), np.nan)
    t0, t_peak = 0.0, np.inf

    def peak(t, y):
        return y[0] - p["V_peak"]
    peak.terminal = True

    for t_next in [ta for ta, _ in arrivals] + [T]:
        sel = (grid > t0 + 1e-9) & (grid <= t_next + 1e-9)
        if t_next > t0:
            sol = solve_ivp(rhs, (t0, t_next), y, method="LSODA", rtol=1e-10, atol=1e-10, dense_output=True,
                            events=peak)
            if sol.status == 1:  # V reached V_peak
                t_peak = sol.t_events[0][0]
                sel &= grid < t_peak
                out[sel] = sol.sol(grid[sel]).T
                break
            out[sel] = sol.sol(grid[sel]).T
            y = sol.y[:, -1].copy()
        for ta, w in arrivals:
            if abs(ta - t_next) < 1e-9:
                j = (1 if w > 0 else (3 if alpha else 2))
                tau = p["tau_syn_ex"] if w > 0 else p["tau_syn_in"]
                y[j] += abs(w) * (np.e / tau if alpha else 1.0)
                out[sel & (np.abs(grid - ta) < 1e-9)] = y  # NEST records after the step's input
        t0 = t_next
    names = {"cond_alpha": ["V_m", "dg_ex", "g_ex", "dg_in", "g_in", "w"], "cond_exp": ["V_m", "g_ex", "g_in", "w"],
             "psc_alpha": ["V_m", "dI_syn_ex", "I_syn_ex", "dI_syn_in", "I_syn_in", "w"],
             "psc_exp": ["V_m", "I_syn_ex", "I_syn_in", "w"], "psc_delta": ["V_m", "w"]}[kind]
    return {nm: out[:, i] for i, nm in enumerate(names)}, t_peak


# NEST's parameter rules of the family (Parameters_::set): bad values and the parameter the error names.
COMMON_RULES = [
    (dict(V_reset=0.0), "V_reset"),                               # V_reset < V_peak
    (dict(V_reset=5.0, V_peak=1.0), "V_reset"),
    (dict(Delta_T=-1.0), "Delta_T"),                              # Delta_T >= 0
    (dict(Delta_T=0.05), "Delta_T"),                              # (V_peak - V_th)/Delta_T would overflow
    (dict(V_peak=-55.0, V_th=-50.4, V_reset=-70.0), "V_peak"),    # V_peak >= V_th
    (dict(C_m=0.0), "C_m"),
    (dict(t_ref=-0.1), "t_ref"),
    (dict(tau_w=0.0), "tau_w"),
    (dict(gsl_error_tol=0.0), "gsl_error_tol"),
]
SYN_RULES = [(dict(tau_syn_ex=0.0), "tau_syn_ex"), (dict(tau_syn_in=-1.0), "tau_syn_in")]


def check_reference_before_first_spike(model, I_e=800.0, T=40.0):
    """DC drive from rest: the traces agree with the LSODA solution up to 0.5 ms before V reaches V_peak
    (V: 1e-5 mV, w: 1e-6 pA; GSL's error bound is 1e-6), and the first spike is emitted at the end of the
    step in which the reference reaches V_peak."""
    t, tr, sp = run(model, T, dict(I_e=I_e))
    ref, t_peak = reference(model, T, dict(I_e=I_e))
    assert np.isfinite(t_peak) and len(sp) > 0
    k = t < t_peak - 0.5
    assert k.sum() > 100 and tr["V_m"][k].max() > -50.0  # the exponential term has come into play
    np.testing.assert_allclose(tr["V_m"][k], ref["V_m"][k], rtol=0, atol=1e-5)
    np.testing.assert_allclose(tr["w"][k], ref["w"][k], rtol=0, atol=1e-6)
    assert sp[0] == np.ceil(t_peak / DT - 1e-9) * DT


def check_synaptic_input_against_reference(model, w_ex, w_in, I_e=400.0, T=40.0):
    """Subthreshold DC plus an excitatory and an inhibitory spike: all recorded variables agree with the
    LSODA solution (V 1e-5 mV, w 1e-6 pA, synaptic variables 1e-5 or 1e-7 of the weight if that is more)."""
    spikes = [(5.0, w_ex, 1.0), (12.0, w_in, 1.5)]
    t, tr, sp = run(model, T, dict(I_e=I_e), spikes=spikes)
    ref, t_peak = reference(model, T, dict(I_e=I_e), spikes=spikes)
    assert len(sp) == 0 and not np.isfinite(t_peak)
    for v in tr:
        atol = {"V_m": 1e-5, "w": 1e-6}.get(v, max(1e-5, 1e-7 * max(abs(w_ex), abs(w_in))))
        np.testing.assert_allclose(tr[v], ref[v], rtol=0, atol=atol, err_msg=v)
    for v in SYN_VARS[model]:
        assert tr[v].max() > 0.5 * min(abs(w_ex), abs(w_in))  # the inputs arrived


def check_refractory_clamp_and_adaptation(model):
    """V is reset within the spike's step and then held at V_reset for t_ref (2 ms: 20 more steps); w jumps
    by b at the spike (then decays with tau_w for the rest of the step: a = 0)."""
    b = 50.0
    t, tr, sp = run(model, 30.0, dict(I_e=1000.0, t_ref=2.0, b=b, a=0.0))
    k = int(np.searchsorted(t, sp[0] - 1e-9))
    assert t[k] == pytest_approx(sp[0])
    assert np.all(tr["V_m"][k:k + 21] == -60.0) and tr["V_m"][k + 21] > -60.0 and tr["V_m"][k - 1] > -60.0
    assert tr["w"][k - 1] == 0.0
    assert b * np.exp(-DT / 144.0) <= tr["w"][k] <= b


def pytest_approx(*a, **kw):
    import pytest
    return pytest.approx(*a, **kw)


def check_divergence_errors(model):
    """NEST's NumericalInstability (V < -1e3 mV, |w| > 1e6 pA) and a diverging neuron stop the run with
    nestor.NumericalError naming model, node and time; no NaN is recorded."""
    import pytest
    cases = [(dict(I_e=1e6, Delta_T=0.1), r"0\.1"),   # huge drive, steep spike onset
             (dict(I_e=-1e7), r"0\.1"),               # V below -1e3 mV within the first step
             (dict(I_e=800.0, b=2e6), r"17\.[89]")]   # w beyond 1e6 pA after the first spike (at 17.8 ms)
    for params, when in cases:
        with pytest.raises(nestor.NumericalError, match=model + r": node 3 at t = " + when + " ms"):
            run(model, 30.0, params, first_nodes=2)


def check_param_rule(model, params, word):
    import pytest
    with pytest.raises(nestor.BadValueError, match=word):
        nestor.Simulator().create(getattr(nestor, model), 1, **params)
    n = nestor.Simulator().create(getattr(nestor, model), 1)
    with pytest.raises(nestor.BadValueError, match=word):
        n.set(**params)


def check_defaults(model):
    n = nestor.Simulator().create(getattr(nestor, model))
    for name, v in dict(DEFAULTS, **SYN_DEFAULTS[model], V_m=-70.6, w=0.0).items():
        got = n.get(name)
        assert np.asarray(getattr(got, "magnitude", got))[0] == v, name
    assert getattr(nestor, model).weight_unit == {"aeif_psc_delta": "mV"}.get(
        model, "nS" if "cond" in model else "pA")


def check_several_spikes_per_step(model):
    """t_ref = 0: spikes are detected after every integration step, so a strong drive gives several spikes
    in one time step (each recorded), at most one per integration step, so at most dt / (time from V_reset
    to V_th) of them (LIF closed form at Delta_T = a = b = 0: tau_m ln((I R - (V_reset - E_L)) /
    (I R - (V_th - E_L))), about 8 here); how many depends on GSL's step sizes, as in NEST."""
    params = dict(Delta_T=0.0, a=0.0, b=0.0, V_th=-55.0, V_reset=-65.0, E_L=-70.0, V_m=-70.0, g_L=25.0,
                  C_m=250.0, I_e=2e5, t_ref=0.0)
    t, tr, sp = run(model, 2.0, params)
    IR = 2e5 / 25.0
    per_step = DT / (10.0 * np.log((IR - 5.0) / (IR - 15.0)))
    times, counts = np.unique(np.rint(sp / DT).astype(int), return_counts=True)
    assert len(times) == 20 and counts.min() >= 2
    assert counts.max() <= np.ceil(per_step)


def run_ports(model, params, spikes, T, record):
    """A multisynapse aeif model with spikes (time, weight nS, delay, receptor_type).
    Returns times, {var: trace}, spike times."""
    sim = nestor.Simulator(dt=DT * u.ms)
    n = sim.create(getattr(nestor, model), 1, **params)
    mm = sim.create(nestor.multimeter, record_from=record)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(mm, n)
    sim.connect(n, sr)
    for ts, w, d, port in spikes:
        sg = sim.create(nestor.spike_generator, spike_times=[ts])
        sim.connect(sg, n, weight=w * u.nS, delay=d * u.ms, receptor_type=port)
    res = sim.simulate(T * u.ms, progress=False)
    t = mag(res.sample_times(mm) / u.ms)
    tr = {v: np.asarray(res.trace(mm, v).magnitude, dtype=float).reshape(-1) for v in record}
    return t, tr, mag(res.spikes(sr)["times"] / u.ms)


def assert_two_ports_are_aeif_cond_alpha(model, port_params):
    """A multisynapse model whose ports 1 and 2 (port_params) have aeif_cond_alpha's excitatory and
    inhibitory kernels gives aeif_cond_alpha's V_m, w, conductances and spikes (1e-6)."""
    syn = dict(E_ex=0.0, E_in=-85.0, tau_syn_ex=0.2, tau_syn_in=2.0)
    ex = [(10.0, 30.0, 1.0), (30.0, 40.0, 1.5), (31.0, 25.0, 1.0), (80.0, 60.0, 2.0)]
    inh = [(20.0, 20.0, 1.0), (50.0, 35.0, 1.0), (81.0, 10.0, 1.0)]
    T, I_e = 150.0, 700.0
    t1, a, sp1 = run_ports(model, dict(port_params, I_e=I_e),
                           [(s, w, d, 1) for s, w, d in ex] + [(s, w, d, 2) for s, w, d in inh], T,
                           ["V_m", "w", "g_1", "g_2"])
    sim = nestor.Simulator(dt=DT * u.ms)
    n = sim.create(nestor.aeif_cond_alpha, 1, I_e=I_e, **syn)
    mm = sim.create(nestor.multimeter, record_from=["V_m", "w", "g_ex", "g_in"])
    sr = sim.create(nestor.spike_recorder)
    sim.connect(mm, n)
    sim.connect(n, sr)
    for s, w, d in ex + [(s, -w, d) for s, w, d in inh]:
        sg = sim.create(nestor.spike_generator, spike_times=[s])
        sim.connect(sg, n, weight=w * u.nS, delay=d * u.ms)
    res = sim.simulate(T * u.ms, progress=False)
    b = {v: np.asarray(res.trace(mm, v).magnitude, dtype=float).reshape(-1) for v in ["V_m", "w", "g_ex", "g_in"]}
    sp2 = mag(res.spikes(sr)["times"] / u.ms)
    assert len(sp1) >= 3
    np.testing.assert_array_equal(sp1, sp2)
    np.testing.assert_allclose(a["V_m"], b["V_m"], rtol=0, atol=1e-6)
    np.testing.assert_allclose(a["w"], b["w"], rtol=0, atol=1e-6)
    np.testing.assert_allclose(a["g_1"], b["g_ex"], rtol=0, atol=1e-6)
    np.testing.assert_allclose(a["g_2"], b["g_in"], rtol=0, atol=1e-6)
