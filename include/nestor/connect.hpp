#pragma once
// Connection specifications in NEST's vocabulary: the rule (conn_spec) and the synapse parameters
// (syn_spec), whose weight and delay take a value or a random distribution (NEST's nest.random.*).
//
//   sim.connect(pre, post, nestor::conn_spec::fixed_indegree(100),
//               {nestor::random::normal(20.0_pA, 2.0_pA), nestor::random::uniform(1.0_ms, 2.0_ms)});

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "nestor/units.hpp"

namespace nestor {

/// A random distribution for a synapse parameter, optionally bounded: values outside [min, max] are
/// clipped to the bound or drawn again (redraw), as NEST's nest.math.redraw does.
struct distribution {
  enum class kind { uniform, normal, lognormal, exponential };
  enum class bounds { none, clip, redraw };
  kind k = kind::uniform;
  value a, b;  ///< uniform: min, max; normal: mean, std; lognormal: mean, std of the underlying normal
               ///< (dimensionless); exponential: beta (the mean)
  value lo = value(-std::numeric_limits<double>::infinity());
  value hi = value(std::numeric_limits<double>::infinity());
  bounds mode = bounds::none;

  distribution clip(value min, value max) const {
    distribution d = *this;
    d.lo = std::move(min), d.hi = std::move(max), d.mode = bounds::clip;
    return d;
  }
  distribution redraw(value min, value max) const {
    distribution d = *this;
    d.lo = std::move(min), d.hi = std::move(max), d.mode = bounds::redraw;
    return d;
  }
};

namespace random {
inline distribution uniform(value min, value max) {
  return {distribution::kind::uniform, min, max};
}
inline distribution normal(value mean, value std) {
  return {distribution::kind::normal, mean, std};
}
/// exp(N(mean, std)) with mean and std of the underlying normal distribution (NEST's convention).
inline distribution lognormal(double mean, double std) {
  return {distribution::kind::lognormal, value(mean), value(std)};
}
inline distribution exponential(value beta) {
  return {distribution::kind::exponential, beta, value(0.0)};
}
}  // namespace random

/// A synapse parameter: a value (scalar or array) or a distribution.
class syn_param {
 public:
  syn_param() = default;
  template <class T>
  requires std::is_constructible_v<value, T> syn_param(T v) : v_(std::move(v)) {}
  syn_param(distribution d) : d_(std::move(d)) {}
  bool is_random() const { return d_.has_value(); }
  const value& fixed() const { return v_; }
  const distribution& random() const { return *d_; }

 private:
  value v_ = value(1.0);
  std::optional<distribution> d_;
};

enum class rule {
  all_to_all,
  one_to_one,
  fixed_indegree,
  fixed_outdegree,
  fixed_total_number,
  pairwise_bernoulli,
  symmetric_pairwise_bernoulli,
  pairwise_poisson,
  explicit_edges,
};

/// The connection rule with its parameters and NEST's allow_autapses / allow_multapses.
struct conn_spec {
  rule r = rule::all_to_all;
  std::int64_t n = 0;  ///< indegree, outdegree or total number
  double p = 0.0;      ///< probability (pairwise_bernoulli) or mean count (pairwise_poisson)
  std::vector<std::int64_t> sources, targets;  ///< explicit edges
  bool allow_autapses = true;
  bool allow_multapses = true;
  /// NEST's make_symmetric: every connection also made in the opposite direction with the same
  /// parameters (one_to_one; nestor: gap junctions only).
  bool make_symmetric = false;

  conn_spec() = default;
  conn_spec(rule rr) : r(rr) {}
  static conn_spec fixed_indegree(std::int64_t K) { return with(rule::fixed_indegree, K, 0); }
  static conn_spec fixed_outdegree(std::int64_t K) { return with(rule::fixed_outdegree, K, 0); }
  static conn_spec fixed_total_number(std::int64_t N) { return with(rule::fixed_total_number, N, 0); }
  static conn_spec pairwise_bernoulli(double p) { return with(rule::pairwise_bernoulli, 0, p); }
  static conn_spec symmetric_pairwise_bernoulli(double p) {
    conn_spec c = with(rule::symmetric_pairwise_bernoulli, 0, p);
    c.allow_autapses = false;
    return c;
  }
  static conn_spec pairwise_poisson(double avg) { return with(rule::pairwise_poisson, 0, avg); }
  static conn_spec explicit_edges(std::vector<std::int64_t> s, std::vector<std::int64_t> t) {
    conn_spec c(rule::explicit_edges);
    c.sources = std::move(s), c.targets = std::move(t);
    return c;
  }
  conn_spec autapses(bool allow) const {
    conn_spec c = *this;
    c.allow_autapses = allow;
    return c;
  }
  conn_spec multapses(bool allow) const {
    conn_spec c = *this;
    c.allow_multapses = allow;
    return c;
  }
  conn_spec symmetric(bool make = true) const {
    conn_spec c = *this;
    c.make_symmetric = make;
    return c;
  }

 private:
  static conn_spec with(rule rr, std::int64_t n, double p) {
    conn_spec c(rr);
    c.n = n, c.p = p;
    return c;
  }
};

/// Synapse specification: weight (the target's weight unit, e.g. pA), delay (ms), receptor port.
/// A fixed weight or delay is a scalar, one value per source, or (all_to_all) targets x sources values,
/// or one per edge (explicit edges); a distribution draws one value per connection.
struct syn_spec {
  syn_param weight = value(1.0);
  syn_param delay = value(1.0);  ///< a bare number is in ms
  int receptor_type = 0;
  /// Node id of a weight_recorder the connections report every delivered event to (0: none); NEST's
  /// synapse property weight_recorder.
  std::int64_t weight_recorder = 0;
  /// synapse_model "rate_connection_delayed": the connection carries rates (rate neurons and
  /// step_rate_generator as sources, rate neurons as targets); otherwise static_synapse.
  bool rate_synapse = false;
  /// The synapse model by NEST's name (a built-in one or a copy_model copy): static_synapse,
  /// rate_connection_delayed (same as rate_synapse) or a plastic model such as stdp_synapse.
  std::string synapse_model = "static_synapse";
  /// Values of the model's per-connection parameters and state (e.g. {"tau_plus", 15.0},
  /// {"U", random}): each a scalar, an array as weight takes them, or a distribution. A bare number is in
  /// the entry's NEST unit (Wmax: the weight's).
  std::vector<std::pair<std::string, syn_param>> params;
  /// synapse_model "gap_junction" (NEST's): a gap junction of conductance `weight` (nS) between nodes
  /// of hh_psc_alpha_gap / hh_cond_beta_gap_traub; no delay (the delay is ignored). Needs symmetric
  /// connections: conn_spec(rule::one_to_one).symmetric(), or all_to_all of a population with itself.
  bool gap_junction = false;
};

}  // namespace nestor
