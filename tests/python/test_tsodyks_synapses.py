"""tsodyks2_synapse, tsodyks_synapse and tsodyks_synapse_hom: the weights carried by a regular presynaptic
train (20 Hz, then a recovery spike) equal NEST's recursions written out here (NEST 3.9's
models/tsodyks2_synapse.h, tsodyks_synapse.h, tsodyks_synapse_hom.h), depressing and facilitating; the
steady state of a long train against its closed form; the limit relation between the two models; state
round trips, copy_model/set_defaults of the common parameters, threads and bad input.

Spikes are exact with spike_generator -> parrot_neuron (the parrot repeats its input 1 ms later, so a
generator time t is a presynaptic spike at t + 1); the weights carried are read with a weight_recorder.
The threads network and its check are in synapse_testlib.py."""

import math

import numpy as np
import pytest

import nestor
import synapse_testlib as lib
from nestor import units as u


def train(n=10, rate_hz=20.0, start=10.0, recovery=None):
    times = [start + k * 1000.0 / rate_hz for k in range(n)]
    if recovery is not None:
        times.append(times[-1] + recovery)
    return times


def carried(model, gen_times, threads=1, weight=None, copies=None, **syn):
    """(presynaptic spike times, weights carried) of one connection of `model` between parrots."""
    sim = nestor.Simulator(dt=0.1 * u.ms, threads=threads)
    pre, post = sim.create(nestor.parrot_neuron, 1), sim.create(nestor.parrot_neuron, 1)
    sim.connect(sim.create(nestor.spike_generator, 1, spike_times=gen_times), pre)
    wr = sim.create(nestor.weight_recorder)
    if copies is not None:
        sim.copy_synapse_model(model, "stp_copy", **copies)
        model = "stp_copy"
    spec = sim.synapse_model(model)(weight=weight, weight_recorder=wr, **syn)
    sim.connect(pre, post, synapse=spec)
    ev = sim.simulate((max(gen_times) + 5.0) * u.ms).events(wr, units=False)
    return np.asarray(ev["times"]), np.asarray(ev["weights"]), sim.get_connections(pre, post)


def tsodyks2_rule(times, w, U, tau_rec, tau_fac, u0, x0=1.0):
    """NEST 3.9's tsodyks2_synapse: at each spike after the first, x and u advance from the values of the
    previous spike over the interval between them; the event carries w u x."""
    u_, x_, last, out = u0, x0, None, []
    for t in times:
        if last is not None:
            h = t - last
            x_ = 1.0 + (x_ - x_ * u_ - 1.0) * math.exp(-h / tau_rec)
            u_ = U + u_ * (1.0 - U) * (math.exp(-h / tau_fac) if tau_fac > 0 else 0.0)
        out.append(w * u_ * x_)
        last = t
    return out


def tsodyks_rule(times, w, U, tau_psc, tau_rec, tau_fac, x0=1.0, y0=0.0, u0=0.0):
    """NEST's tsodyks_synapse: x, y, z = 1 - x - y and u propagated exactly from the previous spike (t = 0
    before the first), u += U (1 - u), then u x moves from x to y and is carried (times w)."""
    x, y, u_, last, out = x0, y0, u0, 0.0, []
    for t in times:
        h = t - last
        z = 1.0 - x - y
        Pyy = math.exp(-h / tau_psc)
        Pzz = math.exp(-h / tau_rec)
        # x(h) from dx/dt = z/tau_rec, dz/dt = y/tau_psc - z/tau_rec, y = y0 exp(-t/tau_psc)
        x = x + (1.0 - Pzz) * z + y * ((Pzz - 1.0) * tau_rec - (Pyy - 1.0) * tau_psc) / (tau_psc - tau_rec)
        y *= Pyy
        u_ = u_ * (math.exp(-h / tau_fac) if tau_fac > 0 else 0.0)
        u_ += U * (1.0 - u_)
        r = u_ * x
        x -= r
        y += r
        out.append(w * r)
        last = t
    return out


