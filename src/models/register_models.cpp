// The built-in models and devices. Adding a model: its .cpp defines register_<name> (see
// models/registration.hpp); declare and call it here.
#include "core/model_registry.hpp"

namespace nestor::detail {

void register_aeif_cond_alpha(model_registry&);
void register_aeif_cond_alpha_multisynapse(model_registry&);
void register_aeif_cond_beta_multisynapse(model_registry&);
void register_aeif_cond_exp(model_registry&);
void register_aeif_psc_alpha(model_registry&);
void register_aeif_psc_delta(model_registry&);
void register_aeif_psc_exp(model_registry&);
void register_amat2_psc_exp(model_registry&);
void register_current_generators(model_registry&);
void register_erfc_neuron(model_registry&);
void register_gif_cond_exp(model_registry&);
void register_gif_cond_exp_multisynapse(model_registry&);
void register_gif_psc_exp(model_registry&);
void register_gif_psc_exp_multisynapse(model_registry&);
void register_ginzburg_neuron(model_registry&);
void register_glif_cond(model_registry&);
void register_glif_psc(model_registry&);
void register_glif_psc_double_alpha(model_registry&);
void register_hh_cond_exp_traub(model_registry&);
void register_hh_psc_alpha(model_registry&);
void register_ht_neuron(model_registry&);
void register_iaf_bw_2001(model_registry&);
void register_iaf_bw_2001_exact(model_registry&);
void register_iaf_chs_2007(model_registry&);
void register_iaf_cond_alpha(model_registry&);
void register_iaf_cond_beta(model_registry&);
void register_iaf_cond_exp(model_registry&);
void register_iaf_cond_exp_sfa_rr(model_registry&);
void register_iaf_psc_alpha(model_registry&);
void register_iaf_psc_alpha_multisynapse(model_registry&);
void register_iaf_psc_alpha_ps(model_registry&);
void register_iaf_psc_delta(model_registry&);
void register_iaf_psc_delta_ps(model_registry&);
void register_iaf_psc_exp(model_registry&);
void register_iaf_psc_exp_htum(model_registry&);
void register_iaf_psc_exp_multisynapse(model_registry&);
void register_iaf_psc_exp_ps(model_registry&);
void register_iaf_psc_exp_ps_lossless(model_registry&);
void register_iaf_tum_2000(model_registry&);
void register_ignore_and_fire(model_registry&);
void register_izhikevich(model_registry&);
void register_mat2_psc_exp(model_registry&);
void register_mcculloch_pitts_neuron(model_registry&);
void register_parrot_neuron(model_registry&);
void register_parrot_neuron_ps(model_registry&);
void register_pp_psc_delta(model_registry&);
void register_spike_generators(model_registry&);
void register_generators(model_registry&);
void register_recorders(model_registry&);

void register_models(model_registry& reg) {
  register_aeif_cond_alpha(reg);
  register_aeif_cond_alpha_multisynapse(reg);
  register_aeif_cond_beta_multisynapse(reg);
  register_aeif_cond_exp(reg);
  register_aeif_psc_alpha(reg);
  register_aeif_psc_delta(reg);
  register_aeif_psc_exp(reg);
  register_amat2_psc_exp(reg);
  register_current_generators(reg);
  register_erfc_neuron(reg);
  register_gif_cond_exp(reg);
  register_gif_cond_exp_multisynapse(reg);
  register_gif_psc_exp(reg);
  register_gif_psc_exp_multisynapse(reg);
  register_ginzburg_neuron(reg);
  register_glif_cond(reg);
  register_glif_psc(reg);
  register_glif_psc_double_alpha(reg);
  register_hh_cond_exp_traub(reg);
  register_hh_psc_alpha(reg);
  register_ht_neuron(reg);
  register_iaf_bw_2001(reg);
  register_iaf_bw_2001_exact(reg);
  register_iaf_chs_2007(reg);
  register_iaf_cond_alpha(reg);
  register_iaf_cond_beta(reg);
  register_iaf_cond_exp(reg);
  register_iaf_cond_exp_sfa_rr(reg);
  register_iaf_psc_alpha(reg);
  register_iaf_psc_alpha_multisynapse(reg);
  register_iaf_psc_alpha_ps(reg);
  register_iaf_psc_delta(reg);
  register_iaf_psc_delta_ps(reg);
  register_iaf_psc_exp(reg);
  register_iaf_psc_exp_htum(reg);
  register_iaf_psc_exp_multisynapse(reg);
  register_iaf_psc_exp_ps(reg);
  register_iaf_psc_exp_ps_lossless(reg);
  register_iaf_tum_2000(reg);
  register_ignore_and_fire(reg);
  register_izhikevich(reg);
  register_mat2_psc_exp(reg);
  register_mcculloch_pitts_neuron(reg);
  register_parrot_neuron(reg);
  register_parrot_neuron_ps(reg);
  register_pp_psc_delta(reg);
  register_spike_generators(reg);
  register_generators(reg);
  register_recorders(reg);
}

}  // namespace nestor::detail
