#pragma once
// Checks shared by the integrate-and-fire models (NEST's "Reset potential must be smaller than
// threshold"), with the values reported as the user gave them (absolute, not relative to E_L).

#include <string>
#include <string_view>

#include "core/param_table.hpp"

namespace nestor::detail {

/// Throws bad_value unless V_reset < V_th; both are given relative to E_L.
inline void check_reset_below_threshold(std::string_view model, double V_reset_rel, double V_th_rel,
                                        double E_L) {
  if (!(V_reset_rel < V_th_rel))
    throw bad_value(std::string(model) + " parameter V_reset = " + format_number(V_reset_rel + E_L) +
                    " mV: expected a value smaller than V_th = " + format_number(V_th_rel + E_L) + " mV");
}

}  // namespace nestor::detail
