#pragma once
// pp_psc_delta: point-process neuron with leaky integration of delta-shaped input, escape-rate spiking,
// dead time and spike-frequency adaptation, as in NEST 3.9 (models/pp_psc_delta.cpp).
//
//   dV/dt = -V/tau_m + (I_e + I_stim)/C_m + sum_k w_k delta(t - t_k)      (V relative to rest, w in mV)
//   rate  = c_1 V' + c_2 exp(c_3 V'),  V' = V - E_sfa                     (rate in 1/s)
//   E_sfa = sum_j q_sfa[j] sum_spikes exp(-(t - t_spike)/tau_sfa[j])     (any number of kernels j)
//
// Per step (NEST's order): V <- P30 (I_stim + I_e) + P33 V + this step's input (V integrates during
// the dead time too); each adaptation kernel decays and E_sfa is set to their sum (0 without kernels);
// then, if not in dead time and rate > 0: with dead_time > 0 one spike with probability
// 1 - exp(-rate dt) (a uniform u <= that), with dead_time == 0 a Poisson(rate dt) number of spikes (one
// event with that multiplicity). After n > 0 spikes the dead time starts (dead_time rounded to 1 us and
// then up to whole steps, as NEST's Time converts ms to steps; or, with dead_time_random, a
// Gamma(dead_time_shape) draw of mean dead_time, converted the same way; we draw it as a sum of
// dead_time_shape exponentials), kernel j jumps by n q_sfa[j] (seen in E_sfa from the next step) and,
// with_reset, V <- 0. In dead time the counter counts down instead. Last, the step's current input is
// latched for the next step. A dead_time in (0, dt) acts as dt (NEST overwrites the parameter with dt;
// we keep the user's value and use dt). t_ref_remaining is the dead time the neuron starts its first
// simulation with. As in NEST, a value set for E_sfa only shows until the next step recomputes it from
// the kernels.
//
// tau_sfa and q_sfa are lists of equal length, default empty (no adaptation), as in NEST 3.9. What
// differs from NEST: a scalar tau_sfa or q_sfa is taken as a list of one (NEST appends a scalar to the
// lists it has and then reports scalars); NEST's pre_run_hook appends fresh kernels again after every
// SetStatus (a bug that lets the kernel count outgrow the lists), we keep one kernel per list element;
// c_1 (Hz/mV) and c_3 (1/mV) take bare numbers only (no such units in the engine). Random numbers come
// from the node's own Philox stream, keyed by (seed, node id) and counted by the step: results match
// NEST in distribution, not draw for draw, and do not depend on the number of threads.

#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/neuron_population.hpp"
#include "models/neurons/nest_time.hpp"

namespace nestor::detail {

struct pp_psc_delta {
  static constexpr std::string_view name = "pp_psc_delta";

  struct P {
    // clang-format off
    enum : int { I_e, C_m, tau_m, dead_time, dead_time_random, dead_time_shape, with_reset, c_1, c_2, c_3,
                 t_ref_remaining, n };
    // clang-format on
  };
  static constexpr std::array<param_spec, P::n> params{{
      {"I_e", 0.0, unit::pA, check::any, "constant input current"},
      {"C_m", 250.0, unit::pF, check::positive, "membrane capacitance"},
      {"tau_m", 10.0, unit::ms, check::positive, "membrane time constant"},
      {"dead_time", 1.0, unit::ms, check::nonnegative,
       "duration of the dead time after a spike (0: Poisson spike counts per step)"},
      {"dead_time_random", 0.0, unit::none, check::boolean,
       "if true, each dead time is drawn from a gamma distribution of mean dead_time"},
      {"dead_time_shape", 1.0, unit::none, check::integer_nonnegative,
       "shape parameter (>= 1) of the gamma distribution of random dead times"},
      {"with_reset", 1.0, unit::none, check::boolean, "if true, V_m is reset to 0 after a spike"},
      {"c_1", 0.0, unit::none, check::any, "slope of the linear part of the transfer function (Hz/mV)"},
      {"c_2", 1.238, unit::Hz, check::any, "prefactor of the exponential part of the transfer function"},
      {"c_3", 0.25, unit::none, check::nonnegative,
       "coefficient of the exponential non-linearity of the transfer function (1/mV)"},
      {"t_ref_remaining", 0.0, unit::ms, check::nonnegative,
       "dead time remaining at the start of the first simulation"},
  }};

