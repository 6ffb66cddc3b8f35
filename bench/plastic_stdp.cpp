// A plastic Brunel network: the brunel_alpha network of bench/brunel.cpp (iaf_psc_alpha, NEST's
// brunel_alpha_nest.py parameters) with NE = 4 order excitatory and NI = order inhibitory neurons
// (default order 2000: 10^4 neurons, 8000 E, 2000 I), fixed in-degree CE = NE/10 and CI = NI/10
// (autapses and multapses allowed), delay 1.5 ms, one poisson_generator (rate eta nu_th CE) to every
// neuron, and a plastic synapse model on E->E (default stdp_synapse); E->I and I->all static.
//
// stdp_synapse on E->E: NEST's defaults (tau_plus 20 ms, lambda 0.01, alpha 1, mu_plus = mu_minus = 1:
// multiplicative; the target's tau_minus 20 ms) except Wmax = 2 J_ex: for uncorrelated pre- and
// postsynaptic spikes the multiplicative rule's fixed point is Wmax / (1 + alpha) = J_ex, the initial
// weight, so that the network stays in brunel_alpha's asynchronous state while every E->E weight moves.
// --model NAME puts another synapse model on E->E (e.g. tsodyks2_synapse, static_synapse for the same
// network without plasticity) with its defaults; --param name=value (repeatable) sets a per-connection
// parameter of it (for stdp_synapse they replace the defaults above).
//
// Prints build, connect and simulate times, rate, the phases of the timed simulate call, peak memory,
// the bytes per connection of every synapse model in use (Simulator::connection_memory(): the stores'
// bytes / connections; the copy kept for reset() and the spike histories are not in it) and the mean and
// standard deviation of the E->E weights after the first 0.1 ms step (the connections are built then) and at
// the end (peak memory: VmHWM once the network is built, before get_connections lists the weights,
// which takes memory of its own, and at the end); --tsv adds key<TAB>value lines (bench/plastic.py). The
// peer: bench/peer_plastic_brian2.py.
//
//   plastic_stdp [--order 2000] [--threads 1] [--T 1000] [--seed 12345] [--model stdp_synapse]
//                [--param NAME=VALUE ...] [--defaults] [--tsv]
// --defaults: the E->E parameters are set with Simulator::set_synapse_defaults (NEST's SetDefaults)
// instead of per connection (syn_spec.params): the same network, connected faster.
#include <time.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "nestor/nestor.hpp"
#include "net_common.hpp"

