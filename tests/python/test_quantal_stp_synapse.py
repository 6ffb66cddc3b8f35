"""quantal_stp_synapse: release from n sites as NEST 3.9's models/quantal_stp_synapse.h orders it (except at
the first spike: u's update and recovery of the depleted sites with probability 1 - exp(-h/tau_rec) over the
interval h since the last spike; then release from the available sites with probability u each):
deterministic limits exactly,
statistics over fixed seeds within 4 standard deviations, threads, state round trips and bad input.

Spikes: spike_generator -> parrot_neuron (pre) -> quantal_stp_synapse -> parrot_neuron (post) x N_POST;
each connection draws its own numbers. The weights carried are read with a weight_recorder."""

import math

import numpy as np
import pytest

import nestor
from nestor import units as u

N_POST = 100


def run(gen_times, threads=1, seed=1, n_post=N_POST, defaults=None, **syn):
    sim = nestor.Simulator(dt=0.1 * u.ms, threads=threads, seed=seed)
    pre, post = sim.create(nestor.parrot_neuron, 1), sim.create(nestor.parrot_neuron, n_post)
    sim.connect(sim.create(nestor.spike_generator, 1, spike_times=gen_times), pre)
    if defaults:
        sim.set_synapse_defaults("quantal_stp_synapse", **defaults)
    wr = sim.create(nestor.weight_recorder)
    sim.connect(pre, post, synapse=nestor.quantal_stp_synapse(weight=2.0, weight_recorder=wr, **syn))
    ev = sim.simulate((max(gen_times) + 5.0) * u.ms).events(wr, units=False)
    return ev, sim.get_connections(pre, post)


def regular(n, isi, start=10.0):
    return [start + k * isi for k in range(n)]


def test_certain_release_and_no_recovery():
    """U = u = 1 and tau_rec huge: the first spike releases all n sites, later ones nothing."""
    ev, c = run(regular(5, 20.0), n_post=3, defaults=dict(n=4, a=4), U=1.0, u=1.0, tau_rec=1e12 * u.ms)
    np.testing.assert_array_equal(ev["weights"], [8.0, 8.0, 8.0])  # 4 sites x weight 2
    np.testing.assert_allclose(ev["times"], [11.0] * 3)
    np.testing.assert_array_equal(c.get("a"), 0.0)
    np.testing.assert_array_equal(c.get("n"), 4.0)


def test_certain_release_and_full_recovery():
    ev, c = run(regular(6, 20.0), n_post=2, defaults=dict(n=3, a=3), U=1.0, u=1.0, tau_rec=1e-3 * u.ms)
    np.testing.assert_array_equal(ev["weights"], [6.0] * 12)
    np.testing.assert_array_equal(c.get("a"), 0.0)  # released at the last spike; recovery comes at the next


def test_single_site_recovery_probability():
    """n = 1 and u = 1: every spike empties the site; at the next one it has recovered with probability
    q = 1 - exp(-ISI/tau_rec) before the release, so every spike after the first releases with probability q."""
    isi, tau_rec, n_spikes = 50.0, 40.0, 41
    ev, _ = run(regular(n_spikes, isi), U=1.0, u=1.0, tau_rec=tau_rec * u.ms, tau_fac=0.0 * u.ms)
    times = np.asarray(ev["times"])
    assert np.sum(times == 11.0) == N_POST  # the first spike: released everywhere
    later = np.sum(times > 11.0)
    trials = N_POST * (n_spikes - 1)
    q = 1.0 - math.exp(-isi / tau_rec)
    assert abs(later / trials - q) < 4 * math.sqrt(q * (1 - q) / trials)
    np.testing.assert_array_equal(ev["weights"], 2.0)


