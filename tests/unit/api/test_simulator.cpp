// The C++ API end to end: the tutorial's numbers (NEST 3.9.0 reference tutorial_dc), units at the
// boundary, splitting a run, reset, and typed errors.
#include "nestor/nestor.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace nestor;
using namespace nestor::literals;

namespace {
struct tutorial {
  Simulator sim{0.1_ms};
  NodeCollection neuron, vm, sr;
  explicit tutorial(value I_e = 376.0_pA) {
    neuron = sim.create("iaf_psc_alpha", 1, {{"I_e", I_e}});
    vm = sim.create("voltmeter");
    sr = sim.create("spike_recorder");
    sim.connect(vm, neuron);
    sim.connect(neuron, sr);
  }
};
}  // namespace

TEST(SimulatorApi, TutorialMatchesNest) {
  tutorial t;
  Result res = t.sim.simulate(1000.0_ms);
  const trace v = res.get_trace(t.vm, "V_m");
  ASSERT_EQ(v.rows, 10000u);
  ASSERT_EQ(v.cols, 1u);
  EXPECT_EQ(v.unit, "mV");
  // NEST 3.9.0's first two samples and spike times (tests/validation/nest_reference/tutorial_dc).
  EXPECT_NEAR(v(0, 0), -69.8503494995875, 1e-9);
  EXPECT_NEAR(v(1, 0), -69.7021880465336, 1e-9);
  const auto sp = res.spikes(t.sr);
  ASSERT_EQ(sp.times.size(), 16u);
  EXPECT_NEAR(sp.times[0], 59.3, 1e-9);
  EXPECT_NEAR(sp.times[15], 978.8, 1e-9);
  EXPECT_NEAR(res.rate(t.sr), 16.0, 1e-12);
  EXPECT_NEAR(res.times().front(), 0.1, 1e-12);
  EXPECT_NEAR(res.times().back(), 1000.0, 1e-9);
}

TEST(SimulatorApi, QuantitiesAndBareNumbersAgree) {
  tutorial a(376.0_pA), b(0.376_nA), c(376.0);
  const auto ra = a.sim.simulate(100.0_ms), rb = b.sim.simulate(100.0_ms), rc = c.sim.simulate(100.0_ms);
  const trace ta = ra.get_trace(a.vm, "V_m"), tb = rb.get_trace(b.vm, "V_m"), tc = rc.get_trace(c.vm, "V_m");
  for (std::size_t k = 0; k < ta.rows; ++k) {
    EXPECT_NEAR(ta(k, 0), tb(k, 0), 1e-12);
    EXPECT_EQ(ta(k, 0), tc(k, 0));
  }
}

TEST(SimulatorApi, SplittingARunChangesNothing) {
  tutorial one, two;
  const Result r = one.sim.simulate(1000.0_ms);
  const Result r1 = two.sim.simulate(500.0_ms);
  const Result r2 = two.sim.simulate(500.0_ms);
  const trace v = r.get_trace(one.vm, "V_m"), v1 = r1.get_trace(two.vm, "V_m"), v2 = r2.get_trace(two.vm, "V_m");
  ASSERT_EQ(v1.rows + v2.rows, v.rows);
  for (std::size_t k = 0; k < v1.rows; ++k) EXPECT_EQ(v(k, 0), v1(k, 0));
  for (std::size_t k = 0; k < v2.rows; ++k) EXPECT_EQ(v(v1.rows + k, 0), v2(k, 0));
  EXPECT_NEAR(r2.times().front(), 500.1, 1e-9);
}

TEST(SimulatorApi, ResetRestartsFromTheInitialState) {
  tutorial t;
  const Result first = t.sim.simulate(200.0_ms);
  t.sim.reset();
  EXPECT_EQ(t.sim.time_ms(), 0.0);
  const Result again = t.sim.simulate(200.0_ms);
  const trace a = first.get_trace(t.vm, "V_m"), b = again.get_trace(t.vm, "V_m");
  for (std::size_t k = 0; k < a.rows; ++k) EXPECT_EQ(a(k, 0), b(k, 0));
}

TEST(SimulatorApi, ErrorsAreTyped) {
  Simulator sim(0.1_ms);
  EXPECT_THROW(sim.create("no_such_model"), unknown_model);
  EXPECT_THROW(sim.create("iaf_psc_alpha", 1, {{"no_such_param", 1.0}}), unknown_parameter);
  EXPECT_THROW(sim.create("iaf_psc_alpha", 1, {{"I_e", 5.0_mV}}), dimension_mismatch);
  EXPECT_THROW(sim.create("iaf_psc_alpha", 1, {{"C_m", 0.0}}), bad_value);
  EXPECT_THROW(sim.create("iaf_psc_alpha", 1, {{"V_reset", -50.0}}), bad_value);
  auto n = sim.create("iaf_psc_alpha", 2);
  auto vm = sim.create("voltmeter");
  EXPECT_THROW(sim.connect(n, vm), illegal_connection);
  EXPECT_THROW(sim.connect(n, n, rule::all_to_all, {1.0, 0.05_ms}), bad_delay);
  EXPECT_THROW(sim.connect(n, n, rule::all_to_all, {value({1.0, 2.0, 3.0}), 1.0_ms}), bad_argument);
  EXPECT_THROW(sim.simulate(0.0_ms), bad_value);
  EXPECT_THROW(sim.simulate(0.15_ms), bad_value);
  EXPECT_THROW(Simulator(0.0_ms), bad_value);
  EXPECT_EQ(sim.num_connections(), 0u);  // failed connects leave nothing behind
}

TEST(SimulatorApi, NodeIdsStartAtOneInCreationOrder) {
  Simulator sim(0.1_ms);
  auto a = sim.create("iaf_psc_alpha", 3);
  auto b = sim.create("parrot_neuron", 2);
  EXPECT_EQ(a.global_ids(), (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(b.global_ids(), (std::vector<std::int64_t>{4, 5}));
  EXPECT_EQ((a + b).size(), 5u);
  EXPECT_EQ(a.slice(1, 3).global_ids(), (std::vector<std::int64_t>{2, 3}));
  a.set({{"V_th", value({-50.0, -51.0, -52.0})}});
  const auto v = a.get("V_th");
  EXPECT_EQ(v[2].numbers()[0], -52.0);
}

TEST(SimulatorApi, ResultKnowsNestsMinDelay) {
  tutorial a;
  const Result ra = a.sim.simulate(10.0_ms);
  EXPECT_NEAR(ra.data()->min_delay, 1.0, 1e-12);  // no synapses: the default delay
  EXPECT_TRUE(ra.record(a.sr[0]).arrays.empty());
  tutorial b;
  auto other = b.sim.create("iaf_psc_alpha", 1);
  b.sim.connect(b.neuron, other, {}, syn_spec{value(1.0), value(0.5_ms)});
  EXPECT_NEAR(b.sim.simulate(10.0_ms).data()->min_delay, 0.5, 1e-12);
}
