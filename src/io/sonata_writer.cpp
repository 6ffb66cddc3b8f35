// record_to = "sonata": SONATA HDF5 files (the layout BMTK, libsonata, NEST's SONATA tools and the Allen
// and BBP analysis tools read), written with libhdf5's C API.
//
// spike_recorder: a spike file
//   /spikes/<population>                      attribute sorting: enum {none, by_id, by_time} = by_time
//   /spikes/<population>/timestamps  float64  attribute units = "ms"
//   /spikes/<population>/node_ids    uint64   the senders' node ids (nestor's, 1-based)
// multimeter / voltmeter (one recorded variable): a report
//   /report/<population>/data        float64 [times x nodes]  attribute units (the variable's NEST unit)
//   /report/<population>/mapping/node_ids, index_pointers (uint64), element_ids (uint32, all 0),
//   /report/<population>/mapping/time  float64 [start, stop, step]  attribute units = "ms"
// <population> is the recorder's label, or "nestor" without one. The root carries SONATA's magic and
// version attributes. Datasets are chunked and extendible: data is appended as the run goes (buffered,
// written and H5Fflush'ed at least every second of wall time and when the buffer is full), the file is
// closed at the end of each simulate call and when a run fails, and opened again by the next call.

#include <hdf5.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "io/recording_file.hpp"
#include "nestor/errors.hpp"

namespace nestor::detail {

namespace {

/// Closes an HDF5 handle with its own close function when it goes out of scope.
struct h5_handle {
  hid_t id = -1;
  herr_t (*close)(hid_t) = nullptr;
  h5_handle() = default;
  h5_handle(hid_t i, herr_t (*c)(hid_t)) : id(i), close(c) {}
  h5_handle(h5_handle&& o) noexcept : id(o.id), close(o.close) { o.id = -1; }
  h5_handle& operator=(h5_handle&& o) noexcept {
    reset();
    id = o.id;
    close = o.close;
    o.id = -1;
    return *this;
  }
  ~h5_handle() { reset(); }
  void reset() {
    if (id >= 0 && close) close(id);
    id = -1;
  }
  operator hid_t() const { return id; }
};

class sonata_file final : public recording_file {
 public:
  sonata_file(const std::string& path, const recording_layout& layout, bool overwrite)
      : recording_file(path), layout_(layout), report_(layout.analog) {
    if (report_ && layout.value_names.size() != 1)
      throw bad_value(layout.model +
                      " parameter record_to = 'sonata': a SONATA report holds one variable, "
                      "this recorder records " +
                      std::to_string(layout.value_names.size()) +
                      "; use one multimeter per variable (or record_to 'ascii')");
    check_new_file(path, overwrite);
    create();
  }
  ~sonata_file() override {
    try {
      end_run();
    } catch (...) {
    }
  }

