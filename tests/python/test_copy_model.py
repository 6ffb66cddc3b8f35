"""NEST's CopyModel, SetDefaults and GetDefaults (Simulator.copy_model, set_defaults, get_defaults) for
neuron and device models: per Simulator, checked when given, applied before create()'s own values."""

import numpy as np
import pytest

import nestor
from nestor import units as u

DT = 0.1


def mag(q, unit):
    return np.asarray(u.get_mantissa(q / unit), dtype=float)


def sim_():
    return nestor.Simulator(dt=DT * u.ms, seed=3)


# ---------------------------------------------------------------- defaults of copies


def test_copy_defaults_apply_and_create_params_override():
    sim = sim_()
    my = sim.copy_model(nestor.iaf_psc_alpha, "my_iaf", V_th=-50 * u.mV, tau_m=20 * u.ms)
    a = sim.create(my, 2)
    assert np.all(mag(a.get("V_th"), u.mV) == -50.0)
    assert np.all(mag(a.get("tau_m"), u.ms) == 20.0)
    assert np.all(mag(a.get("C_m"), u.pF) == 250.0)  # untouched: the base model's default
    b = sim.create("my_iaf", 3, V_th=-52 * u.mV, I_e=[1.0, 2.0, 3.0] * u.pA)
    assert np.all(mag(b.get("V_th"), u.mV) == -52.0)
    assert np.all(mag(b.get("tau_m"), u.ms) == 20.0)
    assert list(mag(b.get("I_e"), u.pA)) == [1.0, 2.0, 3.0]


def test_copy_does_not_change_original():
    sim = sim_()
    sim.copy_model("iaf_psc_alpha", "my_iaf", V_th=-50 * u.mV)
    assert mag(sim.get_defaults(nestor.iaf_psc_alpha, "V_th"), u.mV) == -55.0
    n = sim.create(nestor.iaf_psc_alpha)
    assert mag(n.get("V_th"), u.mV)[0] == -55.0
    assert n.model == "iaf_psc_alpha"


def test_nodes_report_the_copy_name_and_take_get_set():
    sim = sim_()
    my = sim.copy_model(nestor.iaf_psc_alpha, "my_iaf", V_th=-50 * u.mV)
    assert my.name == "my_iaf" and my.base is nestor.iaf_psc_alpha and my.kind == "neuron"
    n = sim.create(my, 2)
    assert n.model == "my_iaf"
    assert "my_iaf" in repr(n)
    n.set(V_th=[-49.0, -48.0] * u.mV)
    assert list(mag(n.get("V_th"), u.mV)) == [-49.0, -48.0]
    with pytest.raises(nestor.UnknownParameterError, match="tau_x"):
        n.get("tau_x")


def test_values_relative_to_E_L_as_nest():
    # NEST's prototype stores V_th relative to E_L and keeps absolute values when E_L alone changes:
    # a copy with V_th = -50 mV created with E_L = -60 mV keeps V_th = -50 mV.
    sim = sim_()
    my = sim.copy_model(nestor.iaf_psc_alpha, "my_iaf", V_th=-50 * u.mV)
    n = sim.create(my, E_L=-60 * u.mV)
    assert mag(n.get("V_th"), u.mV)[0] == -50.0
    assert mag(n.get("E_L"), u.mV)[0] == -60.0
    sim.set_defaults(my, E_L=-65 * u.mV)
    assert mag(sim.get_defaults(my, "V_th"), u.mV) == -50.0
    assert mag(sim.get_defaults(my, "V_m"), u.mV) == -70.0  # the initial state keeps its value too


def test_copy_of_a_copy_snapshots_its_original():
    sim = sim_()
    c1 = sim.copy_model(nestor.iaf_psc_alpha, "c1", V_th=-50 * u.mV)
    c2 = sim.copy_model(c1, "c2", tau_m=20 * u.ms)
    sim.set_defaults(c1, V_th=-45 * u.mV)  # after the copy: c2 keeps what c1 had
    assert c2.base is nestor.iaf_psc_alpha
    n2 = sim.create("c2")
    assert n2.model == "c2"
    assert mag(n2.get("V_th"), u.mV)[0] == -50.0
    assert mag(n2.get("tau_m"), u.ms)[0] == 20.0
    assert mag(sim.create(c1).get("V_th"), u.mV)[0] == -45.0
    assert mag(sim.get_defaults("c1", "tau_m"), u.ms) == 10.0


