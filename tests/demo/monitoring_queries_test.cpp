// Issue 6: every PromQL expression of deploy/monitoring runs against the Prometheus of a live `cachepilot demo`
// and returns data. The expressions are read from the files (tests/support/promql_sources.hpp): every recording
// rule's expression and the series it records, every alert's expression, and every expression of the Grafana
// dashboard (panel targets, query variables, annotations) with its variables set to what exists in the demo
// (namespace "ai", CacheAutoscaler and dataset "llama-7b") and $__rate_interval to 5m -- Prometheus holds the run in
// wall time, so a 5m window covers all of it.
//
// What "returns data" means (Checker::check below), evaluated at the end of the replay:
//   1. The instant query succeeds (well-formed, executes) and returns at least one series; or
//   2. it returned data earlier in the run: a range query over the run, as a Grafana panel shows it (a recording
//      rule that holds for a minute after a scale-up, a "scale events in the last 2m" annotation); or
//   3. it is empty because a filter has nothing to pass: an alert that does not fire, a panel showing only
//      non-zero error rates. Then the filter's operands must return data, recursively: for `A > B`, `A == 0`
//      (a comparison without bool) A and B (number literals aside), and `A > bool B` must return data too, so
//      the two sides' series match; for `A and B`, `A unless B`, `A or B` both sides; for absent(A) A -- so
//      absent(up{job="x"} == 1) is checked through up{job="x"}. Emptiness is followed through parentheses,
//      aggregations and functions of one instant vector (label_replace, histogram_quantile, ...) only when an
//      operand below them is such an empty filter: `histogram_quantile(0.5, sum by (job) (rate(x_bucket[5m])))`
//      with x present but no `le` fails, and `rate(x[5m])` with no x always fails.
//   4. Or, where it (or an operand reached as in 3) is a selector, a range function or arithmetic, it reads
//      series a healthy demo never creates: listed in kExemptions with the reason, and each exemption's
//      witnesses (PromQL that must return data) show the reason holds in this run.
// Anything else fails the test, naming the expression and the operand without data. "Now" is the end of the
// replay; "the run" starts when Prometheus had scraped all three jobs (the demo waits for that before it creates
// the CacheAutoscaler). The demo is stopped with SIGINT at the end, as Ctrl-C would, and must exit cleanly.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstddef>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "net/http_client.hpp"
#include "prom/prometheus_client.hpp"
#include "tests/app/child_process.hpp"
#include "tests/support/promql_sources.hpp"
#include "tests/support/temp_dir.hpp"

namespace cachepilot {
namespace {

namespace fs = std::filesystem;
namespace promql = testing::promql;
using nlohmann::json;
using std::chrono::seconds;

// ---- PromQL's top-level shape ---------------------------------------------------------------------------------
// Just enough of PromQL's grammar to take an expression apart at its outermost operation: a binary operator
// (by precedence, with its bool/on/ignoring/group_* modifiers), parentheses, an aggregation or a function call,
// or a leaf (selector, number, range function). Prometheus itself has checked the expression is well-formed.

bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == ':'; }

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) {
    return "";
  }
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

// For each character: true where it is outside brackets, string literals and comments (brackets themselves false).
std::vector<bool> top_level_mask(const std::string& s) {
  std::vector<bool> top(s.size(), false);
  int depth = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '"' || c == '\'' || c == '`') {
      for (++i; i < s.size() && s[i] != c; ++i) {
        if (s[i] == '\\' && c != '`') {
          ++i;
        }
      }
      continue;
    }
    if (c == '#') {
      while (i < s.size() && s[i] != '\n') {
        ++i;
      }
      continue;
    }
    if (c == '(' || c == '[' || c == '{') {
      ++depth;
    } else if (c == ')' || c == ']' || c == '}') {
      --depth;
    } else if (depth == 0) {
      top[i] = true;
    }
  }
  return top;
}

// The index of the bracket closing the one at `open`, or npos.
std::size_t matching_close(const std::string& s, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '"' || c == '\'' || c == '`') {
      for (++i; i < s.size() && s[i] != c; ++i) {
        if (s[i] == '\\' && c != '`') {
          ++i;
        }
      }
    } else if (c == '(' || c == '[' || c == '{') {
      ++depth;
    } else if (c == ')' || c == ']' || c == '}') {
      if (--depth == 0) {
        return i;
      }
    }
  }
  return std::string::npos;
}

