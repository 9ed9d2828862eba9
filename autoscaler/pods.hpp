#pragma once
// Pods on their way to reading a dataset: when each will read, from how long it has waited.
//
// A serverless pod is created, waits (scheduling, image pull, the FUSE sidecar's mount) and then reads. Where that
// notice is longer than a cache worker takes to start, the pods waiting now say what demand will be a lead time
// from now, pod by pod: a pod created `age` seconds ago reads from notice − age seconds on, for as long as pods read.
// Counting every waiting pod instead over-asks wherever pods come steadily (with 90 s of notice and 10 s reads, nine
// wait for each one reading), and counting none leaves the workers a lead time late (docs/simulate.md).
//
// Values in, values out: ages, not timestamps; no clock.
#include <cstddef>
#include <deque>
#include <optional>
#include <vector>

namespace cachepilot::autoscaler {

// The pods that mount one dataset, as the cluster shows them at one decision.
struct PodAges {
  std::vector<double> waiting_s;  // each pod not reading yet: seconds since it was created
  std::vector<double> reading_s;  // each pod reading: seconds since its reads began
};

// The most pods reading at any one moment of [from_s, to_s] seconds from now (from_s ≤ to_s). A waiting pod reads
// from max(notice_s − age, 0): one overdue reads at once. Each pod reads for read_s seconds (a reading pod for what
// is left of them); read_s ≤ 0: until the window's end (pods that serve rather than run to completion).
[[nodiscard]] std::size_t most_pods_reading(const PodAges& pods, double notice_s, double read_s, double from_s,
                                            double to_s);

// What the pods of one dataset have shown of their timing: the median notice (created → reading) and the median read
// (reading → done) of the last few pods seen making each step. Medians: one pod stuck on an image pull, or one
// crashing at once, does not move them.
class PodTimings {
 public:
  explicit PodTimings(std::size_t kept = 31) : kept_(kept == 0 ? 1 : kept) {}

  // A pod began to read `notice_s` seconds after it was created; negative or non-finite values are ignored.
  void observe_notice(double notice_s);
  // A pod stopped reading after `read_s` seconds; negative or non-finite values are ignored.
  void observe_read(double read_s);

  [[nodiscard]] std::optional<double> notice_s() const { return median(notices_); }
  [[nodiscard]] std::optional<double> read_s() const { return median(reads_); }

 private:
  void keep(std::deque<double>& values, double value) const;
  [[nodiscard]] static std::optional<double> median(const std::deque<double>& values);

  std::size_t kept_;
  std::deque<double> notices_;  // oldest first
  std::deque<double> reads_;
};

}  // namespace cachepilot::autoscaler
