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

std::string Registry::serialize() const {
  {
    std::lock_guard lock(hooks_mutex_);
    for (const auto& hook : hooks_) {
      hook();
    }
  }
  return prometheus::TextSerializer().Serialize(registry_->Collect());
}

void Registry::add_collect_hook(std::function<void()> hook) {
  std::lock_guard lock(hooks_mutex_);
  hooks_.push_back(std::move(hook));
}

}  // namespace cachepilot::metrics
