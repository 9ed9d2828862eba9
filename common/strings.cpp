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

bool base64_decode(std::string_view text, std::string& out) {
  out.clear();
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char c : text) {
    int value = 0;
    if (c >= 'A' && c <= 'Z') {
      value = c - 'A';
    } else if (c >= 'a' && c <= 'z') {
      value = c - 'a' + 26;
    } else if (c >= '0' && c <= '9') {
      value = c - '0' + 52;
    } else if (c == '+') {
      value = 62;
    } else if (c == '/') {
      value = 63;
    } else if (c == '=' || c == '\n' || c == '\r' || c == ' ' || c == '\t') {
      continue;
    } else {
      return false;
    }
    buffer = (buffer << 6U) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> static_cast<unsigned>(bits)) & 0xFFU));
    }
  }
  return true;
}

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[u >> 4U]);
      out.push_back(kHex[u & 0xFU]);
    }
  }
  return out;
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
