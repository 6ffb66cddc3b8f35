// The Brunel (2000) balanced network as in NEST's brunel_alpha_nest.py example: NE = 4 order
// excitatory and NI = order inhibitory iaf_psc_alpha neurons (C_m 250 pF, tau_m 20 ms, tau_syn 0.5 ms,
// t_ref 2 ms, E_L = V_reset = V_m(0) = 0 mV, V_th 20 mV), fixed in-degree CE = NE/10 from E and
// CI = NI/10 from I (autapses and multapses allowed), J = 0.1 mV as an alpha-PSC amplitude
// (J_ex = 20.68015524367846 pA), J_in = -g J_ex with g = 5, delay 1.5 ms, one poisson_generator with
// rate eta nu_th CE (eta = 2) to every neuron, dt 0.1 ms.
//
// Prints build, connect and simulate times, the real-time factor, spikes, mean rate, CV of the
// inter-spike intervals, a synchrony measure, peak memory, bytes per synapse and ns per synaptic event
// (bench/net_common.hpp); --tsv adds the figures as key<TAB>value lines (for bench/networks.py).
// The Brian2 peer: bench/peer_networks_brian2.py brunel_alpha.
//
//   brunel [--order 2500] [--threads 1] [--T 1000] [--seed 12345] [--spikes FILE] [--tsv]
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "net_common.hpp"
#include "nestor/nestor.hpp"

int main(int argc, char** argv) {
  using namespace nestor::literals;
  using bench::clock_type, bench::seconds_since;
  long order = 2500;
  int threads = 1;
  double T = 1000.0;
  unsigned long seed = 12345;
  std::string spikes_file;
  bool tsv = false;
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
    else if (a == "--tsv") tsv = true;
    else {
      std::fprintf(stderr, "usage: %s [--order N] [--threads T] [--T ms] [--seed S] [--spikes FILE] [--tsv]\n",
                   argv[0]);
      return a == "--help" || a == "-h" ? 0 : 2;
    }
  }
  const long NE = 4 * order, NI = order, CE = NE / 10, CI = NI / 10;
  const double J_ex = 20.68015524367846, g = 5.0, eta = 2.0, theta = 20.0, C_m = 250.0, tau_m = 20.0,
               tau_syn = 0.5;
  const double nu_th = theta * C_m / (J_ex * double(CE) * std::exp(1.0) * tau_m * tau_syn);
  const double p_rate = 1000.0 * eta * nu_th * double(CE);

  bench::figures f;
  f.T_ms = T;
  f.before();
  auto t0 = clock_type::now();
  nestor::Simulator sim(0.1_ms, seed, threads);
  const nestor::params neuron{{"C_m", C_m},         {"tau_m", tau_m},   {"tau_syn_ex", tau_syn},
                              {"tau_syn_in", tau_syn}, {"t_ref", 2.0},     {"E_L", 0.0},
                              {"V_reset", 0.0},     {"V_m", 0.0},       {"V_th", theta}};
  auto E = sim.create("iaf_psc_alpha", std::size_t(NE), neuron);
  auto I = sim.create("iaf_psc_alpha", std::size_t(NI), neuron);
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
  nestor::Result res = sim.simulate(nestor::time_q{(T - 0.1) * 1e-3});
  f.t_sim = seconds_since(t0);
  const auto sp = res.spikes(sr);
  // Statistics over the timed call, (0.1 ms, T].
  f.st = bench::statistics(sp.senders, sp.times, E[0], N, 0.1, T);

  if (!spikes_file.empty()) {
    std::ofstream out(spikes_file);
    for (std::size_t k = 0; k < sp.senders.size(); ++k) out << sp.senders[k] << ' ' << sp.times[k] << '\n';
  }
  std::printf("brunel_alpha  order %ld (NE %ld, NI %ld, CE %ld, CI %ld), %d thread(s), T %.0f ms, seed %lu\n", order,
              NE, NI, CE, CI, threads, T, seed);
  bench::print(f, N, tsv);
  std::printf("command: %s --order %ld --threads %d --T %.0f --seed %lu\n", argv[0], order, threads, T, seed);
  return 0;
}
