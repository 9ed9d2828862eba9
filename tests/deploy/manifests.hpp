#pragma once
// Shared by the deploy/ manifest tests: YAML documents loaded as JSON objects (scalars typed as Kubernetes'
// YAML reader types the values checked), key-path lookup that never throws, and small helpers.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

namespace cachepilot::deploy_test {

namespace fs = std::filesystem;
using nlohmann::json;

inline const fs::path kSourceDir = CACHEPILOT_SOURCE_DIR;

// ---- YAML to JSON (plain scalars typed as Kubernetes' YAML reader would for the values checked here) ----

inline json to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      json out = json::object();
      for (const auto& kv : node) {
        out[kv.first.Scalar()] = to_json(kv.second);
      }
      return out;
    }
    case YAML::NodeType::Sequence: {
      json out = json::array();
      for (const auto& item : node) {
        out.push_back(to_json(item));
      }
      return out;
    }
    case YAML::NodeType::Scalar: {
      const auto& s = node.Scalar();
      if (node.Tag() != "?") {
        return s;  // quoted: always a string
      }
      if (s == "true" || s == "false") {
        return s == "true";
      }
      if (!s.empty() &&
          std::all_of(s.begin() + (s[0] == '-' ? 1 : 0), s.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
          s != "-") {
        return std::stoll(s);
      }
      return s;
    }
    default:
      return nullptr;
  }
}

// Walks object keys; a missing key or a non-object on the way gives null.
inline const json& at(const json& j, std::initializer_list<std::string_view> keys) {
  static const json kNull;
  const json* cur = &j;
  for (auto k : keys) {
    if (!cur->is_object()) {
      return kNull;
    }
    auto it = cur->find(std::string(k));
    if (it == cur->end()) {
      return kNull;
    }
    cur = &*it;
  }
  return *cur;
}

inline std::string text(const json& j) {
  if (j.is_string()) {
    return j.get<std::string>();
  }
  return j.is_null() ? std::string() : j.dump();
}

struct Manifest {
  fs::path file;  // relative to the source tree
  std::size_t index = 0;
  json object;
  [[nodiscard]] std::string where() const { return file.string() + " document " + std::to_string(index + 1); }
  [[nodiscard]] std::string kind() const { return text(at(object, {"kind"})); }
  [[nodiscard]] std::string name() const { return text(at(object, {"metadata", "name"})); }
  [[nodiscard]] bool is_kustomization() const { return file.filename() == "kustomization.yaml"; }
};

inline std::vector<Manifest> load_manifests(std::string_view dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(kSourceDir / dir)) {
    const auto ext = entry.path().extension();
    if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml")) {
      files.push_back(fs::relative(entry.path(), kSourceDir));
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<Manifest> out;
  for (const auto& file : files) {
    std::size_t index = 0;
    for (const auto& doc : YAML::LoadAllFromFile((kSourceDir / file).string())) {
      if (!doc.IsNull()) {
        out.push_back(Manifest{file, index, to_json(doc)});
      }
      ++index;
    }
  }
  return out;
}

// A container port given by name or number, as a number (0: no such port).
inline long long resolve_port(const json& container, const json& port) {
  if (port.is_number_integer()) {
    return port.get<long long>();
  }
  for (const auto& p : at(container, {"ports"})) {
    if (text(at(p, {"name"})) == text(port)) {
      return at(p, {"containerPort"}).get<long long>();
    }
  }
  return 0;
}

// An executable on PATH, if any.
inline std::optional<std::string> find_on_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path != nullptr ? path : "");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const auto candidate = fs::path(dir) / name;
    if (!dir.empty() && ::access(candidate.c_str(), X_OK) == 0) {
      return candidate.string();
    }
  }
  return std::nullopt;
}

// `flag` appears in a --help text as a whole option name (not as the prefix of a longer one): at the start or
// after ' ', ',' or '[', and followed by neither a letter, a digit nor '-'.
inline bool help_lists(const std::string& help, std::string_view flag) {
  for (auto pos = help.find(flag); pos != std::string::npos; pos = help.find(flag, pos + 1)) {
    const auto end = pos + flag.size();
    const bool starts = pos == 0 || help[pos - 1] == ' ' || help[pos - 1] == ',' || help[pos - 1] == '[';
    const bool ends = end == help.size() || !(std::isalnum(static_cast<unsigned char>(help[end])) || help[end] == '-');
    if (starts && ends) {
      return true;
    }
  }
  return false;
}

}  // namespace cachepilot::deploy_test
