#include "prom/demand_query.hpp"

namespace cachepilot::prom {

std::string per_client_read_rate_query(std::string_view selector, std::string_view window) {
  const std::string s(selector);
  const std::string range = s + "[" + std::string(window) + "]";
  return "sum((rate(" + range + ") and " + s + " offset " + std::string(window) + ") or (irate(" + range + ") and " +
         s + "))";
}

}  // namespace cachepilot::prom
