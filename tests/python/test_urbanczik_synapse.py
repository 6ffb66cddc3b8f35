"""urbanczik_synapse (NEST 3.9's models/urbanczik_synapse.h with nestkernel/urbanczik_archiving_node*.h):

- NEST's own test (testsuite/pytests/test_urbanczik_synapse.py): a dendritic synapse onto
  pp_cond_exp_mc_urbanczik whose soma is driven to spike, against NEST's continuous-time evaluation of
  the rule from the recorded V_m.p and somatic spikes (relative error of the weight change < 0.001);
- every recorded weight against NEST's discrete rule evaluated in the test from the same recordings
  (exact to rounding);
- weights within [Wmin, Wmax]; 1 and 2 threads identical; targets without an Urbanczik archive refused.
Recorder readout is synapse_testlib.py's."""

import math

import numpy as np
import pytest

import nestor
import synapse_testlib as lib
from nestor import units as u

DT = 0.1
NRN = {"t_ref": 3.0, "g_sp": 600.0, "soma.V_m": -70.0, "soma.C_m": 300.0, "soma.E_L": -70.0, "soma.g_L": 30.0,
       "soma.E_ex": 0.0, "soma.E_in": -75.0, "soma.tau_syn_ex": 3.0, "soma.tau_syn_in": 3.0, "dendritic.V_m": -70.0,
       "dendritic.C_m": 300.0, "dendritic.E_L": -70.0, "dendritic.g_L": 30.0, "dendritic.tau_syn_ex": 3.0,
       "dendritic.tau_syn_in": 3.0, "phi_max": 0.15, "rate_slope": 0.5, "beta": 1.0 / 3.0, "theta": -55.0}
NRN = {("V_m.s" if k == "soma.V_m" else "V_m.p" if k == "dendritic.V_m" else k): v for k, v in NRN.items()}


def nest_net(seed=1, threads=1, pre_times=(1.0, 98.0), T=100.0, eta=0.75, init_w=100.0, Wmax=4.5 * 300.0,
             Wmin=0.0, n=1):
    sim = nestor.Simulator(dt=DT * u.ms, seed=seed, threads=threads)
    nrn = sim.create(nestor.pp_cond_exp_mc_urbanczik, n, **NRN)
    parrot = sim.create(nestor.parrot_neuron, 1)
    sim.connect(sim.create(nestor.spike_generator, spike_times=list(pre_times) * u.ms), parrot, delay=DT * u.ms)
    wr = sim.create(nestor.weight_recorder)
    sim.connect(parrot, nrn, receptor_type=3,
                synapse=nestor.urbanczik_synapse(weight=init_w, delay=DT * u.ms, tau_Delta=100.0 * u.ms, eta=eta,
                                                 Wmax=Wmax, Wmin=Wmin, weight_recorder=wr))
    soma_t = np.arange(10.0, 50.0, DT)
    sg = sim.create(nestor.spike_generator, spike_times=list(soma_t) * u.ms, spike_weights=list(10.0 * np.ones_like(soma_t)))
    sim.connect(sg, nrn, receptor_type=1, weight=10.0 * DT, delay=DT * u.ms)
    mm = sim.create(nestor.multimeter, record_from=["V_m.p"])
    sim.connect(mm, nrn)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(nrn, sr)
    res = sim.simulate(T * u.ms, progress=False)
    V_p = lib.traces(res, mm, ["V_m.p"])["V_m.p"]
    return sim, V_p, lib.spike_times_ms(res, sr), lib.recorded(res, wr)["weights"], nrn, parrot


def phi(V):
    return NRN["phi_max"] / (1.0 + NRN["rate_slope"] * np.exp(NRN["beta"] * (NRN["theta"] - V)))


def h(V):
    return 15.0 * NRN["beta"] / (1.0 + np.exp(-NRN["beta"] * (NRN["theta"] - V)) / NRN["rate_slope"])