DEPRESSING = dict(U=0.6, tau_rec=400.0, tau_fac=0.0)
FACILITATING = dict(U=0.05, tau_rec=100.0, tau_fac=1000.0)


@pytest.mark.parametrize("params", [DEPRESSING, FACILITATING], ids=["depressing", "facilitating"])
def test_tsodyks2_train_against_nest_rule(params):
    gen = train(recovery=300.0)
    times, w, _ = carried("tsodyks2_synapse", gen, weight=250.0, u=params["U"],
                          **{k: v for k, v in params.items()})
    np.testing.assert_allclose(times, np.asarray(gen) + 1.0, atol=1e-12)
    expected = tsodyks2_rule(times, 250.0, params["U"], params["tau_rec"], params["tau_fac"], params["U"])
    np.testing.assert_allclose(w, expected, rtol=1e-14)
    assert w[0] == pytest.approx(250.0 * params["U"], rel=1e-15)  # the first spike: nothing propagated
    if params is DEPRESSING:
        assert np.all(np.diff(w[:10]) < 0) and w[10] > w[9]  # depression, then recovery
    else:
        assert np.all(np.diff(w[:10]) > 0)  # facilitation


@pytest.mark.parametrize("model", ["tsodyks2_synapse", "tsodyks_synapse"])
def test_psc_amplitudes_of_the_target(model):
    """The carried weights are the jumps of the target's synaptic current: iaf_psc_exp's I_syn_ex jumps by
    them at arrival (spike stamp + delay), between arrivals it decays with tau_syn_ex."""
    p = dict(U=0.45, tau_rec=300.0, tau_fac=100.0)
    gen = train(n=8, rate_hz=20.0, recovery=400.0)
    sim = nestor.Simulator(dt=0.1 * u.ms)
    pre = sim.create(nestor.parrot_neuron, 1)
    sim.connect(sim.create(nestor.spike_generator, 1, spike_times=gen), pre)
    post = sim.create(nestor.iaf_psc_exp, 1, tau_syn_ex=2.0 * u.ms, V_th=1e3 * u.mV)
    extra = dict(u=0.45) if model == "tsodyks2_synapse" else {}
    sim.connect(pre, post, synapse=sim.synapse_model(model)(weight=150.0, delay=1.5 * u.ms, **p, **extra))
    mm = sim.create(nestor.multimeter, record_from=["I_syn_ex"])
    sim.connect(mm, post)
    res = sim.simulate((max(gen) + 5.0) * u.ms)
    t = np.asarray(u.get_mantissa(res.sample_times(mm) / u.ms), dtype=float)
    I = np.asarray(u.get_mantissa(res.trace(mm, "I_syn_ex") / u.pA), dtype=float)[:, 0]
    spikes = np.asarray(gen) + 1.0
    arrivals = [int(round(a / 0.1)) - 1 for a in spikes + 1.5]  # sample index at arrival
    jumps = np.array([I[k] - I[k - 1] * math.exp(-0.1 / 2.0) for k in arrivals])
    if model == "tsodyks2_synapse":
        expected = tsodyks2_rule(spikes, 150.0, 0.45, 300.0, 100.0, 0.45)
    else:
        expected = tsodyks_rule(spikes, 150.0, 0.45, 3.0, 300.0, 100.0)
    np.testing.assert_allclose(jumps, expected, rtol=1e-9)
    assert t[arrivals[0]] == pytest.approx(spikes[0] + 1.5)
    # no other jumps: elsewhere the current only decays
    others = np.setdiff1d(np.arange(1, len(I)), arrivals)
    np.testing.assert_allclose(I[others], I[others - 1] * math.exp(-0.1 / 2.0), rtol=1e-12, atol=1e-12)


