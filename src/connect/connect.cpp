// kernel::connect: recorders, then the rule's edges with their weights, delays and ports.
#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <tuple>

#include "connect/random_param.hpp"
#include "connect/rules.hpp"
#include "core/kernel.hpp"
#include "core/rng.hpp"
#include "models/devices/recorders.hpp"
#include "models/devices/weight_recorder.hpp"

namespace nestor::detail {

namespace {

/// Where a fixed (non-random) synapse value of edge (src k, tgt j, position pos) sits in the user's array.
class fixed_index {
 public:
  fixed_index(const value& v, const conn_spec& spec, std::size_t np, std::size_t nq, const char* what) {
    const auto& sh = v.shape();
    if (v.is_string()) throw bad_argument(std::string("connect parameter ") + what + ": expected numbers");
    if (v.size() == 1 && sh.size() <= 1) return;  // scalar
    std::string got;
    for (auto d : sh) got += (got.empty() ? "" : " x ") + std::to_string(d);
    got = "got shape (" + got + ")";
    const std::string pre = std::string("connect parameter ") + what + ": ";
    switch (spec.r) {
      case rule::one_to_one:
        if (sh.size() == 1 && sh[0] == np) {
          mode_ = by_source;
          return;
        }
        throw bad_argument(pre + "one_to_one expects a scalar or " + std::to_string(np) +
                           " values (one per connection), " + got);
      case rule::all_to_all:
        if (sh.size() == 1 && sh[0] == np) {
          mode_ = by_source;
          return;
        }
        if (sh.size() == 2 && sh[0] == nq && sh[1] == np) {
          mode_ = by_pair;
          np_ = np;
          return;
        }
        throw bad_argument(pre + "expected a scalar, " + std::to_string(np) +
                           " values (one per source) or an array of shape " + std::to_string(nq) + " x " +
                           std::to_string(np) + " (targets x sources), " + got);
      case rule::explicit_edges:
        if (sh.size() == 1 && sh[0] == spec.sources.size()) {
          mode_ = by_position;
          return;
        }
        throw bad_argument(pre + "explicit edges take a scalar or one value per edge (" +
                           std::to_string(spec.sources.size()) + "), " + got);
      default:
        throw bad_argument(pre + "rule " + rule_name(spec.r) +
                           " takes a scalar or a random distribution, not an array (" + got + ")");
    }
  }
  bool scalar() const { return mode_ == scalar_; }
  std::size_t operator()(const edge& e) const {
    switch (mode_) {
      case scalar_:
        return 0;
      case by_source:
        return e.src;
      case by_pair:
        return e.tgt * np_ + e.src;
      case by_position:
        return std::size_t(e.pos);
    }
    return 0;
  }

