#pragma once
// The one error type of cachepilot. Module boundaries return Result<T>; exceptions never cross them.
#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace cachepilot {

// Kinds of failure a caller may want to branch on; the message carries the detail for humans.
enum class ErrorCode {
  kInvalidArgument,  // bad flag, bad spec, bad value in a request
  kParse,            // malformed JSON / YAML / CSV / quantity
  kNotFound,         // a named object or file does not exist
  kIo,               // file or socket failure
  kUnavailable,      // a peer is down or not ready yet
  kTooLarge,         // a body or file over its limit
  kInternal,         // a bug: an invariant did not hold
};

[[nodiscard]] const char* to_string(ErrorCode code) noexcept;

struct [[nodiscard]] Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;

  // Prefixes context ("reading cluster.yaml: ") so errors read like a path from cause to symptom.
  [[nodiscard]] Error wrap(const std::string& context) const { return Error{code, context + ": " + message}; }
};

[[nodiscard]] inline Error make_error(ErrorCode code, std::string message) { return Error{code, std::move(message)}; }

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  [[nodiscard]] bool ok() const noexcept { return std::holds_alternative<T>(state_); }
  explicit operator bool() const noexcept { return ok(); }

  [[nodiscard]] T& value() & {
    assert(ok());
    return std::get<T>(state_);
  }
  [[nodiscard]] const T& value() const& {
    assert(ok());
    return std::get<T>(state_);
  }
  [[nodiscard]] T&& value() && {
    assert(ok());
    return std::get<T>(std::move(state_));
  }
  [[nodiscard]] const Error& error() const& {
    assert(!ok());
    return std::get<Error>(state_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Error> state_;
};

// Result<void>: success carries nothing.
struct Ok {};
using Status = Result<Ok>;
[[nodiscard]] inline Status ok_status() { return Ok{}; }

}  // namespace cachepilot

// Propagates the error of a Status/Result expression to the caller (whose return type accepts an Error).
#define CP_RETURN_IF_ERROR(expr) \
  do {                           \
    auto&& cp_status_ = (expr);  \
    if (!cp_status_.ok()) {      \
      return cp_status_.error(); \
    }                            \
  } while (false)
