#pragma once
// A progress line on stderr for long runs: shown only when stderr is a terminal and the run has taken
// more than two seconds, updated at most a few times per second, erased when the run ends.

#include <chrono>
#include <cstdint>

namespace nestor::detail {

class progress_meter {
 public:
  progress_meter(bool enabled, double t_begin_ms, double t_end_ms);
  ~progress_meter();
  void update(double t_ms);

 private:
  bool enabled_;
  bool shown_ = false;
  double begin_, end_;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace nestor::detail
