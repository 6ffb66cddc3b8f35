#pragma once
// Static connections, stored on the target side and indexed by source in compressed rows (CSR):
// row(source) lists the synapses of that source, sorted by target channel and then creation order.
//
// A synapse is 16 bytes: weight, target channel (column of the thread's ring buffer), delay in steps,
// the target port's flags and the receptor. A row whose synapses all share weight, delay, flags and
// receptor (every row of a network wired with fixed weights and delays) is kept compact: one template
// synapse and 4 bytes per target. Delivery then streams a quarter of the bytes.
//
// Connections are added in two passes so that building never holds more than the final arrays: the
// kernel first announces, per source, how many synapses come and what they look like (while checking
// them), then the build allocates the rows once and the kernel places the synapses again, in creation
// order.

#include <bit>
#include <cstdint>
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
/// A synapse flag next to the port_flags of the target (population.hpp): every event the connection
/// delivers is reported to the weight_recorder attached to it (kernel::note_weight).
inline constexpr std::uint8_t recorded = 0x40;
inline constexpr std::uint8_t receptor_mask = 0x7f;
static_assert(sizeof(synapse) == 16);

/// True if a and b differ at most in their target.
inline bool same_but_target(const synapse& a, const synapse& b) {
  return a.delay == b.delay && a.flags == b.flags && a.kind == b.kind &&
         std::bit_cast<std::uint64_t>(a.weight) == std::bit_cast<std::uint64_t>(b.weight);
}

/// What the synapses of one row have in common: nothing yet, everything but the target, or not that.
struct row_shape {
  enum : std::uint8_t { empty, uniform, mixed } state = empty;
  synapse tmpl{};
  /// Takes one more synapse into account; `known` is false when its values are not known yet.
  void add(const synapse& s, bool known) {
    if (!known)
      state = mixed;
    else if (state == empty)
      state = uniform, tmpl = s;
    else if (state == uniform && !same_but_target(s, tmpl))
      state = mixed;
  }
  void merge(const row_shape& o) {
    if (o.state == empty) return;
    if (state == empty)
      *this = o;
    else if (state == mixed || o.state == mixed || !same_but_target(tmpl, o.tmpl))
      state = mixed;
  }
};

/// One source's synapses: either `general` (n synapses) or compact (`targets`, n of them, and `tmpl`).
struct row_view {
  const synapse* general;
  const std::uint32_t* targets;
  const synapse* tmpl;
  std::uint32_t n;
  std::uint32_t size() const { return n; }
  bool compact() const { return targets != nullptr; }
  synapse operator[](std::uint32_t k) const {
    if (general) return general[k];
    synapse x = *tmpl;
    x.target = targets[k];
    return x;
  }
};

class connection_store {
 public:
  /// Pass one: counts[s] more synapses will come from source s, with shapes[s] in common (both indexed
  /// by node id).
  void announce(const std::vector<std::uint32_t>& counts, const std::vector<row_shape>& shapes);
  /// Pass two: begin_build allocates the rows (n_ids: one past the largest node id), place() must then
  /// be called for exactly the announced synapses, in creation order, and finish_build completes them.
  void begin_build(std::size_t n_ids);
  void place(std::uint32_t source, const synapse& syn) {
    if (source >= n_ids_ || fill_[source] >= end_[source])
      throw std::logic_error("connection_store: more synapses placed than announced");
    // Sources come in any order, so each placement is a random write: claim the slot at once,
    // prefetch it, and write it a few synapses later, when the cache line has arrived.
    const std::uint64_t at = fill_[source]++;
    const bool compact = shape_[source].state == row_shape::uniform;
    if (compact)
      __builtin_prefetch(tgt_.data() + at, 1);
    else
      __builtin_prefetch(syn_.data() + at, 1);
    auto& slot = queue_[queued_ % lookahead];
    if (queued_ >= lookahead) write(slot);
    slot = {at, compact, syn};
    ++queued_;
  }
  void finish_build();
  bool dirty() const { return pending_total_ > 0; }

