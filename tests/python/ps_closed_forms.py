"""Helpers shared by the tests of the precise-timing current-based models (iaf_psc_exp_ps,
iaf_psc_exp_ps_lossless, iaf_psc_alpha_ps): a small network runner and the closed-form membrane
responses the tests compare with (U = V_m - E_L, R = tau_m/C_m)."""

import math

import numpy as np
from scipy.optimize import brentq

import nestor
from nestor import units as u

DTS = [2.0**-k for k in range(11)]


def mag(q, unit):
    return np.asarray(u.get_mantissa(q / unit), dtype=float)


def run(model, params, T, dt=0.1, spikes=(), interval=None, record=("V_m",), dc=None):
    """spikes: (times, weight in pA, delay in ms) per precise spike_generator. Returns sample times,
    {recordable: trace}, spike times and the neuron."""
    sim = nestor.Simulator(dt=dt * u.ms)
    n = sim.create(model, 1, **params)
    mm = sim.create(nestor.multimeter, record_from=list(record), interval=(interval or dt) * u.ms)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(mm, n)
    sim.connect(n, sr)
    for times, w, d in spikes:
        sg = sim.create(nestor.spike_generator, 1, spike_times=list(times), precise_times=True)
        sim.connect(sg, n, weight=w * u.pA, delay=d * u.ms)
    if dc is not None:
        gen = sim.create(nestor.dc_generator, amplitude=dc * u.pA)
        sim.connect(gen, n, delay=dt * u.ms)
    res = sim.simulate(T * u.ms, progress=False)
    t = mag(res.sample_times(mm), u.ms)
    units = {"V_m": u.mV}
    traces = {r: mag(res.trace(mm, r), units.get(r, u.pA))[:, 0] for r in record}
    return t, traces, mag(res.spikes(sr)["times"], u.ms), n


def u_dc(s, I, tau_m=10.0, C_m=250.0, U0=0.0):
    """U after s ms of a constant current I, from U0."""
    s = np.asarray(s, dtype=float)
    return U0 * np.exp(-s / tau_m) + I * tau_m / C_m * (1.0 - np.exp(-s / tau_m))


def first_spike_time(I, theta=15.0, tau_m=10.0, C_m=250.0, U0=0.0):
    """When U, from U0 under the current I, reaches theta."""
    RI = I * tau_m / C_m
    return tau_m * math.log((RI - U0) / (RI - theta))


def u_exp_psc(s, I0, tau_syn, tau_m=10.0, C_m=250.0):
    """U caused by a current I0 exp(-s/tau_syn) switched on at s = 0 (zero before)."""
    s = np.asarray(s, dtype=float)
    sp = np.maximum(s, 0.0)
    v = I0 / C_m * tau_m * tau_syn / (tau_m - tau_syn) * (np.exp(-sp / tau_m) - np.exp(-sp / tau_syn))
    return np.where(s > 0, v, 0.0)


def u_alpha_psc(s, w, tau_syn, tau_m=10.0, C_m=250.0):
    """U caused by the alpha current w e s/tau_syn exp(-s/tau_syn) (peak w at s = tau_syn)."""
    s = np.asarray(s, dtype=float)
    sp = np.maximum(s, 0.0)
    a, b = 1.0 / tau_syn, 1.0 / tau_m
    k = w * math.e / tau_syn / C_m
    # solution of U' = -b U + k s exp(-a s), U(0) = 0
    v = k * (np.exp(-b * sp) - np.exp(-a * sp) * (1.0 + (a - b) * sp)) / (a - b) ** 2
    return np.where(s > 0, v, 0.0)


def crossing(f, lo, hi):
    """The time in [lo, hi] where f crosses zero, to machine precision."""
    return brentq(f, lo, hi, xtol=1e-15, rtol=4 * np.finfo(float).eps, maxiter=500)
