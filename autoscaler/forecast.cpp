#include "autoscaler/forecast.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <iterator>
#include <limits>
#include <numeric>
#include <utility>

#include <Eigen/Dense>
#include <unsupported/Eigen/FFT>

namespace cachepilot::autoscaler {

TrendFit fit_trend(std::span<const double> y, double step_s) {
  TrendFit fit;
  const auto n = static_cast<Eigen::Index>(y.size());
  if (n == 0) {
    return fit;
  }
  if (n == 1 || step_s <= 0) {
    fit.level = y.back();
    return fit;
  }
  // Design matrix [1, x] with x = 0 at the last point, so the intercept is the level "now".
  Eigen::MatrixX2d a(n, 2);
  Eigen::VectorXd b(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    a(i, 0) = 1.0;
    a(i, 1) = static_cast<double>(i - (n - 1)) * step_s;
    b(i) = y[static_cast<std::size_t>(i)];
  }
  const Eigen::Matrix2d normal = a.transpose() * a;
  const Eigen::Vector2d coef = normal.ldlt().solve(a.transpose() * b);
  fit.level = coef(0);
  fit.slope = coef(1);
  const Eigen::VectorXd residual = b - a * coef;
  fit.sigma = n > 2 ? std::sqrt(residual.squaredNorm() / static_cast<double>(n - 2)) : 0.0;
  return fit;
}

std::optional<double> ramp_bound(std::span<const double> y, double step_s, double horizon_s, double significance) {
  if (y.size() < 2 * kRampMinHalf || !(step_s > 0) || !(horizon_s > 0)) {
    return std::nullopt;
  }
  const auto climbs = [&](const TrendFit& f) { return f.slope > 0 && f.slope * horizon_s > significance * f.sigma; };
  const std::size_t half = y.size() / 2;
  const TrendFit first = fit_trend(y.first(half), step_s);
  const TrendFit second = fit_trend(y.subspan(half), step_s);
  const TrendFit whole = fit_trend(y, step_s);
  if (!climbs(first) || !climbs(second) || !climbs(whole) || first.slope >= 3 * second.slope ||
      second.slope >= 3 * first.slope) {
    return std::nullopt;
  }
  // The whole line's slope in standard errors, σ / √Σ(x − x̄)², with Σ(x − x̄)² = step² n (n² − 1) / 12 for n samples
  // step apart.
  const auto n = static_cast<double>(y.size());
  const double standard_error = whole.sigma / (step_s * std::sqrt(n * (n * n - 1) / 12));
  if (whole.slope < kRampMinStandardErrors * standard_error) {
    return std::nullopt;
  }
  return whole.level + whole.slope * horizon_s;
}

namespace {

// The power spectrum of y with its mean removed, zero-padded to m ≥ 2n so that the autocovariance from it is not
// circular (Wiener–Khinchin). The mean, not a fitted line: on a whole number of periods the fitted slope is not zero
// and would shift the peak. A ramp is rejected anyway: its autocorrelation has no second peak after crossing zero.
std::vector<std::complex<double>> power_spectrum(std::span<const double> y) {
  const std::size_t n = y.size();
  const double mean = std::accumulate(y.begin(), y.end(), 0.0) / static_cast<double>(n);
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = y[i] - mean;
  }
  std::size_t m = 1;
  while (m < 2 * n) {
    m <<= 1;
  }
  x.resize(m, 0.0);
  Eigen::FFT<double> fft;
  std::vector<std::complex<double>> spectrum;
  fft.fwd(spectrum, x);
  for (auto& c : spectrum) {
    c = std::complex<double>(std::norm(c), 0.0);
  }
  return spectrum;
}

// The autocorrelation of n samples from their power spectrum, at lags 0..last + 1, each an unbiased estimate over the
// variance; empty when they are flat. drop_slow zeroes the power of every component slower than n/2 samples first: no
// season that slow can be proven from n samples, and such a component (a day's rise under half-hourly spikes) makes
// the series resemble itself at every short lag, burying the season under it.
std::vector<double> autocorrelation(const std::vector<std::complex<double>>& power, std::size_t n, std::size_t last,
                                    bool drop_slow) {
  const std::size_t m = power.size();
  Eigen::FFT<double> fft;
  std::vector<double> autocov;
  if (drop_slow) {
    // A copy, as the caller's plain spectrum is still needed; only the second look pays for it.
    std::vector<std::complex<double>> fast = power;
    // Bin k holds the period m/k samples: slower than n/2 for k < 2m/n.
    for (std::size_t k = 1; k * n < 2 * m && k < m / 2; ++k) {
      fast[k] = 0;
      fast[m - k] = 0;
    }
    fft.inv(autocov, fast);
  } else {
    fft.inv(autocov, power);
  }
  const double var = autocov[0] / static_cast<double>(n);
  if (!(var > 0) || !std::isfinite(var)) {
    return {};
  }
  std::vector<double> acf(last + 2, 0.0);
  for (std::size_t k = 0; k < acf.size() && k < n; ++k) {
    acf[k] = autocov[k] / static_cast<double>(n - k) / var;
  }
  return acf;
}

// The lag in [from, to] (to < y.size()) at which the series repeats itself most closely: the least mean squared
// difference y[i] − y[i + lag], which is exactly zero at the period of a periodic signal, plus the mean square of the
// rises it would not have foreseen (y[i + lag] over both y[i] and the sample before it). Where only part of a
// pattern repeats, the levels alone compromise: an hourly pass that starts at minute 10 and runs 3 min longer each
// hour differs least from itself 61 min before (its 30 s rise half in a minute), and a forecast one 61 min season back
// foresees each start a minute late, missing all of it. At 60 min it foresees every start; what it does not foresee
// is the pass going on, at a level already served.
std::size_t lag_of_least_msd(std::span<const double> y, std::size_t from, std::size_t to) {
  const std::size_t n = y.size();
  std::size_t best_lag = from;
  double best_msd = std::numeric_limits<double>::infinity();
  for (std::size_t j = std::max<std::size_t>(from, 1); j <= to && j < n; ++j) {
    double msd = 0;
    for (std::size_t i = 0; i + j < n; ++i) {
      const double d = y[i] - y[i + j];
      const double unforeseen = std::max(0.0, y[i + j] - std::max(y[i], y[i + j - 1]));
      msd += d * d + unforeseen * unforeseen;
    }
    msd /= static_cast<double>(n - j);
    if (msd < best_msd) {
      best_msd = msd;
      best_lag = j;
    }
  }
  return best_lag;
}

// The correlation of y[i] with y[i + lag] over their overlap (0 where either side is flat).
double correlation_at(std::span<const double> y, std::size_t lag) {
  if (lag >= y.size()) {
    return 0;
  }
  const std::size_t n = y.size() - lag;
  double ma = 0;
  double mb = 0;
  for (std::size_t i = 0; i < n; ++i) {
    ma += y[i];
    mb += y[i + lag];
  }
  ma /= static_cast<double>(n);
  mb /= static_cast<double>(n);
  double ab = 0;
  double aa = 0;
  double bb = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double a = y[i] - ma;
    const double b = y[i + lag] - mb;
    ab += a * b;
    aa += a * a;
    bb += b * b;
  }
  return aa > 0 && bb > 0 ? ab / std::sqrt(aa * bb) : 0.0;
}

