#pragma once
// urbanczik_synapse: learning by the dendritic prediction of somatic spiking (Urbanczik & Senn 2014; NEST
// 3.9's models/urbanczik_synapse.h), for targets that keep an Urbanczik archive (pp_cond_exp_mc_urbanczik:
// the dendritic prediction errors dPI, models/neurons/urbanczik_archive.hpp).
//
// On a presynaptic spike at t (d: the connection's delay), with the target dendrite's C_m, g_L,
// tau_L = C_m/g_L and tau_s = its tau_syn_ex if w > 0, else tau_syn_in:
//   for every entry (t_e, dPI) in (t_last - d, t - d], t_up = t_e + d:
//       PI = (L exp((t_last - t_up)/tau_L) - S exp((t_last - t_up)/tau_s)) dPI
//       PI_integral += PI,   dPI_exp += exp((t_up - t)/tau_Delta) PI
//   PI_exp_integral <- exp((t_last - t)/tau_Delta) PI_exp_integral + dPI_exp
//   w <- w_init + (PI_integral - PI_exp_integral) 15 C_m tau_s eta / (g_L (tau_L - tau_s)), clipped to
//        [Wmin, Wmax]; the event carries it
//   then L <- L exp((t_last - t)/tau_L) + 1, S <- S exp((t_last - t)/tau_s) + 1, t_last <- t
// (t_last starts at -1 ms, as NEST). w_init: NEST's init_weight_, the weight at the connection's last
// set_status; here the connection's weight when its first spike arrives (so a weight set before the
// first spike counts, one set later does not; NEST keeps 1.0, its default, for a connection made with a
// weight but no other synapse parameter). Rules as NEST: the weight and Wmax have the same sign (a zero
// Wmax counts as negative; NEST checks Wmin against nothing); we also require tau_Delta > 0.

#include <array>
#include <cmath>
#include <string>
#include <string_view>

#include "models/neurons/urbanczik_archive.hpp"
#include "models/synapses/synapse_model.hpp"
#include "nestor/errors.hpp"

namespace nestor::detail {

struct urbanczik_synapse {
  static constexpr std::string_view name = "urbanczik_synapse";
  static constexpr std::string_view doc =
      "dendritic prediction of somatic spiking (Urbanczik & Senn 2014), for pp_cond_exp_mc_urbanczik targets";
  enum P { tau_Delta, eta, Wmin, Wmax, n_params };
  enum S {
    init_weight,
    started,
    PI_integral,
    PI_exp_integral,
    tau_L_trace,
    tau_s_trace,
    t_lastspike,
    n_state
  };
  enum C { n_common };
  static constexpr std::array<syn_entry, n_params> params{{
      {"tau_Delta", 100.0, unit::ms, check::positive,
       "time constant of the low-pass filter of the weight change"},
      {"eta", 0.07, unit::none, check::any, "learning rate"},
      {"Wmin", 0.0, unit::none, check::any, "minimum weight", true},
      {"Wmax", 100.0, unit::none, check::any, "maximum weight (same sign as the weight)", true},
  }};
  static constexpr std::array<syn_entry, n_state> state{{
      {"init_weight", 1.0, unit::none, check::any, "the weight the changes add to", true, false},
      {"started", 0.0, unit::none, check::any, "whether init_weight was taken", false, false},
      {"PI_integral", 0.0, unit::none, check::any, "integral of the prediction error", false, false},
      {"PI_exp_integral", 0.0, unit::none, check::any, "its low-pass", false, false},
      {"tau_L_trace", 0.0, unit::none, check::any, "presynaptic trace with tau_L", false, false},
      {"tau_s_trace", 0.0, unit::none, check::any, "presynaptic trace with tau_s", false, false},
      {"t_lastspike", -1.0, unit::ms, check::any, "time of the last presynaptic spike", false, false},
  }};
  static constexpr std::array<syn_entry, n_common> common{};
  static constexpr bool reads_history = false;
  static constexpr bool random = false;
  static constexpr archive_kind archive = archive_kind::urbanczik;

  static void validate(const syn_values& v) {
    if (((v.weight >= 0) - (v.weight < 0)) != ((v.p[Wmax] > 0) - (v.p[Wmax] <= 0)) ||
        std::signbit(v.weight) != std::signbit(v.p[Wmax]))
      throw bad_value(std::string(name) + " parameter Wmax = " + format_number(v.p[Wmax]) +
                      ": expected the sign of the weight (" + format_number(v.weight) +
                      "; a zero Wmax counts as negative)");
  }

  static double send(const double* p, double* s, double& w, const double*, syn_event& ev) {
    urbanczik_archive& a = *ev.urbanczik;
    const urbanczik_dendrite& den = a.dendrite();
    if (s[started] == 0.0) {
      s[init_weight] = w;
      s[started] = 1.0;
    }
    const double d = ev.dendritic_delay, t = ev.t_spike, t_last = s[t_lastspike];
    const double g_L = den.g_L, tau_L = den.tau_L(), C_m = den.C_m;
    const double tau_s = w > 0.0 ? den.tau_syn_ex : den.tau_syn_in;
    double dPI_exp = 0.0;
    auto [it, end] = a.history(t_last - d, t - d);
    for (; it != end; ++it) {
      const double t_up = it->t + d;
      const double minus_delta_t_up = t_last - t_up, minus_t_down = t_up - t;
      const double PI = (s[tau_L_trace] * std::exp(minus_delta_t_up / tau_L) -
                         s[tau_s_trace] * std::exp(minus_delta_t_up / tau_s)) *
                        it->dw;
      s[PI_integral] += PI;
      dPI_exp += std::exp(minus_t_down / p[tau_Delta]) * PI;
    }
    s[PI_exp_integral] = std::exp((t_last - t) / p[tau_Delta]) * s[PI_exp_integral] + dPI_exp;
    w = s[PI_integral] - s[PI_exp_integral];
    w = s[init_weight] + w * 15.0 * C_m * tau_s * p[eta] / (g_L * (tau_L - tau_s));
    if (w > p[Wmax])
      w = p[Wmax];
    else if (w < p[Wmin])
      w = p[Wmin];
    s[tau_L_trace] = s[tau_L_trace] * std::exp((t_last - t) / tau_L) + 1.0;
    s[tau_s_trace] = s[tau_s_trace] * std::exp((t_last - t) / tau_s) + 1.0;
    s[t_lastspike] = t;
    return w;
  }
};

}  // namespace nestor::detail
