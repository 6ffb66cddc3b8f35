#pragma once
// stdp_dopamine_synapse: dopamine-modulated STDP (Izhikevich 2007; Potjans et al. 2010), as NEST's
// models/stdp_dopamine_synapse.{h,cpp}. The dopamine spikes come from the volume_transmitter named by the
// common parameter vt (core/neuromodulation.hpp); all parameters but c and n are common to the model.
//
// Between events the eligibility trace c and the dopamine trace n decay, and the weight integrates:
//   dc/dt = -c / tau_c,   dn/dt = -n / tau_n,   dw/dt = c (n - b),   Wmin <= w <= Wmax (clipped per step)
// so from t0 to t1 with c0, n0 at t0 (s = 1/tau_c + 1/tau_n; NEST's update_weight_):
//   w <- w + c0 n0 (1 - e^{-s (t1 - t0)}) / s - b c0 tau_c (1 - e^{-(t1 - t0)/tau_c}).
// A dopamine spike of multiplicity m adds m / tau_n to n. A postsynaptic spike t_j (reached at t_j + d)
// adds A_plus K+ e^{-(t_j + d - t_last)/tau_plus} to c; a presynaptic spike at t subtracts
// A_minus K-(t - d) (the target's trace, tau_minus); the event carries the weight after that; then
// K+ <- K+ e^{-(t - t_last)/tau_plus} + 1. The synapse integrates piecewise between these events and
// the dopamine spikes, exactly in NEST's order, on each presynaptic spike (send) and every time its volume
// transmitter triggers (trigger: NEST's trigger_update_weight, which also brings n and K+ to t_trig).
// As NEST, a presynaptic spike delivered after a trigger at a later time integrates backwards to it.
// Differences: NEST does not check tau_plus, tau_c, tau_n; here they must be > 0. NEST refuses c and n
// in connect() with more than one thread (not thread-safe there); here they are accepted always.

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>
#include <vector>

#include "core/neuromodulation.hpp"
#include "models/synapses/synapse_model.hpp"

namespace nestor::detail {

struct stdp_dopamine_synapse {
  static constexpr std::string_view name = "stdp_dopamine_synapse";
  static constexpr std::string_view doc =
      "dopamine-modulated STDP (Izhikevich 2007, Potjans et al. 2010); dopamine from a volume_transmitter";
  enum P { n_params };
  enum S { c, n, Kplus, t_last_update, dopa_index, n_state };
  enum C { vt, A_plus, A_minus, tau_plus, tau_c, tau_n, b, Wmin, Wmax, n_common };
  static constexpr std::array<syn_entry, n_params> params{};
  static constexpr std::array<syn_entry, n_state> state{{
      {"c", 0.0, unit::none, check::any, "eligibility trace"},
      {"n", 0.0, unit::none, check::any, "dopamine trace (neuromodulator concentration)"},
      {"Kplus", 0.0, unit::none, check::any, "presynaptic trace", false, false},
      {"t_last_update", 0.0, unit::ms, check::any, "time of the last update", false, false},
      {"dopa_index", 0.0, unit::none, check::any, "dopamine spikes of the interval read so far", false,
       false},
  }};
  static constexpr std::array<syn_entry, n_common> common{{
      {"vt", -1.0, unit::none, check::any, "node id of the volume_transmitter (-1: none assigned)"},
      {"A_plus", 1.0, unit::none, check::any, "eligibility increase per pre-before-post pairing"},
      {"A_minus", 1.5, unit::none, check::any, "eligibility decrease per post-before-pre pairing"},
      {"tau_plus", 20.0, unit::ms, check::positive, "time constant of the presynaptic trace K+"},
      {"tau_c", 1000.0, unit::ms, check::positive, "time constant of the eligibility trace"},
      {"tau_n", 200.0, unit::ms, check::positive, "time constant of the dopamine trace"},
      {"b", 0.0, unit::none, check::any, "dopamine baseline concentration"},
      {"Wmin", 0.0, unit::none, check::any, "minimal weight", true},
      {"Wmax", 200.0, unit::none, check::any, "maximal weight", true},
  }};
  static constexpr bool reads_history = true;
  static constexpr bool random = false;
  static constexpr int modulator_entry = vt;  ///< the common entry naming the volume transmitter

  static void validate(const syn_values&) {}

