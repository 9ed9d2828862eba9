#pragma once
// The process's Prometheus registry (prometheus-cpp core) and its text exposition. Served by our own HTTP
// server, so no second listener (civetweb) runs.
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <prometheus/registry.h>

namespace cachepilot::metrics {

class Registry {
 public:
  Registry();
  [[nodiscard]] prometheus::Registry& get() { return *registry_; }
  // Prometheus text format 0.0.4. Runs the collect hooks first.
  [[nodiscard]] std::string serialize() const;
  // Called before each serialisation: refreshes gauges derived from time (ages).
  void add_collect_hook(std::function<void()> hook);

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  mutable std::mutex hooks_mutex_;
  std::vector<std::function<void()>> hooks_;
};

inline constexpr const char* kExpositionContentType = "text/plain; version=0.0.4; charset=utf-8";

}  // namespace cachepilot::metrics
