#include "models/neurons/hh_psc_alpha_clopath.hpp"

#include "models/registration.hpp"

namespace nestor::detail {

void hh_psc_alpha_clopath::validate_state(const prow<hh_psc_alpha_clopath>&,
                                          const std::array<double, S::n>& s) {
  hh_check_gates<hh_psc_alpha_clopath>(s, {S::Act_m, S::Inact_h, S::Act_n});
}

hh_psc_alpha_clopath::derived hh_psc_alpha_clopath::prepare(const prow<hh_psc_alpha_clopath>& p, double dt) {
  prow<base> b{};
  for (int k = 0; k < n_base; ++k) b[std::size_t(k)] = p[std::size_t(k)];
  derived d{};
  d.hh = base::prepare(b, dt);
  d.tau_plus = p[P::tau_u_bar_plus];
  d.tau_minus = p[P::tau_u_bar_minus];
  d.tau_bar_bar = p[P::tau_u_bar_bar];
  d.clopath = clopath::rule_of(p, P::rule);
  return d;
}

void register_hh_psc_alpha_clopath(model_registry& reg) {
  add_neuron<hh_psc_alpha_clopath>(reg, unit::pA);
}

}  // namespace nestor::detail
