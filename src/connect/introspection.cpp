// kernel's connection introspection: list, change and remove connections. A connection is named by
// (store << 56) | (thread << 48) | its position in that thread's store, store 0 being the static
// connections and store k the plastic synapse model k - 1; listings are ordered by source, then target
// node, then creation (static before plastic), whatever the number of threads.
#include <algorithm>
#include <map>
#include <numeric>
#include <unordered_set>

#include "core/kernel.hpp"

namespace nestor::detail {

namespace {
constexpr int thread_shift = 48, store_shift = 56;
std::size_t thread_of(std::uint64_t index) {
  return std::size_t((index >> thread_shift) & 0xff);
}
/// 0: static connections; k: the plastic synapse model k - 1
std::size_t store_of(std::uint64_t index) {
  return std::size_t(index >> store_shift);
}
std::uint64_t position_of(std::uint64_t index) {
  return index & ((std::uint64_t(1) << thread_shift) - 1);
}
}  // namespace

std::uint64_t kernel::conn_version() const {
  std::uint64_t v = pversion_;
  for (const auto& c : conns_) v += c.version();
  return v;
}

connection_list kernel::connections(const std::vector<std::uint32_t>* sources,
                                    const std::vector<std::uint32_t>* targets, const std::string& model) {
  materialize();
  build_column_maps();
  build_plastic();
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
  const std::string static_name = "static_synapse", rate_name = "rate_connection_delayed";
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
      for (std::size_t m = 0; m < pstores_[t].size(); ++m) {
        const auto [b, e] = pstores_[t][m]->row_range(s);
        for (std::uint64_t pos = b; pos < e; ++pos) {
          const synapse& x = pstores_[t][m]->header(pos);
          const std::uint32_t tg = col_gid_[t][x.target];
          if (targets && !want_t.count(tg)) continue;
          row.push_back(
              {tg, (std::uint64_t(m + 1) << store_shift) | (std::uint64_t(t) << thread_shift) | pos, x});
        }
      }
    }
    // Connections to one target all live in the thread owning it, in creation order.
    std::stable_sort(row.begin(), row.end(),
                     [](const entry& a, const entry& b) { return a.target < b.target; });
    for (const entry& e : row) {
      const std::size_t m = store_of(e.index);
      const std::string& name = m                         ? syn_models_[m - 1].name
                                : pop_of(s).emits_rates() ? rate_name
                                                          : static_name;
      if (!model.empty() && name != model) continue;
      out.index.push_back(e.index);
      out.source.push_back(s);
      out.target.push_back(e.target);
      out.weight.push_back(e.syn.weight);
      out.delay.push_back(e.syn.delay * dt_);
      out.receptor.push_back(e.syn.kind & receptor_mask);
      out.synapse_model.push_back(name);
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
    throw bad_argument(
        "these connections were listed before the network's connections changed "
        "(connect or disconnect); call get_connections again");
}

void kernel::set_connections(const std::vector<std::uint64_t>& index, std::uint64_t version,
                             const std::string& name, const value& v) {
  check_version(version);
  if (!(v.size() == 1 || v.size() == index.size()))
    throw bad_argument("connections set " + name + ": expected one value or " + std::to_string(index.size()) +
                       " (one per connection), got " + std::to_string(v.size()));
  // every connection's new header and (plastic ones) values, checked before anything changes
  std::vector<synapse> headers(index.size());
  std::vector<syn_values> plastic(index.size());
  build_column_maps();
  for (std::size_t k = 0; k < index.size(); ++k) {
    const std::size_t at = v.size() == 1 ? 0 : k, t = thread_of(index[k]), m = store_of(index[k]);
    const std::uint64_t pos = position_of(index[k]);
    synapse s = m ? pstores_[t][m - 1]->header(pos) : conns_[t].get(pos);
    const std::uint32_t tg = col_gid_[t][s.target];
    // the weight's unit is the target model's (none for current connections)
    const unit u =
        (s.kind & current_bit) ? unit::none : model_registry::instance().at(pop_of(tg).model()).weight_unit;
    const synapse_type* type = m ? syn_models_[m - 1].type : nullptr;
    const std::string model = m ? syn_models_[m - 1].name : "static_synapse";
    if (name == "delay") {
      s.delay = delay_steps(to_nest_unit(v, at, unit::ms, "connections", "delay"));
    } else if (name == "weight") {
      const double w = to_nest_unit(v, at, u, "connections", "weight");
      check_value(w, check::any, "connections", "weight", u);
      if ((s.flags & per_connection) && w != s.weight)
        throw bad_value("connections set weight = " + format_number(w) + " into " + pop_of(tg).model() +
                        " receptor_type " + std::to_string(s.kind & receptor_mask) +
                        ": the weight of this connection cannot change (" + pop_of(tg).model() +
                        " requires constant weights: it scales the connection's gating variable, "
                        "past spikes included; NEST refuses it too)");
      if ((s.flags & nonnegative) && w < 0.0)
        throw bad_value("connections set weight = " + format_number(w) + " into " + pop_of(tg).model() +
                        ": expected a weight >= 0 (its synapses are conductances)");
      // A sign-split connection whose weight changes sign moves to the other channel plane. (Its row
      // stays as it is: parallel connections to one node then need not be adjacent, which only matters
      // for a poisson_generator's parallel connections of both signs to one node.)
      if ((s.flags & sign_split) && ((w > 0) != (s.weight > 0))) {
        const std::uint32_t plane = col_plane_[t][s.target];
        s.target = s.weight > 0 ? s.target + plane : s.target - plane;
      }
      s.weight = w;
    } else {
      syn_scope sc;
      std::size_t e = 0;
      if (!type || !type->find(name, sc, e))
        throw unknown_parameter(model + ": cannot set '" + name + "'; settable: " +
                                (type ? type->entry_names() : std::string("weight, delay")));
      if (sc == syn_scope::common)
        throw bad_argument("connections set " + name + ": " + model +
                           "'s parameter is common to all its connections: set it with set_defaults");
      const syn_entry& en = type->entry(sc, e);
      const unit eu = en.weight_unit ? u : en.u;
      const double x = to_nest_unit(v, at, eu, model, name);
      check_value(x, en.c, model, name, eu);
      plastic[k] = pstores_[t][m - 1]->values(pos);
      (sc == syn_scope::param ? plastic[k].p : plastic[k].s)[e] = x;
    }
    if (type) {
      // weight and delay: the connection's values as they are (a model may have no parameters, so an
      // empty p does not tell; only the weight and delay branches leave p, s and c all empty)
      if (plastic[k].p.empty() && plastic[k].s.empty() && plastic[k].c.empty())
        plastic[k] = pstores_[t][m - 1]->values(pos);
      plastic[k].weight = s.weight;
      type->validate(plastic[k]);
    }
    headers[k] = s;
  }
  for (std::size_t k = 0; k < index.size(); ++k) {
    const std::size_t t = thread_of(index[k]), m = store_of(index[k]);
    const std::uint64_t pos = position_of(index[k]);
    if (m) {
      pstores_[t][m - 1]->set_header(pos, headers[k]);
      pstores_[t][m - 1]->set_values(pos, plastic[k]);
    } else {
      conns_[t].set(pos, headers[k]);
    }
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
    const std::size_t t = thread_of(i), m = store_of(i);
    const std::uint64_t pos = position_of(i);
    const synapse s = m ? pstores_[t][m - 1]->header(pos) : conns_[t].get(pos);
    if (name == "weight" || name == "delay") {
      out.push_back(name == "weight" ? s.weight : s.delay * dt_);
      continue;
    }
    const synapse_type* type = m ? syn_models_[m - 1].type : nullptr;
    syn_scope sc;
    std::size_t e = 0;
    if (!type || !type->find(name, sc, e))
      throw unknown_parameter(
          "connections: " + (m ? syn_models_[m - 1].name : std::string("static_synapse")) + " has no '" +
          name + "'; it has: " + (type ? type->entry_names() : std::string("weight, delay")));
    const syn_values v = pstores_[t][m - 1]->values(pos);
    out.push_back(sc == syn_scope::param ? v.p[e] : sc == syn_scope::state ? v.s[e] : v.c[e]);
  }
  return out;
}

void kernel::disconnect(const std::vector<std::uint64_t>& index, std::uint64_t version) {
  check_version(version);
  std::vector<std::vector<std::uint64_t>> by_thread(conns_.size());
  std::map<std::pair<std::size_t, std::size_t>, std::vector<std::uint64_t>> plastic;
  for (auto i : index) {
    if (store_of(i))
      plastic[{thread_of(i), store_of(i) - 1}].push_back(position_of(i));
    else
      by_thread[thread_of(i)].push_back(position_of(i));
  }
  for (std::size_t t = 0; t < conns_.size(); ++t)
    if (!by_thread[t].empty()) conns_[t].erase(by_thread[t]);
  for (auto& [tm, pos] : plastic) pstores_[tm.first][tm.second]->erase(pos);
  if (!plastic.empty()) ++pversion_;
}

}  // namespace nestor::detail
