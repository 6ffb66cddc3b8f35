"""poisson_generator, spike_generator and dc_generator with NEST 3.9's semantics.

A poisson_generator cannot be recorded directly (it draws a separate train for every target), so its
trains are observed through parrot_neurons, which repeat each arriving spike (with its multiplicity)
at the arrival time. Statistical checks use fixed seeds and tolerances of 4 standard deviations (or
the stated bound), so they hold for any seed with overwhelming probability."""

import math

import numpy as np
import pytest

import nestor
from nestor import units as u

DT = 0.1


def mag(q, unit):
    return np.asarray(u.get_mantissa(q / unit), dtype=float)


def parrot_trains(n_gen=1, n_parrots=1, rule=nestor.all_to_all, T=1000.0, delay=1.0, seed=1, **gen_params):
    """Generators -> parrots -> spike recorder. Returns (times, senders relative to the first parrot)."""
    sim = nestor.Simulator(dt=DT * u.ms, seed=seed)
    pg = sim.create(nestor.poisson_generator, n_gen, **gen_params)
    parrots = sim.create(nestor.parrot_neuron, n_parrots)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(pg, parrots, rule=rule, delay=delay)
    sim.connect(parrots, sr)
    sp = sim.simulate(T * u.ms, progress=False).spikes(sr)
    return mag(sp["times"], u.ms), np.asarray(sp["senders"]) - int(parrots.global_ids[0])


def binned(times, senders, n, T, width=1.0):
    """Spike counts per (train, bin of `width` ms over (0, T])."""
    edges = np.arange(0.0, T + width / 2, width) + 1e-6
    return np.array([np.histogram(times[senders == k], edges)[0] for k in range(n)])


def step_counts(times, t_first, t_last):
    """Spikes per grid time from t_first to t_last (inclusive): one entry per step."""
    k = np.round(times / DT).astype(np.int64)
    k0, k1 = int(round(t_first / DT)), int(round(t_last / DT))
    assert np.all((k >= k0) & (k <= k1))
    return np.bincount(k - k0, minlength=k1 - k0 + 1)


# ---------------------------------------------------------------- poisson_generator

def test_poisson_mean_count_matches_rate_times_T():
    rate, T, n = 500.0, 1000.0, 10
    times, senders = parrot_trains(n, n, rule=nestor.one_to_one, T=T, rate=rate)
    # Spikes are emitted in steps 1..; with delay 1 ms the parrots see those of steps 1..9989 in (0, T].
    expected_per_train = rate * (T - 1.0 - DT) / 1000.0
    counts = np.bincount(senders, minlength=n)
    total = counts.sum()
    assert abs(total - n * expected_per_train) < 4 * math.sqrt(n * expected_per_train)
    assert np.all(np.abs(counts - expected_per_train) < 4.5 * math.sqrt(expected_per_train))
    # Poisson: the variance of counts in 1 ms bins equals their mean (Fano factor 1; std of the
    # estimate about 0.015 for 10,000 bins, bound 0.1).
    b = binned(times, senders, n, T)[:, 2:]
    assert abs(b.var() / b.mean() - 1.0) < 0.1


def test_poisson_nodes_send_independent_trains():
    n, T = 8, 1000.0
    times, senders = parrot_trains(n, n, rule=nestor.one_to_one, T=T, rate=[1000.0] * n)
    b = binned(times, senders, n, T)[:, 2:]
    r = np.corrcoef(b)
    off = r[~np.eye(n, dtype=bool)]
    # 998 bins: the correlation of independent trains has std ~0.032; 0.15 is > 4.5 std.
    assert np.all(np.abs(off) < 0.15)
    assert abs(off.mean()) < 0.03
    assert len({tuple(np.round(times[senders == k], 6)) for k in range(n)}) == n  # all different


def test_poisson_two_targets_receive_independent_trains():
    T = 1000.0
    times, senders = parrot_trains(1, 2, T=T, rate=1000.0)
    b = binned(times, senders, 2, T)[:, 2:]
    expected = 1000.0 * (T - 1.0 - DT) / 1000.0
    for k in range(2):
        assert abs(b[k].sum() - expected) < 4 * math.sqrt(expected)
    assert abs(np.corrcoef(b)[0, 1]) < 0.15
    assert not np.array_equal(times[senders == 0], times[senders == 1])


