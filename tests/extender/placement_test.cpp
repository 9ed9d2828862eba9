// The pure placement core: which datasets a pod reads, tiered scores 0..10, and the required-cache filter.
// Every expected score is worked out in the comment next to it:
//   score = round_half_up(10 × (w_node·node + w_zone·(zone − node) + w_region·(region − zone)) / max weight)
// with w_zone raised to at least w_region and w_node to at least w_zone (nearer bytes are in the farther tiers)
// where node/zone/region are the shares of the pod's dataset bytes (weighted by dataset size) held on the
// node, in its zone and in its region.
#include "extender/placement.hpp"

#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/cluster_builder.hpp"

namespace cachepilot::extender {
namespace {

using cachepilot::testing::ClusterBuilder;
using cachepilot::testing::kGiB;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

// A pod owning its strings; info() is a PodInfo viewing them.
struct TestPod {
  std::string ns = "default";
  std::vector<std::pair<std::string, std::string>> labels;
  std::vector<std::pair<std::string, std::string>> annotations;
  std::vector<std::string> claims;

  TestPod& claim(std::string c) {
    claims.push_back(std::move(c));
    return *this;
  }
  TestPod& label(std::string k, std::string v) {
    labels.emplace_back(std::move(k), std::move(v));
    return *this;
  }
  TestPod& annotation(std::string k, std::string v) {
    annotations.emplace_back(std::move(k), std::move(v));
    return *this;
  }
  TestPod& in(std::string n) {
    ns = std::move(n);
    return *this;
  }
  TestPod& serverless() { return label("serverless.fluid.io/inject", "true"); }
  TestPod& requires_dataset(const std::string& name) {
    return label("fluid.io/dataset." + name + ".sched", "required");
  }
  [[nodiscard]] PodInfo info() const {
    PodInfo p;
    p.namespace_ = ns;
    p.name = "trainer-0";
    for (const auto& [k, v] : labels) {
      p.labels.emplace_back(k, v);
    }
    for (const auto& [k, v] : annotations) {
      p.annotations.emplace_back(k, v);
    }
    for (const auto& c : claims) {
      p.claim_names.emplace_back(c);
    }
    return p;
  }
};

// The test cluster.
//   region r1: zone z1 = {n1, n2, v1 (virtual by label)}, zone z2 = {n3}
//   region r2: zone z3 = {n4, v2 (virtual by taint)}
//   n5: no topology labels
// Datasets (all in "default"):
//   hbase     4 GiB, 3 GiB cached, worker n1            → n1 holds 3 GiB
//   imagenet  8 GiB, 6 GiB cached, workers n1, n3       → 3 GiB each
//   logs     12 GiB, 12 GiB cached, worker n4           → n4 holds 12 GiB
//   fresh    10 GiB, nothing cached yet, workers n1, n3
//   raw       2 GiB, no PVC (found by name), no workers known
ClusterBuilder test_cluster() {
  ClusterBuilder b;
  b.node("n1")
      .zone("z1")
      .region("r1")
      .worker_of("default", "hbase")
      .worker_of("default", "imagenet")
      .worker_of("default", "fresh")
      .node("n2")
      .zone("z1")
      .region("r1")
      .node("n3")
      .zone("z2")
      .region("r1")
      .worker_of("default", "imagenet")
      .worker_of("default", "fresh")
      .node("n4")
      .zone("z3")
      .region("r2")
      .worker_of("default", "logs")
      .node("n5")
      .node("v1")
      .zone("z1")
      .region("r1")
      .virtual_kubelet()
      .node("v2")
      .zone("z3")
      .region("r2")
      .taint("virtual-kubelet.io/provider", "alibabacloud")
      .fluid_dataset("default", "hbase", "4.00GiB", "3.00GiB")
      .fluid_dataset("default", "imagenet", "8.00GiB", "6.00GiB")
      .fluid_dataset("default", "logs", "12.00GiB", "12.00GiB")
      .fluid_dataset("default", "fresh", "10.00GiB", "0.00B")
      .dataset("default", "raw")
      .ufs_total("2.00GiB");
  return b;
}

const std::vector<std::string_view> kCandidates{"n1", "n2", "n3", "n4", "n5", "v1", "v2", "ghost"};

struct Scored {
  std::vector<std::uint8_t> scores;
  ScoreStats stats;
  PodNeeds needs;
};

Scored score(const cluster::Snapshot& snap, const TestPod& pod, const Policy& policy = {},
             std::span<const std::string_view> names = kCandidates) {
  Scored out;
  out.needs = resolve_needs(snap, pod.info());
  std::vector<cluster::NodeIndex> nodes;
  resolve_nodes(snap, names, nodes);
  score_nodes(snap, out.needs, nodes, policy, out.scores, out.stats);
  return out;
}

std::vector<int> ints(const std::vector<std::uint8_t>& v) { return {v.begin(), v.end()}; }

struct ScoreCase {
  const char* name;
  TestPod pod;
  Policy policy;
  //                   n1 n2 n3 n4 n5 v1 v2 ghost
  std::vector<int> want;
};

void PrintTo(const ScoreCase& c, std::ostream* os) { *os << c.name; }

class ScoreTable : public ::testing::TestWithParam<ScoreCase> {
 protected:
  static void SetUpTestSuite() { snap_ = test_cluster().snapshot(); }
  static void TearDownTestSuite() { snap_.reset(); }
  static cluster::SnapshotPtr snap_;
};
cluster::SnapshotPtr ScoreTable::snap_;

TEST_P(ScoreTable, Scores) {
  const auto& c = GetParam();
  auto got = score(*snap_, c.pod, c.policy);
  EXPECT_EQ(ints(got.scores), c.want) << c.name;
  EXPECT_EQ(got.stats.unknown_nodes, 1U) << c.name;  // "ghost"
}

Policy weights(double node, double zone, double region) {
  Policy p;
  p.node_weight = node;
  p.zone_weight = zone;
  p.region_weight = region;
  return p;
}

Policy no_cache_free_preference() {
  Policy p;
  p.prefer_cache_free_nodes = false;
  return p;
}

INSTANTIATE_TEST_SUITE_P(
    Tiers, ScoreTable,
    ::testing::Values(
        // hbase: n1 holds 3 of 4 GiB: node share .75, its zone z1 and region r1 .75 too.
        //   n1: 10 × 100×.75 / 100 = 7.5 → 8
        //   n2 (z1): 10 × 50×.75 / 100 = 3.75 → 4
        //   n3 (r1, other zone): 10 × 20×.75 / 100 = 1.5 → 2
        //   v1 (virtual, z1): no node tier, zone .75 → 3.75 → 4
        //   n4, n5, v2, ghost: nothing near → 0
        ScoreCase{"hbase default weights", TestPod().claim("hbase"), {}, {8, 4, 2, 0, 0, 4, 0, 0}},
        // imagenet: 3 GiB on n1 (z1) and 3 GiB on n3 (z2) of 8 GiB: node .375, zone .375, region r1 .75.
        //   n1, n3: 10 × (100×.375 + 50×0 + 20×(.75−.375)) / 100 = 4.5 → 5
        //   n2, v1: 10 × (50×.375 + 20×.375) / 100 = 2.625 → 3
        ScoreCase{"imagenet split over two zones", TestPod().claim("imagenet"), {}, {5, 3, 5, 0, 0, 3, 0, 0}},
        // logs: 12 of 12 GiB on n4 (z3, r2). n4: 10 × 100×1 / 100 = 10; v2 (virtual, z3): 10 × 50×1/100 = 5.
        ScoreCase{"logs fully cached", TestPod().claim("logs"), {}, {0, 0, 0, 10, 0, 0, 5, 0}},
        // Two datasets weighted by size: hbase 4 + logs 12 = 16 GiB.
        //   n1: 3/16 = .1875 on the node → 10 × 18.75/100 = 1.875 → 2
        //   n2, v1: .1875 in z1 → 10 × 50×.1875/100 = 0.9375 → 1
        //   n3: .1875 in r1 → 10 × 20×.1875/100 = 0.375 → 0
        //   n4: 12/16 = .75 on the node → 7.5 → 8
        //   v2: .75 in z3 → 10 × 50×.75/100 = 3.75 → 4
        ScoreCase{
            "hbase and logs weighted by size", TestPod().claim("hbase").claim("logs"), {}, {2, 1, 0, 8, 0, 1, 4, 0}},
        // fluid.io/datasets-in-use names hbase and imagenet: 4 + 8 = 12 GiB.
        //   n1: node (3+3)/12 = .5, z1 .5, r1 (3+6)/12 = .75 → 10 × (50 + 20×.25)/100 = 5.5 → 6
        //   n2, v1: z1 .5, r1 .75 → 10 × (50×.5 + 20×.25)/100 = 3
        //   n3: node 3/12 = .25, z2 .25, r1 .75 → 10 × (25 + 20×.5)/100 = 3.5 → 4
        ScoreCase{"datasets-in-use annotation",
                  TestPod().annotation("fluid.io/datasets-in-use", "hbase, imagenet"),
                  {},
                  {6, 3, 4, 0, 0, 3, 0, 0}},
        // Serverless pods have no node-local cache: a node's own bytes count as zone bytes.
        //   n1, n2, v1 (z1 .75): 10 × 50×.75/100 = 3.75 → 4;  n3 (r1 .75): 1.5 → 2
        ScoreCase{"serverless pod reading hbase", TestPod().claim("hbase").serverless(), {}, {4, 4, 2, 0, 0, 4, 0, 0}},
        ScoreCase{"serverless annotation",
                  TestPod().claim("logs").annotation("serverless.fluid.io/inject", "true"),
                  {},
                  {0, 0, 0, 5, 0, 0, 5, 0}},
        // A dataset whose cache is still empty spreads its weight over its workers: n1 and n3 get .5 each.
        //   n1, n3: 10 × (100×.5 + 20×(1 − .5))/100 = 6;  n2, v1: 10 × (50×.5 + 20×.5)/100 = 3.5 → 4
        ScoreCase{"empty cache on its workers", TestPod().claim("fresh"), {}, {6, 4, 6, 0, 0, 4, 0, 0}},
        // Custom weights node 100, zone 80, region 0 on hbase:
        //   n1: 7.5 → 8;  n2, v1: 10 × 80×.75/100 = 6;  n3: region weight 0 → 0
        ScoreCase{"custom weights 100/80/0", TestPod().claim("hbase"), weights(100, 80, 0), {8, 6, 0, 0, 0, 6, 0, 0}},
        // Weights 10/5/2 are 100/50/20 scaled: the scores do not change.
        ScoreCase{"weights scaled down", TestPod().claim("imagenet"), weights(10, 5, 2), {5, 3, 5, 0, 0, 3, 0, 0}},
        // Flat weights: anything in the region counts in full: 10 × 100×.75/100 = 7.5 → 8 across r1.
        ScoreCase{"flat weights", TestPod().claim("hbase"), weights(1, 1, 1), {8, 8, 8, 0, 0, 8, 0, 0}},
        // Zone weighted above node (0/40/20): bytes on the node are in its zone too, so the node tier earns at
        // least the zone weight (max(0, 40, 20) = 40) and the holder never scores below its neighbours.
        //   n1: 10 × 40×.75 / 40 = 7.5 → 8;  n2, v1: 10 × 40×.75/40 = 7.5 → 8;  n3: 10 × 20×.75/40 = 3.75 → 4
        ScoreCase{"zone above node", TestPod().claim("hbase"), weights(0, 40, 20), {8, 8, 4, 0, 0, 8, 0, 0}},
        // Node tier only: only n1 scores (7.5 → 8); a virtual node has no node tier at all.
        ScoreCase{"node tier only", TestPod().claim("hbase"), weights(100, 0, 0), {8, 0, 0, 0, 0, 0, 0, 0}},
        // Pods reading no dataset prefer nodes without cache workers (n1, n3, n4 run workers); unknown
        // nodes count as cache-free.
        ScoreCase{"no datasets: cache-free nodes preferred", TestPod(), {}, {0, 10, 0, 0, 10, 10, 10, 10}},
        ScoreCase{"ordinary PVC only", TestPod().claim("scratch"), {}, {0, 10, 0, 0, 10, 10, 10, 10}},
        ScoreCase{"dataset of another namespace is not ours",
                  TestPod().claim("hbase").in("team-b"),
                  {},
                  {0, 10, 0, 0, 10, 10, 10, 10}},
        ScoreCase{"no datasets, preference off", TestPod(), no_cache_free_preference(), {0, 0, 0, 0, 0, 0, 0, 0}},
        // Unknown datasets: neutral everywhere.
        ScoreCase{"unknown dataset in annotation",
                  TestPod().annotation("fluid.io/datasets-in-use", "nope"),
                  {},
                  {0, 0, 0, 0, 0, 0, 0, 0}},
        // raw is found by name (no PVC) but none of its workers is known: nothing to prefer.
        ScoreCase{"dataset without known workers", TestPod().claim("raw"), {}, {0, 0, 0, 0, 0, 0, 0, 0}}),
    [](const ::testing::TestParamInfo<ScoreCase>& param_info) {
      std::string name = param_info.param.name;
      for (auto& ch : name) {
        if (!std::isalnum(static_cast<unsigned char>(ch))) {
          ch = '_';
        }
      }
      return name;
    });

TEST(Score, FinerFiguresChangeTheArithmetic) {
  // Measured: imagenet 5 GiB on n1, 1 GiB on n3 (of 8); raw 2 GiB on n2 (of 2).
  const std::vector<cluster::NodeCacheFigure> figures{{"default", "imagenet", "n1", 5 * kGiB},
                                                      {"default", "imagenet", "n3", 1 * kGiB},
                                                      {"default", "raw", "n2", 2 * kGiB}};
  auto snap = test_cluster().snapshot(figures);
  //   n1: node 5/8 = .625, z1 .625, r1 .75 → 10 × (62.5 + 20×.125)/100 = 6.5 → 7
  //   n2, v1: z1 .625, r1 .75 → 10 × (50×.625 + 20×.125)/100 = 3.375 → 3
  //   n3: node 1/8 = .125, z2 .125, r1 .75 → 10 × (12.5 + 20×.625)/100 = 2.5 → 3
  EXPECT_THAT(ints(score(*snap, TestPod().claim("imagenet")).scores), ElementsAre(7, 3, 3, 0, 0, 3, 0, 0));
  // raw, resolved through its name alone: n2 holds all of it → 10; n1, v1 share z1 → 5; n3 in r1 → 2.
  EXPECT_THAT(ints(score(*snap, TestPod().claim("raw")).scores), ElementsAre(5, 10, 2, 0, 0, 5, 0, 0));
}

TEST(Score, ZoneAndRegionLabelsAreConfigurable) {
  cluster::ConvertOptions options;
  options.topology.zone = {"example.com/rack"};
  options.topology.region = {"example.com/room"};
  ClusterBuilder b;
  b.node("a")
      .label("example.com/rack", "r7")
      .label("example.com/room", "east")
      .worker_of("default", "d")
      .node("b")
      .label("example.com/rack", "r7")
      .label("example.com/room", "east")
      .node("c")
      .label("example.com/rack", "r8")
      .label("example.com/room", "east")
      .node("d")
      .zone("z-standard")  // labelled only with the standard key, ignored here
      .fluid_dataset("default", "d", "1GiB", "1GiB");
  auto snap = b.snapshot({}, options);
  const std::vector<std::string_view> names{"a", "b", "c", "d"};
  // a: 10; b (same rack): 10 × 50/100 = 5; c (same room): 10 × 20/100 = 2; d: 0
  EXPECT_THAT(ints(score(*snap, TestPod().claim("d"), {}, names).scores), ElementsAre(10, 5, 2, 0));
}

TEST(Score, UnlabelledNodesShareNoZone) {
  // Two unlabelled nodes: the cache on one is not "in the zone" of the other.
  auto snap = ClusterBuilder()
                  .node("a")
                  .worker_of("default", "d")
                  .node("b")
                  .fluid_dataset("default", "d", "1GiB", "1GiB")
                  .snapshot();
  const std::vector<std::string_view> names{"a", "b"};
  EXPECT_THAT(ints(score(*snap, TestPod().claim("d"), {}, names).scores), ElementsAre(10, 0));
}

TEST(Score, ScoresStayWithinTheExtenderRange) {
  auto snap = test_cluster().snapshot();
  for (const auto& policy : {Policy{}, weights(1, 1, 1), weights(0, 0, 1), weights(5, 100, 3)}) {
    for (const auto& pod : {TestPod().claim("hbase").claim("logs").claim("imagenet").claim("fresh"),
                            TestPod().annotation("fluid.io/datasets-in-use", "hbase,imagenet,logs,fresh,raw")}) {
      for (auto s : score(*snap, pod, policy).scores) {
        EXPECT_LE(s, 10);
      }
    }
  }
}

TEST(Score, EmptyCandidateListGivesNoScores) {
  auto snap = test_cluster().snapshot();
  auto got = score(*snap, TestPod().claim("hbase"), {}, {});
  EXPECT_TRUE(got.scores.empty());
  EXPECT_EQ(got.stats.unknown_nodes, 0U);
}

TEST(ResolveNeeds, DatasetsFromClaimsAnnotationAndRequiredLabelDeduplicated) {
  auto snap = test_cluster().snapshot();
  TestPod pod;
  pod.claim("hbase").claim("scratch").annotation("fluid.io/datasets-in-use", "hbase,logs").requires_dataset("hbase");
  const auto needs = resolve_needs(*snap, pod.info());
  ASSERT_EQ(needs.datasets.size(), 2U);
  EXPECT_EQ(needs.datasets[0].index, *snap->find_dataset("default", "hbase"));
  EXPECT_DOUBLE_EQ(needs.datasets[0].weight, static_cast<double>(4 * kGiB));
  EXPECT_EQ(needs.datasets[1].index, *snap->find_dataset("default", "logs"));
  EXPECT_DOUBLE_EQ(needs.datasets[1].weight, static_cast<double>(12 * kGiB));
  ASSERT_EQ(needs.required.size(), 1U);
  EXPECT_EQ(needs.required[0].name, "hbase");
  EXPECT_TRUE(needs.unknown_datasets.empty());  // "scratch" is an ordinary volume, not an unknown dataset
  EXPECT_TRUE(needs.has_volumes);
  EXPECT_FALSE(needs.serverless);
}

TEST(ResolveNeeds, UnknownDatasetsServerlessAndDefaultNamespace) {
  auto snap = test_cluster().snapshot();
  TestPod pod;
  pod.in("").annotation("fluid.io/datasets-in-use", "nope, nope,hbase").requires_dataset("missing");
  pod.label("serverless.fluid.io/inject", "true");
  const auto needs = resolve_needs(*snap, pod.info());
  ASSERT_EQ(needs.datasets.size(), 1U);  // an empty namespace is "default": hbase is found
  EXPECT_THAT(needs.unknown_datasets, ElementsAre("default/nope", "default/missing"));
  ASSERT_EQ(needs.required.size(), 1U);
  EXPECT_FALSE(needs.required[0].index.has_value());
  EXPECT_TRUE(needs.serverless);
  EXPECT_FALSE(needs.has_volumes);

  TestPod not_serverless;
  not_serverless.label("serverless.fluid.io/inject", "false");
  EXPECT_FALSE(resolve_needs(*snap, not_serverless.info()).serverless);
}

TEST(ResolveNeeds, OnlyWellFormedRequiredLabelsCount) {
  auto snap = test_cluster().snapshot();
  TestPod pod;
  pod.label("fluid.io/dataset.hbase.sched", "preferred")  // not "required"
      .label("fluid.io/dataset..sched", "required")       // no name
      .label("fluid.io/dataset.logs", "required")         // no ".sched"
      .label("x.fluid.io/dataset.logs.sched", "required");
  const auto needs = resolve_needs(*snap, pod.info());
  EXPECT_TRUE(needs.required.empty());
  EXPECT_TRUE(needs.datasets.empty());
}

TEST(ResolveNodes, UnknownNamesAreMarked) {
  auto snap = test_cluster().snapshot();
  std::vector<cluster::NodeIndex> out{99, 99, 99, 99};
  const std::vector<std::string_view> names{"n2", "ghost", "n1"};
  resolve_nodes(*snap, names, out);
  EXPECT_THAT(out, ElementsAre(*snap->find_node("n2"), kUnknownNode, *snap->find_node("n1")));
}

struct Filtered {
  FilterOutcome outcome;
  std::vector<std::string_view> passed;
};

Filtered run_filter(const cluster::Snapshot& snap, const TestPod& pod,
                    std::span<const std::string_view> names = kCandidates) {
  const auto needs = resolve_needs(snap, pod.info());
  std::vector<cluster::NodeIndex> nodes;
  resolve_nodes(snap, names, nodes);
  Filtered f;
  f.outcome = filter_nodes(snap, needs, nodes);
  EXPECT_EQ(f.outcome.verdicts.size(), names.size());
  EXPECT_EQ(f.outcome.reasons.size(), names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (f.outcome.verdicts[i] == FilterVerdict::kPass) {
      f.passed.push_back(names[i]);
      EXPECT_TRUE(f.outcome.reasons[i].empty()) << names[i];
    } else {
      EXPECT_FALSE(f.outcome.reasons[i].empty()) << names[i];
    }
  }
  return f;
}

TEST(Filter, RequiredDatasetKeepsOnlyItsCacheNodesAndNamesTheReason) {
  auto snap = test_cluster().snapshot();
  auto f = run_filter(*snap, TestPod().claim("hbase").requires_dataset("hbase"));
  // n1 holds hbase's worker; "ghost" is unknown to the snapshot and not ours to reject.
  EXPECT_THAT(f.passed, ElementsAre("n1", "ghost"));
  EXPECT_EQ(f.outcome.unknown_nodes, 1U);
  EXPECT_EQ(f.outcome.verdicts[1], FilterVerdict::kFailUnresolvable);
  EXPECT_EQ(f.outcome.reasons[1],
            "no cache worker of dataset default/hbase on this node, and the pod requires one "
            "(label fluid.io/dataset.hbase.sched=required)");
  // The same text for every rejected node, so kube-scheduler can group them in its PodScheduled message.
  EXPECT_EQ(f.outcome.reasons[5], f.outcome.reasons[1]);
}

TEST(Filter, EveryRequiredDatasetMustBeOnTheNode) {
  auto snap = test_cluster().snapshot();
  auto f = run_filter(*snap, TestPod().requires_dataset("hbase").requires_dataset("imagenet"));
  EXPECT_THAT(f.passed, ElementsAre("n1", "ghost"));
  // n3 runs imagenet's worker but not hbase's.
  EXPECT_THAT(f.outcome.reasons[2], HasSubstr("dataset default/hbase"));

  auto imagenet = run_filter(*snap, TestPod().requires_dataset("imagenet"));
  EXPECT_THAT(imagenet.passed, ElementsAre("n1", "n3", "ghost"));
}

TEST(Filter, AWorkerWithAnEmptyCacheStillQualifies) {
  auto snap = test_cluster().snapshot();
  EXPECT_THAT(run_filter(*snap, TestPod().requires_dataset("fresh")).passed, ElementsAre("n1", "n3", "ghost"));
}

TEST(Filter, NeutralWithoutRequiredOrForUnknownDatasets) {
  auto snap = test_cluster().snapshot();
  EXPECT_EQ(run_filter(*snap, TestPod().claim("hbase")).passed.size(), kCandidates.size());
  EXPECT_EQ(run_filter(*snap, TestPod()).passed.size(), kCandidates.size());
  auto unknown = run_filter(*snap, TestPod().requires_dataset("nope"));
  EXPECT_EQ(unknown.passed.size(), kCandidates.size());
  // A required dataset of another namespace is unknown here, so neutral too.
  EXPECT_EQ(run_filter(*snap, TestPod().requires_dataset("hbase").in("team-b")).passed.size(), kCandidates.size());
}

TEST(Filter, RequiredDatasetWithoutKnownWorkersRejectsEveryKnownNode) {
  auto snap = test_cluster().snapshot();
  auto f = run_filter(*snap, TestPod().requires_dataset("raw"));
  EXPECT_THAT(f.passed, ElementsAre("ghost"));
}

}  // namespace
}  // namespace cachepilot::extender
