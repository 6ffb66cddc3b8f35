"""Precise spike timing (NEST's *_ps machinery): spikes off the grid travel as (step, offset within the
step). spike_generator with precise_times sends its times as they are; parrot_neuron_ps repeats them
with their offsets after the connection's delay; grid models (parrot_neuron) receive them in the step
that holds them; the spike_recorder reports the exact times. Expected values are the input times plus
delays, computed here."""

import numpy as np
import pytest

import nestor
from nestor import units as u

DT = 0.1


def mag(q):
    return np.asarray(u.get_mantissa(q / u.ms), dtype=float)


def chain(times, delays, parrot=nestor.parrot_neuron_ps, threads=1, dt=DT, n_gen=1):
    """n_gen precise spike_generators -> parrot -> parrot -> ... (one per delay); records every stage."""
    sim = nestor.Simulator(dt=dt * u.ms, threads=threads)
    sg = sim.create(nestor.spike_generator, n_gen, spike_times=list(times), precise_times=True)
    stages, recs = [sg], []
    for d in delays:
        p = sim.create(parrot, 1)
        sim.connect(stages[-1], p, delay=d * u.ms)
        stages.append(p)
    for s in stages:
        sr = sim.create(nestor.spike_recorder)
        sim.connect(s, sr)
        recs.append(sr)
    res = sim.simulate(20.0 * u.ms, progress=False)
    return [res.spikes(r) for r in recs]


TIMES = [1.23, 2.5, 4.0001, 4.05, 7.123456789]


def test_precise_generator_sends_its_times_exactly():
    sp = chain(TIMES, [])[0]
    np.testing.assert_allclose(mag(sp["times"]), TIMES, rtol=0, atol=1e-12)


def test_parrot_neuron_ps_repeats_with_offsets_after_each_delay():
    out = chain(TIMES, [1.0, 0.3, 2.5])
    total = 0.0
    for stage, d in zip(out[1:], [1.0, 0.3, 2.5]):
        total += d
        np.testing.assert_allclose(mag(stage["times"]), np.array(TIMES) + total, rtol=0, atol=1e-12)


def test_grid_parrot_receives_precise_spikes_in_the_step_that_holds_them():
    out = chain(TIMES, [1.0], parrot=nestor.parrot_neuron)
    expected = np.ceil(np.round(np.array(TIMES) / DT, 9)) * DT + 1.0
    np.testing.assert_allclose(mag(out[1]["times"]), expected, rtol=0, atol=1e-12)


def test_multiplicity_and_order_within_a_step():
    # Two generators with the same times: every spike arrives twice, earliest first within each step.
    out = chain([0.55, 0.57], [0.2], n_gen=2)
    t = mag(out[1]["times"])
    np.testing.assert_allclose(t, [0.75, 0.75, 0.77, 0.77], rtol=0, atol=1e-12)


@pytest.mark.parametrize("k", [0, 3, 7, 10])
def test_offsets_for_power_of_two_resolutions(k):
    dt = 2.0**-k
    times = [0.3, 1.0 + 1e-3, 2.0]
    out = chain(times, [1.0, 2.0], dt=dt)
    np.testing.assert_allclose(mag(out[2]["times"]), np.array(times) + 3.0, rtol=0, atol=1e-12)


def test_results_do_not_depend_on_threads():
    a = chain(TIMES, [1.0, 0.5], threads=1)
    b = chain(TIMES, [1.0, 0.5], threads=2)
    for x, y in zip(a, b):
        np.testing.assert_array_equal(mag(x["times"]), mag(y["times"]))


def test_precise_times_and_allow_offgrid_times_exclude_each_other():
    sim = nestor.Simulator(dt=DT * u.ms)
    with pytest.raises(nestor.NestorError, match="precise_times"):
        sim.create(nestor.spike_generator, 1, spike_times=[1.25], precise_times=True, allow_offgrid_times=True)


def test_off_grid_time_without_precise_times_is_refused_and_names_the_options():
    sim = nestor.Simulator(dt=DT * u.ms)
    with pytest.raises(nestor.NestorError, match="precise_times"):
        sim.create(nestor.spike_generator, 1, spike_times=[1.25])


def test_a_refused_set_leaves_the_generator_as_it_was():
    sim = nestor.Simulator(dt=DT * u.ms)
    sg = sim.create(nestor.spike_generator, 1, spike_times=[1.0, 2.0])
    with pytest.raises(nestor.NestorError):
        sg.set(spike_times=[1.25])
    assert list(mag(sg.get("spike_times")[0])) == [1.0, 2.0]
    assert not sg.get("precise_times")[0]
