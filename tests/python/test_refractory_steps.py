"""The refractory period in steps, counted as NEST 3.9 counts it (Time(Time::ms(t_ref)).get_steps():
t_ref rounded to the microsecond, then *up* to whole steps): 0.21 ms at dt = 0.1 ms is 3 steps, 2.04 ms
is 21. After a spike in step k, V_m stays at V_reset in the samples k+1 .. k+n and moves at k+n+1."""

import math

import numpy as np
import pytest

import nestor
from nestor import units as u

MODELS = ["iaf_psc_alpha", "iaf_psc_exp", "iaf_psc_delta", "iaf_psc_exp_multisynapse"]


def nest_steps(t_ref, dt):
    tics = int(t_ref * 1000.0 + 0.5)
    per_step = int(math.floor(1000.0 * dt + 0.5))
    return (tics + per_step - 1) // per_step


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("t_ref,dt", [(0.21, 0.1), (2.04, 0.1), (2.0, 0.1), (0.3, 0.25), (1.0, 0.1)])
def test_refractory_period_in_steps_as_nest(model, t_ref, dt):
    sim = nestor.Simulator(dt=dt * u.ms)
    n = sim.create(model, 1, I_e=2000.0, t_ref=t_ref)
    mm = sim.create(nestor.multimeter, record_from=["V_m"], interval=dt * u.ms)
    sim.connect(mm, n)
    res = sim.simulate(20.0 * u.ms, progress=False)
    v = np.asarray(res.trace(mm, "V_m").magnitude).reshape(-1)
    k = int(np.argmax(v == -70.0))  # the first spike's sample: V reset to V_reset = -70 mV
    assert k > 0
    steps = nest_steps(t_ref, dt)
    run = 1
    while v[k + run] == -70.0:
        run += 1
    assert run == steps + 1, (run, steps)  # the spike's own sample plus the refractory steps