def test_binomial_release_with_full_recovery():
    """n = 5 sites, u = U = 0.35 without facilitation, recovery complete between spikes: the released
    number is binomial(5, 0.35); an event is sent when it is > 0 and carries number x weight."""
    n, U, n_spikes = 5, 0.35, 30
    ev, _ = run(regular(n_spikes, 20.0), seed=7, defaults=dict(n=n, a=n), U=U, u=U, tau_rec=0.01 * u.ms,
                tau_fac=0.0 * u.ms)
    k = np.asarray(ev["weights"]) / 2.0
    np.testing.assert_array_equal(k, np.round(k))
    assert k.min() >= 1 and k.max() <= n
    trials = N_POST * n_spikes
    p_sent = 1 - (1 - U) ** n
    assert abs(len(k) / trials - p_sent) < 4 * math.sqrt(p_sent * (1 - p_sent) / trials)
    mean_sent = n * U / p_sent  # E[k | k > 0]
    var_sent = (n * U * (1 - U) + (n * U) ** 2) / p_sent - mean_sent ** 2
    assert abs(k.mean() - mean_sent) < 4 * math.sqrt(var_sent / len(k))


def test_facilitation_of_u_is_deterministic():
    """u follows U + u (1 - U) exp(-h/tau_fac) whatever is released."""
    U, tau_fac, isi = 0.1, 200.0, 25.0
    _, c = run(regular(4, isi), n_post=3, U=U, u=U, tau_fac=tau_fac * u.ms)
    uu = U  # the first spike changes nothing, each later one advances u over the interval before it
    for _ in range(3):
        uu = U + uu * (1 - U) * math.exp(-isi / tau_fac)
    np.testing.assert_allclose(c.get("u"), uu, rtol=1e-14)


def test_one_and_two_threads_identical():
    a, ca = run(regular(20, 15.0), threads=1, seed=3, defaults=dict(n=3, a=3), U=0.4, u=0.4)
    b, cb = run(regular(20, 15.0), threads=2, seed=3, defaults=dict(n=3, a=3), U=0.4, u=0.4)
    for key in ("times", "weights", "targets"):
        np.testing.assert_array_equal(np.asarray(a[key]), np.asarray(b[key]))
    np.testing.assert_array_equal(ca.get("a"), cb.get("a"))
    c, _ = run(regular(20, 15.0), threads=1, seed=4, defaults=dict(n=3, a=3), U=0.4, u=0.4)
    assert not np.array_equal(np.asarray(a["weights"]), np.asarray(c["weights"]))  # the seed matters


def test_state_round_trip_and_bad_input():
    sim = nestor.Simulator(dt=0.1 * u.ms)
    x, y = sim.create(nestor.iaf_psc_alpha, 1), sim.create(nestor.iaf_psc_alpha, 1)
    for bad, name in [(dict(U=1.5), "U"), (dict(u=-0.2), "u"), (dict(tau_rec=0.0), "tau_rec"),
                      (dict(tau_fac=-1.0), "tau_fac")]:
        with pytest.raises(nestor.BadValueError, match=name):
            sim.connect(x, y, synapse=nestor.quantal_stp_synapse(**bad))
    for name in ("n", "a"):  # NEST: connect cannot set them
        with pytest.raises(nestor.BadArgumentError, match=f"parameter {name}"):
            sim.connect(x, y, synapse=nestor.quantal_stp_synapse(**{name: 2}))
    with pytest.raises(nestor.BadValueError, match="n = 0"):
        sim.set_synapse_defaults("quantal_stp_synapse", n=0)
    with pytest.raises(nestor.BadValueError, match="n = 2.5"):
        sim.set_synapse_defaults("quantal_stp_synapse", n=2.5)
    with pytest.raises(nestor.BadValueError, match="a = 3"):
        sim.set_synapse_defaults("quantal_stp_synapse", a=3)  # more than n = 1
    assert sim.num_connections == 0
    sim.set_synapse_defaults("quantal_stp_synapse", n=4, a=2)
    sim.connect(x, y, synapse=nestor.quantal_stp_synapse(U=0.2))
    c = sim.get_connections(x, y)
    assert c.get(["n", "a", "U", "u", "tau_fac"]) == {"n": [4.0], "a": [2.0], "U": [0.2], "u": [0.5],
                                                      "tau_fac": [0.0]}
    c.set(a=4, u=0.9)
    assert c.get("a")[0] == 4.0 and c.get("u")[0] == 0.9
    with pytest.raises(nestor.BadValueError, match="a = 5"):
        c.set(a=5)
    with pytest.raises(nestor.DimensionError, match="tau_rec"):
        c.set(tau_rec=3.0 * u.pA)
