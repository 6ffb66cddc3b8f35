#pragma once
// Rate transformer nodes: NEST 3.9's rate_transformer_node template
// (models/rate_transformer_node{.h,_impl.h}) with the nonlinearities of rate_nonlinearities.hpp:
// rate_transformer_lin, rate_transformer_tanh, rate_transformer_threshold_lin. No dynamics: each step the
// rate becomes input(sum_j w_j r_j) of the delayed rates arriving in that step (linear_summation; otherwise
// sum_j w_j input(r_j), input() applied per connection at delivery: per_connection_input), and the node
// sends the rate it has at the start of the step, as the rate neurons do.

#include <array>
#include <optional>
#include <string_view>

#include "core/neuron_population.hpp"
#include "models/neurons/rate_nonlinearities.hpp"

namespace nestor::detail {

template <class NL>
struct rate_transformer_node {
  static constexpr std::string_view name = NL::transformer;

  struct P {
    enum : int { linear_summation, nl, n = nl + NL::n };
  };
  static constexpr std::array<param_spec, P::n> params = [] {
    std::array<param_spec, P::n> a{{
        {"linear_summation", 1.0, unit::none, check::boolean,
         "true: the nonlinearity acts on the summed input; false: on each input"},
    }};
    for (int k = 0; k < NL::n; ++k) a[std::size_t(P::nl + k)] = NL::params[std::size_t(k)];
    return a;
  }();

  struct S {
    enum : int { rate, n };
  };
  static constexpr std::array<state_spec, S::n> state{{{"rate", 0.0, unit::none, "rate"}}};

  static constexpr int n_channels = 1;  // the delayed rates w * r
  static constexpr int rate_output = S::rate;
  static std::optional<port> rate_port(int receptor) {
    if (receptor != 0) return std::nullopt;
    return port{0, 0};
  }
  static std::optional<port> spike_port(int) { return std::nullopt; }
  static std::optional<port> current_port(int) { return std::nullopt; }

  static void validate(const prow<rate_transformer_node>&) {}

  /// NEST's per-connection input(r) for linear_summation = false (population::rate_input).
  static double per_connection_input(const prow<rate_transformer_node>& p, double r) {
    if (p[P::linear_summation] != 0.0) return r;
    NL nl{};
    for (int k = 0; k < NL::n; ++k) nl.p[k] = p[std::size_t(P::nl + k)];
    return nl.input(r);
  }

  struct derived {
    NL nl;
    bool linear_summation;
  };
  static derived prepare(const prow<rate_transformer_node>& p, double) {
    derived d{};
    for (int k = 0; k < NL::n; ++k) d.nl.p[k] = p[std::size_t(P::nl + k)];
    d.linear_summation = p[P::linear_summation] != 0.0;
    return d;
  }

  static unsigned update(srow s, const derived& d, inputs in) {
    // linear_summation = false: the channel already holds sum_j w_j input(r_j) (per_connection_input)
    s[S::rate] = d.linear_summation ? d.nl.input(in[0]) : in[0];
    return 0;
  }
};

using rate_transformer_lin = rate_transformer_node<lin_rate_nl>;
using rate_transformer_tanh = rate_transformer_node<tanh_rate_nl>;
using rate_transformer_threshold_lin = rate_transformer_node<threshold_lin_rate_nl>;

}  // namespace nestor::detail
