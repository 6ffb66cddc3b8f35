#pragma once
// iaf_bw_2001_exact: conductance-based leaky integrate-and-fire neuron with AMPA, GABA and NMDA synapses
// (Wang 1999; Brunel & Wang 2001), NEST 3.9's models/iaf_bw_2001_exact.{h,cpp}. The membrane, AMPA and
// GABA dynamics and the step are those of iaf_bw_2001_common.hpp; its spikes are plain (on the grid).
//
// Every NMDA connection (receptor 3) gets its own receptor port when it is made (port flag
// per_connection: a ring-buffer column of its own that receives the spikes' multiplicity), with its own
// pair of ODE states integrated with the membrane by RKF45 (NEST's state vector V, s_AMPA, s_GABA, x_1,
// s_1, x_2, s_2, ... in connection order),
//
//   dx_j/dt = -x_j / tau_rise_NMDA (+ multiplicity at each arriving spike),
//   ds_j/dt = -s_j / tau_decay_NMDA + alpha x_j (1 - s_j),   s_NMDA = sum_j w_j s_j,
//
// and a constant weight w_j per connection (nestor refuses a change of it; NEST throws at the next spike).
// After the integration the step's spikes are added: s_AMPA, s_GABA by weight x multiplicity, x_j by the
// multiplicity. The recorded s_NMDA and I_NMDA are those of the integrated state before the step's spikes
// (NEST's last right-hand side evaluation), as the other currents. x_NMDA_<j>, s_NMDA_<j> record port j's
// state (nestor's addition; 0 before the port exists). Without NMDA connections the system is NEST's
// 3-dimensional one.
//
// What differs: ports come in nestor's connection order (creation order; NEST numbers them as
// connections are made, the same for ordinary connect calls). Generators that draw per connection
// (poisson_generator, ...) key an NMDA connection's draws by its port number at the node, so parallel
// connections draw independently and independently of threads.

#include <array>
#include <optional>

#include "core/ode_gsl.hpp"
#include "models/neurons/iaf_bw_2001_common.hpp"

namespace nestor::detail {

struct iaf_bw_2001_exact {
  static constexpr std::string_view name = "iaf_bw_2001_exact";

  using P = bw2001::P;
  static constexpr const auto& params = bw2001::params;

  struct S {
    enum : int { V_m, s_AMPA, s_GABA, s_NMDA, I_NMDA, I_AMPA, I_GABA, I_stim, r, h, n };
  };
  static constexpr std::array<state_spec, S::n> state{{
      {"V_m", -70.0, unit::mV, "membrane potential"},
      {"s_AMPA", 0.0, unit::nS, "AMPA gating variable (weighted sum, nS)"},
      {"s_GABA", 0.0, unit::nS, "GABA gating variable (weighted sum, nS)"},
      {"s_NMDA", 0.0, unit::nS, "NMDA gating sum: weighted sum of the connections' s_j", -1, true, false},
      {"I_NMDA", 0.0, unit::pA, "NMDA current", -1, true, false},
      {"I_AMPA", 0.0, unit::pA, "AMPA current", -1, true, false},
      {"I_GABA", 0.0, unit::pA, "GABA current", -1, true, false},
      {"I_stim", 0.0, unit::pA, "current input, latched from the previous step", -1, false, false},
      {"r", 0.0, unit::none, "refractory steps left", -1, false, false},
      {"h", 0.0, unit::ms, "the integrator's step size (0: one time step)", -1, false, false},
  }};

  // Channels: AMPA and GABA spikes (weights as given), current input; NMDA: one column per connection.
  static constexpr int n_channels = 3;
  static constexpr std::array<element_spec, 2> connection_elements{{
      {"x_NMDA", 0.0, unit::none, "NMDA rise variable of a connection", 0},
      {"s_NMDA", 0.0, unit::none, "NMDA gating variable of a connection", 0},
  }};
  static std::optional<port> spike_port(int receptor);
  static std::optional<port> current_port(int receptor) {
    if (receptor != 0) return std::nullopt;
    return port{2, 0};
  }

  static void validate(const prow<iaf_bw_2001_exact>& p) { bw2001::validate_reset(name, p); }

  using derived = bw2001::constants;
  static derived prepare(const prow<iaf_bw_2001_exact>& p, double dt) {
    return bw2001::prepare_constants(p, dt);
  }

  /// NEST's right-hand side: V, s_AMPA, s_GABA, then (x_j, s_j) per NMDA port with weights w.
  struct rhs {
    const derived& c;
    double I_stim;
    const double* w = nullptr;
    std::size_t n_nmda = 0;
    double s_NMDA(const double* y) const {
      double sum = 0.0;
      for (std::size_t j = 0; j < n_nmda; ++j) sum += y[3 + 2 * j + 1] * w[j];
      return sum;
    }
    int operator()(double, const double* y, double* f) const {
      const bw2001::currents I = bw2001::synaptic_currents(c, y[0], y[1], y[2], s_NMDA(y));
      f[0] = bw2001::dV(c, y[0], I, I_stim);
      f[1] = -y[1] / c.tau_AMPA;
      f[2] = -y[2] / c.tau_GABA;
      for (std::size_t j = 0; j < n_nmda; ++j) {
        const double x = y[3 + 2 * j], s = y[4 + 2 * j];
        f[4 + 2 * j] = -s / c.tau_decay_NMDA + c.alpha * x * (1 - s);
        f[3 + 2 * j] = -x / c.tau_rise_NMDA;
      }
      return 0;
    }
  };

  static unsigned update(srow s, const derived& c, inputs in, connection_ports& nmda);
};

}  // namespace nestor::detail
