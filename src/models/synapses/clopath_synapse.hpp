#pragma once
// clopath_synapse: voltage-based STDP (Clopath et al. 2010; NEST 3.9's models/clopath_synapse.h), for
// targets that keep a Clopath archive (aeif_psc_delta_clopath, hh_psc_alpha_clopath; the rule's
// amplitudes and thresholds are their parameters, models/neurons/clopath_archive.hpp).
//
// On a presynaptic spike at t (d: the connection's delay, its dendritic delay), before it is sent:
//   for every LTP entry (t_e, dw) of the target in (t_last - d, t - d]:     (facilitation)
//       w <- min(w + dw x_bar exp((t_last - (t_e + d)) / tau_x), Wmax)
//   w <- max(w - LTD(t - d), Wmin)     (the target's LTD entry at t - d, or 0)   (depression)
// the event carries the new w; then x_bar <- x_bar exp((t_last - t) / tau_x) + 1/tau_x, t_last <- t
// (t_last starts at 0 ms). Rules as NEST: weight and Wmin have the same sign, and so have weight and Wmax
// (zero counts as positive for the weight and Wmin, as negative for Wmax); we also require tau_x > 0.

#include <array>
#include <cmath>
#include <string>
#include <string_view>

#include "models/neurons/clopath_archive.hpp"
#include "models/synapses/synapse_model.hpp"
#include "nestor/errors.hpp"

namespace nestor::detail {

struct clopath_synapse {
  static constexpr std::string_view name = "clopath_synapse";
  static constexpr std::string_view doc =
      "voltage-based STDP (Clopath et al. 2010), for aeif_psc_delta_clopath and hh_psc_alpha_clopath targets";
  enum P { tau_x, Wmin, Wmax, n_params };
  enum S { x_bar, t_lastspike, n_state };
  enum C { n_common };
  static constexpr std::array<syn_entry, n_params> params{{
      {"tau_x", 15.0, unit::ms, check::positive, "time constant of the presynaptic trace x_bar"},
      {"Wmin", 0.0, unit::none, check::any, "minimum weight (same sign as the weight)", true},
      {"Wmax", 100.0, unit::none, check::any, "maximum weight (same sign as the weight)", true},
  }};
  static constexpr std::array<syn_entry, n_state> state{{
      {"x_bar", 0.0, unit::none, check::any, "presynaptic trace (1/ms)"},
      {"t_lastspike", 0.0, unit::ms, check::any, "time of the last presynaptic spike", false, false},
  }};
  static constexpr std::array<syn_entry, n_common> common{};
  static constexpr bool reads_history = false;
  static constexpr bool random = false;
  static constexpr archive_kind archive = archive_kind::clopath;

  static void validate(const syn_values& v) {
    const auto sign = [](double x) { return (x >= 0) - (x < 0); };
    if (sign(v.weight) != sign(v.p[Wmin]))
      throw bad_value(std::string(name) + " parameter Wmin = " + format_number(v.p[Wmin]) +
                      ": expected the sign of the weight (" + format_number(v.weight) + ")");
    if (sign(v.weight) != (v.p[Wmax] > 0) - (v.p[Wmax] <= 0))
      throw bad_value(std::string(name) + " parameter Wmax = " + format_number(v.p[Wmax]) +
                      ": expected the sign of the weight (" + format_number(v.weight) +
                      "; a zero Wmax counts as negative)");
  }

  static double send(const double* p, double* s, double& w, const double*, syn_event& ev) {
    clopath_archive& a = *ev.clopath;
    const double d = ev.dendritic_delay, t = ev.t_spike;
    auto [it, end] = a.ltp_history(s[t_lastspike] - d, t - d);
    for (; it != end; ++it) {
      w += it->dw * s[x_bar] * std::exp((s[t_lastspike] - (it->t + d)) / p[tau_x]);
      w = w < p[Wmax] ? w : p[Wmax];
    }
    w -= a.ltd_value(t - d, t);
    w = w > p[Wmin] ? w : p[Wmin];
    s[x_bar] = s[x_bar] * std::exp((s[t_lastspike] - t) / p[tau_x]) + 1.0 / p[tau_x];
    s[t_lastspike] = t;
    return w;
  }
};

}  // namespace nestor::detail