// The mean squared difference between the last m samples and the samples `lag` before them (m + lag <= y.size()).
double msd_of_last(std::span<const double> y, std::size_t lag, std::size_t m) {
  const std::size_t n = y.size();
  double msd = 0;
  for (std::size_t i = n - m; i < n; ++i) {
    const double d = y[i] - y[i - lag];
    msd += d * d;
  }
  return m > 0 ? msd / static_cast<double>(m) : 0.0;
}

// A multiple of a season is the season where the latest samples repeat what came that multiple before them at most
// this fraction as far off (mean squared) as what came one season before. The shortest of the near-best lags is
// preferred so that a season's multiples (which resemble the series as well, on fewer samples) are not taken for it;
// but a pattern with a beat of its own every k-th season (a teacher's logits regenerated every third 40 min epoch)
// is one season k times as long, and forecast one short season back it is missed each time. A season repeated with
// noise is as far off at its multiples as at itself (the ratio near 1).
constexpr double kMultipleMsdRatio = 0.5;

// The season in an autocorrelation (lags up to last): after its first zero, the shortest local maximum within 10% of
// the best, if the best reaches min_strength; or a multiple of it that the latest samples repeat far more closely
// (kMultipleMsdRatio).
std::optional<Period> season_in(std::span<const double> y, const std::vector<double>& acf, std::size_t min_lag,
                                std::size_t last, double min_strength) {
  if (acf.empty()) {
    return std::nullopt;
  }
  // Seasons start after the autocorrelation first drops to zero; before that, a slow curve resembles itself.
  std::size_t first = 1;
  while (first <= last && acf[first] > 0) {
    ++first;
  }
  first = std::max(first, min_lag);
  double best = -1;
  for (std::size_t k = first; k <= last; ++k) {
    best = std::max(best, acf[k]);
  }
  if (best < min_strength) {
    return std::nullopt;
  }
  for (std::size_t k = first; k <= last; ++k) {
    const bool local_max = acf[k] >= acf[k - 1] && acf[k] >= acf[k + 1];
    if (local_max && acf[k] >= 0.9 * best) {
      // The autocorrelation's peak is blunt (and shifted by edge effects); refine it to the lag nearby with the
      // smallest mean squared difference y[i] − y[i + lag], which is exactly zero at the period of a periodic signal.
      const std::size_t span = k / 20 + 1;
      const std::size_t best_lag =
          lag_of_least_msd(y, std::max(first, k > span ? k - span : 1), std::min(last, k + span));
      // Twice and three times it only, as the searches when provable, each refined within as many lags as the
      // multiple (the season's own lag is within one): the refinement reads the whole history per lag, and over ±5%
      // of each multiple a search over 8 days of an hourly season took 3.3 ms where it had taken 1.7.
      for (std::size_t multiple = 2; multiple <= 3 && multiple * best_lag <= last; ++multiple) {
        const std::size_t around = multiple * best_lag;
        const std::size_t lag = lag_of_least_msd(y, around - multiple, std::min(last, around + multiple));
        const std::size_t m = y.size() - lag;  // the samples both lags compare
        if (acf[lag] >= min_strength && msd_of_last(y, lag, m) < kMultipleMsdRatio * msd_of_last(y, best_lag, m)) {
          return Period{lag, acf[lag]};
        }
      }
      return Period{best_lag, acf[best_lag]};
    }
  }
  return std::nullopt;
}

// Each sample less the median of the samples within `half` of it (fewer at the ends): what is left once the level
// is gone. A median follows a step at once and ignores what lasts less than half its window, so a dip or a burst
// shorter than `half` stays whole in the residual while the level it sits on, however it moves, goes.
std::vector<double> less_running_median(std::span<const double> y, std::size_t half) {
  const std::size_t n = y.size();
  std::vector<double> residual(n);
  // The window's samples kept sorted as it slides: each sample enters and leaves once, by a binary search and a
  // move of at most 2 × half + 1 values, where sorting each window afresh cost 20 ms for 8 days of minute buckets.
  std::vector<double> sorted;
  sorted.reserve(2 * half + 1);
  std::size_t entered = 0;
  std::size_t left = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t from = i > half ? i - half : 0;
    const std::size_t to = std::min(n, i + half + 1);
    for (; entered < to; ++entered) {
      sorted.insert(std::upper_bound(sorted.begin(), sorted.end(), y[entered]), y[entered]);
    }
    for (; left < from; ++left) {
      sorted.erase(std::lower_bound(sorted.begin(), sorted.end(), y[left]));
    }
    residual[i] = y[i] - sorted[sorted.size() / 2];
  }
  return residual;
}

// The longest lag provable from n samples (search_season): the history must hold two periods, less a slack of at most a
// quarter of one: the longest L with 2L − min(slack, L/4) ≤ n.
std::size_t longest_provable_lag(std::size_t n, std::size_t slack) {
  std::size_t lag = (n + slack) / 2;
  while (lag > n / 2 && 2 * lag - std::min(slack, lag / 4) > n) {
    --lag;
  }
  return lag;
}

}  // namespace