  row_view row(std::uint32_t source) const {
    if (source >= rows_.size()) return {nullptr, nullptr, nullptr, 0};
    const row_info& r = rows_[source];
    if (r.compact) return {nullptr, tgt_.data() + r.begin, &tmpl_[source], r.n};
    return {syn_.data() + r.begin, nullptr, nullptr, r.n};
  }
  /// Hints for delivery, which visits rows in event order: bring a row's index entry into the cache
  /// (a few events ahead), then the start of its synapses (one event ahead), so that the walk over rows
  /// does not wait for memory at every row.
  void prefetch_index(std::uint32_t source) const {
    if (source < rows_.size()) __builtin_prefetch(&rows_[source]);
  }
  void prefetch_row(std::uint32_t source) const {
    if (source >= rows_.size()) return;
    const row_info& r = rows_[source];
    const char* p = r.compact ? reinterpret_cast<const char*>(tgt_.data() + r.begin)
                              : reinterpret_cast<const char*>(syn_.data() + r.begin);
    if (r.compact) __builtin_prefetch(&tmpl_[source]);
    for (int line = 0; line < 4; ++line) __builtin_prefetch(p + 64 * line);
  }
  std::size_t size() const { return built_ + pending_total_; }
  /// Position of source's first synapse among all synapses (after a build): positions name
  /// connections for introspection.
  std::uint64_t row_offset(std::uint32_t source) const {
    return source < first_.size() ? first_[source] : built_;
  }
  synapse get(std::uint64_t position) const;
  /// Changes one synapse (a compact store becomes general first if the change needs it).
  void set(std::uint64_t position, const synapse& s);
  /// Changes whenever positions change (build, erase): listings made before are then stale.
  std::uint64_t version() const { return version_; }
  /// Removes the synapses at these positions (after a build).
  void erase(const std::vector<std::uint64_t>& positions);
  /// Recomputes min/max delay after delays were changed in place.
  void refresh_delays();
  std::uint16_t min_delay() const { return min_delay_; }
  std::uint16_t max_delay() const { return max_delay_; }
  /// Bytes held by the rows and their index.
  std::size_t bytes() const {
    return syn_.capacity() * sizeof(synapse) + tgt_.capacity() * 4 + rows_.capacity() * sizeof(row_info) +
           tmpl_.capacity() * sizeof(synapse) + shape_.capacity() * sizeof(row_shape) +
           first_.capacity() * 8 + pending_.capacity() * 4;
  }

 private:
  struct row_info {
    std::uint64_t begin = 0;  ///< index into syn_ (general row) or tgt_ (compact row)
    std::uint32_t n = 0;
    bool compact = false;
  };
  struct queued {
    std::uint64_t at;
    bool compact;
    synapse s;
  };
  void write(const queued& q) {
    if (q.compact)
      tgt_[q.at] = q.s.target;
    else
      syn_[q.at] = q.s;
  }
  /// Makes every row general (before changes that compact rows cannot hold).
  void make_general();
  std::pair<std::uint32_t, std::uint32_t> locate(std::uint64_t position) const;

  std::vector<synapse> syn_;          // general rows
  std::vector<std::uint32_t> tgt_;    // compact rows
  std::vector<row_info> rows_;        // by node id
  std::vector<synapse> tmpl_;         // by node id: the template of a compact row
  std::vector<row_shape> shape_;      // by node id: built and announced synapses together
  std::vector<std::uint64_t> first_;  // by node id: position of the row's first synapse
  std::uint64_t built_ = 0;
  std::vector<std::uint32_t> pending_;  // announced, not yet placed, by node id
  std::uint64_t pending_total_ = 0;
  std::uint16_t min_delay_ = 0, max_delay_ = 0;  // 0: no connections
  std::uint64_t version_ = 0;
  // state of a build in progress
  static constexpr std::size_t lookahead = 16;
  std::size_t n_ids_ = 0;
  std::vector<std::uint64_t> fill_, end_;
  queued queue_[lookahead];
  std::size_t queued_ = 0;
};

}  // namespace nestor::detail
