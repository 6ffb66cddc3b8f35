// The tutorial's first part in C++: one iaf_psc_alpha driven by I_e = 376 pA, recorded by a voltmeter.
#include <algorithm>
#include <cstdio>

#include "nestor/nestor.hpp"

int main() {
  using namespace nestor::literals;
  nestor::Simulator sim(0.1_ms);
  auto neuron = sim.create("iaf_psc_alpha", 1, {{"I_e", 376.0_pA}});
  auto vm = sim.create("voltmeter");
  sim.connect(vm, neuron);  // reversed: the voltmeter observes the neuron
  nestor::Result res = sim.simulate(1000.0_ms);

  const nestor::trace v = res.get_trace(vm, "V_m");  // samples x nodes, in mV
  double vmax = v(0, 0);
  int spikes = 0;
  for (std::size_t k = 0; k < v.rows; ++k) {
    vmax = std::max(vmax, v(k, 0));
    if (k > 0 && v(k, 0) - v(k - 1, 0) < -10.0) ++spikes;  // threshold resets show as big drops
  }
  std::printf("V_m: start %.2f mV, max %.2f mV, %d spikes in 1000 ms\n", v(0, 0), vmax, spikes);
  return 0;
}
