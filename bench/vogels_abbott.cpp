// The two Vogels & Abbott (2005) networks of Brette et al. (2007), built as two programs from this file:
// `cuba` (benchmark 2, current-based, iaf_psc_exp, as Brian2's examples/CUBA.py) and `coba` (benchmark 1,
// conductance-based, iaf_cond_exp integrated with GSL's RKF45 as NEST does; compiled with BENCH_COBA).
//
// Both: 4000 neurons, the first 3200 excitatory, the last 800 inhibitory; pairwise_bernoulli(p = 0.02)
// from each population onto all 4000 (autapses allowed, as Brian2's connect(p=0.02)); no external input:
// the activity is self-sustained from the random initial state; tau_m 20 ms, V_th -50 mV, V_reset
// -60 mV, t_ref 5 ms, C_m 200 pF (20000 um^2 at 1 uF/cm^2), exponential synapses tau_syn_ex 5 ms,
// tau_syn_in 10 ms; dt 0.1 ms, 1000 ms.
//
// cuba: E_L = -49 mV (above V_th), V_m(0) uniform in [V_reset, V_th). Brian2's example writes dv/dt = (ge +
// gi - (v - El))/taum with ge, gi in volts that jump by we = 60*0.27/10 mV = 1.62 mV and wi = -20*4.5/10 mV =
// -9 mV and decay with taue, taui. iaf_psc_exp obeys dV/dt = -(V - E_L)/tau_m + (I_ex + I_in)/C_m. The two
// systems are identical with I_x = g_x * C_m / tau_m, hence a PSC amplitude J = w * C_m / tau_m:
//   J_ex = 1.62 mV * 200 pF / 20 ms = 16.2 pA,   J_in = -9 mV * 200 pF / 20 ms = -90 pA.
// (The charge of one PSC, J tau_syn = C_m w tau_syn / tau_m, equals Brian2's: w is added to ge, not to
// v; it is not a voltage jump of v, so J = w C_m / tau_syn would make a network 4x (exc) and 2x (inh)
// stronger.)
// coba: E_L = -60 mV, g_L = 10 nS (5e-5 S/cm^2: tau_m = C_m / g_L = 20 ms), E_ex 0 mV, E_in -80 mV;
// conductance jumps 6 nS (E) and 67 nS (I, a negative weight: iaf_cond_exp's inhibitory conductance);
// the initial state of Brette et al.'s Brian script (COBA.py): V_m(0) = -65 + 5 z mV, g_ex(0) =
// (4 + 1.5 z) * 10 nS and g_in(0) = (20 + 12 z) * 10 nS with z standard normal, the conductances
// clipped at 0 (nestor refuses negative conductances; the peer clips the same way). The network is
// bistable: some realisations fall silent after the first spikes (e.g. --seed 2 here).
// Delay: Brian2's examples have none (a spike acts on v from the next step on); nestor's shortest delay
// is one step (0.1 ms), which acts one step later. The peer (bench/peer_networks_brian2.py cuba|coba)
// therefore uses delay = 0.1 ms too: then both deliver a spike of step n to the membrane in step n + 2.
//
// Prints the figures of bench/net_common.hpp; --tsv adds them as key<TAB>value lines.
//
//   cuba|coba [--threads 1] [--T 1000] [--seed 12345] [--n 4000] [--spikes FILE] [--tsv]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "nestor/nestor.hpp"
#include "net_common.hpp"

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
  const double tau_m = 20.0, C_m = 200.0, V_th = -50.0, V_reset = -60.0;
#ifdef BENCH_COBA
  const char* name = "coba";
  const char* model = "iaf_cond_exp";
  const double g_L = C_m / tau_m;         // nS
  const double J_ex = 6.0, J_in = -67.0;  // nS
  const char* unit = "nS";
  const nestor::params neuron{{"C_m", C_m},         {"g_L", g_L},         {"E_L", -60.0}, {"V_th", V_th},
                              {"V_reset", V_reset}, {"t_ref", 5.0},       {"E_ex", 0.0},  {"E_in", -80.0},
                              {"tau_syn_ex", 5.0},  {"tau_syn_in", 10.0}, {"I_e", 0.0}};
#else
  const char* name = "cuba";
  const char* model = "iaf_psc_exp";
  const double we = 60.0 * 0.27 / 10.0, wi = -20.0 * 4.5 / 10.0;  // mV, Brian2's example
  const double J_ex = we * C_m / tau_m, J_in = wi * C_m / tau_m;  // pA
  const char* unit = "pA";
  const nestor::params neuron{{"C_m", C_m},        {"tau_m", tau_m},     {"E_L", -49.0},
                              {"V_th", V_th},      {"V_reset", V_reset}, {"t_ref", 5.0},
                              {"tau_syn_ex", 5.0}, {"tau_syn_in", 10.0}, {"I_e", 0.0}};
#endif
  const double p = 0.02;

  bench::figures f;
  f.T_ms = T;
  f.before();
  auto t0 = clock_type::now();
  nestor::Simulator sim(0.1_ms, seed, threads);
  // The initial state, drawn here (one stream, the seed's).
  std::mt19937_64 rng(seed);
  std::vector<double> v0(static_cast<std::size_t>(n));
  auto P = sim.create(model, std::size_t(n), neuron);
#ifdef BENCH_COBA
  std::normal_distribution<double> z;
  std::vector<double> g_ex0(v0.size()), g_in0(v0.size());
  for (double& v : v0) v = -65.0 + 5.0 * z(rng);
  for (double& g : g_ex0) g = std::max(0.0, (4.0 + 1.5 * z(rng)) * 10.0);
  for (double& g : g_in0) g = std::max(0.0, (20.0 + 12.0 * z(rng)) * 10.0);
  P.set({{"V_m", nestor::value(v0)}, {"g_ex", nestor::value(g_ex0)}, {"g_in", nestor::value(g_in0)}});
#else
  std::uniform_real_distribution<double> u(V_reset, V_th);
  for (double& v : v0) v = u(rng);
  P.set({{"V_m", nestor::value(v0)}});
#endif
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
  f.phases = res.phases();
  const auto sp = res.spikes(sr);
  bench::write_spikes(o.spikes_file, sp);
  f.st = bench::statistics(sp.senders, sp.times, P[0], std::size_t(n), 0.1, T);

  std::printf(
      "%s  %ld %s (NE %ld, NI %ld), pairwise_bernoulli %.2f, J_ex %.4g %s, J_in %.4g %s, "
      "%d thread(s), T %.0f ms, seed %lu\n",
      name, n, model, NE, NI, p, J_ex, unit, J_in, unit, threads, T, seed);
  bench::print(f, std::size_t(n), tsv);
  std::printf("command: %s --threads %d --T %.0f --seed %lu --n %ld\n", argv[0], threads, T, seed, n);
  return 0;
}
