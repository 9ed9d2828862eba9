#pragma once
// A small HTTP/1.1 server on Boost.Beast (1.74): keep-alive, several I/O threads, bounded header and body
// sizes (an oversized Content-Length is refused before the body is read), timeouts for idle and for slow
// clients, a cap on connections, and graceful shutdown. The extender and the autoscaler serve through it.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "common/result.hpp"

namespace cachepilot::net {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query
  std::string content_type;
  // The body, with at least 64 bytes of spare capacity past its size (simdjson's padding), so handlers can
  // parse it in place.
  std::string body;
};

struct HttpResponse {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
};

// Connection-level failures, reported so the owner can count them.
enum class ConnectionEvent { kBodyTooLarge, kReadTimeout, kBadRequest, kOverConnectionLimit, kTlsHandshakeFailed };

// HTTPS: PEM files. With client_ca_file, clients must present a certificate signed by it (mTLS).
struct TlsOptions {
  std::string cert_file;
  std::string key_file;
  std::string client_ca_file;
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  // 0: an ephemeral port, reported by start()
  int threads = 2;
  std::size_t body_limit = 64UL * 1024 * 1024;  // a 5,000-node v1.NodeList is ~23 MB
  std::size_t header_limit = 64UL * 1024;
  // Between requests on a keep-alive connection. Longer than Go's default IdleConnTimeout (90 s), so the
  // scheduler, not we, closes idle connections: a POST on a connection we just closed is not retried.
  std::chrono::milliseconds idle_timeout{120'000};
  // From the first byte of a request to its last: a stalled or slow client is cut off after this.
  std::chrono::milliseconds read_timeout{10'000};
  std::chrono::milliseconds write_timeout{10'000};
  std::size_t max_connections = 4096;
  std::chrono::milliseconds drain_timeout{5'000};  // graceful shutdown: in-flight requests get this long
  std::optional<TlsOptions> tls;                   // unset: plain HTTP
};

class HttpServer {
 public:
  using Handler = std::function<void(HttpRequest&, HttpResponse&)>;
  using EventObserver = std::function<void(ConnectionEvent)>;

  HttpServer(ServerOptions options, Handler handler, EventObserver observer);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens; returns the bound port.
  [[nodiscard]] Result<std::uint16_t> start();
  // Serves on `threads` threads (this one included) until stop(); returns once connections have drained.
  void run();
  // Graceful: stop accepting, close idle connections, let in-flight requests finish (up to drain_timeout).
  // Safe from any thread and from a signal handler's asio callback.
  void stop();
  // SIGINT and SIGTERM call stop().
  void stop_on_signals();

  class Impl;  // public so the connection class in the .cpp can name it

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace cachepilot::net
