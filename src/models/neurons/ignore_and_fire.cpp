#include "models/neurons/ignore_and_fire.hpp"

#include <string>

#include "models/neurons/nest_time.hpp"
#include "models/registration.hpp"

namespace nestor::detail {

void ignore_and_fire::validate(const prow<ignore_and_fire>& p) {
  if (!(p[P::phase] > 0.0 && p[P::phase] <= 1.0))
    throw bad_value(std::string(name) + " parameter phase = " + format_number(p[P::phase]) +
                    ": expected a value > 0 and <= 1");
}

ignore_and_fire::derived ignore_and_fire::prepare(const prow<ignore_and_fire>& p, double h) {
  derived d{};
  d.rate = p[P::rate];
  d.phase = p[P::phase];
  // NEST's expressions, in its order of operations (ms from 1/s)
  d.period_steps = static_cast<double>(nest_ms_to_steps(1.0 / p[P::rate] * 1000.0, h));
  d.phase_steps = static_cast<double>(nest_ms_to_steps(p[P::phase] / p[P::rate] * 1000.0, h));
  return d;
}

void register_ignore_and_fire(model_registry& reg) {
  add_neuron<ignore_and_fire>(reg, unit::pA);
}

}  // namespace nestor::detail
