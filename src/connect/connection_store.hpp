#pragma once
// Static connections, stored on the target side and indexed by source in compressed rows (CSR):
// row(source) lists the synapses of that source, sorted by target channel and then creation order.
// A synapse is 16 bytes: weight, target channel (column of the thread's ring buffer), delay in steps
// and the port flags of the target. New connections are staged and merged into the rows by build().

#include <cstdint>
#include <span>
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
  void add(std::uint32_t source, const synapse& s) { staged_.push_back({source, s}); }
  /// Merges staged connections into the rows; `n_ids` is one past the largest node id.
  void build(std::size_t n_ids);
  std::span<const synapse> row(std::uint32_t source) const {
    if (source + 1 >= offsets_.size()) return {};
    return {syn_.data() + offsets_[source], syn_.data() + offsets_[source + 1]};
  }
  std::size_t size() const { return syn_.size() + staged_.size(); }
  /// Position of source's first synapse among all synapses (after build()).
  std::uint64_t row_offset(std::uint32_t source) const {
    return source + 1 < offsets_.size() ? offsets_[source] : syn_.size();
  }
  synapse& at(std::uint64_t position) { return syn_.at(position); }
  /// Changes whenever positions change (build, erase): listings made before are then stale.
  std::uint64_t version() const { return version_; }
  /// Removes the synapses at these positions (after build()).
  void erase(const std::vector<std::uint64_t>& positions);
  /// Recomputes min/max delay after delays were changed in place.
  void refresh_delays();
  bool dirty() const { return !staged_.empty(); }
  std::uint16_t min_delay() const { return min_delay_; }
  std::uint16_t max_delay() const { return max_delay_; }
  void clear() {
    staged_.clear();
    syn_.clear();
    offsets_.clear();
    ++version_;
  }

 private:
  struct staged {
    std::uint32_t source;
    synapse s;
  };
  std::vector<staged> staged_;
  std::vector<synapse> syn_;
  std::vector<std::uint64_t> offsets_;
  std::uint16_t min_delay_ = 0, max_delay_ = 0;  // 0: no connections
  std::uint64_t version_ = 0;
};

}  // namespace nestor::detail
