#pragma once
// A child process owned by this one (the demo runs Prometheus, the extender and the autoscaler this way):
// output appended to a log file, killed with us if we die (PR_SET_PDEATHSIG), stopped with SIGTERM and a grace
// period, then SIGKILL. Also: a free loopback port for a child to listen on.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

#include "common/result.hpp"

namespace cachepilot {

class Subprocess {
 public:
  // argv[0] is the executable's path (no PATH search).
  [[nodiscard]] static Result<std::unique_ptr<Subprocess>> spawn(std::string name, std::vector<std::string> argv,
                                                                 const std::string& log_path);
  ~Subprocess();
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  [[nodiscard]] bool running();
  [[nodiscard]] pid_t pid() const { return pid_; }
  // Sends `sig` unless the child has been reaped.
  void signal(int sig) const;
  // SIGTERM, then SIGKILL after `grace`.
  void stop(std::chrono::milliseconds grace = std::chrono::seconds(5));
  // SIGKILL and reap, at once.
  void kill();
  // Exit code, or −signal; nullopt when still running after `timeout`.
  std::optional<int> wait_for_exit(std::chrono::milliseconds timeout);
  [[nodiscard]] std::string describe_exit() const;
  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] const std::string& log_path() const { return log_path_; }
  // The last `bytes` of the log, for error messages.
  [[nodiscard]] std::string log_tail(std::size_t bytes = 2000) const;

 private:
  Subprocess(std::string name, std::string log_path) : name_(std::move(name)), log_path_(std::move(log_path)) {}
  void reap(bool block);

  std::string name_;
  std::string log_path_;
  pid_t pid_ = -1;
  std::optional<int> status_;
};

// A TCP port on 127.0.0.1 that was free a moment ago (bind to port 0, read it, close).
[[nodiscard]] Result<std::uint16_t> free_loopback_port();

}  // namespace cachepilot
