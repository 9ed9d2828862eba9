#include "common/timestamp.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <string>

#include "common/strings.hpp"

namespace cachepilot {
namespace {

int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
  // Howard Hinnant's algorithm: days since 1970-01-01 in the proleptic Gregorian calendar.
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

}  // namespace

Result<double> parse_timestamp(std::string_view text) {
  text = trim(text);
  // YYYY-MM-DD HH:MM:SS[.fraction][zone], with a space or a T between the date and the time
  const auto bad = [&] { return make_error(ErrorCode::kParse, "bad timestamp: \"" + std::string(text) + "\""); };
  if (text.size() < 19 || text[4] != '-' || text[7] != '-' || (text[10] != ' ' && text[10] != 'T') || text[13] != ':' ||
      text[16] != ':') {
    return bad();
  }
  const auto num = [&](std::size_t pos, std::size_t len, int64_t& out) {
    // Digits only: from_chars would take "-1" for an hour.
    const std::string_view digits = text.substr(pos, len);
    if (digits.size() != len ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return false;
    }
    const auto* b = text.data() + pos;
    auto [ptr, ec] = std::from_chars(b, b + len, out);
    return ec == std::errc{} && ptr == b + len;
  };
  int64_t y = 0;
  int64_t mo = 0;
  int64_t d = 0;
  int64_t h = 0;
  int64_t mi = 0;
  int64_t s = 0;
  if (!num(0, 4, y) || !num(5, 2, mo) || !num(8, 2, d) || !num(11, 2, h) || !num(14, 2, mi) || !num(17, 2, s) ||
      mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) {
    return bad();
  }
  std::size_t pos = 19;
  double frac = 0;
  if (pos < text.size() && text[pos] == '.') {
    std::size_t end = pos + 1;
    while (end < text.size() && text[end] >= '0' && text[end] <= '9') {
      ++end;
    }
    if (end == pos + 1) {
      return bad();
    }
    std::string f = "0" + std::string(text.substr(pos, end - pos));
    const auto* b = f.data();
    auto [ptr, ec] = std::from_chars(b, b + f.size(), frac);
    if (ec != std::errc{} || ptr != b + f.size()) {
      return bad();
    }
    pos = end;
  }
  // A zone, as ISO 8601 and RFC 3339 write it: Z, or an offset ±HH, ±HHMM or ±HH:MM (the 2024 Azure LLM traces end in
  // +00:00). Without one, the time is UTC.
  int64_t offset_s = 0;
  const std::string_view zone = text.substr(pos);
  if (zone == "Z" || zone == "z") {
    // UTC
  } else if (!zone.empty()) {
    const bool colon = zone.size() == 6 && zone[3] == ':';
    int64_t zh = 0;
    int64_t zm = 0;
    const bool shaped = (zone[0] == '+' || zone[0] == '-') && (zone.size() == 3 || zone.size() == 5 || colon);
    if (!shaped || !num(pos + 1, 2, zh) || (zone.size() > 3 && !num(pos + (colon ? 4 : 3), 2, zm)) || zh > 23 ||
        zm > 59) {
      return bad();
    }
    offset_s = (zone[0] == '-' ? -1 : 1) * (zh * 3600 + zm * 60);
  }
  return static_cast<double>(days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offset_s) + frac;
}

}  // namespace cachepilot
