// record_to = "ascii": NEST's ASCII recording backend format (nestkernel/recording_backend_ascii.cpp,
// version 2). Two comment lines, a tab-separated column header, then one line per event:
//   sender  time_ms              values...   (time_in_steps false)
//   sender  time_step  time_offset  values...   (time_in_steps true: stamp in steps, offset in ms)
// Numbers other than sender and time_step are printed as C++'s std::fixed with `precision` digits
// (printf's %.*f, the same digits). A multimeter writes one line per recorded node and sample, sample
// by sample in time order (NEST: node by node within each min_delay slice, in an order that depends on
// threads). Whole slices of lines are collected and written (and flushed) when 1 MiB has gathered, at
// least every half second of wall time, at the end of each simulate call and when a run fails: what was
// recorded stays readable, and a process killed outright leaves complete lines (up to its last write).

#include <chrono>
#include <cstdio>
#include <string>

#include "io/recording_file.hpp"
#include "nestor/errors.hpp"

namespace nestor::detail {

namespace {

class ascii_file final : public recording_file {
 public:
  ascii_file(const std::string& path, const recording_layout& layout, bool overwrite)
      : recording_file(path), layout_(layout) {
    check_new_file(path, overwrite);
    f_ = std::fopen(path.c_str(), "w");
    if (!f_) throw file_error("cannot open the file '" + path + "' for writing");
    std::setvbuf(f_, nullptr, _IONBF, 0);  // one write(2) per flush of whole lines
    out_ = "# nestor version: 0.1.0 (NEST 3.9 file format)\n# RecordingBackendASCII version: 2\nsender\t";
    out_ += layout.time_in_steps ? "time_step\ttime_offset" : "time_ms";
    for (const auto& v : layout.value_names) out_ += "\t" + v;
    out_ += '\n';
    flush();
  }
  ~ascii_file() override {
    try {
      flush();
    } catch (...) {
    }
    std::fclose(f_);
  }

  void write_spikes(const std::vector<spike_entry>& spikes) override {
    const int p = layout_.precision;
    for (const auto& s : spikes) {
      if (layout_.time_in_steps)
        put("%lld\t%lld\t%.*f\n", (long long)s.sender, (long long)s.stamp, p, s.offset);
      else
        put("%lld\t%.*f\n", (long long)s.sender, p, double(s.stamp) * layout_.dt - s.offset);
    }
    flush_if_due();
  }

  void write_samples(std::int64_t first, std::int64_t every, std::size_t n_rows,
                     const std::vector<const double*>& vars) override {
    const int p = layout_.precision;
    const std::size_t cols = layout_.nodes.size();
    for (std::size_t r = 0; r < n_rows; ++r) {
      const std::int64_t stamp = first + std::int64_t(r) * every;
      for (std::size_t c = 0; c < cols; ++c) {
        if (layout_.time_in_steps)
          put("%lld\t%lld\t%.*f", (long long)layout_.nodes[c], (long long)stamp, p, 0.0);
        else
          put("%lld\t%.*f", (long long)layout_.nodes[c], p, double(stamp) * layout_.dt);
        for (const double* v : vars) put("\t%.*f", p, v[r * cols + c]);
        out_ += '\n';
      }
    }
    flush_if_due();
  }

  void end_run() override { flush(); }

 private:
  /// Appends printf-formatted text to the pending lines.
  template <class... A>
  void put(const char* fmt, A... args) {
    char b[128];
    const int n = std::snprintf(b, sizeof b, fmt, args...);
    if (n < int(sizeof b)) {
      out_.append(b, std::size_t(n));
    } else {  // a huge value with many digits
      std::string big(std::size_t(n) + 1, '\0');
      std::snprintf(big.data(), big.size(), fmt, args...);
      out_.append(big.data(), std::size_t(n));
    }
  }
  void flush() {
    if (!out_.empty() && std::fwrite(out_.data(), 1, out_.size(), f_) != out_.size())
      throw file_error("I/O error while writing the file '" + path_ + "'");
    out_.clear();
    if (std::fflush(f_) != 0) throw file_error("I/O error while writing the file '" + path_ + "'");
    last_ = std::chrono::steady_clock::now();
  }
  void flush_if_due() {
    if (out_.size() >= (1u << 20) ||
        std::chrono::steady_clock::now() - last_ > std::chrono::milliseconds(500))
      flush();
  }

  recording_layout layout_;
  std::string out_;  // complete lines not written yet
  std::FILE* f_ = nullptr;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace

std::unique_ptr<recording_file> open_ascii_file(const std::string& path, const recording_layout& layout,
                                                bool overwrite) {
  return std::make_unique<ascii_file>(path, layout, overwrite);
}

}  // namespace nestor::detail
