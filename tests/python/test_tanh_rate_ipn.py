"""tanh_rate_ipn (NEST 3.9's rate_neuron_ipn with input(h) = tanh(g (h - theta))). With sigma = 0 and a
constant source rate r_A connected with weight w and delay d, the target relaxes exponentially to
tanh(g (w r_A - theta)) / lambda from the sample at d + h on, before which it relaxes to
tanh(-g theta) / lambda (NEST applies input() to the summed input even without any input):
X(t) = X_inf + (X(t0) - X_inf) exp(-lambda (t - t0) / tau) piecewise, exact at the samples.
linear_summation = False: NEST applies input() to each incoming rate, w tanh(g (r_A - theta)), and nothing
without input."""

import numpy as np
import pytest

import nestor
from nestor import units as u

DT = 0.1


def run(model, w, delay, r_a, target, T):
    sim = nestor.Simulator(dt=DT * u.ms)
    a = sim.create(nestor.lin_rate_ipn, 1, sigma=0.0, **{"lambda": 0.0}, rate=r_a)
    b = sim.create(model, 1, **target)
    mm = sim.create(nestor.multimeter, record_from=["rate"])
    sim.connect(a, b, weight=w, delay=delay * u.ms, synapse_model="rate_connection_delayed")
    sim.connect(mm, b)
    res = sim.simulate(T * u.ms, progress=False)
    t = np.asarray(u.get_mantissa(res.sample_times(mm) / u.ms), dtype=float)
    return t, np.asarray(u.get_mantissa(res.trace(mm, "rate")), dtype=float)[:, 0]


def piecewise(t, delay, x_before, x_after, lam, tau):
    before = x_before * (1 - np.exp(-lam * t / tau))
    x_d = x_before * (1 - np.exp(-lam * delay / tau))
    after = x_after + (x_d - x_after) * np.exp(-lam * (t - delay) / tau)
    return np.where(t <= delay + 1e-9, before, after)


@pytest.mark.parametrize("g,theta,w,lam", [(1.0, 0.0, 0.5, 1.0), (2.0, 0.3, -1.2, 0.5), (0.5, -1.0, 2.0, 2.0)])
def test_step_response(g, theta, w, lam):
    tau, delay, r_a = 5.0, 1.5, 1.5
    t, r = run(nestor.tanh_rate_ipn, w, delay, r_a, {"sigma": 0.0, "g": g, "theta": theta, "lambda": lam,
                                                     "tau": tau}, 40.0)
    expected = piecewise(t, delay, np.tanh(-g * theta) / lam, np.tanh(g * (w * r_a - theta)) / lam, lam, tau)
    np.testing.assert_allclose(r, expected, rtol=0, atol=1e-12)


@pytest.mark.parametrize("g,theta,w,lam", [(1.0, 0.0, 0.5, 1.0), (2.0, 0.3, -1.2, 0.5)])
def test_step_response_per_input(g, theta, w, lam):
    # linear_summation = False: each input counts as w tanh(g (r - theta)); without input there is no drive.
    tau, delay, r_a = 5.0, 1.5, 1.5
    t, r = run(nestor.tanh_rate_ipn, w, delay, r_a, {"sigma": 0.0, "g": g, "theta": theta, "lambda": lam,
                                                     "tau": tau, "linear_summation": False}, 40.0)
    expected = piecewise(t, delay, 0.0, w * np.tanh(g * (r_a - theta)) / lam, lam, tau)
    np.testing.assert_allclose(r, expected, rtol=0, atol=1e-12)


def test_defaults():
    sim = nestor.Simulator()
    n = sim.create(nestor.tanh_rate_ipn)
    assert float(n.get("g")[0]) == 1.0 and float(n.get("theta")[0]) == 0.0
    assert float(u.get_mantissa(n.get("tau")[0] / u.ms)) == 10.0 and float(n.get("sigma")[0]) == 1.0


@pytest.mark.parametrize("name,value", [("tau", 0.0), ("lambda", -1.0), ("sigma", -0.1), ("rectify_rate", -1.0)])
def test_parameter_rules(name, value):
    sim = nestor.Simulator()
    with pytest.raises(nestor.BadValueError, match=name):
        sim.create(nestor.tanh_rate_ipn, 1, **{name: value})
