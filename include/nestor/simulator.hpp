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
  /// NEST's CopyModel: a new model name `new_name` for the nodes of `existing` (a neuron or device model,
  /// built-in or copied) with `existing`'s current defaults changed by `p` (one value per parameter,
  /// checked now). create(new_name, n, p2) then applies these defaults, then p2; its nodes report
  /// new_name as their model. Copies belong to this Simulator only. Throws bad_argument if new_name
  /// exists, unknown_model if existing does not.
  void copy_model(const std::string& existing, const std::string& new_name, const params& p = {});
  /// NEST's SetDefaults: later create(model, ...) calls start from these values; nodes that exist keep
  /// theirs. Values are checked now (bad_value, dimension_mismatch, unknown_parameter name model and
  /// parameter).
  void set_defaults(const std::string& model, const params& p);
  /// NEST's GetDefaults: the value a new node of `model` has for parameter or state variable `name`,
  /// in its NEST unit.
  value get_defaults(const std::string& model, const std::string& name) const;
  /// Every parameter and state variable of a new node of `model` (table order), in NEST units.
  params get_defaults(const std::string& model) const;
  /// The built-in model the nodes of `model` (a copy or a built-in) are of.
  std::string base_model(const std::string& model) const;

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
  /// NEST's kernel properties of the waveform relaxation that gap junctions are solved with
  /// (connect with syn_spec::gap_junction): use_wfr (default true; only before nodes are created),
  /// wfr_comm_interval (1 ms; only with use_wfr and before connections are made; >= dt), wfr_tol
  /// (1e-4 mV, >= 0), wfr_max_iterations (15, > 0), wfr_interpolation_order (3; 0, 1 or 3). A value
  /// NEST refuses throws bad_value naming the property. (src/api/simulator_wfr.cpp)
  void set_use_wfr(bool use);
  void set_wfr_comm_interval(time_q interval);
  void set_wfr_tol(double tol_mV);
  void set_wfr_max_iterations(long n);
  void set_wfr_interpolation_order(int order);
  bool use_wfr() const;
  double wfr_comm_interval_ms() const;
  double wfr_tol() const;
  long wfr_max_iterations() const;
  int wfr_interpolation_order() const;
  /// Unit of the weights of connections from pre's first node to post's first node ("pA", "1", ...).
  std::string weight_unit(const NodeCollection& pre, const NodeCollection& post) const;

 private:
  std::shared_ptr<detail::kernel> k_;
};

}  // namespace nestor
