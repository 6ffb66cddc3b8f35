// The Brunel (2000) balanced network as in NEST's brunel_alpha_nest.py example: NE = 4 order
// excitatory and NI = order inhibitory iaf_psc_alpha neurons (C_m 250 pF, tau_m 20 ms, tau_syn 0.5 ms,
// t_ref 2 ms, E_L = V_reset = V_m(0) = 0 mV, V_th 20 mV), fixed in-degree CE = NE/10 from E and
// CI = NI/10 from I (autapses and multapses allowed), J = 0.1 mV as an alpha-PSC amplitude
// (J_ex = 20.68015524367846 pA), J_in = -g J_ex with g = 5, delay 1.5 ms, one poisson_generator with
// rate eta nu_th CE (eta = 2) to every neuron, dt 0.1 ms.
//
// Prints build, connect and simulate times, the real-time factor, spikes, mean rate, CV of the
// inter-spike intervals, a synchrony measure, peak memory, bytes per synapse and ns per synaptic event.
//
//   brunel [--order 2500] [--threads 1] [--T 1000] [--seed 12345] [--spikes FILE] [--tsv]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <numeric>
#include <string>
#include <vector>

#include "nestor/nestor.hpp"

namespace {
using clock_type = std::chrono::steady_clock;
double seconds_since(clock_type::time_point t0) {
  return std::chrono::duration<double>(clock_type::now() - t0).count();
}
double peak_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_maxrss) / 1024.0;
}
double current_mib() {
  std::ifstream f("/proc/self/statm");
  long pages = 0, resident = 0;
  f >> pages >> resident;
  return double(resident) * 4096.0 / (1024.0 * 1024.0);
}
}  // namespace

