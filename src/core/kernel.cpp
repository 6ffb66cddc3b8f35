#include "core/kernel.hpp"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <limits>
#include <numbers>

#include "core/delivery.hpp"
#include "core/progress.hpp"
#include "core/rng.hpp"
#include "models/devices/recorders.hpp"
#include "models/devices/weight_recorder.hpp"
#include "models/neurons/clopath_archive.hpp"
#include "models/neurons/urbanczik_archive.hpp"

namespace nestor::detail {

namespace {
bool is_recorder(node_kind k) {
  return k == node_kind::analog_recorder || k == node_kind::spike_recorder;
}

bool is_array_param(const model_description& desc, const std::string& name) {
  for (const auto& p : desc.params)
    if (p.name == name) return p.is_array;
  return false;
}

/// Splits user values into one parameter list per node: a scalar (or a 1-D array for array-valued
/// parameters, or strings) applies to every node; otherwise one value per node.
std::vector<param_list> split_per_node(const model_description& desc, const param_list& params,
                                       std::size_t n) {
  std::vector<param_list> out(n);
  for (const auto& [name, v] : params) {
    const bool is_array = is_array_param(desc, name);
    if (v.is_string() || (is_array && v.shape().size() <= 1)) {
      for (auto& pl : out) pl.emplace_back(name, v);
    } else if (is_array) {
      if (v.shape().size() != 2 || v.shape()[0] != n)
        throw bad_argument(desc.name + " parameter " + name + ": expected one array for all nodes or " +
                           std::to_string(n) + " arrays (one per node)");
      for (std::size_t i = 0; i < n; ++i) out[i].emplace_back(name, v.row(i));
    } else if (v.size() == 1) {
      for (auto& pl : out) pl.emplace_back(name, v.element(0));
    } else if (v.size() == n && v.shape().size() == 1) {
      for (std::size_t i = 0; i < n; ++i) out[i].emplace_back(name, v.element(i));
    } else {
      throw bad_argument(desc.name + " parameter " + name + ": expected one value or " + std::to_string(n) +
                         " values (one per node), got " + std::to_string(v.size()));
    }
  }
  return out;
}

/// True if every value applies to all nodes alike (no per-node lists).
bool same_for_all(const model_description& desc, const param_list& params) {
  for (const auto& [name, v] : params) {
    const bool is_array = is_array_param(desc, name);
    if (!(v.is_string() || (is_array && v.shape().size() <= 1) || (!is_array && v.size() == 1))) return false;
  }
  return true;
}
}  // namespace

kernel::kernel(double dt_ms, std::uint64_t seed, int threads)
    : dt_(dt_ms), seed_(seed), defaults_(dt_ms), threads_(threads) {
  if (!(std::isfinite(dt_ms) && dt_ms > 0))
    throw bad_value("Simulator parameter dt = " + format_number(dt_ms) + " ms: expected a value > 0");
  if (threads < 1 || threads > 256)
    throw bad_value("Simulator parameter threads = " + std::to_string(threads) + ": expected 1 to 256");
  const auto T = std::size_t(threads);
  gaps_.settings.comm_interval = std::max(1.0, dt_ms);  // NEST: never below the resolution
  channels_.assign(T, 0);
  conns_.resize(T);
  rb_.resize(T);
  events_.resize(T);
  col_gid_.resize(T);
  conn_cols_.resize(T);
  pstores_.resize(T);
  tics_per_step_ = std::max<std::int64_t>(1, std::llround(dt_ms * 1000.0));
}

std::size_t kernel::num_connections() const {
  std::size_t n = gaps_.size();
  for (const auto& c : conns_) n += c.size();
  for (const auto& stores : pstores_)
    for (const auto& st : stores) n += st->size();
  return n;
}

bool kernel::is_synapse_model(const std::string& name) const {
  return name == "static_synapse" || name == "rate_connection_delayed" || static_copies_.count(name) ||
         synapse_type_of(name) != nullptr;
}

void kernel::copy_model(const std::string& existing, const std::string& new_name, const param_list& params) {
  if (is_synapse_model(existing)) return copy_synapse_model(existing, new_name, params);
  if (is_synapse_model(new_name))
    throw bad_argument("copy_model: a synapse model named '" + new_name + "' exists already");
  defaults_.copy(existing, new_name, params);
}

void kernel::set_defaults(const std::string& model, const param_list& params) {
  if (is_synapse_model(model)) return set_synapse_defaults(model, params);
  defaults_.set(model, params);
}

value kernel::get_defaults(const std::string& model, const std::string& name) const {
  if (is_synapse_model(model)) return const_cast<kernel*>(this)->synapse_default(model, name);
  return defaults_.get(model, name);
}

param_list kernel::get_defaults(const std::string& model) const {
  return defaults_.get_all(model);
}

std::uint32_t kernel::create(const std::string& model, std::size_t n, const param_list& params) {
  const model_defaults::resolved r = defaults_.resolve(model);
  const model_entry& e = *r.entry;
  // A node of a model with changed defaults first takes them (in the order they were given), then
  // create()'s values: NEST's clone of the model's prototype followed by SetStatus(params).
  const auto set_node = [&](population& pop, std::size_t i, const param_list& own) {
    for (const auto& d : *r.defaults) pop.set(i, d, true);
    pop.set(i, own, true);
  };
  const std::string context = r.is_copy ? model + " (a copy of " + e.desc.name + "): " : "";
  if (n < 1) throw bad_value("create: n = " + std::to_string(n) + ": expected at least one node");
  if (n_nodes() + n >= std::numeric_limits<std::uint32_t>::max())
    throw bad_value("create: n = " + std::to_string(n) + ": too many nodes");
  const std::uint32_t first = static_cast<std::uint32_t>(n_nodes() + 1);
  // Recorders are one population per node: each records on its own.
  const std::size_t groups = is_recorder(e.desc.kind) ? n : 1;
  const std::size_t per_group = n / groups;
  std::vector<std::unique_ptr<population>> made;
  with_error_context(context, [&] {
    if (groups == 1 && n > 1 && same_for_all(e.desc, params)) {
      // One value per parameter for all nodes: set the first node, then copy it.
      auto pop = e.make(first, n, dt_);
      set_node(*pop, 0, split_per_node(e.desc, params, 1)[0]);
      if (pop->replicate_first()) made.push_back(std::move(pop));
    }
    if (made.empty()) {
      const auto per_node = split_per_node(e.desc, params, n);
      for (std::size_t g = 0; g < groups; ++g) {
        auto pop = e.make(first + static_cast<std::uint32_t>(g * per_group), per_group, dt_);
        for (std::size_t i = 0; i < per_group; ++i) set_node(*pop, i, per_node[g * per_group + i]);
        made.push_back(std::move(pop));
      }
    }
  });
  for (auto& pop : made) {
    if (r.is_copy) pop->set_model_name(model);
    // Thread t owns a contiguous share of every population; its channels follow those it owns already.
    const std::size_t n_pop = pop->size(), T = std::size_t(threads_);
    pop->slices.resize(T);
    for (std::size_t t = 0; t < T; ++t) {
      thread_slice& sl = pop->slices[t];
      sl.lo = n_pop * t / T;
      sl.hi = n_pop * (t + 1) / T;
      sl.channel_base = channels_[t];
      channels_[t] += (sl.hi - sl.lo) * static_cast<std::size_t>(pop->channels_per_node());
    }
    gid_pop_.insert(gid_pop_.end(), pop->size(), static_cast<std::uint32_t>(pops_.size()));
    pops_.push_back(std::move(pop));
  }
  return first;
}

const population& kernel::pop_of(std::uint32_t gid) const {
  if (gid < 1 || gid > n_nodes())
    throw bad_argument("node id " + std::to_string(gid) + " does not exist (there are " +
                       std::to_string(n_nodes()) + " nodes)");
  return *pops_[gid_pop_[gid]];
}

population& kernel::pop_mut(std::uint32_t gid) {
  return const_cast<population&>(pop_of(gid));
}

void kernel::set(const std::vector<std::uint32_t>& gids, const param_list& kv) {
  if (gids.empty()) return;
  const auto per_node = split_per_node(pop_of(gids.front()).describe(), kv, gids.size());
  // All nodes or none: if a node refuses its values, the nodes before it get their old values back.
  std::vector<param_list> old(gids.size());
  for (std::size_t i = 0; i < gids.size(); ++i) {
    population& p = pop_mut(gids[i]);
    for (const auto& [name, v] : per_node[i]) old[i].emplace_back(name, p.get(local(gids[i]), name));
    try {
      p.set(local(gids[i]), per_node[i], now_ == 0);
    } catch (...) {
      for (std::size_t r = i; r-- > 0;) pop_mut(gids[r]).set(local(gids[r]), old[r], now_ == 0);
      throw;
    }
  }
}

value kernel::get(std::uint32_t gid, const std::string& name) const {
  return pop_of(gid).get(local(gid), name);
}

unit kernel::weight_unit(std::uint32_t pre, std::uint32_t post) const {
  if (pop_of(pre).kind() == node_kind::current_generator) return unit::none;
  return model_registry::instance().at(pop_of(post).base_model()).weight_unit;
}

namespace {
/// Rank of a connection among the parallel connections to the same target column (a row lists them
/// next to each other): keys the per-connection random streams so that they do not depend on threads.
struct parallel_rank {
  std::uint32_t prev = std::numeric_limits<std::uint32_t>::max();
  std::uint64_t rank = 0;
  std::uint64_t operator()(std::uint32_t target) {
    rank = target == prev ? rank + 1 : 0;
    prev = target;
    return rank;
  }
  /// The rank of synapse s: a connection into a per_connection port has a column of its own; it is
  /// ranked by its port number at its node (port[column]), past the ranks of ordinary connections, so
  /// that parallel connections to one node's per-connection ports draw independently.
  std::uint64_t operator()(const synapse& s, const std::vector<std::uint32_t>& port) {
    if (s.flags & per_connection) return (std::uint64_t(1) << 32) + port[s.target];
    return (*this)(s.target);
  }
};
}  // namespace

void kernel::prepare(std::int64_t end) {
  materialize();
  const std::int64_t default_delay = std::max<std::int64_t>(1, std::llround(1.0 / dt_));
  std::int64_t lo = 0, hi = 0;
  build_column_maps();
  build_plastic();
  auto take = [&](std::uint16_t mn, std::uint16_t mx) {
    if (mn && (lo == 0 || mn < lo)) lo = mn;
    hi = std::max<std::int64_t>(hi, mx);
  };
  for (const auto& c : conns_) take(c.min_delay(), c.max_delay());
  for (const auto& stores : pstores_)
    for (const auto& st : stores) take(st->min_delay(), st->max_delay());
  if (!gaps_.empty()) {
    // gap junctions count as connections of delay wfr_comm_interval (NEST)
    const std::int64_t c = gaps_.comm_steps(dt_);
    lo = lo ? std::min(lo, c) : c;
    hi = std::max(hi, c);
  }
  min_delay_ = lo ? lo : default_delay;
  max_delay_ = hi ? hi : default_delay;
  pq_.resize(std::size_t(threads_));
  trains_.resize(std::size_t(threads_));
  for (int t = 0; t < threads_; ++t) {
    rb_[std::size_t(t)].resize(min_delay_ + max_delay_, channels_[std::size_t(t)], now_);
    pq_[std::size_t(t)].resize(min_delay_ + max_delay_, now_);
  }
  for (const wr_link& l : wr_pending_)
    wr_links_[{l.source, col_gid_[std::size_t(l.thread)][l.column], l.receptor}] =
        &dynamic_cast<weight_recorder&>(pop_mut(l.recorder));
  wr_pending_.clear();
  files_.n_nodes = n_nodes();
  files_.threads = threads_;
  // NEST's min and max delay: its recorders' connections carry its default delay (1 ms) too
  const std::int64_t nest_max = recorder_connected_ ? std::max(max_delay_, default_delay) : max_delay_;
  const run_info run{dt_, now_, end, seed_, &files_, min_delay_, nest_min_delay(), nest_max};
  for (auto& p : pops_) p->taps.clear();
  for (auto& p : pops_) p->prepare(run);
  gaps_.prepare(pops_, threads_, min_delay_);
  start_trains(run);
  // the spike histories' time constants are their neurons' (tau_minus, tau_minus_triplet)
  for (std::uint32_t g = 1; g < hist_.size(); ++g)
    if (hist_[g])
      hist_[g]->set_taus(get(g, "tau_minus").numbers()[0], get(g, "tau_minus_triplet").numbers()[0],
                         double(min_delay_ * tics_per_step_) / 1000.0);
  if (now_ == 0)
    for (auto& stores : pstores_)
      for (auto& st : stores) st->save_initial();
}

std::int64_t kernel::nest_min_delay() const {
  // NEST's min_delay is that of the connections, but NEST also counts the delay (1 ms by default) of
  // the connections of its recorders (spike_recorder, multimeter, detectors; the weight_recorder has none)
  const std::int64_t one_ms = std::max<std::int64_t>(1, std::llround(1.0 / dt_));
  return recorder_connected_ ? std::min(min_delay_, one_ms) : min_delay_;
}

const std::vector<modulator_spike>* kernel::modulator_spikes(std::uint32_t gid) const {
  if (gid < 1 || gid > n_nodes()) return nullptr;
  const population& p = *pops_[gid_pop_[gid]];
  const auto* m = dynamic_cast<const modulator_source*>(&p);
  return m ? &m->current(gid - p.first()) : nullptr;
}

spike_history& kernel::history_of(std::uint32_t gid) {
  if (hist_.size() <= gid) hist_.resize(n_nodes() + 1);
  if (!hist_[gid]) hist_[gid] = std::make_unique<spike_history>();
  return *hist_[gid];
}

void kernel::build_plastic() {
  bool moved = false;
  for (std::size_t t = 0; t < pstores_.size(); ++t)
    for (auto& st : pstores_[t]) {
      moved = moved || st->dirty();
      st->build(n_nodes() + 1, col_gid_[t]);
    }
  if (moved) ++pversion_;
  // NEST's register_stdp_connection(t_lastspike - d, d), t_lastspike being 0 for a new connection
  for (const auto& [t, col, delay] : hist_pending_) {
    const double d = double(std::int64_t(delay) * tics_per_step_) / 1000.0;
    history_of(col_gid_[t][col]).register_connection(0.0 - d, d);
  }
  hist_pending_.clear();
  hist_pending_.shrink_to_fit();
  hist_ptr_.assign(n_nodes() + 1, nullptr);
  for (std::size_t g = 0; g < hist_.size(); ++g) hist_ptr_[g] = hist_[g].get();
  // Clopath and Urbanczik archives: a new connection counts as one more reader (NEST's n_incoming); the
  // archives' addresses by node id, asked once from each population that keeps them
  for (const auto& [t, col] : arch_pending_) {
    const std::uint32_t gid = col_gid_[t][col];
    population& p = pop_mut(gid);
    if (p.archive() == archive_kind::clopath) p.clopath_history(local(gid))->register_connection();
    if (p.archive() == archive_kind::urbanczik) p.urbanczik_history(local(gid))->register_connection();
  }
  arch_pending_.clear();
  clopath_ptr_.assign(n_nodes() + 1, nullptr);
  urbanczik_ptr_.assign(n_nodes() + 1, nullptr);
  for (auto& p : pops_) {
    if (p->archive() == archive_kind::none) continue;
    for (std::size_t i = 0; i < p->size(); ++i) {
      clopath_ptr_[p->first() + i] = p->clopath_history(i);
      urbanczik_ptr_[p->first() + i] = p->urbanczik_history(i);
    }
  }
}

void kernel::start_trains(const run_info& run) {
  for (const auto& p : pops_) {
    if (!p->starts_trains()) continue;
    for (std::size_t t = 0; t < std::size_t(threads_); ++t) {
      auto& trains = trains_[t];
      for (std::size_t i = 0; i < p->size(); ++i) {
        const std::uint32_t gid = p->first() + std::uint32_t(i);
        const row_view row = conns_[t].row(gid);
        train_id id{p->stream_seed(i, seed_), gid, 0, 0};
        parallel_rank rank_of;  // as deliver() ranks the parallel connections
        for (std::uint32_t k = 0; k < row.n; ++k) {
          const synapse s = row[k];
          id.rank = rank_of(s, col_port_[t]);
          id.target = col_gid_[t][s.target];
          auto [it, made] = trains.try_emplace(train_key{gid, id.target, id.rank});
          if (made) p->train_start(i, id, it->second, run);
        }
      }
    }
  }
}

void kernel::build_column_maps() {
  col_plane_.resize(std::size_t(threads_));
  col_port_.resize(std::size_t(threads_));
  for (std::size_t t = 0; t < std::size_t(threads_); ++t) {
    auto& m = col_gid_[t];
    m.assign(channels_[t], 0);
    auto& plane = col_plane_[t];
    plane.assign(channels_[t], 0);
    for (const auto& p : pops_) {
      const auto k = std::size_t(p->channels_per_node());
      const thread_slice& sl = p->slices[t];
      for (std::size_t c = 0; c < k; ++c)
        for (std::size_t i = sl.lo; i < sl.hi; ++i) {
          const std::size_t col = sl.channel_base + c * (sl.hi - sl.lo) + (i - sl.lo);
          m[col] = p->first() + std::uint32_t(i);
          plane[col] = std::uint32_t(sl.hi - sl.lo);
        }
    }
    // per-connection columns (plane 0) and their port numbers at their node (creation order)
    auto& port = col_port_[t];
    port.assign(channels_[t], 0);
    std::unordered_map<std::uint32_t, std::uint32_t> ports;
    for (const auto& [col, gid] : conn_cols_[t]) {
      m[col] = gid;
      port[col] = ports[gid]++;
    }
  }
}

void kernel::deliver(int t, const std::vector<spike_event>& events) {
  ring_buffer& rb = rb_[std::size_t(t)];
  const connection_store& conns = conns_[std::size_t(t)];
  const std::vector<std::uint32_t>& col_gid = col_gid_[std::size_t(t)];
  const std::vector<std::uint32_t>& col_port = col_port_[std::size_t(t)];
  const std::int64_t slots = rb.slots();
  double* const data = rb.row(0);
  const std::size_t width = rb.width();
  poisson_table table;
  delivery d = delivery_for(t);
  for (std::size_t k = 0; k < events.size(); ++k) {
    const spike_event& e = events[k];
    if (k + 4 < events.size()) conns.prefetch_index(events[k + 4].gid);
    if (k + 1 < events.size()) conns.prefetch_row(events[k + 1].gid);
    const row_view row = conns.row(e.gid);
    if (row.n == 0) continue;
    // The row read in step e.step + delay, without a division per synapse.
    const std::int64_t base = e.step % slots;
    auto slot_of = [&](std::uint16_t delay) {
      std::int64_t r = base + delay;
      if (r >= slots) r -= slots;
      return data + std::size_t(r) * width;
    };
    // Into the target's channel as its port's flags say (core/delivery.hpp, shared with the plastic
    // stores).
    auto add = [&](const synapse& s, double w, std::uint32_t mult) { d.add(e, k, s, w, mult, e.offset); };
    // One spike at its own time within the step (offset before its end): with the offset into a precise
    // port, otherwise as a spike of the step (poisson_generator_ps).
    auto add_at = [&](const synapse& s, double offset) {
      d.add(e, k, s, s.weight, 1, (s.flags & precise) ? offset : e.offset);
    };
    // A factor (spike_weights, a current's amplitude) may flip the sign that routed the connection.
    auto add_scaled = [&](const synapse& s, double factor, std::uint32_t mult) {
      d.add_signed(e, k, s, s.weight * factor, mult, e.offset);
    };
    if (e.mode == event_mode::plain) {
      if (row.targets && e.factor == 1.0 && !(row.tmpl->flags & special_flags)) {
        // A compact row: one weight and delay for all; the hot loop of large networks.
        double* slot = slot_of(row.tmpl->delay);
        const double w = e.mult == 1 ? row.tmpl->weight : row.tmpl->weight * e.mult;
        for (std::uint32_t k = 0; k < row.n; ++k) slot[row.targets[k]] += w;
        continue;
      }
      for (std::uint32_t k = 0; k < row.n; ++k) {
        const synapse s = row[k];
        if (e.factor == 1.0)
          add(s, s.weight, e.mult);
        else
          add_scaled(s, e.factor, e.mult);
      }
      continue;
    }
    if (e.mode == event_mode::rate) {
      // weight * rate (or weight * input(rate), rate_input) on the channel the weight's sign chose when
      // connecting (NEST's ex/in rate buffers)
      const population* tp = nullptr;
      for (std::uint32_t k = 0; k < row.n; ++k) {
        const synapse s = row[k];
        const std::uint32_t g = col_gid[s.target];
        if (!tp || g < tp->first() || g >= tp->first() + tp->size()) tp = &pop_of(g);
        add(s, s.weight * tp->rate_input(g - tp->first(), e.factor), 1);
      }
      continue;
    }
    if (e.mode == event_mode::gaussian) {
      // Every connection its own current factor + offset * z (noise_generator). z is a Box-Muller
      // normal from two lanes of the Philox block keyed by (seed, generator) at counter (interval e.mult,
      // target node, rank among parallel connections to it): the same in every step of the interval,
      // and independent of threads.
      const population& gen = pop_of(e.gid);
      const std::uint64_t seed = gen.stream_seed(e.gid - gen.first(), seed_);
      parallel_rank rank_of;
      for (std::uint32_t k = 0; k < row.n; ++k) {
        const synapse s = row[k];
        const std::uint64_t rank = rank_of(s, col_port);
        const auto b = philox_stream::block(seed, e.gid, rng_purpose::poisson_delivery, std::uint64_t(e.mult),
                                            col_gid[s.target], rank + (4ull << 40));
        const double u1 = philox_stream::to_uniform(b.v[0]), u2 = philox_stream::to_uniform(b.v[1]);
        const double z = std::sqrt(-2.0 * std::log1p(-u1)) * std::cos(2.0 * std::numbers::pi * u2);
        add_scaled(s, e.factor + e.offset * z, 1);
      }
      continue;
    }
    if (e.mode == event_mode::binomial) {
      // Thinning per connection (NEST's mip_generator / spike_dilutor event_hook): each of the event's
      // `mult` spikes reaches this connection with probability `factor`, from a stream keyed by
      // (generator, step, target node, rank among parallel connections to it): independent of threads.
      const population& gen = pop_of(e.gid);
      const std::uint64_t seed = gen.stream_seed(e.gid - gen.first(), seed_);
      parallel_rank rank_of;
      for (std::uint32_t k = 0; k < row.n; ++k) {
        const synapse s = row[k];
        const std::uint64_t rank = rank_of(s, col_port);
        philox_stream g(seed, e.gid, rng_purpose::thinning, std::uint64_t(e.step), col_gid[s.target], rank);
        std::uint32_t n = 0;
        for (std::uint32_t j = 0; j < e.mult; ++j) n += g.uniform() < e.factor ? 1 : 0;
        if (n > 0) add(s, s.weight, n);
      }
      continue;
    }
    const population& gen = pop_of(e.gid);
    if (e.mode == event_mode::train) {
      // Every connection advances its own train (trains.hpp), on the thread that owns its target.
      struct sink final : train_sink {
        decltype(add)& add_n;
        decltype(add_at)& add_one;
        const synapse& s;
        sink(decltype(add)& a, decltype(add_at)& b, const synapse& syn) : add_n(a), add_one(b), s(syn) {}
        void spikes(std::uint32_t n) override {
          if (n > 0) add_n(s, s.weight, n);
        }
        void spike_at(double offset) override { add_one(s, offset); }
      };
      auto& trains = trains_[std::size_t(t)];
      const std::size_t i = e.gid - gen.first();
      train_id id{gen.stream_seed(i, seed_), e.gid, 0, 0};
      parallel_rank rank_of;
      for (std::uint32_t k = 0; k < row.n; ++k) {
        const synapse s = row[k];
        id.rank = rank_of(s, col_port);
        id.target = col_gid[s.target];
        train_state& st = trains[train_key{e.gid, id.target, id.rank}];
        sink out(add, add_at, s);
        gen.train_step(i, e, id, st, out);
        st.fresh = false;
      }
      continue;
    }
    // poisson: every connection draws its own count. Its uniform is lane (gid & 3) of the Philox block
    // keyed by (seed, generator) at counter (step, gid >> 2, rank among parallel connections to gid):
    // it depends on the target node only, not on threads; neighbouring targets share a block.
    const std::uint64_t seed = gen.stream_seed(e.gid - gen.first(), seed_);
    table.build(e.factor);
    const bool tabled = e.factor <= poisson_table::max_mean;
    parallel_rank rank_of;
    std::uint64_t rank = 0, block_key = std::numeric_limits<std::uint64_t>::max(), block_rank = 0;
    philox_stream::engine::ctr_type block{};
    auto uniform_for = [&](std::uint32_t target, std::uint64_t r) {
      rank = r;
      const std::uint32_t gid = col_gid[target];
      if ((gid >> 2) != block_key || rank != block_rank) {
        block_key = gid >> 2;
        block_rank = rank;
        block = philox_stream::block(seed, e.gid, rng_purpose::poisson_delivery, std::uint64_t(e.step),
                                     block_key, rank);
      }
      return philox_stream::to_uniform(block.v[gid & 3]);
    };
    if (tabled && row.targets && !(row.tmpl->flags & special_flags)) {
      // A compact row (a generator driving a population with one weight): the hot loop of driven
      // networks. Adding w * 0 changes at most the sign of a zero and saves a mispredicted branch.
      double* slot = slot_of(row.tmpl->delay);
      const double w = row.tmpl->weight;
      for (std::uint32_t k = 0; k < row.n; ++k) {
        const std::uint32_t target = row.targets[k];
        slot[target] += w * double(table(uniform_for(target, rank_of(target))));
      }
      continue;
    }
    for (std::uint32_t k = 0; k < row.n; ++k) {
      const synapse s = row[k];
      const double u = uniform_for(s.target, rank_of(s, col_port));
      unsigned n;
      if (tabled) {
        n = table(u);
      } else {
        philox_stream g(seed, e.gid, rng_purpose::poisson_delivery, std::uint64_t(e.step), col_gid[s.target],
                        rank + (1ull << 40));
        n = poisson_draw(g, e.factor);
      }
      if (n == 0) continue;
      if (e.mode == event_mode::poisson_precise && (s.flags & precise)) {
        // One precise spike per count, each at a uniform time within the step (a Poisson process).
        philox_stream g(seed, e.gid, rng_purpose::poisson_delivery, std::uint64_t(e.step), col_gid[s.target],
                        rank + (2ull << 40));
        for (unsigned j = 0; j < n; ++j) add_at(s, g.uniform() * dt_);
      } else {
        add(s, s.weight, n);
      }
    }
  }
}

delivery kernel::delivery_for(int t) {
  delivery d{rb_[std::size_t(t)],
             pq_[std::size_t(t)],
             col_gid_[std::size_t(t)],
             col_plane_[std::size_t(t)],
             [this, t](const spike_event& e, std::size_t seq, const synapse& s, double w, double offset) {
               note_weight(t, e, seq, s, w, offset);
             },
             dt_,
             tics_per_step_,
             hist_ptr_.data(),
             seed_};
  d.clopath = clopath_ptr_.data();
  d.urbanczik = urbanczik_ptr_.data();
  return d;
}

void kernel::deliver_plastic(int t, const std::vector<spike_event>& events, bool hold) {
  auto& stores = pstores_[std::size_t(t)];
  if (stores.empty()) return;
  delivery d = delivery_for(t);
  if (!modulators_.empty()) {
    // neuromodulated synapses: the updates of the intervals that end with this slice come first (NEST
    // triggers them while updating the slice, before its spikes are delivered)
    d.modulation = [this](std::uint32_t gid) { return modulator_spikes(gid); };
    for (const auto& [pop, m] : modulators_)
      for (std::size_t i = 0; i < pop->size(); ++i) {
        double t_trig = 0.0;
        const std::vector<modulator_spike>* spikes = nullptr;
        if (m->due(i, t_trig, spikes))
          for (auto& st : stores) st->trigger(pop->first() + std::uint32_t(i), t_trig, *spikes, d);
      }
  }
  for (auto& st : stores) {
    if (!st->modulated()) {
      st->deliver(events, d);
    } else if (!hold) {  // the spikes held back from earlier slices first (core/neuromodulation.hpp)
      if (!held_.empty()) st->deliver(held_, d);
      st->deliver(events, d);
    }
  }
}

void kernel::note_weight(int t, const spike_event& e, std::size_t seq, const synapse& s, double w,
                         double offset) const {
  const std::uint32_t target = col_gid_[std::size_t(t)][s.target];
  const int receptor = s.kind & receptor_mask;
  const auto it = wr_links_.find({e.gid, target, receptor});
  if (it != wr_links_.end()) it->second->note(t, {e.step, offset, seq, e.gid, target, w, receptor});
}

std::shared_ptr<const result_data> kernel::simulate(double T, bool progress) {
  if (!(std::isfinite(T) && T > 0))
    throw bad_value("simulate: T = " + format_number(T) + " ms: expected a value > 0");
  const double steps = T / dt_;
  if (std::abs(steps - std::round(steps)) > 1e-9 * std::max(1.0, steps))
    throw bad_value("simulate: T = " + format_number(T) +
                    " ms: expected a multiple of dt = " + format_number(dt_) + " ms");
  const std::int64_t begin = now_, end = now_ + std::llround(steps);
  prepare(end);

  std::vector<spike_recorder*> spike_recs;
  std::vector<spike_observer*> observers;  // detectors, weight_recorder (detectors.hpp)
  std::vector<std::pair<std::int64_t, multimeter*>> meters;
  for (auto& p : pops_) {
    if (auto* sr = dynamic_cast<spike_recorder*>(p.get())) spike_recs.push_back(sr);
    if (auto* ob = dynamic_cast<spike_observer*>(p.get())) observers.push_back(ob);
    if (auto* mm = dynamic_cast<multimeter*>(p.get())) meters.emplace_back(p->first(), mm);
  }

  const run_info run{dt_, begin, end, seed_};
  std::vector<spike_event> events;
  progress_meter meter(progress, double(begin) * dt_, double(end) * dt_);
  // Runs f(t) for every thread t: on the threads of an OpenMP team, or inline with one thread.
  auto on_threads = [this](const auto& f) {
    if (threads_ == 1) return f(0);
    std::exception_ptr failure;
#pragma omp parallel num_threads(threads_)
    {
      try {
        f(omp_get_thread_num());
      } catch (...) {
#pragma omp critical
        if (!failure) failure = std::current_exception();
      }
    }
    if (failure) std::rethrow_exception(failure);
  };
  // The loop, one min_delay slice at a time. Contract of the phases:
  //  1. update: every population advances over the slice's steps, reading its inputs for each step
  //     from the ring buffer and appending the events it emits (neurons: spikes; devices: spikes or
  //     current samples); recorders sample after each step. Each thread then orders its own events
  //     by (step, node id).
  //  2. order: the threads' ordered events are merged, so that what follows does not depend on the
  //     order of populations or on the number of threads (a node's events all come from one thread).
  //  3. deliver: every thread hands its share of the events to the spike recorders, then sends all
  //     events through its connections (those to the nodes it owns) into its own ring buffer; with
  //     delays >= min_delay they all land in later slices.
  //  0. gap junctions (only when the network has some; core/gap_junctions.hpp): the waveforms the
  //     slice's nodes receive through their gap junctions are set up (with use_wfr: NEST's waveform
  //     relaxation, tentative updates of the gap models' nodes and exchanges until they converge);
  //     phase 1 then reads them.
  // Each thread updates and receives only for the nodes it owns: no locks on the hot path.
  for (auto* sr : spike_recs) sr->set_parts(threads_);
  modulators_.clear();
  for (auto& p : pops_)
    if (auto* m = dynamic_cast<modulator_source*>(p.get())) modulators_.emplace_back(p.get(), m);
  phase_times phases;
  phases.deliver_busy.assign(std::size_t(threads_), 0.0);
  using clock = std::chrono::steady_clock;
  auto lap = [last = clock::now()](double& into) mutable {
    const auto now = clock::now();
    into += std::chrono::duration<double>(now - last).count();
    last = now;
  };
  const auto by_step_and_node = [](const spike_event& a, const spike_event& b) {
    return a.step != b.step ? a.step < b.step : a.gid < b.gid;
  };
  // A run that fails (an exception out of the loop) leaves the recorders' files readable up to the last
  // completed slice.
  struct on_failure {
    std::function<void()> f;
    int before = std::uncaught_exceptions();
    ~on_failure() {
      if (std::uncaught_exceptions() <= before) return;
      try {
        f();
      } catch (...) {  // the run's own error is the one to report
      }
    }
  } close_files{[&] {
    for (auto* sr : spike_recs) sr->abort_run();
    for (auto& [gid, mm] : meters) mm->abort_run(now_);
  }};
  const gap_exchange* const gaps = gaps_.exchange();
  const gap_junctions::thread_runner runner = [&](const std::function<void(int)>& f) { on_threads(f); };
  const gap_junctions::context_maker gap_context = [&](int t) {
    return update_context{rb_[std::size_t(t)], pq_[std::size_t(t)], events_[std::size_t(t)], run, t, gaps};
  };
  while (now_ < end) {
    std::int64_t stop = std::min(end, (now_ / min_delay_ + 1) * min_delay_);
    // slices end where a volume transmitter's delivery interval does, and NEST's min_delay before
    // (core/neuromodulation.hpp)
    for (const auto& [pop, m] : modulators_) stop = std::min(stop, m->next_cut(now_));
    if (gaps) {
      gaps_.relax(now_, stop, runner, gap_context);
      lap(phases.gap);
    }
    on_threads([&](int t) {
      auto& mine = events_[std::size_t(t)];
      mine.clear();
      precise_queue& pq = pq_[std::size_t(t)];
      for (std::int64_t k = now_; k < stop; ++k) pq.order(k);
      update_context ctx{rb_[std::size_t(t)], pq, mine, run, t, gaps};
      for (auto& p : pops_) p->update(now_, stop, ctx);
      for (std::int64_t k = now_; k < stop; ++k) pq.done(k);
      if (!std::is_sorted(mine.begin(), mine.end(), by_step_and_node))
        std::stable_sort(mine.begin(), mine.end(), by_step_and_node);
      // neurons that keep a spike history note their spikes before this slice's spikes are delivered
      if (!hist_.empty())
        for (const spike_event& e : mine)
          if (e.gid < hist_.size() && hist_[e.gid])
            hist_[e.gid]->add_spike(double((e.step + 1) * tics_per_step_) / 1000.0 - e.offset);
    });
    lap(phases.update);
    events.clear();
    for (const auto& mine : events_) {
      const auto middle = events.insert(events.end(), mine.begin(), mine.end());
      std::inplace_merge(events.begin(), middle, events.end(), by_step_and_node);
    }
    lap(phases.order);
    // a slice ending strictly inside NEST's last min_delay before a volume transmitter's trigger keeps its
    // spikes from the neuromodulated synapses until the next slice (core/neuromodulation.hpp)
    bool hold = false;
    for (const auto& [pop, m] : modulators_) hold = hold || m->holds(stop);
    for (auto* ob : observers) ob->collect(events);  // detectors, weight_recorder: serial, usually none
    on_threads([&](int t) {
      const auto started = clock::now();
      const std::size_t n = events.size(), T = std::size_t(threads_);
      for (auto* sr : spike_recs) sr->collect(events, n * std::size_t(t) / T, n * std::size_t(t + 1) / T, t);
      deliver(t, events);
      deliver_plastic(t, events, hold);
      phases.deliver_busy[std::size_t(t)] += std::chrono::duration<double>(clock::now() - started).count();
    });
    lap(phases.deliver);
    if (hold)
      held_.insert(held_.end(), events.begin(), events.end());
    else
      held_.clear();
    now_ = stop;
    meter.update(double(now_) * dt_);
  }

  auto res = std::make_shared<result_data>();
  res->phases = phases;
  res->dt = dt_;
  res->t_begin = double(begin) * dt_;
  res->t_end = double(end) * dt_;
  // NEST's min_delay for this network: NEST also counts the default delay (1 ms) that its recorders'
  // connections carry, so it is at most 1 ms whenever a recorder is connected.
  res->min_delay = double(std::min(min_delay_, std::max<std::int64_t>(1, std::llround(1.0 / dt_)))) * dt_;
  res->times.resize(static_cast<std::size_t>(end - begin));
  for (std::int64_t k = begin; k < end; ++k) res->times[std::size_t(k - begin)] = double(k + 1) * dt_;
  for (auto& [gid, mm] : meters) res->recorders[gid] = mm->finish(gid);
  for (auto* sr : spike_recs) res->recorders[sr->first()] = sr->finish();
  for (auto* ob : observers) res->recorders[ob->first()] = ob->finish();
  return res;
}

void kernel::reset() {
  now_ = 0;
  gaps_.reset();
  for (auto& rb : rb_) rb.clear();
  for (auto& pq : pq_) pq.clear();
  for (auto& trains : trains_) trains.clear();
  for (auto& p : pops_) p->reset();
  for (auto& h : hist_)
    if (h) h->clear();
  held_.clear();
  for (std::size_t t = 0; t < pstores_.size(); ++t)
    if (t < col_plane_.size())
      for (auto& st : pstores_[t]) st->restore_initial(col_plane_[t]);
}

}  // namespace nestor::detail