 private:
  enum { scalar_, by_source, by_pair, by_position } mode_ = scalar_;
  std::size_t np_ = 0;
};

/// Plastic synapses carry spikes of neurons and of spike generators that send the same spikes to every
/// target, into spike ports; models that read the target's spike history need a neuron as target.
void check_plastic(const synapse_instance& m, const population& src, const population& tgt, const port& p) {
  const bool spikes = src.kind() == node_kind::neuron ||
                      (src.kind() == node_kind::spike_generator &&
                       (src.base_model() == "spike_generator" || src.base_model() == "spike_train_injector"));
  if (!spikes || src.emits_rates())
    throw illegal_connection(
        m.name + " transmits spikes of neurons and spike generators, not of " + src.model() +
        (src.kind() == node_kind::spike_generator
             ? " (it draws a train per target: connect it to a parrot_neuron and that to the target)"
             : ""));
  if (tgt.kind() != node_kind::neuron)
    throw illegal_connection(m.name + " connects to neurons, not to " + tgt.model());
  if (const archive_kind need = m.type->archive(); need != archive_kind::none && tgt.archive() != need)
    throw illegal_connection(m.name + " needs a target that keeps a " +
                             (need == archive_kind::clopath ? "Clopath" : "Urbanczik") + " archive, which " +
                             tgt.model() + " does not (" +
                             (need == archive_kind::clopath ? "aeif_psc_delta_clopath, hh_psc_alpha_clopath"
                                                            : "pp_cond_exp_mc_urbanczik") +
                             " do)");
  if (p.flags & per_connection)
    throw illegal_connection(m.name + ": " + tgt.model() +
                             "'s receptor port with a state per connection takes "
                             "static_synapse connections only");
}

}  // namespace

void kernel::connect(const std::vector<std::uint32_t>& pre, const std::vector<std::uint32_t>& post,
                     const conn_spec& spec, const syn_spec& syn) {
  if (pre.empty() || post.empty()) return;
  if (syn.gap_junction) return connect_gap(pre, post, spec, syn);  // src/connect/gap_connect.cpp
  if (syn.synapse_model == "gap_junction") {
    syn_spec gap = syn;
    gap.gap_junction = true;
    return connect_gap(pre, post, spec, gap);
  }
  if (spec.make_symmetric && spec.r != rule::symmetric_pairwise_bernoulli)  // that rule is symmetric
    throw illegal_connection("connect: make_symmetric is supported for synapse_model gap_junction only");
  for (auto g : pre) pop_of(g);
  for (auto g : post) pop_of(g);
  auto role = [&](std::uint32_t g) { return pop_of(g).kind(); };
  for (auto g : post) {
    if (role(g) == node_kind::analog_recorder)
      throw illegal_connection(pop_of(g).model() + " observes neurons: connect it as the source, " +
                               "connect(" + pop_of(g).model() + ", neurons)");
    // A multimeter may also observe devices with recordables (the generators' current I); devices with
    // input channels (spike_dilutor) take spikes as neurons do.
    const bool observed =
        role(pre.front()) == node_kind::analog_recorder && !pop_of(g).describe().recordables.empty();
    if (role(g) != node_kind::spike_recorder && role(g) != node_kind::neuron && !observed &&
        pop_of(g).channels_per_node() == 0)
      throw illegal_connection(pop_of(g).model() +
                               " takes no input; it cannot be the target of a connection");
  }
  for (auto g : pre)
    if (role(g) == node_kind::spike_recorder)
      throw illegal_connection(pop_of(g).model() +
                               " receives spikes: connect it as the target, connect(neurons, " +
                               pop_of(g).model() + ")");
  const bool rec_pre = role(pre.front()) == node_kind::analog_recorder;
  const bool rec_post = role(post.front()) == node_kind::spike_recorder;
  for (auto g : pre)
    if ((role(g) == node_kind::analog_recorder) != rec_pre)
      throw bad_argument(
          "connect: mix of recorders and other nodes among the sources; connect them separately");
  for (auto g : post)
    if ((role(g) == node_kind::spike_recorder) != rec_post)
      throw bad_argument(
          "connect: mix of recorders and other nodes among the targets; connect them separately");
  if (rec_pre || rec_post) {
    if (spec.r != rule::all_to_all)
      throw bad_argument("connect: recorders are connected with the all_to_all rule");
    connect_recorder(pre, post, syn);
    return;
  }
  if (syn.synapse_model == "rate_connection_delayed" && !syn.rate_synapse) {
    syn_spec rate = syn;
    rate.rate_synapse = true;
    connect(pre, post, spec, rate);
    return;
  }
  const int model = syn.rate_synapse ? -1 : synapse_index(syn.synapse_model);
  if (model >= 0) {
    const synapse_instance& m = syn_models_[std::size_t(model)];
    if (const int k = m.type->modulator_entry(); k >= 0 && (*m.common)[std::size_t(k)] < 0)
      throw illegal_connection(m.name +
                               ": no volume transmitter has been assigned to the dopamine synapse; set "
                               "vt with set_synapse_defaults or copy_synapse_model");
  }
  if (model < 0 && !syn.params.empty())
    throw unknown_parameter("connect: " + syn.synapse_model + " has no parameter '" +
                            syn.params.front().first + "'; it has: weight, delay");
  if (model >= 0 && syn.weight_recorder == 0 && syn_models_[std::size_t(model)].weight_recorder != 0) {
    // the model's weight_recorder (NEST's CopyModel / SetDefaults with weight_recorder)
    syn_spec recorded_by_model = syn;
    recorded_by_model.weight_recorder = syn_models_[std::size_t(model)].weight_recorder;
    return connect(pre, post, spec, recorded_by_model);
  }
  if (syn.weight_recorder != 0 && syn.rate_synapse)
    throw illegal_connection(
        "connect: rate_connection_delayed connections do not report to a weight_recorder");
  if (syn.weight_recorder != 0) {
    const bool ok = syn.weight_recorder > 0 && std::uint64_t(syn.weight_recorder) <= n_nodes() &&
                    pop_of(std::uint32_t(syn.weight_recorder)).base_model() == "weight_recorder";
    if (!ok)
      throw bad_argument("connect: weight_recorder = " + std::to_string(syn.weight_recorder) +
                         ": expected a weight_recorder node");
  }
  if (syn.receptor_type < 0 || syn.receptor_type > 127)
    throw illegal_connection("connect: receptor_type = " + std::to_string(syn.receptor_type) +
                             ": expected a port between 0 and 127");

  // Pass one: generate and check every synapse, counting them per source; nothing is stored yet, so a
  // bad value leaves the network unchanged. The synapses are generated again, identically, when the
  // connections are built (materialize()).
  pending_connect pc{spec, syn, pre, post, connect_calls_ + 1, model};
  if (model >= 0 && syn_models_[std::size_t(model)].type->common_weight() && syn.weight_given)
    throw bad_argument("connect: " + syn.synapse_model +
                       "'s weight is common to all its connections (NEST: it cannot be given to "
                       "connect): set it with set_defaults or copy_model");
  // Not given: the model's default weight and delay (static_synapse: 1 and 1 ms; its copies: theirs).
  const auto static_copy = static_copies_.find(syn.synapse_model);
  const std::pair<double, double> static_wd =
      static_copy != static_copies_.end() ? static_copy->second : std::pair{1.0, 1.0};
  if (!syn.weight_given)
    pc.syn.weight = value(model >= 0 ? syn_models_[std::size_t(model)].defaults.weight : static_wd.first);
  if (!syn.delay_given)
    pc.syn.delay = value(model >= 0 ? syn_models_[std::size_t(model)].defaults.delay : static_wd.second);
  const auto T = std::size_t(threads_);
  std::vector<std::vector<std::uint32_t>> counts(T, std::vector<std::uint32_t>(n_nodes() + 1, 0));
  std::vector<std::vector<row_shape>> shapes(T, std::vector<row_shape>(n_nodes() + 1));
  std::vector<std::vector<std::uint32_t>> plastic_counts(model >= 0 ? T : 0,
                                                         std::vector<std::uint32_t>(n_nodes() + 1, 0));
  // Random values are not drawn while counting (and would differ anyway): such rows are not uniform.
  const bool known = !syn.weight.is_random() && !syn.delay.is_random();
  for_each_synapse(
      pc,
      [&](std::uint32_t s, int t, const synapse& syn, const syn_values* plastic) {
        if (plastic) {  // stored by their model's store, announced as the static ones
          ++plastic_counts[std::size_t(t)][s];
          return;
        }
        ++counts[std::size_t(t)][s];
        shapes[std::size_t(t)][s].add(syn, known);
      },
      true);
  ++connect_calls_;
  for (std::size_t t = 0; t < T; ++t) conns_[t].announce(counts[t], shapes[t]);
  for (std::size_t t = 0; t < plastic_counts.size(); ++t) pstores_[t][std::size_t(model)]->announce(plastic_counts[t]);
  pending_.push_back(std::move(pc));
}

void kernel::materialize() {
  if (pending_.empty()) return;
  for (auto& c : conns_) c.begin_build(n_nodes() + 1);
  for (auto& stores : pstores_)
    for (auto& st : stores) st->begin_build(n_nodes() + 1);
  for (const auto& pc : pending_)
    for_each_synapse(pc, [&](std::uint32_t s, int t, const synapse& made, const syn_values* plastic) {
      synapse syn = made;
      if (plastic) {
        pstores_[std::size_t(t)][std::size_t(pc.model)]->add(s, syn, *plastic);
        if (syn_models_[std::size_t(pc.model)].type->reads_history())
          hist_pending_.emplace_back(std::uint32_t(t), syn.target, syn.delay);
        if (syn_models_[std::size_t(pc.model)].type->archive() != archive_kind::none)
          arch_pending_.emplace_back(std::uint32_t(t), syn.target);
        if (syn.flags & recorded)
          wr_pending_.push_back(
              {std::uint32_t(pc.syn.weight_recorder), s, t, syn.target, syn.kind & receptor_mask});
        return;
      }
      if (syn.flags & per_connection) {
        // A port per connection: a new column after the thread's others; the target learns it (the
        // synapse's target held the node id until here). Columns, like connections, come in creation
        // order, which does not depend on threads.
        const std::uint32_t gid = syn.target;
        syn.target = static_cast<std::uint32_t>(channels_[std::size_t(t)]++);
        conn_cols_[std::size_t(t)].emplace_back(syn.target, gid);
        pop_mut(gid).add_connection_port(local(gid), syn.target, syn.weight);
      }
      conns_[std::size_t(t)].place(s, syn);
      if (syn.flags & recorded)
        wr_pending_.push_back(
            {std::uint32_t(pc.syn.weight_recorder), s, t, syn.target, syn.kind & receptor_mask});
    });
  for (auto& c : conns_) c.finish_build();
  pending_.clear();
}

void kernel::for_each_synapse(
    const pending_connect& pc,
    const std::function<void(std::uint32_t, int, const synapse&, const syn_values*)>& out,
    bool counting) const {
  const conn_spec& spec = pc.spec;
  const syn_spec& syn = pc.syn;
  // A plastic model: its values per connection start from the model's defaults; given ones are fixed
  // (as weights are) or drawn.
  const synapse_instance* model = pc.model >= 0 ? &syn_models_[std::size_t(pc.model)] : nullptr;
  struct given {
    syn_scope sc;
    std::size_t k;
    const syn_entry* e;
    std::optional<fixed_index> fixed;
    std::optional<random_param> random;
    const value* v;
  };
  std::vector<given> givens;
  syn_values vals;
  if (model) {
    vals = model->defaults;
    for (const auto& [name, sp] : syn.params) {
      given g{};
      if (name == "weight" || name == "delay")
        throw bad_argument("connect: give " + name + " as connect's own argument");
      if (!model->type->find(name, g.sc, g.k))
        throw unknown_parameter("connect: " + model->name + " has no parameter '" + name +
                                "'; it has: " + model->type->entry_names());
      if (g.sc == syn_scope::common)
        throw bad_argument("connect: " + model->name + " parameter " + name +
                           " is common to all its connections: set it with set_defaults or copy_model");
      g.e = &model->type->entry(g.sc, g.k);
      if (!g.e->in_connect)
        throw bad_argument("connect: " + model->name + " parameter " + name +
                           " cannot be given to connect (as in NEST): set it with set_defaults or "
                           "copy_model, or on the connections");
      if (sp.is_random()) {
        g.random.emplace(sp.random(),
                         g.e->weight_unit ? weight_unit(pc.pre.front(), pc.post.front()) : g.e->u, g.e->name);
      } else {
        g.fixed.emplace(sp.fixed(), spec, pc.pre.size(), pc.post.size(), g.e->name.data());
        g.v = &sp.fixed();
      }
      givens.push_back(std::move(g));
    }
  }
  const std::size_t np = pc.pre.size(), nq = pc.post.size();
  // Fixed values: where each edge finds its value; random values: converted once, drawn per edge.
  std::optional<fixed_index> wi, di;
  std::optional<random_param> wr, dr;
  if (syn.weight.is_random())
    wr.emplace(syn.weight.random(), weight_unit(pc.pre.front(), pc.post.front()), "weight");
  else
    wi.emplace(syn.weight.fixed(), spec, np, nq, "weight");
  if (syn.delay.is_random())
    dr.emplace(syn.delay.random(), unit::ms, "delay");
  else
    di.emplace(syn.delay.fixed(), spec, np, nq, "delay");
  // What depends only on the (source, target) populations is looked up when they change; a scalar
  // weight or delay is converted once per population pair.
  const bool w_scalar = wi && wi->scalar(), d_scalar = di && di->scalar();
  // Counting needs no random values when none can be refused (the placing pass draws them).
  const bool w_safe = !wr || wr->always_succeeds();
  const bool d_safe = !dr || (dr->always_succeeds() && dr->lowest() >= dt_ * (1 - 1e-9));
  const bool skip_draws = counting && (wr || dr) && w_safe && d_safe && !model;
  const std::uint16_t d_steps_scalar =
      d_scalar ? delay_steps(to_nest_unit(syn.delay.fixed(), 0, unit::ms, "connect", "delay")) : 0;
  const population* last_src = nullptr;
  const population* last_tgt = nullptr;
  bool current = false;
  std::optional<port> p;
  unit u = unit::none;
  double w_pair = 0.0;
  generate_edges(spec, pc.pre, pc.post, seed_, pc.cid, [&](const edge& e) {
    const std::uint32_t s = pc.pre[e.src], t = pc.post[e.tgt];
    const population* src = pops_[gid_pop_[s]].get();
    const population* tgt = pops_[gid_pop_[t]].get();
    if (src != last_src || tgt != last_tgt) {
      last_src = src, last_tgt = tgt;
      current = src->kind() == node_kind::current_generator && !src->emits_rates();
      // Rates (NEST's rate_connection_delayed) go only from rate sources into rate ports.
      const bool rate_src = src->emits_rates();
      if (rate_src && !syn.rate_synapse)
        throw illegal_connection(src->model() +
                                 " sends rates: connect it with synapse_model "
                                 "'rate_connection_delayed'");
      if (!rate_src && syn.rate_synapse)
        throw illegal_connection("rate_connection_delayed carries rates: " + src->model() +
                                 " sends none (rate sources: rate neurons, step_rate_generator)");
      if (rate_src) {
        p = tgt->rate_port(syn.receptor_type);
        if (!p && !tgt->rate_port(0))
          throw illegal_connection(src->model() + " sends rates (rate_connection_delayed): " + tgt->model() +
                                   " takes no rates; rate sources connect only to rate neurons");
      } else if (tgt->rate_port(0)) {
        throw illegal_connection(tgt->model() + " is a rate neuron: it takes rates from rate neurons or a " +
                                 "step_rate_generator (rate_connection_delayed), not " +
                                 (current ? "currents" : "spikes") + " from " + src->model());
      } else {
        p = current ? tgt->current_port(syn.receptor_type) : tgt->spike_port(syn.receptor_type);
      }
      if (!p)
        throw illegal_connection(tgt->model() + " has no receptor_type " + std::to_string(syn.receptor_type) +
                                 " for " +
                                 (rate_src  ? "rates"
                                  : current ? "currents"
                                            : "spikes") +
                                 " (from " + src->model() + ")");
      if (model) check_plastic(*model, *src, *tgt, *p);
      u = weight_unit(s, t);
      if (w_scalar) {
        w_pair = to_nest_unit(syn.weight.fixed(), 0, u, "connect", "weight");
        check_value(w_pair, check::any, "connect", "weight", u);
      }
    }
    double w = w_pair, d = 0.0;
    if (skip_draws) {
      if (wr) w = 1.0;  // only the count matters and no draw can fail: the placing pass draws them
      if (dr) d = dt_;
    } else if (wr || dr) {
      philox_stream g(seed_, e.key_node, rng_purpose::parameter, pc.cid, e.pos);
      if (wr) w = wr->draw(g);
      if (dr) d = dr->draw(g);
    }
    if (!wr && !w_scalar) w = to_nest_unit(syn.weight.fixed(), (*wi)(e), u, "connect", "weight");
    if (!std::isfinite(w)) check_value(w, check::any, "connect", "weight", u);
    std::uint16_t steps = d_steps_scalar;
    if (!d_scalar)
      steps = delay_steps(dr ? d : to_nest_unit(syn.delay.fixed(), (*di)(e), unit::ms, "connect", "delay"));
    if ((p->flags & nonnegative) && w < 0.0)
      throw bad_value("connect: weight = " + format_number(w) + " into " + tgt->model() + " receptor_type " +
                      std::to_string(syn.receptor_type) +
                      ": expected a weight >= 0 (its synapses are conductances)");
    // Spike ports split by sign (NEST's ex/in buffers) are routed by the weight's sign here, once.
    const int channel = p->channel + ((p->flags & sign_split) && !(w > 0) ? 1 : 0);
    auto [thread, col] = tgt->column(t - tgt->first(), channel);
    if (p->flags & per_connection) col = t;  // the node, until materialize() gives it a column of its own
    const std::uint8_t flags = p->flags | (syn.weight_recorder ? std::uint8_t(recorded) : std::uint8_t(0));
    synapse made{w, static_cast<std::uint32_t>(col), steps, flags,
                 std::uint8_t((current ? current_bit : 0) | syn.receptor_type)};
    if (!model) {
      out(s, thread, made, nullptr);
      return;
    }
    if (!givens.empty()) {
      std::optional<philox_stream> g;
      for (auto& gv : givens) {
        double x;
        if (gv.random) {
          // drawn after weight and delay, from a stream of their own (one per connection)
          if (!g) g.emplace(seed_, e.key_node, rng_purpose::parameter, pc.cid, e.pos, 1);
          x = gv.random->draw(*g);
        } else {
          x = to_nest_unit(*gv.v, (*gv.fixed)(e), gv.e->weight_unit ? u : gv.e->u, "connect", gv.e->name);
        }
        check_value(x, gv.e->c, model->name, gv.e->name, gv.e->weight_unit ? u : gv.e->u);
        (gv.sc == syn_scope::param ? vals.p : vals.s)[gv.k] = x;
      }
    }
    vals.weight = w;
    if (const int off = model->type->delay_offset_entry(); off >= 0) {
      // a default delay keeps its sub-step part (NEST's defaults); one given to connect is on the grid
      double ms = 0.0;
      vals.s[std::size_t(off)] = 0.0;
      if (!syn.delay_given) {
        std::tie(ms, vals.s[std::size_t(off)]) =
            split_sub_step_delay(model->defaults.delay, dt_, model->name);
        made.delay = delay_steps(ms);
      }
    }
    model->type->validate(vals);
    out(s, thread, made, &vals);
  });
}

void kernel::connect_recorder(const std::vector<std::uint32_t>& pre, const std::vector<std::uint32_t>& post,
                              const syn_spec& syn) {
  recorder_connected_ = true;  // NEST counts these connections' delay (1 ms) in its min_delay
  const node_kind pk = pop_of(pre.front()).kind();
  if (pk == node_kind::analog_recorder) {
    for (auto r : pre) {
      auto& mm = dynamic_cast<multimeter&>(pop_mut(r));
      for (auto t : post) {
        if (pop_of(t).kind() != node_kind::neuron && pop_of(t).describe().recordables.empty())
          throw illegal_connection(mm.model() +
                                   " can only observe neurons and devices with recordables, not " +
                                   pop_of(t).model());
        mm.observe(pop_mut(t), local(t));
      }
    }
    return;
  }
  for (auto r : post) {
    if (auto* ob = dynamic_cast<spike_observer*>(&pop_mut(r))) {
      observe_spikes(*ob, pre, syn);
      continue;
    }
    auto& sr = dynamic_cast<spike_recorder&>(pop_mut(r));
    for (auto s : pre) {
      const node_kind k = pop_of(s).kind();
      if (pop_of(s).emits_rates())
        throw illegal_connection("spike_recorder cannot record " + pop_of(s).model() +
                                 ": it sends rates, not spikes (record its rate with a multimeter)");
      // Generators that send the same spikes to every target can be recorded directly.
      const bool same_for_all = pop_of(s).base_model() == "spike_generator" || pop_of(s).base_model() == "spike_train_injector";
      if (k != node_kind::neuron && !(k == node_kind::spike_generator && same_for_all))
        throw illegal_connection("spike_recorder cannot record " + pop_of(s).model() +
                                 (pop_of(s).base_model().starts_with("poisson_generator")
                                      ? " (it draws a separate train per target: record a parrot_neuron it drives)"
                                      : ""));
      sr.observe(s);
    }
  }
}

void kernel::observe_spikes(spike_observer& ob, const std::vector<std::uint32_t>& pre, const syn_spec& syn) {
  // Devices that observe spikes (detectors.hpp): the port is the receptor_type, the weight a scalar.
  if (syn.weight.is_random() || syn.weight.fixed().size() != 1 || syn.weight.fixed().is_string())
    throw bad_argument("connect: " + ob.model() + " takes one weight for all its connections");
  const double w = to_nest_unit(syn.weight.fixed(), 0, unit::none, "connect", "weight");
  check_value(w, check::any, "connect", "weight", unit::none);
  for (auto s : pre) {
    const population& src = pop_of(s);
    if (src.emits_rates())
      throw illegal_connection(ob.model() + " cannot observe " + src.model() +
                               ": it sends rates, not spikes");
    if (src.kind() != node_kind::neuron &&
        !(src.kind() == node_kind::spike_generator && src.base_model() == "spike_generator"))
      throw illegal_connection(ob.model() + " cannot observe " + src.model());
  }
  for (auto s : pre) ob.observe(pop_of(s), s, syn.receptor_type, w);
}

std::uint16_t kernel::delay_steps(double ms) const {
  if (!std::isfinite(ms) || ms < dt_ * (1 - 1e-9))
    throw bad_delay("connect parameter delay = " + format_number(ms) +
                    " ms: expected a value >= dt = " + format_number(dt_) + " ms");
  const double steps = std::round(ms / dt_);
  if (steps > std::numeric_limits<std::uint16_t>::max())
    throw bad_delay("connect parameter delay = " + format_number(ms) + " ms: expected at most " +
                    format_number(std::numeric_limits<std::uint16_t>::max() * dt_) + " ms");
  return static_cast<std::uint16_t>(steps);
}

}  // namespace nestor::detail
