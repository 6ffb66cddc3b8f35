"""The one-neuron tutorial on nestor: a constant current, then Poisson noise.

Prints the result lines and writes one_neuron_dc.png and one_neuron_noise.png (next to this file,
or into the directory given as the first argument).
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

# A single neuron driven by a constant current.
sim = nestor.Simulator(dt=0.1 * u.ms)
neuron = sim.create(nestor.iaf_psc_alpha, 1, I_e=376.0 * u.pA)
vm = sim.create(nestor.voltmeter)
sim.connect(vm, neuron)  # reversed: the voltmeter observes the neuron
res = sim.simulate(1000.0 * u.ms)

t = np.asarray(u.get_mantissa(res.times / u.ms))
v = np.asarray(u.get_mantissa(res.trace(vm, "V_m") / u.mV)).reshape(-1)
n_spikes = int((np.diff(v) < -10.0).sum())  # threshold resets show as big drops
print(f"V_m: start {v[0]:.2f} mV, max {v.max():.2f} mV, {n_spikes} spikes in 1000 ms")

plt.figure(figsize=(8, 4))
plt.plot(t, v, color="k")
plt.xlabel("time (ms)")
plt.ylabel("V_m (mV)")
plt.title("one neuron — membrane potential")
plt.tight_layout()
plt.savefig(os.path.join(out_dir, "one_neuron_dc.png"), dpi=100)
plt.close()

# Driving the neuron with Poisson noise: an excitatory and an inhibitory channel.
sim = nestor.Simulator(dt=0.1 * u.ms)
neuron = sim.create(nestor.iaf_psc_alpha, 1)
noise = sim.create(nestor.poisson_generator, 2, rate=[80000.0, 15000.0] * u.Hz, rng_seed=0)
vm = sim.create(nestor.voltmeter)
sr = sim.create(nestor.spike_recorder)
sim.connect(noise, neuron, weight=[1.2, -1.0] * u.pA, delay=1.0 * u.ms)
sim.connect(vm, neuron)  # reversed analog tap
sim.connect(neuron, sr)  # the spike recorder taps the neuron
res = sim.simulate(1000.0 * u.ms)

t = np.asarray(u.get_mantissa(res.times / u.ms))
v = np.asarray(u.get_mantissa(res.trace(vm, "V_m") / u.mV)).reshape(-1)
print(f"V_m: mean {v.mean():.2f} mV, std {v.std():.2f} mV")
print(f"firing rate: {res.rate(sr):.2f} spks/s")

spike_t = np.asarray(u.get_mantissa(res.spikes(sr)["times"] / u.ms))
fig, ax = plt.subplots(figsize=(8, 4))
ax.plot(t, v, color="k", lw=0.6)
ax.plot(spike_t, np.full_like(spike_t, -50.0), "|", color="tab:red", ms=10, label="spikes")
ax.set_xlabel("time (ms)")
ax.set_ylabel("V_m (mV)")
ax.set_title("one neuron with Poisson noise")
ax.legend(loc="upper right")
fig.tight_layout()
fig.savefig(os.path.join(out_dir, "one_neuron_noise.png"), dpi=100)
plt.close(fig)
print(f"figures: {os.path.join(out_dir, 'one_neuron_dc.png')}, {os.path.join(out_dir, 'one_neuron_noise.png')}")
