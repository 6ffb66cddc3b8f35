#include "connect/rules.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "core/param_table.hpp"
#include "core/rng.hpp"
#include "nestor/errors.hpp"

namespace nestor::detail {

const char* rule_name(rule r) {
  switch (r) {
    case rule::all_to_all: return "all_to_all";
    case rule::one_to_one: return "one_to_one";
    case rule::fixed_indegree: return "fixed_indegree";
    case rule::fixed_outdegree: return "fixed_outdegree";
    case rule::fixed_total_number: return "fixed_total_number";
    case rule::pairwise_bernoulli: return "pairwise_bernoulli";
    case rule::symmetric_pairwise_bernoulli: return "symmetric_pairwise_bernoulli";
    case rule::pairwise_poisson: return "pairwise_poisson";
    case rule::explicit_edges: return "explicit";
  }
  return "?";
}

namespace {

std::uint64_t below(philox_stream& g, std::uint64_t n) {  // uniform in [0, n), unbiased
  const std::uint64_t limit = philox_stream::max() - philox_stream::max() % n;
  std::uint64_t x;
  do x = g();
  while (x >= limit);
  return x % n;
}

std::unordered_map<std::uint32_t, std::size_t> index_of(const std::vector<std::uint32_t>& ids) {
  std::unordered_map<std::uint32_t, std::size_t> m;
  m.reserve(ids.size());
  for (std::size_t k = 0; k < ids.size(); ++k) m.emplace(ids[k], k);
  return m;
}

[[noreturn]] void bad(const conn_spec& s, const std::string& what) {
  throw bad_value(std::string("connect rule ") + rule_name(s.r) + ": " + what);
}

/// Draws `K` indices of `n` candidates for one node (fixed in/out-degree); `self` is the index to leave
/// out (no autapses) or n.
template <class Take>
void draw_degree(philox_stream& g, std::size_t n, std::size_t self, std::int64_t K, bool multapses,
                 std::vector<char>& scratch, Take&& take) {
  if (multapses) {
    for (std::int64_t m = 0; m < K; ++m) {
      std::size_t k;
      do k = below(g, n);
      while (k == self);
      take(k, std::uint64_t(m));
    }
    return;
  }
  const std::size_t avail = n - (self < n ? 1 : 0);
  if (static_cast<std::size_t>(K) * 2 < avail) {  // few of many: rejection, marking what was taken
    std::vector<char>& seen = scratch;
    if (seen.size() < n) seen.assign(n, 0);
    std::vector<std::size_t> taken;
    taken.reserve(std::size_t(K));
    for (std::int64_t m = 0; m < K; ++m) {
      std::size_t k;
      do k = below(g, n);
      while (k == self || seen[k]);
      seen[k] = 1;
      taken.push_back(k);
      take(k, std::uint64_t(m));
    }
    for (auto k : taken) seen[k] = 0;
    return;
  }
  std::vector<std::size_t> idx;  // many of few: partial Fisher-Yates
  idx.reserve(avail);
  for (std::size_t k = 0; k < n; ++k)
    if (k != self) idx.push_back(k);
  for (std::int64_t m = 0; m < K; ++m) {
    const std::size_t r = std::size_t(m) + below(g, idx.size() - std::size_t(m));
    std::swap(idx[std::size_t(m)], idx[r]);
    take(idx[std::size_t(m)], std::uint64_t(m));
  }
}

}  // namespace

void generate_edges(const conn_spec& s, const std::vector<std::uint32_t>& pre, const std::vector<std::uint32_t>& post,
                    std::uint64_t seed, std::uint64_t cid, const edge_sink& emit) {
  const std::size_t np = pre.size(), nq = post.size();
  const bool aut = s.allow_autapses, mul = s.allow_multapses;
  auto stream = [&](std::uint64_t node) { return philox_stream(seed, node, rng_purpose::connect, cid); };
  // Index of the node itself among the other side, when autapses must be left out.
  std::unordered_map<std::uint32_t, std::size_t> pre_index, post_index;
  if (!aut && s.r != rule::one_to_one && s.r != rule::all_to_all) {
    pre_index = index_of(pre);
    post_index = index_of(post);
  }
  auto self_in = [](const std::unordered_map<std::uint32_t, std::size_t>& m, std::uint32_t id, std::size_t none) {
    auto it = m.find(id);
    return it == m.end() ? none : it->second;
  };

  switch (s.r) {
    case rule::all_to_all:
      for (std::size_t j = 0; j < nq; ++j)
        for (std::size_t k = 0; k < np; ++k)
          if (aut || pre[k] != post[j]) emit({k, j, post[j], k});
      return;

    case rule::one_to_one:
      if (np != nq)
        bad(s, "needs as many sources as targets, got " + std::to_string(np) + " and " + std::to_string(nq));
      for (std::size_t k = 0; k < np; ++k)
        if (aut || pre[k] != post[k]) emit({k, k, post[k], 0});
      return;

    case rule::fixed_indegree:
    case rule::fixed_outdegree: {
      const bool in = s.r == rule::fixed_indegree;
      const char* what = in ? "indegree" : "outdegree";
      if (s.n < 0) bad(s, std::string(what) + " = " + std::to_string(s.n) + ": expected a value >= 0");
      const auto& drawn = in ? pre : post;  // the side the K partners are drawn from
      const auto& fixed = in ? post : pre;
      const auto& drawn_index = in ? pre_index : post_index;
      if (s.n > 0 && drawn.empty()) bad(s, std::string("no ") + (in ? "sources" : "targets") + " to draw from");
      std::vector<char> scratch;
      for (std::size_t j = 0; j < fixed.size(); ++j) {
        const std::size_t self = aut ? drawn.size() : self_in(drawn_index, fixed[j], drawn.size());
        const std::size_t avail = drawn.size() - (self < drawn.size() ? 1 : 0);
        if (!mul && std::size_t(s.n) > avail)
          bad(s, std::string(what) + " = " + std::to_string(s.n) + " is larger than the " + std::to_string(avail) +
                     " available " + (in ? "sources" : "targets") + " without multapses" + (aut ? "" : " and autapses"));
        if (avail == 0 && s.n > 0)
          bad(s, std::string(what) + " = " + std::to_string(s.n) + ": no partner is available without autapses");
        philox_stream g = stream(fixed[j]);
        draw_degree(g, drawn.size(), self, s.n, mul, scratch, [&](std::size_t k, std::uint64_t m) {
          emit(in ? edge{k, j, post[j], m} : edge{j, k, pre[j], m});
        });
      }
      return;
    }

    case rule::fixed_total_number: {
      if (s.n < 0) bad(s, "N = " + std::to_string(s.n) + ": expected a value >= 0");
      if (s.n > 0 && (np == 0 || nq == 0)) bad(s, "N > 0 needs sources and targets");
      std::size_t overlap = 0;
      if (!aut)
        for (auto id : pre) overlap += post_index.count(id);
      const double pairs = double(np) * double(nq) - double(overlap);
      if (!mul && double(s.n) > pairs)
        bad(s, "N = " + std::to_string(s.n) + " exceeds the " + format_number(pairs) +
                   " possible pairs without multapses" + (aut ? "" : " and autapses"));
      if (!aut && pairs <= 0 && s.n > 0) bad(s, "no pair is possible without autapses");
      philox_stream g = stream(0);
      std::unordered_set<std::uint64_t> seen;
      for (std::int64_t m = 0; m < s.n; ++m) {
        std::size_t k, j;
        do {
          k = below(g, np);
          j = below(g, nq);
        } while ((!aut && pre[k] == post[j]) || (!mul && !seen.insert(std::uint64_t(k) * nq + j).second));
        emit({k, j, 0, std::uint64_t(m)});
      }
      return;
    }

    case rule::pairwise_bernoulli:
    case rule::pairwise_poisson: {
      const bool poisson = s.r == rule::pairwise_poisson;
      if (!poisson && !(s.p >= 0 && s.p <= 1)) bad(s, "p = " + format_number(s.p) + ": expected 0 <= p <= 1");
      if (poisson && !(s.p >= 0 && std::isfinite(s.p)))
        bad(s, "pairwise_avg_num_conns = " + format_number(s.p) + ": expected a finite value >= 0");
      if (poisson && !mul) bad(s, "needs allow_multapses (a pair may receive several connections)");
      const double log_q = std::log1p(-s.p);  // pairwise_bernoulli: geometric gaps between successes
      for (std::size_t j = 0; j < nq; ++j) {
        philox_stream g = stream(post[j]);
        std::uint64_t m = 0;
        if (poisson) {
          for (std::size_t k = 0; k < np; ++k) {
            if (!aut && pre[k] == post[j]) continue;
            for (unsigned c = poisson_draw(g, s.p); c > 0; --c) emit({k, j, post[j], m++});
          }
          continue;
        }
        if (s.p <= 0) continue;
        // The candidates are the sources but the target itself (no autapses); between two connected
        // candidates lie Geometric(p) failures, so only the successes cost a draw.
        const std::size_t self = aut ? np : self_in(pre_index, post[j], np);
        const std::size_t n_cand = np - (self < np ? 1 : 0);
        for (std::size_t c = 0;; ++c) {
          if (s.p < 1) {
            const double gap = std::floor(std::log(1.0 - g.uniform()) / log_q);
            if (gap >= double(n_cand - c)) break;
            c += static_cast<std::size_t>(gap);
          }
          if (c >= n_cand) break;
          const std::size_t k = c < self ? c : c + 1;
          emit({k, j, post[j], m++});
        }
      }
      return;
    }

    case rule::symmetric_pairwise_bernoulli: {
      if (!(s.p >= 0 && s.p < 1)) bad(s, "p = " + format_number(s.p) + ": expected 0 <= p < 1");
      if (aut) bad(s, "needs allow_autapses = false");
      if (!mul) bad(s, "needs allow_multapses = true (as in NEST)");
      std::vector<std::uint32_t> a = pre, b = post;
      std::sort(a.begin(), a.end());
      std::sort(b.begin(), b.end());
      if (a != b) bad(s, "needs the same nodes as sources and targets");
      // Each unordered pair {x, y} (x < y by node id) is drawn once, keyed by x, and connected both ways.
      for (std::size_t k = 0; k < np; ++k) {
        philox_stream g = stream(pre[k]);
        std::uint64_t m = 0;
        for (std::size_t j = 0; j < np; ++j) {
          if (!(pre[j] > pre[k])) continue;
          if (g.uniform() < s.p) {
            emit({k, post_index.at(pre[j]), pre[k], m++});
            emit({j, post_index.at(pre[k]), pre[k], m++});
          }
        }
      }
      return;
    }

    case rule::explicit_edges: {
      if (s.sources.size() != s.targets.size())
        bad(s, "needs as many sources as targets, got " + std::to_string(s.sources.size()) + " and " +
                   std::to_string(s.targets.size()));
      const auto pi = index_of(pre), qi = index_of(post);
      std::unordered_set<std::uint64_t> seen;
      // An id outside [1, 2^32) is looked up as 0 (never a node), not truncated onto another node.
      auto find = [](const std::unordered_map<std::uint32_t, std::size_t>& m, std::int64_t id) {
        const bool fits = id >= 1 && id <= std::int64_t(std::numeric_limits<std::uint32_t>::max());
        return m.find(fits ? static_cast<std::uint32_t>(id) : 0u);
      };
      for (std::size_t e = 0; e < s.sources.size(); ++e) {
        auto ps = find(pi, s.sources[e]);
        auto qt = find(qi, s.targets[e]);
        if (ps == pi.end())
          bad(s, "source " + std::to_string(s.sources[e]) + " is not among the sources given to connect");
        if (qt == qi.end())
          bad(s, "target " + std::to_string(s.targets[e]) + " is not among the targets given to connect");
        if (!aut && s.sources[e] == s.targets[e]) continue;
        if (!mul && !seen.insert(std::uint64_t(ps->second) * nq + qt->second).second) continue;
        emit({ps->second, qt->second, std::uint64_t(s.targets[e]), e});
      }
      return;
    }
  }
}

}  // namespace nestor::detail
