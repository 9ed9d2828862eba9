#pragma once
// Small helpers for test code that runs programs through the shell (openssl, the control plane's children).
#include <cstddef>
#include <deque>
#include <fstream>
#include <string>
#include <utility>

namespace cachepilot::testing {

// Single-quoted for /bin/sh.
inline std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (const char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

// The last `lines` lines of a log file, for failure messages.
inline std::string tail_of_file(const std::string& path, std::size_t lines) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return "(no log at " + path + ")\n";
  }
  std::deque<std::string> ring;
  std::string line;
  while (std::getline(in, line)) {
    ring.push_back(std::move(line));
    if (ring.size() > lines) {
      ring.pop_front();
    }
  }
  std::string out;
  for (const auto& l : ring) {
    out += l;
    out += '\n';
  }
  return out;
}

}  // namespace cachepilot::testing
