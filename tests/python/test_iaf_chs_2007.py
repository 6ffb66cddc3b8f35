"""iaf_chs_2007 (Carandini, Horton & Sincich 2007) against closed forms, and NEST 3.9's rules for it.

In normalised units (rest 0, threshold 1) V_m is a sum of waveforms: an input spike of weight w > 0
arriving at t_a adds w V_epsp (s/tau_epsp) exp(1 - s/tau_epsp), s = t - t_a (an alpha function peaking
at w V_epsp after tau_epsp); an output spike at t_sp subtracts V_reset exp(-(t - t_sp)/tau_reset).
Negative weights are ignored and the model takes no current input. With V_noise > 0 and a noise
signal, the step that ends at t_k = (k + 1) dt adds V_noise noise[position] to V_m (position = k
counted from the last time the signal was set, only in steps with V_noise > 0; none past its end).
(The NEST reference case iaf_chs_2007__standard runs in tests/validation/test_nest_cases.py.)"""

import math

import numpy as np
import pytest

import nestor
from nestor import units as u

DT = 0.1
MODEL = nestor.iaf_chs_2007


def mag(q, unit):
    return np.asarray(u.get_mantissa(q / unit), dtype=float)


def record(params, T, spikes=()):
    """spikes: (times, weight, delay in ms) per spike_generator. Returns t, V_m, spike times."""
    sim = nestor.Simulator(dt=DT * u.ms)
    n = sim.create(MODEL, 1, **params)
    mm = sim.create(nestor.multimeter, record_from=["V_m"])
    sr = sim.create(nestor.spike_recorder)
    sim.connect(mm, n)
    sim.connect(n, sr)
    for times, w, d in spikes:
        sg = sim.create(nestor.spike_generator, 1, spike_times=list(times))
        sim.connect(sg, n, weight=w, delay=d * u.ms)
    res = sim.simulate(T * u.ms, progress=False)
    t = mag(res.sample_times(mm), u.ms)
    v = np.asarray(u.get_mantissa(res.trace(mm, "V_m")), dtype=float)[:, 0]
    return t, v, mag(res.spikes(sr)["times"], u.ms)


def epsp(s, w, V_epsp=0.77, tau=8.5):
    s = np.maximum(s, 0.0)
    return w * V_epsp * s / tau * np.exp(1.0 - s / tau)


def idx(t, when):
    return int(np.argmin(np.abs(t - when)))


def test_defaults_and_recordables():
    d = MODEL.defaults()
    assert d == {"V_reset": (2.31, "1"), "V_epsp": (0.77, "1"), "tau_epsp": (8.5, "ms"),
                 "tau_reset": (15.4, "ms"), "V_noise": (0.0, "1"), "V_m": (0.0, "1"), "noise": d["noise"],
                 "tau_minus": (20.0, "ms"), "tau_minus_triplet": (110.0, "ms")}
    assert d["noise"][1] == "1" and len(d["noise"][0]) == 0  # an empty signal: no noise
    assert MODEL.recordables == ["V_m"]
    assert MODEL.weight_unit == "1"


@pytest.mark.parametrize("w,t_s,d,params", [
    (1.0, 5.0, 1.0, {}),
    (0.5, 2.3, 1.5, {}),
    (1.2, 1.0, 0.4, dict(V_epsp=0.5, tau_epsp=3.0)),
])
def test_one_spike_gives_an_alpha_epsp_peaking_at_w_V_epsp_after_tau_epsp(w, t_s, d, params):
    V_epsp, tau = params.get("V_epsp", 0.77), params.get("tau_epsp", 8.5)
    t, v, spikes = record(params, 60.0, spikes=[([t_s], w, d)])
    t_a = t_s + d
    k = idx(t, t_a)
    assert np.all(v[: k + 1] == 0.0)  # V moves from t_a + dt
    np.testing.assert_allclose(v, epsp(t - t_a, w, V_epsp, tau), rtol=0, atol=1e-12)
    k_peak = int(np.argmax(v))
    assert t[k_peak] == pytest.approx(t_a + tau, abs=DT / 2)
    assert v[k_peak] == pytest.approx(w * V_epsp, rel=1e-3)
    assert len(spikes) == 0


def test_epsps_superpose_and_multiplicity_counts():
    t, v, _ = record({}, 50.0, spikes=[([3.0, 3.0], 0.4, 1.0), ([10.0], 0.3, 2.0)])
    np.testing.assert_allclose(v, epsp(t - 4.0, 0.8) + epsp(t - 12.0, 0.3), rtol=0, atol=1e-12)


def test_negative_and_zero_weights_are_ignored():
    t, v, spikes = record({}, 40.0, spikes=[([5.0, 10.0], -1.0, 1.0), ([7.0], 0.0, 1.0), ([20.0], 0.5, 1.0)])
    np.testing.assert_allclose(v, epsp(t - 21.0, 0.5), rtol=0, atol=1e-12)
    assert np.all(v[t <= 21.0] == 0.0)


