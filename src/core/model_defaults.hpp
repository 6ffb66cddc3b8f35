#pragma once
// The model defaults of one Simulator: NEST's CopyModel, SetDefaults and GetDefaults for neuron and
// device models.
//
// A copy is a new model name whose nodes are of a built-in model with other defaults; set_defaults
// changes the defaults that later create() calls start from (nodes that exist keep their values, as in
// NEST). The built-in registry is never changed: every kernel holds its own table, so two Simulators
// never see each other's copies or defaults.
//
// Defaults are kept as the sequence of value sets given (copy_model's, then each set_defaults') and
// replayed in that order on every new node before create()'s own values: the same steps NEST's prototype
// went through, then NEST's SetStatus(params) on the clone. Values are checked when given, on a probe node of
// the built-in model, so a bad value is refused by copy_model/set_defaults, not by a later create().
// A copy of a copy starts from the defaults its original has at that moment (later set_defaults on the
// original do not reach it), as NEST's prototype clone.
//
// Synapse models are not handled here: names that are not node models are refused with unknown_model
// (the kernel routes synapse names to the synapse registry before asking this table).

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/model_registry.hpp"
#include "core/population.hpp"

namespace nestor::detail {

class model_defaults {
 public:
  explicit model_defaults(double dt) : dt_(dt) {}

  /// What create() needs for a model name: the built-in model and the defaults to apply first.
  struct resolved {
    const model_entry* entry;                 ///< the built-in model
    const std::vector<param_list>* defaults;  ///< value sets to apply, in order, to every new node first
    bool is_copy;                             ///< the name is a copy (nodes are named after it)
  };
  /// Throws unknown_model (listing the known names, this Simulator's copies included).
  resolved resolve(const std::string& name) const;
  /// True for a built-in node model or a copy of this Simulator.
  bool knows(const std::string& name) const;

  /// NEST's CopyModel: `new_name` (not yet known) gets `existing`'s current defaults changed by `params`.
  void copy(const std::string& existing, const std::string& new_name, const param_list& params);
  /// NEST's SetDefaults: later create() calls of `model` start from these values.
  void set(const std::string& model, const param_list& params);
  /// NEST's GetDefaults: one parameter or state variable of a new node of `model`, in its NEST unit.
  value get(const std::string& model, const std::string& name) const;
  /// Every parameter and user-visible state variable of a new node of `model`, in table order.
  param_list get_all(const std::string& model) const;

  /// The names of this Simulator's copies, sorted.
  std::vector<std::string> copies() const;

 private:
  struct entry {
    const model_entry* base;
    std::vector<param_list> defaults;
    bool is_copy;
  };
  /// A one-node population of `e`'s model carrying its defaults (errors name `name`).
  std::unique_ptr<population> probe(const std::string& name, const resolved& r) const;
  /// The model `name` (a copy, or a built-in with or without changed defaults); throws unknown_model
  /// with `what` before its message.
  resolved find(const std::string& name, const char* what) const;

  double dt_;
  std::map<std::string, entry> table_;  ///< copies, and built-ins whose defaults were changed
};

/// Runs f(); a typed error it throws comes back as the same type with `context` put before its message.
void with_error_context(const std::string& context, const std::function<void()>& f);

}  // namespace nestor::detail
