#pragma once
// What one simulate() call recorded. Samples and spikes of the call only; values in NEST units
// (times in ms, each recordable in its own unit, listed by Result::unit_of).
//
// One recorder_record per recorder node; Python's Result.events(rec) (NEST's rec.events) and
// Result.save/load are built from the record alone, so a new recorder only fills a record:
//  - analog recorders (multimeter, voltmeter): analog = true, vars/units/nodes/sample_times/data;
//    events: "senders", "times" and one entry per var, flattened in NEST's order.
//  - spike_recorder: senders + spike_times (ms) and n_watched; events: "senders", "times".
//  - any other recorder: its data as named arrays under NEST's names in `arrays` (weight_recorder:
//    senders, targets, times, weights, receptors, ...; correlation detectors: histogram, n_events, ...),
//    each with its shape (empty: 1-D) and NEST unit ("1": none). events: every array; "times" and
//    arrays with a unit become quantities, ids and counts (senders, targets, receptors, ports, rports,
//    n_events, count_* ...: see INTEGER_ARRAYS in python/nestor/result.py) int64 arrays.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "nestor/node_collection.hpp"

namespace nestor {

/// A named array of a recorder's data (row-major), in NEST units (`unit`: NEST's unit name, "1" for none).
struct named_array {
  std::vector<double> data;
  std::vector<std::size_t> shape;
  std::string unit = "1";
};

/// The recordings of one recorder node during one simulate() call.
struct recorder_record {
  std::string model;
  bool analog = false;
  // analog recorders (voltmeter, multimeter)
  std::vector<std::string> vars;          ///< record_from
  std::vector<std::string> units;         ///< NEST unit of each var
  std::vector<std::int64_t> nodes;        ///< recorded node ids, one column each
  std::vector<double> sample_times;       ///< ms
  std::vector<std::vector<double>> data;  ///< per var: samples x nodes, row-major
  // spike recorders
  std::vector<std::int64_t> senders;
  std::vector<double> spike_times;  ///< ms
  std::size_t n_watched = 0;        ///< nodes the spike recorder observes
  // other recorders (weight_recorder, spin_detector: events; correlation detectors: their status), by
  // NEST's names: senders, targets, times, weights, ... / histogram, count_histogram, n_events, ...
  std::map<std::string, named_array> arrays;
};

/// Wall-clock seconds the simulate() call spent in each phase of its slice loop (kernel.cpp), summed
/// over slices: the figures behind a benchmark's simulate time.
struct phase_times {
  double gap = 0.0;      ///< gap junctions: the waveform relaxation (networks with gap junctions only)
  double update = 0.0;   ///< nodes advance and each thread orders its events (parallel)
  double order = 0.0;    ///< the threads' events merged (serial)
  double deliver = 0.0;  ///< spike recorders take the spikes, events go through the connections (parallel)
  std::vector<double> deliver_busy;  ///< per thread: its time in the deliver phase (the rest: waiting)
};

struct result_data {
  double dt = 0.0;
  double t_begin = 0.0, t_end = 0.0;  ///< ms
  /// ms: NEST's min_delay for this network (the smallest synaptic delay, at most the 1 ms default
  /// delay NEST's recorder connections carry); NEST hands a multimeter its samples once per slice
  double min_delay = 0.0;
  std::vector<double> times;  ///< end-of-step times of the call, ms
  std::map<std::int64_t, recorder_record> recorders;
  phase_times phases;
};

/// A 2-D view (samples x nodes) of one recorded variable.
struct trace {
  const double* data;
  std::size_t rows, cols;
  std::string unit;
  double operator()(std::size_t r, std::size_t c) const { return data[r * cols + c]; }
};

struct spike_list {
  const std::vector<std::int64_t>& senders;
  const std::vector<double>& times;  ///< ms
};

class Result {
 public:
  explicit Result(std::shared_ptr<const result_data> d) : d_(std::move(d)) {}

  const std::vector<double>& times() const { return d_->times; }  ///< ms
  double duration() const { return d_->t_end - d_->t_begin; }     ///< ms
  const std::vector<double>& sample_times(const NodeCollection& recorder) const;
  trace get_trace(const NodeCollection& recorder, const std::string& var) const;
  spike_list spikes(const NodeCollection& recorder) const;
  /// A named array of a weight_recorder / spin_detector (events) or correlation detector (status).
  const named_array& array(const NodeCollection& recorder, const std::string& name) const;
  std::size_t n_events(const NodeCollection& recorder) const;
  /// Spikes per second per observed node over the call's duration.
  double rate(const NodeCollection& recorder) const;

  const recorder_record& record(std::int64_t recorder_id) const;
  const std::shared_ptr<const result_data>& data() const { return d_; }
  const phase_times& phases() const { return d_->phases; }

 private:
  const recorder_record& single(const NodeCollection& recorder) const;
  std::shared_ptr<const result_data> d_;
};

}  // namespace nestor
