// HTTPS and mTLS on the real server over loopback, with certificates made by the openssl CLI for each run
// (a CA, a server certificate for IP 127.0.0.1, a client certificate), as kube-scheduler's enableHTTPS and
// tlsConfig would use them.
#include <condition_variable>
#include <mutex>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <gtest/gtest.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include "net/http_server.hpp"
#include "tests/net/loopback_client.hpp"
#include "tests/support/certificates.hpp"

namespace cachepilot::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

// Certificates shared by the suite, made once in a fresh temporary directory: a CA, a server certificate for
// IP 127.0.0.1 and a client certificate (CN kube-scheduler). RSA keys, as the setup guides make them.
const testing::CertificateDir& certificates() {
  static const testing::CertificateDir certs(
      ::testing::TempDir() + "/cachepilot-tls-" + std::to_string(::getpid()), testing::KeyType::kRsa2048,
      [](testing::CertificateFactory& factory) -> Status {
        CP_RETURN_IF_ERROR(factory.make_ca("ca", "test-ca"));
        CP_RETURN_IF_ERROR(factory.issue("server", "ca", {"127.0.0.1", {"IP:127.0.0.1"}}));
        CP_RETURN_IF_ERROR(factory.issue("client", "ca", {"kube-scheduler"}));
        return ok_status();
      });
  return certs;
}

class TlsServer {
 public:
  explicit TlsServer(TlsOptions tls)
      : server_(
            options(std::move(tls)),
            [](HttpRequest& req, HttpResponse& res) {
              res.content_type = "text/plain";
              res.body = "secure " + req.target;
            },
            [this](ConnectionEvent e) {
              const std::lock_guard lock(mutex_);
              events_.push_back(e);
              cv_.notify_all();
            }) {
    auto port = server_.start();
    start_error_ = port.ok() ? "" : port.error().message;
    port_ = port.ok() ? *port : 0;
    if (port.ok()) {
      thread_ = std::thread([this] { server_.run(); });
    }
  }
  ~TlsServer() {
    if (thread_.joinable()) {
      server_.stop();
      thread_.join();
    }
  }
  TlsServer(const TlsServer&) = delete;
  TlsServer& operator=(const TlsServer&) = delete;

  [[nodiscard]] std::uint16_t port() const { return port_; }
  [[nodiscard]] const std::string& start_error() const { return start_error_; }
  std::size_t await_handshake_failures(std::size_t want) {
    std::unique_lock lock(mutex_);
    auto count = [&] {
      return static_cast<std::size_t>(std::count(events_.begin(), events_.end(), ConnectionEvent::kTlsHandshakeFailed));
    };
    cv_.wait_for(lock, std::chrono::seconds(10), [&] { return count() >= want; });
    return count();
  }

 private:
  static ServerOptions options(TlsOptions tls) {
    ServerOptions o;
    o.threads = 2;
    o.read_timeout = std::chrono::milliseconds(2000);
    o.tls = std::move(tls);
    return o;
  }
  HttpServer server_;
  std::uint16_t port_ = 0;
  std::string start_error_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<ConnectionEvent> events_;
};

struct HttpsResult {
  bool handshake_ok = false;
  int status = 0;
  std::string body;
};

// A verifying HTTPS client: trusts only the test CA and checks the server certificate names 127.0.0.1.
HttpsResult https_get(std::uint16_t port, const std::string& target, bool with_client_cert) {
  const auto& certs = certificates();
  asio::io_context ioc;
  asio::ssl::context ctx(asio::ssl::context::tls_client);
  ctx.load_verify_file(certs.path("ca.crt"));
  ctx.set_verify_mode(asio::ssl::verify_peer);
  if (with_client_cert) {
    ctx.use_certificate_file(certs.path("client.crt"), asio::ssl::context::pem);
    ctx.use_private_key_file(certs.path("client.key"), asio::ssl::context::pem);
  }
  beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
  X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(stream.native_handle()), "127.0.0.1");
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
  beast::error_code ec;
  beast::get_lowest_layer(stream).connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
  HttpsResult result;
  if (ec) {
    return result;
  }
  stream.handshake(asio::ssl::stream_base::client, ec);
  if (ec) {
    return result;
  }
  http::request<http::string_body> req{http::verb::get, target, 11};
  req.set(http::field::host, "127.0.0.1");
  http::write(stream, req, ec);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res, ec);
  // With TLS 1.3 a rejected client certificate surfaces on the first read rather than in the handshake.
  result.handshake_ok = !ec;
  if (!ec) {
    result.status = static_cast<int>(res.result_int());
    result.body = res.body();
  }
  return result;
}

class Tls : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(certificates().ok()) << certificates().error(); }
  static TlsOptions server_tls(bool mtls) {
    const auto& c = certificates();
    return TlsOptions{c.path("server.crt"), c.path("server.key"), mtls ? c.path("ca.crt") : ""};
  }
};

TEST_F(Tls, ServesHttpsThatAVerifyingClientAccepts) {
  TlsServer server(server_tls(false));
  ASSERT_NE(server.port(), 0) << server.start_error();
  auto res = https_get(server.port(), "/prioritize", false);
  ASSERT_TRUE(res.handshake_ok);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, "secure /prioritize");
}

TEST_F(Tls, RefusesPlainHttpOnTheTlsPortAndCountsIt) {
  TlsServer server(server_tls(false));
  ASSERT_NE(server.port(), 0) << server.start_error();
  testing::LoopbackClient plain(server.port());
  ASSERT_TRUE(plain.send_request("GET", "/healthz"));
  EXPECT_FALSE(plain.read_response().has_value());
  EXPECT_EQ(server.await_handshake_failures(1), 1U);
}

TEST_F(Tls, MutualTlsRequiresAClientCertificateFromTheCa) {
  TlsServer server(server_tls(true));
  ASSERT_NE(server.port(), 0) << server.start_error();
  auto without = https_get(server.port(), "/filter", false);
  EXPECT_FALSE(without.handshake_ok);
  EXPECT_GE(server.await_handshake_failures(1), 1U);
  auto with = https_get(server.port(), "/filter", true);
  ASSERT_TRUE(with.handshake_ok);
  EXPECT_EQ(with.status, 200);
  EXPECT_EQ(with.body, "secure /filter");
}

TEST_F(Tls, AMissingCertificateFileStopsStartUpNamingIt) {
  TlsServer server(TlsOptions{"/nonexistent/server.crt", certificates().path("server.key"), ""});
  EXPECT_EQ(server.port(), 0);
  EXPECT_NE(server.start_error().find("/nonexistent/server.crt"), std::string::npos) << server.start_error();
}

}  // namespace
}  // namespace cachepilot::net
