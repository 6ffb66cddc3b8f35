"""NEST 3.9's parameter rules for iaf_psc_alpha and iaf_psc_exp (Parameters_::set in
models/iaf_psc_alpha.cpp and iaf_psc_exp.cpp), one case per rule: each bad value is refused with a
BadValueError naming the parameter, and the node keeps its previous values."""

import pytest

import nestor

RULES = [
    (dict(C_m=0.0), "C_m"),
    (dict(C_m=-1.0), "C_m"),
    (dict(tau_m=0.0), "tau_m"),
    (dict(tau_syn_ex=0.0), "tau_syn_ex"),
    (dict(tau_syn_in=-1.0), "tau_syn_in"),
    (dict(t_ref=-0.1), "t_ref"),
    (dict(V_reset=-55.0), "V_reset"),  # V_reset must be below V_th (-55 mV)
    (dict(V_th=-75.0), "V_reset"),  # the same rule, seen from V_th: the message names V_reset
]


@pytest.mark.parametrize("model", ["iaf_psc_alpha", "iaf_psc_exp"])
@pytest.mark.parametrize("params,word", RULES)
def test_rule(model, params, word):
    sim = nestor.Simulator()
    with pytest.raises(nestor.BadValueError, match=word):
        sim.create(model, 1, **params)
    n = sim.create(model, 1)
    with pytest.raises(nestor.BadValueError, match=word):
        n.set(**params)
    assert n.get("V_th").magnitude[0] == -55.0 and n.get("C_m").magnitude[0] == 250.0


@pytest.mark.parametrize("params,word", [(dict(delta=-1.0), "delta"), (dict(rho=-0.5), "rho")])
def test_escape_noise_rules_of_iaf_psc_exp(params, word):
    with pytest.raises(nestor.BadValueError, match=word):
        nestor.Simulator().create("iaf_psc_exp", 1, **params)


def test_equal_time_constants_are_allowed_as_in_nest():
    # Both models fall back to the singular propagator when tau_syn == tau_m.
    sim = nestor.Simulator()
    for model in ("iaf_psc_alpha", "iaf_psc_exp"):
        sim.create(model, 1, tau_m=2.0, tau_syn_ex=2.0, tau_syn_in=2.0)
