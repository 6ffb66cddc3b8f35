#pragma once
// What a synapse model is made of, and the registry of synapse models.
//
// A synapse model M is a struct with (see stdp_synapse.hpp for a complete one):
//   static constexpr std::string_view name;                 NEST's name
//   static constexpr std::string_view doc;                  one line for the docs
//   enum P { ..., n_params };   per-connection parameters (kept in a table of parameter sets: the
//                               connections of one store that share their values share one set)
//   enum S { ..., n_state };    per-connection state besides the weight (changed by send)
//   enum C { ..., n_common };   parameters common to all connections of the model (NEST's
//                               CommonSynapseProperties: set with set_defaults / copy_model only)
//   static constexpr std::array<syn_entry, n_params> params; ... state; ... common;  (the table: names,
//                               defaults, units, checks, docs; the single source of truth)
//   static constexpr bool reads_history;   the target keeps a spike history (spike_history.hpp)
//   static constexpr archive_kind archive;  (optional) the target must keep this archive, which send()
//                               reads as ev.clopath / ev.urbanczik (clopath_synapse, urbanczik_synapse)
//   static void validate(const syn_values& v);     cross-parameter rules (throw bad_value)
//   static double send(const double* p, double* s, double& weight, const double* c, syn_event& ev);
//       called on every presynaptic spike of a connection, in spike order, where NEST calls send():
//       updates the state and the weight and returns the weight the event carries (ev.mult may be
//       changed: 0 drops the event, more releases that many quanta).
// Weight and delay are every connection's own (in its header); models whose weight is common
// (static_synapse_hom_w, tsodyks_synapse_hom) say so with `static constexpr bool common_weight = true`:
// the weight is then the model's (set_defaults / copy_model; the kernel keeps it after the common entries,
// and send() receives it as `weight`), connect refuses a weight and get_connections shows the common one.
// Sub-step delays (cont_delay_synapse): send() may change ev.offset (ms before the end of the arrival
// step, what precise targets see) and ev.delay_change (steps added to the connection's delay for this
// event); a model that makes ev.delay_change negative declares `static int min_delay_change(const double*
// p, const double* s)` so that the kernel's min_delay accounts for it.
// The default weight is 1 unless the model gives NEST's own as `static constexpr double default_weight`.
//
// Optional, for models with richer common properties (stdp_facetshw_synapse_hom):
//   list-valued common entries: syn_entry::size > 1 with array_def (size defaults); they occupy `size`
//     consecutive slots of the common vector (the model's C enum then names slot offsets, and the table
//     lists entries in slot order); given as lists of exactly `size` numbers to set_defaults/copy_model.
//   static void common_set(double* c, const std::vector<bool>& given);  NEST's derived common values
//     recomputed when set_defaults/copy_model set some (given: by entry index; also called for each
//     thread's copy, see writes_common).
//   static constexpr bool writes_common = true;  send() gets `double* c` and may change the common
//     values (NEST's connector models do, e.g. counting synapses): each thread keeps its own copy, as
//     NEST keeps one connector model per thread; set_defaults changes reach every copy (the changed
//     slots, then common_set); get_synapse_defaults shows thread 0's copy, a connection its thread's.
//
// Updates not triggered by presynaptic spikes (neuromodulated plasticity, core/neuromodulation.hpp): a
// model with
//   static constexpr int modulator_entry;   index of the common entry holding the node id of the node
//                                           that collects its neuromodulatory spikes (NEST's vt)
//   static void trigger(const double* p, double* s, double& weight, const double* c, const syn_trigger& ev);
// gets, in send(), ev.modulator: that node's spikes as NEST's synapses see them at delivery, and has
// trigger() called for each of its connections whenever the node's delivery interval ends (NEST's
// trigger_update_weight): in the delivery phase of the slice ending at ev.t_trig, on the thread owning the
// connection, before that slice's presynaptic spikes are sent (the kernel ends slices at t_trig and one
// NEST min_delay before it, and holds back spikes of slices ending in between, so that the spikes sent
// after the update are NEST's: core/neuromodulation.hpp). Thread-independent:
// every connection is updated by its own thread from the node's spikes, which no thread changes then.
// The kernel refuses to connect such a model while its entry holds no node (< 0), and to set the entry
// to anything but a node of a modulator_source population (volume_transmitter).

#include <array>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/neuromodulation.hpp"
#include "core/param_table.hpp"
#include "core/population.hpp"
#include "core/rng.hpp"
#include "core/spike_history.hpp"
#include "nestor/errors.hpp"

