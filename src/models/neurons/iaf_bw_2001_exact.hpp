#pragma once
// iaf_bw_2001_exact: conductance-based leaky integrate-and-fire neuron with AMPA, GABA and NMDA synapses
// (Wang 1999; Brunel & Wang 2001), NEST 3.9's models/iaf_bw_2001_exact.{h,cpp}. The membrane, AMPA and
// GABA dynamics and the step are those of iaf_bw_2001_common.hpp; its spikes are plain (on the grid).
//
// In NEST every NMDA connection (receptor 3) gets its own receptor port when it is made, with its own
// pair of ODE states integrated with the membrane,
//
//   dx_j/dt = -x_j / tau_rise_NMDA (+ multiplicity at each arriving spike),
//   ds_j/dt = -s_j / tau_decay_NMDA + alpha x_j (1 - s_j),   s_NMDA = sum_j w_j s_j,
//
// and a constant weight w_j per connection (NEST throws if it changes). nestor fixes a node's input
// channels and state when the node is created and delivers spikes as weight x multiplicity into a
// channel shared by all connections of a port, so this per-connection state cannot be expressed:
// NMDA connections to iaf_bw_2001_exact are refused with an error (iaf_bw_2001, NEST's approximation,
// takes them). Without NMDA input the model is exactly NEST's: s_NMDA and I_NMDA stay 0 (recordable).

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
      {"s_NMDA", 0.0, unit::nS, "NMDA gating sum (0: NMDA connections are not supported)", -1, true, false},
      {"I_NMDA", 0.0, unit::pA, "NMDA current (0: NMDA connections are not supported)", -1, true, false},
      {"I_AMPA", 0.0, unit::pA, "AMPA current", -1, true, false},
      {"I_GABA", 0.0, unit::pA, "GABA current", -1, true, false},
      {"I_stim", 0.0, unit::pA, "current input, latched from the previous step", -1, false, false},
      {"r", 0.0, unit::none, "refractory steps left", -1, false, false},
      {"h", 0.0, unit::ms, "the integrator's step size (0: one time step)", -1, false, false},
  }};

  // Channels: AMPA and GABA spikes (weights as given), current input.
  static constexpr int n_channels = 3;
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

  struct rhs {
    const derived& c;
    double I_stim;
    int operator()(double, const double* y, double* f) const {
      const bw2001::currents I = bw2001::synaptic_currents(c, y[0], y[1], y[2], 0.0);
      f[0] = bw2001::dV(c, y[0], I, I_stim);
      f[1] = -y[1] / c.tau_AMPA;
      f[2] = -y[2] / c.tau_GABA;
      return 0;
    }
  };

  static unsigned update(srow s, const derived& c, inputs in) {
    double y[3] = {s[S::V_m], s[S::s_AMPA], s[S::s_GABA]};
    double h = s[S::h] > 0.0 ? s[S::h] : c.dt;
    rhs f{c, s[S::I_stim]};
    gsl_rkf45<3>::for_this_thread(c.tol, 0.0).integrate(y, h, c.dt, f);
    s[S::h] = h;
    const bw2001::currents I = bw2001::synaptic_currents(c, y[0], y[1], y[2], 0.0);
    s[S::I_AMPA] = I.AMPA;
    s[S::I_GABA] = I.GABA;
    s[S::I_NMDA] = I.NMDA;
    y[1] += in[0];
    y[2] += in[1];
    double r = s[S::r];
    const bool spike = bw2001::threshold_and_reset(y[0], r, c);
    s[S::r] = r;
    s[S::V_m] = y[0];
    s[S::s_AMPA] = y[1];
    s[S::s_GABA] = y[2];
    s[S::I_stim] = in[2];
    return spike ? 1u : 0u;
  }
};

}  // namespace nestor::detail
