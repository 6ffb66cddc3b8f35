#pragma once
// The weight update of NEST's urbanczik_synapse (models/urbanczik_synapse.h, NEST 3.9) on a presynaptic
// spike, reading the target's Urbanczik archive (models/neurons/urbanczik_archive.hpp) and its dendrite's
// constants (C_m, g_L, tau_L = C_m/g_L, tau_s = tau_syn_ex if w > 0 else tau_syn_in):
//
//   for the entries (t_e, dPI) with t_last - d < t_e <= t - d, t_up = t_e + d:
//       PI = (L exp((t_last - t_up)/tau_L) - s exp((t_last - t_up)/tau_s)) dPI
//       PI_integral += PI,  dPI_exp += exp((t_up - t)/tau_Delta) PI
//   PI_exp_integral = exp((t_last - t)/tau_Delta) PI_exp_integral + dPI_exp
//   w = w_init + (PI_integral - PI_exp_integral) 15 C_m tau_s eta / (g_L (tau_L - tau_s)), within [Wmin, Wmax]
//   the spike is sent with w; then L = L exp((t_last - t)/tau_L) + 1, s = s exp((t_last - t)/tau_s) + 1,
//   t_last = t
//
// t_last starts at -1 ms (NEST's value), the traces L, s and the integrals at 0; w_init is the weight given
// when the connection was made or last set (NEST's init_weight_).

#include <cmath>
#include <cstdint>

#include "models/neurons/urbanczik_archive.hpp"

namespace nestor::detail {

struct urbanczik_synapse_state {
  double init_weight = 1.0;
  double PI_integral = 0.0, PI_exp_integral = 0.0;
  double tau_L_trace = 0.0, tau_s_trace = 0.0;
  double t_last = -1.0;  ///< ms
};

struct urbanczik_synapse_params {
  double tau_Delta = 100.0, eta = 0.07, Wmin = 0.0, Wmax = 100.0;
};

inline double urbanczik_update(double w, urbanczik_synapse_state& st, const urbanczik_synapse_params& p,
                               urbanczik_archive& a, std::int64_t stamp, std::int64_t d, double dt) {
  const double t_spike = double(stamp) * dt, delay = double(d) * dt;
  const urbanczik_dendrite& den = a.dendrite();
  const double g_L = den.g_L, tau_L = den.tau_L(), C_m = den.C_m;
  const double tau_s = w > 0.0 ? den.tau_syn_ex : den.tau_syn_in;
  double dPI_exp = 0.0;
  auto [it, end] = a.history(std::llround(st.t_last / dt) - d, stamp - d);
  for (; it != end; ++it) {
    const double t_up = double(it->stamp) * dt + delay;
    const double minus_delta_t_up = st.t_last - t_up, minus_t_down = t_up - t_spike;
    const double PI =
        (st.tau_L_trace * std::exp(minus_delta_t_up / tau_L) - st.tau_s_trace * std::exp(minus_delta_t_up / tau_s)) *
        it->dw;
    st.PI_integral += PI;
    dPI_exp += std::exp(minus_t_down / p.tau_Delta) * PI;
  }
  st.PI_exp_integral = std::exp((st.t_last - t_spike) / p.tau_Delta) * st.PI_exp_integral + dPI_exp;
  w = st.PI_integral - st.PI_exp_integral;
  w = st.init_weight + w * 15.0 * C_m * tau_s * p.eta / (g_L * (tau_L - tau_s));
  if (w > p.Wmax)
    w = p.Wmax;
  else if (w < p.Wmin)
    w = p.Wmin;
  st.tau_L_trace = st.tau_L_trace * std::exp((st.t_last - t_spike) / tau_L) + 1.0;
  st.tau_s_trace = st.tau_s_trace * std::exp((st.t_last - t_spike) / tau_s) + 1.0;
  st.t_last = t_spike;
  return w;
}

}  // namespace nestor::detail
