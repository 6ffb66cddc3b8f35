"""Shared checks of NEST 3.9's binary neurons (mcculloch_pitts_neuron, ginzburg_neuron, erfc_neuron), used
by test_<model>.py. The closed forms and the reference process are computed here, independently of the
engine:

- Update times: t_next (in tics of 1 us) starts at round(x_0 tau_m) and grows by round(x_i tau_m), x_i ~
  Exp(1); a neuron updates in step k (start k dt) when k dt > t_next, at most once per step. A neuron
  with an inhibitory self-connection (weight -1, delay dt) and a gain that is 1 at h = 0 and 0 at h = -1
  flips at every update, so its transitions are its update times.
- Binary events: an up transition is a spike of multiplicity 2 (the spike_recorder writes it twice, as
  NEST's spike_recorder writes one entry per multiplicity), a down transition multiplicity 1; a binary
  target adds +w, resp. -w, to h when the event arrives, so h(t) = sum_j w_j S_j(t - d_j) on the
  multimeter's grid (a sample at t is the state at the end of the step ending at t).
- Stationary state: after the first update (probability 1 - exp(-T/tau_m) by time T) S = 1 with
  probability g(h + c): over n independent neurons the count of S = 1 is Binomial(n, g)."""

import math

import numpy as np

import nestor
from nestor import units as u

DT = 0.1


def mag(q, unit):
    return np.asarray(u.get_mantissa(q / unit), dtype=float)


def flippers(model, flip_params, n, tau_m, T, seed=1, threads=1, split=None):
    """n neurons that flip at every update; returns {sender: [(time, entries), ...]} and the population."""
    sim = nestor.Simulator(dt=DT * u.ms, seed=seed, threads=threads)
    pop = sim.create(model, n, tau_m=tau_m, **flip_params)
    sim.connect(pop, pop, nestor.one_to_one, weight=-1.0, delay=DT * u.ms)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(pop, sr)
    senders, times = [], []
    for seg in split or [T]:
        sp = sim.simulate(seg * u.ms, progress=False).spikes(sr)
        senders.append(np.asarray(sp["senders"]))
        times.append(mag(sp["times"], u.ms))
    senders, times = np.concatenate(senders), np.concatenate(times)
    events = {}
    for g in np.asarray(pop.global_ids):
        t = np.round(times[senders == g] / DT).astype(np.int64)
        steps, counts = np.unique(t, return_counts=True)
        events[int(g)] = list(zip(steps.tolist(), counts.tolist()))
    return events, pop, (senders, times)


def reference_update_steps(n_updates, tau_m, rng):
    """NEST's update steps for one neuron (the process of the module docstring), drawn with numpy."""
    tics_per_step = round(1000 * DT)
    x = rng.exponential(1.0, n_updates)
    t_next = np.cumsum(np.floor(x * tau_m * 1000.0 + 0.5))  # t_next before update i, in tics
    a = np.floor(t_next / tics_per_step).astype(np.int64) + 1  # first step with k dt > t_next
    i = np.arange(n_updates)
    return np.maximum.accumulate(a - i) + i  # at most one update per step


