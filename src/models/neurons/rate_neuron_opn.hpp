#pragma once
// Rate neurons with output noise: NEST 3.9's rate_neuron_opn template (models/rate_neuron_opn{.h,_impl.h})
// with the nonlinearities of rate_nonlinearities.hpp: lin_rate_opn, tanh_rate_opn, threshold_lin_rate_opn.
//
//   tau dX = (-X + mu + phi(...)) dt,  sent rate X + sqrt(tau) sigma xi (white noise)
//
// per step h: noise = sigma xi (xi ~ N(0, 1) drawn every step), noisy_rate = X + sqrt(tau / h) noise (the
// rate sent this step, reaching a target connected with delay d in step + d), X' = P1 X + P2 mu + P2 * (the
// input terms of rate_neuron_ipn, with mult_coupling factors of noisy_rate), P1 = exp(-h / tau),
// P2 = -expm1(-h / tau). No lambda and no rectification (NEST has none for these models).
// Differs from NEST: the noise comes from nestor's per-node streams (sigma = 0 is exact).

#include <array>
#include <cmath>
#include <optional>
#include <string_view>

#include "core/neuron_population.hpp"
#include "models/neurons/rate_neuron_ipn.hpp"
#include "models/neurons/rate_nonlinearities.hpp"

namespace nestor::detail {

template <class NL>
struct rate_neuron_opn {
  static constexpr std::string_view name = NL::opn;

  struct P {
    enum : int { tau, sigma, mu, linear_summation, mult_coupling, nl, n = nl + NL::n };
  };
  static constexpr std::array<param_spec, P::n> params = [] {
    std::array<param_spec, P::n> a{{
        {"tau", 10.0, unit::ms, check::any, "time constant of the rate dynamics"},
        {"sigma", 1.0, unit::none, check::any, "output noise strength"},
        {"mu", 0.0, unit::none, check::any, "mean input"},
        {"linear_summation", 1.0, unit::none, check::boolean,
         "true: the nonlinearity acts on the summed input; false: on each input"},
        {"mult_coupling", 0.0, unit::none, check::boolean, "true: multiplicative coupling of the input"},
    }};
    for (int k = 0; k < NL::n; ++k) a[std::size_t(P::nl + k)] = NL::params[std::size_t(k)];
    return a;
  }();

  struct S {
    enum : int { rate, noise, noisy_rate, n };
  };
  static constexpr std::array<state_spec, S::n> state{{
      {"rate", 0.0, unit::none, "rate"},
      {"noise", 0.0, unit::none, "noise of the last step (sigma xi)"},
      {"noisy_rate", 0.0, unit::none, "rate sent in the last step (rate + sqrt(tau / h) noise)"},
  }};

  static constexpr int n_channels = 2;  // delayed rates from w > 0 and w <= 0
  static constexpr int rate_output = S::noisy_rate;
  static constexpr bool rate_sent_after_update = true;
  static std::optional<port> rate_port(int receptor) { return rate_neuron_port(receptor); }
  static std::optional<port> spike_port(int) { return std::nullopt; }
  static std::optional<port> current_port(int) { return std::nullopt; }

  static void validate(const prow<rate_neuron_opn>& p) {
    const auto bad = [](std::string_view param, double v, std::string_view expected) {
      refuse_rate_param(name, param, v, expected);
    };
    if (!(p[P::tau] > 0)) bad("tau", p[P::tau], "a time constant > 0 ms");
    if (!(p[P::sigma] >= 0)) bad("sigma", p[P::sigma], "a noise strength >= 0");
  }

  /// NEST's per-connection input(r) for linear_summation = false (population::rate_input).
  static double per_connection_input(const prow<rate_neuron_opn>& p, double r) {
    if (p[P::linear_summation] != 0.0) return r;
    NL nl{};
    for (int k = 0; k < NL::n; ++k) nl.p[k] = p[std::size_t(P::nl + k)];
    return nl.input(r);
  }

  static constexpr bool needs_rng = true;  // the output noise

  struct derived {
    double P1, P2, noise_factor, sigma, mu;
    bool linear_summation, mult_coupling;
    NL nl;
  };
  static derived prepare(const prow<rate_neuron_opn>& p, double h) {
    derived d{};
    d.P1 = std::exp(-h / p[P::tau]);
    d.P2 = -std::expm1(-h / p[P::tau]);
    d.noise_factor = std::sqrt(p[P::tau] / h);
    d.sigma = p[P::sigma];
    d.mu = p[P::mu];
    d.linear_summation = p[P::linear_summation] != 0.0;
    d.mult_coupling = p[P::mult_coupling] != 0.0;
    for (int k = 0; k < NL::n; ++k) d.nl.p[k] = p[std::size_t(P::nl + k)];
    return d;
  }
  static bool draws(const derived& d) { return d.sigma > 0; }

  static unsigned update(srow s, const derived& d, inputs in, const node_rng* rng) {
    s[S::noise] = rng && d.sigma > 0 ? d.sigma * rate_neuron_ipn<NL>::normal(*rng) : 0.0;
    const double sent = s[S::rate] + d.noise_factor * s[S::noise];
    s[S::noisy_rate] = sent;
    double r = d.P1 * s[S::rate] + d.P2 * d.mu;
    const double ex = in[0], ih = in[1];
    const double H_ex = d.mult_coupling ? d.nl.mult_ex(sent) : 1.0;
    const double H_in = d.mult_coupling ? d.nl.mult_in(sent) : 1.0;
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
    s[S::rate] = r;
    return 0;
  }
};

using lin_rate_opn = rate_neuron_opn<lin_rate_nl>;
using tanh_rate_opn = rate_neuron_opn<tanh_rate_nl>;
using threshold_lin_rate_opn = rate_neuron_opn<threshold_lin_rate_nl>;

}  // namespace nestor::detail
