"""ginzburg_neuron (NEST 3.9): a binary neuron updated at Poisson times of mean interval tau_m, setting
S = 1 with probability g(h + c) = c_1 (h + c) + c_2 (1 + tanh(c_3 (h + c - theta))) / 2 (clipped to
[0, 1] by the comparison with a uniform draw). The shared checks (update-interval distribution, h from
up/down transitions, multiplicities, threads) are in binary_helpers.py, with their closed forms and
tolerances. There is no NEST reference case for binary neurons."""

import math

import numpy as np
import pytest

import nestor
from nestor import units as u

import binary_helpers as bh

M = nestor.ginzburg_neuron
FLIP = dict(theta=-0.5, c_1=0.0, c_2=1.0, c_3=1000.0)  # g(0) = 1, g(-1) = 0 exactly


def gain(x, theta=0.0, c_1=0.0, c_2=1.0, c_3=1.0):
    return c_1 * x + c_2 * 0.5 * (1.0 + math.tanh(c_3 * (x - theta)))


def test_defaults_and_recordables():
    d = M.defaults()
    assert d["tau_m"] == (10.0, "ms") and d["theta"] == (0.0, "mV")
    assert d["c_1"] == (0.0, "1") and d["c_2"] == (1.0, "1") and d["c_3"] == (1.0, "1")
    assert d["S"] == (0.0, "1") and d["h"] == (0.0, "mV")
    assert sorted(M.recordables) == ["S", "h"]


def test_tau_m_must_be_positive():
    bh.check_tau_m_rule(M)


def test_gain_parameters_take_any_value():
    # NEST checks none of theta, c_1, c_2, c_3
    n = nestor.Simulator().create(M, 1, theta=-3.0 * u.mV, c_1=-0.5, c_2=-2.0, c_3=-4.0)
    assert [float(np.asarray(n.get(k))[0]) for k in ("c_1", "c_2", "c_3")] == [-0.5, -2.0, -4.0]


@pytest.mark.parametrize("seed", [1, 2])
def test_update_intervals_are_exponential_with_mean_tau_m(seed):
    bh.check_update_intervals(M, FLIP, seed)


@pytest.mark.parametrize("seed", [1, 2])
def test_sigmoidal_gain_with_dc(seed):
    p = dict(theta=0.5, c_1=0.0, c_2=1.0, c_3=1.5)
    bh.check_stationary(M, p, lambda x: gain(x, **p), [-1.0, 0.0, 0.5, 1.0, 2.0], seed=seed)


def test_affine_gain_is_clipped():
    # g(x) = 0.2 x + 0.3 (c_3 = 0: tanh term constant 1/2 c_2): 0.1 at -1, 0.5 at 1, > 1 at 4, < 0 at -2
    p = dict(theta=0.0, c_1=0.2, c_2=0.6, c_3=0.0)
    bh.check_stationary(M, p, lambda x: gain(x, **p), [-2.0, -1.0, 1.0, 4.0])


def test_glauber_gain_from_always_up_sources():
    # c_2 = 1, c_3 = beta/2: g = 1 / (1 + exp(-beta (h - theta)))
    beta, theta = 3.0, 0.2
    p = dict(theta=theta, c_1=0.0, c_2=1.0, c_3=beta / 2)
    bh.check_stationary(M, p, lambda x: 1.0 / (1.0 + math.exp(-beta * (x - theta))), [-0.5, 0.2, 0.8],
                        via_dc=False)


def test_h_follows_up_and_down_transitions():
    bh.check_h_from_transitions(M, dict(tau_m=1e9 * u.ms), FLIP)
    bh.check_h_from_transitions(M, dict(tau_m=1.0 * u.ms), FLIP, seed=4)


def test_transition_rates_match_the_gain():
    # In stationarity a neuron with g = 0.3 goes up at rate (1 - g) g / tau_m per unit time... counted
    # as up transitions (two spike_recorder entries at one time) over 200 neurons x 1000 ms, tau_m = 2 ms:
    # expected count 200 * 1000 / 2 * 0.7 * 0.3 = 21000 (Poisson-like, sd ~ 145; 5 sd allowed).
    g, n, T, tau_m = 0.3, 200, 1000.0, 2.0
    sim = nestor.Simulator(dt=bh.DT * u.ms, seed=5)
    pop = sim.create(M, n, tau_m=tau_m * u.ms, c_1=g, c_2=0.0, c_3=0.0)
    gen = sim.create(nestor.dc_generator, amplitude=1.0 * u.pA)  # field 1: g = c_1 = 0.3
    sim.connect(gen, pop, delay=bh.DT * u.ms)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(pop, sr)
    sp = sim.simulate(T * u.ms, progress=False).spikes(sr)
    senders, times = np.asarray(sp["senders"]), bh.mag(sp["times"], u.ms)
    keys = senders.astype(np.int64) * 10**9 + np.round(times / bh.DT).astype(np.int64)
    _, counts = np.unique(keys, return_counts=True)
    ups, downs = int(np.sum(counts == 2)), int(np.sum(counts == 1))
    expected = n * T / tau_m * g * (1.0 - g)
    assert abs(ups - expected) < 5.0 * math.sqrt(expected), (ups, expected)
    assert 0 <= ups - downs <= n  # they alternate, starting with an up transition


def test_threads_and_split_runs_give_identical_results():
    bh.check_threads_and_split(M, dict(theta=0.2, c_3=2.0), FLIP)
