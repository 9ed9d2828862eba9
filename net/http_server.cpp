#include "net/http_server.hpp"

#include <atomic>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <malloc.h>

#include "common/log.hpp"

namespace cachepilot::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {
constexpr std::size_t kBodyPadding = 64;                        // simdjson::SIMDJSON_PADDING
constexpr std::size_t kTrimAfterBodyBytes = 8UL * 1024 * 1024;  // see on_body
}  // namespace

// A request body in a std::string that grows by appending. Beast's string_body resizes (zero-filling) and then
// copies every chunk: two passes over every byte, which on a 23 MB NodeList is measurable. The parser still
// enforces the body limit; on_header reserves the announced length plus simdjson's padding.
struct AppendStringBody {
  using value_type = std::string;

  static std::uint64_t size(const value_type& body) { return body.size(); }

  class reader {  // NOLINT(readability-identifier-naming): the name Beast's Body concept requires
   public:
    template <bool IsRequest, class Fields>
    reader(http::header<IsRequest, Fields>& /*header*/, value_type& body) : body_(body) {}

    void init(const boost::optional<std::uint64_t>& length, beast::error_code& ec) {
      if (length && *length > body_.max_size()) {
        ec = http::error::buffer_overflow;
        return;
      }
      ec = {};
    }

    template <class ConstBufferSequence>
    std::size_t put(const ConstBufferSequence& buffers, beast::error_code& ec) {
      std::size_t added = 0;
      for (const auto buffer : beast::buffers_range_ref(buffers)) {
        body_.append(static_cast<const char*>(buffer.data()), buffer.size());
        added += buffer.size();
      }
      ec = {};
      return added;
    }

    void finish(beast::error_code& ec) { ec = {}; }

   private:
    value_type& body_;
  };
};

// What the server needs of a connection, whatever its transport.
class SessionBase {
 public:
  virtual ~SessionBase() = default;
  virtual void start() = 0;
  virtual void drain() = 0;
};

class HttpServer::Impl {
 public:
  Impl(ServerOptions options, Handler handler, EventObserver observer)
      : options_(std::move(options)),
        handler_(std::move(handler)),
        observer_(std::move(observer)),
        ioc_(std::max(1, options_.threads)),
        acceptor_(asio::make_strand(ioc_)),
        signals_(ioc_),
        drain_timer_(acceptor_.get_executor()) {}

  Result<std::uint16_t> start();
  void run();
  void stop();
  void stop_on_signals();

  void report(ConnectionEvent e) {
    if (observer_) {
      observer_(e);
    }
  }
  void forget(SessionBase* s);
  // TLS context when serving HTTPS (nullptr: plain HTTP).
  [[nodiscard]] asio::ssl::context* tls() { return tls_ ? &*tls_ : nullptr; }
  [[nodiscard]] bool draining() const { return draining_.load(); }

  ServerOptions options_;
  Handler handler_;
  EventObserver observer_;

 private:
  void do_accept();
  void on_accept(beast::error_code ec, tcp::socket socket);

  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  asio::signal_set signals_;
  asio::steady_timer drain_timer_;
  std::atomic<bool> draining_{false};
  std::mutex sessions_mutex_;
  std::unordered_map<SessionBase*, std::weak_ptr<SessionBase>> sessions_;
  std::optional<asio::ssl::context> tls_;
};

// One connection. Stream is beast::tcp_stream (HTTP) or beast::ssl_stream<beast::tcp_stream> (HTTPS).
template <typename Stream>
class Session final : public SessionBase, public std::enable_shared_from_this<Session<Stream>> {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

  Session(tcp::socket&& socket, HttpServer::Impl& server) requires(!kTls)
      : stream_(std::move(socket)), server_(server) {}
  Session(tcp::socket&& socket, HttpServer::Impl& server, asio::ssl::context& tls) requires(kTls)
      : stream_(std::move(socket), tls), server_(server) {}

