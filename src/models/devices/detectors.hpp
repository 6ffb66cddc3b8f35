#pragma once
// Devices that observe spikes and compute from them, as NEST 3.9 (models/correlation_detector,
// correlomatrix_detector, correlospinmatrix_detector, spin_detector .h/.cpp):
//
// - They are connected like the spike_recorder, connect(neurons, device, receptor_type=port): the
//   device observes its senders; receptor_type chooses the input pool (NEST's rport), the connection's
//   weight weights the correlation counts (NEST uses e.get_weight() x multiplicity). Delays are ignored.
// - The kernel hands every device the spikes of each min_delay slice once, ordered by step and then
//   sender (NEST's delivery order with one thread); a sender connected twice is handled twice, in the
//   order the connections were made. Only spikes stamped in the device's window origin + start < t <=
//   origin + stop are seen (NEST's is_active).
// - correlation_detector / correlomatrix_detector / correlospinmatrix_detector keep NEST's state across
//   simulate() calls (GetStatus is cumulative) until sim.reset() or a change of delta_tau, tau_max,
//   Tstart, Tstop or N_channels (NEST's reset on set_status). Their Result entry holds that state at
//   the end of the call, under NEST's status names (histogram, count_histogram, covariance, ...).
// - spin_detector writes events (senders, times, state) per call, like the spike_recorder.

#include <cstdint>
#include <deque>
#include <string_view>
#include <vector>

#include "models/devices/device_base.hpp"
#include "nestor/result.hpp"

namespace nestor::detail {

/// A device the kernel gives the ordered spikes of every slice (see kernel::simulate) and asks for a
/// Result entry at the end of each call.
class spike_observer : public device_base {
 public:
  using device_base::device_base;
  void update(std::int64_t, std::int64_t, update_context&) override {}
  /// As device_base::set, and Tstop may be set to +inf (NEST's default: count for ever).
  void set(std::size_t i, const param_list& kv, bool initial) override;
  /// A connection from node `gid` (of population `src`) into `port` with weight `weight`.
  virtual void observe(const population& src, std::uint32_t gid, int port, double weight);
  void prepare(const run_info& run) override;
  /// Handles the spikes of one slice (ordered by step, then sender).
  void collect(const std::vector<spike_event>& spikes);
  virtual recorder_record finish() = 0;

 protected:
  virtual int n_ports() const = 0;
  /// true: the device takes NEST's binary events (binary neurons, spike_generator), false: spikes.
  virtual bool binary_input() const { return false; }
  /// One event of the active window: stamp (steps), sender, multiplicity, port, weight.
  virtual void handle(std::int64_t stamp, std::uint32_t gid, std::uint32_t mult, int port, double w,
                      double offset) = 0;
  virtual void end_slice() {}
  /// The first / last step stamp at or after / before `ms` (NEST compares Tstart <= stamp <= Tstop).
  std::int64_t first_stamp_from(double ms) const;
  std::int64_t last_stamp_until(double ms) const;
  /// True if kv sets one of `names`.
  static bool touches(const param_list& kv, std::initializer_list<std::string_view> names);
  /// Steps of delta_tau (a multiple of dt) and of tau_max (a multiple of delta_tau), checked.
  void check_lags(double delta_tau, double tau_max) const;
  std::int64_t steps(double ms) const { return static_cast<std::int64_t>(std::llround(ms / dt())); }

 private:
  std::vector<std::vector<std::pair<int, double>>> links_;  // by sender node id: (port, weight)
  std::int64_t lo_ = 0, hi_ = 0;
};

/// Histogram of t(port 1) - t(port 0) over all spike pairs (NEST's correlation_detector).
class correlation_detector final : public spike_observer {
 public:
  correlation_detector(std::uint32_t first, std::size_t n, double dt);
  void set(std::size_t i, const param_list& kv, bool initial) override;
  void prepare(const run_info& run) override;
  void reset() override { fresh_ = true; }
  recorder_record finish() override;
  enum : int { DELTA_TAU = N_WINDOW, TAU_MAX, TSTART, TSTOP };

