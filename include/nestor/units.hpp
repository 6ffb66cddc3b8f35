#pragma once
// Physical quantities at the C++ API boundary.
//
// A quantity<M, K, S, A> holds a value in SI base units together with its dimension (exponents of
// metre, kilogram, second, ampere) as part of its type, so that `0.1_ms + 376.0_pA` does not compile.
// Literals give the units neuroscientists use (`0.1_ms`, `376.0_pA`, `250.0_pF`, ...). At the boundary
// to the engine a quantity is converted into a `value`, which keeps the dimension at run time; the
// engine checks it against the parameter's NEST unit once and then works on plain doubles.
//
// We keep this layer of our own (about a hundred lines) instead of nholthaus units because parameter
// dictionaries need a type-erased value with a run-time dimension, which that library does not offer.

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace nestor {

/// Exponents of metre, kilogram, second and ampere.
struct dimension {
  std::int8_t m = 0, kg = 0, s = 0, A = 0;
  friend constexpr bool operator==(const dimension&, const dimension&) = default;
};

template <int M, int K, int S, int A>
struct quantity {
  double si = 0.0;  ///< value in SI base units
  static constexpr dimension dim{M, K, S, A};
  constexpr quantity operator-() const { return {-si}; }
  constexpr quantity& operator+=(quantity o) {
    si += o.si;
    return *this;
  }
};

template <int M, int K, int S, int A>
constexpr quantity<M, K, S, A> operator+(quantity<M, K, S, A> a, quantity<M, K, S, A> b) {
  return {a.si + b.si};
}
template <int M, int K, int S, int A>
constexpr quantity<M, K, S, A> operator-(quantity<M, K, S, A> a, quantity<M, K, S, A> b) {
  return {a.si - b.si};
}
template <int M, int K, int S, int A>
constexpr quantity<M, K, S, A> operator*(double f, quantity<M, K, S, A> q) {
  return {f * q.si};
}
template <int M, int K, int S, int A>
constexpr quantity<M, K, S, A> operator*(quantity<M, K, S, A> q, double f) {
  return {f * q.si};
}
template <int M, int K, int S, int A>
constexpr quantity<M, K, S, A> operator/(quantity<M, K, S, A> q, double f) {
  return {q.si / f};
}
template <int M1, int K1, int S1, int A1, int M2, int K2, int S2, int A2>
constexpr auto operator*(quantity<M1, K1, S1, A1> a, quantity<M2, K2, S2, A2> b) {
  return quantity<M1 + M2, K1 + K2, S1 + S2, A1 + A2>{a.si * b.si};
}
template <int M1, int K1, int S1, int A1, int M2, int K2, int S2, int A2>
constexpr auto operator/(quantity<M1, K1, S1, A1> a, quantity<M2, K2, S2, A2> b) {
  return quantity<M1 - M2, K1 - K2, S1 - S2, A1 - A2>{a.si / b.si};
}

using time_q = quantity<0, 0, 1, 0>;
using voltage_q = quantity<2, 1, -3, -1>;
using current_q = quantity<0, 0, 0, 1>;
using capacitance_q = quantity<-2, -1, 4, 2>;
using conductance_q = quantity<-2, -1, 3, 2>;
using resistance_q = quantity<2, 1, -3, -2>;
using frequency_q = quantity<0, 0, -1, 0>;

namespace units {
inline constexpr time_q ms{1e-3};
inline constexpr time_q second{1.0};
inline constexpr voltage_q mV{1e-3};
inline constexpr current_q pA{1e-12};
inline constexpr current_q nA{1e-9};
inline constexpr capacitance_q pF{1e-12};
inline constexpr conductance_q nS{1e-9};
inline constexpr frequency_q Hz{1.0};
inline constexpr frequency_q kHz{1e3};
inline constexpr resistance_q MOhm{1e6};
}  // namespace units

/// Returns the number of `unit` in `q`, e.g. `in_units(res.times[0], units::ms)`.
template <int M, int K, int S, int A>
constexpr double in_units(quantity<M, K, S, A> q, quantity<M, K, S, A> unit) {
  return q.si / unit.si;
}

namespace literals {
#define NESTOR_LITERAL(suffix, type, factor)                 \
  constexpr type operator""_##suffix(long double v) {        \
    return {static_cast<double>(v) * factor};                \
  }                                                          \
  constexpr type operator""_##suffix(unsigned long long v) { \
    return {static_cast<double>(v) * factor};                \
  }
