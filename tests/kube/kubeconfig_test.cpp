#include "kube/kubeconfig.hpp"

#include <filesystem>
#include <fstream>
#include <map>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace cachepilot::kube {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("cachepilot-kubeconfig-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  [[nodiscard]] std::string path() const { return path_.string(); }
  void write(const std::string& name, const std::string& text) const { std::ofstream(path_ / name) << text; }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

// "-----BEGIN CERTIFICATE-----\nCA\n" in base64, as kubectl writes certificate-authority-data.
constexpr const char* kCaPem = "-----BEGIN CERTIFICATE-----\nCA\n";
constexpr const char* kCaPemBase64 = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCkNBCg==";

std::string kubeconfig(const std::string& user_block, const std::string& cluster_extra = "",
                       const std::string& current = "dev") {
  return "apiVersion: v1\nkind: Config\ncurrent-context: " + current +
         "\nclusters:\n- name: c1\n  cluster:\n    server: https://10.1.2.3:6443/\n" + cluster_extra +
         "users:\n- name: u1\n  user:\n" + user_block +
         "contexts:\n- name: dev\n  context:\n    cluster: c1\n    user: u1\n    namespace: team-a\n"
         "- name: other\n  context:\n    cluster: c1\n    user: u1\n";
}

TEST(Kubeconfig, TokenUserAndInlineCa) {
  auto access = parse_kubeconfig(
      kubeconfig("    token: s3cret\n", std::string("    certificate-authority-data: ") + kCaPemBase64 + "\n"), "", "");
  ASSERT_TRUE(access.ok()) << access.error().message;
  EXPECT_EQ(access->server, "https://10.1.2.3:6443");  // trailing slash dropped
  EXPECT_EQ(access->bearer_token, "s3cret");
  EXPECT_TRUE(access->bearer_token_file.empty());  // an inline token does not change
  EXPECT_EQ(access->tls.ca_pem, kCaPem);
  EXPECT_FALSE(access->tls.insecure_skip_verify);
  EXPECT_EQ(access->default_namespace, "team-a");
  EXPECT_THAT(access->description, Not(HasSubstr("s3cret")));
}

TEST(Kubeconfig, FilesResolveAgainstTheKubeconfigFolder) {
  TempDir dir;
  dir.write("ca.crt", kCaPem);
  dir.write("token", "  file-token\n");
  dir.write("client.crt", "CERT");
  dir.write("client.key", "KEY");
  dir.write("config",
            kubeconfig("    tokenFile: token\n    client-certificate: client.crt\n    client-key: client.key\n",
                       "    certificate-authority: ca.crt\n"));
  auto access = load_kubeconfig(dir.path() + "/config", "");
  ASSERT_TRUE(access.ok()) << access.error().message;
  EXPECT_EQ(access->bearer_token, "file-token");                // trimmed
  EXPECT_EQ(access->bearer_token_file, dir.path() + "/token");  // re-read by the clients as it rotates
  EXPECT_EQ(access->tls.ca_pem, kCaPem);
  EXPECT_EQ(access->tls.client_cert_pem, "CERT");
  EXPECT_EQ(access->tls.client_key_pem, "KEY");
}

TEST(Kubeconfig, ContextOverrideAndInsecureSkip) {
  auto access = parse_kubeconfig(kubeconfig("    token: t\n", "    insecure-skip-tls-verify: true\n"), "", "other");
  ASSERT_TRUE(access.ok()) << access.error().message;
  EXPECT_TRUE(access->tls.insecure_skip_verify);
  EXPECT_EQ(access->default_namespace, "default");  // context "other" names none
}

struct BadKubeconfig {
  const char* name;
  std::string text;
  std::string context;
  const char* expected;
};

TEST(Kubeconfig, RefusesWithAReason) {
  const std::vector<BadKubeconfig> cases{
      {"not_yaml_map", "- a\n- b\n", "", "not a YAML map"},
      {"no_current_context", kubeconfig("    token: t\n", "", "\"\""), "", "no current-context"},
      {"unknown_context", kubeconfig("    token: t\n"), "prod", "no context \"prod\""},
      {"exec_plugin", kubeconfig("    exec:\n      command: aws\n"), "", "exec or auth-provider"},
      {"cert_without_key", kubeconfig("    client-certificate-data: Q0VSVA==\n"), "", "without a key"},
      {"bad_base64", kubeconfig("    token: t\n", "    certificate-authority-data: '!!!'\n"), "", "not base64"},
      {"missing_token_file", kubeconfig("    tokenFile: /nonexistent/token\n"), "", "/nonexistent/token"},
  };
  for (const auto& c : cases) {
    auto access = parse_kubeconfig(c.text, "", c.context);
    ASSERT_FALSE(access.ok()) << c.name;
    EXPECT_THAT(access.error().message, HasSubstr(c.expected)) << c.name;
  }
}

TEST(InCluster, ReadsTheServiceAccountFiles) {
  TempDir dir;
  dir.write("token", "sa-token\n");
  dir.write("ca.crt", kCaPem);
  dir.write("namespace", "fluid-system");
  std::map<std::string, std::string> env{{"KUBERNETES_SERVICE_HOST", "10.96.0.1"}, {"KUBERNETES_SERVICE_PORT", "443"}};
  auto getenv = [&](const char* name) -> std::optional<std::string> {
    auto it = env.find(name);
    return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
  auto access = in_cluster_access(getenv, dir.path());
  ASSERT_TRUE(access.ok()) << access.error().message;
  EXPECT_EQ(access->server, "https://10.96.0.1:443");
  EXPECT_EQ(access->bearer_token, "sa-token");
  EXPECT_EQ(access->bearer_token_file, dir.path() + "/token");  // bound tokens rotate: re-read by the clients
  EXPECT_EQ(access->tls.ca_pem, kCaPem);
  EXPECT_EQ(access->default_namespace, "fluid-system");

  env["KUBERNETES_SERVICE_HOST"] = "fd00::1";  // IPv6 needs brackets
  access = in_cluster_access(getenv, dir.path());
  ASSERT_TRUE(access.ok());
  EXPECT_EQ(access->server, "https://[fd00::1]:443");

  env.erase("KUBERNETES_SERVICE_HOST");
  access = in_cluster_access(getenv, dir.path());
  ASSERT_FALSE(access.ok());
  EXPECT_THAT(access.error().message, HasSubstr("KUBERNETES_SERVICE_HOST"));
}

TEST(InCluster, MissingTokenIsAnError) {
  TempDir dir;
  auto getenv = [](const char*) -> std::optional<std::string> { return std::string("1"); };
  auto access = in_cluster_access(getenv, dir.path());
  ASSERT_FALSE(access.ok());
  EXPECT_THAT(access.error().message, HasSubstr("token"));
}

}  // namespace
}  // namespace cachepilot::kube
