#pragma once
// Shared machinery of the precise-timing integrate-and-fire models (iaf_psc_*_ps), following NEST 3.9
// (nestkernel/slice_ring_buffer, libnestutil/regula_falsi.h):
//   - ps_event_queue: a node's input spikes of one step, earliest first, merged with the pseudo-event
//     "end of the refractory period" (which comes first when it coincides with a spike); simultaneous
//     spikes (equal offsets) are summed when asked to (iaf_psc_delta_ps), else delivered one by one.
//   - ps_refractory_steps: t_ref in whole steps, rounded down (NEST's Time(ms).get_steps()).
//   - ps_regula_falsi: the Illinois variant of regula falsi NEST uses to locate a threshold crossing.
// Offsets are measured backwards from the end of the step: h at its start, 0 at its end.

#include <cmath>
#include <string>
#include <string_view>

#include "core/neuron_population.hpp"
#include "core/param_table.hpp"

namespace nestor::detail {

struct ps_event {
  double offset;
  double weight;
  bool end_of_refract;
};

class ps_event_queue {
 public:
  ps_event_queue(precise_events ev, bool refract_due, double refract_offset, bool accumulate)
      : it_(ev.begin()),
        end_(ev.end()),
        refract_(refract_due),
        refract_offset_(refract_offset),
        accumulate_(accumulate) {}

  bool next(ps_event& e) {
    if (refract_ && (it_ == end_ || refract_offset_ >= it_->offset)) {
      refract_ = false;
      e = {refract_offset_, 0.0, true};
      return true;
    }
    if (it_ == end_) return false;
    e = {it_->offset, it_->weight, false};
    ++it_;
    if (accumulate_)
      while (it_ != end_ && it_->offset == e.offset) e.weight += (it_++)->weight;
    return true;
  }

 private:
  const precise_input* it_;
  const precise_input* end_;
  bool refract_;
  double refract_offset_;
  bool accumulate_;
};

/// t_ref in whole steps of h, rounded down (a value within rounding error of an integer counts as it).
inline double ps_refractory_steps(double t_ref, double h) {
  const double r = t_ref / h;
  const double n = std::round(r);
  return std::abs(r - n) <= 1e-9 * std::max(1.0, std::abs(r)) ? n : std::floor(r);
}

/// Throws bad_value unless t_ref spans at least one step (NEST checks this against the resolution).
inline void ps_check_refractory(std::string_view model, double t_ref, double h) {
  if (ps_refractory_steps(t_ref, h) < 1.0)
    throw bad_value(std::string(model) + " parameter t_ref = " + format_number(t_ref) +
                    " ms: expected at least one time step (" + format_number(h) + " ms)");
}

/// Throws bad_value unless V_reset >= V_min (both relative to E_L).
inline void ps_check_reset_above_min(std::string_view model, double V_reset_rel, double V_min_rel,
                                     double E_L) {
  if (V_reset_rel < V_min_rel)
    throw bad_value(
        std::string(model) + " parameter V_reset = " + format_number(V_reset_rel + E_L) +
        " mV: expected a value greater than or equal to V_min = " + format_number(V_min_rel + E_L) + " mV");
}

/// The time in (0, dt] at which dist(t) (threshold distance, negative at 0, >= 0 at dt) crosses zero.
template <class F>
double ps_regula_falsi(F dist, double dt, std::string_view model) {
  double a = 0.0, b = dt;
  double fa = dist(a), fb = dist(b);
  if (fa * fb > 0)
    throw numerical_error(std::string(model) + ": time step too short to reach the threshold (regula falsi)");
  double root = b;
  int side = 0;
  for (int iter = 0; iter < 500; ++iter) {
    root = (a * fb - b * fa) / (fb - fa);
    const double fr = dist(root);
    if (std::abs(fr) < 1e-14) break;
    if (fa * fr > 0.0) {
      a = root;
      fa = fr;
      if (side == 1) fb /= 2;
      side = 1;
    } else if (fb * fr > 0.0) {
      b = root;
      fb = fr;
      if (side == -1) fa /= 2;
      side = -1;
    } else {
      throw numerical_error(std::string(model) + ": regula falsi did not converge");
    }
  }
  return root;
}

}  // namespace nestor::detail
