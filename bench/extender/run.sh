#!/usr/bin/env bash
# The extender benchmark: builds the release binary (build-bench/), generates the synthetic clusters and
# request bodies (gen.py), and for each cluster size starts `cachepilot extender` on loopback, checks one
# reply per case, measures /prioritize and /filter with wrk in both request forms, records the extender's
# RSS, stops it with SIGTERM and prints a table (also written to bench/out/extender-results.md).
#
#   bench/extender/run.sh [options]          (see --help; every option has an environment variable too)
#
# Loopback only, bounded in time (each wrk run is `timeout`-guarded, start-up and shutdown are bounded),
# and it cleans up the processes it started on any exit.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"

DURATION="${BENCH_DURATION:-10}"             # seconds per case
CONNECTIONS="${BENCH_CONNECTIONS:-4}"
WRK_THREADS="${BENCH_WRK_THREADS:-2}"
SIZES="${BENCH_SIZES:-100 1000 5000}"
# NodeNames cases first, so the RSS column shows what serving nodeCacheCapable requests costs before full
# NodeLists (23 MB at 5,000 nodes) grow the heap.
CASES="${BENCH_CASES:-prioritize:names filter:names filter:names-required prioritize:nodes filter:nodes}"
EXT_THREADS="${BENCH_EXTENDER_THREADS:-0}"   # 0: the extender's default (one per core, at least 2)
PORT="${BENCH_PORT:-0}"                      # 0: an ephemeral port, read from the extender's log
SEED="${BENCH_SEED:-42}"
GEN_SIZES="${BENCH_GEN_SIZES:-100:50,1000:200,5000:1000}"
BUILD_DIR="${BENCH_BUILD_DIR:-$ROOT/build-bench}"
OUT="${BENCH_OUT:-$ROOT/bench/out}"
READY_TIMEOUT="${BENCH_READY_TIMEOUT:-180}"  # seconds to wait for /readyz (loading the 5,000-node dump)
BUILD=1
RSS_SIZE="${BENCH_RSS_SIZE:-5000}"

usage() {
  cat <<EOF
Usage: bench/extender/run.sh [options]
  -d, --duration SECS     seconds per case (BENCH_DURATION, default $DURATION)
  -c, --connections N     wrk connections (BENCH_CONNECTIONS, default $CONNECTIONS)
  -t, --threads N         wrk threads (BENCH_WRK_THREADS, default $WRK_THREADS)
  -s, --sizes "N ..."     cluster sizes to run, among those generated (BENCH_SIZES, default "$SIZES")
      --cases "V:F ..."   cases, VERB:FORM with FORM names, nodes, names-required or nodes-required
                          (BENCH_CASES, default "$CASES")
      --extender-threads N  the extender's --threads (BENCH_EXTENDER_THREADS, default $EXT_THREADS)
      --port N            loopback port, 0 for an ephemeral one (BENCH_PORT, default $PORT)
      --quick             2 s per case: a smoke run of the whole matrix
      --no-build          use the existing $BUILD_DIR/app/cachepilot as is
  -h, --help
Generated data (gitignored) goes to $OUT/extender/, results to $OUT/extender-results.md.
EOF
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    -d|--duration) DURATION="$2"; shift 2 ;;
    -c|--connections) CONNECTIONS="$2"; shift 2 ;;
    -t|--threads) WRK_THREADS="$2"; shift 2 ;;
    -s|--sizes) SIZES="$2"; shift 2 ;;
    --cases) CASES="$2"; shift 2 ;;
    --extender-threads) EXT_THREADS="$2"; shift 2 ;;
    --port) PORT="$2"; shift 2 ;;
    --quick) DURATION=2; shift ;;
    --no-build) BUILD=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ "$DURATION" =~ ^[0-9]+$ && "$DURATION" -ge 1 && "$DURATION" -le 600 ]] || { echo "run.sh: --duration must be 1..600" >&2; exit 2; }
[[ "$CONNECTIONS" =~ ^[0-9]+$ && "$CONNECTIONS" -ge 1 ]] || { echo "run.sh: bad --connections" >&2; exit 2; }
[[ "$WRK_THREADS" =~ ^[0-9]+$ && "$WRK_THREADS" -ge 1 && "$WRK_THREADS" -le "$CONNECTIONS" ]] || {
  echo "run.sh: --threads must be 1..connections" >&2; exit 2; }

