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

#include "net_common.hpp"
#include "nestor/nestor.hpp"

int main(int argc, char** argv) {
  bench::options o;
  o.parse(argc, argv, "[--order N] [--threads T] [--T ms] [--seed S] [--spikes FILE] [--tsv]");
  const long NE = 4 * o.order, NI = o.order, CE = NE / 10, CI = NI / 10;
  const double J_ex = 20.68015524367846, g = 5.0, eta = 2.0, theta = 20.0, C_m = 250.0, tau_m = 20.0,
               tau_syn = 0.5;
  const double nu_th = theta * C_m / (J_ex * double(CE) * std::exp(1.0) * tau_m * tau_syn);
  const double p_rate = 1000.0 * eta * nu_th * double(CE);
  const nestor::params neuron{{"C_m", C_m},         {"tau_m", tau_m},   {"tau_syn_ex", tau_syn},
                              {"tau_syn_in", tau_syn}, {"t_ref", 2.0},     {"E_L", 0.0},
                              {"V_reset", 0.0},     {"V_m", 0.0},       {"V_th", theta}};
  bench::figures f;
  const std::size_t N = bench::run_brunel("iaf_psc_alpha", neuron, J_ex, g, p_rate, o, f);
  std::printf("brunel_alpha  order %ld (NE %ld, NI %ld, CE %ld, CI %ld), %d thread(s), T %.0f ms, seed %lu\n", o.order,
              NE, NI, CE, CI, o.threads, o.T, o.seed);
  bench::print(f, N, o.tsv);
  std::printf("command: %s --order %ld --threads %d --T %.0f --seed %lu\n", argv[0], o.order, o.threads, o.T, o.seed);
  return 0;
}