  static double send(const double*, double* s, double& w, const double* cp, syn_event& ev) {
    const double d = ev.dendritic_delay, t = ev.t_spike, t_last = s[t_last_update];
    const std::vector<modulator_spike>& ds = *ev.modulator;
    auto [it, end] = ev.post->read(t_last - d, t - d);
    double t0 = t_last;
    for (; it != end; ++it) {
      integrate(s, w, cp, ds, t0, it->t + d);
      t0 = it->t + d;
      if (t - it->t > spike_history::eps)
        s[c] += cp[A_plus] * s[Kplus] * std::exp((t_last - t0) / cp[tau_plus]);
    }
    integrate(s, w, cp, ds, t0, t);
    s[c] -= cp[A_minus] * ev.post->K_value(t - d);
    s[Kplus] = s[Kplus] * std::exp((t_last - t) / cp[tau_plus]) + 1.0;
    s[t_last_update] = t;
    return w;
  }

  static void trigger(const double*, double* s, double& w, const double* cp, const syn_trigger& ev) {
    const double d = ev.dendritic_delay, t = ev.t_trig, t_last = s[t_last_update];
    const std::vector<modulator_spike>& ds = *ev.spikes;
    auto [it, end] = ev.post->read(t_last - d, t - d);
    double t0 = t_last;
    for (; it != end; ++it) {
      integrate(s, w, cp, ds, t0, it->t + d);
      t0 = it->t + d;
      s[c] += cp[A_plus] * s[Kplus] * std::exp((t_last - t0) / cp[tau_plus]);
    }
    integrate(s, w, cp, ds, t0, t);
    s[n] *= std::exp((ds[index(s, ds)].t - t) / cp[tau_n]);
    s[Kplus] *= std::exp((t_last - t) / cp[tau_plus]);
    s[t_last_update] = t;
    s[dopa_index] = 0.0;  // the next interval's spikes begin with the pseudo spike at t
  }

 private:
  static std::size_t index(const double* s, const std::vector<modulator_spike>& ds) {
    return std::min(std::size_t(s[dopa_index]), ds.size() - 1);
  }
  /// NEST's update_weight_: the weight from t0 to t0 - minus_dt with c0 and n0 at t0, clipped.
  static void weight_step(double& w, const double* cp, double c0, double n0, double minus_dt) {
    const double rate = (cp[tau_c] + cp[tau_n]) / (cp[tau_c] * cp[tau_n]);
    w -=
        c0 * (n0 / rate * std::expm1(rate * minus_dt) - cp[b] * cp[tau_c] * std::expm1(minus_dt / cp[tau_c]));
    w = std::min(std::max(w, cp[Wmin]), cp[Wmax]);
  }
  /// NEST's process_dopa_spikes_: w, n and c from t0 to t1 through the dopamine spikes in (t0, t1].
  /// On entry c and w are at t0, n at the last dopamine spike read (index); on return c and w are at
  /// t1, n at the last dopamine spike read.
  static void integrate(double* s, double& w, const double* cp, const std::vector<modulator_spike>& ds,
                        double t0, double t1) {
    std::size_t k = index(s, ds);
    auto next_by_t1 = [&] { return k + 1 < ds.size() && t1 - ds[k + 1].t > -spike_history::eps; };
    if (next_by_t1()) {
      weight_step(w, cp, s[c], s[n] * std::exp((ds[k].t - t0) / cp[tau_n]), t0 - ds[k + 1].t);
      read_dopamine(s, cp, ds, k);
      while (next_by_t1()) {
        weight_step(w, cp, s[c] * std::exp((t0 - ds[k].t) / cp[tau_c]), s[n], ds[k].t - ds[k + 1].t);
        read_dopamine(s, cp, ds, k);
      }
      weight_step(w, cp, s[c] * std::exp((t0 - ds[k].t) / cp[tau_c]), s[n], ds[k].t - t1);
    } else {
      weight_step(w, cp, s[c], s[n] * std::exp((ds[k].t - t0) / cp[tau_n]), t0 - t1);
    }
    s[c] *= std::exp((t0 - t1) / cp[tau_c]);
  }
  /// NEST's update_dopamine_: n from dopamine spike k to spike k + 1, which adds mult / tau_n.
  static void read_dopamine(double* s, const double* cp, const std::vector<modulator_spike>& ds,
                            std::size_t& k) {
    s[n] = s[n] * std::exp((ds[k].t - ds[k + 1].t) / cp[tau_n]) + ds[k + 1].mult / cp[tau_n];
    s[dopa_index] = double(++k);
  }
};

}  // namespace nestor::detail
