"""lin_rate_ipn (NEST 3.9's rate_neuron_ipn with the linear input function input(h) = g h) and NEST's
rate_connection_delayed.

NEST's update per step h (exponential Euler; Euler-Maruyama for lambda = 0):
    X' = P1 X + P2 mu + sqrt(-expm1(-2 lambda h / tau) / (2 lambda)) sigma xi + P2 * g * (sum_j w_j r_j),
    P1 = exp(-lambda h / tau), P2 = (1 - P1) / lambda,
so with sigma = 0, constant mu and no input X(t) = mu / lambda + (X0 - mu / lambda) exp(-lambda t / tau)
exactly at every sample t (and X0 + mu t / tau for lambda = 0). A rate neuron sends the rate it has at
the start of each step; with delay d the target reads it d later: its rate first moves in the sample at
d + h (NEST's test_rate_neuron_communication: 2.1 ms for d = 2 ms). With noise, X is an AR(1) process
whose stationary variance is sigma^2 / (2 lambda) (NEST's scaling tau dX = ... + sqrt(tau) sigma dW; it
does not depend on tau), lag-k autocorrelation P1^k; for lambda = 0 the variance grows as sigma^2 t / tau."""

import numpy as np
import pytest

import nestor
from nestor import units as u

DT = 0.1


def trace(res, mm, var="rate"):
    return np.asarray(u.get_mantissa(res.trace(mm, var)), dtype=float)


def run(params, T, n=1, seed=1, interval=None, var="rate"):
    sim = nestor.Simulator(dt=DT * u.ms, seed=seed)
    pop = sim.create(nestor.lin_rate_ipn, n, **params)
    mm = sim.create(nestor.multimeter, record_from=[var], **({} if interval is None else {"interval": interval}))
    sim.connect(mm, pop)
    res = sim.simulate(T * u.ms, progress=False)
    return np.asarray(u.get_mantissa(res.sample_times(mm) / u.ms), dtype=float), trace(res, mm, var)


def test_defaults_and_recordables():
    sim = nestor.Simulator()
    n = sim.create(nestor.lin_rate_ipn)
    expected = {"tau": 10.0, "lambda": 1.0, "sigma": 1.0, "mu": 0.0, "rectify_rate": 0.0, "g": 1.0,
                "g_ex": 1.0, "g_in": 1.0, "theta_ex": 0.0, "theta_in": 0.0, "rate": 0.0, "noise": 0.0}
    for k, v in expected.items():
        assert float(np.ravel(u.get_mantissa(n.get(k)))[0]) == v, k
    for k in ("linear_summation", "rectify_output", "mult_coupling"):
        assert bool(np.ravel(n.get(k))[0]) == (k == "linear_summation"), k
    assert nestor.get_model("lin_rate_ipn").recordables == ["rate", "noise"]


@pytest.mark.parametrize("lam,mu,r0,tau", [(1.0, 1.5, 0.0, 10.0), (0.5, -2.0, 1.0, 5.0), (2.0, 3.0, 4.0, 20.0)])
def test_relaxation_closed_form(lam, mu, r0, tau):
    t, r = run({"sigma": 0.0, "lambda": lam, "mu": mu, "rate": r0, "tau": tau}, 100.0)
    expected = mu / lam + (r0 - mu / lam) * np.exp(-lam * t / tau)
    np.testing.assert_allclose(r[:, 0], expected, rtol=0, atol=1e-12)


def test_euler_for_lambda_zero():
    t, r = run({"sigma": 0.0, "lambda": 0.0, "mu": 0.7, "rate": -1.0, "tau": 4.0}, 50.0)
    np.testing.assert_allclose(r[:, 0], -1.0 + 0.7 * t / 4.0, rtol=0, atol=1e-12)


def test_noise_zero_when_sigma_zero():
    _, nz = run({"sigma": 0.0, "mu": 1.0}, 20.0, var="noise")
    assert np.all(nz == 0.0)


def test_rectify_output():
    t, r = run({"sigma": 0.0, "mu": -2.0, "rate": 1.0, "rectify_output": True}, 50.0)
    free = -2.0 + 3.0 * np.exp(-t / 10.0)
    np.testing.assert_allclose(r[:, 0], np.maximum(free, 0.0), rtol=0, atol=1e-12)
    assert r[-1, 0] == 0.0
    t, r = run({"sigma": 0.0, "mu": -2.0, "rate": 1.0, "rectify_output": True, "rectify_rate": 0.25}, 50.0)
    np.testing.assert_allclose(r[:, 0], np.maximum(free, 0.25), rtol=0, atol=1e-12)
    assert r[-1, 0] == 0.25


