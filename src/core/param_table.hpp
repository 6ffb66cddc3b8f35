#pragma once
// The declarative parameter and state tables of models and devices: one entry per parameter holds its
// name, default, NEST unit, validity check and meaning. These tables are the single source of truth for
// get/set, unit checks, validation errors and the generated model docs.

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "nestor/errors.hpp"
#include "nestor/units.hpp"

namespace nestor::detail {

/// NEST's units. The engine works in plain doubles in these units.
enum class unit : std::uint8_t { none, ms, mV, pA, pF, nS, Hz, MOhm };

struct unit_info {
  std::string_view name;
  dimension dim;
  double si;  ///< one of this unit in SI base units
};

constexpr unit_info info(unit u) {
  switch (u) {
    case unit::ms:
      return {"ms", {0, 0, 1, 0}, 1e-3};
    case unit::mV:
      return {"mV", {2, 1, -3, -1}, 1e-3};
    case unit::pA:
      return {"pA", {0, 0, 0, 1}, 1e-12};
    case unit::pF:
      return {"pF", {-2, -1, 4, 2}, 1e-12};
    case unit::nS:
      return {"nS", {-2, -1, 3, 2}, 1e-9};
    case unit::Hz:
      return {"Hz", {0, 0, -1, 0}, 1.0};
    case unit::MOhm:
      return {"MOhm", {2, 1, -3, -2}, 1e6};
    case unit::none:
      break;
  }
  return {"1", {0, 0, 0, 0}, 1.0};
}

/// Validity checks a single value must pass (cross-parameter rules live in the model's validate()).
enum class check : std::uint8_t {
  any,             ///< any finite number
  any_or_neg_inf,  ///< any finite number or -inf (NEST's V_min: "no lower bound")
  any_or_pos_inf,  ///< any finite number or +inf (threshold_lin_rate's alpha: "no upper bound")
  positive,
  nonnegative,
  integer_nonnegative,
  boolean  ///< true or false (stored as 1 or 0; get returns a bool)
};

struct param_spec {
  std::string_view name;
  double def;  ///< default, absolute (also for values stored relative to another parameter)
  unit u;
  check c;
  std::string_view doc;
  int rel = -1;  ///< index of the parameter this one is stored relative to (NEST's E_L convention)
};

struct state_spec {
  std::string_view name;
  double def;  ///< initial value, absolute
  unit u;
  std::string_view doc;
  int rel = -1;  ///< index of the parameter the stored value is relative to
  bool recordable = true;
  bool user_visible = true;  ///< false for internal bookkeeping (refractory counter, latched input)
  /// Recorded as stored, without adding `rel` (get/set stay absolute): NEST's iaf_psc_exp_htum records
  /// V_m relative to E_L although its GetStatus reports it absolute.
  bool record_relative = false;
};

/// The table a followed by the table b (e.g. a model family's shared entries and a model's own).
template <std::size_t A, std::size_t B>
constexpr std::array<param_spec, A + B> concat_params(const std::array<param_spec, A>& a,
                                                      const std::array<param_spec, B>& b) {
  std::array<param_spec, A + B> all{};
  for (std::size_t k = 0; k < A; ++k) all[k] = a[k];
  for (std::size_t k = 0; k < B; ++k) all[A + k] = b[k];
  return all;
}

std::string format_number(double v);

/// Converts a user's number (element k of v) to the NEST unit u, checking the dimension.
double to_nest_unit(const value& v, std::size_t k, unit u, std::string_view owner, std::string_view param);

/// Throws bad_value unless x passes check c.
void check_value(double x, check c, std::string_view owner, std::string_view param, unit u);

}  // namespace nestor::detail
