#include "net/token_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <utility>

#include "common/result.hpp"
#include "common/strings.hpp"

namespace cachepilot::net {
namespace {

// Tokens are a few KB; anything much bigger is not a token file.
constexpr std::streamsize kMaxTokenBytes = std::streamsize{64} * 1024;

Result<std::string> read_token(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return make_error(ErrorCode::kIo, "cannot open " + path + ": " +
                                          std::strerror(errno));  // NOLINT(concurrency-mt-unsafe): message text only
  }
  std::string text(static_cast<std::size_t>(kMaxTokenBytes) + 1, '\0');
  in.read(text.data(), kMaxTokenBytes + 1);
  if (in.bad()) {
    return make_error(ErrorCode::kIo, "cannot read " + path);
  }
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > static_cast<std::size_t>(kMaxTokenBytes)) {
    return make_error(ErrorCode::kTooLarge, path + " is over " + std::to_string(kMaxTokenBytes) + " bytes");
  }
  auto token = std::string(trim(text));
  if (token.empty()) {
    // The kubelet swaps the file atomically, so this is someone else's half-written file: wait for the next.
    return make_error(ErrorCode::kParse, path + " is empty");
  }
  return token;
}

}  // namespace

BearerTokenFile::BearerTokenFile(std::string path, std::chrono::milliseconds refresh, std::string fallback,
                                 const Clock& clock, Warn warn)
    : path_(std::move(path)), refresh_(refresh), clock_(clock), warn_(std::move(warn)), token_(std::move(fallback)) {}

std::string BearerTokenFile::token() {
  const std::lock_guard lock(mutex_);
  const auto now = clock_.now();
  if (read_at_ && now - *read_at_ < refresh_) {
    return token_;
  }
  // While reads fail this retries on every call (a file read, only in that state), as client-go does, so the
  // new token is used as soon as it is back.
  auto read = read_token(path_);
  if (!read.ok()) {
    if (!failing_ && warn_) {
      const char* keeping = token_.empty() ? "sending no token"
                            : read_at_     ? "keeping the last token read from it"
                                           : "keeping the token given at start";
      warn_("bearer token file: " + read.error().message + "; " + keeping + " until it can be read again");
    }
    failing_ = true;
    return token_;
  }
  if (failing_ && warn_) {
    warn_("bearer token file " + path_ + " is readable again");
  }
  failing_ = false;
  token_ = std::move(read).value();
  read_at_ = now;
  return token_;
}

}  // namespace cachepilot::net