NESTOR_LITERAL(ms, time_q, 1e-3)
NESTOR_LITERAL(s, time_q, 1.0)
NESTOR_LITERAL(mV, voltage_q, 1e-3)
NESTOR_LITERAL(pA, current_q, 1e-12)
NESTOR_LITERAL(nA, current_q, 1e-9)
NESTOR_LITERAL(pF, capacitance_q, 1e-12)
NESTOR_LITERAL(nS, conductance_q, 1e-9)
NESTOR_LITERAL(Hz, frequency_q, 1.0)
NESTOR_LITERAL(kHz, frequency_q, 1e3)
NESTOR_LITERAL(MOhm, resistance_q, 1e6)
#undef NESTOR_LITERAL
}  // namespace literals

/// One parameter value as a user gives it: numbers (a scalar, or an array with a shape), with or
/// without a dimension, or strings. A number without a dimension means the parameter's NEST unit.
class value {
 public:
  value() = default;
  value(double v) : data_{v} {}
  value(int v) : data_{static_cast<double>(v)} {}
  value(bool v) : data_{v ? 1.0 : 0.0}, boolean_(true) {}
  value(const char* s) : strings_{s}, is_string_(true) {}
  value(std::string s) : strings_{std::move(s)}, is_string_(true) {}
  value(std::vector<std::string> s) : strings_(std::move(s)), is_string_(true), shape_{strings_.size()} {}
  value(std::vector<double> v) : data_(std::move(v)), shape_{data_.size()} {}
  value(std::initializer_list<double> v) : data_(v), shape_{data_.size()} {}
  template <int M, int K, int S, int A>
  value(quantity<M, K, S, A> q) : data_{q.si}, dim_{M, K, S, A}, has_dim_(true) {}
  template <int M, int K, int S, int A>
  value(const std::vector<quantity<M, K, S, A>>& qs) : shape_{qs.size()}, dim_{M, K, S, A}, has_dim_(true) {
    for (auto q : qs) data_.push_back(q.si);
  }
  template <int M, int K, int S, int A>
  value(std::initializer_list<quantity<M, K, S, A>> qs) : value(std::vector<quantity<M, K, S, A>>(qs)) {}
  /// An n-dimensional array of numbers in row-major order, in NEST units.
  static value array(std::vector<double> data, std::vector<std::size_t> shape) {
    value v(std::move(data));
    v.shape_ = std::move(shape);
    return v;
  }

  /// Element k of a numeric array, keeping the dimension.
  value element(std::size_t k) const {
    value v(data_.at(k));
    v.dim_ = dim_;
    v.has_dim_ = has_dim_;
    v.boolean_ = boolean_;
    return v;
  }
  /// Row r of a 2-D numeric array, as a 1-D array keeping the dimension.
  value row(std::size_t r) const {
    const std::size_t w = shape_.at(1);
    value v(std::vector<double>(data_.begin() + r * w, data_.begin() + (r + 1) * w));
    v.dim_ = dim_;
    v.has_dim_ = has_dim_;
    return v;
  }

  const std::vector<double>& numbers() const { return data_; }
  const std::vector<std::string>& strings() const { return strings_; }
  const std::vector<std::size_t>& shape() const { return shape_; }  ///< empty for a scalar
  bool is_string() const { return is_string_; }
  bool is_bool() const { return boolean_; }
  bool has_dimension() const { return has_dim_; }
  dimension dim() const { return dim_; }
  std::size_t size() const { return is_string_ ? strings_.size() : data_.size(); }

 private:
  std::vector<double> data_;
  std::vector<std::string> strings_;
  bool boolean_ = false;
  bool is_string_ = false;
  std::vector<std::size_t> shape_;
  dimension dim_{};
  bool has_dim_ = false;
};

}  // namespace nestor
