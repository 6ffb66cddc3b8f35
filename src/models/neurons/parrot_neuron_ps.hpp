#pragma once
// parrot_neuron_ps: the precise-timing parrot. Repeats every spike it receives on port 0 with the
// spike's offset within its step (so an off-grid spike stays off the grid) and its multiplicity, one
// event per arriving event, earliest first; weights are ignored; port 1 is accepted and ignored
// (NEST 3.9, models/parrot_neuron_ps.cpp). No parameters, no recordables.

#include <array>
#include <optional>

#include "core/neuron_population.hpp"

namespace nestor::detail {

struct parrot_neuron_ps {
  static constexpr std::string_view name = "parrot_neuron_ps";
  struct P {
    enum : int { n };
  };
  static constexpr std::array<param_spec, 0> params{};
  struct S {
    enum : int { n };
  };
  static constexpr std::array<state_spec, 0> state{};

  static constexpr bool off_grid_spikes = true;
  static constexpr int precise_channel = 0;
  static constexpr int n_channels = 1;  // the precise spike queue (nothing arrives in the ring buffer)
  static std::optional<port> spike_port(int receptor) {
    if (receptor == 0) return port{0, precise | count_only};
    if (receptor == 1) return port{0, discard};
    return std::nullopt;
  }
  static std::optional<port> current_port(int) { return std::nullopt; }

  static void validate(const prow<parrot_neuron_ps>&) {}
  struct derived {};
  static derived prepare(const prow<parrot_neuron_ps>&, double) { return {}; }

  static void update(srow, const derived&, inputs, precise_events ev, const precise_spikes& out) {
    for (const precise_input& e : ev) out.emit(e.offset, static_cast<std::uint32_t>(e.weight));
  }
};

}  // namespace nestor::detail
