"""iaf_tum_2000 (NEST 3.9): iaf_psc_exp whose outgoing spikes carry Tsodyks-Markram short-term
plasticity, computed by the sender. Between spikes

    du/dt = -u/tau_fac,   dy/dt = -y/tau_psc,   dz/dt = y/tau_psc - z/tau_rec,   x = 1 - y - z,

and at a spike u += U (1 - u), then the released fraction dy = u x moves from x to y. NEST sends dy as
the spike's offset: the spike is recorded at grid time - u x, and a receiving iaf_tum_2000 scales the
weight of its receptor 1 by it. Here the recursion is solved independently (z by its own integral) and
compared with the model's spike times, its x, y, u after a train and a receiver's current jumps.
(The NEST reference case iaf_tum_2000__standard runs in tests/validation/test_nest_cases.py.)"""

import numpy as np
import pytest

import nestor
from nestor import units as u

DT = 0.1
MODEL = nestor.iaf_tum_2000


def mag(q, unit):
    return np.asarray(u.get_mantissa(q / unit), dtype=float)


def tsodyks(times, U=0.5, tau_fac=1000.0, tau_psc=2.0, tau_rec=400.0, x=0.0, y=0.0, uu=0.0):
    """Released fractions u x at the spike times (the clock starts at 0 as if a spike had happened there
    without release, as NEST's) and the final (x, y, u), from the solution of the ODEs above."""
    released, last = [], 0.0
    for t in times:
        h = t - last
        z0 = 1.0 - x - y
        # dz/dt = -z/tau_rec + (y0/tau_psc) exp(-t/tau_psc): variation of constants.
        r = 1.0 / tau_rec - 1.0 / tau_psc
        z = z0 * np.exp(-h / tau_rec) + y / tau_psc * (np.exp(-h / tau_psc) - np.exp(-h / tau_rec)) / r
        y = y * np.exp(-h / tau_psc)
        x = 1.0 - y - z
        uu = uu * np.exp(-h / tau_fac) if tau_fac > 0 else 0.0
        uu = uu + U * (1.0 - uu)
        released.append(uu * x)
        x, y = x - uu * x, y + uu * x
        last = t
    return np.array(released), (x, y, uu)


def run(T, params, post_w=None, post_receptor=1):
    """A neuron driven by its I_e; returns its grid spike stamps (from the reset in V_m), its recorded
    spike times, its x, y, u at the end and, with post_w, the receiver's I_syn_ex trace."""
    sim = nestor.Simulator(dt=DT * u.ms)
    n = sim.create(MODEL, 1, **params)
    mm = sim.create(nestor.multimeter, record_from=["V_m"])
    sr = sim.create(nestor.spike_recorder)
    sim.connect(mm, n)
    sim.connect(n, sr)
    mm_post = None
    if post_w is not None:
        post = sim.create(MODEL, 1)
        mm_post = sim.create(nestor.multimeter, record_from=["I_syn_ex"])
        sim.connect(n, post, weight=post_w * u.pA, delay=1.0 * u.ms, receptor_type=post_receptor)
        sim.connect(mm_post, post)
    res = sim.simulate(T * u.ms, progress=False)
    t = mag(res.sample_times(mm), u.ms)
    V = mag(res.trace(mm, "V_m"), u.mV)[:, 0]
    V_reset = params.get("V_reset", -70.0)
    stamps = t[1:][(V[1:] == V_reset) & (V[:-1] > V_reset)]
    if V[0] == V_reset and params.get("V_m", -70.0) != V_reset:
        stamps = np.concatenate([[t[0]], stamps])
    state = tuple(float(n.get(k)[0]) for k in ("x", "y", "u"))
    I_post = mag(res.trace(mm_post, "I_syn_ex"), u.pA)[:, 0] if mm_post is not None else None
    return stamps, mag(res.spikes(sr)["times"], u.ms), state, t, I_post


def test_defaults_state_and_recordables():
    d = MODEL.defaults()
    assert d["tau_fac"] == (1000.0, "ms") and d["tau_psc"] == (2.0, "ms") and d["tau_rec"] == (400.0, "ms")
    assert d["U"] == (0.5, "1") and d["x"] == (0.0, "1") and d["y"] == (0.0, "1") and d["u"] == (0.0, "1")
    assert d["V_th"] == (-55.0, "mV") and d["t_ref"] == (2.0, "ms") and d["delta"] == (0.0, "mV")
    assert MODEL.recordables == ["V_m", "I_syn_ex", "I_syn_in"]
    assert MODEL.weight_unit == "pA"


