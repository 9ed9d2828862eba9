// ExtenderMetrics' per-dataset request counters: the table the request path uses instead of Family::Add.
#include "metrics/extender_metrics.hpp"

#include <string>

#include <gtest/gtest.h>

#include "metrics/registry.hpp"
#include "tests/support/metrics_text.hpp"

namespace cachepilot::metrics {
namespace {

using cachepilot::testing::metric_sum;
using cachepilot::testing::metric_value;
using cachepilot::testing::MetricLabels;

constexpr const char* kName = "cachepilot_extender_dataset_requests_total";

MetricLabels labels(const std::string& ns, const std::string& dataset, const std::string& verb) {
  return {{"namespace", ns}, {"dataset", dataset}, {"verb", verb}};
}

TEST(DatasetRequestCounters, CountsByIndexAndVerb) {
  Registry registry;
  ExtenderMetrics metrics(registry);
  const auto table = metrics.dataset_request_counters({{"default", "hbase"}, {"team-b", "logs"}});
  EXPECT_EQ(table.size(), 2U);
  table.count(0, Verb::kPrioritize);
  table.count(0, Verb::kPrioritize);
  table.count(0, Verb::kFilter);
  table.count(1, Verb::kFilter);
  const auto text = registry.serialize();
  EXPECT_EQ(metric_value(text, kName, labels("default", "hbase", "prioritize")), 2.0);
  EXPECT_EQ(metric_value(text, kName, labels("default", "hbase", "filter")), 1.0);
  EXPECT_EQ(metric_value(text, kName, labels("team-b", "logs", "filter")), 1.0);
  // A counter appears on its first use only: logs was never prioritized.
  EXPECT_FALSE(metric_value(text, kName, labels("team-b", "logs", "prioritize")).has_value());
}

TEST(DatasetRequestCounters, IgnoresOtherVerbsAndIndexesOutOfRange) {
  Registry registry;
  ExtenderMetrics metrics(registry);
  const auto table = metrics.dataset_request_counters({{"default", "hbase"}});
  table.count(1, Verb::kFilter);  // one past the end
  table.count(0, Verb::kHealth);
  table.count(0, Verb::kOther);
  EXPECT_EQ(metric_sum(registry.serialize(), kName), 0.0);
}

TEST(DatasetRequestCounters, TablesOfTwoSnapshotsShareTheSeries) {
  Registry registry;
  ExtenderMetrics metrics(registry);
  // hbase is index 0 in the first snapshot, 1 in the next: one series, 1 + 1 = 2.
  const auto first = metrics.dataset_request_counters({{"default", "hbase"}});
  const auto second = metrics.dataset_request_counters({{"default", "aaa"}, {"default", "hbase"}});
  first.count(0, Verb::kFilter);
  second.count(1, Verb::kFilter);
  EXPECT_EQ(metric_value(registry.serialize(), kName, labels("default", "hbase", "filter")), 2.0);
}

}  // namespace
}  // namespace cachepilot::metrics
