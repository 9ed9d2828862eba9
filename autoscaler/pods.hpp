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
#include <algorithm>
#include <array>
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

// How many of the pods running at t (their ages: seconds since each began to read) were reading, on average over
// (t − span_s, t]: each counts for the share of that interval in which its age was below read_s (read_s ≤ 0: as long as
// it runs). span_s 0: at t.
[[nodiscard]] double pods_reading(const std::vector<double>& running_ages, double read_s, double span_s);

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

// How much of what the pods due were counted at was read when they were due. The count is the most pods that may be
// reading a lead time on, running pods included, as if none were deleted before then. Where a Deployment keeps a
// number of pods that serve, it deletes running pods about as fast as waiting ones start while load is steady, and
// the count then asks for pods that will not be there: the demo's serverless pods (a notice of 96 s, pods that serve)
// had the floor at 4 to 6 workers where demand needed 2 to 3, and the live run paid 1.6x what it paid before the pods
// due (README). So each count is set against the demand seen when its window has passed, and the counts are scaled by
// the share read lately: the average demand so seen over the average count (each an EWMA over the counts settled),
// at most 1. A ratio of averages, not an average of ratios each at most 1: a count right on average, but over demand
// at one settling and under it at the next, would be scaled down by the clipping alone (on the Azure code trace with
// 60 s of notice, 0.075% unmet became 0.210%).
class PodsDueRealized {
 public:
  // Pods due over a window ending at `until` were counted at `bytes_per_s` (not positive or not finite: ignored).
  void counted(double until, double bytes_per_s);
  // Demand (bytes/s, the mean over the interval before `now`) at `now`: every count whose window has passed by then
  // is settled against it. Counts wait kMaxWaiting at most (the oldest dropped), so a stalled loop holds no backlog.
  void observe(double now, double demand);
  // The share of the counts read lately, in [0, 1]: 1 until one is settled.
  [[nodiscard]] double share() const { return counted_ > 0 ? std::min(read_ / counted_, 1.0) : 1.0; }
  // What the counts are scaled by: the share over kTakenWhole, at most 1. A count of which that much came is taken
  // whole: after the Azure code trace's bursts (60 s of notice, pods that finish) the share dipped under 1, and
  // scaled by it the pods due missed 0.091% of demand where they missed 0.075%; from 0.9 (or 0.95), 0.075% again.
  [[nodiscard]] double scale() const { return std::min(share() / kTakenWhole, 1.0); }
  [[nodiscard]] std::size_t waiting() const { return waiting_.size(); }

  static constexpr std::size_t kMaxWaiting = 512;
  static constexpr double kWeight = 0.05;     // of the newest count settled: about the last twenty
  static constexpr double kTakenWhole = 0.9;  // scale(): a share from this on counts whole

 private:
  struct Count {
    double until;
    double bytes_per_s;
  };
  std::deque<Count> waiting_;  // oldest first
  double read_ = 0;            // EWMA of the demand seen as each count settled
  double counted_ = 0;         // EWMA of the counts settled
};

// How long pods read, as demand shows it, where no pod shows it itself: pods that serve (a model loaded at start,
// then requests) are deleted rather than finish, so PodTimings never sees a read. At each decision, demand is set
// beside how many pods have been running for less than R seconds, for each R of kCandidates, and the R whose count
// follows demand most closely over the last window_s (the highest squared correlation, at least min_r2) is the read;
// the slope of demand on that count is what one pod reads per second while it reads. The last candidate (0) counts
// every running pod: demand that follows the pods for as long as they run. The evidence asked for grows as the rows
// are few: r² at least min_r2, and at least t² / (t² + n − 2) for n rows (the correlation's t statistic at least
// min_t: 0.73 for 8 rows, 0.62 for 12; from 24 rows min_r2 binds), so a dataset loop of 15 s has its read from 2 min
// on without a chance correlation over a few rows being taken for one.
//
// A read once found is kept on weaker evidence: while its count is still the one that follows demand best, and its
// t statistic is at least min_t (an r² of 0.022 over an hour of 5 s rows). The evidence comes from pods arriving in
// numbers; once they arrive steadily the count hardly moves, and what it does is of the order of the candidates'
// spacing: pods that read 18 s, one every 6 s, fitted 20 s at r² 0.64 after 15 min of steady arrivals and at 0.51 to
// 0.54 after the first hour, when the rows of their arrival had left the window, and from then on below 0.5 at times.
//
// Demand as Prometheus gives it lags the pods: a rate over a window longer than the loop's interval is centred
// seconds before the sample, and scrapes add their own delay: against pods that read 18 s and run 40 s, demand from a
// 5 s rate of 1 s scrapes 3 s behind them followed "every pod younger than 45 s" (every running pod) more closely than
// the 18 s read, and the end-to-end suite once learned that 45 s on a loaded machine. So each count is
// also taken as it was each of kDelays seconds before the row (pods' ages less the delay), and the (read, delay) pair
// that follows demand best wins; a delay is kept only where it does strictly better than none. A pod deleted within the
// delay is no longer among the running ages to count, so a delayed count is trusted only where read + delay is within
// the oldest a running pod has been seen (+ one row's spacing): beyond it every pod would be missing from the count.
// The delays are a few seconds apart up to 5 s (a fast scrape) and 5 s apart beyond: under 15 s scrapes a loop 8 s
// after the scrape sees demand about 15 s behind, and without the 15 s delay a 30 s read was taken for 10 s at 2.2
// times its rate (docs/autoscaler.md, "Known limit").
struct ReadFromDemand {
  double read_s = 0;       // 0: for as long as pods run
  double bytes_per_s = 0;  // one pod, while it reads
  double r2 = 0;           // squared correlation of demand with the count
  double delay_s = 0;      // how far demand lags the pods (one of kDelays)
};

