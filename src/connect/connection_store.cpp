#include "connect/connection_store.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace nestor::detail {

void connection_store::announce(const std::vector<std::uint32_t>& counts) {
  if (pending_.size() < counts.size()) pending_.resize(counts.size(), 0);
  for (std::size_t s = 0; s < counts.size(); ++s) {
    pending_[s] += counts[s];
    pending_total_ += counts[s];
  }
}

void connection_store::build(std::size_t n_ids, const std::function<void(const sink&)>& emit_all) {
  if (pending_.size() < n_ids) pending_.resize(n_ids, 0);
  auto old_count = [&](std::size_t s) { return s + 1 < offsets_.size() ? offsets_[s + 1] - offsets_[s] : 0; };
  std::vector<std::uint64_t> off(n_ids + 1, 0);
  for (std::size_t s = 0; s < n_ids; ++s) off[s + 1] = off[s] + old_count(s) + pending_[s];
  std::vector<synapse> next(off[n_ids]);
  // Old rows first, then the new synapses of each source in creation order.
  std::vector<std::uint64_t> fill(n_ids);
  for (std::size_t s = 0; s < n_ids; ++s) {
    const std::uint64_t n = old_count(s);
    if (n) std::copy_n(syn_.begin() + static_cast<std::ptrdiff_t>(offsets_[s]), n, next.begin() + off[s]);
    fill[s] = off[s] + n;
  }
  syn_.clear();
  syn_.shrink_to_fit();
  // Sources come in any order, so each placement is a random write: claim the slot at once, prefetch
  // it, and write it a few synapses later, when the cache line has arrived.
  constexpr std::size_t lookahead = 16;
  std::pair<std::uint64_t, synapse> queue[lookahead];
  std::size_t queued = 0;
  emit_all([&](std::uint32_t source, const synapse& syn) {
    if (source >= n_ids || fill[source] >= off[source + 1])
      throw std::logic_error("connection_store: more synapses emitted than announced");
    const std::uint64_t at = fill[source]++;
    __builtin_prefetch(next.data() + at, 1);
    auto& slot = queue[queued % lookahead];
    if (queued >= lookahead) next[slot.first] = slot.second;
    slot = {at, syn};
    ++queued;
  });
  for (std::size_t k = queued > lookahead ? queued - lookahead : 0; k < queued; ++k)
    next[queue[k % lookahead].first] = queue[k % lookahead].second;
  for (std::size_t s = 0; s < n_ids; ++s) {
    if (fill[s] != off[s + 1]) throw std::logic_error("connection_store: fewer synapses emitted than announced");
    auto b = next.begin() + static_cast<std::ptrdiff_t>(off[s]), e = next.begin() + static_cast<std::ptrdiff_t>(off[s + 1]);
    auto by_target = [](const synapse& a, const synapse& c) { return a.target < c.target; };
    if (!std::is_sorted(b, e, by_target)) std::stable_sort(b, e, by_target);
  }
  syn_.swap(next);
  offsets_.swap(off);
  pending_.assign(pending_.size(), 0);
  pending_total_ = 0;
  ++version_;
  refresh_delays();
}

void connection_store::refresh_delays() {
  min_delay_ = max_delay_ = 0;
  for (const auto& s : syn_) {
    if (min_delay_ == 0 || s.delay < min_delay_) min_delay_ = s.delay;
    max_delay_ = std::max(max_delay_, s.delay);
  }
}

void connection_store::erase(const std::vector<std::uint64_t>& positions) {
  std::vector<char> gone(syn_.size(), 0);
  for (auto p : positions) gone.at(p) = 1;
  std::vector<synapse> next;
  next.reserve(syn_.size());
  std::vector<std::uint64_t> off(offsets_.size(), 0);
  for (std::size_t src = 0; src + 1 < offsets_.size(); ++src) {
    off[src] = next.size();
    for (auto k = offsets_[src]; k < offsets_[src + 1]; ++k)
      if (!gone[k]) next.push_back(syn_[k]);
  }
  if (!off.empty()) off.back() = next.size();
  next.shrink_to_fit();
  syn_.swap(next);
  offsets_.swap(off);
  ++version_;
  refresh_delays();
}

}  // namespace nestor::detail
