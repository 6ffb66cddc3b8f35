"""stdp_facetshw_synapse_hom (NEST's models/stdp_facetshw_synapse_hom.h): the weight trajectory and the
per-connection state against NEST's controller written out here (synapse ids by first activity, readout
schedule of synapse drivers, evaluation bits, LUTs, reset pattern, nearest-neighbour accumulation), common
parameters (lists included) through set_defaults / copy_model acting on existing connections and refused
per connection, round trips, threads (ids set by hand) and bad input.

Spikes are exact with spike_generator -> parrot_neuron (1 ms later); the plastic connections enter the
postsynaptic parrot at receptor 1 (no effect on it). The threads check is synapse_testlib.py's."""

import math

import numpy as np
import pytest

import nestor
import synapse_testlib as lib
from nestor import units as u

D = 1.0  # ms
LUT0 = [2, 3, 4, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 14, 15]
LUT1 = [0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 11, 12, 13]
LUT2 = list(range(16))
COMMON = dict(tau_plus=20.0, tau_minus_stdp=20.0, Wmax=100.0, no_synapses=0, synapses_per_driver=50,
              driver_readout_time=15.0, lookuptable_0=LUT0, lookuptable_1=LUT1, lookuptable_2=LUT2,
              configbit_0=[0, 0, 1, 0], configbit_1=[0, 1, 0, 0], reset_pattern=[1] * 6)


class Controller:
    """NEST's common properties of the model (one thread): the synapse counter and the LUTs."""

    def __init__(self, **kw):
        self.__dict__.update({**COMMON, **kw})
        self.wple = self.Wmax / 15
        self.calc()

    def calc(self):
        self.rcd = int((self.no_synapses - 1.0) / self.synapses_per_driver + 1.0) * self.driver_readout_time


