#include "common/strings.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/result.hpp"

namespace cachepilot {
namespace {

using Parts = std::vector<std::string>;

TEST(SplitList, TrimsAndDropsEmptyParts) {
  EXPECT_EQ(split_list("a, b,,c", ','), (Parts{"a", "b", "c"}));
  EXPECT_EQ(split_list("hbase", ','), (Parts{"hbase"}));
  EXPECT_EQ(split_list("  imagenet , llama-7b ", ','), (Parts{"imagenet", "llama-7b"}));
  EXPECT_EQ(split_list("x,", ','), (Parts{"x"}));
  EXPECT_EQ(split_list(",x", ','), (Parts{"x"}));
  EXPECT_EQ(split_list("a\t,\nb", ','), (Parts{"a", "b"}));
  EXPECT_EQ(split_list("a;b,c", ';'), (Parts{"a", "b,c"}));
}

TEST(SplitList, NothingGivesNothing) {
  EXPECT_TRUE(split_list("", ',').empty());
  EXPECT_TRUE(split_list(",,,", ',').empty());
  EXPECT_TRUE(split_list(" , ,  ", ',').empty());
}

TEST(Trim, StripsAsciiWhitespaceOnly) {
  EXPECT_EQ(trim("  x y \r\n"), "x y");
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim(" \t"), "");
  EXPECT_EQ(trim("\vx"), "\vx");  // not one of the four trimmed characters
}

TEST(Iequals, MatchesAsGoDecodesKeys) {
  EXPECT_TRUE(iequals("NodeNames", "nodenames"));
  EXPECT_TRUE(iequals("POD", "pod"));
  EXPECT_FALSE(iequals("Nodes", "NodeNames"));
  EXPECT_FALSE(iequals("Pod", "Pods"));
  EXPECT_TRUE(iequals("", ""));
}

std::string json_string(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

TEST(AppendJsonString, EscapesWhatJsonRequires) {
  struct Case {
    std::string in;
    std::string want;
  };
  const std::vector<Case> cases{
      {"", R"("")"},
      {"node-a1", R"("node-a1")"},
      {"say \"hi\"", R"("say \"hi\"")"},
      {"C:\\path", R"("C:\\path")"},
      {"a\nb\rc\td", R"("a\nb\rc\td")"},
      {std::string("\x01\x1f", 2), R"("\u0001\u001f")"},
      {std::string("nul\0x", 5), R"("nul\u0000x")"},
      {"\b\f", R"("\u0008\u000c")"},
      {"\x7f", "\"\x7f\""},  // DEL needs no escape
      {"z\xC3\xBC"
       "rich",
       "\"z\xC3\xBCrich\""},  // UTF-8 passes through
      {"</script>", R"("</script>")"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(json_string(c.in), c.want);
  }
}

TEST(AppendJsonString, AppendsWithoutClearing) {
  std::string out = "[";
  append_json_string(out, "a");
  out += ",";
  append_json_string(out, "b");
  out += "]";
  EXPECT_EQ(out, R"(["a","b"])");
}

TEST(AppendJsonString, EveryAsciiCharacterRoundTripsThroughAJsonParser) {
  std::string all;
  for (int c = 0; c < 128; ++c) {
    all.push_back(static_cast<char>(c));
  }
  const auto parsed = nlohmann::json::parse(json_string(all));
  ASSERT_TRUE(parsed.is_string());
  EXPECT_EQ(parsed.get<std::string>(), all);
}

TEST(ErrorWrap, PrefixesContextAndKeepsTheCode) {
  const auto e = make_error(ErrorCode::kParse, "field \"labels\": want object, got array").wrap("Node n1");
  EXPECT_EQ(e.code, ErrorCode::kParse);
  EXPECT_EQ(e.message, "Node n1: field \"labels\": want object, got array");
  EXPECT_STREQ(to_string(ErrorCode::kNotFound), "not_found");
  EXPECT_STREQ(to_string(ErrorCode::kTooLarge), "too_large");
}

}  // namespace
}  // namespace cachepilot

namespace cachepilot {
namespace {

TEST(Base64Decode, DecodesWithOrWithoutPaddingAndIgnoresLineBreaks) {
  struct Case {
    const char* in;
    const char* out;
  };
  for (const auto& c : std::vector<Case>{{"", ""},
                                         {"YQ==", "a"},
                                         {"YWI=", "ab"},
                                         {"YWJj", "abc"},
                                         {"YWJjZA", "abcd"},  // padding dropped, as some tools emit
                                         {"YW\nJj\r\n", "abc"},
                                         {"Pz8/", "???"}}) {
    std::string out;
    ASSERT_TRUE(base64_decode(c.in, out)) << c.in;
    EXPECT_EQ(out, c.out) << c.in;
  }
  std::string out;
  EXPECT_FALSE(base64_decode("YW!j", out));
  EXPECT_FALSE(base64_decode("YW_j", out));  // base64url is not what kubeconfig uses
}

TEST(UrlEncode, KeepsUnreservedAndEscapesTheRest) {
  EXPECT_EQ(url_encode("abc-_.~09"), "abc-_.~09");
  EXPECT_EQ(url_encode("a b/c?d=e&f"), "a%20b%2Fc%3Fd%3De%26f");
  EXPECT_EQ(url_encode("sum(rate(x[1m]))"), "sum%28rate%28x%5B1m%5D%29%29");
  // PromQL is full of reserved characters: space, braces, quotes, =, ~, (, ), [, ], :, +, &, #, /.
  EXPECT_EQ(url_encode(R"(sum by (node) (x{a="b",c=~"d.+"}[5m]))"),
            "sum%20by%20%28node%29%20%28x%7Ba%3D%22b%22%2Cc%3D~%22d.%2B%22%7D%5B5m%5D%29");
  EXPECT_EQ(url_encode(""), "");
  EXPECT_EQ(url_encode("\xC3\xA9"), "%C3%A9");
}

}  // namespace
}  // namespace cachepilot
