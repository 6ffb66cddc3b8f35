#pragma once
// What the neuron models with a Clopath archive (aeif_psc_delta_clopath, hh_psc_alpha_clopath) share:
// NEST's ClopathArchivingNode parameters (listed last in both tables, in this order, with NEST's
// defaults), the rule they make (clopath_archive.hpp) and the archive's set-up when a simulation starts.

#include <array>
#include <cmath>
#include <cstdint>

#include "core/neuron_population.hpp"
#include "models/neurons/clopath_archive.hpp"

namespace nestor::detail::clopath {

enum : int { A_LTD, A_LTP, u_ref_squared, theta_plus, theta_minus, A_LTD_const, delay_u_bars, n_rule };

inline constexpr std::array<param_spec, n_rule> rule_params{{
    {"A_LTD", 14.0e-5, unit::none, check::any, "amplitude of depression (1/mV)"},
    {"A_LTP", 8.0e-5, unit::none, check::any, "amplitude of facilitation (1/mV^2)"},
    {"u_ref_squared", 60.0, unit::none, check::positive,
     "reference value of u_bar_bar^2 (mV^2; with A_LTD_const false)"},
    {"theta_plus", -45.3, unit::mV, check::any, "threshold of u for facilitation"},
    {"theta_minus", -70.6, unit::mV, check::any, "threshold of u_bar_plus and u_bar_minus"},
    {"A_LTD_const", 1.0, unit::none, check::boolean,
     "whether A_LTD is constant (else scaled by u_bar_bar^2 / u_ref_squared)"},
    {"delay_u_bars", 5.0, unit::ms, check::nonnegative,
     "delay with which u_bar_plus and u_bar_minus enter the weight changes"},
}};

/// A model's own parameters followed by the rule's.
template <std::size_t K>
constexpr std::array<param_spec, K + n_rule> with_rule(const std::array<param_spec, K>& own) {
  return concat_params(own, rule_params);
}

/// The rule from a parameter row whose rule parameters start at `first`.
struct rule_constants {
  clopath_rule rule;
  double delay_u_bars;
};
template <class Row>
rule_constants rule_of(const Row& p, int first) {
  rule_constants c{};
  c.rule = {p[first + A_LTD],      p[first + A_LTP],       p[first + u_ref_squared],
            p[first + theta_plus], p[first + theta_minus], p[first + A_LTD_const] != 0.0};
  c.delay_u_bars = p[first + delay_u_bars];
  return c;
}

/// NEST's init_clopath_buffers, at the first simulation after creation or reset: the delay line of
/// round(delay_u_bars / dt) steps (NEST's Time::delay_ms_to_steps) and the LTD ring of NEST's
/// max_delay + 1 entries, read as at the end of NEST's slices.
inline void prepare_archive(clopath_archive& a, const rule_constants& c, const run_info& run) {
  if (a.ready()) return;
  const auto or1 = [](std::int64_t x) { return x > 0 ? x : std::int64_t(1); };
  a.init(std::llround(c.delay_u_bars / run.dt), or1(run.nest_min_delay_steps), or1(run.nest_max_delay_steps),
         or1(run.slice_steps), run.dt);
}

}  // namespace nestor::detail::clopath
