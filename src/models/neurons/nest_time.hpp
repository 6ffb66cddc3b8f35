#pragma once
// NEST's conversion of a duration in ms to steps as done by Time(Time::ms(t)).get_steps(): t is first
// rounded to the nearest tic (1 tic = 1 us, NEST's default of 1000 tics per ms), then rounded *up* to a
// whole step. Models whose NEST source counts their refractory period this way use it (unlike
// round(t/dt), it gives 3 steps for 0.21 ms at dt = 0.1 ms). NEST 3.9: nestkernel/nest_time.h.

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/param_table.hpp"

namespace nestor::detail {

/// Steps in t >= 0 ms at step dt (ms), as NEST counts them (the tic rounding, then STEPS_PER_TIC as a
/// double factor, as NEST computes it).
inline std::int64_t nest_ms_to_steps(double t_ms, double dt_ms) {
  constexpr double tics_per_ms = 1000.0;
  const auto tics_per_step = static_cast<std::int64_t>(std::floor(tics_per_ms * dt_ms + 0.5));
  const auto tics = static_cast<std::int64_t>(t_ms * tics_per_ms + 0.5);
  return static_cast<std::int64_t>(static_cast<double>(tics + tics_per_step - 1) *
                                   (1.0 / static_cast<double>(tics_per_step)));
}

/// t_ref in steps as above; throws bad_value (naming the model's t_ref) if that is less than one step, as
/// NEST's pre_run_hook does ("Total refractory time must be at least one time step").
inline double nest_refractory_steps(std::string_view model, double t_ref, double dt_ms) {
  const std::int64_t n = nest_ms_to_steps(t_ref, dt_ms);
  if (n < 1)
    throw bad_value(std::string(model) + " parameter t_ref = " + format_number(t_ref) +
                    " ms: expected at least one time step (" + format_number(dt_ms) +
                    " ms) after rounding to steps");
  return static_cast<double>(n);
}

}  // namespace nestor::detail