def test_tsodyks2_steady_state_closed_form():
    """A long regular train without facilitation: x_n -> (1 - E) / (1 - (1 - U) E), E = exp(-T/tau_rec)."""
    U, tau_rec, T = 0.5, 300.0, 25.0
    _, w, _ = carried("tsodyks2_synapse", train(n=80, rate_hz=1000.0 / T), weight=1.0, U=U, u=U,
                      tau_rec=tau_rec * u.ms)
    E = math.exp(-T / tau_rec)
    assert w[-1] == pytest.approx(U * (1 - E) / (1 - (1 - U) * E), rel=1e-12)


def test_tsodyks2_defaults_and_state_round_trip():
    gen = train(n=4)
    times, w, c = carried("tsodyks2_synapse", gen)
    # NEST's defaults: U = u = 0.5, x = 1, tau_rec = 800 ms, tau_fac = 0, weight 1
    np.testing.assert_allclose(w, tsodyks2_rule(times, 1.0, 0.5, 800.0, 0.0, 0.5), rtol=1e-14)
    g = c.get(["U", "u", "x", "tau_rec", "tau_fac"])
    assert g["U"][0] == 0.5 and g["tau_rec"][0] == 800.0 and g["tau_fac"][0] == 0.0
    # u and x are those the last spike used
    assert g["x"][0] * g["u"][0] == pytest.approx(w[-1], rel=1e-15)
    c.set(x=0.25, u=0.8)
    assert c.get("x")[0] == 0.25 and c.get("u")[0] == 0.8


def test_tsodyks2_split_run_and_reset():
    sim = nestor.Simulator(dt=0.1 * u.ms)
    pre, post = sim.create(nestor.parrot_neuron, 1), sim.create(nestor.parrot_neuron, 1)
    sim.connect(sim.create(nestor.spike_generator, 1, spike_times=train(n=6)), pre)
    sim.connect(pre, post, synapse=nestor.tsodyks2_synapse(U=0.3, u=0.3, tau_fac=50.0 * u.ms))
    c = sim.get_connections(pre, post)
    sim.simulate(150.0 * u.ms)
    sim.simulate(150.0 * u.ms)
    x2, u2 = c.get("x")[0], c.get("u")[0]
    sim.reset()
    assert c.get("x")[0] == 1.0 and c.get("u")[0] == 0.3
    sim.simulate(300.0 * u.ms)
    assert (c.get("x")[0], c.get("u")[0]) == (x2, u2)
    assert x2 < 1.0


@pytest.mark.parametrize("params", [dict(U=0.6, tau_psc=3.0, tau_rec=400.0, tau_fac=0.0),
                                    dict(U=0.05, tau_psc=2.0, tau_rec=100.0, tau_fac=1000.0)],
                         ids=["depressing", "facilitating"])
def test_tsodyks_train_against_nest_rule(params):
    gen = train(recovery=300.0)
    times, w, c = carried("tsodyks_synapse", gen, weight=100.0, **params)
    expected = tsodyks_rule(times, 100.0, **params)
    np.testing.assert_allclose(w, expected, rtol=1e-12)
    assert w[0] == pytest.approx(100.0 * params["U"], rel=1e-14)
    x, y, uu = c.get("x")[0], c.get("y")[0], c.get("u")[0]
    assert 0.0 < x < 1.0 and 0.0 < y < 1.0 and x + y <= 1.0 and 0.0 < uu <= 1.0


def test_tsodyks_hom_equals_tsodyks_with_common_parameters():
    params = dict(U=0.2, tau_psc=2.5, tau_rec=200.0, tau_fac=300.0)
    gen = train(recovery=200.0)
    times, w_hom, c = carried("tsodyks_synapse_hom", gen, copies=dict(weight=40.0, **params))
    _, w, _ = carried("tsodyks_synapse", gen, weight=40.0, **params)
    np.testing.assert_allclose(w_hom, w, rtol=1e-12)
    np.testing.assert_allclose(w_hom, tsodyks_rule(times, 40.0, **params), rtol=1e-12)
    assert c.get("weight")[0] == 40.0
    assert set(c.get(["x", "y", "u"])) == {"x", "y", "u"}


