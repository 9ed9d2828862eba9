#include "config/prometheus_flags.hpp"

#include <CLI/CLI.hpp>

namespace cachepilot::config {

void add_prometheus_access_flags(CLI::App& app, std::string& bearer_token_file, std::string& ca_file,
                                 bool& insecure_skip_tls_verify) {
  app.add_option("--prometheus-bearer-token-file", bearer_token_file,
                 "File holding a bearer token for Prometheus (read at start; never logged)");
  app.add_option("--prometheus-ca-file", ca_file, "PEM CA bundle that signs Prometheus's certificate");
  app.add_flag("--prometheus-insecure-skip-tls-verify", insecure_skip_tls_verify,
               "Do not verify Prometheus's certificate (testing only)");
}

}  // namespace cachepilot::config