def test_poisson_parallel_connections_draw_separately():
    """Two connections from one generator to one parrot: the parrot receives the sum of two independent
    trains (count variance = mean, Fano 1), not one train twice (which would give Fano 2)."""
    T = 1000.0
    sim = nestor.Simulator(dt=DT, seed=3)
    pg = sim.create(nestor.poisson_generator, 1, rate=2000.0)
    parrot = sim.create(nestor.parrot_neuron)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(pg, parrot)
    sim.connect(pg, parrot)
    sim.connect(parrot, sr)
    times = mag(sim.simulate(T).spikes(sr)["times"], u.ms)
    expected = 2 * 2000.0 * (T - 1.0 - DT) / 1000.0
    assert abs(len(times) - expected) < 4 * math.sqrt(expected)
    b = np.histogram(times, np.arange(1.25, T, 1.0))[0]
    assert abs(b.var() / b.mean() - 1.0) < 0.2


def test_poisson_multiplicity():
    """At 20 kHz and dt = 0.1 ms a step holds Poisson(2) spikes; the parrot repeats each with its
    multiplicity, so the recorder shows several spikes at one time, distributed as Poisson(2)."""
    T, delay = 200.0, DT
    times, _ = parrot_trains(T=T, delay=delay, rate=20000.0, seed=11)
    # Generator steps 1..1998 arrive at 0.3 .. 200.0 ms.
    c = step_counts(times, 2 * DT + delay, T)
    n_steps, mean = len(c), 2.0
    assert n_steps == 1998
    assert abs(c.sum() - n_steps * mean) < 4 * math.sqrt(n_steps * mean)
    assert c.max() >= 5
    for k in range(6):
        p = math.exp(-mean) * mean**k / math.factorial(k)
        observed = np.sum(c == k)
        assert abs(observed - n_steps * p) < 4 * math.sqrt(n_steps * p * (1 - p)) + 1, (k, observed, n_steps * p)


@pytest.mark.parametrize("origin,start,stop", [(0.0, 50.0, 150.0), (20.0, 30.0, 130.0)])
def test_poisson_start_stop_window(origin, start, stop):
    """Active in the steps T with origin+start < T <= origin+stop: spikes stamped from origin+start+2 dt
    to origin+stop+dt, seen by the parrot one delay later."""
    delay = 1.0
    times, _ = parrot_trains(T=200.0, delay=delay, rate=100000.0, origin=origin, start=start, stop=stop, seed=5)
    first, last = origin + start + 2 * DT + delay, origin + stop + DT + delay
    c = step_counts(times, first, last)  # asserts nothing outside the window
    assert len(c) == 1000
    # Both ends of the window are used: 10 spikes per step on average, P(empty step) = e^-10.
    assert c[0] > 0 and c[-1] > 0
    assert np.sum(c == 0) <= 2  # expected 0.05 empty steps
    assert abs(c.sum() - 10000) < 4 * math.sqrt(10000)


def test_poisson_zero_rate_sends_nothing():
    times, _ = parrot_trains(T=100.0, rate=0.0)
    assert len(times) == 0


def test_poisson_seeds():
    """rng_seed fixes a generator's stream whatever the simulator's seed; without it (-1) the
    simulator's seed decides."""
    a, _ = parrot_trains(T=200.0, rate=5000.0, rng_seed=42, seed=1)
    b, _ = parrot_trains(T=200.0, rate=5000.0, rng_seed=42, seed=2)
    c, _ = parrot_trains(T=200.0, rate=5000.0, rng_seed=43, seed=1)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)
    d, _ = parrot_trains(T=200.0, rate=5000.0, seed=1)
    e, _ = parrot_trains(T=200.0, rate=5000.0, seed=1)
    f, _ = parrot_trains(T=200.0, rate=5000.0, seed=2)
    assert np.array_equal(d, e)
    assert not np.array_equal(d, f)


