#pragma once
// Counter-based random numbers (Philox4x64-10 from Random123). A stream is keyed by (seed, node id,
// purpose) and indexed by counters such as (step, target, ...): a draw depends only on these numbers,
// never on the order in which threads or processes ask, so results do not depend on their count.

#include <Random123/philox.h>

#include <cstdint>
#include <limits>
#include <vector>

namespace nestor::detail {

enum class rng_purpose : std::uint64_t {
  poisson_delivery = 1,
  connect = 2,
  parameter = 3,
  neuron = 4,
  thinning = 5,  ///< event_mode::binomial: which spikes of an event reach a connection
  train = 6,     ///< event_mode::train: the draws of a connection's own train (trains.hpp)
  synapse = 7,   ///< stochastic synapses (bernoulli_synapse, quantal_stp_synapse): per connection and spike
};

/// A uniform random bit generator over one Philox stream; usable with <random> distributions.
class philox_stream {
 public:
  using result_type = std::uint64_t;
  using engine = r123::Philox4x64;

  philox_stream(std::uint64_t seed, std::uint64_t node, rng_purpose purpose, std::uint64_t c0,
                std::uint64_t c1 = 0, std::uint64_t c2 = 0) {
    key_ = {{seed, (node << 8) ^ static_cast<std::uint64_t>(purpose)}};
    ctr_ = {{c0, c1, c2, 0}};
  }
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }
  result_type operator()() {
    if (used_ == 4) {
      out_ = engine()(ctr_, key_);
      ctr_.v[3] += 1;
      used_ = 0;
    }
    return out_.v[used_++];
  }
  /// The raw block for a counter (all four 64-bit lanes), for callers that use one lane per draw.
  /// Kept out of line: inlined into kernel::deliver's Poisson loop (the compiler decides so depending on
  /// unrelated code) it made brunel_alpha's delivery 15-20 % slower (register pressure in the loop).
  [[gnu::noinline]] static engine::ctr_type block(std::uint64_t seed, std::uint64_t node, rng_purpose purpose, std::uint64_t c0,
                                std::uint64_t c1, std::uint64_t c2) {
    return engine()({{c0, c1, c2, 0}}, {{seed, (node << 8) ^ static_cast<std::uint64_t>(purpose)}});
  }
  static double to_uniform(std::uint64_t x) { return static_cast<double>(x >> 11) * 0x1.0p-53; }
  /// Uniform in [0, 1) with 53 random bits.
  double uniform() { return to_uniform((*this)()); }

 private:
  engine::key_type key_;
  engine::ctr_type ctr_;
  engine::ctr_type out_{};
  int used_ = 4;
};

/// A Poisson count with the given mean (inversion for small means, otherwise std::poisson_distribution
/// driven by the same stream).
unsigned poisson_draw(philox_stream& g, double mean);

/// Poisson counts of one mean by inversion of a precomputed distribution function: for drawing many
/// counts of the same mean (a poisson_generator's trains in one step). Exact to rounding; means above
/// max_mean fall back to poisson_draw. A guide table (the counts at u = j / 1024) starts the search next
/// to the answer, so a draw costs one or two comparisons and almost never a mispredicted branch; the
/// result is the same as a search from 0.
class poisson_table {
 public:
  static constexpr double max_mean = 500.0;
  static constexpr std::size_t guides = 1024;
  void build(double mean);
  double mean() const { return mean_; }
  /// The count for a uniform u in [0, 1) (only for mean <= max_mean): the number of cdf entries <= u.
  unsigned operator()(double u) const {
    unsigned k = guide_[static_cast<std::size_t>(u * double(guides))];
    const auto n = static_cast<unsigned>(cdf_.size());
    while (k < n && u >= cdf_[k]) ++k;
    return k;
  }

 private:
  double mean_ = -1.0;
  std::vector<double> cdf_;
  std::vector<std::uint32_t> guide_ = std::vector<std::uint32_t>(guides, 0);  // #{k : cdf[k] <= j / guides}
};

}  // namespace nestor::detail
