#pragma once
// The connections of one synapse model on one thread (those to the nodes the thread owns), with their
// per-connection state next to them, in compressed rows by source as the static connections
// (connect/connection_store.hpp). A connection is its header (the static synapse: weight, target
// column, delay, port flags, receptor), the index of its parameter set, its rank among parallel
// connections to its target, and the model's state: 24 bytes + 8 per state variable.
//
// Delivery walks the slice's events in order (step, then node id) and calls the model's send() for
// every connection of the event's source, where NEST calls it: results do not depend on threads.

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <numeric>
#include <type_traits>
#include <stdexcept>
#include <utility>
#include <vector>

#include "core/delivery.hpp"
#include "models/synapses/synapse_model.hpp"

namespace nestor::detail {

class synapse_store {
 public:
  virtual ~synapse_store() = default;
  /// A connection from `source` made by connect(): placed at the next build, after the others.
  virtual void add(std::uint32_t source, const synapse& h, const syn_values& v) = 0;
  /// Building in two passes, as the static rows (connection_store.hpp), so that the connections of a
  /// connect() call are written to their final place, never held twice: connect() announces how many
  /// connections come per source (counts by node id); begin_build makes room for them in the rows
  /// (keeping the rows built before), and add() then writes each in place.
  virtual void announce(const std::vector<std::uint32_t>& counts) = 0;
  virtual void begin_build(std::size_t n_ids) = 0;
  /// Places the added connections (in creation order after those of their row) and ranks parallel
  /// connections to one node (col_gid: the node of each ring-buffer column). n_ids: one past the
  /// largest node id.
  virtual void build(std::size_t n_ids, const std::vector<std::uint32_t>& col_gid) = 0;
  virtual bool dirty() const = 0;
  virtual std::size_t size() const = 0;
  virtual std::size_t bytes() const = 0;
  /// Bytes of one connection (header, parameter-set index, rank and state).
  virtual std::size_t connection_bytes() const = 0;
  /// Positions [first, second) of source's connections.
  virtual std::pair<std::uint64_t, std::uint64_t> row_range(std::uint32_t source) const = 0;
  virtual const synapse& header(std::uint64_t pos) const = 0;
  virtual void set_header(std::uint64_t pos, const synapse& h) = 0;
  virtual syn_values values(std::uint64_t pos) const = 0;
  /// Sets parameters and state (weight and delay go through set_header).
  virtual void set_values(std::uint64_t pos, const syn_values& v) = 0;
  virtual void erase(std::vector<std::uint64_t> positions) = 0;
  virtual std::uint16_t min_delay() const = 0;  ///< 0 when empty
  virtual std::uint16_t max_delay() const = 0;
  /// Delivers the slice's events (ordered by step, then node) through these connections.
  virtual void deliver(const std::vector<spike_event>& events, delivery& d) = 0;
  /// True for models with a modulator_entry (their spikes may be held back: core/neuromodulation.hpp).
  virtual bool modulated() const { return false; }
  /// Models with a modulator_entry naming node `modulator`: calls trigger() for every connection
  /// (NEST's trigger_update_weight at the end of the node's delivery interval, t_trig ms).
  virtual void trigger(std::uint32_t /*modulator*/, double /*t_trig*/,
                       const std::vector<modulator_spike>& /*spikes*/, delivery& /*d*/) {}
  /// Keeps the connections' present values for restore_initial() (Simulator::reset).
  virtual void save_initial() = 0;
  /// (col_plane: the plane size of each ring-buffer column, to route a weight whose sign changed back)
  virtual void restore_initial(const std::vector<std::uint32_t>& col_plane) = 0;
  /// This thread's copy of the common values (models that write them, synapse_model.hpp), else null.
  virtual const std::vector<double>* thread_common() const { return nullptr; }
  /// set_defaults set the `given` common entries to their values in c: models that write their common
  /// values take them into this thread's copy (then the model's common_set).
  virtual void set_common(const std::vector<double>&, const std::vector<bool>&) {}
};

/// The state of a model without per-connection state: no bytes in its connections.
struct no_state {
  double* data() { return nullptr; }
  const double* data() const { return nullptr; }
  double* begin() { return nullptr; }
  const double* begin() const { return nullptr; }
  const double* end() const { return nullptr; }
};

/// Whether model M's weight is common to all its connections (synapse_model.hpp).
template <class M>
constexpr bool common_weight_of() {
  if constexpr (requires { M::common_weight; })
    return M::common_weight;
  else
    return false;
}

template <class M>
class plastic_store final : public synapse_store {
 public:
  static constexpr std::size_t NP = M::n_params, NS = M::n_state;
  struct conn {
    synapse h;
    std::uint32_t pset;
    std::uint32_t rank;
    [[no_unique_address]] std::conditional_t<NS == 0, no_state, std::array<double, NS>> s;
  };

