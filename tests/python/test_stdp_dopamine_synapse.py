"""stdp_dopamine_synapse + volume_transmitter (Izhikevich 2007 / Potjans et al. 2010, NEST's
models/stdp_dopamine_synapse.h and volume_transmitter.cpp): the eligibility trace c, the dopamine trace n
and the weight against closed forms (exponential decays between events, the weight integrating c (n - b)),
and against NEST's update order written out here (updates on presynaptic spikes and at the end of every
delivery interval of the volume transmitter), bounds, get/set, threads and bad input.

Spikes are exact: spike_generator -> parrot_neuron (a parrot repeats a spike 1 ms later). The plastic
connection enters the postsynaptic parrot at receptor 1 (no effect on it). Dopamine: a generator -> parrot
-> volume_transmitter (1 ms), so a generator spike at t reaches the volume transmitter at t + 2 ms. All
delays are 1 ms unless said: min_delay = 1 ms, and the synapses are updated every deliver_interval ms.
NEST's stdp_eps comparisons and the threads check are in synapse_testlib.py."""

import math

import numpy as np
import pytest

import nestor
import synapse_testlib as lib
from nestor import units as u

EPS = lib.EPS  # NEST's stdp_eps (ms)
COMMON = dict(A_plus=1.0, A_minus=1.5, tau_plus=20.0, tau_c=1000.0, tau_n=200.0, b=0.0, Wmin=0.0, Wmax=200.0)


def dopa_net(pre_gen, post_gen, dopa_gen, threads=1, d=1.0, deliver_interval=1, weight=10.0, conn=None,
             gen_delay=1.0, recorder=False, **common):
    """The network; the generators' times are those of the parrots' spikes minus gen_delay (1 ms)."""
    sim = nestor.Simulator(dt=0.1 * u.ms, threads=threads)
    pre, post, dopa = (sim.create(nestor.parrot_neuron, 1) for _ in range(3))
    for times, p in ((pre_gen, pre), (post_gen, post), (dopa_gen, dopa)):
        sim.connect(sim.create(nestor.spike_generator, 1, spike_times=list(times)), p, delay=gen_delay * u.ms)
    vt = sim.create(nestor.volume_transmitter, 1, deliver_interval=deliver_interval)
    sim.connect(dopa, vt, delay=gen_delay * u.ms)
    if recorder:  # NEST counts the 1 ms delay of a recorder's connections in its min_delay
        sr = sim.create(nestor.spike_recorder)
        if recorder != "unconnected":
            sim.connect(pre, sr)
    wr = sim.create(nestor.weight_recorder)
    sim.copy_synapse_model("stdp_dopamine_synapse", "dopa", vt=vt,
                           **{k: v for k, v in common.items()})
    sim.connect(pre, post, receptor_type=1,
                synapse=sim.synapse_model("dopa")(weight=weight, delay=d * u.ms, weight_recorder=wr, **(conn or {})))
    return sim, pre, post, wr


