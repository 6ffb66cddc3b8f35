#pragma once
// The simulation kernel: owns the populations, the connections, the ring buffer and the clock of one
// Simulator. Everything hangs off this object; two kernels never share state.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "connect/connection_store.hpp"
#include "core/model_registry.hpp"
#include "core/population.hpp"
#include "core/ring_buffer.hpp"
#include "nestor/result.hpp"

namespace nestor::detail {

enum class rule_kind { all_to_all, one_to_one };

struct connect_args {
  rule_kind rule = rule_kind::all_to_all;
  value weight = value(1.0);
  value delay = value(1.0);  ///< ms
  int receptor = 0;
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
               const connect_args& args);
  std::size_t num_connections() const { return conns_.size(); }

  std::shared_ptr<const result_data> simulate(double T_ms, bool progress);
  void reset();

 private:
  population& pop_mut(std::uint32_t gid);
  std::size_t local(std::uint32_t gid) const { return gid - pop_of(gid).first(); }
  void connect_recorder(const std::vector<std::uint32_t>& pre, const std::vector<std::uint32_t>& post);
  std::uint16_t delay_steps(double ms) const;
  void prepare(std::int64_t end);
  void deliver(const std::vector<spike_event>& events);

  double dt_;
  std::uint64_t seed_;
  std::int64_t now_ = 0;
  std::vector<std::unique_ptr<population>> pops_;
  std::vector<std::uint32_t> gid_pop_{0};  // node id -> index into pops_ (entry 0 unused)
  std::size_t channels_ = 0;               // width of the ring buffer
  connection_store conns_;
  ring_buffer rb_;
  std::int64_t min_delay_ = 1, max_delay_ = 1;
};

}  // namespace nestor::detail
