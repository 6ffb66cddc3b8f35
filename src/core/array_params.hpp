#pragma once
// Array-valued parameters and per-element state of neuron models: NEST's multisynapse receptor ports
// (tau_syn, E_rev, ...: one value per port, with a synaptic current or conductance per port) and the
// kernels of GIF/GLIF models (tau_sfa, q_sfa, ...). A model declares
//   static constexpr int n_groups;                  arrays of one group have one length
//   static constexpr std::array<array_spec, A::n> arrays;      parameters, one value per element
//   static constexpr std::array<element_spec, E::n> elements;  state, one value per element
//   static int channels(const group_sizes<n_groups>&)          input channels for these lengths
// and its spike_port/current_port take the group sizes as a second argument; prepare() and update()
// take the node's arrays (node_arrays) after the scalar parameters / state.
//
// The number of input channels of a population is fixed when its nodes are created: every node has
// the same lengths in the groups that decide it (NEST allows ragged receptor counts; nestor asks for
// one population per count), and later changes that would alter it are refused.

#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/param_table.hpp"
#include "core/population.hpp"

namespace nestor::detail {

/// The number k of a recordable named "<element>_<k>" (per-element state: I_syn_1, s_NMDA_2, ...): k >= 1
/// written without a leading zero; 0 if `name` is not of this element, -1 if it is but k is no such
/// number (or larger than 100000).
inline long element_number(std::string_view name, std::string_view element) {
  if (name.size() <= element.size() + 1 || name.substr(0, element.size()) != element ||
      name[element.size()] != '_')
    return 0;
  const std::string_view digits = name.substr(element.size() + 1);
  std::size_t k = 0;
  for (char c : digits) {
    if (c < '0' || c > '9' || k > 100000) return -1;
    k = k * 10 + std::size_t(c - '0');
  }
  if (digits.front() == '0' || k < 1 || k > 100000) return -1;
  return long(k);
}

struct array_spec {
  std::string_view name;
  std::span<const double> def;  ///< default, in the NEST unit u
  unit u;
  check c;
  std::string_view doc;
  int group;  ///< arrays of one group have equal lengths (e.g. tau_syn and E_rev: one per port)
};

/// State with one value per element of a group; recorded as name_1, name_2, ... (NEST's convention).
struct element_spec {
  std::string_view name;
  double def;
  unit u;
  std::string_view doc;
  int group;
  bool recordable = true;
};

template <int G>
using group_sizes = std::array<std::size_t, std::size_t(G)>;

template <class M>
concept model_has_arrays = requires {
  M::arrays;
  M::elements;
  M::n_groups;
};

/// One node's arrays: parameters, current element state and initial element state (for reset).
template <std::size_t NA, std::size_t NE>
struct node_arrays {
  std::array<std::vector<double>, NA> p;
  std::array<std::vector<double>, NE> s;
  std::array<std::vector<double>, NE> s0;
  bool operator==(const node_arrays& o) const { return p == o.p; }
};

/// The arrays of all nodes of a population of model M.
template <class M>
class array_store {
 public:
  static constexpr std::size_t NA = M::arrays.size(), NE = M::elements.size();
  using row = node_arrays<NA, NE>;
  using sizes = group_sizes<M::n_groups>;

  explicit array_store(std::size_t n) : rows_(n, default_row()) {}

  static row default_row() {
    row r;
    for (std::size_t a = 0; a < NA; ++a) r.p[a].assign(M::arrays[a].def.begin(), M::arrays[a].def.end());
    resize_elements(r, true);
    return r;
  }

  static sizes sizes_of(const row& r) {
    sizes k{};
    for (std::size_t a = 0; a < NA; ++a) k[std::size_t(M::arrays[a].group)] = r.p[a].size();
    return k;
  }

  static void describe(model_description& m) {
    for (const auto& a : M::arrays)
      m.params.push_back({std::string(a.name), a.u, value(std::vector<double>(a.def.begin(), a.def.end())),
                          std::string(a.doc), false, true});
    for (const auto& e : M::elements)
      if (e.recordable) m.recordables.push_back(std::string(e.name) + "_<k>");
  }

