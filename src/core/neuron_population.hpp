#pragma once
// The population template for neuron models: state as structure of arrays, parameters per node, the
// model's derived constants (one copy when all nodes share their parameters), and the step loop that
// calls the model's inline per-neuron update. No virtual call happens inside the loop.
//
// A neuron model M provides:
//   name; enums P (parameters, count P::n) and S (state, count S::n); tables `params` and `state`;
//   n_channels and the ports spike_port(receptor) / current_port(receptor);
//   validate(prow) (cross-parameter rules), derived prepare(prow, dt), and
//   unsigned update(srow, const derived&, inputs in) -> number of spikes emitted this step.
// A model that draws random numbers in its update declares `static constexpr bool needs_rng = true;`,
// `static bool draws(const derived&)` (whether a node with these constants draws at all), and takes a
// `const node_rng*` last in its update: null when no node of the population draws.
// and takes a fourth argument, node_rng: the keys of its own stream for this node and step.

#include <algorithm>
#include <array>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "core/array_params.hpp"
#include "core/gap_junctions.hpp"
#include "core/population.hpp"
#include "core/rng.hpp"

namespace nestor::detail {

/// One node's parameters, as stored (values with rel >= 0 are relative to that parameter).
template <class M>
using prow = std::array<double, M::P::n>;

/// One node's state in the structure of arrays.
struct srow {
  double* const* a;
  std::size_t i;
  double& operator[](int k) const { return a[k][i]; }
};

/// One node's input channels for the current step: in[c] is what arrived on channel c. Channels are
/// planes of the thread's ring-buffer row (all nodes' channel 0, then all nodes' channel 1, ...), so
/// that the spikes of one kind land in a compact range.
struct inputs {
  const double* p;
  std::size_t stride;
  double operator[](int c) const { return p[std::size_t(c) * stride]; }
};

/// The random stream of one node in one step, for models with `needs_rng`: keyed by (seed, node id)
/// and counted by the step only, so a draw never depends on the thread that makes it or on the order
/// of the nodes. A model constructs the stream only when it draws.
struct node_rng {
  std::uint64_t seed;
  std::uint64_t gid;
  std::int64_t step;
  philox_stream stream() const { return {seed, gid, rng_purpose::neuron, static_cast<std::uint64_t>(step)}; }
};

/// A model whose state values obey rules when set (NEST's State_::set checks, e.g. iaf_tum_2000's
/// x + y <= 1) declares `static void validate_state(const prow<M>&, const std::array<double, S::n>&)`:
/// it sees the node's parameters (as stored) and the absolute state values after the change, and throws
/// before anything is written.
template <class M>
concept model_has_state_rules = requires(const prow<M>& p, const std::array<double, M::S::n>& s) {
  M::validate_state(p, s);
};

/// A model with array parameters whose state depends on them (iaf_chs_2007's position in its noise
/// signal, which NEST rewinds when the signal is set) declares `static void arrays_set(srow, const
/// std::array<bool, A::n>& given)`: called after a set() that gave some arrays, with the node's state.
template <class M>
concept model_has_arrays_set_hook = requires(srow s, const std::array<bool, M::arrays.size()>& g) {
  M::arrays_set(s, g);
};

/// A rate neuron declares `static constexpr int rate_output` (its rate state) and `rate_port(receptor)`:
/// each step it sends the rate it had at the start of the step (event_mode::rate; NEST's
/// DelayedRateConnectionEvent), which reaches a target connected with delay d in step + d.
template <class M>
concept model_emits_rate = requires {
  { M::rate_output } -> std::convertible_to<int>;
};
/// A rate neuron whose sent rate is computed in the step (NEST's rate_neuron_opn sends its noisy rate)
/// declares `static constexpr bool rate_sent_after_update = true`: rate_output is read after its update.
template <class M>
concept model_sends_rate_after_update = requires {
  requires M::rate_sent_after_update;
};

template <class M>
concept model_needs_rng = requires {
  requires M::needs_rng;
};

/// A model whose nodes keep a postsynaptic history for plastic synapses (NEST's ClopathArchivingNode,
/// UrbanczikArchivingNode: models/neurons/clopath_archive.hpp, urbanczik_archive.hpp) declares
/// `using archive = <its archive class>;` and `static void prepare_archive(archive&, const derived&,
/// const run_info&)` (called for every node when a simulation starts), and its update takes a
/// `history_slot<archive>` after the inputs (before the node_rng of a model with needs_rng). The
/// population owns one archive per node and hands it to plastic synapses (population::clopath_history,
/// urbanczik_history); reset() clears it.
template <class M>
concept model_has_archive = requires {
  typename M::archive;
};

/// One node's archive and the stamp (in steps: the end of the step) of the step being updated.
template <class A>
struct history_slot {
  A& a;
  std::int64_t stamp;
};

template <class M>
struct archive_of {
  using type = char;  // no archive: an empty vector of these
};
template <class M>
requires model_has_archive<M>
struct archive_of<M> {
  using type = typename M::archive;
};

/// A precise model (NEST's *_ps models) declares `static constexpr bool off_grid_spikes = true;` and
/// `precise_channel` (the input channel whose spikes arrive with their offsets, port_flags::precise), and
/// its update is `void update(srow, const derived&, inputs, precise_events, precise_spikes&)`: it sees
/// the step's spikes of its precise channel earliest first and emits spikes with their offsets (a
/// precise model with `needs_rng` takes a `const node_rng*` last, as the grid models do).
template <class M>
concept model_is_precise = requires {
  requires M::off_grid_spikes;
};

/// One node's spikes on its precise channel in one step, earliest first (largest offset first).
struct precise_events {
  const precise_input* first;
  const precise_input* last;
  const precise_input* begin() const { return first; }
  const precise_input* end() const { return last; }
  std::size_t size() const { return std::size_t(last - first); }
};

/// Where a precise model's spikes go: emit(offset) for a spike `offset` ms before the end of the step.
struct precise_spikes {
  std::vector<spike_event>* out;
  std::int64_t step;
  std::uint32_t gid;
  void emit(double offset, std::uint32_t mult = 1) const {
    out->push_back({step, gid, mult, 1.0, event_mode::plain, offset});
  }
};

/// A model's numerical integration failed or diverged (GSL status, or GSL_EBADFUNC for a state that is
/// no longer finite); the population turns it into a numerical_error naming the node and the time.
struct ode_failure {
  int status;
};

/// A model with ports that give every connection its own state (NEST's iaf_bw_2001_exact NMDA port: port
/// flag per_connection) declares `connection_elements`, an array of element_spec (state per connection,
/// recorded as name_1, name_2, ... in connection order), and its update takes a `connection_ports&` after
/// the inputs (a model with such ports has no array parameters, no precise spikes and no bulk update).
template <class M>
concept model_has_connection_ports = requires {
  M::connection_elements;
};

/// One node's per-connection ports in one step: port j's weight, what arrived on it (multiplicity) and its
/// state values s[j * E + e] (E = number of connection elements), in connection order.
struct connection_ports {
  const double* row;          ///< the thread's ring-buffer row of this step
  const std::uint32_t* cols;  ///< ring-buffer column of port j
  const double* w;            ///< weight of port j
  double* s;                  ///< state, port-major
  std::size_t n;              ///< number of ports
  double arrived(std::size_t j) const { return row[cols[j]]; }
};

/// The per-connection ports of the nodes of one population (models with connection_elements).
struct connection_port_store {
  struct node {
    std::vector<std::uint32_t> cols;
    std::vector<double> w, s;
  };
  std::vector<node> nodes;
};

/// A model may also offer `std::size_t update_bulk(double* const* state, n, const derived&, double* in,
/// stride, std::uint32_t* fired)`: its update of n consecutive nodes that share their constants,
/// vectorised (core/bulk_update.hpp). It clears the input columns it reads, writes the indices of the
/// nodes that spiked (one spike each, ascending) to `fired` and returns their count; it must give
/// bitwise the results of the per-node update.
template <class M>
concept model_has_bulk_update = requires(double* const* st, const typename M::derived& d, double* in,
                                         std::uint32_t* fired) {
  { M::update_bulk(st, std::size_t{}, d, in, std::size_t{}, fired) } -> std::same_as<std::size_t>;
};

/// A model that takes gap junctions (core/gap_junctions.hpp; NEST's hh_psc_alpha_gap and
/// hh_cond_beta_gap_traub) declares `static constexpr bool gap_junctions = true;`, has states S::V_m (in
/// mV, not stored relative to a parameter) and S::h (its integrator's step size), `derived::dt`, and
/// provides:
///   update(srow, const derived&, inputs, const gap_input* g): its update with the gap current (g null:
///     none, the plain update);
///   wfr_step(double* st, const derived&, inputs, const gap_input&): NEST's tentative step of the
///     waveform relaxation on a copy st of its state (indexed by S): the integration over the step and
///     the step's spikes, nothing else;
///   gap_dVdt(const double* st, const derived&, const gap_input&, double time): dV/dt at `time` ms into
///     the step.
template <class M>
concept model_takes_gap_junctions = requires {
  requires M::gap_junctions;
  { M::S::V_m } -> std::convertible_to<int>;
  { M::S::h } -> std::convertible_to<int>;
};

template <class M>
class neuron_population final : public population {
 public:
  using P = typename M::P;
  using S = typename M::S;
  using derived = typename M::derived;

