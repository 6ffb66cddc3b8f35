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
//   false, in a ring of max_delay + 1 entries (max_delay: the network's largest delay in steps when the
//   first simulation starts), so that only the last max_delay + 1 entries written can be found;
// - nothing at all is written while no plastic connection is registered (n_incoming = 0), as NEST.
// Times are stamps in steps (the end of the step, NEST's t = (origin + lag + 1) dt); NEST compares times
// in ms to within 1e-6 ms, which on the grid is the same as comparing stamps. The archive is set up at the
// first simulation after creation or reset (NEST's init_buffers_), and kept across simulate() calls.

#include <cstdint>
#include <deque>
#include <utility>
#include <vector>

namespace nestor::detail {

/// One history entry: stamp (steps), value, and how many plastic connections have read it.
struct history_entry {
  std::int64_t stamp;
  double dw;
  std::uint32_t reads;
};

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
  /// max_delay + 1 entries and an empty LTP history.
  void init(std::int64_t delay_steps, std::int64_t max_delay_steps);
  /// Back to the state after creation (NEST's init_buffers_ at the next simulation); keeps n_incoming.
  void clear();

  /// A plastic connection into this node was made (NEST's register_stdp_connection: n_incoming + 1).
  void register_connection() { ++n_incoming_; }
  std::uint32_t n_incoming() const { return n_incoming_; }

  /// The end of one step (stamp = step + 1) with u = V_m and the filtered voltages.
  void write(std::int64_t stamp, double dt, double u, double u_bar_plus, double u_bar_minus, double u_bar_bar,
             const clopath_rule& r);

  /// NEST's get_LTD_value: the LTD entry with this stamp in the ring, or 0.
  double ltd_value(std::int64_t stamp) const;
  /// NEST's get_LTP_history: the LTP entries with t1 < stamp <= t2, each counted as read once more.
  std::pair<iterator, iterator> ltp_history(std::int64_t t1, std::int64_t t2);

  // For tests and inspection.
  const std::deque<history_entry>& ltp() const { return ltp_; }
  const std::vector<history_entry>& ltd() const { return ltd_; }

 private:
  std::vector<double> delayed_plus_, delayed_minus_;
  std::size_t delayed_idx_ = 0;
  std::vector<history_entry> ltd_;
  std::size_t ltd_next_ = 0;
  std::deque<history_entry> ltp_;
  std::uint32_t n_incoming_ = 0;
};

}  // namespace nestor::detail
