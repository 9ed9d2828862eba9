#pragma once
// The PromQL that turns per-client read counters (one series per FUSE client: a DaemonSet pod or a serverless
// pod's sidecar) into one dataset's demand in bytes/s, written once for the controller's default query and the
// demo's.
//
// Why not plain sum(rate(S[W])): rate() divides what a series grew by over the samples it has by the whole
// window, so a series younger than the window reads short -- scraped twice 15 s apart under [1m], about a
// quarter to a half of its rate -- and every pod of a burst of new serverless pods is such a series for its
// first minute. So each series is read
//   - with rate(S[W]) once it has a sample at least W old (`S offset W` exists): its samples cover the window;
//   - with irate(S[W]) (its last two samples) before that: whole from its second scrape -- while the series is
//     live (`and S`: Prometheus marks a series stale once its pod is gone). Without that, irate would read a
//     young pod that died at its full last rate for up to W more, and pods living less than W (serverless pods
//     often do) would each count for their life plus W. A failed scrape marks a series stale too: a young
//     series then reads nothing until its next scrape, an error towards less for one cycle, which the planner's
//     scale-down window absorbs. An old series keeps plain rate's reading (no `and S`): one failed scrape of
//     a DaemonSet FUSE client that carries most of a dataset's reads must not make its demand vanish.
// rate and irate drop the metric name, and vector matching ignores it, so `and`/`or` match series on their
// remaining labels. A series with one sample reads nothing either way: one scrape cannot tell a rate.
#include <string>
#include <string_view>

namespace cachepilot::prom {

// sum((rate(S[W]) and S offset W) or (irate(S[W]) and S)) for selector S (e.g. `metric{label="value"}`) and range W
// (a PromQL duration, e.g. "1m").
[[nodiscard]] std::string per_client_read_rate_query(std::string_view selector, std::string_view window);

}  // namespace cachepilot::prom
