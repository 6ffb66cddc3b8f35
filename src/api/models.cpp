#include "nestor/models.hpp"

#include <algorithm>

#include "core/model_registry.hpp"
#include "models/synapses/synapse_model.hpp"
#include "nestor/errors.hpp"

namespace nestor {

std::vector<std::string> model_names() {
  return detail::model_registry::instance().names();
}

model_info describe_model(const std::string& name) {
  const auto& e = detail::model_registry::instance().at(name);
  static const char* kinds[] = {"neuron", "spike_generator", "current_generator", "analog_recorder",
                                "spike_recorder"};
  model_info m{e.desc.name,
               kinds[static_cast<int>(e.desc.kind)],
               {},
               e.desc.recordables,
               std::string(detail::info(e.weight_unit).name)};
  for (const auto& p : e.desc.params)
    m.params.push_back({p.name, std::string(detail::info(p.u).name), p.def, p.doc, p.is_state, p.is_array});
  return m;
}

std::vector<std::string> synapse_model_names() {
  auto names = detail::synapse_registry::instance().names();
  names.push_back("static_synapse");
  names.push_back("rate_connection_delayed");
  names.push_back("gap_junction");
  std::sort(names.begin(), names.end());
  return names;
}

synapse_model_info describe_synapse_model(const std::string& name) {
  if (name == "static_synapse") return {name, "fixed weight and delay", {}};
  if (name == "rate_connection_delayed") return {name, "carries the rate of a rate neuron after a delay", {}};
  if (name == "gap_junction")
    return {name, "electrical coupling (weight: conductance in nS, no delay) between hh_psc_alpha_gap / hh_cond_beta_gap_traub nodes, solved by waveform relaxation", {}};
  const detail::synapse_type* t = detail::synapse_registry::instance().find(name);
  if (!t) {
    std::string known;
    for (const auto& n : synapse_model_names()) known += (known.empty() ? "" : ", ") + n;
    throw unknown_model("unknown synapse model '" + name + "'; known: " + known);
  }
  synapse_model_info m{name, std::string(t->doc()), {}};
  using detail::syn_scope;
  for (auto [sc, scope] : {std::pair{syn_scope::param, "connection"}, std::pair{syn_scope::state, "state"},
                           std::pair{syn_scope::common, "common"}}) {
    std::size_t n = 0;
    const detail::syn_entry* e = t->entries(sc, n);
    for (std::size_t k = 0; k < n; ++k)
      if (e[k].visible)
        m.params.push_back({std::string(e[k].name),
                            e[k].weight_unit ? "weight" : std::string(detail::info(e[k].u).name), e[k].def,
                            std::string(e[k].doc), scope});
  }
  return m;
}

}  // namespace nestor
