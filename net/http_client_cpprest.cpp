// The one file that wraps cpprestsdk (net/http_client.hpp is the interface the rest of cachepilot uses).
// cpprestsdk's U() macro breaks other headers, so it is turned off and cpprest stays out of every header.
#define _TURN_OFF_PLATFORM_STRING  // NOLINT(bugprone-reserved-identifier)
// cpprest's headers still name io_service, which the project-wide BOOST_ASIO_NO_DEPRECATED hides.
#undef BOOST_ASIO_NO_DEPRECATED
#include <cpprest/containerstream.h>
#include <cpprest/http_client.h>
#include <pplx/threadpool.h>

#include <exception>
#include <mutex>

#include "common/log.hpp"
#include "net/http_client.hpp"

namespace cachepilot::net {
namespace {

namespace http = web::http;

// cpprest starts a 40-thread pool on first use; calls here block on their own threads, so a few suffice.
void size_thread_pool_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    try {
      crossplat::threadpool::initialize_with_threads(4);
    } catch (const std::exception&) {
      // Already initialised by someone else in this process: keep theirs.
    }
  });
}

Error transport_error(const std::string& what, const ClientRequest& request) {
  // The path only: query strings may carry label selectors but never credentials; headers are never logged.
  auto path = request.path_and_query.substr(0, request.path_and_query.find('?'));
  return make_error(ErrorCode::kUnavailable, request.method + " " + path + ": " + what);
}

class CpprestHttpClient final : public HttpClient {
 public:
  explicit CpprestHttpClient(ClientOptions options) : options_(std::move(options)), client_(make_client(options_)) {}

  Result<ClientResponse> send(const ClientRequest& request) override {
    try {
      pplx::cancellation_token_source never;
      auto response = client_.request(to_cpprest(request), never.get_token()).get();
      ClientResponse out;
      out.status = response.status_code();
      out.content_type = response.headers().content_type();
      auto body = read_bounded(response, request);
      if (!body.ok()) {
        return body.error();
      }
      out.body = std::move(body).value();
      return out;
    } catch (const std::exception& e) {
      return transport_error(e.what(), request);
    }
  }

  Result<ClientResponse> stream_lines(const ClientRequest& request,
                                      const std::function<bool(std::string_view)>& on_line,
                                      const Cancellation& cancel) override {
    pplx::cancellation_token_source source;
    cancel.on_cancel([source] { source.cancel(); });
    try {
      auto response = client_.request(to_cpprest(request), source.get_token()).get();
      ClientResponse out;
      out.status = response.status_code();
      out.content_type = response.headers().content_type();
      if (out.status < 200 || out.status >= 300) {
        auto body = read_bounded(response, request);
        if (!body.ok()) {
          return body.error();
        }
        out.body = std::move(body).value();
        return out;
      }
      auto body = response.body();
      std::size_t total = 0;
      while (true) {
        if (cancel.cancelled()) {
          source.cancel();
          return transport_error("cancelled", request);
        }
        concurrency::streams::container_buffer<std::string> line;
        const auto n = body.read_line(line).get();
        if (n == 0 && body.is_eof()) {
          return out;
        }
        total += n;
        if (total > options_.max_response_bytes) {
          source.cancel();
          return make_error(ErrorCode::kTooLarge, "stream over " + std::to_string(options_.max_response_bytes) + " bytes");
        }
        const std::string& text = line.collection();
        if (text.empty()) {
          continue;
        }
        if (!on_line(text)) {
          source.cancel();
          return transport_error("cancelled", request);
        }
      }
    } catch (const std::exception& e) {
      if (cancel.cancelled()) {
        return transport_error("cancelled", request);
      }
      return transport_error(e.what(), request);
    }
  }

 private:
  static http::client::http_client make_client(const ClientOptions& options) {
    size_thread_pool_once();
    http::client::http_client_config config;
    config.set_timeout(options.timeout);
    config.set_validate_certificates(!options.tls.insecure_skip_verify);
    const auto tls = options.tls;
    config.set_ssl_context_callback([tls](boost::asio::ssl::context& context) {
      // Errors here surface as a failed handshake on the request, which is what the caller should see.
      boost::system::error_code ignored;
      if (!tls.ca_pem.empty()) {
        context.add_certificate_authority(boost::asio::buffer(tls.ca_pem), ignored);
      }
      if (!tls.client_cert_pem.empty() && !tls.client_key_pem.empty()) {
        context.use_certificate_chain(boost::asio::buffer(tls.client_cert_pem), ignored);
        context.use_private_key(boost::asio::buffer(tls.client_key_pem), boost::asio::ssl::context::pem, ignored);
      }
    });
    return http::client::http_client(web::uri(options.base_url), config);
  }

  http::http_request to_cpprest(const ClientRequest& request) const {
    http::http_request out(request.method);
    out.set_request_uri(web::uri(request.path_and_query));
    auto& headers = out.headers();
    headers.add("User-Agent", options_.user_agent);
    headers.add("Accept", "application/json");
    if (!options_.bearer_token.empty()) {
      headers.add("Authorization", "Bearer " + options_.bearer_token);
    }
    for (const auto& [name, value] : request.headers) {
      headers.add(name, value);
    }
    if (!request.body.empty() || request.method == "POST" || request.method == "PUT" || request.method == "PATCH") {
      out.set_body(request.body, request.content_type.empty() ? "application/json" : request.content_type);
    }
    return out;
  }

  Result<std::string> read_bounded(const http::http_response& response, const ClientRequest& request) const {
    const auto declared = response.headers().content_length();
    if (declared > options_.max_response_bytes) {
      return make_error(ErrorCode::kTooLarge, request.method + " " + request.path_and_query.substr(0, 200) +
                                                  ": response of " + std::to_string(declared) + " bytes over the limit");
    }
    concurrency::streams::container_buffer<std::string> buffer;
    auto body = response.body();
    std::size_t total = 0;
    while (true) {
      const auto n = body.read(buffer, 1 << 20).get();
      if (n == 0) {
        break;
      }
      total += n;
      if (total > options_.max_response_bytes) {
        return make_error(ErrorCode::kTooLarge, request.method + " " + request.path_and_query.substr(0, 200) +
                                                    ": response over " + std::to_string(options_.max_response_bytes) +
                                                    " bytes");
      }
    }
    return std::string(buffer.collection());
  }

  ClientOptions options_;
  http::client::http_client client_;
};

}  // namespace

Result<std::unique_ptr<HttpClient>> make_http_client(ClientOptions options) {
  if (options.base_url.rfind("http://", 0) != 0 && options.base_url.rfind("https://", 0) != 0) {
    return make_error(ErrorCode::kInvalidArgument, "server URL must start with http:// or https://: " + options.base_url);
  }
  try {
    std::unique_ptr<HttpClient> client = std::make_unique<CpprestHttpClient>(std::move(options));
    return client;
  } catch (const std::exception& e) {
    return make_error(ErrorCode::kInvalidArgument, std::string("HTTP client: ") + e.what());
  }
}

}  // namespace cachepilot::net