def test_array_parameters_in_defaults():
    sim = sim_()
    my = sim.copy_model(nestor.iaf_psc_exp_multisynapse, "ms3", tau_syn=[1.0, 2.0, 3.0] * u.ms)
    assert list(mag(sim.get_defaults(my, "tau_syn"), u.ms)) == [1.0, 2.0, 3.0]
    n = sim.create(my, 2)
    assert [list(mag(t, u.ms)) for t in n.get("tau_syn")] == [[1.0, 2.0, 3.0]] * 2


# ---------------------------------------------------------------- set_defaults / get_defaults


def test_set_defaults_affects_later_creates_only():
    sim = sim_()
    before = sim.create(nestor.iaf_psc_alpha)
    sim.set_defaults(nestor.iaf_psc_alpha, I_e=100 * u.pA, tau_m=12.5)  # a bare number: NEST unit (ms)
    after = sim.create("iaf_psc_alpha")
    assert mag(before.get("I_e"), u.pA)[0] == 0.0 and mag(before.get("tau_m"), u.ms)[0] == 10.0
    assert mag(after.get("I_e"), u.pA)[0] == 100.0 and mag(after.get("tau_m"), u.ms)[0] == 12.5
    # a copy made now starts from the changed defaults; a later change of the original does not reach it
    c = sim.copy_model(nestor.iaf_psc_alpha, "c")
    sim.set_defaults(nestor.iaf_psc_alpha, I_e=50 * u.pA)
    assert mag(sim.get_defaults(c, "I_e"), u.pA) == 100.0
    assert mag(sim.get_defaults(nestor.iaf_psc_alpha, "I_e"), u.pA) == 50.0


def test_get_defaults_in_nest_units():
    sim = sim_()
    d = sim.get_defaults(nestor.iaf_psc_alpha)
    assert set(d) == set(nestor.iaf_psc_alpha.params)
    assert d["V_th"].to(u.mV).magnitude == -55.0 and str(d["V_th"].units) in ("millivolt", "mV")
    assert mag(d["C_m"], u.pF) == 250.0
    assert mag(d["V_m"], u.mV) == -70.0
    pg = sim.get_defaults("poisson_generator")
    assert mag(pg["rate"], u.Hz) == 0.0
    assert mag(sim.get_defaults(nestor.voltmeter, "interval"), u.ms) == DT  # nestor's default: dt
    my = sim.copy_model(nestor.iaf_psc_alpha, "my_iaf", C_m=200 * u.pF)
    assert mag(sim.get_defaults(my)["C_m"], u.pF) == 200.0
    assert my.defaults()["C_m"][0] == 200.0 and my.defaults()["C_m"][1] == "pF"
    with pytest.raises(nestor.UnknownParameterError, match="tau_x"):
        sim.get_defaults(my, "tau_x")


# ---------------------------------------------------------------- per Simulator


def test_two_simulators_are_independent():
    s1, s2 = sim_(), sim_()
    my = s1.copy_model(nestor.iaf_psc_alpha, "my_iaf", V_th=-50 * u.mV)
    s1.set_defaults(nestor.iaf_psc_alpha, I_e=10 * u.pA)
    with pytest.raises(nestor.UnknownModelError, match="my_iaf"):
        s2.create("my_iaf")
    with pytest.raises(nestor.UnknownModelError, match="another Simulator"):
        s2.create(my)
    assert mag(s2.get_defaults(nestor.iaf_psc_alpha, "I_e"), u.pA) == 0.0
    assert mag(s2.create(nestor.iaf_psc_alpha).get("I_e"), u.pA)[0] == 0.0
    # the same name may be copied in each, to different bases
    other = s2.copy_model(nestor.iaf_psc_exp, "my_iaf", tau_m=5 * u.ms)
    assert other.base is nestor.iaf_psc_exp
    assert mag(s2.create("my_iaf").get("tau_m"), u.ms)[0] == 5.0
    assert mag(s1.create("my_iaf").get("V_th"), u.mV)[0] == -50.0


