"""Checks that bench/peer_plastic_brian2.py's STDP code is nestor's stdp_synapse (NEST's rule): the same pre-
and postsynaptic spike trains through both, the final weights compared.

    PYTHONPATH=python /usr/bin/python3 bench/check_plastic_peer.py [--pairs 40] [--seed 1]

nestor: spike_generator -> parrot_neuron (1 ms later) for every pre- and postsynaptic neuron, parrot -> parrot
with stdp_synapse (delay 1.5 ms) into the postsynaptic parrot's receptor 1 (no effect on its spikes), as
tests/python/test_stdp_synapse.py does. Brian2 (runtime, numpy target: IEEE arithmetic): SpikeGeneratorGroups
with the parrots' spike times, one Synapses object made by the peer's stdp_synapses()
(pre pathway delay d, post 2 d, post pathway first). Every pair of neurons gets its own random trains
(about 40 Hz, 0.1 ms grid, 1 s) and a few postsynaptic spikes that arrive at the synapse in the step of a
presynaptic one (NEST does not pair those); a last presynaptic spike 50 ms after all others makes NEST apply
its lazy facilitations, so both final weights have seen the same updates. Both are compared with NEST's rule
written out here (nest_rule: the whole history, NEST's stdp_eps in the comparisons); prints the largest
differences and exits 1 if a weight differs by more than 1e-9 pA.
"""

import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def trains(rng, n, rate_hz=40.0, T=1000.0, d=1.5):
    """(pre, post) spike times of generator i (ms, on the 0.1 ms grid, unique, in [5, T - 60])."""
    out = []
    for _ in range(n):
        k_pre, k_post = rng.poisson(rate_hz * (T - 65) / 1000.0, 2)
        pre = np.unique(np.round(rng.uniform(5, T - 60, k_pre), 1))
        post = np.unique(np.round(rng.uniform(5, T - 60, k_post), 1))
        # some postsynaptic spikes that reach the synapse when a presynaptic spike leaves it (t_post + d = t_pre)
        pick = pre[rng.random(pre.size) < 0.15] - d
        post = np.unique(np.round(np.concatenate([post, pick[pick > 5]]), 1))
        out.append((np.concatenate([pre, [T - 10.0]]), post))
    return out


def nest_rule(pre, post, w, Wmax, d, lam=0.01, alpha=1.0, tau_plus=20.0, tau_minus=20.0, eps=1e-6):
    """NEST's stdp_synapse (mu = 1) written out from its definition, with NEST's stdp_eps in every time
    comparison and the whole postsynaptic history (no pruning): on each presynaptic spike t (the parrots'
    times), facilitation for each postsynaptic spike in (t_last - d, t - d] with K+ at its arrival, then
    depression with K- from the postsynaptic spikes before t - d; then K+ jumps by 1."""
    kplus, t_last = 0.0, 0.0
    for t in pre:
        for tp in post:
            if tp >= t_last - d + eps and tp < t - d + eps:
                k = kplus * np.exp((t_last - (tp + d)) / tau_plus)
                nw = w / Wmax + lam * (1.0 - w / Wmax) * k
                w = nw * Wmax if nw < 1.0 else Wmax
        km, last = 0.0, None
        for tp in post:
            if tp < t - d - eps:
                km = (km * np.exp((last - tp) / tau_minus) if last is not None else 0.0) + 1.0
                last = tp
        if last is not None:
            km *= np.exp((last - (t - d)) / tau_minus)
        nw = w / Wmax - alpha * lam * (w / Wmax) * km
        w = nw * Wmax if nw > 0.0 else 0.0
        kplus = kplus * np.exp((t_last - t) / tau_plus) + 1.0
        t_last = t
    return w


def run_nestor(tr, J, Wmax, d, T):
    import nestor
    from nestor import units as u

    sim = nestor.Simulator(dt=0.1 * u.ms)
    n = len(tr)
    pre, post = sim.create(nestor.parrot_neuron, n), sim.create(nestor.parrot_neuron, n)
    for k, (tp, tq) in enumerate(tr):
        g1 = sim.create(nestor.spike_generator, 1, spike_times=list(tp))
        g2 = sim.create(nestor.spike_generator, 1, spike_times=list(tq))
        sim.connect(g1, pre[k])
        sim.connect(g2, post[k])
    sim.connect(pre, post, rule="one_to_one", receptor_type=1,
                synapse=nestor.stdp_synapse(weight=J, Wmax=Wmax, delay=d * u.ms, lambda_=0.01, alpha=1.0,
                                            mu_plus=1.0, mu_minus=1.0, tau_plus=20.0 * u.ms))
    sim.simulate(T * u.ms)
    c = sim.get_connections(pre, post)
    src, w = np.asarray(c.get("source")), np.asarray(c.get("weight"))
    return w[np.argsort(src)]


def run_brian2(tr, J, Wmax, d, T):
    import brian2 as b2
    from brian2 import ms, pA
    from peer_plastic_brian2 import stdp_synapses

    b2.prefs.codegen.target = "numpy"
    b2.defaultclock.dt = 0.1 * ms
    n = len(tr)
    # the parrots' spike times: the generators' + 1 ms
    i_pre = np.concatenate([np.full(len(tp), k) for k, (tp, _) in enumerate(tr)])
    t_pre = np.concatenate([tp + 1.0 for tp, _ in tr])
    i_post = np.concatenate([np.full(len(tq), k) for k, (_, tq) in enumerate(tr)])
    t_post = np.concatenate([tq + 1.0 for _, tq in tr])
    P = b2.SpikeGeneratorGroup(n, i_pre, t_pre * ms)
    Q = b2.SpikeGeneratorGroup(n, i_post, t_post * ms)
    ns = dict(lam=0.01, alpha=1.0, Wmax=Wmax * pA, tau_plus=20.0 * ms, tau_minus=20.0 * ms)
    S = stdp_synapses(P, Q, d * ms, ns)
    S.connect(j="i")
    S.w = J * pA
    S.tpre = -1 * b2.second
    S.tpost = -1 * b2.second
    b2.run(T * ms)
    return np.asarray(S.w[:] / pA)[np.argsort(np.asarray(S.i[:]))]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    J = 20.68015524367846
    Wmax, d, T = 2 * J, 1.5, 1000.0
    tr = trains(np.random.default_rng(a.seed), a.pairs, d=d)
    wr = np.array([nest_rule(tp + 1.0, tq + 1.0, J, Wmax, d) for tp, tq in tr])
    wn = run_nestor(tr, J, Wmax, d, T)
    wb = run_brian2(tr, J, Wmax, d, T)
    n_pre = sum(len(tp) for tp, _ in tr)
    n_post = sum(len(tq) for _, tq in tr)
    print(f"{a.pairs} synapses, {n_pre} pre and {n_post} post spikes (parrots), w(0) {J:.4f} pA; final weights: "
          f"rule mean {wr.mean():.6f} pA (range {wr.min():.4f}..{wr.max():.4f})")
    ok = True
    for name, w in (("Brian2 peer", wb), ("nestor", wn)):
        diff = np.abs(w - wr)
        bad = np.flatnonzero(diff > 1e-9)
        print(f"  {name:<12} largest |w - rule| {diff.max():.3g} pA; {len(bad)} of {len(w)} synapses beyond 1e-9 pA")
        for k in bad[:3]:
            tp, tq = tr[k]
            print(f"    synapse {k}: {w[k]:.9f} vs {wr[k]:.9f}; generator times pre {list(tp)} post {list(tq)}")
        ok = ok and not len(bad)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