def pair(w, delay, source, target, T, synapse_model="rate_connection_delayed"):
    sim = nestor.Simulator(dt=DT * u.ms)
    a = sim.create(nestor.lin_rate_ipn, 1, **source)
    b = sim.create(nestor.lin_rate_ipn, 1, **target)
    mm = sim.create(nestor.multimeter, record_from=["rate"])
    sim.connect(a, b, weight=w, delay=delay * u.ms, synapse_model=synapse_model)
    sim.connect(mm, a + b)
    res = sim.simulate(T * u.ms, progress=False)
    t = np.asarray(u.get_mantissa(res.sample_times(mm) / u.ms), dtype=float)
    return t, trace(res, mm)


@pytest.mark.parametrize("delay", [0.1, 2.0, 3.7])
def test_delayed_connection_constant_source(delay):
    # Source held at 1.5 exactly (lambda = 0, mu = 0); target: lambda = 1, mu = 0, g = 2.
    w, g, tau = 0.5, 2.0, 5.0
    t, r = pair(w, delay, {"sigma": 0.0, "lambda": 0.0, "rate": 1.5},
                {"sigma": 0.0, "tau": tau, "g": g}, 40.0)
    rb = r[:, -1]
    expected = np.where(t > delay + 1e-9, g * w * 1.5 * (1 - np.exp(-(t - delay) / tau)), 0.0)
    np.testing.assert_allclose(rb, expected, rtol=0, atol=1e-12)
    first = t[np.nonzero(rb)[0][0]]
    assert first == pytest.approx(delay + DT, abs=1e-9)  # NEST: d + h


@pytest.mark.parametrize("linear_summation", [True, False])
def test_delayed_connection_decaying_source(linear_summation):
    # Source decays from 1: r_A(n) = P1^n at the start of step n. The target reads w r_A(n - d) in step n,
    # so r_B(n) = g w P2 (n - d) P1^(n - 1 - d) for n > d (the discrete solution of NEST's update).
    w, g, tau, d = -0.8, 1.5, 10.0, 12
    t, r = pair(w, d * DT, {"sigma": 0.0, "rate": 1.0, "tau": tau},
                {"sigma": 0.0, "tau": tau, "g": g, "linear_summation": linear_summation}, 30.0)
    P1 = np.exp(-DT / tau)
    P2 = -np.expm1(-DT / tau)
    n = np.arange(1, len(t) + 1)  # samples after n updates
    np.testing.assert_allclose(r[:, 0], P1 ** n, rtol=1e-12, atol=0)
    expected = np.where(n > d, g * w * P2 * (n - d) * P1 ** np.maximum(n - 1 - d, 0), 0.0)
    np.testing.assert_allclose(r[:, 1], expected, rtol=0, atol=1e-13)


def test_multiplicative_coupling():
    # NEST: X' = P1 X + P2 mu + P2 g_ex (theta_ex - X) g (w r_A) for w > 0, with the rate X at the start
    # of the step; fixed point a theta / (lambda + a), a = g w r_A g_ex.
    w, g, g_ex, theta, tau, d = 0.5, 2.0, 1.5, 3.0, 5.0, 20
    t, r = pair(w, d * DT, {"sigma": 0.0, "lambda": 0.0, "rate": 1.5},
                {"sigma": 0.0, "tau": tau, "g": g, "g_ex": g_ex, "theta_ex": theta, "mult_coupling": True},
                100.0)
    P1, P2 = np.exp(-DT / tau), -np.expm1(-DT / tau)
    x, ref = 0.0, []
    for n in range(len(t)):
        inp = w * 1.5 if n >= d else 0.0
        x = P1 * x + P2 * g_ex * (theta - x) * (g * inp)
        ref.append(x)
    np.testing.assert_allclose(r[:, 1], ref, rtol=0, atol=1e-12)
    a = g * w * 1.5 * g_ex
    assert r[-1, 1] == pytest.approx(a * theta / (1 + a), abs=1e-6)


