#pragma once
// The common part of NEST 3.9's binary neurons (models/binary_neuron.h): mcculloch_pitts_neuron,
// ginzburg_neuron and erfc_neuron differ only in their gain function g (a `Gain` type, see below).
//
// State: the output S in {0, 1} and the summed input h. A binary neuron updates at the points of a
// Poisson process of rate 1/tau_m: its next update time t_next is kept in tics (1 us, NEST's Time) as
// t_next += Time::ms(x tau_m), x ~ Exp(1), the first one drawn before the first step (NEST's
// pre_run_hook; absolute, from t = 0, also for a neuron created after an earlier simulate(), which then
// updates every step until t_next catches up, as in NEST). In every step:
//   h += this step's binary input (ring buffer, port flag `binary`); c = this step's current input;
//   if the step's start time > t_next (strictly, in tics): S' = gain(h + c) (g(h + c) is the probability
//   of S' = 1; McCulloch-Pitts is deterministic); on a change S' != S the neuron sends a spike of
//   multiplicity 2 (0 -> 1) or 1 (1 -> 0); then t_next advances by a new interval.
// So at most one update happens per step; intervals shorter than dt are caught up in later steps.
// The recorded h excludes the current input c (NEST's get_input__ returns h only). Binary targets add
// +w for a multiplicity-2 event and -w for a multiplicity-1 event (NEST's decoding of the doublet).
//
// What differs from NEST: random numbers come from the node's own Philox stream keyed by (seed, node
// id) and counted by the step (a uniform for the gain, then an exponential for the next interval): the
// update times and transitions match NEST in distribution, not draw for draw, and do not depend on the
// number of threads. NEST's S and h are read-only (setting them is an error there); here they can be
// set like any state. NEST refuses connections between binary and spiking neurons (IllegalConnection);
// the engine does not check signal types.

#include <array>
#include <cmath>
#include <optional>

#include "core/neuron_population.hpp"

namespace nestor::detail::binary_model {

/// State of every binary neuron.
struct S {
  enum : int { y, h, t_next, n };
};
inline constexpr std::array<state_spec, S::n> state{{
    {"S", 0.0, unit::none, "binary output state (0 or 1)"},
    {"h", 0.0, unit::mV, "summed input from binary neurons (current inputs not included)"},
    {"t_next", -1.0, unit::none, "time of the next update in tics of 1 us (-1: not drawn yet)", -1, false,
     false},
}};

// Channels: the binary events (+w up, -w down) and the current input, both on receptor port 0.
inline constexpr int n_channels = 2;
inline std::optional<port> spike_port(int receptor) {
  if (receptor != 0) return std::nullopt;
  return port{0, port_flags::binary};
}
inline std::optional<port> current_port(int receptor) {
  if (receptor != 0) return std::nullopt;
  return port{1, 0};
}

/// Constants every binary neuron needs: the mean interval (ms) and the step length (tics).
struct timing {
  double tau_m_ms;
  double tics_per_step;
};
inline timing make_timing(double tau_m, double dt) {
  return {tau_m, std::floor(1000.0 * dt + 0.5)};
}

/// An update interval x tau_m, x ~ Exp(1), converted to tics as NEST's Time::ms (rounded to the nearest
/// tic).
inline double draw_interval(philox_stream& g, const timing& t) {
  const double x = -std::log1p(-g.uniform());
  return std::floor(x * t.tau_m_ms * 1000.0 + 0.5);
}

/// The shared update: `gain(h, g)` decides the new state (drawing from g if it is stochastic). Returns
/// the multiplicity of the spike sent: 2 (0 -> 1), 1 (1 -> 0) or 0 (no change, no update).
template <class Gain>
unsigned update(srow s, const timing& t, inputs in, const node_rng* rng, const Gain& gain) {
  s[S::h] += in[0];
  const double c = in[1];
  if (rng == nullptr) return 0;  // never: every binary neuron draws its update times
  const double now = static_cast<double>(rng->step) * t.tics_per_step;
  if (s[S::t_next] >= 0.0 && !(now > s[S::t_next])) return 0;
  philox_stream g = rng->stream();
  if (s[S::t_next] < 0.0) {
    s[S::t_next] = draw_interval(g, t);
    if (!(now > s[S::t_next])) return 0;
  }
  const bool up = gain(s[S::h] + c, g);
  s[S::t_next] += draw_interval(g, t);
  const bool was_up = s[S::y] != 0.0;
  if (up == was_up) return 0;
  s[S::y] = up ? 1.0 : 0.0;
  return up ? 2u : 1u;
}

}  // namespace nestor::detail::binary_model