  neuron_population(std::uint32_t first, std::size_t n)
      : population(first, n), p_(n), arch_(n), s_{}, s0_{}, ar_(n) {
    prow<M> def{};
    for (std::size_t k = 0; k < M::params.size(); ++k) def[k] = M::params[k].def;
    for (std::size_t k = 0; k < M::params.size(); ++k)
      if (M::params[k].rel >= 0) def[k] -= M::params[M::params[k].rel].def;
    std::fill(p_.begin(), p_.end(), def);
    if constexpr (model_has_connection_ports<M>) cp_.nodes.resize(n);
    for (std::size_t k = 0; k < M::state.size(); ++k) {
      const auto& sp = M::state[k];
      const double v = sp.def - (sp.rel >= 0 ? M::params[sp.rel].def : 0.0);
      s0_[k].assign(n, v);
      s_[k].assign(n, v);
    }
  }

  const model_description& describe() const override { return description(); }

  static const model_description& description() {
    static const model_description d = [] {
      model_description m{std::string(M::name), node_kind::neuron, {}, {}};
      for (const auto& p : M::params)
        m.params.push_back({std::string(p.name), p.u,
                            p.c == check::boolean ? value(p.def != 0.0) : value(p.def), std::string(p.doc),
                            false, false});
      for (const auto& s : M::state) {
        if (s.user_visible)
          m.params.push_back({std::string(s.name), s.u, value(s.def), std::string(s.doc), true, false});
        if (s.recordable) m.recordables.emplace_back(s.name);
      }
      if constexpr (model_has_arrays<M>) array_store<M>::describe(m);
      for (const auto& a : archiving_params)
        m.params.push_back({std::string(a.name), a.u, value(a.def), std::string(a.doc), false, false});
      if constexpr (model_has_connection_ports<M>)
        for (const auto& e : M::connection_elements)
          if (e.recordable) m.recordables.push_back(std::string(e.name) + "_<k>");
      return m;
    }();
    return d;
  }

