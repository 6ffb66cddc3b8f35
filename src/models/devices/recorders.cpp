#include "models/devices/recorders.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "models/registration.hpp"

namespace nestor::detail {

namespace {
// NEST's recorder parameters for files (precision and time_in_steps: ascii files only).
const param_spec precision_spec{"precision", 3.0, unit::none, check::integer_nonnegative,
                                "ascii files: digits after the decimal point"};
const param_spec time_in_steps_spec{"time_in_steps", 0.0, unit::none, check::boolean,
                                    "ascii files: times as step and offset instead of ms"};

std::vector<param_spec> multimeter_table(double dt) {
  return device_base::window_params({
      {"interval", dt, unit::ms, check::positive, "time between samples (default: dt)"},
      {"offset", 0.0, unit::ms, check::nonnegative, "time of the first sample when > 0"},
      precision_spec,
      time_in_steps_spec,
  });
}
std::vector<param_spec> spike_recorder_table() {
  return device_base::window_params({precision_spec, time_in_steps_spec});
}
std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}
}  // namespace

multimeter::multimeter(std::uint32_t first, std::size_t n, double dt, bool voltmeter)
    : device_base(
          first, n, dt,
          [&] {
            auto d = make_description(voltmeter ? "voltmeter" : "multimeter", node_kind::analog_recorder,
                                      multimeter_table(dt));
            d.params.push_back({"record_from", unit::none,
                                value(std::vector<std::string>(voltmeter ? 1 : 0, "V_m")),
                                "names of the recordables to sample", false, true});
            recorder_files::describe(d);
            return d;
          }(),
          multimeter_table(dt)) {
  if (voltmeter) record_from_ = {"V_m"};
}

void multimeter::validate(const std::vector<double>& row) const {
  grid_steps(row[INTERVAL], "interval");
  grid_steps(row[OFFSET], "offset");
}

bool multimeter::set_extra(std::size_t, const std::string& name, const value& v) {
  if (files_.set(desc_.name, name, v)) return true;
  if (name != "record_from") return false;
  if (!v.is_string()) throw bad_argument(desc_.name + " parameter record_from: expected a list of names");
  if (!observed_.empty())
    throw bad_value(desc_.name + " parameter record_from: cannot be changed once the recorder is connected");
  record_from_ = v.strings();
  return true;
}

bool multimeter::get_extra(std::size_t, std::string_view name, value& out) const {
  if (files_.get(name, out)) return true;
  if (name != "record_from") return false;
  out = value(record_from_);
  return true;
}

void multimeter::check_recordables(const population& pop) const {
  for (const auto& var : record_from_)
    if (pop.recordable_index(var) < 0)
      throw unknown_parameter(desc_.name + " record_from: " + pop.model() + " has no recordable '" + var +
                              "'; it has: " + join(pop.describe().recordables));
}

void multimeter::observe(population& pop, std::size_t local) {
  if (size() != 1) throw illegal_connection(desc_.name + ": connect one recorder node at a time");
  check_recordables(pop);
  observed_.emplace_back(&pop, static_cast<std::uint32_t>(local));
}

