#pragma once
// Parsers for the quantity strings that Kubernetes and Fluid put in objects.
#include <cstdint>
#include <string_view>

#include "common/result.hpp"

namespace cachepilot {

// Bytes from Fluid's human-readable sizes ("52.18MiB", "2.00GiB", "0.00B", "1.5 TiB") and from Kubernetes
// resource quantities ("10Gi", "500M", "1e9", "12345"). Fluid formats with binary units (units.BytesSize);
// Kubernetes quantities use both binary (Ki, Mi…) and decimal (k, M…) suffixes.
[[nodiscard]] Result<std::uint64_t> parse_bytes(std::string_view text);

// A percentage such as "100.0%" or "37.5%" as a fraction in [0, 1] (values above 100% are clamped).
[[nodiscard]] Result<double> parse_percentage(std::string_view text);

}  // namespace cachepilot
