// BearerTokenFile: a rotating token file re-read on its refresh period, with the clock injected so no test
// sleeps, and the last good token kept (and one warning logged) while the file cannot be read.
#include "net/token_file.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "common/clock.hpp"

namespace cachepilot::net {
namespace {

using namespace std::chrono_literals;

class TokenDir {
 public:
  TokenDir() {
    path_ = ::testing::TempDir() + "/cachepilot-token-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TokenDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TokenDir(const TokenDir&) = delete;
  TokenDir& operator=(const TokenDir&) = delete;

  [[nodiscard]] std::string file() const { return path_ + "/token"; }
  // As the kubelet does: write a new file beside it, then rename it over the old one.
  void write(const std::string& content) const {
    const auto next = path_ + "/token.next";
    std::ofstream(next, std::ios::trunc) << content;
    std::filesystem::rename(next, file());
  }
  void remove() const { std::filesystem::remove(file()); }

 private:
  std::string path_;
};

// One step: change the file (or not), move the clock, then ask for the token.
struct Step {
  const char* what;
  std::optional<std::string> write;  // new file content
  bool remove = false;               // delete the file
  std::chrono::seconds advance{0};
  std::string want;
  int want_warnings;  // warnings logged so far
};

struct RotationCase {
  const char* name;
  std::string fallback;                // the token given at start (ClientOptions::bearer_token)
  std::optional<std::string> initial;  // the file at start; nullopt: missing
  std::vector<Step> steps;
};

void PrintTo(const RotationCase& c, std::ostream* os) { *os << c.name; }

class BearerTokenFileRotation : public ::testing::TestWithParam<RotationCase> {};

TEST_P(BearerTokenFileRotation, RereadsOnItsPeriodAndKeepsTheLastGoodToken) {
  const auto& c = GetParam();
  TokenDir dir;
  if (c.initial) {
    dir.write(*c.initial);
  }
  ManualClock clock;
  std::vector<std::string> warnings;
  BearerTokenFile source(dir.file(), 60s, c.fallback, clock,
                         [&](std::string_view message) { warnings.emplace_back(message); });
  for (const auto& step : c.steps) {
    SCOPED_TRACE(step.what);
    if (step.write) {
      dir.write(*step.write);
    }
    if (step.remove) {
      dir.remove();
    }
    clock.advance(step.advance);
    EXPECT_EQ(source.token(), step.want);
    EXPECT_EQ(static_cast<int>(warnings.size()), step.want_warnings);
  }
  for (const auto& w : warnings) {
    EXPECT_EQ(w.find("tok-"), std::string::npos) << "a token in a log line: " << w;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BearerTokenFileRotation,
    ::testing::Values(
        RotationCase{"rotation_on_the_period",
                     "",
                     "tok-1\n",
                     {
                         {"first call reads the file (trimmed)", std::nullopt, false, 0s, "tok-1", 0},
                         // Read at t=0; the kubelet rotates at t=30: 30 s < 60 s, the cached token is sent.
                         {"rotated, read 30 s ago", "tok-2", false, 30s, "tok-1", 0},
                         {"read 59 s ago", std::nullopt, false, 29s, "tok-1", 0},
                         // 59 + 1 = 60 s since the read: due, the new token is read.
                         {"read 60 s ago", std::nullopt, false, 1s, "tok-2", 0},
                         {"read at t=60, now t=61", "tok-3", false, 1s, "tok-2", 0},
                     }},
        RotationCase{"a_failed_reread_keeps_the_last_token_and_warns_once",
                     "",
                     "tok-1",
                     {
                         {"first read", std::nullopt, false, 0s, "tok-1", 0},
                         {"file gone when due", std::nullopt, true, 60s, "tok-1", 1},
                         // Still failing, retried on each call, but the warning is not repeated.
                         {"still gone", std::nullopt, false, 1s, "tok-1", 1},
                         {"still gone, a minute on", std::nullopt, false, 60s, "tok-1", 1},
                         // Back: read at once (the failed reads did not reset the period), and said so.
                         {"back", "tok-2", false, 0s, "tok-2", 2},
                         {"then cached again", "tok-3", false, 59s, "tok-2", 2},
                         {"whitespace only counts as a failed read", " \n", false, 1s, "tok-2", 3},
                     }},
        RotationCase{"the_start_token_until_the_file_reads",
                     "tok-start",
                     std::nullopt,
                     {
                         {"missing at first: the start token", std::nullopt, false, 0s, "tok-start", 1},
                         {"appears", "tok-1", false, 0s, "tok-1", 2},
                     }},
        RotationCase{"no_token_at_all",
                     "",
                     std::nullopt,
                     {
                         {"missing, nothing given", std::nullopt, false, 0s, "", 1},
                     }}),
    [](const ::testing::TestParamInfo<RotationCase>& param_info) { return std::string(param_info.param.name); });

TEST(BearerTokenFile, ARefreshOfZeroRereadsOnEveryCall) {
  TokenDir dir;
  dir.write("tok-a");
  ManualClock clock;  // never advanced
  BearerTokenFile source(dir.file(), 0ms, "", clock, nullptr);
  EXPECT_EQ(source.token(), "tok-a");
  dir.write("tok-b");
  EXPECT_EQ(source.token(), "tok-b");
}

}  // namespace
}  // namespace cachepilot::net