  static constexpr bool writes_common = [] {
    if constexpr (requires { M::writes_common; })
      return M::writes_common;
    else
      return false;
  }();

  explicit plastic_store(const std::vector<double>* common) : common_(common) {
    if constexpr (writes_common) local_ = *common;
  }

  void add(std::uint32_t source, const synapse& h, const syn_values& v) override {
    conn c{h, pset_of(v.p), 0, {}};
    std::copy_n(v.s.begin(), NS, c.s.begin());
    if (building_ && source < fill_.size() && fill_[source] < begin_[source + 1])
      c_[fill_[source]++] = c;  // announced: its place is ready
    else
      pending_.emplace_back(source, c);
  }

  void announce(const std::vector<std::uint32_t>& counts) override {
    if (announced_.size() < counts.size()) announced_.resize(counts.size(), 0);
    for (std::size_t s = 0; s < counts.size(); ++s) {
      announced_[s] += counts[s];
      announced_total_ += counts[s];
    }
  }

  void begin_build(std::size_t n_ids) override {
    if (announced_total_ == 0) return;
    const std::size_t rows = std::max({n_ids, begin_.empty() ? std::size_t(0) : begin_.size() - 1, announced_.size()});
    std::vector<std::uint64_t> count(rows + 1, 0);
    for (std::size_t s = 0; s + 1 < begin_.size(); ++s) count[s + 1] += begin_[s + 1] - begin_[s];
    for (std::size_t s = 0; s < announced_.size(); ++s) count[s + 1] += announced_[s];
    std::partial_sum(count.begin(), count.end(), count.begin());
    std::vector<conn> next(count.back());
    fill_.assign(count.begin(), count.end() - 1);
    for (std::size_t s = 0; s + 1 < begin_.size(); ++s)
      for (std::uint64_t i = begin_[s]; i < begin_[s + 1]; ++i) next[fill_[s]++] = c_[i];
    c_.swap(next);
    begin_.swap(count);
    announced_.clear();
    announced_.shrink_to_fit();
    announced_total_ = 0;
    building_ = true;
  }