  /// Sets array `name` of row r if it is one (false otherwise), checking every value.
  bool set(const std::string& name, const value& v, row& r) const {
    const int a = find_spec(M::arrays, name);
    if (a < 0) return false;
    const auto& sp = M::arrays[std::size_t(a)];
    std::vector<double> x(v.size());
    for (std::size_t k = 0; k < x.size(); ++k) {
      x[k] = to_nest_unit(v, k, sp.u, M::name, sp.name);
      check_value(x[k], sp.c, M::name, sp.name, sp.u);
    }
    r.p[std::size_t(a)] = std::move(x);
    return true;
  }

  /// After the arrays of node i were set: group lengths agree, element state follows the lengths, and
  /// the channel count stays what the population was created with.
  void commit(std::size_t i, row& r, bool initial) const {
    for (std::size_t a = 0; a < NA; ++a)
      for (std::size_t b = 0; b < a; ++b)
        if (M::arrays[a].group == M::arrays[b].group && r.p[a].size() != r.p[b].size())
          throw bad_value(std::string(M::name) + ": " + std::string(M::arrays[a].name) + " has " +
                          std::to_string(r.p[a].size()) + " values and " + std::string(M::arrays[b].name) +
                          " has " + std::to_string(r.p[b].size()) + ": expected the same number");
    resize_elements(r, initial);
    const int ch = M::channels(sizes_of(r));
    const int fixed = channels_ >= 0 ? channels_ : (i > 0 ? M::channels(sizes_of(rows_[0])) : ch);
    if (ch != fixed)
      throw bad_value(std::string(M::name) + ": node " + std::to_string(i) + " would have " + port_text(r) +
                      ", but the population was created with " + port_text(rows_[0]) +
                      ": the number of receptor ports is fixed when nodes are created (create nodes with "
                      "another number as a population of their own)");
  }

  int channels() const {
    if (channels_ < 0) channels_ = M::channels(sizes_of(rows_[0]));
    return channels_;
  }
  sizes group_size() const { return sizes_of(rows_[0]); }

  row& operator[](std::size_t i) { return rows_[i]; }
  const row& operator[](std::size_t i) const { return rows_[i]; }
  void replicate_first() { std::fill(rows_.begin() + 1, rows_.end(), rows_[0]); }
  void reset() {
    for (auto& r : rows_) r.s = r.s0;
  }
  bool homogeneous() const {
    for (const auto& r : rows_)
      if (r.p != rows_[0].p) return false;
    return true;
  }

  /// Recordable index of "name_k" (k >= 1) past the scalar state's `base` indices, or -1.
  int recordable_index(std::string_view name, int base) const {
    for (std::size_t e = 0; e < NE; ++e) {
      const auto& sp = M::elements[e];
      if (!sp.recordable) continue;
      const long k = element_number(name, sp.name);
      if (k == 0) continue;
      if (k < 0 || std::size_t(k) > rows_[0].s[e].size()) return -1;
      return base + int(e * max_elements + std::size_t(k - 1));
    }
    return -1;
  }
  double recordable(int j, int base, std::size_t i) const {
    const std::size_t e = std::size_t(j - base) / max_elements, k = std::size_t(j - base) % max_elements;
    return rows_[i].s[e][k];
  }

 private:
  static constexpr std::size_t max_elements = 1u << 16;
  static void resize_elements(row& r, bool initial) {
    const sizes k = sizes_of(r);
    for (std::size_t e = 0; e < NE; ++e) {
      const std::size_t want = k[std::size_t(M::elements[e].group)];
      r.s[e].resize(want, M::elements[e].def);
      if (initial || r.s0[e].size() != want) r.s0[e].resize(want, M::elements[e].def);
    }
  }
  static std::string port_text(const row& r) {
    std::string s;
    for (std::size_t a = 0; a < NA; ++a) {
      if (!s.empty()) s += ", ";
      s += std::to_string(r.p[a].size()) + " " + std::string(M::arrays[a].name);
    }
    return s;
  }
  std::vector<row> rows_;
  mutable int channels_ = -1;
};

}  // namespace nestor::detail
