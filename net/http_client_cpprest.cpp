// The one file that wraps cpprestsdk (net/http_client.hpp is the interface the rest of cachepilot uses).
// cpprestsdk's U() macro breaks other headers, so it is turned off and cpprest stays out of every header.
#define _TURN_OFF_PLATFORM_STRING  // NOLINT(bugprone-reserved-identifier)
// cpprest's headers still name io_service, which the project-wide BOOST_ASIO_NO_DEPRECATED hides.
#undef BOOST_ASIO_NO_DEPRECATED
#include <algorithm>
#include <atomic>
#include <exception>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cpprest/containerstream.h>
#include <cpprest/http_client.h>
#include <pplx/threadpool.h>

#include "common/clock.hpp"
#include "common/log.hpp"
#include "net/http_client.hpp"
#include "net/token_file.hpp"

namespace cachepilot::net {
namespace {

namespace http = web::http;

// cpprest's I/O runs on one thread, and everything here that can touch a socket runs on it too: starting a
// request and cancelling one. cpprest closes a connection on cancel (and on its own timeout) from whichever
// thread triggers it, while Asio's composed reads start their next step on a pool thread outside cpprest's
// socket lock: with several threads that is a data race on the socket (UBSan caught a null descriptor in
// epoll_reactor::start_op; a release build would crash). One thread rules it out, and is plenty here: the
// calls block on their callers' threads, and the pool only moves bytes (cpprest's default is 40 threads).
void size_thread_pool_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    try {
      crossplat::threadpool::initialize_with_threads(1);
    } catch (const std::exception&) {
      // Already initialised by someone else in this process: keep theirs.
    }
  });
}

boost::asio::io_service& io_service() { return crossplat::threadpool::shared_instance().service(); }

void cancel_on_io_thread(const pplx::cancellation_token_source& source) {
  boost::asio::post(io_service(), [source] { source.cancel(); });
}

using ByteBuffer = concurrency::streams::streambuf<uint8_t>;

// Appends what the body has to `out`: waits for one byte, then takes whatever else has already arrived (up to
// 64 KiB). Returns the bytes appended; 0 at the end of the body. Throws on a transport error, but only once
// the bytes that arrived before it are consumed: cpprest's asynchronous reads drain the buffer first, while its
// synchronous ones (read_line's) throw at once and lose them. Reading into our own string also avoids
// container_buffer, whose alloc() grows the collection to the full requested size.
std::size_t read_some(ByteBuffer& buffer, std::string& out) {
  const auto first = buffer.bumpc().get();
  if (first == ByteBuffer::traits::eof()) {
    return 0;
  }
  out.push_back(static_cast<char>(first));
  const auto available = std::min<std::size_t>(buffer.in_avail(), std::size_t{64} * 1024);
  if (available == 0) {
    return 1;
  }
  const auto old_size = out.size();
  out.resize(old_size + available);
  // in_avail() bytes are buffered already, so this completes at once.
  const auto got = buffer.getn(reinterpret_cast<uint8_t*>(out.data() + old_size), available).get();  // NOLINT
  out.resize(old_size + got);
  return 1 + got;
}

// Cancels `source` once `after` has passed (on cpprest's I/O threads); destroying it disarms it. cpprest's own
// timeout restarts on every read, so on its own it cannot bound a call whose peer keeps trickling bytes.
class Deadline {
 public:
  Deadline(std::chrono::milliseconds after, const pplx::cancellation_token_source& source) : timer_(io_service()) {
    timer_.expires_after(after);
    timer_.async_wait([source, expired = expired_](const boost::system::error_code& ec) {
      if (!ec) {
        expired->store(true);
        source.cancel();
      }
    });
  }
  ~Deadline() {
    boost::system::error_code ignored;
    timer_.cancel(ignored);
  }
  Deadline(const Deadline&) = delete;
  Deadline& operator=(const Deadline&) = delete;
  [[nodiscard]] bool expired() const { return expired_->load(); }

 private:
  std::shared_ptr<std::atomic<bool>> expired_ = std::make_shared<std::atomic<bool>>(false);
  boost::asio::steady_timer timer_;
};

