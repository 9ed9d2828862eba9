#include "cluster/wire_decode.hpp"

namespace cachepilot::wire {
namespace {
Error type_error(const char* key, const char* want, const nlohmann::json& got) {
  return make_error(ErrorCode::kParse, std::string("field \"") + key + "\": want " + want + ", got " + got.type_name());
}
const nlohmann::json* find(const nlohmann::json& obj, const char* key) {
  if (!obj.is_object()) {
    return nullptr;
  }
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    return nullptr;
  }
  return &*it;
}
}  // namespace

Status read_string(const nlohmann::json& obj, const char* key, std::string& out) {
  const auto* v = find(obj, key);
  if (v == nullptr) {
    return ok_status();
  }
  if (!v->is_string()) {
    return type_error(key, "string", *v);
  }
  out = v->get<std::string>();
  return ok_status();
}

Status read_int(const nlohmann::json& obj, const char* key, std::int64_t& out) {
  const auto* v = find(obj, key);
  if (v == nullptr) {
    return ok_status();
  }
  if (!v->is_number_integer()) {
    return type_error(key, "integer", *v);
  }
  out = v->get<std::int64_t>();
  return ok_status();
}

Status read_bool(const nlohmann::json& obj, const char* key, bool& out) {
  const auto* v = find(obj, key);
  if (v == nullptr) {
    return ok_status();
  }
  if (!v->is_boolean()) {
    return type_error(key, "boolean", *v);
  }
  out = v->get<bool>();
  return ok_status();
}

Status read_string_map(const nlohmann::json& obj, const char* key, std::map<std::string, std::string>& out) {
  const auto* v = find(obj, key);
  if (v == nullptr) {
    return ok_status();
  }
  if (!v->is_object()) {
    return type_error(key, "object", *v);
  }
  for (const auto& [k, value] : v->items()) {
    if (value.is_string()) {
      out[k] = value.get<std::string>();
    } else if (value.is_number() || value.is_boolean()) {
      out[k] = value.dump();
    } else if (value.is_null()) {
      out[k] = "";
    } else {
      return make_error(ErrorCode::kParse,
                        std::string("field \"") + key + "." + k + "\": want string, got " + value.type_name());
    }
  }
  return ok_status();
}

Result<const nlohmann::json*> child_object(const nlohmann::json& obj, const char* key) {
  const auto* v = find(obj, key);
  if (v == nullptr) {
    return static_cast<const nlohmann::json*>(nullptr);
  }
  if (!v->is_object()) {
    return type_error(key, "object", *v);
  }
  return v;
}

Result<const nlohmann::json*> child_array(const nlohmann::json& obj, const char* key) {
  const auto* v = find(obj, key);
  if (v == nullptr) {
    return static_cast<const nlohmann::json*>(nullptr);
  }
  if (!v->is_array()) {
    return type_error(key, "array", *v);
  }
  return v;
}

}  // namespace cachepilot::wire
