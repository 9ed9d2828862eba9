// Loopback integration tests of the HTTP client (net/http_client.hpp, implemented on cpprestsdk in
// net/http_client_cpprest.cpp). The peer is our own net::HttpServer wherever it can play the part; where a
// test must see the request headers (the server's handlers never do) or shape a response byte by byte (a
// chunked stream that pauses, stalls, trickles or never ends), the peer is a scripted raw socket. HTTPS
// certificates are made once per run with the openssl CLI. Every wait is bounded; nothing sleeps to
// synchronise (the only sleeps pace a trickling peer, which is the scenario under test).
#include "net/http_client.hpp"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "net/http_server.hpp"
#include "tests/support/certificates.hpp"

namespace cachepilot::net {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using ::testing::HasSubstr;

// The longest any wait in this file blocks before the test fails instead of hanging.
constexpr auto kBound = 10s;
// A peer holding a request gives up after this even if the test never releases it.
constexpr auto kHoldLimit = 30s;

// ---------------------------------------------------------------------------------------------------------
// Synchronisation helpers.

// Counts occurrences and lets another thread wait (bounded) until a count is reached.
class Events {
 public:
  void notify() {
    {
      const std::lock_guard lock(mutex_);
      ++count_;
    }
    cv_.notify_all();
  }
  [[nodiscard]] bool await(int n, Clock::duration bound = kBound) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, bound, [&] { return count_ >= n; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  int count_ = 0;
};

// A peer that must hold a request open blocks in hold() until the test calls release(); arrivals tell the
// test the peer really is holding it. Servers release their gate before stopping, so a failed test cannot hang.
class Gate {
 public:
  void hold() {
    arrivals_.notify();
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, kHoldLimit, [&] { return released_; });
  }
  [[nodiscard]] bool await_arrivals(int n) { return arrivals_.await(n); }
  void release() {
    {
      const std::lock_guard lock(mutex_);
      released_ = true;
    }
    cv_.notify_all();
  }

 private:
  Events arrivals_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool released_ = false;
};

// ---------------------------------------------------------------------------------------------------------
// Certificates, made once per run: a CA; a server certificate for IP 127.0.0.1 and one for another name, both
// from that CA; a client certificate from it; and a second CA with its own client certificate. EC keys: much
// quicker to make than RSA on a busy machine, and as common in clusters.
const testing::CertificateDir& certificates() {
  static const testing::CertificateDir certs(
      ::testing::TempDir() + "/cachepilot-http-client-" + std::to_string(::getpid()), testing::KeyType::kEcP256,
      [](testing::CertificateFactory& factory) -> Status {
        CP_RETURN_IF_ERROR(factory.make_ca("ca"));
        CP_RETURN_IF_ERROR(factory.make_ca("other-ca"));
        CP_RETURN_IF_ERROR(factory.issue("server", "ca", {"", {"IP:127.0.0.1"}}));
        CP_RETURN_IF_ERROR(factory.issue("wrong-name", "ca", {"", {"DNS:elsewhere.example"}}));
        CP_RETURN_IF_ERROR(factory.issue("client", "ca", {}));
        CP_RETURN_IF_ERROR(factory.issue("other-client", "other-ca", {}));
        return ok_status();
      });
  return certs;
}

// ---------------------------------------------------------------------------------------------------------
// Our own server on an ephemeral loopback port, recording what each handler saw.

struct Seen {
  std::string method;
  std::string target;
  std::string content_type;
  std::string body;
};

class TestServer {
 public:
  using Handler = std::function<void(const HttpRequest&, HttpResponse&, Gate&)>;

  explicit TestServer(Handler handler, std::optional<TlsOptions> tls = std::nullopt)
      : handler_(std::move(handler)),
        https_(tls.has_value()),
        server_(
            options(std::move(tls)), [this](HttpRequest& req, HttpResponse& res) { on_request(req, res); },
            [](ConnectionEvent /*event*/) {}) {
    auto port = server_.start();
    EXPECT_TRUE(port.ok()) << (port.ok() ? "" : port.error().message);
    port_ = port.ok() ? *port : 0;
    if (port.ok()) {
      thread_ = std::thread([this] { server_.run(); });
    }
  }
  ~TestServer() {
    gate_.release();
    if (thread_.joinable()) {
      server_.stop();
      thread_.join();
    }
  }
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  [[nodiscard]] std::string url() const {
    return std::string(https_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_);
  }
  Gate& gate() { return gate_; }
  [[nodiscard]] std::vector<Seen> seen() {
    const std::lock_guard lock(mutex_);
    return seen_;
  }

 private:
  static ServerOptions options(std::optional<TlsOptions> tls) {
    ServerOptions o;
    o.threads = 2;
    o.drain_timeout = 2s;
    o.tls = std::move(tls);
    return o;
  }
  void on_request(HttpRequest& req, HttpResponse& res) {
    {
      const std::lock_guard lock(mutex_);
      seen_.push_back(Seen{req.method, req.target, req.content_type, req.body});
    }
    handler_(req, res, gate_);
  }

  Handler handler_;
  bool https_;
  Gate gate_;
  std::mutex mutex_;
  std::vector<Seen> seen_;
  HttpServer server_;
  std::uint16_t port_ = 0;
  std::thread thread_;
};

// ---------------------------------------------------------------------------------------------------------
// A scripted HTTP/1.1 peer on a raw socket, one connection at a time; a script writes whatever bytes it likes
// and the connection is closed after it returns.

class RawServer {
 public:
  struct Request {
    std::string head;  // request line and header lines, CRLF-separated
    std::string body;
    [[nodiscard]] std::string request_line() const { return head.substr(0, head.find("\r\n")); }
    // Every value of the header `name` (case-insensitive), in order.
    [[nodiscard]] std::vector<std::string> header(const std::string& name) const {
      std::vector<std::string> values;
      std::istringstream lines(head);
      std::string line;
      std::getline(lines, line);
      while (std::getline(lines, line)) {
        if (!line.empty() && line.back() == '\r') {
          line.pop_back();
        }
        const auto colon = line.find(':');
        if (colon == std::string::npos || colon != name.size() ||
            ::strncasecmp(line.c_str(), name.c_str(), name.size()) != 0) {
          continue;
        }
        auto value = line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(' '));
        values.push_back(value);
      }
      return values;
    }
  };