// Splits at top-level commas (a call's arguments).
std::vector<std::string> split_arguments(const std::string& s) {
  std::vector<std::string> out;
  const auto top = top_level_mask(s);
  std::size_t begin = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (top[i] && s[i] == ',') {
      out.push_back(trim(s.substr(begin, i - begin)));
      begin = i + 1;
    }
  }
  out.push_back(trim(s.substr(begin)));
  return out;
}

bool is_number(const std::string& s) {
  static const std::regex number(R"(^[+-]?((\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|Inf|NaN)$)", std::regex::icase);
  return std::regex_match(trim(s), number);
}

struct Node {
  enum class Kind { kBinary, kParens, kCall, kLeaf };
  Kind kind = Kind::kLeaf;
  std::string op;  // kBinary: "or", ">", "+", ...; kCall: the function or aggregation
  bool bool_modifier = false;
  std::string modifiers;               // kBinary: on(...)/ignoring(...)/group_*(...) as written
  std::string lhs, rhs;                // kBinary
  std::vector<std::string> arguments;  // kParens: the inside; kCall: the vector argument(s) emptiness flows from

  [[nodiscard]] bool is_comparison() const {
    return kind == Kind::kBinary && !bool_modifier &&
           (op == "==" || op == "!=" || op == ">" || op == "<" || op == ">=" || op == "<=");
  }
  [[nodiscard]] bool is_set_operation() const {
    return kind == Kind::kBinary && (op == "and" || op == "or" || op == "unless");
  }
  [[nodiscard]] bool is_absent() const { return kind == Kind::kCall && (op == "absent" || op == "absent_over_time"); }
  // Empty whenever there is nothing to pass: a comparison without bool, a set operation, absent().
  [[nodiscard]] bool is_filter() const { return is_comparison() || is_set_operation() || is_absent(); }
  // Empty exactly when its argument is: parentheses, aggregations, functions of one instant vector.
  [[nodiscard]] bool is_transparent() const {
    return kind == Kind::kParens || (kind == Kind::kCall && !is_absent() && !arguments.empty());
  }
  // The sub-expressions a filter's or a transparent node's (lack of) data comes from.
  [[nodiscard]] std::vector<std::string> operands() const {
    std::vector<std::string> out;
    for (const auto& s : kind == Kind::kBinary ? std::vector<std::string>{lhs, rhs} : arguments) {
      if (!is_number(s)) {
        out.push_back(s);
      }
    }
    return out;
  }
};

// Aggregations (their vector argument's index) and functions that are empty exactly when their vector argument
// is (that argument's index). Other functions (rate, changes, *_over_time, time, vector, ...) are leaves.
const std::map<std::string, std::size_t> kAggregations = {
    {"sum", 0},    {"min", 0},    {"max", 0},  {"avg", 0},     {"count", 0},    {"group", 0},
    {"stddev", 0}, {"stdvar", 0}, {"topk", 1}, {"bottomk", 1}, {"quantile", 1}, {"count_values", 1}};
const std::map<std::string, std::size_t> kVectorFunctions = {{"absent", 0},
                                                             {"absent_over_time", 0},
                                                             {"label_replace", 0},
                                                             {"label_join", 0},
                                                             {"histogram_quantile", 1},
                                                             {"clamp", 0},
                                                             {"clamp_min", 0},
                                                             {"clamp_max", 0},
                                                             {"abs", 0},
                                                             {"ceil", 0},
                                                             {"floor", 0},
                                                             {"round", 0},
                                                             {"sort", 0},
                                                             {"sort_desc", 0},
                                                             {"sqrt", 0},
                                                             {"exp", 0},
                                                             {"ln", 0},
                                                             {"log2", 0},
                                                             {"log10", 0},
                                                             {"sgn", 0}};

// The word of identifier characters ending just before `end`.
std::string word_before(const std::string& s, std::size_t end) {
  std::size_t begin = end;
  while (begin > 0 && ident_char(s[begin - 1])) {
    --begin;
  }
  return s.substr(begin, end - begin);
}

