// The built-in models and devices. Adding a model: write its file, add one line here.
#include "core/model_registry.hpp"
#include "models/devices/generators.hpp"
#include "models/devices/recorders.hpp"
#include "models/neurons/iaf_psc_alpha.hpp"
#include "models/neurons/iaf_psc_delta.hpp"
#include "models/neurons/iaf_psc_exp.hpp"
#include "models/neurons/parrot_neuron.hpp"

namespace nestor::detail {

namespace {
template <class M>
void add_neuron(model_registry& reg, unit weight_unit) {
  reg.add(std::string(M::name),
          {[](std::uint32_t first, std::size_t n, double) -> std::unique_ptr<population> {
             return std::make_unique<neuron_population<M>>(first, n);
           },
           neuron_population<M>::description(), weight_unit});
}

template <class D, class... Extra>
void add_device(model_registry& reg, Extra... extra) {
  auto make = [=](std::uint32_t first, std::size_t n, double dt) -> std::unique_ptr<population> {
    return std::make_unique<D>(first, n, dt, extra...);
  };
  const auto probe = make(1, 1, 0.1);
  reg.add(probe->model(), {make, probe->describe(), unit::none});
}
}  // namespace

void register_models(model_registry& reg) {
  add_neuron<iaf_psc_alpha>(reg, unit::pA);
  add_neuron<iaf_psc_delta>(reg, unit::mV);
  add_neuron<iaf_psc_exp>(reg, unit::pA);
  add_neuron<parrot_neuron>(reg, unit::none);
  add_device<dc_generator>(reg);
  add_device<poisson_generator>(reg);
  add_device<spike_generator>(reg);
  add_device<multimeter>(reg, false);
  add_device<multimeter>(reg, true);
  add_device<spike_recorder>(reg);
}

}  // namespace nestor::detail
