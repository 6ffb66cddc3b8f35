// NEST's connection rules, random synapse parameters and connection introspection through the C++ API
// (nestor::conn_spec, nestor::random, Simulator::get_connections), mirroring tests/python/test_connect_*.
//
// Statistical checks compare sample means and variances with the closed forms within 4 standard errors
// (a correct implementation fails one with probability ~6e-5), and run a Kolmogorov-Smirnov test at
// level 1e-3 (critical value 1.949 / sqrt(n)). The seed is fixed (kSeed); every test was run offline for
// 20 other seeds and passed for all of them. Threads do not exist yet: a seed alone fixes the network.
#include "nestor/nestor.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

using namespace nestor;
using namespace nestor::literals;

namespace {

constexpr std::uint64_t kSeed = 20240611;
constexpr double kSE = 4.0;  // tolerance of the moment checks, in standard errors

struct listing {
  std::vector<std::int64_t> source, target;
  std::vector<double> weight, delay;
  std::size_t size() const { return source.size(); }
};

listing list(Simulator& sim, const NodeCollection* src = nullptr, const NodeCollection* tgt = nullptr) {
  ConnectionCollection c = sim.get_connections(src, tgt);
  listing l;
  for (double x : c.get("source")) l.source.push_back(std::int64_t(x));
  for (double x : c.get("target")) l.target.push_back(std::int64_t(x));
  l.weight = c.get("weight");
  l.delay = c.get("delay");
  return l;
}

/// How often each node of `nodes` occurs in `ids`, in the order of nodes.
std::vector<double> degrees(const std::vector<std::int64_t>& ids, const NodeCollection& nodes) {
  std::map<std::int64_t, double> count;
  for (auto g : ids) count[g] += 1;
  std::vector<double> out;
  for (auto g : nodes.global_ids()) out.push_back(count.count(g) ? count[g] : 0.0);
  return out;
}

bool has_autapse(const listing& l) {
  for (std::size_t k = 0; k < l.size(); ++k)
    if (l.source[k] == l.target[k]) return true;
  return false;
}

bool has_multapse(const listing& l) {
  std::set<std::pair<std::int64_t, std::int64_t>> seen;
  for (std::size_t k = 0; k < l.size(); ++k)
    if (!seen.insert({l.source[k], l.target[k]}).second) return true;
  return false;
}

std::set<std::int64_t> ids(const NodeCollection& nc) { return {nc.global_ids().begin(), nc.global_ids().end()}; }

/// Sample mean within kSE standard errors (sqrt(var / n)) of `mean`, the mean squared deviation from
/// `mean` within kSE standard errors (sqrt((mu4 - var^2) / n)) of `var`, and every value within 7
/// standard deviations of `mean`.
void expect_moments(const std::vector<double>& x, double mean, double var, double mu4, const char* what) {
  const double n = double(x.size());
  double m = 0, v = 0;
  for (double a : x) m += a;
  m /= n;
  for (double a : x) v += (a - mean) * (a - mean);
  v /= n;
  EXPECT_NEAR(m, mean, kSE * std::sqrt(var / n)) << what << ": mean";
  EXPECT_NEAR(v, var, kSE * std::sqrt((mu4 - var * var) / n)) << what << ": variance";
  // no single value more than 7 standard deviations off (all pass with probability > 1 - 1e-4 here)
  double worst = 0;
  for (double a : x) worst = std::max(worst, std::abs(a - mean) / std::sqrt(var));
  EXPECT_LE(worst, 7.0) << what << ": largest deviation";
}
void expect_binomial(const std::vector<double>& x, double n, double p, const char* what) {
  const double var = n * p * (1 - p);
  expect_moments(x, n * p, var, var * (1 + 3 * (n - 2) * p * (1 - p)), what);
}
void expect_poisson(const std::vector<double>& x, double lam, const char* what) {
  expect_moments(x, lam, lam, lam + 3 * lam * lam, what);
}

/// Kolmogorov-Smirnov distance of the sample from `cdf` below the 1e-3 critical value.
void expect_ks(std::vector<double> x, const std::function<double(double)>& cdf, const char* what) {
  std::sort(x.begin(), x.end());
  const double n = double(x.size());
  double d = 0;
  for (std::size_t k = 0; k < x.size(); ++k) {
    const double F = cdf(x[k]);
    d = std::max({d, std::abs(F - double(k) / n), std::abs(double(k + 1) / n - F)});
  }
  EXPECT_LT(d, 1.949 / std::sqrt(n)) << what << ": KS distance";
}
double normal_cdf(double x, double mu, double sd) { return 0.5 * std::erfc(-(x - mu) / (sd * std::sqrt(2.0))); }

}  // namespace

