"""step_rate_generator (NEST 3.9's models/step_rate_generator.cpp): step_current_generator's timing sending
rates to rate neurons (rate_connection_delayed). The rate of amplitude_times[k] = t_k is taken up in the
step ending at t_k (the recorded `rate` shows it from the sample at t_k on), and a lin_rate_ipn connected
with delay d reads it d steps later: its rate first moves in the sample at t_k + d. With lambda = 1,
sigma = 0 and tau, the target follows X(t) = sum_k (A_k - A_{k-1}) w (1 - exp(-(t - (t_k + d - h)) / tau))
for t >= t_k + d, exactly at the samples. NEST's own test: times 10, 110, 210 ms, rates 400, 1000, 200."""

import numpy as np
import pytest

import nestor
from nestor import units as u

DT = 0.1


def run(params, T, w=1.0, delay=1.0, tau=10.0, split=None):
    sim = nestor.Simulator(dt=DT * u.ms)
    n = sim.create(nestor.lin_rate_ipn, 1, sigma=0.0, tau=tau)
    g = sim.create(nestor.step_rate_generator, 1, **params)
    mm = sim.create(nestor.multimeter, record_from=["rate"])
    sim.connect(g, n, weight=w, delay=delay * u.ms, synapse_model="rate_connection_delayed")
    sim.connect(mm, n + g)
    ts, rs = [], []
    for p in [T] if split is None else [split, T - split]:
        res = sim.simulate(p * u.ms, progress=False)
        ts.append(np.asarray(u.get_mantissa(res.sample_times(mm) / u.ms), dtype=float))
        rs.append(np.asarray(u.get_mantissa(res.trace(mm, "rate")), dtype=float))
    return np.concatenate(ts), np.concatenate(rs)


def response(t, times, values, w, delay, tau):
    x = np.zeros_like(t)
    prev = 0.0
    for tk, a in zip(times, values):
        t0 = tk + delay - DT
        on = t >= tk + delay - 1e-9
        x += np.where(on, (a - prev) * w * (1 - np.exp(-(t - t0) / tau)), 0.0)
        prev = a
    return x


@pytest.mark.parametrize("delay", [0.1, 1.0, 2.5])
def test_switch_times(delay):
    times, values = [10.0, 110.0, 210.0], [400.0, 1000.0, 200.0]
    t, r = run({"amplitude_times": times, "amplitude_values": values}, 301.0, w=0.5, delay=delay)
    gen = r[:, 1]
    expected_gen = np.select([t >= 210.0 - 1e-9, t >= 110.0 - 1e-9, t >= 10.0 - 1e-9], [200.0, 1000.0, 400.0], 0.0)
    assert np.array_equal(gen, expected_gen)
    np.testing.assert_allclose(r[:, 0], response(t, times, values, 0.5, delay, 10.0), rtol=1e-12, atol=1e-10)
    k = int(round((10.0 + delay) / DT)) - 1  # the sample at t_1 + d: the first to move
    assert np.all(r[:k, 0] == 0.0) and r[k, 0] > 0.0
    # NEST's test: the neuron (tau 10 ms) has reached the rates at 100, 200, 300 ms within 0.2
    for tt, a in zip([100.0, 200.0, 300.0], values):
        assert r[np.argmin(abs(t - tt)), 0] == pytest.approx(0.5 * a, abs=0.2)


def test_split_run_matches():
    p = {"amplitude_times": [5.0, 7.3, 20.0], "amplitude_values": [1.0, -2.0, 0.5]}
    a = run(p, 30.0)[1]
    b = run(p, 30.0, split=7.2)[1]
    assert np.array_equal(a, b)


def test_window():
    # NEST's look-ahead for rate generators: active in step T when start < (T + 2) h <= stop (origin 0).
    t, r = run({"amplitude_times": [1.0], "amplitude_values": [2.0], "start": 5.0, "stop": 8.0}, 15.0)
    gen = r[:, 1]
    # steps T with 50 < T + 2 <= 80, i.e. T = 49 ... 78, sampled at (T + 1) h: 5.0 ms ... 7.9 ms
    on = (t > 4.95) & (t < 7.95)
    assert np.array_equal(gen, np.where(on, 2.0, 0.0))


def test_errors():
    sim = nestor.Simulator(dt=DT * u.ms)
    g = sim.create(nestor.step_rate_generator)
    with pytest.raises(nestor.BadValueError, match="amplitude_times"):
        g.set(amplitude_times=[1.0, 1.0], amplitude_values=[1.0, 2.0])
    with pytest.raises(nestor.BadValueError, match="amplitude_times"):
        g.set(amplitude_times=[2.0, 1.0], amplitude_values=[1.0, 2.0])
    with pytest.raises(nestor.BadValueError, match="amplitude_times"):
        g.set(amplitude_times=[1.0, 2.0], amplitude_values=[1.0])
    with pytest.raises(nestor.BadValueError, match="amplitude_times"):
        g.set(amplitude_times=[0.0], amplitude_values=[1.0])
    with pytest.raises(nestor.BadValueError, match="amplitude_times"):
        g.set(amplitude_times=[1.05], amplitude_values=[1.0])
    with pytest.raises(nestor.BadValueError, match="amplitude_times and amplitude_values"):
        g.set(amplitude_times=[1.0])
    g.set(allow_offgrid_times=True)
    g.set(amplitude_times=[1.05], amplitude_values=[1.0])
    assert list(np.asarray(u.get_mantissa(g.get("amplitude_times")[0] / u.ms))) == pytest.approx([1.1])
    with pytest.raises(nestor.BadValueError, match="allow_offgrid_times"):
        g.set(allow_offgrid_times=False)
    iaf = sim.create(nestor.iaf_psc_alpha)
    with pytest.raises(nestor.IllegalConnectionError, match="takes no rates"):
        sim.connect(g, iaf, synapse_model="rate_connection_delayed")
    with pytest.raises(nestor.IllegalConnectionError, match="rate_connection_delayed"):
        sim.connect(g, sim.create(nestor.lin_rate_ipn))
    assert nestor.get_model("step_rate_generator").recordables == ["rate"]
