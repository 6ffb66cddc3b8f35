"""The Brunel (2000) balanced network of NEST's brunel_alpha_nest.py example, built with nestor's
Python API (the same network as bench/brunel.cpp; NEST's figures in nest_reference/brunel_nest.txt)."""

import numpy as np

import nestor
from nestor import units as u


def brunel(threads, order=500, T=200.0, seed=12345, record_traces=False):
    """NEST's brunel_alpha example at 1/5 scale (see bench/brunel.cpp for the full description)."""
    NE, NI = 4 * order, order
    CE, CI = NE // 10, NI // 10
    J_ex, g, eta, theta, C_m, tau_m, tau_syn = 20.68015524367846, 5.0, 2.0, 20.0, 250.0, 20.0, 0.5
    nu_th = theta * C_m / (J_ex * CE * np.e * tau_m * tau_syn)
    sim = nestor.Simulator(dt=0.1 * u.ms, seed=seed, threads=threads)
    params = dict(C_m=C_m, tau_m=tau_m, tau_syn_ex=tau_syn, tau_syn_in=tau_syn, t_ref=2.0, E_L=0.0,
                  V_reset=0.0, V_m=0.0, V_th=theta)
    E = sim.create(nestor.iaf_psc_alpha, NE, **params)
    I = sim.create(nestor.iaf_psc_alpha, NI, **params)
    noise = sim.create(nestor.poisson_generator, 1, rate=1000.0 * eta * nu_th * CE)
    sr = sim.create(nestor.spike_recorder)
    allN = E + I
    sim.connect(noise, allN, weight=J_ex, delay=1.5)
    sim.connect(E, allN, rule=nestor.fixed_indegree(CE), weight=J_ex, delay=1.5)
    sim.connect(I, allN, rule=nestor.fixed_indegree(CI), weight=-g * J_ex, delay=1.5)
    sim.connect(allN, sr)
    variables = ("V_m", "I_syn_ex", "I_syn_in")
    if record_traces:
        vm = sim.create(nestor.multimeter, record_from=list(variables))
        sim.connect(vm, allN[::250])
    res = sim.simulate(T * u.ms, progress=False)
    sp = res.spikes(sr)
    traces = {v: np.array(res.trace(vm, v).magnitude) for v in variables} if record_traces else {}
    return np.array(sp["senders"]), np.array(sp["times"].magnitude), traces, sim