  void build(std::size_t n_ids, [[maybe_unused]] const std::vector<std::uint32_t>& col_gid) override {
    if (building_) {
      for (std::size_t s = 0; s < fill_.size(); ++s)
        if (fill_[s] != begin_[s + 1]) throw std::logic_error("plastic_store: fewer connections placed than announced");
      building_ = false;
      fill_.clear();
      fill_.shrink_to_fit();
      if (pending_.empty()) {
        if constexpr (M::random) rank(col_gid);
        refresh_delays();
        return;
      }
    }
    if (pending_.empty() && begin_.size() >= n_ids + 1) return;
    const std::size_t rows = std::max(n_ids, begin_.empty() ? 0 : begin_.size() - 1);
    std::vector<std::uint64_t> count(rows + 1, 0);
    for (std::size_t s = 0; s + 1 < begin_.size(); ++s) count[s + 1] += begin_[s + 1] - begin_[s];
    for (const auto& [src, c] : pending_) ++count[src + 1];
    std::partial_sum(count.begin(), count.end(), count.begin());
    std::vector<conn> next(c_.size() + pending_.size());
    std::vector<std::uint64_t> fill(count.begin(), count.end() - 1);
    for (std::size_t s = 0; s + 1 < begin_.size(); ++s)
      for (std::uint64_t i = begin_[s]; i < begin_[s + 1]; ++i) next[fill[s]++] = c_[i];
    for (const auto& [src, c] : pending_) next[fill[src]++] = c;
    c_.swap(next);
    begin_.swap(count);
    pending_.clear();
    pending_.shrink_to_fit();
    if constexpr (M::random) rank(col_gid);
    refresh_delays();
  }
  bool dirty() const override { return !pending_.empty() || building_ || announced_total_ > 0; }
  std::size_t size() const override { return c_.size() + pending_.size() + announced_total_; }
  std::size_t bytes() const override {
    // (init_: the connections' weights and state at time 0 that Simulator::reset restores, kept once a
    // simulation has started at time 0)
    return c_.capacity() * sizeof(conn) + begin_.capacity() * 8 + psets_.capacity() * sizeof(pset) +
           pending_.capacity() * sizeof(pending_[0]) + init_.capacity() * sizeof(initial);
  }
  std::size_t connection_bytes() const override { return sizeof(conn); }
  std::pair<std::uint64_t, std::uint64_t> row_range(std::uint32_t source) const override {
    if (std::size_t(source) + 1 >= begin_.size()) return {0, 0};
    return {begin_[source], begin_[source + 1]};
  }
  const synapse& header(std::uint64_t pos) const override { return c_[pos].h; }
  void set_header(std::uint64_t pos, const synapse& h) override {
    c_[pos].h = h;
    refresh_delays();
  }
  syn_values values(std::uint64_t pos) const override {
    const conn& c = c_[pos];
    syn_values v;
    v.p.assign(psets_[c.pset].begin(), psets_[c.pset].end());
    v.s.assign(c.s.begin(), c.s.end());
    v.c = *common_values();
    v.weight = c.h.weight;
    return v;
  }
  void set_values(std::uint64_t pos, const syn_values& v) override {
    conn& c = c_[pos];
    c.pset = pset_of(v.p);
    std::copy_n(v.s.begin(), NS, c.s.begin());
    if constexpr (requires { M::min_delay_change(psets_[0].data(), c.s.data()); }) refresh_delays();
  }
  void erase(std::vector<std::uint64_t> positions) override {
    std::sort(positions.begin(), positions.end());
    std::vector<bool> gone(c_.size(), false);
    for (auto p : positions) gone[p] = true;
    std::vector<conn> kept;
    kept.reserve(c_.size() - positions.size());
    std::vector<std::uint64_t> begin(begin_.size(), 0);
    for (std::size_t s = 0; s + 1 < begin_.size(); ++s) {
      for (std::uint64_t i = begin_[s]; i < begin_[s + 1]; ++i)
        if (!gone[i]) kept.push_back(c_[i]);
      begin[s + 1] = kept.size();
    }
    c_.swap(kept);
    begin_.swap(begin);
    refresh_delays();
  }
  std::uint16_t min_delay() const override { return min_delay_; }
  std::uint16_t max_delay() const override { return max_delay_; }

