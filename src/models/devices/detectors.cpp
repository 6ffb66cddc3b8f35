#include "models/devices/detectors.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "models/registration.hpp"

namespace nestor::detail {

namespace {
constexpr double inf = std::numeric_limits<double>::infinity();

/// delta_tau, tau_max, Tstart, Tstop (NEST's names and meanings), after the window parameters.
std::vector<param_spec> lag_table(double delta_tau, bool channels) {
  std::vector<param_spec> t{
      {"delta_tau", delta_tau, unit::ms, check::positive, "width of the histogram bins (a multiple of dt)"},
      {"tau_max", 10 * delta_tau, unit::ms, check::nonnegative,
       "largest lag counted, one-sided (a multiple of delta_tau)"},
      {"Tstart", 0.0, unit::ms, check::any, "spikes stamped before Tstart are not counted (but remembered)"},
      {"Tstop", inf, unit::ms, check::any, "spikes stamped after Tstop are not counted (default inf)"},
  };
  if (channels)
    t.push_back({"N_channels", 1.0, unit::none, check::integer_nonnegative,
                 "number of input pools (receptor_type 0 .. N_channels - 1), at least 1"});
  return device_base::window_params(t);
}

model_description describe_as(const char* name, const std::vector<param_spec>& table) {
  return device_base::make_description(name, node_kind::spike_recorder, table);
}

named_array vec(std::vector<double> v, std::vector<std::size_t> shape = {}, std::string unit = "1") {
  if (shape.empty()) shape = {v.size()};
  return {std::move(v), std::move(shape), std::move(unit)};
}
}  // namespace

// ---- spike_observer ----

void spike_observer::observe(const population& src, std::uint32_t gid, int port, double weight) {
  if (size() != 1) throw illegal_connection(desc_.name + ": connect one device node at a time");
  if (port < 0 || port >= n_ports())
    throw illegal_connection(desc_.name + " has no receptor_type " + std::to_string(port) + ": expected 0" +
                             (n_ports() > 1 ? " to " + std::to_string(n_ports() - 1) : std::string()));
  if (src.kind() == node_kind::neuron) {
    const auto p = src.spike_port(0);
    const bool binary_src = p && (p->flags & binary);
    if (binary_src != binary_input())
      throw illegal_connection(desc_.name +
                               (binary_input() ? " takes the events of binary neurons, not of "
                                               : " takes spikes, not the binary events of ") +
                               src.model());
  }
  if (links_.size() <= gid) links_.resize(gid + 1);
  links_[gid].emplace_back(port, weight);
}

void spike_observer::set(std::size_t i, const param_list& kv, bool initial) {
  int k_tstop = -1;
  for (std::size_t k = 0; k < desc_.params.size(); ++k)
    if (desc_.params[k].name == "Tstop") k_tstop = int(k);
  param_list rest;
  bool inf_tstop = false;
  for (const auto& entry : kv) {
    const value& v = entry.second;
    if (k_tstop >= 0 && entry.first == "Tstop" && !v.is_string() && v.size() == 1 &&
        std::isinf(v.numbers()[0]) && v.numbers()[0] > 0) {
      inf_tstop = true;
      continue;
    }
    rest.push_back(entry);
  }
  device_base::set(i, rest, initial);
  if (inf_tstop) {
    std::vector<double> row = params_of(i);
    row[std::size_t(k_tstop)] = inf;
    restore_params(i, std::move(row));
  }
}

void spike_observer::prepare(const run_info&) {
  lo_ = t_min(0);
  hi_ = t_max(0);
}

void spike_observer::collect(const std::vector<spike_event>& spikes) {
  if (links_.empty()) {  // nothing connected (the weight_recorder: never)
    end_slice();
    return;
  }
  for (const auto& e : spikes) {
    if (e.gid >= links_.size() || links_[e.gid].empty()) continue;
    const std::int64_t stamp = e.step + 1;
    if (!(lo_ < stamp && stamp <= hi_)) continue;
    for (const auto& [port, w] : links_[e.gid])
      if (port < n_ports()) handle(stamp, e.gid, e.mult, port, w * e.factor, e.offset);
  }
  end_slice();
}

std::int64_t spike_observer::first_stamp_from(double ms) const {
  if (std::isinf(ms))
    return ms < 0 ? std::numeric_limits<std::int64_t>::min() : std::numeric_limits<std::int64_t>::max();
  return static_cast<std::int64_t>(std::ceil(ms / dt() - 1e-9));
}

std::int64_t spike_observer::last_stamp_until(double ms) const {
  if (std::isinf(ms))
    return ms < 0 ? std::numeric_limits<std::int64_t>::min() : std::numeric_limits<std::int64_t>::max();
  return static_cast<std::int64_t>(std::floor(ms / dt() + 1e-9));
}

bool spike_observer::touches(const param_list& kv, std::initializer_list<std::string_view> names) {
  for (const auto& [k, v] : kv)
    for (auto n : names)
      if (k == n) return true;
  return false;
}

void spike_observer::check_lags(double delta_tau, double tau_max) const {
  grid_steps(delta_tau, "delta_tau");
  const double k = tau_max / delta_tau;
  if (std::abs(k - std::round(k)) > 1e-9 * std::max(1.0, k))
    throw bad_value(desc_.name + " parameter tau_max = " + format_number(tau_max) +
                    " ms: expected a multiple of delta_tau = " + format_number(delta_tau) + " ms");
}

// ---- correlation_detector ----

correlation_detector::correlation_detector(std::uint32_t first, std::size_t n, double dt)
    : spike_observer(
          first, n, dt,
          [&] {
            auto d = describe_as("correlation_detector", lag_table(5 * dt, false));
            d.params.push_back({"n_events", unit::none, value(std::vector<double>{0.0, 0.0}),
                                "events counted per port; set [0, 0] to clear the histograms", false, true});
            return d;
          }(),
          lag_table(5 * dt, false)) {}

bool correlation_detector::set_extra(std::size_t, const std::string& name, const value& v) {
  if (name != "n_events") return false;
  if (v.is_string() || v.size() != 2 || v.numbers()[0] != 0.0 || v.numbers()[1] != 0.0)
    throw bad_value(desc_.name +
                    " parameter n_events: can only be set to [0, 0] (which clears the histograms)");
  fresh_ = true;
  return true;
}

bool correlation_detector::get_extra(std::size_t, std::string_view name, value& out) const {
  if (name != "n_events") return false;
  out =
      fresh_ ? value(std::vector<double>{0.0, 0.0}) : value(std::vector<double>{n_events_[0], n_events_[1]});
  return true;
}

void correlation_detector::validate(const std::vector<double>& row) const {
  check_lags(row[DELTA_TAU], row[TAU_MAX]);
}

void correlation_detector::set(std::size_t i, const param_list& kv, bool initial) {
  spike_observer::set(i, kv, initial);
  if (touches(kv, {"delta_tau", "tau_max", "Tstart", "Tstop"})) fresh_ = true;
}

void correlation_detector::prepare(const run_info& run) {
  spike_observer::prepare(run);
  D_ = steps(param(0, DELTA_TAU));
  T_ = steps(param(0, TAU_MAX));
  from_ = first_stamp_from(param(0, TSTART));
  to_ = last_stamp_until(param(0, TSTOP));
  if (!fresh_) return;
  fresh_ = false;
  const std::size_t bins = std::size_t(1 + 2 * T_ / D_);
  hist_.assign(bins, 0.0);
  corr_.assign(bins, 0.0);
  count_.assign(bins, 0.0);
  incoming_[0].clear();
  incoming_[1].clear();
  n_events_[0] = n_events_[1] = 0;
}

void correlation_detector::handle(std::int64_t stamp, std::uint32_t, std::uint32_t mult, int port, double w,
                                  double) {
  // NEST: forget the other pool's spikes that can no longer fall into the window (its left edge is
  // closed for port 1 spikes, so those stay half a step longer), then, if this spike lies in
  // [Tstart, Tstop], count it against every remembered spike of the other pool: bin
  // floor((tau_max + delta_tau / 2 + t1 - t0) / delta_tau). A pair of simultaneous spikes is counted
  // once, by the later of the two to arrive. The weighted histogram is a Kahan sum.
  const int other = 1 - port;
  auto& others = incoming_[other];
  const double tau_edge = double(T_) + 0.5 * double(D_);
  while (!others.empty() && double(stamp - others.front().step) - 0.5 * other >= tau_edge) others.pop_front();
  const double mw = double(mult) * w;
  if (from_ <= stamp && stamp <= to_) {
    n_events_[port] += 1;
    const double sign = 2.0 * port - 1.0;
    for (const auto& s : others) {
      const double b = std::floor((tau_edge + sign * double(stamp - s.step)) / double(D_));
      if (b < 0 || b >= double(hist_.size())) continue;
      const auto bin = std::size_t(b);
      const double y = mw * s.weight - corr_[bin];
      const double t = hist_[bin] + y;
      corr_[bin] = (t - hist_[bin]) - y;
      hist_[bin] = t;
      count_[bin] += mult;
    }
  }
  auto& mine = incoming_[port];
  auto at = std::find_if(mine.begin(), mine.end(), [&](const stored& s) { return s.step > stamp; });
  mine.insert(at, stored{stamp, mw});
}

recorder_record correlation_detector::finish() {
  recorder_record r;
  r.model = model();
  r.arrays["histogram"] = vec(hist_);
  r.arrays["histogram_correction"] = vec(corr_);
  r.arrays["count_histogram"] = vec(count_);
  r.arrays["n_events"] = vec({n_events_[0], n_events_[1]});
  return r;
}

// ---- correlomatrix_detector ----

correlomatrix_detector::correlomatrix_detector(std::uint32_t first, std::size_t n, double dt)
    : spike_observer(first, n, dt, describe_as("correlomatrix_detector", lag_table(5 * dt, true)),
                     lag_table(5 * dt, true)) {}

void correlomatrix_detector::validate(const std::vector<double>& row) const {
  if (row[N_CHANNELS] < 1)
    throw bad_value(desc_.name + " parameter N_channels = " + format_number(row[N_CHANNELS]) +
                    ": expected a value >= 1");
  check_lags(row[DELTA_TAU], row[TAU_MAX]);
  if (grid_steps(row[DELTA_TAU], "delta_tau") % 2 != 1)
    throw bad_value(desc_.name + " parameter delta_tau = " + format_number(row[DELTA_TAU]) +
                    " ms: expected an odd multiple of the resolution dt = " + format_number(dt()) + " ms");
}

void correlomatrix_detector::set(std::size_t i, const param_list& kv, bool initial) {
  spike_observer::set(i, kv, initial);
  if (touches(kv, {"delta_tau", "tau_max", "Tstart", "Tstop", "N_channels"})) fresh_ = true;
}

void correlomatrix_detector::prepare(const run_info& run) {
  spike_observer::prepare(run);
  D_ = steps(param(0, DELTA_TAU));
  T_ = steps(param(0, TAU_MAX));
  from_ = first_stamp_from(param(0, TSTART));
  to_ = last_stamp_until(param(0, TSTOP));
  if (!fresh_) return;
  fresh_ = false;
  N_ = std::size_t(param(0, N_CHANNELS));
  bins_ = std::size_t(1 + T_ / D_);
  cov_.assign(N_ * N_ * bins_, 0.0);
  count_.assign(N_ * N_ * bins_, 0.0);
  n_events_.assign(N_, 0.0);
  incoming_.clear();
}

void correlomatrix_detector::handle(std::int64_t stamp, std::uint32_t, std::uint32_t mult, int port, double w,
                                    double) {
  // NEST: remember the spike first (so that it meets itself at lag 0), forget spikes beyond the window
  // (NEST keeps min_delay steps more; with spikes arriving in time order the counts are the same), then
  // count it against all remembered spikes. Entry [a][b] holds lags t_a - t_b >= 0; bins are
  // left-open/right-closed for a <= b and left-closed/right-open for a > b; lag-0 pairs of different
  // spikes also count in [b][a][0].
  const double mw = double(mult) * w;
  auto at = std::find_if(incoming_.begin(), incoming_.end(), [&](const stored& s) { return s.step > stamp; });
  incoming_.insert(at, stored{stamp, mw, port});
  const double D = double(D_), tau_edge = double(T_) + 0.5 * D;
  while (!incoming_.empty() && double(stamp - incoming_.front().step) >= tau_edge + 1.0)
    incoming_.pop_front();
  if (!(from_ <= stamp && stamp <= to_)) return;
  n_events_[std::size_t(port)] += 1;
  auto idx = [&](std::size_t a, std::size_t b, std::size_t bin) { return (a * N_ + b) * bins_ + bin; };
  for (const auto& s : incoming_) {
    const std::int64_t d = stamp - s.step;
    std::size_t a = std::size_t(port), b = std::size_t(s.port);
    if (d < 0) std::swap(a, b);
    const double ad = std::abs(double(d));
    const double fb = a <= b ? -std::floor((0.5 * D - ad) / D) : std::floor((0.5 * D + ad) / D);
    if (fb >= double(bins_)) continue;
    const auto bin = std::size_t(fb);
    const double c = mw * s.weight;
    cov_[idx(a, b, bin)] += c;
    count_[idx(a, b, bin)] += mult;
    if (bin == 0 && (d != 0 || s.port != port)) {
      cov_[idx(b, a, 0)] += c;
      count_[idx(b, a, 0)] += mult;
    }
  }
}

recorder_record correlomatrix_detector::finish() {
  recorder_record r;
  r.model = model();
  r.arrays["covariance"] = vec(cov_, {N_, N_, bins_});
  r.arrays["count_covariance"] = vec(count_, {N_, N_, bins_});
  r.arrays["n_events"] = vec(n_events_);
  return r;
}

// ---- correlospinmatrix_detector ----

correlospinmatrix_detector::correlospinmatrix_detector(std::uint32_t first, std::size_t n, double dt)
    : spike_observer(first, n, dt, describe_as("correlospinmatrix_detector", lag_table(dt, true)),
                     lag_table(dt, true)) {}

void correlospinmatrix_detector::validate(const std::vector<double>& row) const {
  if (row[N_CHANNELS] < 1)
    throw bad_value(desc_.name + " parameter N_channels = " + format_number(row[N_CHANNELS]) +
                    ": expected a value >= 1");
  for (int k : {TSTART, TSTOP})
    if (row[k] < 0)
      throw bad_value(desc_.name + " parameter " + (k == TSTART ? "Tstart" : "Tstop") + " = " +
                      format_number(row[k]) + " ms: expected a value >= 0");
  check_lags(row[DELTA_TAU], row[TAU_MAX]);
}

void correlospinmatrix_detector::set(std::size_t i, const param_list& kv, bool initial) {
  spike_observer::set(i, kv, initial);
  if (touches(kv, {"delta_tau", "tau_max", "Tstart", "Tstop", "N_channels"})) fresh_ = true;
}

void correlospinmatrix_detector::prepare(const run_info& run) {
  spike_observer::prepare(run);
  D_ = steps(param(0, DELTA_TAU));
  T_ = steps(param(0, TAU_MAX));
  if (!fresh_) return;
  fresh_ = false;
  N_ = std::size_t(param(0, N_CHANNELS));
  bins_ = std::size_t(1 + 2 * T_ / D_);
  count_.assign(N_ * N_ * bins_, 0.0);
  on_.assign(N_, 0);
  last_change_.assign(N_, 0);
  incoming_.clear();
  last_i_ = 0;
  tentative_down_ = false;
  have_last_ = false;
}

void correlospinmatrix_detector::handle(std::int64_t stamp, std::uint32_t, std::uint32_t mult, int port,
                                        double, double) {
  // NEST's decoding by pool (not by sender): multiplicity 2 switches the pool on; a multiplicity-1 event
  // is a tentative down transition of the pool, confirmed by the next event unless that is a second
  // multiplicity-1 event of the same pool in the same step (then it was an up transition). On a
  // confirmed down transition the pool's on-pulse [t_on, t_off) is counted against every remembered
  // pulse at lags -tau_max .. tau_max in steps of delta_tau (overlap in steps). Tstart and Tstop are
  // not used (as NEST).
  const auto i_cur = std::size_t(port);
  bool down = false;
  if (mult == 1) {
    if (have_last_ && port == last_i_ && stamp == t_last_) {
      on_[i_cur] = 1;
      last_change_[i_cur] = stamp;
      tentative_down_ = false;
    } else {
      if (tentative_down_) down = true;
      tentative_down_ = true;
    }
  } else if (mult == 2) {
    on_[i_cur] = 1;
    if (tentative_down_) down = true;
    on_[std::size_t(last_i_)] = 0;  // as NEST (it clears the last pool's state here)
    last_change_[i_cur] = stamp;
    tentative_down_ = false;
  }
  if (down) {
    const auto i = std::size_t(last_i_);
    const std::int64_t t_i_on = last_change_[i], t_i_off = t_last_;
    std::int64_t t_min_on = t_i_on;
    for (std::size_t n = 0; n < N_; ++n)
      if (on_[n] && last_change_[n] < t_min_on) t_min_on = last_change_[n];
    // NEST keeps min_delay steps more; pulses that old overlap no later pulse within tau_max anyway.
    const double tau_edge = double(T_ + D_);
    while (!incoming_.empty() && double(t_min_on - incoming_.front().off) >= tau_edge + 1.0)
      incoming_.pop_front();
    auto at =
        std::find_if(incoming_.begin(), incoming_.end(), [&](const pulse& p) { return p.off > t_i_off; });
    incoming_.insert(at, pulse{t_i_on, t_i_off, int(i)});
    const std::int64_t t0 = T_ / D_, dt = D_;
    auto idx = [&](std::size_t a, std::size_t b, std::int64_t bin) {
      return (a * N_ + b) * bins_ + std::size_t(bin);
    };
    for (const auto& p : incoming_) {
      const auto j = std::size_t(p.port);
      const std::int64_t lo = std::max(p.on - t_i_off, -T_), hi = std::min(p.off - t_i_on, T_);
      const std::int64_t lag0 = std::min(t_i_off, p.off) - std::max(t_i_on, p.on);
      if (lag0 > 0) {
        count_[idx(i, j, t0)] += double(lag0);
        if (i != j) count_[idx(j, i, t0)] += double(lag0);
      }
      for (std::int64_t delta = lo / dt; delta < 0; ++delta) {  // C++ division truncates, as NEST
        const std::int64_t lag = std::min(t_i_off, p.off - delta * dt) - std::max(t_i_on, p.on - delta * dt);
        if (lag > 0) {
          count_[idx(i, j, t0 - delta)] += double(lag);
          count_[idx(j, i, t0 + delta)] += double(lag);
        }
      }
      if (i != j)
        for (std::int64_t delta = 1; delta <= hi / dt; ++delta) {
          const std::int64_t lag =
              std::min(t_i_off, p.off - delta * dt) - std::max(t_i_on, p.on - delta * dt);
          if (lag > 0) {
            count_[idx(i, j, t0 - delta)] += double(lag);
            count_[idx(j, i, t0 + delta)] += double(lag);
          }
        }
    }
    last_change_[i] = t_i_off;
  }
  last_i_ = port;
  t_last_ = stamp;
  have_last_ = true;
}

recorder_record correlospinmatrix_detector::finish() {
  recorder_record r;
  r.model = model();
  r.arrays["count_covariance"] = vec(count_, {N_, N_, bins_});
  return r;
}

// ---- spin_detector ----

spin_detector::spin_detector(std::uint32_t first, std::size_t n, double dt)
    : spike_observer(first, n, dt, describe_as("spin_detector", window_params({})), window_params({})) {}

void spin_detector::write(std::int64_t stamp, double offset, std::uint32_t gid, int state) {
  senders_.push_back(gid);
  times_.push_back(double(stamp) * dt() - offset);
  state_.push_back(state);
}

void spin_detector::handle(std::int64_t stamp, std::uint32_t gid, std::uint32_t mult, int, double,
                           double offset) {
  // NEST 3.9's decoding, literally: a multiplicity-1 event is held back; a second one of the same sender
  // in the same step turns it into an up transition (state 1); any other event writes the held one as
  // a down transition (state 0). Multiplicity 2 is an up transition. NEST's quirk: a multiplicity-1
  // event arriving while another is held writes the held one and is itself dropped.
  if (mult == 1 && pending_ && gid == last_gid_ && stamp == last_stamp_) last_state_ = 1;
  const bool was_pending = pending_;
  if (pending_) write(last_stamp_, last_offset_, last_gid_, last_state_);
  if (mult == 2) {
    write(stamp, offset, gid, 1);
    pending_ = false;
  } else if (!was_pending) {
    pending_ = true;
    last_gid_ = gid;
    last_stamp_ = stamp;
    last_offset_ = offset;
    last_state_ = 0;
  } else {
    pending_ = false;
  }
}

void spin_detector::end_slice() {
  // NEST writes a held event in the device's update, once per slice.
  if (pending_) write(last_stamp_, last_offset_, last_gid_, last_state_);
  pending_ = false;
}

recorder_record spin_detector::finish() {
  recorder_record r;
  r.model = model();
  r.arrays["senders"] = vec(std::move(senders_));
  r.arrays["times"] = vec(std::move(times_), {}, "ms");
  r.arrays["state"] = vec(std::move(state_));
  senders_.clear();
  times_.clear();
  state_.clear();
  return r;
}

void register_detectors(model_registry& reg) {
  add_device<correlation_detector>(reg);
  add_device<correlomatrix_detector>(reg);
  add_device<correlospinmatrix_detector>(reg);
  add_device<spin_detector>(reg);
}

}  // namespace nestor::detail
