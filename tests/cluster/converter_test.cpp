// The one converter from Kubernetes objects to a Snapshot: worker nodes found through the PVC's own label,
// cached bytes split evenly or taken from finer figures, topology aggregated, problems turned into warnings.
#include "cluster/converter.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/cluster_builder.hpp"

namespace cachepilot::cluster {
namespace {

using cachepilot::testing::ClusterBuilder;
using cachepilot::testing::kGiB;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

struct Holding {
  std::string node;
  std::uint64_t bytes;
  bool operator==(const Holding&) const = default;
};
void PrintTo(const Holding& h, std::ostream* os) { *os << h.node << ":" << h.bytes; }

std::vector<Holding> holdings(const Snapshot& s, std::string_view ns, std::string_view name) {
  std::vector<Holding> out;
  auto d = s.find_dataset(ns, name);
  if (!d) {
    ADD_FAILURE() << "no dataset " << ns << "/" << name;
    return out;
  }
  for (const auto& h : s.datasets()[*d].holders) {
    out.push_back({s.nodes()[h.node].name, h.bytes});
  }
  return out;
}

const Dataset& dataset(const Snapshot& s, std::string_view ns, std::string_view name) {
  auto d = s.find_dataset(ns, name);
  EXPECT_TRUE(d.has_value()) << ns << "/" << name;
  return s.datasets().at(d.value_or(0));
}

const Node& node(const Snapshot& s, std::string_view name) {
  auto n = s.find_node(name);
  EXPECT_TRUE(n.has_value()) << name;
  return s.nodes().at(n.value_or(0));
}

bool has_warning(const Snapshot& s, const std::string& needle) {
  return std::any_of(s.warnings().begin(), s.warnings().end(),
                     [&](const std::string& w) { return w.find(needle) != std::string::npos; });
}

TEST(Converter, EvenSplitGivesTheRemainderToTheFirstWorkers) {
  // 1001 bytes over 3 workers: 1001 / 3 = 333 rem 2 → 334, 334, 333 in node order.
  auto snap = ClusterBuilder()
                  .node("n1")
                  .worker_of("default", "hbase")
                  .node("n2")
                  .worker_of("default", "hbase")
                  .node("n3")
                  .worker_of("default", "hbase")
                  .node("n4")
                  .fluid_dataset("default", "hbase", "4.00KiB", "1001B")
                  .snapshot();
  EXPECT_THAT(holdings(*snap, "default", "hbase"),
              ElementsAre(Holding{"n1", 334}, Holding{"n2", 334}, Holding{"n3", 333}));
  const auto& ds = dataset(*snap, "default", "hbase");
  EXPECT_EQ(ds.cache_source, CacheFigureSource::kEvenSplit);
  EXPECT_EQ(ds.holder_bytes_total(), 1001U);  // nothing lost to rounding
  EXPECT_EQ(ds.cached_bytes, 1001U);
  EXPECT_EQ(ds.size_bytes, 4096U);
  EXPECT_EQ(node(*snap, "n1").cache_datasets, 1U);
  EXPECT_EQ(node(*snap, "n4").cache_datasets, 0U);
}

TEST(Converter, EvenSplitOfFluidSizes) {
  // "3.00GiB" over 2 workers = 1.5 GiB each; the worker between them (n2) is not labelled.
  auto snap = ClusterBuilder()
                  .node("n1")
                  .worker_of("default", "hbase")
                  .node("n2")
                  .node("n3")
                  .worker_of("default", "hbase")
                  .fluid_dataset("default", "hbase", "4.00GiB", "3.00GiB")
                  .snapshot();
  EXPECT_THAT(holdings(*snap, "default", "hbase"),
              ElementsAre(Holding{"n1", 3 * kGiB / 2}, Holding{"n3", 3 * kGiB / 2}));
  EXPECT_TRUE(snap->holds_cache(*snap->find_dataset("default", "hbase"), *snap->find_node("n3")));
  EXPECT_FALSE(snap->holds_cache(*snap->find_dataset("default", "hbase"), *snap->find_node("n2")));
  EXPECT_EQ(snap->bytes_on_node(*snap->find_dataset("default", "hbase"), *snap->find_node("n2")), 0U);
}

TEST(Converter, WorkersWithNothingCachedYetAreStillHolders) {
  auto snap = ClusterBuilder()
                  .node("n1")
                  .worker_of("default", "fresh")
                  .node("n2")
                  .worker_of("default", "fresh")
                  .fluid_dataset("default", "fresh", "10GiB", "0.00B")
                  .snapshot();
  EXPECT_THAT(holdings(*snap, "default", "fresh"), ElementsAre(Holding{"n1", 0}, Holding{"n2", 0}));
  EXPECT_EQ(dataset(*snap, "default", "fresh").cache_source, CacheFigureSource::kEvenSplit);
}

TEST(Converter, RuntimeCacheStatesUsedWhenTheDatasetLacksThem) {
  ClusterBuilder b;
  b.node("n1")
      .worker_of("default", "hbase")
      .node("n2")
      .worker_of("default", "hbase")
      .dataset("default", "hbase")
      .ufs_total("4.00GiB")
      .no_runtime_ref()  // no cacheStates, no status.runtimes
      .fluid_pvc("default", "hbase")
      .runtime("AlluxioRuntime", "default", "hbase")
      .cached("2.00GiB")
      .workers(2, 3);
  auto snap = b.snapshot();
  const auto& ds = dataset(*snap, "default", "hbase");
  EXPECT_EQ(ds.cached_bytes, 2 * kGiB);
  EXPECT_EQ(ds.runtime_kind, RuntimeKind::kAlluxio);  // from the CRD kind
  EXPECT_EQ(ds.runtime_name, "hbase");
  EXPECT_EQ(ds.workers_ready, 2);
  EXPECT_EQ(ds.workers_desired, 3);  // status.desiredWorkerNumberScheduled without spec.replicas
  // 2 GiB over 2 workers
  EXPECT_THAT(holdings(*snap, "default", "hbase"), ElementsAre(Holding{"n1", kGiB}, Holding{"n2", kGiB}));
}

TEST(Converter, DatasetCacheStatesWinAndSpecReplicasIsTheDesiredCount) {
  ClusterBuilder b;
  b.fluid_dataset("default", "hbase", "4.00GiB", "3.00GiB")
      .runtime_type("juicefs")
      .runtime("AlluxioRuntime", "default", "hbase")
      .cached("1.00GiB")
      .workers(1, 1)
      .replicas(4);
  auto snap = b.snapshot();
  const auto& ds = dataset(*snap, "default", "hbase");
  EXPECT_EQ(ds.cached_bytes, 3 * kGiB);
  EXPECT_EQ(ds.runtime_kind, RuntimeKind::kJuiceFS);  // status.runtimes[0].type first
  EXPECT_EQ(ds.workers_desired, 4);
  EXPECT_TRUE(ds.bound);
}

TEST(Converter, WorkerLabelKeyIsReadFromThePvcIncludingFluidsUidForm) {
  // A namespace/name too long for a 63-character label: Fluid labels with the dataset UID instead. The rebuilt
  // "fluid.io/s-<ns>-<name>" key (on n2) is not Fluid's and must not be matched.
  const std::string ns = "ml-training-pipelines";
  const std::string name = "llama-2-70b-chat-hf-tokenized-shards";
  const std::string uid = "5c8e3f4a-9b1d-4e7f-a2c6-0d1e2f3a4b5c";
  const std::string uid_key = "fluid.io/s-" + uid;
  auto snap = ClusterBuilder()
                  .node("n1")
                  .label(uid_key, "true")
                  .label("fluid.io/s-juicefs-" + uid, "true")
                  .node("n2")
                  .label("fluid.io/s-" + ns + "-" + name, "true")
                  .node("n3")
                  .label(uid_key, "true")
                  .dataset(ns, name)
                  .uid(uid)
                  .ufs_total("140.00GiB")
                  .cached("60.00GiB")
                  .pvc(ns, name)
                  .label(uid_key, "true")
                  .label("fluid.io/dataset-id", uid)
                  .snapshot();
  const auto& ds = dataset(*snap, ns, name);
  EXPECT_EQ(ds.worker_label_key, uid_key);
  EXPECT_EQ(ds.uid, uid);
  EXPECT_THAT(holdings(*snap, ns, name), ElementsAre(Holding{"n1", 30 * kGiB}, Holding{"n3", 30 * kGiB}));
  EXPECT_EQ(node(*snap, "n2").cache_datasets, 0U);
}

TEST(Converter, ThePvcsShortestDatasetLabelIsTheKeyAndCapacityLabelsAreSkipped) {
  auto snap = ClusterBuilder()
                  .node("n1")
                  .label("fluid.io/s-alluxio-default-hbase", "true")  // runtime-qualified only
                  .node("n2")
                  .label("fluid.io/s-default-hbase", "true")
                  .node("n3")
                  .label("fluid.io/s-h-alluxio-t-default-hbase", "2GiB")  // a quota, not a worker mark
                  .node("n4")
                  .label("fluid.io/s-default-hbase", "false")
                  .dataset("default", "hbase")
                  .ufs_total("1GiB")
                  .cached("1GiB")
                  .pvc("default", "hbase")
                  .label("fluid.io/s-alluxio-default-hbase", "true")
                  .label("fluid.io/s-default-hbase", "true")
                  .label("fluid.io/s-h-a", "true")  // shorter, but a capacity-label key
                  .label("fluid.io/s-x", "false")   // shorter, but not "true"
                  .snapshot();
  EXPECT_EQ(dataset(*snap, "default", "hbase").worker_label_key, "fluid.io/s-default-hbase");
  EXPECT_THAT(holdings(*snap, "default", "hbase"), ElementsAre(Holding{"n2", kGiB}));
  EXPECT_EQ(node(*snap, "n3").cache_datasets, 0U);
}

TEST(Converter, FinerPerNodeFiguresReplaceTheEvenSplit) {
  ClusterBuilder b;
  b.node("n1")
      .worker_of("default", "hbase")
      .node("n2")
      .worker_of("default", "hbase")
      .node("n3")
      .node("n4")
      .worker_of("default", "logs")
      .fluid_dataset("default", "hbase", "8GiB", "6GiB")
      .fluid_dataset("default", "logs", "2GiB", "2GiB");
  const std::vector<NodeCacheFigure> figures{
      {"default", "hbase", "n1", 3 * kGiB},
      {"default", "hbase", "n1", 1 * kGiB},  // two figures for one node add up: 4 GiB
      {"default", "hbase", "n2", 0},         // a worker holding nothing drops out
      {"default", "hbase", "n3", kGiB / 2},  // a node Fluid does not label, measured anyway
      {"default", "hbase", "ghost", kGiB},   // unknown node: ignored
      {"default", "missing", "n1", kGiB},    // unknown dataset: ignored
      {"other", "hbase", "n1", kGiB},        // same name, other namespace: ignored
  };
  auto snap = b.snapshot(figures);
  EXPECT_THAT(holdings(*snap, "default", "hbase"), ElementsAre(Holding{"n1", 4 * kGiB}, Holding{"n3", kGiB / 2}));
  EXPECT_EQ(dataset(*snap, "default", "hbase").cache_source, CacheFigureSource::kMeasured);
  // logs had no figure: it keeps its even split.
  EXPECT_THAT(holdings(*snap, "default", "logs"), ElementsAre(Holding{"n4", 2 * kGiB}));
  EXPECT_EQ(dataset(*snap, "default", "logs").cache_source, CacheFigureSource::kEvenSplit);
  // weight_bytes = max(size 8, cached 6, held 4.5) = 8 GiB
  EXPECT_EQ(dataset(*snap, "default", "hbase").weight_bytes(), 8 * kGiB);
  EXPECT_EQ(node(*snap, "n2").cache_datasets, 0U);
  EXPECT_EQ(node(*snap, "n3").cache_datasets, 1U);
}

TEST(Converter, AggregatesBytesByZoneAndRegion) {
  // 6 GiB over 3 workers = 2 GiB each: z1 holds n1 (2), z2 holds n3 (2), the unlabelled n5 (2) sits under id 0.
  auto snap = ClusterBuilder()
                  .node("n1")
                  .zone("z1")
                  .region("r1")
                  .worker_of("default", "imagenet")
                  .node("n2")
                  .zone("z1")
                  .region("r1")
                  .node("n3")
                  .zone("z2")
                  .region("r1")
                  .worker_of("default", "imagenet")
                  .node("n4")
                  .zone("z3")
                  .region("r2")
                  .node("n5")
                  .worker_of("default", "imagenet")
                  .fluid_dataset("default", "imagenet", "6GiB", "6GiB")
                  .snapshot();
  const auto& ds = dataset(*snap, "default", "imagenet");
  auto named = [&](const std::vector<TopologyBytes>& v) {
    std::vector<std::pair<std::string, std::uint64_t>> out;
    for (const auto& t : v) {
      out.emplace_back(std::string(snap->topology_name(t.id)), t.bytes);
    }
    return out;
  };
  using P = std::pair<std::string, std::uint64_t>;
  EXPECT_THAT(named(ds.bytes_by_zone), ElementsAre(P{"", 2 * kGiB}, P{"z1", 2 * kGiB}, P{"z2", 2 * kGiB}));
  EXPECT_THAT(named(ds.bytes_by_region), ElementsAre(P{"", 2 * kGiB}, P{"r1", 4 * kGiB}));
  EXPECT_TRUE(std::is_sorted(ds.bytes_by_zone.begin(), ds.bytes_by_zone.end(),
                             [](const TopologyBytes& a, const TopologyBytes& b) { return a.id < b.id; }));
  const auto& n2 = node(*snap, "n2");
  EXPECT_EQ(n2.zone, "z1");
  EXPECT_EQ(n2.region, "r1");
  EXPECT_EQ(snap->topology_name(n2.zone_id), "z1");
  EXPECT_EQ(node(*snap, "n1").zone_id, n2.zone_id);  // interned once
  EXPECT_EQ(node(*snap, "n5").zone_id, kNoTopology);
  EXPECT_EQ(snap->topology_name(kNoTopology), "");
  EXPECT_EQ(snap->topology_name(9999), "");
}

TEST(Converter, TopologyKeysFallBackAndCanBeConfigured) {
  ClusterBuilder b;
  b.node("legacy")
      .label("failure-domain.beta.kubernetes.io/zone", "old-z")
      .label("failure-domain.beta.kubernetes.io/region", "old-r");
  b.node("both").label("failure-domain.beta.kubernetes.io/zone", "old-z").zone("new-z");
  b.node("custom").label("example.com/rack", "rack-7").label("example.com/room", "room-2");
  auto snap = b.snapshot();
  EXPECT_EQ(node(*snap, "legacy").zone, "old-z");
  EXPECT_EQ(node(*snap, "legacy").region, "old-r");
  EXPECT_EQ(node(*snap, "both").zone, "new-z");  // the GA label is preferred
  EXPECT_EQ(node(*snap, "custom").zone, "");

  ConvertOptions options;
  options.topology.zone = {"example.com/rack"};
  options.topology.region = {"example.com/room"};
  auto custom = b.snapshot({}, options);
  EXPECT_EQ(node(*custom, "custom").zone, "rack-7");
  EXPECT_EQ(node(*custom, "custom").region, "room-2");
  EXPECT_EQ(node(*custom, "both").zone, "");
}

TEST(Converter, VirtualNodesByLabelAndByTaint) {
  auto snap = ClusterBuilder()
                  .node("vk-label")
                  .virtual_kubelet()
                  .node("vk-taint")
                  .taint("virtual-kubelet.io/provider", "alibabacloud")
                  .node("other-type")
                  .label("type", "edge")
                  .node("other-taint")
                  .taint("node.kubernetes.io/unreachable", "", "NoExecute")
                  .node("plain")
                  .snapshot();
  EXPECT_TRUE(node(*snap, "vk-label").is_virtual);
  EXPECT_TRUE(node(*snap, "vk-taint").is_virtual);
  EXPECT_FALSE(node(*snap, "other-type").is_virtual);
  EXPECT_FALSE(node(*snap, "other-taint").is_virtual);
  EXPECT_FALSE(node(*snap, "plain").is_virtual);
}

TEST(Converter, DuplicatesAndMissingObjectsBecomeWarnings) {
  ClusterBuilder b;
  b.node("n1")
      .zone("z1")
      .worker_of("default", "hbase")
      .node("n1")
      .zone("z2")  // duplicate: the first wins
      .fluid_dataset("default", "hbase", "4GiB", "2GiB")
      .dataset("default", "hbase")
      .ufs_total("99GiB")                              // duplicate dataset
      .runtime("JuiceFSRuntime", "default", "orphan")  // no dataset of its name
      .fluid_pvc("default", "gone")                    // Fluid PVC without its dataset
      .pvc("default", "managed")
      .label("fluid.io/managed-by", "fluid")  // ditto, the other Fluid marker
      .pvc("default", "scratch")
      .label("app", "trainer")  // ordinary PVC: no warning
      .dataset("default", "nopvc")
      .ufs_total("1GiB")                                          // workers cannot be located
      .fluid_dataset("default", "odd", "lots", "[Calculating]");  // unparsable size
  auto objects = b.objects();
  objects.warnings.emplace_back("document 3: ConfigMap x skipped");  // from the decoder, carried over
  auto snap = build_snapshot(objects, {}, {});

  EXPECT_EQ(snap->nodes().size(), 1U);
  EXPECT_EQ(node(*snap, "n1").zone, "z1");
  EXPECT_EQ(dataset(*snap, "default", "hbase").size_bytes, 4 * kGiB);
  EXPECT_TRUE(has_warning(*snap, "node n1 listed twice"));
  EXPECT_TRUE(has_warning(*snap, "dataset default/hbase listed twice"));
  EXPECT_TRUE(has_warning(*snap, "JuiceFSRuntime default/orphan has no dataset"));
  EXPECT_TRUE(has_warning(*snap, "PVC default/gone is labelled by Fluid but no dataset"));
  EXPECT_TRUE(has_warning(*snap, "PVC default/managed is labelled by Fluid but no dataset"));
  EXPECT_FALSE(has_warning(*snap, "scratch"));
  EXPECT_TRUE(has_warning(*snap, "dataset default/nopvc has no PVC"));
  EXPECT_TRUE(has_warning(*snap, "dataset default/odd: ufsTotal not a number: \"lots\""));
  EXPECT_TRUE(has_warning(*snap, "dataset default/odd: cached not a number"));  // "[Calculating]" in cached
  EXPECT_TRUE(has_warning(*snap, "ConfigMap x skipped"));
  EXPECT_EQ(dataset(*snap, "default", "odd").size_bytes, 0U);
}

TEST(Converter, CalculatingUfsTotalIsQuietlyUnknown) {
  auto snap = ClusterBuilder().fluid_dataset("default", "d", "[Calculating]", "0.00B").snapshot();
  EXPECT_EQ(dataset(*snap, "default", "d").size_bytes, 0U);
  EXPECT_TRUE(snap->warnings().empty()) << snap->warnings().front();
}

TEST(Converter, AFluidPvcFindsItsDatasetAndPlainClaimsFallBackToTheSameName) {
  auto snap = ClusterBuilder()
                  .fluid_dataset("default", "hbase", "1GiB", "0B")
                  .dataset("default", "raw")
                  .ufs_total("2GiB")  // no PVC: found by name
                  .dataset("team-a", "hbase")
                  .ufs_total("3GiB")
                  .pvc("default", "managed")
                  .label("fluid.io/managed-by", "fluid")
                  .dataset("default", "managed")
                  .snapshot();
  EXPECT_EQ(snap->find_dataset_for_claim("default", "hbase"), snap->find_dataset("default", "hbase"));
  EXPECT_EQ(snap->find_dataset_for_claim("default", "raw"), snap->find_dataset("default", "raw"));
  EXPECT_EQ(snap->find_dataset_for_claim("team-a", "hbase"), snap->find_dataset("team-a", "hbase"));
  EXPECT_NE(snap->find_dataset("team-a", "hbase"), snap->find_dataset("default", "hbase"));
  EXPECT_FALSE(snap->find_dataset_for_claim("team-b", "hbase").has_value());
  EXPECT_FALSE(snap->find_dataset_for_claim("default", "scratch").has_value());
  // managed-by marks the PVC as Fluid's, but without an s- label the workers cannot be located.
  EXPECT_TRUE(snap->find_dataset_for_claim("default", "managed").has_value());
  EXPECT_EQ(dataset(*snap, "default", "managed").worker_label_key, "");
  EXPECT_TRUE(has_warning(*snap, "dataset default/managed has no PVC with a fluid.io/s- label"));
}

TEST(Converter, CarriesGenerationTimeAndPhase) {
  ConvertOptions options;
  options.generation = 7;
  options.built_at_unix = 1.7e9;
  auto snap = ClusterBuilder().fluid_dataset("default", "d", "1GiB", "0B").phase("NotBound").snapshot({}, options);
  EXPECT_EQ(snap->generation(), 7U);
  EXPECT_DOUBLE_EQ(snap->built_at_unix(), 1.7e9);
  EXPECT_FALSE(dataset(*snap, "default", "d").bound);
}

TEST(Converter, EmptyInputGivesAnEmptySnapshot) {
  auto snap = build_snapshot(ClusterObjects{}, {}, {});
  EXPECT_TRUE(snap->nodes().empty());
  EXPECT_TRUE(snap->datasets().empty());
  EXPECT_TRUE(snap->warnings().empty());
  EXPECT_FALSE(snap->find_node("x").has_value());
  EXPECT_EQ(snap->topology_count(), 1U);  // id 0, "not labelled"
}

TEST(RuntimeKind, FromTypesAndCrdKinds) {
  struct Case {
    const char* text;
    RuntimeKind want;
  };
  for (const auto& c : std::vector<Case>{{"alluxio", RuntimeKind::kAlluxio},
                                         {"AlluxioRuntime", RuntimeKind::kAlluxio},
                                         {"juicefs", RuntimeKind::kJuiceFS},
                                         {"JuiceFSRuntime", RuntimeKind::kJuiceFS},
                                         {"jindofsx", RuntimeKind::kJindo},
                                         {"jindocache", RuntimeKind::kJindo},
                                         {"JindoRuntime", RuntimeKind::kJindo},
                                         {"goosefs", RuntimeKind::kGooseFS},
                                         {"EFCRuntime", RuntimeKind::kEFC},
                                         {"thin", RuntimeKind::kThin},
                                         {"VineyardRuntime", RuntimeKind::kVineyard},
                                         {"ceph", RuntimeKind::kUnknown},
                                         {"", RuntimeKind::kUnknown}}) {
    EXPECT_EQ(runtime_kind_from(c.text), c.want) << c.text;
  }
  EXPECT_EQ(to_string(RuntimeKind::kJuiceFS), "juicefs");
  EXPECT_EQ(to_string(RuntimeKind::kUnknown), "unknown");
  EXPECT_EQ(to_string(CacheFigureSource::kEvenSplit), "even-split");
  EXPECT_EQ(to_string(CacheFigureSource::kMeasured), "measured");
  EXPECT_EQ(to_string(CacheFigureSource::kNone), "none");
}

TEST(SnapshotStore, SwapsWholeSnapshots) {
  SnapshotStore store;
  EXPECT_EQ(store.load(), nullptr);
  auto first = ClusterBuilder().node("a").snapshot();
  store.store(first);
  auto held = store.load();
  store.store(ClusterBuilder().node("b").snapshot());
  EXPECT_TRUE(held->find_node("a").has_value());  // a reader keeps the snapshot it took
  EXPECT_TRUE(store.load()->find_node("b").has_value());
}

}  // namespace
}  // namespace cachepilot::cluster
