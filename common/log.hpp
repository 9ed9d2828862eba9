#pragma once
// Minimal leveled logging to stderr, one line per event, safe from many threads. Callers never log secrets:
// tokens, keys and request bodies are not passed here.
#include <string_view>

namespace cachepilot::log {

enum class Level { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

void set_level(Level level);
[[nodiscard]] bool enabled(Level level);
void write(Level level, std::string_view message);

inline void debug(std::string_view m) { write(Level::kDebug, m); }
inline void info(std::string_view m) { write(Level::kInfo, m); }
inline void warn(std::string_view m) { write(Level::kWarn, m); }
inline void error(std::string_view m) { write(Level::kError, m); }

}  // namespace cachepilot::log
