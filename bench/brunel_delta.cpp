// The Brunel (2000) balanced network with delta synapses, as NEST's brunel_delta_nest.py example:
// NE = 4 order excitatory and NI = order inhibitory iaf_psc_delta neurons (C_m 1 pF, tau_m 20 ms,
// t_ref 2 ms, E_L = V_m(0) = 0 mV, V_reset 0 mV, V_th 20 mV; refractory_input false: spikes arriving
// during the refractory period are discarded, NEST's default), fixed in-degree CE = NE/10 from E and
// CI = NI/10 from I (autapses and multapses allowed), J = 0.1 mV added to V_m at arrival, J_in = -g J
// with g = 5, delay 1.5 ms, one poisson_generator with rate eta nu_th CE (eta = 2,
// nu_th = V_th / (J CE tau_m)) to every neuron, weight J, dt 0.1 ms. The same network as bench/brunel.cpp
// but for the neuron model. --V_reset 10 gives Brunel (2000)'s and Brian2's examples/frompapers/
// Brunel_2000.py reset (NEST's example resets to 0 mV).
//
// Prints build, connect and simulate times, the real-time factor, spikes, mean rate, CV of the
// inter-spike intervals, a synchrony measure, peak memory, bytes per synapse and ns per synaptic event
// (bench/net_common.hpp); --tsv adds the figures as key<TAB>value lines (for bench/networks.py).
// The Brian2 peer: bench/peer_networks_brian2.py brunel_delta.
//
//   brunel_delta [--order 2500] [--threads 1] [--T 1000] [--seed 12345] [--V_reset 0] [--spikes FILE] [--tsv]
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "net_common.hpp"
#include "nestor/nestor.hpp"

int main(int argc, char** argv) {
  bench::options o;
  double V_reset = 0.0;
  o.parse(argc, argv, "[--order N] [--threads T] [--T ms] [--seed S] [--V_reset mV] [--spikes FILE] [--tsv]",
          [&](const std::string& a, auto&& next) {
            if (a != "--V_reset") return false;
            V_reset = std::atof(next());
            return true;
          });
  const long NE = 4 * o.order, NI = o.order, CE = NE / 10, CI = NI / 10;
  const double J_ex = 0.1, g = 5.0, eta = 2.0, theta = 20.0, tau_m = 20.0;  // mV, ms
  const double nu_th = theta / (J_ex * double(CE) * tau_m);
  const double p_rate = 1000.0 * eta * nu_th * double(CE);
  const nestor::params neuron{{"C_m", 1.0},         {"tau_m", tau_m}, {"t_ref", 2.0},  {"E_L", 0.0},
                              {"V_reset", V_reset}, {"V_m", 0.0},     {"V_th", theta}};
  bench::figures f;
  const std::size_t N = bench::run_brunel("iaf_psc_delta", neuron, J_ex, g, p_rate, o, f);
  std::printf("brunel_delta  order %ld (NE %ld, NI %ld, CE %ld, CI %ld), V_reset %g mV, %d thread(s), T %.0f ms, "
              "seed %lu\n",
              o.order, NE, NI, CE, CI, V_reset, o.threads, o.T, o.seed);
  bench::print(f, N, o.tsv);
  std::printf("command: %s --order %ld --threads %d --T %.0f --seed %lu --V_reset %g\n", argv[0], o.order, o.threads,
              o.T, o.seed, V_reset);
  return 0;
}
