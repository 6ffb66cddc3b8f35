#pragma once
// iaf_psc_exp: leaky integrate-and-fire neuron with exponentially decaying post-synaptic currents.
//
//   dV/dt = -(V - E_L)/tau_m + (I_syn_ex + I_syn_in + I_e + I_0)/C_m
//   dI_syn_x/dt = -I_syn_x/tau_syn_x + sum_k w_k delta(t - t_k)
//
// Integrated exactly on the grid as in NEST 3.9 (models/iaf_psc_exp.cpp): membrane (unless
// refractory), current decay, this step's spikes added to I_syn (w > 0 excitatory, otherwise
// inhibitory), threshold, then the step's current inputs are latched: port 0 (I_0) acts directly on the
// membrane, port 1 (I_1) is filtered by the excitatory synapse. V_m, V_th and V_reset are stored relative
// to E_L.
//
// Stochastic threshold (escape noise): with delta > 0 the test V >= V_th is replaced by a draw; the
// neuron fires in a step with probability rho exp((V - V_th)/delta) dt (rho in 1/s, dt in ms, hence
// NEST's factor 1e-3; a probability >= 1 always fires). As in NEST, the draw happens in every step,
// refractory or not (V is then V_reset), and NEST's cut-offs are kept: delta < 1e-10 is the hard
// threshold, delta > 1e-10 the stochastic one (delta == 1e-10 exactly never fires). Our uniforms come
// from the node's own Philox stream keyed by (seed, node id) and counted by the step, so results do not
// depend on the number of threads; they match NEST in distribution, not draw for draw.

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>

#include "core/bulk_update.hpp"
#include "core/neuron_population.hpp"

namespace nestor::detail {

struct iaf_psc_exp {
  static constexpr std::string_view name = "iaf_psc_exp";

  struct P {
    enum : int { E_L, C_m, tau_m, t_ref, V_th, V_reset, tau_syn_ex, tau_syn_in, I_e, delta, rho, n };
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
  }};

  struct S {
    enum : int { V_m, I_syn_ex, I_syn_in, I_0, I_1, r, n };
  };
  static constexpr std::array<state_spec, S::n> state{{
      {"V_m", -70.0, unit::mV, "membrane potential", P::E_L},
      {"I_syn_ex", 0.0, unit::pA, "excitatory synaptic current"},
      {"I_syn_in", 0.0, unit::pA, "inhibitory synaptic current"},
      {"I_0", 0.0, unit::pA, "current input on port 0, latched from the previous step", -1, false, false},
      {"I_1", 0.0, unit::pA, "current input on port 1, latched from the previous step", -1, false, false},
      {"r", 0.0, unit::none, "refractory steps left", -1, false, false},
  }};

  // Channels: excitatory and inhibitory spikes (split by sign), current on port 0, current on port 1.
  static constexpr int n_channels = 4;
  static std::optional<port> spike_port(int receptor) {
    if (receptor != 0) return std::nullopt;
    return port{0, sign_split};
  }
  static std::optional<port> current_port(int receptor) {
    if (receptor == 0) return port{2, 0};
    if (receptor == 1) return port{3, 0};
    return std::nullopt;
  }

  static void validate(const prow<iaf_psc_exp>& p);
  static constexpr bool needs_rng = true;  // for the stochastic threshold

  struct derived {
    double P11_ex, P11_in, P21_ex, P21_in, P22, P20;
    double I_e, V_th, V_reset;
    double refractory_steps;
    double rho, delta, h;
    bool hard_threshold, escape_noise;  // delta < 1e-10, delta > 1e-10 (NEST's cut-offs)
  };
  static derived prepare(const prow<iaf_psc_exp>& p, double dt);

  static bool draws(const derived& d) { return d.escape_noise; }

  /// update() for n nodes sharing d (hard threshold), in SIMD lanes: the same operations in the same
  /// order per node, so the results are bitwise those of update().
  static std::size_t update_bulk(double* const* st, std::size_t n, const derived& d, double* in,
                                 std::size_t stride, std::uint32_t* fired) {
    using bulk::V;
    constexpr auto al = bulk::al;
    double* const Vm = st[S::V_m];
    double* const ex = st[S::I_syn_ex];
    double* const ih = st[S::I_syn_in];
    double* const i0 = st[S::I_0];
    double* const i1 = st[S::I_1];
    double* const r = st[S::r];
    double* const in_ex = in;
    double* const in_in = in + stride;
    double* const in_0 = in + 2 * stride;
    double* const in_1 = in + 3 * stride;
    const double th = d.hard_threshold ? d.V_th : std::numeric_limits<double>::infinity();
    const V P22(d.P22), P21_ex(d.P21_ex), P21_in(d.P21_in), P20(d.P20), I_e(d.I_e), P11_ex(d.P11_ex),
        P11_in(d.P11_in), one_minus(1.0 - d.P11_ex), V_th(th), V_reset(d.V_reset), refr(d.refractory_steps),
        zero(0.0), one(1.0);
    std::size_t k = 0, count = 0;
    for (; k + bulk::lanes <= n; k += bulk::lanes) {
      V v(Vm + k, al), e(ex + k, al), h(ih + k, al), c0(i0 + k, al), c1(i1 + k, al), rr(r + k, al);
      const auto active = rr == zero;
      const V v_int = v * P22 + e * P21_ex + h * P21_in + (I_e + c0) * P20;
      bulk::where(active, v) = v_int;
      bulk::where(!active, rr) = rr - one;
      e = e * P11_ex;
      e = e + one_minus * c1;
      e = e + bulk::take(in_ex + k);
      h = h * P11_in;
      h = h + bulk::take(in_in + k);
      const auto fire = v >= V_th;
      bulk::where(fire, v) = V_reset;
      bulk::where(fire, rr) = refr;
      v.copy_to(Vm + k, al);
      e.copy_to(ex + k, al);
      h.copy_to(ih + k, al);
      rr.copy_to(r + k, al);
      bulk::take(in_0 + k).copy_to(i0 + k, al);
      bulk::take(in_1 + k).copy_to(i1 + k, al);
      count = bulk::note_fired(fire, k, fired, count);
    }
    return bulk::tail<iaf_psc_exp>(st, k, n, d, in, stride, fired, count);
  }
  static unsigned update(srow s, const derived& d, inputs in, const node_rng* rng) {
    if (s[S::r] == 0.0)
      s[S::V_m] = s[S::V_m] * d.P22 + s[S::I_syn_ex] * d.P21_ex + s[S::I_syn_in] * d.P21_in +
                  (d.I_e + s[S::I_0]) * d.P20;
    else
      s[S::r] -= 1.0;
    s[S::I_syn_ex] *= d.P11_ex;
    s[S::I_syn_in] *= d.P11_in;
    s[S::I_syn_ex] += (1.0 - d.P11_ex) * s[S::I_1];
    s[S::I_syn_ex] += in[0];
    s[S::I_syn_in] += in[1];
    unsigned spikes = 0;
    if ((d.hard_threshold && s[S::V_m] >= d.V_th) ||
        (rng && d.escape_noise &&
         rng->stream().uniform() < d.rho * std::exp(1.0 / d.delta * (s[S::V_m] - d.V_th)) * d.h * 1e-3)) {
      s[S::r] = d.refractory_steps;
      s[S::V_m] = d.V_reset;
      spikes = 1;
    }
    s[S::I_0] = in[2];
    s[S::I_1] = in[3];
    return spikes;
  }
};

}  // namespace nestor::detail