void multimeter::prepare(const run_info& run) {
  const std::int64_t every = grid_steps(param(0, INTERVAL), "interval");
  const std::int64_t offset = grid_steps(param(0, OFFSET), "offset");
  const std::int64_t lo = t_min(0), hi = t_max(0);
  // Stamps of this call are run.begin + 1 .. run.end; find the first on the sampling grid.
  std::int64_t s = std::max(run.begin + 1, lo + 1);
  if (offset == 0) {
    s = ((s + every - 1) / every) * every;
  } else if (s <= offset) {
    s = offset;
  } else {
    s = offset + ((s - offset + every - 1) / every) * every;
  }
  const std::int64_t last = std::min(run.end, hi);
  first_ = s;
  every_ = every;
  n_rows_ = s <= last ? (last - s) / every + 1 : 0;
  // One tap per observed population and thread; each entry knows its column (connection order).
  std::map<std::pair<population*, int>, std::size_t> tap_of;
  for (std::size_t c = 0; c < observed_.size(); ++c) {
    auto [pop, local] = observed_[c];
    const int t = pop->column(local, 0).first;
    if (pop->taps.size() < pop->slices.size()) pop->taps.resize(pop->slices.size());
    auto it = tap_of.find({pop, t});
    if (it == tap_of.end()) {
      check_recordables(*pop);
      analog_tap tap{this, {}, {}, {}};
      for (const auto& v : record_from_) tap.vars.push_back(pop->recordable_index(v));
      pop->taps[t].push_back(std::move(tap));
      it = tap_of.emplace(std::pair{pop, t}, pop->taps[t].size() - 1).first;
    }
    pop->taps[t][it->second].local.push_back(local);
    pop->taps[t][it->second].cols.push_back(c);
  }
  recording_layout layout;
  layout.model = model();
  layout.analog = true;
  layout.value_names = record_from_;
  layout.value_units = units();
  layout.dt = dt();
  layout.precision = int(param(0, PRECISION));
  layout.time_in_steps = param(0, TIME_IN_STEPS) != 0.0;
  for (const auto& [pop, local] : observed_) layout.nodes.push_back(pop->first() + local);
  files_.prepare(run, first(), std::move(layout));
  written_ = 0;
  // In memory, all rows of the call. Writing a file, a ring of rows: those of the slice being sampled and
  // of the one before it (written by update() at the start of the next slice) never share a row.
  ring_ = std::max<std::int64_t>(n_rows_, 1);
  if (files_.active() && run.slice_steps > 0)
    ring_ = std::max<std::int64_t>(std::min(n_rows_, 2 * (run.slice_steps / every + 2)), 1);
  const std::int64_t rows = files_.active() ? ring_ : n_rows_;
  data_.assign(record_from_.size(), std::vector<double>(static_cast<std::size_t>(rows) * observed_.size()));
}

void multimeter::update(std::int64_t from, std::int64_t, update_context& ctx) {
  if (ctx.thread == 0 && files_.active()) write_rows(from);
}

void multimeter::write_rows(std::int64_t upto) {
  // rows with stamps <= upto are complete: every thread has finished the slices before `upto`
  const std::int64_t done = upto < first_ ? 0 : std::min(n_rows_, (upto - first_) / every_ + 1);
  const std::size_t cols = observed_.size();
  std::vector<const double*> vars(data_.size());
  while (written_ < done) {  // in pieces that do not wrap around the ring
    const std::int64_t at = written_ % ring_, n = std::min(done - written_, ring_ - at);
    for (std::size_t v = 0; v < data_.size(); ++v) vars[v] = data_[v].data() + std::size_t(at) * cols;
    files_.file().write_samples(first_ + written_ * every_, every_, std::size_t(n), vars);
    written_ += n;
  }
}

void multimeter::abort_run(std::int64_t now) {
  if (!files_.active()) return;
  write_rows(now);
  files_.end_run();
}

std::vector<std::string> multimeter::units() const {
  std::vector<std::string> out;
  for (const auto& var : record_from_) {
    std::string u = "1";
    if (!observed_.empty()) {
      for (const auto& p : observed_.front().first->describe().params)
        if (p.name == var) u = std::string(info(p.u).name);
    }
    out.push_back(u);
  }
  return out;
}

void multimeter::sample(std::int64_t step, const population& pop, const analog_tap& tap) {
  const std::int64_t stamp = step + 1;
  if (stamp < first_ || (stamp - first_) % every_ != 0) return;
  const std::int64_t row = (stamp - first_) / every_;
  if (row >= n_rows_) return;
  const std::size_t cols = observed_.size();
  for (std::size_t v = 0; v < tap.vars.size(); ++v) {
    double* out = data_[v].data() + static_cast<std::size_t>(row % ring_) * cols;
    for (std::size_t j = 0; j < tap.local.size(); ++j)
      out[tap.cols[j]] = pop.recordable(tap.vars[v], tap.local[j]);
  }
}

recorder_record multimeter::finish(std::int64_t) {
  recorder_record r;
  r.model = model();
  r.analog = true;
  r.vars = record_from_;
  for (const auto& [pop, local] : observed_) r.nodes.push_back(pop->first() + local);
  r.units = units();
  if (files_.active()) {  // the samples went to the file
    write_rows(first_ + n_rows_ * every_);
    files_.end_run();
    r.data.assign(record_from_.size(), {});
    data_.clear();
    return r;
  }
  for (std::int64_t k = 0; k < n_rows_; ++k) r.sample_times.push_back(double(first_ + k * every_) * dt());
  r.data = std::move(data_);
  data_.clear();
  return r;
}

