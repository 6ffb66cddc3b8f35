#pragma once
// NEST's conversion of a duration in ms to a number of steps, Time(Time::ms(t)).get_steps() in NEST 3.9
// (nestkernel/nest_time.h): t is rounded to the nearest tic (NEST's default 1000 tics per ms), and the
// tics are then rounded *up* to whole steps. For durations on the grid this is round(t/dt); off the grid
// it differs (2.04 ms at dt = 0.1 ms is 21 steps, not 20).

#include <cmath>
#include <cstdint>

namespace nestor::detail {

/// Steps in t >= 0 ms at step dt (ms), as NEST counts them.
inline std::int64_t nest_ms_to_steps(double t, double dt) {
  constexpr double tics_per_ms = 1000.0;
  const auto tics_per_step = static_cast<std::int64_t>(std::floor(tics_per_ms * dt + 0.5));
  const auto tics = static_cast<std::int64_t>(t * tics_per_ms + 0.5);
  return static_cast<std::int64_t>(static_cast<double>(tics + tics_per_step - 1) *
                                   (1.0 / static_cast<double>(tics_per_step)));
}

}  // namespace nestor::detail