  static constexpr int n_groups = 1;  // group 0: the adaptation kernels
  struct A {
    enum : int { tau_sfa, q_sfa, n };
  };
  static constexpr std::array<array_spec, A::n> arrays{{
      {"tau_sfa", std::span<const double>{}, unit::ms, check::positive,
       "time constants of the adaptation kernels (one per kernel; default none)", 0},
      {"q_sfa", std::span<const double>{}, unit::mV, check::any,
       "jumps of the adaptation kernels at each spike (one per kernel)", 0},
  }};
  struct E {
    enum : int { q_elem, n };
  };
  static constexpr std::array<element_spec, E::n> elements{{
      {"q_elem", 0.0, unit::mV, "value of an adaptation kernel, including this step's jump", 0, false},
  }};

  struct S {
    enum : int { V_m, E_sfa, I_stim, r, started, n };
  };
  static constexpr std::array<state_spec, S::n> state{{
      {"V_m", 0.0, unit::mV, "membrane potential, relative to rest"},
      {"E_sfa", 0.0, unit::mV, "adaptive threshold (as of the start of the step's spike draw)"},
      {"I_stim", 0.0, unit::pA, "current input latched from the previous step", -1, false, false},
      {"r", 0.0, unit::none, "dead-time steps left", -1, false, false},
      {"started", 0.0, unit::none, "1 once t_ref_remaining has been applied", -1, false, false},
  }};

  // Input channels of a node: spikes (weights in mV, both signs), current input.
  static int channels(const group_sizes<n_groups>&) { return 2; }
  static std::optional<port> spike_port(int receptor, const group_sizes<n_groups>&) {
    if (receptor != 0) return std::nullopt;
    return port{0, 0};
  }
  static std::optional<port> current_port(int receptor, const group_sizes<n_groups>&) {
    if (receptor != 0) return std::nullopt;
    return port{1, 0};
  }

  using arrays_of_node = std::array<std::vector<double>, A::n>;
  static void validate(const prow<pp_psc_delta>& p, const arrays_of_node& a);
  static constexpr bool needs_rng = true;

  struct derived {
    double P30, P33;
    double I_e, c_1, c_2, c_3;
    std::vector<double> Q33;  // per adaptation kernel
    double h;
    double dead_time;        // as used: dt if the parameter is in (0, dt)
    double dead_time_steps;  // fixed dead time
    double dead_time_rate;   // random dead time: Gamma(shape, 1) / rate in ms, of mean dead_time
    double t_ref_remaining_steps;
    int dead_time_shape;
    bool dead_time_random, with_reset;
  };
  static derived prepare(const prow<pp_psc_delta>& p, const arrays_of_node& a, double dt);
  static bool draws(const derived&) { return true; }

  /// A Gamma(k, 1) number for integer k >= 1: the sum of k unit exponentials.
  static double gamma_draw(philox_stream& g, int k) {
    double x = 0.0;
    for (int i = 0; i < k; ++i) x -= std::log1p(-g.uniform());
    return x;
  }

  template <class Arrays>
  static unsigned update(srow s, const derived& d, inputs in, Arrays& ar, const node_rng* rng) {
    std::vector<double>& q = ar.s[E::q_elem];
    if (s[S::started] == 0.0) {  // NEST's init_state_: the remaining dead time at the first run
      s[S::r] = d.t_ref_remaining_steps;
      s[S::started] = 1.0;
    }
    s[S::V_m] = d.P30 * (s[S::I_stim] + d.I_e) + d.P33 * s[S::V_m] + in[0];
    double e_sfa = 0.0;
    for (std::size_t k = 0; k < q.size(); ++k) {
      q[k] = d.Q33[k] * q[k];
      e_sfa += q[k];
    }
    s[S::E_sfa] = e_sfa;
    unsigned n = 0;
    if (s[S::r] == 0.0) {
      const double v_eff = s[S::V_m] - s[S::E_sfa];
      const double rate = d.c_1 * v_eff + d.c_2 * std::exp(d.c_3 * v_eff);
      if (rate > 0.0 && rng) {
        philox_stream g = rng->stream();
        if (d.dead_time > 0.0)
          n = g.uniform() <= -std::expm1(-rate * d.h * 1e-3) ? 1u : 0u;
        else
          n = poisson_draw(g, rate * d.h * 1e-3);
        if (n > 0) {
          s[S::r] = d.dead_time_random
                        ? nest_ms_to_steps(gamma_draw(g, d.dead_time_shape) / d.dead_time_rate, d.h)
                        : d.dead_time_steps;
          const std::vector<double>& q_sfa = ar.p[A::q_sfa];
          for (std::size_t k = 0; k < q.size(); ++k) q[k] += q_sfa[k] * n;
          if (d.with_reset) s[S::V_m] = 0.0;
        }
      }
    } else {
      s[S::r] -= 1.0;
    }
    s[S::I_stim] = in[1];
    return n;
  }
};

}  // namespace nestor::detail
