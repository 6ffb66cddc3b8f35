#include "nestor/simulator.hpp"

#include <algorithm>

#include "core/kernel.hpp"
#include "core/model_registry.hpp"
#include "nestor/errors.hpp"

namespace nestor {

Simulator::Simulator(time_q dt, std::uint64_t seed, int threads)
    : k_(std::make_shared<detail::kernel>(dt.si * 1e3, seed, threads)) {}

NodeCollection Simulator::create(const std::string& model, std::size_t n, const params& p) {
  const std::uint32_t first = k_->create(model, n, p);
  std::vector<std::int64_t> ids(n);
  for (std::size_t i = 0; i < n; ++i) ids[i] = first + static_cast<std::int64_t>(i);
  return NodeCollection(k_, std::move(ids));
}

void Simulator::copy_model(const std::string& existing, const std::string& new_name, const params& p) {
  k_->copy_model(existing, new_name, p);
}
void Simulator::set_defaults(const std::string& model, const params& p) { k_->set_defaults(model, p); }
value Simulator::get_defaults(const std::string& model, const std::string& name) const {
  return k_->get_defaults(model, name);
}
params Simulator::get_defaults(const std::string& model) const { return k_->get_defaults(model); }
std::string Simulator::base_model(const std::string& model) const {
  return k_->node_defaults().resolve(model).entry->desc.name;
}

namespace {
std::vector<std::uint32_t> ids_of(const NodeCollection& nc, const std::shared_ptr<detail::kernel>& k,
                                  const char* which) {
  if (nc.size() > 0 && nc.kernel() != k)
    throw bad_argument(std::string("connect: ") + which + " belongs to another Simulator");
  return {nc.global_ids().begin(), nc.global_ids().end()};
}
}  // namespace

void Simulator::connect(const NodeCollection& pre, const NodeCollection& post, const conn_spec& conn,
                        const syn_spec& syn) {
  k_->connect(ids_of(pre, k_, "pre"), ids_of(post, k_, "post"), conn, syn);
}

ConnectionCollection Simulator::get_connections(const NodeCollection* source, const NodeCollection* target,
                                                const std::string& synapse_model) {
  if (!synapse_model.empty()) {
    const auto known = k_->synapse_model_names();
    if (std::find(known.begin(), known.end(), synapse_model) == known.end()) {
      std::string list;
      for (const auto& n : known) list += (list.empty() ? "" : ", ") + n;
      throw unknown_model("get_connections: unknown synapse_model '" + synapse_model +
                          "'; known synapse models: " + list);
    }
  }
  std::vector<std::uint32_t> s, t;
  if (source) s = ids_of(*source, k_, "source");
  if (target) t = ids_of(*target, k_, "target");
  return ConnectionCollection(k_,
                              k_->connections(source ? &s : nullptr, target ? &t : nullptr, synapse_model));
}

std::vector<std::string> Simulator::synapse_models() const {
  return k_->synapse_model_names();
}
void Simulator::copy_synapse_model(const std::string& from, const std::string& to, const params& p) {
  k_->copy_synapse_model(from, to, p);
}
void Simulator::set_synapse_defaults(const std::string& model, const params& p) {
  k_->set_synapse_defaults(model, p);
}
double Simulator::synapse_default(const std::string& model, const std::string& name) const {
  return k_->synapse_default(model, name).numbers()[0];
}
std::vector<std::tuple<std::string, std::size_t, std::size_t>> Simulator::connection_memory() const {
  return k_->connection_memory();
}

Result Simulator::simulate(time_q T, bool progress) {
  return Result(k_->simulate(T.si * 1e3, progress));
}
void Simulator::reset() {
  k_->reset();
}
double Simulator::dt_ms() const {
  return k_->dt();
}
double Simulator::time_ms() const {
  return k_->time();
}
std::size_t Simulator::num_connections() const {
  return k_->num_connections();
}
std::size_t Simulator::num_nodes() const {
  return k_->n_nodes();
}
NodeCollection Simulator::nodes(std::vector<std::int64_t> ids) const {
  for (auto id : ids) {
    if (id < 1 || id > static_cast<std::int64_t>(k_->n_nodes()))
      throw bad_argument("node id " + std::to_string(id) + " does not exist (there are " +
                         std::to_string(k_->n_nodes()) + " nodes)");
  }
  return NodeCollection(k_, std::move(ids));
}

void Simulator::set_data_path(const std::string& path) {
  detail::check_data_path(path);
  k_->files().data_path = path;
}
void Simulator::set_data_prefix(const std::string& prefix) {
  detail::check_data_prefix(prefix);
  k_->files().data_prefix = prefix;
}
void Simulator::set_overwrite_files(bool overwrite) {
  k_->files().overwrite_files = overwrite;
}
const std::string& Simulator::data_path() const {
  return k_->files().data_path;
}
const std::string& Simulator::data_prefix() const {
  return k_->files().data_prefix;
}
bool Simulator::overwrite_files() const {
  return k_->files().overwrite_files;
}

std::string Simulator::weight_unit(const NodeCollection& pre, const NodeCollection& post) const {
  if (pre.size() == 0 || post.size() == 0) return "1";
  return std::string(
      detail::info(k_->weight_unit(static_cast<std::uint32_t>(pre[0]), static_cast<std::uint32_t>(post[0])))
          .name);
}

}  // namespace nestor
