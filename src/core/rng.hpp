#pragma once
// Counter-based random numbers (Philox4x64-10 from Random123). A stream is keyed by (seed, node id,
// purpose) and indexed by counters such as (step, target, ...): a draw depends only on these numbers,
// never on the order in which threads or processes ask, so results do not depend on their count.

#include <Random123/philox.h>

#include <cstdint>
#include <limits>

namespace nestor::detail {

enum class rng_purpose : std::uint64_t { poisson_delivery = 1, connect = 2, parameter = 3, neuron = 4 };

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
  /// Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }

 private:
  engine::key_type key_;
  engine::ctr_type ctr_;
  engine::ctr_type out_{};
  int used_ = 4;
};

/// A Poisson count with the given mean (inversion for small means, otherwise std::poisson_distribution
/// driven by the same stream).
unsigned poisson_draw(philox_stream& g, double mean);

}  // namespace nestor::detail
