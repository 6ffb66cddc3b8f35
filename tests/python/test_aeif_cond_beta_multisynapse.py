"""aeif_cond_beta_multisynapse against closed forms and aeif_cond_alpha, and NEST 3.9's rules for it (the
NEST reference case aeif_cond_beta_multisynapse__standard runs in tests/validation/test_nest_cases.py).

Port k (receptor_type k, from 1) has reversal potential E_rev[k] and a beta conductance: a spike of
weight w >= 0 arriving at t_a gives g_k(t) = w (exp(-s/tau_d) - exp(-s/tau_r)) / m, s = t - t_a, with m the
maximum of the bracket (at s* = tau_d tau_r ln(tau_d/tau_r)/(tau_d - tau_r)), so that the peak is w nS;
tau_r = tau_d is the alpha function w (s/tau) e^(1 - s/tau). With two ports E_rev = [E_ex, E_in] and
tau_rise = tau_decay = [tau_syn_ex, tau_syn_in] the model is aeif_cond_alpha whose inhibitory weights enter
port 2 with their sign dropped."""

import numpy as np
import pytest

import aeif_testlib as lib
import nestor
from nestor import units as u

MODEL = "aeif_cond_beta_multisynapse"
DT = 0.1
LIF = dict(Delta_T=0.0, a=0.0, b=0.0, V_th=-50.0, V_peak=-50.0, I_e=0.0)


def run(params, spikes, T, model=MODEL, record=None):
    """spikes: (time, weight nS, delay, receptor_type). Returns times, {var: trace}, spike times."""
    return lib.run_ports(model, params, spikes, T, record)


def beta(t, w, ta, tau_r, tau_d):
    s = np.maximum(t - ta, 0.0)
    if tau_r == tau_d:
        return w * s / tau_d * np.exp(1.0 - s / tau_d)
    s_peak = tau_d * tau_r * np.log(tau_d / tau_r) / (tau_d - tau_r)
    m = np.exp(-s_peak / tau_d) - np.exp(-s_peak / tau_r)
    return w * (np.exp(-s / tau_d) - np.exp(-s / tau_r)) / m


@pytest.mark.parametrize("port", [1, 2, 3])
def test_one_spike_on_port_k_gives_a_normalised_beta_conductance(port):
    rise, decay = [0.5, 1.0, 1.5], [2.0, 6.0, 1.5]  # port 3: equal times (the alpha function)
    t, tr, _ = run(dict(LIF, E_rev=[0.0, -85.0, -20.0], tau_rise=rise, tau_decay=decay),
                   [(5.0, 6.0, 1.0, port)], 40.0, record=["V_m", "g_1", "g_2", "g_3"])
    for k in (1, 2, 3):
        expected = beta(t, 6.0, 6.0, rise[k - 1], decay[k - 1]) if k == port else np.zeros_like(t)
        np.testing.assert_allclose(tr[f"g_{k}"], expected, rtol=0, atol=1e-5)
    assert tr[f"g_{port}"].max() == pytest.approx(6.0, abs=0.05)
    dv = tr["V_m"][np.searchsorted(t, 6.0 + 2 * decay[port - 1])] + 70.6
    assert (dv > 0) if port in (1, 3) else (dv < 0)


def test_two_ports_with_equal_times_are_aeif_cond_alpha():
    lib.assert_two_ports_are_aeif_cond_alpha(MODEL, dict(E_rev=[0.0, -85.0], tau_rise=[0.2, 2.0], tau_decay=[0.2, 2.0]))


def test_negative_weight_is_refused():
    sim = nestor.Simulator()
    n = sim.create(getattr(nestor, MODEL), 1, E_rev=[0.0, -85.0], tau_rise=[1.0, 2.0], tau_decay=[3.0, 4.0])
    sg = sim.create(nestor.spike_generator, spike_times=[1.0])
    with pytest.raises(nestor.BadValueError, match="weight"):
        sim.connect(sg, n, weight=-1.0 * u.nS, receptor_type=2)
    sim.connect(sg, n, weight=0.0 * u.nS, receptor_type=2)
    sim.connect(sg, n, weight=2.0 * u.nS, receptor_type=1)
    with pytest.raises(nestor.BadValueError, match="weight"):
        sim.get_connections().set(weight=-3.0 * u.nS)
    w = lib.mag(sim.get_connections().get("weight") / u.nS)
    assert sorted(np.asarray(w).reshape(-1)) == [0.0, 2.0]