namespace {

struct moments {
  double mean = 0, std = 0, min = 0, max = 0;
};

moments of(const std::vector<double>& w) {
  moments m;
  if (w.empty()) return m;
  double s = 0, s2 = 0;
  m.min = m.max = w[0];
  for (double x : w) s += x, m.min = std::min(m.min, x), m.max = std::max(m.max, x);
  m.mean = s / double(w.size());
  for (double x : w) s2 += (x - m.mean) * (x - m.mean);
  m.std = std::sqrt(s2 / double(w.size()));
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  bench::options o;
  o.order = 2000;
  std::string model = "stdp_synapse";
  std::vector<std::pair<std::string, double>> user_params;
  bool as_defaults = false;
  o.parse(argc, argv,
          "[--order N] [--threads T] [--T ms] [--seed S] [--model NAME] [--param NAME=VALUE] [--defaults] "
          "[--tsv]",
          [&](const std::string& a, auto&& next) {
            if (a == "--model") {
              model = next();
              return true;
            }
            if (a == "--defaults") {
              as_defaults = true;
              return true;
            }
            if (a == "--param") {
              const std::string kv = next();
              const auto eq = kv.find('=');
              if (eq == std::string::npos) return false;
              user_params.emplace_back(kv.substr(0, eq), std::atof(kv.c_str() + eq + 1));
              return true;
            }
            return false;
          });
  using namespace nestor::literals;
  const long NE = 4 * o.order, NI = o.order, CE = NE / 10, CI = NI / 10;
  const double J_ex = 20.68015524367846, g = 5.0, eta = 2.0, theta = 20.0, C_m = 250.0, tau_m = 20.0,
               tau_syn = 0.5;
  const double nu_th = theta * C_m / (J_ex * double(CE) * std::exp(1.0) * tau_m * tau_syn);
  const double p_rate = 1000.0 * eta * nu_th * double(CE);
  const nestor::params neuron{
      {"C_m", C_m},   {"tau_m", tau_m}, {"tau_syn_ex", tau_syn}, {"tau_syn_in", tau_syn},
      {"t_ref", 2.0}, {"E_L", 0.0},     {"V_reset", 0.0},        {"V_m", 0.0},
      {"V_th", theta}};

  nestor::syn_spec ee{J_ex, 1.5_ms};
  ee.synapse_model = model;
  if (model == "stdp_synapse") {
    ee.params = {{"Wmax", 2.0 * J_ex}, {"lambda", 0.01},  {"alpha", 1.0},
                 {"mu_plus", 1.0},     {"mu_minus", 1.0}, {"tau_plus", 20.0}};
  }
  for (const auto& [k, v] : user_params) {
    bool replaced = false;
    for (auto& [k0, v0] : ee.params)
      if (k0 == k) v0 = v, replaced = true;
    if (!replaced) ee.params.emplace_back(k, v);
  }

  bench::figures f;
  f.T_ms = o.T;
  f.before();
  auto t0 = bench::clock_type::now();
  nestor::Simulator sim(0.1_ms, o.seed, o.threads);
  if (as_defaults) {  // the E->E parameters as the model's defaults instead of per-connection values
    nestor::params p;
    for (const auto& [k, v] : ee.params) p.emplace_back(k, v.fixed());
    sim.set_synapse_defaults(model, p);
  }
  auto E = sim.create("iaf_psc_alpha", std::size_t(NE), neuron);
  auto I = sim.create("iaf_psc_alpha", std::size_t(NI), neuron);
  auto noise = sim.create("poisson_generator", 1, {{"rate", p_rate}});
  auto sr = sim.create("spike_recorder");
  f.t_build = bench::seconds_since(t0);
  f.nodes();

  t0 = bench::clock_type::now();
  auto all = E + I;
  sim.connect(noise, all, nestor::rule::all_to_all, {J_ex, 1.5_ms});
  {
    nestor::syn_spec spec = ee;
    if (as_defaults) spec.params.clear();
    sim.connect(E, E, nestor::conn_spec::fixed_indegree(CE), spec);
  }
  sim.connect(E, I, nestor::conn_spec::fixed_indegree(CE), {J_ex, 1.5_ms});
  sim.connect(I, all, nestor::conn_spec::fixed_indegree(CI), {-g * J_ex, 1.5_ms});
  sim.connect(all, sr);
  const double t_connect_calls = bench::seconds_since(t0);
  t0 = bench::clock_type::now();
  sim.simulate(0.1_ms, false);  // builds the connections
  f.t_connect = t_connect_calls + bench::seconds_since(t0);
  f.network();
  const std::size_t N = std::size_t(NE + NI);
  f.synapses = sim.num_connections();
  f.net_synapses = f.synapses - N;
  const auto memory = sim.connection_memory();
  const double peak_net = bench::peak_mib();  // before the weights are listed (that takes memory too)

  t0 = bench::clock_type::now();
  auto ee_conns = sim.get_connections(&E, &E, model);
  const moments w0 = of(ee_conns.get("weight"));
  const double t_get = bench::seconds_since(t0);
  const double peak_listed = bench::peak_mib();

  timespec c0{}, c1{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
  t0 = bench::clock_type::now();
  nestor::Result res = sim.simulate(nestor::time_q{(o.T - 0.1) * 1e-3});
  f.t_sim = bench::seconds_since(t0);
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
  const double cpu_sim = double(c1.tv_sec - c0.tv_sec) + 1e-9 * double(c1.tv_nsec - c0.tv_nsec);
  f.phases = res.phases();
  const auto sp = res.spikes(sr);
  f.st = bench::statistics(sp.senders, sp.times, E[0], N, 0.1, o.T);
  std::size_t spikes_E = 0;  // bench::statistics' rate counts every sender
  for (auto s : sp.senders) spikes_E += s >= E[0] && s < E[0] + NE;
  const double rate_E = double(spikes_E) / double(NE) / ((o.T - 0.1) / 1000.0);
  const moments w1 = of(sim.get_connections(&E, &E, model).get("weight"));

  std::printf(
      "plastic_stdp  order %ld (NE %ld, NI %ld, CE %ld, CI %ld), E->E %s, %d thread(s), T %.0f ms, seed "
      "%lu\n",
      o.order, NE, NI, CE, CI, model.c_str(), o.threads, o.T, o.seed);
  std::printf("  E->E parameters:");
  for (const auto& [k, v] : ee.params) std::printf(" %s=%g", k.c_str(), v.fixed().numbers()[0]);
  std::printf("%s\n", ee.params.empty() ? " the model's defaults"
                      : as_defaults     ? " (set as the model's defaults: --defaults)"
                                        : " (per connection: syn_spec.params)");
  bench::print(f, N, o.tsv);
  std::printf("  %-34s %12.3f s   (all threads; other work on the machine does not count)\n",
              "simulate, CPU time of the process", cpu_sim);
  std::printf("  %-34s %12.2f Hz\n", "mean rate of E", rate_E);
  for (const auto& [name, bytes, n] : memory)
    if (n)
      std::printf("  %-34s %12.1f B   (%zu connections, %.1f MiB)\n", ("bytes per " + name).c_str(),
                  double(bytes) / double(n), n, double(bytes) / 1048576.0);
  std::printf("  %-34s %12.1f MiB (the peak above includes the weight listings: %.1f MiB after the first)\n",
              "peak memory, network built", peak_net, peak_listed);
  std::printf("  %-34s mean %.4f std %.4f min %.4f max %.4f pA (listing them: %.3f s)\n",
              "E->E weights before", w0.mean, w0.std, w0.min, w0.max, t_get);
  std::printf("  %-34s mean %.4f std %.4f min %.4f max %.4f pA\n", "E->E weights after", w1.mean, w1.std,
              w1.min, w1.max);
  if (o.tsv) {
    const auto kv = [](const std::string& k, double v) { std::printf("%s\t%.9g\n", k.c_str(), v); };
    kv("rate_E_hz", rate_E);
    kv("simulate_cpu_s", cpu_sim);
    kv("peak_net_mib", peak_net), kv("peak_listed_mib", peak_listed), kv("listing_s", t_get);
    kv("heap_nodes_mib", f.heap_nodes), kv("heap_net_mib", f.heap_net);
    for (const auto& [name, bytes, n] : memory)
      if (n) {
        kv("conn_bytes_" + name, double(bytes) / double(n));
        kv("conn_count_" + name, double(n));
      }
    kv("w0_mean", w0.mean), kv("w0_std", w0.std), kv("w1_mean", w1.mean), kv("w1_std", w1.std);
    kv("w1_min", w1.min), kv("w1_max", w1.max);
    kv("ee_synapses", double(ee_conns.size()));
  }
  std::printf("command: %s --order %ld --threads %d --T %.0f --seed %lu --model %s", argv[0], o.order,
              o.threads, o.T, o.seed, model.c_str());
  for (const auto& [k, v] : user_params) std::printf(" --param %s=%g", k.c_str(), v);
  std::printf("%s\n", as_defaults ? " --defaults" : "");
  return 0;
}
