"""The tutorial's noise-driven neuron, 50 times: each neuron gets its own Poisson trains (a
poisson_generator sends independent trains to each target). Records spikes and two membrane
potentials, shows NEST's event layout, saves and reloads the Result, and draws the raster plot with
its rate histogram (docs/img/raster_example.png, or into the directory given as the first argument).
"""

import os
import sys

import matplotlib

matplotlib.use("Agg")
import numpy as np

import nestor
import nestor.plot
from nestor import units as u

here = os.path.dirname(os.path.abspath(__file__))
out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "docs", "img")

sim = nestor.Simulator(dt=0.1 * u.ms)
neurons = sim.create(nestor.iaf_psc_alpha, 50)
noise = sim.create(nestor.poisson_generator, 2, rate=[80000.0, 15000.0] * u.Hz)
sim.connect(noise, neurons, weight=[1.2, -1.0] * u.pA, delay=1.0 * u.ms)
sr = sim.create(nestor.spike_recorder)
sim.connect(neurons, sr)
vm = sim.create(nestor.voltmeter)
sim.connect(vm, neurons[:2])
res = sim.simulate(500.0 * u.ms)

ev = res.events(sr)  # NEST's layout: {"senders", "times"}
print(f"{len(ev['times'])} spikes from {len(np.unique(ev['senders']))} neurons, "
      f"{res.rate(sr):.2f} spikes/s per neuron")
path = res.save(os.path.join(out_dir, "raster_example.npz"))
same = nestor.Result.load(path)
assert np.array_equal(same.events(sr)["senders"], ev["senders"])
os.remove(path)

fig = nestor.plot.raster(res, sr, bin_width=10.0 * u.ms, title="50 tutorial neurons with Poisson noise",
                         path=os.path.join(out_dir, "raster_example.png"), figsize=(7, 4.5), dpi=80)
print(f"figure: {os.path.join(out_dir, 'raster_example.png')}")
