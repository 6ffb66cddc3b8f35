// The postsynaptic histories of the Clopath and Urbanczik neurons (NEST's ClopathArchivingNode and
// UrbanczikArchivingNode): what is written when, what a reader finds, and NEST's pruning.
#include <gtest/gtest.h>

#include <cmath>

#include "models/neurons/clopath_archive.hpp"
#include "models/neurons/urbanczik_archive.hpp"

using namespace nestor::detail;

namespace {
const clopath_rule rule{14e-5, 8e-5, 60.0, -45.3, -70.6, true};
constexpr double dt = 0.1;
double t(int k) {
  return stamp_ms(k, dt);
}  // the end of step k - 1 in ms
}  // namespace

TEST(ClopathArchive, WritesNothingWithoutPlasticConnections) {
  clopath_archive a;
  a.init(2, 1, 3, 1, dt);
  for (int k = 1; k <= 10; ++k) a.write(k, dt, -40.0, -50.0, -60.0, -65.0, rule);
  EXPECT_TRUE(a.ltp().empty());
  EXPECT_EQ(a.ltd_value(t(10), t(10) + 100.0), 0.0);
}

TEST(ClopathArchive, DelayLineStartsAtZeroAndDelaysByItsSteps) {
  clopath_archive a;
  a.register_connection();
  a.init(2, 1, 100, 1, dt);  // 3 slots: a value written at stamp k is used at stamp k + 2
  // u_bar_minus rises by 1 mV per step from -80 (below theta_minus); the first two reads see 0 mV.
  for (int k = 1; k <= 6; ++k) a.write(k, dt, -80.0, -90.0, -81.0 + k, -65.0, rule);
  EXPECT_DOUBLE_EQ(a.ltd_value(t(1), t(1) + 100.0), rule.A_LTD * (0.0 - rule.theta_minus));
  EXPECT_DOUBLE_EQ(a.ltd_value(t(2), t(2) + 100.0), rule.A_LTD * (0.0 - rule.theta_minus));
  // stamp 3 uses stamp 1's -80 (below theta_minus: no entry), stamp 6 uses stamp 4's -77: none either
  for (int k = 3; k <= 6; ++k) EXPECT_EQ(a.ltd_value(t(k), t(k) + 100.0), 0.0) << k;
  for (int k = 7; k <= 14; ++k) a.write(k, dt, -80.0, -90.0, -81.0 + k, -65.0, rule);
  // stamp 14 uses stamp 12's -69 > -70.6
  EXPECT_DOUBLE_EQ(a.ltd_value(t(14), t(14) + 100.0), rule.A_LTD * (-69.0 - rule.theta_minus));
  EXPECT_EQ(a.ltd_value(t(13), t(13) + 100.0), rule.A_LTD * (-70.0 - rule.theta_minus));
  EXPECT_EQ(a.ltd_value(t(12), t(12) + 100.0), 0.0);  // uses -71
}

TEST(ClopathArchive, LtpNeedsBothThresholdsAndIsScaledByDt) {
  clopath_archive a;
  a.register_connection();
  a.init(0, 1, 10, 1, dt);                           // no delay
  a.write(1, dt, -40.0, -60.0, -60.0, -60.0, rule);  // u > theta_plus, u_bar_plus > theta_minus
  a.write(2, dt, -46.0, -60.0, -60.0, -60.0, rule);  // u below theta_plus
  a.write(3, dt, -40.0, -71.0, -60.0, -60.0, rule);  // u_bar_plus below theta_minus
  ASSERT_EQ(a.ltp().size(), 1u);
  EXPECT_EQ(a.ltp()[0].t, t(1));
  EXPECT_DOUBLE_EQ(a.ltp()[0].dw, rule.A_LTP * (-40.0 + 45.3) * (-60.0 + 70.6) * dt);
}

TEST(ClopathArchive, LtdWithVariableAmplitudeUsesUBarBar) {
  clopath_rule r = rule;
  r.A_LTD_const = false;
  clopath_archive a;
  a.register_connection();
  a.init(0, 1, 10, 1, dt);
  a.write(1, dt, -60.0, -60.0, -50.0, -62.0, r);
  EXPECT_DOUBLE_EQ(a.ltd_value(t(1), t(1) + 100.0), r.A_LTD * 62.0 * 62.0 * (-50.0 + 70.6) / 60.0);
}