// Skips spaces from `i`; returns the word starting there (empty if none).
std::string word_at(const std::string& s, std::size_t& i) {
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i])) != 0) {
    ++i;
  }
  std::size_t end = i;
  while (end < s.size() && ident_char(s[end])) {
    ++end;
  }
  return s.substr(i, end - i);
}

Node parse_binary(const std::string& s, std::size_t at, std::size_t length, const std::string& op) {
  Node node;
  node.kind = Node::Kind::kBinary;
  node.op = op;
  node.lhs = trim(s.substr(0, at));
  std::size_t i = at + length;
  std::size_t mark = i;
  std::string word = word_at(s, i);
  if (word == "bool") {
    node.bool_modifier = true;
    i += word.size();
    mark = i;
    word = word_at(s, i);
  }
  const std::size_t modifiers_begin = mark;
  for (const char* keyword : {"on|ignoring", "group_left|group_right"}) {
    const std::string options = std::string("|") + keyword + "|";
    if (!word.empty() && options.find("|" + word + "|") != std::string::npos) {
      i += word.size();
      std::size_t paren = i;
      while (paren < s.size() && std::isspace(static_cast<unsigned char>(s[paren])) != 0) {
        ++paren;
      }
      if (paren < s.size() && s[paren] == '(') {
        i = matching_close(s, paren) + 1;
      }
      mark = i;
      word = word_at(s, i);
    }
  }
  node.modifiers = trim(s.substr(modifiers_begin, mark - modifiers_begin));
  node.rhs = trim(s.substr(mark));
  return node;
}

Node parse(const std::string& expression) {
  const std::string s = trim(expression);
  const auto top = top_level_mask(s);
  // The top-level binary operator binding loosest: the last of them (left-associative), the first for ^.
  static const std::set<std::string> kNotOperand = {"and", "or",       "unless",     "bool",        "by",     "without",
                                                    "on",  "ignoring", "group_left", "group_right", "offset", "atan2"};
  int best_precedence = 99;
  std::size_t best_at = 0;
  std::size_t best_length = 0;
  std::string best_op;
  const auto consider = [&](int precedence, std::size_t at, std::size_t length, std::string op) {
    if (precedence < best_precedence || (precedence == best_precedence && precedence != 6)) {
      best_precedence = precedence;
      best_at = at;
      best_length = length;
      best_op = std::move(op);
    }
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!top[i]) {
      continue;
    }
    const char c = s[i];
    if (ident_char(c) && (i == 0 || !ident_char(s[i - 1]))) {
      std::size_t end = i;
      while (end < s.size() && ident_char(s[end])) {
        ++end;
      }
      const std::string word = s.substr(i, end - i);
      if (word == "or") {
        consider(1, i, 2, word);
      } else if (word == "and" || word == "unless") {
        consider(2, i, word.size(), word);
      } else if (word == "atan2") {
        consider(5, i, 5, word);
      }
      i = end - 1;
      continue;
    }
    const char next = i + 1 < s.size() ? s[i + 1] : '\0';
    if ((c == '=' || c == '!' || c == '>' || c == '<') && next == '=') {
      consider(3, i, 2, std::string{c, '='});
      ++i;
    } else if (c == '>' || c == '<') {
      consider(3, i, 1, std::string(1, c));
    } else if (c == '+' || c == '-') {
      // Binary only after an operand; not a sign after an operator or keyword, nor a number's exponent.
      std::size_t j = i;
      while (j > 0 && std::isspace(static_cast<unsigned char>(s[j - 1])) != 0) {
        --j;
      }
      if (j == 0) {
        continue;
      }
      const char before = s[j - 1];
      const std::string word = word_before(s, j);
      const bool exponent = (before == 'e' || before == 'E') && j == i && word.size() > 1 &&
                            std::isdigit(static_cast<unsigned char>(word[0])) != 0;
      const bool after_operand = std::string(")]}\"'`.").find(before) != std::string::npos || ident_char(before);
      if (after_operand && !exponent && kNotOperand.count(word) == 0) {
        consider(4, i, 1, std::string(1, c));
      }
    } else if (c == '*' || c == '/' || c == '%') {
      consider(5, i, 1, std::string(1, c));
    } else if (c == '^') {
      consider(6, i, 1, "^");
    }
  }
  if (best_precedence != 99) {
    return parse_binary(s, best_at, best_length, best_op);
  }

  Node node;
  if (!s.empty() && s.front() == '(' && matching_close(s, 0) == s.size() - 1) {
    node.kind = Node::Kind::kParens;
    node.arguments = {trim(s.substr(1, s.size() - 2))};
    return node;
  }
  std::size_t i = 0;
  const std::string name = word_at(s, i);
  if (name.empty()) {
    return node;
  }
  i += name.size();
  const auto skip_grouping = [&] {  // by (...) / without (...)
    std::size_t j = i;
    const std::string w = word_at(s, j);
    if (w == "by" || w == "without") {
      j += w.size();
      while (j < s.size() && std::isspace(static_cast<unsigned char>(s[j])) != 0) {
        ++j;
      }
      if (j < s.size() && s[j] == '(') {
        i = matching_close(s, j) + 1;
      }
    }
  };
  const bool aggregation = kAggregations.count(name) != 0;
  if (aggregation) {
    skip_grouping();
  }
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i])) != 0) {
    ++i;
  }
  if (i >= s.size() || s[i] != '(') {
    return node;  // a selector, a number, a string
  }
  const std::size_t close = matching_close(s, i);
  if (close == std::string::npos) {
    return node;
  }
  const auto arguments = split_arguments(s.substr(i + 1, close - i - 1));
  i = close + 1;
  if (aggregation) {
    skip_grouping();
  }
  if (!trim(s.substr(std::min(i, s.size()))).empty()) {
    return node;  // e.g. a subquery or offset after the call: a leaf
  }
  node.kind = Node::Kind::kCall;
  node.op = name;
  const auto& table = aggregation ? kAggregations : kVectorFunctions;
  if (const auto it = table.find(name); it != table.end() && it->second < arguments.size()) {
    std::string argument = arguments[it->second];
    // absent_over_time(x[5m]): x has data or not.
    if (!argument.empty() && argument.back() == ']') {
      const auto open = argument.rfind('[');
      argument = trim(argument.substr(0, open));
    }
    node.arguments = {argument};
  }
  return node;
}