class NestDopaSynapse:
    """NEST's stdp_dopamine_synapse, event by event, in NEST's order (see the module docstring of
    src/core/neuromodulation.hpp): per min_delay slice, the postsynaptic spikes of the slice enter the
    history, the volume transmitter triggers at the end of its interval, then the slice's presynaptic
    spikes are sent."""

    def __init__(self, w, d, tau_minus=20.0, c=0.0, n=0.0, **cp):
        self.p = dict(COMMON, **cp)
        self.w, self.c, self.n, self.kplus, self.t_last, self.k = w, c, n, 0.0, 0.0, 0
        self.d, self.tau_minus = d, tau_minus
        self.hist = []  # [t, K-, times read]
        self.k_minus, self.last_post = 0.0, -1.0
        self.sent = []

    # the postsynaptic neuron's archive (NEST's ArchivingNode with one incoming synapse)
    def add_post(self, t):
        while len(self.hist) > 1 and self.hist[0][2] >= 1 and t - self.hist[1][0] > self.d + EPS:
            self.hist.pop(0)
        self.k_minus = self.k_minus * math.exp((self.last_post - t) / self.tau_minus) + 1.0
        self.last_post = t
        self.hist.append([t, self.k_minus, 0])

    def read(self, t1, t2):
        got = [h for h in self.hist if lib.in_window(h[0], t1, t2)]  # (t1, t2]
        for h in got:
            h[2] += 1
        return [h[0] for h in got]

    def K_minus(self, t):
        for h in reversed(self.hist):
            if lib.strictly_before(h[0], t):
                return h[1] * math.exp((h[0] - t) / self.tau_minus)
        return 0.0

    # closed-form pieces
    def grow(self, c0, n0, span):
        """The weight over `span` ms with c0 and n0 at its start: w += c0 n0 (1 - e^{-s span})/s - b c0 tau_c
        (1 - e^{-span/tau_c}), clipped to [Wmin, Wmax]."""
        p = self.p
        s = 1.0 / p["tau_c"] + 1.0 / p["tau_n"]
        self.w += c0 * n0 * -math.expm1(-s * span) / s - p["b"] * c0 * p["tau_c"] * -math.expm1(-span / p["tau_c"])
        self.w = min(max(self.w, p["Wmin"]), p["Wmax"])

    def advance(self, dopa, t0, t1):
        """c and w from t0 to t1 through the dopamine spikes in (t0, t1] (n is kept at the last one read)."""
        p, c0 = self.p, self.c
        t_from, n_from = t0, self.n * math.exp((dopa[self.k][0] - t0) / p["tau_n"])
        while self.k + 1 < len(dopa) and t1 - dopa[self.k + 1][0] > -EPS:
            td, m = dopa[self.k + 1]
            c_from = c0 * math.exp((t0 - t_from) / p["tau_c"])
            self.grow(c_from, n_from, td - t_from)
            self.n = self.n * math.exp((dopa[self.k][0] - td) / p["tau_n"]) + m / p["tau_n"]
            self.k += 1
            t_from, n_from = td, self.n
        self.grow(c0 * math.exp((t0 - t_from) / p["tau_c"]), n_from, t1 - t_from)
        self.c = c0 * math.exp((t0 - t1) / p["tau_c"])

    def facilitation(self, dopa, t_to, pre_spike=None):
        t0 = self.t_last
        for tp in self.read(self.t_last - self.d, t_to - self.d):
            self.advance(dopa, t0, tp + self.d)
            t0 = tp + self.d
            if pre_spike is None or lib.strictly_before(tp, pre_spike):
                self.c += self.p["A_plus"] * self.kplus * math.exp((self.t_last - t0) / self.p["tau_plus"])
        return t0

    def send(self, dopa, t):
        t0 = self.facilitation(dopa, t, pre_spike=t)
        self.advance(dopa, t0, t)
        self.c -= self.p["A_minus"] * self.K_minus(t - self.d)
        self.sent.append(self.w)
        self.kplus = self.kplus * math.exp((self.t_last - t) / self.p["tau_plus"]) + 1.0
        self.t_last = t

    def trigger(self, dopa, t):
        t0 = self.facilitation(dopa, t)
        self.advance(dopa, t0, t)
        self.n *= math.exp((dopa[self.k][0] - t) / self.p["tau_n"])
        self.kplus *= math.exp((self.t_last - t) / self.p["tau_plus"])
        self.t_last, self.k = t, 0


def nest_run(syn, pre, post, dopa, until, deliver_interval=1, min_delay=1.0, dopa_list=None, start=0.0):
    """Runs the reference synapse over the slices (start, until]; pre/post/dopa: arrival times (ms) at the
    synapse / its target / the volume transmitter. Returns the volume transmitter's list."""
    dopa_list = dopa_list if dopa_list is not None else [(0.0, 0.0)]
    n_slices = round((until - start) / min_delay)
    for j in range(n_slices):
        lo, hi = start + j * min_delay, start + (j + 1) * min_delay
        inside = lambda ts: [t for t in ts if lo + EPS < t <= hi + EPS]
        for t in inside(post):
            syn.add_post(t)
        for t in inside(dopa):
            if dopa_list[-1][0] == t:
                dopa_list[-1] = (t, dopa_list[-1][1] + 1.0)
            else:
                dopa_list.append((t, 1.0))
        if round(hi / min_delay) % deliver_interval == 0:
            syn.trigger(dopa_list, hi)
            dopa_list[:] = [(hi, 0.0)]
        for t in inside(pre):
            syn.send(dopa_list, t)
    return dopa_list


