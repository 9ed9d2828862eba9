#pragma once
// The flags every command that queries Prometheus takes to reach it securely: the same names, meanings and help
// text in `cachepilot extender` and `cachepilot autoscaler`.
#include <string>

namespace CLI {
class App;
}  // namespace CLI

namespace cachepilot::config {

void add_prometheus_access_flags(CLI::App& app, std::string& bearer_token_file, std::string& ca_file,
                                 bool& insecure_skip_tls_verify);

}  // namespace cachepilot::config