def test_poisson_drives_a_neuron_in_distribution():
    """Shot noise: the mean free membrane potential under Poisson input of rate nu and weight w is
    E_L + nu * w * e * tau_syn * tau_m / C_m (Campbell's theorem), here -70 + 10 mV (threshold raised)."""
    sim = nestor.Simulator(dt=DT, seed=9)
    n = sim.create(nestor.iaf_psc_alpha, 4, V_th=1000.0)
    pg = sim.create(nestor.poisson_generator, 1, rate=25000.0)
    vm = sim.create(nestor.voltmeter)
    w = 10.0 / (25.0 * math.e * 2.0 * 10.0 / 250.0)  # mV = nu[1/ms] * w * e * tau_s * tau_m / C_m
    sim.connect(pg, n, weight=w, delay=1.0)
    sim.connect(vm, n)
    v = mag(sim.simulate(1000.0).trace(vm, "V_m"), u.mV)[1000:]  # after 100 ms of settling
    # Over seeds the mean has a std of 0.031 mV: bound 0.15 mV (almost 5 std).
    assert abs(v.mean() - (-60.0)) < 0.15
    # The four neurons receive independent trains: their traces are uncorrelated (the estimate of r
    # from 900 ms of a signal correlated over ~10 ms has a std of ~0.12; the mean over 6 pairs ~0.05;
    # identical trains would give r = 1).
    r = np.corrcoef(v.T)
    assert abs(r[~np.eye(4, dtype=bool)].mean()) < 0.25


# ---------------------------------------------------------------- spike_generator

def alpha(s, w, tau=2.0):
    s = np.maximum(s, 0.0)
    return w * math.e / tau * s * np.exp(-s / tau)


def psc_run(sg_params, weight, delay=1.0, T=150.0):
    sim = nestor.Simulator(dt=DT)
    sg = sim.create(nestor.spike_generator, 1, **sg_params)
    n = sim.create(nestor.iaf_psc_alpha, 1)
    mm = sim.create(nestor.multimeter, record_from=["I_syn_ex", "I_syn_in"])
    sim.connect(sg, n, weight=weight, delay=delay)
    sim.connect(mm, n)
    res = sim.simulate(T)
    t = mag(res.sample_times(mm), u.ms)
    return t, mag(res.trace(mm, "I_syn_ex"), u.pA)[:, 0], mag(res.trace(mm, "I_syn_in"), u.pA)[:, 0]


def test_spike_weights_multiply_the_connection_weight():
    t, ex, inh = psc_run({"spike_times": [10.0, 50.0, 90.0], "spike_weights": [1.0, 2.5, -0.5]}, weight=40.0)
    # PSC peaks equal the weight in pA, tau_syn after arrival at t_s + delay.
    for t_s, w, trace in ((10.0, 40.0, ex), (50.0, 100.0, ex), (90.0, -20.0, inh)):
        window = (t > t_s) & (t < t_s + 20.0)
        k = np.flatnonzero(window)[np.argmax(np.abs(trace[window]))]
        assert t[k] == pytest.approx(t_s + 1.0 + 2.0)
        assert trace[k] == pytest.approx(w, abs=1e-5)  # plus the far tail of the previous PSC
    expected_ex = alpha(t - 11.0, 40.0) + alpha(t - 51.0, 100.0)
    np.testing.assert_allclose(ex, expected_ex, rtol=0, atol=1e-9)
    np.testing.assert_allclose(inh, alpha(t - 91.0, -20.0), rtol=0, atol=1e-9)


def test_spike_generator_without_weights_uses_the_connection_weight():
    t, ex, inh = psc_run({"spike_times": [10.0]}, weight=75.0)
    np.testing.assert_allclose(ex, alpha(t - 11.0, 75.0), rtol=0, atol=1e-9)
    assert np.all(inh == 0.0)


def test_spike_generator_repeated_times_add_up():
    t, ex, _ = psc_run({"spike_times": [10.0, 10.0, 10.0]}, weight=30.0)
    assert ex.max() == pytest.approx(90.0, rel=1e-12)


def spike_times_out(sg_params, T=40.0, before=None):
    sim = nestor.Simulator(dt=DT)
    sg = sim.create(nestor.spike_generator, 1, **sg_params)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(sg, sr)
    out = []
    if before is not None:  # simulate first, then set new spike times
        out.append(mag(sim.simulate(before[0]).spikes(sr)["times"], u.ms))
        sg.set(**before[1])
    out.append(mag(sim.simulate(T).spikes(sr)["times"], u.ms))
    return np.concatenate(out)


@pytest.mark.parametrize("params,expected", [
    ({"spike_times": [10.0, 10.1, 15.0, 20.0, 20.1], "start": 10.0, "stop": 20.0}, [10.1, 15.0, 20.0]),
    # spike times are relative to origin (NEST: origin + spike_times), and so is the window
    ({"spike_times": [10.0, 20.0], "origin": 5.0, "stop": 12.0}, [15.0]),
    ({"spike_times": [1.0, 2.0, 3.0], "origin": 10.0, "start": 1.0}, [12.0, 13.0]),
    ({"spike_times": [1.05, 2.0], "allow_offgrid_times": True}, [1.1, 2.0]),
])
def test_spike_generator_times_and_window(params, expected):
    np.testing.assert_allclose(spike_times_out(params), expected, rtol=0, atol=1e-9)


