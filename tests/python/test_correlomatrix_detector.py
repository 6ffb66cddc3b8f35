"""correlomatrix_detector and correlospinmatrix_detector with NEST 3.9's rules.

correlomatrix_detector: every pair of events (x, y), including an event with itself, is counted by the
later of the two to arrive (NEST's delivery order: time, then sender), if that one (x, on pool a) is
stamped in [Tstart, Tstop]: with lag d = t_x - t_y >= 0 and b the pool of y, covariance[a][b][round(d /
delta_tau)] += (m_x w_x)(m_y w_y) (delta_tau is an odd number of steps, so no lag falls on a bin edge),
count_covariance adds m_x; in bin 0 a pair with d != 0 or a != b also counts in [b][a][0].

correlospinmatrix_detector: pools switch on with multiplicity-2 events and off with multiplicity-1
events; an off transition is confirmed by the next event. For the confirmed on-pulses S_i(t) (in
steps), count_covariance[i][j][tau_max/delta_tau + k] = sum_t S_i(t) S_j(t - k delta_tau)."""

import math

import numpy as np
import pytest

import nestor
from nestor import units as u

DT = 0.1


def simulate(model, trains, ports, weights=None, T=20.0, split=None, **params):
    sim = nestor.Simulator(dt=DT * u.ms)
    gens = [sim.create(nestor.spike_generator, spike_times=np.sort(np.asarray(t, dtype=float)) * u.ms) for t in trains]
    det = sim.create(model, **params)
    for k, g in enumerate(gens):
        sim.connect(g, det, receptor_type=ports[k], weight=(weights or [1.0] * len(gens))[k])
    for seg in split or [T]:
        res = sim.simulate(seg * u.ms, progress=False)
    return res.status(det)


def matrix_brute_force(trains, ports, weights, N, D, Tmax, Tstart=0.0, Tstop=math.inf):
    events = []
    for k, t in enumerate(trains):
        steps = np.sort(np.round(np.asarray(t) / DT).astype(int))  # a spike_generator: one event per spike
        events += [(int(s), k, ports[k], 1, weights[k]) for s in steps]
    events.sort(key=lambda e: (e[0], e[1]))
    Dst, nb = round(D / DT), 1 + round(Tmax / D)
    cov, cnt, nev = np.zeros((N, N, nb)), np.zeros((N, N, nb)), np.zeros(N)
    lo, hi = math.ceil(Tstart / DT - 1e-9), (math.inf if math.isinf(Tstop) else math.floor(Tstop / DT + 1e-9))
    for i, x in enumerate(events):
        if not lo <= x[0] <= hi:
            continue
        nev[x[2]] += 1
        for y in events[: i + 1]:
            d = x[0] - y[0]
            k = round(d / Dst)
            if k >= nb:
                continue
            a, b = x[2], y[2]
            c = x[3] * x[4] * y[3] * y[4]
            cov[a, b, k] += c
            cnt[a, b, k] += x[3]
            if k == 0 and (d != 0 or a != b):
                cov[b, a, 0] += c
                cnt[b, a, 0] += x[3]
    return cov, cnt, nev


def test_hand_computed_matrix():
    # pool 0: 1.0, 1.2; pool 1: 1.2 (delta_tau = dt, tau_max = 3 dt)
    st = simulate(nestor.correlomatrix_detector, [[1.0, 1.2], [1.2]], [0, 1], T=3.0, N_channels=2,
                  delta_tau=0.1 * u.ms, tau_max=0.3 * u.ms)
    c = st["count_covariance"]
    assert c.shape == (2, 2, 4)
    np.testing.assert_array_equal(c[0, 0], [2, 0, 1, 0])
    np.testing.assert_array_equal(c[0, 1], [1, 0, 0, 0])
    np.testing.assert_array_equal(c[1, 0], [1, 0, 1, 0])
    np.testing.assert_array_equal(c[1, 1], [1, 0, 0, 0])
    np.testing.assert_array_equal(st["n_events"], [2, 1])
    np.testing.assert_array_equal(st["covariance"], c)