  void start() override {
    asio::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
      if constexpr (kTls) {
        self->handshake();
      } else {
        self->wait_for_request();
      }
    });
  }

  // Called at shutdown: a connection waiting for its next request is closed now; one in the middle of a
  // request closes after answering it.
  void drain() override {
    asio::post(stream_.get_executor(), [self = this->shared_from_this()] {
      if (self->idle_) {
        beast::error_code ignored;
        self->lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
        self->lowest().close();
      }
    });
  }

  ~Session() override { server_.forget(this); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

 private:
  beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }

  // TLS: the handshake must finish within the read timeout.
  void handshake() {
    lowest().expires_after(server_.options_.read_timeout);
    stream_.async_handshake(asio::ssl::stream_base::server, [self = this->shared_from_this()](beast::error_code ec) {
      if (ec) {
        self->server_.report(ec == beast::error::timeout ? ConnectionEvent::kReadTimeout
                                                         : ConnectionEvent::kTlsHandshakeFailed);
        self->close();
        return;
      }
      self->wait_for_request();
    });
  }

  // Waits (idle timeout) for the first bytes of the next request, then reads it under the read timeout.
  void wait_for_request() {
    if (server_.draining()) {
      close();
      return;
    }
    if (buffer_.size() > 0) {  // a pipelined request is already buffered
      read_header();
      return;
    }
    idle_ = true;
    lowest().expires_after(server_.options_.idle_timeout);
    stream_.async_read_some(buffer_.prepare(std::size_t{16} * 1024),
                            [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->idle_ = false;
                              if (ec) {
                                self->close();  // idle timeout or peer closed: normal end of a connection
                                return;
                              }
                              self->buffer_.commit(n);
                              self->read_header();
                            });
  }

  void read_header() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.options_.header_limit));
    parser_->body_limit(server_.options_.body_limit);
    lowest().expires_after(server_.options_.read_timeout);
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    if (ec) {
      fail_read(ec);
      return;
    }
    if (auto length = parser_->content_length()) {
      parser_->get().body().reserve(static_cast<std::size_t>(*length) + kBodyPadding);
    }
    // A client that asked "Expect: 100-continue" (curl does for bodies over 1 MB) waits for our go-ahead;
    // the size has been accepted by now, so give it.
    if (beast::iequals(parser_->get()[http::field::expect], "100-continue")) {
      auto interim = std::make_shared<http::response<http::empty_body>>(http::status::continue_, 11);
      http::async_write(stream_, *interim,
                        [self = this->shared_from_this(), interim](beast::error_code write_ec, std::size_t) {
                          if (write_ec) {
                            self->close();
                            return;
                          }
                          self->read_body();
                        });
      return;
    }
    read_body();
  }

  void read_body() {
    http::async_read(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](beast::error_code read_ec, std::size_t) { self->on_body(read_ec); });
  }

  void fail_read(beast::error_code ec) {
    if (ec == http::error::body_limit) {
      server_.report(ConnectionEvent::kBodyTooLarge);
      reply_and_close(413, "{\"Error\":\"request body exceeds the limit of " +
                               std::to_string(server_.options_.body_limit) + " bytes\"}");
    } else if (ec == beast::error::timeout) {
      server_.report(ConnectionEvent::kReadTimeout);
      close();
    } else if (ec == http::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset ||
               ec == asio::error::operation_aborted) {
      close();
    } else if (ec == http::error::header_limit) {
      server_.report(ConnectionEvent::kBadRequest);
      reply_and_close(431, "{\"Error\":\"request header too large\"}");
    } else {
      server_.report(ConnectionEvent::kBadRequest);
      reply_and_close(400, "{\"Error\":\"malformed HTTP request: " + ec.message() + "\"}");
      log::debug("bad request: " + ec.message() + " (" + ec.category().name() + ")");
    }
  }

  void on_body(beast::error_code ec) {
    if (ec) {
      fail_read(ec);
      return;
    }
    auto message = parser_->release();
    parser_.reset();
    HttpRequest request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    request.content_type = std::string(message[http::field::content_type]);
    request.body = std::move(message.body());
    if (request.body.capacity() < request.body.size() + kBodyPadding) {
      request.body.reserve(request.body.size() + kBodyPadding);  // chunked bodies arrive without a length
    }
    HttpResponse response;
    try {
      server_.handler_(request, response);
    } catch (const std::exception& e) {
      // Handlers return errors as values; this is the last line of defence against a bug taking the
      // process down with it.
      log::error(std::string("handler threw: ") + e.what());
      response = HttpResponse{500, "application/json", "{\"Error\":\"internal error\"}"};
    }
    const bool keep_alive = message.keep_alive() && !server_.draining();
    const std::size_t body_size = request.body.size();
    request = HttpRequest{};
    if (body_size > kTrimAfterBodyBytes) {
      // A full v1.NodeList body is tens of MB; glibc keeps freed heap for reuse, so without this one such
      // request would leave the process that much larger until it exits.
      malloc_trim(0);
    }
    write(response.status, response.content_type, std::move(response.body), keep_alive);
  }

  void reply_and_close(unsigned status, std::string body) { write(status, "application/json", std::move(body), false); }

  void write(unsigned status, const std::string& content_type, std::string body, bool keep_alive) {
    auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(status), 11);
    res->set(http::field::server, "cachepilot");
    res->set(http::field::content_type, content_type);
    res->keep_alive(keep_alive);
    res->body() = std::move(body);
    res->prepare_payload();
    lowest().expires_after(server_.options_.write_timeout);
    http::async_write(stream_, *res,
                      [self = this->shared_from_this(), res, keep_alive](beast::error_code ec, std::size_t) {
                        if (ec || !keep_alive) {
                          self->close();
                          return;
                        }
                        self->wait_for_request();
                      });
  }

  void close() {
    // TLS close_notify is skipped on purpose: HTTP/1.1 framing already delimits every message, and waiting
    // on a peer's close_notify would let a client hold the connection open.
    beast::error_code ignored;
    lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
    lowest().close();
  }

  Stream stream_;
  HttpServer::Impl& server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<AppendStringBody>> parser_;
  bool idle_ = false;
};

