#pragma once
// Generators whose every connection carries a train of its own, with state that lives from step to
// step: NEST's event_hook with one state per target port (gamma_sup_generator, ppd_sup_generator,
// sinusoidal_gamma_generator with individual trains, poisson_generator_ps with a dead time).
//
// Such a generator emits an event of mode event_mode::train in each step it is active. The kernel then
// calls population::train_step once per connection of the generator, on the thread that owns the
// target, with that connection's train_state (kept by the kernel, per thread, by (generator, target
// node, rank among the parallel connections to it); cleared by reset()). A train's state is made when
// the first simulate() after its connection begins (population::train_start, for generators whose
// starts_trains() is true: NEST's pre_run_hook), or else empty with `fresh` set at its first step.
// The train's random numbers come from streams keyed by the train_id, never from a shared generator,
// so that trains do not depend on the number of threads.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace nestor::detail {

/// Which train: the generator's stream seed, its node id, the target node id and the rank of the
/// connection among the parallel connections from the generator to that target.
struct train_id {
  std::uint64_t seed;
  std::uint32_t source;
  std::uint32_t target;
  std::uint64_t rank;
};

/// The state of one train; its meaning belongs to the generator.
struct train_state {
  bool fresh = true;        ///< true in the first train_step of this train (set false after it)
  std::uint64_t draws = 0;  ///< for generators that count their draws (the counter of their stream)
  std::vector<double> v;    ///< the generator's own state variables
};

/// Where a train's spikes of one step go: the connection of the train.
class train_sink {
 public:
  /// n spikes in the event's step.
  virtual void spikes(std::uint32_t n) = 0;
  /// One spike `offset` ms before the end of the event's step (precise ports see the offset).
  virtual void spike_at(double offset) = 0;

 protected:
  ~train_sink() = default;
};

struct train_key {
  std::uint32_t source, target;
  std::uint64_t rank;
  bool operator==(const train_key&) const = default;
};

struct train_key_hash {
  std::size_t operator()(const train_key& k) const {
    std::uint64_t h = (std::uint64_t(k.source) << 32 | k.target) * 0x9E3779B97F4A7C15ull;
    h ^= (k.rank + 0x632BE59BD9B4E019ull) * 0xC2B2AE3D27D4EB4Full;
    return std::size_t(h ^ (h >> 29));
  }
};

}  // namespace nestor::detail
