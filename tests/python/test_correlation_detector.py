"""correlation_detector with NEST 3.9's rules (models/correlation_detector.cpp).

Expected histograms are computed here by brute force over all spike pairs, independently of the
engine's queues: spikes are handled in NEST's delivery order (time, then sender, a sender's connections
in the order made); a pair (spike a on port 0, spike b on port 1) is counted by the later of the two to
arrive, if that one is stamped in [Tstart, Tstop], with lag d = t_b - t_a (in steps) in
[-(tau_max + delta_tau/2), tau_max + delta_tau/2) -- the left edge is kept only when the port 0 spike
arrives later -- into bin floor((tau_max + delta_tau/2 + d) / delta_tau). The weighted histogram adds
(m_a w_a)(m_b w_b), count_histogram adds the multiplicity of the later spike, n_events counts events."""

import math

import numpy as np
import pytest

import nestor
from nestor import units as u

DT = 0.1


def run(trains, ports, weights, T=20.0, conn_order=None, split=None, parrots=False, **params):
    """trains: spike times (ms) of one spike_generator each, connected in this order to `ports`. A
    spike_generator sends every spike as its own event; with `parrots`, each train goes through a
    parrot_neuron (delay 1 ms), which sends the spikes of one step as one event with their multiplicity."""
    sim = nestor.Simulator(dt=DT * u.ms)
    gens = [sim.create(nestor.spike_generator, spike_times=np.sort(np.asarray(t, dtype=float)) * u.ms) for t in trains]
    if parrots:
        par = [sim.create(nestor.parrot_neuron) for _ in trains]
        for g, p in zip(gens, par):
            sim.connect(g, p, delay=1.0 * u.ms)
        gens = par
    det = sim.create(nestor.correlation_detector, **params)
    for k in conn_order or range(len(trains)):
        sim.connect(gens[k], det, receptor_type=ports[k], weight=weights[k])
    res = None
    for seg in split or [T]:
        res = sim.simulate(seg * u.ms, progress=False)
    return res.status(det), [int(g.global_ids[0]) for g in gens]


def brute_force(trains, ports, weights, D, Tmax, Tstart=0.0, Tstop=math.inf, gids=None, start=0.0, stop=math.inf,
                parrots=False):
    """The expected status, from all pairs of events (steps, weights, multiplicities)."""
    gids = gids or list(range(1, len(trains) + 1))
    events = []  # (step, gid, connection index, port, multiplicity, weight)
    for k, t in enumerate(trains):
        steps = np.round(np.asarray(t) / DT).astype(int)
        if parrots:
            steps, mult = np.unique(steps + round(1.0 / DT), return_counts=True)
        else:
            steps, mult = np.sort(steps), np.ones(len(steps), dtype=int)
        for s, m in zip(steps, mult):
            if start / DT < s <= stop / DT:
                events.append((int(s), gids[k], k, ports[k], int(m), weights[k]))
    events.sort(key=lambda e: (e[0], e[1], e[2]))
    Dst, Tst = round(D / DT), round(Tmax / DT)
    edge = Tst + 0.5 * Dst
    nb = 1 + 2 * Tst // Dst
    hist, count, n_ev = np.zeros(nb), np.zeros(nb), np.zeros(2)
    lo, hi = math.ceil(Tstart / DT - 1e-9), (math.inf if math.isinf(Tstop) else math.floor(Tstop / DT + 1e-9))
    for i, later in enumerate(events):
        if not (lo <= later[0] <= hi):
            continue
        n_ev[later[3]] += 1
        for earlier in events[:i]:
            if earlier[3] == later[3]:
                continue
            a, b = (earlier, later) if later[3] == 1 else (later, earlier)
            d = b[0] - a[0]
            if later[3] == 1 and not (d < edge):
                continue
            if later[3] == 0 and not (-d - 0.5 < edge):
                continue
            k = math.floor((edge + d) / Dst)
            hist[k] += a[4] * a[5] * b[4] * b[5]
            count[k] += later[4]
    return hist, count, n_ev


def test_nest_documentation_example():
    # The example of NEST's correlation_detector documentation.
    s1 = [1.0, 1.5, 2.7, 4.0, 5.1]
    s2 = [0.9, 1.8, 2.1, 2.3, 3.5, 3.8, 4.9]
    st, _ = run([s1, s2], [0, 1], [1.0, 1.0], T=10.0, delta_tau=0.5 * u.ms, tau_max=2.5 * u.ms)
    np.testing.assert_array_equal(st["n_events"], [5, 7])
    np.testing.assert_array_equal(st["histogram"], [0, 3, 3, 1, 4, 3, 2, 6, 1, 2, 2])
    np.testing.assert_array_equal(st["count_histogram"], st["histogram"])
    h, c, n = brute_force([s1, s2], [0, 1], [1.0, 1.0], 0.5, 2.5)
    np.testing.assert_array_equal(st["histogram"], h)


