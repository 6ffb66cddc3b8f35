#include "models/neurons/pp_psc_delta.hpp"

#include <string>

#include "models/registration.hpp"

namespace nestor::detail {

void pp_psc_delta::validate(const prow<pp_psc_delta>& p, const arrays_of_node&) {
  if (!(p[P::dead_time_shape] >= 1.0))
    throw bad_value(std::string(name) +
                    " parameter dead_time_shape = " + format_number(p[P::dead_time_shape]) +
                    ": expected an integer >= 1 (the shape of the dead time's gamma distribution)");
}

pp_psc_delta::derived pp_psc_delta::prepare(const prow<pp_psc_delta>& p, const arrays_of_node& a, double h) {
  derived d{};
  d.h = h;
  d.P33 = std::exp(-h / p[P::tau_m]);
  d.P30 = 1.0 / p[P::C_m] * (1.0 - d.P33) * p[P::tau_m];  // NEST's order of operations
  for (double tau : a[A::tau_sfa]) d.Q33.push_back(std::exp(-h / tau));
  d.I_e = p[P::I_e];
  d.c_1 = p[P::c_1];
  d.c_2 = p[P::c_2];
  d.c_3 = p[P::c_3];
  d.dead_time = p[P::dead_time];
  if (d.dead_time != 0.0 && d.dead_time < h) d.dead_time = h;
  d.dead_time_shape = static_cast<int>(p[P::dead_time_shape]);
  d.dead_time_random = p[P::dead_time_random] != 0.0;
  d.dead_time_rate = d.dead_time_shape / d.dead_time;
  d.dead_time_steps = nest_ms_to_steps(d.dead_time, h);
  d.with_reset = p[P::with_reset] != 0.0;
  d.t_ref_remaining_steps = nest_ms_to_steps(p[P::t_ref_remaining], h);
  return d;
}

void register_pp_psc_delta(model_registry& reg) {
  add_neuron<pp_psc_delta>(reg, unit::mV);
}

}  // namespace nestor::detail
