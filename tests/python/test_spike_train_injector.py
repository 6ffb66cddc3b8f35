"""spike_train_injector (NEST 3.9): prescribed spikes sent as the node's own, the same to every target
through its connections with their delays; a spike_recorder records it directly. A spike time t (relative
to origin) is sent in the step ending at origin + t if origin + start < origin + t <= origin + stop.
What differs from spike_generator: spike_multiplicities, shift_now_spikes, a spike time 0 is refused, the
on-grid test within half a tic, and the rules on the option flags. All checks here are exact."""

import numpy as np
import pytest

import nestor
from nestor import units as u
from sup_gen_helpers import mag

M = nestor.spike_train_injector
DT = 0.1


def run(T=10.0, n=1, delay=1.0, threads=1, runs=None, between=None, **params):
    """Injectors -> spike recorder (direct) and -> parrots (delay). Returns (own times, own senders, parrot
    times, parrot senders) as lists, senders counted from 0."""
    sim = nestor.Simulator(dt=DT * u.ms, threads=threads)
    inj = sim.create(M, n, **params)
    parrots = sim.create(nestor.parrot_neuron, n)
    own, rep = sim.create(nestor.spike_recorder), sim.create(nestor.spike_recorder)
    sim.connect(inj, parrots, "one_to_one", delay=delay)
    sim.connect(inj, own)
    sim.connect(parrots, rep)
    out = [[], [], [], []]
    for k, t in enumerate(runs or [T]):
        if between is not None and k > 0:
            between(inj, k)
        r = sim.simulate(t * u.ms, progress=False)
        a, b = r.spikes(own), r.spikes(rep)
        out[0] += mag(a["times"], u.ms).round(10).tolist()
        out[1] += (np.asarray(a["senders"]) - int(inj.global_ids[0])).tolist()
        out[2] += mag(b["times"], u.ms).round(10).tolist()
        out[3] += (np.asarray(b["senders"]) - int(parrots.global_ids[0])).tolist()
    return out


def test_spikes_at_their_times_and_after_the_delay():
    t, s, tp, sp = run(spike_times=[1.0, 2.0, 2.0, 3.5], delay=2.0)
    assert t == [1.0, 2.0, 2.0, 3.5]
    assert tp == [3.0, 4.0, 4.0, 5.5]


def test_multiplicities():
    t, _, tp, _ = run(spike_times=[1.0, 2.0, 4.0], spike_multiplicities=[1, 3, 2])
    assert t == [1.0, 2.0, 2.0, 2.0, 4.0, 4.0]
    assert tp == [2.0, 3.0, 3.0, 3.0, 5.0, 5.0]


def test_window_and_origin():
    # origin + start < origin + t <= origin + stop: with origin 2, start 1, stop 3 only t in (1, 3]
    t, _, _, _ = run(spike_times=[0.5, 1.0, 1.1, 2.0, 3.0, 3.1], origin=2.0, start=1.0, stop=3.0)
    assert t == [3.1, 4.0, 5.0]


def test_on_grid_within_half_a_tic():
    # NEST's documentation example: 1.9999 and 3.0001 are within a tic/2 of the grid.
    sim = nestor.Simulator(dt=DT * u.ms)
    g = sim.create(M, spike_times=[1.0, 1.9999, 3.0001])
    assert np.round(mag(g.get("spike_times")[0], u.ms), 10).tolist() == [1.0, 2.0, 3.0]
    with pytest.raises(nestor.NestorError, match="spike_times"):
        sim.create(M, spike_times=[1.0, 1.05, 3.0001])


def test_allow_offgrid_times_rounds_up():
    t, _, _, _ = run(spike_times=[1.0, 1.05, 3.0001], allow_offgrid_times=True)
    assert t == [1.0, 1.1, 3.0]


def test_precise_times_keep_the_offsets():
    sim = nestor.Simulator(dt=DT * u.ms)
    g = sim.create(M, spike_times=[1.0, 1.05, 3.0001], precise_times=True)
    assert np.allclose(mag(g.get("spike_times")[0], u.ms), [1.0, 1.05, 3.0001], rtol=0, atol=1e-12)
    # a precise target (parrot_neuron_ps) repeats them at their own times after the delay
    ps = sim.create(nestor.parrot_neuron_ps)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(g, ps, delay=1.0)
    sim.connect(ps, sr)
    tp = mag(sim.simulate(10.0 * u.ms).spikes(sr)["times"], u.ms)
    assert np.allclose(tp, [2.0, 2.05, 4.0001], rtol=0, atol=1e-9)


def test_shift_now_spikes():
    # after 10 ms, 10.0 lies at the current time: dropped, or with shift_now_spikes sent one step later.
    def later(shift):
        return lambda inj, k: inj.set(spike_times=[10.0, 11.0], shift_now_spikes=shift)

    t, _, _, _ = run(runs=[10.0, 5.0], between=later(False))
    assert t == [11.0]
    t, _, _, _ = run(runs=[10.0, 5.0], between=later(True))
    assert t == [10.1, 11.0]
    # and a spike time 0 is allowed with shift_now_spikes (sent at the first step)
    t, _, _, _ = run(spike_times=[0.0, 1.0], shift_now_spikes=True)
    assert t == [0.1, 1.0]


def test_many_injectors_on_two_threads():
    times = [[0.5 + 0.1 * j, 2.0 + 0.3 * j] for j in range(7)]
    a = run(n=7, threads=1, spike_times=times)
    b = run(n=7, threads=2, spike_times=times)
    assert a == b
    assert sorted(zip(a[1], a[0])) == sorted((j, round(x, 10)) for j in range(7) for x in times[j])


def test_new_times_restart_and_past_times_are_skipped():
    def later(inj, k):
        inj.set(spike_times=[2.0, 6.0, 7.0])

    t, _, _, _ = run(runs=[5.0, 5.0], spike_times=[1.0, 3.0], between=later)
    assert t == [1.0, 3.0, 6.0, 7.0]


@pytest.mark.parametrize(
    "params, name",
    [
        (dict(spike_times=[0.0, 1.0]), "spike_times"),
        (dict(spike_times=[2.0, 1.0]), "spike_times"),
        (dict(spike_times=[1.0, 2.0], spike_multiplicities=[1]), "spike_multiplicities"),
        (dict(spike_times=[1.0], spike_multiplicities=[-1]), "spike_multiplicities"),
        (dict(precise_times=True, allow_offgrid_times=True), "precise_times"),
        (dict(precise_times=True, shift_now_spikes=True), "precise_times"),
        (dict(start=5.0, stop=2.0), "stop"),
    ],
)
def test_bad_parameters_are_refused(params, name):
    sim = nestor.Simulator(dt=DT * u.ms)
    with pytest.raises(nestor.NestorError, match=name):
        sim.create(M, **params)


def test_flags_change_only_with_spike_times():
    sim = nestor.Simulator(dt=DT * u.ms)
    g = sim.create(M, spike_times=[1.0])
    with pytest.raises(nestor.NestorError, match="allow_offgrid_times"):
        g.set(allow_offgrid_times=True)
    assert np.asarray(g.get("allow_offgrid_times")).tolist() == [False]
    g.set(allow_offgrid_times=True, spike_times=[1.05])
    assert np.round(mag(g.get("spike_times")[0], u.ms), 10).tolist() == [1.1]
    h = sim.create(M)
    h.set(precise_times=True)  # no spike times yet: allowed
