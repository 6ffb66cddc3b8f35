#pragma once
// Rate neurons with input noise: NEST 3.9's rate_neuron_ipn template (models/rate_neuron_ipn{.h,_impl.h})
// with the nonlinearities of lin_rate.h, tanh_rate.h and threshold_lin_rate.h as small policy structs:
// lin_rate_ipn, tanh_rate_ipn, threshold_lin_rate_ipn.
//
//   tau dX = (-lambda X + mu + phi(...)) dt + sqrt(tau) sigma dW
//
// integrated per step h by NEST's stochastic exponential Euler (lambda > 0):
//   P1 = exp(-lambda h / tau), P2 = -expm1(-lambda h / tau) / lambda,
//   noise factor = sqrt(-expm1(-2 lambda h / tau) / (2 lambda)),
// or Euler-Maruyama for lambda = 0 (P1 = 1, P2 = h / tau, noise factor = sqrt(h / tau)):
//   noise = sigma xi (xi ~ N(0, 1) drawn every step), X' = P1 X + P2 mu + factor * noise, then
//   linear_summation:  X' += P2 * input(ex + in)              (mult_coupling: P2 H_ex(X) input(ex) +
//                                                                              P2 H_in(X) input(in))
//   otherwise:         X' += P2 H_ex(X) sum_ex w input(r) + P2 H_in(X) sum_in w input(r)
//   (H = 1 without mult_coupling), then X' = max(X', rectify_rate) if rectify_output.
// ex / in: the delayed rates w * r of connections with w > 0 / w <= 0 (NEST: w >= 0 / w < 0; a zero
// weight adds zero either way) arriving this step. A rate neuron sends the rate it has at the start of
// each step; with delay d it is read in the target's update of step + d (NEST's DelayedRateConnectionEvent:
// a rate neuron connected with delay 2 ms at dt = 0.1 first moves in the step recorded at 2.1 ms).
//
// Differs from NEST: the noise is drawn from nestor's counter-based stream of the node (keyed by seed,
// node, step), so runs with sigma > 0 agree with NEST in distribution, not number by number (sigma = 0
// is exact). Instantaneous rate connections (waveform relaxation) do not exist in nestor.
// linear_summation = false: NEST applies input() to each incoming rate (w * input(r)); nestor does so when
// delivering (per_connection_input, called by the kernel through population::rate_input).

#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <string_view>

#include "core/neuron_population.hpp"
#include "models/neurons/rate_nonlinearities.hpp"

namespace nestor::detail {

/// Receptor 0 of a rate neuron: the delayed rates w * r, into channel 0 when w > 0 and channel 1 when
/// w <= 0 (NEST's delayed_rates_ex_ / delayed_rates_in_).
inline std::optional<port> rate_neuron_port(int receptor) {
  if (receptor != 0) return std::nullopt;
  return port{0, sign_split};
}

/// A rate model's parameter rule failed: the error names the model, the parameter, its value and what
/// was expected.
[[noreturn]] inline void refuse_rate_param(std::string_view model, std::string_view param, double v,
                                           std::string_view expected) {
  throw bad_value(std::string(model) + " parameter " + std::string(param) + " = " + format_number(v) +
                  ": expected " + std::string(expected));
}

template <class NL>
struct rate_neuron_ipn {
  static constexpr std::string_view name = NL::ipn;

  struct P {
    enum : int {
      tau,
      lambda,
      sigma,
      mu,
      rectify_rate,
      linear_summation,
      rectify_output,
      mult_coupling,
      nl,
      n = nl + NL::n
    };
  };
  static constexpr std::array<param_spec, P::n> params = [] {
    std::array<param_spec, P::n> a{{
        {"tau", 10.0, unit::ms, check::any, "time constant of the rate dynamics"},
        {"lambda", 1.0, unit::none, check::any, "passive decay rate"},
        {"sigma", 1.0, unit::none, check::any, "input noise strength"},
        {"mu", 0.0, unit::none, check::any, "mean input"},
        {"rectify_rate", 0.0, unit::none, check::any, "lowest rate when rectify_output"},
        {"linear_summation", 1.0, unit::none, check::boolean,
         "true: the nonlinearity acts on the summed input; false: on each input"},
        {"rectify_output", 0.0, unit::none, check::boolean, "true: the rate is kept >= rectify_rate"},
        {"mult_coupling", 0.0, unit::none, check::boolean, "true: multiplicative coupling of the input"},
    }};
    for (int k = 0; k < NL::n; ++k) a[std::size_t(P::nl + k)] = NL::params[std::size_t(k)];
    return a;
  }();

  struct S {
    enum : int { rate, noise, n };
  };
  static constexpr std::array<state_spec, S::n> state{{
      {"rate", 0.0, unit::none, "rate"},
      {"noise", 0.0, unit::none, "noise of the last step (sigma xi)"},
  }};

