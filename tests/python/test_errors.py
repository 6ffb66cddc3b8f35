"""Bad input raises a typed error: a nestor.NestorError that is also the natural builtin (KeyError,
ValueError or TypeError), with a message that names the parameter and the offending value. One test
per case; the last tests check that a refused call leaves the simulator usable and unchanged."""

import math

import numpy as np
import pytest

import nestor
from nestor import units as u


@pytest.fixture
def sim():
    return nestor.Simulator(dt=0.1 * u.ms)


def raises(builtin, fn, *args, **kwargs):
    """Calls fn, asserts it raises a NestorError that is also `builtin`, returns the message."""
    with pytest.raises(nestor.NestorError) as info:
        fn(*args, **kwargs)
    err = info.value
    assert isinstance(err, nestor.NestorError)
    assert isinstance(err, builtin), f"{type(err).__name__} is not a {builtin.__name__}"
    return str(err)


def test_unknown_model(sim):
    msg = raises(KeyError, sim.create, "iaf_psc_alfa")
    assert isinstance(pytest.raises(nestor.UnknownModelError, sim.create, "iaf_psc_alfa").value, KeyError)
    assert "iaf_psc_alfa" in msg
    assert "iaf_psc_alpha" in msg  # the known models are listed
    assert not msg.startswith("'")  # KeyError's quoting is not in the way


def test_unknown_parameter_at_create(sim):
    msg = raises(KeyError, sim.create, nestor.iaf_psc_alpha, 1, V_thresh=-50.0)
    assert isinstance(pytest.raises(nestor.UnknownParameterError, sim.create, "iaf_psc_alpha", V_thresh=1).value,
                      KeyError)
    assert "V_thresh" in msg and "iaf_psc_alpha" in msg
    assert "V_th" in msg  # the parameters it does have are listed


def test_unknown_parameter_in_set(sim):
    n = sim.create(nestor.iaf_psc_alpha, 2)
    msg = raises(KeyError, n.set, tau_syn=3.0)
    assert "tau_syn" in msg and "tau_syn_ex" in msg


def test_unknown_parameter_in_get(sim):
    n = sim.create(nestor.iaf_psc_alpha, 2)
    msg = raises(KeyError, n.get, "g_L")
    assert "g_L" in msg and "iaf_psc_alpha" in msg


def test_parameter_of_wrong_dimension(sim):
    msg = raises(TypeError, sim.create, nestor.iaf_psc_alpha, 1, I_e=5 * u.mV)
    assert isinstance(pytest.raises(nestor.DimensionError, sim.create, "iaf_psc_alpha", I_e=5 * u.mV).value, TypeError)
    assert "I_e" in msg and "pA" in msg


def test_parameter_of_wrong_dimension_in_set(sim):
    n = sim.create(nestor.iaf_psc_alpha, 1)
    msg = raises(TypeError, n.set, tau_m=10 * u.pF)
    assert "tau_m" in msg and "ms" in msg


def test_weight_and_delay_of_wrong_dimension(sim):
    a, b = sim.create(nestor.iaf_psc_alpha), sim.create(nestor.iaf_psc_alpha)
    msg = raises(TypeError, sim.connect, a, b, weight=1.0 * u.mV)
    assert "weight" in msg and "pA" in msg
    msg = raises(TypeError, sim.connect, a, b, delay=1.0 * u.pA)
    assert "delay" in msg and "ms" in msg
    assert sim.num_connections == 0


@pytest.mark.parametrize("dt", [0.0, -0.1, 0.0 * u.ms, -1.0 * u.ms, float("nan")])
def test_dt_not_positive(dt):
    msg = raises(ValueError, nestor.Simulator, dt=dt)
    assert "dt" in msg and "> 0" in msg


def test_dt_of_wrong_dimension():
    msg = raises(TypeError, nestor.Simulator, dt=0.1 * u.mV)
    assert "dt" in msg and "ms" in msg


@pytest.mark.parametrize("T", [0.0, -10.0, 0.0 * u.ms, -5.0 * u.ms, float("inf")])
def test_T_not_positive(sim, T):
    msg = raises(ValueError, sim.simulate, T)
    assert "T" in msg
    assert sim.time.magnitude == 0.0


