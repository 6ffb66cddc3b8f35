#include "nestor/models.hpp"

#include "core/model_registry.hpp"

namespace nestor {

std::vector<std::string> model_names() { return detail::model_registry::instance().names(); }

model_info describe_model(const std::string& name) {
  const auto& e = detail::model_registry::instance().at(name);
  static const char* kinds[] = {"neuron", "spike_generator", "current_generator", "analog_recorder",
                                "spike_recorder"};
  model_info m{e.desc.name, kinds[static_cast<int>(e.desc.kind)], {}, e.desc.recordables,
               std::string(detail::info(e.weight_unit).name)};
  for (const auto& p : e.desc.params)
    m.params.push_back({p.name, std::string(detail::info(p.u).name), p.def, p.doc, p.is_state, p.is_array});
  return m;
}

}  // namespace nestor
