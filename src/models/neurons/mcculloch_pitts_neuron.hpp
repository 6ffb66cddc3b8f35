#pragma once
// mcculloch_pitts_neuron: binary neuron with a deterministic Heaviside gain, as NEST 3.9
// (models/mcculloch_pitts_neuron.{h,cpp} on models/binary_neuron.h):
//
//   at each update (Poisson times of mean interval tau_m):  S = 1 if h + c > theta, else S = 0
//
// (h: the summed binary input, c: this step's current input; h == theta gives S = 0). Update times,
// binary events and what differs from NEST: see binary_neuron.hpp. NEST checks tau_m > 0 only.

#include <array>
#include <optional>

#include "models/neurons/binary_neuron.hpp"

namespace nestor::detail {

struct mcculloch_pitts_neuron {
  static constexpr std::string_view name = "mcculloch_pitts_neuron";

  struct P {
    enum : int { tau_m, theta, n };
  };
  static constexpr std::array<param_spec, P::n> params{{
      {"tau_m", 10.0, unit::ms, check::positive, "mean interval between updates (exponentially distributed)"},
      {"theta", 0.0, unit::mV, check::any, "threshold: S = 1 after an update if h > theta"},
  }};

  using S = binary_model::S;
  static constexpr auto state = binary_model::state;
  static constexpr int n_channels = binary_model::n_channels;
  static std::optional<port> spike_port(int receptor) { return binary_model::spike_port(receptor); }
  static std::optional<port> current_port(int receptor) { return binary_model::current_port(receptor); }

  static void validate(const prow<mcculloch_pitts_neuron>&) {}
  static constexpr bool needs_rng = true;  // for the update times

  struct derived {
    binary_model::timing t;
    double theta;
  };
  static derived prepare(const prow<mcculloch_pitts_neuron>& p, double dt);
  static bool draws(const derived&) { return true; }

  static unsigned update(srow s, const derived& d, inputs in, const node_rng* rng) {
    return binary_model::update(s, d.t, in, rng, [&](double h, philox_stream&) { return h > d.theta; });
  }
};

}  // namespace nestor::detail
