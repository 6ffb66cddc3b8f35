#include "io/recording_file.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <system_error>

#include "nestor/errors.hpp"

namespace nestor::detail {

namespace {
int digits(std::size_t n) {
  return n < 10 ? 1 : 1 + digits(n / 10);
}
}  // namespace

void check_data_path(const std::string& path) {
  if (path.empty()) return;
  std::error_code ec;
  if (!std::filesystem::is_directory(path, ec))
    throw bad_value("Simulator parameter data_path = '" + path +
                    "': " + (std::filesystem::exists(path, ec) ? "not a directory" : "no such directory") +
                    "; expected an existing directory");
}

void check_data_prefix(const std::string& prefix) {
  if (prefix.find('/') != std::string::npos)
    throw bad_value("Simulator parameter data_prefix = '" + prefix +
                    "': expected a file name prefix without '/' (set data_path for the directory)");
}

std::string recording_file_name(const file_options& o, const std::string& label, std::uint32_t gid,
                                const std::string& extension) {
  std::string dir = o.data_path;
  if (!dir.empty() && dir.back() != '/') dir += '/';
  char ids[64];
  std::snprintf(ids, sizeof ids, "-%0*u-%0*d", digits(o.n_nodes), gid, digits(std::size_t(o.threads)), 0);
  return dir + o.data_prefix + label + ids + "." + extension;
}

void check_new_file(const std::string& path, bool overwrite) {
  std::error_code ec;
  if (!overwrite && std::filesystem::exists(path, ec))
    throw file_error("the file '" + path +
                     "' exists already and overwrite_files is False; set overwrite_files=True on the "
                     "Simulator to overwrite it, or change its data_path or data_prefix, or the recorder's "
                     "label");
}

}  // namespace nestor::detail
