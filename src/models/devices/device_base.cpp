#include "models/devices/device_base.hpp"

#include <cmath>
#include <utility>

namespace nestor::detail {

device_base::device_base(std::uint32_t first, std::size_t n, double dt, model_description desc,
                         std::vector<param_spec> table)
    : population(first, n), desc_(std::move(desc)), dt_(dt), table_(std::move(table)) {
  std::vector<double> def;
  for (const auto& p : table_) def.push_back(p.def);
  p_.assign(n, def);
}

std::vector<param_spec> device_base::window_params(std::vector<param_spec> more) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  std::vector<param_spec> t{
      {"origin", 0.0, unit::ms, check::any, "time origin that start and stop are relative to"},
      {"start", 0.0, unit::ms, check::nonnegative, "the device is active after origin + start"},
      {"stop", inf, unit::ms, check::nonnegative, "the device is active up to origin + stop (inf: for ever)"},
  };
  t.insert(t.end(), more.begin(), more.end());
  return t;
}

model_description device_base::make_description(std::string name, node_kind kind,
                                                const std::vector<param_spec>& table) {
  model_description m{std::move(name), kind, {}, {}};
  for (const auto& p : table)
    m.params.push_back({std::string(p.name), p.u, p.c == check::boolean ? value(p.def != 0.0) : value(p.def),
                        std::string(p.doc), false, false});
  return m;
}

void device_base::set(std::size_t i, const param_list& kv, bool /*initial*/) {
  std::vector<double> row = p_[i];
  std::vector<const std::pair<std::string, value>*> extra;
  for (const auto& entry : kv) {
    const int k = find_spec(table_, entry.first);
    if (k < 0) {
      extra.push_back(&entry);
      continue;
    }
    const auto& sp = table_[k];
    const double x = to_nest_unit(entry.second, 0, sp.u, desc_.name, sp.name);
    // stop may be infinite ("never stop"); everything else must be finite.
    if (!(k == STOP && std::isinf(x) && x > 0)) check_value(x, sp.c, desc_.name, sp.name, sp.u);
    row[k] = x;
  }
  if (row[STOP] < row[START])
    throw bad_value(desc_.name + " parameter stop = " + format_number(row[STOP]) +
                    " ms: expected a value >= start = " + format_number(row[START]) + " ms");
  validate(row);
  std::vector<double> old = std::exchange(p_[i], std::move(row));
  try {
    for (const auto* e : extra)
      if (!set_extra(i, e->first, e->second)) throw_unknown_parameter(desc_, e->first);
  } catch (...) {
    p_[i] = std::move(old);
    throw;
  }
}

value device_base::get(std::size_t i, std::string_view name) const {
  if (const int k = find_spec(table_, name); k >= 0)
    return table_[k].c == check::boolean ? value(p_[i][k] != 0.0) : value(p_[i][k]);
  value out;
  if (get_extra(i, name, out)) return out;
  throw_unknown_parameter(desc_, name);
}

std::int64_t device_base::grid_steps(double ms, std::string_view what) const {
  const double steps = ms / dt_;
  const double r = std::round(steps);
  if (std::abs(steps - r) > 1e-9 * std::max(1.0, std::abs(r)))
    throw bad_value(desc_.name + " parameter " + std::string(what) + " = " + format_number(ms) +
                    " ms: expected a multiple of the resolution dt = " + format_number(dt_) + " ms");
  return static_cast<std::int64_t>(r);
}

std::int64_t device_base::t_min(std::size_t i) const {
  return grid_steps(p_[i][ORIGIN], "origin") + grid_steps(p_[i][START], "start");
}

std::int64_t device_base::t_max(std::size_t i) const {
  if (std::isinf(p_[i][STOP])) return std::numeric_limits<std::int64_t>::max();
  return grid_steps(p_[i][ORIGIN], "origin") + grid_steps(p_[i][STOP], "stop");
}

}  // namespace nestor::detail
