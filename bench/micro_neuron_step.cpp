// The cost of one neuron-step, in ns, through the public C++ API (nestor::Simulator).
//
// Each case builds a population of N neurons (default 10^5), runs a warm-up simulate() (which also
// builds the connections and sizes the ring buffer), then times `reps` further simulate() calls of
// the same length with a steady clock. A repetition's length is chosen from the warm-up so that it
// takes about --target seconds. Reported: ns per neuron-step = call time / (N * steps), median, min
// and max over the repetitions, and the firing rate of the first 1000 neurons (a sanity check that
// the case spikes as intended). The whole simulate() call is timed, so its fixed cost (prepare,
// result assembly) is included; with >= 1000 steps per call it is negligible.
//
//   micro_neuron_step [--n 100000] [--reps 5] [--target 0.25] [--only NAME] [--tsv]
//
// Cases (tutorial numbers where there are some: I_e = 376 pA; Poisson 80 kHz at +1.2 pA and 15 kHz at
// -1.0 pA, delay 1 ms; initial V_m spread uniformly over [E_L, V_th) so that spiking is asynchronous):
//   iaf_psc_alpha/quiet       I_e = 0, no input: the bare update loop
//   iaf_psc_alpha/I_e         I_e = 376 pA for all, spiking
//   iaf_psc_alpha/I_e_hetero  I_e uniform in [360, 400] pA per neuron: derived constants per neuron
//   iaf_psc_alpha/poisson     two poisson_generators, all_to_all into the N neurons (each neuron draws
//                             its own counts: 2 draws per neuron-step, included in the cost)
//   iaf_psc_exp/I_e, iaf_psc_exp/poisson    the same for iaf_psc_exp (Poisson weights times e, so that
//                             each spike brings the charge of the alpha case and the neurons spike)
//   parrot_neuron/quiet       no input: loop and ring-buffer overhead
//   parrot_neuron/poisson     one poisson_generator at 10 Hz, all_to_all into the parrots
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "nestor/nestor.hpp"

