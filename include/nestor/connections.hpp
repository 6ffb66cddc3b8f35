#pragma once
// ConnectionCollection: connections listed by Simulator::get_connections, to read, change or remove.
// A listing refers to the network as it was; after a connect() or disconnect() it is stale and its
// methods raise an error (list again).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "nestor/units.hpp"

namespace nestor {

namespace detail {
class kernel;
struct connection_list;
}  // namespace detail

class ConnectionCollection {
 public:
  ConnectionCollection(std::shared_ptr<detail::kernel> k, detail::connection_list list);
  ~ConnectionCollection();
  ConnectionCollection(const ConnectionCollection&);
  ConnectionCollection& operator=(const ConnectionCollection&);

  std::size_t size() const;
  /// "source", "target", "weight", "delay" (ms), "receptor" (port), or a parameter or state variable of
  /// the connections' synapse model ("Kplus", "tau_plus", ...): one value per connection, NEST units.
  /// Read fresh from the network.
  std::vector<double> get(const std::string& name) const;
  /// The synapse model of each connection.
  std::vector<std::string> synapse_models() const;
  /// Sets "weight", "delay" or a per-connection parameter or state variable of the synapse model: one
  /// value for all or one per connection (all or nothing: the model's rules are checked first).
  void set(const std::string& name, const value& v);
  /// Removes these connections from the network.
  void disconnect();

 private:
  std::shared_ptr<detail::kernel> k_;
  std::unique_ptr<detail::connection_list> list_;
};

}  // namespace nestor
