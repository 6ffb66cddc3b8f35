"""Homogeneous populations of models with a vectorised update (update_bulk) must give
bitwise what the per-node update gives: the same nodes in a population made heterogeneous by one extra
node (which takes the per-node path) are compared sample by sample."""

import numpy as np
import pytest

import nestor
from nestor import units as u


def _recorded(model):
    return ["V_m"] if model == "iaf_psc_delta" else ["V_m", "I_syn_ex", "I_syn_in"]


def _run(model, extra_node):
    sim = nestor.Simulator(dt=0.1 * u.ms)
    n = 11  # not a multiple of the SIMD width: lanes and the scalar tail both run
    V0 = np.linspace(-70.0, -56.0, n)
    I_e = [380.0] * n + ([200.0] if extra_node else [])
    V = list(V0) + ([-70.0] if extra_node else [])
    pop = sim.create(model, len(I_e), I_e=I_e, V_m=V, t_ref=1.5)
    first = pop[:n]
    sg = sim.create(nestor.spike_generator, spike_times=[5.0, 5.0, 12.3, 17.0, 40.0, 41.2])
    dc = sim.create(nestor.dc_generator, amplitude=80.0, start=10.0, stop=60.0)
    w = np.linspace(-300.0, 400.0, n) / (40.0 if model == "iaf_psc_delta" else 1.0)  # mV for iaf_psc_delta
    sim.connect(sg, first, weight=w.reshape(n, 1), delay=1.0)
    if model == "iaf_psc_exp":
        sim.connect(dc, first, delay=0.5, receptor_type=1)  # port 1: filtered by the excitatory synapse
    sim.connect(dc, first, delay=0.7, receptor_type=0)
    mm = sim.create(nestor.multimeter, record_from=_recorded(model))
    sr = sim.create(nestor.spike_recorder)
    sim.connect(mm, first)
    sim.connect(first, sr)
    res = sim.simulate(100.0 * u.ms)
    return res, mm, sr


@pytest.mark.parametrize("model", ["iaf_psc_exp", "iaf_psc_alpha", "iaf_psc_delta"])
def test_vectorised_update_equals_per_node_update_bitwise(model):
    a, mm_a, sr_a = _run(model, extra_node=False)  # homogeneous: the vectorised update
    b, mm_b, sr_b = _run(model, extra_node=True)  # heterogeneous: the per-node update
    for var in _recorded(model):
        np.testing.assert_array_equal(a.trace(mm_a, var).magnitude, b.trace(mm_b, var).magnitude, err_msg=var)
    np.testing.assert_array_equal(a.spikes(sr_a)["senders"], b.spikes(sr_b)["senders"])
    np.testing.assert_array_equal(a.spikes(sr_a)["times"].magnitude, b.spikes(sr_b)["times"].magnitude)
    assert len(a.spikes(sr_a)["senders"]) > 20  # the neurons fire and pass through refractoriness
