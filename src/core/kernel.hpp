#pragma once
// The simulation kernel: owns the populations, the connections, the ring buffer and the clock of one
// Simulator. Everything hangs off this object; two kernels never share state.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "connect/connection_store.hpp"
#include "core/gap_junctions.hpp"
#include "core/model_registry.hpp"
#include "core/population.hpp"
#include "core/ring_buffer.hpp"
#include "io/recording_file.hpp"
#include "nestor/connect.hpp"
#include "nestor/result.hpp"

namespace nestor::detail {

class spike_observer;   // models/devices/detectors.hpp
class weight_recorder;  // models/devices/weight_recorder.hpp

/// Connections as listed by get_connections: parallel arrays, plus the store version they refer to.
struct connection_list {
  std::vector<std::uint64_t> index;  ///< (thread << 48) | position in that thread's connection store
  std::vector<std::int64_t> source, target;
  std::vector<double> weight, delay;  ///< NEST units (delay in ms)
  std::vector<int> receptor;
  std::uint64_t version = 0;
};

class kernel {
 public:
  kernel(double dt_ms, std::uint64_t seed, int threads);

  double dt() const { return dt_; }
  std::uint64_t seed() const { return seed_; }
  double time() const { return double(now_) * dt_; }  ///< ms
  std::size_t n_nodes() const { return gid_pop_.size() - 1; }

  /// Creates n nodes of `model`; returns the first node id.
  std::uint32_t create(const std::string& model, std::size_t n, const param_list& params);
  /// Sets parameters of nodes: each value is one for all nodes or one per node (node by node, each
  /// node all or nothing).
  void set(const std::vector<std::uint32_t>& gids, const param_list& kv);
  value get(std::uint32_t gid, const std::string& name) const;
  const population& pop_of(std::uint32_t gid) const;
  /// The unit weights into `post` take when coming from `pre`.
  unit weight_unit(std::uint32_t pre, std::uint32_t post) const;

  void connect(const std::vector<std::uint32_t>& pre, const std::vector<std::uint32_t>& post,
               const conn_spec& spec, const syn_spec& syn);
  std::size_t num_connections() const;
  int threads() const { return threads_; }

  // Introspection (src/connect/introspection.cpp). sources/targets: null for all.
  connection_list connections(const std::vector<std::uint32_t>* sources,
                              const std::vector<std::uint32_t>* targets);
  void set_connections(const std::vector<std::uint64_t>& index, std::uint64_t version,
                       const std::string& name, const value& v);
  std::vector<double> connection_values(const std::vector<std::uint64_t>& index, std::uint64_t version,
                                        const std::string& name);
  void disconnect(const std::vector<std::uint64_t>& index, std::uint64_t version);

  std::shared_ptr<const result_data> simulate(double T_ms, bool progress);
  void reset();
  /// data_path, data_prefix and overwrite_files of recorders writing files (NEST's kernel properties).
  file_options& files() { return files_; }
  /// NEST's waveform-relaxation kernel properties (use_wfr, wfr_tol, ...), checked as NEST does
  /// (src/connect/gap_connect.cpp).
  const wfr_settings& wfr() const { return gaps_.settings; }
  void set_wfr(const std::string& name, double v);

 private:
  population& pop_mut(std::uint32_t gid);
  std::size_t local(std::uint32_t gid) const { return gid - pop_of(gid).first(); }
  /// A connect() call, checked and counted, whose synapses are placed by materialize().
  struct pending_connect {
    conn_spec spec;
    syn_spec syn;
    std::vector<std::uint32_t> pre, post;
    std::uint64_t cid;  ///< keys the call's random streams
  };
  /// Generates the synapses of a connect() call: out(source, thread of the target, synapse).
  /// `counting`: only the number per source and thread matters (values are checked, not kept).
  void for_each_synapse(const pending_connect& pc,
                        const std::function<void(std::uint32_t, int, const synapse&)>& out,
                        bool counting = false) const;
  /// Builds the connection rows from the pending connect() calls.
  void materialize();
  std::vector<pending_connect> pending_;

  /// col_gid_[t][col]: the node whose input channel is column col of thread t's ring buffer.
  void build_column_maps();
  std::uint64_t conn_version() const;
  void check_version(std::uint64_t version) const;
  /// connect() with synapse_model gap_junction (src/connect/gap_connect.cpp).
  void connect_gap(const std::vector<std::uint32_t>& pre, const std::vector<std::uint32_t>& post,
                   const conn_spec& spec, const syn_spec& syn);
  void connect_recorder(const std::vector<std::uint32_t>& pre, const std::vector<std::uint32_t>& post,
                        const syn_spec& syn);
  void observe_spikes(spike_observer& ob, const std::vector<std::uint32_t>& pre, const syn_spec& syn);
  /// Reports an event (the seq-th of its slice; a spike `offset` ms before the end of its step)
  /// delivered over a connection with flag `recorded` to its weight_recorder.
  void note_weight(int t, const spike_event& e, std::size_t seq, const synapse& s, double w,
                   double offset) const;
  std::uint16_t delay_steps(double ms) const;
  void prepare(std::int64_t end);
  /// Starts the trains of connections that have none yet, for generators that ask so (starts_trains).
  void start_trains(const run_info& run);
  /// Delivers the slice's events into thread t's ring buffer through thread t's connections.
  void deliver(int t, const std::vector<spike_event>& events);

  double dt_;
  std::uint64_t seed_;
  std::int64_t now_ = 0;
  std::vector<std::unique_ptr<population>> pops_;
  std::vector<std::uint32_t> gid_pop_{0};  // node id -> index into pops_ (entry 0 unused)
  // Per thread: the width of its ring buffer, its connections (those to the nodes it owns), its ring
  // buffer, the events it emits during a slice, and the owner of each of its ring-buffer columns.
  int threads_;
  std::vector<std::size_t> channels_;
  std::vector<connection_store> conns_;
  std::vector<ring_buffer> rb_;
  std::vector<precise_queue> pq_;  // per thread, next to its ring buffer
  // per thread: the trains of generators with state per connection (event_mode::train), by
  // (generator, target, rank among parallel connections)
  std::vector<std::unordered_map<train_key, train_state, train_key_hash>> trains_;
  std::vector<std::vector<spike_event>> events_;
  std::vector<std::vector<std::uint32_t>> col_gid_;
  // per thread: the columns given to connections into per_connection ports (column, target node)
  std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> conn_cols_;
  std::vector<std::vector<std::uint32_t>> col_port_;  // per thread: port number of a per-connection column
  std::vector<std::vector<std::uint32_t>>
      col_plane_;  // plane size (owned nodes of the population) per column
  std::int64_t min_delay_ = 1, max_delay_ = 1;
  std::uint64_t connect_calls_ = 0;  // keys the random streams of each connect() call
  // weight_recorder attachments: connections placed since the last prepare (recorder, source, thread,
  // column, receptor), and per (source, target node, receptor) the recorder its connections report to
  struct wr_link {
    std::uint32_t recorder, source;
    int thread;
    std::uint32_t column;
    int receptor;
  };
  std::vector<wr_link> wr_pending_;
  std::map<std::tuple<std::uint32_t, std::uint32_t, int>, weight_recorder*> wr_links_;
  file_options files_;
  gap_junctions gaps_;  // gap junctions and NEST's waveform relaxation (core/gap_junctions.hpp)
};

}  // namespace nestor::detail
