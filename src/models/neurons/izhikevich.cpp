#include "models/neurons/izhikevich.hpp"

#include "models/registration.hpp"

namespace nestor::detail {

izhikevich::derived izhikevich::prepare(const prow<izhikevich>& p, double h) {
  derived d{};
  d.h = h;
  d.a = p[P::a];
  d.b = p[P::b];
  d.c = p[P::c];
  d.d = p[P::d];
  d.I_e = p[P::I_e];
  d.V_th = p[P::V_th];
  d.V_min = p[P::V_min];
  d.consistent = p[P::consistent_integration] != 0.0;
  return d;
}

void register_izhikevich(model_registry& reg) {
  add_neuron<izhikevich>(reg, unit::mV);
}

}  // namespace nestor::detail
