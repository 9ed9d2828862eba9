#include "autoscaler/planner.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace cachepilot::autoscaler {

const char* to_string(PlanReason r) {
  switch (r) {
    case PlanReason::kHold:
      return "hold";
    case PlanReason::kScaleUp:
      return "scale-up";
    case PlanReason::kScaleDown:
      return "scale-down";
    case PlanReason::kRisingHold:
      return "rising-hold";
    case PlanReason::kStabilizing:
      return "stabilizing";
  }
  return "?";
}

const char* to_string(Strategy s) { return s == Strategy::kHold ? "hold" : "forecast"; }

int workers_for(double demand, double throughput, double utilization) {
  if (!(demand > 0) || !(throughput > 0) || !(utilization > 0)) {
    return 0;
  }
  // A hair of slack so that demand of exactly k workers' capacity needs k, not k + 1 from rounding noise.
  const double need = demand / (throughput * utilization);
  const double w = std::ceil(need - 1e-9);
  return w > 1e9 ? 1'000'000'000 : static_cast<int>(w);
}

int capacity_floor(double dataset_bytes, double worker_cache_bytes) {
  if (!(dataset_bytes > 0) || !(worker_cache_bytes > 0)) {
    return 0;
  }
  return static_cast<int>(std::ceil(dataset_bytes / worker_cache_bytes - 1e-9));
}

