"""NodeCollection: node ids from 1 in creation order, len, indexing and slicing (as Python lists do),
joining with +, get (one quantity per node) and set (a scalar, or one value per node)."""

import numpy as np
import pytest

import nestor
from nestor import units as u


@pytest.fixture
def sim():
    return nestor.Simulator(dt=0.1 * u.ms)


def ids(nc):
    return [int(i) for i in nc.global_ids]


def test_global_ids_start_at_1_in_creation_order(sim):
    a = sim.create(nestor.iaf_psc_alpha, 3)
    b = sim.create("iaf_psc_exp", 2)
    vm = sim.create(nestor.voltmeter)
    c = sim.create(nestor.iaf_psc_alpha, 1)
    pg = sim.create(nestor.poisson_generator, 2)
    assert ids(a) == [1, 2, 3]
    assert ids(b) == [4, 5]
    assert ids(vm) == [6]
    assert ids(c) == [7]
    assert ids(pg) == [8, 9]


def test_ids_are_per_simulator():
    s1, s2 = nestor.Simulator(), nestor.Simulator()
    a = s1.create(nestor.iaf_psc_alpha, 4)
    b = s2.create(nestor.iaf_psc_alpha, 2)
    assert ids(a) == [1, 2, 3, 4] and ids(b) == [1, 2]
    with pytest.raises(nestor.NestorError):
        a + b


def test_len(sim):
    assert len(sim.create(nestor.iaf_psc_alpha, 7)) == 7
    assert len(sim.create(nestor.voltmeter)) == 1
    assert len(sim.create(nestor.spike_recorder, 3)) == 3


@pytest.mark.parametrize("key", [
    slice(None), slice(2, None), slice(None, 3), slice(1, -1), slice(-2, None), slice(None, None, 2),
    slice(1, None, 3), slice(None, None, -1), slice(None, None, -2), slice(4, 0, -1), slice(-1, -4, -1),
    slice(3, None, -1), slice(10, 20), slice(-100, 100), slice(100, -100, -1), slice(0, 0), slice(3, 1),
])
def test_slicing_follows_python_lists(sim, key):
    sim.create(nestor.voltmeter)  # ids of the neurons start at 2
    n = sim.create(nestor.iaf_psc_alpha, 6)
    expected = list(range(2, 8))[key]
    assert ids(n[key]) == expected
    assert len(n[key]) == len(expected)


def test_indexing(sim):
    n = sim.create(nestor.iaf_psc_alpha, 5)
    assert ids(n[0]) == [1] and ids(n[4]) == [5] and ids(n[-1]) == [5] and ids(n[-5]) == [1]
    assert ids(n[np.int64(2)]) == [3]
    with pytest.raises(IndexError):
        n[5]
    with pytest.raises(IndexError):
        n[-6]
    with pytest.raises(TypeError):
        n["V_m"]
    assert [ids(x) for x in n] == [[1], [2], [3], [4], [5]]


def test_joining(sim):
    a = sim.create(nestor.iaf_psc_alpha, 3)
    b = sim.create(nestor.iaf_psc_exp, 2)
    c = sim.create(nestor.iaf_psc_alpha, 2)
    j = a[1:] + b + c[::-1]
    assert ids(j) == [2, 3, 4, 5, 7, 6]
    assert len(j) == 6
    assert ids(j[2:4]) == [4, 5]
    assert ids(c + a[0]) == [6, 7, 1]
    # Joined collections get and set per node, across models.
    assert j.get("tau_m").magnitude.tolist() == [10.0] * 6
    j.set(tau_m=[11.0, 12.0, 13.0, 14.0, 15.0, 16.0])
    assert (a + b + c).get("tau_m").magnitude.tolist() == [10.0, 11.0, 12.0, 13.0, 14.0, 16.0, 15.0]


def test_equality(sim):
    a = sim.create(nestor.iaf_psc_alpha, 4)
    assert a[1:3] == a[1] + a[2]
    assert a[1:3] != a[2:4]
    assert a != nestor.Simulator().create(nestor.iaf_psc_alpha, 4)


def test_get_gives_one_quantity_per_node(sim):
    n = sim.create(nestor.iaf_psc_alpha, 4, V_th=[-50.0, -51.0, -52.0, -53.0])
    v = n.get("V_th")
    assert v.units == u.mV
    assert v.magnitude.tolist() == [-50.0, -51.0, -52.0, -53.0]
    assert n[2].get("V_th").magnitude.tolist() == [-52.0]
    assert n[::-2].get("V_th").magnitude.tolist() == [-53.0, -51.0]
    # defaults (NEST's iaf_psc_alpha) and state
    assert n.get("C_m").magnitude.tolist() == [250.0] * 4
    assert n.get("V_m").magnitude.tolist() == [-70.0] * 4
    assert n.get("t_ref").to(u.ms).magnitude.tolist() == [2.0] * 4


