#include "core/model_registry.hpp"

#include "nestor/errors.hpp"

namespace nestor::detail {

const model_registry& model_registry::instance() {
  static const model_registry reg = [] {
    model_registry r;
    register_models(r);
    return r;
  }();
  return reg;
}

const model_entry& model_registry::at(const std::string& name) const {
  auto it = models_.find(name);
  if (it == models_.end()) {
    std::string known;
    for (const auto& [n, e] : models_) known += (known.empty() ? "" : ", ") + n;
    throw unknown_model("unknown model '" + name + "'; known models: " + known);
  }
  return it->second;
}

std::vector<std::string> model_registry::names() const {
  std::vector<std::string> v;
  for (const auto& [n, e] : models_) v.push_back(n);
  return v;
}

}  // namespace nestor::detail