def check_update_intervals(model, flip_params, seed):
    n, tau_m, T = 20, 5.0, 10000.0
    events, _, _ = flippers(model, flip_params, n, tau_m, T, seed=seed)
    intervals, total = [], 0
    for ev in events.values():
        steps = np.array([s for s, _ in ev])
        entries = [c for _, c in ev]
        # every update flips: up (2 entries), down (1), up, ... starting from S = 0
        assert entries == [2 if k % 2 == 0 else 1 for k in range(len(entries))], entries[:10]
        intervals.append(np.diff(steps) * DT)
        total += len(steps)
    intervals = np.concatenate(intervals)
    # number of updates: Poisson with mean n T / tau_m per run, within 4 standard deviations
    mean_count = n * T / tau_m
    assert abs(total - mean_count) < 4.0 * math.sqrt(mean_count), (total, mean_count)
    # the mean interval is tau_m: standard error tau_m / sqrt(#intervals) (~0.6 %), within 4 of them
    assert abs(intervals.mean() - tau_m) < 4.0 * tau_m / math.sqrt(len(intervals)), intervals.mean()
    # the distribution: exponential on the grid. Compare the empirical distribution function with NEST's
    # process simulated by numpy (2e5 intervals); Kolmogorov-Smirnov distance, 99.9 % bound of the two
    # samples ~ 1.95 sqrt(1/n1 + 1/n2) ~ 0.011
    rng = np.random.default_rng(seed)
    ref = np.diff(reference_update_steps(200000, tau_m, rng)) * DT
    grid = np.arange(0.0, 8.0 * tau_m, DT)
    ecdf = np.searchsorted(np.sort(intervals), grid, side="right") / len(intervals)
    rcdf = np.searchsorted(np.sort(ref), grid, side="right") / len(ref)
    bound = 1.95 * math.sqrt(1.0 / len(intervals) + 1.0 / len(ref))
    assert np.max(np.abs(ecdf - rcdf)) < bound, np.max(np.abs(ecdf - rcdf))
    # and the continuous exponential within the grid's resolution (DT / tau_m = 2 %)
    assert np.max(np.abs(ecdf - (1.0 - np.exp(-grid / tau_m)))) < 0.02 + bound


def stationary_fraction(model, params, fields, n, seed=1, tau_m=1.0, T=25.0, via_dc=True):
    """For each field value, n neurons driven by a dc current (via_dc) or by always-up McCulloch-Pitts
    sources (weights summing to the field); returns the fraction of S = 1 at T and the recorded h."""
    sim = nestor.Simulator(dt=DT * u.ms, seed=seed)
    pops = []
    for f in fields:
        pop = sim.create(model, n, tau_m=tau_m, **params)
        if via_dc:
            gen = sim.create(nestor.dc_generator, amplitude=f * u.pA)
            sim.connect(gen, pop, delay=DT * u.ms)
        else:
            # three sources always up (h = 0 > theta = -1) after their first update (tau_m = 0.2 ms)
            src = sim.create(nestor.mcculloch_pitts_neuron, 3, theta=-1.0, tau_m=0.2 * u.ms)
            w = np.array([0.5 * f + 0.25, 0.75 * f - 0.5, -0.25 * f + 0.25])  # sums to f
            sim.connect(src, pop, weight=np.tile(w, (n, 1)) * u.mV, delay=0.5 * u.ms)
        pops.append(pop)
    sim.simulate(T * u.ms, progress=False)
    return [np.asarray(p.get("S"), dtype=float).mean() for p in pops], [mag(p.get("h"), u.mV) for p in pops]


def check_stationary(model, params, gain, fields, n=2000, seed=1, via_dc=True):
    frac, hs = stationary_fraction(model, params, fields, n, seed=seed, via_dc=via_dc)
    for f, p, h in zip(fields, frac, hs):
        g = min(1.0, max(0.0, gain(f)))
        # S ~ Bernoulli(g) after the first update (none yet: probability exp(-25) per neuron)
        sd = math.sqrt(max(g * (1.0 - g), 1e-12) / n)
        assert abs(p - g) <= 4.0 * sd + 1e-12, (f, p, g)
        # the recorded h: the binary input only (a dc current is not part of it)
        np.testing.assert_allclose(h, 0.0 if via_dc else f, rtol=0, atol=1e-12)