// ------------------------------------------------------------------------------------------- structure

TEST(ConnectRules, AllToAllAndOneToOne) {
  Simulator sim(0.1_ms, kSeed);
  auto a = sim.create("iaf_psc_alpha", 6);
  sim.connect(a, a, conn_spec(rule::all_to_all).autapses(false));
  listing l = list(sim);
  EXPECT_EQ(l.size(), 30u);
  EXPECT_FALSE(has_autapse(l));
  EXPECT_FALSE(has_multapse(l));

  Simulator sim2(0.1_ms, kSeed);
  auto b = sim2.create("iaf_psc_alpha", 10);
  auto pre = b.slice(0, 5), post = b.slice(9, 4, -1);  // 1..5 -> 10..6
  sim2.connect(pre, post, rule::one_to_one, {value(std::vector<double>{1, 2, 3, 4, 5}), 1.0_ms});
  l = list(sim2);
  ASSERT_EQ(l.size(), 5u);
  std::set<std::tuple<std::int64_t, std::int64_t, double>> got, want;
  for (std::size_t k = 0; k < 5; ++k) {
    got.insert({l.source[k], l.target[k], l.weight[k]});
    want.insert({pre[k], post[k], double(k + 1)});
  }
  EXPECT_EQ(got, want);
}

TEST(ConnectRules, FixedDegreesExactCountsAndFlags) {
  for (bool aut : {true, false})
    for (bool mul : {true, false})
      for (std::int64_t K : {3, 30, 59}) {
        Simulator sim(0.1_ms, kSeed);
        auto a = sim.create("iaf_psc_alpha", 60);
        auto b = sim.create("iaf_psc_alpha", 40);
        auto post = a.slice(20, 60) + b;  // 40 of the targets are also sources
        sim.connect(a, post, conn_spec::fixed_indegree(K).autapses(aut).multapses(mul));
        listing l = list(sim);
        ASSERT_EQ(l.size(), std::size_t(K) * post.size());
        for (double d : degrees(l.target, post)) ASSERT_EQ(d, double(K));
        for (auto s : l.source) ASSERT_TRUE(ids(a).count(s));
        if (!aut) EXPECT_FALSE(has_autapse(l)) << "indegree " << K;
        if (!mul) EXPECT_FALSE(has_multapse(l)) << "indegree " << K;

        Simulator sim2(0.1_ms, kSeed);
        a = sim2.create("iaf_psc_alpha", 60);
        b = sim2.create("iaf_psc_alpha", 40);
        auto pre = a.slice(20, 60) + b;
        sim2.connect(pre, a, conn_spec::fixed_outdegree(K).autapses(aut).multapses(mul));
        l = list(sim2);
        ASSERT_EQ(l.size(), std::size_t(K) * pre.size());
        for (double d : degrees(l.source, pre)) ASSERT_EQ(d, double(K));
        for (auto t : l.target) ASSERT_TRUE(ids(a).count(t));
        if (!aut) EXPECT_FALSE(has_autapse(l)) << "outdegree " << K;
        if (!mul) EXPECT_FALSE(has_multapse(l)) << "outdegree " << K;
      }
}

TEST(ConnectRules, FixedTotalNumberExactCountAndFlags) {
  for (bool aut : {true, false})
    for (bool mul : {true, false}) {
      Simulator sim(0.1_ms, kSeed);
      auto a = sim.create("iaf_psc_alpha", 30);
      sim.connect(a.slice(0, 20), a.slice(10, 30), conn_spec::fixed_total_number(250).autapses(aut).multapses(mul));
      listing l = list(sim);
      EXPECT_EQ(l.size(), 250u);
      EXPECT_EQ(sim.num_connections(), 250u);
      for (std::size_t k = 0; k < l.size(); ++k) {
        ASSERT_LE(l.source[k], 20);
        ASSERT_GE(l.target[k], 11);
      }
      if (!aut) EXPECT_FALSE(has_autapse(l));
      if (!mul) EXPECT_FALSE(has_multapse(l));
    }
  // every possible pair, once
  Simulator sim(0.1_ms, kSeed);
  auto a = sim.create("iaf_psc_alpha", 10);
  sim.connect(a, a, conn_spec::fixed_total_number(90).autapses(false).multapses(false));
  listing l = list(sim);
  EXPECT_EQ(l.size(), 90u);
  EXPECT_FALSE(has_autapse(l));
  EXPECT_FALSE(has_multapse(l));
}

