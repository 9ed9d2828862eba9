#pragma once
// A scripted net::HttpClient for unit tests of code above the transport (API client, reflectors, PromQL
// client, cache-figure poller). Unary answers come from a routing function; streams play queued scripts, then
// block until cancelled (as a quiet watch does) so callers never spin. Thread-safe: a poller thread may call
// it while the test swaps routes.
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "net/http_client.hpp"

namespace cachepilot::testing {

struct StreamScript {
  unsigned status = 200;
  std::string error_body;          // for a non-2xx status
  std::vector<std::string> lines;  // played in order
  bool fail_after = false;         // end with a transport error instead of a clean end
  bool hold_open = false;          // after the lines, block until cancelled
};

class FakeHttpClient final : public net::HttpClient {
 public:
  using Route = std::function<Result<net::ClientResponse>(const net::ClientRequest&)>;

  void set_route(Route route) {
    std::lock_guard lock(mutex_);
    route_ = std::move(route);
  }
  // Streams are served in FIFO order; with none queued a stream blocks until cancelled.
  void queue_stream(StreamScript script) {
    {
      std::lock_guard lock(mutex_);
      streams_.push_back(std::move(script));
    }
    changed_.notify_all();
  }
  // "METHOD /path?query" of every call, streams as "STREAM /path?query".
  [[nodiscard]] std::vector<std::string> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  // Every unary request as sent, for tests that check headers or bodies.
  [[nodiscard]] std::vector<net::ClientRequest> sent() const {
    std::lock_guard lock(mutex_);
    return sent_;
  }
  // Blocks (bounded) until at least n requests were made; false on timeout.
  bool wait_for_requests(std::size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return requests_.size() >= n; });
  }

  Result<net::ClientResponse> send(const net::ClientRequest& request) override {
    Route route;
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(request.method + " " + request.path_and_query);
      sent_.push_back(request);
      route = route_;
    }
    changed_.notify_all();
    if (!route) {
      return make_error(ErrorCode::kUnavailable, "no route");
    }
    return route(request);
  }

  Result<net::ClientResponse> stream_lines(const net::ClientRequest& request,
                                           const std::function<bool(std::string_view)>& on_line,
                                           const net::Cancellation& cancel) override {
    cancel.on_cancel([this] {
      std::lock_guard lock(mutex_);
      changed_.notify_all();
    });
    StreamScript script;
    {
      std::unique_lock lock(mutex_);
      requests_.push_back("STREAM " + request.path_and_query);
      changed_.notify_all();
      changed_.wait(lock, [&] { return !streams_.empty() || cancel.cancelled(); });
      if (cancel.cancelled()) {
        return make_error(ErrorCode::kUnavailable, "cancelled");
      }
      script = std::move(streams_.front());
      streams_.pop_front();
    }
    if (script.status < 200 || script.status >= 300) {
      return net::ClientResponse{script.status, script.error_body, "application/json"};
    }
    for (const auto& line : script.lines) {
      if (!on_line(line)) {
        return make_error(ErrorCode::kUnavailable, "cancelled");
      }
    }
    if (script.fail_after) {
      return make_error(ErrorCode::kUnavailable, "connection reset");
    }
    if (script.hold_open) {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return cancel.cancelled(); });
      return make_error(ErrorCode::kUnavailable, "cancelled");
    }
    return net::ClientResponse{200, {}, "application/json"};
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  Route route_;
  std::deque<StreamScript> streams_;
  std::vector<std::string> requests_;
  std::vector<net::ClientRequest> sent_;
};

// A route that always answers `status` with `body`.
inline FakeHttpClient::Route answer(unsigned status, std::string body) {
  return [status, body = std::move(body)](const net::ClientRequest&) -> Result<net::ClientResponse> {
    return net::ClientResponse{status, body, "application/json"};
  };
}

// A route that fails like a refused connection.
inline FakeHttpClient::Route refuse() {
  return [](const net::ClientRequest&) -> Result<net::ClientResponse> {
    return make_error(ErrorCode::kUnavailable, "connection refused");
  };
}

// Forwards to a shared client, for owners that take a std::unique_ptr<net::HttpClient> (PrometheusClient)
// while the test keeps its own handle on the fake. Optionally runs `before` ahead of each send (to slip a write
// in between a client's read and its write) and `after` with its result (to count completed requests); either
// may be empty. Streams pass through untouched.
class SharedHttpClient final : public net::HttpClient {
 public:
  using Before = std::function<void(const net::ClientRequest&)>;
  using After = std::function<void(const Result<net::ClientResponse>&)>;

  explicit SharedHttpClient(std::shared_ptr<net::HttpClient> target, Before before = {}, After after = {})
      : target_(std::move(target)), before_(std::move(before)), after_(std::move(after)) {}
  Result<net::ClientResponse> send(const net::ClientRequest& request) override {
    if (before_) {
      before_(request);
    }
    auto response = target_->send(request);
    if (after_) {
      after_(response);
    }
    return response;
  }
  Result<net::ClientResponse> stream_lines(const net::ClientRequest& request,
                                           const std::function<bool(std::string_view)>& on_line,
                                           const net::Cancellation& cancel) override {
    return target_->stream_lines(request, on_line, cancel);
  }

 private:
  std::shared_ptr<net::HttpClient> target_;
  Before before_;
  After after_;
};

}  // namespace cachepilot::testing
