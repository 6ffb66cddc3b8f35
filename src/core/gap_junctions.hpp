#pragma once
// Gap junctions (NEST's gap_junction synapse) and the waveform relaxation (WFR) NEST solves them with.
//
// A gap junction of weight w (nS) from node j to node i adds w (V_j - V_i) to i's membrane current.
// As NEST 3.9 (models/gap_junction.h, nestkernel/simulation_manager.cpp update_(), the hh_*_gap models'
// update_ and handle(GapJunctionEvent)): nodes exchange their membrane potential once per min_delay
// slice as a waveform, per step of the slice a polynomial in t (the fraction of the step, 0..1) of
// order 0, 1 or 3 (wfr_interpolation_order), and a receiving node sees during the step
//   I_gap(t) = -sum_j w_j V_i(t) + sum_j w_j p_j(t)    (NEST's sumj_g_ij_ and interpolation_coefficients).
// - use_wfr = true (NEST's default): before the slice's update, every node of a gap model updates
//   tentatively over the whole slice (from its current state, which is kept, except the integrator's
//   step size, which NEST keeps in its buffers), with the waveforms received last; it sends its new
//   waveform (order 0: V at the step's start; 1: the line to V at its end; 3: the cubic Hermite
//   interpolant of V and dt dV/dt at both ends); the waveforms are delivered; this repeats until no
//   node's V at the end of any step moved by more than wfr_tol since the last iteration (the first
//   iteration compares with 0, so there are at least two) or wfr_max_iterations were made. The final
//   update then uses the last waveforms delivered.
// - use_wfr = false: no iteration; the slice uses the waveform every node sent after its previous
//   update: V at the end of the previous slice, held constant. NEST then communicates every step
//   (wfr_comm_interval = dt).
// - gap junctions count as connections of delay wfr_comm_interval for min_delay and max_delay.
// - the very first slice (t = 0) receives nothing (NEST delivers no events before its first slice).
// What differs from NEST: the constant waveform sent after a final update is V at the end of the slice;
// we read it from the node's state when the next slice begins, which is the same unless V_m is set
// between two simulate() calls. A run split within a slice continues with the waveforms the slice
// converged to (identical to an unsplit run; NEST iterates again from the middle of the slice, with
// nothing received). Hitting wfr_max_iterations is not reported (NEST logs a warning).

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "core/population.hpp"

namespace nestor::detail {

/// NEST's kernel properties of the waveform relaxation (defaults as NEST's).
struct wfr_settings {
  bool use_wfr = true;
  double comm_interval = 1.0;  ///< ms; dt when use_wfr is false
  double tol = 1e-4;           ///< mV
  long max_iterations = 15;
  int interpolation_order = 3;  ///< 0, 1 or 3
};

/// The gap current of one node during one step: NEST's -sumj_g_ij V + sum_k c_k t^k, t = time / dt.
struct gap_input {
  double sum_g;
  const double* c;  ///< order + 1 summed coefficients sum_j w_j c_jk
  int order;
  double current(double V, double t) const {
    switch (order) {
      case 0:
        return -sum_g * V + c[0];
      case 1:
        return -sum_g * V + c[0] + c[1] * t;
      default:
        return -sum_g * V + c[0] + c[1] * t + c[2] * t * t + c[3] * t * t * t;
    }
  }
};

/// The waveform of one step sent by a node, from V at its start and end (y0, y1) and dt dV/dt there
/// (hf0, hf1, order 3 only): order + 1 coefficients into c.
inline void gap_waveform(int order, double y0, double y1, double hf0, double hf1, double* c) {
  c[0] = y0;
  if (order == 1) c[1] = y1 - y0;
  if (order == 3) {
    c[1] = hf0;
    c[2] = -3 * y0 + 3 * y1 - 2 * hf0 - hf1;
    c[3] = 2 * y0 - 2 * y1 + hf0 + hf1;
  }
}

/// What the nodes of gap models see during a slice: the waveforms they received (per node and step of
/// the slice) and, during the relaxation, where they put what they send. Node g (a gap index) is
/// written only by the thread owning it.
class gap_exchange {
 public:
  static constexpr std::uint32_t none = 0xffffffffu;
  int order() const { return order_; }
  double tol() const { return tol_; }
  /// Gap index of a node (none if its model takes no gap junctions).
  std::uint32_t index(std::uint32_t gid) const { return gid < index_.size() ? index_[gid] : none; }
  gap_input input(std::uint32_t g, std::int64_t step) const {
    return {sum_g_[g], &recv_[(std::size_t(g) * L_ + std::size_t(step - slice_start_)) * K_], order_};
  }
  double* sent(std::uint32_t g, std::int64_t step) {
    return &sent_[(std::size_t(g) * L_ + std::size_t(step - slice_start_)) * K_];
  }
  /// V at the end of the step in the previous iteration (0 in the first); NEST's last_y_values.
  double& last_v(std::uint32_t g, std::int64_t step) {
    return last_v_[std::size_t(g) * L_ + std::size_t(step - slice_start_)];
  }

