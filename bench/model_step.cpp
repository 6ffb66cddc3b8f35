// The cost of one neuron-step, in ns, for every neuron model in the directory (10^5 neurons each).
//
// Each model runs twice: "quiet" (its defaults, no input: the update alone) and "driven" (one
// poisson_generator at 8 kHz into every neuron on the first receptor port that takes spikes, weight 1 in
// the model's weight unit: one Poisson draw per neuron-step is included). A warm-up simulate() prepares
// the network and sizes the timed calls (about --target seconds each); ns per neuron-step = call time /
// (N * steps), the median of --reps calls. The last column is the cost relative to iaf_psc_alpha's in the
// same invocation, the model the other benchmarks use.
//
//   model_step [--n 100000] [--reps 3] [--target 0.2] [--only SUBSTRING]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "nestor/nestor.hpp"

namespace {

using namespace nestor::literals;
using clock_type = std::chrono::steady_clock;

struct options {
  std::size_t n = 100000;
  int reps = 3;
  double target_s = 0.2;
  std::string only;
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}

/// ns per neuron-step for `model`, quiet or driven; a negative value if the model cannot run this way.
double measure(const std::string& model, bool driven, const options& o, std::string& note) {
  try {
    nestor::Simulator sim(0.1_ms, 12345);
    auto neurons = sim.create(model, o.n);
    if (driven) {
      auto gen = sim.create("poisson_generator", 1, {{"rate", nestor::value(8000.0)}});
      bool done = false;
      for (int port = 0; port <= 1 && !done; ++port) {
        try {
          nestor::syn_spec syn;
          syn.receptor_type = port;
          sim.connect(gen, neurons, nestor::rule::all_to_all, syn);
          done = true;
        } catch (const nestor::illegal_connection&) {
        }
      }
      if (!done) {
        note = "takes no spikes";
        return -1.0;
      }
    }
    auto t0 = clock_type::now();
    sim.simulate(nestor::time_q{10e-3}, false);
    const double per_step = std::chrono::duration<double>(clock_type::now() - t0).count() / 100.0;
    const std::int64_t steps =
        std::clamp<std::int64_t>(std::llround(o.target_s / per_step / 10.0) * 10, 20, 20000);
    std::vector<double> ns;
    for (int k = 0; k < o.reps; ++k) {
      t0 = clock_type::now();
      sim.simulate(nestor::time_q{double(steps) * 0.1e-3}, false);
      ns.push_back(std::chrono::duration<double>(clock_type::now() - t0).count() * 1e9 /
                   (double(o.n) * double(steps)));
    }
    return median(ns);
  } catch (const nestor::error& e) {
    note = e.what();
    return -1.0;
  }
}

}  // namespace

int main(int argc, char** argv) {
  options o;
  for (int k = 1; k < argc; ++k) {
    const std::string a = argv[k];
    if (k + 1 < argc && a == "--n")
      o.n = std::stoul(argv[++k]);
    else if (k + 1 < argc && a == "--reps")
      o.reps = std::stoi(argv[++k]);
    else if (k + 1 < argc && a == "--target")
      o.target_s = std::stod(argv[++k]);
    else if (k + 1 < argc && a == "--only")
      o.only = argv[++k];
    else {
      std::fprintf(stderr, "usage: %s [--n N] [--reps R] [--target SECONDS] [--only SUBSTRING]\n", argv[0]);
      return a == "--help" || a == "-h" ? 0 : 2;
    }
  }
  std::vector<std::string> models;
  for (const auto& name : nestor::model_names())
    if (nestor::describe_model(name).kind == "neuron" && name.find(o.only) != std::string::npos)
      models.push_back(name);
  std::printf(
      "nestor: ns per neuron-step, %zu neurons per model, dt 0.1 ms, 1 thread, median of %d calls\n\n", o.n,
      o.reps);
  std::printf("%-30s %12s %12s %14s\n", "model", "quiet", "driven", "driven / alpha");
  double alpha = -1.0;
  {
    std::string note;
    if (!o.only.empty() || true) alpha = measure("iaf_psc_alpha", true, o, note);
  }
  for (const auto& m : models) {
    std::string nq, nd;
    const double q = measure(m, false, o, nq), d = measure(m, true, o, nd);
    auto cell = [](double x) {
      char buf[32];
      std::snprintf(buf, sizeof buf, x < 0 ? "%12s" : "%12.2f", x < 0 ? "-" : "", x);
      if (x >= 0) std::snprintf(buf, sizeof buf, "%12.2f", x);
      return std::string(buf);
    };
    std::printf("%-30s %s %s %14s%s\n", m.c_str(), cell(q).c_str(), cell(d).c_str(),
                d > 0 && alpha > 0 ? (std::to_string(d / alpha).substr(0, 5)).c_str() : "-",
                (nq.empty() && nd.empty()) ? "" : ("   (" + (nq.empty() ? nd : nq) + ")").c_str());
    std::fflush(stdout);
  }
  std::printf("\ncommand: %s", argv[0]);
  for (int k = 1; k < argc; ++k) std::printf(" %s", argv[k]);
  std::printf("\n");
  return 0;
}