@pytest.mark.parametrize("T", [0.15, 10.05 * u.ms, 0.00001 * u.second])
def test_T_not_a_multiple_of_dt(sim, T):
    msg = raises(ValueError, sim.simulate, T)
    assert "multiple of dt" in msg and "0.1 ms" in msg
    assert sim.time.magnitude == 0.0


@pytest.mark.parametrize("delay", [0.05, 0.0, -1.0, 0.01 * u.ms])
def test_delay_below_dt(sim, delay):
    a, b = sim.create(nestor.iaf_psc_alpha), sim.create(nestor.iaf_psc_alpha)
    with pytest.raises(nestor.BadDelayError):
        sim.connect(a, b, delay=delay)
    msg = raises(ValueError, sim.connect, a, b, delay=delay)
    assert "delay" in msg and "dt = 0.1 ms" in msg
    assert sim.num_connections == 0


@pytest.mark.parametrize("weight", [np.ones((3, 2)), np.ones(2), np.ones((2, 3, 1)), np.ones(4)])
def test_weight_array_of_wrong_shape(sim, weight):
    pre, post = sim.create(nestor.iaf_psc_alpha, 3), sim.create(nestor.iaf_psc_alpha, 2)
    msg = raises(ValueError, sim.connect, pre, post, weight=weight)
    assert "weight" in msg and "2 x 3" in msg  # names the parameter and the expected shape
    assert sim.num_connections == 0
    sim.connect(pre, post, weight=np.ones((2, 3)))  # the right shape: targets x sources
    assert sim.num_connections == 6


def test_one_to_one_weight_of_wrong_length(sim):
    pre, post = sim.create(nestor.iaf_psc_alpha, 3), sim.create(nestor.iaf_psc_alpha, 3)
    msg = raises(ValueError, sim.connect, pre, post, rule=nestor.one_to_one, weight=[1.0, 2.0])
    assert "weight" in msg and "3" in msg


def test_voltmeter_connected_as_target(sim):
    n, vm = sim.create(nestor.iaf_psc_alpha), sim.create(nestor.voltmeter)
    msg = raises(ValueError, sim.connect, n, vm)
    assert isinstance(pytest.raises(nestor.IllegalConnectionError, sim.connect, n, vm).value, ValueError)
    assert "voltmeter" in msg and "connect(voltmeter, neurons)" in msg


def test_spike_recorder_connected_as_source(sim):
    n, sr = sim.create(nestor.iaf_psc_alpha), sim.create(nestor.spike_recorder)
    msg = raises(ValueError, sim.connect, sr, n)
    assert "spike_recorder" in msg and "connect(neurons, spike_recorder)" in msg


def test_unknown_recordable_in_record_from(sim):
    n = sim.create(nestor.iaf_psc_alpha)
    mm = sim.create(nestor.multimeter, record_from=["foo"])
    msg = raises(KeyError, sim.connect, mm, n)
    assert "foo" in msg
    assert "V_m" in msg and "I_syn_ex" in msg  # the recordables it has are listed


def test_trace_of_a_variable_that_was_not_recorded(sim):
    n = sim.create(nestor.iaf_psc_alpha)
    mm = sim.create(nestor.multimeter, record_from=["V_m", "I_syn_in"])
    sim.connect(mm, n)
    res = sim.simulate(1.0)
    msg = raises(KeyError, res.trace, mm, "I_syn_ex")
    assert "I_syn_ex" in msg
    assert "V_m" in msg and "I_syn_in" in msg  # names what was recorded
    assert res.trace(mm, "I_syn_in").shape == (10, 1)


@pytest.mark.parametrize("rate", [-1.0, -5.0 * u.Hz, -0.001 * u.kHz])
def test_negative_poisson_rate(sim, rate):
    msg = raises(ValueError, sim.create, nestor.poisson_generator, 1, rate=rate)
    assert "rate" in msg and "Hz" in msg and ">= 0" in msg


def test_negative_poisson_rate_in_set(sim):
    pg = sim.create(nestor.poisson_generator, 2, rate=10.0)
    msg = raises(ValueError, pg.set, rate=[5.0, -5.0])
    assert "rate = -5 Hz" in msg


@pytest.mark.parametrize("param,value,unit", [("C_m", 0.0, "pF"), ("C_m", -250.0, "pF"), ("tau_m", 0.0, "ms"),
                                              ("tau_m", -10.0, "ms"), ("tau_syn_ex", 0.0, "ms")])
