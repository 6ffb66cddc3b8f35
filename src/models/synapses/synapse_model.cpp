#include "models/synapses/synapse_model.hpp"

#include <algorithm>

namespace nestor::detail {

syn_values synapse_type::defaults() const {
  syn_values v;
  v.weight = default_weight();
  std::size_t n = 0;
  const syn_entry* e = entries(syn_scope::param, n);
  for (std::size_t k = 0; k < n; ++k) v.p.push_back(e[k].def);
  e = entries(syn_scope::state, n);
  for (std::size_t k = 0; k < n; ++k) v.s.push_back(e[k].def);
  e = entries(syn_scope::common, n);
  for (std::size_t k = 0; k < n; ++k) v.c.push_back(e[k].def);
  return v;
}

bool synapse_type::find(std::string_view name, syn_scope& sc, std::size_t& k) const {
  for (auto s : {syn_scope::param, syn_scope::state, syn_scope::common}) {
    std::size_t n = 0;
    const syn_entry* e = entries(s, n);
    for (std::size_t j = 0; j < n; ++j)
      if (e[j].name == name && e[j].visible) {
        sc = s, k = j;
        return true;
      }
  }
  return false;
}

void register_synapse_models(synapse_registry& reg);  // register_synapses.cpp

std::string synapse_type::entry_names() const {
  std::string out = "weight, delay";
  for (auto s : {syn_scope::param, syn_scope::state, syn_scope::common}) {
    std::size_t n = 0;
    const syn_entry* e = entries(s, n);
    for (std::size_t j = 0; j < n; ++j)
      if (e[j].visible) out += ", " + std::string(e[j].name);
  }
  return out;
}

synapse_registry& synapse_registry::instance() {
  static synapse_registry reg = [] {
    synapse_registry r;
    register_synapse_models(r);
    return r;
  }();
  return reg;
}

void synapse_registry::add(std::unique_ptr<synapse_type> t) {
  types_.push_back(std::move(t));
}

const synapse_type* synapse_registry::find(std::string_view name) const {
  for (const auto& t : types_)
    if (t->name() == name) return t.get();
  return nullptr;
}

std::vector<std::string> synapse_registry::names() const {
  std::vector<std::string> out;
  for (const auto& t : types_) out.emplace_back(t->name());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace nestor::detail