  void set(std::size_t i, const param_list& kv, bool initial) override {
    prow<M> row = p_[i];
    array_row arow = array_row_of(i);
    std::array<double, S::n> st{};
    std::array<bool, S::n> st_given{};
    std::array<bool, P::n> given{};
    std::array<bool, array_count()> arrays_given{};
    std::array<double, P::n> absval{};
    archiving arch = arch_[i];
    // Resolve names and units first; relative values are re-based after all absolute ones are known.
    for (const auto& [name, v] : kv) {
      if (const int a = find_spec(archiving_params, name); a >= 0) {
        const double x = to_nest_unit(v, 0, unit::ms, M::name, name);
        check_value(x, check::positive, M::name, name, unit::ms);
        (a == 0 ? arch.tau_minus : arch.tau_minus_triplet) = x;
        continue;
      }
      if (const int k = find_spec(M::params, name); k >= 0) {
        const auto& sp = M::params[k];
        absval[k] = to_nest_unit(v, 0, sp.u, M::name, sp.name);
        check_value(absval[k], sp.c, M::name, sp.name, sp.u);
        given[k] = true;
      } else if (const int j = find_spec(M::state, name); j >= 0 && M::state[j].user_visible) {
        const auto& sp = M::state[j];
        st[j] = to_nest_unit(v, 0, sp.u, M::name, sp.name);
        check_value(st[j], check::any, M::name, sp.name, sp.u);
        st_given[j] = true;
      } else if (set_array(name, v, arow)) {
        if constexpr (model_has_arrays<M>) arrays_given[std::size_t(find_spec(M::arrays, name))] = true;
      } else {
        throw_unknown_parameter(describe(), name);
      }
    }
    for (std::size_t k = 0; k < P::n; ++k)
      if (given[k] && M::params[k].rel < 0) row[k] = absval[k];
    // Values stored relative to a parameter (E_L) keep their absolute value when only that parameter
    // changes, as NEST's `x_ -= delta_EL`.
    const prow<M> before = p_[i];
    for (std::size_t k = 0; k < P::n; ++k) {
      const int rel = M::params[k].rel;
      if (rel < 0) continue;
      row[k] = given[k] ? absval[k] - row[rel] : before[k] - (row[rel] - before[rel]);
    }
    if constexpr (model_has_arrays<M>)
      M::validate(row, arow.p);
    else
      M::validate(row);
    if constexpr (model_has_state_rules<M>) {
      std::array<double, S::n> after{};  // absolute state values once this change is made
      for (std::size_t j = 0; j < S::n; ++j) {
        const int rel = M::state[j].rel;
        after[j] = st_given[j] ? st[j] : s_[j][i] + (rel >= 0 ? before[rel] : 0.0);
      }
      M::validate_state(row, after);
    }
    if constexpr (model_has_arrays<M>) {
      ar_.commit(i, arow, initial);
      ar_[i] = std::move(arow);
    }
    p_[i] = row;
    arch_[i] = arch;
    for (std::size_t j = 0; j < S::n; ++j) {
      const int rel = M::state[j].rel;
      if (!st_given[j]) {
        if (rel >= 0 && row[rel] != before[rel]) {
          s_[j][i] -= row[rel] - before[rel];
          s0_[j][i] -= row[rel] - before[rel];
        }
        continue;
      }
      const double v = st[j] - (rel >= 0 ? row[rel] : 0.0);
      s_[j][i] = v;
      if (initial) s0_[j][i] = v;
    }
    if constexpr (model_has_arrays_set_hook<M>) {
      if (std::any_of(arrays_given.begin(), arrays_given.end(), [](bool g) { return g; })) {
        std::array<double*, S::n> cols{}, cols0{};
        for (std::size_t k = 0; k < S::n; ++k) {
          cols[k] = s_[k].data();
          cols0[k] = s0_[k].data();
        }
        M::arrays_set(srow{cols.data(), i}, arrays_given);
        if (initial) M::arrays_set(srow{cols0.data(), i}, arrays_given);
      }
    }
  }