def test_subthreshold_response_to_I_e():
    # V - E_L = I_e R (1 - exp(-t/tau_m)) below threshold (I_e R = 12 mV < 15 mV).
    sim = nestor.Simulator(dt=DT * u.ms)
    n = sim.create(MODEL, 1, I_e=300.0)
    mm = sim.create(nestor.multimeter, record_from=["V_m"])
    sim.connect(mm, n)
    res = sim.simulate(50.0 * u.ms, progress=False)
    t = mag(res.sample_times(mm), u.ms)
    V = mag(res.trace(mm, "V_m"), u.mV)[:, 0]
    np.testing.assert_allclose(V, -70.0 + 300.0 * 10.0 / 250.0 * (1 - np.exp(-t / 10.0)), rtol=0, atol=1e-12)


@pytest.mark.parametrize("stp", [{}, {"tau_fac": 0.0, "U": 0.2}, {"tau_fac": 50.0, "tau_rec": 100.0, "U": 0.1},
                                 {"tau_psc": 5.0, "tau_rec": 30.0, "U": 0.7}])
def test_spike_offsets_and_state_follow_the_tsodyks_markram_recursion(stp):
    params = {"I_e": 500.0, **stp}
    stamps, recorded, (x, y, uu), _, _ = run(300.0, params)
    assert len(stamps) >= 10
    kw = {k: v for k, v in stp.items()}
    released, (x_cf, y_cf, u_cf) = tsodyks(stamps, **kw)
    # Recorded at grid time minus u x (NEST's offset), one spike per reset.
    np.testing.assert_allclose(recorded, stamps - released, rtol=0, atol=1e-11)
    assert np.all(released > 0) and np.ptp(released) > 1e-3  # the release really changes along the train
    np.testing.assert_allclose([x, y, uu], [x_cf, y_cf, u_cf], rtol=0, atol=1e-12)


def test_initial_state_is_used_and_first_interval_counts_from_zero():
    params = {"I_e": 500.0, "x": 0.6, "y": 0.3, "u": 0.25}
    stamps, recorded, state, _, _ = run(100.0, params)
    released, final = tsodyks(stamps, x=0.6, y=0.3, uu=0.25)
    np.testing.assert_allclose(recorded, stamps - released, rtol=0, atol=1e-11)
    np.testing.assert_allclose(state, final, rtol=0, atol=1e-12)


def test_receptor_1_scales_the_weight_by_u_x_and_receptor_0_does_not():
    w = 1000.0
    stamps, _, _, t, I1 = run(60.0, {"I_e": 500.0}, post_w=w, post_receptor=1)
    released, _ = tsodyks(stamps)
    _, _, _, _, I0 = run(60.0, {"I_e": 500.0}, post_w=w, post_receptor=0)
    P11 = np.exp(-DT / 2.0)
    for s, r in zip(stamps, released):
        k = int(round((s + 1.0) / DT)) - 1  # the sample at arrival (stamp + delay)
        if k >= len(t):
            break
        assert I1[k] - I1[k - 1] * P11 == pytest.approx(w * r, rel=1e-12, abs=1e-9)
        assert I0[k] - I0[k - 1] * P11 == pytest.approx(w, rel=1e-12)


def test_spike_generator_spikes_on_receptor_1_do_nothing():
    # Their offset is 0 (NEST: weight x offset); on receptor 0 they act in full.
    sim = nestor.Simulator(dt=DT * u.ms)
    n = sim.create(MODEL, 2)
    sg = sim.create(nestor.spike_generator, spike_times=[5.0])
    sim.connect(sg, n[0], weight=100.0 * u.pA, receptor_type=1)
    sim.connect(sg, n[1], weight=100.0 * u.pA, receptor_type=0)
    mm = sim.create(nestor.multimeter, record_from=["I_syn_ex", "V_m"])
    sim.connect(mm, n)
    res = sim.simulate(10.0 * u.ms, progress=False)
    I = mag(res.trace(mm, "I_syn_ex"), u.pA)
    assert np.all(I[:, 0] == 0.0) and np.all(mag(res.trace(mm, "V_m"), u.mV)[:, 0] == -70.0)
    assert I[:, 1].max() == pytest.approx(100.0)


