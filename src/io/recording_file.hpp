#pragma once
// Recording to files (a recorder's record_to = "ascii" or "sonata"). A recorder hands its data to a
// recording_file once per slice (never once per event); the file keeps it on disk as the run goes, so
// that a run that stops with an error leaves what was recorded up to then readable.
//
// Where files go follows NEST's kernel properties data_path, data_prefix and overwrite_files, which
// nestor keeps per Simulator (file_options); a file is named as NEST's ASCII backend names it:
//   <data_path>/<data_prefix><label, or the model name>-<node id>-<vp>.<extension>
// with the node id zero-padded to the digits of the number of nodes and the vp to the digits of the
// number of threads. nestor writes one file per recorder (NEST one per recorder and thread): its vp is 0.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace nestor::detail {

/// The Simulator's file settings (NEST's kernel properties of the same names).
struct file_options {
  std::string data_path;    ///< directory of the files ("": the working directory)
  std::string data_prefix;  ///< put before every file name
  bool overwrite_files = false;
  std::size_t n_nodes = 1;  ///< nodes in the network when the run starts (pads node ids in file names)
  int threads = 1;
};

/// Checks a data_path (an existing directory) and a data_prefix (no '/'), throwing bad_value.
void check_data_path(const std::string& path);
void check_data_prefix(const std::string& prefix);

/// NEST's file name of a recorder's file.
std::string recording_file_name(const file_options& o, const std::string& label, std::uint32_t gid,
                                const std::string& extension);

/// Throws file_error if `path` exists and overwriting is off (NEST's IOError), naming the file and
/// what to change.
void check_new_file(const std::string& path, bool overwrite);

/// One spike as a file receives it: sender, stamp (the step count at the end of its step) and offset
/// (ms before the stamp; 0 for grid spikes).
struct spike_entry {
  std::int64_t sender;
  std::int64_t stamp;
  double offset;
};

class recording_file {
 public:
  virtual ~recording_file() = default;
  const std::string& path() const { return path_; }
  /// A run starts: the file is (re)opened if it was closed.
  virtual void begin_run() {}
  /// The spikes of one slice, in time order.
  virtual void write_spikes(const std::vector<spike_entry>& spikes) = 0;
  /// n_rows rows of samples at stamps first, first + every, ...: var v of column c (the layout's
  /// nodes) in row r is vars[v][r * columns + c].
  virtual void write_samples(std::int64_t first, std::int64_t every, std::size_t n_rows,
                             const std::vector<const double*>& vars) = 0;
  /// The run ended (or failed): everything written reaches the disk; an HDF5 file is closed.
  virtual void end_run() = 0;

 protected:
  explicit recording_file(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

/// What a recorder records, for the file's header or layout.
struct recording_layout {
  std::string model;                     ///< the recorder's model name
  bool analog = false;                   ///< samples (multimeter) rather than spikes
  std::vector<std::string> value_names;  ///< the recorded variables (multimeter), none for spikes
  std::vector<std::string> value_units;  ///< their units
  std::vector<std::int64_t> nodes;       ///< the recorded nodes (multimeter columns)
  double dt = 0.1;                       ///< ms
  int precision = 3;                     ///< ascii: digits after the decimal point
  bool time_in_steps = false;            ///< ascii: time as step and offset
  std::string population;                ///< sonata: the population's name
};

std::unique_ptr<recording_file> open_ascii_file(const std::string& path, const recording_layout& layout,
                                                bool overwrite);
std::unique_ptr<recording_file> open_sonata_file(const std::string& path, const recording_layout& layout,
                                                 bool overwrite);

}  // namespace nestor::detail
