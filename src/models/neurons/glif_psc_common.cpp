#include "models/neurons/glif_psc_common.hpp"

#include <cmath>
#include <string>

#include "models/neurons/iaf_checks.hpp"
#include "models/neurons/nest_time.hpp"

namespace nestor::detail::glif {

namespace {

[[noreturn]] void refuse(std::string_view model, std::string_view param, const std::string& what) {
  throw bad_value(std::string(model) + " parameter " + std::string(param) + " " + what);
}

std::string flag(double x) {
  return x != 0.0 ? "true" : "false";
}

}  // namespace

void validate(std::string_view model, const scalars& p, const std::vector<double>* asc) {
  const bool ts = p[P::spike_dependent_threshold] != 0.0, as = p[P::after_spike_currents] != 0.0,
             tv = p[P::adapting_threshold] != 0.0;
  // The five GLIF variants: every combination without adapting_threshold, and all three on.
  if (tv && !(ts && as))
    refuse(model, "adapting_threshold",
           "= true with spike_dependent_threshold = " + flag(ts) + " and after_spike_currents = " + flag(as) +
               ": expected adapting_threshold only together with both (GLIF 5); the variants are GLIF 1 "
               "(false, false, false), 2 (true, false, false), 3 (false, true, false), 4 (true, true, "
               "false) and 5 (true, true, true)");
  if (as) {
    const std::size_t n = asc[a_decay].size();
    const char* names[] = {"asc_init", "asc_decay", "asc_amps", "asc_r"};
    for (int a : {a_init, a_amps, a_r})
      if (asc[a].size() != n)
        refuse(model, names[a],
               "has " + std::to_string(asc[a].size()) + " values and asc_decay has " + std::to_string(n) +
                   ": expected the same number for all after-spike current parameters");
    for (std::size_t j = 0; j < n; ++j) {
      if (!(asc[a_decay][j] > 0.0))
        refuse(model, "asc_decay",
               "element " + std::to_string(j + 1) + " = " + format_number(asc[a_decay][j]) +
                   " 1/ms: expected a strictly positive rate");
      if (asc[a_r][j] < 0.0 || asc[a_r][j] > 1.0)
        refuse(model, "asc_r",
               "element " + std::to_string(j + 1) + " = " + format_number(asc[a_r][j]) +
                   ": expected a fraction within [0, 1]");
    }
  }
  check_reset_below_threshold(model, p[P::V_reset], p[P::V_th], p[P::E_L]);
  if (tv && !(p[P::th_voltage_decay] > 0.0))
    refuse(model, "th_voltage_decay",
           "= " + format_number(p[P::th_voltage_decay]) + " 1/ms: expected a strictly positive rate");
  if (ts) {
    if (!(p[P::th_spike_decay] > 0.0))
      refuse(model, "th_spike_decay",
             "= " + format_number(p[P::th_spike_decay]) + " 1/ms: expected a strictly positive rate");
    if (p[P::voltage_reset_fraction] < 0.0 || p[P::voltage_reset_fraction] > 1.0)
      refuse(model, "voltage_reset_fraction",
             "= " + format_number(p[P::voltage_reset_fraction]) + ": expected a fraction within [0, 1]");
  }
}

core prepare(const scalars& p, const std::vector<double>* asc, double h) {
  core c{};
  const double G = p[P::g], C_m = p[P::C_m], t_ref = p[P::t_ref];
  c.theta_spike = p[P::spike_dependent_threshold] != 0.0;
  c.asc = p[P::after_spike_currents] != 0.0;
  c.theta_voltage = p[P::adapting_threshold] != 0.0;
  const double tau = C_m / G;
  c.P33 = std::exp(-h / tau);
  c.P30 = 1.0 / C_m * (1.0 - c.P33) * tau;
  c.g = G;
  c.th_inf = p[P::V_th];
  c.V_reset = p[P::V_reset];
  c.refractory_steps = double(nest_ms_to_steps(t_ref, h));
  if (c.theta_spike) {
    c.th_spike_rate = std::exp(-p[P::th_spike_decay] * h);
    c.th_spike_refractory_rate = std::exp(-p[P::th_spike_decay] * t_ref);
  }
  c.th_spike_add = p[P::th_spike_add];
  c.reset_fraction = p[P::voltage_reset_fraction];
  c.reset_add = p[P::voltage_reset_add];
  if (c.asc) {
    for (std::size_t j = 0; j < asc[a_decay].size(); ++j) {
      const double k = asc[a_decay][j];
      c.asc_rate.push_back(std::exp(-k * h));
      c.asc_mean.push_back(((1.0 / k) / h) * (1.0 - c.asc_rate.back()));  // the step's mean of exp(-k t)
      c.asc_refractory.push_back(asc[a_r][j] * std::exp(-k * t_ref));
    }
    c.asc_amps = asc[a_amps];
  }
  if (c.theta_voltage) {
    const double a_v = p[P::th_voltage_index], b_v = p[P::th_voltage_decay];
    c.potential_rate = std::exp(-G * h / C_m);
    c.th_voltage_rate_inverse = 1.0 / std::exp(b_v * h);
    c.phi = a_v / (b_v - G / C_m);
    c.ab_ratio = a_v / b_v;
  }
  return c;
}

}  // namespace nestor::detail::glif