def test_inhibitory_multiplicative_coupling():
    # A negative weight goes to the inhibitory input: H_in = g_in (theta_in + X).
    w, g_in, theta_in, tau, d = -0.4, 2.0, 1.0, 5.0, 10
    t, r = pair(w, d * DT, {"sigma": 0.0, "lambda": 0.0, "rate": 1.0},
                {"sigma": 0.0, "tau": tau, "g_in": g_in, "theta_in": theta_in, "mult_coupling": True}, 60.0)
    P1, P2 = np.exp(-DT / tau), -np.expm1(-DT / tau)
    x, ref = 0.0, []
    for n in range(len(t)):
        inp = w * 1.0 if n >= d else 0.0
        x = P1 * x + P2 * g_in * (theta_in + x) * inp
        ref.append(x)
    np.testing.assert_allclose(r[:, 1], ref, rtol=0, atol=1e-12)


def test_ou_stationary_statistics():
    # 400 neurons from the stationary state's neighbourhood (rate 0 relaxes within 5 tau = 50 ms), sampled
    # every 1 ms for 2 s: stationary variance sigma^2 / (2 lambda), mean 0, autocorrelation exp(-lambda k h / tau).
    sigma, lam, tau = 2.0, 1.5, 10.0
    t, r = run({"sigma": sigma, "lambda": lam, "tau": tau}, 2000.0, n=400, seed=7, interval=1.0 * u.ms)
    x = r[t > 100.0]
    var_th = sigma ** 2 / (2 * lam)
    # ~ 400 * 1900 / (2 tau / lambda) = 57000 independent samples: the variance's relative standard error
    # is about sqrt(2 / 57000) = 0.6 %; tolerance 5 % (> 4 standard errors with the correlations).
    assert x.var() == pytest.approx(var_th, rel=0.05)
    assert abs(x.mean()) < 4 * np.sqrt(var_th / 57000.0) * 2
    k = 7  # 7 ms lag
    c = np.mean(x[:-k] * x[k:]) / x.var()
    assert c == pytest.approx(np.exp(-lam * k / tau), abs=0.03)


def test_noise_recordable_statistics():
    sigma = 0.8
    _, nz = run({"sigma": sigma}, 200.0, n=100, seed=3, var="noise")
    z = nz.ravel() / sigma  # 200000 standard normal draws
    assert abs(z.mean()) < 4 / np.sqrt(z.size)
    assert z.std() == pytest.approx(1.0, abs=4 * np.sqrt(0.5 / z.size))
    assert abs(np.mean(z[:-1] * z[1:])) < 4 / np.sqrt(z.size)  # independent in time (same node, next step)


def test_lambda_zero_variance_growth():
    # Euler-Maruyama without decay: X(t) = sum of t / h draws of sqrt(h / tau) sigma xi, var = sigma^2 t / tau.
    sigma, tau = 1.0, 10.0
    t, r = run({"sigma": sigma, "lambda": 0.0, "tau": tau}, 50.0, n=4000, seed=11)
    v = r[-1].var()
    th = sigma ** 2 * 50.0 / tau
    assert v == pytest.approx(th, rel=4 * np.sqrt(2 / 4000))


def test_seeds_differ_and_repeat():
    _, a = run({"sigma": 1.0}, 10.0, n=3, seed=5)
    _, b = run({"sigma": 1.0}, 10.0, n=3, seed=5)
    _, c = run({"sigma": 1.0}, 10.0, n=3, seed=6)
    assert np.array_equal(a, b) and not np.array_equal(a, c)
    assert not np.array_equal(a[:, 0], a[:, 1])


@pytest.mark.parametrize("name,value", [("tau", 0.0), ("tau", -1.0), ("lambda", -0.1), ("sigma", -1.0),
                                        ("rectify_rate", -0.5)])
def test_parameter_rules(name, value):
    sim = nestor.Simulator()
    with pytest.raises(nestor.BadValueError, match=name):
        sim.create(nestor.lin_rate_ipn, 1, **{name: value})
    n = sim.create(nestor.lin_rate_ipn)
    with pytest.raises(nestor.BadValueError, match=name):
        n.set(**{name: value})


