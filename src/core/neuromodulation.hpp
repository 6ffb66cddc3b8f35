#pragma once
// Neuromodulated plasticity (NEST's volume_transmitter + stdp_dopamine_synapse; Potjans et al. 2010):
// a node collects the spikes of the neuromodulatory neurons connected to it, and the synapses that name
// it in their model's common parameters read those spikes when they transmit a presynaptic spike and,
// every `deliver_interval` x min_delay, when the node triggers an update of all of them (synapse_model.hpp).
//
// Timing, as NEST's: a spike stamped t sent to the node over a connection of delay d counts at t + d
// (the end of the step in which the node reads it). The node keeps the spikes since its last trigger,
// the first being a pseudo spike (multiplicity 0) at that trigger's time (0 at the start). When the
// slice just updated ends at a multiple of its period, the node is due: in the delivery phase every
// thread first triggers its own synapses of that node with the collected spikes and the trigger time,
// then delivers the slice's presynaptic spikes, whose synapses then see only the pseudo spike at the
// trigger time (NEST clears the list after the trigger, before the slice's spikes are delivered).
// So, as in NEST, the presynaptic spikes of the last NEST min_delay before a trigger time T, (T - D, T],
// are sent after that trigger, earlier ones before it: the kernel ends slices at T - D and at T (D: NEST's
// min_delay, which may be shorter than nestor's slices; see kernel::nest_min_delay), and a slice that
// ends strictly inside (T - D, T) (nestor's min_delay is no multiple of D, or a simulate() call ends
// there) hands its spikes to the neuromodulated synapses only with the next slice, after the trigger, as
// NEST, which delivers spikes at the ends of its min_delay slices only. Split runs thus equal one run.
//
// The node's lists are written only by the thread that owns it, in the update phase, and read by all
// threads in the delivery phase: results do not depend on threads.

#include <cstdint>
#include <vector>

namespace nestor::detail {

/// A neuromodulatory spike as a synapse sees it: when it reached the node (ms) and its multiplicity.
struct modulator_spike {
  double t;
  double mult;
};

/// What the kernel needs of a population of such nodes (volume_transmitter).
class modulator_source {
 public:
  virtual ~modulator_source() = default;
  /// The spikes synapses read when the slice's presynaptic spikes are delivered (node i).
  virtual const std::vector<modulator_spike>& current(std::size_t i) const = 0;
  /// True if node i's delivery interval ended with the slice just updated; then `t_trig` (ms) and the
  /// spikes collected since the previous trigger, the first being the pseudo spike.
  virtual bool due(std::size_t i, double& t_trig, const std::vector<modulator_spike>*& spikes) const = 0;
  /// The first step after `now` at which a slice must end: a trigger time T of some node, or T - D.
  virtual std::int64_t next_cut(std::int64_t now) const = 0;
  /// True if `step` lies strictly inside (T - D, T) for a trigger time T of some node.
  virtual bool holds(std::int64_t step) const = 0;
};

}  // namespace nestor::detail
