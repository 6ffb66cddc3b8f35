#pragma once
// The Simulator: NEST's vocabulary (create, connect, simulate) over nestor's engine.
//
//   using namespace nestor::literals;
//   nestor::Simulator sim(0.1_ms);
//   auto neuron = sim.create("iaf_psc_alpha", 1, {{"I_e", 376.0_pA}});
//   auto vm = sim.create("voltmeter");
//   sim.connect(vm, neuron);
//   nestor::Result res = sim.simulate(1000.0_ms);

#include <cstdint>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "nestor/connect.hpp"
#include "nestor/connections.hpp"
#include "nestor/node_collection.hpp"
#include "nestor/result.hpp"
#include "nestor/units.hpp"

namespace nestor {

class Simulator {
 public:
  explicit Simulator(time_q dt = time_q{1e-4}, std::uint64_t seed = 0, int threads = 1);

  NodeCollection create(const std::string& model, std::size_t n = 1, const params& p = {});
  /// Connects pre to post by NEST's rules (conn_spec, default all_to_all) with static synapses.
  void connect(const NodeCollection& pre, const NodeCollection& post, const conn_spec& conn = {},
               const syn_spec& syn = {});
  /// The connections from `source` and/or to `target` (null: any); synapse_model: "static_synapse" or
  /// "rate_connection_delayed" (the connections of rate sources), empty: any.
  ConnectionCollection get_connections(const NodeCollection* source = nullptr,
                                       const NodeCollection* target = nullptr,
                                       const std::string& synapse_model = "");
  /// Runs for T, continuing from where the network stands. `progress` shows a progress line on a
  /// terminal for runs longer than two seconds.
  Result simulate(time_q T, bool progress = true);
  /// Brings time back to 0 and every state to its initial value, keeping the network.
  void reset();

  double dt_ms() const;
  double time_ms() const;  ///< the current time
  std::size_t num_connections() const;
  std::size_t num_nodes() const;
  /// The nodes with these ids (each must exist).
  NodeCollection nodes(std::vector<std::int64_t> ids) const;
  /// Where recorders with record_to "ascii" or "sonata" write their files (NEST's kernel properties
  /// data_path, data_prefix and overwrite_files): data_path must be an existing directory ("" is the
  /// working directory), data_prefix a name without '/'. An existing file is refused unless
  /// overwrite_files is true. Changes take effect at the next simulate().
  void set_data_path(const std::string& path);
  void set_data_prefix(const std::string& prefix);
  void set_overwrite_files(bool overwrite);
  const std::string& data_path() const;
  const std::string& data_prefix() const;
  bool overwrite_files() const;
  // Synapse models (NEST's CopyModel / SetDefaults / GetDefaults for synapse models), per Simulator.
  /// Every synapse model name connect() takes here (built-in and copies).
  std::vector<std::string> synapse_models() const;
  /// A copy of a synapse model under a new name with changed defaults.
  void copy_synapse_model(const std::string& from, const std::string& to, const params& p = {});
  /// Changes a synapse model's defaults; its common parameters (e.g. stdp_synapse_hom's) change for its
  /// existing connections too, as NEST's do.
  void set_synapse_defaults(const std::string& model, const params& p);
  double synapse_default(const std::string& model, const std::string& name) const;
  /// Memory held by the connections of each synapse model in use: (model, bytes, connections).
  std::vector<std::tuple<std::string, std::size_t, std::size_t>> connection_memory() const;
  /// Unit of the weights of connections from pre's first node to post's first node ("pA", "1", ...).
  std::string weight_unit(const NodeCollection& pre, const NodeCollection& post) const;

 private:
  std::shared_ptr<detail::kernel> k_;
};

}  // namespace nestor