SeasonSearch search_season(std::span<const double> y, std::size_t min_lag, std::size_t max_lag, double min_strength,
                           std::size_t slack) {
  const std::size_t n = y.size();
  if (n < 8 || min_lag == 0) {
    return {};
  }
  const std::size_t provable_last = longest_provable_lag(n, slack);
  const bool provable = min_lag <= provable_last;
  const std::size_t last = std::min(max_lag, provable_last);
  const std::size_t candidate_first = std::max(min_lag, provable_last + 1);
  const std::size_t candidate_last = std::min(max_lag, 3 * n / 4);
  const bool candidates = candidate_first <= candidate_last;
  if (!provable && !candidates) {
    return {};
  }
  // One spectrum and one autocorrelation, over every lag either look needs.
  const std::vector<std::complex<double>> power = power_spectrum(y);
  const std::vector<double> acf =
      autocorrelation(power, n, std::max(provable ? last : 0, candidates ? candidate_last : 0), false);
  SeasonSearch out;
  if (provable) {
    out.season = season_in(y, acf, min_lag, last, min_strength);
    // None: look again without the components too slow to be a season here. Three periods are asked for then, as
    // what is left of a ramp or a day's rise once its slow part is gone ripples near the cut, n/2.
    const std::size_t last_fast = std::min(max_lag, n / 3);
    if (!out.season && 3 * min_lag <= n && !acf.empty()) {
      out.season = season_in(y, autocorrelation(power, n, last_fast, true), min_lag, last_fast, min_strength);
      // The series as it is must resemble itself at that lag too. A season slower than n/2 is cut away with the slow
      // part, and its harmonics can then look like a season of their own: a square wave 5 on, 15 off, seen for 30
      // samples, has its 20 removed and shows a 10, at which the series itself is anti-correlated.
      if (out.season && acf[out.season->lag] <= 0) {
        out.season.reset();
      }
    }
  }
  if (!out.season && candidates) {
    out.candidate = season_in(y, acf, candidate_first, candidate_last, min_strength);
  }
  // Still none, and no longer one waiting to be proven: look at what is left once the level is gone (the median of
  // the samples within three of the shortest seasons looked for). A step carries most of a series' variance and hides
  // a season riding on it from both looks above: a school day's first hour at a tenth of its lessons' level left the
  // lessons' 55 min at 0.17-0.29, and 0.48-0.56 without the slow components, under the 0.6 asked for from 2.5 h to 5 h
  // in; what is left of it is the breaks between lessons, and the 55 min shows at 3.2 h. Differences remove a step
  // too, but they weigh the fastest components most: on crons every 11 and 37 min they found the 11 min before the
  // 37 min that serves the crons better (7.56% -> 10.01% unmet). Three periods, and the series itself must resemble
  // itself at the lag, as for the second look; a candidate waiting is left to its own search (docs/simulate.md).
  if (provable && !out.season && !out.candidate && 3 * min_lag <= n && !acf.empty()) {
    const std::vector<double> residual = less_running_median(y, 3 * min_lag);
    const std::size_t last_fast = std::min(max_lag, n / 3);
    out.season = season_in(residual, autocorrelation(power_spectrum(residual), n, last_fast, false), min_lag, last_fast,
                           min_strength);
    if (out.season && acf[out.season->lag] <= 0) {
      out.season.reset();
    }
  }
  return out;
}

std::optional<Period> detect_period(std::span<const double> y, std::size_t min_lag, std::size_t max_lag,
                                    double min_strength) {
  return search_season(y, min_lag, max_lag, min_strength).season;
}

std::optional<Period> candidate_period(std::span<const double> y, std::size_t min_lag, std::size_t max_lag,
                                       double min_strength) {
  return search_season(y, min_lag, max_lag, min_strength).candidate;
}

BurstSignal detect_burst(std::span<const double> recent, std::size_t short_n, double threshold) {
  BurstSignal s;
  if (recent.empty() || short_n == 0) {
    return s;
  }
  short_n = std::min(short_n, recent.size());
  s.long_mean = std::accumulate(recent.begin(), recent.end(), 0.0) / static_cast<double>(recent.size());
  s.short_mean = std::accumulate(recent.end() - static_cast<std::ptrdiff_t>(short_n), recent.end(), 0.0) /
                 static_cast<double>(short_n);
  s.active = short_n < recent.size() && s.short_mean > 0 && s.short_mean >= threshold * s.long_mean;
  return s;
}

double leading_indicator(double waiting_pods, double active_pods, double bytes_per_s_per_pod) {
  if (waiting_pods < 0 || bytes_per_s_per_pod <= 0) {
    return 0;
  }
  return (waiting_pods + std::max(active_pods, 0.0)) * bytes_per_s_per_pod;
}

double quantile(std::vector<double> values, double q) {
  if (values.empty()) {
    return 0;
  }
  q = std::clamp(q, 0.0, 1.0);
  const double pos = q * static_cast<double>(values.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const double frac = pos - static_cast<double>(lo);
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(lo), values.end());
  const double a = values[lo];
  if (frac == 0 || lo + 1 >= values.size()) {
    return a;
  }
  const double b = *std::min_element(values.begin() + static_cast<std::ptrdiff_t>(lo) + 1, values.end());
  return a + frac * (b - a);
}

// ---- DemandForecaster -----------------------------------------------------------------------------------------

namespace {
constexpr std::size_t kLast = 0;
constexpr std::size_t kRecentMax = 1;
constexpr std::size_t kTrend = 2;
constexpr std::size_t kSeasonal = 3;
constexpr std::size_t kEnvelope = 4;
constexpr std::size_t kLeading = 5;
constexpr std::size_t kMinCalibration = 8;

// The public name of the model at index m.
ForecastModel model_of(std::size_t m) {
  switch (m) {
    case kLast:
      return ForecastModel::kLast;
    case kRecentMax:
      return ForecastModel::kRecentMax;
    case kTrend:
      return ForecastModel::kTrend;
    case kSeasonal:
      return ForecastModel::kSeasonal;
    case kEnvelope:
      return ForecastModel::kEnvelope;
    case kLeading:
      return ForecastModel::kLeading;
    default:
      return ForecastModel::kNone;
  }
}
}  // namespace

