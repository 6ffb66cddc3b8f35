"""gif_psc_exp_multisynapse (NEST 3.9): gif_psc_exp's membrane, kernels and escape noise with one
exponential current per receptor port (tau_syn[k], ports 1..len(tau_syn)). NEST has no reference case for
it; it is pinned by closed forms, by gif_psc_exp (same draws for the same seed and node) and by statistics.

Unlike gif_psc_exp, NEST takes the currents' effect on V from their values at the start of each step, so
a spike of weight w arriving on port k at t_a moves V by the PSP of an exponential current starting at t_a:
    V(t) - E_L = w/C_m tau_k tau_m/(tau_k - tau_m) (exp(-s/tau_k) - exp(-s/tau_m)),  s = t - t_a,
or w/C_m s exp(-s/tau_m) when tau_k == tau_m (accepted, singular propagator); tau_m = C_m/g_L = 20 ms."""

import math

import numpy as np
import pytest

import nestor
from nestor import units as u

DT = 0.1
M = nestor.gif_psc_exp_multisynapse


def mag(q, unit):
    return np.asarray(u.get_mantissa(q / unit), dtype=float)


def simulate(model=M, n=1, T=50.0, seed=1, threads=1, inputs=(), record=("V_m", "E_sfa", "I_stc"), **params):
    """inputs: (time, weight pA, port). Returns (times, {var: samples x nodes}, senders, spike times, pop)."""
    sim = nestor.Simulator(dt=DT * u.ms, seed=seed, threads=threads)
    pop = sim.create(model, n, **params)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(pop, sr)
    mm = None
    if record:
        mm = sim.create(nestor.multimeter, record_from=list(record))
        sim.connect(mm, pop)
    for t, w, port in inputs:
        sg = sim.create(nestor.spike_generator, spike_times=[t])
        sim.connect(sg, pop, weight=w * u.pA, delay=1.0 * u.ms, receptor_type=port)
    res = sim.simulate(T * u.ms, progress=False)
    sp = res.spikes(sr)
    t, out = None, {}
    if mm is not None:
        t = mag(res.sample_times(mm), u.ms)
        out = {v: np.asarray(res.trace(mm, v).magnitude) for v in record}
    return t, out, np.asarray(sp["senders"]), mag(sp["times"], u.ms), pop


def psp(s, w, tau_k, tau_m=20.0, C_m=80.0):
    s = np.maximum(s, 0.0)
    if tau_k == tau_m:
        return w / C_m * s * np.exp(-s / tau_m)
    return w / C_m * tau_k * tau_m / (tau_k - tau_m) * (np.exp(-s / tau_k) - np.exp(-s / tau_m))


def test_defaults_as_nest():
    d = M.defaults()
    expected = dict(I_e=0.0, E_L=-70.0, g_L=4.0, C_m=80.0, V_reset=-55.0, Delta_V=0.5, V_T_star=-35.0,
                    lambda_0=1.0, t_ref=4.0, V_m=-70.0, E_sfa=0.0, I_stc=0.0)
    for k, v in expected.items():
        assert d[k][0] == v, k
    assert list(d["tau_syn"][0]) == [2.0]
    for k in ("tau_stc", "q_stc", "tau_sfa", "q_sfa"):
        assert len(d[k][0]) == 0, k
    assert "tau_syn_ex" not in d


def test_each_port_has_its_own_current_and_psp():
    taus = [2.0, 20.0, 0.5]  # port 2: tau_syn == tau_m
    spikes = [(5.0, 300.0, 1), (12.0, -150.0, 2), (12.0, 80.0, 3), (30.0, 200.0, 2)]
    t, rec, _, st, _ = simulate(T=60.0, inputs=spikes, tau_syn=taus, lambda_0=0.0, I_e=20.0)
    assert len(st) == 0
    v = -70.0 + 20.0 / 4.0 * (1 - np.exp(-t / 20.0))
    v = v + sum(psp(t - (ts + 1.0), w, taus[k - 1]) for ts, w, k in spikes)
    np.testing.assert_allclose(rec["V_m"][:, 0], v, rtol=0, atol=1e-10)
    np.testing.assert_array_equal(rec["E_sfa"][:, 0], -35.0)