  static constexpr std::size_t array_count() {
    if constexpr (model_has_arrays<M>)
      return M::arrays.size();
    else
      return 0;
  }

  value get(std::size_t i, std::string_view name) const override {
    if (const int k = find_spec(M::params, name); k >= 0)
      return M::params[k].c == check::boolean ? value(p_[i][k] != 0.0) : value(absolute_param(i, k));
    if (const int j = find_spec(M::state, name); j >= 0 && M::state[j].user_visible)
      return value(absolute_state(j, i));
    if constexpr (model_has_arrays<M>)
      if (const int a = find_spec(M::arrays, name); a >= 0) return value(ar_[i].p[std::size_t(a)]);
    if (const int a = find_spec(archiving_params, name); a >= 0)
      return value(a == 0 ? arch_[i].tau_minus : arch_[i].tau_minus_triplet);
    throw_unknown_parameter(describe(), name);
  }

  bool replicate_first() override {
    std::fill(p_.begin(), p_.end(), p_[0]);
    std::fill(arch_.begin(), arch_.end(), arch_[0]);
    if constexpr (model_has_arrays<M>) ar_.replicate_first();
    for (std::size_t k = 0; k < S::n; ++k) {
      std::fill(s_[k].begin(), s_[k].end(), s_[k][0]);
      std::fill(s0_[k].begin(), s0_[k].end(), s0_[k][0]);
    }
    return true;
  }

  int channels_per_node() const override {
    if constexpr (model_has_arrays<M>)
      return ar_.channels();
    else
      return M::n_channels;
  }
  std::optional<port> spike_port(int receptor) const override {
    if constexpr (model_has_arrays<M>)
      return M::spike_port(receptor, ar_.group_size());
    else
      return M::spike_port(receptor);
  }
  std::optional<port> current_port(int receptor) const override {
    if constexpr (model_has_arrays<M>)
      return M::current_port(receptor, ar_.group_size());
    else
      return M::current_port(receptor);
  }
  void add_connection_port(std::size_t i, std::uint32_t column, double weight) override {
    if constexpr (model_has_connection_ports<M>) {
      auto& nd = cp_.nodes[i];
      nd.cols.push_back(column);
      nd.w.push_back(weight);
      for (const auto& e : M::connection_elements) nd.s.push_back(e.def);
    }
  }

