#pragma once
// ht_synapse: the depressing synapse of Hill & Tononi (2005), p. 1678 (NEST's models/ht_synapse.h).
//
// The vesicle pool P (0 <= P <= 1, initially 1) recovers towards 1 with time constant tau_P:
//   dP/dt = (1 - P) / tau_P.
// On a presynaptic spike at t (t_last: the previous one, 0 for a new connection), as NEST's send():
//   P <- 1 - (1 - P) exp(-(t - t_last) / tau_P)     (recovery since the last spike)
//   the event carries weight * P                     (the weight itself never changes)
//   P <- (1 - delta_P) P,  t_last <- t               (the spike depletes the pool)
// Rules as NEST's set_status: tau_P > 0, 0 <= delta_P <= 1, 0 <= P <= 1. Precise spike offsets are
// ignored (as NEST: the step's time stamp is used).

#include <array>
#include <cmath>
#include <string>
#include <string_view>

#include "models/synapses/synapse_model.hpp"
#include "nestor/errors.hpp"

namespace nestor::detail {

struct ht_synapse {
  static constexpr std::string_view name = "ht_synapse";
  static constexpr std::string_view doc =
      "depressing synapse of Hill & Tononi (2005): the event carries weight x vesicle pool P";
  enum P { tau_P, delta_P, n_params };
  enum S { P_pool, t_lastspike, n_state };
  enum C { n_common };
  static constexpr std::array<syn_entry, n_params> params{{
      {"tau_P", 500.0, unit::ms, check::positive, "recovery time constant of the vesicle pool"},
      {"delta_P", 0.125, unit::none, check::any, "fraction of the pool used by a spike (0 to 1)"},
  }};
  static constexpr std::array<syn_entry, n_state> state{{
      {"P", 1.0, unit::none, check::any, "vesicle pool (0 to 1)"},
      {"t_lastspike", 0.0, unit::ms, check::any, "time of the last presynaptic spike", false, false},
  }};
  static constexpr std::array<syn_entry, n_common> common{};
  static constexpr bool reads_history = false;
  static constexpr bool random = false;

  static void validate(const syn_values& v) {
    in_unit_interval("delta_P", v.p[delta_P]);
    in_unit_interval("P", v.s[P_pool]);
  }

  static double send(const double* p, double* s, double& w, const double*, syn_event& ev) {
    const double t = ev.t_spike;
    s[P_pool] = 1.0 - (1.0 - s[P_pool]) * std::exp(-(t - s[t_lastspike]) / p[tau_P]);
    const double carried = w * s[P_pool];
    s[P_pool] *= 1.0 - p[delta_P];
    s[t_lastspike] = t;
    return carried;
  }

 private:
  static void in_unit_interval(std::string_view what, double x) {
    if (!(x >= 0.0 && x <= 1.0))
      throw bad_value(std::string(name) + " parameter " + std::string(what) + " = " + format_number(x) +
                      ": expected a value between 0 and 1");
  }
};

}  // namespace nestor::detail