def state(sim, pre, post):
    c = sim.get_connections(pre, post)
    return c.get("c")[0], c.get("n")[0], c.get("weight")[0]


@pytest.mark.parametrize("b", [0.0, 0.002])
def test_one_pairing_then_dopamine_closed_form(b):
    """pre at 10, post at 15 (reaching the synapse at 16), dopamine at 30 ms: c jumps at 16 by
    A_plus e^{-6/tau_plus} and decays with tau_c; n jumps at 30 by 1/tau_n and decays with tau_n; the
    weight integrates c (n - b)."""
    tau_plus, tau_c, tau_n, A_plus = 20.0, 300.0, 100.0, 2.0
    sim, pre, post, _ = dopa_net([9.0], [14.0], [28.0], weight=10.0, A_plus=A_plus, tau_plus=tau_plus,
                                 tau_c=tau_c, tau_n=tau_n, b=b)
    c16 = A_plus * math.exp(-6.0 / tau_plus)
    s = 1.0 / tau_c + 1.0 / tau_n
    t_now = 0.0
    for t in (12.0, 20.0, 29.0, 31.0, 60.0, 250.0):
        sim.simulate((t - t_now) * u.ms)
        t_now = t
        c, n, w = state(sim, pre, post)
        c_exp = c16 * math.exp(-(t - 16.0) / tau_c) if t > 16 else 0.0
        n_exp = math.exp(-(t - 30.0) / tau_n) / tau_n if t > 30 else 0.0
        w_exp = 10.0
        if t > 30:
            w_exp += c16 * math.exp(-14.0 / tau_c) / tau_n * (1 - math.exp(-s * (t - 30.0))) / s
        if t > 16:
            w_exp -= b * c16 * tau_c * (1 - math.exp(-(t - 16.0) / tau_c))
        assert c == pytest.approx(c_exp, rel=1e-12, abs=1e-300), t
        assert n == pytest.approx(n_exp, rel=1e-12, abs=1e-300), t
        assert w == pytest.approx(w_exp, rel=1e-12), t
    if b == 0.0:
        assert w > 10.0


def test_depression_by_a_later_pre_spike():
    """post at 15, pre at 40 (K- at 39 = e^{-24/20}): c = -A_minus e^{-24/20} from 40 on; dopamine at 50
    then lowers the weight by |c(50)| n0 (1 - e^{-s (t - 50)}) / s."""
    sim, pre, post, wr = dopa_net([39.0], [14.0], [48.0], weight=50.0)
    res = sim.simulate(100.0 * u.ms)
    c, n, w = state(sim, pre, post)
    c40 = -1.5 * math.exp(-24.0 / 20.0)
    assert c == pytest.approx(c40 * math.exp(-60.0 / 1000.0), rel=1e-12)
    assert n == pytest.approx(math.exp(-50.0 / 200.0) / 200.0, rel=1e-12)
    s = 1 / 1000.0 + 1 / 200.0
    assert w == pytest.approx(50.0 + c40 * math.exp(-10.0 / 1000.0) / 200.0 * (1 - math.exp(-50.0 * s)) / s,
                              rel=1e-12)
    assert list(res.events(wr)["weights"]) == [50.0]  # the event at 40 carried the weight of then


