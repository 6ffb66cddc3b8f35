#pragma once
// NEST's connection rules: which (source, target) pairs a connect() call creates. The random rules draw
// from counter-based streams keyed by (seed, node, connect call), per target (per source for
// fixed_outdegree), so the same seed gives the same network whatever the number of threads.
//
// Every edge is reported with a key (node id, position) that names it independently of threads; the
// kernel keys the random synapse parameters of that edge with it.

#include <cstdint>
#include <functional>
#include <vector>

#include "nestor/connect.hpp"

namespace nestor::detail {

struct edge {
  std::size_t src;   ///< index into pre
  std::size_t tgt;   ///< index into post
  std::uint64_t key_node;
  std::uint64_t pos;
};

using edge_sink = std::function<void(const edge&)>;

/// Checks the rule's parameters against the populations (NEST's errors) and emits its edges.
void generate_edges(const conn_spec& spec, const std::vector<std::uint32_t>& pre,
                    const std::vector<std::uint32_t>& post, std::uint64_t seed, std::uint64_t connect_id,
                    const edge_sink& emit);

/// The rule's name as NEST spells it.
const char* rule_name(rule r);

}  // namespace nestor::detail
