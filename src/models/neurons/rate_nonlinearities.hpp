#pragma once
// The input nonlinearities of NEST 3.9's rate models (models/lin_rate.h, tanh_rate.h, threshold_lin_rate.h)
// as small policy structs for rate_neuron_ipn, rate_neuron_opn and rate_transformer_node: their parameters
// (NEST's names and defaults, no checks: NEST checks none), input(h) and the factors of multiplicative
// coupling mult_ex(r), mult_in(r). Names: `ipn`, `opn` (where NEST has one) and `transformer` models.

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string_view>

#include "core/param_table.hpp"

namespace nestor::detail {

/// NEST's nonlinearities_lin_rate: input(h) = g h, H_ex = g_ex (theta_ex - r), H_in = g_in (theta_in + r).
struct lin_rate_nl {
  static constexpr std::string_view ipn = "lin_rate_ipn", opn = "lin_rate_opn",
                                    transformer = "rate_transformer_lin";
  enum : int { g, g_ex, g_in, theta_ex, theta_in, n };
  static constexpr std::array<param_spec, n> params{{
      {"g", 1.0, unit::none, check::any, "gain of the input function g h"},
      {"g_ex", 1.0, unit::none, check::any, "linear factor of the multiplicative excitatory coupling"},
      {"g_in", 1.0, unit::none, check::any, "linear factor of the multiplicative inhibitory coupling"},
      {"theta_ex", 0.0, unit::none, check::any, "shift of the multiplicative excitatory coupling"},
      {"theta_in", 0.0, unit::none, check::any, "shift of the multiplicative inhibitory coupling"},
  }};
  double p[n];
  double input(double h) const { return p[g] * h; }
  double mult_ex(double r) const { return p[g_ex] * (p[theta_ex] - r); }
  double mult_in(double r) const { return p[g_in] * (p[theta_in] + r); }
};

/// NEST's nonlinearities_tanh_rate: input(h) = tanh(g (h - theta)), no multiplicative coupling (H = 1).
struct tanh_rate_nl {
  static constexpr std::string_view ipn = "tanh_rate_ipn", opn = "tanh_rate_opn",
                                    transformer = "rate_transformer_tanh";
  enum : int { g, theta, n };
  static constexpr std::array<param_spec, n> params{{
      {"g", 1.0, unit::none, check::any, "gain of the input function tanh(g (h - theta))"},
      {"theta", 0.0, unit::none, check::any, "threshold of the input function"},
  }};
  double p[n];
  double input(double h) const { return std::tanh(p[g] * (h - p[theta])); }
  double mult_ex(double) const { return 1.0; }
  double mult_in(double) const { return 1.0; }
};

/// NEST's nonlinearities_threshold_lin_rate: input(h) = min(max(g (h - theta), 0), alpha), H = 1.
struct threshold_lin_rate_nl {
  static constexpr std::string_view ipn = "threshold_lin_rate_ipn", opn = "threshold_lin_rate_opn",
                                    transformer = "rate_transformer_threshold_lin";
  enum : int { g, theta, alpha, n };
  static constexpr std::array<param_spec, n> params{{
      {"g", 1.0, unit::none, check::any, "gain of the input function min(max(g (h - theta), 0), alpha)"},
      {"theta", 0.0, unit::none, check::any, "threshold of the input function"},
      {"alpha", std::numeric_limits<double>::infinity(), unit::none, check::any_or_pos_inf,
       "upper bound of the input function (inf: none)"},
  }};
  double p[n];
  double input(double h) const { return std::min(std::max(p[g] * (h - p[theta]), 0.), p[alpha]); }
  double mult_ex(double) const { return 1.0; }
  double mult_in(double) const { return 1.0; }
};

/// NEST's nonlinearities_sigmoid_rate: input(h) = g / (1 + exp(-beta (h - theta))), H = 1 (no opn model).
struct sigmoid_rate_nl {
  static constexpr std::string_view ipn = "sigmoid_rate_ipn", transformer = "rate_transformer_sigmoid";
  enum : int { g, beta, theta, n };
  static constexpr std::array<param_spec, n> params{{
      {"g", 1.0, unit::none, check::any, "gain of the input function g / (1 + exp(-beta (h - theta)))"},
      {"beta", 1.0, unit::none, check::any, "slope of the input function"},
      {"theta", 0.0, unit::none, check::any, "threshold of the input function"},
  }};
  double p[n];
  double input(double h) const { return p[g] / (1. + std::exp(-p[beta] * (h - p[theta]))); }
  double mult_ex(double) const { return 1.0; }
  double mult_in(double) const { return 1.0; }
};

/// NEST's nonlinearities_sigmoid_rate_gg_1998 (Gancarz & Grossberg 1998): input(h) = (g h)^4 / (0.1^4 + (g
/// h)^4), H = 1 (no opn model).
struct sigmoid_rate_gg_1998_nl {
  static constexpr std::string_view ipn = "sigmoid_rate_gg_1998_ipn",
                                    transformer = "rate_transformer_sigmoid_gg_1998";
  enum : int { g, n };
  static constexpr std::array<param_spec, n> params{{
      {"g", 1.0, unit::none, check::any, "gain of the input function (g h)^4 / (0.1^4 + (g h)^4)"},
  }};
  double p[n];
  double input(double h) const {
    return std::pow(p[g] * h, 4.) / (std::pow(.1, 4.) + std::pow(p[g] * h, 4.));
  }
  double mult_ex(double) const { return 1.0; }
  double mult_in(double) const { return 1.0; }
};

}  // namespace nestor::detail
