#pragma once
// How a model file registers its model: `void register_<name>(model_registry&)` in the model's .cpp
// calls add_neuron<M> (or add_device<D>), and register_models.cpp calls every register_<name>. The
// population template is then instantiated in the model's own translation unit.

#include <memory>
#include <string>

#include "core/model_registry.hpp"
#include "core/neuron_population.hpp"

namespace nestor::detail {

/// Registers neuron model M; `weight_unit` is the unit of its connections' weights (pA for current
/// synapses, mV for delta synapses, nS for conductances, none where weights are ignored).
template <class M>
void add_neuron(model_registry& reg, unit weight_unit) {
  reg.add(std::string(M::name),
          {[](std::uint32_t first, std::size_t n, double) -> std::unique_ptr<population> {
             return std::make_unique<neuron_population<M>>(first, n);
           },
           neuron_population<M>::description(), weight_unit});
}

/// Registers device D, constructed as D(first, n, dt, extra...).
template <class D, class... Extra>
void add_device(model_registry& reg, Extra... extra) {
  auto make = [=](std::uint32_t first, std::size_t n, double dt) -> std::unique_ptr<population> {
    return std::make_unique<D>(first, n, dt, extra...);
  };
  const auto probe = make(1, 1, 0.1);
  reg.add(probe->model(), {make, probe->describe(), unit::none});
}

}  // namespace nestor::detail
