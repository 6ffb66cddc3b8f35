#include "nestor/result.hpp"

#include "nestor/errors.hpp"

namespace nestor {

const recorder_record& Result::record(std::int64_t id) const {
  auto it = d_->recorders.find(id);
  if (it == d_->recorders.end())
    throw bad_argument("node " + std::to_string(id) + " is not a recorder (or recorded nothing in this call)");
  return it->second;
}

const recorder_record& Result::single(const NodeCollection& recorder) const {
  if (recorder.size() != 1)
    throw bad_argument("expected a single recorder node, got " + std::to_string(recorder.size()) + " nodes");
  return record(recorder[0]);
}

const std::vector<double>& Result::sample_times(const NodeCollection& recorder) const {
  const auto& r = single(recorder);
  if (!r.analog) throw bad_argument(r.model + " takes no samples; ask for its spikes");
  return r.sample_times;
}

trace Result::get_trace(const NodeCollection& recorder, const std::string& var) const {
  const auto& r = single(recorder);
  if (!r.analog) throw bad_argument(r.model + " records spikes, not traces");
  for (std::size_t v = 0; v < r.vars.size(); ++v)
    if (r.vars[v] == var) return {r.data[v].data(), r.sample_times.size(), r.nodes.size(), r.units[v]};
  std::string known;
  for (const auto& x : r.vars) known += (known.empty() ? "" : ", ") + x;
  throw unknown_parameter(r.model + " did not record '" + var + "'; it recorded: " + (known.empty() ? "nothing" : known));
}

spike_list Result::spikes(const NodeCollection& recorder) const {
  const auto& r = single(recorder);
  if (r.analog) throw bad_argument(r.model + " records samples, not spikes");
  return {r.senders, r.spike_times};
}

const named_array& Result::array(const NodeCollection& recorder, const std::string& name) const {
  const auto& r = single(recorder);
  auto it = r.arrays.find(name);
  if (it == r.arrays.end()) {
    std::string known;
    for (const auto& [k, a] : r.arrays) known += (known.empty() ? "" : ", ") + k;
    throw unknown_parameter(r.model + " has no recorded array '" + name + "'; it has: " +
                            (known.empty() ? "none" : known));
  }
  return it->second;
}

std::size_t Result::n_events(const NodeCollection& recorder) const {
  const auto& r = single(recorder);
  return r.analog ? r.sample_times.size() * r.nodes.size() : r.senders.size();
}

double Result::rate(const NodeCollection& recorder) const {
  const auto& r = single(recorder);
  if (r.analog) throw bad_argument(r.model + " records samples; rate needs a spike_recorder");
  if (r.n_watched == 0) return 0.0;
  return double(r.senders.size()) / double(r.n_watched) / (duration() / 1000.0);
}

}  // namespace nestor
