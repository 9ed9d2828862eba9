// docs/metrics.md must list exactly the metric families the binaries register.
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "metrics/autoscaler_metrics.hpp"
#include "metrics/cache_figures_metrics.hpp"
#include "metrics/extender_metrics.hpp"
#include "metrics/registry.hpp"
#include "metrics/watch_metrics.hpp"

namespace cachepilot::metrics {
namespace {

std::set<std::string> documented_metrics() {
  std::ifstream in(std::string(CACHEPILOT_SOURCE_DIR) + "/docs/metrics.md");
  std::stringstream text;
  text << in.rdbuf();
  std::set<std::string> names;
  static const std::regex kRow(R"(^\| `(cachepilot_[a-z_]+)` \|)");
  std::string line;
  while (std::getline(text, line)) {
    std::smatch m;
    if (std::regex_search(line, m, kRow)) {
      names.insert(m[1]);
    }
  }
  return names;
}

std::set<std::string> registered_metrics(Registry& registry) {
  std::set<std::string> names;
  for (const auto& family : registry.get().Collect()) {
    names.insert(family.name);
  }
  return names;
}

// The extender registers the extender, live-source and cache-figure sets (the last two with their flags); the
// autoscaler registers its own set and the live-source set. The page lists their union, each name once.
TEST(MetricsReference, ListsExactlyTheMetricsTheBinariesRegister) {
  Registry registry;
  ExtenderMetrics extender(registry);
  extender.count_request(Verb::kFilter, 200);  // families with label sets appear once used
  extender.dataset_request_counters({{"default", "hbase"}}).count(0, Verb::kPrioritize);
  const SystemClock clock;
  WatchMetrics watch(registry, clock);
  watch.resource("nodes").count_event("added");
  CacheFiguresMetrics figures(registry);
  AutoscalerMetrics autoscaler(registry);
  AutoscalerMetrics::TargetValues values;
  values.demand = values.forecast_mean = values.forecast_upper = values.desired = values.current =
      values.forecast_error = values.worker_throughput = values.pod_read = values.pod_notice_seconds =
          values.pod_read_seconds = values.pod_read_seconds_configured = values.demand_lag_seconds =
              values.pods_due_workers = values.pods_due_share = values.hold_seconds = values.spend_ratio =
                  values.min_replicas = values.max_replicas = 1.0;
  values.scaling_limited = true;
  values.strategy = "hold";
  values.hold_cost = values.forecast_cost = 1.0;
  autoscaler.set_target("ai", "llama", values);
  autoscaler.count_decision("ai", "llama", "Hold");
  autoscaler.count_forecast_model("ai", "llama", "ramp");
  autoscaler.count_scale_write("ai", "llama", true);
  autoscaler.count_query_error("NoData");
  autoscaler.count_api_error("get_scale");
  const auto documented = documented_metrics();
  const auto registered = registered_metrics(registry);
  ASSERT_FALSE(documented.empty()) << "docs/metrics.md has no metric rows";
  for (const auto& name : registered) {
    EXPECT_TRUE(documented.contains(name)) << name << " is exported but missing from docs/metrics.md";
  }
  for (const auto& name : documented) {
    EXPECT_TRUE(registered.contains(name)) << name << " is documented but not exported";
  }
  // Spot checks that each set was really registered (the comparison alone passes on two empty sets).
  for (const char* name :
       {"cachepilot_extender_requests_total", "cachepilot_watch_synced", "cachepilot_snapshot_rebuilds_total",
        "cachepilot_cache_figures_state", "cachepilot_autoscaler_decisions_total",
        "cachepilot_autoscaler_forecast_bytes_per_second"}) {
    EXPECT_TRUE(registered.contains(name)) << name;
  }
}

}  // namespace
}  // namespace cachepilot::metrics