// cpprest finishes with a request on its I/O thread a moment after the caller has seen the outcome: it closes
// the body buffer, returns the connection, and, when the call was abandoned (cancelled, refused, timed out,
// failed), unwinds the aborted exchange. A call waits for that, within a bound, so no work of it outlives it:
// nothing still writes into a refused body, and a process that exits right after leaves nothing half-done
// (which LeakSanitizer would report). First until cpprest lets go of the request and of the body buffer, then
// for a few no-op rounds of the I/O thread: it runs handlers in order, so that flushes the continuations the
// teardown posted (a closing buffer chains two or three), including on failures, where there is no response
// object to watch.
class TeardownWait {
 public:
  TeardownWait() = default;
  TeardownWait(const TeardownWait&) = delete;
  TeardownWait& operator=(const TeardownWait&) = delete;
  ~TeardownWait() {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    for (int round = 0; !request_.expired() || !body_.expired(); ++round) {
      if (std::chrono::steady_clock::now() > give_up) {
        return;
      }
      // Usually a matter of microseconds: yield first, then back off.
      if (round < 100) {
        std::this_thread::yield();
      } else {
        std::this_thread::sleep_for(std::chrono::microseconds(200));
      }
    }
    for (int round = 0; round < 4; ++round) {
      auto passed = std::make_shared<std::promise<void>>();
      auto future = passed->get_future();
      boost::asio::post(io_service(), [passed] { passed->set_value(); });
      if (future.wait_until(give_up) != std::future_status::ready) {
        return;
      }
    }
  }
  // cpprest's request context holds the request until it is done with it.
  void watch(const http::http_request& request) { request_ = request._get_impl(); }
  void watch(const http::http_response& response) { body_ = response.body().streambuf().get_base(); }

 private:
  std::weak_ptr<http::details::_http_request> request_;
  std::weak_ptr<concurrency::streams::details::basic_streambuf<uint8_t>> body_;
};

Error transport_error(const std::string& what, const ClientRequest& request) {
  // The path only: query strings may carry label selectors but never credentials; headers are never logged.
  auto path = request.path_and_query.substr(0, request.path_and_query.find('?'));
  return make_error(ErrorCode::kUnavailable, request.method + " " + path + ": " + what);
}

class CpprestHttpClient final : public HttpClient {
 public:
  explicit CpprestHttpClient(ClientOptions options)
      : options_(std::move(options)), client_(make_client(options_)), token_file_(make_token_file(options_)) {}

  Result<ClientResponse> send(const ClientRequest& request) override {
    TeardownWait teardown;  // declared first: waits once everything below is released
    pplx::cancellation_token_source source;
    const Deadline deadline(options_.timeout, source);  // connect to last byte, however the bytes trickle in
    try {
      ClientResponse out;
      const auto response = await_headers(request, source, teardown, out);
      return with_whole_body(response, request, source, std::move(out));
    } catch (const std::exception& e) {
      if (deadline.expired()) {
        return transport_error("timed out after " + std::to_string(options_.timeout.count()) + " ms", request);
      }
      return transport_error(e.what(), request);
    }
  }

  // Lines end at "\n"; a "\r" before it is dropped (CRLF framing), a "\r" elsewhere is kept. Empty lines are
  // delivered. When the body ends cleanly, a last line without a newline is delivered too; when the connection
  // breaks, the broken line is not.
  Result<ClientResponse> stream_lines(const ClientRequest& request,
                                      const std::function<bool(std::string_view)>& on_line,
                                      const Cancellation& cancel) override {
    TeardownWait teardown;
    pplx::cancellation_token_source source;
    // The Cancellation may outlive this call by far (a reflector keeps one for all its watches) and has no way
    // to unregister: what it keeps of this call is a weak reference, not the token source.
    const auto hook = std::make_shared<pplx::cancellation_token_source>(source);
    cancel.on_cancel([weak = std::weak_ptr<pplx::cancellation_token_source>(hook)] {
      if (auto live = weak.lock()) {
        cancel_on_io_thread(*live);
      }
    });
    try {
      ClientResponse out;
      const auto response = await_headers(request, source, teardown, out);
      if (out.status < 200 || out.status >= 300) {
        return with_whole_body(response, request, source, std::move(out));
      }
      auto buffer = response.body().streambuf();
      std::string pending;  // holds no complete line between reads
      std::size_t total = 0;
      auto deliver = [&](std::string_view line) {
        if (!line.empty() && line.back() == '\r') {
          line.remove_suffix(1);
        }
        return on_line(line);
      };
      while (true) {
        if (cancel.cancelled()) {
          cancel_on_io_thread(source);
          return transport_error("cancelled", request);
        }
        const auto scanned = pending.size();
        const auto n = read_some(buffer, pending);
        if (n == 0) {
          if (!pending.empty() && !deliver(pending)) {
            return transport_error("cancelled", request);
          }
          return out;
        }
        total += n;
        if (total > options_.max_response_bytes) {
          cancel_on_io_thread(source);
          return make_error(ErrorCode::kTooLarge,
                            "stream over " + std::to_string(options_.max_response_bytes) + " bytes");
        }
        std::size_t line_start = 0;
        for (auto newline = pending.find('\n', scanned); newline != std::string::npos;
             newline = pending.find('\n', line_start)) {
          if (!deliver(std::string_view(pending).substr(line_start, newline - line_start))) {
            cancel_on_io_thread(source);
            return transport_error("cancelled", request);
          }
          line_start = newline + 1;
        }
        pending.erase(0, line_start);
      }
    } catch (const std::exception& e) {
      if (cancel.cancelled()) {
        return transport_error("cancelled", request);
      }
      return transport_error(e.what(), request);
    }
  }

