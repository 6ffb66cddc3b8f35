// NEST's naming of recording files and the refusal to overwrite one.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "io/recording_file.hpp"
#include "nestor/errors.hpp"

using namespace nestor::detail;

TEST(RecordingFile, NamesPadNodeIdsAndVirtualProcesses) {
  file_options o;
  o.n_nodes = 9;
  EXPECT_EQ(recording_file_name(o, "spike_recorder", 7, "dat"), "spike_recorder-7-0.dat");
  o.n_nodes = 120;
  o.threads = 12;
  o.data_path = "/data";
  o.data_prefix = "run_";
  EXPECT_EQ(recording_file_name(o, "mm", 7, "txt"), "/data/run_mm-007-00.txt");
  o.data_path = "out/";
  EXPECT_EQ(recording_file_name(o, "mm", 100, "h5"), "out/run_mm-100-00.h5");
}

TEST(RecordingFile, ExistingFilesAreRefusedUnlessOverwriting) {
  const auto path = (std::filesystem::temp_directory_path() / "nestor_unit_exists.dat").string();
  std::ofstream(path) << "x";
  EXPECT_THROW(check_new_file(path, false), nestor::file_error);
  EXPECT_NO_THROW(check_new_file(path, true));
  std::filesystem::remove(path);
  EXPECT_NO_THROW(check_new_file(path, false));
  EXPECT_THROW(check_data_prefix("a/b"), nestor::bad_value);
  EXPECT_THROW(check_data_path(path + ".missing"), nestor::bad_value);
  EXPECT_NO_THROW(check_data_path(std::filesystem::temp_directory_path().string()));
}