TEST(ConnectRules, SymmetricPairsAndNoAutapses) {
  Simulator sim(0.1_ms, kSeed);
  auto a = sim.create("iaf_psc_alpha", 120);
  const conn_spec spec = conn_spec::symmetric_pairwise_bernoulli(0.2);
  EXPECT_FALSE(spec.allow_autapses);  // the factory leaves autapses out, as the rule needs
  sim.connect(a, a, spec);
  listing l = list(sim);
  ASSERT_GT(l.size(), 0u);
  std::set<std::pair<std::int64_t, std::int64_t>> pairs;
  for (std::size_t k = 0; k < l.size(); ++k) pairs.insert({l.source[k], l.target[k]});
  EXPECT_EQ(pairs.size(), l.size());
  for (auto [s, t] : pairs) ASSERT_TRUE(pairs.count({t, s})) << s << " -> " << t;
  EXPECT_FALSE(has_autapse(l));
}

TEST(ConnectRules, ExplicitEdgesExactly) {
  Simulator sim(0.1_ms, kSeed);
  auto a = sim.create("iaf_psc_alpha", 4);
  auto b = sim.create("iaf_psc_alpha", 4);
  const std::vector<std::int64_t> src{1, 1, 3, 4, 2, 1}, tgt{5, 8, 5, 6, 8, 5};
  const std::vector<double> w{1, 2, 3, 4, 5, 6};
  sim.connect(a, b, conn_spec::explicit_edges(src, tgt), {value(w), 2.0_ms});
  listing l = list(sim);
  std::multiset<std::tuple<std::int64_t, std::int64_t, double>> got, want;
  for (std::size_t k = 0; k < l.size(); ++k) got.insert({l.source[k], l.target[k], l.weight[k]});
  for (std::size_t k = 0; k < src.size(); ++k) want.insert({src[k], tgt[k], w[k]});
  EXPECT_EQ(got, want);
  // without multapses the repeated (1, 5) is made once
  sim.connect(a, b, conn_spec::explicit_edges(src, tgt).multapses(false));
  EXPECT_EQ(sim.num_connections(), 6u + 5u);
}

// -------------------------------------------------------------------------------------------- statistics

TEST(ConnectRules, PairwiseBernoulliDegreesAreBinomial) {
  Simulator sim(0.1_ms, kSeed);
  auto pre = sim.create("iaf_psc_alpha", 500);
  auto post = sim.create("iaf_psc_alpha", 700);
  sim.connect(pre, post, conn_spec::pairwise_bernoulli(0.08));
  listing l = list(sim);
  expect_binomial(degrees(l.target, post), 500, 0.08, "in-degree");
  expect_binomial(degrees(l.source, pre), 700, 0.08, "out-degree");

  Simulator sim2(0.1_ms, kSeed);
  auto a = sim2.create("iaf_psc_alpha", 600);
  sim2.connect(a, a, conn_spec::pairwise_bernoulli(0.5).autapses(false));
  l = list(sim2);
  EXPECT_FALSE(has_autapse(l));
  expect_binomial(degrees(l.target, a), 599, 0.5, "in-degree without autapses");
}

TEST(ConnectRules, PairwisePoissonDegreesArePoisson) {
  Simulator sim(0.1_ms, kSeed);
  auto pre = sim.create("iaf_psc_alpha", 300);
  auto post = sim.create("iaf_psc_alpha", 500);
  sim.connect(pre, post, conn_spec::pairwise_poisson(0.03));
  listing l = list(sim);
  expect_poisson(degrees(l.target, post), 300 * 0.03, "in-degree");
  expect_poisson(degrees(l.source, pre), 500 * 0.03, "out-degree");
}