  archive_kind archive() const override {
    if constexpr (std::is_same_v<typename archive_of<M>::type, clopath_archive>)
      return archive_kind::clopath;
    else if constexpr (std::is_same_v<typename archive_of<M>::type, urbanczik_archive>)
      return archive_kind::urbanczik;
    else
      return archive_kind::none;
  }
  clopath_archive* clopath_history(std::size_t i) override {
    if constexpr (std::is_same_v<typename archive_of<M>::type, clopath_archive>)
      return &post_hist_[i];
    else
      return nullptr;
  }
  urbanczik_archive* urbanczik_history(std::size_t i) override {
    if constexpr (std::is_same_v<typename archive_of<M>::type, urbanczik_archive>)
      return &post_hist_[i];
    else
      return nullptr;
  }

  bool emits_rates() const override { return model_emits_rate<M>; }
  std::optional<port> rate_port(int receptor) const override {
    if constexpr (model_emits_rate<M>)
      return M::rate_port(receptor);
    else
      return std::nullopt;
  }

  bool takes_gap_junctions() const override { return model_takes_gap_junctions<M>; }
  double gap_voltage(std::size_t i) const override {
    if constexpr (model_takes_gap_junctions<M>)
      return s_[S::V_m][i];
    else
      return 0.0;
  }
  bool wfr_update(std::int64_t from, std::int64_t to, update_context& ctx, gap_exchange& ex) override {
    if constexpr (model_takes_gap_junctions<M>)
      return wfr_nodes(from, to, ctx, ex);
    else
      return true;
  }

  double rate_input(std::size_t i, double r) const override {
    if constexpr (requires(const prow<M>& p) { M::per_connection_input(p, r); })
      return M::per_connection_input(p_[i], r);
    else
      return r;
  }

  int recordable_index(std::string_view name) const override {
    const int j = find_spec(M::state, name);
    if (j >= 0) return M::state[j].recordable ? j : -1;
    if constexpr (model_has_arrays<M>) return ar_.recordable_index(name, S::n);
    if constexpr (model_has_connection_ports<M>) return connection_recordable_index(name);
    return -1;
  }
  double recordable(int j, std::size_t i) const override {
    if constexpr (model_has_arrays<M>)
      if (j >= S::n) return ar_.recordable(j, S::n, i);
    if constexpr (model_has_connection_ports<M>) {
      if (j >= conn_base) {
        // element e of port k; 0 (its initial value) while node i has no such port yet
        const std::size_t E = M::connection_elements.size(), e = std::size_t(j - conn_base) % E,
                          k = std::size_t(j - conn_base) / E;
        const auto& st = cp_.nodes[i].s;
        return k * E + e < st.size() ? st[k * E + e] : M::connection_elements[e].def;
      }
    }
    return M::state[j].record_relative ? s_[j][i] : absolute_state(j, i);
  }

  void prepare(const run_info& run) override {
    homogeneous_ = std::all_of(p_.begin(), p_.end(), [&](const prow<M>& r) { return r == p_[0]; });
    if constexpr (model_has_arrays<M>) homogeneous_ = homogeneous_ && ar_.homogeneous();
    d_.clear();
    for (std::size_t i = 0; i < (homogeneous_ ? std::min<std::size_t>(size(), 1) : size()); ++i) {
      if constexpr (model_has_arrays<M>)
        d_.push_back(M::prepare(p_[i], ar_[i].p, run.dt));
      else
        d_.push_back(M::prepare(p_[i], run.dt));
    }
    if constexpr (model_has_archive<M>)
      for (std::size_t i = 0; i < size(); ++i)
        M::prepare_archive(post_hist_[i], d_[homogeneous_ ? 0 : i], run);
    if constexpr (model_needs_rng<M>)
      random_ = std::any_of(d_.begin(), d_.end(), [](const derived& d) { return M::draws(d); });
  }

  void update(std::int64_t from, std::int64_t to, update_context& ctx) override {
    if (homogeneous_)
      random_ ? run<true, true>(from, to, ctx) : run<true, false>(from, to, ctx);
    else
      random_ ? run<false, true>(from, to, ctx) : run<false, false>(from, to, ctx);
  }

