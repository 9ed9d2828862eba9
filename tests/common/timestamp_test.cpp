// Timestamps of traces and of the Kubernetes API, read into seconds since the Unix epoch.
#include "common/timestamp.hpp"

#include <string>

#include <gtest/gtest.h>

namespace cachepilot {
namespace {

TEST(Timestamp, UtcSecondsWithFractions) {
  // 1970-01-02 00:00:01.5 = 86400 + 1.5
  auto a = parse_timestamp("1970-01-02 00:00:01.5");
  ASSERT_TRUE(a.ok());
  EXPECT_DOUBLE_EQ(*a, 86401.5);
  // 2023-11-16 18:17:03.97996 → 1700158623.97996 (date -u -d '2023-11-16 18:17:03' +%s = 1700158623)
  auto b = parse_timestamp("2023-11-16 18:17:03.9799600");
  ASSERT_TRUE(b.ok());
  EXPECT_NEAR(*b, 1700158623.97996, 1e-6);
}

TEST(Timestamp, ZonesAreTakenIntoAccount) {
  struct Case {
    const char* text;
    double seconds;
  };
  const Case cases[] = {
      {"1970-01-02 00:00:01Z", 86401},                         // 86400 + 1
      {"1970-01-02T00:00:01.25+00:00", 86401.25},              // the 2024 Azure LLM traces' form
      {"1970-01-02 02:00:01.5+02:00", 86401.5},                // 2 h east of UTC: 02:00:01.5 there is 00:00:01.5 UTC
      {"1970-01-01 22:30:01-0130", 86401},                     // 22:30:01 + 1:30 = 24:00:01 UTC
      {"1970-01-02 05:00:01+05", 86401},                       // hours alone
      {"2024-05-10 00:00:00.009930+00:00", 1715299200.00993},  // date -u -d 2024-05-10 +%s = 1715299200
      {"2026-12-06T02:00:00Z", 1796522400},                    // Kubernetes' form: date -u -d 2026-12-06T02:00:00Z +%s
  };
  for (const auto& c : cases) {
    auto t = parse_timestamp(c.text);
    ASSERT_TRUE(t.ok()) << c.text;
    EXPECT_NEAR(*t, c.seconds, 1e-6) << c.text;
  }
  for (const char* bad : {"1970-01-02 00:00:01 UTC", "1970-01-02 00:00:01+2", "1970-01-02 00:00:01+02:6",
                          "1970-01-02 00:00:01+24:00", "1970-01-02 00:00:01.", "1970-01-02 00:00:01.5x",
                          "1970-01-02 00:00:01+02:00:00", "1970-01-02 00:00:01+-1:00", "1970-01-02 -1:00:01"}) {
    auto t = parse_timestamp(bad);
    ASSERT_FALSE(t.ok()) << bad;
    EXPECT_NE(t.error().message.find("bad timestamp"), std::string::npos) << bad;
  }
}

}  // namespace
}  // namespace cachepilot