TEST(ConnectRules, FixedDegreesOtherSideIsBinomial) {
  Simulator sim(0.1_ms, kSeed);
  auto pre = sim.create("iaf_psc_alpha", 300);
  auto post = sim.create("iaf_psc_alpha", 600);
  sim.connect(pre, post, conn_spec::fixed_indegree(50));  // multapses: Binomial(600 * 50, 1 / 300)
  expect_binomial(degrees(list(sim).source, pre), 600 * 50, 1.0 / 300, "out-degree, fixed_indegree");

  Simulator sim2(0.1_ms, kSeed);
  pre = sim2.create("iaf_psc_alpha", 600);
  post = sim2.create("iaf_psc_alpha", 300);
  sim2.connect(pre, post, conn_spec::fixed_outdegree(150).multapses(false));  // Binomial(600, 150 / 300)
  expect_binomial(degrees(list(sim2).target, post), 600, 0.5, "in-degree, fixed_outdegree");
}

TEST(ConnectRules, FixedTotalNumberMarginalsAreBinomial) {
  Simulator sim(0.1_ms, kSeed);
  auto pre = sim.create("iaf_psc_alpha", 200);
  auto post = sim.create("iaf_psc_alpha", 500);
  sim.connect(pre, post, conn_spec::fixed_total_number(20000));
  listing l = list(sim);
  expect_binomial(degrees(l.target, post), 20000, 1.0 / 500, "in-degree");
  expect_binomial(degrees(l.source, pre), 20000, 1.0 / 200, "out-degree");
}

TEST(ConnectRules, SymmetricDegreesAreBinomial) {
  Simulator sim(0.1_ms, kSeed);
  auto a = sim.create("iaf_psc_alpha", 600);
  sim.connect(a, a, conn_spec::symmetric_pairwise_bernoulli(0.05));
  listing l = list(sim);
  EXPECT_EQ(degrees(l.source, a), degrees(l.target, a));
  expect_binomial(degrees(l.target, a), 599, 0.05, "degree");
}

// ----------------------------------------------------------------------------------- random parameters

TEST(RandomParams, NormalWeightsWithUnits) {
  Simulator sim(0.1_ms, kSeed);
  auto pre = sim.create("iaf_psc_alpha", 200);
  auto post = sim.create("iaf_psc_alpha", 100);
  sim.connect(pre, post, rule::all_to_all, {random::normal(20.0_pA, 2.0_pA), 1.0_ms});
  const listing l = list(sim);
  ASSERT_EQ(l.size(), 20000u);
  expect_ks(l.weight, [](double x) { return normal_cdf(x, 20.0, 2.0); }, "normal(20 pA, 2 pA)");
  // the same in nA: the same draws, in pA
  Simulator sim2(0.1_ms, kSeed);
  pre = sim2.create("iaf_psc_alpha", 200);
  post = sim2.create("iaf_psc_alpha", 100);
  sim2.connect(pre, post, rule::all_to_all, {random::normal(0.02_nA, 0.002_nA), 1.0_ms});
  const listing l2 = list(sim2);
  for (std::size_t k = 0; k < l.size(); ++k) ASSERT_NEAR(l.weight[k], l2.weight[k], 1e-9);
}