TEST(ClopathArchive, LtdRingHoldsTheLastMaxDelayPlusOneEntries) {
  clopath_archive a;
  a.register_connection();
  a.init(0, 1, 3, 1, dt);  // 4 entries
  for (int k = 1; k <= 10; ++k) a.write(k, dt, -80.0, -80.0, -70.0 + 0.1 * k, -65.0, rule);
  for (int k = 1; k <= 6; ++k) EXPECT_EQ(a.ltd_value(t(k), t(k) + 100.0), 0.0) << k;
  for (int k = 7; k <= 10; ++k)
    EXPECT_DOUBLE_EQ(a.ltd_value(t(k), t(k) + 100.0), rule.A_LTD * (-70.0 + 0.1 * k + 70.6)) << k;
}

TEST(ClopathArchive, LtdRingIsReadAsNestHasItAtTheEndOfItsSlice) {
  clopath_archive a;
  a.register_connection();
  a.init(0, 5, 3, 10, dt);  // NEST: slices of 5 steps, a ring of 4; ours: slices of 10 steps
  for (int k = 1; k <= 10; ++k) a.write(k, dt, -80.0, -80.0, -70.0 + 0.1 * k, -65.0, rule);
  // a spike at stamp 3 is delivered by NEST after stamp 5: its ring then holds stamps 2 to 5
  EXPECT_EQ(a.ltd_value(t(1), t(3)), 0.0);
  EXPECT_DOUBLE_EQ(a.ltd_value(t(2), t(3)), rule.A_LTD * (-70.0 + 0.2 + 70.6));
  EXPECT_DOUBLE_EQ(a.ltd_value(t(5), t(3)), rule.A_LTD * (-70.0 + 0.5 + 70.6));
  // a spike at stamp 7: delivered after stamp 10, the ring holds 7 to 10
  EXPECT_EQ(a.ltd_value(t(6), t(7)), 0.0);
  EXPECT_DOUBLE_EQ(a.ltd_value(t(7), t(7)), rule.A_LTD * (-70.0 + 0.7 + 70.6));
}

TEST(ClopathArchive, LtpHistoryIsHalfOpenAndPrunedOnceReadByAll) {
  clopath_archive a;
  a.register_connection();
  a.register_connection();
  a.init(0, 1, 10, 1, dt);
  for (int k = 1; k <= 5; ++k) a.write(k, dt, -40.0, -60.0, -80.0, -60.0, rule);
  auto [b, e] = a.ltp_history(t(1), t(3));  // stamps 2 and 3
  ASSERT_EQ(e - b, 2);
  EXPECT_EQ(b->t, t(2));
  a.ltp_history(0.0, t(3));  // the second connection reads 1, 2, 3
  // stamps 2 and 3 read twice, 1 once: the next write prunes nothing (1 leads and is not read by all)
  a.write(6, dt, -40.0, -60.0, -80.0, -60.0, rule);
  EXPECT_EQ(a.ltp().size(), 6u);
  a.ltp_history(-0.5, t(1));                         // stamp 1 read by both now
  a.write(7, dt, -40.0, -60.0, -80.0, -60.0, rule);  // prunes 1, 2, 3
  ASSERT_EQ(a.ltp().size(), 4u);
  EXPECT_EQ(a.ltp().front().t, t(4));
  for (int i = 0; i < 2; ++i) a.ltp_history(t(3), t(7));
  a.write(8, dt, -40.0, -60.0, -80.0, -60.0, rule);  // keeps the last of the read ones (7)
  ASSERT_EQ(a.ltp().size(), 2u);
  EXPECT_EQ(a.ltp().front().t, t(7));
}

TEST(UrbanczikArchive, PredictionErrorAndRange) {
  const urbanczik_rule r{0.15, 0.5, 1.0 / 3.0, -55.0, 600.0, 30.0, -70.0};
  urbanczik_archive a;
  a.write(1, dt, -60.0, 0, r);
  EXPECT_TRUE(a.entries().empty());  // no plastic connection yet
  a.register_connection();
  a.write(2, dt, -60.0, 0, r);
  a.write(3, dt, -50.0, 1, r);
  const double V_star = (-70.0 * 30.0 + -50.0 * 600.0) / 630.0;
  const double phi = 0.15 / (1.0 + 0.5 * std::exp((-55.0 - V_star) / 3.0));
  const double h = 15.0 / 3.0 / (1.0 + 2.0 * std::exp(-(-55.0 - V_star) / 3.0));
  ASSERT_EQ(a.entries().size(), 2u);
  EXPECT_DOUBLE_EQ(a.entries()[1].dw, (1.0 - phi * dt) * h);
  auto [b, e] = a.history(t(2), t(3));
  ASSERT_EQ(e - b, 1);
  EXPECT_EQ(b->t, t(3));
  a.history(0.0, t(2));
  a.write(4, dt, -60.0, 0, r);  // 2 and 3 read by the one connection: pruned down to 3
  ASSERT_EQ(a.entries().size(), 2u);
  EXPECT_EQ(a.entries().front().t, t(3));
}
