"""iaf_bw_2001_exact (NEST 3.9) in nestor: the membrane, AMPA (receptor 1) and GABA (receptor 2) dynamics
of iaf_bw_2001 (GSL RKF45), plain spikes on the grid, and NMDA (receptor 3): every NMDA connection gets its
own port and ODE state (x_j, s_j) when it is made, integrated with the membrane,

    dx_j/dt = -x_j / tau_rise_NMDA (+ multiplicity at each arriving spike),
    ds_j/dt = -s_j / tau_decay_NMDA + alpha x_j (1 - s_j),   s_NMDA = sum_j w_j s_j,

with a constant weight w_j per connection. Checked here: x_j, s_j against scipy's solution of these ODEs,
s_NMDA and I_NMDA, the sum over connections, agreement with iaf_bw_2001 (NEST's approximation) long after
each spike and without NMDA input, thread independence, connections made between simulate() calls, the
refused weight change, closed forms of the membrane and gating variables and one test per NEST
parameter rule."""

import numpy as np
import pytest
from scipy.integrate import solve_ivp

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
    assert MODEL.recordables == VARS + ["x_NMDA_<k>", "s_NMDA_<k>"]
    assert MODEL.weight_unit == "nS"
    sim = nestor.Simulator()
    n = sim.create(MODEL)
    sg = sim.create(nestor.spike_generator, spike_times=[1.0])
    for ok in (1, 2, 3):
        sim.connect(sg, n, weight=1.0 * u.nS, receptor_type=ok)
    for bad in (0, 4):
        with pytest.raises(nestor.IllegalConnectionError, match="receptor_type"):
            sim.connect(sg, n, weight=1.0 * u.nS, receptor_type=bad)


ALPHA, TAU_R, TAU_D = 0.5, 2.0, 100.0


def nmda_exact(t, arrivals, alpha=ALPHA, tau_r=TAU_R, tau_d=TAU_D):
    """scipy's solution (x, s) of one connection's NMDA ODEs at times t; x jumps by 1 at each arrival
    (arrivals at grid times: the recorded sample of that step already holds the jump)."""
    def f(_, y):
        return [-y[0] / tau_r, -y[1] / tau_d + alpha * y[0] * (1.0 - y[1])]

    x, s = np.zeros_like(t), np.zeros_like(t)
    y, t_prev = np.array([0.0, 0.0]), 0.0
    edges = list(arrivals) + [t[-1] + 1.0]
    for k, a in enumerate(edges):
        seg = (t > t_prev + 1e-9) & (t < a - 1e-9)
        if a > t_prev:
            sol = solve_ivp(f, (t_prev, a), y, rtol=1e-12, atol=1e-14, dense_output=True)
            x[seg], s[seg] = sol.sol(t[seg])
            y = sol.y[:, -1].copy()
        if k < len(arrivals):
            y[0] += 1.0
            at = np.abs(t - a) < 1e-9
            x[at], s[at] = y
        t_prev = a
    return x, s


def nmda_run(trains, T=120.0, threads=1, record=("x_NMDA_1", "s_NMDA_1"), **params):
    """One neuron with one NMDA connection per (spike times, weight nS) in `trains` (delay 1 ms)."""
    sim = nestor.Simulator(dt=DT * u.ms, threads=threads)
    n = sim.create(MODEL, 1, **params)
    names = VARS + list(record)
    mm = sim.create(nestor.multimeter, record_from=names)
    sim.connect(mm, n)
    for times, w in trains:
        sg = sim.create(nestor.spike_generator, spike_times=times)
        sim.connect(sg, n, weight=w * u.nS, delay=1.0 * u.ms, receptor_type=3)
    res = sim.simulate(T * u.ms, progress=False)
    t = mag(res.sample_times(mm), u.ms)
    return t, {v: np.asarray(res.trace(mm, v).magnitude, dtype=float).reshape(-1) for v in names}


