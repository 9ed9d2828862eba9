#include "metrics/registry.hpp"

#include <prometheus/gauge.h>
#include <prometheus/text_serializer.h>

#include "cachepilot/version.hpp"

namespace cachepilot::metrics {

Registry::Registry() : registry_(std::make_shared<prometheus::Registry>()) {
  prometheus::BuildGauge()
      .Name("cachepilot_build_info")
      .Help("Build information; the value is always 1")
      .Register(*registry_)
      .Add({{"version", kVersion}})
      .Set(1);
}

std::string Registry::serialize() const { return prometheus::TextSerializer().Serialize(registry_->Collect()); }

}  // namespace cachepilot::metrics
