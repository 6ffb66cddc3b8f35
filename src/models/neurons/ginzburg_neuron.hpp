#pragma once
// ginzburg_neuron: binary neuron with a stochastic sigmoidal (or affine) gain, as NEST 3.9
// (models/ginzburg_neuron.{h,cpp} on models/binary_neuron.h):
//
//   at each update (Poisson times of mean interval tau_m):  S = 1 with probability
//   g(h + c),  g(x) = c_1 x + c_2 (1 + tanh(c_3 (x - theta))) / 2
//
// (h: the summed binary input, c: this step's current input), i.e. S = 1 if u < g for a uniform u in
// [0, 1): a g outside [0, 1] acts as 0 or 1 (NEST's "clipped"). c_1 = 0, c_2 = 1, c_3 = beta/2 is
// Glauber dynamics. Update times, binary events and what differs from NEST: see binary_neuron.hpp.
// NEST checks tau_m > 0 only. c_1 (1/mV) and c_3 (1/mV) take bare numbers (no such unit here).

#include <array>
#include <cmath>
#include <optional>

#include "models/neurons/binary_neuron.hpp"

namespace nestor::detail {

struct ginzburg_neuron {
  static constexpr std::string_view name = "ginzburg_neuron";

  struct P {
    enum : int { tau_m, theta, c_1, c_2, c_3, n };
  };
  static constexpr std::array<param_spec, P::n> params{{
      {"tau_m", 10.0, unit::ms, check::positive, "mean interval between updates (exponentially distributed)"},
      {"theta", 0.0, unit::mV, check::any, "threshold of the sigmoidal part of the gain function"},
      {"c_1", 0.0, unit::none, check::any, "linear gain factor (probability per mV)"},
      {"c_2", 1.0, unit::none, check::any, "prefactor of the sigmoidal gain (probability)"},
      {"c_3", 1.0, unit::none, check::any, "slope factor of the sigmoidal gain (1/mV)"},
  }};

  using S = binary_model::S;
  static constexpr auto state = binary_model::state;
  static constexpr int n_channels = binary_model::n_channels;
  static std::optional<port> spike_port(int receptor) { return binary_model::spike_port(receptor); }
  static std::optional<port> current_port(int receptor) { return binary_model::current_port(receptor); }

  static void validate(const prow<ginzburg_neuron>&) {}
  static constexpr bool needs_rng = true;  // update times and the gain's draw

  struct derived {
    binary_model::timing t;
    double theta, c_1, c_2, c_3;
  };
  static derived prepare(const prow<ginzburg_neuron>& p, double dt);
  static bool draws(const derived&) { return true; }

  static unsigned update(srow s, const derived& d, inputs in, const node_rng* rng) {
    return binary_model::update(s, d.t, in, rng, [&](double h, philox_stream& g) {
      return g.uniform() < d.c_1 * h + d.c_2 * 0.5 * (1.0 + std::tanh(d.c_3 * (h - d.theta)));
    });
  }
};

}  // namespace nestor::detail