for tool in wrk curl python3 cmake ninja timeout; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing (scripts/setup installs it)" >&2; exit 2; }
done

DATA="$OUT/extender"
LOGS="$DATA/logs"
mkdir -p "$DATA" "$LOGS"
BIN="$BUILD_DIR/app/cachepilot"

# ------------------------------------------------------------------------------------------------ cleanup
EXT_PID=""
WRK_PID=""
stop_extender() {
  [[ -n "$EXT_PID" ]] || return 0
  if kill -0 "$EXT_PID" 2>/dev/null; then
    kill -TERM "$EXT_PID" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$EXT_PID" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$EXT_PID" 2>/dev/null; then
      echo "run.sh: extender $EXT_PID ignored SIGTERM for 10 s; killing it" >&2
      kill -KILL "$EXT_PID" 2>/dev/null || true
    fi
  fi
  wait "$EXT_PID" 2>/dev/null || true
  EXT_PID=""
}
cleanup() {
  local rc=$?
  if [[ -n "$WRK_PID" ]] && kill -0 "$WRK_PID" 2>/dev/null; then kill -TERM "$WRK_PID" 2>/dev/null || true; fi
  stop_extender
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ------------------------------------------------------------------------------------------------ build
if [[ "$BUILD" == 1 ]]; then
  # Only the binary is needed: tests and micro-benchmarks stay out of this build, so a half-edited test in
  # the shared tree cannot stop the benchmark.
  echo "== configuring a release build in $BUILD_DIR" >&2
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCACHEPILOT_BUILD_TESTS=OFF \
    -DCACHEPILOT_BUILD_BENCH=OFF >"$LOGS/cmake.log" 2>&1 || { tail -30 "$LOGS/cmake.log" >&2; exit 1; }
  echo "== building $BIN" >&2
  ninja -C "$BUILD_DIR" cachepilot >"$LOGS/build.log" 2>&1 || { tail -40 "$LOGS/build.log" >&2; exit 1; }
fi
[[ -x "$BIN" ]] || { echo "run.sh: $BIN not found (drop --no-build)" >&2; exit 1; }
SOURCE_REV="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
if [[ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null)" ]]; then
  SOURCE_REV="$SOURCE_REV + uncommitted changes in the shared tree"
fi
BUILD_TYPE="$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD_DIR/CMakeCache.txt" 2>/dev/null || true)"

# ------------------------------------------------------------------------------------------------ data
echo "== generating clusters and request bodies in $DATA (seed $SEED)" >&2
python3 "$HERE/gen.py" --out "$DATA" --seed "$SEED" --sizes "$GEN_SIZES"
MANIFEST="$DATA/manifest.json"
manifest() {  # manifest SIZE FIELD -> value (lists joined by commas)
  python3 - "$MANIFEST" "$1" "$2" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
c = next(c for c in m["clusters"] if str(c["nodes"]) == sys.argv[2])
v = c[sys.argv[3]]
print(",".join(v) if isinstance(v, list) else v)
EOF
}

# ------------------------------------------------------------------------------------------------ helpers
rss_kib() {  # rss_kib PID FIELD (VmRSS or VmHWM)
  awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0
}
cpu_ticks() {  # user+system CPU of a process, in clock ticks (fields 14 and 15 of /proc/PID/stat)
  awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null || echo 0
}
CLK_TCK="$(getconf CLK_TCK)"
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
fmt_us() {  # microseconds -> "123 µs" / "1.23 ms" / "1.23 s"
  awk -v u="$1" 'BEGIN { if (u < 1000) printf "%d µs", u; else if (u < 1000000) printf "%.2f ms", u / 1000;
                         else printf "%.2f s", u / 1000000 }'
}

