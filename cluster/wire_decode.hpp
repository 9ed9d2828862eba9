#pragma once
// Shared helpers for decoding wire objects from nlohmann::json with errors that name the field.
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "common/result.hpp"

namespace cachepilot::wire {

// Reads an optional string field: absent or null leaves `out` unchanged; a non-string is an error.
[[nodiscard]] Status read_string(const nlohmann::json& obj, const char* key, std::string& out);
[[nodiscard]] Status read_int(const nlohmann::json& obj, const char* key, std::int64_t& out);
[[nodiscard]] Status read_bool(const nlohmann::json& obj, const char* key, bool& out);
// A map of string to string (labels, annotations, cacheStates); numbers and bools are stringified, as
// YAML dumps often carry unquoted "true" or numbers.
[[nodiscard]] Status read_string_map(const nlohmann::json& obj, const char* key,
                                     std::map<std::string, std::string>& out);
// Returns the object at key, or nullptr when absent/null; a non-object is an error.
[[nodiscard]] Result<const nlohmann::json*> child_object(const nlohmann::json& obj, const char* key);
[[nodiscard]] Result<const nlohmann::json*> child_array(const nlohmann::json& obj, const char* key);

}  // namespace cachepilot::wire
