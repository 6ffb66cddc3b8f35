// kernel's connection introspection: list, change and remove connections. A connection is named by
// (thread << 48) | its position in that thread's store; listings are ordered by source, then target
// node, then creation, whatever the number of threads.
#include <algorithm>
#include <numeric>
#include <unordered_set>

#include "core/kernel.hpp"

namespace nestor::detail {

namespace {
constexpr int thread_shift = 48;
std::size_t thread_of(std::uint64_t index) { return std::size_t(index >> thread_shift); }
std::uint64_t position_of(std::uint64_t index) { return index & ((std::uint64_t(1) << thread_shift) - 1); }
}  // namespace

std::uint64_t kernel::conn_version() const {
  std::uint64_t v = 0;
  for (const auto& c : conns_) v += c.version();
  return v;
}

connection_list kernel::connections(const std::vector<std::uint32_t>* sources,
                                    const std::vector<std::uint32_t>* targets) {
  materialize();
  build_column_maps();
  connection_list out;
  out.version = conn_version();
  std::unordered_set<std::uint32_t> want_t;
  if (targets) want_t.insert(targets->begin(), targets->end());
  struct entry {
    std::uint32_t target;
    std::uint64_t index;
    synapse syn;
  };
  std::vector<entry> row;
  auto visit = [&](std::uint32_t s) {
    row.clear();
    for (std::size_t t = 0; t < conns_.size(); ++t) {
      const row_view r = conns_[t].row(s);
      const std::uint64_t first = conns_[t].row_offset(s);
      for (std::uint32_t k = 0; k < r.n; ++k) {
        synapse x = r.general ? r.general[k] : *r.tmpl;
        if (r.targets) x.target = r.targets[k];
        const std::uint32_t tg = col_gid_[t][x.target];
        if (targets && !want_t.count(tg)) continue;
        row.push_back({tg, (std::uint64_t(t) << thread_shift) | (first + k), x});
      }
    }
    // Connections to one target all live in the thread owning it, in creation order.
    std::stable_sort(row.begin(), row.end(), [](const entry& a, const entry& b) { return a.target < b.target; });
    for (const entry& e : row) {
      out.index.push_back(e.index);
      out.source.push_back(s);
      out.target.push_back(e.target);
      out.weight.push_back(e.syn.weight);
      out.delay.push_back(e.syn.delay * dt_);
      out.receptor.push_back(e.syn.kind & receptor_mask);
    }
  };
  if (sources) {
    std::vector<std::uint32_t> s = *sources;
    std::sort(s.begin(), s.end());
    s.erase(std::unique(s.begin(), s.end()), s.end());
    for (auto g : s) visit(g);
  } else {
    for (std::uint32_t g = 1; g <= n_nodes(); ++g) visit(g);
  }
  return out;
}

void kernel::check_version(std::uint64_t version) const {
  if (!pending_.empty() || version != conn_version())
    throw bad_argument("these connections were listed before the network's connections changed "
                       "(connect or disconnect); call get_connections again");
}

void kernel::set_connections(const std::vector<std::uint64_t>& index, std::uint64_t version, const std::string& name,
                             const value& v) {
  check_version(version);
  if (name != "weight" && name != "delay")
    throw unknown_parameter("static_synapse: cannot set '" + name + "'; settable: weight, delay");
  if (!(v.size() == 1 || v.size() == index.size()))
    throw bad_argument("connections set " + name + ": expected one value or " + std::to_string(index.size()) +
                       " (one per connection), got " + std::to_string(v.size()));
  auto store = [&](std::uint64_t i) -> connection_store& { return conns_[thread_of(i)]; };
  std::vector<double> vals(index.size());
  std::vector<std::uint16_t> steps(index.size());
  for (std::size_t k = 0; k < index.size(); ++k) {
    const std::size_t at = v.size() == 1 ? 0 : k;
    if (name == "delay") {
      steps[k] = delay_steps(to_nest_unit(v, at, unit::ms, "connections", "delay"));
    } else {
      // the weight's unit is the target model's (none for current connections)
      const synapse s = store(index[k]).get(position_of(index[k]));
      const std::uint32_t t = col_gid_[thread_of(index[k])][s.target];
      const unit u = (s.kind & current_bit) ? unit::none : model_registry::instance().at(pop_of(t).base_model()).weight_unit;
      vals[k] = to_nest_unit(v, at, u, "connections", "weight");
      check_value(vals[k], check::any, "connections", "weight", u);
      if ((s.flags & per_connection) && vals[k] != s.weight)
        throw bad_value("connections set weight = " + format_number(vals[k]) + " into " +
                                 pop_of(t).model() + " receptor_type " + std::to_string(s.kind & receptor_mask) +
                                 ": the weight of this connection cannot change (" + pop_of(t).model() +
                                 " requires constant weights: it scales the connection's gating variable, "
                                 "past spikes included; NEST refuses it too)");
      if ((s.flags & nonnegative) && vals[k] < 0.0)
        throw bad_value("connections set weight = " + format_number(vals[k]) + " into " + pop_of(t).model() +
                        ": expected a weight >= 0 (its synapses are conductances)");
    }
  }
  build_column_maps();
  for (std::size_t k = 0; k < index.size(); ++k) {
    synapse s = store(index[k]).get(position_of(index[k]));
    if (name == "delay") {
      s.delay = steps[k];
    } else {
      // A sign-split connection whose weight changes sign moves to the other channel plane. (Its row
      // stays as it is: parallel connections to one node then need not be adjacent, which only matters
      // for a poisson_generator's parallel connections of both signs to one node.)
      if ((s.flags & sign_split) && ((vals[k] > 0) != (s.weight > 0))) {
        const std::uint32_t plane = col_plane_[thread_of(index[k])][s.target];
        s.target = s.weight > 0 ? s.target + plane : s.target - plane;
      }
      s.weight = vals[k];
    }
    store(index[k]).set(position_of(index[k]), s);
  }
  if (name == "delay")
    for (auto& c : conns_) c.refresh_delays();
}

std::vector<double> kernel::connection_values(const std::vector<std::uint64_t>& index, std::uint64_t version,
                                              const std::string& name) {
  check_version(version);
  std::vector<double> out;
  out.reserve(index.size());
  for (auto i : index) {
    const synapse s = conns_[thread_of(i)].get(position_of(i));
    out.push_back(name == "weight" ? s.weight : s.delay * dt_);
  }
  return out;
}

void kernel::disconnect(const std::vector<std::uint64_t>& index, std::uint64_t version) {
  check_version(version);
  std::vector<std::vector<std::uint64_t>> by_thread(conns_.size());
  for (auto i : index) by_thread[thread_of(i)].push_back(position_of(i));
  for (std::size_t t = 0; t < conns_.size(); ++t)
    if (!by_thread[t].empty()) conns_[t].erase(by_thread[t]);
}

}  // namespace nestor::detail