def test_nest_reads_a_post_spike_twice_around_a_trigger():
    """NEST's order has a quirk: pre spikes at 5 and 10.5 ms, a post spike at 9.8 (reaching the synapse at
    10.8). The trigger at 11 pairs it with the pre spike at 5 (c += e^{-5.8/tau_plus}); the pre spike at
    10.5, sent after that trigger, integrates back to 10.5; the trigger at 12 reads the post spike again,
    with K+ = e^{-5.5/tau_plus} + 1 taken to 10.8: c(10.8) = 2 e^{-5.8/tau_plus} + e^{-0.3/tau_plus} (one
    e^{-5.8/tau_plus} more than the pairs alone would give). No dopamine: the weight stays."""
    sim, pre, post, _ = dopa_net([4.0, 9.5], [8.8], [], weight=10.0)
    sim.simulate(20.0 * u.ms)
    c, n, w = state(sim, pre, post)
    c108 = 2 * math.exp(-5.8 / 20.0) + math.exp(-0.3 / 20.0)
    assert c == pytest.approx(c108 * math.exp(-9.2 / 1000.0), rel=1e-13)
    assert (n, w) == (0.0, 10.0)


@pytest.mark.parametrize("deliver_interval,d", [(1, 1.0), (3, 1.0), (2, 2.0), (7, 1.0)])
def test_trains_against_nest_update_order(deliver_interval, d):
    """Pre, post and dopamine trains: c, n, the weight and every carried weight equal the reference after
    each of several simulate() calls."""
    rng = np.random.default_rng(11)
    grid = lambda n, hi: np.unique(np.round(np.sort(rng.uniform(2.0, hi, n)), 1))
    pre_g, post_g, dopa_g = grid(40, 600.0), grid(50, 600.0), grid(25, 600.0)
    dopa_g = np.concatenate([dopa_g, [dopa_g[3]]])  # a spike of multiplicity 2 at the volume transmitter
    sim, pre, post, wr = dopa_net(sorted(pre_g), sorted(post_g), sorted(dopa_g), d=d,
                                  deliver_interval=deliver_interval, weight=40.0, A_plus=3.0, A_minus=2.0,
                                  tau_c=200.0, tau_n=50.0, b=0.01)
    syn = NestDopaSynapse(40.0, d, A_plus=3.0, A_minus=2.0, tau_c=200.0, tau_n=50.0, b=0.01)
    dopa_list, t_now, sent = None, 0.0, []
    for t_end in (100.0, 250.0, 251.0, 400.0, 630.0):
        sent += list(sim.simulate((t_end - t_now) * u.ms).events(wr)["weights"])
        dopa_list = nest_run(syn, pre_g + 1.0, post_g + 1.0, sorted(dopa_g + 2.0), t_end, deliver_interval,
                             dopa_list=dopa_list, start=t_now)
        t_now = t_end
        c, n, w = state(sim, pre, post)
        assert c == pytest.approx(syn.c, rel=1e-11, abs=1e-14), t_end
        assert n == pytest.approx(syn.n, rel=1e-11, abs=1e-14), t_end
        assert w == pytest.approx(syn.w, rel=1e-11), t_end
    np.testing.assert_allclose(sent, syn.sent, rtol=1e-11)
    assert len(sent) == len(pre_g) and np.ptp(sent) > 1.0  # the weight moved


@pytest.mark.parametrize("recorder,delay,interval",
                         [(False, 2.0, 3), ("unconnected", 2.0, 3), (True, 2.0, 3), (True, 1.5, 2)])