  void reset() override {
    for (std::size_t k = 0; k < S::n; ++k) s_[k] = s0_[k];
    if constexpr (model_has_archive<M>)
      for (auto& a : post_hist_) a.clear();
    if constexpr (model_has_arrays<M>) ar_.reset();
    if constexpr (model_has_connection_ports<M>) {
      constexpr std::size_t E = M::connection_elements.size();
      for (auto& nd : cp_.nodes)
        for (std::size_t k = 0; k < nd.s.size(); ++k) nd.s[k] = M::connection_elements[k % E].def;
    }
  }

 private:
  struct no_arrays {  // models without array parameters
    struct row {};
    explicit no_arrays(std::size_t) {}
  };
  using array_row = typename std::conditional_t<model_has_arrays<M>, array_store<M>, no_arrays>::row;
  array_row array_row_of(std::size_t i) const {
    if constexpr (model_has_arrays<M>)
      return ar_[i];
    else
      return {};
  }
  bool set_array(const std::string& name, const value& v, array_row& r) const {
    if constexpr (model_has_arrays<M>)
      return ar_.set(name, v, r);
    else
      return false;
  }

  /// Recordable index of "name_k" (k >= 1) of a connection element, or -1 (any k: ports come later).
  static constexpr int conn_base = 1 << 30;
  static int connection_recordable_index(std::string_view name) {
    if constexpr (model_has_connection_ports<M>) {
      constexpr std::size_t E = M::connection_elements.size();
      for (std::size_t e = 0; e < E; ++e) {
        const auto& sp = M::connection_elements[e];
        if (!sp.recordable) continue;
        const long k = element_number(name, sp.name);
        if (k == 0) continue;
        if (k < 0) return -1;
        return conn_base + int(std::size_t(k - 1) * E + e);
      }
    }
    return -1;
  }

  double absolute_state(int j, std::size_t i) const {
    const int rel = M::state[j].rel;
    return s_[j][i] + (rel >= 0 ? p_[i][rel] : 0.0);
  }
  double absolute_param(std::size_t i, int k) const {
    const int rel = M::params[k].rel;
    return p_[i][k] + (rel >= 0 ? p_[i][rel] : 0.0);
  }

  template <bool Homogeneous, bool Random>
  void run(std::int64_t from, std::int64_t to, update_context& ctx) {
    std::array<double*, S::n> cols{};
    for (std::size_t k = 0; k < S::n; ++k) cols[k] = s_[k].data();
    const thread_slice& sl = slices[ctx.thread];
    const std::size_t lo = sl.lo, hi = sl.hi;
    const int C = channels_per_node();
    // A local copy of shared constants: the compiler cannot keep them in registers otherwise, as state
    // writes might alias them.
    const derived shared = Homogeneous && !d_.empty() ? d_[0] : derived{};
    for (std::int64_t step = from; step < to; ++step) {
      double* in = ctx.rb.row(step) + sl.channel_base;  // channel c of node i: in[c * (hi - lo) + i - lo]
      if constexpr (model_has_bulk_update<M>) {
        if (Homogeneous && !Random) {
          // The model's vectorised update of the thread's nodes (which clears their inputs), then their
          // spikes in node order.
          std::vector<std::uint32_t>& fired = fired_[std::size_t(ctx.thread)];
          fired.resize(hi - lo);
          std::array<double*, S::n> at{};
          for (std::size_t k = 0; k < S::n; ++k) at[k] = cols[k] + lo;
          const std::size_t count = M::update_bulk(at.data(), hi - lo, shared, in, hi - lo, fired.data());
          for (std::size_t j = 0; j < count; ++j)
            ctx.spikes.push_back(
                {step, first() + static_cast<std::uint32_t>(lo + fired[j]), 1, 1.0, event_mode::plain});
          record(step, ctx.thread);
          continue;
        }
      }
      if constexpr (model_is_precise<M>) {
        // The step's precise spikes are ordered by column: the thread's nodes read consecutive ranges.
        const std::vector<precise_input>& list = ctx.pq.at(step);
        const auto col0 = static_cast<std::uint32_t>(sl.channel_base + M::precise_channel * (hi - lo));
        const precise_input* it =
            std::lower_bound(list.data(), list.data() + list.size(), col0,
                             [](const precise_input& a, std::uint32_t c) { return a.column < c; });
        const precise_input* const stop = list.data() + list.size();
        std::size_t i = lo;
        try {
          for (; i < hi; ++i) {
            const auto col = static_cast<std::uint32_t>(col0 + (i - lo));
            const precise_input* b = it;
            while (it != stop && it->column == col) ++it;
            const precise_spikes out{&ctx.spikes, step, first() + static_cast<std::uint32_t>(i)};
            if constexpr (model_needs_rng<M>) {
              const node_rng rng{ctx.run.seed, out.gid, step};
              M::update(srow{cols.data(), i}, Homogeneous ? shared : d_[i], inputs{in + (i - lo), hi - lo},
                        precise_events{b, it}, out, random_ ? &rng : nullptr);
            } else {
              M::update(srow{cols.data(), i}, Homogeneous ? shared : d_[i], inputs{in + (i - lo), hi - lo},
                        precise_events{b, it}, out);
            }
          }
        } catch (const ode_failure& f) {
          ode_failed(i, step, ctx, f);
        }
      } else {
        update_nodes<Homogeneous, Random>(step, cols.data(), in, shared, ctx);
      }
      std::fill(in, in + (hi - lo) * C, 0.0);
      record(step, ctx.thread);
    }
  }