start_extender() {  # start_extender SIZE -> sets EXT_PID, EXT_PORT
  local size="$1" log="$LOGS/extender-$1.log"
  : >"$log"  # exists before the background child opens it, so the polling below can read it at once
  "$BIN" extender --cluster-from "$DATA/cluster-$size.json" --listen "127.0.0.1:$PORT" \
    --threads "$EXT_THREADS" --log-level info >"$log" 2>&1 &
  EXT_PID=$!
  EXT_PORT=""
  local deadline=$((SECONDS + READY_TIMEOUT))
  while ((SECONDS < deadline)); do
    kill -0 "$EXT_PID" 2>/dev/null || { echo "run.sh: the extender exited during start-up:" >&2; tail -20 "$log" >&2; exit 1; }
    if [[ -z "$EXT_PORT" ]]; then
      EXT_PORT="$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$log" | head -1 || true)"
    fi
    if [[ -n "$EXT_PORT" ]] &&
       [[ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$EXT_PORT/readyz")" == 200 ]]; then
      return 0
    fi
    sleep 0.2
  done
  echo "run.sh: the extender was not ready within ${READY_TIMEOUT}s" >&2
  tail -20 "$log" >&2
  exit 1
}

# ------------------------------------------------------------------------------------------------ run
RESULTS="$DATA/results.tsv"
RSS_TSV="$DATA/rss.tsv"
: >"$RESULTS"
: >"$RSS_TSV"
CHECK_FAILURES=0
HANGS=0
START_TIME="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
n_cases=$(($(wc -w <<<"$SIZES") * $(wc -w <<<"$CASES")))
echo "== $n_cases cases × ${DURATION}s, wrk -t$WRK_THREADS -c$CONNECTIONS (about $((n_cases * (DURATION + 2) / 60 + 1)) min)" >&2

