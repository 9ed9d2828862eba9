#!/usr/bin/env bash
# kube-scheduler's own cost of one pod's extender calls (bench/scheduler/README.md, "Where the time goes").
#
#   bench/scheduler/extender-call-cost.sh DIR [CACHEPILOT_BINARY]
#
# DIR holds the bodies `scheduler_throughput_bench --dump-bodies DIR` wrote. Builds extender_call_cost/main.go
# against the vendored sources of the Kubernetes 1.20.2 tree that scripts/control-plane unpacked (its cache:
# $CACHEPILOT_CACHE_DIR, /var/cache/cachepilot or ~/.cache/cachepilot; or set CACHEPILOT_K8S_SRC), serves
# DIR/cluster.json with `cachepilot extender` on a free loopback port, runs the measurement with GOMAXPROCS=2,
# and stops the extender.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir="$(cd "${1:?usage: extender-call-cost.sh DIR [CACHEPILOT_BINARY]}" && pwd)"
binary="${2:-$here/../../build-sched/app/cachepilot}"

src="${CACHEPILOT_K8S_SRC:-}"
if [ -z "$src" ]; then
  for cache in "${CACHEPILOT_CACHE_DIR:-}" /var/cache/cachepilot "$HOME/.cache/cachepilot"; do
    if [ -n "$cache" ] && compgen -G "$cache/src/kubernetes-*/vendor" >/dev/null; then
      src="$(ls -d "$cache"/src/kubernetes-*/ | head -1)"
      break
    fi
  done
fi
[ -n "$src" ] && [ -d "$src/vendor" ] || { echo "no Kubernetes 1.20 source tree: run scripts/control-plane or set CACHEPILOT_K8S_SRC" >&2; exit 1; }

work="$(mktemp -d)"
extender_pid=""
cleanup() {
  if [ -n "$extender_pid" ]; then kill "$extender_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# GOPATH mode: the tree's vendor/ directories (k8s.io/* link to its staging/) become the GOPATH's sources.
mkdir -p "$work/src/extender_call_cost"
for d in "$src"/vendor/*/; do ln -s "$d" "$work/src/$(basename "$d")"; done
cp "$here/extender_call_cost/main.go" "$work/src/extender_call_cost/"
(cd "$work" && GOPATH="$work" GO111MODULE=off GOFLAGS= go build -o "$work/extender_call_cost" ./src/extender_call_cost)

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$binary" extender --cluster-from "$dir/cluster.json" --listen "127.0.0.1:$port" --log-level warn >"$work/extender.log" 2>&1 &
extender_pid=$!
for _ in $(seq 100); do
  if curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then break; fi
  sleep 0.1
done
curl -fs "http://127.0.0.1:$port/readyz" >/dev/null || { cat "$work/extender.log" >&2; exit 1; }
GOMAXPROCS=2 "$work/extender_call_cost" "$dir" "http://127.0.0.1:$port"
