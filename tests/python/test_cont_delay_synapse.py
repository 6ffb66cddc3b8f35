"""cont_delay_synapse: delays with a sub-step part (NEST 3.9's models/cont_delay_synapse.h). Set on
connections or as the model's default, a delay d keeps its exact value: precise targets (parrot_neuron_ps,
iaf_psc_delta_ps) receive the spike exactly d after it was sent, grid targets in the step holding that
time (NEST's delay steps, one less when the spike's offset and the sub-step part exceed a step); a delay
given to connect is rounded to the grid, as NEST does."""

import numpy as np
import pytest

import nestor
from nestor import units as u

DT = 0.1
TIMES = [1.23, 2.5, 4.0001, 4.05, 7.123456789]


def mag(q):
    return np.asarray(u.get_mantissa(q / u.ms), dtype=float)


def run(d, post_model=nestor.parrot_neuron_ps, how="set", precise=True, first_delay=1.0):
    """precise spike_generator -> parrot_neuron_ps -> cont_delay_synapse (delay d) -> post."""
    sim = nestor.Simulator(dt=DT * u.ms)
    grid = {} if precise else dict(allow_offgrid_times=True)  # rounded up to the grid
    sg = sim.create(nestor.spike_generator, 1, spike_times=TIMES, precise_times=precise, **grid)
    pre = sim.create(nestor.parrot_neuron_ps if precise else nestor.parrot_neuron, 1)
    sim.connect(sg, pre, delay=first_delay * u.ms)
    post = sim.create(post_model, 1)
    if how == "defaults":
        sim.set_synapse_defaults("cont_delay_synapse", delay=d * u.ms)
        sim.connect(pre, post, synapse="cont_delay_synapse")
    elif how == "connect":
        sim.connect(pre, post, synapse="cont_delay_synapse", delay=d * u.ms)
    else:
        sim.connect(pre, post, synapse="cont_delay_synapse")
        sim.get_connections(pre, post).set(delay=d * u.ms)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(post, sr)
    res = sim.simulate(20.0 * u.ms, progress=False)
    return mag(res.spikes(sr)["times"]), sim.get_connections(pre, post)


@pytest.mark.parametrize("how", ["set", "defaults"])
@pytest.mark.parametrize("d", [1.05, 1.37, 2.0, 0.25])
def test_precise_target_gets_the_exact_delay(how, d):
    times, c = run(d, how=how)
    np.testing.assert_allclose(times, np.array(TIMES) + 1.0 + d, rtol=0, atol=1e-12)
    assert c.get("delay")[0] == pytest.approx(d, abs=1e-12)


@pytest.mark.parametrize("first_delay", [1.0, 1.1, 1.2, 1.3, 1.4, 1.5])
def test_arrival_one_step_early_sets_min_delay(first_delay):
    """delay 0.55 ms = 6 steps - 0.05 ms; a spike 0.07 ms before its step's end (1.23 + first_delay) arrives
    after 5 steps: the network's min_delay (the slice) must allow for it, wherever the slices begin."""
    times, _ = run(0.55, first_delay=first_delay)
    np.testing.assert_allclose(times, np.array(TIMES) + first_delay + 0.55, rtol=0, atol=1e-12)


@pytest.mark.parametrize("precise", [True, False])
def test_grid_target_gets_the_step_holding_the_arrival(precise):
    d = 1.33  # no arrival falls on a step's end (where rounding decides, in NEST too)
    times, _ = run(d, post_model=nestor.parrot_neuron, precise=precise)
    sent = np.array(TIMES) + 1.0
    if not precise:  # the grid parrot sends at the end of the step holding the generator's time
        sent = np.ceil(np.round(np.array(TIMES) / DT, 9)) * DT + 1.0
    expected = np.ceil(np.round((sent + d) / DT, 9)) * DT
    np.testing.assert_allclose(times, expected, rtol=0, atol=1e-12)


def test_connect_rounds_the_delay_to_the_grid():
    times, c = run(1.37, how="connect")
    assert c.get("delay")[0] == pytest.approx(1.4, abs=1e-12)
    np.testing.assert_allclose(times, np.array(TIMES) + 1.0 + 1.4, rtol=0, atol=1e-12)


def test_precise_neuron_sees_the_offset():
    """iaf_psc_delta_ps jumps by the weight at the exact arrival time: it spikes exactly then."""
    sim = nestor.Simulator(dt=DT * u.ms)
    sg = sim.create(nestor.spike_generator, 1, spike_times=[3.0], precise_times=True)
    pre = sim.create(nestor.parrot_neuron_ps, 1)
    sim.connect(sg, pre)
    post = sim.create(nestor.iaf_psc_delta_ps, 1)
    sim.connect(pre, post, synapse=nestor.cont_delay_synapse(weight=100.0))
    sim.get_connections(pre, post).set(delay=1.234 * u.ms)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(post, sr)
    times = mag(sim.simulate(10.0 * u.ms, progress=False).spikes(sr)["times"])
    np.testing.assert_allclose(times, [3.0 + 1.0 + 1.234], rtol=0, atol=1e-12)


def test_bad_delays():
    sim = nestor.Simulator(dt=DT * u.ms)
    a, b = sim.create(nestor.parrot_neuron, 1), sim.create(nestor.parrot_neuron, 1)
    sim.connect(a, b, synapse="cont_delay_synapse")
    c = sim.get_connections(a, b)
    with pytest.raises(nestor.BadDelayError, match="delay = 0.05"):
        c.set(delay=0.05 * u.ms)
    with pytest.raises(nestor.DimensionError, match="delay"):
        c.set(delay=1.0 * u.mV)
    assert c.get("delay")[0] == 1.0
    sim.set_synapse_defaults("cont_delay_synapse", delay=0.07 * u.ms)
    with pytest.raises(nestor.BadDelayError, match="delay = 0.07"):
        sim.connect(a, b, synapse="cont_delay_synapse")