  class Connection {
   public:
    explicit Connection(int fd) : fd_(fd) {}
    // False once the peer is gone (or a send stalled past its timeout); error() then says which.
    bool write(std::string_view bytes) {
      std::size_t sent = 0;
      while (sent < bytes.size()) {
        const auto n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) {
          error_ = n < 0 ? errno : EPIPE;
          return false;
        }
        sent += static_cast<std::size_t>(n);
      }
      return true;
    }
    [[nodiscard]] int error() const { return error_; }

   private:
    int fd_;
    int error_ = 0;
  };

  using Script = std::function<void(const Request&, Connection&, Gate&)>;

  explicit RawServer(Script script) : script_(std::move(script)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    const bool ok = ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&  // NOLINT
                    ::listen(listen_fd_, 16) == 0 &&
                    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0;  // NOLINT
    EXPECT_TRUE(ok) << "raw server: " << std::strerror(errno);
    port_ = ok ? ntohs(addr.sin_port) : 0;
    thread_ = std::thread([this] { serve(); });
  }
  ~RawServer() {
    stopping_ = true;
    gate_.release();
    ::shutdown(listen_fd_, SHUT_RDWR);  // wakes accept()
    {
      const std::lock_guard lock(mutex_);
      if (active_fd_ >= 0) {
        ::shutdown(active_fd_, SHUT_RDWR);  // wakes a script blocked writing to a client that stopped reading
      }
    }
    thread_.join();
    ::close(listen_fd_);
  }
  RawServer(const RawServer&) = delete;
  RawServer& operator=(const RawServer&) = delete;

  [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  Gate& gate() { return gate_; }
  [[nodiscard]] std::vector<Request> requests() {
    const std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  void serve() {
    while (true) {
      const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) {
        if (stopping_ || (errno != EINTR && errno != ECONNABORTED)) {
          return;
        }
        continue;
      }
      timeval tv{20, 0};
      ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
      ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
      {
        const std::lock_guard lock(mutex_);
        active_fd_ = fd;
      }
      if (auto request = read_request(fd)) {
        {
          const std::lock_guard lock(mutex_);
          requests_.push_back(*request);
        }
        Connection connection(fd);
        script_(*request, connection, gate_);
      }
      const std::lock_guard lock(mutex_);
      active_fd_ = -1;
      ::shutdown(fd, SHUT_RDWR);
      ::close(fd);
    }
  }

  static std::optional<Request> read_request(int fd) {
    std::string data;
    char buffer[16384];
    auto fill = [&] {
      const auto n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) {
        return false;
      }
      data.append(buffer, static_cast<std::size_t>(n));
      return true;
    };
    std::size_t end = 0;
    while ((end = data.find("\r\n\r\n")) == std::string::npos) {
      if (!fill()) {
        return std::nullopt;
      }
    }
    Request request;
    request.head = data.substr(0, end);
    const auto lengths = request.header("Content-Length");
    const std::size_t length = lengths.empty() ? 0 : std::stoul(lengths.front());
    while (data.size() < end + 4 + length) {
      if (!fill()) {
        return std::nullopt;
      }
    }
    request.body = data.substr(end + 4, length);
    return request;
  }

  Script script_;
  Gate gate_;
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
  std::mutex mutex_;
  int active_fd_ = -1;
  std::vector<Request> requests_;
};

std::string full_response(unsigned status, const std::string& content_type, const std::string& body) {
  return "HTTP/1.1 " + std::to_string(status) + " Scripted\r\nContent-Type: " + content_type +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}
std::string chunked_head(unsigned status = 200) {
  return "HTTP/1.1 " + std::to_string(status) +
         " Scripted\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
}
std::string chunk(const std::string& data) {
  std::ostringstream out;
  out << std::hex << data.size() << "\r\n" << data << "\r\n";
  return out.str();
}
constexpr std::string_view kLastChunk = "0\r\n\r\n";

// A loopback port with nothing listening: bound (so no one else takes it meanwhile) but not listening.
class ClosedPort {
 public:
  ClosedPort() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);  // NOLINT
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);  // NOLINT
    port_ = ntohs(addr.sin_port);
  }
  ~ClosedPort() { ::close(fd_); }
  ClosedPort(const ClosedPort&) = delete;
  ClosedPort& operator=(const ClosedPort&) = delete;
  [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

// ---------------------------------------------------------------------------------------------------------
// Client helpers.

ClientOptions options_for(const std::string& url, std::chrono::milliseconds timeout = 5s) {
  ClientOptions options;
  options.base_url = url;
  options.timeout = timeout;
  return options;
}

std::unique_ptr<HttpClient> client_for(ClientOptions options) {
  auto client = make_http_client(std::move(options));
  EXPECT_TRUE(client.ok()) << (client.ok() ? "" : client.error().message);
  return client.ok() ? std::move(client).value() : nullptr;
}

ClientRequest get(const std::string& path_and_query) {
  ClientRequest request;
  request.path_and_query = path_and_query;
  return request;
}

std::string describe(const Result<ClientResponse>& result) {
  if (result.ok()) {
    return "status " + std::to_string(result->status) + " body of " + std::to_string(result->body.size()) + " bytes";
  }
  return std::string("error ") + to_string(result.error().code) + ": " + result.error().message;
}

struct StreamOutcome {
  Result<ClientResponse> result = make_error(ErrorCode::kInternal, "not run");
  std::vector<std::string> lines;
  Clock::duration took{};
};

// Runs stream_lines, collecting the lines; on_line returns false after `stop_after` lines, and each line is
// also announced on `line_events` for tests that act mid-stream.
StreamOutcome stream(HttpClient& client, const ClientRequest& request, const Cancellation& cancel = Cancellation(),
                     std::size_t stop_after = SIZE_MAX, Events* line_events = nullptr) {
  StreamOutcome out;
  const auto start = Clock::now();
  out.result = client.stream_lines(
      request,
      [&](std::string_view line) {
        out.lines.emplace_back(line);
        if (line_events != nullptr) {
          line_events->notify();
        }
        return out.lines.size() < stop_after;
      },
      cancel);
  out.took = Clock::now() - start;
  return out;
}

std::string join_lines(const std::vector<std::string>& lines, bool trailing_newline) {
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    out += lines[i];
    if (i + 1 < lines.size() || trailing_newline) {
      out += '\n';
    }
  }
  return out;
}