const char* to_string(ForecastModel m) {
  switch (m) {
    case ForecastModel::kNone:
      return "none";
    case ForecastModel::kCurrent:
      return "current";
    case ForecastModel::kLast:
      return "last";
    case ForecastModel::kRecentMax:
      return "recent-max";
    case ForecastModel::kTrend:
      return "trend";
    case ForecastModel::kSeasonal:
      return "seasonal";
    case ForecastModel::kEnvelope:
      return "envelope";
    case ForecastModel::kLeading:
      return "leading";
    case ForecastModel::kWarmUp:
      return "warm-up";
    case ForecastModel::kSeasonFloor:
      return "season-floor";
    case ForecastModel::kBurst:
      return "burst";
    case ForecastModel::kRamp:
      return "ramp";
  }
  return "?";
}

double season_phase_for(std::string_view key, double refresh_s) {
  std::uint64_t hash = 14695981039346656037ULL;  // FNV-1a, 64 bit
  for (const char c : key) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  // FNV-1a alone barely moves its top bits for keys that differ in their last character ("ds-1", "ds-2"): mix them
  // (MurmurHash3's 64-bit finalizer), then take the top 53 bits as a fraction in [0, 1).
  hash ^= hash >> 33U;
  hash *= 0xff51afd7ed558ccdULL;
  hash ^= hash >> 33U;
  hash *= 0xc4ceb9fe1a85ec53ULL;
  hash ^= hash >> 33U;
  const double fraction = static_cast<double>(hash >> 11U) * 0x1p-53;
  return refresh_s > 0 ? fraction * refresh_s : 0.0;
}

DemandForecaster::DemandForecaster(ForecasterParams params)
    : params_(params), residuals_(kModels), scores_(kModels, 0.0), score_weight_(kModels, 0.0) {}

const char* DemandForecaster::model_name(std::size_t m) { return m < kModels ? to_string(model_of(m)) : "?"; }

double DemandForecaster::score(const std::string& model) const {
  for (std::size_t m = 0; m < kModels; ++m) {
    if (model == model_name(m) && score_weight_[m] > 0) {
      return scores_[m] / score_weight_[m];
    }
  }
  return std::numeric_limits<double>::infinity();
}

bool DemandForecaster::observe(const Sample& sample) {
  if (!samples_.empty() && !(sample.t > samples_.back().t)) {
    return false;
  }
  Sample s = sample;
  s.demand = std::isfinite(s.demand) ? std::max(s.demand, 0.0) : 0.0;
  samples_.push_back(s);
  while (samples_.size() > 2 && samples_.front().t < s.t - params_.history_s) {
    samples_.pop_front();
  }
  if (s.active_pods > 0.5 && s.demand > 0) {
    const double rate = s.demand / s.active_pods;
    per_pod_rate_ = per_pod_rate_ > 0 ? 0.8 * per_pod_rate_ + 0.2 * rate : rate;
  }
  {
    double peak = 0;
    for (auto it = samples_.rbegin(); it != samples_.rend() && it->t > s.t - params_.envelope_peak_s; ++it) {
      peak = std::max(peak, it->demand);
    }
    window_peaks_.emplace_back(s.t, peak);
    while (!window_peaks_.empty() && window_peaks_.front().first <= s.t - params_.envelope_window_s) {
      window_peaks_.pop_front();
    }
  }
  add_to_season(s);
  score_due();
  bool fine_refreshed = false;  // the fine season searched at this sample already: once is enough
  if (s.t >= next_refresh_) {
    refresh_period();
    if (params_.fine_season_step_s > 0) {
      refresh_fine_period();  // the season found to the bin, or a short one (ForecasterParams::fine_season_step_s)
      fine_refreshed = true;
    }
    // While none is in use, look again once the history has grown by a quarter (at least season_search_s): a season
    // is proven by two periods, so a young history is worth searching often, and a day's backfill still searches
    // about as often as hourly searches did.
    const double span = s.t - bucket_origin_;
    const bool searching = period_s_ <= 0 && params_.season_search_s > 0;
    const double refresh = params_.season_refresh_s;
    const double interval =
        searching ? std::clamp(span / 4, std::min(params_.season_search_s, refresh), refresh) : refresh;
    next_refresh_ = s.t + interval;
    if (interval >= refresh && refresh > 0 && params_.season_phase_s >= 0) {
      // The first point of the dataset's grid after s.t: in (s.t, s.t + refresh], so never later than unphased.
      next_refresh_ = params_.season_phase_s + (std::floor((s.t - params_.season_phase_s) / refresh) + 1) * refresh;
    }
    if (params_.season_when_provable) {
      // A season too long to prove now is searched for as soon as the history holds two of its periods less the
      // slack (season_proof_slack_s; the first sample past them completes the bucket that ends them); one proven on
      // fewer than three is searched for again once the history holds three, as two periods are one repeat and may be
      // chance.
      const double due = period_s_ > 0 ? bucket_origin_ + 3 * period_s_ : provable_at(candidate_s_);
      if ((period_s_ > 0 || candidate_s_ > 0) && due > s.t && due < next_refresh_) {
        next_refresh_ = due + 1e-6;
      }
    }
    next_multiple_search_ = next_multiple_due(s.t);
  } else if (next_multiple_search_ > 0 && s.t >= next_multiple_search_) {
    // A multiple of the season in use may be the season (kMultipleMsdRatio): looked for as soon as twice and three
    // times it become provable, where the hourly search could come up to an hour late (a teacher's logits regenerated
    // every third 40 min epoch: the 2 h season was found after its third regeneration, at 4 h 2 min; now at 3 h 55
    // min, before it). Only a multiple is taken from this search; the season otherwise stays as the last full search
    // left it (taking all it found, the extra searches dropped seasons for a while: federated rounds 20.2% → 23.1%).
    if (adopt_multiple_season() && params_.fine_season_step_s > 0) {
      refresh_fine_period();
      fine_refreshed = true;
    }
    next_multiple_search_ = next_multiple_due(s.t);
  }
  if (params_.fine_season_step_s > 0 && (next_fine_search_ < 0 || s.t >= next_fine_search_)) {
    if (next_fine_search_ >= 0 && !fine_refreshed) {
      refresh_fine_period();
    }
    const double every = std::max(params_.fine_season_search_s, params_.fine_season_step_s);
    next_fine_search_ = s.t + every;
    if (params_.season_phase_s >= 0) {
      // On the dataset's own grid, as the hourly searches (season_phase_s): a fleet started together would otherwise
      // search all at once every few minutes.
      const double phase = std::fmod(params_.season_phase_s, every);
      next_fine_search_ = phase + (std::floor((s.t - phase) / every) + 1) * every;
    }
  }
  return true;
}

