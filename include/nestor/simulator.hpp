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
#include <vector>

#include "nestor/node_collection.hpp"
#include "nestor/result.hpp"
#include "nestor/units.hpp"

namespace nestor {

enum class rule { all_to_all, one_to_one };

/// Synapse specification: weight (the target's weight unit, e.g. pA), delay (ms), receptor port.
/// weight and delay take a scalar, one value per source, or (all_to_all) targets x sources values.
struct syn_spec {
  value weight = value(1.0);
  value delay = value(1.0);  ///< a bare number is in ms
  int receptor_type = 0;
};

class Simulator {
 public:
  explicit Simulator(time_q dt = time_q{1e-4}, std::uint64_t seed = 0, int threads = 1);

  NodeCollection create(const std::string& model, std::size_t n = 1, const params& p = {});
  void connect(const NodeCollection& pre, const NodeCollection& post, rule r = rule::all_to_all,
               const syn_spec& syn = {});
  /// Runs for T, continuing from where the network stands. `progress` shows a progress line on a
  /// terminal for runs longer than two seconds.
  Result simulate(time_q T, bool progress = true);
  /// Brings time back to 0 and every state to its initial value, keeping the network.
  void reset();

  double dt_ms() const;
  double time_ms() const;  ///< the current time
  std::size_t num_connections() const;
  std::size_t num_nodes() const;
  /// Unit of the weights of connections from pre's first node to post's first node ("pA", "1", ...).
  std::string weight_unit(const NodeCollection& pre, const NodeCollection& post) const;

 private:
  std::shared_ptr<detail::kernel> k_;
};

}  // namespace nestor