namespace {

// Two seasons within this share of each other are the same one (PlannerPolicy::season_trial).
constexpr double kSeasonChange = 0.05;

// The ledger of the hold side in force: the onset clock, the steady level, the short hold or the rent-or-buy hold.
const StrategyLedger& hold_side_ledger(const PlannerState& s) {
  return s.onset_in_force        ? s.onset_ledger
         : s.steady_in_force     ? s.steady_ledger
         : s.short_hold_in_force ? s.short_hold_ledger
                                 : s.hold_ledger;
}

// Models whose bound follows demand's level as it moves, which may raise the hold before the strategies are compared
// (trend_before_compare): the trend, the ramp, the forecaster's warm-up, and the last sample or current demand with the
// rise they have been seen to miss (their calibrated quantile). The recent peak and the envelope remember bursts, and
// the hold already keeps those while they last.
bool follows_the_level(ForecastModel model) {
  switch (model) {
    case ForecastModel::kTrend:
    case ForecastModel::kWarmUp:
    case ForecastModel::kLast:
    case ForecastModel::kCurrent:
    case ForecastModel::kRamp:
      return true;
    default:
      return false;
  }
}

// The spend budget's holds: whole numbers of lead times between the short hold and the rent-or-buy hold, every one of
// them at the default price (2 … 6 lead times), at most kMaxBudgetRungs spread evenly at a higher one.
struct BudgetRungs {
  std::array<double, kMaxBudgetRungs> lengths{};  // seconds
  std::size_t count = 0;
};
BudgetRungs budget_rungs(double short_hold_s, double hold_s, double lead_s) {
  BudgetRungs out;
  // In lead times, as doubles: a price is not bounded here, and the span only sets the spacing.
  const double first = std::floor(short_hold_s / lead_s) + 1;
  const double last = std::ceil(hold_s / lead_s) - 1;  // the last whole k with k × lead < hold
  out.count = last < first ? 0 : static_cast<std::size_t>(std::min(last - first + 1, double{kMaxBudgetRungs}));
  for (std::size_t i = 0; i < out.count; ++i) {
    const double step = out.count == 1 ? 0.0 : (last - first) / static_cast<double>(out.count - 1);
    out.lengths.at(i) = (first + std::round(step * static_cast<double>(i))) * lead_s;
  }
  return out;
}

// A strategy the spend budget or the dominance rule may follow: its ledger and what following it asks for.
struct Candidate {
  const StrategyLedger* ledger;
  Strategy strategy;
  double hold_s;
  int held_need;
  int workers;
  bool headroom;
  bool onset = false;
  bool mean = false;
  double persistence_s = 0;  // dominant this long, at every decision, before it replaces the strategy chosen
  int steady_level = 0;      // the steady candidate's level
};

// The plan follows a candidate: its workers, and what it is, for the report.
void follow(const Candidate& c, bool onset_due, Plan& out) {
  out.early_trend = false;
  out.headroom = c.headroom;
  out.mean_hold = c.mean;
  out.steady_level = c.steady_level;
  out.onset_clock = c.onset;
  out.onset_due = c.onset && onset_due;
  out.strategy = c.strategy;
  out.hold_s = c.hold_s;
  out.held_need = c.held_need;
  out.recommendation = c.workers;
}

// The dominant candidate (PlannerPolicy::follow_dominant), against the ledger of the strategy chosen by the other
// rules, as its place among the candidates (−1: none). To enter it must have missed clearly less (by `margin`) for
// clearly fewer worker-seconds; it stays while it misses at most `stay_margin` more for fewer
// (PlannerPolicy::dominant_stay_margin); among several, the one that missed least.
int dominant_candidate(std::span<const Candidate> considered, const StrategyLedger& chosen_ledger, double margin,
                       double stay_margin, double now, PlannerState& state) {
  const auto enters = [&chosen_ledger, margin](const Candidate& c) {
    return c.ledger != &chosen_ledger && c.ledger->unmet() <= (1 - margin) * chosen_ledger.unmet() &&
           c.ledger->worker_seconds() < (1 - margin) * chosen_ledger.worker_seconds();
  };
  const auto stays = [&chosen_ledger, stay_margin](const Candidate& c) {
    return c.ledger != &chosen_ledger && c.ledger->unmet() <= (1 + stay_margin) * chosen_ledger.unmet() &&
           c.ledger->worker_seconds() < chosen_ledger.worker_seconds();
  };
  if (state.dominant >= 0 && static_cast<std::size_t>(state.dominant) < considered.size() &&
      stays(considered[static_cast<std::size_t>(state.dominant)])) {
    return state.dominant;
  }
  int dominant = -1;
  for (std::size_t i = 0; i < considered.size(); ++i) {
    if (enters(considered[i]) && (dominant < 0 || considered[i].ledger->unmet() <
                                                      considered[static_cast<std::size_t>(dominant)].ledger->unmet())) {
      dominant = static_cast<int>(i);
    }
  }
  // A candidate with a persistence (the unheld mean, the steady candidate) enters only once it has been the dominant
  // one at every decision for that long; the others at once.
  const double persistence = dominant >= 0 ? considered[static_cast<std::size_t>(dominant)].persistence_s : 0;
  if (persistence <= 0) {
    state.dominant_pending = -1;
    return dominant;
  }
  if (dominant != state.dominant_pending) {
    state.dominant_pending = dominant;
    state.dominant_pending_since = now;
  }
  return now - state.dominant_pending_since < persistence ? -1 : dominant;
}

// The spend budget's choice: the candidate that would have missed least within `allowed` worker-seconds over the
// strategy memory, each paying with its reductions confirmed, as the planner follows it; the cheapest when none would
// have stayed within it; nullptr only when there are none.
const Candidate* budget_choice(std::span<const Candidate> candidates, double allowed) {
  const Candidate* chosen = nullptr;
  for (const Candidate& c : candidates) {
    if (c.ledger->confirmed_worker_seconds() <= allowed &&
        (chosen == nullptr || c.ledger->unmet() < chosen->ledger->unmet())) {
      chosen = &c;
    }
  }
  if (chosen == nullptr) {
    for (const Candidate& c : candidates) {
      if (chosen == nullptr || c.ledger->confirmed_worker_seconds() < chosen->ledger->confirmed_worker_seconds()) {
        chosen = &c;
      }
    }
  }
  return chosen;
}

// The decision itself, from the recommendation: scale up at once; scale down only as far as every recommendation of
// the stabilization and confirmation windows agrees, never while demand is rising, beyond the tolerance band (or within
// it, once every recommendation of its patience agreed) and by a bounded step.
void settle(const PlanInput& in, const PlannerPolicy& policy, int lo, int hi, PlannerState& state, Plan& out) {
  // Stabilization memory (as the HPA's scale-down window): keep recommendations of the last window, and at least
  // those of the confirmation window (scale_down_confirm_s).
  const double window = std::max(policy.scale_down_stabilization_s, policy.scale_down_confirm_s);
  const int highest_in_window = state.recommendations.add(in.now, out.recommendation, window);
  // … and of the tolerance's patience, once that long has been recorded.
  if (state.first_recommendation < 0) {
    state.first_recommendation = in.now;
  }
  const int highest_in_patience =
      state.patient_recommendations.add(in.now, out.recommendation, policy.tolerance_patience_s);
  const bool patience_recorded =
      policy.tolerance_patience_s > 0 && in.now - state.first_recommendation >= policy.tolerance_patience_s;

  const int current = in.current_workers;
  if (out.recommendation > current) {
    // Scale up at once; a bounded step only if configured (each step can only be late, never early).
    int target = out.recommendation;
    if (policy.max_scale_up_step > 0) {
      target = std::min(target, current + policy.max_scale_up_step);
    }
    out.desired = std::clamp(target, lo, hi);
    out.reason = PlanReason::kScaleUp;
    return;
  }
  out.desired = std::clamp(current, lo, hi);
  if (out.recommendation == current) {
    return;
  }
  // Fewer would do. Never while demand is rising: the workers we remove now could only come back a lead time later.
  if (in.forecast.rising) {
    out.reason = PlanReason::kRisingHold;
    return;
  }
  // Scale down only to the highest recommendation of the window: every recommendation in it must agree.
  const int stabilized = highest_in_window;
  if (stabilized >= current) {
    out.reason = PlanReason::kStabilizing;
    return;
  }
  // Tolerance band against flapping: ignore a reduction of at most `tolerance` of the workers.
  if (static_cast<double>(current - stabilized) <= policy.tolerance * static_cast<double>(current)) {
    if (patience_recorded && highest_in_patience < current) {
      out.desired = std::clamp(std::max(highest_in_patience, stabilized), lo, hi);
      out.reason = out.desired < current ? PlanReason::kScaleDown : PlanReason::kHold;
    }
    return;
  }
  // Bounded step: remove at most max_scale_down_fraction of the workers (at least one) per decision.
  const int max_remove =
      std::max(1, static_cast<int>(std::floor(policy.max_scale_down_fraction * static_cast<double>(current))));
  out.desired = std::clamp(std::max(stabilized, current - max_remove), lo, hi);
  out.reason = out.desired < current ? PlanReason::kScaleDown : PlanReason::kHold;
}

// A need as workers: never below the cache-capacity floor, within [min, max]. Every strategy's workers, and the spend
// budget's floor, are counted this way.
int within_floor_and_bounds(int need, int floor, int lo, int hi) { return std::clamp(std::max(need, floor), lo, hi); }

// A strategy's ask at one decision: the need it holds (at least what demand needs now) and that need as workers within
// the floor and the bounds.
struct Held {
  int need = 0;
  int workers = 0;
};

// What one decision works with: the policy's holds and switches at this lead time, and the demand observed over the
// interval that just ended.
struct Setting {
  const PlanInput& in;
  const PlannerPolicy& policy;
  int lo = 0;
  int hi = 0;
  int capacity_floor = 0;
  int reactive_need = 0;
  double hold_s = 0;  // the rent-or-buy hold
  double short_hold_s = 0;
  bool with_short_hold = false;
  bool with_budget = false;
  bool with_headroom = false;
  double headroom_hold_s = 0;
  double headroom_utilization = 0;
  // The mean hold: the rent-or-buy hold of what demand's mean over its window needs. The mean is smooth already, so a
  // level counts at once (no persistence). The mean headroom: the same mean at the headroom's utilisation, as the HPA
  // and the KPA size at a target below one. The unheld mean: the mean unheld, at its own share of the target (the
  // KPA's sizing).
  bool with_mean_hold = false;
  bool with_mean_headroom = false;
  bool with_unheld_mean = false;
  double mean_window_s = 0;
  bool with_steady_candidate = false;
  double need_fraction = 0;   // what demand over the interval needed, in workers at the target utilisation
  LedgerTerms terms{};        // the strategies' reductions wait for confirmation as the planner's do
  LedgerTerms floor_terms{};  // the clairvoyant floor's do not