TEST(RandomParams, OtherDistributions) {
  auto draw = [](syn_param w) {
    Simulator sim(0.1_ms, kSeed);
    auto pre = sim.create("iaf_psc_alpha", 200);
    auto post = sim.create("iaf_psc_alpha", 100);
    sim.connect(pre, post, rule::all_to_all, {w, 1.0_ms});
    return list(sim).weight;
  };
  expect_ks(draw(random::uniform(10.0_pA, 30.0_pA)), [](double x) { return std::clamp((x - 10) / 20, 0.0, 1.0); },
            "uniform");
  expect_ks(draw(random::exponential(5.0_pA)), [](double x) { return x > 0 ? 1 - std::exp(-x / 5) : 0.0; },
            "exponential");
  expect_ks(draw(random::lognormal(1.0, 0.5)),
            [](double x) { return x > 0 ? normal_cdf(std::log(x), 1.0, 0.5) : 0.0; }, "lognormal");
  // redraw: the normal truncated to [15, 22]
  const auto r = draw(random::normal(20.0_pA, 5.0_pA).redraw(15.0_pA, 22.0_pA));
  EXPECT_GE(*std::min_element(r.begin(), r.end()), 15.0);
  EXPECT_LE(*std::max_element(r.begin(), r.end()), 22.0);
  const double lo = normal_cdf(15, 20, 5), hi = normal_cdf(22, 20, 5);
  expect_ks(r, [&](double x) { return std::clamp((normal_cdf(x, 20, 5) - lo) / (hi - lo), 0.0, 1.0); }, "redraw");
  // clip: the tails land on the bounds, with their probability (4 binomial standard errors)
  const auto c = draw(random::normal(20.0_pA, 5.0_pA).clip(15.0_pA, 22.0_pA));
  const double n = double(c.size());
  const double at_lo = double(std::count(c.begin(), c.end(), 15.0));
  const double at_hi = double(std::count(c.begin(), c.end(), 22.0));
  EXPECT_NEAR(at_lo, n * lo, kSE * std::sqrt(n * lo * (1 - lo)));
  EXPECT_NEAR(at_hi, n * (1 - hi), kSE * std::sqrt(n * hi * (1 - hi)));
  EXPECT_EQ(*std::min_element(c.begin(), c.end()), 15.0);
  EXPECT_EQ(*std::max_element(c.begin(), c.end()), 22.0);
}

TEST(RandomParams, DelaysOnTheGridAndAtLeastDt) {
  Simulator sim(0.1_ms, kSeed);
  auto a = sim.create("iaf_psc_alpha", 100);
  sim.connect(a, a, rule::all_to_all, {1.0, random::uniform(1.0_ms, 3.0_ms)});
  const listing l = list(sim);
  std::set<long> steps;
  for (double d : l.delay) {
    ASSERT_NEAR(d / 0.1, std::round(d / 0.1), 1e-9);
    ASSERT_GE(d, 1.0 - 1e-12);
    ASSERT_LE(d, 3.0 + 1e-12);
    steps.insert(std::lround(d / 0.1));
  }
  EXPECT_EQ(steps.size(), 21u);  // 1.0, 1.1, ..., 3.0 all occur among 10000 draws
  EXPECT_THROW(sim.connect(a, a, rule::all_to_all, {1.0, random::uniform(0.01_ms, 2.0_ms)}), bad_delay);
  EXPECT_THROW(sim.connect(a, a, rule::all_to_all, {1.0, random::exponential(1.0_ms)}), bad_delay);
  EXPECT_EQ(sim.num_connections(), 10000u);
  sim.connect(a, a, rule::one_to_one, {1.0, random::uniform(0.01_ms, 2.0_ms).redraw(0.1_ms, 2.0_ms)});
  EXPECT_EQ(sim.num_connections(), 10100u);
}

TEST(RandomParams, WrongDimension) {
  Simulator sim(0.1_ms, kSeed);
  auto a = sim.create("iaf_psc_alpha", 3);
  EXPECT_THROW(sim.connect(a, a, rule::all_to_all, {random::normal(20.0_mV, 2.0_mV), 1.0_ms}), dimension_mismatch);
  EXPECT_THROW(sim.connect(a, a, rule::all_to_all, {random::normal(20.0_pA, 2.0_pA).clip(0.0_mV, 1.0_mV), 1.0_ms}),
               dimension_mismatch);
  EXPECT_THROW(sim.connect(a, a, rule::all_to_all, {1.0, random::uniform(1.0_pA, 2.0_pA)}), dimension_mismatch);
  EXPECT_EQ(sim.num_connections(), 0u);
}

