#include "connect/random_param.hpp"

#include <cmath>
#include <limits>
#include <string>

namespace nestor::detail {

namespace {
double bound(const value& v, unit u, std::string_view what, const char* name) {
  // Infinite bounds mean "none"; they may come without a unit.
  if (!v.is_string() && v.size() == 1 && std::isinf(v.numbers()[0])) return v.numbers()[0];
  return to_nest_unit(v, 0, u, "connect", std::string(what) + " " + name);
}
}  // namespace

random_param::random_param(const distribution& d, unit u, std::string_view what) : k_(d.k), mode_(d.mode) {
  const std::string w(what);
  auto err = [&](const std::string& msg) { throw bad_value("connect parameter " + w + ": " + msg); };
  switch (d.k) {
    case distribution::kind::uniform:
      a_ = to_nest_unit(d.a, 0, u, "connect", w + " min");
      b_ = to_nest_unit(d.b, 0, u, "connect", w + " max");
      if (!(std::isfinite(a_) && std::isfinite(b_) && a_ <= b_))
        err("uniform(min = " + format_number(a_) + ", max = " + format_number(b_) + "): expected finite min <= max");
      break;
    case distribution::kind::normal:
      a_ = to_nest_unit(d.a, 0, u, "connect", w + " mean");
      b_ = to_nest_unit(d.b, 0, u, "connect", w + " std");
      if (!(std::isfinite(a_) && std::isfinite(b_) && b_ >= 0))
        err("normal(mean = " + format_number(a_) + ", std = " + format_number(b_) +
            "): expected a finite mean and a finite std >= 0");
      break;
    case distribution::kind::lognormal:
      a_ = to_nest_unit(d.a, 0, unit::none, "connect", w + " mean");
      b_ = to_nest_unit(d.b, 0, unit::none, "connect", w + " std");
      if (!(std::isfinite(a_) && std::isfinite(b_) && b_ >= 0))
        err("lognormal(mean = " + format_number(a_) + ", std = " + format_number(b_) +
            "): expected a finite mean and a finite std >= 0");
      break;
    case distribution::kind::exponential:
      a_ = to_nest_unit(d.a, 0, u, "connect", w + " beta");
      b_ = 0;
      if (!(std::isfinite(a_) && a_ > 0)) err("exponential(beta = " + format_number(a_) + "): expected beta > 0");
      break;
  }
  lo_ = bound(d.lo, u, what, "min bound");
  hi_ = bound(d.hi, u, what, "max bound");
  if (!(lo_ <= hi_)) err("bounds min = " + format_number(lo_) + " > max = " + format_number(hi_));
  if (mode_ == distribution::bounds::redraw && lo_ == hi_) err("redraw needs min < max");
}

double random_param::raw(philox_stream& g) const {
  switch (k_) {
    case distribution::kind::uniform: return a_ + (b_ - a_) * g.uniform();
    case distribution::kind::normal:
    case distribution::kind::lognormal: {
      // Box-Muller on two fresh uniforms (the first in (0, 1]).
      const double u1 = 1.0 - g.uniform(), u2 = g.uniform();
      const double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * 3.14159265358979323846 * u2);
      const double x = a_ + b_ * z;
      return k_ == distribution::kind::normal ? x : std::exp(x);
    }
    case distribution::kind::exponential: return -a_ * std::log(1.0 - g.uniform());
  }
  return 0.0;
}

double random_param::lowest() const {
  double low = -std::numeric_limits<double>::infinity();
  switch (k_) {
    case distribution::kind::uniform: low = a_; break;
    case distribution::kind::normal: break;
    case distribution::kind::lognormal:
    case distribution::kind::exponential: low = 0.0; break;
  }
  return mode_ == distribution::bounds::none ? low : std::max(low, lo_);
}

double random_param::draw(philox_stream& g) const {
  if (mode_ == distribution::bounds::redraw) {
    for (int attempt = 0; attempt < 1000; ++attempt) {
      const double x = raw(g);
      if (x >= lo_ && x <= hi_) return x;
    }
    throw bad_value("connect: redraw found no value within [" + format_number(lo_) + ", " + format_number(hi_) +
                    "] in 1000 draws; the bounds exclude (almost) the whole distribution");
  }
  const double x = raw(g);
  if (mode_ == distribution::bounds::clip) return std::min(std::max(x, lo_), hi_);
  return x;
}

}  // namespace nestor::detail
