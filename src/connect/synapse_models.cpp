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
void apply(const synapse_type& t, const std::string& model, syn_values& v, const param_list& params) {
  for (const auto& [name, val] : params) {
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
    syn_scope sc;
    std::size_t k;
    if (!t.find(name, sc, k))
      throw unknown_parameter(model + " has no parameter '" + name + "'; it has: " + t.entry_names());
    const syn_entry& e = t.entry(sc, k);
    const double x = e.weight_unit ? weight_like(val, model, name) : to_nest_unit(val, 0, e.u, model, name);
    check_value(x, e.c, model, name, e.weight_unit ? unit::none : e.u);
    (sc == syn_scope::param ? v.p : sc == syn_scope::state ? v.s : v.c)[k] = x;
  }
  t.validate(v);
}

/// True if `params` set the model's modulator entry (NEST's vt).
bool names_modulator(const synapse_type& t, const param_list& params) {
  const int k = t.modulator_entry();
  if (k < 0) return false;
  for (const auto& [name, val] : params)
    if (name == t.entry(syn_scope::common, std::size_t(k)).name) return true;
  return false;
}
}  // namespace

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
  std::sort(out.begin(), out.end());
  return out;
}

int kernel::synapse_index(const std::string& name) const {
  for (std::size_t k = 0; k < syn_models_.size(); ++k)
    if (syn_models_[k].name == name) return int(k);
  return -1;
}

int kernel::synapse_index(const std::string& name) {
  if (kernel_own(name)) return -1;
  if (const int k = std::as_const(*this).synapse_index(name); k >= 0) return k;
  const synapse_type* t = synapse_registry::instance().find(name);
  if (!t) {
    std::string known;
    for (const auto& n : synapse_model_names()) known += (known.empty() ? "" : ", ") + n;
    throw unknown_model("unknown synapse model '" + name + "'; known: " + known);
  }
  synapse_instance m{name, t, t->defaults(), nullptr};
  m.common = std::make_unique<std::vector<double>>(m.defaults.c);
  syn_models_.push_back(std::move(m));
  for (auto& stores : pstores_) stores.push_back(t->make_store(syn_models_.back().common.get()));
  return int(syn_models_.size() - 1);
}

void kernel::copy_synapse_model(const std::string& from, const std::string& to, const param_list& params) {
  if (kernel_own(from))
    throw illegal_connection("copy_model: " + from +
                             " cannot be copied in nestor yet (copy a plastic synapse model)");
  const int k = synapse_index(from);
  if (synapse_type_of(to) || kernel_own(to) || model_registry::instance().find(to))
    throw bad_argument("copy_model: a model named '" + to + "' exists already");
  synapse_instance m{to, syn_models_[std::size_t(k)].type, syn_models_[std::size_t(k)].defaults, nullptr};
  m.defaults.c = *syn_models_[std::size_t(k)].common;
  apply(*m.type, to, m.defaults, params);
  if (names_modulator(*m.type, params)) check_modulator(*m.type, to, m.defaults);
  m.common = std::make_unique<std::vector<double>>(m.defaults.c);
  syn_models_.push_back(std::move(m));
  for (auto& stores : pstores_)
    stores.push_back(syn_models_.back().type->make_store(syn_models_.back().common.get()));
}

void kernel::set_synapse_defaults(const std::string& model, const param_list& params) {
  if (kernel_own(model))
    throw bad_argument("set_defaults: " + model + "'s weight and delay are given to connect()");
  synapse_instance& m = syn_models_[std::size_t(synapse_index(model))];
  syn_values v = m.defaults;
  v.c = *m.common;
  apply(*m.type, model, v, params);
  if (names_modulator(*m.type, params)) check_modulator(*m.type, model, v);
  m.defaults = v;
  *m.common = v.c;  // the model's connections read them
}

value kernel::synapse_default(const std::string& model, const std::string& name) {
  if (kernel_own(model)) {
    if (name == "weight" || name == "delay") return value(1.0);
    throw unknown_parameter(model + " has no parameter '" + name + "'; it has: weight, delay");
  }
  const synapse_instance& m = syn_models_[std::size_t(synapse_index(model))];
  if (name == "weight") return value(m.defaults.weight);
  if (name == "delay") return value(m.defaults.delay);
  syn_scope sc;
  std::size_t k;
  if (!m.type->find(name, sc, k))
    throw unknown_parameter(model + " has no parameter '" + name + "'; it has: " + m.type->entry_names());
  return value(sc == syn_scope::param   ? m.defaults.p[k]
               : sc == syn_scope::state ? m.defaults.s[k]
                                        : (*m.common)[k]);
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
