"""The tutorial's first part with nestor's Python package, without plotting: one iaf_psc_alpha driven
by I_e = 376 pA and a voltmeter, 1000 ms at dt = 0.1 ms. Timed as a whole process by
bench/foundation.py; prints the same result line as examples/cpp/one_neuron.

    PYTHONPATH=python /usr/bin/python3 bench/one_neuron_part1.py [--timing]
"""

import sys
import time

import numpy as np

import nestor
from nestor import units as u

sim = nestor.Simulator(dt=0.1 * u.ms)
neuron = sim.create(nestor.iaf_psc_alpha, 1, I_e=376.0 * u.pA)
vm = sim.create(nestor.voltmeter)
sim.connect(vm, neuron)  # reversed: the voltmeter observes the neuron
t0 = time.perf_counter()
res = sim.simulate(1000.0 * u.ms)
t_sim = time.perf_counter() - t0

v = np.asarray(u.get_mantissa(res.trace(vm, "V_m") / u.mV)).reshape(-1)
n_spikes = int((np.diff(v) < -10.0).sum())  # threshold resets show as big drops
print(f"V_m: start {v[0]:.2f} mV, max {v.max():.2f} mV, {n_spikes} spikes in 1000 ms")
if "--timing" in sys.argv:
    print(f"timing\tsimulate_call_s\t{t_sim:.6f}")
