#include "models/devices/weight_recorder.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "models/registration.hpp"

namespace nestor::detail {

namespace {
model_description wr_description() {
  auto d = device_base::make_description("weight_recorder", node_kind::spike_recorder,
                                         device_base::window_params({}));
  for (const char* name : {"senders", "targets"})
    d.params.push_back({name, unit::none, value(std::vector<double>{}),
                        std::string("record only events whose ") + (name[0] == 's' ? "sender" : "target") +
                            " is one of these node ids (empty: all)",
                        false, true});
  return d;
}
}  // namespace

weight_recorder::weight_recorder(std::uint32_t first, std::size_t n, double dt)
    : spike_observer(first, n, dt, wr_description(), window_params({})), buf_(max_threads) {}

void weight_recorder::observe(const population&, std::uint32_t, int, double) {
  throw illegal_connection(
      "weight_recorder records the events of connections it is attached to: connect(pre, post, ..., "
      "weight_recorder=wr), not connect(neurons, weight_recorder)");
}

bool weight_recorder::set_extra(std::size_t, const std::string& name, const value& v) {
  if (name != "senders" && name != "targets") return false;
  if (v.is_string()) throw bad_argument(desc_.name + " parameter " + name + ": expected a list of node ids");
  std::vector<std::int64_t> ids;
  for (double x : v.numbers()) {
    if (!(x >= 1 && x == std::floor(x)))
      throw bad_value(desc_.name + " parameter " + name + ": " + format_number(x) + " is not a node id");
    ids.push_back(std::int64_t(x));
  }
  std::sort(ids.begin(), ids.end());
  (name == "senders" ? senders_ : targets_) = std::move(ids);
  return true;
}

bool weight_recorder::get_extra(std::size_t, std::string_view name, value& out) const {
  if (name != "senders" && name != "targets") return false;
  const auto& ids = name == "senders" ? senders_ : targets_;
  out = value(std::vector<double>(ids.begin(), ids.end()));
  return true;
}

void weight_recorder::reset() {
  for (auto& b : buf_) b.clear();
}

recorder_record weight_recorder::finish() {
  std::vector<entry> all;
  for (auto& b : buf_) {
    all.insert(all.end(), b.begin(), b.end());
    b.clear();
  }
  // Each target's connections live on one thread, in creation order: a stable sort by (step, event,
  // target) gives an order that does not depend on threads.
  std::stable_sort(all.begin(), all.end(), [](const entry& a, const entry& b) {
    if (a.step != b.step) return a.step < b.step;
    if (a.seq != b.seq) return a.seq < b.seq;
    return a.target < b.target;
  });
  const std::int64_t lo = t_min(0), hi = t_max(0);
  auto listed = [](const std::vector<std::int64_t>& ids, std::int64_t id) {
    return ids.empty() || std::binary_search(ids.begin(), ids.end(), id);
  };
  std::vector<double> senders, targets, times, weights, receptors;
  for (const auto& e : all) {
    const std::int64_t stamp = e.step + 1;
    if (!(lo < stamp && stamp <= hi) || !listed(senders_, e.sender) || !listed(targets_, e.target)) continue;
    senders.push_back(e.sender);
    targets.push_back(e.target);
    times.push_back(double(stamp) * dt() - e.offset);
    weights.push_back(e.weight);
    receptors.push_back(e.receptor);
  }
  recorder_record r;
  r.model = model();
  const std::size_t n = senders.size();
  r.arrays["senders"] = {std::move(senders), {n}, "1"};
  r.arrays["targets"] = {std::move(targets), {n}, "1"};
  r.arrays["times"] = {std::move(times), {n}, "ms"};
  r.arrays["weights"] = {std::move(weights), {n}, "1"};
  r.arrays["receptors"] = {std::move(receptors), {n}, "1"};
  return r;
}

void register_weight_recorder(model_registry& reg) {
  add_device<weight_recorder>(reg);
}

}  // namespace nestor::detail
