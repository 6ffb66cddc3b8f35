#include "core/gap_junctions.hpp"

#include <algorithm>
#include <cmath>

namespace nestor::detail {

void gap_junctions::add(std::uint32_t source, std::uint32_t target, double weight) {
  edges_.push_back({source, target, weight});
}

std::int64_t gap_junctions::comm_steps(double dt) const {
  return std::max<std::int64_t>(1, std::llround(settings.comm_interval / dt));
}

void gap_junctions::prepare(const std::vector<std::unique_ptr<population>>& pops, int threads,
                            std::int64_t min_delay) {
  if (empty()) return;
  std::vector<population*> gp;
  for (const auto& p : pops)
    if (p->takes_gap_junctions()) gp.push_back(p.get());
  const int order = settings.interpolation_order;
  const auto L = std::size_t(min_delay), K = std::size_t(order + 1);
  ex_.tol_ = settings.tol;
  // Keep the exchange (and a slice's converged waveforms) when nothing it depends on changed.
  if (gp == pops_ && prepared_edges_ == edges_.size() && ex_.L_ == L && ex_.K_ == K &&
      in_.size() == std::size_t(threads))
    return;
  resume_at_ = -1;
  pops_ = std::move(gp);
  prepared_edges_ = edges_.size();
  ex_.order_ = order;
  ex_.L_ = L;
  ex_.K_ = K;
  std::uint32_t G = 0, max_gid = 0;
  first_index_.clear();
  for (const population* p : pops_) {
    first_index_.push_back(G);
    G += std::uint32_t(p->size());
    max_gid = std::max(max_gid, p->first() + std::uint32_t(p->size()) - 1);
  }
  ex_.index_.assign(std::size_t(max_gid) + 1, gap_exchange::none);
  std::vector<int> owner(G);  // thread owning each gap node
  for (std::size_t k = 0; k < pops_.size(); ++k) {
    const population& p = *pops_[k];
    for (std::size_t i = 0; i < p.size(); ++i) {
      ex_.index_[p.first() + i] = first_index_[k] + std::uint32_t(i);
      owner[first_index_[k] + i] = p.column(i, 0).first;
    }
  }
  ex_.sent_.assign(std::size_t(G) * L * K, 0.0);
  ex_.recv_.assign(std::size_t(G) * L * K, 0.0);
  ex_.sum_g_.assign(G, 0.0);
  ex_.last_v_.assign(std::size_t(G) * L, 0.0);
  // Incoming junctions by target (stable: in connection order), each target on its owner's thread.
  std::vector<edge> by_target = edges_;
  for (edge& e : by_target) {
    e.source = ex_.index(e.source);
    e.target = ex_.index(e.target);
  }
  std::stable_sort(by_target.begin(), by_target.end(),
                   [](const edge& a, const edge& b) { return a.target < b.target; });
  in_.assign(std::size_t(threads), inbox{});
  for (const edge& e : by_target) {
    inbox& box = in_[std::size_t(owner[e.target])];
    if (box.target.empty() || box.target.back() != e.target) {
      box.target.push_back(e.target);
      box.begin.push_back(std::uint32_t(box.source.size()));
    }
    box.source.push_back(e.source);
    box.weight.push_back(e.weight);
  }
  for (inbox& box : in_) box.begin.push_back(std::uint32_t(box.source.size()));
}

void gap_junctions::deliver(int t) {
  const inbox& box = in_[std::size_t(t)];
  const std::size_t n = ex_.L_ * ex_.K_;
  for (std::size_t k = 0; k < box.target.size(); ++k) {
    double* recv = &ex_.recv_[std::size_t(box.target[k]) * n];
    std::fill(recv, recv + n, 0.0);
    double sum_g = 0.0;
    for (std::uint32_t e = box.begin[k]; e < box.begin[k + 1]; ++e) {
      const double w = box.weight[e];
      const double* sent = &ex_.sent_[std::size_t(box.source[e]) * n];
      sum_g += w;
      for (std::size_t j = 0; j < n; ++j) recv[j] += w * sent[j];
    }
    ex_.sum_g_[box.target[k]] = sum_g;
  }
}

void gap_junctions::send_constant(int t) {
  const std::size_t L = ex_.L_, K = ex_.K_;
  for (std::size_t k = 0; k < pops_.size(); ++k) {
    const population& p = *pops_[k];
    const thread_slice& sl = p.slices[std::size_t(t)];
    for (std::size_t i = sl.lo; i < sl.hi; ++i) {
      double* sent = &ex_.sent_[(first_index_[k] + i) * L * K];
      std::fill(sent, sent + L * K, 0.0);
      const double V = p.gap_voltage(i);
      for (std::size_t lag = 0; lag < L; ++lag) sent[lag * K] = V;
    }
  }
}

long gap_junctions::relax(std::int64_t now, std::int64_t stop, const thread_runner& on_threads,
                          const context_maker& ctx) {
  const auto L = std::int64_t(ex_.L_);
  const std::int64_t start = now - now % L, slice_end = start + L;
  ex_.slice_start_ = start;
  if (resume_at_ == now && now != start) {
    // A run that stopped within this slice continues with the waveforms the slice converged to.
    resume_at_ = stop < slice_end ? stop : -1;
    return 0;
  }
  resume_at_ = stop < slice_end ? stop : -1;
  // What the nodes sent after their last update: V held constant (nothing before the first slice).
  if (now == 0) {
    std::fill(ex_.recv_.begin(), ex_.recv_.end(), 0.0);
    std::fill(ex_.sum_g_.begin(), ex_.sum_g_.end(), 0.0);
  } else {
    on_threads([&](int t) { send_constant(t); });
    on_threads([&](int t) { deliver(t); });
  }
  if (!settings.use_wfr) return 0;
  std::fill(ex_.last_v_.begin(), ex_.last_v_.end(), 0.0);
  std::vector<char> done(in_.size());
  long n = 0;
  while (n < settings.max_iterations) {
    on_threads([&](int t) {
      update_context c = ctx(t);
      bool ok = true;
      for (population* p : pops_) ok = p->wfr_update(now, slice_end, c, ex_) && ok;
      done[std::size_t(t)] = ok;
    });
    ++n;
    on_threads([&](int t) { deliver(t); });
    if (std::all_of(done.begin(), done.end(), [](char d) { return d != 0; })) break;
  }
  return n;
}

}  // namespace nestor::detail