// ---- Running the expressions ----------------------------------------------------------------------------------

// Series a healthy demo never creates. `covers` is a substring of the expressions (or operands) the exemption
// applies to once they come back empty; every witness must return data in this run, showing the reason holds.
struct Exemption {
  std::string covers;
  std::string reason;
  std::vector<std::string> witnesses;
};

const std::vector<Exemption> kExemptions = {
    {"cachepilot_cache_figures_",
     "the demo starts its extender without --prometheus: it loads no per-node cache figures and registers no "
     "cachepilot_cache_figures_* series",
     {R"(absent({__name__=~"cachepilot_cache_figures_.+"}))", R"(up{job="cachepilot-extender"} == 1)"}},
    {"cachepilot_autoscaler_api_errors_total",
     "created at the autoscaler's first failed Kubernetes API call; the demo's simulated API server fails none",
     {"absent(cachepilot_autoscaler_api_errors_total)", R"(up{job="cachepilot-autoscaler"} == 1)"}},
    {"cachepilot_autoscaler_prometheus_query_errors_total",
     "created at the autoscaler's first failed demand query (the demo's first cycles usually see NoData, not always)",
     {"absent(cachepilot_autoscaler_prometheus_query_errors_total)", R"(up{job="cachepilot-autoscaler"} == 1)"}},
    {R"(cachepilot_autoscaler_decisions_total{reason="DryRun"})",
     "the demo's CacheAutoscaler is Predictive: it makes no DryRun decision",
     {R"(absent(cachepilot_autoscaler_decisions_total{reason="DryRun"}))",
      R"(cachepilot_autoscaler_decisions_total{namespace="ai",name="llama-7b",reason!="DryRun"})"}},
    {R"(cachepilot_autoscaler_decisions_total{reason="AmbiguousTarget"})",
     "the demo's CacheAutoscaler is the only autoscaler of its runtime: it makes no AmbiguousTarget decision",
     {R"(absent(cachepilot_autoscaler_decisions_total{reason="AmbiguousTarget"}))",
      R"(cachepilot_autoscaler_decisions_total{namespace="ai",name="llama-7b",reason!="AmbiguousTarget"})"}},
};