def discrete_rule(V_p, spike_times, pre_stamps, init_w, eta, tau_Delta=100.0, d=1, Wmin=0.0, Wmax=1350.0):
    """NEST's urbanczik_synapse on the recorded history: dPI_k = (n_k - phi(V*_k) dt) h(V*_k) at stamp k."""
    V_star = (NRN["soma.g_L"] * NRN["soma.E_L"] + NRN["g_sp"] * V_p) / (NRN["soma.g_L"] + NRN["g_sp"])
    n = np.zeros(len(V_p))
    for t in spike_times:
        n[int(round(t / DT)) - 1] += 1
    dPI = (n - phi(V_star) * DT) * h(V_star)
    C_m, g_L = NRN["dendritic.C_m"], NRN["dendritic.g_L"]
    tau_L, tau_s = C_m / g_L, NRN["dendritic.tau_syn_ex"]
    PI_int = PI_exp = L = S = 0.0
    t_last, w, out = -1.0, init_w, []
    for ts in pre_stamps:
        t = ts * DT
        dexp = 0.0
        for k in range(len(V_p)):
            te = (k + 1) * DT
            if t_last - d * DT < te - 1e-9 and te <= t - d * DT + 1e-9:
                t_up = te + d * DT
                PI = (L * math.exp((t_last - t_up) / tau_L) - S * math.exp((t_last - t_up) / tau_s)) * dPI[k]
                PI_int += PI
                dexp += math.exp((t_up - t) / tau_Delta) * PI
        PI_exp = math.exp((t_last - t) / tau_Delta) * PI_exp + dexp
        w = init_w + (PI_int - PI_exp) * 15.0 * C_m * tau_s * eta / (g_L * (tau_L - tau_s))
        w = min(max(w, Wmin), Wmax)
        out.append(w)
        L = L * math.exp((t_last - t) / tau_L) + 1.0
        S = S * math.exp((t_last - t) / tau_s) + 1.0
        t_last = t
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_nest_case_and_the_discrete_rule(seed):
    _, V_p, spikes, weights, _, _ = nest_net(seed=seed)
    assert len(weights) == 2 and len(spikes) >= 1  # the soma was driven to fire
    stamps = [int(round(t / DT)) + 1 for t in (1.0, 98.0)]
    np.testing.assert_allclose(weights, discrete_rule(V_p, spikes, stamps, 100.0, 0.75), rtol=1e-12)
    # NEST's continuous-time evaluation (its test, verbatim in substance)
    t = np.arange(1, len(V_p) + 1) * DT
    V_star = (NRN["soma.g_L"] * NRN["soma.E_L"] + NRN["g_sp"] * V_p) / (NRN["soma.g_L"] + NRN["g_sp"])
    rate = phi(V_star)
    tau_s, tau_L = 3.0, 300.0 / 30.0
    t0 = 1.2
    alpha = np.heaviside(t - t0, 0.5) * tau_s * (np.exp(-(t - t0) / tau_L) - np.exp(-(t - t0) / tau_s)) / (30.0 * (tau_L - tau_s))
    idx = np.nonzero(np.isin(np.around(t, 4), np.around(spikes + 0.2, 4)))[0]
    rate[idx] -= 1.0 / DT
    raw = -15.0 * 300.0 * rate * h(V_star) * alpha
    low = 0.75 * np.exp(-t / 100.0) * np.cumsum(np.exp(t / 100.0) * raw) * DT / 100.0
    w_comp = 100.0 + np.cumsum(low) * DT
    k = np.nonzero(np.isin(np.around(t, 4), np.around(98.0 + DT, 4)))[0][-1]
    assert abs((weights[-1] - w_comp[k]) / (weights[-1] - 100.0)) < 0.001
    assert abs(weights[-1] - 100.0) > 1.0  # it learned something


