#pragma once
// The postsynaptic spike history that spike-timing-dependent synapses read (NEST's ArchivingNode).
//
// A neuron that is the target of such a synapse keeps its spike times since the oldest spike one of its
// incoming synapses may still ask for, each with the value of its two depression traces just after the
// spike: K- (time constant tau_minus) and the triplet trace (tau_minus_triplet), both jumping by 1 at a
// spike. The nearest-neighbour trace (set to 1 at a spike) follows from the last spike time alone.
// A synapse reads, at its presynaptic spike t, the postsynaptic spikes in (t_last - d, t - d]
// (d: its dendritic delay) and the traces at t - d. Entries every incoming synapse has read, older than
// the longest dendritic delay, are dropped at the next spike, as NEST does; the comparisons use NEST's
// stdp_eps (1e-6 ms) so that spikes at equal times compare as NEST's do.
//
// One history belongs to one neuron and is read and written only by the thread that owns the neuron.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <deque>

namespace nestor::detail {

class spike_history {
 public:
  static constexpr double eps = 1e-6;  ///< ms; NEST's stdp_eps
  struct entry {
    double t;  ///< spike time (ms)
    double Kminus, Kminus_triplet;
    std::uint32_t access = 0;  ///< how many incoming synapses have read it
  };
  using iterator = std::deque<entry>::iterator;

  /// The target's time constants, and the length of the kernel's slices (ms): spikes of one slice are
  /// archived before any of that slice's presynaptic spikes are delivered, so an entry is kept until a
  /// spike more than the longest dendritic delay plus a slice later exists (NEST: + its min_delay).
  void set_taus(double tau_minus, double tau_minus_triplet, double slice_ms) {
    tau_minus_inv_ = 1.0 / tau_minus;
    tau_triplet_inv_ = 1.0 / tau_minus_triplet;
    slice_ms_ = slice_ms;
  }

  /// A synapse that will first read the history from t_first_read on was connected: entries before
  /// count as read by it (NEST's register_stdp_connection).
  void register_connection(double t_first_read, double dendritic_delay) {
    for (auto it = h_.begin(); it != h_.end() && t_first_read - it->t > -eps; ++it) ++it->access;
    ++n_incoming_;
    max_delay_ = std::max(max_delay_, dendritic_delay);
  }

  /// The neuron spiked at t (ms).
  void add_spike(double t) {
    if (n_incoming_ == 0) {
      last_spike_ = t;
      return;
    }
    while (h_.size() > 1 && h_.front().access >= n_incoming_ && t - h_[1].t > max_delay_ + slice_ms_ + eps)
      h_.pop_front();
    Kminus_ = Kminus_ * std::exp((last_spike_ - t) * tau_minus_inv_) + 1.0;
    Kminus_triplet_ = Kminus_triplet_ * std::exp((last_spike_ - t) * tau_triplet_inv_) + 1.0;
    last_spike_ = t;
    h_.push_back({t, Kminus_, Kminus_triplet_, 0});
  }

  /// The spikes in (t1, t2], each counted as read once more.
  std::pair<iterator, iterator> read(double t1, double t2) {
    auto it = h_.begin();
    while (it != h_.end() && t1 - it->t > -eps) ++it;
    const auto start = it;
    while (it != h_.end() && t2 - it->t > -eps) {
      ++it->access;
      ++it;
    }
    return {start, it};
  }

  /// K- at time t: from the last spike strictly before t (0 before any spike).
  double K_value(double t) const {
    for (auto it = h_.rbegin(); it != h_.rend(); ++it)
      if (t - it->t > eps) return it->Kminus * std::exp((it->t - t) * tau_minus_inv_);
    return 0.0;
  }
  /// K- and the triplet trace at time t.
  void K_values(double t, double& K, double& K_triplet) const {
    for (auto it = h_.rbegin(); it != h_.rend(); ++it)
      if (t - it->t > eps) {
        K = it->Kminus * std::exp((it->t - t) * tau_minus_inv_);
        K_triplet = it->Kminus_triplet * std::exp((it->t - t) * tau_triplet_inv_);
        return;
      }
    K = K_triplet = 0.0;
  }
  /// The nearest-neighbour trace at time t: exp(-(t - t_last)/tau_minus) with t_last the last spike
  /// strictly before t, a trace that is set to 1 (not increased by 1) at each spike; 0 before any spike
  /// (NEST's nearest_neighbor_K_value of get_K_values, read by the stdp_nn_* synapses).
  double nearest_K_value(double t) const {
    for (auto it = h_.rbegin(); it != h_.rend(); ++it)
      if (t - it->t > eps) return std::exp((it->t - t) * tau_minus_inv_);
    return 0.0;
  }
  double last_spike() const { return last_spike_; }  ///< ms; -1 before any spike
  std::size_t size() const { return h_.size(); }
  /// Back to no spikes (reset), keeping the registered connections.
  void clear() {
    h_.clear();
    Kminus_ = Kminus_triplet_ = 0.0;
    last_spike_ = -1.0;
  }

 private:
  std::deque<entry> h_;
  double Kminus_ = 0.0, Kminus_triplet_ = 0.0, last_spike_ = -1.0;
  double tau_minus_inv_ = 1.0 / 20.0, tau_triplet_inv_ = 1.0 / 110.0;
  std::uint32_t n_incoming_ = 0;
  double max_delay_ = 0.0;
  double slice_ms_ = 0.0;
};

}  // namespace nestor::detail