def test_tsodyks_approaches_tsodyks2_for_fast_psc():
    """With tau_psc << tau_rec released resources become inactive at once and tsodyks_synapse's recursion
    tends to tsodyks2_synapse's (u starting at 0 there, at U here): equal to O(tau_psc / tau_rec)."""
    p = dict(U=0.4, tau_rec=200.0, tau_fac=150.0)
    gen = train(recovery=250.0)
    _, w1, _ = carried("tsodyks_synapse", gen, weight=1.0, tau_psc=0.01, **p)
    _, w2, _ = carried("tsodyks2_synapse", gen, weight=1.0, u=0.4, **p)
    np.testing.assert_allclose(w1, w2, rtol=2e-4)
    assert np.max(np.abs(w1 / w2 - 1)) > 1e-9  # not the same model


def test_hom_common_parameters_only_through_defaults():
    sim = nestor.Simulator(dt=0.1 * u.ms)
    a, b = sim.create(nestor.iaf_psc_alpha, 2), sim.create(nestor.iaf_psc_alpha, 2)
    with pytest.raises(nestor.ArgumentTypeError, match="tau_rec"):
        nestor.tsodyks_synapse_hom(tau_rec=10.0)
    with pytest.raises(nestor.BadArgumentError, match="weight"):
        sim.connect(a, b, synapse=nestor.tsodyks_synapse_hom(weight=2.0))
    sim.set_synapse_defaults("tsodyks_synapse_hom", U=0.3, weight=7.0)
    sim.connect(a, b, synapse=nestor.tsodyks_synapse_hom(x=0.5))
    c = sim.get_connections(a, b)
    np.testing.assert_array_equal(c.get("weight"), 7.0)
    np.testing.assert_array_equal(c.get("x"), 0.5)
    with pytest.raises(nestor.BadArgumentError, match="weight"):
        c.set(weight=3.0)
    with pytest.raises(nestor.BadArgumentError, match="U"):
        c.set(U=0.1)
    with pytest.raises(nestor.BadValueError, match="U"):
        sim.set_synapse_defaults("tsodyks_synapse_hom", U=1.5)
    assert sim.get_synapse_defaults("tsodyks_synapse_hom", "U") == 0.3


def network(threads, model):
    extra = dict(U=nestor.random.uniform(0.1, 0.9), tau_fac=nestor.random.uniform(0.0, 500.0))
    syn = getattr(nestor, model)(weight=300.0, delay=1.5 * u.ms, **extra)
    return lib.plastic_network(syn, threads, 11, ("source", "target", "x", "u"), n_src=40, rate=30.0,
                               nrn_model=nestor.iaf_psc_exp, nrn_params=dict(I_e=350.0 * u.pA), indegree=10,
                               recurrent=(4, -30.0), recurrent_delay=None, t_sim=500.0)


@pytest.mark.parametrize("model", ["tsodyks2_synapse", "tsodyks_synapse"])
def test_one_and_two_threads_identical(model):
    one = lib.threads_identical(lambda threads: network(threads, model))
    assert np.std(one["x"]) > 0


