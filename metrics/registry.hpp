#pragma once
// The process's Prometheus registry (prometheus-cpp core) and its text exposition. Served by our own HTTP
// server, so no second listener (civetweb) runs.
#include <memory>
#include <string>

#include <prometheus/registry.h>

namespace cachepilot::metrics {

class Registry {
 public:
  Registry();
  [[nodiscard]] prometheus::Registry& get() { return *registry_; }
  // Prometheus text format 0.0.4.
  [[nodiscard]] std::string serialize() const;

 private:
  std::shared_ptr<prometheus::Registry> registry_;
};

inline constexpr const char* kExpositionContentType = "text/plain; version=0.0.4; charset=utf-8";

}  // namespace cachepilot::metrics
