"""clopath_synapse (NEST 3.9's models/clopath_synapse.h with nestkernel/clopath_archiving_node.cpp):

- NEST's own spike-pairing test (testsuite/pytests/test_clopath_synapse.py, expected values to rtol 1e-7)
  through the synapse, for aeif_psc_delta_clopath and hh_psc_alpha_clopath targets;
- every recorded weight against NEST's rule evaluated in the test from the recorded V_m and filtered
  voltages (clopath_closed_forms.py), also with delays of several steps (where NEST's LTD ring of
  max_delay + 1 entries forgets entries older than the slice allows: reproduced);
- weights within [Wmin, Wmax]; 1 and 2 threads identical; targets without a Clopath archive refused;
  NEST's parameter rules.
Recorder readout and the threads check are in synapse_testlib.py."""

import numpy as np
import pytest

import nestor
import synapse_testlib as lib
from nestor import units as u
from clopath_closed_forms import DT, PAIRING, PAIRING_POST, PAIRING_PRE, clopath_weights, pairing_score

REC = ["V_m", "u_bar_plus", "u_bar_minus", "u_bar_bar"]


def pairing_net(model, params, pre, post, post_w, d=DT, threads=1, w0=0.5, **syn):
    sim = nestor.Simulator(dt=DT * u.ms, threads=threads)
    nrn = sim.create(getattr(nestor, model), 1, **params)
    parrot = sim.create(nestor.parrot_neuron, 1)
    sim.connect(sim.create(nestor.spike_generator, spike_times=list(pre) * u.ms), parrot, delay=d * u.ms)
    sim.connect(sim.create(nestor.spike_generator, spike_times=list(post) * u.ms), nrn, weight=post_w,
                delay=d * u.ms)
    wr = sim.create(nestor.weight_recorder)
    mm = sim.create(nestor.multimeter, record_from=REC)
    sim.connect(mm, nrn)
    sim.connect(parrot, nrn, synapse=nestor.clopath_synapse(weight=w0, delay=d * u.ms, weight_recorder=wr, **syn))
    res = sim.simulate((10.0 + max(pre[-1], post[-1])) * u.ms, progress=False)
    ev = lib.recorded(res, wr)
    return sim, ev["weights"], ev["times"], lib.traces(res, mm, REC)


def rule_of(params):
    return (params["A_LTD"], params["A_LTP"], 60.0, params["theta_plus"], params["theta_minus"], True)


@pytest.mark.parametrize("model", sorted(PAIRING))
def test_nest_spike_pairing(model):
    params, post_w, expected = PAIRING[model]
    scores = []
    for pre, post in zip(PAIRING_PRE, PAIRING_POST):
        _, weights, times, rec = pairing_net(model, params, pre, post, post_w)
        stamps = [int(round(t / DT)) + 1 for t in pre]  # the parrot's spikes
        np.testing.assert_allclose(times, np.array(stamps) * DT, rtol=0, atol=1e-9)
        # NEST's min_delay and max_delay count the multimeter's 1 ms connection: 1 and 10 steps
        closed = clopath_weights(rec, stamps, 0.5, 1, params["delay_u_bars"], rule_of(params), max_delay=10,
                                 min_delay=1)
        np.testing.assert_allclose(weights, closed, rtol=1e-12, atol=0)
        scores.append(pairing_score(weights[-1]))
    np.testing.assert_allclose(scores, expected, rtol=1e-9)
    assert min(scores) < 90.0 and max(scores) > 140.0  # depression and potentiation both occur


@pytest.mark.parametrize("d, shift", [(0.5, 0.0), (1.0, 0.0), (1.0, 0.3), (0.5, 0.2), (2.0, 0.0), (2.0, 0.3)])
def test_longer_delays_against_the_rule(d, shift):
    # all delays d (and the multimeter's 1 ms in NEST): NEST's slices of min(d, 1 ms), an LTD ring of
    # max(d, 1 ms)/dt + 1 entries; entries of t - d that NEST's ring no longer holds when it delivers the
    # spike (early in its slice) give no depression, as in NEST
    model = "aeif_psc_delta_clopath"
    params, post_w, _ = PAIRING[model]
    pre, post = [t + shift for t in PAIRING_PRE[0]], PAIRING_POST[0]
    steps = int(round(d / DT))
    _, weights, times, rec = pairing_net(model, params, pre, post, post_w, d=d)
    stamps = [int(round(t / DT)) + steps for t in pre]
    nest_min, nest_max = min(steps, 10), max(steps, 10)
    closed = clopath_weights(rec, stamps, 0.5, steps, params["delay_u_bars"], rule_of(params), max_delay=nest_max,
                             min_delay=nest_min)
    np.testing.assert_allclose(weights, closed, rtol=1e-12, atol=0)
    full = clopath_weights(rec, stamps, 0.5, steps, params["delay_u_bars"], rule_of(params), max_delay=10**6,
                           min_delay=nest_min)
    if shift == 0.0 or steps < 10:  # spikes at the ends of their slices, or a ring of 1 ms: nothing forgotten
        assert weights[-1] == full[-1]
    else:  # the forgotten LTD entries matter
        assert weights[-1] > full[-1]