enum class Verdict {
  kData,         // returned data now
  kDataEarlier,  // returned data earlier in the run
  kEmptyFilter,  // a filter with nothing to pass; every operand returned data
  kExempt,       // reads series the demo never creates (kExemptions)
  kFailed,
};

// An expression on one line, for messages.
std::string one_line(const std::string& expr) {
  static const std::regex space(R"(\s+)");
  return trim(std::regex_replace(expr, space, " "));
}

// Adds a line to a failure explanation.
void note(std::string& why, const std::string& line) { why += "\n    " + one_line(line); }

double unix_now() { return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count(); }

class Checker {
 public:
  Checker(prom::PrometheusClient& client, double run_start_unix) : client_(client), run_start_(run_start_unix) {}

  // Checks one expression; on kFailed, `why` says which (sub-)expression returned no data and why.
  Verdict check(const std::string& expr, std::string& why, bool over_the_run = true) {
    prom::QueryFailure failure{};
    auto now = client_.query(expr, &failure);
    if (!now.ok()) {
      note(why, "query failed (" + std::string(prom::to_string(failure)) + "): " + now.error().message + ": " + expr);
      return Verdict::kFailed;
    }
    if (!now->samples.empty()) {
      return Verdict::kData;
    }
    if (over_the_run) {
      auto run = client_.query_range(expr, run_start_, unix_now(), std::chrono::milliseconds(1000));
      if (run.ok() && std::any_of(run->series.begin(), run->series.end(),
                                  [](const prom::Series& s) { return !s.points.empty(); })) {
        return Verdict::kDataEarlier;
      }
    }
    const Node node = parse(expr);
    if (!node.is_filter() && !node.is_transparent()) {
      for (const auto& exemption : kExemptions) {
        if (expr.find(exemption.covers) != std::string::npos) {
          return exempt(exemption, why) ? Verdict::kExempt : Verdict::kFailed;
        }
      }
      note(why, "no data: " + expr);
      return Verdict::kFailed;
    }
    bool ok = true;
    bool explained = node.is_filter();
    bool all_data = true;
    const auto operands = node.operands();
    for (const auto& operand : operands) {
      const auto verdict = check(operand, why, false);
      ok = ok && verdict != Verdict::kFailed;
      explained = explained || verdict == Verdict::kEmptyFilter || verdict == Verdict::kExempt;
      all_data = all_data && verdict == Verdict::kData;
    }
    if (!ok) {
      return Verdict::kFailed;
    }
    if (!explained) {
      note(why, "no data, though its argument has data: " + expr);
      return Verdict::kFailed;
    }
    if (node.is_comparison() && operands.size() == 2 && all_data) {
      // Both sides have data: their series must match, or the filter could never pass.
      const std::string matched = node.lhs + " " + node.op + " bool " + node.modifiers + " " + node.rhs;
      auto answer = client_.query(matched);
      if (!answer.ok() || answer->samples.empty()) {
        note(why, "the two sides match no series: " + matched);
        return Verdict::kFailed;
      }
    }
    return Verdict::kEmptyFilter;
  }

  [[nodiscard]] const std::set<std::string>& exemptions_used() const { return used_; }
  [[nodiscard]] int exemptions_applied() const { return applied_; }

 private:
  bool exempt(const Exemption& exemption, std::string& why) {
    for (const auto& witness : exemption.witnesses) {
      auto answer = client_.query(witness);
      if (!answer.ok() || answer->samples.empty()) {
        note(why, "exempt as \"" + exemption.reason + "\", but its witness returned no data: " + witness);
        return false;
      }
    }
    used_.insert(exemption.covers);
    ++applied_;
    return true;
  }

  prom::PrometheusClient& client_;
  double run_start_;
  std::set<std::string> used_;
  int applied_ = 0;
};

// ---- The demo -------------------------------------------------------------------------------------------------

using testing::TempDir;

// However a test ends (a failed ASSERT included), Ctrl-C stops the demo and everything it started.
class CtrlCAtExit {
 public:
  explicit CtrlCAtExit(testing::ChildProcess& demo) : demo_(demo) {}
  ~CtrlCAtExit() {
    if (!demo_.wait_for_exit(std::chrono::milliseconds(0))) {
      demo_.signal(SIGINT);
      (void)demo_.wait_for_exit(seconds(60));
    }
  }
  CtrlCAtExit(const CtrlCAtExit&) = delete;
  CtrlCAtExit& operator=(const CtrlCAtExit&) = delete;

