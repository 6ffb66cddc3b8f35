#pragma once
// Registers a synapse model struct (synapse_model.hpp) as a synapse_type.

#include <memory>

#include "models/synapses/synapse_store.hpp"

namespace nestor::detail {

template <class M>
class synapse_type_of final : public synapse_type {
 public:
  std::string_view name() const override { return M::name; }
  std::string_view doc() const override { return M::doc; }
  const syn_entry* entries(syn_scope sc, std::size_t& n) const override {
    switch (sc) {
      case syn_scope::param:
        n = M::params.size();
        return M::params.data();
      case syn_scope::state:
        n = M::state.size();
        return M::state.data();
      case syn_scope::common:
        n = M::common.size();
        return M::common.data();
    }
    n = 0;
    return nullptr;
  }
  bool reads_history() const override { return M::reads_history; }
  archive_kind archive() const override {
    if constexpr (requires { M::archive; })
      return M::archive;
    else
      return archive_kind::none;
  }
  bool common_weight() const override { return common_weight_of<M>(); }
  int delay_offset_entry() const override {
    if constexpr (requires { M::delay_offset_state; })
      return int(M::delay_offset_state);
    else
      return -1;
  }
  double default_weight() const override {
    if constexpr (requires { M::default_weight; })
      return M::default_weight;
    else
      return 1.0;
  }
  bool writes_common() const override {
    if constexpr (requires { M::writes_common; })
      return M::writes_common;
    else
      return false;
  }
  void common_set(std::vector<double>& c, const std::vector<bool>& given) const override {
    if constexpr (requires { M::common_set(c.data(), given); }) M::common_set(c.data(), given);
  }
  int modulator_entry() const override {
    if constexpr (requires { M::modulator_entry; })
      return M::modulator_entry;
    else
      return -1;
  }
  void validate(const syn_values& v) const override { M::validate(v); }
  std::unique_ptr<synapse_store> make_store(const std::vector<double>* common) const override {
    return std::make_unique<plastic_store<M>>(common);
  }
};

template <class M>
void add_synapse(synapse_registry& reg) {
  static_assert(M::params.size() == M::n_params && M::state.size() == M::n_state);
  if constexpr (requires { M::n_common_slots; })
    static_assert(M::n_common_slots >= M::common.size());
  else
    static_assert(M::common.size() == M::n_common);
  reg.add(std::make_unique<synapse_type_of<M>>());
}

}  // namespace nestor::detail