namespace {

using namespace nestor::literals;
using clock_type = std::chrono::steady_clock;

struct options {
  std::size_t n = 100000;
  int reps = 5;
  double target_s = 0.25;
  std::string only;
  bool tsv = false;
};

struct built {
  std::unique_ptr<nestor::Simulator> sim;
  nestor::NodeCollection neurons, recorder;
};

struct outcome {
  std::string name;
  std::size_t n = 0;
  std::int64_t steps = 0;
  std::vector<double> ns;  // per neuron-step, one per repetition
  double rate_hz = 0.0;
};

std::vector<double> uniform(std::size_t n, double lo, double hi, unsigned seed) {
  std::mt19937_64 g(seed);
  std::uniform_real_distribution<double> u(lo, hi);
  std::vector<double> v(n);
  for (auto& x : v) x = u(g);
  return v;
}

built make_neurons(const std::string& model, std::size_t n, const nestor::params& p, bool spread_vm) {
  built b;
  b.sim = std::make_unique<nestor::Simulator>(0.1_ms, 12345);
  b.neurons = b.sim->create(model, n, p);
  if (spread_vm) b.neurons.set({{"V_m", nestor::value(uniform(n, -70.0, -55.0, 7))}});  // mV
  b.recorder = b.sim->create("spike_recorder");
  b.sim->connect(b.neurons.slice(0, std::int64_t(std::min<std::size_t>(n, 1000))), b.recorder);
  return b;
}

void add_poisson(built& b, std::vector<double> rates_hz, std::vector<double> weights) {
  const std::size_t k = rates_hz.size();
  auto gen = b.sim->create("poisson_generator", k, {{"rate", nestor::value(std::move(rates_hz))}});
  nestor::syn_spec syn;
  syn.weight = nestor::value(std::move(weights));  // one per source
  syn.delay = 1.0_ms;
  b.sim->connect(gen, b.neurons, nestor::rule::all_to_all, syn);
}

double seconds_since(clock_type::time_point t0) {
  return std::chrono::duration<double>(clock_type::now() - t0).count();
}

outcome measure(const std::string& name, const std::function<built()>& make, const options& o) {
  outcome r;
  r.name = name;
  built b = make();
  r.n = b.neurons.size();
  const double dt = b.sim->dt_ms();
  // Warm-up: 20 ms, which also prepares the network; it sizes the timed repetitions.
  const double warm_ms = 20.0;
  auto t0 = clock_type::now();
  b.sim->simulate(nestor::time_q{warm_ms * 1e-3}, false);
  const double per_step = seconds_since(t0) / (warm_ms / dt);
  r.steps = std::clamp<std::int64_t>(std::llround(o.target_s / per_step / 100.0) * 100, 200, 100000);
  const double rep_ms = double(r.steps) * dt;
  double spikes = 0.0, watched_s = 0.0;
  for (int k = 0; k < o.reps; ++k) {
    t0 = clock_type::now();
    nestor::Result res = b.sim->simulate(nestor::time_q{rep_ms * 1e-3}, false);
    const double s = seconds_since(t0);
    r.ns.push_back(s * 1e9 / (double(r.n) * double(r.steps)));
    spikes += double(res.n_events(b.recorder));
    watched_s += res.record(b.recorder[0]).n_watched * rep_ms * 1e-3;
  }
  r.rate_hz = watched_s > 0 ? spikes / watched_s : 0.0;
  return r;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}

options parse(int argc, char** argv) {
  options o;
  for (int k = 1; k < argc; ++k) {
    const std::string a = argv[k];
    auto next = [&]() -> std::string {
      if (k + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++k];
    };
    if (a == "--n") o.n = std::stoul(next());
    else if (a == "--reps") o.reps = std::stoi(next());
    else if (a == "--target") o.target_s = std::stod(next());
    else if (a == "--only") o.only = next();
    else if (a == "--tsv") o.tsv = true;
    else {
      std::fprintf(stderr,
                   "usage: %s [--n N] [--reps R] [--target SECONDS] [--only CASE-SUBSTRING] [--tsv]\n", argv[0]);
      std::exit(a == "--help" || a == "-h" ? 0 : 2);
    }
  }
  if (o.reps < 1 || o.n < 1) {
    std::fprintf(stderr, "--n and --reps must be >= 1\n");
    std::exit(2);
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  const options o = parse(argc, argv);
  const std::size_t n = o.n;
  const nestor::params ie{{"I_e", 376.0_pA}};
  const std::vector<std::pair<std::string, std::function<built()>>> cases{
      {"iaf_psc_alpha/quiet", [&] { return make_neurons("iaf_psc_alpha", n, {}, false); }},
      {"iaf_psc_alpha/I_e", [&] { return make_neurons("iaf_psc_alpha", n, ie, true); }},
      {"iaf_psc_alpha/I_e_hetero",
       [&] {
         return make_neurons("iaf_psc_alpha", n, {{"I_e", nestor::value(uniform(n, 360.0, 400.0, 11))}}, true);
       }},
      {"iaf_psc_alpha/poisson",
       [&] {
         built b = make_neurons("iaf_psc_alpha", n, {}, true);
         add_poisson(b, {80000.0, 15000.0}, {1.2, -1.0});
         return b;
       }},
      {"iaf_psc_exp/I_e", [&] { return make_neurons("iaf_psc_exp", n, ie, true); }},
      {"iaf_psc_exp/poisson",
       [&] {
         built b = make_neurons("iaf_psc_exp", n, {}, true);
         const double e = std::exp(1.0);  // same charge per spike as the alpha PSC of the same peak
         add_poisson(b, {80000.0, 15000.0}, {1.2 * e, -1.0 * e});
         return b;
       }},
      {"parrot_neuron/quiet", [&] { return make_neurons("parrot_neuron", n, {}, false); }},
      {"parrot_neuron/poisson",
       [&] {
         built b = make_neurons("parrot_neuron", n, {}, false);
         add_poisson(b, {10.0}, {1.0});
         return b;
       }},
  };

  std::vector<outcome> out;
  for (const auto& [name, make] : cases)
    if (o.only.empty() || name.find(o.only) != std::string::npos) out.push_back(measure(name, make, o));

  std::string cmd;
  for (int k = 0; k < argc; ++k) cmd += (k ? " " : "") + std::string(argv[k]);
  if (o.tsv) {
    std::printf("case\tN\tsteps_per_rep\treps\tns_median\tns_min\tns_max\trate_hz\n");
    for (const auto& r : out)
      std::printf("%s\t%zu\t%lld\t%zu\t%.4f\t%.4f\t%.4f\t%.2f\n", r.name.c_str(), r.n, (long long)r.steps,
                  r.ns.size(), median(r.ns), *std::min_element(r.ns.begin(), r.ns.end()),
                  *std::max_element(r.ns.begin(), r.ns.end()), r.rate_hz);
    return 0;
  }
  std::printf("nestor neuron-step cost (dt 0.1 ms, 1 thread), ns per neuron-step, %d repetitions\n\n", o.reps);
  std::printf("%-26s %8s %7s %10s %9s %9s %9s\n", "case", "N", "steps", "median ns", "min", "max", "rate Hz");
  for (const auto& r : out)
    std::printf("%-26s %8zu %7lld %10.2f %9.2f %9.2f %9.1f\n", r.name.c_str(), r.n, (long long)r.steps,
                median(r.ns), *std::min_element(r.ns.begin(), r.ns.end()),
                *std::max_element(r.ns.begin(), r.ns.end()), r.rate_hz);
  std::printf("\ncommand: %s\n", cmd.c_str());
  return 0;
}
