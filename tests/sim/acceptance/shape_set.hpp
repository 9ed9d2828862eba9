#pragma once
// What the shape sets of issue 4's acceptance suite share: a shape, its helpers and the fixtures each set's file under
// tests/sim/acceptance/ instantiates. The judge, the criteria and the tests' bodies are in
// tests/sim/acceptance_test.cpp.
#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sim/trace.hpp"

namespace cachepilot::sim::acceptance {

struct Shape {
  const char* name;
  std::vector<double> (*make)();
  bool predictable;  // held to the near-oracle criterion too
};

// Every shape set's tests are named after their shapes.
inline std::string shape_name(const ::testing::TestParamInfo<Shape>& i) { return i.param.name; }

inline constexpr double kUnit = 100 * kMiB;  // the shapes' demand unit

// The same demand played backwards: a rise becomes a jump nothing before it announces.
inline std::vector<double> reversed(std::vector<double> d) {
  std::reverse(d.begin(), d.end());
  return d;
}

// Two demands of the same length, one on top of the other.
inline std::vector<double> summed(std::vector<double> d, const std::vector<double>& on_top) {
  for (std::size_t i = 0; i < d.size() && i < on_top.size(); ++i) {
    d[i] += on_top[i];
  }
  return d;
}

// Shapes held to the criteria: a failure fails the suite.
class GeneratedShapes : public ::testing::TestWithParam<Shape> {};

// Shapes on which the criteria do not all hold yet (docs/simulate.md, "Open"): instantiated as disabled tests.
class OpenShapes : public ::testing::TestWithParam<Shape> {};

}  // namespace cachepilot::sim::acceptance