class Synapse:
    def __init__(self, w, th=21.835, tl=21.835):
        self.w, self.th, self.tl = w, th, tl
        self.ac = self.aa = 0.0
        self.init, self.sid, self.next, self.t_last = False, 0, 0.0, 0.0

    def evaluate(self, cb):
        return ((self.tl + cb[2] * self.ac + cb[1] * self.aa) / (1 + cb[2] + cb[1])
                > (self.th + cb[0] * self.ac + cb[3] * self.aa) / (1 + cb[0] + cb[3]))

    def send(self, ctl, t, post, d=D):
        """One presynaptic spike at t (ms), post: the target's spike times. Returns the weight sent."""
        if not self.init:
            self.sid = ctl.no_synapses
            ctl.no_synapses += 1
            ctl.calc()
            self.next = (self.sid // ctl.synapses_per_driver) * ctl.driver_readout_time
            self.init = True
        if t > self.next:
            i = int(math.floor(self.w / ctl.wple + 0.5))  # C's round (half away from zero)
            e0, e1 = self.evaluate(ctl.configbit_0), self.evaluate(ctl.configbit_1)
            which = {(True, False): 0, (False, True): 1, (True, True): 2}.get((e0, e1))
            if which is not None:
                i = [ctl.lookuptable_0, ctl.lookuptable_1, ctl.lookuptable_2][which][i]
                if ctl.reset_pattern[2 * which]:
                    self.ac = 0.0
                if ctl.reset_pattern[2 * which + 1]:
                    self.aa = 0.0
            while t > self.next:
                self.next += ctl.rcd
            self.w = i * ctl.wple
        window = [s for s in sorted(post) if self.t_last - d + 1e-9 < s <= t - d + 1e-9]
        if window:
            self.ac += math.exp((self.t_last - (window[0] + d)) / ctl.tau_plus)
            self.aa += math.exp((window[-1] + d - t) / ctl.tau_minus_stdp)
        self.t_last = t
        return self.w


def net(pre_trains, post_times, threads=1, defaults=None, wr=False, **syn):
    """One postsynaptic parrot; one presynaptic parrot (and plastic connection) per train."""
    sim = nestor.Simulator(dt=0.1 * u.ms, threads=threads)
    if defaults:
        sim.set_synapse_defaults("stdp_facetshw_synapse_hom", **defaults)
    pres = sim.create(nestor.parrot_neuron, len(pre_trains))
    post = sim.create(nestor.parrot_neuron, 1)
    for k, train in enumerate(pre_trains):
        sim.connect(sim.create(nestor.spike_generator, 1, spike_times=[t - 1.0 for t in train]), pres[k])
    sim.connect(sim.create(nestor.spike_generator, 1, spike_times=[t - 1.0 for t in post_times]), post)
    rec = sim.create(nestor.weight_recorder) if wr else None
    extra = dict(weight_recorder=rec) if wr else {}
    sim.connect(pres, post, receptor_type=1,
                synapse=nestor.stdp_facetshw_synapse_hom(delay=D * u.ms, **syn, **extra))
    return sim, pres, post, rec


def reference(pre_trains, post_times, w, ctl=None, th=21.835, tl=21.835):
    """Synapses in the order NEST (one thread) delivers: spike time, then presynaptic node."""
    ctl = ctl or Controller()
    syns = [Synapse(w, th, tl) for _ in pre_trains]
    events = sorted((t, k) for k, train in enumerate(pre_trains) for t in train)
    sent = [[] for _ in pre_trains]
    for t, k in events:
        sent[k].append(syns[k].send(ctl, t, post_times))
    return syns, sent, ctl


def check_state(sim, pres, post, syns):
    c = sim.get_connections(pres, post)
    got = c.get(["weight", "a_causal", "a_acausal", "synapse_id", "next_readout_time", "init_flag"])
    np.testing.assert_allclose(got["weight"], [s.w for s in syns], rtol=1e-14)
    np.testing.assert_allclose(got["a_causal"], [s.ac for s in syns], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(got["a_acausal"], [s.aa for s in syns], rtol=1e-12, atol=1e-15)
    np.testing.assert_array_equal(got["synapse_id"], [s.sid for s in syns])
    np.testing.assert_allclose(got["next_readout_time"], [s.next for s in syns], rtol=1e-14)
    np.testing.assert_array_equal(got["init_flag"], [1.0 if s.init else 0.0 for s in syns])


@pytest.mark.parametrize("lag", [3.0, -3.0])
def test_causal_and_anticausal_pairs_walk_the_luts(lag):
    """Pre spikes every 50 ms, post spikes `lag` ms after (causal: LUT 0 potentiates) or before (acausal:
    LUT 1 depresses); low thresholds so that the controller acts every other readout. The weights the
    spikes carry and the final state equal the controller written out; the weight walks along the LUT.
    (Nearest-neighbour pairing is symmetric: each post spike also counts, far apart, for the other branch.)"""
    pre = [50.0 * k for k in range(1, 31)]
    post = [t + lag for t in pre]
    sim, pres, post_n, wr = net([pre], post, wr=True, weight=43.0, a_thresh_th=1.5, a_thresh_tl=1.5)
    ev = sim.simulate(1600.0 * u.ms).events(wr)
    syns, sent, _ = reference([pre], post, 43.0, th=1.5, tl=1.5)
    np.testing.assert_allclose(ev["weights"], sent[0], rtol=1e-14)
    check_state(sim, pres, post_n, syns)
    # the first spike discretizes 43 to entry 6 (40); then LUT steps
    assert ev["weights"][0] == pytest.approx(40.0, rel=1e-14)
    levels = np.round(np.asarray(ev["weights"]) / (100 / 15)).astype(int)
    steps = set(zip(levels[:-1], levels[1:]))
    lut = LUT0 if lag > 0 else LUT1
    assert all(b == a or b == lut[a] for a, b in steps)
    assert (levels[-1] >= 12) if lag > 0 else (levels[-1] <= 1)


def test_default_thresholds_need_many_pairs():
    """NEST's thresholds (21.835 = 36 pairs at 10 ms, exp(-10/20) each): 36 causal pairs at Δt = 9 ms
    (the post spike reaches the synapse d later: 10 ms) potentiate once, not before; pre spikes 60 ms apart
    keep the anti-causal branch (50 ms) low."""
    pre = [60.0 * k for k in range(1, 45)]
    post = [t + 9.0 for t in pre]
    sim, pres, post_n, wr = net([pre], post, wr=True, weight=40.0)
    ev = sim.simulate(2700.0 * u.ms).events(wr)
    syns, sent, _ = reference([pre], post, 40.0)
    np.testing.assert_allclose(ev["weights"], sent[0], rtol=1e-14)
    check_state(sim, pres, post_n, syns)
    w = np.asarray(ev["weights"])
    assert w[0] == pytest.approx(40.0) and w[-1] == pytest.approx(LUT0[6] * 100 / 15)
    # pair k is accumulated at pre spike k + 1 (0-based); 36 pairs exceed the threshold at pre spike 36, the
    # readout of pre spike 37 applies LUT 0
    assert int(np.argmax(w > 40.5)) == 37


def test_synapse_ids_and_readout_schedule():
    """Ids follow first presynaptic activity (here the reverse of creation order); synapses_per_driver = 2
    groups them: next_readout_time = (id div 2) driver_readout_time; the cycle grows with the count:
    int((n - 1)/2 + 1) driver_readout_time."""
    trains = [[30.0 + 7.0 * k for k in range(20)], [20.0 + 7.0 * k for k in range(20)],
              [10.0 + 7.0 * k for k in range(20)]]
    post = [12.0 + 5.0 * k for k in range(35)]
    defaults = dict(synapses_per_driver=2, driver_readout_time=12.0)
    sim, pres, post_n, wr = net(trains, post, wr=True, weight=50.0, defaults=defaults, a_thresh_th=1.0,
                                a_thresh_tl=1.0)
    sim.simulate(200.0 * u.ms)
    syns, _, ctl = reference(trains, post, 50.0, ctl=Controller(**defaults), th=1.0, tl=1.0)
    check_state(sim, pres, post_n, syns)
    assert [s.sid for s in syns] == [2, 1, 0]
    assert sim.get_synapse_defaults("stdp_facetshw_synapse_hom", "no_synapses") == 3
    assert sim.get_synapse_defaults("stdp_facetshw_synapse_hom", "readout_cycle_duration") == 24.0
    assert ctl.rcd == 24.0


def test_common_parameters_act_on_existing_connections():
    """A LUT 0 sending every entry to 15 and a new Wmax, set between two runs: the next potentiating
    readout puts the weight at the new Wmax (weight_per_lut_entry follows Wmax, as NEST's)."""
    pre = [50.0 * k for k in range(1, 11)]
    post = [t + 3.0 for t in pre]
    sim, pres, post_n, _ = net([pre], post, weight=40.0, a_thresh_th=1.5, a_thresh_tl=1.5)
    sim.simulate(100.0 * u.ms)
    sim.set_synapse_defaults("stdp_facetshw_synapse_hom", lookuptable_0=[15] * 16, Wmax=60.0)
    assert sim.get_synapse_defaults("stdp_facetshw_synapse_hom", "weight_per_lut_entry") == 4.0
    assert sim.get_synapse_defaults("stdp_facetshw_synapse_hom", "lookuptable_0") == [15.0] * 16
    # the thread's counter is kept: one synapse counted, cycle 15 ms
    assert sim.get_synapse_defaults("stdp_facetshw_synapse_hom", "no_synapses") == 1
    sim.simulate(450.0 * u.ms)
    ctl = Controller()
    syn = Synapse(40.0, 1.5, 1.5)
    for t in pre:
        if t > 101.0 and ctl.Wmax != 60.0:
            ctl.lookuptable_0, ctl.Wmax, ctl.wple = [15] * 16, 60.0, 4.0
        syn.send(ctl, t, post)
    check_state(sim, pres, post_n, [syn])
    assert syn.w == 60.0
    c = sim.get_connections(pres, post_n)
    assert c.get("Wmax")[0] == 60.0 and c.get("readout_cycle_duration")[0] == 15.0


def test_set_defaults_recomputes_the_cycle_and_copy_model():
    sim = nestor.Simulator(dt=0.1 * u.ms)
    m = "stdp_facetshw_synapse_hom"
    sim.set_synapse_defaults(m, no_synapses=120, synapses_per_driver=50)
    assert sim.get_synapse_defaults(m, "readout_cycle_duration") == 3 * 15.0  # int(119/50 + 1) = 3
    sim.set_synapse_defaults(m, driver_readout_time=10.0 * u.ms)
    assert sim.get_synapse_defaults(m, "readout_cycle_duration") == 30.0
    sim.set_synapse_defaults(m, Wmax=30.0, weight_per_lut_entry=3.0)  # given explicitly: kept
    assert sim.get_synapse_defaults(m, "weight_per_lut_entry") == 3.0
    sim.copy_synapse_model(m, "hw2", configbit_0=[1, 0, 0, 0], reset_pattern=[0] * 6, tau_plus=10.0 * u.ms)
    assert sim.get_synapse_defaults("hw2", "configbit_0") == [1.0, 0.0, 0.0, 0.0]
    assert sim.get_synapse_defaults("hw2", "reset_pattern") == [0.0] * 6
    assert sim.get_synapse_defaults("hw2", "tau_plus") == 10.0
    assert sim.get_synapse_defaults(m, "configbit_0") == [0.0, 0.0, 1.0, 0.0]
    assert sim.get_synapse_defaults(m, "tau_plus") == 20.0


def test_reset_pattern_and_configbits_follow_nest():
    """No reset (all zeros) and other configuration bits: trajectories still equal the controller."""
    pre = [10.0 * k for k in range(1, 31)]
    post = [t + (4.0 if k % 3 else -3.0) for k, t in enumerate(pre)]
    defaults = dict(reset_pattern=[0, 1, 1, 0, 0, 0], configbit_0=[0, 1, 1, 0], configbit_1=[1, 1, 0, 1])
    sim, pres, post_n, wr = net([pre], post, wr=True, weight=50.0, defaults=defaults, a_thresh_th=2.0,
                                a_thresh_tl=1.0)
    ev = sim.simulate(400.0 * u.ms).events(wr)
    syns, sent, _ = reference([pre], post, 50.0, ctl=Controller(**defaults), th=2.0, tl=1.0)
    np.testing.assert_allclose(ev["weights"], sent[0], rtol=1e-14)
    check_state(sim, pres, post_n, syns)
    assert len(set(np.round(ev["weights"], 9))) > 2  # the weight moved


def test_state_round_trip():
    pre = [10.0 * k for k in range(1, 21)]
    post = [t + 4.0 for t in pre]
    one, p1, q1, _ = net([pre], post, weight=40.0, a_thresh_th=1.5, a_thresh_tl=1.5)
    one.simulate(220.0 * u.ms)
    two, p2, q2, _ = net([pre], post, weight=40.0, a_thresh_th=1.5, a_thresh_tl=1.5)
    two.simulate(105.0 * u.ms)
    c = two.get_connections(p2, q2)
    vals = c.get(["a_causal", "a_acausal", "synapse_id", "next_readout_time", "init_flag", "a_thresh_th"])
    c.set(**{k: v[0] for k, v in vals.items()})
    two.simulate(115.0 * u.ms)
    for k in ("weight", "a_causal", "a_acausal", "next_readout_time"):
        assert c.get(k)[0] == one.get_connections(p1, q1).get(k)[0], k
    # hand-set accumulations act at the next readout: a_causal 5 > threshold 1.5 -> LUT 0 step
    three, p3, q3, _ = net([[10.0, 30.0, 50.0]], [], weight=40.0, a_thresh_th=1.5, a_thresh_tl=1.5)
    three.simulate(35.0 * u.ms)
    c3 = three.get_connections(p3, q3)
    c3.set(a_causal=5.0)
    three.simulate(20.0 * u.ms)
    assert c3.get("weight")[0] == pytest.approx(LUT0[6] * 100 / 15, rel=1e-14)
    assert c3.get("a_causal")[0] == 0.0  # reset after LUT 0


def network(threads):
    sim = nestor.Simulator(dt=0.1 * u.ms, threads=threads, seed=2)
    sim.set_synapse_defaults("stdp_facetshw_synapse_hom", no_synapses=300, synapses_per_driver=20)
    src = sim.create(nestor.parrot_neuron, 60)
    sim.connect(sim.create(nestor.poisson_generator, 1, rate=30.0 * u.Hz), src)
    nrn = sim.create(nestor.iaf_psc_alpha, 20, I_e=350.0 * u.pA)
    ids = np.arange(300)
    sim.connect(src, nrn, nestor.fixed_indegree(15),
                synapse=nestor.stdp_facetshw_synapse_hom(
                    weight=nestor.random.uniform(20.0, 80.0), delay=1.5 * u.ms, a_thresh_th=2.0, a_thresh_tl=2.0,
                    init_flag=1.0))
    c = sim.get_connections(src, nrn)
    c.set(synapse_id=ids.astype(float), next_readout_time=(ids // 20) * 15.0)
    sim.simulate(1000.0 * u.ms)
    c = sim.get_connections(src, nrn)
    return c.get(["source", "target", "weight", "a_causal", "a_acausal", "next_readout_time"])


def test_one_and_two_threads_identical_with_ids_set_by_hand():
    """Ids given by hand (init_flag = 1, as NEST allows): results do not depend on threads. (Ids assigned
    at first activity are counted per thread, as NEST's per-thread connector models count them.)"""
    one = lib.threads_identical(network)
    assert len(one["weight"]) == 300
    assert len(set(one["weight"])) > 3 and np.max(one["a_causal"]) > 0


def test_defaults_as_nest():
    d = nestor.Simulator(dt=0.1 * u.ms).get_synapse_defaults("stdp_facetshw_synapse_hom")
    assert d["lookuptable_0"] == LUT0 and d["lookuptable_1"] == LUT1 and d["lookuptable_2"] == LUT2
    assert d["configbit_0"] == [0, 0, 1, 0] and d["configbit_1"] == [0, 1, 0, 0] and d["reset_pattern"] == [1] * 6
    assert d["weight_per_lut_entry"] == 100.0 / 15 and d["readout_cycle_duration"] == 0.0
    assert (d["a_thresh_th"], d["a_thresh_tl"], d["synapses_per_driver"], d["driver_readout_time"]) == (
        21.835, 21.835, 50, 15.0)


def test_bad_input():
    m = "stdp_facetshw_synapse_hom"
    sim = nestor.Simulator(dt=0.1 * u.ms)
    a, b = sim.create(nestor.iaf_psc_alpha, 2), sim.create(nestor.iaf_psc_alpha, 2)
    with pytest.raises(nestor.BadArgumentError, match="lookuptable_0.*16"):
        sim.set_synapse_defaults(m, lookuptable_0=list(range(15)))
    with pytest.raises(nestor.BadValueError, match="lookuptable_1.*\\[0, 15\\]"):
        sim.set_synapse_defaults(m, lookuptable_1=[16] * 16)
    with pytest.raises(nestor.BadValueError, match="lookuptable_2"):
        sim.set_synapse_defaults(m, lookuptable_2=[0.5] * 16)
    with pytest.raises(nestor.BadArgumentError, match="configbit_1.*4"):
        sim.set_synapse_defaults(m, configbit_1=[0, 1, 0])
    with pytest.raises(nestor.BadArgumentError, match="reset_pattern.*6"):
        sim.copy_synapse_model(m, "bad", reset_pattern=[1] * 4)
    with pytest.raises(nestor.BadArgumentError, match="tau_plus"):
        sim.set_synapse_defaults(m, tau_plus=[1.0, 2.0])
    for name in ("tau_plus", "tau_minus_stdp", "driver_readout_time"):
        with pytest.raises(nestor.BadValueError, match=name):
            sim.set_synapse_defaults(m, **{name: -1.0})
    with pytest.raises(nestor.DimensionError, match="tau_minus_stdp"):
        sim.set_synapse_defaults(m, tau_minus_stdp=3.0 * u.mV)
    with pytest.raises(nestor.BadValueError, match="synapses_per_driver"):
        sim.set_synapse_defaults(m, synapses_per_driver=0)
    with pytest.raises(nestor.BadValueError, match="synapses_per_driver"):
        sim.set_synapse_defaults(m, synapses_per_driver=2.5)
    assert sim.get_synapse_defaults(m, "lookuptable_0") == LUT0  # nothing changed by refused calls
    for name in ("tau_plus", "Wmax", "no_synapses"):
        with pytest.raises(nestor.NestorError, match=f"{name}.*set_defaults"):
            nestor.stdp_facetshw_synapse_hom(**{name: 1.0})
    with pytest.raises(nestor.BadValueError, match="weight"):
        sim.connect(a, b, synapse=nestor.stdp_facetshw_synapse_hom(weight=110.0))  # LUT entry 16
    with pytest.raises(nestor.BadValueError, match="weight"):
        sim.connect(a, b, synapse=nestor.stdp_facetshw_synapse_hom(weight=-10.0))
    with pytest.raises(nestor.BadValueError, match="init_flag"):
        sim.connect(a, b, synapse=nestor.stdp_facetshw_synapse_hom(init_flag=2.0))
    assert sim.num_connections == 0
    sim.connect(a, b, synapse=nestor.stdp_facetshw_synapse_hom(weight=50.0))
    c = sim.get_connections(a, b)
    with pytest.raises(nestor.BadArgumentError, match="Wmax.*set_defaults"):
        c.set(Wmax=10.0)
    with pytest.raises(nestor.BadArgumentError, match="lookuptable_0.*get_synapse_defaults"):
        c.get("lookuptable_0")
    with pytest.raises(nestor.BadValueError, match="synapse_id"):
        c.set(synapse_id=1.5)
    with pytest.raises(nestor.BadValueError, match="weight"):
        c.set(weight=200.0)
    np.testing.assert_array_equal(c.get("weight"), 50.0)


def test_reset_restores_the_counted_synapses():
    """Simulator.reset brings the thread's counter back with the connections' state: a second run equals
    the first (ids 0, 1 again, not 2, 3)."""
    trains = [[20.0, 40.0, 60.0], [10.0, 50.0]]
    sim, pres, post, _ = net(trains, [15.0, 45.0], weight=40.0, a_thresh_th=0.5, a_thresh_tl=0.5)
    sim.simulate(100.0 * u.ms)
    first = sim.get_connections(pres, post).get(["weight", "synapse_id", "a_causal"])
    assert sim.get_synapse_defaults("stdp_facetshw_synapse_hom", "no_synapses") == 2
    sim.reset()
    assert sim.get_synapse_defaults("stdp_facetshw_synapse_hom", "no_synapses") == 0
    sim.simulate(100.0 * u.ms)
    again = sim.get_connections(pres, post).get(["weight", "synapse_id", "a_causal"])
    for k in first:
        np.testing.assert_array_equal(first[k], again[k])
    assert list(first["synapse_id"]) == [1, 0]