# ---------------------------------------------------------------- errors


def test_copy_to_an_existing_name_is_refused():
    sim = sim_()
    with pytest.raises(nestor.BadArgumentError, match="iaf_psc_exp.*exists"):
        sim.copy_model(nestor.iaf_psc_alpha, "iaf_psc_exp")
    sim.copy_model(nestor.iaf_psc_alpha, "mine")
    with pytest.raises(nestor.BadArgumentError, match="mine.*exists"):
        sim.copy_model(nestor.iaf_psc_exp, "mine")
    assert sim.create("mine").model == "mine"  # still the first copy
    assert "V_th" in sim.get_defaults("mine")


def test_copy_from_an_unknown_model():
    sim = sim_()
    with pytest.raises(nestor.UnknownModelError, match="iaf_psc_alfa.*did you mean.*iaf_psc_alpha"):
        sim.copy_model("iaf_psc_alfa", "x")
    with pytest.raises(nestor.UnknownModelError):
        sim.create("x")
    with pytest.raises(nestor.UnknownModelError, match="no_such"):
        sim.set_defaults("no_such", V_th=-50.0)


def test_bad_value_names_model_parameter_value():
    sim = sim_()
    with pytest.raises(nestor.BadValueError, match=r"copy_model.*iaf_psc_alpha.*bad.*C_m.*-1"):
        sim.copy_model(nestor.iaf_psc_alpha, "bad", C_m=-1 * u.pF)
    with pytest.raises(nestor.UnknownModelError):  # nothing was kept
        sim.create("bad")
    # a cross-parameter rule (NEST: V_reset < V_th)
    with pytest.raises(nestor.BadValueError, match="V_reset"):
        sim.set_defaults(nestor.iaf_psc_alpha, V_reset=-50 * u.mV)
    assert mag(sim.get_defaults(nestor.iaf_psc_alpha, "V_reset"), u.mV) == -70.0  # unchanged
    my = sim.copy_model(nestor.iaf_psc_alpha, "my_iaf", V_th=-50 * u.mV)
    with pytest.raises(nestor.BadValueError, match="set_defaults.*my_iaf.*tau_m"):
        sim.set_defaults(my, tau_m=0.0 * u.ms)
    with pytest.raises(nestor.BadValueError, match="rate"):
        sim.copy_model(nestor.poisson_generator, "neg", rate=-5 * u.Hz)
    # a create() value against the copy's defaults names the copy
    with pytest.raises(nestor.BadValueError, match="my_iaf.*V_reset"):
        sim.create(my, V_reset=-45 * u.mV)


def test_wrong_dimension_and_unknown_parameter():
    sim = sim_()
    with pytest.raises(nestor.DimensionError, match="V_th"):
        sim.copy_model(nestor.iaf_psc_alpha, "x", V_th=5 * u.pA)
    with pytest.raises(nestor.DimensionError, match="rate"):
        sim.set_defaults(nestor.poisson_generator, rate=5 * u.ms)
    with pytest.raises(nestor.UnknownParameterError, match="tau_x"):
        sim.copy_model(nestor.iaf_psc_alpha, "x", tau_x=5 * u.ms)
    with pytest.raises(nestor.BadArgumentError, match="one value"):
        sim.copy_model(nestor.iaf_psc_alpha, "x", V_th=[-50.0, -51.0] * u.mV)
    with pytest.raises(nestor.ArgumentTypeError):
        sim.copy_model(nestor.iaf_psc_alpha, 5)
    with pytest.raises(nestor.UnknownModelError):
        sim.create("x")


# ---------------------------------------------------------------- simulation


