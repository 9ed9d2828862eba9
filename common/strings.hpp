#pragma once
// Small string helpers shared by parsers.
#include <string>
#include <string_view>
#include <vector>

namespace cachepilot {

[[nodiscard]] constexpr std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

[[nodiscard]] constexpr char ascii_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// Go's encoding/json matches object keys to field names case-insensitively; so do our wire readers.
[[nodiscard]] constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) {
      return false;
    }
  }
  return true;
}

// Splits on a separator, trimming each part and dropping empty parts ("a, b,,c" -> {a, b, c}).
[[nodiscard]] std::vector<std::string> split_list(std::string_view text, char separator);

// Standard base64 (RFC 4648, padding optional, whitespace ignored), as kubeconfig's *-data fields carry.
// Returns false on any other character.
[[nodiscard]] bool base64_decode(std::string_view text, std::string& out);

// Percent-encodes a URL query value (RFC 3986 unreserved characters pass through).
[[nodiscard]] std::string url_encode(std::string_view text);

// Appends s to out as a JSON string literal (quotes included), escaping what JSON requires.
void append_json_string(std::string& out, std::string_view s);

}  // namespace cachepilot
