#pragma once
// A bearer token kept in a file that is rewritten while the process runs: a projected service-account token,
// which the kubelet refreshes before it expires (bound tokens live about an hour). Reading it once at start,
// as a plain bearer_token, stops working when it expires; this re-reads it, as client-go's cached file token
// source does (transport.NewCachedFileTokenSource: once a minute).
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.hpp"

namespace cachepilot::net {

class BearerTokenFile {
 public:
  using Warn = std::function<void(std::string_view)>;

  // `fallback`: the token used until the file has been read successfully once ("" for none). `clock` must
  // outlive this object. `warn` receives one message per run of failed reads (never the token).
  BearerTokenFile(std::string path, std::chrono::milliseconds refresh, std::string fallback, const Clock& clock,
                  Warn warn);

  // The token to send now. Re-reads the file when the token in use was read `refresh` ago or more (with a
  // refresh of 0: on every call); a read that fails or finds only whitespace keeps the last good token.
  // Thread-safe.
  [[nodiscard]] std::string token();

  [[nodiscard]] const std::string& path() const noexcept { return path_; }

 private:
  const std::string path_;
  const std::chrono::milliseconds refresh_;
  const Clock& clock_;
  const Warn warn_;
  std::mutex mutex_;
  std::string token_;
  std::optional<Clock::time_point> read_at_;  // of the token in use; empty until the first good read
  bool failing_ = false;                      // the last read failed (its warning is out)
};

}  // namespace cachepilot::net
