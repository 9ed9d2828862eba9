#include "cluster/dump.hpp"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "common/strings.hpp"

namespace cachepilot::cluster {
namespace {

nlohmann::json plain_scalar(const std::string& s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") {
    return nullptr;
  }
  if (s == "true" || s == "True" || s == "TRUE") {
    return true;
  }
  if (s == "false" || s == "False" || s == "FALSE") {
    return false;
  }
  std::int64_t i = 0;
  if (auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), i); ec == std::errc{} && p == s.data() + s.size()) {
    return i;
  }
  double d = 0;
  if (auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
      ec == std::errc{} && p == s.data() + s.size() && std::isfinite(d)) {
    return d;
  }
  return s;
}

Result<nlohmann::json> convert(const YAML::Node& node, int depth) {
  if (depth > 64) {
    return make_error(ErrorCode::kParse, "YAML nested deeper than 64 levels");
  }
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nlohmann::json(nullptr);
    case YAML::NodeType::Scalar:
      // Tag "!" marks a quoted scalar: always a string.
      if (node.Tag() == "!") {
        return nlohmann::json(node.Scalar());
      }
      return plain_scalar(node.Scalar());
    case YAML::NodeType::Sequence: {
      auto out = nlohmann::json::array();
      for (const auto& item : node) {
        auto v = convert(item, depth + 1);
        if (!v.ok()) {
          return v;
        }
        out.push_back(std::move(v).value());
      }
      return out;
    }
    case YAML::NodeType::Map: {
      auto out = nlohmann::json::object();
      for (const auto& kv : node) {
        if (!kv.first.IsScalar()) {
          return make_error(ErrorCode::kParse, "YAML map key is not a scalar");
        }
        auto v = convert(kv.second, depth + 1);
        if (!v.ok()) {
          return v;
        }
        out[kv.first.Scalar()] = std::move(v).value();
      }
      return out;
    }
  }
  return nlohmann::json(nullptr);
}

template <typename T, typename Decode>
Status decode_into(const nlohmann::json& object, std::vector<T>& out, Decode decode) {
  auto decoded = decode(object);
  if (!decoded.ok()) {
    return decoded.error();
  }
  out.push_back(std::move(decoded).value());
  return ok_status();
}

// A string member, or `fallback` when absent or of another type (never throws on hostile input).
std::string string_member(const nlohmann::json& object, const char* key, const char* fallback = "") {
  if (!object.is_object()) {
    return fallback;
  }
  auto it = object.find(key);
  return (it != object.end() && it->is_string()) ? it->get<std::string>() : std::string(fallback);
}

std::string describe(const nlohmann::json& object) {
  std::string name = "?";
  if (auto md = object.find("metadata"); md != object.end()) {
    name = string_member(*md, "name", "?");
  }
  return string_member(object, "kind", "?") + " " + name;
}

Status add_document(const nlohmann::json& doc, ClusterObjects& out, const std::string& where) {
  if (doc.is_null()) {
    return ok_status();  // empty YAML document (a trailing "---")
  }
  if (!doc.is_object()) {
    return make_error(ErrorCode::kParse, where + ": not an object but " + doc.type_name());
  }
  auto items = doc.find("items");
  const auto kind = string_member(doc, "kind");
  if (items != doc.end() && (kind.ends_with("List") || kind.empty())) {
    if (items->is_null()) {
      return ok_status();
    }
    if (!items->is_array()) {
      return make_error(ErrorCode::kParse, where + ": items is not an array");
    }
    std::size_t i = 0;
    for (const auto& item : *items) {
      auto st = add_object(item, out);
      if (!st.ok()) {
        return st.error().wrap(where + ", item " + std::to_string(i));
      }
      ++i;
    }
    return ok_status();
  }
  auto st = add_object(doc, out);
  if (!st.ok()) {
    return st.error().wrap(where);
  }
  return ok_status();
}

}  // namespace

Status add_object(const nlohmann::json& object, ClusterObjects& out) {
  if (!object.is_object()) {
    return make_error(ErrorCode::kParse, std::string("not an object but ") + object.type_name());
  }
  auto kind_it = object.find("kind");
  if (kind_it == object.end() || !kind_it->is_string()) {
    return make_error(ErrorCode::kParse, "object has no kind");
  }
  const auto& kind = kind_it->get_ref<const std::string&>();
  const auto api_version = string_member(object, "apiVersion");
  Status st = ok_status();
  if (kind == "Node") {
    st = decode_into(object, out.nodes, k8s::decode_node);
  } else if (kind == "PersistentVolumeClaim") {
    st = decode_into(object, out.pvcs, k8s::decode_pvc);
  } else if (kind == "Dataset" && api_version.starts_with(fluid::kGroup)) {
    st = decode_into(object, out.datasets, fluid::decode_dataset);
  } else if (fluid::is_runtime_kind(kind) && api_version.starts_with(fluid::kGroup)) {
    st = decode_into(object, out.runtimes, fluid::decode_runtime);
  }
  if (!st.ok()) {
    return st.error().wrap(describe(object));
  }
  return ok_status();
}

Result<nlohmann::json> yaml_to_json(std::string_view yaml_text) {
  try {
    return convert(YAML::Load(std::string(yaml_text)), 0);
  } catch (const YAML::Exception& e) {
    return make_error(ErrorCode::kParse, std::string("YAML: ") + e.what());
  }
}

Result<ClusterObjects> parse_cluster_dump(std::string_view text) {
  ClusterObjects out;
  const auto body = trim(text);
  if (body.empty()) {
    return make_error(ErrorCode::kParse, "empty dump");
  }
  if (body.front() == '{' || body.front() == '[') {
    auto doc = nlohmann::json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) {
      return make_error(ErrorCode::kParse, "malformed JSON");
    }
    if (doc.is_array()) {
      std::size_t i = 0;
      for (const auto& d : doc) {
        CP_RETURN_IF_ERROR(add_document(d, out, "element " + std::to_string(i++)));
      }
    } else {
      CP_RETURN_IF_ERROR(add_document(doc, out, "document"));
    }
    return out;
  }
  std::vector<YAML::Node> docs;
  try {
    docs = YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& e) {
    return make_error(ErrorCode::kParse, std::string("malformed YAML: ") + e.what());
  }
  std::size_t i = 0;
  for (const auto& d : docs) {
    ++i;
    auto json = convert(d, 0);
    if (!json.ok()) {
      return json.error().wrap("document " + std::to_string(i));
    }
    CP_RETURN_IF_ERROR(add_document(*json, out, "document " + std::to_string(i)));
  }
  if (out.nodes.empty() && out.datasets.empty() && out.pvcs.empty() && out.runtimes.empty()) {
    return make_error(ErrorCode::kParse, "no Kubernetes objects found");
  }
  return out;
}

Result<ClusterObjects> load_cluster_dump(const std::string& path) {
  const std::string context = "reading cluster dump " + path;
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) {
    return make_error(ErrorCode::kNotFound, context + ": " + ec.message());
  }
  if (size > kMaxDumpBytes) {
    return make_error(ErrorCode::kTooLarge, context + ": " + std::to_string(size) + " bytes is over the limit of " +
                                                std::to_string(kMaxDumpBytes));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return make_error(ErrorCode::kIo, context + ": cannot open");
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  auto objects = parse_cluster_dump(buffer.str());
  if (!objects.ok()) {
    return objects.error().wrap(context);
  }
  return objects;
}

}  // namespace cachepilot::cluster
