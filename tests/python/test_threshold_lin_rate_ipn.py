"""threshold_lin_rate_ipn (NEST 3.9's rate_neuron_ipn with input(h) = min(max(g (h - theta), 0), alpha)).
With sigma = 0 and a constant source rate r_A (weight w, delay d), the target relaxes to input(0) / lambda
until the sample at d and to input(w r_A) / lambda from the sample at d + h on, exactly at the samples."""

import numpy as np
import pytest

import nestor
from nestor import units as u

DT = 0.1


def run(w, delay, r_a, target, T):
    sim = nestor.Simulator(dt=DT * u.ms)
    a = sim.create(nestor.lin_rate_ipn, 1, sigma=0.0, **{"lambda": 0.0}, rate=r_a)
    b = sim.create(nestor.threshold_lin_rate_ipn, 1, **target)
    mm = sim.create(nestor.multimeter, record_from=["rate"])
    sim.connect(a, b, weight=w, delay=delay * u.ms, synapse_model="rate_connection_delayed")
    sim.connect(mm, b)
    res = sim.simulate(T * u.ms, progress=False)
    t = np.asarray(u.get_mantissa(res.sample_times(mm) / u.ms), dtype=float)
    return t, np.asarray(u.get_mantissa(res.trace(mm, "rate")), dtype=float)[:, 0]


def phi(h, g, theta, alpha):
    return min(max(g * (h - theta), 0.0), alpha)


@pytest.mark.parametrize("g,theta,alpha,w", [(1.0, 0.0, np.inf, 0.5), (2.0, 0.5, np.inf, 1.0),
                                             (2.0, -0.5, 1.2, 1.0), (1.0, 0.2, np.inf, -1.0)])
def test_step_response(g, theta, alpha, w):
    tau, delay, r_a, lam = 4.0, 2.0, 1.5, 1.0
    t, r = run(w, delay, r_a, {"sigma": 0.0, "g": g, "theta": theta, "alpha": alpha, "tau": tau}, 40.0)
    x0, x1 = phi(0.0, g, theta, alpha) / lam, phi(w * r_a, g, theta, alpha) / lam
    before = x0 * (1 - np.exp(-t / tau))
    xd = x0 * (1 - np.exp(-delay / tau))
    after = x1 + (xd - x1) * np.exp(-(t - delay) / tau)
    np.testing.assert_allclose(r, np.where(t <= delay + 1e-9, before, after), rtol=0, atol=1e-12)


@pytest.mark.parametrize("g,theta,alpha,w", [(2.0, 0.5, np.inf, -0.5), (2.0, -0.5, 1.2, 0.8)])
def test_step_response_per_input(g, theta, alpha, w):
    # linear_summation = False: the input is w phi(r_A) (phi per connection), no drive without input
    tau, delay, r_a = 4.0, 2.0, 1.5
    t, r = run(w, delay, r_a, {"sigma": 0.0, "g": g, "theta": theta, "alpha": alpha, "tau": tau,
                               "linear_summation": False}, 40.0)
    x1 = w * phi(r_a, g, theta, alpha)
    np.testing.assert_allclose(r, np.where(t <= delay + 1e-9, 0.0, x1 * (1 - np.exp(-(t - delay) / tau))),
                               rtol=0, atol=1e-12)


def test_alpha_default_is_infinite():
    sim = nestor.Simulator()
    n = sim.create(nestor.threshold_lin_rate_ipn)
    assert np.isinf(float(n.get("alpha")[0]))
    n.set(alpha=2.0)
    assert float(n.get("alpha")[0]) == 2.0


@pytest.mark.parametrize("name,value", [("tau", -1.0), ("lambda", -1.0), ("sigma", -1.0), ("rectify_rate", -1.0),
                                        ("alpha", -np.inf)])
def test_parameter_rules(name, value):
    sim = nestor.Simulator()
    with pytest.raises(nestor.BadValueError, match=name):
        sim.create(nestor.threshold_lin_rate_ipn, 1, **{name: value})
