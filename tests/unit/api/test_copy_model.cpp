// Simulator::copy_model, set_defaults and get_defaults (NEST's CopyModel, SetDefaults, GetDefaults) for
// neuron and device models: per Simulator, checked when given, applied before create()'s values.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "nestor/nestor.hpp"

using namespace nestor;
using namespace nestor::literals;

namespace {
double num(const value& v) {
  return v.numbers().at(0);
}

template <class F>
std::string message_of(F&& f) {
  try {
    f();
  } catch (const error& e) {
    return e.what();
  }
  return "(no error)";
}

/// V_m (samples x nodes, row-major) of nodes driven by I_e and a Poisson input, made by `make`.
template <class Make>
std::vector<double> run(Make make) {
  Simulator sim(0.1_ms, 7);
  NodeCollection n = make(sim);
  NodeCollection vm = sim.create("voltmeter");
  NodeCollection pg = sim.create("poisson_generator", 1, {{"rate", 8000.0_Hz}});
  sim.connect(pg, n, rule::all_to_all, {30.0, 1.0_ms});
  sim.connect(vm, n);
  const Result res = sim.simulate(100.0_ms, false);
  const trace v = res.get_trace(vm, "V_m");  // a view into res
  return {v.data, v.data + v.rows * v.cols};
}
}  // namespace

TEST(CopyModel, DefaultsApplyAndCreateOverrides) {
  Simulator sim(0.1_ms);
  sim.copy_model("iaf_psc_alpha", "my_iaf", {{"V_th", -50.0_mV}, {"tau_m", 20.0}});
  NodeCollection a = sim.create("my_iaf", 2);
  EXPECT_EQ(a.model(), "my_iaf");
  EXPECT_EQ(a.base_model(), "iaf_psc_alpha");
  EXPECT_EQ(num(a.get("V_th")[1]), -50.0);
  EXPECT_EQ(num(a.get("tau_m")[0]), 20.0);
  NodeCollection b = sim.create("my_iaf", 1, {{"V_th", -52.0_mV}});
  EXPECT_EQ(num(b.get("V_th")[0]), -52.0);
  EXPECT_EQ(num(b.get("tau_m")[0]), 20.0);
  // the original is unchanged
  EXPECT_EQ(num(sim.get_defaults("iaf_psc_alpha", "V_th")), -55.0);
  EXPECT_EQ(num(sim.create("iaf_psc_alpha").get("V_th")[0]), -55.0);
  EXPECT_EQ(sim.base_model("my_iaf"), "iaf_psc_alpha");
}

TEST(CopyModel, SetDefaultsAffectsLaterCreatesOnly) {
  Simulator sim(0.1_ms);
  NodeCollection before = sim.create("iaf_psc_alpha");
  sim.set_defaults("iaf_psc_alpha", {{"I_e", 100.0_pA}});
  NodeCollection after = sim.create("iaf_psc_alpha");
  EXPECT_EQ(num(before.get("I_e")[0]), 0.0);
  EXPECT_EQ(num(after.get("I_e")[0]), 100.0);
  EXPECT_EQ(after.model(), "iaf_psc_alpha");
  // copy of a copy: a snapshot of its original's defaults
  sim.copy_model("iaf_psc_alpha", "c1", {{"V_th", -50.0_mV}});
  sim.copy_model("c1", "c2", {{"tau_m", 20.0_ms}});
  sim.set_defaults("c1", {{"V_th", -45.0_mV}});
  EXPECT_EQ(num(sim.get_defaults("c2", "V_th")), -50.0);
  EXPECT_EQ(num(sim.get_defaults("c2", "I_e")), 100.0);
  EXPECT_EQ(num(sim.get_defaults("c1", "V_th")), -45.0);
  EXPECT_EQ(sim.base_model("c2"), "iaf_psc_alpha");
  const params all = sim.get_defaults("c2");
  bool seen = false;
  for (const auto& [name, v] : all)
    if (name == "tau_m") seen = num(v) == 20.0;
  EXPECT_TRUE(seen);
}