def test_kernels_after_one_forced_spike():
    # as in test_gif_psc_exp: the first step fires with certainty, then the threshold is out of reach
    tau_stc, q_stc, tau_sfa, q_sfa = [3.0, 30.0], [20.0, -10.0], [5.0, 50.0], [500.0, 600.0]
    t, rec, _, st, _ = simulate(T=40.0, V_T_star=-200.0, Delta_V=1.0, tau_stc=tau_stc, q_stc=q_stc,
                                tau_sfa=tau_sfa, q_sfa=q_sfa)
    np.testing.assert_allclose(st, [DT], atol=1e-12)
    after = t >= 2 * DT - 1e-9
    stc = sum(q * np.exp(-(t - 2 * DT) / tau) for tau, q in zip(tau_stc, q_stc))
    sfa = sum(q * np.exp(-(t - 2 * DT) / tau) for tau, q in zip(tau_sfa, q_sfa))
    np.testing.assert_allclose(rec["I_stc"][:, 0], np.where(after, stc, 0.0), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(rec["E_sfa"][:, 0], -200.0 + np.where(after, sfa, 0.0), rtol=1e-12, atol=1e-10)
    held = (t > DT + 1e-9) & (t <= DT + 4.0 + 1e-9)
    np.testing.assert_array_equal(rec["V_m"][held, 0], -55.0)


def test_same_draws_as_gif_psc_exp():
    # Without synaptic input both models are the same process and use the same node stream.
    params = dict(I_e=np.linspace(120.0, 200.0, 20), tau_stc=[10.0, 50.0], q_stc=[20.0, 5.0], tau_sfa=[20.0],
                  q_sfa=[4.0], lambda_0=5.0)
    _, _, s1, t1, _ = simulate(nestor.gif_psc_exp, n=20, T=500.0, seed=9, record=(), **params)
    _, _, s2, t2, _ = simulate(M, n=20, T=500.0, seed=9, record=(), **params)
    assert len(t1) > 100
    np.testing.assert_array_equal(s1, s2)
    np.testing.assert_array_equal(t1, t2)


def test_escape_rate_far_below_threshold():
    # V = E_L = V_reset = -68 mV held (no input), t_ref = 0: a Bernoulli(p) trial per step,
    # p = 1 - exp(-lambda_0 exp((V - V_T_star)/Delta_V) dt); total count within 4 standard deviations.
    n, T, lambda_0, Delta_V = 40, 5000.0, 4e9, 2.0
    _, _, senders, _, _ = simulate(n=n, T=T, seed=4, record=(), E_L=-68.0, V_m=-68.0, V_reset=-68.0, t_ref=0.0,
                                   lambda_0=lambda_0, Delta_V=Delta_V)
    p = -math.expm1(-lambda_0 * 1e-3 * math.exp((-68.0 + 35.0) / Delta_V) * DT)
    steps = n * round(T / DT)
    assert abs(len(senders) - steps * p) < 4.0 * math.sqrt(steps * p * (1 - p)), (len(senders), steps * p)


def _network(threads):
    sim = nestor.Simulator(dt=DT * u.ms, seed=3, threads=threads)
    pop = sim.create(M, 40, tau_syn=[2.0, 8.0], I_e=np.linspace(100.0, 200.0, 40), tau_sfa=[30.0], q_sfa=[3.0])
    for port in (1, 2):
        sim.connect(pop, pop, rule=nestor.fixed_indegree(5), weight=nestor.random.normal(10.0, 30.0), delay=1.0,
                    receptor_type=port)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(pop, sr)
    sp = sim.simulate(300.0 * u.ms, progress=False).spikes(sr)
    return mag(sp["times"], u.ms), np.asarray(sp["senders"])


def test_identical_for_one_and_two_threads():
    t1, s1 = _network(1)
    assert len(t1) > 100
    t2, s2 = _network(2)
    np.testing.assert_array_equal(t2, t1)
    np.testing.assert_array_equal(s2, s1)


def test_ports_and_recordables():
    sim = nestor.Simulator()
    n = sim.create(M, 1, tau_syn=[1.0, 2.0])
    sg = sim.create(nestor.spike_generator, spike_times=[1.0])
    dc = sim.create(nestor.dc_generator)
    for bad in (0, 3):
        with pytest.raises(nestor.IllegalConnectionError):
            sim.connect(sg, n, receptor_type=bad)
    with pytest.raises(nestor.IllegalConnectionError):
        sim.connect(dc, n, receptor_type=1)
    sim.connect(sg, n, receptor_type=2)
    sim.connect(dc, n, receptor_type=0)
    with pytest.raises(nestor.BadValueError, match="fixed when nodes are created"):
        n.set(tau_syn=[1.0, 2.0, 3.0])
    n.set(tau_stc=[5.0], q_stc=[1.0])  # kernel lists are free to change length
    mm = sim.create(nestor.multimeter, record_from=["I_syn_1"])  # NEST records V_m, E_sfa, I_stc only
    with pytest.raises(nestor.NestorError, match="I_syn_1"):
        sim.connect(mm, n)


@pytest.mark.parametrize("params,word", [
    (dict(tau_syn=[2.0, 0.0]), "tau_syn"),
    (dict(g_L=0.0), "g_L"),
    (dict(C_m=-1.0), "C_m"),
    (dict(Delta_V=0.0), "Delta_V"),
    (dict(t_ref=-0.1), "t_ref"),
    (dict(lambda_0=-1.0), "lambda_0"),
    (dict(tau_stc=[0.0], q_stc=[1.0]), "tau_stc"),
    (dict(tau_sfa=[-1.0], q_sfa=[1.0]), "tau_sfa"),
    (dict(tau_stc=[1.0, 2.0], q_stc=[1.0]), "q_stc"),
    (dict(q_sfa=[1.0]), "tau_sfa"),
])
def test_parameter_rules(params, word):
    sim = nestor.Simulator()
    with pytest.raises(nestor.BadValueError, match=word):
        sim.create(M, 1, **params)