  void deliver(const std::vector<spike_event>& events, delivery& d) override {
    if (c_.empty()) return;
    auto* common = [this] {
      if constexpr (writes_common)
        return local_.data();
      else
        return common_->data();
    }();
    for (std::size_t k = 0; k < events.size(); ++k) {
      const spike_event& e = events[k];
      if (std::size_t(e.gid) + 1 >= begin_.size()) continue;
      const std::uint64_t b = begin_[e.gid], end = begin_[e.gid + 1];
      if (b == end) continue;
      syn_event ev{d.ms(e.step + 1), e.offset, 0.0, e.mult, nullptr, d.seed, e.gid, 0, e.step, 0};
      ev.dt = d.dt;
      if constexpr (modulated_model) ev.modulator = modulator_spikes(d);
      std::uint16_t last_delay = 0;  // (rows mostly share one delay: its ms once per row)
      for (std::uint64_t i = b; i < end; ++i) {
        conn& c = c_[i];
        if (c.h.delay != last_delay) {
          last_delay = c.h.delay;
          ev.dendritic_delay = d.ms(c.h.delay);
        }
        ev.mult = e.mult;
        ev.target = d.col_gid[c.h.target];
        ev.rank = c.rank;
        ev.offset = e.offset;
        ev.delay_change = 0;
        if constexpr (M::reads_history) ev.post = d.history[ev.target];
        if constexpr (requires { M::archive; }) {
          if constexpr (M::archive == archive_kind::clopath) ev.clopath = d.clopath[ev.target];
          if constexpr (M::archive == archive_kind::urbanczik) ev.urbanczik = d.urbanczik[ev.target];
        }
        double w;
        if constexpr (common_weight_of<M>()) {
          double cw = common[M::n_common];  // the model's weight, after its common entries
          w = M::send(psets_[c.pset].data(), c.s.data(), cw, common, ev) * e.factor;
        } else {
          const double before = c.h.weight;
          w = M::send(psets_[c.pset].data(), c.s.data(), c.h.weight, common, ev) * e.factor;
          if ((c.h.flags & sign_split) && ((c.h.weight > 0) != (before > 0))) {
            // the weight changed sign: the connection moves to the other channel plane for good
            const std::uint32_t plane = d.col_plane[c.h.target];
            c.h.target = before > 0 ? c.h.target + plane : c.h.target - plane;
          }
        }
        if (ev.mult == 0) continue;
        if (ev.delay_change == 0) {
          d.add_signed(e, k, c.h, w, ev.mult, ev.offset);
        } else {
          synapse h = c.h;
          h.delay = std::uint16_t(int(h.delay) + ev.delay_change);
          d.add_signed(e, k, h, w, ev.mult, ev.offset);
        }
      }
    }
  }

  void save_initial() override {
    init_.resize(c_.size());
    for (std::size_t i = 0; i < c_.size(); ++i) init_[i] = {c_[i].h.weight, c_[i].s};
    init_local_ = *common_values();
  }
  bool modulated() const override { return modulated_model; }
  void trigger(std::uint32_t modulator, double t_trig, const std::vector<modulator_spike>& spikes,
               delivery& d) override {
    if constexpr (modulated_model) {
      const double* common = common_->data();
      if (c_.empty() || common[M::modulator_entry] != double(modulator)) return;
      syn_trigger ev{t_trig, &spikes, 0.0, nullptr};
      for (conn& c : c_) {
        ev.dendritic_delay = d.ms(c.h.delay);
        if constexpr (M::reads_history) ev.post = d.history[d.col_gid[c.h.target]];
        const double before = c.h.weight;
        M::trigger(psets_[c.pset].data(), c.s.data(), c.h.weight, common, ev);
        follow_sign(c, before, d);
      }
    }
  }

  void restore_initial(const std::vector<std::uint32_t>& col_plane) override {
    if (init_.size() == c_.size())
      for (std::size_t i = 0; i < c_.size(); ++i) {
        conn& c = c_[i];
        const double now = c.h.weight;
        c.h.weight = init_[i].weight;
        c.s = init_[i].s;
        follow_sign(c, now, col_plane);  // back to the channel plane of the initial weight's sign
      }
    if constexpr (writes_common) local_ = init_local_;
  }
  const std::vector<double>* thread_common() const override {
    return writes_common ? common_values() : nullptr;
  }

