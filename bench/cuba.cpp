// The CUBA benchmark (Vogels & Abbott 2005; benchmark 2 of Brette et al. 2007) as Brian2 ships it in
// examples/CUBA.py, with nestor's iaf_psc_exp:
//
//   4000 neurons, the first 3200 excitatory, the last 800 inhibitory; pairwise_bernoulli(p = 0.02) from
//   each population onto all 4000 (autapses allowed, as Brian2's connect(p=0.02)); no external input:
//   the activity is self-sustained from the random initial state (E_L = -49 mV lies above V_th).
//   Neuron: tau_m 20 ms, E_L -49 mV, V_th -50 mV, V_reset -60 mV, t_ref 5 ms, C_m 200 pF (the value of
//   Brette et al.: 20000 um^2 at 1 uF/cm^2; any C_m gives the same network, see below), exponential
//   currents tau_syn_ex 5 ms, tau_syn_in 10 ms; V_m(0) uniform in [V_reset, V_th); dt 0.1 ms, 1000 ms.
//
// Weights. Brian2's example writes dv/dt = (ge + gi - (v - El))/taum with ge, gi in volts that jump by
// we = 60*0.27/10 mV = 1.62 mV and wi = -20*4.5/10 mV = -9 mV and decay with taue, taui. iaf_psc_exp
// obeys dV/dt = -(V - E_L)/tau_m + (I_ex + I_in)/C_m. The two systems are identical with
// I_x = g_x * C_m / tau_m, hence a PSC amplitude J = w * C_m / tau_m:
//   J_ex = 1.62 mV * 200 pF / 20 ms = 16.2 pA,   J_in = -9 mV * 200 pF / 20 ms = -90 pA.
// (The charge of one PSC, J tau_syn = C_m w tau_syn / tau_m, equals Brian2's: w is added to ge, not to
// v; it is not a voltage jump of v, so J = w C_m / tau_syn would make a network 4x (exc) and 2x (inh)
// stronger.)
// Delay: Brian2's example has none (a spike acts on v from the next step on); nestor's shortest delay is
// one step (0.1 ms), which acts one step later. The peer (bench/peer_networks_brian2.py cuba) therefore
// uses delay = 0.1 ms too: then both deliver a spike of step n to the membrane in step n + 2.
//
// Prints the figures of bench/net_common.hpp; --tsv adds them as key<TAB>value lines.
//
//   cuba [--threads 1] [--T 1000] [--seed 12345] [--n 4000] [--tsv]
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "net_common.hpp"
#include "nestor/nestor.hpp"

int main(int argc, char** argv) {
  using namespace nestor::literals;
  using bench::clock_type, bench::seconds_since;
  bench::options o;
  o.takes_order = false;  // not a Brunel network
  long n = 4000;
  o.parse(argc, argv, "[--threads T] [--T ms] [--seed S] [--n 4000] [--spikes FILE] [--tsv]",
          [&](const std::string& a, auto&& next) {
    if (a != "--n") return false;
    n = std::atol(next());
    return true;
  });
  const int threads = o.threads;
  const double T = o.T;
  const unsigned long seed = o.seed;
  const bool tsv = o.tsv;
  const long NE = n * 4 / 5, NI = n - NE;
  const double tau_m = 20.0, C_m = 200.0, V_th = -50.0, V_reset = -60.0, E_L = -49.0;
  const double we = 60.0 * 0.27 / 10.0, wi = -20.0 * 4.5 / 10.0;  // mV, Brian2's example
  const double J_ex = we * C_m / tau_m, J_in = wi * C_m / tau_m;   // pA
  const double p = 0.02;

  bench::figures f;
  f.T_ms = T;
  f.before();
  auto t0 = clock_type::now();
  nestor::Simulator sim(0.1_ms, seed, threads);
  // V_m(0) uniform in [V_reset, V_th), drawn here (one stream, the seed's).
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(V_reset, V_th);
  std::vector<double> v0(static_cast<std::size_t>(n));
  for (double& v : v0) v = u(rng);
  const nestor::params neuron{{"C_m", C_m},          {"tau_m", tau_m},    {"E_L", E_L},
                              {"V_th", V_th},        {"V_reset", V_reset}, {"t_ref", 5.0},
                              {"tau_syn_ex", 5.0},   {"tau_syn_in", 10.0}, {"I_e", 0.0}};
  auto P = sim.create("iaf_psc_exp", std::size_t(n), neuron);
  P.set({{"V_m", nestor::value(v0)}});
  auto sr = sim.create("spike_recorder");
  f.t_build = seconds_since(t0);
  f.nodes();

  t0 = clock_type::now();
  auto E = P.slice(0, NE), I = P.slice(NE, n);
  sim.connect(E, P, nestor::conn_spec::pairwise_bernoulli(p), {J_ex, 0.1_ms});
  sim.connect(I, P, nestor::conn_spec::pairwise_bernoulli(p), {J_in, 0.1_ms});
  sim.connect(P, sr);
  const double t_connect_calls = seconds_since(t0);
  t0 = clock_type::now();
  sim.simulate(0.1_ms, false);  // builds the connections
  f.t_connect = t_connect_calls + seconds_since(t0);
  f.network();
  f.synapses = f.net_synapses = sim.num_connections();

  t0 = clock_type::now();
  nestor::Result res = sim.simulate(nestor::time_q{(T - 0.1) * 1e-3}, false);
  f.t_sim = seconds_since(t0);
  const auto sp = res.spikes(sr);
  bench::write_spikes(o.spikes_file, sp);
  f.st = bench::statistics(sp.senders, sp.times, P[0], std::size_t(n), 0.1, T);

  std::printf("cuba  %ld iaf_psc_exp (NE %ld, NI %ld), pairwise_bernoulli %.2f, J_ex %.4g pA, J_in %.4g pA, "
              "%d thread(s), T %.0f ms, seed %lu\n",
              n, NE, NI, p, J_ex, J_in, threads, T, seed);
  bench::print(f, std::size_t(n), tsv);
  std::printf("command: %s --threads %d --T %.0f --seed %lu --n %ld\n", argv[0], threads, T, seed, n);
  return 0;
}
