#pragma once
// The planner: how many cache workers a dataset's runtime should have. Values in, values out: plan(input, policy,
// state) is a pure function of its arguments; the planner's memory (recent recommendations, the strategies'
// ledgers) is a value the caller passes back in.
//
// Two strategies run side by side, and the planner follows the one that would have cost less lately (ledger.hpp):
//   - hold:     what demand needs now, and never less than it needed within the rent-or-buy hold (hold.hpp);
//   - forecast: what the forecast's upper bound needs (and at least what demand needs now).
// Inside the hold strategy a short hold (one lead time) runs beside the rent-or-buy one and takes its place while it
// would have left no more demand unmet for less: where idle gaps are all longer than the hold, the hold's workers
// bridge nothing and only cost.
// Where bursts return in a rhythm, after gaps too long for any hold, the onset clock (onset.hpp) runs on the short
// hold and asks for the bursts' height while the next one is due; it replaces the hold in force while it would have
// cost less, and the forecast then competes with it.
// The hold is the safe default: it is within twice the best reactive choice on any demand. The forecast takes over
// when its margins have earned more than they cost, which they do where demand has a shape (seasons, trends, pods
// announcing themselves) and do not on bursts that nothing foretells.
#include <span>
#include <string>
#include <vector>

#include "autoscaler/budget.hpp"
#include "autoscaler/forecast.hpp"
#include "autoscaler/hold.hpp"
#include "autoscaler/lead_error.hpp"
#include "autoscaler/ledger.hpp"
#include "autoscaler/onset.hpp"
#include "autoscaler/steady.hpp"

