"""nestor.units: the units of the NEST vocabulary, quantities over numpy arrays, get_mantissa, and a bare
number meaning the parameter's NEST unit (as in PyNEST)."""

import numpy as np
import pytest

import nestor
from nestor import units as u


def mag(q, unit):
    return np.asarray(u.get_mantissa(q / unit), dtype=float)


@pytest.mark.parametrize("name,si", [("ms", 1e-3), ("second", 1.0), ("mV", 1e-3), ("pA", 1e-12), ("nA", 1e-9),
                                     ("pF", 1e-12), ("nS", 1e-9), ("Hz", 1.0), ("kHz", 1e3), ("MOhm", 1e6)])
def test_unit_exists_with_its_si_value(name, si):
    q = 1.0 * getattr(u, name)
    assert q.to_base_units().magnitude == pytest.approx(si, rel=1e-12)


def test_units_combine_physically():
    # tau = R C: 100 MOhm * 250 pF = 25 ms; Ohm's law: 1 nA * 10 MOhm = 10 mV; 1 nS * 1 MOhm = 1e-3.
    assert (100 * u.MOhm * 250 * u.pF).to(u.ms).magnitude == pytest.approx(25.0, rel=1e-12)
    assert (1 * u.nA * 10 * u.MOhm).to(u.mV).magnitude == pytest.approx(10.0, rel=1e-12)
    assert u.get_mantissa(1 * u.nS * (1 * u.MOhm)) == pytest.approx(1e-3, rel=1e-12)
    assert (2 * u.kHz).to(u.Hz).magnitude == pytest.approx(2000.0, rel=1e-12)
    with pytest.raises(Exception):
        (1 * u.ms + 1 * u.mV)


def test_list_times_unit_is_an_array_quantity():
    rates = [80000.0, 15000.0] * u.Hz
    assert rates.units == u.Hz
    assert isinstance(rates.magnitude, np.ndarray)
    assert rates.magnitude.tolist() == [80000.0, 15000.0]
    assert (rates.to(u.kHz)).magnitude.tolist() == pytest.approx([80.0, 15.0], rel=1e-12)


def test_get_mantissa_of_a_quantity_is_its_magnitude_in_its_own_unit():
    assert u.get_mantissa(3.5 * u.mV) == 3.5
    assert u.get_mantissa(2 * u.second) == 2
    np.testing.assert_array_equal(u.get_mantissa([1.0, 2.0] * u.pA), [1.0, 2.0])


def test_get_mantissa_of_a_dimensionless_ratio_is_reduced():
    assert u.get_mantissa((1 * u.second) / u.ms) == pytest.approx(1000.0, rel=1e-12)
    assert u.get_mantissa((1 * u.nA) / (1 * u.pA)) == pytest.approx(1000.0, rel=1e-12)
    assert u.get_mantissa((250 * u.pF) * (40 * u.MOhm) / u.ms) == pytest.approx(10.0, rel=1e-12)
    np.testing.assert_allclose(u.get_mantissa([0.5, 2.0] * u.second / u.ms), [500.0, 2000.0], rtol=1e-12)


def test_get_mantissa_of_a_plain_number_is_unchanged():
    assert u.get_mantissa(7.0) == 7.0
    x = np.arange(3.0)
    assert u.get_mantissa(x) is x


def test_get_mantissa_of_result_times():
    sim = nestor.Simulator(dt=0.1 * u.ms)
    res = sim.simulate(1.0 * u.ms)
    np.testing.assert_allclose(u.get_mantissa(res.times / u.ms), np.arange(1, 11) * 0.1, rtol=0, atol=1e-12)
    np.testing.assert_allclose(u.get_mantissa(res.times / u.second), np.arange(1, 11) * 1e-4, rtol=0, atol=1e-15)


@pytest.mark.parametrize("I_e", [376, 376.0, 376 * u.pA, 0.376 * u.nA, [376.0] * u.pA])
def test_bare_number_is_the_nest_unit_via_get(I_e):
    sim = nestor.Simulator(dt=0.1 * u.ms)
    n = sim.create(nestor.iaf_psc_alpha, 1, I_e=I_e)
    got = n.get("I_e")
    assert got.units == u.pA
    assert got.magnitude[0] == pytest.approx(376.0, rel=1e-12)


