#pragma once
// The FUSE sidecars of the demo's serverless pods, as Prometheus sees them: one counter of bytes read per pod,
// juicefs_fuse_read_size_bytes_sum{namespace, dataset, pod} (JuiceFS FUSE clients export exactly this name: the
// _sum of the read-size histogram), served in the text exposition format on one loopback HTTP endpoint. A pod's
// series outlives the pod for a short while, so Prometheus still sees its last bytes before the series ends.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "common/result.hpp"
#include "net/http_server.hpp"

namespace cachepilot::demo {

inline constexpr const char* kSidecarMetric = "juicefs_fuse_read_size_bytes_sum";

class SidecarExporter {
 public:
  explicit SidecarExporter(double linger_seconds = 10) : linger_seconds_(linger_seconds) {}
  ~SidecarExporter();
  SidecarExporter(const SidecarExporter&) = delete;
  SidecarExporter& operator=(const SidecarExporter&) = delete;

  // Serves GET /metrics on 127.0.0.1 (port 0: any); returns the port.
  [[nodiscard]] Result<std::uint16_t> start(std::uint16_t port = 0);
  void stop();

  void add_bytes(const std::string& namespace_, const std::string& dataset, const std::string& pod, double bytes);
  // The pod is gone: its series is dropped `linger_seconds` (of `now`) later.
  void retire(const std::string& pod, double now);
  void expire(double now);
  [[nodiscard]] std::string exposition() const;
  [[nodiscard]] std::size_t series() const;

 private:
  struct Counter {
    std::string namespace_;
    std::string dataset;
    double bytes = 0;
    double retired_at = -1;  // < 0: live
  };
  double linger_seconds_;
  mutable std::mutex mutex_;
  std::map<std::string, Counter> counters_;  // by pod
  std::unique_ptr<net::HttpServer> server_;
  std::unique_ptr<std::thread> thread_;
};

}  // namespace cachepilot::demo
