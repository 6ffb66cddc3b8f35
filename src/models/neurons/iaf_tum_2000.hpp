#pragma once
// iaf_tum_2000: iaf_psc_exp whose outgoing spikes carry Tsodyks-Markram short-term plasticity computed
// by the sender (Tsodyks, Uziel & Markram 2000), as NEST 3.9's models/iaf_tum_2000.cpp.
//
//   dV/dt = -(V - E_L)/tau_m + (I_syn_ex + I_syn_in + I_e + I_0)/C_m,  dI_syn_x/dt = -I_syn_x/tau_syn_x
//
// The membrane and currents are those of iaf_psc_exp (same update order, I_1 filtered by the excitatory
// synapse, hard or escape-noise threshold). At each spike, with h = t_spike - t_last (t_last the previous
// spike of this neuron, 0 before the first) and z = 1 - x - y, the synaptic resources are propagated
//   u <- u exp(-h/tau_fac) (0 if tau_fac = 0),  x <- x + P_xy y - expm1(-h/tau_rec) z,  y <- y
//   exp(-h/tau_psc)
// with P_xy = (expm1(-h/tau_rec) tau_rec - (exp(-h/tau_psc) - 1) tau_psc) / (tau_psc - tau_rec), then
//   u <- u + U (1 - u),  dy = u x,  x <- x - dy,  y <- y + dy.
// NEST sends dy as the spike event's offset: the spike is emitted dy ms before the end of its step (so
// it is recorded at grid time - u x, as NEST records it) and a receiving iaf_tum_2000 scales the weight of
// its receptor 1 by it (our precise channel); receptor 0 takes plain spikes. The arrival step is the
// grid step, whatever the offset. NEST does not check tau_psc != tau_rec (P_xy is then not finite).
// x, y and u are state (get/set, not recordable); setting them obeys NEST's x + y <= 1 and 0 <= u <= 1.

#include <array>
#include <cmath>
#include <optional>

#include "core/neuron_population.hpp"

namespace nestor::detail {

struct iaf_tum_2000 {
  static constexpr std::string_view name = "iaf_tum_2000";

  struct P {
    enum : int {
      E_L,
      C_m,
      tau_m,
      t_ref,
      V_th,
      V_reset,
      tau_syn_ex,
      tau_syn_in,
      I_e,
      delta,
      rho,
      tau_fac,
      tau_psc,
      tau_rec,
      U,
      n
    };
  };
  static constexpr std::array<param_spec, P::n> params{{
      {"E_L", -70.0, unit::mV, check::any, "resting membrane potential"},
      {"C_m", 250.0, unit::pF, check::positive, "membrane capacitance"},
      {"tau_m", 10.0, unit::ms, check::positive, "membrane time constant"},
      {"t_ref", 2.0, unit::ms, check::nonnegative, "duration of the refractory period"},
      {"V_th", -55.0, unit::mV, check::any, "spike threshold", P::E_L},
      {"V_reset", -70.0, unit::mV, check::any, "reset potential of the membrane", P::E_L},
      {"tau_syn_ex", 2.0, unit::ms, check::positive, "time constant of the excitatory synaptic current"},
      {"tau_syn_in", 2.0, unit::ms, check::positive, "time constant of the inhibitory synaptic current"},
      {"I_e", 0.0, unit::pA, check::any, "constant input current"},
      {"delta", 0.0, unit::mV, check::nonnegative,
       "width of the stochastic threshold region (0: hard threshold)"},
      {"rho", 0.01, unit::Hz, check::nonnegative, "stochastic firing intensity at threshold (1/s)"},
      {"tau_fac", 1000.0, unit::ms, check::nonnegative, "facilitation time constant of u (0: none)"},
      {"tau_psc", 2.0, unit::ms, check::positive, "decay time constant of the active resources y"},
      {"tau_rec", 400.0, unit::ms, check::positive, "recovery time constant of the resources x"},
      {"U", 0.5, unit::none, check::nonnegative, "increment of u at each spike, in [0, 1]"},
  }};

  struct S {
    enum : int { V_m, I_syn_ex, I_syn_in, x, y, u, I_0, I_1, r, t_last, n };
  };
  static constexpr std::array<state_spec, S::n> state{{
      {"V_m", -70.0, unit::mV, "membrane potential", P::E_L},
      {"I_syn_ex", 0.0, unit::pA, "excitatory synaptic current"},
      {"I_syn_in", 0.0, unit::pA, "inhibitory synaptic current"},
      {"x", 0.0, unit::none, "fraction of synaptic resources available (recovered)", -1, false},
      {"y", 0.0, unit::none, "fraction of synaptic resources active", -1, false},
      {"u", 0.0, unit::none, "release probability (utilisation of x)", -1, false},
      {"I_0", 0.0, unit::pA, "current input on port 0, latched from the previous step", -1, false, false},
      {"I_1", 0.0, unit::pA, "current input on port 1, latched from the previous step", -1, false, false},
      {"r", 0.0, unit::none, "refractory steps left", -1, false, false},
      {"t_last", 0.0, unit::ms, "time of the last spike (0 before the first, as NEST)", -1, false, false},
  }};

