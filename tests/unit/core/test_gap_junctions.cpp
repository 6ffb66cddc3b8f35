// Gap junctions (core/gap_junctions.hpp): the waveforms a node sends (a cubic V(t) is reproduced by the
// order-3 Hermite waveform, a line by order 1), the gap current a node sees, and the C++ API of the
// gap_junction synapse and the waveform-relaxation properties.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/gap_junctions.hpp"
#include "nestor/nestor.hpp"

using namespace nestor;
using namespace nestor::literals;
using detail::gap_input;
using detail::gap_waveform;

TEST(GapJunctions, CubicWaveformReproducesACubic) {
  // V(t) = a + b t + c t^2 + d t^3 over a step (t = fraction of the step); hf = dt dV/dtime = dV/dt.
  const double a = -60.0, b = 3.0, c = -1.5, d = 0.25;
  double k[4];
  gap_waveform(3, a, a + b + c + d, b, b + 2 * c + 3 * d, k);
  EXPECT_DOUBLE_EQ(k[0], a);
  EXPECT_DOUBLE_EQ(k[1], b);
  EXPECT_NEAR(k[2], c, 1e-12);
  EXPECT_NEAR(k[3], d, 1e-12);
  gap_waveform(1, a, a + 2.0, 0.0, 0.0, k);
  EXPECT_EQ(k[0], a);
  EXPECT_EQ(k[1], 2.0);
}

TEST(GapJunctions, CurrentOfEachOrder) {
  const double c[4] = {-120.0, 4.0, 2.0, -1.0};  // sum_j w_j p_j with sum_j w_j = 2 nS
  EXPECT_DOUBLE_EQ((gap_input{2.0, c, 0}.current(-65.0, 0.5)), -2.0 * -65.0 - 120.0);
  EXPECT_DOUBLE_EQ((gap_input{2.0, c, 1}.current(-65.0, 0.5)), -2.0 * -65.0 - 120.0 + 2.0);
  EXPECT_DOUBLE_EQ((gap_input{2.0, c, 3}.current(-65.0, 0.5)), -2.0 * -65.0 - 120.0 + 2.0 + 0.5 - 0.125);
}

TEST(GapJunctions, CppApiCouplesAPair) {
  Simulator sim(0.1_ms);
  EXPECT_TRUE(sim.use_wfr());
  EXPECT_EQ(sim.wfr_interpolation_order(), 3);
  auto n = sim.create("hh_psc_alpha_gap", 2);
  n.slice(0, 1).set({{"I_e", 400.0_pA}});
  syn_spec gap;
  gap.weight = 5.0_nS;
  gap.gap_junction = true;
  EXPECT_THROW(sim.connect(n.slice(0, 1), n.slice(1, 2), conn_spec(rule::one_to_one), gap),
               illegal_connection);
  sim.connect(n.slice(0, 1), n.slice(1, 2), conn_spec(rule::one_to_one).symmetric(), gap);
  EXPECT_EQ(sim.num_connections(), 2u);
  EXPECT_THROW(sim.set_wfr_tol(-1.0), bad_value);
  EXPECT_THROW(sim.set_wfr_interpolation_order(2), bad_value);
  EXPECT_THROW(sim.set_use_wfr(false), bad_value);  // nodes exist
  auto vm = sim.create("voltmeter");
  sim.connect(vm, n);
  Result res = sim.simulate(20.0_ms);
  const trace v = res.get_trace(vm, "V_m");
  double top = -1e9;
  for (std::size_t r = 0; r < v.rows; ++r) top = std::max(top, v(r, 1));
  EXPECT_GT(top, -62.0);  // the undriven neuron (at rest near -69.6 mV alone) follows its partner's spikes
}
