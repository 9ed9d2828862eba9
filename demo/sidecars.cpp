#include "demo/sidecars.hpp"

#include <cstdio>
#include <thread>

namespace cachepilot::demo {

SidecarExporter::~SidecarExporter() { stop(); }

Result<std::uint16_t> SidecarExporter::start(std::uint16_t port) {
  net::ServerOptions options;
  options.host = "127.0.0.1";
  options.port = port;
  options.threads = 1;
  options.body_limit = 64UL * 1024;
  server_ = std::make_unique<net::HttpServer>(
      options,
      [this](net::HttpRequest& request, net::HttpResponse& response) {
        if (request.target.rfind("/metrics", 0) != 0) {
          response.status = 404;
          response.content_type = "text/plain";
          response.body = "the sidecars serve /metrics\n";
          return;
        }
        response.content_type = "text/plain; version=0.0.4; charset=utf-8";
        response.body = exposition();
      },
      [](net::ConnectionEvent) {});
  auto bound = server_->start();
  if (!bound.ok()) {
    return bound.error();
  }
  thread_ = std::make_unique<std::thread>([this] { server_->run(); });
  return bound;
}

void SidecarExporter::stop() {
  if (server_) {
    server_->stop();
  }
  if (thread_ && thread_->joinable()) {
    thread_->join();
  }
  thread_.reset();
  server_.reset();
}

void SidecarExporter::add_bytes(const std::string& namespace_, const std::string& dataset, const std::string& pod,
                                double bytes) {
  std::lock_guard lock(mutex_);
  auto& c = counters_[pod];
  if (c.namespace_.empty()) {
    c.namespace_ = namespace_;
    c.dataset = dataset;
  }
  c.bytes += bytes;
}

void SidecarExporter::retire(const std::string& pod, double now) {
  std::lock_guard lock(mutex_);
  if (auto it = counters_.find(pod); it != counters_.end() && it->second.retired_at < 0) {
    it->second.retired_at = now;
  }
}

void SidecarExporter::expire(double now) {
  std::lock_guard lock(mutex_);
  std::erase_if(counters_, [&](const auto& entry) {
    return entry.second.retired_at >= 0 && now - entry.second.retired_at > linger_seconds_;
  });
}

std::string SidecarExporter::exposition() const {
  std::lock_guard lock(mutex_);
  std::string out;
  out.reserve(counters_.size() * 96 + 128);
  out += "# HELP juicefs_fuse_read_size_bytes_sum Bytes read through the FUSE client (the demo's sidecars).\n";
  out += "# TYPE juicefs_fuse_read_size_bytes_sum counter\n";
  char value[32];
  for (const auto& [pod, c] : counters_) {
    (void)std::snprintf(value, sizeof value, "%.17g", c.bytes);
    out += kSidecarMetric;
    out += "{namespace=\"" + c.namespace_ + "\",dataset=\"" + c.dataset + "\",pod=\"" + pod + "\"} ";
    out += value;
    out += '\n';
  }
  return out;
}

std::size_t SidecarExporter::series() const {
  std::lock_guard lock(mutex_);
  return counters_.size();
}

}  // namespace cachepilot::demo
