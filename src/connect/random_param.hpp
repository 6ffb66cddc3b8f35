#pragma once
// Random synapse parameters (NEST's nest.random.uniform/normal/lognormal/exponential, with clip or
// redraw bounds), converted once to the parameter's NEST unit and drawn from a counter-based stream.

#include <string_view>

#include "core/param_table.hpp"
#include "core/rng.hpp"
#include "nestor/connect.hpp"

namespace nestor::detail {

class random_param {
 public:
  /// Checks the distribution's parameters and converts them to unit u; `what` names the parameter.
  random_param(const distribution& d, unit u, std::string_view what);
  double draw(philox_stream& g) const;
  /// The smallest value a draw can give.
  double lowest() const;
  /// True if every draw succeeds (no redraw bounds that could exhaust their attempts).
  bool always_succeeds() const { return mode_ != distribution::bounds::redraw; }

 private:
  double raw(philox_stream& g) const;
  distribution::kind k_;
  distribution::bounds mode_;
  double a_, b_, lo_, hi_;
};

}  // namespace nestor::detail
