#include "core/population.hpp"

#include "models/devices/recorders.hpp"

namespace nestor::detail {

void population::record(std::int64_t step, int thread) const {
  if (static_cast<std::size_t>(thread) >= taps.size()) return;
  for (const auto& t : taps[thread]) t.rec->sample(step, *this, t);
}

void throw_unknown_parameter(const model_description& m, std::string_view name) {
  std::string known;
  for (const auto& p : m.params) known += (known.empty() ? "" : ", ") + p.name;
  throw unknown_parameter(m.name + " has no parameter '" + std::string(name) + "'; it has: " +
                          (known.empty() ? "none" : known));
}

}  // namespace nestor::detail