TEST(RandomParams, SameSeedSameNetworkOtherSeedOther) {
  auto build = [](std::uint64_t seed) {
    Simulator sim(0.1_ms, seed);
    auto a = sim.create("iaf_psc_alpha", 60);
    auto b = sim.create("iaf_psc_alpha", 40);
    const syn_spec syn{random::normal(20.0_pA, 2.0_pA), random::uniform(1.0_ms, 3.0_ms)};
    sim.connect(a, b, conn_spec::fixed_indegree(10), syn);
    sim.connect(b, a, conn_spec::fixed_outdegree(5), syn);
    sim.connect(a, a, conn_spec::pairwise_bernoulli(0.1).autapses(false), syn);
    sim.connect(b, b, conn_spec::symmetric_pairwise_bernoulli(0.2), syn);
    sim.connect(a, b, conn_spec::fixed_total_number(300).multapses(false), syn);
    sim.connect(b, a, conn_spec::pairwise_poisson(0.05), syn);
    return list(sim);
  };
  const listing x = build(5), y = build(5), z = build(6);
  EXPECT_EQ(x.source, y.source);
  EXPECT_EQ(x.target, y.target);
  EXPECT_EQ(x.weight, y.weight);
  EXPECT_EQ(x.delay, y.delay);
  EXPECT_TRUE(x.source != z.source || x.target != z.target);
  EXPECT_NE(x.weight, z.weight);
}

// ------------------------------------------------------------------------------------------------ errors

TEST(ConnectErrors, RefusedWithTypedErrorsAndNothingChanges) {
  Simulator sim(0.1_ms, kSeed);
  auto a = sim.create("iaf_psc_alpha", 6);
  auto b = sim.create("iaf_psc_alpha", 4);
  sim.connect(a, b, conn_spec::fixed_outdegree(2));
  ASSERT_EQ(sim.num_connections(), 12u);
  EXPECT_THROW(sim.connect(a, b, conn_spec::pairwise_bernoulli(1.5)), bad_value);
  EXPECT_THROW(sim.connect(a, b, conn_spec::pairwise_bernoulli(-0.1)), bad_value);
  EXPECT_THROW(sim.connect(a, a, conn_spec::symmetric_pairwise_bernoulli(1.0)), bad_value);
  EXPECT_THROW(sim.connect(a, b, conn_spec::fixed_indegree(-1)), bad_value);
  EXPECT_THROW(sim.connect(a, b, conn_spec::fixed_outdegree(-1)), bad_value);
  EXPECT_THROW(sim.connect(a, b, conn_spec::fixed_total_number(-1)), bad_value);
  EXPECT_THROW(sim.connect(a, b, conn_spec::fixed_indegree(7).multapses(false)), bad_value);
  EXPECT_THROW(sim.connect(a, a, conn_spec::fixed_indegree(6).multapses(false).autapses(false)), bad_value);
  EXPECT_THROW(sim.connect(a, b, conn_spec::fixed_outdegree(5).multapses(false)), bad_value);
  EXPECT_THROW(sim.connect(b, b, conn_spec::fixed_outdegree(4).multapses(false).autapses(false)), bad_value);
  EXPECT_THROW(sim.connect(a, b, conn_spec::fixed_total_number(25).multapses(false)), bad_value);
  EXPECT_THROW(sim.connect(a, b, rule::one_to_one), bad_value);
  EXPECT_THROW(sim.connect(a, b, conn_spec::explicit_edges({1, 2}, {7})), bad_value);
  EXPECT_THROW(sim.connect(a, b, conn_spec::explicit_edges({1, 8}, {7, 8})), bad_value);
  EXPECT_THROW(sim.connect(a, b, conn_spec::explicit_edges({(std::int64_t(1) << 32) + 1}, {7})), bad_value);
  EXPECT_THROW(sim.connect(a, b, rule::all_to_all, {20.0_mV, 1.0_ms}), dimension_mismatch);
  EXPECT_THROW(sim.connect(a, b, rule::all_to_all, {1.0, 1.0_ms, 3}), illegal_connection);
  EXPECT_THROW(sim.connect(a, b, rule::all_to_all, {1.0, 0.05_ms}), bad_delay);
  EXPECT_THROW(sim.connect(a, b, conn_spec::fixed_indegree(2), {value(std::vector<double>(6, 1.0)), 1.0_ms}),
               bad_argument);
  EXPECT_THROW(sim.connect(a, a, conn_spec::symmetric_pairwise_bernoulli(0.5).autapses(true)), bad_value);
  EXPECT_THROW(sim.connect(a, b, conn_spec::symmetric_pairwise_bernoulli(0.5)), bad_value);
  EXPECT_EQ(sim.num_connections(), 12u);
  // the boundaries are allowed
  sim.connect(a, a, conn_spec::fixed_indegree(5).multapses(false).autapses(false));
  EXPECT_EQ(sim.num_connections(), 42u);
}

