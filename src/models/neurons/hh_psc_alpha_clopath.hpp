#pragma once
// hh_psc_alpha_clopath: hh_psc_alpha (Hodgkin-Huxley squid-axon neuron with alpha-shaped synaptic
// currents, hh_psc_alpha.hpp) with the filtered voltages clopath_synapse reads:
//
//   tau_u_bar_plus du_bar_plus/dt = V - u_bar_plus     tau_u_bar_minus du_bar_minus/dt = V - u_bar_minus
//   tau_u_bar_bar du_bar_bar/dt = u_bar_minus - u_bar_bar
//
// As NEST 3.9 (models/hh_psc_alpha_clopath.cpp): the 11 ODEs are integrated together over each step by
// GSL's RKF45 (absolute error 1e-3, relative 0, the step size kept per node); then the step's spikes are
// added to the alpha currents, the Clopath archive is written (clopath_archive.hpp) with V and the
// filtered voltages, and hh_psc_alpha's spike rule follows (V >= 0 mV and falling, then t_ref steps of
// pseudo-refractoriness); the current input is latched for the next step. Initial state as NEST:
// V_m = -65 mV, the gating variables at their steady state there, and u_bar_plus = u_bar_minus =
// u_bar_bar = 0 mV (NEST starts them at 0, not at V_m). NEST's ClopathArchivingNode parameters are this
// model's last parameters.

#include <array>
#include <optional>

#include "models/neurons/clopath_common.hpp"
#include "models/neurons/hh_psc_alpha.hpp"

namespace nestor::detail {

struct hh_psc_alpha_clopath {
  static constexpr std::string_view name = "hh_psc_alpha_clopath";
  using base = hh_psc_alpha;  // its parameters come first, in its order
  static constexpr int n_base = base::P::n;

  struct P {
    enum : int { tau_u_bar_plus = n_base, tau_u_bar_minus, tau_u_bar_bar, rule, n = rule + clopath::n_rule };
  };
  static constexpr std::array<param_spec, 3> filter_params{{
      {"tau_u_bar_plus", 114.0, unit::ms, check::positive, "time constant of u_bar_plus"},
      {"tau_u_bar_minus", 10.0, unit::ms, check::positive, "time constant of u_bar_minus"},
      {"tau_u_bar_bar", 500.0, unit::ms, check::positive, "time constant of u_bar_bar"},
  }};
  /// hh_psc_alpha's parameters, then the filters' time constants, then the rule's.
  static constexpr auto params = clopath::with_rule<P::rule>(concat_params(base::params, filter_params));

  struct S {
    enum : int {
      V_m,
      Act_m,
      Inact_h,
      Act_n,
      dI_ex,
      I_syn_ex,
      dI_in,
      I_syn_in,
      u_bar_plus,
      u_bar_minus,
      u_bar_bar,
      I_stim,
      r,
      h,
      n
    };
  };
  static constexpr std::array<state_spec, S::n> state{{
      base::state[base::S::V_m],
      base::state[base::S::Act_m],
      base::state[base::S::Inact_h],
      base::state[base::S::Act_n],
      base::state[base::S::dI_ex],
      base::state[base::S::I_syn_ex],
      base::state[base::S::dI_in],
      base::state[base::S::I_syn_in],
      {"u_bar_plus", 0.0, unit::mV, "V low-pass filtered with tau_u_bar_plus"},
      {"u_bar_minus", 0.0, unit::mV, "V low-pass filtered with tau_u_bar_minus"},
      {"u_bar_bar", 0.0, unit::mV, "u_bar_minus low-pass filtered with tau_u_bar_bar"},
      base::state[base::S::I_stim],
      base::state[base::S::r],
      base::state[base::S::h],
  }};

  static constexpr int n_channels = base::n_channels;
  static std::optional<port> spike_port(int receptor) { return base::spike_port(receptor); }
  static std::optional<port> current_port(int receptor) { return base::current_port(receptor); }

  static void validate(const prow<hh_psc_alpha_clopath>&) {}  // NEST's rules are all per parameter
  static void validate_state(const prow<hh_psc_alpha_clopath>& p, const std::array<double, S::n>& s);

  struct derived {
    base::derived hh;
    double tau_plus, tau_minus, tau_bar_bar;
    clopath::rule_constants clopath;
  };
  static derived prepare(const prow<hh_psc_alpha_clopath>& p, double dt);

  using archive = clopath_archive;
  static void prepare_archive(archive& a, const derived& d, const run_info& run) {
    clopath::prepare_archive(a, d.clopath, run);
  }

  /// The right-hand side, as NEST's hh_psc_alpha_clopath_dynamics; y = hh_psc_alpha's 8, then
  /// u_bar_plus, u_bar_minus, u_bar_bar.
  struct rhs {
    const derived& d;
    double I_stim;
    int operator()(double, const double* y, double* f) const {
      hh_psc_alpha_rhs(d.hh, I_stim, y, f);
      f[8] = (-y[8] + y[0]) / d.tau_plus;
      f[9] = (-y[9] + y[0]) / d.tau_minus;
      f[10] = (-y[10] + y[9]) / d.tau_bar_bar;
      return 0;
    }
  };

  static unsigned update(srow s, const derived& d, inputs in, history_slot<archive> hist) {
    double y[11];
    for (int k = 0; k < 11; ++k) y[k] = s[k];  // V_m ... u_bar_bar are slots 0 to 10
    const double V_old = y[0];
    rhs f{d, s[S::I_stim]};
    hh_integrate<11>(y, s[S::h], d.hh.dt, 1e-3, f);
    y[4] += in[0] * d.hh.psc_init_ex;
    y[6] += in[1] * d.hh.psc_init_in;  // inhibitory weights keep their negative sign
    hist.a.write(hist.stamp, d.hh.dt, y[0], y[8], y[9], y[10], d.clopath.rule);
    const unsigned spikes = hh_spike(s, S::r, V_old, y[0], 0.0, d.hh.refractory_steps);
    for (int k = 0; k < 11; ++k) s[k] = y[k];
    s[S::I_stim] = in[2];
    return spikes;
  }
};

}  // namespace nestor::detail