@pytest.mark.parametrize("name,bare,quantity", [
    ("tau_m", 10.0, 0.01 * u.second),
    ("C_m", 250.0, 250.0 * u.pF),
    ("V_th", -55.0, -0.055 * u.ureg.volt),
    ("t_ref", 2.0, 2000.0 * u.ureg.microsecond),
])
def test_quantities_are_converted_to_the_nest_unit(name, bare, quantity):
    sim = nestor.Simulator(dt=0.1 * u.ms)
    a = sim.create(nestor.iaf_psc_alpha, 1, **{name: bare})
    b = sim.create(nestor.iaf_psc_alpha, 1, **{name: quantity})
    assert b.get(name).magnitude[0] == pytest.approx(a.get(name).magnitude[0], rel=1e-12)


def test_bare_number_is_the_nest_unit_in_simulation():
    """I_e = 376, 376 pA and 0.376 nA drive the tutorial neuron identically (the same 16 spikes and the
    same V_m trace), and differently from 376 with a wrong reading (e.g. nA: a far higher rate)."""
    traces, spikes = [], []
    for I_e in (376.0, 376.0 * u.pA, 0.376 * u.nA):
        sim = nestor.Simulator(dt=0.1 * u.ms)
        n = sim.create(nestor.iaf_psc_alpha, 1, I_e=I_e)
        vm = sim.create(nestor.voltmeter)
        sr = sim.create(nestor.spike_recorder)
        sim.connect(vm, n)
        sim.connect(n, sr)
        res = sim.simulate(1000.0 * u.ms, progress=False)
        traces.append(mag(res.trace(vm, "V_m"), u.mV).ravel())
        spikes.append(mag(res.spikes(sr)["times"], u.ms))
    for tr, sp in zip(traces[1:], spikes[1:]):
        np.testing.assert_allclose(tr, traces[0], rtol=0, atol=1e-9)
        np.testing.assert_array_equal(sp, spikes[0])
    assert len(spikes[0]) == 16


def test_bare_numbers_for_times_rates_and_weights():
    """delay 1 == 1 ms == 0.001 s; weight 100 == 100 pA == 0.1 nA; rate 80000 == 80 kHz."""
    sim = nestor.Simulator(dt=0.1)
    assert sim.dt.to(u.ms).magnitude == pytest.approx(0.1)
    sg = sim.create(nestor.spike_generator, 1, spike_times=[10.0])
    neurons = sim.create(nestor.iaf_psc_alpha, 3)
    mm = sim.create(nestor.multimeter, record_from=["I_syn_ex"])
    sim.connect(sg, neurons[0], weight=100, delay=1)
    sim.connect(sg, neurons[1], weight=100 * u.pA, delay=1 * u.ms)
    sim.connect(sg, neurons[2], weight=0.1 * u.nA, delay=0.001 * u.second)
    sim.connect(mm, neurons)
    res = sim.simulate(20.0 * u.ms)
    I = mag(res.trace(mm, "I_syn_ex"), u.pA)
    np.testing.assert_allclose(I[:, 1], I[:, 0], rtol=1e-12, atol=0)
    np.testing.assert_allclose(I[:, 2], I[:, 0], rtol=1e-12, atol=0)
    assert I[:, 0].max() == pytest.approx(100.0, rel=1e-9)  # PSC peak = weight in pA
    pg = sim.create(nestor.poisson_generator, 2, rate=[80000.0, 80.0 * u.kHz])
    np.testing.assert_allclose(pg.get("rate").to(u.Hz).magnitude, [80000.0, 80000.0], rtol=1e-12)


def test_get_returns_quantities_in_the_nest_unit():
    sim = nestor.Simulator()
    n = sim.create(nestor.iaf_psc_alpha, 2, C_m=0.3 * u.ureg.nF)
    c = n.get("C_m")
    assert c.units == u.pF
    np.testing.assert_allclose(c.magnitude, [300.0, 300.0], rtol=1e-12)
    assert n.get("tau_m").units == u.ms
    assert n.get("V_m").units == u.mV
