#include "models/neurons/clopath_archive.hpp"

namespace nestor::detail {

void clopath_archive::init(std::int64_t delay_steps, std::int64_t max_delay_steps) {
  const auto slots = std::size_t(delay_steps + 1);  // written before read: one slot more than the delay
  delayed_plus_.assign(slots, 0.0);
  delayed_minus_.assign(slots, 0.0);
  delayed_idx_ = 0;
  ltd_.assign(std::size_t(max_delay_steps + 1), history_entry{0.0, 0.0, 0});
  ltd_next_ = 0;
  ltp_.clear();
}

void clopath_archive::clear() {
  delayed_plus_.clear();
  delayed_minus_.clear();
  delayed_idx_ = 0;
  ltd_.clear();
  ltd_next_ = 0;
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
    ltd_[ltd_next_] = {t, dw, 0};
    ltd_next_ = (ltd_next_ + 1) % ltd_.size();
  }
}

double clopath_archive::ltd_value(double t) const {
  if (t < 0.0) return 0.0;
  for (const history_entry& e : ltd_)
    if (std::fabs(t - e.t) < 1.0e-6) return e.dw;  // NEST's stdp_eps
  return 0.0;
}

}  // namespace nestor::detail