class ReadFit {
 public:
  static constexpr std::array<double, 14> kCandidates = {5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 450, 600, 0};
  static constexpr std::array<double, 6> kDelays = {0, 2.5, 5, 10, 15, 20};
  struct Params {
    double window_s = 3600;  // rows older than this are dropped
    double spacing_s = 5;    // at most one row per this many seconds (a 1 s loop keeps the same hour)
    std::size_t min_rows = 8;
    double min_span_s = 120;  // … and rows over at least this long
    double min_r2 = 0.5;
    double min_t = 4;
    double max_delay_s = 20;      // delays of kDelays tried (0: demand taken to be in step with the pods)
    bool keep_while_best = true;  // a read found kept on weaker evidence (above); false: only while r² ≥ min_r2
  };
  ReadFit() : ReadFit(Params{}) {}
  explicit ReadFit(Params params) : params_(params) {}

  // Demand (bytes/s) at time t beside the ages of the pods running then (seconds since each began to read). Demand
  // is the mean over the averaged_over_s before t (the interval a Prometheus rate or a simulator's sample covers;
  // 0: at t), and so is each count: a pod counts for the share of that interval in which it read. Counted at t
  // alone, a 10 s read under a 15 s mean shows as a 20 s read at half the rate, and the pods due, counted at that
  // rate, would be asked for at half their need. Times that do not increase by spacing_s, and non-finite values,
  // are ignored.
  void observe(double t, double demand, const std::vector<double>& running_ages, double averaged_over_s = 0);
  // The read in use: the one that best explains the rows kept, once there are min_rows of them over min_span_s and
  // the best fit reaches the r² asked for (above) with a positive slope, and kept while it stays the best and its t
  // statistic at least min_t, though its r² falls below min_r2; nullopt before, and once another explains demand
  // better without reaching the r² asked for, or none does at all.
  [[nodiscard]] std::optional<ReadFromDemand> fit() const { return in_use_; }

 private:
  static constexpr std::size_t kCounts = kCandidates.size() * kDelays.size();
  struct Row {
    double t = 0;
    double demand = 0;
    // count[d * kCandidates.size() + c]: pods reading by candidate c, as they were kDelays[d] seconds before t. Floats:
    // an hour of rows is 720 of them per dataset, and a count needs no more than 7 digits.
    std::array<float, kCounts> count{};
  };
  // The sums a least-squares fit needs, kept as rows come and go so that a fit costs one pass over the 84 counts, not
  // one over every row kept. Values are taken less a shift (the first row's, when the sums were last rebuilt), so
  // that sums of squares stay near the variances they give; they are rebuilt from the rows once as many rows have
  // come as the window holds, so that rounding from adding and removing never accumulates past one window.
  struct Sums {
    double shift_demand = 0;
    std::array<double, kCounts> shift_count{};
    double demand = 0;
    double demand2 = 0;
    std::array<double, kCounts> count{};
    std::array<double, kCounts> count2{};
    std::array<double, kCounts> cross{};
    void add(const Row& row, double sign);
  };
  void rebuild_sums();
  // The read in use after a row: see fit().
  void refit();

  Params params_;
  std::deque<Row> rows_;
  Sums sums_;
  std::size_t added_since_rebuild_ = 0;
  // The oldest running pod's age at each row that no later row has seen exceeded, oldest row first (so ever lower
  // ages): its front is the oldest seen over the rows kept, without a pass over them.
  struct Oldest {
    double t = 0;
    double age = 0;
  };
  std::deque<Oldest> oldest_;
  std::vector<double> ages_then_;         // observe()'s buffer: the running pods' ages a delay before the row
  std::optional<ReadFromDemand> in_use_;  // fit()
};

}  // namespace cachepilot::autoscaler
