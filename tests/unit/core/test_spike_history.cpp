#include <gtest/gtest.h>

#include <cmath>

#include "core/spike_history.hpp"

using nestor::detail::spike_history;

namespace {
spike_history with_spikes(std::initializer_list<double> ts) {
  spike_history h;
  h.set_taus(10.0, 100.0, 0.1);
  h.register_connection(0.0, 1.0);
  for (double t : ts) h.add_spike(t);
  return h;
}
}  // namespace

TEST(SpikeHistory, KValueSumsAllEarlierSpikes) {
  const auto h = with_spikes({5.0, 8.0});
  EXPECT_DOUBLE_EQ(h.K_value(10.0), std::exp(-5.0 / 10.0) + std::exp(-2.0 / 10.0));
  EXPECT_DOUBLE_EQ(h.K_value(8.0), std::exp(-3.0 / 10.0));  // a spike at t itself does not count
  EXPECT_EQ(h.K_value(5.0), 0.0);
}

TEST(SpikeHistory, NearestKValueSeesOnlyTheLastEarlierSpike) {
  const auto h = with_spikes({5.0, 8.0});
  EXPECT_DOUBLE_EQ(h.nearest_K_value(10.0), std::exp(-2.0 / 10.0));
  EXPECT_DOUBLE_EQ(h.nearest_K_value(8.0), std::exp(-3.0 / 10.0));  // strictly before t (NEST's eps)
  EXPECT_NEAR(h.nearest_K_value(8.0 + 1e-7), std::exp(-3.0000001 / 10.0), 1e-15);
  EXPECT_EQ(h.nearest_K_value(5.0), 0.0);
  EXPECT_EQ(spike_history().nearest_K_value(3.0), 0.0);  // no spike yet
  // at most 1, unlike K-, which exceeds 1 after close spikes
  const auto burst = with_spikes({1.0, 1.1, 1.2});
  EXPECT_GT(burst.K_value(1.3), 2.0);
  EXPECT_DOUBLE_EQ(burst.nearest_K_value(1.3), std::exp(-(1.3 - 1.2) / 10.0));
}
