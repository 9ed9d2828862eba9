#include "common/strings.hpp"

#include <cstdint>
#include <cstring>

namespace cachepilot {

std::vector<std::string> split_list(std::string_view text, char separator) {
  std::vector<std::string> parts;
  while (!text.empty()) {
    const auto pos = text.find(separator);
    const auto part = trim(text.substr(0, pos));
    if (!part.empty()) {
      parts.emplace_back(part);
    }
    if (pos == std::string_view::npos) {
      break;
    }
    text.remove_prefix(pos + 1);
  }
  return parts;
}

namespace {

constexpr bool needs_escape(char c) { return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20; }

// Index of the first byte that JSON requires escaping, or s.size(). Eight bytes at a time ("SWAR"): a byte
// b of word x is flagged when b < 0x20, b == '"' or b == '\\' (the classic has-zero-byte / has-less-than
// bit tricks), so a plain node name is scanned in a few steps instead of a branch per character.
std::size_t first_escape(std::string_view s) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t x = 0;
    std::memcpy(&x, s.data() + i, 8);
    const std::uint64_t quote = x ^ (kOnes * '"');
    const std::uint64_t backslash = x ^ (kOnes * '\\');
    const std::uint64_t flagged =
        ((x - kOnes * 0x20) & ~x) | ((quote - kOnes) & ~quote) | ((backslash - kOnes) & ~backslash);
    if ((flagged & kHighs) != 0) {
      break;  // somewhere in these 8 bytes (maybe a false alarm above 0x80): find it byte by byte
    }
  }
  for (; i < s.size(); ++i) {
    if (needs_escape(s[i])) {
      return i;
    }
  }
  return s.size();
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  // Names and reasons rarely need escaping: copy runs of plain characters in one go (this is on the
  // extender's hot path, once per node in every reply).
  for (;;) {
    const std::size_t run = first_escape(s);
    out.append(s.data(), run);
    if (run == s.size()) {
      break;
    }
    const char c = s[run];
    s.remove_prefix(run + 1);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += "\\u00";
        out.push_back(kHex[(static_cast<unsigned char>(c) >> 4U) & 0xFU]);
        out.push_back(kHex[static_cast<unsigned char>(c) & 0xFU]);
    }
  }
  out.push_back('"');
}

}  // namespace cachepilot
