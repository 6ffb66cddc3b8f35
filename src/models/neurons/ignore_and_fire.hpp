#pragma once
// ignore_and_fire: fires at a fixed rate, ignoring its inputs (NEST 3.9, models/ignore_and_fire.{h,cpp};
// used to benchmark connectivity and communication with a predictable spike load).
//
// The firing period is 1/rate and `phase` (0 < phase <= 1) the time to the first spike in periods, both
// converted to steps as NEST does (nest_time.hpp): P = steps(1000/rate ms), n0 = steps(1000 phase/rate
// ms). A counter starts at n0 and counts down once per step; a step that finds it at 0 fires and sets it
// to P - 1. Spikes are therefore at (n0 + 1 + k P) dt, k = 0, 1, ... Spikes and currents (port 0) are
// accepted and discarded. No recordables.
//
// NEST recomputes the counter whenever the node's status is set. nestor cannot change state when
// parameters are set, so the counter restarts at n0 when the update first sees a (rate, phase) pair
// other than the one it started from: changing either between simulate() calls restarts it as in NEST,
// setting them to the values they already have does not (NEST restarts it then too).

#include <array>
#include <optional>

#include "core/neuron_population.hpp"

namespace nestor::detail {

struct ignore_and_fire {
  static constexpr std::string_view name = "ignore_and_fire";

  struct P {
    enum : int { phase, rate, n };
  };
  static constexpr std::array<param_spec, P::n> params{{
      {"phase", 1.0, unit::none, check::any, "time to the next spike in periods (0 < phase <= 1)"},
      {"rate", 10.0, unit::Hz, check::positive, "firing rate (1/s)"},
  }};

  struct S {
    enum : int { countdown, rate_in_use, phase_in_use, n };
  };
  static constexpr std::array<state_spec, S::n> state{{
      {"countdown", 0.0, unit::none, "steps until the next spike", -1, false, false},
      {"rate_in_use", 0.0, unit::Hz, "the rate the countdown was started from (0: not started)", -1, false,
       false},
      {"phase_in_use", 0.0, unit::none, "the phase the countdown was started from", -1, false, false},
  }};

  // One input channel for spikes and currents, both discarded.
  static constexpr int n_channels = 1;
  static std::optional<port> spike_port(int receptor) {
    if (receptor != 0) return std::nullopt;
    return port{0, discard};
  }
  static std::optional<port> current_port(int receptor) {
    if (receptor != 0) return std::nullopt;
    return port{0, discard};
  }

  static void validate(const prow<ignore_and_fire>& p);

  struct derived {
    double rate, phase;
    double period_steps, phase_steps;
  };
  static derived prepare(const prow<ignore_and_fire>& p, double dt);

  static unsigned update(srow s, const derived& d, inputs) {
    if (s[S::rate_in_use] != d.rate || s[S::phase_in_use] != d.phase) {
      s[S::countdown] = d.phase_steps;
      s[S::rate_in_use] = d.rate;
      s[S::phase_in_use] = d.phase;
    }
    if (s[S::countdown] == 0.0) {
      s[S::countdown] = d.period_steps - 1.0;
      return 1;
    }
    s[S::countdown] -= 1.0;
    return 0;
  }
};

}  // namespace nestor::detail