 protected:
  int n_ports() const override { return 2; }
  void handle(std::int64_t stamp, std::uint32_t, std::uint32_t mult, int port, double w, double) override;
  void validate(const std::vector<double>& row) const override;
  /// n_events: read; setting it to [0, 0] clears the histograms (NEST).
  bool set_extra(std::size_t i, const std::string& name, const value& v) override;
  bool get_extra(std::size_t i, std::string_view name, value& out) const override;

 private:
  struct stored {
    std::int64_t step;
    double weight;  // multiplicity x weight
  };
  bool fresh_ = true;
  std::int64_t D_ = 1, T_ = 0, from_ = 0, to_ = 0;
  std::deque<stored> incoming_[2];
  std::vector<double> hist_, corr_, count_;
  double n_events_[2] = {0, 0};
};

/// Auto- and cross-covariances of N_channels pools for non-negative lags (NEST's correlomatrix_detector).
class correlomatrix_detector final : public spike_observer {
 public:
  correlomatrix_detector(std::uint32_t first, std::size_t n, double dt);
  void set(std::size_t i, const param_list& kv, bool initial) override;
  void prepare(const run_info& run) override;
  void reset() override { fresh_ = true; }
  recorder_record finish() override;
  enum : int { DELTA_TAU = N_WINDOW, TAU_MAX, TSTART, TSTOP, N_CHANNELS };

 protected:
  int n_ports() const override { return int(param(0, N_CHANNELS)); }
  void handle(std::int64_t stamp, std::uint32_t, std::uint32_t mult, int port, double w, double) override;
  void validate(const std::vector<double>& row) const override;

 private:
  struct stored {
    std::int64_t step;
    double weight;
    int port;
  };
  bool fresh_ = true;
  std::int64_t D_ = 1, T_ = 0, from_ = 0, to_ = 0;
  std::size_t N_ = 1, bins_ = 1;
  std::deque<stored> incoming_;
  std::vector<double> cov_, count_, n_events_;  // cov_/count_: N x N x bins
};

/// Count covariances of binary states of N_channels pools (NEST's correlospinmatrix_detector).
class correlospinmatrix_detector final : public spike_observer {
 public:
  correlospinmatrix_detector(std::uint32_t first, std::size_t n, double dt);
  void set(std::size_t i, const param_list& kv, bool initial) override;
  void prepare(const run_info& run) override;
  void reset() override { fresh_ = true; }
  recorder_record finish() override;
  enum : int { DELTA_TAU = N_WINDOW, TAU_MAX, TSTART, TSTOP, N_CHANNELS };

 protected:
  int n_ports() const override { return int(param(0, N_CHANNELS)); }
  bool binary_input() const override { return true; }
  void handle(std::int64_t stamp, std::uint32_t, std::uint32_t mult, int port, double, double) override;
  void validate(const std::vector<double>& row) const override;

 private:
  struct pulse {
    std::int64_t on, off;
    int port;
  };
  bool fresh_ = true;
  std::int64_t D_ = 1, T_ = 0;
  std::size_t N_ = 1, bins_ = 1;
  std::deque<pulse> incoming_;
  int last_i_ = 0;
  bool tentative_down_ = false;
  std::int64_t t_last_ = 0;
  bool have_last_ = false;  // t_last_ = -inf while false
  std::vector<char> on_;
  std::vector<std::int64_t> last_change_;
  std::vector<double> count_;  // N x N x bins
};

/// Binary state transitions (NEST's spin_detector): multiplicity 2 = up (state 1), multiplicity 1 =
/// down (state 0), two multiplicity-1 events of one sender in one step = up.
class spin_detector final : public spike_observer {
 public:
  spin_detector(std::uint32_t first, std::size_t n, double dt);
  recorder_record finish() override;
  void reset() override { pending_ = false; }

 protected:
  int n_ports() const override { return 1; }
  bool binary_input() const override { return true; }
  void handle(std::int64_t stamp, std::uint32_t gid, std::uint32_t mult, int, double, double offset) override;
  void end_slice() override;

 private:
  void write(std::int64_t stamp, double offset, std::uint32_t gid, int state);
  bool pending_ = false;  // NEST's last_in_node_id_ != 0
  std::uint32_t last_gid_ = 0;
  std::int64_t last_stamp_ = 0;
  double last_offset_ = 0.0;
  int last_state_ = 0;
  std::vector<double> senders_, times_, state_;
};

}  // namespace nestor::detail
