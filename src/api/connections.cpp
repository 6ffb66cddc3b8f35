#include "nestor/connections.hpp"

#include "core/kernel.hpp"
#include "nestor/errors.hpp"

namespace nestor {

ConnectionCollection::ConnectionCollection(std::shared_ptr<detail::kernel> k, detail::connection_list list)
    : k_(std::move(k)), list_(std::make_unique<detail::connection_list>(std::move(list))) {}
ConnectionCollection::~ConnectionCollection() = default;
ConnectionCollection::ConnectionCollection(const ConnectionCollection& o)
    : k_(o.k_), list_(std::make_unique<detail::connection_list>(*o.list_)) {}
ConnectionCollection& ConnectionCollection::operator=(const ConnectionCollection& o) {
  k_ = o.k_;
  list_ = std::make_unique<detail::connection_list>(*o.list_);
  return *this;
}

std::size_t ConnectionCollection::size() const {
  return list_->index.size();
}

std::vector<double> ConnectionCollection::get(const std::string& name) const {
  if (name == "rate_connection") {  // 1 for rate_connection_delayed (a rate source), 0 for static_synapse
    k_->connection_values({}, list_->version, "weight");
    std::vector<double> out(list_->source.size());
    for (std::size_t k = 0; k < out.size(); ++k)
      out[k] = k_->pop_of(static_cast<std::uint32_t>(list_->source[k])).emits_rates() ? 1.0 : 0.0;
    return out;
  }
  if (name != "source" && name != "target" && name != "receptor")
    return k_->connection_values(list_->index, list_->version,
                                 name);  // read fresh: set() may have changed them
  // The fields fixed at listing time are refused too once the listing is stale: reading no values
  // checks the listing's version.
  k_->connection_values({}, list_->version, "weight");
  if (name == "source") return {list_->source.begin(), list_->source.end()};
  if (name == "target") return {list_->target.begin(), list_->target.end()};
  return {list_->receptor.begin(), list_->receptor.end()};
}

std::vector<std::string> ConnectionCollection::synapse_models() const {
  k_->connection_values({}, list_->version, "weight");  // refuses a stale listing
  return list_->synapse_model;
}

void ConnectionCollection::set(const std::string& name, const value& v) {
  k_->set_connections(list_->index, list_->version, name, v);
}

void ConnectionCollection::disconnect() {
  k_->disconnect(list_->index, list_->version);
  list_->index.clear();
  list_->source.clear();
  list_->target.clear();
  list_->weight.clear();
  list_->delay.clear();
  list_->receptor.clear();
  list_->synapse_model.clear();
}

}  // namespace nestor
