#pragma once
// A deliberately simple blocking HTTP/1.1 client over POSIX sockets for loopback tests. It lets a test
// do what real clients do and what a misbehaving client does (send half a header and stall, announce a huge
// body and send none). Every read has a receive timeout so a broken server fails a test instead of hanging it.
#include <cstdint>
#include <cstring>
#include <map>
#include <optional>
#include <string>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

namespace cachepilot::testing {

struct ParsedResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-cased names
  std::string body;
};

class LoopbackClient {
 public:
  explicit LoopbackClient(std::uint16_t port, int recv_timeout_seconds = 10) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{recv_timeout_seconds, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;  // NOLINT
  }
  ~LoopbackClient() {
    if (fd_ >= 0) {
      ::close(fd_);
    }
  }
  LoopbackClient(const LoopbackClient&) = delete;
  LoopbackClient& operator=(const LoopbackClient&) = delete;

  [[nodiscard]] bool connected() const { return connected_; }

  bool send_raw(const std::string& data) {
    std::size_t sent = 0;
    while (sent < data.size()) {
      const auto n = ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) {
        return false;
      }
      sent += static_cast<std::size_t>(n);
    }
    return true;
  }

  bool send_request(const std::string& method, const std::string& target, const std::string& body = "",
                    bool keep_alive = true) {
    std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    if (!body.empty() || method == "POST") {
      req += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
    }
    if (!keep_alive) {
      req += "Connection: close\r\n";
    }
    req += "\r\n" + body;
    return send_raw(req);
  }

  // Reads one response (Content-Length framed). nullopt on EOF/timeout before a whole response.
  std::optional<ParsedResponse> read_response() {
    while (buffer_.find("\r\n\r\n") == std::string::npos) {
      if (!fill()) {
        return std::nullopt;
      }
    }
    const auto header_end = buffer_.find("\r\n\r\n");
    ParsedResponse res;
    const std::string head = buffer_.substr(0, header_end);
    std::size_t line_end = head.find("\r\n");
    const std::string status_line = head.substr(0, line_end);
    if (status_line.size() < 12) {
      return std::nullopt;
    }
    res.status = std::stoi(status_line.substr(9, 3));
    while (line_end != std::string::npos && line_end < head.size()) {
      const auto next = head.find("\r\n", line_end + 2);
      const auto line = head.substr(line_end + 2, next == std::string::npos ? std::string::npos : next - line_end - 2);
      const auto colon = line.find(':');
      if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        for (auto& c : name) {
          c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        auto value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') {
          value.erase(0, 1);
        }
        res.headers[name] = value;
      }
      line_end = next;
    }
    std::size_t length = 0;
    if (auto it = res.headers.find("content-length"); it != res.headers.end()) {
      length = std::stoul(it->second);
    }
    const std::size_t body_start = header_end + 4;
    while (buffer_.size() < body_start + length) {
      if (!fill()) {
        return std::nullopt;
      }
    }
    res.body = buffer_.substr(body_start, length);
    buffer_.erase(0, body_start + length);
    return res;
  }

  // Blocks until the server closes the connection (true) or the receive timeout passes (false).
  bool wait_for_close() {
    char tmp[4096];
    for (;;) {
      const auto n = ::recv(fd_, tmp, sizeof tmp, 0);
      if (n == 0) {
        return true;
      }
      if (n < 0) {
        return errno == ECONNRESET;
      }
    }
  }

 private:
  bool fill() {
    char tmp[65536];
    const auto n = ::recv(fd_, tmp, sizeof tmp, 0);
    if (n <= 0) {
      return false;
    }
    buffer_.append(tmp, static_cast<std::size_t>(n));
    return true;
  }

  int fd_ = -1;
  bool connected_ = false;
  std::string buffer_;
};

}  // namespace cachepilot::testing
