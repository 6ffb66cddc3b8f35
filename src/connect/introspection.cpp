// kernel's connection introspection: list, change and remove connections.
#include <algorithm>
#include <unordered_set>

#include "core/kernel.hpp"

namespace nestor::detail {

kernel::channel_owner kernel::owner_of_channel(std::uint32_t col) const {
  // Populations hold consecutive column ranges in creation order.
  auto it = std::upper_bound(pops_.begin(), pops_.end(), col, [](std::uint32_t c, const std::unique_ptr<population>& p) {
    return c < p->channel_base;
  });
  while (it != pops_.begin()) {
    --it;
    const population& p = **it;
    const auto k = static_cast<std::size_t>(p.channels_per_node());
    if (k > 0 && col < p.channel_base + p.size() * k) {
      const std::size_t off = col - p.channel_base;
      return {p.first() + static_cast<std::uint32_t>(off / k), static_cast<int>(off % k)};
    }
  }
  throw error("internal: ring-buffer column " + std::to_string(col) + " has no owner");
}

connection_list kernel::connections(const std::vector<std::uint32_t>* sources,
                                    const std::vector<std::uint32_t>* targets) {
  materialize();
  connection_list out;
  out.version = conns_.version();
  std::unordered_set<std::uint32_t> want_t;
  if (targets) want_t.insert(targets->begin(), targets->end());
  auto visit = [&](std::uint32_t s) {
    const auto row = conns_.row(s);
    const std::uint64_t first = conns_.row_offset(s);
    for (std::size_t k = 0; k < row.size(); ++k) {
      const synapse& syn = row[k];
      const std::uint32_t t = owner_of_channel(syn.target).gid;
      if (targets && !want_t.count(t)) continue;
      out.index.push_back(first + k);
      out.source.push_back(s);
      out.target.push_back(t);
      out.weight.push_back(syn.weight);
      out.delay.push_back(syn.delay * dt_);
      out.receptor.push_back(syn.kind & receptor_mask);
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
  if (conns_.dirty() || version != conns_.version())
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
  std::vector<double> vals(index.size());
  std::vector<std::uint16_t> steps(index.size());
  for (std::size_t k = 0; k < index.size(); ++k) {
    const std::size_t at = v.size() == 1 ? 0 : k;
    if (name == "delay") {
      steps[k] = delay_steps(to_nest_unit(v, at, unit::ms, "connections", "delay"));
    } else {
      // the weight's unit is the target's: take it from the first connection's owner
      const std::uint32_t t = owner_of_channel(conns_.at(index[k]).target).gid;
      const bool current = conns_.at(index[k]).kind & current_bit;
      const unit u = current ? unit::none : model_registry::instance().at(pop_of(t).model()).weight_unit;
      vals[k] = to_nest_unit(v, at, u, "connections", "weight");
      check_value(vals[k], check::any, "connections", "weight", u);
    }
  }
  for (std::size_t k = 0; k < index.size(); ++k) {
    if (name == "delay")
      conns_.at(index[k]).delay = steps[k];
    else
      conns_.at(index[k]).weight = vals[k];
  }
  if (name == "delay") conns_.refresh_delays();
}

std::vector<double> kernel::connection_values(const std::vector<std::uint64_t>& index, std::uint64_t version,
                                              const std::string& name) {
  check_version(version);
  std::vector<double> out;
  out.reserve(index.size());
  for (auto i : index) out.push_back(name == "weight" ? conns_.at(i).weight : conns_.at(i).delay * dt_);
  return out;
}

void kernel::disconnect(const std::vector<std::uint64_t>& index, std::uint64_t version) {
  check_version(version);
  conns_.erase(index);
}

}  // namespace nestor::detail