def test_connection_rules():
    sim = nestor.Simulator()
    r = sim.create(nestor.lin_rate_ipn)
    r2 = sim.create(nestor.lin_rate_ipn)
    iaf = sim.create(nestor.iaf_psc_alpha)
    dc = sim.create(nestor.dc_generator)
    sr = sim.create(nestor.spike_recorder)
    with pytest.raises(nestor.IllegalConnectionError, match="takes no rates"):
        sim.connect(r, iaf, synapse_model="rate_connection_delayed")
    with pytest.raises(nestor.IllegalConnectionError, match="rate neuron"):
        sim.connect(iaf, r)
    with pytest.raises(nestor.IllegalConnectionError, match="sends none"):
        sim.connect(iaf, r, synapse_model="rate_connection_delayed")
    with pytest.raises(nestor.IllegalConnectionError, match="rate neuron"):
        sim.connect(dc, r)
    with pytest.raises(nestor.IllegalConnectionError, match="rate_connection_delayed"):
        sim.connect(r, r2)  # static_synapse
    with pytest.raises(nestor.IllegalConnectionError, match="rate_connection_instantaneous"):
        sim.connect(r, r2, synapse_model="rate_connection_instantaneous")
    with pytest.raises(nestor.IllegalConnectionError, match="rates"):
        sim.connect(r, sr)
    with pytest.raises(nestor.IllegalConnectionError, match="receptor_type 1"):
        sim.connect(r, r2, synapse_model="rate_connection_delayed", receptor_type=1)
    wr = sim.create(nestor.weight_recorder)
    with pytest.raises(nestor.IllegalConnectionError, match="weight_recorder"):
        sim.connect(r, r2, synapse_model="rate_connection_delayed", weight_recorder=wr)
    sim.connect(r, r2, synapse_model="rate_connection_delayed")
    assert sim.num_connections == 1


def test_threads_do_not_change_results():
    # A noisy network of rate neurons: the per-node streams and the ordered delivery make the rates the same
    # (bitwise) for any number of threads.
    def net(threads):
        sim = nestor.Simulator(dt=DT * u.ms, seed=9, threads=threads)
        pop = sim.create(nestor.lin_rate_ipn, 40, sigma=0.5, mu=0.2)
        sim.connect(pop, pop, nestor.fixed_indegree(5), weight=-0.3, delay=1.5 * u.ms,
                    synapse_model="rate_connection_delayed")
        mm = sim.create(nestor.multimeter, record_from=["rate"])
        sim.connect(mm, pop)
        return trace(sim.simulate(50.0 * u.ms, progress=False), mm)

    a = net(1)
    assert np.array_equal(a, net(2))
    assert np.all(np.isfinite(a)) and a.std() > 0


def test_get_connections_synapse_model():
    sim = nestor.Simulator()
    r = sim.create(nestor.lin_rate_ipn, 2)
    iaf = sim.create(nestor.iaf_psc_alpha, 2)
    sim.connect(r, r, synapse_model="rate_connection_delayed", weight=0.5)
    sim.connect(iaf, iaf, nestor.one_to_one)
    allc = sim.get_connections()
    assert list(allc.get("synapse_model")) == ["rate_connection_delayed"] * 4 + ["static_synapse"] * 2
    rc = sim.get_connections(synapse_model="rate_connection_delayed")
    assert len(rc) == 4 and set(rc.get("source")) == set(r.global_ids)
    sc = sim.get_connections(synapse_model="static_synapse")
    assert len(sc) == 2 and set(sc.get("source")) == set(iaf.global_ids)
    assert len(sim.get_connections(source=iaf, synapse_model="rate_connection_delayed")) == 0
    with pytest.raises(nestor.UnknownModelError):
        sim.get_connections(synapse_model="rate_connection_instantaneous")


def test_split_runs_equal_one_run():
    def net(parts):
        sim = nestor.Simulator(dt=DT * u.ms, seed=2)
        pop = sim.create(nestor.lin_rate_ipn, 5, sigma=0.4)
        sim.connect(pop, pop, weight=0.1, delay=0.7 * u.ms, synapse_model="rate_connection_delayed")
        mm = sim.create(nestor.multimeter, record_from=["rate", "noise"])
        sim.connect(mm, pop)
        out = [trace(sim.simulate(p * u.ms, progress=False), mm) for p in parts]
        return np.concatenate(out)

    assert np.array_equal(net([20.0]), net([3.3, 10.0, 6.7]))
