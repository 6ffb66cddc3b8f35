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
#include "core/model_defaults.hpp"
#include "core/gap_junctions.hpp"
#include "core/delivery.hpp"
#include "core/model_registry.hpp"
#include "core/neuromodulation.hpp"
#include "core/population.hpp"
#include "core/ring_buffer.hpp"
#include "core/spike_history.hpp"
#include "io/recording_file.hpp"
#include "models/synapses/synapse_store.hpp"
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
  std::vector<std::string> synapse_model;  ///< per connection
  std::uint64_t version = 0;
};

/// A synapse model of one kernel: a built-in model or a copy_model copy, with its defaults (and its
/// common parameters, which its connections read).
struct synapse_instance {
  std::string name;
  const synapse_type* type;
  syn_values defaults;
  std::unique_ptr<std::vector<double>> common;  ///< stable address: the stores point to it
  std::int64_t weight_recorder = 0;  ///< NEST's common property weight_recorder (0: none)
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
  // Model defaults of this kernel (NEST's CopyModel, SetDefaults, GetDefaults; core/model_defaults.hpp).
  // Neuron and device models only for now; names that are not node models throw unknown_model.
  void copy_model(const std::string& existing, const std::string& new_name, const param_list& params);
  void set_defaults(const std::string& model, const param_list& params);
  value get_defaults(const std::string& model, const std::string& name) const;
  param_list get_defaults(const std::string& model) const;
  const model_defaults& node_defaults() const { return defaults_; }
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
                              const std::vector<std::uint32_t>* targets,
                              const std::string& synapse_model = "");
  void set_connections(const std::vector<std::uint64_t>& index, std::uint64_t version,
                       const std::string& name, const value& v);
  std::vector<double> connection_values(const std::vector<std::uint64_t>& index, std::uint64_t version,
                                        const std::string& name);
  void disconnect(const std::vector<std::uint64_t>& index, std::uint64_t version);

  // Synapse models (src/connect/synapse_models.cpp): names, defaults, copies.
  std::vector<std::string> synapse_model_names() const;
  /// Copies a synapse model under a new name with changed defaults (NEST's CopyModel).
  void copy_synapse_model(const std::string& from, const std::string& to, const param_list& params);
  /// Changes a synapse model's defaults; common parameters change for its existing connections too.
  void set_synapse_defaults(const std::string& model, const param_list& params);
  value synapse_default(const std::string& model, const std::string& name);
  const synapse_type* synapse_type_of(const std::string& model) const;
  /// True for synapse model names (built-in, the kernel's own and copies).
  bool is_synapse_model(const std::string& name) const;
  /// Throws unless wr is 0 or the node id of a weight_recorder.
  void check_weight_recorder(std::int64_t wr) const;
  /// Bytes of the connections of each synapse model in use (static_synapse included) and their number.
  std::vector<std::tuple<std::string, std::size_t, std::size_t>> connection_memory();

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
    int model = -1;     ///< the plastic synapse model (index into syn_models_), or -1
  };
  /// Generates the synapses of a connect() call: out(source, thread of the target, synapse).
  /// `counting`: only the number per source and thread matters (values are checked, not kept).
  void for_each_synapse(const pending_connect& pc,
                        const std::function<void(std::uint32_t, int, const synapse&, const syn_values*)>& out,
                        bool counting = false) const;
  /// The index of a synapse model instance (made on first use of a built-in name); -1 for the
  /// kernel's own static_synapse / rate_connection_delayed.
  int synapse_index(const std::string& name);
  int synapse_index(const std::string& name) const;
  /// Builds the plastic stores' rows (after build_column_maps) and registers new connections with
  /// their targets' spike histories.
  void build_plastic();
  spike_history& history_of(std::uint32_t gid);
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
  /// What thread t's delivery writes into (its ring buffer, precise queue, column maps) and what synapse
  /// models read (spike histories, archives); one per delivery call.
  delivery delivery_for(int t);
  /// The same through thread t's plastic synapses (each model's store in turn), after the updates of
  /// neuromodulated synapses whose volume transmitters' intervals end with the slice; `hold`: the
  /// neuromodulated synapses get the events with the next slice's (held_).
  void deliver_plastic(int t, const std::vector<spike_event>& events, bool hold);
  /// NEST's min_delay in steps (what its volume_transmitter counts deliver_interval in).
  std::int64_t nest_min_delay() const;
  /// The spikes of node gid as neuromodulated synapses read them now, or null if it is no modulator.
  const std::vector<modulator_spike>* modulator_spikes(std::uint32_t gid) const;
  /// Checks that a neuromodulated synapse model's modulator entry names a modulator node.
  void check_modulator(const synapse_type& t, const std::string& model, const syn_values& v) const;

  double dt_;
  std::uint64_t seed_;
  model_defaults defaults_;  ///< this kernel's copies and changed defaults of node models
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
  // Plastic synapses: the kernel's synapse models, their stores per thread ([thread][model]), the
  // spike histories of neurons some of whose synapses read them (by node id), and a version that
  // changes whenever plastic connections move (build, erase).
  std::vector<synapse_instance> syn_models_;
  std::vector<std::vector<std::unique_ptr<synapse_store>>> pstores_;
  std::vector<std::unique_ptr<spike_history>> hist_;
  std::vector<spike_history*> hist_ptr_;  // by node id, for delivery
  // connections added since the last build whose targets must register with their spike history:
  // (thread, column, delay in steps)
  std::vector<std::tuple<std::uint32_t, std::uint32_t, std::uint16_t>> hist_pending_;
  // Clopath / Urbanczik archives (population::clopath_history, urbanczik_history) by node id, and the
  // connections added since the last build that read them: (thread, column)
  std::vector<clopath_archive*> clopath_ptr_;
  std::vector<urbanczik_archive*> urbanczik_ptr_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> arch_pending_;
  std::uint64_t pversion_ = 0;
  // copies of static_synapse: their default (weight, delay in ms); their connections are static ones
  std::map<std::string, std::pair<double, double>> static_copies_;
  void set_static_defaults(const std::string& model, std::pair<double, double>& wd, const param_list& params) const;
  // the populations collecting neuromodulatory spikes (volume_transmitter), found when a run starts
  std::vector<std::pair<population*, modulator_source*>> modulators_;
  // spikes of slices that ended inside NEST's last min_delay before a trigger, not yet handed to the
  // neuromodulated synapses
  std::vector<spike_event> held_;
  bool recorder_connected_ = false;  // a connect() call was made with a recorder (nest_min_delay)
  std::int64_t tics_per_step_ = 100;
  gap_junctions gaps_;  // gap junctions and NEST's waveform relaxation (core/gap_junctions.hpp)
};

}  // namespace nestor::detail