for size in $SIZES; do
  [[ -f "$DATA/cluster-$size.json" ]] || { echo "run.sh: no generated cluster of $size nodes (BENCH_GEN_SIZES)" >&2; exit 2; }
  holders="$(manifest "$size" pod_dataset_holders)"
  t0=$(date +%s.%N)
  start_extender "$size"
  load_s=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
  hwm_load=$(rss_kib "$EXT_PID" VmHWM)
  rss_load=$(rss_kib "$EXT_PID" VmRSS)
  echo "== $size nodes: extender pid $EXT_PID on 127.0.0.1:$EXT_PORT, ready in ${load_s}s," \
       "RSS $(mib "$rss_load") MiB (peak $(mib "$hwm_load") MiB)" >&2
  for case in $CASES; do
    verb="${case%%:*}"
    form="${case#*:}"
    body="$DATA/$form-$size.json"
    [[ -f "$body" ]] || { echo "run.sh: no body $body" >&2; exit 2; }
    name="$verb $form $size"
    # One checked reply first: a benchmark of wrong answers is worthless. A case whose extender stops
    # answering (0 requests and /healthz silent) is recorded in the log with the extender's thread stacks,
    # and run once more on a fresh extender, so one hang does not void the rest of the matrix.
    for attempt in 1 2; do
      url="http://127.0.0.1:$EXT_PORT/$verb"
      reply="$LOGS/reply-$verb-$form-$size.json"
      code="$(curl -s -m 60 -H 'Content-Type: application/json' -H 'Expect:' --data-binary "@$body" \
              -o "$reply" -w '%{http_code}' "$url" || echo 000)"
      required=()
      [[ "$form" == *required* ]] && required=(--required)
      if [[ "$code" != 200 ]]; then
        verdict="FAIL HTTP $code"
      else
        verdict="$(python3 "$HERE/check.py" "$verb" "$body" "$reply" --holders "$holders" "${required[@]}" 2>&1 || true)"
      fi
      echo "   $name: $verdict" >&2
      log="$LOGS/wrk-$verb-$form-$size.log"
      ticks0=$(cpu_ticks "$EXT_PID")
      timeout -k 5 $((DURATION + 60)) wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 30s --latency \
        -s "$HERE/post.lua" "$url" -- "$body" >"$log" 2>&1 &
      WRK_PID=$!
      wait "$WRK_PID" || true
      WRK_PID=""
      ticks1=$(cpu_ticks "$EXT_PID")
      line="$(grep '^WRK_RESULT' "$log" || true)"
      if [[ -z "$line" ]]; then
        echo "run.sh: wrk produced no result for $name:" >&2
        tail -5 "$log" >&2
        line="WRK_RESULT requests=0 duration_us=1 rps=0 p50_us=0 p90_us=0 p99_us=0 max_us=0 mean_us=0 errors=-1 non2xx=0 timeouts=0 bytes=0"
      fi
      if [[ "$line" == *" requests=0 "* ]] &&
         [[ "$(curl -s -o /dev/null -m 5 -w '%{http_code}' "http://127.0.0.1:$EXT_PORT/healthz" || true)" != 200 ]]; then
        HANGS=$((HANGS + 1))
        echo "   $name: the extender (pid $EXT_PID) stopped answering (attempt $attempt); stacks in $LOGS/hang-$HANGS.txt" >&2
        if command -v gdb >/dev/null; then
          timeout 60 gdb -p "$EXT_PID" -batch -ex 'thread apply all bt 30' >"$LOGS/hang-$HANGS.txt" 2>&1 || true
        fi
        stop_extender
        start_extender "$size"
        if [[ "$attempt" == 1 ]]; then
          continue
        fi
        verdict="HUNG"
      fi
      break
    done
    [[ "$verdict" == ok* ]] || CHECK_FAILURES=$((CHECK_FAILURES + 1))
    get() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$line"; }
    bytes="$(stat -c %s "$body")"
    rss_case=$(rss_kib "$EXT_PID" VmRSS)
    # The extender's own CPU time per request: unlike req/s and latency, it hardly depends on what else the
    # (shared) machine runs. Includes the checked request and scheduler noise, so it is an upper bound.
    cpu_us=$(awk -v t=$((ticks1 - ticks0)) -v hz="$CLK_TCK" -v n="$(get requests)" \
             'BEGIN { if (n > 0) printf "%.0f", t * 1e6 / hz / n; else print 0 }')
    load1="$(cut -d' ' -f1 /proc/loadavg)"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$verb" "$form" "$size" "$bytes" \
      "$(get rps)" "$(get p50_us)" "$(get p90_us)" "$(get p99_us)" "$(get max_us)" "$(get requests)" \
      "$(get errors)" "$(get non2xx)" "${verdict%%:*}" "$rss_case" "$load1" "$cpu_us" >>"$RESULTS"
    echo "   $name: $(get rps) req/s, p50 $(fmt_us "$(get p50_us)"), p99 $(fmt_us "$(get p99_us)")," \
         "max $(fmt_us "$(get max_us)"), errors $(get errors), non-2xx $(get non2xx), RSS $(mib "$rss_case") MiB, extender CPU $(fmt_us "$cpu_us")/req" >&2
  done
  hwm_end=$(rss_kib "$EXT_PID" VmHWM)
  rss_end=$(rss_kib "$EXT_PID" VmRSS)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$(manifest "$size" datasets)" "$load_s" "$rss_load" "$hwm_load" \
    "$rss_end" "$hwm_end" >>"$RSS_TSV"
  echo "   RSS after the benchmark $(mib "$rss_end") MiB (peak $(mib "$hwm_end") MiB)" >&2
  t_stop=$(date +%s.%N)
  stop_extender
  echo "   stopped (SIGTERM) in $(awk -v a="$t_stop" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')s" >&2
done

# ------------------------------------------------------------------------------------------------ report
REPORT="$OUT/extender-results.md"
python3 - "$RESULTS" "$RSS_TSV" "$REPORT" "$RSS_SIZE" <<EOF
import sys
results, rss, report, rss_size = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
def us(v):
    v = float(v)
    return f"{v:.0f} µs" if v < 1000 else (f"{v / 1000:.2f} ms" if v < 1e6 else f"{v / 1e6:.2f} s")
def size(b):
    b = int(b)
    return f"{b / 1e6:.1f} MB" if b >= 1e6 else f"{b / 1e3:.0f} KB"
rows = [l.rstrip("\n").split("\t") for l in open(results) if l.strip()]
mem = [l.rstrip("\n").split("\t") for l in open(rss) if l.strip()]
out = []
out.append("# cachepilot extender benchmark results\n")
out.append("- run: $START_TIME, $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), "
           "load average before: $LOAD_BEFORE")
out.append("- binary: \`$BIN\` (CMAKE_BUILD_TYPE=${BUILD_TYPE:-?}, built from $SOURCE_REV), extender --threads $EXT_THREADS (0: one per core, at least 2)")
out.append("- the machine is shared: the 'load 1m' column is the load average after each case; req/s and latency "
           "suffer when it exceeds the core count, 'extender CPU/req' (its user+system time / requests) much less")
out.append("- client: wrk -t$WRK_THREADS -c$CONNECTIONS -d${DURATION}s --latency, keep-alive, loopback; "
           "seed $SEED; bodies from bench/extender/gen.py\n")
out.append("| case | nodes | body | req/s | p50 | p90 | p99 | max | requests | errors | reply | extender CPU/req | RSS after | load 1m |")
out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|")
for verb, form, n, b, rps, p50, p90, p99, mx, req, err, non2xx, verdict, rss_case, load1, cpu_us in rows:
    errs = int(err) + int(non2xx)
    out.append(f"| /{verb} {form} | {int(n):,} | {size(b)} | {float(rps):,.0f} | {us(p50)} | {us(p90)} | {us(p99)} | "
               f"{us(mx)} | {int(req):,} | {errs} | {verdict} | {us(cpu_us)} | {int(rss_case) / 1024:.1f} MiB | {load1} |")
out.append("")
out.append("| cluster | datasets | load→ready | RSS ready | peak (VmHWM) ready | RSS after bench | peak after bench |")
out.append("|---:|---:|---:|---:|---:|---:|---:|")
for n, d, load, r0, h0, r1, h1 in mem:
    m = lambda k: f"{int(k) / 1024:.1f} MiB"
    out.append(f"| {int(n):,} nodes | {int(d):,} | {load} s | {m(r0)} | {m(h0)} | {m(r1)} | {m(h1)} |")
out.append("")
# Targets from issue 2.
def find(verb, form, n):
    return next((r for r in rows if r[0] == verb and r[1] == form and r[2] == str(n)), None)
t = []
r = find("prioritize", "names", 5000)
if r:
    ok = float(r[4]) >= 5000 and float(r[7]) <= 2000
    t.append(f"- /prioritize, 5,000 NodeNames: ≥ 5,000 req/s with p99 ≤ 2 ms → {float(r[4]):,.0f} req/s, "
             f"p99 {us(r[7])}: **{'met' if ok else 'MISSED'}**")
r = find("prioritize", "nodes", 1000)
if r:
    ok = float(r[4]) >= 170
    t.append(f"- /prioritize, full 1,000-node NodeList: ≥ 170 req/s → {float(r[4]):,.0f} req/s: "
             f"**{'met' if ok else 'MISSED'}**")
m = next((x for x in mem if x[0] == rss_size), None)
names_rows = [r for r in rows if r[2] == rss_size and r[1].startswith("names")]
if names_rows:
    k = max(int(r[13]) for r in names_rows)
    t.append(f"- RSS with {int(rss_size):,} nodes while serving NodeNames (nodeCacheCapable) requests: "
             f"{k / 1024:.1f} MiB: **{'met' if k / 1024 <= 100 else 'MISSED'}**")
if m:
    steady, peak = int(m[5]) / 1024, int(m[6]) / 1024
    t.append(f"- RSS with {int(rss_size):,} nodes / {int(m[1]):,} datasets ≤ 100 MiB → {steady:.1f} MiB after the "
             f"benchmark (VmRSS): **{'met' if steady <= 100 else 'MISSED'}**; peak since start (VmHWM, includes "
             f"loading the dump) {peak:.1f} MiB: **{'met' if peak <= 100 else 'MISSED'}**")
if t:
    out.append("Targets (issue 2):\n")
    out += t
    out.append("")
text = "\n".join(out) + "\n"
open(report, "w").write(text)
print(text)
EOF
((HANGS == 0)) || echo "run.sh: the extender hung $HANGS time(s); thread stacks in $LOGS/hang-*.txt" >&2
echo "results: $REPORT (raw: $RESULTS, $RSS_TSV, logs in $LOGS)" >&2
if ((CHECK_FAILURES > 0)); then
  echo "run.sh: $CHECK_FAILURES case(s) got a wrong reply (see the 'reply' column and $LOGS/reply-*.json)" >&2
  exit 1
fi
