"""NEST's Clopath spike-pairing test (testsuite/pytests/test_clopath_synapse.py,
test_SynapseDepressionFacilitation, expected values to rtol 1e-7) reproduced with nestor's
aeif_psc_delta_clopath and hh_psc_alpha_clopath: the neuron's recorded V_m and filtered voltages, fed to
NEST's Clopath rule evaluated in the test (clopath_closed_forms.py), give NEST's weights. This pins the
neurons' integration, clamping, initial filter values and the archive's timing (delay line starting at
0 mV, LTD ring) without a plastic synapse: the presynaptic input's effect on V is emulated by a
spike_generator whose spike_weights are the rule's weights, iterated to the fixed point (the k-th weight
only acts after the k-th spike, so the iteration ends after at most one round per spike)."""

import numpy as np
import pytest

import nestor
from nestor import units as u
from clopath_closed_forms import DT, PAIRING, PAIRING_POST, PAIRING_PRE, clopath_weights, pairing_score

REC = ["V_m", "u_bar_plus", "u_bar_minus", "u_bar_bar"]


def traces(model, params, pre, post, post_w, pre_weights):
    sim = nestor.Simulator(dt=DT * u.ms)
    n = sim.create(model, 1, **params)
    mm = sim.create(nestor.multimeter, record_from=REC)
    sim.connect(mm, n)
    sg_post = sim.create(nestor.spike_generator, spike_times=list(post) * u.ms)
    sim.connect(sg_post, n, weight=post_w, delay=DT * u.ms)
    # NEST: generator -> parrot (0.1 ms) -> neuron (0.1 ms): the input arrives 0.2 ms after the generator
    sg_pre = sim.create(nestor.spike_generator, spike_times=list(pre) * u.ms, spike_weights=list(pre_weights))
    sim.connect(sg_pre, n, weight=1.0, delay=2 * DT * u.ms)
    res = sim.simulate((10.0 + max(pre[-1], post[-1])) * u.ms, progress=False)
    return {v: np.asarray(res.trace(mm, v).magnitude).reshape(-1) for v in REC}


@pytest.mark.parametrize("model", sorted(PAIRING))
def test_nest_spike_pairing_weights(model):
    params, post_w, expected = PAIRING[model]
    rule = (params["A_LTD"], params["A_LTP"], 60.0, params["theta_plus"], params["theta_minus"], True)
    scores = []
    for pre, post in zip(PAIRING_PRE, PAIRING_POST):
        stamps = [int(round(t / DT)) + 1 for t in pre]  # the parrot's spikes
        w = [0.5] * len(pre)
        for _ in range(len(pre) + 1):
            rec = traces(getattr(nestor, model), params, pre, post, post_w, w)
            new = clopath_weights(rec, stamps, 0.5, 1, params["delay_u_bars"], rule, max_delay=1)
            if new == w:
                break
            w = new
        assert new == w  # the fixed point
        scores.append(pairing_score(w[-1]))
    np.testing.assert_allclose(scores, expected, rtol=1e-9)