def test_weights_stay_within_bounds():
    pre = np.arange(1.0, 99.0, 7.0)
    _, _, _, w, _, _ = nest_net(seed=5, pre_times=pre, eta=200.0, Wmax=120.0, Wmin=80.0)
    assert np.all(w <= 120.0) and np.all(w >= 80.0) and (np.max(w) == 120.0 or np.min(w) == 80.0)
    _, _, _, w2, _, _ = nest_net(seed=5, pre_times=pre, eta=-200.0, Wmax=120.0, Wmin=80.0)
    assert np.all(w2 <= 120.0) and np.all(w2 >= 80.0) and (np.max(w2) == 120.0 or np.min(w2) == 80.0)


def test_one_and_two_threads_identical():
    pre = np.arange(1.0, 199.0, 3.3)
    a = nest_net(seed=9, threads=1, pre_times=pre, T=200.0, n=6)
    b = nest_net(seed=9, threads=2, pre_times=pre, T=200.0, n=6)
    ca = a[0].get_connections(a[5], a[4])
    cb = b[0].get_connections(b[5], b[4])
    np.testing.assert_array_equal(ca.get("weight"), cb.get("weight"))
    np.testing.assert_array_equal(ca.get("target"), cb.get("target"))
    assert np.std(np.asarray(ca.get("weight"))) > 0  # the six targets learned differently


def test_targets_without_an_urbanczik_archive_are_refused():
    sim = nestor.Simulator(dt=0.1 * u.ms)
    src = sim.create(nestor.parrot_neuron, 1)
    for model in (nestor.iaf_psc_alpha, nestor.aeif_psc_delta_clopath):
        tgt = sim.create(model, 1)
        with pytest.raises(nestor.IllegalConnectionError, match=f"urbanczik_synapse.*{model.name}"):
            sim.connect(src, tgt, synapse=nestor.urbanczik_synapse(weight=1.0))
    assert sim.num_connections == 0


def test_parameter_rules():
    sim = nestor.Simulator(dt=0.1 * u.ms)
    a, b = sim.create(nestor.parrot_neuron, 1), sim.create(nestor.pp_cond_exp_mc_urbanczik, 1)
    with pytest.raises(nestor.BadValueError, match="Wmax"):
        sim.connect(a, b, receptor_type=3, synapse=nestor.urbanczik_synapse(weight=1.0, Wmax=-1.0))
    with pytest.raises(nestor.BadValueError, match="Wmax"):
        sim.connect(a, b, receptor_type=3, synapse=nestor.urbanczik_synapse(weight=1.0, Wmax=0.0))
    with pytest.raises(nestor.BadValueError, match="tau_Delta"):
        sim.connect(a, b, receptor_type=3, synapse=nestor.urbanczik_synapse(tau_Delta=0.0))
    with pytest.raises(nestor.BadValueError, match="Wmax"):  # NEST: signbit(weight) != signbit(Wmax)
        sim.connect(a, b, receptor_type=3, synapse=nestor.urbanczik_synapse(weight=-1.0, Wmax=0.0))
    sim.connect(a, b, receptor_type=3, synapse=nestor.urbanczik_synapse(weight=-1.0, Wmax=-0.5, Wmin=-5.0))
    c = sim.get_connections(a, b)
    assert c.get("eta")[0] == 0.07 and c.get("tau_Delta")[0] == 100.0 and c.get("Wmin")[0] == -5.0


def test_split_runs_and_reset_repeat_the_weights():
    pre = np.arange(1.0, 99.0, 4.1)
    one = nest_net(seed=4, pre_times=pre)
    c1 = one[0].get_connections(one[5], one[4])
    w1 = c1.get("weight")
    assert w1[0] != 100.0
    sim = nest_net(seed=4, pre_times=pre, T=37.3)[0]
    for T in (20.0, 42.7):
        sim.simulate(T * u.ms, progress=False)
    assert sim.get_connections(synapse_model="urbanczik_synapse").get("weight") == w1
    one[0].reset()
    assert c1.get("weight")[0] == 100.0
    one[0].simulate(100.0 * u.ms, progress=False)
    assert c1.get("weight") == w1
