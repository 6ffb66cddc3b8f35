#pragma once
// The open registry of models and devices: a name maps to a factory and a description. Model files
// add themselves through register_models() (src/models/register_models.cpp); nothing else in the
// engine knows model names.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/population.hpp"

namespace nestor::detail {

struct model_entry {
  std::function<std::unique_ptr<population>(std::uint32_t first, std::size_t n, double dt)> make;
  model_description desc;
  unit weight_unit = unit::none;  ///< unit of spike-connection weights into this model
};

class model_registry {
 public:
  static const model_registry& instance();
  void add(const std::string& name, model_entry e) { models_[name] = std::move(e); }
  const model_entry& at(const std::string& name) const;  ///< throws unknown_model
  const model_entry* find(const std::string& name) const {
    auto it = models_.find(name);
    return it == models_.end() ? nullptr : &it->second;
  }
  std::vector<std::string> names() const;

 private:
  std::map<std::string, model_entry> models_;
};

/// Adds every built-in model and device (defined in src/models/register_models.cpp).
void register_models(model_registry& reg);

}  // namespace nestor::detail
