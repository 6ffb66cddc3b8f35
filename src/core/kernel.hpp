#pragma once
// The simulation kernel: owns the populations, the connections, the ring buffer and the clock of one
// Simulator. Everything hangs off this object; two kernels never share state.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "connect/connection_store.hpp"
#include "core/model_registry.hpp"
#include "core/population.hpp"
#include "core/ring_buffer.hpp"
#include "nestor/connect.hpp"
#include "nestor/result.hpp"

namespace nestor::detail {

/// Connections as listed by get_connections: parallel arrays, plus the store version they refer to.
struct connection_list {
  std::vector<std::uint64_t> index;  ///< positions in the connection store
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

  void connect(const std::vector<std::uint32_t>& pre, const std::vector<std::uint32_t>& post, const conn_spec& spec,
               const syn_spec& syn);
  std::size_t num_connections() const { return conns_.size(); }

  // Introspection (src/connect/introspection.cpp). sources/targets: null for all.
  connection_list connections(const std::vector<std::uint32_t>* sources, const std::vector<std::uint32_t>* targets);
  void set_connections(const std::vector<std::uint64_t>& index, std::uint64_t version, const std::string& name,
                       const value& v);
  std::vector<double> connection_values(const std::vector<std::uint64_t>& index, std::uint64_t version,
                                        const std::string& name);
  void disconnect(const std::vector<std::uint64_t>& index, std::uint64_t version);

  std::shared_ptr<const result_data> simulate(double T_ms, bool progress);
  void reset();

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
  void for_each_synapse(const pending_connect& pc,
                        const std::function<void(std::uint32_t, const synapse&)>& out) const;
  /// Builds the connection rows from the pending connect() calls.
  void materialize();
  std::vector<pending_connect> pending_;

  struct channel_owner {
    std::uint32_t gid;
    int channel;
  };
  channel_owner owner_of_channel(std::uint32_t col) const;
  void check_version(std::uint64_t version) const;
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
  std::uint64_t connect_calls_ = 0;  // keys the random streams of each connect() call
};

}  // namespace nestor::detail
