// End-to-end: the real `cachepilot simulate` binary on a generated canonical trace, writing a report.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/app/child_process.hpp"

namespace cachepilot {
namespace {

const std::string kBinary = CACHEPILOT_BINARY;

class SimulateCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("cachepilot-sim-" + std::to_string(::getpid()) + "-" +
                                                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    std::ofstream csv(dir_ / "trace.csv", std::ios::trunc);
    csv << "t_seconds,demand_bytes_per_s\n";
    for (int t = 0; t < 1800; t += 10) {
      csv << t << ',' << (t < 900 ? 200.0 : 900.0) * 1024 * 1024 << '\n';  // 200 MiB/s then 900 MiB/s
    }
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  int run(std::vector<std::string> args, std::string& output) {
    args.insert(args.begin(), {kBinary, "simulate"});
    testing::ChildProcess child(args);
    EXPECT_TRUE(child.started());
    const auto code = child.wait_for_exit(std::chrono::seconds(60));
    output = child.output();
    return code.value_or(-1);
  }

  // Simulates the fixture's trace with these flags into report_dir(): the parsed report.json, or null when the run
  // failed (its output is in `output` either way).
  nlohmann::json report(std::vector<std::string> flags, std::string& output) {
    flags.insert(flags.begin(), {"--trace", (dir_ / "trace.csv").string()});
    flags.insert(flags.end(), {"--report", report_dir()});
    if (run(flags, output) != 0) {
      return nullptr;
    }
    std::ifstream in(report_dir() + "/report.json");
    return nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  }
  [[nodiscard]] std::string report_dir() const { return (dir_ / "report").string(); }

  std::filesystem::path dir_;
};

TEST_F(SimulateCli, WritesReportWithEveryPolicyAndEqualLengthSeries) {
  std::string out;
  const auto j = report({"--worker-throughput", "100MiB/s", "--lead-time", "60"}, out);
  ASSERT_FALSE(j.is_null() || j.is_discarded()) << out;
  EXPECT_NE(out.find("cachepilot"), std::string::npos) << out;
  EXPECT_EQ(j["trace_name"], "trace");
  EXPECT_EQ(j["parameters"]["lead_time_seconds"], 60);
  EXPECT_EQ(j["parameters"]["worker_throughput_bytes_per_s"], 100.0 * 1024 * 1024);
  EXPECT_EQ(j["parameters"]["cost_budget"], 1.97);        // the default
  EXPECT_EQ(j["parameters"]["reactive_lag_seconds"], 0);  // the default: reactive-ideal knows the current second
  for (const char* p :
       {"static-peak", "static-mean", "hpa", "keda", "kpa", "fluid-hpa", "oracle", "reactive-ideal", "cachepilot"}) {
    ASSERT_TRUE(j["policies"].contains(p)) << p;
    const auto& pr = j["policies"][p];
    for (const char* f : {"unmet_fraction", "slo_violation_seconds", "worker_seconds", "scale_actions",
                          "forecast_mape_at_lead", "series"}) {
      EXPECT_TRUE(pr.contains(f)) << p << "." << f;
    }
    const auto n = pr["series"]["t"].size();
    EXPECT_GT(n, 0U);
    EXPECT_EQ(pr["series"]["demand"].size(), n);
    EXPECT_EQ(pr["series"]["ready_workers"].size(), n);
    EXPECT_EQ(pr["series"]["desired_workers"].size(), n);
  }
  EXPECT_TRUE(j["policies"]["cachepilot"]["forecast_mape_at_lead"].is_number());
  EXPECT_TRUE(j["policies"]["hpa"]["forecast_mape_at_lead"].is_null());
  std::ifstream html(report_dir() + "/report.html");
  const std::string page((std::istreambuf_iterator<char>(html)), std::istreambuf_iterator<char>());
  EXPECT_NE(page.find("<svg"), std::string::npos);
  EXPECT_EQ(page.find("<script src"), std::string::npos);  // self-contained
}

TEST_F(SimulateCli, PolicyIsRepeatableAndUnknownOnesFail) {
  std::string out;
  ASSERT_EQ(run({"--trace", (dir_ / "trace.csv").string(), "--policy", "oracle", "--policy", "hpa"}, out), 0) << out;
  EXPECT_NE(out.find("oracle"), std::string::npos);
  EXPECT_EQ(out.find("kpa"), std::string::npos);
  EXPECT_EQ(run({"--trace", (dir_ / "trace.csv").string(), "--policy", "nope"}, out), 2);
  EXPECT_EQ(run({"--trace", (dir_ / "trace.csv").string(), "--worker-throughput", "fast"}, out), 2);
  EXPECT_NE(run({"--trace", (dir_ / "trace.csv").string(), "--cost-budget", "-1"}, out), 0);  // CLI11's own code
  EXPECT_NE(out.find("--cost-budget"), std::string::npos) << out;
  EXPECT_NE(run({"--trace", (dir_ / "missing.csv").string()}, out), 0);
}

TEST_F(SimulateCli, ReactiveLagIsAParameterAndNeverNegative) {
  std::string out;
  const auto j = report({"--policy", "reactive-ideal", "--reactive-lag", "2"}, out);
  ASSERT_FALSE(j.is_null() || j.is_discarded()) << out;
  EXPECT_EQ(j["parameters"]["reactive_lag_seconds"], 2);
  EXPECT_EQ(run({"--trace", (dir_ / "trace.csv").string(), "--reactive-lag", "-1"}, out), 2);
  EXPECT_NE(out.find("reactive-lag"), std::string::npos) << out;
}

// spec.podReadThroughput's counterpart: a rate (units and "/s" accepted) recorded with the parameters; not a rate: 2.
TEST_F(SimulateCli, PodReadThroughputIsAParameter) {
  struct Case {
    const char* flag;
    double bytes_per_s;
  };
  const Case cases[] = {{"25MiB/s", 25.0 * 1024 * 1024}, {"1000", 1000}, {"0", 0}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.flag);
    std::string out;
    const auto j = report({"--policy", "cachepilot", "--pod-read-throughput", c.flag}, out);
    ASSERT_FALSE(j.is_null() || j.is_discarded()) << out;
    EXPECT_EQ(j["parameters"]["pod_read_throughput_bytes_per_s"], c.bytes_per_s);
  }
  std::string out;
  EXPECT_EQ(run({"--trace", (dir_ / "trace.csv").string(), "--pod-read-throughput", "fast"}, out), 2);
  EXPECT_NE(out.find("--pod-read-throughput"), std::string::npos) << out;
}

// spec.podReadSeconds's counterpart: seconds (a duration) recorded with the parameters; not a duration, or negative: 2.
TEST_F(SimulateCli, PodReadSecondsIsAParameter) {
  struct Case {
    const char* flag;
    double seconds;
  };
  const Case cases[] = {{"40", 40}, {"2m", 120}, {"0", 0}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.flag);
    std::string out;
    const auto j = report({"--policy", "cachepilot", "--pod-read-seconds", c.flag}, out);
    ASSERT_FALSE(j.is_null() || j.is_discarded()) << out;
    EXPECT_EQ(j["parameters"]["pod_read_seconds"], c.seconds);
  }
  for (const char* bad : {"soon", "-3"}) {
    std::string out;
    EXPECT_EQ(run({"--trace", (dir_ / "trace.csv").string(), "--pod-read-seconds", bad}, out), 2) << bad;
    EXPECT_NE(out.find("--pod-read-seconds"), std::string::npos) << out;
  }
}

TEST_F(SimulateCli, HelpAndVersion) {
  std::string out;
  EXPECT_EQ(run({"--help"}, out), 0);
  EXPECT_NE(out.find("--worker-throughput"), std::string::npos);
  EXPECT_NE(out.find("--target-utilization"), std::string::npos);
  EXPECT_EQ(run({"--version"}, out), 0);
  EXPECT_NE(out.find("cachepilot"), std::string::npos);
}

}  // namespace
}  // namespace cachepilot