def test_weights_stay_within_bounds():
    model = "aeif_psc_delta_clopath"
    params, post_w, _ = PAIRING[model]
    up = dict(params, A_LTP=1.0, A_LTD=0.0)
    _, w, _, _ = pairing_net(model, up, PAIRING_PRE[2], PAIRING_POST[2], post_w, Wmax=0.7, Wmin=0.2)
    assert np.max(w) == 0.7 and np.all(w >= 0.2)
    down = dict(params, A_LTP=0.0, A_LTD=0.1)
    _, w, _, _ = pairing_net(model, down, PAIRING_PRE[0], PAIRING_POST[0], post_w, Wmax=0.7, Wmin=0.2)
    assert np.min(w) == 0.2 and np.all(w <= 0.7)
    # negative weights: bounds below zero
    _, w, _, _ = pairing_net(model, down, PAIRING_PRE[0], PAIRING_POST[0], post_w, w0=-0.5, Wmax=-0.1, Wmin=-0.6)
    assert np.min(w) == -0.6 and np.all(w <= -0.1)


def network_weights(threads):
    sim = nestor.Simulator(dt=0.1 * u.ms, threads=threads, seed=4)
    src = sim.create(nestor.parrot_neuron, 40)
    sim.connect(sim.create(nestor.poisson_generator, 1, rate=30.0 * u.Hz), src)
    nrn = sim.create(nestor.aeif_psc_delta_clopath, 6, I_e=400.0, A_LTD=1e-3, A_LTP=1e-3)
    hh = sim.create(nestor.hh_psc_alpha_clopath, 4, I_e=600.0)
    for tgt, w in ((nrn, 2.0), (hh, 100.0)):
        sim.connect(src, tgt, nestor.fixed_indegree(15),
                    synapse=nestor.clopath_synapse(weight=nestor.random.uniform(0.5 * w, w), delay=1.0 * u.ms,
                                                   Wmax=3.0 * w))
    sim.connect(nrn, nrn, nestor.fixed_indegree(2), weight=1.0, delay=1.5 * u.ms)
    sim.simulate(500.0 * u.ms, progress=False)
    c = sim.get_connections(src, nrn + hh if hasattr(nrn, "__add__") else None)
    return {k: c.get(k) for k in ("weight", "x_bar", "source", "target")}


def test_one_and_two_threads_identical():
    one = lib.threads_identical(network_weights)
    assert len(one["weight"]) == 150
    assert np.std(np.asarray(one["weight"])) > 0


def test_targets_without_a_clopath_archive_are_refused():
    sim = nestor.Simulator(dt=0.1 * u.ms)
    src = sim.create(nestor.parrot_neuron, 1)
    for model, receptor in ((nestor.iaf_psc_alpha, 0), (nestor.aeif_psc_delta, 0),
                            (nestor.pp_cond_exp_mc_urbanczik, 1)):
        tgt = sim.create(model, 1)
        with pytest.raises(nestor.IllegalConnectionError, match=f"clopath_synapse.*{model.name}"):
            sim.connect(src, tgt, synapse=nestor.clopath_synapse(weight=1.0), receptor_type=receptor)
    assert sim.num_connections == 0


def test_parameter_rules_and_state():
    sim = nestor.Simulator(dt=0.1 * u.ms)
    a, b = sim.create(nestor.parrot_neuron, 1), sim.create(nestor.aeif_psc_delta_clopath, 1)
    with pytest.raises(nestor.BadValueError, match="Wmin"):
        sim.connect(a, b, synapse=nestor.clopath_synapse(weight=1.0, Wmin=-1.0))
    with pytest.raises(nestor.BadValueError, match="Wmax"):
        sim.connect(a, b, synapse=nestor.clopath_synapse(weight=1.0, Wmax=0.0))
    with pytest.raises(nestor.BadValueError, match="Wmax"):
        sim.connect(a, b, synapse=nestor.clopath_synapse(weight=-1.0, Wmin=-2.0, Wmax=1.0))
    with pytest.raises(nestor.BadValueError, match="tau_x"):
        sim.connect(a, b, synapse=nestor.clopath_synapse(tau_x=0.0))
    sim.connect(a, b, synapse=nestor.clopath_synapse(weight=-1.0, Wmin=-2.0, Wmax=0.0))  # zero Wmax: negative
    c = sim.get_connections(a, b)
    assert c.get("tau_x")[0] == 15.0 and c.get("x_bar")[0] == 0.0 and c.get("Wmin")[0] == -2.0


def test_split_runs_and_reset_repeat_the_weights():
    model = "aeif_psc_delta_clopath"
    params, post_w, _ = PAIRING[model]
    pre, post = [t + 0.3 for t in PAIRING_PRE[1]], PAIRING_POST[1]

    def net():
        sim = nestor.Simulator(dt=DT * u.ms)
        nrn = sim.create(nestor.aeif_psc_delta_clopath, 1, **params)
        parrot = sim.create(nestor.parrot_neuron, 1)
        sim.connect(sim.create(nestor.spike_generator, spike_times=list(pre) * u.ms), parrot, delay=2.0 * u.ms)
        sim.connect(sim.create(nestor.spike_generator, spike_times=list(post) * u.ms), nrn, weight=post_w,
                    delay=2.0 * u.ms)
        sim.connect(parrot, nrn, synapse=nestor.clopath_synapse(weight=0.5, delay=2.0 * u.ms))
        return sim, parrot, nrn

    one, a, b = net()
    one.simulate(200.0 * u.ms, progress=False)
    w1 = one.get_connections(a, b).get(["weight", "x_bar"])
    two, a2, b2 = net()
    for T in (37.3, 50.0, 112.7):
        two.simulate(T * u.ms, progress=False)
    assert two.get_connections(a2, b2).get(["weight", "x_bar"]) == w1
    assert w1["weight"][0] != 0.5
    one.reset()
    assert one.get_connections(a, b).get("weight")[0] == 0.5
    one.simulate(200.0 * u.ms, progress=False)
    assert one.get_connections(a, b).get(["weight", "x_bar"]) == w1
