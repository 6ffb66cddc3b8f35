#include "models/neurons/clopath_archive.hpp"

namespace nestor::detail {

void clopath_archive::init(std::int64_t delay_steps, std::int64_t nest_slice, std::int64_t nest_max_delay,
                           std::int64_t slice, double dt) {
  const auto slots = std::size_t(delay_steps + 1);  // written before read: one slot more than the delay
  delayed_plus_.assign(slots, 0.0);
  delayed_minus_.assign(slots, 0.0);
  delayed_idx_ = 0;
  ltd_.clear();
  ring_ = std::size_t(nest_max_delay + 1);
  keep_ = ring_ + std::size_t(std::max<std::int64_t>(slice, 1));
  nest_slice_ = std::max<std::int64_t>(nest_slice, 1);
  dt_ = dt;
  ltp_.clear();
}

void clopath_archive::clear() {
  delayed_plus_.clear();
  delayed_minus_.clear();
  delayed_idx_ = 0;
  ltd_.clear();
  ltp_.clear();
}

void clopath_archive::write(std::int64_t stamp, double dt, double u, double u_bar_plus, double u_bar_minus,
                            double u_bar_bar, const clopath_rule& r) {
  delayed_plus_[delayed_idx_] = u_bar_plus;
  delayed_minus_[delayed_idx_] = u_bar_minus;
  delayed_idx_ = (delayed_idx_ + 1) % delayed_plus_.size();
  const double plus = delayed_plus_[delayed_idx_], minus = delayed_minus_[delayed_idx_];
  if (n_incoming_ == 0) return;
  const double t = stamp_ms(stamp, dt);
  if (u > r.theta_plus && plus > r.theta_minus) {
    while (ltp_.size() > 1 && ltp_.front().reads >= n_incoming_) ltp_.pop_front();
    ltp_.push_back({t, r.A_LTP * (u - r.theta_plus) * (plus - r.theta_minus) * dt, 0});
  }
  if (minus > r.theta_minus) {
    const double dw = r.A_LTD_const
                          ? r.A_LTD * (minus - r.theta_minus)
                          : r.A_LTD * u_bar_bar * u_bar_bar * (minus - r.theta_minus) / r.u_ref_squared;
    ltd_.push_back({t, dw, 0});
    if (ltd_.size() > keep_) ltd_.pop_front();
  }
}

double clopath_archive::ltd_value(double t, double t_spike) const {
  if (t < 0.0) return 0.0;
  // the end of NEST's slice holding the spike: what NEST's ring has seen when it delivers the spike
  const std::int64_t stamp = std::llround(t_spike / dt_);
  const double end = stamp_ms(((stamp - 1) / nest_slice_ + 1) * nest_slice_, dt_);
  std::size_t seen = 0;
  for (auto it = ltd_.rbegin(); it != ltd_.rend() && seen < ring_; ++it) {
    if (it->t > end + 1.0e-6) continue;  // written after NEST's delivery
    ++seen;
    if (std::fabs(t - it->t) < 1.0e-6) return it->dw;  // NEST's stdp_eps
  }
  return 0.0;
}

}  // namespace nestor::detail
