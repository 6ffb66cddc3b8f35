#pragma once
// iaf_psc_alpha: leaky integrate-and-fire neuron with alpha-shaped post-synaptic currents.
//
//   dV/dt = -(V - E_L)/tau_m + (I_syn_ex + I_syn_in + I_e + I_stim)/C_m
//   I_syn_x(t) = sum_k w_k * (e/tau_syn_x) * (t - t_k) * exp(-(t - t_k)/tau_syn_x)   (peak = w_k pA)
//
// Integrated exactly on the grid as in NEST 3.9 (models/iaf_psc_alpha.cpp): per step the membrane is
// propagated if not refractory (else the refractory counter counts down), then the synaptic currents,
// then this step's spikes enter dI (w > 0 excitatory, otherwise inhibitory), then the threshold test
// (V >= V_th: reset, refractory for round(t_ref/dt) steps, one spike), then the step's current input
// is latched and acts from the next step. V_m, V_th, V_reset and V_min are stored relative to E_L,
// so changing E_L alone shifts them all (NEST's convention).

#include <algorithm>
#include <array>
#include <limits>
#include <optional>

#include "core/bulk_update.hpp"
#include "core/neuron_population.hpp"
#include "models/neurons/iaf_propagator.hpp"

namespace nestor::detail {

struct iaf_psc_alpha {
  static constexpr std::string_view name = "iaf_psc_alpha";
  static constexpr double inf = std::numeric_limits<double>::infinity();

  struct P {
    enum : int { E_L, C_m, tau_m, t_ref, V_th, V_reset, tau_syn_ex, tau_syn_in, I_e, V_min, n };
  };
  static constexpr std::array<param_spec, P::n> params{{
      {"E_L", -70.0, unit::mV, check::any, "resting membrane potential"},
      {"C_m", 250.0, unit::pF, check::positive, "membrane capacitance"},
      {"tau_m", 10.0, unit::ms, check::positive, "membrane time constant"},
      {"t_ref", 2.0, unit::ms, check::nonnegative, "duration of the refractory period"},
      {"V_th", -55.0, unit::mV, check::any, "spike threshold", P::E_L},
      {"V_reset", -70.0, unit::mV, check::any, "reset potential of the membrane", P::E_L},
      {"tau_syn_ex", 2.0, unit::ms, check::positive, "rise time of the excitatory synaptic alpha function"},
      {"tau_syn_in", 2.0, unit::ms, check::positive, "rise time of the inhibitory synaptic alpha function"},
      {"I_e", 0.0, unit::pA, check::any, "constant input current"},
      {"V_min", -inf, unit::mV, check::any_or_neg_inf, "absolute lower bound of the membrane potential",
       P::E_L},
  }};

  struct S {
    enum : int { V_m, I_syn_ex, I_syn_in, dI_ex, dI_in, I_stim, r, n };
  };
  static constexpr std::array<state_spec, S::n> state{{
      {"V_m", -70.0, unit::mV, "membrane potential", P::E_L},
      {"I_syn_ex", 0.0, unit::pA, "excitatory synaptic current"},
      {"I_syn_in", 0.0, unit::pA, "inhibitory synaptic current"},
      {"dI_ex", 0.0, unit::none, "derivative of the excitatory current (pA/ms)", -1, false, false},
      {"dI_in", 0.0, unit::none, "derivative of the inhibitory current (pA/ms)", -1, false, false},
      {"I_stim", 0.0, unit::pA, "current input latched from the previous step", -1, false, false},
      {"r", 0.0, unit::none, "refractory steps left", -1, false, false},
  }};

  // Input channels of a node: excitatory and inhibitory spikes (split by sign), current input.
  static constexpr int n_channels = 3;
  static std::optional<port> spike_port(int receptor) {
    if (receptor != 0) return std::nullopt;
    return port{0, sign_split};
  }
  static std::optional<port> current_port(int receptor) {
    if (receptor != 0) return std::nullopt;
    return port{2, 0};
  }

  static void validate(const prow<iaf_psc_alpha>& p);

  struct derived {
    double P11_ex, P21_ex, P22_ex, P31_ex, P32_ex;
    double P11_in, P21_in, P22_in, P31_in, P32_in;
    double P30, expm1_tau_m, EPSC_init, IPSC_init;
    double I_e, V_th, V_reset, V_min;  // V relative to E_L
    double refractory_steps;
  };
  static derived prepare(const prow<iaf_psc_alpha>& p, double dt);

