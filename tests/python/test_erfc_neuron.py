"""erfc_neuron (NEST 3.9): a binary neuron updated at Poisson times of mean interval tau_m, setting S = 1
with probability g(h + c) = erfc(-(h + c - theta) / (sqrt(2) sigma)) / 2, the probability that
h + c + noise > theta for Gaussian noise of standard deviation sigma. The shared checks (update-interval
distribution, h from up/down transitions, multiplicities, threads) are in binary_helpers.py, with their
closed forms and tolerances. There is no NEST reference case for binary neurons."""

import math

import numpy as np
import pytest
from scipy.stats import norm

import nestor
from nestor import units as u

import binary_helpers as bh

M = nestor.erfc_neuron
FLIP = dict(theta=-0.5, sigma=1e-3)  # g(0) = 1, g(-1) = 0 exactly in double precision


def test_defaults_and_recordables():
    d = M.defaults()
    assert d["tau_m"] == (10.0, "ms") and d["theta"] == (0.0, "mV") and d["sigma"] == (1.0, "mV")
    assert d["S"] == (0.0, "1") and d["h"] == (0.0, "mV")
    assert sorted(M.recordables) == ["S", "h"]


def test_tau_m_must_be_positive():
    bh.check_tau_m_rule(M)


def test_sigma_and_theta_are_not_checked():
    # as in NEST: sigma = 0 is a hard threshold, a negative sigma mirrors the gain
    n = nestor.Simulator().create(M, 2, sigma=[0.0, -1.0] * u.mV, theta=-2.0 * u.mV)
    np.testing.assert_array_equal(bh.mag(n.get("sigma"), u.mV), [0.0, -1.0])


@pytest.mark.parametrize("seed", [1, 2])
def test_update_intervals_are_exponential_with_mean_tau_m(seed):
    bh.check_update_intervals(M, FLIP, seed)


@pytest.mark.parametrize("seed", [1, 2])
def test_erfc_gain_with_dc(seed):
    theta, sigma = 0.4, 0.7
    # scipy's normal distribution function: P(x + sigma N(0,1) > theta)
    bh.check_stationary(M, dict(theta=theta, sigma=sigma), lambda x: norm.cdf((x - theta) / sigma),
                        [-1.0, 0.0, 0.4, 0.9, 2.0], seed=seed)


def test_erfc_gain_from_always_up_sources():
    theta, sigma = -0.3, 0.25
    bh.check_stationary(M, dict(theta=theta, sigma=sigma), lambda x: norm.cdf((x - theta) / sigma),
                        [-0.6, -0.3, 0.0], via_dc=False)


def test_zero_sigma_is_a_hard_threshold():
    bh.check_stationary(M, dict(theta=0.5, sigma=0.0), lambda x: float(x > 0.5), [0.25, 0.75], n=200)
    # at h = theta exactly 0/0 gives no transition to 1 (NaN compares false)
    frac, _ = bh.stationary_fraction(M, dict(theta=0.25, sigma=0.0), [0.25], 100, via_dc=False)
    assert frac[0] == 0.0


def test_negative_sigma_mirrors_the_gain():
    bh.check_stationary(M, dict(theta=0.0, sigma=-0.5), lambda x: norm.cdf(-x / 0.5), [-0.5, 0.5])


def test_h_follows_up_and_down_transitions():
    bh.check_h_from_transitions(M, dict(tau_m=1e9 * u.ms), FLIP)
    bh.check_h_from_transitions(M, dict(tau_m=1.0 * u.ms), FLIP, seed=6)


def test_threads_and_split_runs_give_identical_results():
    bh.check_threads_and_split(M, dict(theta=0.2, sigma=0.5), FLIP)
