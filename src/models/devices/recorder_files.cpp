#include "models/devices/recorder_files.hpp"

#include "nestor/errors.hpp"

namespace nestor::detail {

void recorder_files::describe(model_description& d) {
  d.params.push_back({"record_to", unit::none, value("memory"),
                      "where the data goes: 'memory' (the Result), 'ascii' (NEST's text files) or 'sonata' "
                      "(SONATA HDF5 files)",
                      false, false});
  d.params.push_back(
      {"label", unit::none, value(""), "names the file (default: the model name)", false, false});
  d.params.push_back({"file_extension", unit::none, value("dat"),
                      "extension of ascii files (sonata files end in .h5)", false, false});
  d.params.push_back({"filenames", unit::none, value(std::vector<std::string>{}),
                      "the file being written (read-only; set when a run starts)", false, true});
}

bool recorder_files::set(const std::string& model, const std::string& name, const value& v) {
  if (name != "record_to" && name != "label" && name != "file_extension" && name != "filenames") return false;
  if (name == "filenames") throw bad_value(model + " parameter filenames is read-only");
  if (!v.is_string() || !v.shape().empty())
    throw bad_argument(model + " parameter " + name + ": expected a string");
  const std::string& s = v.strings().at(0);
  if (name == "record_to") {
    if (s != "memory" && s != "ascii" && s != "sonata")
      throw bad_value(model + " parameter record_to = '" + s +
                      "': expected one of 'memory', 'ascii', 'sonata'");
    record_to_ = s;
  } else if (name == "label") {
    if (s.find('/') != std::string::npos)
      throw bad_value(model + " parameter label = '" + s + "': expected a name without '/'");
    label_ = s;
  } else {
    extension_ = s;
  }
  return true;
}

bool recorder_files::get(std::string_view name, value& out) const {
  if (name == "record_to")
    out = value(record_to_);
  else if (name == "label")
    out = value(label_);
  else if (name == "file_extension")
    out = value(extension_);
  else if (name == "filenames")
    out = value(file_ ? std::vector<std::string>{file_->path()} : std::vector<std::string>{});
  else
    return false;
  return true;
}

void recorder_files::prepare(const run_info& run, std::uint32_t gid, recording_layout layout) {
  active_ = false;
  if (record_to_ == "memory") {
    close();
    return;
  }
  static const file_options defaults;
  file_options o = run.files ? *run.files : defaults;
  const bool sonata = record_to_ == "sonata";
  layout.population = label_.empty() ? "nestor" : label_;
  // The file's name and settings; the node count that pads node ids in the name is the one when the
  // file was opened (nodes created since do not start a new file).
  auto path_and_key = [&](std::size_t n_nodes) {
    o.n_nodes = n_nodes;
    std::string path =
        recording_file_name(o, label_.empty() ? layout.model : label_, gid, sonata ? "h5" : extension_);
    std::string key = record_to_ + '\n' + path + '\n' + std::to_string(layout.precision) +
                      (layout.time_in_steps ? "s" : "m") + std::to_string(layout.dt);
    for (const auto& v : layout.value_names) key += '\n' + v;
    for (auto n : layout.nodes) key += ' ' + std::to_string(n);
    return std::pair{path, key};
  };
  const std::size_t n_now = o.n_nodes;
  if (file_ && path_and_key(opened_nodes_).second == key_) {
    file_->begin_run();
  } else {
    close();
    auto [path, key] = path_and_key(n_now);
    file_ = sonata ? open_sonata_file(path, layout, o.overwrite_files)
                   : open_ascii_file(path, layout, o.overwrite_files);
    key_ = std::move(key);
    opened_nodes_ = n_now;
  }
  active_ = true;
}

void recorder_files::end_run() {
  if (file_) file_->end_run();
}

void recorder_files::close() {
  if (file_) file_->end_run();
  file_.reset();
  key_.clear();
}

}  // namespace nestor::detail
