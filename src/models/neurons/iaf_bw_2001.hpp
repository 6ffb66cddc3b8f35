#pragma once
// iaf_bw_2001: conductance-based leaky integrate-and-fire neuron with AMPA, GABA and approximate NMDA
// synapses (Brunel & Wang 2001; Wang 1999), as NEST 3.9's models/iaf_bw_2001.{h,cpp}. The membrane,
// AMPA and GABA dynamics and the step are those of iaf_bw_2001_common.hpp; the NMDA gating sum decays,
//
//   ds_NMDA/dt = -s_NMDA / tau_decay_NMDA,
//
// and NMDA spikes (receptor 3) add w * ds to it, where ds is computed by the *sender*: at each of its
// spikes (time t, previous spike t_last, -1 ms before the first as NEST's archiving node) an
// iaf_bw_2001 updates its own presynaptic gating value
//
//   s_pre <- s_pre exp(-(t - t_last)/tau_decay_NMDA),  ds = k_0 + k_1 s_pre,  s_pre <- s_pre + ds,
//   k_0 = (alpha tau_r)^(tau_r/tau_d) gamma_lower(1 - tau_r/tau_d, alpha tau_r),  k_1 = expm1(-alpha tau_r)
//
// (tau_r = tau_rise_NMDA, tau_d = tau_decay_NMDA) and sends ds as the spike event's offset: the spike
// is emitted ds ms before the end of its step (so it is recorded at grid time - ds, as NEST records
// it), it arrives at its grid step whatever the offset, and the receiving NMDA port (our precise
// channel) scales the weight by the offset. Spikes from other senders (offset 0) have no effect on the
// NMDA port, as in NEST 3.9. s_NMDA approaches the exact model's single-connection gating variable for
// long times after each spike (iaf_bw_2001_exact).
// Differs from NEST: k_0 uses GSL's incomplete gamma function (NEST: boost's, within ~1e-15); with
// tau_rise_NMDA >= tau_decay_NMDA it is undefined: the run is refused (NEST fails inside boost).

#include <array>
#include <cstdint>
#include <optional>

#include "core/ode_gsl.hpp"
#include "models/neurons/iaf_bw_2001_common.hpp"

namespace nestor::detail {

struct iaf_bw_2001 {
  static constexpr std::string_view name = "iaf_bw_2001";

  using P = bw2001::P;
  static constexpr const auto& params = bw2001::params;

  struct S {
    enum : int { V_m, s_AMPA, s_GABA, s_NMDA, I_NMDA, I_AMPA, I_GABA, s_NMDA_pre, t_last, I_stim, r, h, n };
  };
  static constexpr std::array<state_spec, S::n> state{{
      {"V_m", -70.0, unit::mV, "membrane potential"},
      {"s_AMPA", 0.0, unit::nS, "AMPA gating variable (weighted sum, nS)"},
      {"s_GABA", 0.0, unit::nS, "GABA gating variable (weighted sum, nS)"},
      {"s_NMDA", 0.0, unit::nS, "NMDA gating variable (weighted sum, nS)"},
      {"I_NMDA", 0.0, unit::pA, "NMDA current", -1, true, false},
      {"I_AMPA", 0.0, unit::pA, "AMPA current", -1, true, false},
      {"I_GABA", 0.0, unit::pA, "GABA current", -1, true, false},
      {"s_NMDA_pre", 0.0, unit::none, "presynaptic NMDA gating value at the last spike", -1, false, false},
      {"t_last", -1.0, unit::ms, "time of the last spike (-1 before the first, as NEST)", -1, false, false},
      {"I_stim", 0.0, unit::pA, "current input, latched from the previous step", -1, false, false},
      {"r", 0.0, unit::none, "refractory steps left", -1, false, false},
      {"h", 0.0, unit::ms, "the integrator's step size (0: one time step)", -1, false, false},
  }};

  // Channels: AMPA and GABA spikes (weights as given), current input, NMDA spikes with their offsets.
  static constexpr bool off_grid_spikes = true;
  static constexpr int precise_channel = 3;
  static constexpr int n_channels = 4;
  static std::optional<port> spike_port(int receptor) {
    if (receptor == 1) return port{0, 0};
    if (receptor == 2) return port{1, 0};
    if (receptor == 3) return port{precise_channel, precise};
    return std::nullopt;
  }
  static std::optional<port> current_port(int receptor) {
    if (receptor != 0) return std::nullopt;
    return port{2, 0};
  }

  static void validate(const prow<iaf_bw_2001>& p) { bw2001::validate_reset(name, p); }

  struct derived {
    bw2001::constants c;
    double k_0, k_1;
    std::int64_t tics_per_step;  // NEST's spike times are tics x 0.001 ms
  };
  static derived prepare(const prow<iaf_bw_2001>& p, double dt);

  struct rhs {
    const derived& d;
    double I_stim;
    int operator()(double, const double* y, double* f) const {
      const bw2001::currents I = bw2001::synaptic_currents(d.c, y[0], y[1], y[2], y[3]);
      f[0] = bw2001::dV(d.c, y[0], I, I_stim);
      f[1] = -y[1] / d.c.tau_AMPA;
      f[2] = -y[2] / d.c.tau_GABA;
      f[3] = -y[3] / d.c.tau_decay_NMDA;
      return 0;
    }
  };

  static void update(srow s, const derived& d, inputs in, precise_events ev, const precise_spikes& out) {
    double y[4] = {s[S::V_m], s[S::s_AMPA], s[S::s_GABA], s[S::s_NMDA]};
    double h = s[S::h] > 0.0 ? s[S::h] : d.c.dt;
    rhs f{d, s[S::I_stim]};
    gsl_rkf45<4>::for_this_thread(d.c.tol, 0.0).integrate(y, h, d.c.dt, f);
    s[S::h] = h;
    const bw2001::currents I = bw2001::synaptic_currents(d.c, y[0], y[1], y[2], y[3]);
    s[S::I_AMPA] = I.AMPA;
    s[S::I_GABA] = I.GABA;
    s[S::I_NMDA] = I.NMDA;
    y[1] += in[0];
    y[2] += in[1];
    for (const precise_input& e : ev) y[3] += e.weight * e.offset;
    double r = s[S::r];
    if (bw2001::threshold_and_reset(y[0], r, d.c)) {
      const double t_spike = 0.001 * double((out.step + 1) * d.tics_per_step);  // as NEST's Time::get_ms
      const double pre = s[S::s_NMDA_pre] * std::exp(-(t_spike - s[S::t_last]) / d.c.tau_decay_NMDA);
      const double jump = d.k_0 + d.k_1 * pre;
      s[S::s_NMDA_pre] = pre + jump;
      s[S::t_last] = t_spike;
      out.emit(jump);
    }
    s[S::r] = r;
    s[S::V_m] = y[0];
    s[S::s_AMPA] = y[1];
    s[S::s_GABA] = y[2];
    s[S::s_NMDA] = y[3];
    s[S::I_stim] = in[2];
  }
};

}  // namespace nestor::detail