def test_time_constant_or_capacitance_not_positive(sim, param, value, unit):
    msg = raises(ValueError, sim.create, nestor.iaf_psc_alpha, 1, **{param: value})
    assert f"{param} = {value:g} {unit}" in msg and "> 0" in msg


@pytest.mark.parametrize("param,value", [("I_e", math.nan), ("V_th", math.inf), ("tau_m", math.inf),
                                         ("C_m", math.nan), ("E_L", -math.inf), ("V_m", math.nan)])
def test_nan_or_infinite_parameter(sim, param, value):
    msg = raises(ValueError, sim.create, nestor.iaf_psc_alpha, 1, **{param: value})
    assert param in msg and "finite" in msg


def test_nan_weight(sim):
    a, b = sim.create(nestor.iaf_psc_alpha), sim.create(nestor.iaf_psc_alpha)
    msg = raises(ValueError, sim.connect, a, b, weight=math.nan)
    assert "weight" in msg and "finite" in msg


@pytest.mark.parametrize("values", [[1.0, 2.0], [1.0, 2.0, 3.0, 4.0], [1.0, 2.0] * u.pA])
def test_per_node_values_of_wrong_length(sim, values):
    msg = raises(ValueError, sim.create, nestor.iaf_psc_alpha, 3, I_e=values)
    assert "I_e" in msg and "3 values" in msg and f"got {len(values)}" in msg


def test_per_node_values_of_wrong_length_in_set(sim):
    n = sim.create(nestor.iaf_psc_alpha, 3)
    msg = raises(ValueError, n.set, V_th=[-50.0, -51.0])
    assert "V_th" in msg and "3 values" in msg


@pytest.mark.parametrize("V_reset", [-55.0, -50.0])
def test_V_reset_not_below_V_th(sim, V_reset):
    msg = raises(ValueError, sim.create, nestor.iaf_psc_alpha, 1, V_reset=V_reset)
    assert f"V_reset = {V_reset:g} mV" in msg and "V_th = -55 mV" in msg


def test_V_th_set_below_V_reset(sim):
    n = sim.create(nestor.iaf_psc_alpha)
    msg = raises(ValueError, n.set, V_th=-75.0)
    assert "V_th = -75 mV" in msg and "V_reset" in msg
    assert n.get("V_th").magnitude[0] == -55.0  # unchanged


@pytest.mark.parametrize("value", [object(), [1.0, "a"], [[1.0], [2.0, 3.0]]])
def test_value_that_is_not_a_number(sim, value):
    msg = raises(ValueError, sim.create, nestor.iaf_psc_alpha, 2, I_e=value)
    assert "I_e" in msg


def test_string_for_a_number(sim):
    msg = raises(ValueError, sim.create, nestor.iaf_psc_alpha, 1, tau_m="ten")
    assert "tau_m" in msg and "string" in msg


def test_model_of_wrong_type(sim):
    msg = raises(TypeError, sim.create, 42)
    assert "model" in msg and "int" in msg


def test_refused_calls_leave_the_simulator_unchanged(sim):
    # A refused create makes no nodes: the next node still gets id 1.
    with pytest.raises(nestor.NestorError):
        sim.create(nestor.iaf_psc_alpha, 3, I_e=[1.0, 2.0])
    with pytest.raises(nestor.NestorError):
        sim.create(nestor.iaf_psc_alpha, 2, C_m=[250.0, -1.0])
    n = sim.create(nestor.iaf_psc_alpha, 2, I_e=376.0)
    assert list(n.global_ids) == [1, 2]
    # A refused connect makes no connections (not even the valid ones before the bad value).
    with pytest.raises(nestor.NestorError):
        sim.connect(n, n, weight=np.array([[1.0, 2.0], [3.0, math.nan]]))
    assert sim.num_connections == 0
    # A refused set on one node changes nothing on that node.
    with pytest.raises(nestor.NestorError):
        n[0].set(V_th=-50.0, C_m=-1.0)
    assert n.get("V_th").magnitude[0] == -55.0
    # A refused simulate does not advance time, and the network still runs.
    with pytest.raises(nestor.NestorError):
        sim.simulate(0.05)
    vm = sim.create(nestor.voltmeter)
    sim.connect(vm, n)
    res = sim.simulate(1.0)
    assert sim.time.magnitude == pytest.approx(1.0)
    assert res.trace(vm, "V_m").shape == (10, 2)
