#pragma once
// A NodeCollection: node ids of one Simulator (ids start at 1, in creation order), with slicing,
// joining and parameter access.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "nestor/units.hpp"

namespace nestor {

namespace detail {
class kernel;
}

using params = std::vector<std::pair<std::string, value>>;

class NodeCollection {
 public:
  NodeCollection() = default;
  NodeCollection(std::shared_ptr<detail::kernel> k, std::vector<std::int64_t> ids)
      : k_(std::move(k)), ids_(std::move(ids)) {}

  std::size_t size() const { return ids_.size(); }
  std::int64_t operator[](std::size_t k) const { return ids_.at(k); }
  const std::vector<std::int64_t>& global_ids() const { return ids_; }
  /// Python-style slice [start:stop:step] (negative indices count from the end).
  NodeCollection slice(std::int64_t start, std::int64_t stop, std::int64_t step = 1) const;
  /// The nodes of both collections, this one's first; both must belong to the same Simulator.
  NodeCollection operator+(const NodeCollection& other) const;

  /// One value per node, in the parameter's NEST unit.
  std::vector<value> get(const std::string& name) const;
  /// Sets parameters: each value is a scalar for all nodes or one value per node.
  void set(const params& p) const;
  /// The model of the first node (a copy's name for nodes created from a copy, as NEST's 'model').
  std::string model() const;
  /// The built-in model of the first node (model() unless it is a copy).
  std::string base_model() const;

  const std::shared_ptr<detail::kernel>& kernel() const { return k_; }

 private:
  std::shared_ptr<detail::kernel> k_;
  std::vector<std::int64_t> ids_;
};

}  // namespace nestor