namespace {
// TLS 1.2+ with the server's certificate chain; with a client CA, clients must present a certificate it signed
// (mTLS). OpenSSL's errors are returned, not thrown.
Result<asio::ssl::context> make_tls_context(const TlsOptions& tls) {
  asio::ssl::context context(asio::ssl::context::tls_server);
  beast::error_code ec;
  context.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                          asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1 |
                          asio::ssl::context::single_dh_use,
                      ec);
  if (!ec) {
    context.use_certificate_chain_file(tls.cert_file, ec);
    if (ec) {
      return make_error(ErrorCode::kInvalidArgument, "TLS certificate " + tls.cert_file + ": " + ec.message());
    }
  }
  if (!ec) {
    context.use_private_key_file(tls.key_file, asio::ssl::context::pem, ec);
    if (ec) {
      return make_error(ErrorCode::kInvalidArgument, "TLS key " + tls.key_file + ": " + ec.message());
    }
  }
  if (!ec && !tls.client_ca_file.empty()) {
    context.load_verify_file(tls.client_ca_file, ec);
    if (ec) {
      return make_error(ErrorCode::kInvalidArgument, "TLS client CA " + tls.client_ca_file + ": " + ec.message());
    }
    context.set_verify_mode(asio::ssl::verify_peer | asio::ssl::verify_fail_if_no_peer_cert, ec);
  }
  if (ec) {
    return make_error(ErrorCode::kInvalidArgument, "TLS: " + ec.message());
  }
  return context;
}
}  // namespace

Result<std::uint16_t> HttpServer::Impl::start() {
  if (options_.tls) {
    auto context = make_tls_context(*options_.tls);
    if (!context.ok()) {
      return context.error();
    }
    tls_.emplace(std::move(context).value());
  }
  beast::error_code ec;
  const auto address = asio::ip::make_address(options_.host, ec);
  if (ec) {
    return make_error(ErrorCode::kInvalidArgument, "listen address \"" + options_.host + "\": " + ec.message());
  }
  const tcp::endpoint endpoint(address, options_.port);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) {
    acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  }
  if (!ec) {
    acceptor_.bind(endpoint, ec);
  }
  if (!ec) {
    acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  }
  if (ec) {
    return make_error(ErrorCode::kIo,
                      "listen on " + options_.host + ":" + std::to_string(options_.port) + ": " + ec.message());
  }
  do_accept();
  return acceptor_.local_endpoint().port();
}