std::vector<std::string> numbered_lines(int n) {
  std::vector<std::string> lines;
  for (int i = 0; i < n; ++i) {
    lines.push_back(R"({"type":"ADDED","object":{"n":)" + std::to_string(i) + "}}");
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------------------
// make_http_client

TEST(MakeHttpClient, RefusesAUrlWithoutHttpOrHttpsScheme) {
  for (const std::string url : {"", "127.0.0.1:6443", "localhost", "ftp://127.0.0.1:21", "//127.0.0.1:80",
                                " https://127.0.0.1", "unix:///var/run/k8s.sock", "https//127.0.0.1"}) {
    auto client = make_http_client(options_for(url));
    ASSERT_FALSE(client.ok()) << "'" << url << "'";
    EXPECT_EQ(client.error().code, ErrorCode::kInvalidArgument) << "'" << url << "'";
  }
}

TEST(MakeHttpClient, AcceptsHttpAndHttpsUrlsWithoutConnecting) {
  for (const std::string url :
       {"http://127.0.0.1:1", "https://127.0.0.1:1", "https://kubernetes.default.svc:443", "http://localhost"}) {
    auto client = make_http_client(options_for(url));
    EXPECT_TRUE(client.ok()) << url << ": " << (client.ok() ? "" : client.error().message);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Unary round trips against net::HttpServer

struct RoundTripCase {
  std::string name;
  std::string method;
  std::string path_and_query;
  std::string body;
  std::string content_type;       // as the request sets it
  std::string want_content_type;  // as the server receives it
};

TEST(HttpClientRoundTrip, MethodTargetBodyAndContentTypeReachTheServerAndTheAnswerComesBack) {
  const std::vector<RoundTripCase> cases = {
      {"get with a query", "GET", "/api/v1/nodes?limit=500&labelSelector=app%3Dweb%2Ctier%21%3Dfront", "", "", ""},
      {"get the root", "GET", "/", "", "", ""},
      {"watch query", "GET", "/api/v1/pods?watch=1&allowWatchBookmarks=true&resourceVersion=12345", "", "", ""},
      {"field selector", "GET", "/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-1", "", "", ""},
      {"post json, default type", "POST", "/filter", R"({"Pod":{"metadata":{"name":"p"}}})", "", "application/json"},
      {"post with a type", "POST", "/api/v1/namespaces/ns/pods", R"({"kind":"Pod"})", "application/json",
       "application/json"},
      {"post with an empty body", "POST", "/prioritize", "", "", "application/json"},
      {"put", "PUT", "/apis/data.fluid.io/v1alpha1/namespaces/ai/datasets/llama", R"({"spec":{}})", "application/json",
       "application/json"},
      {"patch merge", "PATCH", "/apis/data.fluid.io/v1alpha1/namespaces/ai/alluxioruntimes/llama/scale",
       R"({"spec":{"replicas":3}})", "application/merge-patch+json", "application/merge-patch+json"},
      {"delete with a query", "DELETE", "/api/v1/namespaces/ns/pods/p?gracePeriodSeconds=0", "", "", ""},
      {"utf-8 body", "POST", "/query", "query=sum(rate(x[5m]))&note=na\xc3\xafve \xe2\x9c\x93",
       "application/x-www-form-urlencoded", "application/x-www-form-urlencoded"},
  };
  TestServer server([](const HttpRequest& req, HttpResponse& res, Gate& /*gate*/) {
    res.status = 200;
    res.content_type = "text/plain; charset=utf-8";
    res.body = req.method + " " + req.target + "\n" + req.body;
  });
  auto client = client_for(options_for(server.url()));
  ASSERT_NE(client, nullptr);
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto& c = cases[i];
    SCOPED_TRACE(c.name);
    ClientRequest request;
    request.method = c.method;
    request.path_and_query = c.path_and_query;
    request.body = c.body;
    request.content_type = c.content_type;
    auto response = client->send(request);  // one client throughout: also exercises connection reuse
    ASSERT_TRUE(response.ok()) << describe(response);
    EXPECT_EQ(response->status, 200U);
    EXPECT_EQ(response->content_type, "text/plain; charset=utf-8");
    EXPECT_EQ(response->body, c.method + " " + c.path_and_query + "\n" + c.body);
    const auto seen = server.seen();
    ASSERT_EQ(seen.size(), i + 1);
    EXPECT_EQ(seen.back().method, c.method);
    EXPECT_EQ(seen.back().target, c.path_and_query);
    EXPECT_EQ(seen.back().body, c.body);
    EXPECT_EQ(seen.back().content_type, c.want_content_type);
  }
}

struct StatusCase {
  unsigned status;
  std::string content_type;
  std::string body;
};

// A server answering every request with the case set last: the table's cases share one server and one client.
class StatusCaseServer {
 public:
  StatusCaseServer()
      : server_([this](const HttpRequest& /*req*/, HttpResponse& res, Gate& /*gate*/) {
          const std::lock_guard lock(mutex_);
          res.status = current_.status;
          res.content_type = current_.content_type;
          res.body = current_.body;
        }) {}
  void answer(const StatusCase& c) {
    const std::lock_guard lock(mutex_);
    current_ = c;
  }
  [[nodiscard]] std::string url() const { return server_.url(); }

 private:
  std::mutex mutex_;
  StatusCase current_{};
  TestServer server_;  // declared last, so stopped first: its thread reads the case until then
};

TEST(HttpClientRoundTrip, NonSuccessStatusesAreResponsesNotErrors) {
  const std::vector<StatusCase> cases = {
      {404, "application/json", R"({"kind":"Status","reason":"NotFound","code":404})"},
      {500, "text/plain", "internal error"},
      {410, "application/json", R"({"kind":"Status","reason":"Expired","code":410})"},
      {403, "application/json", R"({"kind":"Status","reason":"Forbidden","code":403})"},
      {429, "text/plain", "slow down"},
      {503, "text/plain", ""},
      {204, "text/plain", ""},
  };
  StatusCaseServer server;
  auto client = client_for(options_for(server.url()));
  ASSERT_NE(client, nullptr);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.status);
    server.answer(c);
    auto response = client->send(get("/api/v1/namespaces/ns/pods/missing"));
    ASSERT_TRUE(response.ok()) << describe(response);
    EXPECT_EQ(response->status, c.status);
    EXPECT_EQ(response->body, c.body);
    EXPECT_EQ(response->content_type, c.content_type);
  }
}

TEST(HttpClientRoundTrip, ManyThreadsShareOneClient) {
  TestServer server([](const HttpRequest& req, HttpResponse& res, Gate& /*gate*/) { res.body = req.target; });
  auto client = client_for(options_for(server.url()));
  ASSERT_NE(client, nullptr);
  constexpr int kThreads = 4;
  constexpr int kEach = 25;
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const auto target = "/t" + std::to_string(t) + "/" + std::to_string(i);
        auto response = client->send(get(target));
        if (response.ok() && response->status == 200 && response->body == target) {
          ++good;
        }
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(good.load(), kThreads * kEach);
}

// ---------------------------------------------------------------------------------------------------------
// Headers, seen by the raw peer (net::HttpServer's handlers do not see headers).

struct HeaderCase {
  std::string name;
  std::string bearer_token;
  std::optional<std::string> user_agent;  // nullopt: the default
  std::vector<std::string> want_authorization;
  std::string want_user_agent;
};

TEST(HttpClientHeaders, AuthorizationOnlyWhenATokenIsSetAndTheUserAgentOnEveryRequest) {
  const std::vector<HeaderCase> cases = {
      {"no token, default agent", "", std::nullopt, {}, "cachepilot"},
      {"token, own agent",
       "eyJhbGciOiJSUzI1NiJ9.payload.sig",
       "cachepilot-test/1.0",
       {"Bearer eyJhbGciOiJSUzI1NiJ9.payload.sig"},
       "cachepilot-test/1.0"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    RawServer server([](const RawServer::Request& /*req*/, RawServer::Connection& conn, Gate& /*gate*/) {
      conn.write(full_response(200, "application/json", "{}\n"));
    });
    auto options = options_for(server.url());
    options.bearer_token = c.bearer_token;
    if (c.user_agent) {
      options.user_agent = *c.user_agent;
    }
    auto client = client_for(options);
    ASSERT_NE(client, nullptr);
    auto request = get("/api/v1/nodes?limit=1");
    request.headers = {{"X-Request-Id", "r-1"}};
    auto unary = client->send(request);
    ASSERT_TRUE(unary.ok()) << describe(unary);
    auto streamed = stream(*client, request);
    ASSERT_TRUE(streamed.result.ok()) << describe(streamed.result);
    EXPECT_EQ(streamed.lines, std::vector<std::string>{"{}"});

    const auto requests = server.requests();
    ASSERT_EQ(requests.size(), 2U);
    for (const auto& seen : requests) {
      SCOPED_TRACE(seen.head);
      EXPECT_EQ(seen.request_line(), "GET /api/v1/nodes?limit=1 HTTP/1.1");
      EXPECT_EQ(seen.header("Authorization"), c.want_authorization);
      EXPECT_EQ(seen.header("User-Agent"), std::vector<std::string>{c.want_user_agent});
      EXPECT_EQ(seen.header("X-Request-Id"), std::vector<std::string>{"r-1"});
      EXPECT_EQ(seen.header("Host").size(), 1U);
    }
  }
}

// A rotating token file (in-cluster service-account tokens): with a refresh period of 0 every request re-reads
// it, so the test sees each rotation at once; a file that cannot be read keeps the last good token.
TEST(HttpClientHeaders, ATokenFileIsReReadAsItRotates) {
  const auto dir = ::testing::TempDir() + "/cachepilot-token-file-" + std::to_string(::getpid());
  std::filesystem::create_directories(dir);
  const auto file = dir + "/token";
  auto write_token = [&](const std::string& token) {
    std::ofstream(dir + "/token.next", std::ios::trunc) << token << "\n";
    std::filesystem::rename(dir + "/token.next", file);  // atomically, as the kubelet swaps it
  };
  write_token("first");
  RawServer server([](const RawServer::Request& /*req*/, RawServer::Connection& conn, Gate& /*gate*/) {
    conn.write(full_response(200, "application/json", "{}\n"));
  });
  auto options = options_for(server.url());
  options.bearer_token = "from-start";  // replaced by the file's token from the first request on
  options.bearer_token_file = file;
  options.bearer_token_refresh = 0ms;
  auto client = client_for(options);
  ASSERT_NE(client, nullptr);

  ASSERT_TRUE(client->send(get("/a")).ok());
  write_token("second");
  ASSERT_TRUE(stream(*client, get("/b")).result.ok());  // streams use the same token source
  std::filesystem::remove(file);                        // rotation in progress, or the volume is gone
  ASSERT_TRUE(client->send(get("/c")).ok());
  write_token("third");
  ASSERT_TRUE(client->send(get("/d")).ok());

  std::vector<std::vector<std::string>> seen;
  for (const auto& request : server.requests()) {
    seen.push_back(request.header("Authorization"));
  }
  using Headers = std::vector<std::string>;
  EXPECT_EQ(seen, (std::vector<Headers>{{"Bearer first"}, {"Bearer second"}, {"Bearer second"}, {"Bearer third"}}));
  std::filesystem::remove_all(dir);
}

// ---------------------------------------------------------------------------------------------------------
// Response size bound

struct SizeCase {
  std::string name;
  std::size_t body_bytes;
  bool want_ok;
};

TEST(HttpClientLimits, ABodyOverMaxResponseBytesIsTooLarge) {
  constexpr std::size_t kLimit = 64 * 1024;
  const std::vector<SizeCase> cases = {
      {"exactly the limit", kLimit, true},
      {"one byte over", kLimit + 1, false},
      {"a megabyte", 1024 * 1024, false},
  };
  std::atomic<std::size_t> body_bytes{0};
  TestServer server(
      [&](const HttpRequest& /*req*/, HttpResponse& res, Gate& /*gate*/) { res.body.assign(body_bytes.load(), 'x'); });
  auto options = options_for(server.url());
  options.max_response_bytes = kLimit;
  auto client = client_for(options);
  ASSERT_NE(client, nullptr);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    body_bytes = c.body_bytes;
    auto response = client->send(get("/api/v1/nodes"));
    if (c.want_ok) {
      ASSERT_TRUE(response.ok()) << describe(response);
      EXPECT_EQ(response->body.size(), c.body_bytes);
    } else {
      ASSERT_FALSE(response.ok()) << describe(response);
      EXPECT_EQ(response.error().code, ErrorCode::kTooLarge) << describe(response);
    }
  }
  // The client stays usable after refusing a body.
  body_bytes = 10;
  auto after = client->send(get("/after"));
  ASSERT_TRUE(after.ok()) << describe(after);
  EXPECT_EQ(after->body, std::string(10, 'x'));
}

// A chunked body announces no length: the bound must hold while reading, and the client must stop the
// download (close the connection) rather than keep buffering a body it has already refused.
TEST(HttpClientLimits, AnEndlessChunkedBodyIsTooLargeAndTheDownloadStops) {
  constexpr std::size_t kLimit = 256 * 1024;
  constexpr std::size_t kCap = 64UL * 1024 * 1024;  // the peer gives up here: a client still reading failed
  for (const bool streaming : {false, true}) {
    SCOPED_TRACE(streaming ? "stream_lines" : "send");
    std::atomic<std::size_t> written{0};
    std::atomic<int> write_error{0};
    Events done;
    RawServer server([&](const RawServer::Request& /*req*/, RawServer::Connection& conn, Gate& /*gate*/) {
      const std::string piece = chunk(std::string(1023, 'x') + "\n");
      std::size_t total = 0;
      if (conn.write(chunked_head())) {
        while (total < kCap && conn.write(piece)) {
          total += piece.size();
        }
      }
      written = total;
      write_error = conn.error();
      done.notify();
    });
    auto options = options_for(server.url());
    options.max_response_bytes = kLimit;
    auto client = client_for(options);
    ASSERT_NE(client, nullptr);
    auto result = streaming ? stream(*client, get("/api/v1/pods?watch=1")).result : client->send(get("/metrics"));
    ASSERT_FALSE(result.ok()) << describe(result);
    EXPECT_EQ(result.error().code, ErrorCode::kTooLarge) << describe(result);
    ASSERT_TRUE(done.await(1)) << "the peer is still writing: the client kept downloading a refused body";
    EXPECT_LT(written.load(), kCap) << "the client read the whole endless body";
    EXPECT_TRUE(write_error.load() == EPIPE || write_error.load() == ECONNRESET)
        << "the peer's writes ended with errno " << write_error.load() << ", not a closed connection";
  }
}

// ---------------------------------------------------------------------------------------------------------
// Timeouts and refused connections

TEST(HttpClientTimeouts, AServerHoldingTheRequestPastTheTimeoutIsUnavailable) {
  constexpr auto kTimeout = 300ms;
  for (const bool streaming : {false, true}) {
    SCOPED_TRACE(streaming ? "stream_lines" : "send");
    TestServer server([](const HttpRequest& /*req*/, HttpResponse& res, Gate& gate) {
      gate.hold();
      res.body = "too late\n";
    });
    auto client = client_for(options_for(server.url(), kTimeout));
    ASSERT_NE(client, nullptr);
    const auto start = Clock::now();
    auto result = streaming ? stream(*client, get("/api/v1/pods?watch=1")).result : client->send(get("/slow"));
    const auto took = Clock::now() - start;
    ASSERT_FALSE(result.ok()) << describe(result);
    EXPECT_EQ(result.error().code, ErrorCode::kUnavailable) << describe(result);
    EXPECT_TRUE(server.gate().await_arrivals(1)) << "the request never reached the handler";
    EXPECT_GE(took, kTimeout);
    EXPECT_LT(took, 10 * kTimeout) << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms";
    server.gate().release();
  }
}

// The unary timeout runs from connect to the last byte: a peer that keeps trickling bytes must not keep a
// call alive past it.
TEST(HttpClientTimeouts, AUnaryCallIsCutOffAtTheTimeoutEvenWhileBytesKeepArriving) {
  constexpr auto kTimeout = 500ms;
  Events done;
  std::atomic<int> write_error{0};
  RawServer server([&](const RawServer::Request& /*req*/, RawServer::Connection& conn, Gate& /*gate*/) {
    const auto start = Clock::now();
    // Chunked, one small chunk at a time: each is a completed read for the client, so a timeout that restarts
    // on every read would never fire.
    if (conn.write(chunked_head())) {
      while (Clock::now() - start < 10 * kTimeout && conn.write(chunk("x"))) {
        std::this_thread::sleep_for(50ms);  // pacing: the trickle under test
      }
    }
    write_error = conn.error();
    done.notify();
  });
  auto client = client_for(options_for(server.url(), kTimeout));
  ASSERT_NE(client, nullptr);
  const auto start = Clock::now();
  auto result = client->send(get("/api/v1/nodes"));
  const auto took = Clock::now() - start;
  ASSERT_FALSE(result.ok()) << describe(result);
  EXPECT_EQ(result.error().code, ErrorCode::kUnavailable) << describe(result);
  EXPECT_GE(took, kTimeout);
  EXPECT_LT(took, 4 * kTimeout) << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms";
  ASSERT_TRUE(done.await(1));
  EXPECT_NE(write_error.load(), 0) << "the peer trickled to its end: the client never hung up";
}

// For streams the timeout is the longest silence: a watch that keeps talking outlives it many times over,
// and one that falls silent mid-body is cut off.
TEST(HttpClientTimeouts, AStreamLivesPastTheTimeoutWhileLinesArriveAndEndsWhenItFallsSilent) {
  constexpr auto kTimeout = 600ms;
  constexpr int kLines = 16;  // one each 100 ms: 1.6 s in all
  RawServer talking([&](const RawServer::Request& /*req*/, RawServer::Connection& conn, Gate& /*gate*/) {
    if (!conn.write(chunked_head())) {
      return;
    }
    for (int i = 0; i < kLines; ++i) {
      std::this_thread::sleep_for(100ms);  // pacing: a watch that keeps talking
      if (!conn.write(chunk("event-" + std::to_string(i) + "\n"))) {
        return;
      }
    }
    conn.write(kLastChunk);
  });
  auto client = client_for(options_for(talking.url(), kTimeout));
  ASSERT_NE(client, nullptr);
  auto outcome = stream(*client, get("/api/v1/pods?watch=1"));
  ASSERT_TRUE(outcome.result.ok()) << describe(outcome.result);
  EXPECT_EQ(outcome.result->status, 200U);
  EXPECT_EQ(outcome.lines.size(), static_cast<std::size_t>(kLines));
  EXPECT_GT(outcome.took, 2 * kTimeout) << "the peer was quicker than planned: the test proves nothing";

  RawServer silent([&](const RawServer::Request& /*req*/, RawServer::Connection& conn, Gate& gate) {
    if (conn.write(chunked_head()) && conn.write(chunk("a\nb\n"))) {
      gate.hold();
    }
  });
  auto quiet_client = client_for(options_for(silent.url(), kTimeout));
  ASSERT_NE(quiet_client, nullptr);
  auto quiet = stream(*quiet_client, get("/api/v1/pods?watch=1"));
  ASSERT_FALSE(quiet.result.ok()) << describe(quiet.result);
  EXPECT_EQ(quiet.result.error().code, ErrorCode::kUnavailable) << describe(quiet.result);
  EXPECT_EQ(quiet.lines, (std::vector<std::string>{"a", "b"}));
  EXPECT_GE(quiet.took, kTimeout);
  EXPECT_LT(quiet.took, 8 * kTimeout);
}

TEST(HttpClientTimeouts, ARefusedConnectionIsUnavailableAtOnce) {
  ClosedPort closed;
  auto client = client_for(options_for(closed.url(), 30s));
  ASSERT_NE(client, nullptr);
  for (const bool streaming : {false, true}) {
    SCOPED_TRACE(streaming ? "stream_lines" : "send");
    const auto start = Clock::now();
    auto result = streaming ? stream(*client, get("/api/v1/pods?watch=1")).result : client->send(get("/healthz"));
    const auto took = Clock::now() - start;
    ASSERT_FALSE(result.ok()) << describe(result);
    EXPECT_EQ(result.error().code, ErrorCode::kUnavailable) << describe(result);
    EXPECT_LT(took, kBound) << "a refusal should not wait for the timeout";
  }
}

// ---------------------------------------------------------------------------------------------------------
// stream_lines

struct LinesCase {
  std::string name;
  std::string body;
  std::vector<std::string> want;
};

TEST(HttpClientStream, CallsOnLineForEachLineInOrder) {
  const std::string long_line = [] {
    std::string s;
    while (s.size() < 70 * 1024) {
      s += R"({"k":")" + std::to_string(s.size()) + R"("},)";
    }
    return s;
  }();
  auto many = numbered_lines(2000);
  many.insert(many.begin() + 500, "");
  many.insert(many.begin() + 1000, long_line);
  many.emplace_back("last line without a newline");
  const std::vector<LinesCase> cases = {
      {"plain", "a\nb\nc\n", {"a", "b", "c"}},
      {"no trailing newline: the last line still counts", "a\nb", {"a", "b"}},
      {"empty lines are lines", "a\n\nb\n\n", {"a", "", "b", ""}},
      {"a lone newline", "\n", {""}},
      {"empty body", "", {}},
      {"crlf endings lose the cr", "a\r\nb\r\n", {"a", "b"}},
      {"a cr inside a line stays", "a\rb\n", {"a\rb"}},
      {"a line over 64 KiB", long_line + "\nz\n", {long_line, "z"}},
      {"many lines with an empty one, a long one and an unterminated last one", join_lines(many, false), many},
  };
  std::mutex mutex;
  std::string body;
  TestServer server([&](const HttpRequest& /*req*/, HttpResponse& res, Gate& /*gate*/) {
    const std::lock_guard lock(mutex);
    res.body = body;
  });
  auto client = client_for(options_for(server.url()));
  ASSERT_NE(client, nullptr);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    {
      const std::lock_guard lock(mutex);
      body = c.body;
    }
    auto outcome = stream(*client, get("/api/v1/pods?watch=1"));
    ASSERT_TRUE(outcome.result.ok()) << describe(outcome.result);
    EXPECT_EQ(outcome.result->status, 200U);
    EXPECT_TRUE(outcome.result->body.empty());
    ASSERT_EQ(outcome.lines.size(), c.want.size());
    for (std::size_t i = 0; i < c.want.size(); ++i) {
      ASSERT_EQ(outcome.lines[i], c.want[i]) << "line " << i;
    }
  }
}

