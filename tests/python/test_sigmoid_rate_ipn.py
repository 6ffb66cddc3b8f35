"""sigmoid_rate_ipn, sigmoid_rate_gg_1998_ipn and their transformers rate_transformer_sigmoid,
rate_transformer_sigmoid_gg_1998 (NEST 3.9's rate_neuron_ipn / rate_transformer_node with
input(h) = g / (1 + exp(-beta (h - theta))) and input(h) = (g h)^4 / (0.1^4 + (g h)^4)). With sigma = 0 and
a constant source r_A (weight w, delay d) the neuron relaxes to input(0) / lambda, then from the sample at
d + h on to input(w r_A) / lambda, exactly at the samples (linear_summation = False: w input(r_A) and no
drive without input). NEST's test_rate_neuron_communication: rate_transformer_sigmoid_gg_1998 with g = 0.1,
w = 0.5, r_A = 1.5 settles at (g w r_A)^4 / (0.1^4 + (g w r_A)^4)."""

import numpy as np
import pytest

import nestor
from nestor import units as u

DT = 0.1


def sig(h, g=1.0, beta=1.0, theta=0.0):
    return g / (1.0 + np.exp(-beta * (h - theta)))


def gg(h, g=1.0):
    return (g * h) ** 4 / (0.1 ** 4 + (g * h) ** 4)


def run(model, params, w, delay, r_a=1.5, T=30.0):
    sim = nestor.Simulator(dt=DT * u.ms)
    a = sim.create(nestor.lin_rate_ipn, 1, sigma=0.0, rate=r_a, **{"lambda": 0.0})
    b = sim.create(model, 1, **params)
    mm = sim.create(nestor.multimeter, record_from=["rate"])
    sim.connect(a, b, weight=w, delay=delay * u.ms, synapse_model="rate_connection_delayed")
    sim.connect(mm, b)
    res = sim.simulate(T * u.ms, progress=False)
    t = np.asarray(u.get_mantissa(res.sample_times(mm) / u.ms), dtype=float)
    return t, np.asarray(u.get_mantissa(res.trace(mm, "rate")), dtype=float)[:, 0]


CASES = [
    (nestor.sigmoid_rate_ipn, {"g": 2.0, "beta": 1.5, "theta": 0.5}, lambda h: sig(h, 2.0, 1.5, 0.5)),
    (nestor.sigmoid_rate_gg_1998_ipn, {"g": 0.3}, lambda h: gg(h, 0.3)),
]


@pytest.mark.parametrize("model,params,phi", CASES)
@pytest.mark.parametrize("linear_summation", [True, False])
def test_step_response(model, params, phi, linear_summation):
    tau, lam, w, d, r_a = 5.0, 0.8, -0.6, 1.2, 1.5
    t, r = run(model, {**params, "sigma": 0.0, "tau": tau, "lambda": lam, "linear_summation": linear_summation},
               w, d)
    x0 = phi(0.0) / lam if linear_summation else 0.0
    x1 = (phi(w * r_a) if linear_summation else w * phi(r_a)) / lam
    xd = x0 * (1 - np.exp(-lam * d / tau))
    expected = np.where(t <= d + 1e-9, x0 * (1 - np.exp(-lam * t / tau)),
                        x1 + (xd - x1) * np.exp(-lam * (t - d) / tau))
    np.testing.assert_allclose(r, expected, rtol=0, atol=1e-12)


@pytest.mark.parametrize("model,params,phi", [
    (nestor.rate_transformer_sigmoid, {"g": 2.0, "beta": 1.5, "theta": 0.5}, lambda h: sig(h, 2.0, 1.5, 0.5)),
    (nestor.rate_transformer_sigmoid_gg_1998, {"g": 0.1}, lambda h: gg(h, 0.1)),
])
def test_transformers(model, params, phi):
    w, d = 0.5, 1.0
    t, r = run(model, params, w, d, T=5.0)
    np.testing.assert_allclose(r, np.where(t > d + 1e-9, phi(w * 1.5), phi(0.0)), rtol=0, atol=1e-15)


def test_defaults_and_rules():
    sim = nestor.Simulator()
    n = sim.create(nestor.sigmoid_rate_ipn)
    assert [float(n.get(k)[0]) for k in ("g", "beta", "theta")] == [1.0, 1.0, 0.0]
    assert float(sim.create(nestor.sigmoid_rate_gg_1998_ipn).get("g")[0]) == 1.0
    with pytest.raises(nestor.BadValueError, match="tau"):
        sim.create(nestor.sigmoid_rate_ipn, 1, tau=-1.0)
    with pytest.raises(nestor.BadValueError, match="lambda"):
        sim.create(nestor.sigmoid_rate_gg_1998_ipn, 1, **{"lambda": -1.0})


def test_zero_rate_is_sent():
    # A source at rate 0 still sends every step: with linear_summation = False the target adds w input(0)
    # from the sample at d + h on (NEST applies input() to each received rate, zeros included).
    w, d, tau = 0.7, 1.0, 5.0
    t, r = run(nestor.sigmoid_rate_ipn, {"sigma": 0.0, "tau": tau, "linear_summation": False, "theta": 0.4},
               w, d, r_a=0.0)
    x1 = w * sig(0.0, theta=0.4)
    np.testing.assert_allclose(r, np.where(t <= d + 1e-9, 0.0, x1 * (1 - np.exp(-(t - d) / tau))),
                               rtol=0, atol=1e-12)