  [[nodiscard]] int within_floor_and_bounds(int need) const {
    return cachepilot::autoscaler::within_floor_and_bounds(need, capacity_floor, lo, hi);
  }
  [[nodiscard]] int need_for(double demand, double utilization) const {
    return std::min(workers_for(demand, policy.worker_throughput, utilization), hi);
  }
  // The same need in workers, fractional (the peak hold keeps each level by its share).
  [[nodiscard]] double workers_needed(double demand) const {
    const double capacity = policy.worker_throughput * policy.target_utilization;
    return capacity > 0 && demand > 0 ? std::min(demand / capacity, static_cast<double>(hi)) : 0.0;
  }
};

Setting setting_for(const PlanInput& in, const PlannerPolicy& policy, const Plan& out, int lo, int hi, double hold) {
  Setting s{in, policy};
  s.lo = lo;
  s.hi = hi;
  s.capacity_floor = out.capacity_floor;
  s.reactive_need = out.reactive_need;
  s.hold_s = hold;
  s.short_hold_s = std::max(policy.short_hold_lead_times, 0.0) * in.lead_time_s;
  s.with_short_hold = s.short_hold_s > 0 && s.short_hold_s < hold;
  s.with_budget = policy.cost_budget > 0;
  s.with_headroom = s.with_budget && policy.headroom_utilization > 0;
  s.headroom_hold_s = s.with_short_hold ? s.short_hold_s : in.lead_time_s;
  s.headroom_utilization = policy.target_utilization * policy.headroom_utilization;
  s.with_mean_hold = s.with_budget && policy.mean_hold_lead_times > 0;
  s.with_mean_headroom = s.with_mean_hold && s.with_headroom && policy.mean_hold_with_headroom;
  s.with_unheld_mean = s.with_mean_hold && policy.unheld_mean_utilization > 0;
  s.mean_window_s = policy.mean_hold_lead_times * in.lead_time_s;
  s.with_steady_candidate = s.with_budget && policy.follow_dominant && policy.steady_candidate_unmet_share > 0;
  // Every strategy is charged for the interval that just ended, at the demand observed over it.
  const double capacity = policy.worker_throughput * policy.target_utilization;
  s.need_fraction = capacity > 0 ? std::max(in.current_demand, 0.0) / capacity : 0.0;
  s.terms = {in.lead_time_s, policy.unmet_price, policy.strategy_memory_s, policy.scale_down_confirm_s};
  s.floor_terms = {in.lead_time_s, policy.unmet_price, policy.strategy_memory_s, 0};
  return s;
}

// The holds the planner runs, each fed the same demand (the headroom's at its own utilisation) and charged to its own
// ledger: the rent-or-buy hold first, then the short hold, the budget's rungs and the headroom.
struct HoldRun {
  RealizedNeedHold* hold;
  StrategyLedger* ledger;
  double length_s;
  double utilization;
};
constexpr std::size_t kMaxHoldRuns = kMaxBudgetRungs + 3;
struct HoldRuns {
  std::array<HoldRun, kMaxHoldRuns> runs{};
  std::size_t count = 0;
  std::size_t short_run = 0;  // with a short hold
  std::size_t first_rung = 0;
  std::size_t headroom_run = 0;  // with headroom
  void add(const HoldRun& r) { runs.at(count++) = r; }
  [[nodiscard]] std::span<const HoldRun> all() const { return {runs.data(), count}; }
};

HoldRuns hold_runs_for(const Setting& s, PlannerState& state) {
  const BudgetRungs rungs = s.with_budget ? budget_rungs(s.short_hold_s, s.hold_s, s.in.lead_time_s) : BudgetRungs{};
  const auto lengths = std::span(rungs.lengths).first(rungs.count);
  std::vector<double>& ladder = state.ladder_lengths;
  if (!std::equal(ladder.begin(), ladder.end(), lengths.begin(), lengths.end())) {
    // A new lead time or price: the rungs are new holds.
    ladder.assign(lengths.begin(), lengths.end());
    state.ladder.assign(rungs.count, RealizedNeedHold{});
    state.ladder_ledgers.assign(rungs.count, StrategyLedger{});
  }
  const double target = s.policy.target_utilization;
  HoldRuns out;
  out.add({&state.hold, &state.hold_ledger, s.hold_s, target});
  out.short_run = out.count;
  if (s.with_short_hold) {
    out.add({&state.short_hold, &state.short_hold_ledger, s.short_hold_s, target});
  }
  out.first_rung = out.count;
  for (std::size_t i = 0; i < ladder.size(); ++i) {
    out.add({&state.ladder[i], &state.ladder_ledgers[i], ladder[i], target});
  }
  out.headroom_run = out.count;
  if (s.with_headroom) {
    out.add({&state.headroom_hold, &state.headroom_ledger, s.headroom_hold_s, s.headroom_utilization});
  }
  return out;
}

// What the mean holds need at t, fed demand's mean over their window.
struct MeanNeeds {
  int need;
  int headroom_need;
  int unheld_need;
};
MeanNeeds decide_means(const Setting& s, PlannerState& state, double t, double demand) {
  const double target = s.policy.target_utilization;
  const double mean = state.demand_mean.add(t, demand, s.mean_window_s);
  return MeanNeeds{
      state.mean_hold.decide(t, s.need_for(mean, target), s.hold_s),
      s.with_mean_headroom ? state.mean_headroom_hold.decide(t, s.need_for(mean, s.headroom_utilization), s.hold_s) : 0,
      s.with_unheld_mean ? s.need_for(mean, target * s.policy.unheld_mean_utilization) : 0};
}

// The samples observed since the last decision, before this one, fed to every hold, the onset clock, the budget's
// floors and the mean holds.
void replay_earlier(const Setting& s, const HoldRuns& runs, PlannerState& state) {
  const PlannerPolicy& policy = s.policy;
  for (const Sample& e : s.in.earlier) {
    if (e.t >= s.in.now) {
      continue;
    }
    for (const HoldRun& r : runs.all()) {
      (void)r.hold->decide(e.t, s.need_for(e.demand, r.utilization), r.length_s, policy.hold_persistence_s);
    }
    if (policy.onset_clock) {
      (void)state.onset.decide(e.t, s.need_for(e.demand, policy.target_utilization), s.in.lead_time_s, policy.onset);
    }
    if (s.with_budget) {
      (void)state.clairvoyant.decide(e.t, s.need_for(e.demand, policy.target_utilization), s.in.lead_time_s);
      if (policy.peak_hold) {
        (void)state.peak_hold.decide(e.t, s.workers_needed(e.demand), s.hold_s);
      }
    }
    if (s.with_mean_hold) {
      (void)decide_means(s, state, e.t, e.demand);
    }
  }
}

// What every strategy asks for at this decision, each charged to its own ledger as if it had run alone.
struct Asks {
  int need_now = 0;  // what current demand needs, within the bounds
  int forecast = 0;  // the forecast strategy's workers
  int raise = 0;     // the raise's (PlannerPolicy::forecast_raise_slack)
  int ramp = 0;      // workers for the ramp's bound while the ramp finds a climb and no burst is on (else 0)
  std::array<Held, kMaxHoldRuns> by_run{};
  Held long_held;   // the rent-or-buy hold's
  Held short_held;  // the short hold's (the rent-or-buy hold's without one)
  Held mean;
  Held mean_headroom;
  Held unheld_mean;
  Held steady;
  Held steady_candidate;
  Held onset;
  bool onset_due = false;
};

void record_asks(const Setting& s, const HoldRuns& runs, PlannerState& state, Asks& a) {
  const PlanInput& in = s.in;
  const PlannerPolicy& policy = s.policy;
  a.need_now = s.need_for(in.current_demand, policy.target_utilization);
  // One hold at this decision: the highest need within its length (at least what current demand needs), as workers
  // within the floor and the bounds, charged to its own ledger as if it had run alone.
  const std::span<const HoldRun> all = runs.all();
  for (std::size_t i = 0; i < all.size(); ++i) {
    const HoldRun& r = all[i];
    const int need = s.need_for(in.current_demand, r.utilization);
    const int held = std::max(r.hold->decide(in.now, need, r.length_s, policy.hold_persistence_s), s.reactive_need);
    const int workers = s.within_floor_and_bounds(held);
    r.ledger->record(in.now, s.need_fraction, workers, s.terms);
    a.by_run.at(i) = {held, workers};
  }
  if (s.with_mean_hold) {
    const MeanNeeds needs = decide_means(s, state, in.now, in.current_demand);
    const auto charge = [&](int need, StrategyLedger& ledger) {
      const int held = std::max(need, s.reactive_need);
      const Held h{held, s.within_floor_and_bounds(held)};
      ledger.record(in.now, s.need_fraction, h.workers, s.terms);
      return h;
    };
    a.mean = charge(needs.need, state.mean_hold_ledger);
    if (s.with_mean_headroom) {
      a.mean_headroom = charge(needs.headroom_need, state.mean_headroom_ledger);
    }
    if (s.with_unheld_mean) {
      a.unheld_mean = charge(needs.unheld_need, state.unheld_mean_ledger);
    }
  }
  a.long_held = a.by_run[0];
  a.short_held = s.with_short_hold ? a.by_run.at(runs.short_run) : a.long_held;
  state.forecast_ledger.record(in.now, s.need_fraction, a.forecast, s.terms);
  // The steady level that would have missed a share of what the hold in force missed, as workers within the floor and
  // the bounds (and at least what demand needs now), charged to its own ledger.
  const StrategyLedger& hold_in_force_ledger = state.short_hold_in_force ? state.short_hold_ledger : state.hold_ledger;
  if (policy.steady_level || s.with_steady_candidate) {
    state.steady.record(in.now, s.need_fraction, s.hi, policy.strategy_memory_s);
  }
  // The steady level at a share of the hold in force's unmet demand, as workers charged to a ledger.
  const auto steady_at = [&](double unmet_share, StrategyLedger& ledger) {
    const int need = std::max(state.steady.fewest_within(unmet_share * hold_in_force_ledger.unmet()), s.reactive_need);
    const Held level{need, s.within_floor_and_bounds(need)};
    ledger.record(in.now, s.need_fraction, level.workers, s.terms);
    return level;
  };
  if (policy.steady_level) {
    a.steady = steady_at(policy.steady_level_unmet_share, state.steady_ledger);
  }
  if (s.with_steady_candidate) {
    a.steady_candidate = steady_at(policy.steady_candidate_unmet_share, state.steady_candidate_ledger);
  }
  // The onset clock on the short hold (the rent-or-buy hold without one), charged to its own ledger.
  if (policy.onset_clock) {
    const int due = state.onset.decide(in.now, a.need_now, in.lead_time_s, policy.onset);
    a.onset_due = due > a.short_held.need;
    a.onset.need = std::max(due, a.short_held.need);
    a.onset.workers = s.within_floor_and_bounds(a.onset.need);
    state.onset_ledger.record(in.now, s.need_fraction, a.onset.workers, s.terms);
  }
}

// Which strategies are in force, from their ledgers: the short hold, the steady level and the onset clock on the
// hold's side, then the hold or the forecast.
void update_in_force(const Setting& s, const Asks& a, PlannerState& state) {
  const PlanInput& in = s.in;
  const PlannerPolicy& policy = s.policy;
  const StrategyLedger& hold_in_force_ledger = state.short_hold_in_force ? state.short_hold_ledger : state.hold_ledger;
  // The short hold replaces the rent-or-buy hold while it would have missed nothing more for less: its ready
  // workers never exceed the long hold's, so equal unmet demand means the long hold's extra workers bridged no
  // gap. It takes over only when both ask for the same workers (the switch itself then releases nothing: a
  // hold's workers are let go only on the bet the hold makes), and gives way as soon as it would have missed more.
  if (!s.with_short_hold) {
    state.short_hold_in_force = false;
  } else if (in.now - state.first_decision >= policy.short_hold_after_s) {
    const bool no_worse = state.short_hold_ledger.unmet() <= state.hold_ledger.unmet() &&
                          state.short_hold_ledger.cost() < state.hold_ledger.cost();
    state.short_hold_in_force = no_worse && (state.short_hold_in_force || a.short_held.workers == a.long_held.workers);
  }
  // The steady level replaces the hold in force once it would have missed clearly less for clearly less, paying
  // for no more workers, and stays while it misses no more for less: the margin only to enter, because each switch
  // back and forth costs the workers a lead time away. Like the short hold, it needs a whole strategy memory of
  // evidence, since its level is what that memory needed.
  if (!policy.steady_level) {
    state.steady_in_force = false;
  } else if (in.now - state.first_decision >= policy.strategy_memory_s) {
    const double keep = state.steady_in_force ? 1.0 : 1 - policy.strategy_switch_margin;
    state.steady_in_force = state.steady_ledger.unmet() <= keep * hold_in_force_ledger.unmet() &&
                            state.steady_ledger.cost() < keep * hold_in_force_ledger.cost() &&
                            state.steady_ledger.worker_seconds() <= hold_in_force_ledger.worker_seconds();
  }
  // The onset clock replaces the hold in force (the steady level, too) once armed and clearly cheaper than both it
  // and the short hold the clock runs on, and stays while it is cheaper than both: on a train in rhythm its ledger
  // pays for the window before each burst where the holds' ledgers pay for a lead time's miss, priced, or for the
  // gaps between bursts. Cheaper than the short hold means its windows earned more than they cost; without that
  // test the clock, armed on random bursts, was the short hold by another name, in force on priced cost where the
  // short hold's own rule (no more unmet) kept it out (random bursts every 600 s on average: 19.66% → 21.94%).
  if (policy.onset_clock && state.onset.armed(policy.onset) &&
      in.now - state.first_decision >= policy.strategy_compare_after_s) {
    const StrategyLedger& in_force = state.steady_in_force ? state.steady_ledger : hold_in_force_ledger;
    const StrategyLedger& runs_on = s.with_short_hold ? state.short_hold_ledger : state.hold_ledger;
    const double keep = state.onset_in_force ? 1.0 : 1 - policy.strategy_switch_margin;
    const double cost = state.onset_ledger.cost();
    state.onset_in_force = cost < keep * in_force.cost() && cost < keep * runs_on.cost();
  } else {
    state.onset_in_force = false;
  }
  // Compare only after some evidence, and switch only on a clear margin: each switch costs the workers the other
  // strategy would have had ready, and early costs are a handful of bursts. The hold's side is the onset clock while
  // it is in force, and otherwise the rent-or-buy hold (planner.hpp).
  if (in.now - state.first_decision >= policy.strategy_compare_after_s) {
    const bool hold_in_force = state.strategy == Strategy::kHold;
    const double hold_side = state.onset_in_force ? state.onset_ledger.cost() : state.hold_ledger.cost();
    const double current = hold_in_force ? hold_side : state.forecast_ledger.cost();
    const double other = hold_in_force ? state.forecast_ledger.cost() : hold_side;
    if (other < (1 - policy.strategy_switch_margin) * current) {
      state.strategy = hold_in_force ? Strategy::kForecast : Strategy::kHold;
    }
  }
}

// The plan follows the strategy in force.
void follow_in_force(const Setting& s, const Asks& a, const PlannerState& state, Plan& out) {
  out.strategy = state.strategy;
  // The forecast competes with the rent-or-buy hold's ledger: the short hold is in force only where that hold
  // is the better strategy but bridges nothing.
  const bool short_in_force = out.strategy == Strategy::kHold && state.short_hold_in_force;
  out.hold_s = out.strategy == Strategy::kHold ? (short_in_force ? s.short_hold_s : s.hold_s) : 0.0;
  if (short_in_force) {
    out.held_need = a.short_held.need;
  }
  out.recommendation =
      out.strategy == Strategy::kHold ? (short_in_force ? a.short_held.workers : a.long_held.workers) : a.forecast;
  if (out.strategy == Strategy::kHold && state.steady_in_force) {
    out.steady_level = a.steady.need;
    out.held_need = a.steady.need;
    out.hold_s = 0;
    out.recommendation = a.steady.workers;
  }
  if (out.strategy == Strategy::kHold && state.onset_in_force) {
    out.steady_level = 0;
    out.onset_clock = true;
    out.onset_due = a.onset_due;
    out.held_need = a.onset.need;
    out.hold_s = s.with_short_hold ? s.short_hold_s : s.hold_s;
    out.recommendation = a.onset.workers;
  }
}

// The hold in force raised to the forecast, charged to its own ledger; in force while it missed clearly less for
// little more, and the forecast has been near demand (PlannerPolicy::forecast_raise_cost).
void update_raise(const Setting& s, const Asks& a, PlannerState& state) {
  const PlanInput& in = s.in;
  const PlannerPolicy& policy = s.policy;
  if (!(policy.forecast_raise_cost > 0)) {
    state.raised_in_force = false;  // no raise: neither its ledger nor the forecast's error is kept
    return;
  }
  const int hold_side_ask = state.onset_in_force        ? a.onset.workers
                            : state.steady_in_force     ? a.steady.workers
                            : state.short_hold_in_force ? a.short_held.workers
                                                        : a.long_held.workers;
  const StrategyLedger& hold_side = hold_side_ledger(state);
  state.raised_ledger.record(in.now, s.need_fraction, std::max(hold_side_ask, a.raise), s.terms);
  // A season newly in use, or another one: the raise's record and the forecast's error were made without it. The
  // raise starts over from the hold's ledger and the error from nothing, and for one period the raise need not have
  // missed less than the hold to be in force (PlannerPolicy::season_trial).
  const double season = in.forecast.season_s;
  if (policy.season_trial && season > 0 && std::abs(season - state.trial_season_s) > kSeasonChange * season) {
    state.raised_ledger = hold_side;
    state.lead_error = LeadError{};
    state.season_lead_error = LeadError{};
    state.trial_until = in.now + season;
  }
  state.trial_season_s = season;
  const bool trial = policy.season_trial && season > 0 && in.now < state.trial_until;
  state.lead_error.record(in.now, in.current_demand, in.forecast.at_lead, in.lead_time_s, policy.strategy_memory_s);
  // On trial the season's own point is scored too, and either may pass the guard. The models were scored without the
  // season, and one of them may be chosen for a while after it comes into use (the envelope kept an epoch's level
  // through the dip before a regeneration the season foresaw); but a season's point is one moment a period back, and
  // where demand is noisy a level-following model's point is nearer (a 6 h cycle with 20% noise).
  if (trial && in.forecast.season_at_lead) {
    state.season_lead_error.record(in.now, in.current_demand, *in.forecast.season_at_lead, in.lead_time_s,
                                   policy.strategy_memory_s);
  }
  const std::optional<double> error = state.lead_error.error();
  const std::optional<double> season_error = trial ? state.season_lead_error.error() : std::nullopt;
  const auto near_demand = [&](const std::optional<double>& e) { return e && *e <= policy.forecast_raise_error; };
  // On trial, a forecast not scored yet (the first lead time of the season) is not held against the raise.
  const bool unscored_trial = trial && !error && !season_error;
  if ((near_demand(error) || near_demand(season_error) || unscored_trial) &&
      in.now - state.first_decision >= policy.forecast_raise_after_s) {
    const double keep = state.raised_in_force ? 1.0 : 1 - policy.strategy_switch_margin;
    state.raised_in_force =
        (trial || state.raised_ledger.unmet() < keep * hold_side.unmet()) &&
        state.raised_ledger.worker_seconds() <= (1 + policy.forecast_raise_cost) * hold_side.worker_seconds();
  } else {
    state.raised_in_force = false;
  }
}

// The spend budget and the dominance rule: the candidates' ledgers against the strategy chosen, the spend against
// the clairvoyant floor, and the peak hold.
void apply_budget(const Setting& s, const HoldRuns& runs, const Asks& a, PlannerState& state, Plan& out) {
  const PlanInput& in = s.in;
  const PlannerPolicy& policy = s.policy;
  // Every hold, the onset clock, two mean holds, the unheld mean and the forecast, cheapest first, so that ties in
  // unmet demand go to the cheaper strategy; then the steady candidate.
  std::array<Candidate, kMaxHoldRuns + 6> candidates{};
  std::size_t count = 0;
  const auto add = [&candidates, &count](const Candidate& c) { candidates.at(count++) = c; };
  if (s.with_short_hold) {
    add({&state.short_hold_ledger, Strategy::kHold, s.short_hold_s, a.short_held.need, a.short_held.workers, false});
  }
  const std::vector<double>& ladder = state.ladder_lengths;
  for (std::size_t i = 0; i < ladder.size(); ++i) {
    const Held& rung = a.by_run.at(runs.first_rung + i);
    add({&state.ladder_ledgers[i], Strategy::kHold, ladder[i], rung.need, rung.workers, false});
  }
  if (s.with_headroom) {
    const Held& h = a.by_run.at(runs.headroom_run);
    add({&state.headroom_ledger, Strategy::kHold, s.headroom_hold_s, h.need, h.workers, true});
  }
  if (policy.onset_clock) {
    add({&state.onset_ledger, Strategy::kHold, s.with_short_hold ? s.short_hold_s : s.hold_s, a.onset.need,
         a.onset.workers, false, true});
  }
  if (s.with_mean_hold) {  // the rent-or-buy hold's length, at the mean's fewer workers
    add({&state.mean_hold_ledger, Strategy::kHold, s.hold_s, a.mean.need, a.mean.workers, false, false, true});
    if (s.with_mean_headroom) {
      add({&state.mean_headroom_ledger, Strategy::kHold, s.hold_s, a.mean_headroom.need, a.mean_headroom.workers, true,
           false, true});
    }
    if (s.with_unheld_mean) {  // no hold beyond the confirmation window
      add({&state.unheld_mean_ledger, Strategy::kHold, 0.0, a.unheld_mean.need, a.unheld_mean.workers, true, false,
           true, policy.unheld_mean_persistence_s});
    }
  }
  add({&state.hold_ledger, Strategy::kHold, s.hold_s, a.long_held.need, a.long_held.workers, false});
  add({&state.forecast_ledger, Strategy::kForecast, 0.0, a.long_held.need, a.forecast, false});
  // The budget's candidates; the steady candidate only follows them, so that it is one for dominance alone.
  const std::span<const Candidate> budget_candidates(candidates.data(), count);
  if (s.with_steady_candidate && in.now - state.first_decision >= policy.strategy_memory_s) {
    add({&state.steady_candidate_ledger, Strategy::kHold, 0.0, a.steady_candidate.need, a.steady_candidate.workers,
         false, false, false, policy.steady_candidate_persistence_s, a.steady_candidate.need});
  }
  const std::span<const Candidate> considered(candidates.data(), count);
  // The dominant candidate, against the ledger of the strategy chosen above.
  const StrategyLedger& chosen_ledger =
      out.strategy == Strategy::kForecast ? state.forecast_ledger : hold_side_ledger(state);
  const int dominant = policy.follow_dominant && in.now - state.first_decision >= policy.short_hold_after_s
                           ? dominant_candidate(considered, chosen_ledger, policy.strategy_switch_margin,
                                                policy.dominant_stay_margin, in.now, state)
                           : -1;
  state.dominant = dominant;
  if (dominant >= 0) {
    follow(considered[static_cast<std::size_t>(dominant)], a.onset_due, out);
    out.dominant = true;
  }
  // Within the floor and the bounds, as every strategy's workers are: no planner pays less than min_workers, and
  // without this, idle stretches with no demand charged the spend for workers the floor did not count.
  const int floor_now = s.within_floor_and_bounds(state.clairvoyant.decide(in.now, a.need_now, in.lead_time_s));
  state.clairvoyant_ledger.record(in.now, s.need_fraction, floor_now, s.floor_terms);
  state.spend.record(in.now, in.current_workers, floor_now, policy.budget_memory_s);
  const int peak_now =  // the rent-or-buy hold without persistence (0: none)
      policy.peak_hold
          ? s.within_floor_and_bounds(state.peak_hold.decide(in.now, s.workers_needed(in.current_demand), s.hold_s))
          : 0;
  out.spend_ratio = state.spend.ratio();
  // Hysteresis: binding, the budget lets go only well under it; free, it binds as soon as the spend exceeds it.
  const bool in_grace = in.now - state.first_decision < policy.budget_grace_s;
  // Within the grace, the grace's budget, never tighter than the budget itself (0: none).
  const double budget = !in_grace                      ? policy.cost_budget
                        : policy.grace_cost_budget > 0 ? std::max(policy.grace_cost_budget, policy.cost_budget)
                                                       : 0.0;
  const double binds_over = state.over_budget ? std::clamp(policy.cost_budget_release, 0.0, 1.0) * budget : budget;
  state.over_budget = budget > 0 && state.spend.spent() > binds_over * state.spend.floor();
  if (state.over_budget) {
    // Over the budget, the candidates must pay under it by a share of the excess, to earn the excess back.
    const double excess = std::max(state.spend.ratio() - budget, 0.0);
    const double multiple = std::max(budget - std::max(policy.budget_payback, 0.0) * excess, std::min(budget, 1.0));
    out.over_budget = true;
    out.dominant = false;
    // The hold and the forecast are always candidates.
    if (const Candidate* chosen =
            budget_choice(budget_candidates, multiple * state.clairvoyant_ledger.worker_seconds())) {
      follow(*chosen, a.onset_due, out);
    }
  } else if (policy.peak_hold && dominant < 0 && out.strategy == Strategy::kHold &&
             in.now - state.first_decision >= policy.strategy_compare_after_s &&
             state.hold_ledger.worker_seconds() < state.clairvoyant_ledger.worker_seconds() &&
             state.hold_ledger.unmet() > state.clairvoyant_ledger.unmet() && peak_now > out.recommendation) {
    // The floor keeps every one-second peak for one lead time. A rent-or-buy hold that paid less than it and
    // missed more dropped peaks that came back within a lead time: they are demand's level, not jitter around
    // it, so the hold keeps them too.
    out.peak_hold = true;
    out.steady_level = 0;
    out.onset_clock = false;
    out.onset_due = false;
    out.hold_s = s.hold_s;
    out.held_need = peak_now;
    out.recommendation = peak_now;
  }
}

}  // namespace