 private:
  testing::ChildProcess& demo_;
};

json read_json(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str(), nullptr, false);
}

// What the dashboard's variables are set to: the demo's one CacheAutoscaler and dataset.
promql::Substitution demo_substitution() {
  promql::Substitution with;
  with.rate_interval = "5m";
  with.interval = "1m";
  with.range = "1h";
  with.variables = {{"namespace", "ai"}, {"name", "llama-7b"}, {"dataset", "llama-7b"}};
  return with;
}

struct Query {
  std::string where;  // e.g. recording rule cachepilot:..., alert Cachepilot..., panel "..." target A
  std::string expr;
  bool strict = false;  // must return data now or earlier in the run: no filter or exemption
};

// The table: every expression of deploy/monitoring, as run against the demo.
std::vector<Query> monitoring_queries() {
  std::vector<Query> out;
  for (const auto& rule : promql::load_rules(promql::kRecordingRules, "record")) {
    out.push_back({"recording rule " + rule.name, rule.expr, false});
    // The recorded series itself, as Prometheus stored it during the run (rules are evaluated every second).
    out.push_back({"recorded series " + rule.name, "present_over_time(" + rule.name + "[10m])", true});
  }
  for (const auto& rule : promql::load_rules(promql::kAlertingRules, "alert")) {
    out.push_back({"alert " + rule.name, rule.expr, false});
  }
  for (const auto& e : promql::dashboard_expressions(promql::load_dashboard())) {
    out.push_back({"dashboard " + e.where, promql::substitute_variables(e.expr, demo_substitution()), false});
  }
  return out;
}

std::vector<std::string> demo_args(const TempDir& dir) {
  // The first 20 trace minutes at 60x (20 s): the autoscaler scales the runtime up (1 -> 3 workers) and back,
  // the extender is asked for every one of ~340 pods. Prometheus keeps wall time, so 5m windows span the run.
  return {CACHEPILOT_BINARY,
          "demo",
          "--speed",
          "60",
          "--duration",
          "1200",
          "--keep-running",
          "--report",
          (dir.path() / "report").string(),
          "--work-dir",
          (dir.path() / "work").string()};
}