def test_escape_noise_rate():
    # delta > 0: fires with probability rho exp((V - V_th)/delta) dt in every step, refractory or not
    # (V stays at E_L = V_reset): here 100/s * e^-1 per neuron. 4e6 neuron-steps: sd 0.8 %.
    sim = nestor.Simulator(dt=DT * u.ms, seed=7)
    n = sim.create(MODEL, 200, delta=15.0, rho=100.0)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(n, sr)
    res = sim.simulate(2000.0 * u.ms, progress=False)
    count = len(mag(res.spikes(sr)["times"], u.ms))
    expected = 200 * 20000 * 100.0 * np.exp(-1.0) * DT * 1e-3
    assert abs(count - expected) < 4 * np.sqrt(expected)


@pytest.mark.parametrize(
    "params, name",
    [({"V_reset": -55.0}, "V_reset"), ({"C_m": 0.0}, "C_m"), ({"tau_m": 0.0}, "tau_m"),
     ({"tau_syn_ex": -1.0}, "tau_syn_ex"), ({"tau_syn_in": 0.0}, "tau_syn_in"), ({"tau_psc": 0.0}, "tau_psc"),
     ({"tau_rec": 0.0}, "tau_rec"), ({"tau_fac": -1.0}, "tau_fac"), ({"t_ref": -0.1}, "t_ref"),
     ({"U": 1.01}, "U"), ({"U": -0.01}, "U"), ({"rho": -1.0}, "rho"), ({"delta": -1.0}, "delta"),
     ({"x": 0.6, "y": 0.5}, "x \\+ y"), ({"u": 1.1}, "u"), ({"u": -0.1}, "u")])
def test_parameter_rules(params, name):
    sim = nestor.Simulator(dt=DT * u.ms)
    with pytest.raises(nestor.BadValueError, match=name):
        sim.create(MODEL, 1, **params)
    n = sim.create(MODEL, 1)
    with pytest.raises(nestor.BadValueError, match=name):
        n.set(**params)
    assert n.get("x")[0] == 0.0 and n.get("U")[0] == 0.5  # nothing changed


def test_allowed_edges_and_ports():
    sim = nestor.Simulator(dt=DT * u.ms)
    n = sim.create(MODEL, 1, U=1.0, tau_fac=0.0, x=0.5, y=0.5, u=1.0)
    assert n.get("y")[0] == 0.5
    sg = sim.create(nestor.spike_generator)
    dc = sim.create(nestor.dc_generator)
    sim.connect(sg, n, receptor_type=1)
    sim.connect(dc, n, receptor_type=1)
    with pytest.raises(nestor.IllegalConnectionError):
        sim.connect(sg, n, receptor_type=2)
    with pytest.raises(nestor.IllegalConnectionError):
        sim.connect(dc, n, receptor_type=2)


def _tum_network(threads, split=None):
    """Driven iaf_tum_2000 neurons coupled on both receptors, with escape noise on half of them."""
    sim = nestor.Simulator(dt=DT * u.ms, threads=threads, seed=11)
    n = sim.create(MODEL, 40, I_e=np.linspace(350.0, 600.0, 40), delta=np.where(np.arange(40) % 2, 0.0, 2.0),
                   rho=50.0, U=np.linspace(0.1, 0.9, 40))
    sim.connect(n, n, rule=nestor.fixed_indegree(5), weight=nestor.random.normal(300.0, 400.0),
                delay=nestor.random.uniform(0.5, 2.0), receptor_type=1)
    sim.connect(n, n, rule=nestor.fixed_indegree(3), weight=-50.0, delay=1.0, receptor_type=0)
    sr = sim.create(nestor.spike_recorder)
    mm = sim.create(nestor.multimeter, record_from=["V_m", "I_syn_ex", "I_syn_in"], interval=1.0)
    sim.connect(n, sr)
    sim.connect(mm, n)
    t, s, v = [], [], []
    for seg in split or [300.0]:
        res = sim.simulate(seg * u.ms, progress=False)
        t.append(mag(res.spikes(sr)["times"], u.ms))
        s.append(np.asarray(res.spikes(sr)["senders"]))
        v.append(mag(res.trace(mm, "I_syn_ex"), u.pA))
    return np.concatenate(t), np.concatenate(s), np.concatenate(v)


def test_identical_for_one_and_two_threads_and_split_runs():
    t1, s1, v1 = _tum_network(1)
    assert len(t1) > 200 and np.any(np.abs(t1 / DT - np.rint(t1 / DT)) > 1e-6)  # off the grid
    for t2, s2, v2 in (_tum_network(2), _tum_network(2, split=[123.4, 176.6])):
        o1, o2 = np.lexsort((s1, t1)), np.lexsort((s2, t2))
        np.testing.assert_array_equal(t2[o2], t1[o1])
        np.testing.assert_array_equal(s2[o2], s1[o1])
        np.testing.assert_array_equal(v2, v1)
