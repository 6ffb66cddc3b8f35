"""mcculloch_pitts_neuron (NEST 3.9): a binary neuron updated at Poisson times of mean interval tau_m,
setting S = 1 if h + c > theta, else 0 (deterministic). The shared checks (update-interval
distribution, h from up/down transitions, multiplicities, threads) are in binary_helpers.py, with their
closed forms and tolerances. There is no NEST reference case for binary neurons."""

import numpy as np
import pytest

import nestor
from nestor import units as u

import binary_helpers as bh

M = nestor.mcculloch_pitts_neuron
FLIP = dict(theta=-0.5)  # S = 1 at h = 0, S = 0 at h = -1


def test_defaults_and_recordables():
    d = M.defaults()
    assert d["tau_m"] == (10.0, "ms") and d["theta"] == (0.0, "mV")
    assert d["S"] == (0.0, "1") and d["h"] == (0.0, "mV")
    assert sorted(M.recordables) == ["S", "h"]
    assert "t_next" not in d  # internal


def test_tau_m_must_be_positive():
    bh.check_tau_m_rule(M)


@pytest.mark.parametrize("seed", [1, 2])
def test_update_intervals_are_exponential_with_mean_tau_m(seed):
    bh.check_update_intervals(M, FLIP, seed)


def test_heaviside_gain_with_dc():
    # S = H(c - theta) with theta = 0.3: strictly above only
    bh.check_stationary(M, dict(theta=0.3), lambda h: float(h > 0.3), [-1.0, 0.29, 0.31, 2.0], n=200)


def test_h_equal_to_theta_gives_zero():
    # always-up sources make h = theta exactly (0.25 = 0.5 + 0 - 0.25, sums exact in binary): S = 0
    frac, hs = bh.stationary_fraction(M, dict(theta=0.25), [0.25], 50, via_dc=False)
    np.testing.assert_array_equal(hs[0], 0.25)
    assert frac[0] == 0.0
    frac, hs = bh.stationary_fraction(M, dict(theta=0.2499), [0.25], 50, via_dc=False)
    assert frac[0] == 1.0


def test_always_up_sources_set_h_and_state():
    bh.check_stationary(M, dict(theta=0.1), lambda h: float(h > 0.1), [-0.5, 0.0, 0.5, 1.5], n=100,
                        via_dc=False)


def test_h_follows_up_and_down_transitions():
    # a target that never updates (tau_m huge) and one that does: h is the same function of the inputs
    bh.check_h_from_transitions(M, dict(tau_m=1e9 * u.ms), FLIP)
    bh.check_h_from_transitions(M, dict(tau_m=1.0 * u.ms, theta=0.5), FLIP, seed=3)


def test_spike_recorder_writes_up_transitions_twice():
    events, _, (senders, times) = bh.flippers(M, FLIP, 2, 5.0, 100.0)
    for ev in events.values():
        assert ev[0][1] == 2 and ev[1][1] == 1  # up: two entries at the same time, down: one
    assert len(senders) == sum(c for ev in events.values() for _, c in ev)


def test_threads_and_split_runs_give_identical_results():
    bh.check_threads_and_split(M, dict(theta=0.3), FLIP)


def test_neuron_created_later_catches_up_from_time_zero():
    # NEST draws the first update time as an absolute time from 0 (pre_run_hook, once): a neuron
    # created at t0 = 100 ms (tau_m = 5 ms) updates in every step until t_next passes t0, then at
    # Poisson times; the number of updates up to T is Poisson(T / tau_m) counted from 0.
    tau_m, t0, T, n = 5.0, 100.0, 300.0, 20
    sim = nestor.Simulator(dt=bh.DT * u.ms, seed=11)
    sim.simulate(t0 * u.ms, progress=False)
    pop = sim.create(M, n, tau_m=tau_m * u.ms, **FLIP)
    sim.connect(pop, pop, nestor.one_to_one, weight=-1.0, delay=bh.DT * u.ms)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(pop, sr)
    sp = sim.simulate((T - t0) * u.ms, progress=False).spikes(sr)
    senders, times = np.asarray(sp["senders"]), bh.mag(sp["times"], u.ms)
    total = 0
    for g in np.asarray(pop.global_ids):
        steps = np.unique(np.round(times[senders == g] / bh.DT).astype(np.int64))
        total += len(steps)
        # the first five updates fall in consecutive steps from t0 on (the catch-up)
        np.testing.assert_array_equal(steps[:5], np.arange(5) + round(t0 / bh.DT) + 1)
    mean = n * T / tau_m
    assert abs(total - mean) < 4.0 * np.sqrt(mean), (total, mean)