void DemandForecaster::add_to_season(const Sample& s) {
  const double step = params_.season_step_s;
  // A sample is the mean of the interval ending at t, so it belongs to the bucket holding t - epsilon.
  const double at = s.t - 1e-6;
  if (!have_origin_) {
    bucket_origin_ = std::floor(at / step) * step;
    have_origin_ = true;
  }
  const double offset = std::floor((at - bucket_origin_) / step);
  if (offset < 0) {
    return;
  }
  const auto idx = static_cast<std::size_t>(offset);
  const auto max_buckets = static_cast<std::size_t>(std::max(2.0, params_.season_history_s / step));
  if (idx >= buckets_.size() + max_buckets) {
    // A gap longer than the whole history: start over.
    buckets_.clear();
    bucket_origin_ = std::floor(at / step) * step;
    buckets_.push_back({});
  } else {
    while (buckets_.size() <= idx) {
      buckets_.push_back({});
    }
  }
  Bucket& b = buckets_.back();
  b.sum += s.demand;
  b.max = b.count > 0 ? std::max(b.max, s.demand) : s.demand;
  b.count += 1;
  while (buckets_.size() > max_buckets) {
    buckets_.pop_front();
    bucket_origin_ += step;
  }
}

double DemandForecaster::provable_at(double season_s) const {
  return bucket_origin_ + 2 * season_s - std::min(params_.season_proof_slack_s, season_s / 4);
}

double DemandForecaster::next_multiple_due(double now) const {
  if (period_s_ <= 0 || !params_.season_when_provable) {
    return -1;
  }
  double due = -1;
  for (const double k : {2.0, 3.0}) {
    const double multiple = k * period_s_;
    const double at = provable_at(multiple);
    if (multiple <= params_.season_max_period_s && at > now && (due < 0 || at < due)) {
      due = at;
    }
  }
  return due < 0 ? due : due + 1e-6;  // the first sample past it completes the bucket that ends the two periods
}

bool DemandForecaster::adopt_multiple_season() {
  const SeasonSearch found = search_buckets();
  if (!found.season || period_s_ <= 0) {
    return false;
  }
  const double step = params_.season_step_s;
  const double season_s = static_cast<double>(found.season->lag) * step;
  const double k = std::round(season_s / period_s_);
  if (k < 2 || std::abs(season_s - k * period_s_) > k * period_s_ / 20 + step) {
    return false;
  }
  period_s_ = season_s;
  return true;
}

void DemandForecaster::refresh_period() {
  period_s_ = 0;
  const SeasonSearch found = search_buckets();
  if (found.season) {
    period_s_ = static_cast<double>(found.season->lag) * params_.season_step_s;
  }
  candidate_s_ = found.candidate && params_.season_when_provable
                     ? static_cast<double>(found.candidate->lag) * params_.season_step_s
                     : 0;
}

SeasonSearch DemandForecaster::search_buckets() const {
  if (buckets_.size() < 3) {
    return {};
  }
  const double step = params_.season_step_s;
  const std::size_t complete = buckets_.size() - 1;
  std::vector<double> means(complete);
  double carry = 0;
  for (std::size_t i = 0; i < complete; ++i) {
    const Bucket& b = buckets_[i];
    carry = b.count > 0 ? b.sum / b.count : carry;  // a gap repeats the last known level
    means[i] = carry;
  }
  const auto min_lag = static_cast<std::size_t>(std::ceil(params_.season_min_period_s / step));
  const auto max_lag = static_cast<std::size_t>(std::floor(params_.season_max_period_s / step));
  return search_season(means, std::max<std::size_t>(min_lag, 2), max_lag, params_.season_min_strength,
                       static_cast<std::size_t>(std::max(0.0, params_.season_proof_slack_s) / step));
}

void DemandForecaster::refresh_fine_period() {
  fine_period_s_ = 0;
  const double step = params_.fine_season_step_s;
  if (samples_.size() < 3 || !(step > 0)) {
    return;
  }
  // The time-weighted mean of each bin from the first sample on: a sample is demand's mean over the interval since
  // the one before, so a 15 s loop's sample fills three 5 s bins and a 1 s loop's five samples fill one.
  const double from = samples_.front().t;
  const auto bins = static_cast<std::size_t>(std::floor((samples_.back().t - from) / step));
  std::vector<double> sum(bins, 0.0);
  std::vector<double> weight(bins, 0.0);
  for (std::size_t i = 1; i < samples_.size(); ++i) {
    const double a = samples_[i - 1].t - from;
    const double b = samples_[i].t - from;
    for (auto k = static_cast<std::size_t>(a / step); k < bins && static_cast<double>(k) * step < b; ++k) {
      const double overlap =
          std::min(b, static_cast<double>(k + 1) * step) - std::max(a, static_cast<double>(k) * step);
      if (overlap > 0) {
        sum[k] += samples_[i].demand * overlap;
        weight[k] += overlap;
      }
    }
  }
  for (std::size_t k = 0; k < bins; ++k) {
    sum[k] = weight[k] > 0 ? sum[k] / weight[k] : (k > 0 ? sum[k - 1] : 0.0);
  }
  fine_for_s_ = period_s_;
  // A short season first: where the minute buckets' season is at most twice it (spikes every 300 s seen as 600 s, the
  // shortest they look for), it is the same season, and its forecast one short period back misses less of a change.
  // Found on too few periods, it is chance: fine_season_min_periods at least (two are one repeat), and ten minutes
  // of samples.
  const auto min_lag = static_cast<std::size_t>(std::ceil(params_.fine_season_min_period_s / step));
  const std::size_t max_lag = std::min(static_cast<std::size_t>(std::ceil(params_.season_min_period_s / step)) - 1,
                                       bins / std::max<std::size_t>(params_.fine_season_min_periods, 2));
  // Only where a short season could be preferred: a search costs five FFTs of the hour, and a fleet on hourly seasons
  // would pay for them every few minutes for nothing.
  const bool could_prefer = period_s_ <= 2 * static_cast<double>(max_lag) * step + params_.season_step_s;
  if (could_prefer && min_lag >= 2 && min_lag <= max_lag && static_cast<double>(bins) * step >= 600) {
    const std::optional<Period> found = detect_period(sum, min_lag, max_lag, params_.season_min_strength);
    if (found && found->strength >= params_.fine_season_min_strength) {
      const double short_s = static_cast<double>(found->lag) * step;
      const double multiple = std::round(period_s_ / short_s);
      if (period_s_ <= 0 || (multiple <= 2 && std::abs(period_s_ - multiple * short_s) <= params_.season_step_s)) {
        fine_period_s_ = short_s;
        return;
      }
    }
  }
  if (period_s_ > 0) {
    // The minute buckets' season, to the bin, where the history holds two of its periods and the samples repeat
    // closely at it: its forecast is then drawn from the samples, not from whole minutes (fine_seasonal). Where
    // they repeat loosely (jobs that start anywhere within half a minute, rounds that last as long as their slowest
    // client), the whole minutes' slack serves better.
    const double lo = std::max(period_s_ - params_.season_step_s, step) / step;
    const double hi = (period_s_ + params_.season_step_s) / step;
    if (bins >= 8 && 2 * hi <= static_cast<double>(bins)) {
      const std::size_t lag =
          lag_of_least_msd(sum, static_cast<std::size_t>(std::ceil(lo)), static_cast<std::size_t>(std::floor(hi)));
      if (correlation_at(sum, lag) >= params_.fine_season_min_strength) {
        fine_period_s_ = static_cast<double>(lag) * step;
      }
    }
  }
}

