#pragma once
// tsodyks_synapse and tsodyks_synapse_hom: short-term plasticity with resources in three states, recovered
// x, active y, inactive z = 1 - x - y, and release probability u (Tsodyks, Uziel & Markram 2000; NEST 3.9's
// models/tsodyks_synapse.h and tsodyks_synapse_hom.h).
//
//   dx/dt = z/tau_rec - u x δ(t - t_sp),  dy/dt = -y/tau_psc + u x δ(t - t_sp),
//   dz/dt = y/tau_psc - z/tau_rec,        du/dt = -u/tau_fac + U (1 - u) δ(t - t_sp)
// On a presynaptic spike at t, h = t - t_last (t_last = 0 before the first spike, as NEST): x, y, u are
// propagated exactly over h, u jumps by U (1 - u), then u x moves from x to y and the event carries
// weight * u x (tsodyks_step in stp_rules.hpp). Initially x = 1, y = 0, u = 0.
// tsodyks_synapse_hom: U, tau_psc, tau_rec, tau_fac and the weight are common to the model (set with
// set_defaults / copy_model only); x, y, u are each connection's own.
// NEST's rules: U in [0, 1], tau_psc > 0, tau_rec > 0, tau_fac >= 0, x + y <= 1, and (tsodyks_synapse only)
// u in [0, 1]. As NEST, tau_psc = tau_rec is not refused (the propagator divides by tau_psc - tau_rec).

#include <array>
#include <string_view>

#include "models/synapses/stp_rules.hpp"

namespace nestor::detail {

/// The entries both models share.
struct tsodyks_tables {
  static constexpr syn_entry U{"U", 0.5, unit::none, check::any, "increment of u with each spike, in [0, 1]"};
  static constexpr syn_entry tau_psc{"tau_psc", 3.0, unit::ms, check::positive,
                                     "time constant of the postsynaptic current (y)"};
  static constexpr syn_entry tau_rec{"tau_rec", 800.0, unit::ms, check::positive,
                                     "time constant of recovery"};
  static constexpr syn_entry tau_fac{"tau_fac", 0.0, unit::ms, check::nonnegative,
                                     "time constant of facilitation (0: none)"};
  static constexpr std::array<syn_entry, 4> state{{
      {"x", 1.0, unit::none, check::any, "fraction of resources recovered"},
      {"y", 0.0, unit::none, check::any, "fraction of resources active"},
      {"u", 0.0, unit::none, check::any, "release probability"},
      {"t_lastspike", 0.0, unit::ms, check::any, "time of the last presynaptic spike", false, false},
  }};
};

struct tsodyks_synapse {
  static constexpr std::string_view name = "tsodyks_synapse";
  static constexpr std::string_view doc =
      "short-term plasticity with recovered, active and inactive resources (Tsodyks et al. 2000)";
  enum P { U, tau_psc, tau_rec, tau_fac, n_params };
  enum S { x, y, u, t_lastspike, n_state };
  enum C { n_common };
  static constexpr std::array<syn_entry, n_params> params{
      {tsodyks_tables::U, tsodyks_tables::tau_psc, tsodyks_tables::tau_rec, tsodyks_tables::tau_fac}};
  static constexpr std::array<syn_entry, n_state> state = tsodyks_tables::state;
  static constexpr std::array<syn_entry, n_common> common{};
  static constexpr bool reads_history = false;
  static constexpr bool random = false;

  static void validate(const syn_values& v) {
    check_x_plus_y(name, v.s[x], v.s[y]);
    check_unit_interval(name, "U", v.p[U]);
    check_unit_interval(name, "u", v.s[u]);
  }

  static double send(const double* p, double* s, double& w, const double*, syn_event& ev) {
    const tsodyks_step step{p[U], p[tau_psc], p[tau_rec], p[tau_fac], true};
    const double released = step(ev.t_spike - s[t_lastspike], s[x], s[y], s[u]);
    s[t_lastspike] = ev.t_spike;
    return released * w;
  }
};

struct tsodyks_synapse_hom {
  static constexpr std::string_view name = "tsodyks_synapse_hom";
  static constexpr std::string_view doc =
      "tsodyks_synapse with weight and parameters common to all its connections";
  enum P { n_params };
  enum S { x, y, u, t_lastspike, n_state };
  enum C { U, tau_psc, tau_rec, tau_fac, n_common };
  static constexpr std::array<syn_entry, n_params> params{};
  static constexpr std::array<syn_entry, n_state> state = tsodyks_tables::state;
  static constexpr std::array<syn_entry, n_common> common{
      {tsodyks_tables::U, tsodyks_tables::tau_psc, tsodyks_tables::tau_rec, tsodyks_tables::tau_fac}};
  static constexpr bool reads_history = false;
  static constexpr bool random = false;
  static constexpr bool common_weight = true;

  static void validate(const syn_values& v) {
    check_x_plus_y(name, v.s[x], v.s[y]);
    check_unit_interval(name, "U", v.c[U]);
  }

  static double send(const double*, double* s, double& w, const double* c, syn_event& ev) {
    const tsodyks_step step{c[U], c[tau_psc], c[tau_rec], c[tau_fac], false};
    const double released = step(ev.t_spike - s[t_lastspike], s[x], s[y], s[u]);
    s[t_lastspike] = ev.t_spike;
    return released * w;
  }
};

}  // namespace nestor::detail