TEST(MonitoringQueries, EveryExpressionReturnsDataFromTheDemosPrometheus) {
  const auto queries = monitoring_queries();
  // A guard against a vacuous pass: the files were found and read.
  ASSERT_GE(
      std::count_if(queries.begin(), queries.end(), [](const Query& q) { return q.where.rfind("alert ", 0) == 0; }), 8);
  ASSERT_GE(
      std::count_if(queries.begin(), queries.end(), [](const Query& q) { return q.where.rfind("dashboard ", 0) == 0; }),
      40);
  ASSERT_GE(std::count_if(queries.begin(), queries.end(),
                          [](const Query& q) { return q.where.rfind("recorded series ", 0) == 0; }),
            20);

  const auto started = std::chrono::steady_clock::now();
  const double launched = unix_now();
  TempDir dir("cachepilot-monitoring-queries");
  ASSERT_FALSE(dir.path().empty());
  testing::ChildProcess demo(demo_args(dir));
  ASSERT_TRUE(demo.started());
  const CtrlCAtExit ctrl_c_at_exit(demo);
  ASSERT_TRUE(demo.wait_for_output("still running", seconds(180))) << demo.output();
  const json summary = read_json(dir.path() / "report" / "demo.json");
  ASSERT_TRUE(summary.is_object()) << demo.output();
  // What the expressions need happened: the autoscaler scaled, the extender served the scheduler.
  EXPECT_GE(summary["scale_writes"].get<int>(), 1) << summary.dump(2);
  EXPECT_GT(summary["extender_calls"].get<int>(), 10) << summary.dump(2);

  net::ClientOptions options;
  options.base_url = summary["prometheus_url"].get<std::string>();
  options.timeout = std::chrono::milliseconds(10000);
  auto http = net::make_http_client(options);
  ASSERT_TRUE(http.ok());
  prom::PrometheusClient client(std::move(http).value());
  // The run, for "returned data earlier": from the first second Prometheus had scraped all three jobs (the demo
  // waits for that before it creates the CacheAutoscaler) -- before it, absent(up{...} == 1) holds vacuously.
  auto all_up = client.query_range("count(up == 1) >= 3", launched, unix_now(), std::chrono::milliseconds(1000));
  ASSERT_TRUE(all_up.ok() && !all_up->series.empty() && !all_up->series[0].points.empty()) << demo.output();
  Checker checker(client, all_up->series[0].points.front().timestamp_unix);

  // The values the variables are set to are among those the dashboard would offer.
  const auto substitution = demo_substitution();
  // Kept in a local: a range-for over a member of a temporary would read freed memory.
  const auto dashboard = promql::load_dashboard();
  for (const auto& variable : dashboard["templating"]["list"]) {
    const auto label = promql::variable_label(variable);
    const auto expr = promql::variable_expression(variable);
    if (!label || !expr) {
      continue;
    }
    const auto name = variable.value("name", "");
    ASSERT_EQ(substitution.variables.count(name), 1U) << "no demo value for variable " << name;
    auto answer = client.query(promql::substitute_variables(*expr, substitution));
    ASSERT_TRUE(answer.ok()) << *expr;
    std::set<std::string> offered;
    for (const auto& sample : answer->samples) {
      if (const auto it = sample.metric.find(*label); it != sample.metric.end()) {
        offered.insert(it->second);
      }
    }
    EXPECT_EQ(offered.count(substitution.variables.at(name)), 1U)
        << "variable " << name << " offers no " << substitution.variables.at(name);
  }

  std::map<Verdict, int> counts;
  for (const auto& q : queries) {
    std::string why;
    const int exempt_before = checker.exemptions_applied();
    auto verdict = checker.check(q.expr, why);
    if (q.strict && verdict != Verdict::kData && verdict != Verdict::kDataEarlier) {
      verdict = Verdict::kFailed;
      if (why.empty()) {
        note(why, "no data: " + q.expr);
      }
    }
    if (verdict == Verdict::kEmptyFilter && checker.exemptions_applied() > exempt_before) {
      verdict = Verdict::kExempt;  // empty because an operand reads series the demo never creates
    }
    ++counts[verdict];
    if (verdict == Verdict::kFailed) {
      ADD_FAILURE() << q.where << " returned no data from the demo's Prometheus:\n  " << one_line(q.expr) << why;
    }
  }

  // The checker does fail what it should (against the same Prometheus): a missing metric, a broken
  // expression, a filter over a missing metric, sides that match no series; and passes a filter that merely
  // has nothing to pass.
  for (const std::string broken :
       {"rate(cachepilot_no_such_metric_total[5m])", "sum(cachepilot_autoscaler_targets",
        "cachepilot_no_such_metric > 0", "cachepilot_autoscaler_is_leader > on (job) cachepilot_snapshot_nodes",
        R"(histogram_quantile(0.5, sum by (job) (rate(cachepilot_extender_request_duration_seconds_bucket[5m]))))"}) {
    std::string why;
    EXPECT_EQ(checker.check(broken, why), Verdict::kFailed) << broken;
  }
  {
    std::string why;
    EXPECT_EQ(checker.check("cachepilot_autoscaler_targets > 1e9", why), Verdict::kEmptyFilter) << why;
  }

  const int total = static_cast<int>(queries.size());
  const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "monitoring queries: " << total << " expressions (recording rules and their series, alerts, dashboard) "
            << "against the demo's Prometheus: " << (counts[Verdict::kFailed] == 0 ? "all returned data -- " : "")
            << counts[Verdict::kData] << " now, " << counts[Verdict::kDataEarlier] << " earlier in the run, "
            << counts[Verdict::kEmptyFilter] << " filters with nothing to pass whose operands all did, "
            << counts[Verdict::kExempt] << " reading (in part) series the demo never creates; "
            << counts[Verdict::kFailed] << " without data (" << took << " s)" << std::endl;
  for (const auto& exemption : kExemptions) {
    if (checker.exemptions_used().count(exemption.covers) != 0) {
      std::cout << "  exempt: " << exemption.covers << ": " << exemption.reason << std::endl;
    }
  }

  // Ctrl-C stops the demo and everything it started.
  demo.signal(SIGINT);
  const auto code = demo.wait_for_exit(seconds(60));
  ASSERT_TRUE(code.has_value()) << "the demo did not stop on SIGINT:\n" << demo.output();
  EXPECT_EQ(*code, 0) << demo.output();
}