def _traces(make):
    sim = sim_()
    n = make(sim)
    vm = sim.create(nestor.voltmeter)
    sr = sim.create(nestor.spike_recorder)
    pg = sim.create(nestor.poisson_generator, rate=8000.0 * u.Hz)
    sim.connect(pg, n, weight=30.0 * u.pA)
    sim.connect(vm, n)
    sim.connect(n, sr)
    res = sim.simulate(200.0 * u.ms, progress=False)
    return sim, n, vm, sr, mag(res.trace(vm, "V_m"), u.mV), mag(res.spikes(sr)["times"], u.ms)


def test_copied_model_trace_equals_base_with_same_params():
    params = dict(I_e=300.0 * u.pA, V_th=-52.0 * u.mV, tau_syn_ex=1.5 * u.ms)
    *_, v_base, s_base = _traces(lambda sim: sim.create(nestor.iaf_psc_alpha, 3, **params))

    def from_copy(sim):
        my = sim.copy_model(nestor.iaf_psc_alpha, "my_iaf", V_th=-52.0 * u.mV, tau_syn_ex=1.5 * u.ms)
        return sim.create(my, 3, I_e=300.0 * u.pA)

    sim, n, vm, sr, v_copy, s_copy = _traces(from_copy)
    assert len(s_base) > 10  # the network is active
    assert np.array_equal(v_base, v_copy)  # bitwise
    assert np.array_equal(s_base, s_copy)
    # reset() keeps the network and the copied defaults: the same run again, and new nodes still take them
    sim.reset()
    res = sim.simulate(200.0 * u.ms, progress=False)
    assert np.array_equal(mag(res.trace(vm, "V_m"), u.mV), v_copy)
    assert mag(sim.create("my_iaf").get("V_th"), u.mV)[0] == -52.0
    assert mag(sim.get_defaults("my_iaf", "tau_syn_ex"), u.ms) == 1.5


def _parrot_spikes(make_pg):
    sim = sim_()
    pg = make_pg(sim)
    parrots = sim.create(nestor.parrot_neuron, 4)
    sr = sim.create(nestor.spike_recorder)
    sim.connect(pg, parrots)
    sim.connect(parrots, sr)
    sp = sim.simulate(500.0 * u.ms, progress=False).spikes(sr)
    return mag(sp["times"], u.ms), np.asarray(sp["senders"])


def test_poisson_generator_copy_with_rate():
    def from_copy(sim):
        fast = sim.copy_model(nestor.poisson_generator, "fast_pg", rate=400.0 * u.Hz)
        pg = sim.create(fast)
        assert pg.model == "fast_pg"
        assert mag(pg.get("rate"), u.Hz)[0] == 400.0
        return pg

    t_copy, s_copy = _parrot_spikes(from_copy)
    t_base, s_base = _parrot_spikes(lambda sim: sim.create(nestor.poisson_generator, rate=400.0 * u.Hz))
    assert np.array_equal(t_copy, t_base) and np.array_equal(s_copy, s_base)
    # 4 trains x 0.5 s x 400 Hz = 800 spikes expected; 4 standard deviations of a Poisson count
    assert abs(len(t_copy) - 800) < 4 * np.sqrt(800)


def test_recorder_and_spike_generator_copies():
    sim = sim_()
    coarse = sim.copy_model(nestor.voltmeter, "coarse_vm", interval=0.5 * u.ms)
    sg = sim.copy_model(nestor.spike_generator, "my_sg", spike_times=[1.0, 2.5, 4.0] * u.ms)
    my_sr = sim.copy_model(nestor.spike_recorder, "my_sr")
    n = sim.create(nestor.iaf_psc_alpha)
    vm = sim.create(coarse)
    g = sim.create(sg)
    sr = sim.create(my_sr)
    sim.connect(vm, n)
    sim.connect(g, sr)  # a spike_generator (copy) can be recorded directly
    res = sim.simulate(5.0 * u.ms, progress=False)
    assert res.model(vm) == "coarse_vm" and res.model(sr) == "my_sr"
    assert np.allclose(mag(res.sample_times(vm), u.ms), [0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0])
    assert list(mag(res.spikes(sr)["times"], u.ms)) == [1.0, 2.5, 4.0]
    # connect errors name the copy
    with pytest.raises(nestor.IllegalConnectionError, match="coarse_vm"):
        sim.connect(n, vm)
