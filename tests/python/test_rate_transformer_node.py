"""rate_transformer_lin, rate_transformer_tanh, rate_transformer_threshold_lin (NEST 3.9's
rate_transformer_node): no dynamics, each step rate = input(sum_j w_j r_j) of the delayed rates arriving in
that step, sending the rate it has at the start of each step. A constant source r_A with delay d gives
input(0) up to the sample at d and input(w r_A) from d + h on; relayed through a second connection of delay
d2 into a transformer, c(t) = w2 b(t - d2 - h) (b sends its rate of the start of the step, the value of the
sample h earlier): the change appears at d + d2 + 2h."""

import numpy as np
import pytest

import nestor
from nestor import units as u

DT = 0.1


def run(model, params, w, d, d2, r_a=1.5, T=10.0):
    sim = nestor.Simulator(dt=DT * u.ms)
    a = sim.create(nestor.lin_rate_ipn, 1, sigma=0.0, rate=r_a, **{"lambda": 0.0})
    b = sim.create(model, 1, **params)
    c = sim.create(nestor.rate_transformer_lin, 1)
    mm = sim.create(nestor.multimeter, record_from=["rate"])
    sim.connect(a, b, weight=w, delay=d * u.ms, synapse_model="rate_connection_delayed")
    sim.connect(b, c, weight=2.0, delay=d2 * u.ms, synapse_model="rate_connection_delayed")
    sim.connect(mm, b + c)
    res = sim.simulate(T * u.ms, progress=False)
    t = np.asarray(u.get_mantissa(res.sample_times(mm) / u.ms), dtype=float)
    return t, np.asarray(u.get_mantissa(res.trace(mm, "rate")), dtype=float)


@pytest.mark.parametrize("model,params,phi", [
    (nestor.rate_transformer_lin, {"g": 2.0}, lambda h: 2.0 * h),
    (nestor.rate_transformer_tanh, {"g": 1.5, "theta": 0.2}, lambda h: np.tanh(1.5 * (h - 0.2))),
    (nestor.rate_transformer_threshold_lin, {"g": 2.0, "theta": -0.25, "alpha": 1.0},
     lambda h: min(max(2.0 * (h + 0.25), 0.0), 1.0)),
])
def test_transform_and_timing(model, params, phi):
    w, d, d2 = 0.4, 1.0, 0.5
    t, r = run(model, params, w, d, d2)
    before, after = phi(0.0), phi(w * 1.5)
    np.testing.assert_allclose(r[:, 0], np.where(t > d + 1e-9, after, before), rtol=0, atol=1e-15)
    # the relay sends its start-of-step rate: c(t) = 2 b(t - d2 - h), b(0) = 0
    expected_c = np.where(t > d + d2 + DT + 1e-9, 2.0 * after, np.where(t > d2 + DT + 1e-9, 2.0 * before, 0.0))
    np.testing.assert_allclose(r[:, 1], expected_c, rtol=0, atol=1e-15)


def test_per_input_nonlinearity():
    # linear_summation = False: rate = sum_j w_j input(r_j); no input gives 0 (NEST applies input() per event)
    t, r = run(nestor.rate_transformer_tanh, {"g": 1.5, "theta": 0.2, "linear_summation": False}, 0.4, 1.0, 0.5)
    np.testing.assert_allclose(r[:, 0], np.where(t > 1.0 + 1e-9, 0.4 * np.tanh(1.5 * (1.5 - 0.2)), 0.0),
                               rtol=0, atol=1e-15)


def test_rules():
    sim = nestor.Simulator()
    n = sim.create(nestor.rate_transformer_lin, 1, linear_summation=False)
    iaf = sim.create(nestor.iaf_psc_alpha)
    with pytest.raises(nestor.IllegalConnectionError, match="rate neuron"):
        sim.connect(iaf, n)
    with pytest.raises(nestor.IllegalConnectionError, match="takes no rates"):
        sim.connect(n, iaf, synapse_model="rate_connection_delayed")
