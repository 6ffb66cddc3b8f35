#include "models/neurons/iaf_psc_delta.hpp"

#include <cmath>

#include "models/neurons/iaf_checks.hpp"
#include "models/neurons/nest_time.hpp"
#include "models/registration.hpp"

namespace nestor::detail {

void iaf_psc_delta::validate(const prow<iaf_psc_delta>& p) {
  check_reset_below_threshold(name, p[P::V_reset], p[P::V_th], p[P::E_L]);
}

iaf_psc_delta::derived iaf_psc_delta::prepare(const prow<iaf_psc_delta>& p, double h) {
  derived d{};
  const double tau_m = p[P::tau_m], C_m = p[P::C_m];
  d.P33 = std::exp(-h / tau_m);
  d.P30 = 1.0 / C_m * (1.0 - d.P33) * tau_m;  // NEST's order of operations, for bitwise parity
  d.I_e = p[P::I_e];
  d.V_th = p[P::V_th];
  d.V_reset = p[P::V_reset];
  d.V_min = p[P::V_min];
  d.h = h;
  d.tau_m = tau_m;
  d.refractory_steps = double(nest_ms_to_steps(p[P::t_ref], h));  // as NEST: tics, then up to steps
  d.refractory_input = p[P::refractory_input] != 0.0;
  return d;
}

void register_iaf_psc_delta(model_registry& reg) {
  add_neuron<iaf_psc_delta>(reg, unit::mV);
}

}  // namespace nestor::detail
