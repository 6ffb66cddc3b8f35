#include "connect/connection_store.hpp"

#include <algorithm>

namespace nestor::detail {

void connection_store::announce(const std::vector<std::uint32_t>& counts, const std::vector<row_shape>& shapes) {
  if (pending_.size() < counts.size()) pending_.resize(counts.size(), 0);
  if (shape_.size() < counts.size()) shape_.resize(counts.size());
  for (std::size_t s = 0; s < counts.size(); ++s) {
    if (!counts[s]) continue;
    pending_[s] += counts[s];
    pending_total_ += counts[s];
    shape_[s].merge(shapes[s]);
  }
}

void connection_store::begin_build(std::size_t n_ids) {
  n_ids_ = n_ids;
  if (pending_.size() < n_ids) pending_.resize(n_ids, 0);
  if (shape_.size() < n_ids) shape_.resize(n_ids);
  if (rows_.size() < n_ids) rows_.resize(n_ids);
  if (tmpl_.size() < n_ids) tmpl_.resize(n_ids);
  // The new layout: rows of one shape become compact, the others general.
  std::vector<row_info> next(n_ids);
  std::uint64_t general = 0, compact = 0;
  for (std::size_t s = 0; s < n_ids; ++s) {
    const std::uint32_t n = rows_[s].n + pending_[s];
    const bool c = n > 0 && shape_[s].state == row_shape::uniform;
    next[s] = {c ? compact : general, n, c};
    (c ? compact : general) += n;
  }
  std::vector<synapse> syn(general);
  std::vector<std::uint32_t> tgt(compact);
  // Old rows first (copied, or expanded when a compact row becomes general), then the new synapses
  // of each source in creation order.
  fill_.assign(n_ids, 0);
  end_.assign(n_ids, 0);
  for (std::size_t s = 0; s < n_ids; ++s) {
    const row_info& o = rows_[s];
    const row_info& r = next[s];
    for (std::uint32_t k = 0; k < o.n; ++k) {
      synapse x = o.compact ? tmpl_[s] : syn_[o.begin + k];
      if (o.compact) x.target = tgt_[o.begin + k];
      if (r.compact)
        tgt[r.begin + k] = x.target;
      else
        syn[r.begin + k] = x;
    }
    if (r.compact) tmpl_[s] = shape_[s].tmpl;
    fill_[s] = r.begin + o.n;
    end_[s] = r.begin + r.n;
  }
  syn_.swap(syn);
  tgt_.swap(tgt);
  rows_.swap(next);
  queued_ = 0;
}

void connection_store::finish_build() {
  for (std::size_t k = queued_ > lookahead ? queued_ - lookahead : 0; k < queued_; ++k) write(queue_[k % lookahead]);
  first_.assign(n_ids_ + 1, 0);
  for (std::size_t s = 0; s < n_ids_; ++s) {
    if (fill_[s] != end_[s]) throw std::logic_error("connection_store: fewer synapses placed than announced");
    const row_info& r = rows_[s];
    first_[s + 1] = first_[s] + r.n;
    if (r.compact) {
      auto b = tgt_.begin() + static_cast<std::ptrdiff_t>(r.begin), e = b + r.n;
      if (!std::is_sorted(b, e)) std::sort(b, e);
    } else {
      auto b = syn_.begin() + static_cast<std::ptrdiff_t>(r.begin), e = b + r.n;
      auto by_target = [](const synapse& x, const synapse& y) { return x.target < y.target; };
      if (!std::is_sorted(b, e, by_target)) std::stable_sort(b, e, by_target);
    }
  }
  built_ = first_[n_ids_];
  fill_ = {};
  end_ = {};
  pending_.assign(pending_.size(), 0);
  pending_total_ = 0;
  ++version_;
  refresh_delays();
}

void connection_store::refresh_delays() {
  min_delay_ = max_delay_ = 0;
  auto take = [&](std::uint16_t d) {
    if (min_delay_ == 0 || d < min_delay_) min_delay_ = d;
    max_delay_ = std::max(max_delay_, d);
  };
  for (const auto& s : syn_) take(s.delay);
  for (std::size_t s = 0; s < rows_.size(); ++s)
    if (rows_[s].compact && rows_[s].n) take(tmpl_[s].delay);
}

std::pair<std::uint32_t, std::uint32_t> connection_store::locate(std::uint64_t position) const {
  if (position >= built_) throw std::out_of_range("connection_store: no connection at this position");
  const auto it = std::upper_bound(first_.begin(), first_.end(), position);
  const auto s = static_cast<std::uint32_t>(it - first_.begin() - 1);
  return {s, static_cast<std::uint32_t>(position - first_[s])};
}

synapse connection_store::get(std::uint64_t position) const {
  const auto [s, k] = locate(position);
  const row_info& r = rows_[s];
  if (!r.compact) return syn_[r.begin + k];
  synapse x = tmpl_[s];
  x.target = tgt_[r.begin + k];
  return x;
}

void connection_store::set(std::uint64_t position, const synapse& x) {
  const auto [s, k] = locate(position);
  if (rows_[s].compact) {
    if (same_but_target(x, tmpl_[s])) {
      tgt_[rows_[s].begin + k] = x.target;
      return;
    }
    make_general();
  }
  syn_[rows_[s].begin + k] = x;
}

void connection_store::make_general() {
  std::vector<synapse> syn(built_);
  std::uint64_t at = 0;
  for (std::size_t s = 0; s < rows_.size(); ++s) {
    row_info& r = rows_[s];
    for (std::uint32_t k = 0; k < r.n; ++k) {
      synapse x = r.compact ? tmpl_[s] : syn_[r.begin + k];
      if (r.compact) x.target = tgt_[r.begin + k];
      syn[at + k] = x;
    }
    r.begin = at;
    r.compact = false;
    at += r.n;
    if (r.n) shape_[s].state = row_shape::mixed;
  }
  syn_.swap(syn);
  tgt_ = {};
}

void connection_store::erase(const std::vector<std::uint64_t>& positions) {
  make_general();
  const std::vector<std::uint64_t> old_first = first_;
  std::vector<char> gone(built_, 0);
  for (auto p : positions) gone.at(p) = 1;
  std::vector<synapse> next;
  next.reserve(built_);
  for (std::size_t s = 0; s < rows_.size(); ++s) {
    row_info& r = rows_[s];
    const std::uint64_t begin = next.size();
    for (std::uint32_t k = 0; k < r.n; ++k)
      if (!gone[old_first[s] + k]) next.push_back(syn_[r.begin + k]);
    r.begin = begin;
    r.n = static_cast<std::uint32_t>(next.size() - begin);
    first_[s + 1] = first_[s] + r.n;
    if (r.n == 0) shape_[s].state = row_shape::empty;
  }
  next.shrink_to_fit();
  syn_.swap(next);
  built_ = syn_.size();
  ++version_;
  refresh_delays();
}

}  // namespace nestor::detail