def test_delivery_interval_in_nest_min_delay(recorder, delay, interval):
    """All delays 2 (1.5) ms: min_delay is 2 ms, or 1 ms in NEST when a recorder is connected (its
    connections carry 1 ms); the volume transmitter updates its synapses every deliver_interval NEST
    min_delays, also in the middle of nestor's 2 ms (1.5 ms) slices, and the spikes of NEST's min_delay
    before an update are sent after it."""
    rng = np.random.default_rng(5)
    grid = lambda n: np.unique(np.round(np.sort(rng.uniform(2.0, 300.0, n)), 1))
    pre_g, post_g, dopa_g = grid(30), grid(30), grid(15)
    kw = dict(A_plus=3.0, A_minus=2.0, tau_c=100.0, tau_n=40.0, b=0.02)
    sim, pre, post, wr = dopa_net(sorted(pre_g), sorted(post_g), sorted(dopa_g), d=delay, deliver_interval=interval,
                                  weight=40.0, gen_delay=delay, recorder=recorder, **kw)
    sent = list(sim.simulate(312.0 * u.ms).events(wr)["weights"])
    syn = NestDopaSynapse(40.0, delay, **kw)
    nest_run(syn, pre_g + delay, post_g + delay, sorted(dopa_g + 2 * delay), 312.0, interval,
             min_delay=1.0 if recorder is True else delay)
    c, n, w = state(sim, pre, post)
    assert (c, n, w) == pytest.approx((syn.c, syn.n, syn.w), rel=1e-11)
    np.testing.assert_allclose(sent, syn.sent, rtol=1e-11)
    other = NestDopaSynapse(40.0, delay, **kw)  # the other min_delay gives other weights
    nest_run(other, pre_g + delay, post_g + delay, sorted(dopa_g + 2 * delay), 312.0, interval,
             min_delay=delay if recorder is True else 1.0)
    assert np.max(np.abs(np.subtract(other.sent, sent))) > 1e-9 or abs(other.c - c) > 1e-9


def test_weights_stay_within_bounds():
    """Strong pairings with dopamine drive the weight to Wmax; a high baseline b drives it to Wmin."""
    pre_g = [10.0 * k for k in range(1, 40)]
    post_g = [t + 3.0 for t in pre_g]  # post 3 ms after pre: potentiating pairings
    dopa_g = [10.0 * k + 5.0 for k in range(1, 40)]
    up, pre, post, wr = dopa_net(pre_g, post_g, dopa_g, weight=50.0, A_plus=50.0, A_minus=0.0, Wmax=80.0)
    ev = up.simulate(420.0 * u.ms).events(wr)
    assert state(up, pre, post)[2] == 80.0
    assert max(ev["weights"]) == 80.0 and min(ev["weights"]) >= 50.0
    down, pre, post, wr = dopa_net(pre_g, post_g, dopa_g, weight=50.0, A_plus=50.0, A_minus=0.0, b=10.0,
                                   Wmin=20.0)
    ev = down.simulate(420.0 * u.ms).events(wr)
    assert state(down, pre, post)[2] == 20.0
    assert min(ev["weights"]) == 20.0 and max(ev["weights"]) <= 50.0


def test_get_set_c_and_n():
    """c and n given at connect, read back, set between runs: the closed forms continue from them."""
    sim, pre, post, _ = dopa_net([], [], [], weight=5.0, conn=dict(c=0.4, n=0.02))
    assert state(sim, pre, post) == (0.4, 0.02, 5.0)
    sim.simulate(10.0 * u.ms)
    c, n, w = state(sim, pre, post)
    s = 1 / 1000.0 + 1 / 200.0
    assert c == pytest.approx(0.4 * math.exp(-10.0 / 1000.0), rel=1e-13)
    assert n == pytest.approx(0.02 * math.exp(-10.0 / 200.0), rel=1e-13)
    assert w == pytest.approx(5.0 + 0.4 * 0.02 * (1 - math.exp(-10.0 * s)) / s, rel=1e-13)
    conns = sim.get_connections(pre, post)
    conns.set(c=-0.1, n=0.05)
    assert state(sim, pre, post)[:2] == (-0.1, 0.05)
    sim.simulate(5.0 * u.ms)
    c2, n2, w2 = state(sim, pre, post)
    assert c2 == pytest.approx(-0.1 * math.exp(-5.0 / 1000.0), rel=1e-13)
    assert w2 == pytest.approx(w - 0.1 * 0.05 * (1 - math.exp(-5.0 * s)) / s, rel=1e-13)
    sim.reset()
    assert state(sim, pre, post) == (0.4, 0.02, 5.0)


