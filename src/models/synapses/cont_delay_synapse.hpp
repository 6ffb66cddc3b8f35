#pragma once
// cont_delay_synapse: a static synapse whose delay need not be a multiple of the resolution (NEST 3.9's
// models/cont_delay_synapse.h).
//
// A delay d that is not a multiple of h is kept as ceil(d/h) steps less delay_offset = h (1 - frac(d/h))
// (split_sub_step_delay in synapse_model.hpp) when it is set on connections (connections' set) or as the
// model's default (set_defaults / copy_model); a delay given to connect is rounded to the grid, as NEST
// does (it warns). On a spike with offset o (ms before the end of its step): with o + delay_offset < h the
// event arrives after the connection's steps with offset o + delay_offset, otherwise one step earlier
// with offset o + delay_offset - h. Precise targets (parrot_neuron_ps, iaf_psc_*_ps) see the offset; grid
// targets take the event in the step it arrives in, as in NEST. get shows steps x h - delay_offset.

#include <array>
#include <string_view>

#include "models/synapses/synapse_model.hpp"

namespace nestor::detail {

struct cont_delay_synapse {
  static constexpr std::string_view name = "cont_delay_synapse";
  static constexpr std::string_view doc = "static synapse with a delay that need not be a multiple of dt";
  enum P { n_params };
  enum S { delay_offset, n_state };
  enum C { n_common };
  static constexpr std::array<syn_entry, n_params> params{};
  static constexpr std::array<syn_entry, n_state> state{{
      {"delay_offset", 0.0, unit::ms, check::nonnegative, "sub-step part subtracted from the delay's steps",
       false, false},
  }};
  static constexpr std::array<syn_entry, n_common> common{};
  static constexpr bool reads_history = false;
  static constexpr bool random = false;
  static constexpr S delay_offset_state = delay_offset;

  static void validate(const syn_values&) {}

  /// An event may arrive one step before the connection's delay steps.
  static int min_delay_change(const double*, const double* s) { return s[delay_offset] > 0.0 ? -1 : 0; }

  static double send(const double*, double* s, double& w, const double*, syn_event& ev) {
    const double total = ev.offset + s[delay_offset];
    if (total < ev.dt) {
      ev.offset = total;
    } else {
      ev.delay_change = -1;
      ev.offset = total - ev.dt;
    }
    return w;
  }
};

}  // namespace nestor::detail
