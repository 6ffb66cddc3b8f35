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

void connection_store::begin_build(std::size_t n_ids) {
  if (pending_.size() < n_ids) pending_.resize(n_ids, 0);
  n_ids_ = n_ids;
  auto old_count = [&](std::size_t s) { return s + 1 < offsets_.size() ? offsets_[s + 1] - offsets_[s] : 0; };
  off_.assign(n_ids + 1, 0);
  for (std::size_t s = 0; s < n_ids; ++s) off_[s + 1] = off_[s] + old_count(s) + pending_[s];
  next_.resize(off_[n_ids]);
  // Old rows first, then the new synapses of each source in creation order.
  fill_.assign(n_ids, 0);
  for (std::size_t s = 0; s < n_ids; ++s) {
    const std::uint64_t n = old_count(s);
    if (n) std::copy_n(syn_.begin() + static_cast<std::ptrdiff_t>(offsets_[s]), n, next_.begin() + off_[s]);
    fill_[s] = off_[s] + n;
  }
  syn_.clear();
  syn_.shrink_to_fit();
  queued_ = 0;
}

void connection_store::finish_build() {
  for (std::size_t k = queued_ > lookahead ? queued_ - lookahead : 0; k < queued_; ++k)
    next_[queue_[k % lookahead].first] = queue_[k % lookahead].second;
  for (std::size_t s = 0; s < n_ids_; ++s) {
    if (fill_[s] != off_[s + 1]) throw std::logic_error("connection_store: fewer synapses placed than announced");
    auto b = next_.begin() + static_cast<std::ptrdiff_t>(off_[s]);
    auto e = next_.begin() + static_cast<std::ptrdiff_t>(off_[s + 1]);
    auto by_target = [](const synapse& x, const synapse& y) { return x.target < y.target; };
    if (!std::is_sorted(b, e, by_target)) std::stable_sort(b, e, by_target);
  }
  syn_.swap(next_);
  offsets_.swap(off_);
  next_ = {};
  off_ = {};
  fill_ = {};
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