def test_each_model_reads_its_own_volume_transmitter():
    """Two copies with different volume transmitters: only the one whose transmitter receives dopamine
    sees it (n jumps by 1/tau_n per spike, here 2 spikes of 1 neuron and one of multiplicity 2)."""
    sim = nestor.Simulator(dt=0.1 * u.ms)
    pre, post, dopa = (sim.create(nestor.parrot_neuron, 1) for _ in range(3))
    sim.connect(sim.create(nestor.spike_generator, 1, spike_times=[5.0, 20.0, 20.0]), dopa)
    vt1, vt2 = sim.create(nestor.volume_transmitter, 1), sim.create(nestor.volume_transmitter, 1)
    sim.connect(dopa, vt1)
    sim.copy_synapse_model("stdp_dopamine_synapse", "d1", vt=vt1, tau_n=50.0)
    sim.copy_synapse_model("stdp_dopamine_synapse", "d2", vt=vt2.global_ids[0], tau_n=50.0)
    assert sim.get_synapse_defaults("d2", "vt") == vt2.global_ids[0]
    for m in ("d1", "d2"):
        sim.connect(pre, post, receptor_type=1, synapse=sim.synapse_model(m)(c=1.0))
    sim.simulate(40.0 * u.ms)
    n1 = sim.get_connections(synapse_model="d1").get("n")[0]
    n2 = sim.get_connections(synapse_model="d2").get("n")[0]
    # dopamine reaches vt1 at 7 and at 22 ms (multiplicity 2)
    assert n1 == pytest.approx((math.exp(-33.0 / 50.0) + 2 * math.exp(-18.0 / 50.0)) / 50.0, rel=1e-13)
    assert n2 == 0.0


@pytest.mark.parametrize("split_at", [46.7, 47.3, 52.0])
def test_reset_and_split_runs_repeat_the_run(split_at):
    """reset() brings back the synapses and the volume transmitter's spikes; one run equals a run split
    anywhere, also within the last min_delay before the update at 48 ms (the pre spike at 47.1 is sent
    after it, as in one run)."""
    # pre spikes at 47.1 and 47.5, post spike 46.6 (reaching the synapse at 47.6), dopamine at 47.5
    args = ([5.0, 30.0, 46.1, 46.5, 52.0, 77.0], [12.0, 40.0, 45.6, 60.0], [20.0, 45.0, 45.5, 46.3, 70.0])
    sim, pre, post, wr = dopa_net(*args, deliver_interval=4, weight=30.0, A_plus=20.0, tau_c=80.0, tau_n=20.0)
    first = list(sim.simulate(100.0 * u.ms).events(wr)["weights"]) + list(state(sim, pre, post))
    sim.reset()
    again = list(sim.simulate(100.0 * u.ms).events(wr)["weights"]) + list(state(sim, pre, post))
    assert again == first
    split, pre2, post2, wr2 = dopa_net(*args, deliver_interval=4, weight=30.0, A_plus=20.0, tau_c=80.0, tau_n=20.0)
    parts = list(split.simulate(split_at * u.ms).events(wr2)["weights"])
    parts += list(split.simulate((100.0 - split_at) * u.ms).events(wr2)["weights"]) + list(state(split, pre2, post2))
    assert parts == first
    assert first[-1] != 30.0


