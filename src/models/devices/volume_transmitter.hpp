#pragma once
// volume_transmitter: collects the spikes of the (dopaminergic) neurons connected to it and hands them to
// the neuromodulated synapses that name it in their model's common parameter vt (stdp_dopamine_synapse),
// as NEST's models/volume_transmitter.{h,cpp} does (core/neuromodulation.hpp has the timing).
//
// A spike counts with its multiplicity (weights are ignored) at the end of the step in which it reaches
// the node. Every deliver_interval x min_delay steps (NEST's min_delay, see run_info::nest_min_delay_steps),
// at the end of the slice, its synapses are updated with the spikes collected since the previous update.
// Differences: NEST does not check deliver_interval (0 fails there); here it must be an integer >= 1.
// NEST silently makes no connection from a device (spike_generator) to a volume_transmitter; here such
// connections deliver their spikes as a neuron's would.

#include <cstdint>
#include <vector>

#include "core/neuromodulation.hpp"
#include "core/population.hpp"

namespace nestor::detail {

class volume_transmitter final : public population, public modulator_source {
 public:
  volume_transmitter(std::uint32_t first, std::size_t n, double dt);

  const model_description& describe() const override { return desc_; }
  void set(std::size_t i, const param_list& kv, bool initial) override;
  value get(std::size_t i, std::string_view name) const override;
  int channels_per_node() const override { return 1; }
  std::optional<port> spike_port(int receptor) const override;
  void prepare(const run_info& run) override;
  void update(std::int64_t from, std::int64_t to, update_context& ctx) override;
  void reset() override;

  const std::vector<modulator_spike>& current(std::size_t i) const override;
  bool due(std::size_t i, double& t_trig, const std::vector<modulator_spike>*& spikes) const override;
  std::int64_t next_cut(std::int64_t now) const override;
  bool holds(std::int64_t step) const override;

 private:
  struct node {
    std::int64_t interval = 1;                        ///< deliver_interval (in min_delays)
    std::vector<modulator_spike> spikes{{0.0, 0.0}};  ///< since the last trigger, pseudo spike first
    std::vector<modulator_spike> after;               ///< once due: the pseudo spike at the trigger time
    bool due = false;
    double t_trig = 0.0;
  };
  std::int64_t period(const node& n) const { return n.interval * min_delay_; }
  double ms(std::int64_t step) const;

  model_description desc_;
  std::vector<node> nodes_;
  std::int64_t min_delay_ = 1;  ///< NEST's min_delay in steps
  std::int64_t tics_per_step_;
};

}  // namespace nestor::detail