// ---- The shape parser, without a demo -------------------------------------------------------------------------

TEST(MonitoringQueries, ParsesTheOutermostOperation) {
  auto n = parse(R"(absent(up{job="cachepilot-autoscaler"} == 1))");
  EXPECT_TRUE(n.is_absent());
  EXPECT_EQ(n.operands(), std::vector<std::string>{R"(up{job="cachepilot-autoscaler"} == 1)"});
  n = parse(R"(up{job="cachepilot-autoscaler"} == 1)");
  EXPECT_TRUE(n.is_comparison());
  EXPECT_EQ(n.operands(), std::vector<std::string>{R"(up{job="cachepilot-autoscaler"})"});

  // `or` binds loosest, then `and`/`unless`, then comparisons; left-associative: the last `and` splits first.
  n = parse("a > 1 and on (namespace, name) (b == 0) and on (x) c or d");
  EXPECT_EQ(n.op, "or");
  EXPECT_EQ(n.lhs, "a > 1 and on (namespace, name) (b == 0) and on (x) c");
  n = parse(n.lhs);
  EXPECT_EQ(n.op, "and");
  EXPECT_EQ(n.modifiers, "on (x)");
  EXPECT_EQ(n.lhs, "a > 1 and on (namespace, name) (b == 0)");
  EXPECT_EQ(n.rhs, "c");

  n = parse("x unless on (namespace, name)\n(sum by (namespace, name) (increase(y{reason=\"a>b\"}[10m])) > 0)");
  EXPECT_EQ(n.op, "unless");
  n = parse(n.rhs);
  EXPECT_EQ(n.kind, Node::Kind::kParens);
  n = parse(n.arguments[0]);
  EXPECT_TRUE(n.is_comparison());
  n = parse(n.lhs);
  EXPECT_EQ(n.kind, Node::Kind::kCall);
  EXPECT_EQ(n.op, "sum");
  EXPECT_EQ(n.operands(), std::vector<std::string>{"increase(y{reason=\"a>b\"}[10m])"});
  EXPECT_FALSE(parse(n.operands()[0]).is_transparent());  // a range function: a leaf

  // Comparisons with bool are not filters; numbers are not operands; signs and exponents are not operators.
  EXPECT_FALSE(parse("a > bool 1").is_filter());
  EXPECT_EQ(parse("a > 1.25 * b").rhs, "1.25 * b");
  EXPECT_EQ(parse("a > 1.25 * b").operands(), (std::vector<std::string>{"a", "1.25 * b"}));
  EXPECT_EQ(parse("a > -1").op, ">");
  EXPECT_EQ(parse("a >= 1e-3").op, ">=");
  EXPECT_EQ(parse("time() - (x > 0)").op, "-");
  EXPECT_EQ(parse("a / on (job) group_left (verb) b").modifiers, "on (job) group_left (verb)");
  EXPECT_EQ(parse("a / on (job) group_left (verb) b").rhs, "b");

  n = parse(R"(label_replace(x > 900, "reason", "r", "", ""))");
  EXPECT_TRUE(n.is_transparent());
  EXPECT_EQ(n.operands(), std::vector<std::string>{"x > 900"});
  n = parse("histogram_quantile(0.99, sum by (le) (rate(b[5m])))");
  EXPECT_EQ(n.operands(), std::vector<std::string>{"sum by (le) (rate(b[5m]))"});
  n = parse("max by (job) (x) ");
  EXPECT_EQ(n.operands(), std::vector<std::string>{"x"});
  n = parse("sum(x) by (job)");
  EXPECT_EQ(n.operands(), std::vector<std::string>{"x"});
  EXPECT_EQ(parse(R"(x{a="or"} or y)").lhs, R"(x{a="or"})");
  EXPECT_EQ(parse("cachepilot:extender_locality_informed:ratio_rate5m").kind, Node::Kind::kLeaf);
  EXPECT_EQ(parse("max_over_time(x[7d])").kind, Node::Kind::kCall);
  EXPECT_FALSE(parse("max_over_time(x[7d])").is_transparent());
}

}  // namespace
}  // namespace cachepilot