def network(threads):
    sim = nestor.Simulator(dt=0.1 * u.ms, threads=threads, seed=7)
    src = sim.create(nestor.parrot_neuron, 40)
    sim.connect(sim.create(nestor.poisson_generator, 1, rate=20.0 * u.Hz), src)
    dopa = sim.create(nestor.parrot_neuron, 10)
    sim.connect(sim.create(nestor.poisson_generator, 1, rate=5.0 * u.Hz), dopa)
    nrn = sim.create(nestor.iaf_psc_alpha, 20, I_e=350.0 * u.pA)
    vt = sim.create(nestor.volume_transmitter, 2, deliver_interval=[2, 3])  # one per thread with 2 threads
    sim.connect(dopa[:6], vt[0], delay=1.5 * u.ms)
    sim.connect(dopa[4:], vt[1], delay=2.0 * u.ms)
    sim.set_synapse_defaults("stdp_dopamine_synapse", vt=vt[0], A_plus=0.5, tau_c=100.0, tau_n=30.0, Wmax=300.0)
    sim.copy_synapse_model("stdp_dopamine_synapse", "dopa_b", vt=vt[1], A_minus=2.0)
    for m in ("stdp_dopamine_synapse", "dopa_b"):
        sim.connect(src, nrn, nestor.fixed_indegree(15),
                    synapse=sim.synapse_model(m)(weight=nestor.random.uniform(50.0, 150.0), delay=1.5 * u.ms))
    sim.connect(nrn, nrn, nestor.fixed_indegree(3), weight=-30.0, delay=1.0 * u.ms)
    sim.simulate(400.0 * u.ms)
    sim.simulate(400.0 * u.ms)
    c = sim.get_connections(src, nrn)
    return {k: np.asarray(c.get(k)) for k in ("weight", "c", "n", "source", "target")}


def test_one_and_two_threads_identical():
    one = lib.threads_identical(network)
    assert len(one["weight"]) == 600
    assert np.std(one["weight"]) > 0 and np.any(one["n"] > 0)


def test_bad_input():
    sim = nestor.Simulator(dt=0.1 * u.ms)
    a, b = sim.create(nestor.iaf_psc_alpha, 1), sim.create(nestor.iaf_psc_alpha, 1)
    with pytest.raises(nestor.IllegalConnectionError, match="no volume transmitter has been assigned"):
        sim.connect(a, b, synapse=nestor.stdp_dopamine_synapse())
    with pytest.raises(nestor.BadValueError, match="vt = 1.*volume_transmitter.*iaf_psc_alpha"):
        sim.set_synapse_defaults("stdp_dopamine_synapse", vt=a)
    with pytest.raises(nestor.BadValueError, match="vt = 99"):
        sim.set_synapse_defaults("stdp_dopamine_synapse", vt=99)
    with pytest.raises(nestor.BadValueError, match="vt"):
        sim.copy_synapse_model("stdp_dopamine_synapse", "d2", vt=b)
    vt = sim.create(nestor.volume_transmitter, 2)
    with pytest.raises(nestor.ArgumentTypeError, match="vt"):
        sim.set_synapse_defaults("stdp_dopamine_synapse", vt=vt)  # two nodes
    assert sim.get_synapse_defaults("stdp_dopamine_synapse", "vt") == -1
    for name in ("vt", "A_plus", "tau_c", "Wmax"):
        with pytest.raises(nestor.ArgumentTypeError, match=name):
            nestor.stdp_dopamine_synapse(**{name: 1.0})
    for name in ("tau_c", "tau_n", "tau_plus"):
        with pytest.raises(nestor.BadValueError, match=name):
            sim.set_synapse_defaults("stdp_dopamine_synapse", **{name: 0.0})
    assert sim.num_connections == 0
    sim.set_synapse_defaults("stdp_dopamine_synapse", vt=vt[1])
    assert sim.get_synapse_defaults("stdp_dopamine_synapse", "vt") == vt[1].global_ids[0]
    sim.connect(a, b, synapse=nestor.stdp_dopamine_synapse(c=0.5))
    assert list(sim.get_connections(a, b).get("c")) == [0.5]
    with pytest.raises(nestor.IllegalConnectionError):
        sim.connect(a, vt[0], synapse=nestor.stdp_dopamine_synapse())  # it connects to neurons
    for bad in (0, -1, 1.5):
        with pytest.raises(nestor.BadValueError, match="deliver_interval"):
            vt.set(deliver_interval=bad)
    with pytest.raises(nestor.UnknownParameterError, match="deliver_intervall"):
        vt.set(deliver_intervall=2)
    assert list(vt.get("deliver_interval")) == [1, 1]