 private:
  friend class gap_junctions;
  int order_ = 3;
  std::size_t K_ = 4, L_ = 1;  // coefficients per step, steps per slice
  double tol_ = 1e-4;
  std::int64_t slice_start_ = 0;
  std::vector<std::uint32_t> index_;  // node id -> gap index
  std::vector<double> sent_, recv_, sum_g_, last_v_;
};

/// The gap junctions of one kernel: the connections, the exchange, and the slice loop's phase.
class gap_junctions {
 public:
  wfr_settings settings;

  /// One direction of a gap junction (connect makes both): source j's waveform reaches target i.
  void add(std::uint32_t source, std::uint32_t target, double weight);
  std::size_t size() const { return edges_.size(); }
  bool empty() const { return edges_.empty(); }
  /// wfr_comm_interval in steps: the delay gap junctions count with for min_delay / max_delay.
  std::int64_t comm_steps(double dt) const;

  /// Builds the exchange for a run whose slices are min_delay steps long.
  void prepare(const std::vector<std::unique_ptr<population>>& pops, int threads, std::int64_t min_delay);
  /// The exchange of the slice under way, null when the network has no gap junctions.
  const gap_exchange* exchange() const { return empty() ? nullptr : &ex_; }

  using thread_runner = std::function<void(const std::function<void(int)>&)>;
  using context_maker = std::function<update_context(int)>;
  /// The phase before the update of [now, stop): fills the waveforms the slice's nodes receive
  /// (the relaxation with use_wfr). Returns the number of iterations made.
  long relax(std::int64_t now, std::int64_t stop, const thread_runner& on_threads, const context_maker& ctx);
  /// Forgets what a previous run left (the kernel's reset()).
  void reset() { resume_at_ = -1; }

 private:
  struct edge {
    std::uint32_t source, target;
    double weight;
  };
  /// Incoming gap junctions of the nodes thread t owns, in connection order (compressed rows).
  struct inbox {
    std::vector<std::uint32_t> target, begin;  // targets (gap indices); row k spans [begin[k], begin[k+1])
    std::vector<std::uint32_t> source;         // gap indices
    std::vector<double> weight;
  };
  /// recv = sum_j w_j sent_j (and sum_g = sum_j w_j) for the targets thread t owns.
  void deliver(int t);
  /// Thread t's nodes send their V held constant over the slice (what NEST's final update sends).
  void send_constant(int t);

  std::vector<edge> edges_;
  std::vector<population*> pops_;           // the populations of gap models
  std::vector<inbox> in_;                   // per thread
  std::vector<std::uint32_t> first_index_;  // per entry of pops_: gap index of its first node
  gap_exchange ex_;
  std::int64_t resume_at_ = -1;  // the step a run stopped at within a converged slice, else -1
  std::size_t prepared_edges_ = 0;
};

}  // namespace nestor::detail
