#include "core/model_defaults.hpp"

#include <algorithm>

#include "nestor/errors.hpp"

namespace nestor::detail {

namespace {

/// Edit distance (insertions, deletions, substitutions) between two names.
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

bool is_array_param(const model_description& desc, const std::string& name) {
  for (const auto& p : desc.params)
    if (p.name == name) return p.is_array;
  return false;
}

/// Defaults hold one value per parameter (as NEST's): scalars, strings, or one array for array
/// parameters. A one-element list counts as a scalar.
param_list one_value_each(const std::string& context, const model_description& desc,
                          const param_list& params) {
  param_list out;
  for (const auto& [name, v] : params) {
    if (v.is_string() || (is_array_param(desc, name) && v.shape().size() <= 1)) {
      out.emplace_back(name, v);
    } else if (!is_array_param(desc, name) && v.size() == 1) {
      out.emplace_back(name, v.shape().empty() ? v : v.element(0));
    } else {
      throw bad_argument(context + desc.name + " parameter " + name +
                         ": a default is one value for all nodes, got " + std::to_string(v.size()) +
                         " values");
    }
  }
  return out;
}

}  // namespace

void with_error_context(const std::string& context, const std::function<void()>& f) {
  if (context.empty()) return f();
  try {
    f();
  } catch (const unknown_parameter& e) {
    throw unknown_parameter(context + e.what());
  } catch (const bad_value& e) {
    throw bad_value(context + e.what());
  } catch (const dimension_mismatch& e) {
    throw dimension_mismatch(context + e.what());
  } catch (const bad_argument& e) {
    throw bad_argument(context + e.what());
  } catch (const unknown_model& e) {
    throw unknown_model(context + e.what());
  }
}

bool model_defaults::knows(const std::string& name) const {
  if (table_.count(name)) return true;
  const auto names = model_registry::instance().names();
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::vector<std::string> model_defaults::copies() const {
  std::vector<std::string> out;
  for (const auto& [n, e] : table_)
    if (e.is_copy) out.push_back(n);
  return out;
}

model_defaults::resolved model_defaults::find(const std::string& name, const char* what) const {
  static const std::vector<param_list> none;
  if (auto it = table_.find(name); it != table_.end())
    return {it->second.base, &it->second.defaults, it->second.is_copy};
  // A built-in whose defaults were never changed: its registry entry with no values to apply.
  if (knows(name)) return {&model_registry::instance().at(name), &none, false};
  std::vector<std::string> known = model_registry::instance().names();
  for (const auto& c : copies()) known.push_back(c);
  std::sort(known.begin(), known.end());
  std::string close, all;
  for (const auto& n : known) {
    all += (all.empty() ? "" : ", ") + n;
    const std::size_t d = edit_distance(name, n);
    if (d <= std::max<std::size_t>(2, name.size() / 4) ||
        (name.size() >= 4 && n.find(name) != std::string::npos))
      close += (close.empty() ? "" : ", ") + n;
  }
  throw unknown_model(std::string(what) + "unknown model '" + name + "'" +
                      (close.empty() ? "" : " (did you mean " + close + "?)") +
                      "; known neuron and device models: " + all);
}

model_defaults::resolved model_defaults::resolve(const std::string& name) const {
  return find(name, "");
}

std::unique_ptr<population> model_defaults::probe(const std::string& name, const resolved& r) const {
  auto pop = r.entry->make(1, 1, dt_);
  if (r.is_copy) pop->set_model_name(name);
  for (const auto& step : *r.defaults) pop->set(0, step, true);
  return pop;
}

void model_defaults::copy(const std::string& existing, const std::string& new_name,
                          const param_list& params) {
  const std::string context = "copy_model(" + existing + " -> " + new_name + "): ";
  const resolved from = find(existing, context.c_str());
  if (new_name.empty() || new_name.find_first_of(" \t\n") != std::string::npos)
    throw bad_argument(context + "the new name must be a non-empty word");
  if (knows(new_name))
    throw bad_argument(context + "a model named '" + new_name + "' exists already" +
                       (table_.count(new_name) && table_.at(new_name).is_copy ? " (a copy made earlier)"
                                                                              : " (a built-in model)"));
  entry made{from.entry, *from.defaults, true};
  with_error_context(context, [&] {
    const param_list values = one_value_each("", from.entry->desc, params);
    auto pop = probe(new_name, {made.base, &made.defaults, true});
    pop->set(0, values, true);  // refuses a bad value before anything is kept
    if (!values.empty()) made.defaults.push_back(values);
  });
  table_.emplace(new_name, std::move(made));
}

void model_defaults::set(const std::string& model, const param_list& params) {
  const std::string context = "set_defaults(" + model + "): ";
  const resolved current = find(model, context.c_str());
  entry changed{current.entry, *current.defaults, current.is_copy};
  with_error_context(context, [&] {
    const param_list values = one_value_each("", current.entry->desc, params);
    auto pop = probe(model, current);
    pop->set(0, values, true);
    if (!values.empty()) changed.defaults.push_back(values);
  });
  table_.insert_or_assign(model, std::move(changed));
}

value model_defaults::get(const std::string& model, const std::string& name) const {
  const std::string context = "get_defaults(" + model + "): ";
  const resolved e = find(model, context.c_str());
  value out;
  with_error_context(context, [&] { out = probe(model, e)->get(0, name); });
  return out;
}

param_list model_defaults::get_all(const std::string& model) const {
  const std::string context = "get_defaults(" + model + "): ";
  const resolved e = find(model, context.c_str());
  param_list out;
  with_error_context(context, [&] {
    const auto pop = probe(model, e);
    for (const auto& p : e.entry->desc.params) out.emplace_back(p.name, pop->get(0, p.name));
  });
  return out;
}

}  // namespace nestor::detail