  /// The per-node update of the thread's nodes in one step (`shared` by value: a local copy stays in
  /// registers).
  template <bool Homogeneous, bool Random>
  void update_nodes(std::int64_t step, double* const* cols, const double* in, const derived shared,
                    update_context& ctx) {
    const thread_slice& sl = slices[ctx.thread];
    const std::size_t lo = sl.lo, hi = sl.hi;
    std::size_t i = lo;
    try {
      for (; i < hi; ++i) update_node<Homogeneous, Random>(step, cols, in, shared, ctx, i, lo, hi);
    } catch (const ode_failure& f) {
      ode_failed(i, step, ctx, f);
    }
  }

  /// A node's integration failed (ode_failure): the error names the model, the node and the time.
  [[noreturn]] void ode_failed(std::size_t i, std::int64_t step, const update_context& ctx,
                               const ode_failure& f) const {
    throw numerical_error(std::string(M::name) + ": node " + std::to_string(first() + i) +
                          " at t = " + format_number(double(step + 1) * ctx.run.dt) +
                          " ms: the integration failed or the state diverged (GSL status " +
                          std::to_string(f.status) +
                          "); NEST stops with GSLSolverFailure or NumericalInstability");
  }

  template <bool Homogeneous, bool Random>
  void update_node(std::int64_t step, double* const* cols, const double* in, const derived& shared,
                   update_context& ctx, std::size_t i, std::size_t lo, std::size_t hi) {
    {
      const derived& d = Homogeneous ? shared : d_[i];
      const std::uint32_t gid = first() + static_cast<std::uint32_t>(i);
      const inputs in_i{in + (i - lo), hi - lo};
      if constexpr (model_emits_rate<M> && !model_sends_rate_after_update<M>) {
        // sent every step, also a zero rate: with linear_summation = false a target adds w input(0)
        ctx.spikes.push_back({step, gid, 1, cols[M::rate_output][i], event_mode::rate});
      }
      unsigned m;
      if constexpr (model_has_archive<M>) {
        const history_slot<typename M::archive> h{post_hist_[i], step + 1};
        if constexpr (model_needs_rng<M>) {
          const node_rng rng{ctx.run.seed, gid, step};
          m = M::update(srow{cols, i}, d, in_i, h, Random ? &rng : nullptr);
        } else {
          m = M::update(srow{cols, i}, d, in_i, h);
        }
      } else if constexpr (model_needs_rng<M>) {
        // Without a node that draws, the model sees a null stream and its random branch compiles away.
        const node_rng rng{ctx.run.seed, gid, step};
        const node_rng* r = Random ? &rng : nullptr;
        if constexpr (model_has_arrays<M>)
          m = M::update(srow{cols, i}, d, in_i, ar_[i], r);
        else
          m = M::update(srow{cols, i}, d, in_i, r);
      } else if constexpr (model_has_arrays<M>) {
        m = M::update(srow{cols, i}, d, in_i, ar_[i]);
      } else if constexpr (model_has_connection_ports<M>) {
        // The node's per-connection ports: read by the model, then cleared here.
        auto& nd = cp_.nodes[i];
        double* row = ctx.rb.row(step);
        connection_ports cp{row, nd.cols.data(), nd.w.data(), nd.s.data(), nd.cols.size()};
        m = M::update(srow{cols, i}, d, in_i, cp);
        for (const std::uint32_t c : nd.cols) row[c] = 0.0;
      } else if constexpr (model_takes_gap_junctions<M>) {
        if (ctx.gap) {
          const gap_input g = ctx.gap->input(ctx.gap->index(gid), step);
          m = M::update(srow{cols, i}, d, in_i, &g);
        } else {
          m = M::update(srow{cols, i}, d, in_i, nullptr);
        }
      } else {
        m = M::update(srow{cols, i}, d, in_i);
      }
      if (m) ctx.spikes.push_back({step, gid, m, 1.0, event_mode::plain});
      if constexpr (model_emits_rate<M> && model_sends_rate_after_update<M>) {
        ctx.spikes.push_back({step, gid, 1, cols[M::rate_output][i], event_mode::rate});
      }
    }
  }

