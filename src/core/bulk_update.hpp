#pragma once
// Helpers for a model's vectorised update of a homogeneous population (update_bulk, see
// neuron_population.hpp): SIMD lanes of doubles, inputs taken (read and cleared in the same pass over
// the ring-buffer row), spiking lanes appended as node indices, and the nodes after the last full
// vector sent through the model's per-node update.

#include <cstddef>
#include <cstdint>
#include <experimental/simd>

#include "core/neuron_population.hpp"

namespace nestor::detail::bulk {

namespace sx = std::experimental;
using V = sx::native_simd<double>;
constexpr std::size_t lanes = V::size();
constexpr auto al = sx::element_aligned;
using sx::where;

/// The inputs of `lanes` nodes from a ring-buffer row, leaving zeros behind for the row's next use.
inline V take(double* p) {
  const V v(p, al);
  V(0.0).copy_to(p, al);
  return v;
}

/// Appends nodes k + l of the lanes l that fire to `fired` (ascending); returns the new count.
inline std::size_t note_fired(const V::mask_type& fire, std::size_t k, std::uint32_t* fired,
                              std::size_t count) {
  if (sx::any_of(fire))
    for (std::size_t l = 0; l < lanes; ++l)
      if (fire[l]) fired[count++] = static_cast<std::uint32_t>(k + l);
  return count;
}

/// Nodes k..n-1 one by one through M's per-node update, their n_channels inputs cleared afterwards.
template <class M>
std::size_t tail(double* const* st, std::size_t k, std::size_t n, const typename M::derived& d, double* in,
                 std::size_t stride, std::uint32_t* fired, std::size_t count) {
  for (; k < n; ++k) {
    unsigned m;
    if constexpr (model_needs_rng<M>)
      m = M::update(srow{st, k}, d, inputs{in + k, stride}, nullptr);
    else
      m = M::update(srow{st, k}, d, inputs{in + k, stride});
    if (m) fired[count++] = static_cast<std::uint32_t>(k);
    for (int c = 0; c < M::n_channels; ++c) in[std::size_t(c) * stride + k] = 0.0;
  }
  return count;
}

}  // namespace nestor::detail::bulk
