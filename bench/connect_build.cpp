// Connection-building throughput and memory per static synapse, through the public C++ API.
//
// One process builds one network: N iaf_psc_alpha neurons (default 10^4), then, unless --no-connect,
// connect(neurons, neurons, fixed_indegree(K)) (default K = 10^3: 10^7 static synapses, autapses and
// multapses allowed as in NEST), with either
//   --weights fixed   weight 20 pA, delay 1.5 ms (the default), or
//   --weights random  weight normal(20 pA, 2 pA), delay uniform(1 ms, 2 ms), one draw per synapse,
// then simulate(dt) twice. nestor builds connections lazily: connect() checks and counts the synapses
// (pass one), the first simulate() places them (pass two), so the time until the connections exist
// is connect() + the first simulate(dt); both parts are reported. The second simulate(dt) shows what a
// step costs once the network is built.
//
// Printed as tab-separated `key<TAB>value` lines (seconds, bytes):
//   synapses, create_s, connect_s, first_simulate_s, second_simulate_s, maxrss_bytes, vmhwm_bytes
// maxrss_bytes is the process's peak resident set (getrusage ru_maxrss) at the end, read before
// --check does anything; vmhwm_bytes the same from /proc/self/status (VmHWM), which unlike ru_maxrss
// never includes the peak of the process this one was forked from. Memory per synapse is obtained by
// bench/run_connect.sh from two processes, one with and one without --no-connect:
// (peak with - peak without) / synapses.
//
//   connect_build [--n 10000] [--k 1000] [--weights fixed|random] [--no-connect] [--check]
//
// --check (not timed, after the figures): lists the connections and verifies the in-degree of every
// target and the weights and delays (mean, std, range).
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "nestor/nestor.hpp"

namespace {
using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point t0) {
  return std::chrono::duration<double>(clock_type::now() - t0).count();
}

long long maxrss_bytes() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<long long>(ru.ru_maxrss) * 1024;  // Linux: kilobytes
}

long long vmhwm_bytes() {  // the peak of this process's own memory (not inherited from a parent)
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stoll(line.substr(6)) * 1024;
  return 0;
}

struct options {
  std::size_t n = 10000;
  std::int64_t k = 1000;
  bool random = false;
  bool connect = true;
  bool check = false;
};

options parse(int argc, char** argv) {
  options o;
  for (int a = 1; a < argc; ++a) {
    const std::string s = argv[a];
    auto next = [&]() -> std::string {
      if (a + 1 >= argc) {
        std::fprintf(stderr, "%s: %s needs a value\n", argv[0], s.c_str());
        std::exit(2);
      }
      return argv[++a];
    };
    if (s == "--n") o.n = std::stoull(next());
    else if (s == "--k") o.k = std::stoll(next());
    else if (s == "--weights") {
      const std::string w = next();
      if (w != "fixed" && w != "random") {
        std::fprintf(stderr, "%s: --weights fixed or random, got %s\n", argv[0], w.c_str());
        std::exit(2);
      }
      o.random = w == "random";
    } else if (s == "--no-connect") o.connect = false;
    else if (s == "--check") o.check = true;
    else {
      std::fprintf(stderr, "usage: %s [--n N] [--k K] [--weights fixed|random] [--no-connect] [--check]\n", argv[0]);
      std::exit(2);
    }
  }
  return o;
}

struct moments {
  double mean = 0, std = 0, min = 0, max = 0;
};

moments describe(const std::vector<double>& v) {
  moments m;
  if (v.empty()) return m;
  double s = 0, s2 = 0;
  m.min = m.max = v[0];
  for (double x : v) {
    s += x, s2 += x * x;
    m.min = std::min(m.min, x), m.max = std::max(m.max, x);
  }
  m.mean = s / double(v.size());
  m.std = std::sqrt(std::max(0.0, s2 / double(v.size()) - m.mean * m.mean));
  return m;
}

int check(nestor::Simulator& sim, const nestor::NodeCollection& neurons, const options& o) {
  nestor::ConnectionCollection c = sim.get_connections(&neurons, &neurons);
  const std::vector<double> tgt = c.get("target"), w = c.get("weight"), d = c.get("delay");
  std::vector<std::int64_t> indeg(o.n, 0);
  const std::int64_t first = neurons[0];
  for (double t : tgt) ++indeg.at(std::size_t(std::int64_t(t) - first));
  const auto [lo, hi] = std::minmax_element(indeg.begin(), indeg.end());
  const moments mw = describe(w), md = describe(d);
  std::printf("check\tconnections %zu, in-degree min %lld max %lld; weight mean %.4g std %.4g [%.4g, %.4g] pA; "
              "delay mean %.4g std %.4g [%.4g, %.4g] ms\n",
              c.size(), (long long)*lo, (long long)*hi, mw.mean, mw.std, mw.min, mw.max, md.mean, md.std, md.min,
              md.max);
  const bool ok = c.size() == o.n * std::size_t(o.k) && *lo == o.k && *hi == o.k;
  if (!ok) std::printf("check\tFAILED: expected %lld connections per target\n", (long long)o.k);
  return ok ? 0 : 1;
}
}  // namespace

int main(int argc, char** argv) {
  using namespace nestor::literals;
  const options o = parse(argc, argv);

  auto t0 = clock_type::now();
  nestor::Simulator sim(0.1_ms);
  const nestor::NodeCollection neurons = sim.create("iaf_psc_alpha", o.n);
  const double create_s = seconds_since(t0);

  double connect_s = 0.0;
  if (o.connect) {
    nestor::syn_spec syn;
    if (o.random) {
      syn.weight = nestor::random::normal(20.0_pA, 2.0_pA);
      syn.delay = nestor::random::uniform(1.0_ms, 2.0_ms);
    } else {
      syn.weight = 20.0_pA;
      syn.delay = 1.5_ms;
    }
    t0 = clock_type::now();
    sim.connect(neurons, neurons, nestor::conn_spec::fixed_indegree(o.k), syn);
    connect_s = seconds_since(t0);
  }

  t0 = clock_type::now();
  sim.simulate(0.1_ms, false);  // builds the connections (pass two), then one step
  const double first_s = seconds_since(t0);
  t0 = clock_type::now();
  sim.simulate(0.1_ms, false);
  const double second_s = seconds_since(t0);
  const long long rss = maxrss_bytes(), hwm = vmhwm_bytes();

  std::printf("synapses\t%zu\n", sim.num_connections());
  std::printf("create_s\t%.6f\n", create_s);
  std::printf("connect_s\t%.6f\n", connect_s);
  std::printf("first_simulate_s\t%.6f\n", first_s);
  std::printf("second_simulate_s\t%.6f\n", second_s);
  std::printf("maxrss_bytes\t%lld\n", rss);
  std::printf("vmhwm_bytes\t%lld\n", hwm);
  if (o.check && o.connect) return check(sim, neurons, o);
  return 0;
}
