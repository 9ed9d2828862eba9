#pragma once
// Timestamps as traces and the Kubernetes API write them, read into seconds since the Unix epoch.
#include <string_view>

#include "common/result.hpp"

namespace cachepilot {

// "2023-11-16 18:17:03.9799600" → seconds since the Unix epoch: UTC when the text gives no zone, as the 2023 Azure LLM
// traces do; a zone (Z, ±HH, ±HHMM, ±HH:MM, as in "2024-05-10 00:00:00.009930+00:00" or Kubernetes'
// "2026-12-06T02:00:00Z") is taken into account. A T may stand for the space.
[[nodiscard]] Result<double> parse_timestamp(std::string_view text);

}  // namespace cachepilot