@pytest.mark.parametrize("D,Tm,N", [(0.1, 0.5, 2), (0.3, 1.5, 3), (0.5, 2.0, 3)])
def test_random_trains_against_brute_force(D, Tm, N):
    rng = np.random.default_rng(11)
    trains = [np.round(rng.uniform(0.1, 12.0, size=25), 1) for _ in range(4)]
    trains[1] = np.concatenate([trains[1], trains[1][:4], trains[0][:3]])
    ports, weights = [0, 1, N - 1, 0], [1.0, 2.0, -0.5, 0.25]
    st = simulate(nestor.correlomatrix_detector, trains, ports, weights, T=13.0, N_channels=N,
                  delta_tau=D * u.ms, tau_max=Tm * u.ms, Tstart=2.0 * u.ms, Tstop=11.0 * u.ms)
    cov, cnt, nev = matrix_brute_force(trains, ports, weights, N, D, Tm, Tstart=2.0, Tstop=11.0)
    assert cnt.sum() > 100
    np.testing.assert_array_equal(st["count_covariance"], cnt)
    np.testing.assert_allclose(st["covariance"], cov, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(st["n_events"], nev)


def test_matrix_bad_parameters():
    sim = nestor.Simulator(dt=DT * u.ms)
    with pytest.raises(nestor.BadValueError, match="N_channels"):
        sim.create(nestor.correlomatrix_detector, N_channels=0)
    with pytest.raises(nestor.BadValueError, match="delta_tau"):
        sim.create(nestor.correlomatrix_detector, delta_tau=0.2 * u.ms)  # an even multiple of dt
    with pytest.raises(nestor.BadValueError, match="delta_tau"):
        sim.create(nestor.correlomatrix_detector, delta_tau=0.15 * u.ms)
    with pytest.raises(nestor.BadValueError, match="tau_max"):
        sim.create(nestor.correlomatrix_detector, delta_tau=0.3 * u.ms, tau_max=1.0 * u.ms)
    det = sim.create(nestor.correlomatrix_detector, N_channels=3)
    g = sim.create(nestor.spike_generator, spike_times=[1.0] * u.ms)
    sim.connect(g, det, receptor_type=2)
    with pytest.raises(nestor.IllegalConnectionError, match="receptor_type 3"):
        sim.connect(g, det, receptor_type=3)
    assert u.get_mantissa(det.get("delta_tau")[0] / u.ms) == pytest.approx(5 * DT)


def pulses_expected(pulses, N, D, Tmax):
    """pulses: (pool, on step, off step); count_covariance from the state traces."""
    end = max(p[2] for p in pulses) + 1
    S = np.zeros((N, end))
    for i, on, off in pulses:
        S[i, on:off] = 1
    Dst, t0 = round(D / DT), round(Tmax / D)
    out = np.zeros((N, N, 2 * t0 + 1))
    for i in range(N):
        for j in range(N):
            for k in range(-t0, t0 + 1):
                s = k * Dst
                shifted = np.zeros(end)  # S_j(t - s)
                if s >= 0:
                    shifted[s:] = S[j, : end - s]
                else:
                    shifted[: end + s] = S[j, -s:]
                out[i, j, t0 + k] = np.dot(S[i], shifted)
    return out


@pytest.mark.parametrize("D,Tm", [(0.1, 1.0), (0.2, 1.2)])
def test_spin_matrix_against_state_traces(D, Tm):
    # up = two spikes at one time (two multiplicity-1 events of one pool in one step: NEST's pair rule),
    # down = one spike. The last event (pool 0 up at 4.0)
    # confirms pool 1's down transition at 3.0 and starts a pulse that is never closed.
    ups = {0: [1.0, 4.0], 1: [1.5]}
    downs = {0: [2.0], 1: [3.0]}
    trains = [sorted(ups[i] * 2 + downs[i]) for i in (0, 1)]
    st = simulate(nestor.correlospinmatrix_detector, trains, [0, 1], T=6.0, N_channels=2,
                  delta_tau=D * u.ms, tau_max=Tm * u.ms)
    exp = pulses_expected([(0, 10, 20), (1, 15, 30)], 2, D, Tm)
    np.testing.assert_array_equal(st["count_covariance"], exp)
    t0 = round(Tm / D)
    assert st["count_covariance"][0, 0, t0] == 10 and st["count_covariance"][1, 1, t0] == 15
    assert st["count_covariance"][0, 1, t0] == 5


def test_spin_matrix_bad_parameters():
    sim = nestor.Simulator(dt=DT * u.ms)
    with pytest.raises(nestor.BadValueError, match="N_channels"):
        sim.create(nestor.correlospinmatrix_detector, N_channels=0)
    with pytest.raises(nestor.BadValueError, match="delta_tau"):
        sim.create(nestor.correlospinmatrix_detector, delta_tau=0.25 * u.ms)
    with pytest.raises(nestor.BadValueError, match="tau_max"):
        sim.create(nestor.correlospinmatrix_detector, delta_tau=0.2 * u.ms, tau_max=0.5 * u.ms)
    with pytest.raises(nestor.BadValueError, match="Tstart"):
        sim.create(nestor.correlospinmatrix_detector, Tstart=-1.0 * u.ms)
    det = sim.create(nestor.correlospinmatrix_detector)
    assert u.get_mantissa(det.get("delta_tau")[0] / u.ms) == pytest.approx(DT)
    n = sim.create(nestor.iaf_psc_alpha)
    with pytest.raises(nestor.IllegalConnectionError, match="binary"):
        sim.connect(n, det)
    g = sim.create(nestor.spike_generator, spike_times=[1.0] * u.ms)
    with pytest.raises(nestor.IllegalConnectionError, match="receptor_type 1"):
        sim.connect(g, det, receptor_type=1)
