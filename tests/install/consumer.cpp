// Runs the tutorial's first part through an installed nestor and checks NEST's figures.
#include <cmath>
#include <cstdio>

#include <nestor/nestor.hpp>

int main() {
  using namespace nestor::literals;
  nestor::Simulator sim(0.1_ms);
  auto n = sim.create("iaf_psc_alpha", 1, {{"I_e", 376.0_pA}});
  auto sr = sim.create("spike_recorder");
  sim.connect(n, sr);
  auto res = sim.simulate(1000.0_ms);
  const auto spikes = res.spikes(sr);
  // NEST 3.9: 16 spikes, the first at 59.3 ms (tests/validation/nest_reference/tutorial_dc.json.gz).
  const bool ok = spikes.times.size() == 16 && std::abs(spikes.times[0] - 59.3) < 1e-9;
  std::printf("consumer: %zu spikes, first at %.1f ms: %s\n", spikes.times.size(),
              spikes.times.empty() ? 0.0 : spikes.times[0], ok ? "ok" : "WRONG");
  return ok ? 0 : 1;
}
