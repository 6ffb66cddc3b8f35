#pragma once
// erfc_neuron: binary neuron with a stochastic complementary-error-function gain, as NEST 3.9
// (models/erfc_neuron.{h,cpp} on models/binary_neuron.h):
//
//   at each update (Poisson times of mean interval tau_m):  S = 1 with probability
//   g(h + c),  g(x) = erfc(-(x - theta) / (sqrt(2) sigma)) / 2
//
// (h: the summed binary input, c: this step's current input): a McCulloch-Pitts neuron whose input
// carries Gaussian noise of standard deviation sigma. S = 1 if u < g for a uniform u in [0, 1). Update
// times, binary events and what differs from NEST: see binary_neuron.hpp. NEST checks tau_m > 0 only;
// sigma is not checked (sigma = 0 gives S = 1 iff h + c > theta: at h + c = theta, 0/0 makes g NaN and
// S = 0, as in NEST; a negative sigma mirrors the gain).

#include <array>
#include <cmath>
#include <optional>

#include "models/neurons/binary_neuron.hpp"

namespace nestor::detail {

struct erfc_neuron {
  static constexpr std::string_view name = "erfc_neuron";

  struct P {
    enum : int { tau_m, theta, sigma, n };
  };
  static constexpr std::array<param_spec, P::n> params{{
      {"tau_m", 10.0, unit::ms, check::positive, "mean interval between updates (exponentially distributed)"},
      {"theta", 0.0, unit::mV, check::any, "threshold of the gain function (g(theta) = 1/2)"},
      {"sigma", 1.0, unit::mV, check::any, "width of the gain function (1/sqrt(2 pi) / its maximal slope)"},
  }};

  using S = binary_model::S;
  static constexpr auto state = binary_model::state;
  static constexpr int n_channels = binary_model::n_channels;
  static std::optional<port> spike_port(int receptor) { return binary_model::spike_port(receptor); }
  static std::optional<port> current_port(int receptor) { return binary_model::current_port(receptor); }

  static void validate(const prow<erfc_neuron>&) {}
  static constexpr bool needs_rng = true;  // update times and the gain's draw

  struct derived {
    binary_model::timing t;
    double theta, sigma;
  };
  static derived prepare(const prow<erfc_neuron>& p, double dt);
  static bool draws(const derived&) { return true; }

  static unsigned update(srow s, const derived& d, inputs in, const node_rng* rng) {
    return binary_model::update(s, d.t, in, rng, [&](double h, philox_stream& g) {
      return g.uniform() < 0.5 * std::erfc(-(h - d.theta) / (std::sqrt(2.0) * d.sigma));
    });
  }
};

}  // namespace nestor::detail