double DemandForecaster::fine_period_in_use() const {
  if (fine_period_s_ <= 0) {
    return 0;
  }
  return fine_for_s_ == period_s_ ? fine_period_s_ : 0.0;  // found for the minute buckets' season in use (or none)
}

DemandForecaster::ModelPeak DemandForecaster::fine_seasonal(double horizon_s, double lead_s) const {
  ModelPeak out;
  const double period = fine_period_in_use();
  if (period <= 0 || samples_.empty()) {
    return out;
  }
  const double now = samples_.back().t;
  if (samples_.front().t > now - 2 * period) {
    return out;  // the level's change needs two periods
  }
  // The window one period back, a bin longer at its end: a spike's start wanders within the bins the period was
  // found on, and one due a few seconds early would otherwise fall past the window for a decision.
  const double end = now + horizon_s + params_.fine_season_step_s;
  double peak = 0;
  double sum = 0;
  double n = 0;
  double at_lead = 0;
  double lead_distance = std::numeric_limits<double>::infinity();
  double recent = 0;
  double recent_n = 0;
  double past = 0;
  double past_n = 0;
  for (auto it = samples_.rbegin(); it != samples_.rend() && it->t > now - 2 * period; ++it) {
    if (it->t <= now - period) {
      past += it->demand;
      past_n += 1;
      continue;
    }
    recent += it->demand;
    recent_n += 1;
    const double projected = it->t + period;  // when this sample's moment of the season comes again
    const auto next = std::next(it);
    const double projected_from = next == samples_.rend() ? projected : next->t + period;
    if (projected_from <= end) {
      peak = std::max(peak, it->demand);
      sum += it->demand;
      n += 1;
    }
    if (std::abs(projected - (now + lead_s)) < lead_distance) {
      lead_distance = std::abs(projected - (now + lead_s));
      at_lead = it->demand;
    }
  }
  if (n == 0 || recent_n == 0 || past_n == 0) {
    return out;
  }
  // Level correction, as the minute buckets': how much the last period differs from the one before it.
  const double delta = recent / recent_n - past / past_n;
  out.valid = true;
  out.peak = std::max(0.0, peak + delta);
  out.mean = std::max(0.0, sum / n + delta);
  out.at_lead = std::max(0.0, at_lead + delta);
  return out;
}

DemandForecaster::RecentDemand DemandForecaster::recent_demand(double window_s, std::size_t min_count) const {
  RecentDemand out;
  const double now = samples_.empty() ? 0.0 : samples_.back().t;
  out.first_t = now;
  for (auto it = samples_.rbegin(); it != samples_.rend() && (it->t > now - window_s || out.demand.size() < min_count);
       ++it) {
    out.demand.push_back(it->demand);
    out.first_t = it->t;
  }
  std::reverse(out.demand.begin(), out.demand.end());
  return out;
}

DemandForecaster::ModelPeak DemandForecaster::seasonal(double horizon_s, double lead_s) const {
  ModelPeak out;
  if (period_s_ <= 0 || buckets_.size() < 2) {
    return out;
  }
  const double step = params_.season_step_s;
  const double now = samples_.back().t;
  const auto bucket_at = [&](double t) -> std::optional<std::size_t> {
    const double off = std::floor((t - bucket_origin_) / step);
    if (off < 0 || off >= static_cast<double>(buckets_.size() - 1)) {
      return std::nullopt;  // before the history, or the incomplete current bucket
    }
    const auto i = static_cast<std::size_t>(off);
    return buckets_[i].count > 0 ? std::optional<std::size_t>(i) : std::nullopt;
  };
  const auto first = bucket_at(now - period_s_);
  const auto last = bucket_at(now - period_s_ + horizon_s);
  const auto lead = bucket_at(now - period_s_ + lead_s);
  if (!first || !last || !lead) {
    return out;
  }
  double peak = 0;
  double sum = 0;
  double n = 0;
  for (std::size_t i = *first; i <= *last; ++i) {
    if (buckets_[i].count > 0) {
      peak = std::max(peak, buckets_[i].max);
      sum += buckets_[i].sum / buckets_[i].count;
      n += 1;
    }
  }
  // Level correction: how much the last few complete buckets differ from the same buckets one season ago.
  const auto season_buckets = static_cast<std::size_t>(std::llround(period_s_ / step));
  const std::size_t complete = buckets_.size() - 1;
  constexpr std::size_t kLevel = 5;
  double delta = 0;
  if (complete >= season_buckets + kLevel) {
    double recent = 0;
    double past = 0;
    for (std::size_t i = complete - kLevel; i < complete; ++i) {
      const Bucket& r = buckets_[i];
      const Bucket& p = buckets_[i - season_buckets];
      recent += r.count > 0 ? r.sum / r.count : 0;
      past += p.count > 0 ? p.sum / p.count : 0;
    }
    delta = (recent - past) / static_cast<double>(kLevel);
  }
  out.valid = n > 0;
  out.peak = std::max(0.0, peak + delta);
  out.mean = std::max(0.0, (n > 0 ? sum / n : 0) + delta);
  out.at_lead = std::max(0.0, buckets_[*lead].sum / buckets_[*lead].count + delta);
  return out;
}