  void begin_run() override {
    if (file_.id >= 0) return;
    file_ = h5_handle(H5Fopen(path_.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose);
    ok(file_.id, "open");
    open_datasets();
  }

  void write_spikes(const std::vector<spike_entry>& spikes) override {
    for (const auto& s : spikes) {
      ids_.push_back(std::uint64_t(s.sender));
      times_.push_back(double(s.stamp) * layout_.dt - s.offset);
    }
    if (ids_.size() >= batch || due()) write_buffer();
  }

  void write_samples(std::int64_t first, std::int64_t every, std::size_t n_rows,
                     const std::vector<const double*>& vars) override {
    if (n_rows == 0) return;
    if (rows_ == 0 && samples_.empty()) {
      first_stamp_ = first;
      every_ = every;
    }
    const std::size_t cols = layout_.nodes.size();
    samples_.insert(samples_.end(), vars[0], vars[0] + n_rows * cols);
    if (samples_.size() >= batch || due()) write_buffer();
  }

  void end_run() override {
    if (file_.id < 0) return;
    write_buffer();
    for (auto* h : {&time_, &data_, &ts_, &ids_ds_}) h->reset();
    file_.reset();
  }

 private:
  static constexpr std::size_t batch = 1 << 16;

  void ok(long long status, const char* what) const {
    if (status < 0) throw file_error(std::string("HDF5 error (") + what + ") in the file '" + path_ + "'");
  }
  bool due() const { return std::chrono::steady_clock::now() - last_ > std::chrono::seconds(1); }

  void attr_string(hid_t obj, const char* name, const std::string& v) {
    h5_handle t(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(t, H5T_VARIABLE);
    H5Tset_cset(t, H5T_CSET_UTF8);
    h5_handle sp(H5Screate(H5S_SCALAR), H5Sclose);
    h5_handle a(H5Acreate2(obj, name, t, sp, H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
    const char* s = v.c_str();
    ok(H5Awrite(a, t, &s), "attribute");
  }

  h5_handle dataset(hid_t loc, const char* name, hid_t type, int rank, hsize_t cols) {
    hsize_t dims[2] = {0, cols}, maxdims[2] = {H5S_UNLIMITED, cols};
    hsize_t chunk[2] = {rank == 1 ? 8192 : std::max<hsize_t>(1, 8192 / std::max<hsize_t>(1, cols)), cols};
    h5_handle sp(H5Screate_simple(rank, dims, maxdims), H5Sclose);
    h5_handle pl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
    H5Pset_chunk(pl, rank, chunk);
    h5_handle ds(H5Dcreate2(loc, name, type, sp, H5P_DEFAULT, pl, H5P_DEFAULT), H5Dclose);
    ok(ds.id, name);
    return ds;
  }

  template <class T>
  void fixed(hid_t loc, const char* name, hid_t type, const std::vector<T>& v) {
    const hsize_t n = v.size();
    h5_handle sp(H5Screate_simple(1, &n, nullptr), H5Sclose);
    h5_handle ds(H5Dcreate2(loc, name, type, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Dclose);
    ok(ds.id, name);
    if (n) ok(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()), name);
  }

  std::string group() const { return std::string(report_ ? "/report/" : "/spikes/") + layout_.population; }

  void create() {
    file_ = h5_handle(H5Fcreate(path_.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose);
    ok(file_.id, "create");
    {  // SONATA's magic number and version on the root
      const std::uint32_t magic = 0x0A7A, version[2] = {0, 1};
      const hsize_t two = 2;
      h5_handle s1(H5Screate(H5S_SCALAR), H5Sclose), s2(H5Screate_simple(1, &two, nullptr), H5Sclose);
      h5_handle a(H5Acreate2(file_, "magic", H5T_STD_U32LE, s1, H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
      ok(H5Awrite(a, H5T_NATIVE_UINT32, &magic), "magic");
      h5_handle b(H5Acreate2(file_, "version", H5T_STD_U32LE, s2, H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
      ok(H5Awrite(b, H5T_NATIVE_UINT32, version), "version");
    }
    h5_handle lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose);
    H5Pset_create_intermediate_group(lcpl, 1);
    h5_handle g(H5Gcreate2(file_, group().c_str(), lcpl, H5P_DEFAULT, H5P_DEFAULT), H5Gclose);
    ok(g.id, "group");
    if (!report_) {
      // libsonata reads sorting as an enum over a signed char
      h5_handle et(H5Tenum_create(H5T_NATIVE_SCHAR), H5Tclose);
      const signed char none = 0, by_id = 1, by_time = 2;
      H5Tenum_insert(et, "none", &none);
      H5Tenum_insert(et, "by_id", &by_id);
      H5Tenum_insert(et, "by_time", &by_time);
      h5_handle sp(H5Screate(H5S_SCALAR), H5Sclose);
      h5_handle a(H5Acreate2(g, "sorting", et, sp, H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
      ok(H5Awrite(a, et, &by_time), "sorting");
      ts_ = dataset(g, "timestamps", H5T_IEEE_F64LE, 1, 1);
      attr_string(ts_, "units", "ms");
      ids_ds_ = dataset(g, "node_ids", H5T_STD_U64LE, 1, 1);
    } else {
      const hsize_t cols = layout_.nodes.size();
      data_ = dataset(g, "data", H5T_IEEE_F64LE, 2, cols);
      attr_string(data_, "units", layout_.value_units.empty() ? "" : layout_.value_units[0]);
      h5_handle m(H5Gcreate2(g, "mapping", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose);
      ok(m.id, "mapping");
      std::vector<std::uint64_t> nodes(layout_.nodes.begin(), layout_.nodes.end()), ptr(cols + 1);
      for (hsize_t c = 0; c <= cols; ++c) ptr[c] = c;
      fixed(m, "node_ids", H5T_STD_U64LE, nodes);
      fixed(m, "index_pointers", H5T_STD_U64LE, ptr);
      fixed(m, "element_ids", H5T_STD_U32LE, std::vector<std::uint32_t>(cols, 0));
      fixed(m, "time", H5T_IEEE_F64LE, std::vector<double>{0.0, 0.0, layout_.dt});
      time_ = h5_handle(H5Dopen2(m, "time", H5P_DEFAULT), H5Dclose);
      attr_string(time_, "units", "ms");
    }
    ok(H5Fflush(file_, H5F_SCOPE_LOCAL), "flush");
    last_ = std::chrono::steady_clock::now();
  }

  void open_datasets() {
    const std::string g = group();
    auto open = [&](const std::string& name) {
      h5_handle d(H5Dopen2(file_, (g + name).c_str(), H5P_DEFAULT), H5Dclose);
      ok(d.id, name.c_str());
      return d;
    };
    if (!report_) {
      ts_ = open("/timestamps");
      ids_ds_ = open("/node_ids");
    } else {
      data_ = open("/data");
      time_ = open("/mapping/time");
    }
  }

  /// Appends n rows of `cols` values to a dataset whose first dimension holds `*rows` rows.
  void append(hid_t ds, hid_t mem_type, const void* data, hsize_t n, hsize_t cols, hsize_t at) {
    const int rank = cols ? 2 : 1;
    hsize_t size[2] = {at + n, cols}, start[2] = {at, 0}, count[2] = {n, cols};
    ok(H5Dset_extent(ds, size), "extend");
    h5_handle fs(H5Dget_space(ds), H5Sclose);
    ok(H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, nullptr, count, nullptr), "select");
    h5_handle ms(H5Screate_simple(rank, count, nullptr), H5Sclose);
    ok(H5Dwrite(ds, mem_type, ms, fs, H5P_DEFAULT, data), "write");
  }

  hsize_t extent(hid_t ds) const {
    h5_handle fs(H5Dget_space(ds), H5Sclose);
    hsize_t dims[2] = {0, 0};
    H5Sget_simple_extent_dims(fs, dims, nullptr);
    return dims[0];
  }

  void write_buffer() {
    last_ = std::chrono::steady_clock::now();
    if (file_.id < 0) return;
    if (!report_) {
      if (ids_.empty()) return;
      const hsize_t at = extent(ts_);
      append(ts_, H5T_NATIVE_DOUBLE, times_.data(), times_.size(), 0, at);
      append(ids_ds_, H5T_NATIVE_UINT64, ids_.data(), ids_.size(), 0, at);
      ids_.clear();
      times_.clear();
    } else {
      if (samples_.empty()) return;
      const hsize_t cols = layout_.nodes.size(), n = cols ? samples_.size() / cols : 0;
      rows_ = extent(data_);
      if (rows_ == 0) start_ms_ = double(first_stamp_) * layout_.dt;
      if (cols) append(data_, H5T_NATIVE_DOUBLE, samples_.data(), n, cols, rows_);
      rows_ += n;
      samples_.clear();
      const double step = double(every_) * layout_.dt;
      const double t[3] = {start_ms_, start_ms_ + double(rows_) * step, step};
      ok(H5Dwrite(time_, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, t), "time");
    }
    ok(H5Fflush(file_, H5F_SCOPE_LOCAL), "flush");
  }

  recording_layout layout_;
  bool report_;
  h5_handle file_, ts_, ids_ds_, data_, time_;
  std::vector<std::uint64_t> ids_;
  std::vector<double> times_, samples_;
  hsize_t rows_ = 0;
  std::int64_t first_stamp_ = 0, every_ = 1;
  double start_ms_ = 0.0;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace

std::unique_ptr<recording_file> open_sonata_file(const std::string& path, const recording_layout& layout,
                                                 bool overwrite) {
  return std::make_unique<sonata_file>(path, layout, overwrite);
}

}  // namespace nestor::detail
