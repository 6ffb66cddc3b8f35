#pragma once
// The check of models whose exact propagators are singular when two time constants coincide (NEST's
// "Membrane and synapse time constant(s) must differ"), naming the parameter that was refused.

#include <string>
#include <string_view>

#include "core/param_table.hpp"

namespace nestor::detail {

/// Throws bad_value (naming `param`) if tau == tau_other, the value of parameter `other` (both in ms).
inline void check_taus_differ(std::string_view model, std::string_view param, double tau,
                              std::string_view other, double tau_other) {
  if (tau == tau_other)
    throw bad_value(std::string(model) + " parameter " + std::string(param) + " = " + format_number(tau) +
                    " ms: expected a value different from " + std::string(other) + " = " +
                    format_number(tau_other) + " ms (the exact propagator is singular there)");
}

}  // namespace nestor::detail