void HttpServer::Impl::do_accept() {
  acceptor_.async_accept(asio::make_strand(ioc_),
                         [this](beast::error_code ec, tcp::socket socket) { on_accept(ec, std::move(socket)); });
}

void HttpServer::Impl::on_accept(beast::error_code ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted || !acceptor_.is_open()) {
    return;
  }
  if (!ec) {
    socket.set_option(tcp::no_delay(true), ec);
    // Register under the lock, start after it: a session that ends at once on another thread runs its
    // destructor, which takes the same lock (forget), in whichever scope drops the last reference.
    std::shared_ptr<SessionBase> session;
    {
      const std::lock_guard lock(sessions_mutex_);
      if (sessions_.size() >= options_.max_connections) {
        report(ConnectionEvent::kOverConnectionLimit);
        beast::error_code ignored;
        socket.close(ignored);
      } else if (tls_) {
        session = std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(std::move(socket), *this, *tls_);
      } else {
        session = std::make_shared<Session<beast::tcp_stream>>(std::move(socket), *this);
      }
      if (session) {
        sessions_.emplace(session.get(), session);
      }
    }
    if (session) {
      session->start();
      session.reset();  // outside the lock: this may be the last reference
    }
  }
  do_accept();
}

void HttpServer::Impl::forget(SessionBase* s) {
  const std::lock_guard lock(sessions_mutex_);
  sessions_.erase(s);
  if (sessions_.empty() && draining_.load()) {
    asio::post(acceptor_.get_executor(), [this] { drain_timer_.cancel(); });
  }
}

void HttpServer::Impl::run() {
  std::vector<std::thread> threads;
  for (int i = 1; i < options_.threads; ++i) {
    threads.emplace_back([this] { ioc_.run(); });
  }
  ioc_.run();
  for (auto& t : threads) {
    t.join();
  }
}

void HttpServer::Impl::stop() {
  // Set at once, so a request finishing from now on answers "Connection: close".
  if (draining_.exchange(true)) {
    return;
  }
  asio::post(acceptor_.get_executor(), [this] {
    beast::error_code ignored;
    acceptor_.close(ignored);
    signals_.cancel(ignored);
    std::vector<std::shared_ptr<SessionBase>> live;
    {
      const std::lock_guard lock(sessions_mutex_);
      for (auto& [ptr, weak] : sessions_) {
        if (auto s = weak.lock()) {
          live.push_back(std::move(s));
        }
      }
    }
    for (auto& s : live) {
      s->drain();
    }
    // In-flight requests get drain_timeout to finish; then everything stops.
    drain_timer_.expires_after(options_.drain_timeout);
    drain_timer_.async_wait([this](beast::error_code ec) {
      if (!ec) {
        ioc_.stop();
      }
    });
    // When the last session ends, nothing but the timer keeps run() going: forget() cancels it then.
    const std::lock_guard lock(sessions_mutex_);
    if (sessions_.empty()) {
      drain_timer_.cancel();
    }
  });
}

void HttpServer::Impl::stop_on_signals() {
  signals_.add(SIGINT);
  signals_.add(SIGTERM);
  signals_.async_wait([this](beast::error_code ec, int signal) {
    if (!ec) {
      log::info("signal " + std::to_string(signal) + ": shutting down gracefully");
      stop();
    }
  });
}

HttpServer::HttpServer(ServerOptions options, Handler handler, EventObserver observer)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), std::move(observer))) {}
HttpServer::~HttpServer() = default;
Result<std::uint16_t> HttpServer::start() { return impl_->start(); }
void HttpServer::run() { impl_->run(); }
void HttpServer::stop() { impl_->stop(); }
void HttpServer::stop_on_signals() { impl_->stop_on_signals(); }

}  // namespace cachepilot::net
