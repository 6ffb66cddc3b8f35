"""Two hh_psc_alpha_gap neurons coupled by a gap junction (after NEST's pynest example
gap_junctions_two_neurons): the first is driven above threshold, the second below; through the gap
junction the second follows each action potential of the first with a spikelet.

Prints the spike counts and writes gap_junctions_two_neurons.png (next to this file, or into the
directory given as the first argument).
"""

import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

import nestor
from nestor import units as u

out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))

sim = nestor.Simulator(dt=0.05 * u.ms)  # NEST's waveform relaxation is on by default (use_wfr=True)
neurons = sim.create(nestor.hh_psc_alpha_gap, 2, I_e=np.array([400.0, 0.0]) * u.pA)
sim.connect(neurons[0:1], neurons[1:2], nestor.one_to_one, weight=5.0 * u.nS, synapse_model="gap_junction",
            make_symmetric=True)
vm = sim.create(nestor.voltmeter)
sr = sim.create(nestor.spike_recorder)
sim.connect(vm, neurons)
sim.connect(neurons, sr)
res = sim.simulate(100.0 * u.ms)

t = np.asarray(u.get_mantissa(res.times / u.ms))
v = np.asarray(u.get_mantissa(res.trace(vm, "V_m") / u.mV))
senders = np.asarray(res.spikes(sr)["senders"])
for k, gid in enumerate(neurons.global_ids):
    print(f"neuron {k + 1}: {int((senders == gid).sum())} spikes, V between {v[:, k].min():.1f} and "
          f"{v[:, k].max():.1f} mV")

fig, ax = plt.subplots(figsize=(8, 4))
ax.plot(t, v[:, 0], label="driven (400 pA)")
ax.plot(t, v[:, 1], label="coupled by 5 nS")
ax.set_xlabel("time (ms)")
ax.set_ylabel("V_m (mV)")
ax.legend()
fig.tight_layout()
fig.savefig(os.path.join(out_dir, "gap_junctions_two_neurons.png"))
