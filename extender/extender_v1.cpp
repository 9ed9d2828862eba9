#include "extender/extender_v1.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>

#include <simdjson.h>

#include "common/strings.hpp"

namespace cachepilot::extender::v1 {
namespace od = simdjson::ondemand;

namespace {

// One parser per I/O thread: it keeps its buffers between requests. A parser that grew for a huge body
// is dropped afterwards so a single 20 MB request does not pin that memory for the process lifetime.
constexpr std::size_t kParserKeepCapacity = 8UL * 1024 * 1024;

od::parser& thread_parser() {
  thread_local od::parser parser;
  if (parser.capacity() > kParserKeepCapacity) {
    parser = od::parser{};
  }
  return parser;
}

Error json_error(simdjson::error_code code, std::string_view where) {
  return make_error(ErrorCode::kParse, std::string(where) + ": " + simdjson::error_message(code));
}

#define CP_JSON_TRY(expr, where)              \
  do {                                        \
    auto cp_json_err_ = (expr);               \
    if (cp_json_err_) {                       \
      return json_error(cp_json_err_, where); \
    }                                         \
  } while (false)

// Reads an object of string values into pairs; non-string values are a type error.
Status read_string_pairs(od::value value, std::vector<std::pair<std::string_view, std::string_view>>& out,
                         std::string_view where) {
  if (value.is_null()) {
    return ok_status();
  }
  od::object obj;
  CP_JSON_TRY(value.get_object().get(obj), where);
  for (auto field : obj) {
    std::string_view key;
    CP_JSON_TRY(field.unescaped_key().get(key), where);
    std::string_view v;
    CP_JSON_TRY(field.value().get_string().get(v), std::string(where) + "." + std::string(key));
    out.emplace_back(key, v);
  }
  return ok_status();
}

Status read_metadata(od::value value, PodView& pod) {
  od::object obj;
  CP_JSON_TRY(value.get_object().get(obj), "Pod.metadata");
  for (auto field : obj) {
    std::string_view key;
    CP_JSON_TRY(field.unescaped_key().get(key), "Pod.metadata");
    od::value v;
    CP_JSON_TRY(field.value().get(v), "Pod.metadata");
    if (iequals(key, "name")) {
      CP_JSON_TRY(v.get_string().get(pod.name), "Pod.metadata.name");
    } else if (iequals(key, "namespace")) {
      CP_JSON_TRY(v.get_string().get(pod.namespace_), "Pod.metadata.namespace");
    } else if (iequals(key, "labels")) {
      CP_RETURN_IF_ERROR(read_string_pairs(v, pod.labels, "Pod.metadata.labels"));
    } else if (iequals(key, "annotations")) {
      CP_RETURN_IF_ERROR(read_string_pairs(v, pod.annotations, "Pod.metadata.annotations"));
    }
  }
  return ok_status();
}

Status read_volumes(od::value value, PodView& pod) {
  if (value.is_null()) {
    return ok_status();
  }
  od::array volumes;
  CP_JSON_TRY(value.get_array().get(volumes), "Pod.spec.volumes");
  for (auto element : volumes) {
    od::object volume;
    CP_JSON_TRY(element.get_object().get(volume), "Pod.spec.volumes[]");
    for (auto field : volume) {
      std::string_view key;
      CP_JSON_TRY(field.unescaped_key().get(key), "Pod.spec.volumes[]");
      if (!iequals(key, "persistentVolumeClaim")) {
        continue;
      }
      od::value pvc;
      CP_JSON_TRY(field.value().get(pvc), "persistentVolumeClaim");
      if (pvc.is_null()) {
        continue;
      }
      od::object pvc_obj;
      CP_JSON_TRY(pvc.get_object().get(pvc_obj), "persistentVolumeClaim");
      for (auto pvc_field : pvc_obj) {
        std::string_view pvc_key;
        CP_JSON_TRY(pvc_field.unescaped_key().get(pvc_key), "persistentVolumeClaim");
        if (iequals(pvc_key, "claimName")) {
          std::string_view claim;
          CP_JSON_TRY(pvc_field.value().get_string().get(claim), "persistentVolumeClaim.claimName");
          pod.claim_names.push_back(claim);
        }
      }
    }
  }
  return ok_status();
}

Status read_pod(od::value value, ExtenderArgsView& args) {
  if (value.is_null()) {
    return ok_status();
  }
  od::object obj;
  CP_JSON_TRY(value.get_object().get(obj), "Pod");
  args.has_pod = true;
  for (auto field : obj) {
    std::string_view key;
    CP_JSON_TRY(field.unescaped_key().get(key), "Pod");
    od::value v;
    CP_JSON_TRY(field.value().get(v), "Pod");
    if (iequals(key, "metadata")) {
      CP_RETURN_IF_ERROR(read_metadata(v, args.pod));
    } else if (iequals(key, "spec")) {
      od::object spec;
      CP_JSON_TRY(v.get_object().get(spec), "Pod.spec");
      for (auto spec_field : spec) {
        std::string_view spec_key;
        CP_JSON_TRY(spec_field.unescaped_key().get(spec_key), "Pod.spec");
        if (iequals(spec_key, "volumes")) {
          od::value volumes;
          CP_JSON_TRY(spec_field.value().get(volumes), "Pod.spec.volumes");
          CP_RETURN_IF_ERROR(read_volumes(volumes, args.pod));
        }
      }
    }
  }
  return ok_status();
}

Status read_node_names(od::value value, ExtenderArgsView& args) {
  if (value.is_null()) {
    return ok_status();
  }
  od::array names;
  CP_JSON_TRY(value.get_array().get(names), "NodeNames");
  args.form = NodesForm::kNodeNames;
  args.node_names.clear();
  for (auto element : names) {
    std::string_view name;
    CP_JSON_TRY(element.get_string().get(name), "NodeNames[]");
    args.node_names.push_back(name);
  }
  return ok_status();
}

Status read_node_item(od::object item, ExtenderArgsView& args, bool keep_raw) {
  std::string_view name;
  bool found = false;
  for (auto field : item) {
    std::string_view key;
    CP_JSON_TRY(field.unescaped_key().get(key), "Nodes.items[]");
    if (!iequals(key, "metadata")) {
      continue;
    }
    od::object metadata;
    CP_JSON_TRY(field.value().get_object().get(metadata), "Nodes.items[].metadata");
    for (auto md_field : metadata) {
      std::string_view md_key;
      CP_JSON_TRY(md_field.unescaped_key().get(md_key), "Nodes.items[].metadata");
      if (iequals(md_key, "name")) {
        CP_JSON_TRY(md_field.value().get_string().get(name), "Nodes.items[].metadata.name");
        found = true;
      }
    }
  }
  if (!found || name.empty()) {
    return make_error(ErrorCode::kParse,
                      "Nodes.items[" + std::to_string(args.node_names.size()) + "]: node without metadata.name");
  }
  args.node_names.push_back(name);
  if (keep_raw) {
    // Rewind and take the item's bytes as sent, so a filter reply returns the scheduler's own objects.
    bool rewound = false;
    CP_JSON_TRY(item.reset().get(rewound), "Nodes.items[]");
    std::string_view raw;
    CP_JSON_TRY(item.raw_json().get(raw), "Nodes.items[]");
    args.node_json.push_back(raw);
  }
  return ok_status();
}

Status read_nodes(od::value value, ExtenderArgsView& args, bool keep_raw) {
  if (value.is_null()) {
    return ok_status();
  }
  od::object list;
  CP_JSON_TRY(value.get_object().get(list), "Nodes");
  args.form = NodesForm::kNodes;
  args.node_names.clear();
  args.node_json.clear();
  for (auto field : list) {
    std::string_view key;
    CP_JSON_TRY(field.unescaped_key().get(key), "Nodes");
    if (!iequals(key, "items")) {
      continue;
    }
    od::value items_value;
    CP_JSON_TRY(field.value().get(items_value), "Nodes.items");
    if (items_value.is_null()) {
      continue;
    }
    od::array items;
    CP_JSON_TRY(items_value.get_array().get(items), "Nodes.items");
    for (auto element : items) {
      od::object item;
      CP_JSON_TRY(element.get_object().get(item), "Nodes.items[]");
      CP_RETURN_IF_ERROR(read_node_item(item, args, keep_raw));
    }
  }
  return ok_status();
}

}  // namespace

void pad_body(std::string& body) { body.reserve(body.size() + simdjson::SIMDJSON_PADDING); }

Result<ExtenderArgsView> parse_extender_args(std::string_view body, std::size_t capacity, const ParseOptions& options) {
  if (capacity < body.size() + simdjson::SIMDJSON_PADDING) {
    return make_error(ErrorCode::kInternal, "request body buffer lacks padding");
  }
  ExtenderArgsView args;
  auto& parser = thread_parser();
  od::document doc;
  CP_JSON_TRY(parser.iterate(body.data(), body.size(), capacity).get(doc), "request");
  od::object root;
  CP_JSON_TRY(doc.get_object().get(root), "request");
  bool saw_nodes = false;
  for (auto field : root) {
    std::string_view key;
    CP_JSON_TRY(field.unescaped_key().get(key), "request");
    od::value v;
    CP_JSON_TRY(field.value().get(v), "request");
    if (iequals(key, "Pod")) {
      CP_RETURN_IF_ERROR(read_pod(v, args));
    } else if (iequals(key, "Nodes")) {
      // When both forms arrive, Nodes wins, as it does in the scheduler when nodeCacheCapable is false.
      CP_RETURN_IF_ERROR(read_nodes(v, args, options.keep_raw_nodes));
      saw_nodes = args.form == NodesForm::kNodes;
    } else if (iequals(key, "NodeNames") && !saw_nodes) {
      CP_RETURN_IF_ERROR(read_node_names(v, args));
    }
  }
  // Trailing garbage after the object ("{...} xyz") is malformed too.
  const char* trailing = nullptr;
  if (!doc.current_location().get(trailing)) {
    return make_error(ErrorCode::kParse, "request: trailing content after the JSON object");
  }
  return args;
}

void write_error(std::string_view message, std::string& out) {
  out.clear();
  out += "{\"Error\":";
  append_json_string(out, message);
  out += "}";
}

namespace {
void write_failed(const FailedNodes& failed, std::string& out) {
  out.push_back('{');
  bool first = true;
  for (const auto& [node, reason] : failed) {
    if (!first) {
      out.push_back(',');
    }
    first = false;
    append_json_string(out, node);
    out.push_back(':');
    append_json_string(out, reason);
  }
  out.push_back('}');
}
}  // namespace

void write_filter_result(const FilterResult& result, std::string& out) {
  out.clear();
  std::size_t estimate = 128 + result.node_names.size() * 24;
  for (auto raw : result.node_json) {
    estimate += raw.size() + 1;
  }
  out.reserve(estimate);
  if (result.form == NodesForm::kNodes) {
    out += "{\"Nodes\":{\"kind\":\"NodeList\",\"apiVersion\":\"v1\",\"metadata\":{},\"items\":[";
    bool first = true;
    for (auto raw : result.node_json) {
      if (!first) {
        out.push_back(',');
      }
      first = false;
      out += raw;
    }
    out += "]},\"NodeNames\":null";
  } else {
    out += "{\"Nodes\":null,\"NodeNames\":[";
    bool first = true;
    for (auto name : result.node_names) {
      if (!first) {
        out.push_back(',');
      }
      first = false;
      append_json_string(out, name);
    }
    out += "]";
  }
  out += ",\"FailedNodes\":";
  write_failed(result.failed, out);
  out += ",\"FailedAndUnresolvableNodes\":";
  write_failed(result.failed_and_unresolvable, out);
  out += ",\"Error\":";
  append_json_string(out, result.error);
  out += "}";
}

namespace {
constexpr std::string_view kHostOpen = "{\"Host\":";
constexpr std::string_view kScoreOpen = ",\"Score\":";
}  // namespace

HostPrefixes::HostPrefixes(const std::vector<std::string_view>& hosts) {
  offsets_.reserve(hosts.size() + 1);
  offsets_.push_back(0);
  for (auto host : hosts) {
    arena_ += kHostOpen;
    append_json_string(arena_, host);
    arena_ += kScoreOpen;
    offsets_.push_back(arena_.size());
  }
}

void write_host_priority_list(const std::vector<std::string_view>& hosts, const std::vector<std::uint8_t>& scores,
                              std::string& out, const HostPrefixes* prefixes,
                              const std::vector<std::uint32_t>* prefix_index, bool omit_zero_scores) {
  // One pass with a cursor into a pre-sized buffer: this reply has an entry per candidate node (5,000 on a
  // big cluster) and is the extender's largest write.
  const bool have_prefixes = prefixes != nullptr && prefix_index != nullptr;
  auto score_of = [&scores](std::size_t i) {
    return std::min(i < scores.size() ? unsigned{scores[i]} : 0U, unsigned{kMaxExtenderPriority});
  };
  std::size_t size = 2;
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    if (omit_zero_scores && score_of(i) == 0) {
      continue;
    }
    const auto index = have_prefixes ? (*prefix_index)[i] : kNoPrefix;
    // Exact for known hosts; worst-case escaping (6 bytes a character) for the others. 4: score, '}', ','.
    size += (index != kNoPrefix ? prefixes->prefix(index).size()
                                : kHostOpen.size() + kScoreOpen.size() + 6 * hosts[i].size() + 2) +
            4;
  }
  out.resize(size);
  char* cursor = out.data();
  auto put = [&cursor](std::string_view s) {
    std::memcpy(cursor, s.data(), s.size());
    cursor += s.size();
  };
  std::string rendered;
  *cursor++ = '[';
  bool first = true;
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    const unsigned score = score_of(i);
    if (omit_zero_scores && score == 0) {
      continue;
    }
    if (!first) {
      *cursor++ = ',';
    }
    first = false;
    const auto index = have_prefixes ? (*prefix_index)[i] : kNoPrefix;
    if (index != kNoPrefix) {
      put(prefixes->prefix(index));
    } else {
      rendered.clear();
      rendered += kHostOpen;
      append_json_string(rendered, hosts[i]);
      rendered += kScoreOpen;
      put(rendered);
    }
    if (score == 10U) {
      *cursor++ = '1';
      *cursor++ = '0';
    } else {
      *cursor++ = static_cast<char>('0' + score);
    }
    *cursor++ = '}';
  }
  *cursor++ = ']';
  out.resize(static_cast<std::size_t>(cursor - out.data()));
}

}  // namespace cachepilot::extender::v1