@pytest.mark.parametrize("w,params", [(2.0, {}), (3.0, dict(V_reset=3.0, tau_reset=30.0))])
def test_a_spike_subtracts_the_decaying_reset_waveform(w, params):
    V_reset, tau_r = params.get("V_reset", 2.31), params.get("tau_reset", 15.4)
    t_a = 2.0
    t, v, spikes = record(params, 80.0, spikes=[([1.0], w, 1.0)])
    syn = epsp(t - t_a, w)
    k_sp = int(np.argmax(syn >= 1.0))  # the first sample at or above threshold
    assert len(spikes) == 1  # the reset keeps V_m below 1 afterwards
    assert spikes[0] == pytest.approx(t[k_sp], abs=1e-9)
    reset = np.where(t >= t[k_sp] - 1e-9, -V_reset * np.exp(-(t - t[k_sp]) / tau_r), 0.0)
    np.testing.assert_allclose(v, syn + reset, rtol=0, atol=1e-12)


def test_regular_drive_fires_with_the_reset_carried_over():
    # Every input spike of weight 1.5 (peak 1.155) crosses threshold once the previous reset has decayed
    # enough; compare with the sum of the waveforms, spikes found step by step from the closed forms.
    period, w, T = 20.0, 1.5, 200.0
    arrivals = np.arange(1.0, T - 1.0, period) + 1.0
    t, v, spikes = record({}, T, spikes=[(list(arrivals - 1.0), w, 1.0)])
    syn = sum(epsp(t - a, w) for a in arrivals)
    expect_v = syn.copy()
    expect_spikes = []
    for k in range(len(t)):
        val = syn[k] - sum(2.31 * math.exp(-(t[k] - s) / 15.4) for s in expect_spikes)
        expect_v[k] = val
        if val >= 1.0:
            expect_spikes.append(t[k])
            expect_v[k] -= 2.31
    assert len(expect_spikes) >= 5
    np.testing.assert_allclose(spikes, expect_spikes, rtol=0, atol=1e-9)
    np.testing.assert_allclose(v, expect_v, rtol=0, atol=1e-9)


def test_V_noise_has_no_effect_without_a_noise_signal():
    # NEST's default noise signal is empty.
    a = record({}, 30.0, spikes=[([1.0], 2.0, 1.0)])
    b = record(dict(V_noise=0.5), 30.0, spikes=[([1.0], 2.0, 1.0)])
    np.testing.assert_array_equal(a[1], b[1])
    np.testing.assert_array_equal(a[2], b[2])


def run_noise(sim, n, T):
    mm = sim.create(nestor.multimeter, record_from=["V_m"])
    sim.connect(mm, n)
    res = sim.simulate(T * u.ms, progress=False)
    return mag(res.sample_times(mm), u.ms), np.asarray(u.get_mantissa(res.trace(mm, "V_m")), dtype=float)[:, 0]


def test_noise_signal_is_added_one_value_per_step_and_not_past_its_end():
    # By hand: sample k (t = (k + 1) dt) is epsp(t) + V_noise noise[k] for k < len(noise), epsp(t) after;
    # the noise does not accumulate (it is not part of V_syn or V_spike).
    rng = np.random.default_rng(5)
    noise = rng.normal(0.0, 0.3, 57)
    t, v, spikes = record(dict(V_noise=0.4, noise=list(noise)), 20.0, spikes=[([0.5], 0.6, 1.0)])
    expected = epsp(t - 1.5, 0.6)
    expected[: len(noise)] += 0.4 * noise
    np.testing.assert_allclose(v, expected, rtol=0, atol=1e-12)
    assert len(spikes) == 0 and len(t) > len(noise) + 50
    assert v[3] == pytest.approx(0.4 * noise[3], abs=1e-15)  # before the EPSP: the noise alone


def test_noise_can_trigger_a_spike_with_the_reset_after_it():
    noise = [0.0] * 30 + [3.0] + [0.0] * 10  # 0.5 * 3.0 = 1.5 >= 1 at the sample t = 3.1 ms
    t, v, spikes = record(dict(V_noise=0.5, noise=noise), 10.0)
    np.testing.assert_allclose(spikes, [3.1], rtol=0, atol=1e-12)
    k = 30
    assert v[k] == pytest.approx(1.5 - 2.31, abs=1e-12)
    np.testing.assert_allclose(v[k + 1:], -2.31 * np.exp(-(t[k + 1:] - t[k]) / 15.4), rtol=0, atol=1e-12)
    assert np.all(v[:k] == 0.0)


