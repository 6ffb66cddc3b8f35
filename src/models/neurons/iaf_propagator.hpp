#pragma once
// Exact propagators from synaptic current to membrane potential for iaf neurons with exponential or
// alpha-shaped currents, with NEST's fallback to the singular solution when tau_syn is (numerically)
// equal to tau_m (NEST 3.9, libnestutil/iaf_propagator.cpp; Hanuschkin et al. 2010 on the stability
// bound). h: step (ms); tau_syn, tau_m (ms); C_m (pF).

namespace nestor::detail {

/// Current-to-voltage propagator of an exponential current: V += P21 * I.
double iaf_propagator_exp(double tau_syn, double tau_m, double C_m, double h);

struct alpha_propagator {
  double P31;  ///< dI -> V
  double P32;  ///< I -> V
};
alpha_propagator iaf_propagator_alpha(double tau_syn, double tau_m, double C_m, double h);

}  // namespace nestor::detail
