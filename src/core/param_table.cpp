#include "core/param_table.hpp"

#include <sstream>

namespace nestor::detail {

std::string format_number(double v) {
  std::ostringstream os;
  os.precision(10);
  os << v;
  return os.str();
}

namespace {
std::string describe_dim(dimension d) {
  for (unit u : {unit::ms, unit::mV, unit::pA, unit::pF, unit::nS, unit::Hz, unit::MOhm})
    if (info(u).dim == d) return std::string(info(u).name);
  if (d == dimension{}) return "a dimensionless number";
  std::ostringstream os;
  os << "m^" << int(d.m) << " kg^" << int(d.kg) << " s^" << int(d.s) << " A^" << int(d.A);
  return os.str();
}
}  // namespace

double to_nest_unit(const value& v, std::size_t k, unit u, std::string_view owner,
                    std::string_view param) {
  if (v.is_string())
    throw bad_argument(std::string(owner) + " parameter " + std::string(param) +
                       ": expected a number, got a string");
  const double x = v.numbers().at(k);
  if (!v.has_dimension()) return x;  // a bare number is in the parameter's NEST unit
  const unit_info ui = info(u);
  if (!(v.dim() == ui.dim))
    throw dimension_mismatch(std::string(owner) + " parameter " + std::string(param) +
                             ": expected a quantity in " + std::string(ui.name) + ", got one in " +
                             describe_dim(v.dim()));
  return x / ui.si;
}

void check_value(double x, check c, std::string_view owner, std::string_view param, unit u) {
  // The message is only built for a refused value: this runs for every value of every connection.
  const char* expected = nullptr;
  if (!std::isfinite(x) && !(c == check::any_or_neg_inf && std::isinf(x) && x < 0) &&
      !(c == check::any_or_pos_inf && std::isinf(x) && x > 0)) {
    expected = "a finite number";
  } else {
    switch (c) {
      case check::positive:
        if (!(x > 0)) expected = "a value > 0";
        break;
      case check::nonnegative:
        if (!(x >= 0)) expected = "a value >= 0";
        break;
      case check::integer_nonnegative:
        if (!(x >= 0) || x != std::floor(x)) expected = "a non-negative integer";
        break;
      case check::boolean:
        if (x != 0.0 && x != 1.0) expected = "true or false";
        break;
      case check::any:
      case check::any_or_neg_inf:
      case check::any_or_pos_inf:
        break;
    }
  }
  if (!expected) return;
  throw bad_value(std::string(owner) + " parameter " + std::string(param) + " = " + format_number(x) +
                  (u == unit::none ? "" : " ") + (u == unit::none ? std::string() : std::string(info(u).name)) +
                  ": expected " + expected);
}

}  // namespace nestor::detail
