#pragma once
// A hand-written net::HttpClient for unit tests: answers each request with whatever the test's responder
// returns and records the requests. Thread-safe, so a poller thread can use it while the test swaps answers.
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "net/http_client.hpp"

namespace cachepilot::testing {

class FakeHttpClient final : public net::HttpClient {
 public:
  using Responder = std::function<Result<net::ClientResponse>(const net::ClientRequest&)>;

  // Shared state, so a test keeps a handle after handing the client to its owner.
  struct State {
    std::mutex mutex;
    Responder responder;
    std::vector<net::ClientRequest> requests;
  };

  explicit FakeHttpClient(std::shared_ptr<State> state) : state_(std::move(state)) {}

  Result<net::ClientResponse> send(const net::ClientRequest& request) override {
    Responder responder;
    {
      const std::lock_guard lock(state_->mutex);
      state_->requests.push_back(request);
      responder = state_->responder;
    }
    if (!responder) {
      return make_error(ErrorCode::kUnavailable, "fake: no responder");
    }
    return responder(request);
  }
  Result<net::ClientResponse> stream_lines(const net::ClientRequest& /*request*/,
                                           const std::function<bool(std::string_view)>& /*on_line*/,
                                           const net::Cancellation& /*cancel*/) override {
    return make_error(ErrorCode::kInternal, "fake: stream_lines not supported");
  }

 private:
  std::shared_ptr<State> state_;
};

inline void set_responder(FakeHttpClient::State& state, FakeHttpClient::Responder responder) {
  const std::lock_guard lock(state.mutex);
  state.responder = std::move(responder);
}

// A responder that always answers `status` with `body`.
inline FakeHttpClient::Responder answer(unsigned status, std::string body) {
  return [status, body = std::move(body)](const net::ClientRequest&) -> Result<net::ClientResponse> {
    return net::ClientResponse{status, body, "application/json"};
  };
}

// A responder that fails like a refused connection.
inline FakeHttpClient::Responder refuse() {
  return [](const net::ClientRequest&) -> Result<net::ClientResponse> {
    return make_error(ErrorCode::kUnavailable, "connection refused");
  };
}

}  // namespace cachepilot::testing