spike_recorder::spike_recorder(std::uint32_t first, std::size_t n, double dt)
    : device_base(
          first, n, dt,
          [] {
            auto d = make_description("spike_recorder", node_kind::spike_recorder, spike_recorder_table());
            recorder_files::describe(d);
            return d;
          }(),
          spike_recorder_table()) {}

bool spike_recorder::set_extra(std::size_t, const std::string& name, const value& v) {
  return files_.set(desc_.name, name, v);
}

bool spike_recorder::get_extra(std::size_t, std::string_view name, value& out) const {
  return files_.get(name, out);
}

void spike_recorder::observe(std::uint32_t gid) {
  if (size() != 1) throw illegal_connection("spike_recorder: connect one recorder node at a time");
  if (watched_.size() <= gid) watched_.resize(gid + 1, 0);
  if (!watched_[gid]) ++n_watched_;
  watched_[gid] = 1;
}

void spike_recorder::prepare(const run_info& run) {
  lo_ = t_min(0);
  hi_ = t_max(0);
  recording_layout layout;
  layout.model = model();
  layout.dt = dt();
  layout.precision = int(param(0, PRECISION));
  layout.time_in_steps = param(0, TIME_IN_STEPS) != 0.0;
  files_.prepare(run, first(), std::move(layout));
}

void spike_recorder::set_parts(int parts) {
  pieces_.assign(std::size_t(parts), piece{});
}

void spike_recorder::collect(const std::vector<spike_event>& spikes, std::size_t lo, std::size_t hi,
                             int part) {
  if (files_.active()) {  // one thread writes the whole slice to the file
    if (part == 0) collect_to_file(spikes);
    return;
  }
  piece& out = pieces_[std::size_t(part)];
  for (std::size_t k = lo; k < hi; ++k) {
    const spike_event& e = spikes[k];
    if (!takes(e)) continue;
    const double t = double(e.step + 1) * dt() - e.offset;  // precise spikes: before the end of their step
    for (std::uint32_t m = 0; m < e.mult; ++m) {
      out.senders.push_back(e.gid);
      out.times.push_back(t);
    }
  }
  out.slice_end.push_back(out.senders.size());
}

void spike_recorder::collect_to_file(const std::vector<spike_event>& spikes) {
  entries_.clear();
  for (const auto& e : spikes) {
    if (!takes(e)) continue;
    for (std::uint32_t m = 0; m < e.mult; ++m) entries_.push_back({e.gid, e.step + 1, e.offset});
  }
  files_.file().write_spikes(entries_);
}

recorder_record spike_recorder::finish() {
  files_.end_run();
  recorder_record r;
  r.model = model();
  r.n_watched = n_watched_;
  if (pieces_.size() == 1) {  // one thread: its piece is the result, no copy
    r.senders = std::move(pieces_.front().senders);
    r.spike_times = std::move(pieces_.front().times);
    pieces_.front() = piece{};
    return r;
  }
  std::size_t total = 0, slices = pieces_.empty() ? 0 : pieces_.front().slice_end.size();
  for (const auto& p : pieces_) total += p.senders.size();
  r.senders.reserve(total);
  r.spike_times.reserve(total);
  // Slice by slice, the pieces in order: the spikes in the order of the slices' events.
  for (std::size_t s = 0; s < slices; ++s)
    for (const auto& p : pieces_) {
      const std::size_t a = s ? p.slice_end[s - 1] : 0, b = p.slice_end[s];
      r.senders.insert(r.senders.end(), p.senders.begin() + std::ptrdiff_t(a),
                       p.senders.begin() + std::ptrdiff_t(b));
      r.spike_times.insert(r.spike_times.end(), p.times.begin() + std::ptrdiff_t(a),
                           p.times.begin() + std::ptrdiff_t(b));
    }
  for (auto& p : pieces_) p = piece{};
  return r;
}

void register_recorders(model_registry& reg) {
  add_device<multimeter>(reg, false);
  add_device<multimeter>(reg, true);
  add_device<spike_recorder>(reg);
}

}  // namespace nestor::detail
