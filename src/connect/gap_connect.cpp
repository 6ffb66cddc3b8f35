// kernel::connect_gap: NEST's gap_junction synapse (connections between the nodes of gap models, both
// directions), and the waveform-relaxation kernel properties (core/gap_junctions.hpp).
//
// NEST's rules (nestkernel/conn_builder.cpp, models/gap_junction.h): a gap junction needs a source
// that sends and a target that handles GapJunctionEvent (hh_psc_alpha_gap, hh_cond_beta_gap_traub), on
// receptor 0. Its model requires symmetric connections: one_to_one with make_symmetric = true (each
// pair connected both ways, with the same weight), or all_to_all with the same nodes as sources and
// targets and a scalar weight. make_symmetric is supported by one_to_one only. The weight (nS) may be
// any number; a gap junction has no delay (Python's connect refuses one given; the C++ syn_spec's delay
// is ignored). NEST's third way: symmetric_pairwise_bernoulli with make_symmetric = true (a scalar weight).
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "connect/rules.hpp"
#include "core/kernel.hpp"
#include "core/param_table.hpp"

namespace nestor::detail {

namespace {
std::string gap_models_note() {
  return "; gap junctions connect hh_psc_alpha_gap and hh_cond_beta_gap_traub nodes (NEST's models that "
         "send and handle GapJunctionEvent)";
}
}  // namespace

void kernel::connect_gap(const std::vector<std::uint32_t>& pre, const std::vector<std::uint32_t>& post,
                         const conn_spec& spec, const syn_spec& syn) {
  for (const auto* side : {&pre, &post})
    for (const std::uint32_t g : *side)
      if (!pop_of(g).takes_gap_junctions())
        throw illegal_connection("connect: synapse_model gap_junction: " + pop_of(g).model() + " (node " +
                                 std::to_string(g) + ") takes no gap junctions" + gap_models_note());
  if (syn.receptor_type != 0)
    throw illegal_connection(
        "connect: synapse_model gap_junction: receptor_type = " + std::to_string(syn.receptor_type) +
        ": the gap models take gap junctions on "
        "receptor 0 only");
  if (syn.weight_recorder != 0)
    throw illegal_connection(
        "connect: synapse_model gap_junction: gap junctions do not report to a "
        "weight_recorder");
  if (syn.weight.is_random())
    throw bad_argument(
        "connect: synapse_model gap_junction: the weight is a number or one number per "
        "pair (one_to_one), not a random distribution (NEST's symmetric connections need "
        "parameters that can be replayed)");
  const value& wv = syn.weight.fixed();
  if (wv.is_string()) throw bad_argument("connect parameter weight: expected numbers");
  auto weight = [&](std::size_t k) {
    return to_nest_unit(wv, wv.size() == 1 ? 0 : k, unit::nS, "gap_junction", "weight");
  };
  if (spec.make_symmetric && spec.r != rule::one_to_one && spec.r != rule::symmetric_pairwise_bernoulli)
    throw illegal_connection(std::string("connect: make_symmetric: the rule ") + rule_name(spec.r) +
                             " does not support symmetric connections (NEST: one_to_one and "
                             "symmetric_pairwise_bernoulli only)");
  if (spec.r == rule::symmetric_pairwise_bernoulli) {
    // NEST's SymmetricBernoulliBuilder: each pair drawn once and connected both ways
    if (!spec.make_symmetric)
      throw illegal_connection(
          "connect: symmetric_pairwise_bernoulli needs make_symmetric=True (as in NEST)");
    if (wv.size() != 1 || wv.shape().size() > 1)
      throw bad_argument(
          "connect parameter weight: gap junctions with symmetric_pairwise_bernoulli take a "
          "scalar weight");
    const double w = weight(0);
    std::vector<std::pair<std::uint32_t, std::uint32_t>> made;  // all or nothing
    generate_edges(spec, pre, post, seed_, connect_calls_ + 1,
                   [&](const edge& e) { made.emplace_back(pre[e.src], post[e.tgt]); });
    ++connect_calls_;
    for (const auto& [source, target] : made) gaps_.add(source, target, w);
    return;
  }
  if (spec.r == rule::one_to_one) {
    if (!spec.make_symmetric)
      throw illegal_connection(
          "connect: synapse_model gap_junction requires symmetric connections: connect with one_to_one "
          "and make_symmetric=True, or all_to_all with the same nodes as sources and targets and a scalar "
          "weight (NEST's rule for gap junctions)");
    if (pre.size() != post.size())
      throw bad_argument("connect: one_to_one needs as many sources as targets (" +
                         std::to_string(pre.size()) + " sources, " + std::to_string(post.size()) +
                         " targets)");
    if (!(wv.size() == 1 || (wv.shape().size() == 1 && wv.size() == pre.size())))
      throw bad_argument("connect parameter weight: gap junctions with one_to_one take a scalar or " +
                         std::to_string(pre.size()) + " values (one per pair)");
    for (std::size_t k = 0; k < pre.size(); ++k) weight(k);  // check every value before connecting
    for (std::size_t k = 0; k < pre.size(); ++k) {
      if (pre[k] == post[k] && !spec.allow_autapses) continue;
      gaps_.add(pre[k], post[k], weight(k));
      gaps_.add(post[k], pre[k], weight(k));
    }
    return;
  }
  if (spec.r != rule::all_to_all || pre != post || wv.size() != 1 || wv.shape().size() > 1)
    throw illegal_connection(
        "connect: synapse_model gap_junction requires symmetric connections: connect with one_to_one and "
        "make_symmetric=True, or all_to_all with the same nodes as sources and targets and a scalar weight "
        "(NEST's rule for gap junctions; rule " +
        std::string(rule_name(spec.r)) + " given)");
  const double w = weight(0);
  for (const std::uint32_t target : post)
    for (const std::uint32_t source : pre)
      if (source != target || spec.allow_autapses) gaps_.add(source, target, w);
}

void kernel::set_wfr(const std::string& name, double v) {
  wfr_settings& s = gaps_.settings;
  auto refuse = [&](const std::string& expected) {
    throw bad_value("Simulator parameter " + name + " = " + format_number(v) + ": " + expected);
  };
  if (name == "use_wfr") {
    if (n_nodes() > 0) refuse("use_wfr cannot be changed after nodes have been created (as in NEST)");
    s.use_wfr = v != 0.0;
    // without the relaxation NEST communicates every step
    s.comm_interval = s.use_wfr ? std::max(1.0, dt_) : dt_;
  } else if (name == "wfr_comm_interval") {
    if (!s.use_wfr) refuse("wfr_comm_interval cannot be set when use_wfr is False (as in NEST)");
    if (num_connections() > 0)
      refuse("wfr_comm_interval cannot be changed after connections were made (as in NEST)");
    if (!(std::isfinite(v) && v >= dt_)) refuse("expected a time >= dt = " + format_number(dt_) + " ms");
    s.comm_interval = v;
  } else if (name == "wfr_tol") {
    if (!(v >= 0.0)) refuse("expected a tolerance >= 0 mV");
    s.tol = v;
  } else if (name == "wfr_max_iterations") {
    if (!(v >= 1.0 && v == std::floor(v) && v < 1e9)) refuse("expected a positive integer");
    s.max_iterations = long(v);
  } else if (name == "wfr_interpolation_order") {
    if (!(v == 0.0 || v == 1.0 || v == 3.0)) refuse("expected 0, 1 or 3");
    s.interpolation_order = int(v);
  } else {
    throw unknown_parameter("Simulator has no waveform-relaxation property " + name +
                            " (known: use_wfr, wfr_comm_interval, wfr_tol, wfr_max_iterations, "
                            "wfr_interpolation_order)");
  }
}

}  // namespace nestor::detail