// ----------------------------------------------------------------------------------------- introspection

namespace {
struct psc_net {
  Simulator sim{0.1_ms, kSeed};
  NodeCollection sg, neurons, mm;
  psc_net() {
    sg = sim.create("spike_generator", 1, {{"spike_times", value(std::vector<double>{10.0})}});
    neurons = sim.create("iaf_psc_alpha", 2);
    mm = sim.create("multimeter", 1, {{"record_from", value(std::vector<std::string>{"I_syn_ex"})}});
    sim.connect(mm, neurons);
    sim.connect(sg, neurons, rule::all_to_all, {50.0_pA, 1.0_ms});
  }
  /// Peak of I_syn_ex (pA) and its time (ms) per neuron, after a reset.
  std::vector<std::pair<double, double>> run() {
    sim.reset();
    Result res = sim.simulate(30.0_ms, false);
    const trace I = res.get_trace(mm, "I_syn_ex");
    const auto& t = res.sample_times(mm);
    std::vector<std::pair<double, double>> out;
    for (std::size_t c = 0; c < I.cols; ++c) {
      std::size_t best = 0;
      for (std::size_t r = 0; r < I.rows; ++r)
        if (I(r, c) > I(best, c)) best = r;
      out.push_back({I(best, c), I(best, c) > 0 ? t[best] : -1.0});
    }
    return out;
  }
};
}  // namespace

TEST(Introspection, SetWeightDelayAndDisconnect) {
  psc_net n;
  auto p = n.run();
  EXPECT_DOUBLE_EQ(p[0].first, 50.0);
  EXPECT_NEAR(p[0].second, 10.0 + 1.0 + 2.0, 1e-9);  // spike + delay + tau_syn_ex
  ConnectionCollection c = n.sim.get_connections(&n.sg);
  ASSERT_EQ(c.size(), 2u);
  c.set("weight", 120.0_pA);
  EXPECT_EQ(c.get("weight"), (std::vector<double>{120.0, 120.0}));
  p = n.run();
  EXPECT_DOUBLE_EQ(p[0].first, 120.0);
  EXPECT_DOUBLE_EQ(p[1].first, 120.0);
  // one per connection, in the listing's order
  const auto tg = c.get("target");
  std::vector<double> w;
  for (double t : tg) w.push_back(t == double(n.neurons[0]) ? 30.0 : 70.0);
  c.set("weight", value(w));
  c.set("delay", 4.0_ms);
  p = n.run();
  EXPECT_DOUBLE_EQ(p[0].first, 30.0);
  EXPECT_DOUBLE_EQ(p[1].first, 70.0);
  EXPECT_NEAR(p[0].second, 10.0 + 4.0 + 2.0, 1e-9);
  // filtered by target, then removed
  ConnectionCollection one = n.sim.get_connections(nullptr, &n.neurons);
  ASSERT_EQ(one.size(), 2u);
  NodeCollection second = n.neurons.slice(1, 2);
  ConnectionCollection to_second = n.sim.get_connections(&n.sg, &second);
  ASSERT_EQ(to_second.size(), 1u);
  EXPECT_EQ(to_second.get("target"), (std::vector<double>{double(n.neurons[1])}));
  to_second.disconnect();
  EXPECT_EQ(n.sim.num_connections(), 1u);
  p = n.run();
  EXPECT_DOUBLE_EQ(p[0].first, 30.0);
  EXPECT_EQ(p[1].first, 0.0);  // no input any more
  // listings made before the disconnect are stale
  EXPECT_THROW(c.get("weight"), bad_argument);
  EXPECT_THROW(c.get("source"), bad_argument);
  EXPECT_THROW(c.set("weight", 1.0), bad_argument);
  EXPECT_THROW(one.disconnect(), bad_argument);
  EXPECT_EQ(n.sim.num_connections(), 1u);
  // and after a connect
  ConnectionCollection now = n.sim.get_connections();
  n.sim.connect(n.neurons, n.neurons, rule::one_to_one);
  EXPECT_THROW(now.get("delay"), bad_argument);
  EXPECT_EQ(n.sim.get_connections().size(), 3u);
  EXPECT_THROW(n.sim.get_connections(nullptr, nullptr, "no_such_synapse"), unknown_model);
}
