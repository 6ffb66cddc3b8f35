#pragma once
// Shared by the network benchmarks (bench/brunel.cpp, bench/brunel_delta.cpp, bench/cuba.cpp): clocks,
// memory readings, the spike statistics and the printed table (and, with --tsv, the same figures as
// key<TAB>value lines for bench/networks.py). The figures of the peer (bench/peer_networks_brian2.py)
// are defined in the same way; see bench/networks.py.
#include <malloc.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <numeric>
#include <string>
#include <vector>

#include "nestor/nestor.hpp"

namespace bench {

using clock_type = std::chrono::steady_clock;

inline double seconds_since(clock_type::time_point t0) {
  return std::chrono::duration<double>(clock_type::now() - t0).count();
}

/// Peak resident memory of this process, MiB: VmHWM of /proc/self/status (ru_maxrss if unreadable).
/// ru_maxrss is not used first because on Linux it starts at the peak of the process this one was
/// forked from (the high-water mark survives exec), e.g. the Python driver's.
inline double peak_mib() {
  std::ifstream st("/proc/self/status");
  std::string line;
  while (std::getline(st, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::atof(line.c_str() + 6) / 1024.0;
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_maxrss) / 1024.0;
}

/// Current resident memory (/proc/self/statm), MiB.
inline double current_mib() {
  std::ifstream f("/proc/self/statm");
  long pages = 0, resident = 0;
  f >> pages >> resident;
  return double(resident) * 4096.0 / (1024.0 * 1024.0);
}

/// Heap memory held by the process (glibc mallinfo2: bytes in use in all arenas plus mmapped blocks),
/// MiB. Unlike the resident set it does not count freed memory that malloc keeps (nestor's create()
/// with parameters allocates and frees a per-node copy of them, which the connections then reuse).
inline double heap_mib() {
  const struct mallinfo2 m = mallinfo2();
  return double(m.uordblks + m.hblkhd) / (1024.0 * 1024.0);
}

/// Spike statistics over the recorded window [t_from, t_to] (ms) of N neurons with ids first_id ...
/// first_id + N - 1: mean rate, mean CV of the inter-spike intervals (neurons with >= 3 spikes) and a
/// synchrony measure (variance over mean of the population spike count in 1 ms bins).
struct spike_stats {
  std::size_t spikes = 0;
  double rate_hz = 0, cv = 0, synchrony = 0;
};

inline spike_stats statistics(const std::vector<std::int64_t>& senders, const std::vector<double>& times,
                              std::int64_t first_id, std::size_t N, double t_from, double t_to) {
  spike_stats s;
  s.spikes = senders.size();
  std::vector<std::vector<double>> per(N);
  for (std::size_t k = 0; k < senders.size(); ++k) {
    const std::int64_t i = senders[k] - first_id;
    if (i >= 0 && std::size_t(i) < N) per[std::size_t(i)].push_back(times[k]);
  }
  double cv_sum = 0;
  std::size_t cv_n = 0;
  for (auto& ts : per) {
    if (ts.size() < 3) continue;
    std::sort(ts.begin(), ts.end());
    std::vector<double> isi(ts.size() - 1);
    for (std::size_t k = 1; k < ts.size(); ++k) isi[k - 1] = ts[k] - ts[k - 1];
    const double m = std::accumulate(isi.begin(), isi.end(), 0.0) / double(isi.size());
    double v = 0;
    for (double x : isi) v += (x - m) * (x - m);
    cv_sum += std::sqrt(v / double(isi.size())) / m;
    ++cv_n;
  }
  s.cv = cv_n ? cv_sum / double(cv_n) : 0.0;
  std::vector<double> bins(std::size_t(std::ceil(t_to)), 0.0);
  for (double t : times) bins[std::min(bins.size() - 1, std::size_t(std::max(0.0, t)))] += 1;
  const double bm = std::accumulate(bins.begin(), bins.end(), 0.0) / double(bins.size());
  double bv = 0;
  for (double b : bins) bv += (b - bm) * (b - bm);
  bv /= double(bins.size());
  s.synchrony = bm > 0 ? bv / bm : 0.0;
  s.rate_hz = double(s.spikes) / double(N) / ((t_to - t_from) / 1000.0);
  return s;
}

/// The figures every network benchmark prints.
struct figures {
  double t_build = 0, t_connect = 0, t_sim = 0, T_ms = 0;
  nestor::phase_times phases;    ///< the timed simulate call's phases (update, order, deliver)
  std::size_t synapses = 0;      ///< every synapse nestor holds (generator connections included)
  std::size_t net_synapses = 0;  ///< synapses between the network's neurons
  spike_stats st;
  double mem_before = 0, mem_nodes = 0, mem_net = 0;     ///< current RSS, MiB
  double heap_before = 0, heap_nodes = 0, heap_net = 0;  ///< heap held, MiB
  /// Reads the memory before anything, after creating the nodes and once the network is built.
  void before() { mem_before = current_mib(), heap_before = heap_mib(); }
  void nodes() { mem_nodes = current_mib(), heap_nodes = heap_mib(); }
  void network() { mem_net = current_mib(), heap_net = heap_mib(); }
};

/// Prints the human-readable table; with tsv also one key<TAB>value line per figure.
inline void print(const figures& f, std::size_t N, bool tsv) {
  const double sim_T = (f.T_ms - 0.1) / 1000.0;  // the timed simulate call covers (0.1 ms, T]
  const double per_neuron = N ? double(f.net_synapses) / double(N) : 0.0;
  const double events = double(f.st.spikes) * per_neuron;  // network spikes x mean out-degree
  const double bytes_per_syn =
      f.synapses ? (f.heap_net - f.heap_nodes) * 1048576.0 / double(f.synapses) : 0.0;
  const double bytes_per_syn_rss =
      f.synapses ? (f.mem_net - f.mem_nodes) * 1048576.0 / double(f.synapses) : 0.0;
  const double ns_event = events > 0 ? f.t_sim * 1e9 / events : 0.0;
  std::printf("  %-34s %12.3f s\n", "build (create nodes)", f.t_build);
  std::printf("  %-34s %12.3f s\n", "connect (incl. building the rows)", f.t_connect);
  std::printf("  %-34s %12.3f s\n", "simulate", f.t_sim);
  std::printf("  %-34s %12.3f\n", "real-time factor (simulate / T)", f.t_sim / sim_T);
  std::printf("    phases: update %.3f s, order %.3f s, deliver %.3f s (per thread:", f.phases.update,
              f.phases.order, f.phases.deliver);
  for (double b : f.phases.deliver_busy) std::printf(" %.3f", b);
  std::printf(" s)\n");
  std::printf("  %-34s %12zu\n", "synapses", f.synapses);
  std::printf("  %-34s %12zu\n", "spikes", f.st.spikes);
  std::printf("  %-34s %12.2f Hz\n", "mean rate", f.st.rate_hz);
  std::printf("  %-34s %12.3f\n", "mean CV of ISIs", f.st.cv);
  std::printf("  %-34s %12.2f\n", "synchrony (var/mean, 1 ms bins)", f.st.synchrony);
  std::printf("  %-34s %12.1f MiB\n", "peak memory (RSS)", peak_mib());
  std::printf("  %-34s %12.1f B\n", "memory per synapse (heap held)", bytes_per_syn);
  std::printf("  %-34s %12.1f B\n", "  the same from the resident set", bytes_per_syn_rss);
  std::printf("  %-34s %12.2f ns\n", "per synaptic event (simulate)", ns_event);
  std::printf(
      "  (resident memory: %.1f MiB before, %.1f with nodes, %.1f with the network; heap held: %.1f, %.1f, "
      "%.1f MiB;\n   synaptic events = network spikes x %.1f network synapses per neuron)\n",
      f.mem_before, f.mem_nodes, f.mem_net, f.heap_before, f.heap_nodes, f.heap_net, per_neuron);
  if (!tsv) return;
  const auto kv = [](const char* k, double v) { std::printf("%s\t%.9g\n", k, v); };
  kv("build_s", f.t_build);
  kv("connect_s", f.t_connect);
  kv("simulate_s", f.t_sim);
  kv("sim_T_s", sim_T);
  kv("rtf", f.t_sim / sim_T);
  kv("update_s", f.phases.update);
  kv("order_s", f.phases.order);
  kv("deliver_s", f.phases.deliver);
  kv("synapses", double(f.synapses));
  kv("net_synapses", double(f.net_synapses));
  kv("neurons", double(N));
  kv("spikes", double(f.st.spikes));
  kv("rate_hz", f.st.rate_hz);
  kv("cv", f.st.cv);
  kv("synchrony", f.st.synchrony);
  kv("peak_mib", peak_mib());
  kv("mem_nodes_mib", f.mem_nodes);
  kv("mem_net_mib", f.mem_net);
  kv("bytes_per_synapse", bytes_per_syn);
  kv("bytes_per_synapse_rss", bytes_per_syn_rss);
  kv("events", events);
  kv("ns_per_event", ns_event);
}

/// The command-line options the network benchmarks share; `extra(flag, next)` takes a program's own
/// flags (returns false for an unknown one).
struct options {
  long order = 2500;
  int threads = 1;
  double T = 1000.0;
  unsigned long seed = 12345;
  std::string spikes_file;
  bool tsv = false;
  bool takes_order = true;  ///< --order (the Brunel networks' scale) is one of the program's flags

  template <class Extra>
  void parse(int argc, char** argv, const char* usage, Extra&& extra) {
    for (int k = 1; k < argc; ++k) {
      const std::string a = argv[k];
      auto next = [&]() -> const char* {
        if (k + 1 >= argc) {
          std::fprintf(stderr, "%s needs a value\n", a.c_str());
          std::exit(2);
        }
        return argv[++k];
      };
      if (a == "--order" && takes_order)
        order = std::atol(next());
      else if (a == "--threads")
        threads = std::atoi(next());
      else if (a == "--T")
        T = std::atof(next());
      else if (a == "--seed")
        seed = std::strtoul(next(), nullptr, 10);
      else if (a == "--spikes")
        spikes_file = next();
      else if (a == "--tsv")
        tsv = true;
      else if (!extra(a, next)) {
        std::fprintf(stderr, "usage: %s %s\n", argv[0], usage);
        std::exit(a == "--help" || a == "-h" ? 0 : 2);
      }
    }
  }
  void parse(int argc, char** argv, const char* usage) {
    parse(argc, argv, usage, [](const std::string&, auto&&) { return false; });
  }
};

/// Writes "sender time" lines when a spikes file was asked for.
inline void write_spikes(const std::string& file, const nestor::spike_list& sp) {
  if (file.empty()) return;
  std::ofstream out(file);
  for (std::size_t k = 0; k < sp.senders.size(); ++k) out << sp.senders[k] << ' ' << sp.times[k] << '\n';
}

/// The Brunel network of NEST's brunel_*_nest.py examples with `model` and its parameters: NE = 4 order
/// excitatory and NI = order inhibitory neurons, fixed in-degree CE = NE/10 and CI = NI/10, weights
/// J_ex and -g J_ex, delay 1.5 ms, one poisson_generator of rate p_rate to every neuron. Builds, connects
/// (timing the building of the rows too), runs (0.1 ms, T] and fills f; returns the number of neurons.
inline std::size_t run_brunel(const char* model, const nestor::params& neuron, double J_ex, double g,
                              double p_rate, const options& o, figures& f) {
  using namespace nestor::literals;
  const long NE = 4 * o.order, NI = o.order, CE = NE / 10, CI = NI / 10;
  f.T_ms = o.T;
  f.before();
  auto t0 = clock_type::now();
  nestor::Simulator sim(0.1_ms, o.seed, o.threads);
  auto E = sim.create(model, std::size_t(NE), neuron);
  auto I = sim.create(model, std::size_t(NI), neuron);
  auto noise = sim.create("poisson_generator", 1, {{"rate", p_rate}});
  auto sr = sim.create("spike_recorder");
  f.t_build = seconds_since(t0);
  f.nodes();

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
  f.t_connect = t_connect_calls + seconds_since(t0);
  f.network();
  const std::size_t N = std::size_t(NE + NI);
  f.synapses = sim.num_connections();
  f.net_synapses = f.synapses - N;  // minus the generator's connections

  t0 = clock_type::now();
  nestor::Result res = sim.simulate(nestor::time_q{(o.T - 0.1) * 1e-3});
  f.t_sim = seconds_since(t0);
  f.phases = res.phases();
  const auto sp = res.spikes(sr);
  // Statistics over the timed call, (0.1 ms, T].
  f.st = statistics(sp.senders, sp.times, E[0], N, 0.1, o.T);
  write_spikes(o.spikes_file, sp);
  return N;
}

}  // namespace bench
