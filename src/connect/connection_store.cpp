#include "connect/connection_store.hpp"

#include <algorithm>

namespace nestor::detail {

void connection_store::build(std::size_t n_ids) {
  // Count per source (existing + staged), then place: existing rows keep their order and staged
  // connections follow in creation order; finally each row is sorted stably by target.
  std::vector<std::uint64_t> count(n_ids + 1, 0);
  for (std::uint32_t src = 0; src + 1 < offsets_.size(); ++src) count[src] = offsets_[src + 1] - offsets_[src];
  for (const auto& st : staged_) ++count[st.source];
  std::vector<std::uint64_t> off(n_ids + 1, 0);
  for (std::size_t k = 0; k < n_ids; ++k) off[k + 1] = off[k] + count[k];
  std::vector<synapse> next(off[n_ids]);
  std::vector<std::uint64_t> fill(off.begin(), off.end() - 1);
  for (std::uint32_t src = 0; src + 1 < offsets_.size(); ++src)
    for (auto k = offsets_[src]; k < offsets_[src + 1]; ++k) next[fill[src]++] = syn_[k];
  for (const auto& st : staged_) next[fill[st.source]++] = st.s;
  for (std::size_t src = 0; src < n_ids; ++src)
    std::stable_sort(next.begin() + off[src], next.begin() + off[src + 1],
                     [](const synapse& a, const synapse& b) { return a.target < b.target; });
  syn_.swap(next);
  offsets_.swap(off);
  staged_.clear();
  staged_.shrink_to_fit();
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
  syn_.swap(next);
  offsets_.swap(off);
  ++version_;
  refresh_delays();
}

}  // namespace nestor::detail