namespace nestor::detail {

/// One entry of a synapse model's table.
struct syn_entry {
  std::string_view name;
  double def;
  unit u;  ///< the NEST unit (ignored when weight_unit)
  check c;
  std::string_view doc;
  bool weight_unit = false;           ///< in the unit of the weight (that of the target's port: pA, nS, mV)
  bool visible = true;                ///< false for bookkeeping (the time of the last presynaptic spike)
  bool in_connect = true;             ///< false: connect refuses it (NEST's check_synapse_params, e.g. quantal n)
  std::uint16_t size = 1;             ///< > 1: a list of that many values (common entries only)
  const double* array_def = nullptr;  ///< the list's defaults (size values)
};

/// Where an entry lives: a per-connection parameter, per-connection state, or common to the model.
enum class syn_scope : std::uint8_t { param, state, common };

/// All values of one connection (or of a model's defaults), in table order within each scope.
struct syn_values {
  std::vector<double> p, s, c;
  double weight = 1.0;
  double delay = 1.0;  ///< ms
};

/// What a synapse model's send() sees of the spike it transmits.
struct syn_event {
  double t_spike;          ///< ms: the presynaptic spike's time stamp (end of its step)
  double offset;           ///< ms before the end of the step (precise sources), else 0; send may change
                           ///< it for this connection (a sub-step delay: cont_delay_synapse)
  double dendritic_delay;  ///< ms: the connection's delay (NEST's dendritic delay of STDP synapses)
  std::uint32_t mult;      ///< multiplicity; send may change it (0: not transmitted)
  spike_history* post;     ///< the target's spike history (models with reads_history), else null
  /// A random stream for this connection and spike (stochastic synapses): keyed by the seed, the
  /// source, the spike's step, the target node and the rank among parallel connections to it.
  philox_stream rng() const {
    return philox_stream(seed, source, rng_purpose::synapse, std::uint64_t(step), target, rank);
  }
  std::uint64_t seed;
  std::uint32_t source, target;
  std::int64_t step;
  std::uint64_t rank;
  /// Steps added to the connection's delay for this event (send may set it, e.g. -1 when a sub-step
  /// delay carries the spike past a step boundary); reset for every connection.
  std::int32_t delay_change = 0;
  double dt = 0.0;  ///< ms: the resolution
  /// The target's Clopath or Urbanczik archive (models with `archive` = archive_kind::clopath /
  /// urbanczik; neuron_population's clopath_history / urbanczik_history), else null.
  clopath_archive* clopath = nullptr;
  urbanczik_archive* urbanczik = nullptr;
  /// Models with a modulator_entry: the spikes of that node, the first being the pseudo spike of its
  /// last trigger (core/neuromodulation.hpp); else null.
  const std::vector<modulator_spike>* modulator = nullptr;
};

/// What a neuromodulated model's trigger() sees (synapse_model.hpp's head comment).
struct syn_trigger {
  double t_trig;                               ///< ms: the end of the interval
  const std::vector<modulator_spike>* spikes;  ///< collected since the last trigger, pseudo spike first
  double dendritic_delay;                      ///< ms: the connection's delay
  spike_history* post;                         ///< the target's spike history (models with reads_history)
};

class synapse_store;

/// A delay with a sub-step part (models with a delay offset entry, NEST's cont_delay_synapse::set_status):
/// {the delay on the grid (ms, a whole number of steps), the offset (ms) subtracted from it}. A multiple of
/// dt stays as it is; otherwise the next step up minus h (1 - frac). The whole steps below must be a valid
/// delay (at least one step), as NEST requires.
inline std::pair<double, double> split_sub_step_delay(double ms, double dt, std::string_view model) {
  double whole = 0.0;
  const double frac = std::modf(ms / dt, &whole);
  if (frac == 0.0) return {ms, 0.0};
  if (!(whole >= 1.0) || !std::isfinite(ms))
    throw bad_delay(std::string(model) + " parameter delay = " + format_number(ms) +
                    " ms: expected a value >= dt = " + format_number(dt) + " ms");
  return {(whole + 1.0) * dt, dt * (1.0 - frac)};
}

/// A synapse model as the kernel sees it (virtual at the store boundary only).
class synapse_type {
 public:
  virtual ~synapse_type() = default;
  virtual std::string_view name() const = 0;
  virtual std::string_view doc() const = 0;
  /// The table, scope by scope.
  virtual const syn_entry* entries(syn_scope sc, std::size_t& n) const = 0;
  virtual bool reads_history() const = 0;
  /// The archive the target must keep (archive_kind::none: any target).
  virtual archive_kind archive() const { return archive_kind::none; }
  virtual bool common_weight() const = 0;
  virtual double default_weight() const { return 1.0; }
  virtual bool writes_common() const { return false; }
  /// The model's derived common values after set_defaults/copy_model set the `given` entries.
  virtual void common_set(std::vector<double>&, const std::vector<bool>&) const {}
  /// Where common entry k starts in the common vector.
  std::size_t common_offset(std::size_t k) const;
  /// The state entry holding the sub-step part of the delay (ms subtracted from delay steps x dt;
  /// cont_delay_synapse's delay_offset), or -1: the kernel splits delays set on connections or as defaults
  /// into steps and this offset, and shows steps x dt - offset as the delay.
  virtual int delay_offset_entry() const = 0;
  /// The common entry naming the node of its neuromodulatory spikes, or -1.
  virtual int modulator_entry() const { return -1; }
  /// The model's defaults (weight 1, delay 1 ms unless the model says otherwise).
  syn_values defaults() const;
  /// Checks cross-parameter rules of one connection's values (per-entry checks are the caller's).
  virtual void validate(const syn_values& v) const = 0;
  /// A store for the connections of one thread; `common` stays owned by the kernel.
  virtual std::unique_ptr<synapse_store> make_store(const std::vector<double>* common) const = 0;
  /// Finds a visible entry by name: its scope and index, or false.
  bool find(std::string_view name, syn_scope& sc, std::size_t& k) const;
  const syn_entry& entry(syn_scope sc, std::size_t k) const {
    std::size_t n = 0;
    return entries(sc, n)[k];
  }
  /// "weight, delay, tau_plus, ..." for error messages.
  std::string entry_names() const;
};

/// The built-in synapse models, by name.
class synapse_registry {
 public:
  static synapse_registry& instance();
  void add(std::unique_ptr<synapse_type> t);
  const synapse_type* find(std::string_view name) const;
  std::vector<std::string> names() const;

 private:
  std::vector<std::unique_ptr<synapse_type>> types_;
};

}  // namespace nestor::detail
