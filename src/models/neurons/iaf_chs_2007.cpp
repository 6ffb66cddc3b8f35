#include "models/neurons/iaf_chs_2007.hpp"

#include <cmath>

#include "models/registration.hpp"

namespace nestor::detail {

iaf_chs_2007::derived iaf_chs_2007::prepare(const prow<iaf_chs_2007>& p, const arrays_of_node&, double h) {
  constexpr double C = 1.0;  // NEST's C_ (fixed, not a parameter)
  derived d{};
  d.P11 = std::exp(-h / p[P::tau_epsp]);
  d.P22 = std::exp(-h / p[P::tau_epsp]);
  d.P30 = std::exp(-h / p[P::tau_reset]);
  // NEST's order of operations, for bitwise parity: V_epsp e / C * P11 * h / tau_epsp
  d.P21 = p[P::V_epsp] * std::exp(1.0) / C * d.P11 * h / p[P::tau_epsp];
  d.V_reset = p[P::V_reset];
  d.V_noise = p[P::V_noise];
  return d;
}

void register_iaf_chs_2007(model_registry& reg) {
  add_neuron<iaf_chs_2007>(reg, unit::none);
}

}  // namespace nestor::detail