def test_bad_input():
    sim = nestor.Simulator(dt=0.1 * u.ms)
    a, b = sim.create(nestor.iaf_psc_alpha, 1), sim.create(nestor.iaf_psc_alpha, 1)
    for model, bad, name in [("tsodyks2_synapse", dict(U=1.5), "U = 1.5"),
                             ("tsodyks2_synapse", dict(u=-0.1), "u = -0.1"),
                             ("tsodyks2_synapse", dict(tau_rec=0.0), "tau_rec"),
                             ("tsodyks2_synapse", dict(tau_fac=-1.0), "tau_fac"),
                             ("tsodyks_synapse", dict(U=-0.5), "U = -0.5"),
                             ("tsodyks_synapse", dict(tau_psc=-2.0), "tau_psc"),
                             ("tsodyks_synapse", dict(u=1.2), "u = 1.2"),
                             ("tsodyks_synapse", dict(x=0.7, y=0.5), "x = 0.7"),
                             ("tsodyks_synapse_hom", dict(y=1.5), "y = 1.5")]:
        with pytest.raises(nestor.BadValueError, match=name):
            sim.connect(a, b, synapse=sim.synapse_model(model)(**bad))
    with pytest.raises(nestor.DimensionError, match="tau_rec"):
        sim.connect(a, b, synapse=nestor.tsodyks2_synapse(tau_rec=5.0 * u.mV))
    with pytest.raises(nestor.BadValueError, match="tau_fac"):
        sim.set_synapse_defaults("tsodyks_synapse_hom", tau_fac=-3.0)
    assert sim.num_connections == 0
    sim.connect(a, b, synapse=nestor.tsodyks2_synapse())
    c = sim.get_connections(a, b)
    with pytest.raises(nestor.BadValueError, match="U"):
        c.set(U=2.0)
    assert c.get("U")[0] == 0.5


def test_memory_per_connection_is_reported():
    sim = nestor.Simulator(dt=0.1 * u.ms)
    a = sim.create(nestor.iaf_psc_alpha, 100)
    sim.connect(a, a, nestor.fixed_indegree(10), synapse=nestor.tsodyks2_synapse(weight=5.0))
    nbytes, n = sim.connection_memory()["tsodyks2_synapse"]
    assert n == 1000
    assert 48 * n <= nbytes < 48 * n + 4096  # header 16 + parameter set 4 + rank 4 + u, x, t_last


@pytest.mark.parametrize("model", ["tsodyks_synapse", "tsodyks_synapse_hom"])
def test_tsodyks_state_set_between_runs_acts(model):
    """x, y, u set on the connection after a run are those the next spike propagates from."""
    sim = nestor.Simulator(dt=0.1 * u.ms)
    pre, post = sim.create(nestor.parrot_neuron, 1), sim.create(nestor.parrot_neuron, 1)
    sim.connect(sim.create(nestor.spike_generator, 1, spike_times=[10.0, 60.0]), pre)
    wr = sim.create(nestor.weight_recorder)
    p = dict(U=0.3, tau_psc=2.0, tau_rec=150.0, tau_fac=80.0)
    if model == "tsodyks_synapse_hom":
        sim.set_synapse_defaults(model, weight=5.0, **p)
        spec = nestor.tsodyks_synapse_hom(weight_recorder=wr)
    else:
        spec = nestor.tsodyks_synapse(weight=5.0, weight_recorder=wr, **p)
    sim.connect(pre, post, synapse=spec)
    c = sim.get_connections(pre, post)
    sim.simulate(30.0 * u.ms)
    c.set(x=0.5, y=0.2, u=0.1)
    assert c.get(["x", "y", "u"]) == {"x": [0.5], "y": [0.2], "u": [0.1]}
    w = np.asarray(sim.simulate(40.0 * u.ms).events(wr, units=False)["weights"])
    # the second spike (61 ms) starts from the set state and the first spike's time (11 ms)
    x, y, uu, h = 0.5, 0.2, 0.1, 50.0
    Pyy, Pzz = math.exp(-h / 2.0), math.exp(-h / 150.0)
    x = x + (1 - Pzz) * (1 - 0.5 - 0.2) + y * ((Pzz - 1) * 150.0 - (Pyy - 1) * 2.0) / (2.0 - 150.0)
    uu = uu * math.exp(-h / 80.0)
    uu += 0.3 * (1 - uu)
    assert w[-1] == pytest.approx(5.0 * uu * x, rel=1e-12)
    with pytest.raises(nestor.BadValueError, match="x = 0.9"):
        c.set(x=0.9)  # with y after the second spike (about 0.17): x + y > 1
