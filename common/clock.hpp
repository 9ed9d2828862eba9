#pragma once
// Time is injected: pure cores take a Clock (or a time value) instead of calling now() themselves, so the
// simulator, the tests and the live loop drive the same code.
#include <atomic>
#include <chrono>

namespace cachepilot {

class Clock {
 public:
  using duration = std::chrono::nanoseconds;
  using time_point = std::chrono::time_point<std::chrono::steady_clock, duration>;
  virtual ~Clock() = default;
  [[nodiscard]] virtual time_point now() const = 0;
  // Wall-clock seconds since the Unix epoch, for timestamps that leave the process.
  [[nodiscard]] virtual double unix_seconds() const = 0;
};

class SystemClock final : public Clock {
 public:
  [[nodiscard]] time_point now() const override { return std::chrono::steady_clock::now(); }
  [[nodiscard]] double unix_seconds() const override {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  }
};

// A clock the caller advances by hand: tests and the simulator.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(double start_unix_seconds = 1.7e9) : unix_start_(start_unix_seconds) {}
  [[nodiscard]] time_point now() const override { return time_point(duration(nanos_.load())); }
  [[nodiscard]] double unix_seconds() const override { return unix_start_ + static_cast<double>(nanos_.load()) / 1e9; }
  void advance(duration d) { nanos_ += d.count(); }

 private:
  double unix_start_;
  std::atomic<long long> nanos_{0};
};

}  // namespace cachepilot
