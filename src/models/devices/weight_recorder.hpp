#pragma once
// NEST 3.9's weight_recorder (models/weight_recorder.h/.cpp, nestkernel/connector_base.h
// send_weight_event): for every event delivered over a connection the recorder is attached to, one
// entry (senders, targets, times, weights, receptors), stamped with the event's stamp (the spike's
// time, not its arrival) and kept if origin + start < stamp <= origin + stop and, when the lists
// `senders` / `targets` are set, if the sender / target is listed.
//
// Attaching: a connection carries port flag `recorded` (population.hpp) and the kernel keeps, per
// (source, target, receptor_type), the recorder it reports to (kernel::wr_links_). Static synapses attach
// it with connect(pre, post, ..., weight_recorder=wr) (NEST: a synapse model copied with
// {"weight_recorder": wr}); a plastic synapse model sets the same flag and reports its current weight.
// One recorder per (source, target, receptor_type): connections made later with another recorder for the
// same triple make all of that triple's recorded connections report to the later one.
// Delivery threads write into their own buffers; finish() merges them in delivery order (event by
// event in the kernel's (step, sender) order, then by target; a pair's connections in the order they
// were made), so the result does not depend on threads.

#include <cstdint>
#include <vector>

#include "models/devices/detectors.hpp"

namespace nestor::detail {

class weight_recorder final : public spike_observer {
 public:
  struct entry {
    std::int64_t step;  ///< the step the event was emitted in (stamp = step + 1)
    double offset;      ///< precise spikes: ms before the end of that step
    std::uint64_t seq;  ///< position of the event in its slice's ordered events (step, sender)
    std::uint32_t sender, target;
    double weight;
    int receptor;
  };
  weight_recorder(std::uint32_t first, std::size_t n, double dt);
  void observe(const population& src, std::uint32_t gid, int port, double weight) override;
  /// Called by delivery thread `thread` (at most max_threads).
  void note(int thread, const entry& e) { buf_[std::size_t(thread)].push_back(e); }
  recorder_record finish() override;
  void reset() override;
  static constexpr int max_threads = 256;

 protected:
  int n_ports() const override { return 0; }
  void handle(std::int64_t, std::uint32_t, std::uint32_t, int, double, double) override {}
  bool set_extra(std::size_t i, const std::string& name, const value& v) override;
  bool get_extra(std::size_t i, std::string_view name, value& out) const override;

 private:
  std::vector<std::vector<entry>> buf_;
  std::vector<std::int64_t> senders_, targets_;  // filters (sorted; empty: all)
};

}  // namespace nestor::detail
