// parse_bytes / parse_percentage over the strings Fluid (units.BytesSize, "%.1f%%") and Kubernetes
// (resource.Quantity) put in objects.
#include "common/quantity.hpp"

#include <cstdint>
#include <ostream>
#include <string>

#include <gtest/gtest.h>

namespace cachepilot {
namespace {

constexpr std::uint64_t kKi = 1ULL << 10U;
constexpr std::uint64_t kMi = 1ULL << 20U;
constexpr std::uint64_t kGi = 1ULL << 30U;
constexpr std::uint64_t kTi = 1ULL << 40U;
constexpr std::uint64_t kPi = 1ULL << 50U;
constexpr std::uint64_t kEi = 1ULL << 60U;

struct BytesCase {
  const char* text;
  std::uint64_t want;
};

void PrintTo(const BytesCase& c, std::ostream* os) { *os << '"' << c.text << "\" -> " << c.want; }

class ParseBytesGood : public ::testing::TestWithParam<BytesCase> {};

TEST_P(ParseBytesGood, Parses) {
  const auto& c = GetParam();
  auto got = parse_bytes(c.text);
  ASSERT_TRUE(got.ok()) << c.text << ": " << got.error().message;
  EXPECT_EQ(*got, c.want) << c.text;
}

INSTANTIATE_TEST_SUITE_P(FluidAndKubernetes, ParseBytesGood,
                         ::testing::Values(
                             // Fluid's human-readable sizes (binary units, two decimals)
                             BytesCase{"52.18MiB", 54714696},  // 52.18 × 1048576 = 54714695.68 → rounds to 54714696
                             BytesCase{"2.00GiB", 2 * kGi},    // 2 × 2^30
                             BytesCase{"0.00B", 0},            //
                             BytesCase{"512.00B", 512},        //
                             BytesCase{"1.50KiB", 1536},       // 1.5 × 1024
                             BytesCase{"1.5 TiB", kTi + kTi / 2},
                             BytesCase{" 3.00GiB\n", 3 * kGi},  // surrounding whitespace trimmed
                             BytesCase{"1.00PiB", kPi},         //
                             BytesCase{"1.00EiB", kEi},         //
                             // Kubernetes quantities: binary and decimal suffixes, plain numbers, exponents
                             BytesCase{"10Gi", 10 * kGi},                                        //
                             BytesCase{"500M", 500000000},                                       // 500 × 10^6
                             BytesCase{"128Ki", 128 * kKi}, BytesCase{"64Mi", 64 * kMi},         //
                             BytesCase{"2Ti", 2 * kTi},                                          //
                             BytesCase{"3k", 3000},                                              //
                             BytesCase{"4G", 4000000000},                                        //
                             BytesCase{"1T", 1000000000000}, BytesCase{"2P", 2000000000000000},  // 2 × 10^15
                             BytesCase{"1E", 1000000000000000000},                               // 10^18
                             BytesCase{"1e9", 1000000000},                                       // decimal exponent
                             BytesCase{"12345", 12345}, BytesCase{"0", 0},
                             BytesCase{"1.5GB", 1500000000},  // 1.5 × 10^9
                             // Sizes above 2^63 still fit a uint64: 15 × 2^60 = 17293822569102704640
                             BytesCase{"15EiB", 15 * kEi}, BytesCase{"8EiB", 8 * kEi}));

class ParseBytesBad : public ::testing::TestWithParam<std::pair<const char*, const char*>> {};

TEST_P(ParseBytesBad, IsAParseErrorQuotingTheInput) {
  const auto& [text, want_in_message] = GetParam();
  auto got = parse_bytes(text);
  ASSERT_FALSE(got.ok()) << text << " parsed as " << *got;
  EXPECT_EQ(got.error().code, ErrorCode::kParse);
  EXPECT_NE(got.error().message.find(want_in_message), std::string::npos) << got.error().message;
}

INSTANTIATE_TEST_SUITE_P(BadInput, ParseBytesBad,
                         ::testing::Values(std::pair{"", "empty"}, std::pair{"   ", "empty"},
                                           std::pair{"abc", "\"abc\""}, std::pair{"MiB", "\"MiB\""},
                                           std::pair{"1.2.3MiB", "\"1.2.3MiB\""},
                                           std::pair{"100m", "\"100m\""},  // milli-bytes are not sizes
                                           std::pair{"-5Gi", "negative"}, std::pair{"12 XB", "\"12 XB\""},
                                           std::pair{"nan", "\"nan\""}, std::pair{"inf", "\"inf\""},
                                           std::pair{"16EiB", "out of range"},  // 2^64 does not fit
                                           std::pair{"[Calculating]", "\"[Calculating]\""}));

struct PercentCase {
  const char* text;
  double want;
};

void PrintTo(const PercentCase& c, std::ostream* os) { *os << '"' << c.text << "\" -> " << c.want; }

class ParsePercentageGood : public ::testing::TestWithParam<PercentCase> {};

TEST_P(ParsePercentageGood, IsAFraction) {
  const auto& c = GetParam();
  auto got = parse_percentage(c.text);
  ASSERT_TRUE(got.ok()) << c.text << ": " << got.error().message;
  EXPECT_DOUBLE_EQ(*got, c.want) << c.text;
}

INSTANTIATE_TEST_SUITE_P(Fluid, ParsePercentageGood,
                         ::testing::Values(PercentCase{"100.0%", 1.0}, PercentCase{"37.5%", 0.375},
                                           PercentCase{"0.0%", 0.0}, PercentCase{" 12.5 % ", 0.125},
                                           PercentCase{"50", 0.5},        // the % sign is optional
                                           PercentCase{"150.0%", 1.0}));  // clamped to 1

TEST(ParsePercentage, RejectsBadInput) {
  for (const char* text : {"", "%", "abc%", "1.2.3%", "x50%"}) {
    auto got = parse_percentage(text);
    EXPECT_FALSE(got.ok()) << text;
    if (!got.ok()) {
      EXPECT_EQ(got.error().code, ErrorCode::kParse);
    }
  }
  auto negative = parse_percentage("-3%");
  ASSERT_FALSE(negative.ok());
  EXPECT_NE(negative.error().message.find("negative"), std::string::npos);
}

}  // namespace
}  // namespace cachepilot