 private:
  using pset = std::array<double, NP>;
  static constexpr bool modulated_model = requires { M::modulator_entry; };
  /// If the weight changed sign: the connection moves to the other channel plane for good.
  static void follow_sign(conn& c, double before, const delivery& d) { follow_sign(c, before, d.col_plane); }
  static void follow_sign(conn& c, double before, const std::vector<std::uint32_t>& col_plane) {
    if ((c.h.flags & sign_split) && ((c.h.weight > 0) != (before > 0))) {
      const std::uint32_t plane = col_plane[c.h.target];
      c.h.target = before > 0 ? c.h.target + plane : c.h.target - plane;
    }
  }
  /// The spikes of the model's modulator node this slice (a lone pseudo spike at 0 if it has none).
  const std::vector<modulator_spike>* modulator_spikes(const delivery& d) const {
    static const std::vector<modulator_spike> none{{0.0, 0.0}};
    const double gid = (*common_)[std::size_t(M::modulator_entry)];
    const std::vector<modulator_spike>* s =
        gid > 0 && d.modulation ? d.modulation(std::uint32_t(gid)) : nullptr;
    return s ? s : &none;
  }
  std::uint32_t pset_of(const std::vector<double>& p) {
    pset key{};
    std::copy_n(p.begin(), NP, key.begin());
    auto [it, made] = pset_index_.try_emplace(key, std::uint32_t(psets_.size()));
    if (made) psets_.push_back(key);
    return it->second;
  }
  /// Rank of each connection among the earlier connections of its row to the same node.
  void rank(const std::vector<std::uint32_t>& col_gid) {
    std::vector<std::pair<std::uint32_t, std::uint64_t>> by_node;
    for (std::size_t s = 0; s + 1 < begin_.size(); ++s) {
      by_node.clear();
      for (std::uint64_t i = begin_[s]; i < begin_[s + 1]; ++i)
        by_node.emplace_back(col_gid[c_[i].h.target], i);
      std::stable_sort(by_node.begin(), by_node.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
      for (std::size_t j = 0; j < by_node.size(); ++j)
        c_[by_node[j].second].rank =
            j > 0 && by_node[j].first == by_node[j - 1].first ? c_[by_node[j - 1].second].rank + 1 : 0;
    }
  }
  void refresh_delays() {
    min_delay_ = max_delay_ = 0;
    for (const conn& c : c_) {
      std::uint16_t shortest = c.h.delay;
      if constexpr (requires { M::min_delay_change(psets_[0].data(), c.s.data()); })
        shortest = std::uint16_t(int(shortest) + M::min_delay_change(psets_[c.pset].data(), c.s.data()));
      if (min_delay_ == 0 || shortest < min_delay_) min_delay_ = shortest;
      max_delay_ = std::max(max_delay_, c.h.delay);
    }
  }

  /// The common values this thread's connections use: the kernel's, or (models that write them) this
  /// thread's copy, brought up to date with set_defaults changes (the changed entries, then common_set).
  const std::vector<double>* common_values() const { return writes_common ? &local_ : common_; }

 public:
  void set_common(const std::vector<double>& c, const std::vector<bool>& given) override {
    if constexpr (writes_common) {
      std::size_t at = 0;
      for (std::size_t k = 0; k < M::common.size(); ++k) {
        if (given[k]) std::copy_n(c.begin() + long(at), M::common[k].size, local_.begin() + long(at));
        at += M::common[k].size;
      }
      if constexpr (requires { M::common_set(local_.data(), given); }) M::common_set(local_.data(), given);
    }
  }

 private:
  const std::vector<double>* common_;
  std::vector<double> local_;  // writes_common: this thread's copy
  std::vector<double> init_local_;
  std::vector<conn> c_;
  std::vector<std::uint64_t> begin_;  // by node id, one past the last
  std::vector<pset> psets_;
  std::map<pset, std::uint32_t> pset_index_;
  std::vector<std::pair<std::uint32_t, conn>> pending_;  // added without an announcement
  std::vector<std::uint64_t> announced_;                   // by node id: connections to come
  std::uint64_t announced_total_ = 0;
  std::vector<std::uint64_t> fill_;  // while building: the next free place in each row
  bool building_ = false;
  // the weights and state at time 0 (save_initial), what Simulator::reset restores; parameters, delays
  // and the rest of the header do not change while a network runs
  struct initial {
    double weight;
    decltype(conn::s) s;
  };
  std::vector<initial> init_;
  std::uint16_t min_delay_ = 0, max_delay_ = 0;
};

}  // namespace nestor::detail
