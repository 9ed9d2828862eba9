#include "common/quantity.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <string>

#include "common/strings.hpp"

namespace cachepilot {
namespace {

struct Suffix {
  std::string_view text;
  double multiplier;
};

// Longest suffixes first so "MiB" wins over "M" and "B". Case matters for Kubernetes ("m" is milli), but
// Fluid writes "KiB/MiB/GiB"; byte counts never use milli, so "m" is rejected rather than guessed.
constexpr std::array<Suffix, 26> kSuffixes{{
    {"KiB", 0x1p10}, {"MiB", 0x1p20}, {"GiB", 0x1p30}, {"TiB", 0x1p40}, {"PiB", 0x1p50}, {"EiB", 0x1p60},
    {"kB", 1e3},     {"KB", 1e3},     {"MB", 1e6},     {"GB", 1e9},     {"TB", 1e12},    {"PB", 1e15},
    {"EB", 1e18},    {"Ki", 0x1p10},  {"Mi", 0x1p20},  {"Gi", 0x1p30},  {"Ti", 0x1p40},  {"Pi", 0x1p50},
    {"Ei", 0x1p60},  {"k", 1e3},      {"M", 1e6},      {"G", 1e9},      {"T", 1e12},     {"P", 1e15},
    {"E", 1e18},     {"B", 1.0},
}};

Result<double> parse_number(std::string_view text, std::string_view whole) {
  double value = 0;
  const auto* first = text.data();
  const auto* last = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(first, last, value);
  if (ec != std::errc{} || ptr != last || !std::isfinite(value)) {
    return make_error(ErrorCode::kParse, "not a number: \"" + std::string(whole) + "\"");
  }
  return value;
}

}  // namespace

Result<std::uint64_t> parse_bytes(std::string_view text) {
  const std::string_view whole = text;
  text = trim(text);
  if (text.empty()) {
    return make_error(ErrorCode::kParse, "empty size");
  }
  double multiplier = 1.0;
  for (const auto& suffix : kSuffixes) {
    if (text.size() > suffix.text.size() && text.ends_with(suffix.text)) {
      multiplier = suffix.multiplier;
      text = trim(text.substr(0, text.size() - suffix.text.size()));
      break;
    }
  }
  auto number = parse_number(text, whole);
  if (!number.ok()) {
    return number.error();
  }
  const double bytes = *number * multiplier;
  if (bytes < 0) {
    return make_error(ErrorCode::kParse, "negative size: \"" + std::string(whole) + "\"");
  }
  if (bytes >= 0x1p64) {
    return make_error(ErrorCode::kParse, "size out of range: \"" + std::string(whole) + "\"");
  }
  // std::round, not std::llround: sizes in [2^63, 2^64) overflow long long.
  return static_cast<std::uint64_t>(std::round(bytes));
}

Result<double> parse_percentage(std::string_view text) {
  const std::string_view whole = text;
  text = trim(text);
  if (text.ends_with('%')) {
    text = trim(text.substr(0, text.size() - 1));
  }
  auto number = parse_number(text, whole);
  if (!number.ok()) {
    return number.error();
  }
  if (*number < 0) {
    return make_error(ErrorCode::kParse, "negative percentage: \"" + std::string(whole) + "\"");
  }
  return std::min(*number / 100.0, 1.0);
}

}  // namespace cachepilot