@pytest.mark.parametrize("tol,atol", [(1e-9, 2e-9), (1e-3, 2e-9)])
def test_one_nmda_connection_follows_the_exact_ode(tol, atol):
    w = 3.0
    times = [5.0, 12.0, 12.5, 40.0, 41.0, 80.0]
    t, rec = nmda_run([(times, w)], gsl_error_tol=tol)
    arrivals = np.array(times) + 1.0
    x, s = nmda_exact(t, arrivals)
    assert s.max() > 0.5 and x.max() > 1.5
    np.testing.assert_allclose(rec["x_NMDA_1"], x, rtol=0, atol=atol)
    np.testing.assert_allclose(rec["s_NMDA_1"], s, rtol=0, atol=atol)
    # x jumps by 1 in the arrival step and not before.
    k = np.searchsorted(t, 6.0 - 1e-9)
    assert rec["x_NMDA_1"][k - 1] == 0.0 and rec["x_NMDA_1"][k] == 1.0
    # s_NMDA = w s_1 (s does not jump: the recorded sum of the integrated state equals it), and I_NMDA
    # with the magnesium block at the integrated V (equal to the recorded V: no spikes, no jumps in V).
    np.testing.assert_array_equal(rec["s_NMDA"], w * rec["s_NMDA_1"])
    V = rec["V_m"]
    block = 1.0 + np.exp(-0.062 * V) / 3.57
    np.testing.assert_allclose(rec["I_NMDA"], V * rec["s_NMDA"] / block, rtol=1e-12, atol=1e-15)
    assert np.all(rec["I_NMDA"][t > 6.5] < 0) and V.max() > -70.0 + 0.2  # NMDA depolarises


def test_two_connections_sum_with_their_weights():
    w1, w2 = 2.0, 7.5
    tr1, tr2 = [5.0, 30.0, 31.0], [10.0, 10.0, 50.0]  # the second train: one spike of multiplicity 2
    t, rec = nmda_run([(tr1, w1), (tr2, w2)], gsl_error_tol=1e-9,
                      record=("x_NMDA_1", "s_NMDA_1", "x_NMDA_2", "s_NMDA_2"))
    for k, tr in ((1, tr1), (2, tr2)):
        arr = np.array(tr) + 1.0
        x, s = nmda_exact(t, arr)
        np.testing.assert_allclose(rec[f"x_NMDA_{k}"], x, rtol=0, atol=2e-9)
        np.testing.assert_allclose(rec[f"s_NMDA_{k}"], s, rtol=0, atol=2e-9)
    assert rec["x_NMDA_2"][np.searchsorted(t, 11.0 - 1e-9)] == 2.0  # multiplicity 2
    np.testing.assert_allclose(rec["s_NMDA"], w1 * rec["s_NMDA_1"] + w2 * rec["s_NMDA_2"], rtol=1e-14, atol=0)
    assert rec["s_NMDA"].max() > 5.0


def test_agrees_with_iaf_bw_2001_long_after_each_spike():
    """One iaf_bw_2001 sender (dc drive) to an iaf_bw_2001 receiver (NEST's approximation) and an
    iaf_bw_2001_exact receiver on NMDA, w = 1: equal within the approximation's error (the numbers of
    test_iaf_bw_2001's comparison with scipy) once x has decayed, and the approximation ahead shortly
    after each arrival."""
    sim = nestor.Simulator(dt=DT * u.ms)
    pre = sim.create(nestor.iaf_bw_2001)
    approx = sim.create(nestor.iaf_bw_2001)
    exact = sim.create(MODEL)
    g = sim.create(nestor.dc_generator, amplitude=420.0 * u.pA)
    sim.connect(g, pre, delay=1.0 * u.ms)
    mm_pre = sim.create(nestor.multimeter, record_from=["V_m"])
    sim.connect(mm_pre, pre)
    for post in (approx, exact):
        sim.connect(pre, post, weight=1.0 * u.nS, delay=1.0 * u.ms, receptor_type=3)
    mms = []
    for post in (approx, exact):
        mm = sim.create(nestor.multimeter, record_from=["s_NMDA", "V_m"])
        sim.connect(mm, post)
        mms.append(mm)
    res = sim.simulate(150.0 * u.ms, progress=False)
    t = mag(res.sample_times(mms[0]), u.ms)
    s_a, s_e = (np.asarray(res.trace(mm, "s_NMDA").magnitude, dtype=float).reshape(-1) for mm in mms)
    # arrivals: the sender's spike steps (V jumps to V_reset; its recorded spike times are grid time
    # minus its NMDA jump) + the delay
    V = np.asarray(res.trace(mm_pre, "V_m").magnitude, dtype=float).reshape(-1)
    arrivals = t[1:][(V[1:] == -60.0) & (V[:-1] != -60.0)] + 1.0
    assert len(arrivals) >= 4
    # the exact receiver against scipy (default gsl_error_tol 1e-3)
    x, s = nmda_exact(t, arrivals)
    np.testing.assert_allclose(s_e, s, rtol=0, atol=1e-8)
    checked = 0
    for a, nxt in zip(arrivals, list(arrivals[1:]) + [t[-1] + 1e-9]):
        late = (t > a + 15.0) & (t < nxt - 1e-9)
        assert late.sum() > 10
        np.testing.assert_allclose(s_a[late], s_e[late], rtol=1.5e-3)
        checked += late.sum()
        k = np.searchsorted(t, a + 0.5)
        assert s_a[k] - s_e[k] > 0.15
    assert checked > 200