namespace cachepilot::autoscaler {

// The spend budget's holds between the short and the rent-or-buy hold, at most: each is a hold and a ledger per
// dataset and decision, and an unmetPrice of 1000 would otherwise make 998 of them.
inline constexpr int kMaxBudgetRungs = 6;

struct PlannerPolicy {
  double worker_throughput = 0;     // bytes/s one ready worker serves (> 0)
  double target_utilization = 1.0;  // provision so that the forecast bound uses this share of capacity
  int min_workers = 1;
  int max_workers = 1000;
  double dataset_bytes = 0;       // cache-capacity floor: bytes to keep cached (0 = no floor)
  double worker_cache_bytes = 0;  // cache size of one worker (0 = no floor)
  // Scale down to the highest recommendation of this window. 0 by default: the hold strategy keeps what demand
  // needed, and holding forecasts too would keep every spike a forecast ever raised.
  double scale_down_stabilization_s = 0;
  // Scale down only to the highest recommendation of this window too: every decision of the last few seconds must ask
  // for fewer. The forecaster's chosen model can change for one decision as two models' scores cross, and a hold's
  // level can dip for one decision as a second of demand drops out of it; a worker let go on that decision comes back
  // only a lead time after the next asks for it. On an hourly cycle with 15% noise, one such decision at a trough
  // missed 0.016 pp (0.302% against the oracle's 0.187% + 0.1 pp; 0.286% with it). The spend budget charges its
  // candidates for the wait (StrategyLedger::confirmed_worker_seconds); uncharged, it took three spike trains and
  // bursts over 2× the oracle at 16 workers. Over 361 verdicts at 8 workers, with grace_cost_budget: 9 → 7 fail
  // (an 8 h cycle with 20% noise passes, 0.200% → 0.144%), unmet summed 1,301 → 1,276 pp, scale actions −19%. At
  // decisions 15 s apart, confirming on the previous decision cost 1% more worker-seconds and missed no less, so this
  // window holds only decisions within it (docs/simulate.md). Until 2026-12-03 on the forecast's reductions only.
  double scale_down_confirm_s = 4;
  // Worker-seconds one worker-second of unmet demand is worth. Sets the hold (unmet_price × lead time) and the price
  // at which the two strategies are compared. 0, or no lead time: the forecast strategy alone, without a hold.
  double unmet_price = 7;
  // A level enters the hold once demand has needed it this long (hold.hpp): one second of jitter is not a level to
  // keep for minutes. Samples 2 s apart or more count on their own.
  double hold_persistence_s = 2;
  // The short hold, in lead times (0: none). It replaces the rent-or-buy hold while, over the strategy memory, it
  // would have left no more demand unmet at a lower cost; it never replaces a shorter one.
  double short_hold_lead_times = 1;
  // The short hold may take over only this long after the first decision: "no more unmet than the rent-or-buy hold"
  // proves that hold bridged nothing only once demand has had gaps of every length it will have. After one strategy
  // memory (1 h) of gaps over 900 s, random on/off demand (gaps of 15 min on average, at random) had the short hold in
  // force when a 103 s gap came (7.53% unmet against reactive-ideal's 6.60% + 0.5 pp); the spend budget's grace, as
  // long, passed it (6.70%). The onset clock, which runs on the short hold whether or not it is in force, catches the
  // trains a late short hold would have cost most on (docs/simulate.md).
  double short_hold_after_s = 5400;
  // The steady level (steady.hpp): the fewest workers that, kept constant over the strategy memory, would have left
  // steady_level_unmet_share of the hold in force's unmet demand unmet. It replaces that hold while its own ledger
  // shows it missed less for less (planner.cpp). false: none. Not a candidate for the spend budget: as one, it was
  // chosen when a storm broke after two idle hours, at a level learned on the idle hours (a storm's unmet demand went
  // from 0.86% to 1.36%; docs/simulate.md).
  bool steady_level = true;
  // Half: the level must be clearly better than the hold to be worth its constant workers, and the margin covers a
  // level learned on the past missing more on the future (measured 1.0, 0.75 and 0.5 while the level was still a
  // budget candidate: 0.5 passed the most traces; docs/simulate.md).
  double steady_level_unmet_share = 0.5;
  // The onset clock (onset.hpp): the short hold, and the recent bursts' height while the next burst is due. It
  // replaces the hold in force (from strategy_compare_after_s, once the clock is armed) when its ledger shows it cost
  // strategy_switch_margin less, stays while it costs less, and is what the forecast is then compared with: compared
  // with the rent-or-buy hold instead, the forecast took over from it on regular spike trains and paid for margins
  // that caught no more (docs/simulate.md). A candidate for the spend budget too. false: none.
  bool onset_clock = true;
  OnsetClockParams onset;
  // The spend budget (budget.hpp): while the workers paid for over budget_memory_s exceed this multiple of the
  // clairvoyant floor, the planner follows whichever strategy would, over the strategy memory, have left the least
  // demand unmet for at most that multiple of the floor: the forecast, or a hold of 1 … rent-or-buy lead times
  // (the cheapest, when none would have). Holds longer than the gaps between bursts are what overspends: each keeps
  // a burst's workers for the whole gap, where the floor pays one lead time per burst. 0: no budget. Just under
  // twice the floor, rent-or-buy's own bound against the best choice in hindsight: the spend lags the choice by a
  // decision and fades, and overshot 2.0 by up to 0.02 on spike trains every 500 s ± 25% (docs/simulate.md).
  double cost_budget = 1.97;
  // Half a day: the spend must stand for most of what a run of a few hours paid. At 6 h the fade weighted the
  // costly first hours too little and a spike train ended at 2.002× the oracle; at 24 h a cheap start let the last
  // hours overspend (docs/simulate.md).
  double budget_memory_s = 43200;
  // Once the budget binds, it binds until the spend falls to this share of cost_budget (1: no hysteresis). At the
  // budget itself it let go whenever the spend dipped under it: on a spike train every 800 s ± 25% at 16 workers the
  // strategy in force then asked for its workers, the budget took them back two seconds later, before any was ready,
  // every 17 s for hours (853 scale actions against 245 at 0.97). Over the acceptance test's 181 verdicts, 0.97
  // passed as many as 1 at 8 and at 16 workers and missed less (939.75 → 924.89 pp summed at 8 workers); 0.95 failed
  // one more at 8 (docs/simulate.md).
  double cost_budget_release = 0.97;
  // One more candidate for the budget: the short hold of what demand needs at this fraction of target_utilization
  // (0: none). The holds keep a level demand sustained (hold_persistence_s), so a burst's one-second peaks above it
  // are missed; at 0.8 the headroom is a quarter of the level, about what the KPA's default 70% target keeps
  // (measured: 0.7 does the same, 0.9 misses more; docs/simulate.md).
  double headroom_utilization = 0.8;
  // One more candidate for the budget: the rent-or-buy hold of what demand's mean over this many lead times needs
  // (0: none), as the HPA and the KPA size on a minute's rate. The other holds keep the peak a burst sustained for
  // hold_persistence_s; a kept worker serves the next burst only as far as that burst reaches it, and on short, jittery
  // bursts of random height the peak's top workers seldom serve, so within the budget the mean's long hold misses less
  // than a short hold of the peak. Random bursts of 20–60 s every 350 s on average: 15.65% unmet at 1.88× the oracle,
  // dominated by the HPA at 0.7 (14.41% at 1.63×); with it 12.10% at 1.88× (docs/simulate.md).
  double mean_hold_lead_times = 1;
  // One more candidate for the budget: the mean hold at headroom_utilization of the target, as the HPA sizes on a
  // minute's rate at a target below one. Where bursts fade within a minute, their mean falls short of what the next
  // one needs, and the quarter more serves it: spikes of 7 units decaying over a minute, every 5 min at random, left
  // 7.98% unmet at 1.97x the oracle, dominated by the HPA at 0.6 (6.41% at 1.74x); with it 6.43% at 1.95x. Alone in
  // place of the mean hold, random bursts of 20–60 s every 350 s went from 12.10% to 14.56% (failing); beside it, to
  // 12.45% (docs/simulate.md). false: none.
  bool mean_hold_with_headroom = true;
  // One more candidate for the budget: what demand's mean over mean_hold_lead_times needs at this share of
  // target_utilization, with no hold beyond the confirmation window (0: none). The KPA's own sizing (the mean of its
  // 60 s stable window, at a target near Knative's default 70%): its workers go as soon as the mean falls, where every
  // other candidate keeps a burst's workers for a lead time or more. Bursts with a retry 90 s later missed 9.37% at
  // 1.68× the oracle, dominated by the KPA at 0.7 (7.20% at 1.55×); following the unheld mean as the dominant
  // candidate, 9.51% at 1.59× (not dominated: the KPA pays 2% less). At 0.7, long random bursts every 1,000 s (seed
  // 143) passed too, but random bursts every 700 s (seed 154) failed (14.87%, dominated by the KPA at 0.6: 14.09%;
  // docs/simulate.md).
  double unheld_mean_utilization = 0.75;
  // The unheld mean replaces the strategy chosen as the dominant candidate (follow_dominant) only once it has been the
  // dominant one at every decision for this long (0: at once, as the other candidates do). Keeping nothing, its ledger
  // turns on a single burst: a storm after 90 min of silence had it dominant for the first minute of its onset, and
  // following it then missed 0.76% at 16 workers, dominated by reactive-ideal at 300 s (0.63% at 1.17×; 0.64% with
  // it). For every candidate, 60 s cost jittered spikes at 12 workers up to 5 pp of unmet demand (every 800 s, seed
  // 112: 7.44% → 12.73%): there the dominant candidate serves a spike only if it enters at its onset
  // (docs/simulate.md).
  double unheld_mean_persistence_s = 60;
  // One more candidate for following the dominant candidate (follow_dominant), not for the spend budget: the steady
  // level (steady.hpp) that would have missed this share of what the hold in force missed over the strategy memory (0:
  // none), from one strategy memory after the first decision, as the steady level's own rule. That rule asks for half
  // the hold's unmet demand and replaces the hold only at 5% lower priced cost; a level missing three quarters of it
  // pays fewer workers, and as a dominant candidate it needs clearly less unmet demand for clearly fewer worker-seconds
  // than the strategy chosen, whichever that is. Bursts with an echo at half height 60 s later missed 11.43% at 1.73×
  // the oracle, dominated by the KPA at 0.6 (10.27% at 1.54×); with it 9.89% at 1.62×. As the steady level's own
  // share, 0.75 passed the echo too, but failed three more verdicts at 8 workers (docs/simulate.md).
  double steady_candidate_unmet_share = 0.75;
  // As the unheld mean's: the steady candidate replaces the strategy chosen only once it has been the dominant one at
  // every decision for this long. Entering at once, spikes with a minute of warning (8 workers) and bursts rising over
  // a minute at random (12 workers) came to be dominated by the KPA (docs/simulate.md).
  double steady_candidate_persistence_s = 60;
  // The peak hold: the rent-or-buy hold without hold_persistence_s, as reactive-ideal keeps every peak. It raises the
  // hold strategy's workers (from strategy_compare_after_s, while the budget does not bind) while the rent-or-buy
  // hold's ledger shows it paid less than the clairvoyant floor's and missed more: the floor keeps every one-second
  // peak for a lead time, so the peaks the persistence dropped came back within one, and they are demand's level, not
  // jitter around it. Heavy-tailed noise on a flat level (a one-second peak above 4 workers every 11 s or so):
  // 1.86% unmet at 0.79× the oracle against reactive-ideal's 0.28% + 0.5 pp; with it 0.32% at 1.19×. It keeps each
  // level for its share of the hold (FractionalHold): a peak a sliver above k workers risks a sliver of a worker's
  // miss, not a whole one. Kept whole, a quiet level whose noise just crossed one worker's capacity kept two workers
  // for hours (a bump every 3 h: 1.15× the oracle, 1.03× by share; the heavy-tailed noise 0.37% at 1.13×; one-second
  // blips in silence 26.8% → 16.5%, docs/simulate.md). It uses the budget's floor ledger, so it needs
  // cost_budget > 0. false: none.
  bool peak_hold = true;
  // Following the dominant candidate: a strategy the planner keeps a ledger for (one of the spend budget's
  // candidates) that, over the strategy memory, would have missed clearly less demand for clearly fewer
  // worker-seconds than the strategy the rules above chose (each by strategy_switch_margin) replaces it, and stays
  // while it misses no more for less. Those rules weigh each strategy against one other on priced cost, and the
  // budget weighs the rest only once the spend binds: a strategy that another would beat on both counts could stay
  // in force, and the not-dominated criterion is exactly that. Spikes after a minute at a third of their height: 18.51%
  // unmet at 1.92x the oracle with the forecast in force, dominated by the KPA at 0.6 and 0.7 (sizing on the warning
  // with headroom); the short hold with headroom had missed 14% less for 37% fewer worker-seconds, and following it,
  // 18.20% at 1.72x. From short_hold_after_s, for the short hold's reason. The margin on unmet demand too: with "no
  // more unmet" alone, holds shorter than the rent-or-buy hold took over on random bursts before their longer gaps
  // came (random bursts every 3,000 s: 5.78% → 7.19%, failing). It uses the budget's ledgers, so it needs
  // cost_budget > 0. false: none.
  bool follow_dominant = true;
  // The dominant candidate, once followed, stays while it has missed at most this share more than the strategy the
  // other rules chose, for fewer worker-seconds (to enter: strategy_switch_margin less of both). A burst's first
  // seconds favour the longer hold, whose workers were still there when it began: the candidate's ledger then shows a
  // little more unmet demand for a while, and letting go hands the plan to the rent-or-buy hold for its whole length,
  // with no way back until the margin to enter is earned again. Hyperband brackets (27 trials in a minute, thinning to
  // 1): with no margin, dominated by the KPA at 0.7 (8.69% at 1.27x against its 8.04% at 1.18x); at 0.05, 8.40% at
  // 1.25x (docs/simulate.md). 0: it stays while it misses no more.
  double dominant_stay_margin = 0.05;
  // The budget binds at cost_budget only this long after the first decision: the first strategy memory is spent
  // learning, and the strategy chosen after it needs time to earn back what that cost. Measured, not derived
  // (docs/simulate.md).
  double budget_grace_s = 5400;
  // Within the grace, the budget binds at this multiple of the floor instead (at least cost_budget; 0: not at all).
  // What the first hours overspend, the rest of a run must earn back under cost_budget: a spike train every 750 s ± 25%
  // spent 2.7× the floor over its first 90 min, and 6 h ended at 2.02× the oracle; with it 1.97×. A run of 6 h that
  // spent 2.6× over the grace ends under 2× if the next 4.5 h pay 1.8× (2.6 × 1.5 + 1.8 × 4.5 = 2 × 6). At 2.5, spikes
  // decaying over a minute at random times were held back in their first hour (2.49×), dominated by the HPA at 0.6;
  // at 3.0 the spike train ended at 2.03× (docs/simulate.md).
  double grace_cost_budget = 2.6;
  // Earning back what was overspent: while the spend is over the budget b (ratio r), the budget's candidates may pay
  // at most b − budget_payback × (r − b) times the floor (never less than the floor itself; 0: b). At b alone the
  // budget holds the spend near it but never below, so what a run overspent (within the grace, or while a dearer
  // strategy was in force) stayed in the total: random bursts of mean gap 250 s spent 2.44× the floor over the
  // grace and 6 h ended at 2.007× the oracle; with 0.2 they are allowed 1.97 − 0.2 × 0.47 = 1.88 at first and end at
  // 1.982×. Over 383 verdicts: 0.2 failed 9, 17, 20, 25 at 8, 12, 16 workers and lead 120 (it was 10, 19, 21, 28)
  // and broke none that passed; 0.3 and 0.4 broke short random bursts at 12 workers (dominated by the HPA at 0.8),
  // 1 broke three more (docs/simulate.md).
  double budget_payback = 0.2;
  double strategy_memory_s = 3600;  // the strategies' past costs fade with this time constant
  // The hold and the forecast are first compared this long after the first decision; the hold is in force until
  // then. A quarter of the memory, the forecasters' own score memory: on a 30 min cycle, waiting a whole memory kept
  // the forecast out of the first hour, where most of the run's unmet demand fell (0.51% against 0.30%; 900 s also
  // passed 23 of 23 fresh shapes against 22; 600 passed the same as 900, 1800 and 3600 one fewer; docs/simulate.md).
  double strategy_compare_after_s = 900;
  // Until then, the hold in force also asks for the forecast's bound while the forecast says demand is rising, that
  // bound is the trend's, the forecaster's warm-up (nothing scored yet) or the last sample's (or current demand's)
  // with its calibrated rise, and no burst is on. Before any evidence for
  // either strategy, a hold follows every rise a lead time late and a trend foresees it; bursts and the models that
  // remember them (recent peaks, their envelope) are left to the hold, which pays for a burst only while it lasts. A 20
  // min cycle left 0.50% unmet against the oracle's 0.35% + 0.1 pp, most of it on the first rises; with it, 0.45% (an
  // hourly cycle with 15% noise: 0.38% → 0.29%, against 0.19% + 0.1). Raised to every model's bound, the hold kept the
  // envelope's burst heights through the gaps of sparse random bursts, which reactive-ideal then dominated; not only
  // while rising, a raise of one worker on a flat level stayed within the tolerance band for good. The last sample is
  // often the first model scored (the trend needs a span of history before it forecasts), and chosen for the minutes
  // until the trend's first forecasts are scored: with it, a 15 min cycle's first rise missed 0.04 pp less (0.49% →
  // 0.45%, the oracle 0.35%), and no verdict of 444 that passed failed (docs/simulate.md). Rising or not, while the
  // warm-up's bound carries its headroom (Forecast::warm_up_headroom): demand has only just begun, and where it goes
  // within the lead time is unknown either way.
  // false: the hold alone.
  bool trend_before_compare = true;
  // The forecast's raise of the hold in force: a strategy the planner keeps a ledger for, whose asks are the hold in
  // force's raised to the forecast's. It raises the hold (which stays in force) while its ledger shows it missed
  // strategy_switch_margin less than the hold in force to enter, and less to stay, for at most 1 +
  // forecast_raise_cost times its worker-seconds; only from forecast_raise_after_s on, and only while the forecast's
  // point at the lead has missed at most forecast_raise_error of demand over the strategy memory (LeadError). On
  // cycles under minute noise the hold stays in force (the forecast's margins cost more, priced, than the hold's
  // misses) and misses each rise the season foretells by a lead time: a 2 h cycle with 15% noise missed 0.31% against
  // the oracle's 0.12% + 0.1 pp, and 0.18% at 1.14× raised (a 3 h cycle with 10% noise: 0.26% → 0.13%). Without the
  // error's guard, random bursts on a 2 h cycle (a forecast missing 18% of demand) paid 2.6% more for 3% less unmet
  // and the KPA at 0.7 dominated them; without a whole strategy memory of evidence, the raise entered on the quiet
  // first hour of their run (docs/simulate.md). 0: no raise.
  double forecast_raise_cost = 0.10;
  double forecast_raise_error = 0.15;
  double forecast_raise_after_s = 3600;
  // The raise asks for the forecast's bound less this share of a worker, rounded up: a bound a sliver above k workers
  // asks for k. The bound is a tail already, and rounding a sliver up pays a whole worker for it on every decision,
  // so on a quiet level whose noise just crosses a worker's capacity the raised ledger paid for a worker the hold did
  // not, and the raise stayed out: a bump every 3 h on such a level missed 0.14% at 1.03× against the oracle's 0% +
  // 0.1 pp, and 0.006% at 1.05× with 0.05 (docs/simulate.md). Rounding the forecast strategy's own bound this way cost
  // cycles under minute noise their margins (the hourly cycle with 15% noise: 0.29% → 0.38%). 0: round every sliver up.
  double forecast_raise_slack = 0.05;
  // The ramp's raise: while the ramp finds demand climbing along a line (Forecast::ramp_upper, ForecasterParams::
  // ramp_window_s) and no burst is on, the hold in force asks for what the ramp's bound needs, unless the spend budget
  // binds or a dominant candidate is followed, and only while the spend (workers paid for over the clairvoyant floor's,
  // over budget_memory_s) is under this share of cost_budget. A hold follows a climb a lead time late, and
  // trend_before_compare raises it only before the strategies are compared; where the hold then stays in force (a quiet
  // level between rare climbs), each climb is missed by a lead time's rise: fifty pods starting within 2 min every 2 h
  // at a random minute missed 6.35% (dominated by the KPA at 0.8), and 5.78% raised. The raise pays for workers before
  // demand asks for them. On bursts, whose rises it takes for climbs too, those workers brought the budget to bind
  // sooner, and it then cut the holds that served later bursts: raised at any spend, cron fan-outs missed 8.44% →
  // 9.64%, and 1 and 2 more verdicts failed at 16 workers and at a 120 s lead. Under 0.6 of the budget (1.18× the
  // floor: a run whose demand is smooth enough to be served near its floor) the bursts are left alone (measured in
  // docs/simulate.md, "The ramp's raise"). No ledger: a climb out of a quiet level is seldom seen often enough to earn
  // one (on its own ledger the fifty pods' raise entered after their first climb and left during their second: 6.20%).
  // The ramp's own bound, not only where it is the forecast's: a climb's first steps teach the last sample's bound a
  // margin (its misses) above the ramp's line, that bound is chosen, and the hold went on unraised through the rest of
  // the climb (fifty pods at a random minute 5.78% → 5.34%; 23 verdicts miss less at 8 workers, none more than
  // 0.002 pp more; docs/simulate.md, "The ramp's own bound").
  // It needs cost_budget > 0. 0: none.
  double ramp_raise_spend_share = 0.6;
  // A season newly in use (or another one) gives the raise a trial of one period: its ledger starts over as a copy of
  // the hold's, the forecast's error from nothing, and until the period has passed the raise is in force without
  // having missed less, under the same cost and error guards, the error guard passed by the chosen model's point at
  // the lead or by the season's own (Forecast::season_at_lead). Both records were made by a forecaster without the
  // season, and the raise entered only once its ledger had caught up: a retraining every 2 h, its season proven at
  // 3 h 55 min, missed the third period's reload whole with its forecast at 8 workers (the raise's ledger paid 16% over
  // the hold's for the trend's margins of the last hour): 1.796% → 1.357% unmet. With the season's proof before two
  // periods (ForecasterParams::season_proof_slack_s), over the acceptance test's 644 verdicts at 8 workers, unmet
  // summed 2,020.92 → 2,000.82 pp at 1.2589 → 1.2603× the oracle, the same 24 failing (docs/simulate.md).
  bool season_trial = true;
  // The other strategy must have cost this share less to take over: the costs fade over an hour, so a small margin
  // is enough against flapping, and at 0.1 the forecast stayed out of cycles where it was 6–9% cheaper and missed
  // less (measured 0, 0.02, 0.05, 0.1; docs/simulate.md).
  double strategy_switch_margin = 0.05;
  // A level at a worker's edge: where what demand needs has moved by at most this many workers over the last lead
  // time, a worker that current demand adds (what it needs is more than the workers there are) is kept a lead time,
  // until it serves, unless the spend budget binds. The holds keep only needs that lasted hold_persistence_s, so a
  // level hovering at k workers' capacity asks for a (k+1)th at each one-second crossing and lets it go after the
  // confirmation, before it is ready; when the level then jumps the worker is not there. A random walk with jumps
  // missed 0.930% at 1.085x the oracle, dominated by reactive-ideal at 120 s (0.880% at 1.016x), and 0.886% at 1.088x
  // kept. A burst's rise moves more than a worker within a lead time, and its adds stay with the holds and the budget:
  // kept as well, bursts from nothing at 12 workers' peak missed 12.96% against 9.44% (docs/simulate.md). 0: none kept.
  int edge_add_range = 1;
  double tolerance = 0.1;  // no scale-down unless it removes more than this share of workers
  // … unless every recommendation of this long has asked for fewer: then down to the highest of them. The band is
  // against flapping, and a reduction every decision of 5 min agreed on is none. From 10 workers up, one worker is
  // within the band, and a worker asked once too many was kept for the rest of the run (a spike train held at its
  // peak: 1.00× → 1.08× the oracle at 12 workers when the warm-up asked for one more). With it, at 12 workers, 39 →
  // 35 verdicts fail, for 1.2683 → 1.2615× the oracle's worker-seconds (docs/simulate.md, "The warm-up's headroom").
  // 0: the band holds for good, as the HPA's.
  double tolerance_patience_s = 300;
  int max_scale_up_step = 0;             // workers added per decision at most (0 = unbounded)
  double max_scale_down_fraction = 0.5;  // share of workers removed per decision at most (at least one)
};

enum class Strategy {
  kHold,      // what demand needed within the rent-or-buy hold
  kForecast,  // what the forecast's upper bound needs
};
[[nodiscard]] const char* to_string(Strategy s);

// The planner's memory between cycles.
struct PlannerState {
  TrailingMax recommendations;          // over the stabilization and confirmation windows
  TrailingMax patient_recommendations;  // over tolerance_patience_s
  double first_recommendation = -1;     // when the first was made (< 0: none yet)
  RealizedNeedHold hold;
  StrategyLedger hold_ledger;
  StrategyLedger forecast_ledger;
  RealizedNeedHold short_hold;
  StrategyLedger short_hold_ledger;
  bool short_hold_in_force = false;
  // For the spend budget: holds of 2 … (rent-or-buy − 1) lead times with their ledgers, the clairvoyant floor (the
  // highest need of the last lead time) with its ledger, the spend itself, and the strategy the budget chose.
  std::vector<double> ladder_lengths;  // seconds
  std::vector<RealizedNeedHold> ladder;
  std::vector<StrategyLedger> ladder_ledgers;
  RealizedNeedHold clairvoyant;
  StrategyLedger clairvoyant_ledger;
  FractionalHold peak_hold;  // the rent-or-buy hold without persistence, by share (PlannerPolicy::peak_hold)
  SpendBudget spend;
  RealizedNeedHold headroom_hold;  // the short hold of needs at headroom_utilization, with its ledger
  StrategyLedger headroom_ledger;
  SteadyLevel steady;  // the steady level, with its ledger
  StrategyLedger steady_ledger;
  bool steady_in_force = false;
  OnsetClock onset;  // the onset clock, with the ledger of the short hold it runs on
  StrategyLedger onset_ledger;
  bool onset_in_force = false;
  StrategyLedger raised_ledger;  // the hold in force raised to the forecast, with its ledger
  bool raised_in_force = false;
  double trial_season_s = 0;    // the season the forecast last had in use (Forecast::season_s), for its trial
  double trial_until = -1;      // the raise's trial runs until then (PlannerPolicy::season_trial)
  LeadError lead_error;         // how far the forecast's point at the lead missed demand lately
  LeadError season_lead_error;  // … and the season's own point, on its trial (PlannerPolicy::season_trial)
  TrailingMean demand_mean;     // demand's mean over mean_hold_lead_times, the mean hold of its need, and its ledger
  RealizedNeedHold mean_hold;
  StrategyLedger mean_hold_ledger;
  RealizedNeedHold mean_headroom_hold;  // the mean hold at the headroom's utilisation, and its ledger
  StrategyLedger mean_headroom_ledger;
  StrategyLedger unheld_mean_ledger;       // the unheld mean's (unheld_mean_utilization)
  StrategyLedger steady_candidate_ledger;  // the steady candidate's (steady_candidate_unmet_share)
  // The dominant candidate in force, as its place among the candidates: the budget's, then the steady candidate (−1:
  // none). Their list changes only with the policy or the lead time, and when the steady candidate joins it at its end;
  // a stale place is still held to "no more unmet for less".
  int dominant = -1;
  // The candidate with a persistence (unheld_mean_persistence_s, steady_candidate_persistence_s) that has been the
  // dominant one at every decision since
  // dominant_pending_since, not yet in force (−1: none).
  int dominant_pending = -1;
  double dominant_pending_since = 0;
  bool over_budget = false;  // the budget binds (until the spend falls to cost_budget_release of it)
  Strategy strategy = Strategy::kHold;
  double first_decision = -1;  // < 0 until the first decision with both strategies
  TrailingMax pods_due;        // workers asked for pods due, over the last lead time (Plan::pods_due_need)
  // What current demand needed over the last lead time, highest and lowest, and the adds kept at a level's edge
  // (PlannerPolicy::edge_add_range) over the last lead time.
  TrailingMax need_top;
  TrailingMin need_bottom;
  TrailingMax edge_adds;
};

struct PlanInput {
  double now = 0;             // seconds, same epoch as the samples
  double current_demand = 0;  // latest observed demand (bytes/s)
  int current_workers = 0;    // workers the runtime has now (spec replicas)
  double lead_time_s = 0;     // a worker asked for now serves from now + lead_time_s (0: no hold strategy)
  Forecast forecast;
  // Demand observed since the previous decision and before `now`, oldest first (a history back-fill arrives this
  // way): the hold keeps what it needed too. The current demand is current_demand.
  std::span<const Sample> earlier;
  // Bytes/s the pods already on their way will read at most over [now + lead, now + lead + interval]: pods waiting
  // to read, each due when the dataset's learned notice has passed since it was created (autoscaler/pods.hpp), times
  // the bytes/s one pod reads. 0: no pods, or no timing learned yet.
  double pods_due_demand = 0;
};

enum class PlanReason {
  kHold,         // within tolerance, or nothing to do
  kScaleUp,      // the strategy in force (or the floor) needs more
  kScaleDown,    // the stabilization window agrees on fewer
  kRisingHold,   // fewer would do, but demand is rising
  kStabilizing,  // fewer would do, but not for the whole window yet
};
[[nodiscard]] const char* to_string(PlanReason r);

struct Plan {
  int desired = 0;
  PlanReason reason = PlanReason::kHold;
  int forecast_need = 0;                    // workers for the forecast's upper bound
  int reactive_need = 0;                    // workers for the current demand
  int capacity_floor = 0;                   // workers to hold the dataset's bytes
  int held_need = 0;                        // the highest need within the hold in force: the hold strategy's
  Strategy strategy = Strategy::kForecast;  // the strategy in force
  double hold_s = 0;                        // the hold in force: rent-or-buy, short or a budget rung (0: forecast)
  double hold_cost = 0;  // the strategies' faded costs in worker-seconds, unmet demand priced in (0: not compared)
  double forecast_cost = 0;
  double short_hold_cost = 0;  // the short hold's (0: none)
  int recommendation = 0;      // the strategy in force's need, at least the floor, clamped: recorded for stabilization
  double spend_ratio = 0;      // workers paid for / the clairvoyant floor, over the budget memory (0: no budget)
  bool over_budget = false;    // the budget chose the strategy in force
  bool dominant = false;       // … or the planner followed the dominant candidate (PlannerPolicy::follow_dominant)
  bool headroom = false;       // … and that was the short hold with headroom (PlannerPolicy::headroom_utilization)
  bool mean_hold = false;  // … or the mean hold (mean_hold_lead_times; held_need: its need; headroom: at the headroom;
                           // hold_s 0: the unheld mean, unheld_mean_utilization)
  bool peak_hold = false;       // the peak hold raised the hold strategy's workers (PlannerPolicy::peak_hold)
  bool early_trend = false;     // … or the trend did, before the strategies are compared (trend_before_compare)
  bool forecast_raise = false;  // … or the forecast did (PlannerPolicy::forecast_raise_cost)
  bool ramp_raise = false;      // … or the ramp's bound did (PlannerPolicy::ramp_raise_spend_share)
  int steady_level = 0;         // the steady level, when it is in force (held_need: at least what demand needs now)
  bool onset_due = false;       // the onset clock is in force and the next burst is due (held_need: its workers)
  bool onset_clock = false;     // the onset clock is in force (hold_s: the short hold it runs on)
  // Workers for the pods due a lead time from now (PlanInput::pods_due_demand), kept for a lead time: a worker asked
  // for a pod is not let go before it serves. A floor under every strategy, outside the ledgers.
  int pods_due_need = 0;
  bool pods_due = false;  // the floor raised the recommendation
  // Workers current demand added at a level's edge within the last lead time (PlannerPolicy::edge_add_range), kept
  // until they serve; and whether they raised the recommendation.
  int edge_add_need = 0;
  bool edge_add = false;
};

// Workers needed to serve `demand` at `utilization` of `throughput` each: ceil(demand / (throughput × utilization)).
[[nodiscard]] int workers_for(double demand, double throughput, double utilization);

// Workers needed to keep dataset_bytes cached: ceil(dataset_bytes / worker_cache_bytes); 0 when not configured.
[[nodiscard]] int capacity_floor(double dataset_bytes, double worker_cache_bytes);

// One planning decision. `state` is read and updated (recommendations older than the window are dropped).
[[nodiscard]] Plan plan(const PlanInput& input, const PlannerPolicy& policy, PlannerState& state);

}  // namespace cachepilot::autoscaler