Plan plan(const PlanInput& in, const PlannerPolicy& policy, PlannerState& state) {
  Plan out;
  const int lo = std::max(policy.min_workers, 0);
  const int hi = std::max(policy.max_workers, lo);
  out.forecast_need = workers_for(in.forecast.upper, policy.worker_throughput, policy.target_utilization);
  out.reactive_need = workers_for(in.current_demand, policy.worker_throughput, policy.target_utilization);
  out.capacity_floor = capacity_floor(policy.dataset_bytes, policy.worker_cache_bytes);
  const auto within_floor_and_bounds = [&out, lo, hi](int need) {
    return cachepilot::autoscaler::within_floor_and_bounds(need, out.capacity_floor, lo, hi);
  };
  Asks asks;
  asks.forecast = within_floor_and_bounds(std::max(out.forecast_need, out.reactive_need));
  // The raise's ask: the bound less a sliver of a worker (PlannerPolicy::forecast_raise_slack).
  const double raise_bound =
      in.forecast.upper - policy.forecast_raise_slack * policy.worker_throughput * policy.target_utilization;
  asks.raise = within_floor_and_bounds(std::max(
      workers_for(std::max(raise_bound, 0.0), policy.worker_throughput, policy.target_utilization), out.reactive_need));
  if (in.forecast.ramp_upper > 0 && !in.forecast.burst) {
    asks.ramp = within_floor_and_bounds(std::max(
        workers_for(in.forecast.ramp_upper, policy.worker_throughput, policy.target_utilization), out.reactive_need));
  }
  const double hold = rent_or_buy_hold(policy.unmet_price, in.lead_time_s);
  if (!(hold > 0)) {
    state.over_budget = false;  // no hold, no budget
    out.strategy = Strategy::kForecast;
    out.held_need = out.reactive_need;
    out.recommendation = asks.forecast;
  } else {
    const Setting s = setting_for(in, policy, out, lo, hi, hold);
    const HoldRuns runs = hold_runs_for(s, state);
    replay_earlier(s, runs, state);
    record_asks(s, runs, state, asks);
    out.held_need = asks.long_held.need;
    if (state.first_decision < 0) {
      state.first_decision = in.now;
    }
    out.hold_cost = state.hold_ledger.cost();
    out.forecast_cost = state.forecast_ledger.cost();
    out.short_hold_cost = s.with_short_hold ? state.short_hold_ledger.cost() : 0.0;
    update_in_force(s, asks, state);
    follow_in_force(s, asks, state, out);
    update_raise(s, asks, state);
    // Before the strategies are compared, the trend's bound raises the hold in force (trend_before_compare).
    if (policy.trend_before_compare && out.strategy == Strategy::kHold &&
        in.now - state.first_decision < policy.strategy_compare_after_s &&
        (in.forecast.rising || in.forecast.warm_up_headroom) && !in.forecast.burst &&
        follows_the_level(in.forecast.model) && asks.forecast > out.recommendation) {
      out.early_trend = true;
      out.recommendation = asks.forecast;
    }
    if (s.with_budget) {
      apply_budget(s, runs, asks, state, out);
    } else {
      state.over_budget = false;
      state.dominant = -1;
    }
  }

  // The forecast raises the hold in force (not a strategy the budget or the dominance rule chose: theirs is a choice
  // among the ledgers, which this raise is not part of).
  if (state.raised_in_force && out.strategy == Strategy::kHold && !out.over_budget && !out.dominant &&
      asks.raise > out.recommendation) {
    out.forecast_raise = true;
    out.recommendation = asks.raise;
  }
  // The ramp raises the hold in force, as the forecast's raise does, while the run pays little over the clairvoyant
  // floor (PlannerPolicy::ramp_raise_spend_share).
  if (out.strategy == Strategy::kHold && !out.over_budget && !out.dominant &&
      out.spend_ratio < policy.ramp_raise_spend_share * policy.cost_budget && asks.ramp > out.recommendation) {
    out.ramp_raise = true;
    out.recommendation = asks.ramp;
  }
  // The pods already on their way: what they will read a lead time from now is known, not forecast, so it is asked
  // for whatever the strategy in force, and kept until the workers asked for it serve.
  out.pods_due_need = state.pods_due.add(
      in.now, workers_for(std::max(in.pods_due_demand, 0.0), policy.worker_throughput, policy.target_utilization),
      in.lead_time_s);
  if (out.pods_due_need > 0 && within_floor_and_bounds(out.pods_due_need) > out.recommendation) {
    out.pods_due = true;
    out.recommendation = within_floor_and_bounds(out.pods_due_need);
  }
  // A level at a worker's edge: the worker current demand adds is kept until it serves (PlannerPolicy::edge_add_range).
  // Only with a hold (without one nothing is kept, by the policy's price), and once a lead time of demand has been
  // seen: before that, a first need has no range to be a level's.
  if (policy.edge_add_range > 0 && hold > 0) {
    const int top = state.need_top.add(in.now, out.reactive_need, in.lead_time_s);
    const int bottom = state.need_bottom.add(in.now, out.reactive_need, in.lead_time_s);
    const bool at_edge = in.now - state.first_decision >= in.lead_time_s && out.reactive_need > in.current_workers &&
                         !state.over_budget && top - bottom <= policy.edge_add_range;
    out.edge_add_need = state.edge_adds.add(in.now, at_edge ? out.reactive_need : 0, in.lead_time_s);
    if (out.edge_add_need > 0 && within_floor_and_bounds(out.edge_add_need) > out.recommendation) {
      out.edge_add = true;
      out.recommendation = within_floor_and_bounds(out.edge_add_need);
    }
  }
  settle(in, policy, lo, hi, state, out);
  return out;
}

}  // namespace cachepilot::autoscaler