def test_threads_give_bitwise_equal_results():
    def go(threads):
        sim = nestor.Simulator(dt=DT * u.ms, threads=threads)
        n = sim.create(MODEL, 5)
        p = sim.create(nestor.poisson_generator, rate=300.0)
        sg = sim.create(nestor.spike_generator, spike_times=[3.0, 7.0, 7.0, 20.0])
        sim.connect(p, n, weight=1.5 * u.nS, delay=1.0 * u.ms, receptor_type=3)
        sim.connect(sg, n[1:], weight=4.0 * u.nS, delay=2.0 * u.ms, receptor_type=3)
        sim.connect(p, n, weight=2.0 * u.nS, delay=1.0 * u.ms, receptor_type=1)
        names = ["V_m", "s_NMDA", "I_NMDA", "x_NMDA_1", "s_NMDA_2"]
        mm = sim.create(nestor.multimeter, record_from=names)
        sim.connect(mm, n)
        sim.simulate(30.0 * u.ms, progress=False)
        sim.connect(sg, n[:2], weight=0.5 * u.nS, delay=1.0 * u.ms, receptor_type=3)  # between runs
        res = sim.simulate(30.0 * u.ms, progress=False)
        return {v: np.asarray(res.trace(mm, v).magnitude) for v in names}

    one, two = go(1), go(2)
    assert one["s_NMDA"].max() > 1.0
    for v in one:
        np.testing.assert_array_equal(one[v], two[v], err_msg=v)


def test_connections_made_between_runs_get_ports_and_keep_the_state():
    """A connection made after a first simulate() gives the same numbers as one made before whose spikes
    come after that time: the state of the existing ports is kept, the new port starts at 0."""
    def go(late):
        sim = nestor.Simulator(dt=DT * u.ms)
        n = sim.create(MODEL)
        a = sim.create(nestor.spike_generator, spike_times=[5.0, 25.0])
        b = sim.create(nestor.spike_generator, spike_times=[22.0, 30.0])
        mm = sim.create(nestor.multimeter, record_from=["V_m", "s_NMDA", "x_NMDA_2", "s_NMDA_2"])
        sim.connect(mm, n)
        sim.connect(a, n, weight=2.0 * u.nS, delay=1.0 * u.ms, receptor_type=3)
        if not late:
            sim.connect(b, n, weight=3.0 * u.nS, delay=1.0 * u.ms, receptor_type=3)
        r1 = sim.simulate(20.0 * u.ms, progress=False)
        if late:
            sim.connect(b, n, weight=3.0 * u.nS, delay=1.0 * u.ms, receptor_type=3)
        r2 = sim.simulate(30.0 * u.ms, progress=False)
        return [np.concatenate([np.asarray(r.trace(mm, v).magnitude).reshape(-1) for r in (r1, r2)])
                for v in ("V_m", "s_NMDA", "x_NMDA_2", "s_NMDA_2")]

    early, late = go(False), go(True)
    assert late[2].max() == pytest.approx(1.0 + np.exp(-8.0 / TAU_R), abs=1e-3)
    for a, b in zip(early, late):
        np.testing.assert_array_equal(a, b)