def test_noise_position_counts_only_with_V_noise_and_rewinds_when_the_signal_is_set():
    noise = list(np.arange(1, 101) * 1e-3)  # noise[k] = (k + 1) / 1000
    sim = nestor.Simulator(dt=DT * u.ms)
    n = sim.create(MODEL, 1, noise=noise, V_noise=0.0)
    _, v = run_noise(sim, n, 1.0)  # V_noise = 0: no noise and the position stays at 0
    assert np.all(v == 0.0)
    n.set(V_noise=2.0)  # setting V_noise does not rewind
    _, v = run_noise(sim, n, 1.0)
    np.testing.assert_allclose(v, 2.0 * np.array(noise[:10]), rtol=0, atol=1e-15)
    _, v = run_noise(sim, n, 0.5)  # the position carries over to the next simulate()
    np.testing.assert_allclose(v, 2.0 * np.array(noise[10:15]), rtol=0, atol=1e-15)
    n.set(V_noise=-1.0)  # V_noise <= 0: no noise, no counting
    _, v = run_noise(sim, n, 0.3)
    assert np.all(v == 0.0)
    n.set(V_noise=1.0)
    _, v = run_noise(sim, n, 0.2)
    np.testing.assert_allclose(v, np.array(noise[15:17]), rtol=0, atol=1e-15)
    n.set(noise=noise)  # setting the signal (even the same one) rewinds it
    _, v = run_noise(sim, n, 0.3)
    np.testing.assert_allclose(v, np.array(noise[:3]), rtol=0, atol=1e-15)
    assert list(n.get("noise")[0]) == noise


def test_nodes_keep_their_own_noise_signals():
    sim = nestor.Simulator(dt=DT * u.ms)
    n = sim.create(MODEL, 2, V_noise=1.0)
    n[0].set(noise=[0.1, 0.2, 0.3])  # signals of different lengths, one per node
    n[1].set(noise=[-0.5, 0.25])
    mm = sim.create(nestor.multimeter, record_from=["V_m"])
    sim.connect(mm, n)
    res = sim.simulate(0.4 * u.ms, progress=False)
    v = np.asarray(u.get_mantissa(res.trace(mm, "V_m")), dtype=float)
    np.testing.assert_allclose(v, [[0.1, -0.5], [0.2, 0.25], [0.3, 0.0], [0.0, 0.0]], rtol=0, atol=1e-15)
    n[1].set(noise=[0.7])  # rewinds node 2 only
    res = sim.simulate(0.2 * u.ms, progress=False)
    v = np.asarray(u.get_mantissa(res.trace(mm, "V_m")), dtype=float)
    np.testing.assert_allclose(v, [[0.0, 0.7], [0.0, 0.0]], rtol=0, atol=1e-15)


def test_V_m_is_recomputed_every_step():
    # V_m is the sum of the waveforms: a V_m set by the user is replaced in the first step.
    sim = nestor.Simulator(dt=DT * u.ms)
    n = sim.create(MODEL, 1, V_m=0.5)
    assert n.get("V_m")[0] == 0.5
    sim.simulate(1.0 * u.ms, progress=False)
    assert n.get("V_m")[0] == 0.0


# ---- parameter checks (NEST's rules) ---------------------------------------------------------------


@pytest.mark.parametrize("bad,message", [
    (dict(V_epsp=-0.1), "V_epsp"),
    (dict(V_reset=-1.0), "V_reset"),
    (dict(tau_epsp=0.0), "tau_epsp"),
    (dict(tau_epsp=-2.0), "tau_epsp"),
    (dict(tau_reset=0.0), "tau_reset"),
])
def test_parameter_checks(bad, message):
    sim = nestor.Simulator()
    with pytest.raises(nestor.BadValueError, match=message):
        sim.create(MODEL, 1, **bad)
    n = sim.create(MODEL, 1)
    with pytest.raises(nestor.BadValueError, match=message):
        n.set(**bad, V_noise=0.3)
    assert n.get("V_noise")[0] == 0.0  # a refused set changes nothing


def test_accepted_edge_values():
    sim = nestor.Simulator()
    n = sim.create(MODEL, 1, V_epsp=0.0, V_reset=0.0, V_noise=-1.0)
    assert n.get("V_epsp")[0] == 0.0 and n.get("V_reset")[0] == 0.0


def test_ports_no_current_input():
    sim = nestor.Simulator()
    n = sim.create(MODEL)
    sg = sim.create(nestor.spike_generator, spike_times=[1.0])
    dc = sim.create(nestor.dc_generator)
    with pytest.raises(nestor.IllegalConnectionError):
        sim.connect(dc, n)
    with pytest.raises(nestor.IllegalConnectionError):
        sim.connect(sg, n, receptor_type=1)
    with pytest.raises(nestor.DimensionError):
        sim.connect(sg, n, weight=2.0 * u.pA)
    sim.connect(sg, n, weight=0.5)