  // Channels: receptor 0 spikes (excitatory, inhibitory by the weight's sign), currents on ports 0 and
  // 1, and receptor 1's spikes with their offsets (u x of the sending iaf_tum_2000).
  static constexpr bool off_grid_spikes = true;
  static constexpr int precise_channel = 4;
  static constexpr int n_channels = 5;
  static std::optional<port> spike_port(int receptor) {
    if (receptor == 0) return port{0, sign_split};
    if (receptor == 1) return port{precise_channel, precise};
    return std::nullopt;
  }
  static std::optional<port> current_port(int receptor) {
    if (receptor == 0) return port{2, 0};
    if (receptor == 1) return port{3, 0};
    return std::nullopt;
  }

  static void validate(const prow<iaf_tum_2000>& p);
  static void validate_state(const prow<iaf_tum_2000>& p, const std::array<double, S::n>& s);
  static constexpr bool needs_rng = true;  // for the stochastic threshold

  struct derived {
    double P11_ex, P11_in, P21_ex, P21_in, P22, P20;
    double I_e, V_th, V_reset;
    double refractory_steps;
    double rho, delta, h;
    std::int64_t tics_per_step;  // NEST's spike times are tics x 0.001 ms
    double tau_fac, tau_psc, tau_rec, U;
    bool hard_threshold, escape_noise;  // delta < 1e-10, delta > 1e-10 (NEST's cut-offs)
  };
  static derived prepare(const prow<iaf_tum_2000>& p, double dt);
  static bool draws(const derived& d) { return d.escape_noise; }

  /// Tsodyks-Markram step at a spike h ms after the previous one; returns u x, the released fraction.
  static double release(srow s, const derived& d, double h) {
    const double Puu = d.tau_fac == 0.0 ? 0.0 : std::exp(-h / d.tau_fac);
    const double Pyy = std::exp(-h / d.tau_psc);
    const double Pzz = std::expm1(-h / d.tau_rec);
    const double Pxy = (Pzz * d.tau_rec - (Pyy - 1.0) * d.tau_psc) / (d.tau_psc - d.tau_rec);
    const double z = 1.0 - s[S::x] - s[S::y];
    s[S::u] *= Puu;
    s[S::x] += Pxy * s[S::y] - Pzz * z;
    s[S::y] *= Pyy;
    s[S::u] += d.U * (1.0 - s[S::u]);
    const double dy = s[S::u] * s[S::x];
    s[S::x] -= dy;
    s[S::y] += dy;
    return dy;
  }

  static void update(srow s, const derived& d, inputs in, precise_events ev, const precise_spikes& out,
                     const node_rng* rng) {
    if (s[S::r] == 0.0)
      s[S::V_m] = s[S::V_m] * d.P22 + s[S::I_syn_ex] * d.P21_ex + s[S::I_syn_in] * d.P21_in +
                  (d.I_e + s[S::I_0]) * d.P20;
    else
      s[S::r] -= 1.0;
    s[S::I_syn_ex] *= d.P11_ex;
    s[S::I_syn_in] *= d.P11_in;
    s[S::I_syn_ex] += (1.0 - d.P11_ex) * s[S::I_1];
    // Receptor 1: the weight scaled by the sender's u x (0 from senders without it), split by sign.
    double ex = in[0], inh = in[1];
    for (const precise_input& e : ev) {
      const double w = e.weight * e.offset;
      (w > 0.0 ? ex : inh) += w;
    }
    s[S::I_syn_ex] += ex;
    s[S::I_syn_in] += inh;
    if ((d.hard_threshold && s[S::V_m] >= d.V_th) ||
        (rng && d.escape_noise &&
         rng->stream().uniform() < d.rho * std::exp(1.0 / d.delta * (s[S::V_m] - d.V_th)) * d.h * 1e-3)) {
      s[S::r] = d.refractory_steps;
      s[S::V_m] = d.V_reset;
      const double t_spike = 0.001 * double((out.step + 1) * d.tics_per_step);  // as NEST's Time::get_ms
      const double dy = release(s, d, t_spike - s[S::t_last]);
      s[S::t_last] = t_spike;
      out.emit(dy);
    }
    s[S::I_0] = in[2];
    s[S::I_1] = in[3];
  }
};

}  // namespace nestor::detail
