#include "core/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace nestor::detail {

progress_meter::progress_meter(bool enabled, double t_begin_ms, double t_end_ms)
    : enabled_(enabled && isatty(STDERR_FILENO)), begin_(t_begin_ms), end_(t_end_ms) {
  start_ = last_ = std::chrono::steady_clock::now();
}

void progress_meter::update(double t_ms) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  if (elapsed < 2.0 || std::chrono::duration<double>(now - last_).count() < 0.25) return;
  last_ = now;
  shown_ = true;
  const double frac = (t_ms - begin_) / (end_ - begin_);
  const double eta = frac > 0 ? elapsed * (1 - frac) / frac : 0.0;
  std::fprintf(stderr, "\r[nestor] simulated %.1f of %.1f ms (%3.0f%%), %.1f s elapsed, ~%.1f s left   ",
               t_ms, end_, 100 * frac, elapsed, eta);
  std::fflush(stderr);
}

progress_meter::~progress_meter() {
  if (shown_) {
    std::fprintf(stderr, "\r%80s\r", "");
    std::fflush(stderr);
  }
}

}  // namespace nestor::detail
