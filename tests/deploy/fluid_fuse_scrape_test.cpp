// deploy/autoscaler/prometheus-scrape-fluid-fuse.yaml checked with the real tools: promtool accepts it, and a
// real Prometheus (Debian's /usr/bin/prometheus, on loopback) running its relabeling labels every JuiceFS FUSE
// series with the namespace and dataset the autoscaler's default demand query selects on.
//
// Debian builds Prometheus without Kubernetes service discovery, so the test swaps the job's
// kubernetes_sd_configs for file_sd_configs whose targets carry the __meta_kubernetes_* labels a role: pod
// discovery gives (one target per container port), all pointing at a fake JuiceFS client the test serves.
// Everything else -- relabel_configs, metric_relabel_configs -- runs as written in the file.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "controller/target.hpp"
#include "net/http_client.hpp"
#include "net/http_server.hpp"
#include "prom/prometheus_client.hpp"
#include "tests/app/child_process.hpp"
#include "tests/deploy/manifests.hpp"
#include "tests/support/prometheus_server.hpp"
#include "tests/support/served_handler.hpp"
#include "tests/support/temp_dir.hpp"

namespace cachepilot {
namespace {

namespace fs = std::filesystem;
using deploy_test::find_on_path;
using deploy_test::kSourceDir;
using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::PrometheusServer;
using testing::ServedHandler;
using testing::TempDir;

const fs::path kScrapeConfig = kSourceDir / "deploy/autoscaler/prometheus-scrape-fluid-fuse.yaml";
// The controller's default JuiceFS demand query, expanded for CacheAutoscaler NS/DATASET (a Fluid runtime is named
// after its dataset).
std::string default_demand_query(const std::string& ns, const std::string& dataset) {
  return controller::expand_query(controller::juicefs_default_demand_query(), ns, dataset);
}

std::unique_ptr<net::HttpClient> http_client(std::uint16_t port) {
  net::ClientOptions options;
  options.base_url = "http://127.0.0.1:" + std::to_string(port);
  options.timeout = seconds(5);
  options.max_response_bytes = 16UL * 1024 * 1024;
  auto client = net::make_http_client(options);
  EXPECT_TRUE(client.ok()) << (client.ok() ? "" : client.error().message);
  return client.ok() ? std::move(client).value() : nullptr;
}

// ---- promtool ----

std::optional<std::string> promtool() {
  if (fs::exists("/usr/bin/promtool")) {
    return "/usr/bin/promtool";
  }
  return find_on_path("promtool");
}

// Runs `promtool check config FILE`: (exit code, output).
std::pair<int, std::string> check_config(const std::string& tool, const fs::path& file) {
  testing::ChildProcess child({tool, "check", "config", file.string()});
  EXPECT_TRUE(child.started()) << tool;
  const auto code = child.wait_for_exit(seconds(60));
  return {code.value_or(-1), child.output()};
}

// The scrape config with its job's kubernetes_sd_configs replaced by file_sd_configs reading `targets_file`,
// and optional overrides of the job's scrape interval/timeout.
YAML::Node with_file_sd(const fs::path& targets_file, const std::string& interval = {}) {
  auto config = YAML::LoadFile(kScrapeConfig.string());
  auto jobs = config["scrape_configs"];
  EXPECT_TRUE(jobs.IsSequence() && jobs.size() == 1) << "one job expected";
  auto job = jobs[0];
  EXPECT_TRUE(job["kubernetes_sd_configs"].IsSequence());
  EXPECT_EQ(job["kubernetes_sd_configs"][0]["role"].as<std::string>(""), "pod");
  job.remove("kubernetes_sd_configs");
  YAML::Node sd;
  sd["files"].push_back(targets_file.string());
  sd["refresh_interval"] = "1s";
  job["file_sd_configs"].push_back(sd);
  if (!interval.empty()) {
    job["scrape_interval"] = interval;
    job["scrape_timeout"] = interval;
  }
  return config;
}

void write(const fs::path& file, const std::string& content) {
  std::ofstream out(file);
  out << content;
}

TEST(FluidFuseScrapeConfig, PromtoolAcceptsIt) {
  const auto tool = promtool();
  if (!tool) {
    GTEST_SKIP() << "promtool is not installed (Debian package prometheus; scripts/setup installs it)";
  }
  TempDir dir("cachepilot-scrape");
  ASSERT_FALSE(dir.path().empty());
  // Does this promtool know Kubernetes service discovery? Debian's does not.
  write(dir.path() / "probe.yml", "scrape_configs:\n- job_name: probe\n  kubernetes_sd_configs:\n  - role: pod\n");
  const bool knows_kubernetes_sd = check_config(*tool, dir.path() / "probe.yml").first == 0;

  const auto [code, output] = check_config(*tool, kScrapeConfig);
  if (knows_kubernetes_sd) {
    EXPECT_EQ(code, 0) << output;
  } else {
    // The one complaint allowed is the one about the SD this build lacks...
    EXPECT_NE(code, 0);
    EXPECT_NE(output.find("field kubernetes_sd_configs not found"), std::string::npos) << output;
    // ...and everything else is valid with a file-based discovery in its place.
    write(dir.path() / "targets.json", "[]");
    write(dir.path() / "config.yml", YAML::Dump(with_file_sd(dir.path() / "targets.json")));
    const auto [file_code, file_output] = check_config(*tool, dir.path() / "config.yml");
    EXPECT_EQ(file_code, 0) << file_output;
  }
}

// ---- the relabeling, in a real Prometheus ----

// A file_sd target group as Kubernetes role: pod discovery would give it for one container port.
json pod_target(const std::string& address, const std::string& ns, const std::string& pod, const std::string& container,
                const std::map<std::string, std::string>& labels, const std::string& port_name = "metrics",
                const std::string& phase = "Running") {
  json meta = {
      {"__meta_kubernetes_namespace", ns},
      {"__meta_kubernetes_pod_name", pod},
      {"__meta_kubernetes_pod_node_name", "node-1"},
      {"__meta_kubernetes_pod_phase", phase},
      {"__meta_kubernetes_pod_container_name", container},
      {"__meta_kubernetes_pod_container_port_name", port_name},
      {"__meta_kubernetes_pod_container_port_number", address.substr(address.rfind(':') + 1)},
  };
  for (const auto& [key, value] : labels) {
    std::string name = key;  // Prometheus' label name sanitizing: anything but [a-zA-Z0-9_] becomes _
    std::replace_if(
        name.begin(), name.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) == 0; }, '_');
    meta["__meta_kubernetes_pod_label_" + name] = value;
    meta["__meta_kubernetes_pod_labelpresent_" + name] = "true";
  }
  return {{"targets", {address}}, {"labels", meta}};
}