 private:
  // client_.request() starts connecting or writing on the calling thread: run it on the I/O thread instead.
  // Sends the request and waits for the response's status line and headers, which go into `out`; the teardown
  // watches both. Throws as cpprest does.
  http::http_response await_headers(const ClientRequest& request, const pplx::cancellation_token_source& source,
                                    TeardownWait& teardown, ClientResponse& out) {
    auto cpprest_request = to_cpprest(request);
    teardown.watch(cpprest_request);
    auto response = begin_request(cpprest_request, source.get_token()).get();
    teardown.watch(response);
    out.status = response.status_code();
    out.content_type = response.headers().content_type();
    return response;
  }

  // `out` with the whole body, read within the request's bound; past it, the download is stopped (cpprest would
  // otherwise keep buffering the body) and the bound's error returned.
  Result<ClientResponse> with_whole_body(const http::http_response& response, const ClientRequest& request,
                                         const pplx::cancellation_token_source& source, ClientResponse out) const {
    auto body = read_bounded(response, request);
    if (!body.ok()) {
      cancel_on_io_thread(source);
      return body.error();
    }
    out.body = std::move(body).value();
    return out;
  }

  pplx::task<http::http_response> begin_request(const http::http_request& request,
                                                const pplx::cancellation_token& token) {
    auto started = std::make_shared<std::promise<pplx::task<http::http_response>>>();
    auto task = started->get_future();
    boost::asio::post(io_service(), [this, started, request, token] {
      try {
        started->set_value(client_.request(request, token));
      } catch (...) {
        started->set_exception(std::current_exception());
      }
    });
    return task.get();
  }

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
    return {web::uri(options.base_url), config};
  }

  static std::unique_ptr<BearerTokenFile> make_token_file(const ClientOptions& options) {
    if (options.bearer_token_file.empty()) {
      return nullptr;
    }
    static const SystemClock clock;
    return std::make_unique<BearerTokenFile>(options.bearer_token_file, options.bearer_token_refresh,
                                             options.bearer_token, clock,
                                             [](std::string_view message) { log::warn(message); });
  }

  http::http_request to_cpprest(const ClientRequest& request) const {
    http::http_request out(request.method);
    out.set_request_uri(web::uri(request.path_and_query));
    auto& headers = out.headers();
    headers.add("User-Agent", options_.user_agent);
    headers.add("Accept", "application/json");
    const auto token = token_file_ ? token_file_->token() : options_.bearer_token;
    if (!token.empty()) {
      headers.add("Authorization", "Bearer " + token);
    }
    for (const auto& [name, value] : request.headers) {
      headers.add(name, value);
    }
    if (!request.body.empty() || request.method == "POST" || request.method == "PUT" || request.method == "PATCH") {
      // Not set_body(std::string): that wraps a char container_buffer and type-puns it as a byte stream
      // (undefined behaviour, which UBSan's vptr check aborts on). A byte container is the stream's own type.
      std::vector<uint8_t> bytes(request.body.begin(), request.body.end());
      const auto size = bytes.size();
      out.set_body(concurrency::streams::bytestream::open_istream(std::move(bytes)), size,
                   request.content_type.empty() ? "application/json" : request.content_type);
    }
    return out;
  }

  Result<std::string> read_bounded(const http::http_response& response, const ClientRequest& request) const {
    const auto declared = response.headers().content_length();
    if (declared > options_.max_response_bytes) {
      return make_error(ErrorCode::kTooLarge, request.method + " " + request.path_and_query.substr(0, 200) +
                                                  ": response of " + std::to_string(declared) +
                                                  " bytes over the limit");
    }
    auto buffer = response.body().streambuf();
    std::string body;
    body.reserve(declared);  // 0 when no Content-Length was sent
    while (read_some(buffer, body) != 0) {
      if (body.size() > options_.max_response_bytes) {
        return make_error(ErrorCode::kTooLarge, request.method + " " + request.path_and_query.substr(0, 200) +
                                                    ": response over " + std::to_string(options_.max_response_bytes) +
                                                    " bytes");
      }
    }
    return body;
  }

  ClientOptions options_;
  http::client::http_client client_;
  std::unique_ptr<BearerTokenFile> token_file_;  // null without options_.bearer_token_file
};

}  // namespace

Result<std::unique_ptr<HttpClient>> make_http_client(ClientOptions options) {
  if (options.base_url.rfind("http://", 0) != 0 && options.base_url.rfind("https://", 0) != 0) {
    return make_error(ErrorCode::kInvalidArgument,
                      "server URL must start with http:// or https://: " + options.base_url);
  }
  try {
    std::unique_ptr<HttpClient> client = std::make_unique<CpprestHttpClient>(std::move(options));
    return client;
  } catch (const std::exception& e) {
    return make_error(ErrorCode::kInvalidArgument, std::string("HTTP client: ") + e.what());
  }
}

}  // namespace cachepilot::net
