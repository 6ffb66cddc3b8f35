// kernel's synapse models: the built-in ones by name, copies (copy_model) and defaults (set_defaults).
#include <algorithm>
#include <cmath>

#include "core/kernel.hpp"

namespace nestor::detail {

namespace {
bool kernel_own(const std::string& name) {
  return name == "static_synapse" || name == "rate_connection_delayed";
}

/// A value for a weight-unit entry given without a target: a bare number (the target's NEST unit) or a
/// quantity in pA, nS or mV.
double weight_like(const value& v, std::string_view owner, std::string_view param) {
  if (!v.has_dimension()) return to_nest_unit(v, 0, unit::none, owner, param);
  for (unit u : {unit::pA, unit::nS, unit::mV})
    if (v.dim() == info(u).dim) return to_nest_unit(v, 0, u, owner, param);
  throw dimension_mismatch(std::string(owner) + " parameter " + std::string(param) +
                           ": expected a weight (a number, or a quantity in pA, nS or mV)");
}

/// Applies named values to a model's defaults (common entries included), checking each and the
/// model's rules.
/// Returns which common entries were given.
std::vector<bool> apply(const synapse_type& t, const std::string& model, syn_values& v,
                        const param_list& params) {
  std::size_t n_common = 0;
  t.entries(syn_scope::common, n_common);
  std::vector<bool> given(n_common, false);
  for (const auto& [name, val] : params) {
    syn_scope sc;
    std::size_t k;
    if (t.find(name, sc, k) && sc == syn_scope::common && t.entry(sc, k).size > 1) {
      // a list-valued common entry: exactly `size` numbers
      const syn_entry& e = t.entry(sc, k);
      if (val.is_string() || val.size() != e.size)
        throw bad_argument(model + " parameter " + name + ": expected a list of " + std::to_string(e.size) +
                           " numbers, got " + (val.is_string() ? "a string" : std::to_string(val.size())));
      const std::size_t at = t.common_offset(k);
      for (std::size_t j = 0; j < e.size; ++j) {
        const double x = to_nest_unit(val, j, e.u, model, name);
        check_value(x, e.c, model, name, e.u);
        v.c[at + j] = x;
      }
      given[k] = true;
      continue;
    }
    if (val.size() != 1 || val.is_string())
      throw bad_argument(model + " parameter " + name + ": expected one number");
    if (name == "weight") {
      v.weight = weight_like(val, model, name);
      check_value(v.weight, check::any, model, name, unit::none);
      continue;
    }
    if (name == "delay") {
      v.delay = to_nest_unit(val, 0, unit::ms, model, name);
      check_value(v.delay, check::positive, model, name, unit::ms);
      continue;
    }
    if (!t.find(name, sc, k))
      throw unknown_parameter(model + " has no parameter '" + name + "'; it has: " + t.entry_names());
    const syn_entry& e = t.entry(sc, k);
    const double x = e.weight_unit ? weight_like(val, model, name) : to_nest_unit(val, 0, e.u, model, name);
    check_value(x, e.c, model, name, e.weight_unit ? unit::none : e.u);
    if (sc == syn_scope::common) {
      v.c[t.common_offset(k)] = x;
      given[k] = true;
    } else {
      (sc == syn_scope::param ? v.p : v.s)[k] = x;
    }
  }
  if (std::find(given.begin(), given.end(), true) != given.end()) t.common_set(v.c, given);
  t.validate(v);
  return given;
}

/// What the model's connections read: its common entries, then (a common weight) the weight.
void publish_common(synapse_instance& m) {
  *m.common = m.defaults.c;
  if (m.type->common_weight()) m.common->push_back(m.defaults.weight);
}

/// True if `params` set the model's modulator entry (NEST's vt).
bool names_modulator(const synapse_type& t, const param_list& params) {
  const int k = t.modulator_entry();
  if (k < 0) return false;
  for (const auto& [name, val] : params)
    if (name == t.entry(syn_scope::common, std::size_t(k)).name) return true;
  return false;
}

/// Takes NEST's common property weight_recorder (a node id, 0: none) out of a synapse model's new
/// defaults.
param_list take_weight_recorder(const param_list& params, std::int64_t& wr) {
  param_list rest;
  for (const auto& [name, v] : params) {
    if (name != "weight_recorder") {
      rest.emplace_back(name, v);
      continue;
    }
    const double x = v.size() == 1 && !v.is_string() && !v.has_dimension() ? v.numbers()[0] : -1.0;
    if (!(x >= 0) || x != std::floor(x))
      throw bad_argument("weight_recorder: expected the node id of a weight_recorder (0: none)");
    wr = std::int64_t(x);
  }
  return rest;
}
}  // namespace

void kernel::check_weight_recorder(std::int64_t wr) const {
  if (wr != 0 && !(wr > 0 && std::uint64_t(wr) <= n_nodes() &&
                   pop_of(std::uint32_t(wr)).base_model() == "weight_recorder"))
    throw bad_argument("weight_recorder = " + std::to_string(wr) + ": expected a weight_recorder node");
}

void kernel::check_modulator(const synapse_type& t, const std::string& model, const syn_values& v) const {
  const int k = t.modulator_entry();
  if (k < 0) return;
  const std::string_view entry = t.entry(syn_scope::common, std::size_t(k)).name;
  const double x = v.c[std::size_t(k)];
  const bool node = x >= 1 && x <= double(n_nodes()) && x == std::floor(x);
  if (node && dynamic_cast<const modulator_source*>(&pop_of(std::uint32_t(x)))) return;
  throw bad_value(
      model + " parameter " + std::string(entry) + " = " + format_number(x) +
      ": expected the node id of a volume_transmitter" +
      (node ? " (node " + format_number(x) + " is a " + pop_of(std::uint32_t(x)).model() + ")" : ""));
}

const synapse_type* kernel::synapse_type_of(const std::string& model) const {
  for (const auto& m : syn_models_)
    if (m.name == model) return m.type;
  return synapse_registry::instance().find(model);
}

std::vector<std::string> kernel::synapse_model_names() const {
  std::vector<std::string> out = synapse_registry::instance().names();
  out.push_back("static_synapse");
  out.push_back("rate_connection_delayed");
  for (const auto& m : syn_models_)
    if (!synapse_registry::instance().find(m.name)) out.push_back(m.name);
  for (const auto& [name, wd] : static_copies_) out.push_back(name);
  std::sort(out.begin(), out.end());
  return out;
}

int kernel::synapse_index(const std::string& name) const {
  for (std::size_t k = 0; k < syn_models_.size(); ++k)
    if (syn_models_[k].name == name) return int(k);
  return -1;
}

int kernel::synapse_index(const std::string& name) {
  if (kernel_own(name) || static_copies_.count(name)) return -1;
  if (const int k = std::as_const(*this).synapse_index(name); k >= 0) return k;
  const synapse_type* t = synapse_registry::instance().find(name);
  if (!t) {
    std::string known;
    for (const auto& n : synapse_model_names()) known += (known.empty() ? "" : ", ") + n;
    throw unknown_model("unknown synapse model '" + name + "'; known: " + known);
  }
  synapse_instance m{name, t, t->defaults(), std::make_unique<std::vector<double>>()};
  publish_common(m);
  syn_models_.push_back(std::move(m));
  for (auto& stores : pstores_) stores.push_back(t->make_store(syn_models_.back().common.get()));
  return int(syn_models_.size() - 1);
}

void kernel::copy_synapse_model(const std::string& from, const std::string& to, const param_list& params) {
  if (synapse_type_of(to) || kernel_own(to) || static_copies_.count(to) || defaults_.knows(to))
    throw bad_argument("copy_model: a model named '" + to + "' exists already");
  if (from == "rate_connection_delayed")
    throw bad_argument("copy_model: rate_connection_delayed cannot be copied in nestor");
  if (from == "static_synapse" || static_copies_.count(from)) {
    // a static synapse with other default weight and delay (its connections list as static_synapse)
    std::pair<double, double> wd = from == "static_synapse" ? std::pair{1.0, 1.0} : static_copies_.at(from);
    set_static_defaults(to, wd, params);
    static_copies_[to] = wd;
    return;
  }
  const int k = synapse_index(from);
  synapse_instance m{to, syn_models_[std::size_t(k)].type, syn_models_[std::size_t(k)].defaults,
                     std::make_unique<std::vector<double>>(), syn_models_[std::size_t(k)].weight_recorder};
  const param_list own = take_weight_recorder(params, m.weight_recorder);
  check_weight_recorder(m.weight_recorder);
  apply(*m.type, to, m.defaults, own);
  if (names_modulator(*m.type, params)) check_modulator(*m.type, to, m.defaults);
  publish_common(m);
  syn_models_.push_back(std::move(m));
  for (auto& stores : pstores_)
    stores.push_back(syn_models_.back().type->make_store(syn_models_.back().common.get()));
}

void kernel::set_static_defaults(const std::string& model, std::pair<double, double>& wd,
                                 const param_list& params) const {
  std::pair<double, double> next = wd;
  for (const auto& [name, val] : params) {
    if (val.size() != 1 || val.is_string())
      throw bad_argument(model + " parameter " + name + ": expected one number");
    if (name == "weight") {
      next.first = weight_like(val, model, name);
      check_value(next.first, check::any, model, name, unit::none);
    } else if (name == "delay") {
      next.second = to_nest_unit(val, 0, unit::ms, model, name);
      delay_steps(next.second);
    } else {
      throw unknown_parameter(model + " has no parameter '" + name + "'; it has: weight, delay");
    }
  }
  wd = next;
}

void kernel::set_synapse_defaults(const std::string& model, const param_list& params) {
  if (auto it = static_copies_.find(model); it != static_copies_.end())
    return set_static_defaults(model, it->second, params);
  if (kernel_own(model))
    throw bad_argument("set_defaults: " + model +
                       "'s weight and delay are given to connect() (or copy it with other defaults: copy_model)");
  synapse_instance& m = syn_models_[std::size_t(synapse_index(model))];
  syn_values v = m.defaults;
  std::int64_t wr = m.weight_recorder;
  const param_list own = take_weight_recorder(params, wr);
  check_weight_recorder(wr);
  const std::vector<bool> given = apply(*m.type, model, v, own);
  m.weight_recorder = wr;
  if (names_modulator(*m.type, params)) check_modulator(*m.type, model, v);
  m.defaults = v;
  publish_common(m);              // the model's connections read them
  if (m.type->writes_common()) {  // (or their thread's copy of them)
    const std::size_t idx = std::size_t(synapse_index(model));
    for (auto& stores : pstores_) stores[idx]->set_common(v.c, given);
  }
}

value kernel::synapse_default(const std::string& model, const std::string& name) {
  if (auto it = static_copies_.find(model); it != static_copies_.end()) {
    if (name == "weight" || name == "delay") return value(name == "weight" ? it->second.first : it->second.second);
    throw unknown_parameter(model + " has no parameter '" + name + "'; it has: weight, delay");
  }
  if (kernel_own(model)) {
    if (name == "weight" || name == "delay") return value(1.0);
    throw unknown_parameter(model + " has no parameter '" + name + "'; it has: weight, delay");
  }
  const synapse_instance& m = syn_models_[std::size_t(synapse_index(model))];
  if (name == "weight_recorder") return value(double(m.weight_recorder));
  if (name == "weight") return value(m.defaults.weight);
  if (name == "delay") return value(m.defaults.delay);
  syn_scope sc;
  std::size_t k;
  if (!m.type->find(name, sc, k))
    throw unknown_parameter(model + " has no parameter '" + name + "'; it has: " + m.type->entry_names());
  if (sc != syn_scope::common) return value(sc == syn_scope::param ? m.defaults.p[k] : m.defaults.s[k]);
  // NEST's GetDefaults shows thread 0's connector model: models that write their common values keep
  // one copy per thread
  const std::vector<double>* c = m.common.get();
  const std::size_t idx = std::size_t(synapse_index(model));
  if (!pstores_.empty())
    if (const auto* own = pstores_[0][idx]->thread_common()) c = own;
  const std::size_t at = m.type->common_offset(k), n = m.type->entry(sc, k).size;
  if (n == 1) return value((*c)[at]);
  return value(std::vector<double>(c->begin() + long(at), c->begin() + long(at + n)));
}

std::vector<std::tuple<std::string, std::size_t, std::size_t>> kernel::connection_memory() {
  materialize();
  build_column_maps();
  build_plastic();
  std::vector<std::tuple<std::string, std::size_t, std::size_t>> out;
  std::size_t b = 0, n = 0;
  for (const auto& c : conns_) b += c.bytes(), n += c.size();
  out.emplace_back("static_synapse", b, n);
  for (std::size_t k = 0; k < syn_models_.size(); ++k) {
    b = n = 0;
    for (const auto& stores : pstores_) b += stores[k]->bytes(), n += stores[k]->size();
    out.emplace_back(syn_models_[k].name, b, n);
  }
  return out;
}

}  // namespace nestor::detail