def test_bin_edges_centre_and_simultaneous_spikes():
    # delta_tau = 2 steps (even), tau_max = 8 steps: the window's edges are lags of -+0.9 ms exactly.
    # Port 0 at 5.0; port 1 at 4.1 (lag -0.9: left edge, kept), 5.0 (simultaneous: centre bin, once),
    # 5.1 (lag +0.1: the left edge of the bin right of the centre) and 5.9 (lag +0.9: right edge, open).
    D, Tm = 0.2, 0.8
    t0, t1 = [5.0], [4.1, 5.0, 5.1, 5.9]
    st, gids = run([t0, t1], [0, 1], [1.0, 1.0], T=8.0, delta_tau=D * u.ms, tau_max=Tm * u.ms)
    h, c, n = brute_force([t0, t1], [0, 1], [1.0, 1.0], D, Tm, gids=gids)
    np.testing.assert_array_equal(st["count_histogram"], c)
    np.testing.assert_array_equal(st["count_histogram"], [1, 0, 0, 0, 1, 1, 0, 0, 0])
    # the reverse order of connections makes the port 0 spike the later one at 5.0: still once
    st2, gids2 = run([t1, t0], [1, 0], [1.0, 1.0], T=8.0, delta_tau=D * u.ms, tau_max=Tm * u.ms)
    np.testing.assert_array_equal(st2["count_histogram"], st["count_histogram"])


