#pragma once
// The postsynaptic history urbanczik_synapse reads (NEST 3.9's nestkernel/urbanczik_archiving_node*.h), one
// per node, owned by the neuron population (pp_cond_exp_mc_urbanczik) and written by the model at the end
// of every step: the dendritic prediction error of that step,
//
//   V_W* = (E_L.s g_L.s + V_W g_sp) / (g_sp + g_L.s)          (V_W: the dendrite's V_m.p)
//   dPI  = (n_spikes - phi(V_W*) dt) h(V_W*)
//   phi(u) = phi_max / (1 + rate_slope exp(beta (theta - u)))                 (1/ms)
//   h(u)   = 15 beta / (1 + exp(-beta (theta - u)) / rate_slope)
//
// appended as (t, dPI) to a list pruned as NEST prunes it (before an append, leading entries read by all
// n_incoming plastic connections are dropped, keeping at least one); nothing is written while no plastic
// connection is registered. The archive also carries the dendrite's constants the synapse needs (NEST's
// get_C_m, get_g_L, get_tau_L, get_tau_syn_ex, get_tau_syn_in for compartment 1), refreshed when a
// simulation starts. Times in ms and their comparisons as in clopath_archive.hpp.

#include <cmath>
#include <cstdint>
#include <deque>
#include <utility>

#include "models/neurons/clopath_archive.hpp"  // history_entry

namespace nestor::detail {

/// What the history's values depend on (the model's parameters).
struct urbanczik_rule {
  double phi_max, rate_slope, beta, theta;
  double g_sp, g_L_soma, E_L_soma;
  double phi(double u) const { return phi_max / (1.0 + rate_slope * std::exp(beta * (theta - u))); }
  double h(double u) const {
    return 15.0 * beta / (1.0 + (1.0 / rate_slope) * std::exp(-beta * (theta - u)));
  }
};

/// The dendrite's constants as the synapse reads them.
struct urbanczik_dendrite {
  double C_m, g_L, tau_syn_ex, tau_syn_in;
  double tau_L() const { return C_m / g_L; }
};

class urbanczik_archive {
 public:
  using iterator = std::deque<history_entry>::iterator;

  /// Refreshes the dendrite's constants (every simulation start).
  void set_dendrite(const urbanczik_dendrite& d) { dendrite_ = d; }
  const urbanczik_dendrite& dendrite() const { return dendrite_; }
  /// Back to the state after creation; keeps n_incoming.
  void clear() { hist_.clear(); }

  void register_connection() { ++n_incoming_; }
  std::uint32_t n_incoming() const { return n_incoming_; }

  /// The end of one step (stamp = step + 1): dendritic potential V_W and the step's spike count.
  void write(std::int64_t stamp, double dt, double V_W, unsigned n_spikes, const urbanczik_rule& r) {
    if (n_incoming_ == 0) return;
    const double V_star = (r.E_L_soma * r.g_L_soma + V_W * r.g_sp) / (r.g_sp + r.g_L_soma);
    while (hist_.size() > 1 && hist_.front().reads >= n_incoming_) hist_.pop_front();
    hist_.push_back({stamp_ms(stamp, dt), (double(n_spikes) - r.phi(V_star) * dt) * r.h(V_star), 0});
  }

  /// NEST's get_urbanczik_history: the entries in (t1, t2] (ms), each counted as read once more.
  std::pair<iterator, iterator> history(double t1, double t2) {
    return read_history(hist_.begin(), hist_.end(), t1, t2);
  }

  const std::deque<history_entry>& entries() const { return hist_; }

 private:
  std::deque<history_entry> hist_;
  urbanczik_dendrite dendrite_{};
  std::uint32_t n_incoming_ = 0;
};

}  // namespace nestor::detail
