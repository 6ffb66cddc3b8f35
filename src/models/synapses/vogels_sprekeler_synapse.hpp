#pragma once
// vogels_sprekeler_synapse: symmetric STDP of inhibitory synapses that balances excitation and
// inhibition (Vogels et al. 2011; NEST's models/vogels_sprekeler_synapse.h).
//
// With x_pre the presynaptic trace (time constant tau, jumps by 1 at a presynaptic spike) and x_post the
// postsynaptic one, on a presynaptic spike at t (dendritic delay d):
//   for every postsynaptic spike t_j in (t_last - d, t - d]:  |w| <- |w| + eta x_pre(t_j + d)
//   then  |w| <- |w| + eta x_post(t - d),   |w| <- |w| - alpha eta           (pre: eta (x_post - alpha))
// each step bounded to [0, |Wmax|] with the sign of Wmax; the event carries the new w; then
// x_pre <- x_pre exp((t_last - t)/tau) + 1 and t_last <- t.
// x_post is what NEST reads: the target's K- (ArchivingNode::get_K_value), whose time constant is the
// target's tau_minus, not the synapse's tau; NEST's documentation asks to set tau_minus = tau.
// Rules as NEST: a non-zero weight has the sign of Wmax, Kplus >= 0; we also require tau > 0.

#include <array>
#include <cmath>
#include <string_view>

#include "models/synapses/stdp_synapse.hpp"
#include "nestor/errors.hpp"

namespace nestor::detail {

struct vogels_sprekeler_synapse {
  static constexpr std::string_view name = "vogels_sprekeler_synapse";
  static constexpr std::string_view doc =
      "symmetric inhibitory STDP with constant depression per presynaptic spike (Vogels et al. 2011); "
      "default weight 0.5";
  enum P { tau, alpha, eta, Wmax, n_params };
  enum S { Kplus, t_lastspike, n_state };
  enum C { n_common };
  static constexpr double default_weight = 0.5;
  static constexpr std::array<syn_entry, n_params> params{{
      {"tau", 20.0, unit::ms, check::positive, "time constant of the presynaptic trace"},
      {"alpha", 0.12, unit::none, check::any, "constant depression per presynaptic spike, relative to eta"},
      {"eta", 0.001, unit::none, check::any, "learning rate"},
      {"Wmax", 1.0, unit::none, check::any, "largest |weight|; the weight takes its sign", true},
  }};
  static constexpr std::array<syn_entry, n_state> state = stdp_pair_state;
  static constexpr std::array<syn_entry, n_common> common{};
  static constexpr bool reads_history = true;
  static constexpr bool random = false;

  static void validate(const syn_values& v) {
    if (v.weight != 0 && std::signbit(v.weight) != std::signbit(v.p[Wmax]))
      throw bad_value(std::string(name) + " parameter Wmax = " + format_number(v.p[Wmax]) +
                      ": expected the sign of the weight (" + format_number(v.weight) + ")");
  }

  static double facilitate(const double* p, double w, double k) {
    const double nw = std::abs(w) + p[eta] * k;
    return std::copysign(nw < std::abs(p[Wmax]) ? nw : p[Wmax], p[Wmax]);
  }
  static double depress(const double* p, double w) {
    const double nw = std::abs(w) - p[alpha] * p[eta];
    return std::copysign(nw > 0.0 ? nw : 0.0, p[Wmax]);
  }

  static double send(const double* p, double* s, double& w, const double*, syn_event& ev) {
    return stdp_pair_update(
        s, Kplus, t_lastspike, w, ev, [p](double dt) { return std::exp(dt / p[tau]); },
        [p](double w, double k, const auto&) { return facilitate(p, w, k); },
        [p](double w, double k) { return depress(p, facilitate(p, w, k)); });
  }
};

}  // namespace nestor::detail
