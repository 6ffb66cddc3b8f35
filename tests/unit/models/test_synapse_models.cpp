// Synapse models' send() and the engine's sub-step delays, at the model level.
#include <gtest/gtest.h>

#include <cmath>

#include "models/synapses/cont_delay_synapse.hpp"
#include "models/synapses/tsodyks2_synapse.hpp"

namespace nestor::detail {
namespace {

syn_event event_at(double t, double offset = 0.0) {
  syn_event ev{t, offset, 1.0, 1, nullptr, 1, 1, 2, 0, 0};
  ev.dt = 0.1;
  return ev;
}

TEST(Tsodyks2Synapse, FirstSpikeCarriesUThenRecursion) {
  const double p[] = {0.3, 100.0, 50.0};  // U, tau_rec, tau_fac
  double s[] = {0.3, 1.0, -1.0};          // u, x, t_lastspike
  double w = 10.0;
  auto ev = event_at(5.0);
  EXPECT_DOUBLE_EQ(tsodyks2_synapse::send(p, s, w, nullptr, ev), 3.0);
  ev = event_at(25.0);
  const double x = 1.0 + (1.0 - 0.3 - 1.0) * std::exp(-20.0 / 100.0);
  const double u = 0.3 + 0.3 * 0.7 * std::exp(-20.0 / 50.0);
  EXPECT_DOUBLE_EQ(tsodyks2_synapse::send(p, s, w, nullptr, ev), 10.0 * u * x);
  EXPECT_EQ(w, 10.0);  // the weight itself does not change
}

TEST(ContDelaySynapse, SplitsDelaysAsNest) {
  auto [ms, off] = split_sub_step_delay(1.25, 0.1, "m");
  EXPECT_NEAR(ms, 1.3, 1e-12);
  EXPECT_NEAR(off, 0.05, 1e-12);
  std::tie(ms, off) = split_sub_step_delay(2.0, 0.1, "m");
  EXPECT_EQ(ms, 2.0);
  EXPECT_EQ(off, 0.0);
  EXPECT_THROW(split_sub_step_delay(0.05, 0.1, "m"), bad_delay);
}

TEST(ContDelaySynapse, OffsetPastTheStepArrivesOneStepEarly) {
  double s[] = {0.04};
  double w = 2.0;
  auto ev = event_at(1.0, 0.03);
  EXPECT_EQ(cont_delay_synapse::send(nullptr, s, w, nullptr, ev), 2.0);
  EXPECT_NEAR(ev.offset, 0.07, 1e-15);
  EXPECT_EQ(ev.delay_change, 0);
  ev = event_at(1.0, 0.08);
  cont_delay_synapse::send(nullptr, s, w, nullptr, ev);
  EXPECT_NEAR(ev.offset, 0.02, 1e-15);
  EXPECT_EQ(ev.delay_change, -1);
  EXPECT_EQ(cont_delay_synapse::min_delay_change(nullptr, s), -1);
  s[0] = 0.0;
  EXPECT_EQ(cont_delay_synapse::min_delay_change(nullptr, s), 0);
}

}  // namespace
}  // namespace nestor::detail