  // Channels: delayed rates w * r with w > 0 (0) and w <= 0 (1), NEST's delayed_rates_ex_ / _in_.
  static constexpr int n_channels = 2;
  static constexpr int rate_output = S::rate;
  static std::optional<port> rate_port(int receptor) { return rate_neuron_port(receptor); }
  static std::optional<port> spike_port(int) { return std::nullopt; }
  static std::optional<port> current_port(int) { return std::nullopt; }

  static void validate(const prow<rate_neuron_ipn>& p) {
    const auto bad = [](std::string_view param, double v, std::string_view expected) {
      refuse_rate_param(name, param, v, expected);
    };
    if (!(p[P::tau] > 0)) bad("tau", p[P::tau], "a time constant > 0 ms");
    if (!(p[P::lambda] >= 0)) bad("lambda", p[P::lambda], "a passive decay rate >= 0");
    if (!(p[P::sigma] >= 0)) bad("sigma", p[P::sigma], "a noise strength >= 0");
    if (!(p[P::rectify_rate] >= 0)) bad("rectify_rate", p[P::rectify_rate], "a rectifying rate >= 0");
  }

  /// NEST's per-connection input(r) for linear_summation = false (population::rate_input).
  static double per_connection_input(const prow<rate_neuron_ipn>& p, double r) {
    if (p[P::linear_summation] != 0.0) return r;
    NL nl{};
    for (int k = 0; k < NL::n; ++k) nl.p[k] = p[std::size_t(P::nl + k)];
    return nl.input(r);
  }

  static constexpr bool needs_rng = true;  // the input noise

  struct derived {
    double P1, P2, noise_factor, sigma, mu, rectify_rate;
    bool linear_summation, rectify_output, mult_coupling;
    NL nl;
  };
  static derived prepare(const prow<rate_neuron_ipn>& p, double h) {
    derived d{};
    const double tau = p[P::tau], lambda = p[P::lambda];
    if (lambda > 0) {  // stochastic exponential Euler
      d.P1 = std::exp(-lambda * h / tau);
      d.P2 = -1.0 / lambda * std::expm1(-lambda * h / tau);
      d.noise_factor = std::sqrt(-0.5 / lambda * std::expm1(-2. * lambda * h / tau));
    } else {  // Euler-Maruyama
      d.P1 = 1;
      d.P2 = h / tau;
      d.noise_factor = std::sqrt(h / tau);
    }
    d.sigma = p[P::sigma];
    d.mu = p[P::mu];
    d.rectify_rate = p[P::rectify_rate];
    d.linear_summation = p[P::linear_summation] != 0.0;
    d.rectify_output = p[P::rectify_output] != 0.0;
    d.mult_coupling = p[P::mult_coupling] != 0.0;
    for (int k = 0; k < NL::n; ++k) d.nl.p[k] = p[std::size_t(P::nl + k)];
    return d;
  }
  static bool draws(const derived& d) { return d.sigma > 0; }

  /// A standard normal from two uniforms of the node's stream of this step (Box-Muller).
  static double normal(const node_rng& rng) {
    philox_stream g = rng.stream();
    const double u1 = g.uniform(), u2 = g.uniform();
    return std::sqrt(-2.0 * std::log1p(-u1)) * std::cos(6.283185307179586476925286766559 * u2);
  }

  static unsigned update(srow s, const derived& d, inputs in, const node_rng* rng) {
    const double r0 = s[S::rate];  // the rate sent this step (population: model_emits_rate)
    s[S::noise] = rng && d.sigma > 0 ? d.sigma * normal(*rng) : 0.0;
    double r = d.P1 * r0 + d.P2 * d.mu + d.noise_factor * s[S::noise];
    const double ex = in[0], ih = in[1];
    const double H_ex = d.mult_coupling ? d.nl.mult_ex(r0) : 1.0;
    const double H_in = d.mult_coupling ? d.nl.mult_in(r0) : 1.0;
    if (d.linear_summation) {
      if (d.mult_coupling) {
        r += d.P2 * H_ex * d.nl.input(ex);
        r += d.P2 * H_in * d.nl.input(ih);
      } else {
        r += d.P2 * d.nl.input(ex + ih);
      }
    } else {  // the channels hold sum w input(r) (per_connection_input, applied at delivery)
      r += d.P2 * H_ex * ex;
      r += d.P2 * H_in * ih;
    }
    if (d.rectify_output && r < d.rectify_rate) r = d.rectify_rate;
    s[S::rate] = r;
    return 0;
  }
};

using lin_rate_ipn = rate_neuron_ipn<lin_rate_nl>;
using tanh_rate_ipn = rate_neuron_ipn<tanh_rate_nl>;
using threshold_lin_rate_ipn = rate_neuron_ipn<threshold_lin_rate_nl>;

}  // namespace nestor::detail
