#pragma once
// The weight update of NEST's clopath_synapse (models/clopath_synapse.h, NEST 3.9) on a presynaptic spike,
// reading the target's Clopath archive (models/neurons/clopath_archive.hpp):
//
//   for the LTP entries (t_e, dw) with t_last - d < t_e <= t - d:
//       w = min(w + dw x_bar exp((t_last - (t_e + d)) / tau_x), Wmax)
//   w = max(w - LTD(t - d), Wmin)                 (LTD(t): the archive's LTD entry at t, or 0)
//   the spike is sent with this w; then x_bar = x_bar exp((t_last - t) / tau_x) + 1/tau_x, t_last = t
//
// t: the spike's time stamp, d: the connection's (dendritic) delay; t_last starts at 0 ms, x_bar at 0.
// Times are kept in ms as NEST does; the archive is read by stamps (on the grid, the same entries).

#include <cmath>
#include <cstdint>

#include "models/neurons/clopath_archive.hpp"

namespace nestor::detail {

struct clopath_synapse_state {
  double x_bar = 0.0;
  double t_last = 0.0;  ///< ms
};

struct clopath_synapse_params {
  double tau_x = 15.0, Wmin = 0.0, Wmax = 100.0;
};

/// The new weight for a spike stamped `stamp` (steps) through a connection of delay d (steps).
inline double clopath_update(double w, clopath_synapse_state& st, const clopath_synapse_params& p,
                             clopath_archive& a, std::int64_t stamp, std::int64_t d, double dt) {
  const double t_spike = double(stamp) * dt, delay = double(d) * dt;
  const auto last = std::llround(st.t_last / dt);
  auto [it, end] = a.ltp_history(last - d, stamp - d);
  for (; it != end; ++it) {
    const double minus_dt = st.t_last - (double(it->stamp) * dt + delay);
    w += it->dw * st.x_bar * std::exp(minus_dt / p.tau_x);
    w = w < p.Wmax ? w : p.Wmax;
  }
  w -= a.ltd_value(stamp - d);
  w = w > p.Wmin ? w : p.Wmin;
  st.x_bar = st.x_bar * std::exp((st.t_last - t_spike) / p.tau_x) + 1.0 / p.tau_x;
  st.t_last = t_spike;
  return w;
}

}  // namespace nestor::detail