int main(int argc, char** argv) {
  using namespace nestor::literals;
  long order = 2500;
  int threads = 1;
  double T = 1000.0;
  unsigned long seed = 12345;
  std::string spikes_file;
  for (int k = 1; k < argc; ++k) {
    const std::string a = argv[k];
    auto next = [&]() -> const char* {
      if (k + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++k];
    };
    if (a == "--order") order = std::atol(next());
    else if (a == "--threads") threads = std::atoi(next());
    else if (a == "--T") T = std::atof(next());
    else if (a == "--seed") seed = std::strtoul(next(), nullptr, 10);
    else if (a == "--spikes") spikes_file = next();
    else {
      std::fprintf(stderr, "usage: %s [--order N] [--threads T] [--T ms] [--seed S] [--spikes FILE]\n", argv[0]);
      return a == "--help" || a == "-h" ? 0 : 2;
    }
  }
  const long NE = 4 * order, NI = order, CE = NE / 10, CI = NI / 10;
  const double J_ex = 20.68015524367846, g = 5.0, eta = 2.0, theta = 20.0, C_m = 250.0, tau_m = 20.0,
               tau_syn = 0.5;
  const double nu_th = theta * C_m / (J_ex * double(CE) * std::exp(1.0) * tau_m * tau_syn);
  const double p_rate = 1000.0 * eta * nu_th * double(CE);

  const double mem0 = current_mib();
  auto t0 = clock_type::now();
  nestor::Simulator sim(0.1_ms, seed, threads);
  const nestor::params neuron{{"C_m", C_m},         {"tau_m", tau_m},   {"tau_syn_ex", tau_syn},
                              {"tau_syn_in", tau_syn}, {"t_ref", 2.0},     {"E_L", 0.0},
                              {"V_reset", 0.0},     {"V_m", 0.0},       {"V_th", theta}};
  auto E = sim.create("iaf_psc_alpha", std::size_t(NE), neuron);
  auto I = sim.create("iaf_psc_alpha", std::size_t(NI), neuron);
  auto noise = sim.create("poisson_generator", 1, {{"rate", p_rate}});
  auto sr = sim.create("spike_recorder");
  const double t_build = seconds_since(t0);
  const double mem_nodes = current_mib();

  t0 = clock_type::now();
  auto all = E + I;
  sim.connect(noise, all, nestor::rule::all_to_all, {J_ex, 1.5_ms});
  sim.connect(E, all, nestor::conn_spec::fixed_indegree(CE), {J_ex, 1.5_ms});
  sim.connect(I, all, nestor::conn_spec::fixed_indegree(CI), {-g * J_ex, 1.5_ms});
  sim.connect(all, sr);
  const double t_connect_calls = seconds_since(t0);
  // Connections are built when the simulation is prepared: one step of simulation includes that.
  t0 = clock_type::now();
  sim.simulate(0.1_ms, false);
  const double t_connect = t_connect_calls + seconds_since(t0);
  const double mem_net = current_mib();
  const std::size_t n_syn = sim.num_connections();

  t0 = clock_type::now();
  nestor::Result res = sim.simulate(nestor::time_q{(T - 0.1) * 1e-3});
  const double t_sim = seconds_since(t0);
  const auto sp = res.spikes(sr);

  // Statistics over [0.1 ms, T]: rate, CV of inter-spike intervals, synchrony (variance over mean of
  // the population spike count in 1 ms bins).
  const std::size_t N = std::size_t(NE + NI);
  std::vector<std::vector<double>> per(N + 1);
  for (std::size_t k = 0; k < sp.senders.size(); ++k) per[std::size_t(sp.senders[k])].push_back(sp.times[k]);
  double cv_sum = 0;
  std::size_t cv_n = 0;
  for (const auto& ts : per) {
    if (ts.size() < 3) continue;
    std::vector<double> isi(ts.size() - 1);
    for (std::size_t k = 1; k < ts.size(); ++k) isi[k - 1] = ts[k] - ts[k - 1];
    const double m = std::accumulate(isi.begin(), isi.end(), 0.0) / double(isi.size());
    double v = 0;
    for (double x : isi) v += (x - m) * (x - m);
    cv_sum += std::sqrt(v / double(isi.size())) / m;
    ++cv_n;
  }
  std::vector<double> bins(std::size_t(std::ceil(T)), 0.0);
  for (double t : sp.times) bins[std::min(bins.size() - 1, std::size_t(t))] += 1;
  const double bm = std::accumulate(bins.begin(), bins.end(), 0.0) / double(bins.size());
  double bv = 0;
  for (double b : bins) bv += (b - bm) * (b - bm);
  bv /= double(bins.size());
  const double rate = double(sp.senders.size()) / double(N) / ((T - 0.1) / 1000.0);
  // Synaptic events: each spike of a network neuron reaches CE + CI... no: its out-degree; on average
  // every spike is delivered to (CE * NE + CI * NI) / NE... use the exact count: spikes x synapses per source.
  const double syn_per_neuron = double(n_syn - N) / double(N);  // minus the generator's connections
  const double events = double(sp.senders.size()) * syn_per_neuron;

  if (!spikes_file.empty()) {
    std::ofstream f(spikes_file);
    for (std::size_t k = 0; k < sp.senders.size(); ++k) f << sp.senders[k] << ' ' << sp.times[k] << '\n';
  }
  std::printf("brunel_alpha  order %ld (NE %ld, NI %ld, CE %ld, CI %ld), %d thread(s), T %.0f ms, seed %lu\n", order,
              NE, NI, CE, CI, threads, T, seed);
  std::printf("  %-34s %12.3f s\n", "build (create nodes)", t_build);
  std::printf("  %-34s %12.3f s\n", "connect (incl. building the rows)", t_connect);
  std::printf("  %-34s %12.3f s\n", "simulate", t_sim);
  std::printf("  %-34s %12.3f\n", "real-time factor (simulate / T)", t_sim / (T / 1000.0));
  std::printf("  %-34s %12zu\n", "synapses", n_syn);
  std::printf("  %-34s %12zu\n", "spikes", sp.senders.size());
  std::printf("  %-34s %12.2f Hz\n", "mean rate", rate);
  std::printf("  %-34s %12.3f\n", "mean CV of ISIs", cv_n ? cv_sum / double(cv_n) : 0.0);
  std::printf("  %-34s %12.2f\n", "synchrony (var/mean, 1 ms bins)", bm > 0 ? bv / bm : 0.0);
  std::printf("  %-34s %12.1f MiB\n", "peak memory (RSS)", peak_mib());
  std::printf("  %-34s %12.1f B\n", "memory per synapse (network)", (mem_net - mem_nodes) * 1048576.0 / double(n_syn));
  std::printf("  %-34s %12.2f ns\n", "per synaptic event (simulate)", events > 0 ? t_sim * 1e9 / events : 0.0);
  std::printf("  (memory: %.1f MiB before, %.1f with nodes, %.1f with the network)\n", mem0, mem_nodes, mem_net);
  std::printf("command: %s --order %ld --threads %d --T %.0f --seed %lu\n", argv[0], order, threads, T, seed);
  return 0;
}
