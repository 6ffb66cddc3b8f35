#pragma once
// Static connections, stored on the target side and indexed by source in compressed rows (CSR):
// row(source) lists the synapses of that source, sorted by target channel and then creation order.
// A synapse is 16 bytes: weight, target channel (column of the thread's ring buffer), delay in steps,
// the target port's flags and the receptor.
//
// Connections are added in two passes so that building never holds more than the final arrays: the
// kernel first announces how many synapses each source gains (while checking them), then the build
// allocates the rows once and the kernel places the synapses again, in creation order.

#include <cstdint>
#include <span>
#include <stdexcept>
#include <utility>
#include <vector>

namespace nestor::detail {

struct synapse {
  double weight;
  std::uint32_t target;  ///< column of the target's input channel in the ring buffer
  std::uint16_t delay;   ///< steps, >= 1
  std::uint8_t flags;    ///< port_flags of the target
  std::uint8_t kind;     ///< receptor port (low 7 bits); current_bit set for current connections
};
inline constexpr std::uint8_t current_bit = 0x80;
inline constexpr std::uint8_t receptor_mask = 0x7f;
static_assert(sizeof(synapse) == 16);

class connection_store {
 public:
  /// Pass one: `counts[s]` more synapses will come from source s (counts indexed by node id).
  void announce(const std::vector<std::uint32_t>& counts);
  /// Pass two: begin_build allocates the rows (n_ids: one past the largest node id), place() must then
  /// be called for exactly the announced synapses, in creation order, and finish_build completes them.
  void begin_build(std::size_t n_ids);
  void place(std::uint32_t source, const synapse& syn) {
    if (source >= n_ids_ || fill_[source] >= off_[source + 1])
      throw std::logic_error("connection_store: more synapses placed than announced");
    // Sources come in any order, so each placement is a random write: claim the slot at once,
    // prefetch it, and write it a few synapses later, when the cache line has arrived.
    const std::uint64_t at = fill_[source]++;
    __builtin_prefetch(next_.data() + at, 1);
    auto& slot = queue_[queued_ % lookahead];
    if (queued_ >= lookahead) next_[slot.first] = slot.second;
    slot = {at, syn};
    ++queued_;
  }
  void finish_build();
  bool dirty() const { return pending_total_ > 0; }

  std::span<const synapse> row(std::uint32_t source) const {
    if (std::size_t(source) + 1 >= offsets_.size()) return {};
    return {syn_.data() + offsets_[source], syn_.data() + offsets_[source + 1]};
  }
  std::size_t size() const { return syn_.size() + pending_total_; }
  /// Position of source's first synapse among all synapses (after build()).
  std::uint64_t row_offset(std::uint32_t source) const {
    return std::size_t(source) + 1 < offsets_.size() ? offsets_[source] : syn_.size();
  }
  synapse& at(std::uint64_t position) { return syn_.at(position); }
  /// Changes whenever positions change (build, erase): listings made before are then stale.
  std::uint64_t version() const { return version_; }
  /// Removes the synapses at these positions (after build()).
  void erase(const std::vector<std::uint64_t>& positions);
  /// Recomputes min/max delay after delays were changed in place.
  void refresh_delays();
  std::uint16_t min_delay() const { return min_delay_; }
  std::uint16_t max_delay() const { return max_delay_; }
  /// Bytes held by the rows and their index.
  std::size_t bytes() const {
    return syn_.capacity() * sizeof(synapse) + offsets_.capacity() * sizeof(std::uint64_t) +
           pending_.capacity() * sizeof(std::uint32_t);
  }

 private:
  std::vector<synapse> syn_;
  std::vector<std::uint64_t> offsets_;     // by node id; size n_ids + 1 once built
  std::vector<std::uint32_t> pending_;     // announced, not yet placed, by node id
  std::uint64_t pending_total_ = 0;
  std::uint16_t min_delay_ = 0, max_delay_ = 0;  // 0: no connections
  std::uint64_t version_ = 0;
  // state of a build in progress
  static constexpr std::size_t lookahead = 16;
  std::size_t n_ids_ = 0;
  std::vector<synapse> next_;
  std::vector<std::uint64_t> off_, fill_;
  std::pair<std::uint64_t, synapse> queue_[lookahead];
  std::size_t queued_ = 0;
};

}  // namespace nestor::detail
