#pragma once
// Maths and checks shared by the short-term plasticity synapses (tsodyks_synapse, tsodyks_synapse_hom,
// tsodyks2_synapse, quantal_stp_synapse).

#include <cmath>
#include <string>
#include <string_view>

#include "models/synapses/synapse_model.hpp"
#include "nestor/errors.hpp"

namespace nestor::detail {

/// NEST's "U must be in [0,1]." and the like: a probability-valued entry.
inline void check_unit_interval(std::string_view model, std::string_view param, double x) {
  if (!(x >= 0.0 && x <= 1.0))
    throw bad_value(std::string(model) + " parameter " + std::string(param) + " = " + format_number(x) +
                    ": expected a value in [0, 1]");
}

/// The Tsodyks, Uziel & Markram (2000) synapse between two presynaptic spikes h ms apart and at the
/// second one (NEST's tsodyks_synapse::send): u, x, y propagated exactly over h, u jumps by U (1 - u), then
/// the released fraction u x moves from x to y. Returns u x. NEST's tsodyks_synapse writes the recovery
/// with expm1 (as iaf_tum_2000 does); tsodyks_synapse_hom still with exp: `use_expm1` chooses.
struct tsodyks_step {
  double U, tau_psc, tau_rec, tau_fac;
  bool use_expm1;
  double operator()(double h, double& x, double& y, double& u) const {
    const double Puu = tau_fac == 0.0 ? 0.0 : std::exp(-h / tau_fac);
    const double Pyy = std::exp(-h / tau_psc);
    const double z = 1.0 - x - y;
    u *= Puu;
    if (use_expm1) {
      const double Pzz = std::expm1(-h / tau_rec);
      const double Pxy = (Pzz * tau_rec - (Pyy - 1.0) * tau_psc) / (tau_psc - tau_rec);
      x += Pxy * y - Pzz * z;
    } else {
      const double Pzz = std::exp(-h / tau_rec);
      const double Pxy = ((Pzz - 1.0) * tau_rec - (Pyy - 1.0) * tau_psc) / (tau_psc - tau_rec);
      x += Pxy * y + (1.0 - Pzz) * z;
    }
    y *= Pyy;
    u += U * (1.0 - u);
    const double released = u * x;
    x -= released;
    y += released;
    return released;
  }
};

/// NEST's "x + y must be <= 1.0." of tsodyks_synapse(_hom).
inline void check_x_plus_y(std::string_view model, double x, double y) {
  if (x + y > 1.0)
    throw bad_value(std::string(model) + " parameter x = " + format_number(x) +
                    " (with y = " + format_number(y) + "): expected x + y <= 1");
}

}  // namespace nestor::detail
