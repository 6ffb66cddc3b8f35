"""lin_rate_opn, tanh_rate_opn, threshold_lin_rate_opn (NEST 3.9's rate_neuron_opn: output noise). Per step h:
noise = sigma xi, noisy_rate = X + sqrt(tau / h) noise is the rate sent in this step (a target with delay d
reads it d steps later), X' = exp(-h / tau) X + (1 - exp(-h / tau)) (mu + input). With sigma = 0,
X(t) = mu + (X0 - mu) exp(-t / tau) at the samples and noisy_rate(t) = X(t - h); with sigma > 0 and
X = 0 the sent rate is white noise of variance sigma^2 tau / h, which a lin_rate_ipn target integrates."""

import numpy as np
import pytest

import nestor
from nestor import units as u

DT = 0.1


def tr(res, mm, var):
    return np.asarray(u.get_mantissa(res.trace(mm, var)), dtype=float)


@pytest.mark.parametrize("model", [nestor.lin_rate_opn, nestor.tanh_rate_opn, nestor.threshold_lin_rate_opn])
def test_relaxation(model):
    sim = nestor.Simulator(dt=DT * u.ms)
    n = sim.create(model, 1, sigma=0.0, mu=1.2, rate=-0.5, tau=4.0)
    mm = sim.create(nestor.multimeter, record_from=["rate", "noisy_rate", "noise"])
    sim.connect(mm, n)
    res = sim.simulate(30.0 * u.ms, progress=False)
    t = np.asarray(u.get_mantissa(res.sample_times(mm) / u.ms), dtype=float)
    x = 1.2 + (-0.5 - 1.2) * np.exp(-t / 4.0)
    np.testing.assert_allclose(tr(res, mm, "rate")[:, 0], x, rtol=0, atol=1e-12)
    np.testing.assert_allclose(tr(res, mm, "noisy_rate")[:, 0], 1.2 + (-0.5 - 1.2) * np.exp(-(t - DT) / 4.0),
                               rtol=0, atol=1e-12)
    assert np.all(tr(res, mm, "noise") == 0.0)


def test_sent_noise_reaches_target():
    tau, sigma, w, g, d = 5.0, 0.3, 0.7, 1.5, 15
    sim = nestor.Simulator(dt=DT * u.ms, seed=4)
    a = sim.create(nestor.lin_rate_opn, 1, sigma=sigma, tau=tau)
    b = sim.create(nestor.lin_rate_ipn, 1, sigma=0.0, tau=2.0, g=g)
    mm = sim.create(nestor.multimeter, record_from=["noisy_rate", "rate"])
    mb = sim.create(nestor.multimeter, record_from=["rate"])
    sim.connect(a, b, weight=w, delay=d * DT * u.ms, synapse_model="rate_connection_delayed")
    sim.connect(mm, a)
    sim.connect(mb, b)
    res = sim.simulate(200.0 * u.ms, progress=False)
    sent = tr(res, mm, "noisy_rate")[:, 0]
    assert np.all(tr(res, mm, "rate") == 0.0)  # mu = 0, no input: X stays 0, only the sent rate is noisy
    assert sent.var() == pytest.approx(sigma ** 2 * tau / DT, rel=4 * np.sqrt(2 / sent.size))
    P1, P2 = np.exp(-DT / 2.0), -np.expm1(-DT / 2.0)
    x, ref = 0.0, []
    for k in range(sent.size):
        x = P1 * x + P2 * g * (w * sent[k - d] if k >= d else 0.0)
        ref.append(x)
    np.testing.assert_allclose(tr(res, mb, "rate")[:, 0], ref, rtol=0, atol=1e-12)


@pytest.mark.parametrize("name,value", [("tau", 0.0), ("sigma", -1.0)])
def test_parameter_rules(name, value):
    sim = nestor.Simulator()
    with pytest.raises(nestor.BadValueError, match=name):
        sim.create(nestor.lin_rate_opn, 1, **{name: value})
    with pytest.raises(nestor.UnknownParameterError):
        sim.create(nestor.lin_rate_opn, 1, **{"lambda": 1.0})  # NEST's opn has no lambda
