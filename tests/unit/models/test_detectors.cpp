// Detectors and the weight_recorder through the C++ API: NEST's documented correlation_detector example
// and one weight_recorder entry per delivered spike (syn_spec::weight_recorder).
#include <gtest/gtest.h>

#include "nestor/nestor.hpp"

using namespace nestor;
using namespace nestor::literals;

TEST(Detectors, CorrelationDetectorNestExample) {
  Simulator sim{0.1_ms};
  auto s1 =
      sim.create("spike_generator", 1, {{"spike_times", value({1.0_ms, 1.5_ms, 2.7_ms, 4.0_ms, 5.1_ms})}});
  auto s2 = sim.create("spike_generator", 1,
                       {{"spike_times", value({0.9_ms, 1.8_ms, 2.1_ms, 2.3_ms, 3.5_ms, 3.8_ms, 4.9_ms})}});
  auto cd = sim.create("correlation_detector", 1, {{"delta_tau", 0.5_ms}, {"tau_max", 2.5_ms}});
  sim.connect(s1, cd, {}, {value(1.0), value(1.0), 0});
  sim.connect(s2, cd, {}, {value(1.0), value(1.0), 1});
  Result res = sim.simulate(10.0_ms);
  const auto& h = res.array(cd, "histogram");
  ASSERT_EQ(h.shape, std::vector<std::size_t>{11});
  const std::vector<double> expected{0, 3, 3, 1, 4, 3, 2, 6, 1, 2, 2};
  EXPECT_EQ(h.data, expected);
  EXPECT_EQ(res.array(cd, "n_events").data, (std::vector<double>{5, 7}));
  EXPECT_THROW(res.array(cd, "covariance"), unknown_parameter);
  syn_spec bad{value(1.0), value(1.0), 2};
  EXPECT_THROW(sim.connect(s1, cd, {}, bad), illegal_connection);
}

TEST(Detectors, WeightRecorderOneEntryPerSpike) {
  Simulator sim{0.1_ms};
  auto g = sim.create("spike_generator", 1, {{"spike_times", value({1.0_ms, 3.0_ms})}});
  auto n = sim.create("iaf_psc_alpha", 2);
  auto wr = sim.create("weight_recorder");
  syn_spec syn{value(12.5_pA), value(2.0_ms), 0};
  syn.weight_recorder = wr[0];
  sim.connect(g, n, {}, syn);
  Result res = sim.simulate(5.0_ms);
  EXPECT_EQ(res.array(wr, "times").data, (std::vector<double>{1.0, 1.0, 3.0, 3.0}));
  EXPECT_EQ(res.array(wr, "targets").data,
            (std::vector<double>{double(n[0]), double(n[1]), double(n[0]), double(n[1])}));
  EXPECT_EQ(res.array(wr, "weights").data, (std::vector<double>{12.5, 12.5, 12.5, 12.5}));
}
