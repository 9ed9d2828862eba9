#pragma once
// A fresh directory under the system temp directory (mkdtemp), removed with everything in it when the object
// dies. path() is empty when it could not be made: tests ASSERT_FALSE(dir.path().empty()).
//
//   TempDir dir("cachepilot-scrape");              // /tmp/cachepilot-scrape-XXXXXX
//   std::ofstream(dir.path() / "config.yml") << text;
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

namespace cachepilot::testing {

class TempDir {
 public:
  explicit TempDir(const std::string& prefix) {
    std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
    if (::mkdtemp(pattern.data()) != nullptr) {
      path_ = pattern;
    }
  }
  ~TempDir() {
    if (!path_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(path_, ec);
    }
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace cachepilot::testing
