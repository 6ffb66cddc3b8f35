#pragma once
// The recorders of the foundation: multimeter (and voltmeter, a multimeter recording V_m) and
// spike_recorder. They read populations during the run and hand their data to the Result.
//
// Sampling follows NEST 3.9 (nestkernel/universal_data_logger_impl.h): a sample is the state after a
// step's update, stamped with the step's end; stamps are the multiples of interval (or offset + k
// interval when offset > 0), kept when origin+start < stamp <= origin+stop. Our default interval is dt.

#include <cstdint>
#include <vector>

#include "models/devices/device_base.hpp"
#include "models/devices/recorder_files.hpp"
#include "nestor/result.hpp"

namespace nestor::detail {

class multimeter final : public device_base {
 public:
  multimeter(std::uint32_t first, std::size_t n, double dt, bool voltmeter);
  /// Writing to a file: thread 0 writes the rows completed before this slice.
  void update(std::int64_t from, std::int64_t, update_context& ctx) override;
  void reset() override { files_.close(); }

  /// Adds nodes of `pop` to record from (checked against record_from).
  void observe(population& pop, std::size_t local);
  /// Builds the taps on the observed populations and allocates this call's sample rows.
  void prepare(const run_info& run) override;
  void sample(std::int64_t step, const population& pop, const analog_tap& tap);
  recorder_record finish(std::int64_t gid);
  /// A run failed after step `now`: the rows up to it go to the file, which is closed.
  void abort_run(std::int64_t now);
  const std::vector<std::string>& record_from() const { return record_from_; }

  enum : int { INTERVAL = N_WINDOW, OFFSET, PRECISION, TIME_IN_STEPS };

 protected:
  bool set_extra(std::size_t i, const std::string& name, const value& v) override;
  bool get_extra(std::size_t i, std::string_view name, value& out) const override;
  void validate(const std::vector<double>& row) const override;

 private:
  void check_recordables(const population& pop) const;
  std::vector<std::string> units() const;
  /// Writes the rows with stamps <= `upto` not written yet.
  void write_rows(std::int64_t upto);
  std::vector<std::string> record_from_;
  recorder_files files_;
  std::int64_t written_ = 0;  // rows of this call already in the file
  std::int64_t ring_ = 1;     // rows held in data_ (row r of the call is at r % ring_)
  std::vector<std::pair<population*, std::uint32_t>> observed_;
  // this call's sample grid: stamps first_, first_ + every_, ..., n_rows_ of them
  std::int64_t first_ = 0, every_ = 1, n_rows_ = 0;
  std::vector<std::vector<double>> data_;
};

class spike_recorder final : public device_base {
 public:
  spike_recorder(std::uint32_t first, std::size_t n, double dt);
  void update(std::int64_t, std::int64_t, update_context&) override {}
  void reset() override { files_.close(); }
  void observe(std::uint32_t gid);
  void prepare(const run_info& run) override;
  /// The slice's spikes are recorded in `parts` pieces, each by its own thread (set before a run).
  void set_parts(int parts);
  /// Records spikes [lo, hi) of one slice's spikes (ordered by step, then sender) as piece `part`.
  /// Every part is called once per slice; different parts may be called concurrently.
  void collect(const std::vector<spike_event>& spikes, std::size_t lo, std::size_t hi, int part);
  /// All spikes of the run in the slices' order.
  recorder_record finish();
  /// A run failed: what was collected reaches the file, which is closed.
  void abort_run() { files_.end_run(); }

  enum : int { PRECISION = N_WINDOW, TIME_IN_STEPS };

 protected:
  bool set_extra(std::size_t i, const std::string& name, const value& v) override;
  bool get_extra(std::size_t i, std::string_view name, value& out) const override;

 private:
  void collect_to_file(const std::vector<spike_event>& spikes);
  /// A spike this recorder keeps: from a watched node, stamped (step + 1) within the window.
  bool takes(const spike_event& e) const {
    const std::int64_t stamp = e.step + 1;
    return e.gid < watched_.size() && watched_[e.gid] && lo_ < stamp && stamp <= hi_;
  }
  recorder_files files_;
  std::vector<spike_entry> entries_;  // a slice's spikes for the file
  std::vector<char> watched_;         // by node id
  std::size_t n_watched_ = 0;
  std::int64_t lo_ = 0, hi_ = 0;
  struct piece {
    std::vector<std::int64_t> senders;
    std::vector<double> times;
    std::vector<std::size_t> slice_end;  // size of senders after each slice
  };
  std::vector<piece> pieces_;
};

}  // namespace nestor::detail