double DemandForecaster::calibration(std::size_t m, double peak) const {
  const std::deque<double>& residuals = residuals_[m];
  const std::size_t n = residuals.size();
  const auto share = static_cast<std::size_t>(std::floor(params_.season_calibration_share * static_cast<double>(n)));
  const std::size_t k = std::max(share, kMinCalibration);
  if (m != kSeasonal || k >= n || seasonal_peaks_.size() != n) {
    return quantile(std::vector<double>(residuals.begin(), residuals.end()), params_.quantile);
  }
  // The k forecasts whose peak was nearest this one's, and the quantile of their residuals.
  std::vector<std::pair<double, double>> by_distance(n);  // {|their peak − this peak|, their residual}
  for (std::size_t i = 0; i < n; ++i) {
    by_distance[i] = {std::abs(seasonal_peaks_[i] - peak), residuals[i]};
  }
  std::nth_element(by_distance.begin(), by_distance.begin() + static_cast<std::ptrdiff_t>(k - 1), by_distance.end());
  std::vector<double> nearest(k);
  std::transform(by_distance.begin(), by_distance.begin() + static_cast<std::ptrdiff_t>(k), nearest.begin(),
                 [](const std::pair<double, double>& d) { return d.second; });
  return quantile(std::move(nearest), params_.quantile);
}

Forecast DemandForecaster::forecast(double horizon_s, double lead_s) {
  Forecast f;
  if (samples_.empty()) {
    return f;
  }
  const Sample& latest = samples_.back();
  const double now = latest.t;
  horizon_s = std::max(horizon_s, 0.0);

  ModelPeak models[kModels];
  models[kLast] = {true, latest.demand, latest.demand, latest.demand};

  // Recent maximum over the last horizon: "what happened lately can happen again".
  {
    double peak = 0;
    double sum = 0;
    double n = 0;
    for (auto it = samples_.rbegin(); it != samples_.rend() && it->t > now - std::max(horizon_s, 1.0); ++it) {
      peak = std::max(peak, it->demand);
      sum += it->demand;
      n += 1;
    }
    models[kRecentMax] = {true, sum / n, peak, sum / n};
  }

  // Least-squares trend over the trend window.
  const RecentDemand trend_samples = recent_demand(params_.trend_window_s, 0);
  const std::vector<double>& window = trend_samples.demand;
  const double first_t = trend_samples.first_t;
  TrendFit trend;
  if (window.size() >= 3 && now - first_t >= params_.trend_min_span_lead_times * lead_s) {
    const double step = (now - first_t) / static_cast<double>(window.size() - 1);
    trend = fit_trend(window, step);
    const double level = std::max(trend.level, 0.0);
    models[kTrend] = {true, std::max(0.0, level + trend.slope * horizon_s / 2),
                      std::max(level, level + trend.slope * horizon_s), std::max(0.0, level + trend.slope * lead_s)};
  }

  models[kSeasonal] = fine_period_in_use() > 0 ? fine_seasonal(horizon_s, lead_s) : seasonal(horizon_s, lead_s);

  // Envelope: a high quantile of the recent window peaks — "bursts like the recent ones will come again".
  if (!window_peaks_.empty()) {
    std::vector<double> peaks;
    peaks.reserve(window_peaks_.size());
    for (const auto& wp : window_peaks_) {
      peaks.push_back(wp.second);
    }
    const double env = quantile(std::move(peaks), params_.envelope_quantile);
    models[kEnvelope] = {true, models[kRecentMax].mean, std::max(env, latest.demand), models[kRecentMax].at_lead};
  }

  // Leading indicator: pods about to read (and reading) × their observed rate × the learned gain. A model like the
  // others, chosen only when it has predicted the window's peak well: with a lead time longer than the pods' notice,
  // the pods it counts have often finished before a worker asked for them could serve.
  const double per_pod = per_pod_rate();
  const double lead_raw =
      !params_.use_leading ? 0.0 : leading_indicator(latest.waiting_pods, latest.active_pods, per_pod);
  if (params_.use_leading && latest.waiting_pods >= 0 && per_pod > 0) {
    models[kLeading] = {true, models[kRecentMax].mean, lead_raw * leading_gain_, models[kRecentMax].at_lead};
  }

  // Calibrate each model's peak with the quantile of its own past under-prediction, then pick the model whose
  // calibrated bound has had the lowest asymmetric loss (under-prediction weighs under_weight times more).
  Pending record;
  record.issued = now;
  record.until = now + horizon_s;
  std::size_t best = kModels;
  double best_score = std::numeric_limits<double>::infinity();
  double fallback_upper = 0;
  for (std::size_t m = 0; m < kModels; ++m) {
    if (!models[m].valid) {
      continue;
    }
    double upper = models[m].peak;
    if (residuals_[m].size() >= kMinCalibration) {
      upper += calibration(m, models[m].peak);
    }
    upper = std::max(upper, 0.0);
    record.valid[m] = true;
    record.peak[m] = models[m].peak;
    record.upper[m] = upper;
    fallback_upper = std::max(fallback_upper, upper);
    const double s = score_weight_[m] > 0 ? scores_[m] / score_weight_[m] : std::numeric_limits<double>::infinity();
    if (s < best_score || (s == best_score && best < kModels && upper > record.upper[best])) {
      best_score = s;
      best = m;
    }
  }
  if (best == kModels || !std::isfinite(best_score)) {
    // Nothing measured yet: be conservative and take the highest bound, the trend's rise from the last sample among
    // them (ForecasterParams::warm_up_rise_from_last).
    if (params_.warm_up_rise_from_last && models[kTrend].valid && trend.slope > 0) {
      fallback_upper = std::max(fallback_upper, latest.demand + trend.slope * horizon_s);
    }
    f.upper = fallback_upper;
    if (params_.warm_up_headroom > 0 && samples_.front().t > now - horizon_s) {
      f.upper *= 1 + params_.warm_up_headroom;
      f.warm_up_headroom = true;
    }
    f.mean = models[kRecentMax].mean;
    f.at_lead = models[kRecentMax].at_lead;
    f.model = ForecastModel::kWarmUp;
  } else {
    f.upper = record.upper[best];
    f.mean = models[best].mean;
    f.at_lead = models[best].at_lead;
    f.model = model_of(best);
  }
  f.period_s = best == kSeasonal ? period_s() : 0;
  f.season_s = period_s();
  if (models[kSeasonal].valid) {
    f.season_at_lead = models[kSeasonal].at_lead;
  }
  if (params_.season_floor && best < kModels && best != kSeasonal && models[kSeasonal].valid &&
      models[kSeasonal].peak > f.upper) {
    f.upper = models[kSeasonal].peak;  // the season foresees more than the chosen model (ForecasterParams)
    f.model = ForecastModel::kSeasonFloor;
    f.period_s = period_s();
  }
  record.leading_raw = lead_raw;
  pending_.push_back(record);

  // The ramp, while no season is in use (ForecasterParams::ramp_window_s).
  if (params_.ramp_window_s > 0 && period_s() <= 0) {
    constexpr std::size_t kRampMinSamples = 2 * kRampMinHalf;
    const RecentDemand recent = recent_demand(params_.ramp_window_s, kRampMinSamples);
    if (recent.demand.size() >= kRampMinSamples && now - recent.first_t >= params_.ramp_window_s / 2) {
      const double step = (now - recent.first_t) / static_cast<double>(recent.demand.size() - 1);
      const std::optional<double> ramp = ramp_bound(recent.demand, step, horizon_s, params_.ramp_significance);
      f.ramp_upper = ramp.value_or(0.0);
      if (ramp && *ramp > f.upper) {
        f.upper = *ramp;
        f.model = ForecastModel::kRamp;
      }
    }
  }

  // Trend significantly up: the rise over the horizon exceeds the noise.
  if (window.size() >= 3 && trend.slope > 0 && trend.slope * horizon_s > trend.sigma) {
    f.rising = true;
  }

  // Burst detector (Knative panic): short window ≥ threshold × long window. Like the KPA in panic, provision at
  // least for the short window's level, and let the planner hold (no scale-down while panicking).
  if (params_.use_burst) {
    std::vector<double> recent;
    std::size_t short_n = 0;
    for (auto it = samples_.rbegin(); it != samples_.rend() && it->t > now - params_.burst_long_s; ++it) {
      recent.push_back(it->demand);
      if (it->t > now - params_.burst_short_s) {
        ++short_n;
      }
    }
    std::reverse(recent.begin(), recent.end());
    const BurstSignal burst = detect_burst(recent, std::max<std::size_t>(short_n, 1), params_.burst_threshold);
    if (burst.active) {
      f.burst = true;
      f.rising = true;
      if (burst.short_mean > f.upper) {
        f.upper = burst.short_mean;
        f.model = ForecastModel::kBurst;
      }
    }
  }

  f.upper = std::max(f.upper, latest.demand);
  return f;
}