  /// update() for n nodes sharing d, in SIMD lanes: the same operations in the same order per node,
  /// so the results are bitwise those of update().
  static std::size_t update_bulk(double* const* st, std::size_t n, const derived& d, double* in,
                                 std::size_t stride, std::uint32_t* fired) {
    using bulk::V;
    constexpr auto al = bulk::al;
    double* const Vm = st[S::V_m];
    double* const Iex = st[S::I_syn_ex];
    double* const Iin = st[S::I_syn_in];
    double* const dex = st[S::dI_ex];
    double* const din = st[S::dI_in];
    double* const Ist = st[S::I_stim];
    double* const r = st[S::r];
    double* const in_ex = in;
    double* const in_in = in + stride;
    double* const in_I = in + 2 * stride;
    const V P30(d.P30), P31_ex(d.P31_ex), P32_ex(d.P32_ex), P31_in(d.P31_in), P32_in(d.P32_in),
        expm1_tau_m(d.expm1_tau_m), I_e(d.I_e), V_min(d.V_min), P21_ex(d.P21_ex), P22_ex(d.P22_ex),
        P11_ex(d.P11_ex), P21_in(d.P21_in), P22_in(d.P22_in), P11_in(d.P11_in), EPSC(d.EPSC_init),
        IPSC(d.IPSC_init), V_th(d.V_th), V_reset(d.V_reset), refr(d.refractory_steps), zero(0.0), one(1.0);
    std::size_t k = 0, count = 0;
    for (; k + bulk::lanes <= n; k += bulk::lanes) {
      V v(Vm + k, al), ie(Iex + k, al), ii(Iin + k, al), de(dex + k, al), di(din + k, al), is(Ist + k, al),
          rr(r + k, al);
      const auto active = rr == zero;
      V v_int =
          P30 * (is + I_e) + P31_ex * de + P32_ex * ie + P31_in * di + P32_in * ii + expm1_tau_m * v + v;
      bulk::where(v_int < V_min, v_int) = V_min;
      bulk::where(active, v) = v_int;
      bulk::where(!active, rr) = rr - one;
      ie = P21_ex * de + P22_ex * ie;
      de = de * P11_ex;
      de = de + EPSC * bulk::take(in_ex + k);
      ii = P21_in * di + P22_in * ii;
      di = di * P11_in;
      di = di + IPSC * bulk::take(in_in + k);
      const auto fire = v >= V_th;
      bulk::where(fire, v) = V_reset;
      bulk::where(fire, rr) = refr;
      v.copy_to(Vm + k, al);
      ie.copy_to(Iex + k, al);
      ii.copy_to(Iin + k, al);
      de.copy_to(dex + k, al);
      di.copy_to(din + k, al);
      rr.copy_to(r + k, al);
      bulk::take(in_I + k).copy_to(Ist + k, al);
      count = bulk::note_fired(fire, k, fired, count);
    }
    return bulk::tail<iaf_psc_alpha>(st, k, n, d, in, stride, fired, count);
  }
  static unsigned update(srow s, const derived& d, inputs in) {
    if (s[S::r] == 0.0) {
      double v = d.P30 * (s[S::I_stim] + d.I_e) + d.P31_ex * s[S::dI_ex] + d.P32_ex * s[S::I_syn_ex] +
                 d.P31_in * s[S::dI_in] + d.P32_in * s[S::I_syn_in] + d.expm1_tau_m * s[S::V_m] + s[S::V_m];
      s[S::V_m] = v < d.V_min ? d.V_min : v;
    } else {
      s[S::r] -= 1.0;
    }
    s[S::I_syn_ex] = d.P21_ex * s[S::dI_ex] + d.P22_ex * s[S::I_syn_ex];
    s[S::dI_ex] *= d.P11_ex;
    s[S::dI_ex] += d.EPSC_init * in[0];
    s[S::I_syn_in] = d.P21_in * s[S::dI_in] + d.P22_in * s[S::I_syn_in];
    s[S::dI_in] *= d.P11_in;
    s[S::dI_in] += d.IPSC_init * in[1];
    unsigned spikes = 0;
    if (s[S::V_m] >= d.V_th) {
      s[S::r] = d.refractory_steps;
      s[S::V_m] = d.V_reset;
      spikes = 1;
    }
    s[S::I_stim] = in[2];
    return spikes;
  }
};

}  // namespace nestor::detail