def test_changing_an_nmda_weight_is_refused():
    sim = nestor.Simulator()
    n = sim.create(MODEL)
    sg = sim.create(nestor.spike_generator, spike_times=[1.0])
    sim.connect(sg, n, weight=2.0 * u.nS, receptor_type=3)
    sim.connect(sg, n, weight=2.0 * u.nS, receptor_type=1)
    nmda = sim.get_connections(target=n)
    assert sorted(nmda.get("receptor")) == [1, 3]
    with pytest.raises(nestor.BadValueError, match=r"iaf_bw_2001_exact.*constant weights"):
        nmda.set(weight=5.0 * u.nS)
    np.testing.assert_array_equal(sim.get_connections(target=n).get("weight"), [2.0, 2.0])  # nothing changed
    nmda.set(weight=2.0 * u.nS)  # the same weight is fine (NEST too), and so is the delay
    nmda.set(delay=2.0 * u.ms)
    sim.simulate(5.0 * u.ms, progress=False)


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


def test_parallel_nmda_connections_from_a_poisson_generator_draw_independently():
    """Each NMDA connection has its own port: two parallel connections from one poisson_generator to a
    node get their own Poisson trains (NEST: independent per connection), each with the generator's rate,
    the same for 1 and 2 threads."""
    def go(threads):
        sim = nestor.Simulator(dt=DT * u.ms, threads=threads, seed=11)
        n = sim.create(MODEL, 3)
        p = sim.create(nestor.poisson_generator, rate=500.0)
        sim.connect(p, n, weight=1.0 * u.nS, delay=1.0 * u.ms, receptor_type=3)
        sim.connect(p, n, weight=1.0 * u.nS, delay=1.0 * u.ms, receptor_type=3)
        mm = sim.create(nestor.multimeter, record_from=["x_NMDA_1", "x_NMDA_2"])
        sim.connect(mm, n)
        res = sim.simulate(400.0 * u.ms, progress=False)
        return [np.asarray(res.trace(mm, v).magnitude, dtype=float) for v in ("x_NMDA_1", "x_NMDA_2")]

    x1, x2 = go(1)
    y1, y2 = go(2)
    np.testing.assert_array_equal(x1, y1)
    np.testing.assert_array_equal(x2, y2)
    decay = np.exp(-DT / TAU_R)
    for x in (x1, x2):
        counts = np.rint(x[1:] - x[:-1] * decay)  # spikes per step
        n_spikes = counts.sum(axis=0)
        expected = 500.0 * 0.4
        assert np.all(np.abs(n_spikes - expected) < 4 * np.sqrt(expected))
    assert not np.array_equal(x1, x2)
    assert not np.array_equal(x1[:, 0], x1[:, 1])


def test_reset_restarts_the_ports_and_disconnect_keeps_the_port():
    sim = nestor.Simulator(dt=DT * u.ms)
    n = sim.create(MODEL)
    a = sim.create(nestor.spike_generator, spike_times=[2.0, 6.0])
    b = sim.create(nestor.spike_generator, spike_times=[4.0, 30.0])
    sim.connect(a, n, weight=2.0 * u.nS, delay=1.0 * u.ms, receptor_type=3)
    sim.connect(b, n, weight=3.0 * u.nS, delay=1.0 * u.ms, receptor_type=3)
    names = ["s_NMDA", "x_NMDA_1", "s_NMDA_1", "x_NMDA_2", "s_NMDA_2"]
    mm = sim.create(nestor.multimeter, record_from=names)
    sim.connect(mm, n)

    def trace(r):
        return dict(zip(names, (np.asarray(r.trace(mm, v).magnitude, dtype=float).reshape(-1) for v in names)))

    first = trace(sim.simulate(20.0 * u.ms, progress=False))
    assert first["x_NMDA_2"][48] == 0.0 and first["x_NMDA_2"][49] == 1.0  # b's spike arrives at 5 ms
    sim.reset()  # time 0, initial state; the ports and their weights are kept, their state restarts at 0
    again = trace(sim.simulate(20.0 * u.ms, progress=False))
    for v in names:
        np.testing.assert_array_equal(first[v], again[v], err_msg=v)
    # Without b's connection its port stays (NEST keeps a node's ports): its s still counts in s_NMDA, and
    # b's spike at 30 ms no longer arrives.
    sim.get_connections(source=b).disconnect()
    later = trace(sim.simulate(20.0 * u.ms, progress=False))
    assert np.all(np.diff(later["x_NMDA_2"]) < 0)
    np.testing.assert_allclose(later["s_NMDA"], 2.0 * later["s_NMDA_1"] + 3.0 * later["s_NMDA_2"], rtol=1e-14)
    assert later["s_NMDA_2"].min() > 0.1
