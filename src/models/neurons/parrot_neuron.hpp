#pragma once
// parrot_neuron: repeats every spike it receives, at the time of arrival, with the arrival's
// multiplicity; weights (and their sign) are ignored. Spikes arriving on port 1 are accepted but not
// repeated (NEST 3.9, models/parrot_neuron.cpp). No parameters, no recordables.

#include <array>
#include <optional>

#include "core/neuron_population.hpp"

namespace nestor::detail {

struct parrot_neuron {
  static constexpr std::string_view name = "parrot_neuron";
  struct P {
    enum : int { n };
  };
  static constexpr std::array<param_spec, 0> params{};
  struct S {
    enum : int { n };
  };
  static constexpr std::array<state_spec, 0> state{};

  static constexpr int n_channels = 1;  // spike count
  static std::optional<port> spike_port(int receptor) {
    if (receptor == 0) return port{0, count_only};
    if (receptor == 1) return port{0, discard};
    return std::nullopt;
  }
  static std::optional<port> current_port(int) { return std::nullopt; }

  static void validate(const prow<parrot_neuron>&) {}
  struct derived {};
  static derived prepare(const prow<parrot_neuron>&, double) { return {}; }
  static unsigned update(srow, const derived&, inputs in) { return static_cast<unsigned>(in[0]); }
};

}  // namespace nestor::detail
