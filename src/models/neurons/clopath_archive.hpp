#pragma once
// The postsynaptic history clopath_synapse reads (NEST 3.9's nestkernel/clopath_archiving_node.cpp), one
// per node, owned by the neuron population (aeif_psc_delta_clopath, hh_psc_alpha_clopath) and written by
// the model at the end of every step with the step's u = V_m and its filtered voltages:
//
// - u_bar_plus and u_bar_minus pass through a delay line of delay_u_bars (round(delay_u_bars / dt) + 1
//   slots, written before it is read; its slots start at 0 mV, so the first delay_u_bars read 0 mV);
// - LTP entry (t, A_LTP (u - theta_plus) (u_bar_plus' - theta_minus) dt) when u > theta_plus and the
//   delayed u_bar_plus' > theta_minus, appended to a list that is pruned as NEST prunes it: before an
//   append, leading entries read by all n_incoming plastic connections are dropped, keeping at least one;
// - LTD entry (t, dw) when the delayed u_bar_minus' > theta_minus, with dw = A_LTD (u_bar_minus' -
//   theta_minus), or A_LTD u_bar_bar^2 (u_bar_minus' - theta_minus) / u_ref_squared if A_LTD_const is
//   false, in NEST a ring of max_delay + 1 entries (NEST's max_delay in steps when the first simulation
//   starts): a synapse delivering a spike of time t finds only the last max_delay + 1 entries written
//   until the end of NEST's slice (min_delay steps) that holds t; entries of t - d older than that are
//   lost, as in NEST (which happens for spikes early in their slice when max_delay > one step). nestor's
//   slices may be longer than NEST's (NEST's min_delay counts its recorders' 1 ms connections): the
//   archive keeps enough entries to answer as NEST's ring at NEST's delivery time would;
// - nothing at all is written while no plastic connection is registered (n_incoming = 0), as NEST.
// Entries carry NEST's time of the step's end in ms (its tics divided by 1000, as NEST's Time::get_ms and
// the kernel's delivery compute it) and are compared as NEST compares them: an LTD entry is found within
// NEST's stdp_eps (1e-6 ms), the LTP history reads (t1, t2] shifted by 1e-6 ms. The archive is set up at
// the first simulation after creation or reset (NEST's init_buffers_), and kept across simulate() calls.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <deque>
#include <utility>
#include <vector>

namespace nestor::detail {

/// One history entry: time (ms), value, and how many plastic connections have read it.
struct history_entry {
  double t;
  double dw;
  std::uint32_t reads;
};

/// NEST's time in ms of the end of the step with this stamp (steps * tics per step / 1000).
inline double stamp_ms(std::int64_t stamp, double dt) {
  const std::int64_t tics_per_step = std::max<std::int64_t>(1, std::llround(dt * 1000.0));
  return double(stamp * tics_per_step) / 1000.0;
}

/// NEST's reading of a history over (t1, t2] (archiving nodes' get_*_history): the entries from the
/// first with t - 1e-6 >= t1 up to the last with t - 1e-6 < t2, each counted as read once more.
template <class It>
std::pair<It, It> read_history(It it, It end, double t1, double t2) {
  while (it != end && it->t - 1.0e-6 < t1) ++it;
  const It first = it;
  for (; it != end && it->t - 1.0e-6 < t2; ++it) ++it->reads;
  return {first, it};
}

/// The Clopath rule's parameters, neuron parameters in NEST (ClopathArchivingNode's status).
struct clopath_rule {
  double A_LTD, A_LTP, u_ref_squared, theta_plus, theta_minus;
  bool A_LTD_const;
};

class clopath_archive {
 public:
  using iterator = std::deque<history_entry>::iterator;

  bool ready() const { return !delayed_plus_.empty(); }
  /// NEST's init_clopath_buffers: a delay line of delay_steps + 1 slots at 0 mV, an empty LTD ring of
  /// NEST's max_delay + 1 entries and an empty LTP history; NEST's slices are nest_slice steps long, ours
  /// slice steps (dt in ms).
  void init(std::int64_t delay_steps, std::int64_t nest_slice, std::int64_t nest_max_delay,
            std::int64_t slice, double dt);
  /// Back to the state after creation (NEST's init_buffers_ at the next simulation); keeps n_incoming.
  void clear();

  /// A plastic connection into this node was made (NEST's register_stdp_connection: n_incoming + 1).
  void register_connection() { ++n_incoming_; }
  std::uint32_t n_incoming() const { return n_incoming_; }

  /// The end of one step (stamp = step + 1) with u = V_m and the filtered voltages.
  void write(std::int64_t stamp, double dt, double u, double u_bar_plus, double u_bar_minus, double u_bar_bar,
             const clopath_rule& r);

  /// NEST's get_LTD_value for a spike of time t_spike: the LTD entry at time t (ms) in NEST's ring when
  /// NEST delivers that spike, or 0.
  double ltd_value(double t, double t_spike) const;
  /// NEST's get_LTP_history: the LTP entries in (t1, t2] (ms), each counted as read once more.
  std::pair<iterator, iterator> ltp_history(double t1, double t2) {
    return read_history(ltp_.begin(), ltp_.end(), t1, t2);
  }

  // For tests and inspection.
  const std::deque<history_entry>& ltp() const { return ltp_; }
  const std::deque<history_entry>& ltd() const { return ltd_; }

 private:
  std::vector<double> delayed_plus_, delayed_minus_;
  std::size_t delayed_idx_ = 0;
  std::deque<history_entry> ltd_;  // the last ring_ + slice LTD entries written, oldest first
  std::size_t ring_ = 1, keep_ = 1;
  std::int64_t nest_slice_ = 1;
  double dt_ = 0.1;
  std::deque<history_entry> ltp_;
  std::uint32_t n_incoming_ = 0;
};

}  // namespace nestor::detail