def test_ports_count_from_one_and_currents_go_to_port_0():
    sim = nestor.Simulator()
    n = sim.create(getattr(nestor, MODEL), 1, E_rev=[0.0, -85.0], tau_rise=[1.0, 2.0], tau_decay=[3.0, 4.0])
    sg = sim.create(nestor.spike_generator, spike_times=[1.0])
    dc = sim.create(nestor.dc_generator)
    for bad in (0, 3):
        with pytest.raises(nestor.IllegalConnectionError):
            sim.connect(sg, n, receptor_type=bad)
    with pytest.raises(nestor.IllegalConnectionError):
        sim.connect(dc, n, receptor_type=1)
    sim.connect(sg, n, receptor_type=2)
    sim.connect(dc, n, receptor_type=0)


def test_list_lengths():
    sim = nestor.Simulator()
    with pytest.raises(nestor.BadValueError, match="E_rev|tau_rise|tau_decay"):  # one of each per port
        sim.create(getattr(nestor, MODEL), 1, E_rev=[0.0, -85.0], tau_rise=[1.0, 1.0], tau_decay=[3.0])
    with pytest.raises(nestor.BadValueError, match="E_rev|tau_rise|tau_decay"):
        sim.create(getattr(nestor, MODEL), 1, E_rev=[0.0], tau_rise=[1.0, 1.0], tau_decay=[3.0, 3.0])
    n = sim.create(getattr(nestor, MODEL), 1, E_rev=[0.0, -85.0], tau_rise=[1.0, 2.0], tau_decay=[3.0, 4.0])
    with pytest.raises(nestor.BadValueError, match="E_rev|tau_rise|tau_decay"):  # one list's length alone
        n.set(tau_decay=[5.0, 5.0, 5.0])
    with pytest.raises(nestor.BadValueError, match="fixed when nodes are created"):
        n.set(tau_rise=[1.0, 1.0, 1.0], tau_decay=[5.0, 5.0, 5.0], E_rev=[0.0, 0.0, 0.0])
    n.set(tau_rise=[0.5, 0.7], tau_decay=[3.0, 4.0], E_rev=[-10.0, -80.0])
    assert list(n.get("tau_rise")[0].magnitude) == [0.5, 0.7]
    mm = sim.create(nestor.multimeter, record_from=["g_3"])
    with pytest.raises(nestor.NestorError, match="g_3"):
        sim.connect(mm, n)


@pytest.mark.parametrize("params,word", lib.COMMON_RULES + [
    (dict(tau_rise=[0.0]), "tau_rise"),                               # every time constant > 0
    (dict(tau_decay=[-1.0]), "tau_decay"),
    (dict(tau_rise=[3.0], tau_decay=[2.0]), "tau_rise"),              # tau_rise <= tau_decay
])
def test_parameter_rules(params, word):
    lib.check_param_rule(MODEL, params, word)


def test_rise_above_decay_names_the_port():
    with pytest.raises(nestor.BadValueError, match="tau_rise: element 2"):
        nestor.Simulator().create(getattr(nestor, MODEL), 1, tau_rise=[1.0, 5.0], tau_decay=[2.0, 4.0],
                                  E_rev=[0.0, 0.0])


def test_defaults_as_nest():
    n = nestor.Simulator().create(getattr(nestor, MODEL))
    for name, v in dict(lib.DEFAULTS, V_m=-70.6, w=0.0).items():
        assert np.asarray(getattr(n.get(name), "magnitude", n.get(name)))[0] == v, name
    assert list(n.get("tau_rise")[0].magnitude) == [2.0]
    assert list(n.get("tau_decay")[0].magnitude) == [20.0]
    assert list(n.get("E_rev")[0].magnitude) == [0.0]
    assert getattr(nestor, MODEL).weight_unit == "nS"
