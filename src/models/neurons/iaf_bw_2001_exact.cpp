#include "models/neurons/iaf_bw_2001_exact.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "models/registration.hpp"
#include "nestor/errors.hpp"

namespace nestor::detail {

std::optional<port> iaf_bw_2001_exact::spike_port(int receptor) {
  if (receptor == 1) return port{0, 0};
  if (receptor == 2) return port{1, 0};
  // NMDA: a port per connection, receiving the multiplicity; the weight scales s_j inside the node.
  if (receptor == 3) return port{0, std::uint8_t(count_only | per_connection)};
  return std::nullopt;
}

unsigned iaf_bw_2001_exact::update(srow s, const derived& c, inputs in, connection_ports& nmda) {
  double h = s[S::h] > 0.0 ? s[S::h] : c.dt;
  rhs f{c, s[S::I_stim], nmda.w, nmda.n};
  double V, s_A, s_G, s_N = 0.0;
  if (nmda.n == 0) {
    double y[3] = {s[S::V_m], s[S::s_AMPA], s[S::s_GABA]};
    gsl_rkf45<3>::for_this_thread(c.tol, 0.0).integrate(y, h, c.dt, f);
    V = y[0], s_A = y[1], s_G = y[2];
  } else {
    // NEST's state vector: the membrane, then (x_j, s_j) of every NMDA port in port order.
    const std::size_t n = 3 + 2 * nmda.n;
    thread_local std::vector<double> y;
    y.resize(n);
    y[0] = s[S::V_m], y[1] = s[S::s_AMPA], y[2] = s[S::s_GABA];
    std::copy(nmda.s, nmda.s + 2 * nmda.n, y.begin() + 3);
    gsl_rkf45<0>::for_this_thread(n, c.tol, 0.0).integrate(y.data(), h, c.dt, f);
    s_N = f.s_NMDA(y.data());
    V = y[0], s_A = y[1], s_G = y[2];
    for (std::size_t j = 0; j < nmda.n; ++j) {
      nmda.s[2 * j] = y[3 + 2 * j] + nmda.arrived(j);  // x_j jumps by the multiplicity
      nmda.s[2 * j + 1] = y[4 + 2 * j];
    }
  }
  s[S::h] = h;
  const bw2001::currents I = bw2001::synaptic_currents(c, V, s_A, s_G, s_N);
  s[S::I_AMPA] = I.AMPA;
  s[S::I_GABA] = I.GABA;
  s[S::I_NMDA] = I.NMDA;
  s[S::s_NMDA] = s_N;
  s_A += in[0];
  s_G += in[1];
  double r = s[S::r];
  const bool spike = bw2001::threshold_and_reset(V, r, c);
  s[S::r] = r;
  s[S::V_m] = V;
  s[S::s_AMPA] = s_A;
  s[S::s_GABA] = s_G;
  s[S::I_stim] = in[2];
  return spike ? 1u : 0u;
}

void register_iaf_bw_2001_exact(model_registry& reg) {
  add_neuron<iaf_bw_2001_exact>(reg, unit::nS);
}

}  // namespace nestor::detail