double score_weight(double dt_s, const ForecasterParams& params) {
  if (dt_s < 0 || params.score_memory_s <= 0) {
    return params.score_decay;
  }
  return std::min(params.score_decay, 1 - std::exp(-dt_s / params.score_memory_s));
}

void DemandForecaster::score_due() {
  if (samples_.empty()) {
    return;
  }
  const double now = samples_.back().t;
  while (!pending_.empty() && pending_.front().until <= now) {
    const Pending p = pending_.front();
    pending_.pop_front();
    double realized = -1;
    for (auto it = samples_.rbegin(); it != samples_.rend() && it->t > p.issued; ++it) {
      if (it->t <= p.until + 1e-9) {
        realized = std::max(realized, it->demand);
      }
    }
    if (realized < 0) {
      continue;  // no sample in the window (a gap): nothing to learn
    }
    const double dt = last_scored_issued_ >= 0 ? p.issued - last_scored_issued_ : -1;
    const double alpha = score_weight(dt, params_);
    last_scored_issued_ = p.issued;
    if (dt > 0) {
      scored_interval_ =
          scored_interval_ > 0 ? (1 - params_.score_decay) * scored_interval_ + params_.score_decay * dt : dt;
    }
    // Residuals kept per model: calibration_samples, or as many as the calibration window (calibration_window_s, or
    // calibration_horizons of this forecast's horizon if longer) holds at the usual interval if that is more. (A
    // count rather than a time stamp per residual: the values are copied into a quantile on every forecast, and the
    // copy dominates the planning cycle.)
    std::size_t keep = params_.calibration_samples;
    if (scored_interval_ > 0) {
      const double calibration_s =
          std::max(params_.calibration_window_s, params_.calibration_horizons * (p.until - p.issued));
      keep = std::max(keep, static_cast<std::size_t>(std::ceil(calibration_s / scored_interval_)));
    }
    if (p.leading_raw > 0) {
      // How much of the pods' nominal rate shows up as the window's peak: learned, bounded.
      const double gain = std::clamp(realized / p.leading_raw, 0.05, 2.0);
      leading_gain_ = (1 - alpha) * leading_gain_ + alpha * gain;
    }
    for (std::size_t m = 0; m < kModels; ++m) {
      if (!p.valid[m]) {
        continue;
      }
      auto& r = residuals_[m];
      r.push_back(realized - p.peak[m]);
      while (r.size() > keep) {
        r.pop_front();
      }
      if (m == kSeasonal) {
        seasonal_peaks_.push_back(p.peak[m]);
        while (seasonal_peaks_.size() > r.size()) {
          seasonal_peaks_.pop_front();
        }
      }
      const double err = realized - p.upper[m];
      const double loss = err > 0 ? params_.under_weight * err : -err;
      scores_[m] = (1 - alpha) * scores_[m] + alpha * loss;
      score_weight_[m] = (1 - alpha) * score_weight_[m] + alpha;
    }
  }
}

}  // namespace cachepilot::autoscaler
