#include "nestor/node_collection.hpp"

#include "core/kernel.hpp"
#include "nestor/errors.hpp"

namespace nestor {

NodeCollection NodeCollection::slice(std::int64_t start, std::int64_t stop, std::int64_t step) const {
  if (step == 0) throw bad_argument("NodeCollection slice: step must not be 0");
  const auto n = static_cast<std::int64_t>(ids_.size());
  auto clamp = [&](std::int64_t i, std::int64_t lo, std::int64_t hi) {
    if (i < 0) i += n;
    return std::min(std::max(i, lo), hi);
  };
  std::vector<std::int64_t> out;
  if (step > 0) {
    for (std::int64_t i = clamp(start, 0, n); i < clamp(stop, 0, n); i += step) out.push_back(ids_[i]);
  } else {
    for (std::int64_t i = clamp(start, -1, n - 1); i > clamp(stop, -1, n - 1); i += step) out.push_back(ids_[i]);
  }
  return NodeCollection(k_, std::move(out));
}

NodeCollection NodeCollection::operator+(const NodeCollection& other) const {
  if (k_ && other.k_ && k_ != other.k_)
    throw bad_argument("NodeCollection +: the collections belong to different Simulators");
  std::vector<std::int64_t> ids = ids_;
  ids.insert(ids.end(), other.ids_.begin(), other.ids_.end());
  return NodeCollection(k_ ? k_ : other.k_, std::move(ids));
}

std::vector<value> NodeCollection::get(const std::string& name) const {
  std::vector<value> out;
  out.reserve(ids_.size());
  for (auto id : ids_) out.push_back(k_->get(static_cast<std::uint32_t>(id), name));
  return out;
}

void NodeCollection::set(const params& p) const {
  if (ids_.empty()) return;
  k_->set(std::vector<std::uint32_t>(ids_.begin(), ids_.end()), p);
}

std::string NodeCollection::model() const {
  if (ids_.empty()) return {};
  return k_->pop_of(static_cast<std::uint32_t>(ids_[0])).model();
}

std::string NodeCollection::base_model() const {
  if (ids_.empty()) return {};
  return k_->pop_of(static_cast<std::uint32_t>(ids_[0])).base_model();
}

}  // namespace nestor
