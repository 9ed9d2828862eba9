// The demo end to end: a short replay must show Prometheus scraping the sidecars, the autoscaler scaling the
// runtime through /scale, and the extender being asked where pods go; Ctrl-C must stop everything cleanly.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/strings.hpp"
#include "net/http_client.hpp"
#include "tests/app/child_process.hpp"
#include "tests/support/temp_dir.hpp"

namespace cachepilot {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using std::chrono::seconds;
using testing::TempDir;

json read_json(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str(), nullptr, false);
}

std::vector<std::string> demo_args(const TempDir& dir, std::vector<std::string> extra) {
  std::vector<std::string> args{CACHEPILOT_BINARY, "demo",
                                "--speed",         "60",
                                "--report",        (dir.path() / "report").string(),
                                "--work-dir",      (dir.path() / "work").string()};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

// The first 20 minutes of the demo's default trace (azure-llm conversation: about 1.4 GiB/s of demand against one
// 1 GiB/s worker at the start) are enough for pods, sidecar bytes and scale-ups, replayed in about 20 s.
TEST(Demo, ReplaysATraceThroughTheRealComponents) {
  TempDir dir("cachepilot-demo-test");
  testing::ChildProcess demo(demo_args(dir, {"--duration", "1200"}));
  ASSERT_TRUE(demo.started());
  const auto code = demo.wait_for_exit(seconds(240));
  ASSERT_TRUE(code.has_value()) << "the demo did not finish:\n" << demo.output();
  ASSERT_EQ(*code, 0) << demo.output();
  const auto report = dir.path() / "report";
  EXPECT_NE(demo.output().find("report: " + (report / "report.html").string()), std::string::npos) << demo.output();
  EXPECT_TRUE(fs::exists(report / "report.html"));

  const json summary = read_json(report / "demo.json");
  ASSERT_TRUE(summary.is_object()) << demo.output();
  SCOPED_TRACE(summary.dump(2));
  EXPECT_EQ(summary["trace_seconds_replayed"].get<double>(), 1200);
  // Prometheus scraped the sidecars: one series per pod that read.
  EXPECT_GT(summary["sidecar_series_scraped"].get<double>(), 10);
  // The autoscaler scaled the runtime through /scale: the simulated API server saw the writes, and the
  // autoscaler's own counter (as Prometheus scraped it) agrees they happened. (One write can be all: demand stays
  // above one worker's capacity for these 20 minutes, and the hold keeps the second worker through its dips.)
  EXPECT_GE(summary["scale_writes"].get<int>(), 1);
  EXPECT_GE(summary["prometheus_scale_writes"].get<double>(), 1);
  EXPECT_GE(summary["live"]["peak_workers"].get<int>(), 2);
  // Its decisions by forecast model, as Prometheus scraped them: one a decision interval (2 trace seconds) at most,
  // fewer when a cycle outlasts it (under ASan about 270 of the 600 were counted), and none before the first
  // scrapes; ten at least, whatever the machine.
  double model_decisions = 0;
  for (const auto& [model, count] : summary["forecast_model_decisions"].items()) {
    EXPECT_FALSE(model.empty());
    model_decisions += count.get<double>();
  }
  EXPECT_GE(model_decisions, 10);
  // The extender was asked for every pod, and its own metrics (scraped) counted requests.
  EXPECT_GT(summary["extender_calls"].get<int>(), 10);
  EXPECT_EQ(summary["extender_calls"].get<int>(), summary["pods_placed"].get<int>());
  EXPECT_GT(summary["prometheus_extender_requests"].get<double>(), 0);
  // The extender's scores send pods to the zones holding the cache (a third of the nodes have none).
  EXPECT_GT(summary["pods_in_cache_zone"].get<double>(), 0.8);

  // The report compares this run with the baselines on the same replayed trace, series of equal length.
  const json r = read_json(report / "report.json");
  ASSERT_TRUE(r.is_object());
  std::set<std::string> policies;
  for (const auto& [name, p] : r["policies"].items()) {
    policies.insert(name);
    const auto& s = p["series"];
    EXPECT_EQ(s["t"].size(), s["demand"].size());
    EXPECT_EQ(s["t"].size(), s["ready_workers"].size());
    EXPECT_EQ(s["t"].size(), s["desired_workers"].size());
  }
  // This run, the HPA at its default target and at the target of comparable cost, the simulator's cachepilot, and
  // the oracle.
  ASSERT_EQ(policies.size(), 5U) << r["policies"].dump();
  for (const char* name : {"cachepilot-live", "hpa", "cachepilot-sim", "oracle"}) {
    EXPECT_TRUE(policies.contains(name)) << name;
  }
  EXPECT_EQ(
      std::count_if(policies.begin(), policies.end(), [](const std::string& p) { return p.rfind("hpa@", 0) == 0; }), 1);
}

// A trace of demand alone: each second alternates between needing 16 and 17 pods of 256 MiB/s (3.9 and 4.2 GiB/s:
// 15.6 → 16, 16.8 → 17). The demo keeps pods for a 60 s stable window, so the 17 pods of the first two seconds serve
// all ten minutes; following each second's need would have made a pod every other second (about 300), each
// living two seconds, too short for rate() to count.
TEST(Demo, PodsOfADemandTraceOutliveItsNoise) {
  TempDir dir("cachepilot-demo-test");
  const auto trace = dir.path() / "noisy.csv";
  {
    std::ofstream out(trace);
    out << "t_seconds,demand_bytes_per_s\n";
    constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
    for (int t = 0; t < 600; ++t) {
      out << t << ',' << (t % 2 == 0 ? 3.9 : 4.2) * kGiB << '\n';
    }
  }
  testing::ChildProcess demo(demo_args(dir, {"--trace", trace.string()}));
  ASSERT_TRUE(demo.started());
  const auto code = demo.wait_for_exit(seconds(240));
  ASSERT_TRUE(code.has_value()) << "the demo did not finish:\n" << demo.output();
  ASSERT_EQ(*code, 0) << demo.output();
  const json summary = read_json(dir.path() / "report" / "demo.json");
  ASSERT_TRUE(summary.is_object()) << demo.output();
  SCOPED_TRACE(summary.dump(2));
  EXPECT_EQ(summary["trace_seconds_replayed"].get<double>(), 600);
  EXPECT_EQ(summary["pods_placed"].get<int>(), 17);
  // Prometheus stored one series per pod, each scraped for the whole replay.
  EXPECT_EQ(summary["sidecar_series_scraped"].get<double>(), 17);
}

TEST(Demo, CtrlCStopsEverythingAndStillWritesTheReport) {
  TempDir dir("cachepilot-demo-test");
  testing::ChildProcess demo(demo_args(dir, {"--duration", "300", "--keep-running"}));
  ASSERT_TRUE(demo.started());
  ASSERT_TRUE(demo.wait_for_output("still running", seconds(180))) << demo.output();
  const json summary = read_json(dir.path() / "report" / "demo.json");
  ASSERT_TRUE(summary.is_object()) << demo.output();
  const std::string prometheus = summary["prometheus_url"].get<std::string>();

  // While it keeps running, Prometheus answers queries about cachepilot's own metrics.
  net::ClientOptions options;
  options.base_url = prometheus;
  options.timeout = std::chrono::milliseconds(3000);
  auto client = net::make_http_client(options);
  ASSERT_TRUE(client.ok());
  net::ClientRequest request;
  request.path_and_query = "/api/v1/query?query=cachepilot_autoscaler_targets";
  auto answer = (*client)->send(request);
  ASSERT_TRUE(answer.ok());
  EXPECT_EQ(answer->status, 200U);
  EXPECT_NE(answer->body.find("cachepilot-autoscaler"), std::string::npos) << answer->body;

  // The demand query it prints is the one the autoscaler runs, with the demo's names filled in: pasted into
  // Prometheus, it reads the sidecars' demand (a query naming the wrong labels or metric would answer nothing).
  // The replay is over, so the demand now is 0; its highest over the demo's few wall seconds is not.
  const std::string output = demo.output();
  const std::string lead = "for trace bytes per trace second):\n";
  const auto at = output.find(lead);
  ASSERT_NE(at, std::string::npos) << output;
  const auto begin = output.find_first_not_of(' ', at + lead.size());
  const std::string demand_query = output.substr(begin, output.find('\n', begin) - begin);
  EXPECT_NE(demand_query.find(R"(namespace="ai",dataset="llama-7b")"), std::string::npos) << demand_query;
  // The demo's pods read, so the autoscaler has measured a rate per pod and exports it.
  const std::string pod_read = "cachepilot_autoscaler_pod_read_bytes_per_second";
  for (const std::string& promql : {demand_query, "max_over_time((" + demand_query + ")[5m:50ms])", pod_read}) {
    request.path_and_query = "/api/v1/query?query=" + url_encode(promql);
    auto demand = (*client)->send(request);
    ASSERT_TRUE(demand.ok());
    ASSERT_EQ(demand->status, 200U) << demand->body;
    const json result = json::parse(demand->body, nullptr, false)["data"]["result"];
    ASSERT_EQ(result.size(), 1U) << promql << " answered " << demand->body;
    if (promql != demand_query) {  // the highest demand and the rate per pod
      EXPECT_GT(std::stod(result[0]["value"][1].get<std::string>()), 0) << demand->body;
    }
  }

  demo.signal(SIGINT);
  const auto code = demo.wait_for_exit(seconds(60));
  ASSERT_TRUE(code.has_value()) << demo.output();
  EXPECT_EQ(*code, 0) << demo.output();
  // Everything it started is gone: Prometheus no longer answers.
  auto after = net::make_http_client(options);
  ASSERT_TRUE(after.ok());
  EXPECT_FALSE((*after)->send(request).ok());
}

}  // namespace
}  // namespace cachepilot