def test_spike_generator_set_later_skips_the_past():
    got = spike_times_out({"spike_times": [5.0]}, T=20.0, before=(10.0, {"spike_times": [3.0, 12.0, 25.0]}))
    np.testing.assert_allclose(got, [5.0, 12.0, 25.0], rtol=0, atol=1e-9)


# ---------------------------------------------------------------- dc_generator

def dc_run(dc_params, delay, T, I_e=0.0, n_dc=1):
    sim = nestor.Simulator(dt=DT)
    n = sim.create(nestor.iaf_psc_alpha, 1, I_e=I_e)
    vm = sim.create(nestor.voltmeter)
    sim.connect(vm, n)
    if n_dc:
        dc = sim.create(nestor.dc_generator, n_dc, **dc_params)
        sim.connect(dc, n, delay=delay)
    res = sim.simulate(T)
    return mag(res.sample_times(vm), u.ms), mag(res.trace(vm, "V_m"), u.mV)[:, 0]


def step_response(t, t_on, amp, t_off=np.inf, E_L=-70.0, tau=10.0, C=250.0):
    """V for a current amp acting on [t_on, t_off] from rest."""
    R = tau / C
    on = np.clip(t - t_on, 0.0, None)
    v = E_L + amp * R * (1 - np.exp(-np.minimum(on, max(t_off - t_on, 0.0)) / tau))
    after = t > t_off
    v[after] = E_L + (v[after] - E_L) * np.exp(-(t[after] - t_off) / tau)
    return v


@pytest.mark.parametrize("delay", [1.0, 0.1, 2.5])
def test_dc_generator_window_and_delay(delay):
    """NEST: a current generator is active in steps T with origin+start < T+2 <= origin+stop; the
    current of step k arrives in step k+delay and acts on V from the next step. So the current acts
    on the interval [start + delay, stop + delay]: with start = 100 ms and delay 1 ms, the sample at
    101.0 ms is still at rest and the sample at 101.1 ms is the first to move (as NEST 3.9 records)."""
    amp, start, stop = 300.0, 100.0, 200.0
    t, v = dc_run({"amplitude": amp, "start": start, "stop": stop}, delay, 300.0)
    k_on = int(round((start + delay) / DT)) - 1  # sample at start + delay
    assert np.all(v[: k_on + 1] == -70.0)
    assert v[k_on + 1] > -70.0
    np.testing.assert_allclose(v, step_response(t, start + delay, amp, stop + delay), rtol=0, atol=1e-9)


def test_dc_generator_equals_I_e_shifted():
    """A dc current that acts from t_on drives V exactly as I_e does from 0, shifted by t_on (spikes
    included). t_on = start + delay; with start = 0 it is delay + dt, since the step before 0 in which
    the generator would have been active first does not exist."""
    t_ie, v_ie = dc_run({}, None, 300.0, I_e=450.0, n_dc=0)
    for start, delay, t_on in ((0.0, 0.1, 0.2), (0.0, 1.0, 1.1), (50.0, 0.1, 50.1), (50.0, 1.5, 51.5)):
        t_dc, v_dc = dc_run({"amplitude": 450.0, "start": start}, delay, 300.0)
        shift = int(round(t_on / DT))
        np.testing.assert_allclose(v_dc[shift:], v_ie[:-shift], rtol=0, atol=1e-12)
        assert np.all(v_dc[:shift] == -70.0)
        assert np.sum(np.diff(v_dc) < -10.0) >= 3  # it fires


def test_dc_generators_add_and_respect_origin():
    """Two generators (origin 20): 100 pA on [20+30+1, 20+130+1] and -40 pA on [20+80+1, 20+180+1] ms."""
    t, v = dc_run({"amplitude": [100.0, -40.0], "origin": 20.0, "start": [30.0, 80.0], "stop": [130.0, 180.0]},
                  1.0, 250.0, n_dc=2)
    expected = -70.0 + (step_response(t, 51.0, 100.0, 151.0) + 70.0) + (step_response(t, 101.0, -40.0, 201.0) + 70.0)
    np.testing.assert_allclose(v, expected, rtol=0, atol=1e-9)
    assert v.max() > -67.0 and v[int(round(125.0 / DT))] < v[int(round(100.0 / DT))]
