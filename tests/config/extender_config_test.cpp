// `cachepilot extender` configuration: HOST:PORT parsing, validation errors that name the flag, and the
// server options the flags turn into.
#include "config/extender_config.hpp"

#include <functional>
#include <limits>
#include <ostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace cachepilot::config {
namespace {

using ::testing::HasSubstr;

struct HostPortCase {
  const char* text;
  const char* host;
  std::uint16_t port;
};

TEST(ParseHostPort, Accepts) {
  for (const auto& c : std::vector<HostPortCase>{{"127.0.0.1:8888", "127.0.0.1", 8888},
                                                 {"0.0.0.0:0", "0.0.0.0", 0},
                                                 {":8080", "0.0.0.0", 8080},  // all interfaces
                                                 {"localhost:65535", "localhost", 65535},
                                                 {"[::1]:9000", "::1", 9000},
                                                 {"[::]:443", "::", 443},
                                                 {"extender.kube-system.svc:8888", "extender.kube-system.svc", 8888}}) {
    auto hp = parse_host_port(c.text);
    ASSERT_TRUE(hp.ok()) << c.text << ": " << hp.error().message;
    EXPECT_EQ(hp->host, c.host) << c.text;
    EXPECT_EQ(hp->port, c.port) << c.text;
  }
}

TEST(ParseHostPort, RefusesAndQuotesTheInput) {
  for (const char* text : {"localhost", "", "host:", "host:65536", "host:99999999999", "host:-1", "host:80x",
                           "host: 80", "[::1]", "host:0x50"}) {
    auto hp = parse_host_port(text);
    ASSERT_FALSE(hp.ok()) << text << " gave " << hp->host << ":" << hp->port;
    EXPECT_EQ(hp.error().code, ErrorCode::kInvalidArgument);
    EXPECT_THAT(hp.error().message, HasSubstr("\"" + std::string(text) + "\"")) << text;
  }
}

// The defaults plus the one flag without a default: where the cluster comes from.
ExtenderConfig with_dump_source() {
  ExtenderConfig c;
  c.cluster_from = "cluster.yaml";
  return c;
}

TEST(Validate, DefaultsAreValid) {
  const ExtenderConfig c = with_dump_source();
  auto st = validate(c);
  EXPECT_TRUE(st.ok()) << st.error().message;
}

struct BadConfig {
  const char* name;
  std::function<void(ExtenderConfig&)> change;
  const char* flag;
};

void PrintTo(const BadConfig& c, std::ostream* os) { *os << c.name; }

class ValidateNamesTheFlag : public ::testing::TestWithParam<BadConfig> {};

TEST_P(ValidateNamesTheFlag, Refuses) {
  ExtenderConfig c = with_dump_source();
  GetParam().change(c);
  auto st = validate(c);
  ASSERT_FALSE(st.ok()) << GetParam().name;
  EXPECT_EQ(st.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(st.error().message, HasSubstr(GetParam().flag)) << GetParam().name;
  // server_options() refuses the same configuration.
  EXPECT_FALSE(server_options(c).ok()) << GetParam().name;
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

INSTANTIATE_TEST_SUITE_P(
    Flags, ValidateNamesTheFlag,
    ::testing::Values(
        BadConfig{"listen_without_port", [](ExtenderConfig& c) { c.listen = "0.0.0.0"; }, "--listen"},
        BadConfig{"listen_port_too_big", [](ExtenderConfig& c) { c.listen = ":70000"; }, "--listen"},
        BadConfig{"threads_negative", [](ExtenderConfig& c) { c.threads = -1; }, "--threads"},
        BadConfig{"threads_too_many", [](ExtenderConfig& c) { c.threads = 257; }, "--threads"},
        BadConfig{"body_limit_tiny", [](ExtenderConfig& c) { c.max_body_bytes = 1023; }, "--max-body-bytes"},
        BadConfig{"read_timeout_zero", [](ExtenderConfig& c) { c.read_timeout_seconds = 0; }, "--read-timeout"},
        BadConfig{"read_timeout_negative", [](ExtenderConfig& c) { c.read_timeout_seconds = -1; }, "--read-timeout"},
        BadConfig{"read_timeout_nan", [](ExtenderConfig& c) { c.read_timeout_seconds = kNaN; }, "--read-timeout"},
        BadConfig{"read_timeout_infinite", [](ExtenderConfig& c) { c.read_timeout_seconds = kInf; }, "--read-timeout"},
        BadConfig{"read_timeout_overflowing", [](ExtenderConfig& c) { c.read_timeout_seconds = 1e300; },
                  "--read-timeout"},
        BadConfig{"idle_timeout_zero", [](ExtenderConfig& c) { c.idle_timeout_seconds = 0; }, "--idle-timeout"},
        BadConfig{"idle_timeout_infinite", [](ExtenderConfig& c) { c.idle_timeout_seconds = kInf; }, "--idle-timeout"},
        BadConfig{"node_weight_negative", [](ExtenderConfig& c) { c.policy.node_weight = -1; }, "--node-weight"},
        BadConfig{"zone_weight_negative", [](ExtenderConfig& c) { c.policy.zone_weight = -0.5; }, "--zone-weight"},
        BadConfig{"region_weight_negative", [](ExtenderConfig& c) { c.policy.region_weight = -20; }, "--region-weight"},
        BadConfig{"weights_all_zero",
                  [](ExtenderConfig& c) {
                    c.policy.node_weight = 0;
                    c.policy.zone_weight = 0;
                    c.policy.region_weight = 0;
                  },
                  "--node-weight"},
        BadConfig{"node_weight_nan", [](ExtenderConfig& c) { c.policy.node_weight = kNaN; }, "--node-weight"},
        BadConfig{"zone_weight_nan", [](ExtenderConfig& c) { c.policy.zone_weight = kNaN; }, "--zone-weight"},
        BadConfig{"region_weight_infinite", [](ExtenderConfig& c) { c.policy.region_weight = kInf; },
                  "--region-weight"},
        BadConfig{"no_zone_label", [](ExtenderConfig& c) { c.topology.zone.clear(); }, "--zone-label"},
        BadConfig{"no_region_label", [](ExtenderConfig& c) { c.topology.region.clear(); }, "--region-label"},
        BadConfig{"cert_without_key", [](ExtenderConfig& c) { c.tls_cert = "tls.crt"; }, "--tls-key"},
        BadConfig{"key_without_cert", [](ExtenderConfig& c) { c.tls_key = "tls.key"; }, "--tls-cert"},
        BadConfig{"client_ca_without_cert", [](ExtenderConfig& c) { c.tls_client_ca = "ca.crt"; }, "--tls-client-ca"},
        BadConfig{"no_connections", [](ExtenderConfig& c) { c.max_connections = 0; }, "--max-connections"},
        BadConfig{"log_level_unknown", [](ExtenderConfig& c) { c.log_level = "verbose"; }, "--log-level"},
        BadConfig{"no_cluster_source", [](ExtenderConfig& c) { c.cluster_from.clear(); }, "--cluster-from"},
        BadConfig{"dump_and_kubeconfig", [](ExtenderConfig& c) { c.kubeconfig = "kubeconfig"; }, "--kubeconfig"},
        BadConfig{"dump_and_in_cluster", [](ExtenderConfig& c) { c.in_cluster = true; }, "--in-cluster"},
        BadConfig{"kubeconfig_and_in_cluster",
                  [](ExtenderConfig& c) {
                    c.cluster_from.clear();
                    c.kubeconfig = "kubeconfig";
                    c.in_cluster = true;
                  },
                  "--in-cluster"},
        BadConfig{"api_timeout_zero", [](ExtenderConfig& c) { c.api_timeout_seconds = 0; }, "--api-timeout"},
        BadConfig{"rebuild_interval_negative", [](ExtenderConfig& c) { c.rebuild_interval_seconds = -1; },
                  "--rebuild-interval"},
        BadConfig{"rebuild_interval_nan", [](ExtenderConfig& c) { c.rebuild_interval_seconds = kNaN; },
                  "--rebuild-interval"},
        BadConfig{"prometheus_not_a_url",
                  [](ExtenderConfig& c) {
                    c.cluster_from.clear();
                    c.in_cluster = true;
                    c.prometheus_url = "prometheus:9090";
                  },
                  "--prometheus"},
        BadConfig{"prometheus_with_a_dump", [](ExtenderConfig& c) { c.prometheus_url = "http://prometheus:9090"; },
                  "--prometheus needs a live cluster source"},
        BadConfig{"figures_interval_zero", [](ExtenderConfig& c) { c.cache_figures_interval_seconds = 0; },
                  "--cache-figures-interval"},
        BadConfig{"figures_max_age_infinite", [](ExtenderConfig& c) { c.cache_figures_max_age_seconds = kInf; },
                  "--cache-figures-max-age"}),
    [](const ::testing::TestParamInfo<BadConfig>& param_info) { return std::string(param_info.param.name); });

TEST(ServerOptions, TurnsFlagsIntoServerOptions) {
  ExtenderConfig c = with_dump_source();
  c.listen = "[::1]:9443";
  c.threads = 3;
  c.max_body_bytes = 32ULL << 20U;
  c.read_timeout_seconds = 2.5;
  c.idle_timeout_seconds = 100;
  auto o = server_options(c);
  ASSERT_TRUE(o.ok()) << o.error().message;
  EXPECT_EQ(o->host, "::1");
  EXPECT_EQ(o->port, 9443);
  EXPECT_EQ(o->threads, 3);
  EXPECT_EQ(o->body_limit, 32U << 20U);
  EXPECT_EQ(o->read_timeout, std::chrono::milliseconds(2500));
  EXPECT_EQ(o->idle_timeout, std::chrono::milliseconds(100000));

  c.threads = 0;  // one per core, at least 2
  auto automatic = server_options(c);
  ASSERT_TRUE(automatic.ok());
  EXPECT_GE(automatic->threads, 2);
}

TEST(ServerOptions, DefaultBodyLimitHoldsAFiveThousandNodeList) {
  // A 5,000-node v1.NodeList is ~20-23 MB of JSON (DESIGN.md §3).
  auto o = server_options(with_dump_source());
  ASSERT_TRUE(o.ok());
  EXPECT_GE(o->body_limit, 23U * 1000 * 1000);
}

TEST(ExtenderFlags, ParseIntoTheConfig) {
  CLI::App app;
  ExtenderConfig c;
  add_extender_flags(app, c);
  EXPECT_TRUE(c.policy.omit_zero_scores) << "on by default: kube-scheduler reads an absent host as 0";
  std::vector<std::string> args{"--cluster-from",
                                "examples/cluster/demo-cluster.yaml",
                                "--listen",
                                ":9000",
                                "--node-weight",
                                "10",
                                "--zone-weight",
                                "5",
                                "--region-weight",
                                "2",
                                "--zone-label",
                                "example.com/rack",
                                "--zone-label",
                                "topology.kubernetes.io/zone",
                                "--prefer-cache-free-nodes",
                                "false",
                                "--omit-zero-scores",
                                "false",
                                "--log-level",
                                "debug"};
  std::reverse(args.begin(), args.end());  // CLI11 takes the vector form back to front
  ASSERT_NO_THROW(app.parse(args));
  EXPECT_EQ(c.cluster_from, "examples/cluster/demo-cluster.yaml");
  EXPECT_EQ(c.listen, ":9000");
  EXPECT_DOUBLE_EQ(c.policy.node_weight, 10);
  EXPECT_DOUBLE_EQ(c.policy.zone_weight, 5);
  EXPECT_DOUBLE_EQ(c.policy.region_weight, 2);
  EXPECT_EQ(c.topology.zone, (std::vector<std::string>{"example.com/rack", "topology.kubernetes.io/zone"}));
  EXPECT_FALSE(c.policy.prefer_cache_free_nodes);
  EXPECT_FALSE(c.policy.omit_zero_scores);
  EXPECT_EQ(c.log_level, "debug");
  EXPECT_TRUE(validate(c).ok());
}

}  // namespace
}  // namespace cachepilot::config
