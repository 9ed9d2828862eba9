#include "kube/reflector.hpp"

#include <algorithm>
#include <cmath>

#include "common/log.hpp"

namespace cachepilot::kube {

double backoff_seconds(const BackoffPolicy& policy, int failures, double random01) {
  const int exponent = std::clamp(failures - 1, 0, 30);
  const double base = std::min(policy.max_seconds, policy.initial_seconds * std::ldexp(1.0, exponent));
  const double jitter = std::clamp(policy.jitter, 0.0, 1.0);
  return base * (1.0 - jitter * std::clamp(random01, 0.0, 1.0));
}

Reflector::Reflector(const ApiClient& client, ReflectorOptions options, ReflectorSink& sink,
                     metrics::ResourceWatchMetrics& metrics)
    : client_(client), options_(std::move(options)), sink_(sink), metrics_(metrics), random_(std::random_device{}()) {}

Reflector::~Reflector() { stop(); }

void Reflector::start() {
  if (!thread_.joinable()) {
    thread_ = std::thread([this] { run(); });
  }
}

void Reflector::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  cancel_.cancel();
  if (thread_.joinable()) {
    thread_.join();
  }
}

bool Reflector::wait(double seconds) {
  std::unique_lock lock(mutex_);
  return !wake_.wait_for(lock, std::chrono::duration<double>(seconds), [this] { return stopping_.load(); });
}

int Reflector::next_watch_timeout() {
  const int lo = std::max(1, options_.watch_timeout_min_seconds);
  const int hi = std::max(lo, options_.watch_timeout_max_seconds);
  return std::uniform_int_distribution<int>(lo, hi)(random_);
}

bool Reflector::list_once() {
  const auto name = options_.resource.display_name();
  auto page = client_.list(options_.resource, options_.page_size);
  if (!page.ok()) {
    const auto& error = *page.error;
    // 404: the server does not serve this resource (its CRD is not installed). Not an error for placement:
    // the resource is simply empty; look again later.
    if (error.status == 404) {
      if (!missing_) {
        log::warn("watch " + name + ": not served by the API server (CRD not installed?); treating it as empty and " +
                  "checking again every " + std::to_string(static_cast<int>(options_.missing_retry_seconds)) + " s");
      }
      missing_ = true;
      metrics_.set_installed(false);
      sink_.replace_all({});
      metrics_.set_objects(0);
      synced_ = true;
      metrics_.set_synced(true);
      sink_.listed();
      resource_version_.clear();
      return true;
    }
    const auto message = to_string(error);
    if (message != last_logged_error_) {
      log::warn("watch " + name + ": list failed: " + message + " (keeping the last good objects; retrying)");
      last_logged_error_ = message;
    }
    return false;
  }
  if (missing_) {
    log::info("watch " + name + ": now served by the API server");
  } else if (!last_logged_error_.empty()) {
    log::info("watch " + name + ": listed again after failures; the snapshot catches up");
  }
  missing_ = false;
  last_logged_error_.clear();
  metrics_.set_installed(true);
  if (listed_before_) {
    metrics_.count_relist();
  }
  listed_before_ = true;
  resource_version_ = page.value->resource_version;
  const auto count = page.value->items.size();
  sink_.replace_all(std::move(page.value->items));
  metrics_.set_objects(static_cast<double>(count));
  synced_ = true;
  metrics_.set_synced(true);
  sink_.listed();
  return true;
}

void Reflector::run() {
  const auto name = options_.resource.display_name();
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  bool need_list = true;
  while (!stopping_) {
    if (need_list) {
      if (!list_once()) {
        metrics_.count_reconnect();
        ++failures_;
        if (!wait(backoff_seconds(options_.backoff, failures_, unit(random_)))) {
          break;
        }
        continue;
      }
      need_list = false;
      failures_ = 0;
      if (missing_) {
        if (!wait(options_.missing_retry_seconds)) {
          break;
        }
        need_list = true;
        continue;
      }
    }
    auto result = client_.watch(
        options_.resource, resource_version_, next_watch_timeout(),
        [this](WatchEvent&& event) {
          if (const auto meta = event.object.find("metadata"); meta != event.object.end() && meta->is_object()) {
            if (auto rv = meta->value("resourceVersion", std::string()); !rv.empty()) {
              resource_version_ = std::move(rv);
            }
          }
          switch (event.type) {
            case WatchEventType::kBookmark:
              metrics_.count_event("bookmark");
              return true;
            case WatchEventType::kAdded:
              metrics_.count_event("added");
              break;
            case WatchEventType::kModified:
              metrics_.count_event("modified");
              break;
            case WatchEventType::kDeleted:
              metrics_.count_event("deleted");
              break;
          }
          sink_.apply(event.type, std::move(event.object));
          failures_ = 0;
          return !stopping_.load();
        },
        cancel_);
    if (result.malformed_events > 0) {
      log::warn("watch " + name + ": skipped " + std::to_string(result.malformed_events) + " malformed events");
    }
    switch (result.end) {
      case WatchEnd::kCancelled:
        return;
      case WatchEnd::kClosed:
        failures_ = 0;
        break;  // the server's timeout: watch again from where we are
      case WatchEnd::kGone:
        log::info("watch " + name + ": resourceVersion " + resource_version_ + " expired (" + result.message +
                  "); re-listing");
        need_list = true;
        break;
      case WatchEnd::kFailed:
        if (stopping_) {
          return;
        }
        metrics_.count_reconnect();
        ++failures_;
        if (result.message != last_logged_error_) {
          log::warn("watch " + name + ": " + result.message + " (serving the last snapshot; reconnecting)");
          last_logged_error_ = result.message;
        }
        if (!wait(backoff_seconds(options_.backoff, failures_, unit(random_)))) {
          return;
        }
        // Watches that keep failing (e.g. the CRD was removed) are retried from a fresh list.
        need_list = failures_ >= 3;
        break;
    }
  }
}

}  // namespace cachepilot::kube