def check_h_from_transitions(model, target_params, flip_params, seed=1, threads=1):
    """Three flipping sources (weights 0.7, -1.3, 2.1; delays 0.1, 0.5, 1.0 ms) drive a target of the
    model; its h must be sum_j w_j S_j(t - d_j), with S_j read from the sources' recorded transitions."""
    w, d = np.array([0.7, -1.3, 2.1]), np.array([0.1, 0.5, 1.0])
    T = 200.0
    sim = nestor.Simulator(dt=DT * u.ms, seed=seed, threads=threads)
    src = sim.create(model, 3, tau_m=4.0 * u.ms, **flip_params)
    sim.connect(src, src, nestor.one_to_one, weight=-1.0, delay=DT * u.ms)
    tgt = sim.create(model, 1, **target_params)
    for j in range(3):
        sim.connect(src[j], tgt, weight=w[j] * u.mV, delay=d[j] * u.ms)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(src, sr)
    mm = sim.create(nestor.multimeter, record_from=["h", "S"], interval=DT * u.ms)
    sim.connect(mm, tgt)
    res = sim.simulate(T * u.ms, progress=False)
    t = mag(res.sample_times(mm), u.ms)
    h = mag(res.trace(mm, "h"), u.mV)[:, 0]
    sp = res.spikes(sr)
    senders, times = np.asarray(sp["senders"]), mag(sp["times"], u.ms)
    expected = np.zeros_like(t)
    gids = np.asarray(src.global_ids)
    n_up = 0
    for j in range(3):
        steps, counts = np.unique(np.round(times[senders == gids[j]] / DT).astype(np.int64), return_counts=True)
        assert set(counts.tolist()) <= {1, 2}
        n_up += int(np.sum(counts == 2))
        state = np.zeros_like(t)
        for s, c in zip(steps, counts):
            # the transition at s dt reaches the target's h at the sample s dt + d_j
            state[np.round(t / DT).astype(np.int64) >= s + round(d[j] / DT)] = 1.0 if c == 2 else 0.0
        expected += w[j] * state
    assert n_up > 20  # the sources did flip many times
    np.testing.assert_allclose(h, expected, rtol=0, atol=1e-12)
    return res.spikes(sr), h


def check_threads_and_split(model, params, flip_params):
    """A small recurrent network: identical spikes and final state for 1 and 2 threads and split runs."""

    def run(threads, split):
        sim = nestor.Simulator(dt=DT * u.ms, seed=7, threads=threads)
        pop = sim.create(model, 40, tau_m=2.0 * u.ms, **params)
        flip = sim.create(model, 10, tau_m=3.0 * u.ms, **flip_params)
        sim.connect(flip, flip, nestor.one_to_one, weight=-1.0, delay=DT * u.ms)
        sim.connect(flip, pop, nestor.fixed_indegree(4), weight=0.4 * u.mV, delay=0.3 * u.ms)
        sim.connect(pop, pop, nestor.fixed_indegree(5), weight=-0.2 * u.mV, delay=0.2 * u.ms)
        sr = sim.create(nestor.spike_recorder)
        sim.connect(pop + flip, sr)
        s, t = [], []
        for seg in split:
            sp = sim.simulate(seg * u.ms, progress=False).spikes(sr)
            s.append(np.asarray(sp["senders"]))
            t.append(mag(sp["times"], u.ms))
        s, t = np.concatenate(s), np.concatenate(t)
        order = np.lexsort((s, t))
        return s[order], t[order], np.asarray(pop.get("S"), dtype=float), mag(pop.get("h"), u.mV)

    a = run(1, [100.0])
    assert len(a[0]) > 100
    for other in (run(2, [100.0]), run(1, [30.0, 70.0])):
        for x, y in zip(a, other):
            np.testing.assert_array_equal(x, y)


def check_tau_m_rule(model):
    sim = nestor.Simulator()
    for bad in (0.0, -1.0):
        try:
            sim.create(model, 1, tau_m=bad * u.ms)
        except nestor.BadValueError as e:
            assert "tau_m" in str(e)
        else:
            raise AssertionError(f"tau_m = {bad} accepted")
    n = sim.create(model, 1)
    try:
        n.set(tau_m=-5.0 * u.ms)
    except nestor.BadValueError as e:
        assert "tau_m" in str(e)
    else:
        raise AssertionError("set(tau_m=-5) accepted")
    assert mag(n.get("tau_m"), u.ms)[0] == 10.0  # unchanged after the failed set
