// The built-in models and devices. Adding a model: its .cpp defines register_<name> (see
// models/registration.hpp); declare and call it here.
#include "core/model_registry.hpp"

namespace nestor::detail {

void register_iaf_psc_alpha(model_registry&);
void register_iaf_psc_alpha_ps(model_registry&);
void register_iaf_psc_delta(model_registry&);
void register_iaf_psc_delta_ps(model_registry&);
void register_iaf_psc_exp(model_registry&);
void register_iaf_psc_exp_ps(model_registry&);
void register_iaf_psc_exp_ps_lossless(model_registry&);
void register_parrot_neuron(model_registry&);
void register_parrot_neuron_ps(model_registry&);
void register_generators(model_registry&);
void register_recorders(model_registry&);

void register_models(model_registry& reg) {
  register_iaf_psc_alpha(reg);
  register_iaf_psc_alpha_ps(reg);
  register_iaf_psc_delta(reg);
  register_iaf_psc_delta_ps(reg);
  register_iaf_psc_exp(reg);
  register_iaf_psc_exp_ps(reg);
  register_iaf_psc_exp_ps_lossless(reg);
  register_parrot_neuron(reg);
  register_parrot_neuron_ps(reg);
  register_generators(reg);
  register_recorders(reg);
}

}  // namespace nestor::detail