// The same over a chunked body whose chunks split lines anywhere, as a watch's do.
TEST(HttpClientStream, LinesSplitAcrossChunksArriveWhole) {
  const auto lines = numbered_lines(50);
  const auto body = join_lines(lines, false);
  RawServer server([&](const RawServer::Request& /*req*/, RawServer::Connection& conn, Gate& /*gate*/) {
    conn.write(chunked_head());
    for (std::size_t at = 0, size = 1; at < body.size(); at += size, size = size % 37 + 1) {
      if (!conn.write(chunk(body.substr(at, size)))) {
        return;
      }
    }
    conn.write(kLastChunk);
  });
  auto client = client_for(options_for(server.url()));
  ASSERT_NE(client, nullptr);
  auto outcome = stream(*client, get("/api/v1/pods?watch=1"));
  ASSERT_TRUE(outcome.result.ok()) << describe(outcome.result);
  EXPECT_EQ(outcome.lines, lines);
}

TEST(HttpClientStream, AStreamCutOffMidLineIsAnErrorAndTheBrokenLineIsNotDelivered) {
  RawServer server([&](const RawServer::Request& /*req*/, RawServer::Connection& conn, Gate& /*gate*/) {
    conn.write(chunked_head());
    conn.write(chunk("whole\nhal"));  // then the connection closes without the last chunk
  });
  auto client = client_for(options_for(server.url()));
  ASSERT_NE(client, nullptr);
  auto outcome = stream(*client, get("/api/v1/pods?watch=1"));
  ASSERT_FALSE(outcome.result.ok()) << describe(outcome.result);
  EXPECT_EQ(outcome.result.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(outcome.lines, std::vector<std::string>{"whole"});
}

TEST(HttpClientStream, OnLineReturningFalseStopsTheStream) {
  const auto lines = numbered_lines(100);
  TestServer server(
      [&](const HttpRequest& /*req*/, HttpResponse& res, Gate& /*gate*/) { res.body = join_lines(lines, true); });
  auto client = client_for(options_for(server.url()));
  ASSERT_NE(client, nullptr);
  auto outcome = stream(*client, get("/api/v1/pods?watch=1"), Cancellation(), 3);
  ASSERT_FALSE(outcome.result.ok()) << describe(outcome.result);
  EXPECT_EQ(outcome.result.error().code, ErrorCode::kUnavailable);
  EXPECT_THAT(outcome.result.error().message, HasSubstr("cancelled"));
  EXPECT_EQ(outcome.lines, std::vector<std::string>(lines.begin(), lines.begin() + 3));
  // The client stays usable.
  auto after = client->send(get("/after"));
  ASSERT_TRUE(after.ok()) << describe(after);
  EXPECT_EQ(after->status, 200U);
}

TEST(HttpClientStream, CancelFromAnotherThreadWhileTheServerHoldsTheRequestReturnsPromptly) {
  TestServer server([](const HttpRequest& /*req*/, HttpResponse& res, Gate& gate) {
    gate.hold();
    res.body = "too late\n";
  });
  auto client = client_for(options_for(server.url(), 20s));  // far beyond the bounds below: the cancel must act
  ASSERT_NE(client, nullptr);
  Cancellation cancel;
  auto future = std::async(std::launch::async, [&] { return stream(*client, get("/api/v1/pods?watch=1"), cancel); });
  ASSERT_TRUE(server.gate().await_arrivals(1)) << "the request never reached the handler";
  const auto cancelled_at = Clock::now();
  cancel.cancel();
  ASSERT_EQ(future.wait_for(kBound), std::future_status::ready);
  const auto outcome = future.get();
  EXPECT_LT(Clock::now() - cancelled_at, 2s);
  ASSERT_FALSE(outcome.result.ok()) << describe(outcome.result);
  EXPECT_EQ(outcome.result.error().code, ErrorCode::kUnavailable);
  EXPECT_THAT(outcome.result.error().message, HasSubstr("cancelled"));
  EXPECT_TRUE(outcome.lines.empty());
}

TEST(HttpClientStream, CancelMidBodyWhileThePeerIsSilentReturnsPromptlyAndTheClientStaysUsable) {
  RawServer server([](const RawServer::Request& /*req*/, RawServer::Connection& conn, Gate& gate) {
    if (conn.write(chunked_head()) && conn.write(chunk("a\nb\n"))) {
      gate.hold();
      if (conn.write(chunk("c\n"))) {
        conn.write(kLastChunk);
      }
    }
  });
  auto client = client_for(options_for(server.url(), 20s));
  ASSERT_NE(client, nullptr);
  Cancellation cancel;
  Events lines;
  auto future = std::async(std::launch::async,
                           [&] { return stream(*client, get("/api/v1/pods?watch=1"), cancel, SIZE_MAX, &lines); });
  ASSERT_TRUE(lines.await(2));
  ASSERT_TRUE(server.gate().await_arrivals(1));
  const auto cancelled_at = Clock::now();
  cancel.cancel();
  ASSERT_EQ(future.wait_for(kBound), std::future_status::ready);
  const auto outcome = future.get();
  EXPECT_LT(Clock::now() - cancelled_at, 2s);
  ASSERT_FALSE(outcome.result.ok()) << describe(outcome.result);
  EXPECT_EQ(outcome.result.error().code, ErrorCode::kUnavailable);
  EXPECT_THAT(outcome.result.error().message, HasSubstr("cancelled"));
  EXPECT_EQ(outcome.lines, (std::vector<std::string>{"a", "b"}));

  server.gate().release();
  auto again = stream(*client, get("/api/v1/pods?watch=1"));
  ASSERT_TRUE(again.result.ok()) << describe(again.result);
  EXPECT_EQ(again.lines, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(HttpClientStream, AnAlreadyCancelledCallReturnsAtOnce) {
  TestServer server([](const HttpRequest& /*req*/, HttpResponse& res, Gate& /*gate*/) { res.body = "x\n"; });
  auto client = client_for(options_for(server.url()));
  ASSERT_NE(client, nullptr);
  Cancellation cancel;
  cancel.cancel();
  auto outcome = stream(*client, get("/api/v1/pods?watch=1"), cancel);
  ASSERT_FALSE(outcome.result.ok()) << describe(outcome.result);
  EXPECT_EQ(outcome.result.error().code, ErrorCode::kUnavailable);
  EXPECT_TRUE(outcome.lines.empty());
}

TEST(HttpClientStream, ANonSuccessAnswerReturnsItsStatusAndBodyWithoutLines) {
  const std::vector<StatusCase> cases = {
      {410, "application/json", "{\"kind\":\"Status\",\"code\":410}\n{\"second\":\"line\"}\n"},
      {404, "application/json", R"({"kind":"Status","code":404})"},
      {500, "text/plain", "boom\n"},
      {403, "application/json", ""},
  };
  StatusCaseServer server;
  auto client = client_for(options_for(server.url()));
  ASSERT_NE(client, nullptr);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.status);
    server.answer(c);
    auto outcome = stream(*client, get("/api/v1/pods?watch=1"));
    ASSERT_TRUE(outcome.result.ok()) << describe(outcome.result);
    EXPECT_EQ(outcome.result->status, c.status);
    EXPECT_EQ(outcome.result->body, c.body);
    EXPECT_EQ(outcome.result->content_type, c.content_type);
    EXPECT_TRUE(outcome.lines.empty());
  }
}

TEST(HttpClientStream, StreamsObeyMaxResponseBytes) {
  constexpr std::size_t kLimit = 4096;
  std::atomic<unsigned> status{200};
  TestServer server([&](const HttpRequest& /*req*/, HttpResponse& res, Gate& /*gate*/) {
    res.status = status.load();
    res.body = join_lines(numbered_lines(1000), true);  // ~35 KB
  });
  auto options = options_for(server.url());
  options.max_response_bytes = kLimit;
  auto client = client_for(options);
  ASSERT_NE(client, nullptr);
  for (const unsigned s : {200U, 500U}) {
    SCOPED_TRACE(s);
    status = s;
    auto outcome = stream(*client, get("/api/v1/pods?watch=1"));
    ASSERT_FALSE(outcome.result.ok()) << describe(outcome.result);
    EXPECT_EQ(outcome.result.error().code, ErrorCode::kTooLarge);
    if (s != 200U) {
      EXPECT_TRUE(outcome.lines.empty());
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// HTTPS and mutual TLS against net::HttpServer

struct TlsCase {
  std::string name;
  std::string server_cert;  // "server" (IP 127.0.0.1) or "wrong-name"
  bool server_requires_client_cert;
  std::string ca;  // file stem of the CA the client trusts; empty: the system store
  bool insecure_skip_verify;
  std::string client_cert;  // file stem; empty: none
  bool want_ok;
};

TEST(HttpClientTls, VerifiesTheServerAgainstTheGivenCaAndPresentsClientCertificates) {
  ASSERT_TRUE(certificates().ok()) << certificates().error();
  const std::vector<TlsCase> cases = {
      {"trusting the test CA", "server", false, "ca", false, "", true},
      {"the system store only", "server", false, "", false, "", false},
      {"trusting a different CA", "server", false, "other-ca", false, "", false},
      {"a certificate for another name", "wrong-name", false, "ca", false, "", false},
      {"insecure, no CA", "server", false, "", true, "", true},
      {"insecure, a different CA", "server", false, "other-ca", true, "", true},
      {"insecure, another name", "wrong-name", false, "", true, "", true},
      {"mTLS with a client certificate", "server", true, "ca", false, "client", true},
      {"mTLS without a client certificate", "server", true, "ca", false, "", false},
      {"mTLS with a client certificate from another CA", "server", true, "ca", false, "other-client", false},
  };
  const auto& certs = certificates();
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    TestServer server(
        [](const HttpRequest& req, HttpResponse& res, Gate& /*gate*/) { res.body = "secure " + req.target; },
        TlsOptions{certs.path(c.server_cert + ".crt"), certs.path(c.server_cert + ".key"),
                   c.server_requires_client_cert ? certs.path("ca.crt") : ""});
    auto options = options_for(server.url(), 30s);
    options.tls.ca_pem = c.ca.empty() ? "" : certs.pem(c.ca + ".crt");
    options.tls.insecure_skip_verify = c.insecure_skip_verify;
    if (!c.client_cert.empty()) {
      options.tls.client_cert_pem = certs.pem(c.client_cert + ".crt");
      options.tls.client_key_pem = certs.pem(c.client_cert + ".key");
    }
    auto client = client_for(options);
    ASSERT_NE(client, nullptr);
    const auto start = Clock::now();
    auto response = client->send(get("/api/v1/nodes"));
    auto streamed = stream(*client, get("/api/v1/pods?watch=1"));
    EXPECT_LT(Clock::now() - start, kBound) << "a TLS failure should not wait for the timeout";
    if (c.want_ok) {
      ASSERT_TRUE(response.ok()) << describe(response);
      EXPECT_EQ(response->status, 200U);
      EXPECT_EQ(response->body, "secure /api/v1/nodes");
      ASSERT_TRUE(streamed.result.ok()) << describe(streamed.result);
      EXPECT_EQ(streamed.lines, std::vector<std::string>{"secure /api/v1/pods?watch=1"});
    } else {
      ASSERT_FALSE(response.ok()) << describe(response);
      EXPECT_EQ(response.error().code, ErrorCode::kUnavailable) << describe(response);
      ASSERT_FALSE(streamed.result.ok()) << describe(streamed.result);
      EXPECT_EQ(streamed.result.error().code, ErrorCode::kUnavailable) << describe(streamed.result);
      EXPECT_TRUE(server.seen().empty()) << "a request reached the handler over an unverified connection";
    }
  }
}

}  // namespace
}  // namespace cachepilot::net