@pytest.mark.parametrize("parrots", [False, True])
@pytest.mark.parametrize("D,Tm", [(0.1, 1.0), (0.5, 2.5), (0.2, 0.6), (0.3, 1.2)])
def test_random_trains_against_brute_force(D, Tm, parrots):
    rng = np.random.default_rng(7)
    trains = [np.round(rng.uniform(0.1, 15.0, size=n), 1) for n in (30, 25, 20)]
    trains[0] = np.concatenate([trains[0], trains[0][:5], trains[1][:4]])  # multiplicities, simultaneity
    trains[2] = np.concatenate([trains[2], trains[1][4:8]])
    ports, weights = [0, 1, 1], [2.0, -0.5, 1.5]
    st, gids = run(trains, ports, weights, T=17.0, parrots=parrots, delta_tau=D * u.ms, tau_max=Tm * u.ms)
    h, c, n = brute_force(trains, ports, weights, D, Tm, gids=gids, parrots=parrots)
    assert c.sum() > 50
    np.testing.assert_array_equal(st["count_histogram"], c)
    np.testing.assert_allclose(st["histogram"], h, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(st["n_events"], n)
    assert len(st["histogram"]) == 1 + 2 * round(Tm / D)


def test_tstart_tstop_and_window():
    rng = np.random.default_rng(3)
    trains = [np.round(rng.uniform(0.1, 20.0, size=40), 1) for _ in range(2)]
    st, gids = run(trains, [0, 1], [1.0, 1.0], T=21.0, delta_tau=0.3 * u.ms, tau_max=1.5 * u.ms,
                   Tstart=5.0 * u.ms, Tstop=12.05 * u.ms)
    h, c, n = brute_force(trains, [0, 1], [1.0, 1.0], 0.3, 1.5, Tstart=5.0, Tstop=12.05, gids=gids)
    full, _, _ = brute_force(trains, [0, 1], [1.0, 1.0], 0.3, 1.5, gids=gids)
    assert 0 < c.sum() < full.sum()
    np.testing.assert_array_equal(st["count_histogram"], c)
    np.testing.assert_array_equal(st["n_events"], n)
    # the device's own window: spikes outside origin + start < t <= origin + stop are never seen
    st, gids = run(trains, [0, 1], [1.0, 1.0], T=21.0, delta_tau=0.3 * u.ms, tau_max=1.5 * u.ms,
                   start=4.0 * u.ms, stop=10.0 * u.ms)
    h, c, n = brute_force(trains, [0, 1], [1.0, 1.0], 0.3, 1.5, gids=gids, start=4.0, stop=10.0)
    np.testing.assert_array_equal(st["count_histogram"], c)
    np.testing.assert_array_equal(st["n_events"], n)


def test_state_accumulates_over_calls_and_resets():
    rng = np.random.default_rng(5)
    trains = [np.round(rng.uniform(0.1, 20.0, size=40), 1) for _ in range(2)]
    one, _ = run(trains, [0, 1], [1.0, 1.0], T=20.0, delta_tau=0.5 * u.ms, tau_max=2.0 * u.ms)
    parts, _ = run(trains, [0, 1], [1.0, 1.0], split=[7.3, 5.0, 7.7], delta_tau=0.5 * u.ms, tau_max=2.0 * u.ms)
    np.testing.assert_array_equal(parts["count_histogram"], one["count_histogram"])
    sim = nestor.Simulator(dt=DT * u.ms)
    g0 = sim.create(nestor.spike_generator, spike_times=[1.0, 3.0] * u.ms)
    g1 = sim.create(nestor.spike_generator, spike_times=[1.5, 3.0] * u.ms)
    det = sim.create(nestor.correlation_detector, delta_tau=0.5 * u.ms, tau_max=1.0 * u.ms)
    sim.connect(g0, det, receptor_type=0)
    sim.connect(g1, det, receptor_type=1)
    first = sim.simulate(5.0 * u.ms, progress=False).status(det)["count_histogram"].copy()
    assert first.sum() == 2
    again = sim.simulate(5.0 * u.ms, progress=False).status(det)["count_histogram"]
    np.testing.assert_array_equal(again, first)  # no new spikes: NEST's status is unchanged
    det.set(tau_max=1.5 * u.ms)  # NEST: a new tau_max clears the histograms
    assert sim.simulate(5.0 * u.ms, progress=False).status(det)["count_histogram"].sum() == 0
    # NEST's other way: n_events = [0, 0] (nothing else is accepted)
    sim.reset()
    st = sim.simulate(5.0 * u.ms, progress=False).status(det)
    assert st["count_histogram"].sum() == 3  # with tau_max = 1.5 ms, lag -1.5 ms counts too
    np.testing.assert_array_equal(det.get("n_events")[0], [2, 2])
    with pytest.raises(nestor.BadValueError, match="n_events"):
        det.set(n_events=[1, 0])
    det.set(n_events=[0, 0])
    np.testing.assert_array_equal(det.get("n_events")[0], [0, 0])
    sim.reset()
    assert sim.simulate(1.2 * u.ms, progress=False).status(det)["count_histogram"].sum() == 0


def test_threads_and_infinite_tstop():
    rng = np.random.default_rng(9)
    trains = [np.round(rng.uniform(0.1, 15.0, size=30), 1) for _ in range(4)]
    out = []
    for threads in (1, 2):
        sim = nestor.Simulator(dt=DT * u.ms, threads=threads)
        par = sim.create(nestor.parrot_neuron, 4)
        for k, t in enumerate(trains):
            g = sim.create(nestor.spike_generator, spike_times=np.sort(t) * u.ms)
            sim.connect(g, par[k : k + 1], delay=0.5 * u.ms)
        det = sim.create(nestor.correlation_detector, delta_tau=0.3 * u.ms, tau_max=1.5 * u.ms, Tstop=5.0 * u.ms)
        det.set(Tstop=np.inf * u.ms)  # back to NEST's default
        sim.connect(par[:2], det, receptor_type=0)
        sim.connect(par[2:], det, receptor_type=1)
        out.append(sim.simulate(16.0 * u.ms, progress=False).status(det))
    np.testing.assert_array_equal(out[0]["count_histogram"], out[1]["count_histogram"])
    assert out[0]["n_events"].sum() > 100  # all spikes counted: Tstop is infinite again


def test_defaults():
    sim = nestor.Simulator(dt=DT * u.ms)
    det = sim.create(nestor.correlation_detector)
    assert u.get_mantissa(det.get("delta_tau")[0] / u.ms) == pytest.approx(5 * DT)
    assert u.get_mantissa(det.get("tau_max")[0] / u.ms) == pytest.approx(50 * DT)
    g = sim.create(nestor.spike_generator, spike_times=[1.0] * u.ms)
    sim.connect(g, det)
    st = sim.simulate(2.0 * u.ms, progress=False).status(det)
    assert len(st["histogram"]) == 21 and list(st["n_events"]) == [1, 0]


def test_bad_parameters():
    sim = nestor.Simulator(dt=DT * u.ms)
    with pytest.raises(nestor.BadValueError, match="delta_tau"):
        sim.create(nestor.correlation_detector, delta_tau=0.25 * u.ms)
    with pytest.raises(nestor.BadValueError, match="tau_max"):
        sim.create(nestor.correlation_detector, delta_tau=0.5 * u.ms, tau_max=1.2 * u.ms)
    det = sim.create(nestor.correlation_detector)
    with pytest.raises(nestor.BadValueError, match="tau_max"):
        det.set(tau_max=0.7 * u.ms)
    g = sim.create(nestor.spike_generator, spike_times=[1.0] * u.ms)
    with pytest.raises(nestor.IllegalConnectionError, match="receptor_type 2"):
        sim.connect(g, det, receptor_type=2)
    with pytest.raises(nestor.IllegalConnectionError, match="receptor_type -1"):
        sim.connect(g, det, receptor_type=-1)
    pg = sim.create(nestor.poisson_generator, rate=10.0 * u.Hz)
    with pytest.raises(nestor.IllegalConnectionError):
        sim.connect(pg, det)
    n = sim.create(nestor.iaf_psc_alpha)
    with pytest.raises(nestor.IllegalConnectionError, match="correlation_detector receives spikes"):
        sim.connect(det, n)
