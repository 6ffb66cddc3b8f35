// The fixed cost of the tutorial's first part in C++: one iaf_psc_alpha with I_e = 376 pA and a
// voltmeter, 1000 ms at dt = 0.1 ms (examples/cpp/one_neuron.cpp without the printing).
//
// Each repetition builds a fresh Simulator (build: constructor, create, voltmeter, connect), then times
// the simulate(1000 ms) call alone (it includes prepare and handing out the recorded trace, 10^4
// samples), then a second simulate(1000 ms) on the same Simulator (the network continues from 1000 ms; the
// first Result released before it).
// Reported: median, min and max in microseconds, and the simulate() time per step.
//
//   one_neuron_overhead [--reps 101] [--tsv]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "nestor/nestor.hpp"

namespace {
using clock_type = std::chrono::steady_clock;

double us_since(clock_type::time_point t0) {
  return std::chrono::duration<double, std::micro>(clock_type::now() - t0).count();
}

struct stats {
  double median, min, max;
};

stats summarize(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return {v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]), v.front(), v.back()};
}
}  // namespace

int main(int argc, char** argv) {
  using namespace nestor::literals;
  int reps = 101;
  bool tsv = false;
  for (int k = 1; k < argc; ++k) {
    const std::string a = argv[k];
    if (a == "--reps" && k + 1 < argc) {
      reps = std::max(1, std::atoi(argv[++k]));
    } else if (a == "--tsv") {
      tsv = true;
    } else {
      std::fprintf(stderr, "usage: %s [--reps R] [--tsv]\n", argv[0]);
      return a == "--help" || a == "-h" ? 0 : 2;
    }
  }

  std::vector<double> build_us, sim_us, again_us;
  std::size_t samples = 0;
  double vmax = 0.0;
  for (int r = 0; r < reps; ++r) {
    auto t0 = clock_type::now();
    nestor::Simulator sim(0.1_ms);
    auto neuron = sim.create("iaf_psc_alpha", 1, {{"I_e", 376.0_pA}});
    auto vm = sim.create("voltmeter");
    sim.connect(vm, neuron);
    build_us.push_back(us_since(t0));
    t0 = clock_type::now();
    std::optional<nestor::Result> res = sim.simulate(1000.0_ms, false);
    sim_us.push_back(us_since(t0));
    const nestor::trace v = res->get_trace(vm, "V_m");
    samples = v.rows;
    vmax = v(0, 0);
    for (std::size_t k = 0; k < v.rows; ++k) vmax = std::max(vmax, v(k, 0));
    // The first result is released before the second call: a second call made while it is alive
    // takes its arrays from fresh pages and costs about 70 us more (page faults), which is the
    // allocator's cost, not the simulation's.
    res.reset();
    t0 = clock_type::now();
    nestor::Result again = sim.simulate(1000.0_ms, false);
    again_us.push_back(us_since(t0));
  }
  const stats b = summarize(build_us), s = summarize(sim_us), a = summarize(again_us);
  const double steps = 1000.0 / 0.1;

  std::string cmd;
  for (int k = 0; k < argc; ++k) cmd += (k ? " " : "") + std::string(argv[k]);
  if (tsv) {
    std::printf("what\treps\tmedian_us\tmin_us\tmax_us\n");
    std::printf("build\t%d\t%.2f\t%.2f\t%.2f\n", reps, b.median, b.min, b.max);
    std::printf("simulate\t%d\t%.2f\t%.2f\t%.2f\n", reps, s.median, s.min, s.max);
    std::printf("simulate_again\t%d\t%.2f\t%.2f\t%.2f\n", reps, a.median, a.min, a.max);
    return 0;
  }
  std::printf("one iaf_psc_alpha + voltmeter, 1000 ms at dt 0.1 ms (%zu samples, V_m max %.2f mV), %d reps\n\n",
              samples, vmax, reps);
  std::printf("%-34s %12s %10s %10s\n", "", "median us", "min", "max");
  std::printf("%-34s %12.1f %10.1f %10.1f\n", "build (Simulator, create, connect)", b.median, b.min, b.max);
  std::printf("%-34s %12.1f %10.1f %10.1f\n", "simulate(1000 ms), fresh network", s.median, s.min, s.max);
  std::printf("%-34s %12.1f %10.1f %10.1f\n", "simulate(1000 ms), second call", a.median, a.min, a.max);
  std::printf("%-34s %12.1f\n", "simulate per step (ns)", s.median * 1e3 / steps);
  std::printf("\ncommand: %s\n", cmd.c_str());
  return 0;
}
