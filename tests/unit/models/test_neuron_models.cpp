// Model-level checks that need no simulator: iaf_psc_delta's update rules on one node, and the
// per-node random stream that models with needs_rng receive.
#include <gtest/gtest.h>

#include <cmath>

#include "core/neuron_population.hpp"
#include "models/neurons/iaf_psc_alpha.hpp"
#include "models/neurons/iaf_psc_delta.hpp"
#include "models/neurons/iaf_psc_exp.hpp"

using namespace nestor::detail;

namespace {
struct one_node {
  using M = iaf_psc_delta;
  std::array<double, M::S::n> s{};
  std::array<double*, M::S::n> cols{};
  one_node() {
    for (int k = 0; k < M::S::n; ++k) cols[k] = &s[k];
  }
  unsigned step(const M::derived& d, double spikes_mV, double current = 0.0) {
    const double in[2] = {spikes_mV, current};
    return M::update(srow{cols.data(), 0}, d, inputs{in, 1});
  }
};

prow<iaf_psc_delta> delta_defaults() {
  prow<iaf_psc_delta> p{};
  for (std::size_t k = 0; k < p.size(); ++k) p[k] = iaf_psc_delta::params[k].def;
  for (std::size_t k = 0; k < p.size(); ++k)
    if (iaf_psc_delta::params[k].rel >= 0) p[k] -= iaf_psc_delta::params[iaf_psc_delta::params[k].rel].def;
  return p;
}
}  // namespace

TEST(IafPscDelta, SpikeJumpsByItsWeightThenDecays) {
  const auto d = iaf_psc_delta::prepare(delta_defaults(), 0.1);
  one_node n;
  EXPECT_EQ(n.step(d, 2.5), 0u);
  EXPECT_DOUBLE_EQ(n.s[iaf_psc_delta::S::V_m], 2.5);  // relative to E_L
  n.step(d, 0.0);
  EXPECT_NEAR(n.s[iaf_psc_delta::S::V_m], 2.5 * std::exp(-0.1 / 10.0), 1e-15);
}

TEST(IafPscDelta, RefractoryInputIsDiscountedByTheStepsLeft) {
  auto p = delta_defaults();
  p[iaf_psc_delta::P::refractory_input] = 1.0;
  const auto d = iaf_psc_delta::prepare(p, 0.1);  // 20 refractory steps
  one_node n;
  EXPECT_EQ(n.step(d, 16.0), 1u);  // fires, r = 20
  n.step(d, 0.0);                  // r 20 -> 19
  n.step(d, 4.0);                  // arrives with 19 steps left: buffered as 4 exp(-19 dt/tau_m)
  for (int k = 0; k < 18; ++k) n.step(d, 0.0);
  EXPECT_EQ(n.s[iaf_psc_delta::S::r], 0.0);
  EXPECT_EQ(n.s[iaf_psc_delta::S::V_m], 0.0);  // clamped at V_reset (= E_L) throughout
  n.step(d, 0.0);                              // first free step: the buffer is added
  EXPECT_NEAR(n.s[iaf_psc_delta::S::V_m], 4.0 * std::exp(-19 * 0.1 / 10.0), 1e-15);
  EXPECT_EQ(n.s[iaf_psc_delta::S::refr_buffer], 0.0);
}

TEST(NeuronRng, StreamsAreKeyedByNodeAndStepOnly) {
  static_assert(model_needs_rng<iaf_psc_exp>);
  static_assert(!model_needs_rng<iaf_psc_alpha>);
  static_assert(!model_needs_rng<iaf_psc_delta>);
  const double u = node_rng{7, 12, 300}.stream().uniform();
  EXPECT_EQ(u, (node_rng{7, 12, 300}.stream().uniform()));
  EXPECT_NE(u, (node_rng{7, 13, 300}.stream().uniform()));
  EXPECT_NE(u, (node_rng{7, 12, 301}.stream().uniform()));
  EXPECT_NE(u, (node_rng{8, 12, 300}.stream().uniform()));
}

TEST(ParamTableBoolean, AcceptsOnlyTrueOrFalse) {
  EXPECT_NO_THROW(check_value(0.0, check::boolean, "m", "refractory_input", unit::none));
  EXPECT_NO_THROW(check_value(1.0, check::boolean, "m", "refractory_input", unit::none));
  EXPECT_THROW(check_value(2.0, check::boolean, "m", "refractory_input", unit::none), nestor::bad_value);
  EXPECT_THROW(check_value(0.5, check::boolean, "m", "refractory_input", unit::none), nestor::bad_value);
}
