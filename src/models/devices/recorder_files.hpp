#pragma once
// A recorder's choice of where its data goes (NEST's record_to: "memory", "ascii" or "sonata") and the
// file it writes, with NEST's recorder parameters for files: label, file_extension (and, in the
// recorder's scalar table, precision and time_in_steps). The Simulator's data_path, data_prefix and
// overwrite_files (NEST's kernel properties) arrive with the run (run_info::files).
//
// A file is opened when a run starts (refused if it exists and overwrite_files is off), kept across
// simulate calls and written as the run goes; a change of any file setting (record_to, label, the
// Simulator's data_path, ...) starts a new file at the next run; reset() closes it, so that a run after
// a reset writes a new file.

#include <memory>
#include <string>
#include <vector>

#include "core/population.hpp"
#include "io/recording_file.hpp"

namespace nestor::detail {

class recorder_files {
 public:
  /// Appends record_to, label, file_extension and filenames to a recorder's description.
  static void describe(model_description& d);
  /// Handles the non-scalar file parameters; false if `name` is not one of them.
  bool set(const std::string& model, const std::string& name, const value& v);
  bool get(std::string_view name, value& out) const;

  /// Opens (or keeps) the file for a run; memory recording closes any file.
  void prepare(const run_info& run, std::uint32_t gid, recording_layout layout);
  /// True if this run writes a file (then the recorder keeps nothing in memory).
  bool active() const { return active_; }
  recording_file& file() { return *file_; }
  /// The run ended or failed: data reaches the disk (HDF5 files are closed until the next run).
  void end_run();
  /// Closes the file (reset: the next run writes a new one).
  void close();

 private:
  std::string record_to_ = "memory", label_, extension_ = "dat";
  bool active_ = false;
  std::string key_;               // the settings the open file was made with
  std::size_t opened_nodes_ = 1;  // nodes in the network when it was opened (its name pads node ids to them)
  std::unique_ptr<recording_file> file_;
};

}  // namespace nestor::detail