TEST(CopyModel, TwoSimulatorsAreIndependent) {
  Simulator s1(0.1_ms), s2(0.1_ms);
  s1.copy_model("iaf_psc_alpha", "mine", {{"V_th", -50.0_mV}});
  s1.set_defaults("iaf_psc_alpha", {{"I_e", 10.0_pA}});
  EXPECT_THROW(s2.create("mine"), unknown_model);
  EXPECT_EQ(num(s2.get_defaults("iaf_psc_alpha", "I_e")), 0.0);
  s2.copy_model("iaf_psc_exp", "mine");
  EXPECT_EQ(s2.create("mine").base_model(), "iaf_psc_exp");
  EXPECT_EQ(s1.create("mine").base_model(), "iaf_psc_alpha");
}

TEST(CopyModel, Errors) {
  Simulator sim(0.1_ms);
  EXPECT_THROW(sim.copy_model("iaf_psc_alpha", "iaf_psc_exp"), bad_argument);
  sim.copy_model("iaf_psc_alpha", "mine");
  EXPECT_THROW(sim.copy_model("iaf_psc_exp", "mine"), bad_argument);
  EXPECT_THROW(sim.copy_model("no_such_model", "x"), unknown_model);
  const std::string unknown = message_of([&] { sim.copy_model("iaf_psc_alfa", "x"); });
  EXPECT_NE(unknown.find("did you mean"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("iaf_psc_alpha"), std::string::npos) << unknown;
  EXPECT_THROW(sim.copy_model("iaf_psc_alpha", "x", {{"C_m", -1.0}}), bad_value);
  EXPECT_THROW(sim.create("x"), unknown_model);  // nothing kept
  const std::string bad = message_of([&] { sim.copy_model("iaf_psc_alpha", "x", {{"C_m", -1.0_pF}}); });
  EXPECT_NE(bad.find("x"), std::string::npos);
  EXPECT_NE(bad.find("C_m"), std::string::npos) << bad;
  EXPECT_NE(bad.find("-1"), std::string::npos) << bad;
  EXPECT_THROW(sim.copy_model("iaf_psc_alpha", "x", {{"V_th", 5.0_pA}}), dimension_mismatch);
  EXPECT_THROW(sim.copy_model("iaf_psc_alpha", "x", {{"tau_x", 5.0}}), unknown_parameter);
  EXPECT_THROW(sim.copy_model("iaf_psc_alpha", "x", {{"V_th", value({-50.0, -51.0})}}), bad_argument);
  EXPECT_THROW(sim.set_defaults("iaf_psc_alpha", {{"V_reset", -50.0_mV}}), bad_value);  // V_reset < V_th
  EXPECT_EQ(num(sim.get_defaults("iaf_psc_alpha", "V_reset")), -70.0);
  EXPECT_THROW(sim.get_defaults("iaf_psc_alpha", "tau_x"), unknown_parameter);
  EXPECT_THROW(sim.set_defaults("nope", {}), unknown_model);
}

TEST(CopyModel, TraceOfCopyEqualsBaseBitwise) {
  const std::vector<double> base = run([](Simulator& sim) {
    return sim.create("iaf_psc_alpha", 2, {{"I_e", 300.0_pA}, {"V_th", -52.0_mV}});
  });
  const std::vector<double> copy = run([](Simulator& sim) {
    sim.copy_model("iaf_psc_alpha", "my_iaf", {{"V_th", -52.0_mV}});
    return sim.create("my_iaf", 2, {{"I_e", 300.0_pA}});
  });
  ASSERT_EQ(base.size(), 2000u);  // 1000 samples x 2 nodes
  ASSERT_EQ(copy.size(), base.size());
  bool moved = false;
  for (std::size_t k = 0; k < base.size(); ++k) {
    ASSERT_EQ(base[k], copy[k]) << k;  // bitwise
    moved = moved || base[k] > -60.0;
  }
  EXPECT_TRUE(moved);
}

TEST(CopyModel, DeviceCopies) {
  Simulator sim(0.1_ms);
  sim.copy_model("spike_generator", "my_sg", {{"spike_times", value({1.0, 2.5})}});
  sim.copy_model("spike_recorder", "my_sr");
  NodeCollection g = sim.create("my_sg");
  NodeCollection sr = sim.create("my_sr");
  sim.connect(g, sr);
  Result res = sim.simulate(5.0_ms, false);
  const auto sp = res.spikes(sr);
  ASSERT_EQ(sp.times.size(), 2u);
  EXPECT_NEAR(sp.times[0], 1.0, 1e-12);
  EXPECT_NEAR(sp.times[1], 2.5, 1e-12);
  EXPECT_EQ(sr.model(), "my_sr");
}