  /// The waveform relaxation's tentative update (gap_junctions.hpp) of the thread's nodes over [from, to):
  /// each from a copy of its state; only the integrator's step size is kept afterwards (NEST keeps it in
  /// its buffers, which wfr_update does not restore).
  bool wfr_nodes(std::int64_t from, std::int64_t to, update_context& ctx, gap_exchange& ex) {
    const thread_slice& sl = slices[ctx.thread];
    const std::size_t lo = sl.lo, hi = sl.hi;
    const int order = ex.order();
    bool done = true;
    std::size_t i = lo;
    std::int64_t step = from;
    try {
      for (; i < hi; ++i) {
        const derived& d = homogeneous_ ? d_[0] : d_[i];
        std::array<double, S::n> st;
        for (std::size_t k = 0; k < S::n; ++k) st[k] = s_[k][i];
        const std::uint32_t g = ex.index(first() + static_cast<std::uint32_t>(i));
        for (step = from; step < to; ++step) {
          const inputs in{ctx.rb.row(step) + sl.channel_base + (i - lo), hi - lo};
          const gap_input gi = ex.input(g, step);
          const double y0 = st[S::V_m];
          const double hf0 = order == 3 ? d.dt * M::gap_dVdt(st.data(), d, gi, 0.0) : 0.0;
          M::wfr_step(st.data(), d, in, gi);
          const double y1 = st[S::V_m];
          double& last = ex.last_v(g, step);
          if (std::fabs(y1 - last) > ex.tol()) done = false;
          last = y1;
          const double hf1 = order == 3 ? d.dt * M::gap_dVdt(st.data(), d, gi, d.dt) : 0.0;
          gap_waveform(order, y0, y1, hf0, hf1, ex.sent(g, step));
        }
        s_[S::h][i] = st[S::h];
      }
    } catch (const ode_failure& f) {
      ode_failed(i, step, ctx, f);
    }
    return done;
  }

  std::vector<prow<M>> p_;
  // NEST's ArchivingNode parameters, which every neuron has: the time constants of the spike history
  // that spike-timing-dependent synapses read (core/spike_history.hpp).
  struct archiving {
    double tau_minus = 20.0, tau_minus_triplet = 110.0;
  };
  static constexpr std::array<param_spec, 2> archiving_params{{
      {"tau_minus", 20.0, unit::ms, check::positive,
       "time constant of the STDP depression trace (read by STDP synapses)"},
      {"tau_minus_triplet", 110.0, unit::ms, check::positive,
       "time constant of the triplet STDP depression trace (read by stdp_triplet_synapse)"},
  }};
  std::vector<archiving> arch_;
  std::array<std::vector<double>, S::n> s_, s0_;
  std::vector<derived> d_;
  std::conditional_t<model_has_arrays<M>, array_store<M>, no_arrays> ar_;  // array parameters, if any
  connection_port_store cp_;  // per-connection ports (models with connection_elements), else empty
  std::vector<typename archive_of<M>::type> post_hist_ =  // postsynaptic histories (models with an archive)
      std::vector<typename archive_of<M>::type>(model_has_archive<M> ? p_.size() : 0);
  bool homogeneous_ = false;
  bool random_ = false;  // some node draws random numbers (models with needs_rng)
  std::array<std::vector<std::uint32_t>, 256> fired_;  // per thread: who fired this step (bulk update)
};

}  // namespace nestor::detail
