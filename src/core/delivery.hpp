#pragma once
// Where one thread's delivery puts an event for one connection: its target's ring-buffer column (or the
// precise queue), honouring the target port's flags. Shared by the static connections' loops
// (kernel::deliver) and the plastic synapse stores (models/synapses/synapse_store.hpp).

#include <cstdint>
#include <functional>
#include <vector>

#include "connect/connection_store.hpp"
#include "core/neuromodulation.hpp"
#include "core/population.hpp"
#include "core/precise_queue.hpp"
#include "core/ring_buffer.hpp"

namespace nestor::detail {

class spike_history;

/// Synapse flags that need more than `slot[target] += w * mult` (delivery's general path; rows whose
/// template has none of them take the compact loops).
inline constexpr std::uint8_t special_flags = discard | count_only | precise | binary | recorded;

struct delivery {
  ring_buffer& rb;
  precise_queue& pq;
  const std::vector<std::uint32_t>& col_gid;    ///< node owning each column
  const std::vector<std::uint32_t>& col_plane;  ///< plane size of each column (sign-split routing)
  /// Reports an event delivered over a connection with flag `recorded` (kernel::note_weight).
  std::function<void(const spike_event&, std::size_t seq, const synapse&, double w, double offset)> note;
  // what synapse models read
  double dt;                      ///< ms
  std::int64_t tics_per_step;     ///< NEST's time base: 1000 tics per ms
  spike_history* const* history;  ///< by node id: the spike history of neurons that keep one
  std::uint64_t seed;             ///< the simulation's seed (stochastic synapses)
  clopath_archive* const* clopath = nullptr;      ///< by node id: the Clopath archives of neurons keeping one
  urbanczik_archive* const* urbanczik = nullptr;  ///< by node id: the Urbanczik archives
  /// The neuromodulatory spikes of a node (a modulator_source) as synapses read them in this slice's
  /// delivery; null if the node is none (core/neuromodulation.hpp).
  std::function<const std::vector<modulator_spike>*(std::uint32_t gid)> modulation = nullptr;

  /// The ring-buffer row of a step, remembered for the next connection (most go to the same step).
  double* row_at(std::int64_t step) {
    if (step != row_step_) {
      row_step_ = step;
      row_ = rb.row(step);
    }
    return row_;
  }
  std::int64_t row_step_ = -1;
  double* row_ = nullptr;

  /// NEST's time in ms of the end of step k (Time::get_ms of k steps: exact tics, one division).
  double ms(std::int64_t k) const { return double(k * tics_per_step) / 1000.0; }

  double* slot(std::int64_t step) {
    return rb.row(step);  // rb.row takes the step modulo the number of slots
  }
  /// Puts weight w x mult of event e (the seq-th of the slice) into the channel of connection s,
  /// `offset` ms before the end of its step.
  void add(const spike_event& e, std::size_t seq, const synapse& s, double w, std::uint32_t mult,
           double offset) {
    if (s.flags & special_flags) {
      if (s.flags & recorded) note(e, seq, s, w, offset);
      if (s.flags & binary)
        row_at(e.step + s.delay)[s.target] += mult == 2 ? w : mult == 1 ? -w : 0.0;  // NEST ignores m >= 3
      else if (s.flags & precise)
        pq.push(e.step + s.delay, {s.target, offset, (s.flags & count_only) ? double(mult) : w * mult});
      else if (s.flags & count_only)
        row_at(e.step + s.delay)[s.target] += mult;
      else if (!(s.flags & discard))
        row_at(e.step + s.delay)[s.target] += w * mult;
      return;
    }
    row_at(e.step + s.delay)[s.target] += w * mult;
  }
  /// The same for a weight that may have changed sign since the connection was routed by its sign
  /// (sign-split ports: NEST's ex/in buffers follow the weight of each event).
  void add_signed(const spike_event& e, std::size_t seq, synapse s, double w, std::uint32_t mult,
                  double offset) {
    if ((s.flags & sign_split) && ((w > 0) != (s.weight > 0)))
      s.target = s.weight > 0 ? s.target + col_plane[s.target] : s.target - col_plane[s.target];
    add(e, seq, s, w, mult, offset);
  }
};

}  // namespace nestor::detail
