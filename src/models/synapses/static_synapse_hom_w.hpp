#pragma once
// static_synapse_hom_w: a static synapse whose weight is common to all its connections (NEST 3.9's
// models/static_synapse_hom_w.h): set with set_defaults / copy_model; connect and connections' set
// refuse a weight (NEST: "Weight cannot be specified since it needs to be equal for all connections").
// The weight is the model's at delivery: set_defaults changes it for existing connections too.

#include <array>
#include <string_view>

#include "models/synapses/synapse_model.hpp"

namespace nestor::detail {

struct static_synapse_hom_w {
  static constexpr std::string_view name = "static_synapse_hom_w";
  static constexpr std::string_view doc = "static synapse with a weight common to all its connections";
  enum P { n_params };
  enum S { n_state };
  enum C { n_common };
  static constexpr std::array<syn_entry, n_params> params{};
  static constexpr std::array<syn_entry, n_state> state{};
  static constexpr std::array<syn_entry, n_common> common{};
  static constexpr bool reads_history = false;
  static constexpr bool random = false;
  static constexpr bool common_weight = true;

  static void validate(const syn_values&) {}
  static double send(const double*, double*, double& w, const double*, syn_event&) { return w; }
};

}  // namespace nestor::detail
