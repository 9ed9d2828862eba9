#pragma once
// An HTTP(S) client for talking to the Kubernetes API server and Prometheus. The interface is ours; the
// one implementation wraps cpprestsdk in http_client_cpprest.cpp (cpprestsdk is in maintenance mode:
// replacing it touches that one file). TLS is verified by default; every call has a timeout.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.hpp"

namespace cachepilot::net {

struct ClientTlsOptions {
  std::string ca_pem;  // trusted CA certificates (PEM text); empty: the system trust store
  bool insecure_skip_verify = false;
  std::string client_cert_pem;  // client certificate chain for mutual TLS (PEM text)
  std::string client_key_pem;
};

struct ClientOptions {
  std::string base_url;  // scheme, host and port: "https://127.0.0.1:6443"
  ClientTlsOptions tls;
  std::string bearer_token;  // sent as "Authorization: Bearer ..."; never logged
  // A file holding the bearer token, for tokens that rotate (projected service-account tokens): re-read when
  // the token in use was read bearer_token_refresh ago, as client-go does; a failed re-read keeps the last
  // good token (and is logged once). bearer_token is sent until the file has been read once.
  std::string bearer_token_file;
  std::chrono::milliseconds bearer_token_refresh{60'000};
  // Unary calls: connect to last byte. Streams: the longest silence tolerated between two reads.
  std::chrono::milliseconds timeout{10'000};
  std::size_t max_response_bytes = 512UL * 1024 * 1024;  // a bigger body is an error, not an OOM
  std::string user_agent = "cachepilot";
};

struct ClientRequest {
  std::string method = "GET";
  std::string path_and_query;  // "/api/v1/nodes?limit=500"
  std::string body;
  std::string content_type;  // set when body is non-empty
  std::vector<std::pair<std::string, std::string>> headers;
};

struct ClientResponse {
  unsigned status = 0;
  std::string body;
  std::string content_type;
};

// Cooperative cancellation shared between the owner and a running call; cancel() aborts a blocked stream.
class Cancellation {
 public:
  Cancellation() : state_(std::make_shared<State>()) {}
  void cancel() const {
    std::vector<std::function<void()>> callbacks;
    {
      std::lock_guard lock(state_->mutex);
      if (state_->cancelled.exchange(true)) {
        return;
      }
      callbacks.swap(state_->callbacks);
    }
    for (auto& callback : callbacks) {
      callback();
    }
  }
  [[nodiscard]] bool cancelled() const { return state_->cancelled.load(); }
  // Runs `callback` on cancel(), or at once when already cancelled. For client implementations.
  void on_cancel(std::function<void()> callback) const {
    {
      std::lock_guard lock(state_->mutex);
      if (!state_->cancelled.load()) {
        state_->callbacks.push_back(std::move(callback));
        return;
      }
    }
    callback();
  }

 private:
  struct State {
    std::mutex mutex;
    std::atomic<bool> cancelled{false};
    std::vector<std::function<void()>> callbacks;
  };
  std::shared_ptr<State> state_;
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // Transport failures (refused, TLS, timeout, too large) are errors (kUnavailable / kTooLarge); any HTTP
  // status, including 4xx/5xx, is a response.
  [[nodiscard]] virtual Result<ClientResponse> send(const ClientRequest& request) = 0;
  // For long responses made of lines (Kubernetes watch events): calls on_line for each complete line as it
  // arrives, without the newline. Returns when the body ends (status 2xx, empty body), when on_line returns
  // false or `cancel` fires (kUnavailable "cancelled"), or on a transport error. A non-2xx status is returned
  // with its (bounded) body and no lines.
  [[nodiscard]] virtual Result<ClientResponse> stream_lines(const ClientRequest& request,
                                                            const std::function<bool(std::string_view)>& on_line,
                                                            const Cancellation& cancel) = 0;
};

[[nodiscard]] Result<std::unique_ptr<HttpClient>> make_http_client(ClientOptions options);

}  // namespace cachepilot::net