def test_set_with_a_scalar(sim):
    n = sim.create(nestor.iaf_psc_alpha, 3)
    n.set(I_e=200.0)
    assert n.get("I_e").magnitude.tolist() == [200.0] * 3
    n.set(I_e=0.1 * u.nA, tau_m=20 * u.ms)
    assert n.get("I_e").magnitude.tolist() == pytest.approx([100.0] * 3, rel=1e-12)
    assert n.get("tau_m").magnitude.tolist() == [20.0] * 3


def test_set_with_one_value_per_node(sim):
    n = sim.create(nestor.iaf_psc_alpha, 3)
    n.set(I_e=[1.0, 2.0, 3.0])
    assert n.get("I_e").magnitude.tolist() == [1.0, 2.0, 3.0]
    n.set(C_m=np.array([100.0, 200.0, 300.0]) * u.pF)
    assert n.get("C_m").magnitude.tolist() == [100.0, 200.0, 300.0]
    n.set(V_m=[-60.0, -61.0, -62.0])
    assert n.get("V_m").magnitude.tolist() == [-60.0, -61.0, -62.0]


def test_set_on_a_slice_changes_only_those_nodes(sim):
    n = sim.create(nestor.iaf_psc_alpha, 5)
    n[1::2].set(I_e=[10.0, 20.0])
    assert n.get("I_e").magnitude.tolist() == [0.0, 10.0, 0.0, 20.0, 0.0]
    n[-1].set(I_e=5.0)
    assert n.get("I_e").magnitude.tolist() == [0.0, 10.0, 0.0, 20.0, 5.0]


def test_changing_E_L_keeps_the_absolute_potentials_defined_relative_to_it(sim):
    """NEST's iaf_psc_alpha stores V_th, V_reset, V_min and V_m relative to E_L, and keeps their absolute
    values when E_L alone changes (Parameters_::set: x_ -= delta_EL); given together, all are absolute."""
    n = sim.create(nestor.iaf_psc_alpha, 1, E_L=-65.0)
    assert n.get("V_th").magnitude.tolist() == [-55.0]
    assert n.get("V_reset").magnitude.tolist() == [-70.0]
    assert n.get("V_m").magnitude.tolist() == [-70.0]
    n.set(E_L=-70.0, V_th=-52.0)
    assert n.get("V_th").magnitude.tolist() == [-52.0]
    assert n.get("E_L").magnitude.tolist() == [-70.0]


def test_create_with_a_model_object_or_its_name(sim):
    a = sim.create(nestor.iaf_psc_alpha, 2, I_e=376.0)
    b = sim.create("iaf_psc_alpha", 2, I_e=376.0)
    c = sim.create(nestor.get_model("iaf_psc_alpha"), 1)
    assert a.model == b.model == c.model == "iaf_psc_alpha"
    assert nestor.iaf_psc_alpha.name == "iaf_psc_alpha"
    assert ids(a) == [1, 2] and ids(b) == [3, 4] and ids(c) == [5]
    vm = sim.create(nestor.voltmeter)
    sim.connect(vm, a + b)
    res = sim.simulate(100.0)
    v = res.trace(vm, "V_m").magnitude
    np.testing.assert_array_equal(v[:, 2:], v[:, :2])  # identical nodes, identical traces


def test_model_directory(sim):
    m = nestor.iaf_psc_alpha
    assert m.kind == "neuron"
    assert m.defaults()["tau_m"] == (10.0, "ms")
    assert m.defaults()["E_L"] == (-70.0, "mV")
    assert set(m.recordables) >= {"V_m", "I_syn_ex", "I_syn_in"}
    assert nestor.poisson_generator.kind == "spike_generator"
    assert nestor.dc_generator.kind == "current_generator"
    assert {"iaf_psc_alpha", "parrot_neuron", "voltmeter", "multimeter", "spike_recorder", "poisson_generator",
            "spike_generator", "dc_generator"} <= set(nestor.all_models())


def test_empty_collection(sim):
    n = sim.create(nestor.iaf_psc_alpha, 3)
    e = n[3:]
    assert len(e) == 0 and ids(e) == []
    assert len(e.get("V_m")) == 0
    e.set(V_m=-60.0)  # nothing to set
    assert n.get("V_m").magnitude.tolist() == [-70.0] * 3
    assert ids(e + n[0]) == [1]
    assert "0" in repr(e) or "empty" in repr(e)


def test_per_node_set_is_all_or_nothing():
    # node 2 refuses V_reset = -50 (>= V_th = -55); node 1 must keep its old V_reset
    sim = nestor.Simulator(dt=0.1 * u.ms)
    n = sim.create(nestor.iaf_psc_alpha, 2)
    with pytest.raises(nestor.BadValueError):
        n.set(V_reset=[-80.0, -50.0])
    np.testing.assert_array_equal(u.get_mantissa(n.get("V_reset")), [-70.0, -70.0])
