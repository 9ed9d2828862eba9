#pragma once
// A net::HttpServer on an ephemeral loopback port, run on a background thread until destroyed: a test's own
// exporter for a real Prometheus to scrape, or a fake server. port() is 0 (and a test failure recorded) when it
// could not listen.
//
//   ServedHandler exporter([](net::HttpRequest& request, net::HttpResponse& response) { ... });
//   ASSERT_NE(exporter.port(), 0);
#include <cstdint>
#include <thread>
#include <utility>

#include <gtest/gtest.h>

#include "net/http_server.hpp"

namespace cachepilot::testing {

class ServedHandler {
 public:
  explicit ServedHandler(net::HttpServer::Handler handler)
      : server_(net::ServerOptions{}, std::move(handler), [](net::ConnectionEvent) {}) {
    auto port = server_.start();
    EXPECT_TRUE(port.ok()) << (port.ok() ? "" : port.error().message);
    port_ = port.ok() ? *port : 0;
    thread_ = std::thread([this] { server_.run(); });
  }
  ~ServedHandler() {
    server_.stop();
    thread_.join();
  }
  ServedHandler(const ServedHandler&) = delete;
  ServedHandler& operator=(const ServedHandler&) = delete;
  [[nodiscard]] std::uint16_t port() const { return port_; }

 private:
  net::HttpServer server_;
  std::uint16_t port_ = 0;
  std::thread thread_;
};

}  // namespace cachepilot::testing