TEST(FluidFuseScrapeConfig, EverySeriesCarriesTheNamespaceAndDatasetTheDemandQuerySelects) {
  ASSERT_TRUE(fs::exists(PrometheusServer::kBinary))
      << PrometheusServer::kBinary << " is missing: scripts/setup installs the Debian package prometheus";

  // A JuiceFS FUSE client: read bytes growing 1 MiB per second since start, plus a Go runtime series that
  // metric_relabel_configs must drop.
  const auto start = std::chrono::steady_clock::now();
  ServedHandler exporter([start](net::HttpRequest& request, net::HttpResponse& response) {
    if (request.target != "/metrics") {
      response.status = 404;
      response.body = "not found";
      return;
    }
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    response.content_type = "text/plain; version=0.0.4";
    response.body =
        "# TYPE juicefs_fuse_read_size_bytes histogram\n"
        "juicefs_fuse_read_size_bytes_bucket{le=\"+Inf\",vol_name=\"vol\",mp=\"/runtime-mnt/jfs\"} 10\n"
        "juicefs_fuse_read_size_bytes_sum{vol_name=\"vol\",mp=\"/runtime-mnt/jfs\"} " +
        std::to_string(1048576.0 * (1 + elapsed)) +
        "\n"
        "juicefs_fuse_read_size_bytes_count{vol_name=\"vol\",mp=\"/runtime-mnt/jfs\"} 10\n"
        "# TYPE go_goroutines gauge\n"
        "go_goroutines 12\n";
  });
  ASSERT_NE(exporter.port(), 0);
  const std::string address = "127.0.0.1:" + std::to_string(exporter.port());

  // Every kind of pod the job meets. Distinct pod names keep the targets apart (same address, other labels).
  const json targets = json::array({
      // Kept: the JuiceFS FUSE DaemonSet pod of runtime ai/imagenet.
      pod_target(address, "ai", "imagenet-juicefs-fuse-x1", "juicefs-fuse",
                 {{"app", "juicefs"}, {"release", "imagenet"}, {"role", "juicefs-fuse"}, {"chart", "juicefs-0.2.0"}}),
      // Kept: a serverless pod in namespace serving, sidecar 0 mapped by Fluid's mapping label.
      pod_target(address, "serving", "app-a", "fluid-fuse-0",
                 {{"container-dataset-mapping.sidecar.fluid.io/fluid-fuse-0", "ai_imagenet"}}),
      // Kept: sidecar 1 of a pod with the explicit labels (sidecar 0 of the same pod reads ml/bert).
      pod_target(address, "serving", "app-b", "fluid-fuse-1",
                 {{"dataset-namespace.sidecar.fluid.io/fluid-fuse-0", "ml"},
                  {"dataset-name.sidecar.fluid.io/fluid-fuse-0", "bert"},
                  {"dataset-namespace.sidecar.fluid.io/fluid-fuse-1", "ai"},
                  {"dataset-name.sidecar.fluid.io/fluid-fuse-1", "imagenet"}}),
      // Kept: sidecar 0 of that pod, another dataset.
      pod_target(address, "serving", "app-b", "fluid-fuse-0",
                 {{"dataset-namespace.sidecar.fluid.io/fluid-fuse-0", "ml"},
                  {"dataset-name.sidecar.fluid.io/fluid-fuse-0", "bert"},
                  {"dataset-namespace.sidecar.fluid.io/fluid-fuse-1", "ai"},
                  {"dataset-name.sidecar.fluid.io/fluid-fuse-1", "imagenet"}}),
      // Kept: the explicit labels win over the mapping label.
      pod_target(address, "serving", "app-c", "fluid-fuse-2",
                 {{"container-dataset-mapping.sidecar.fluid.io/fluid-fuse-2", "wrong_wrong"},
                  {"dataset-namespace.sidecar.fluid.io/fluid-fuse-2", "ml"},
                  {"dataset-name.sidecar.fluid.io/fluid-fuse-2", "bert"}}),
      // Dropped: a JuiceFS worker (cache server), same release.
      pod_target(address, "ai", "imagenet-worker-0", "juicefs-worker",
                 {{"app", "juicefs"}, {"release", "imagenet"}, {"role", "juicefs-worker"}}),
      // Dropped: a sidecar no label attributes to a dataset.
      pod_target(address, "serving", "app-d", "fluid-fuse-0", {}),
      // Dropped: a sidecar mapped for another index only.
      pod_target(address, "serving", "app-e", "fluid-fuse-1",
                 {{"container-dataset-mapping.sidecar.fluid.io/fluid-fuse-0", "ai_imagenet"}}),
      // Dropped: the application container's own port named metrics.
      pod_target(address, "serving", "app-a", "app",
                 {{"container-dataset-mapping.sidecar.fluid.io/fluid-fuse-0", "ai_imagenet"}}),
      // Dropped: the FUSE pod's other port; a FUSE pod not running.
      pod_target(address, "ai", "imagenet-juicefs-fuse-x1", "juicefs-fuse",
                 {{"release", "imagenet"}, {"role", "juicefs-fuse"}}, "health"),
      pod_target(address, "ai", "imagenet-juicefs-fuse-x2", "juicefs-fuse",
                 {{"release", "imagenet"}, {"role", "juicefs-fuse"}}, "metrics", "Pending"),
  });
  const std::set<std::string> kept_pods{"imagenet-juicefs-fuse-x1/juicefs-fuse", "app-a/fluid-fuse-0",
                                        "app-b/fluid-fuse-1", "app-b/fluid-fuse-0", "app-c/fluid-fuse-2"};

  TempDir dir("cachepilot-scrape");
  ASSERT_FALSE(dir.path().empty());
  write(dir.path() / "targets.json", targets.dump(2));
  // Killed with this test whatever way it ends (PR_SET_PDEATHSIG); returns once /-/ready answers.
  PrometheusServer prometheus({.dir = dir.path().string(),
                               .config_yaml = YAML::Dump(with_file_sd(dir.path() / "targets.json", "1s")),
                               .log_level = "warn"});
  const std::uint16_t port = prometheus.port();
  ASSERT_NE(port, 0);

  auto http = http_client(port);
  ASSERT_NE(http, nullptr);
  auto get_json = [&](const std::string& path) -> json {
    net::ClientRequest request;
    request.path_and_query = path;
    auto response = http->send(request);
    if (!response.ok() || response->status != 200) {
      return nullptr;
    }
    return json::parse(response->body, nullptr, false);
  };

  // Wait (bounded) until every kept target was scraped at least twice: rate() needs two samples.
  prom::PrometheusClient client(http_client(port));
  const auto deadline = std::chrono::steady_clock::now() + seconds(60);
  std::size_t with_two_samples = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    auto r = client.query(R"(count_over_time(up{job="fluid-juicefs-fuse"}[1m]) >= 2)");
    with_two_samples = r.ok() ? r->samples.size() : 0;
    if (with_two_samples == kept_pods.size()) {
      break;
    }
    std::this_thread::sleep_for(milliseconds(200));
  }
  ASSERT_EQ(with_two_samples, kept_pods.size()) << "targets were not scraped; Prometheus said:\n"
                                                << prometheus.log_tail();

  // Which targets were kept, and with which labels.
  const auto answer = get_json("/api/v1/targets");
  ASSERT_TRUE(answer.is_object());
  std::set<std::string> active;
  for (const auto& t : answer["data"]["activeTargets"]) {
    const auto& labels = t["labels"];
    const auto key = labels.value("pod", "") + "/" + labels.value("container", "");
    active.insert(key);
    EXPECT_FALSE(labels.value("namespace", "").empty()) << t.dump();
    EXPECT_FALSE(labels.value("dataset", "").empty()) << t.dump();
    EXPECT_EQ(labels.value("node", ""), "node-1");
    for (const auto& [name, value] : labels.items()) {
      EXPECT_FALSE(name.starts_with("__")) << "internal label kept: " << name;
    }
  }
  EXPECT_EQ(active, kept_pods);
  EXPECT_EQ(answer["data"]["droppedTargets"].size(), targets.size() - kept_pods.size());

  // Every stored series has both labels, with the right values per client.
  auto by_pod = client.query(R"(juicefs_fuse_read_size_bytes_sum{job="fluid-juicefs-fuse"})");
  ASSERT_TRUE(by_pod.ok()) << by_pod.error().message;
  std::map<std::string, std::string> dataset_of;
  for (const auto& s : by_pod->samples) {
    dataset_of[s.metric.at("pod") + "/" + s.metric.at("container")] =
        s.metric.at("namespace") + "/" + s.metric.at("dataset");
  }
  const std::map<std::string, std::string> want{{"imagenet-juicefs-fuse-x1/juicefs-fuse", "ai/imagenet"},
                                                {"app-a/fluid-fuse-0", "ai/imagenet"},
                                                {"app-b/fluid-fuse-1", "ai/imagenet"},
                                                {"app-b/fluid-fuse-0", "ml/bert"},
                                                {"app-c/fluid-fuse-2", "ml/bert"}};
  EXPECT_EQ(dataset_of, want);
  auto unlabelled =
      client.query(R"({job="fluid-juicefs-fuse", dataset=""} or {job="fluid-juicefs-fuse", namespace=""})");
  ASSERT_TRUE(unlabelled.ok()) << unlabelled.error().message;
  EXPECT_TRUE(unlabelled->samples.empty());
  auto go = client.query(R"(go_goroutines{job="fluid-juicefs-fuse"})");
  ASSERT_TRUE(go.ok()) << go.error().message;
  EXPECT_TRUE(go->samples.empty()) << "metric_relabel_configs keeps juicefs_* only";

  // The controller's default query for CacheAutoscaler ai/imagenet: one value, from three clients reading
  // 1 MiB/s each. Every series is seconds old, so each is read by irate from its last two scrapes: 3 MiB/s within
  // scrape-time jitter (sum(rate(...[1m])) would read about 2 s of samples over 60 s: a tenth of it or less).
  auto demand = client.query(default_demand_query("ai", "imagenet"));
  ASSERT_TRUE(demand.ok()) << demand.error().message;
  ASSERT_EQ(demand->samples.size(), 1U);
  EXPECT_GT(demand->samples[0].value, 3 * 1048576.0 * 0.8);
  EXPECT_LT(demand->samples[0].value, 3 * 1048576.0 * 1.2);
  auto clients = client.query(R"(count(juicefs_fuse_read_size_bytes_sum{namespace="ai",dataset="imagenet"}))");
  ASSERT_TRUE(clients.ok());
  ASSERT_EQ(clients->samples.size(), 1U);
  EXPECT_EQ(clients->samples[0].value, 3);
  auto bert = client.query(default_demand_query("ml", "bert"));
  ASSERT_TRUE(bert.ok());
  ASSERT_EQ(bert->samples.size(), 1U);
  EXPECT_GT(bert->samples[0].value, 0);
  auto none = client.query(default_demand_query("serving", "imagenet"));
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->samples.empty()) << "the sidecar pods' own namespace must not be the dataset's";
}

}  // namespace
}  // namespace cachepilot
