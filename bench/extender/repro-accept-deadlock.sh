#!/usr/bin/env bash
# Reproducer for the accept/forget self-deadlock in net/http_server.cpp (HttpServer::Impl::on_accept holds
# sessions_mutex_ while the new session's shared_ptr is released; when that session already ended on the
# other I/O thread, ~Session -> forget() locks the same mutex on the same thread and the server hangs for
# good, ignoring SIGTERM). A connect-and-close storm next to 4 busy keep-alive connections hits it within
# seconds on 2 cores. Loopback only, bounded (about 30 s), kills what it starts.
#   bench/extender/repro-accept-deadlock.sh [BINARY]   -> "HANG reproduced" (exit 1) or "no hang" (exit 0)
set -u
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BIN="${1:-$ROOT/build-bench/app/cachepilot}"
PORT="${PORT:-18940}"
"$BIN" extender --cluster-from "$ROOT/examples/cluster/demo-cluster.yaml" --listen "127.0.0.1:$PORT" >/dev/null 2>&1 &
SP=$!
trap 'kill -KILL $SP 2>/dev/null; wait $SP 2>/dev/null' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done
timeout 20 wrk -t1 -c4 -d8s "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 &
WP=$!
timeout 20 python3 -c "
import socket, sys
for i in range(20000):
    try:
        s = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=2); s.close()
    except OSError:
        break
" "$PORT"
wait "$WP"
code="$(curl -s -m 5 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/healthz")"
if [[ "$code" != 200 ]]; then
  echo "HANG reproduced: /healthz answers $code after the storm"
  command -v gdb >/dev/null &&
    timeout 30 gdb -p "$SP" -batch -ex 'thread apply all bt 10' 2>/dev/null | grep -E "^Thread|forget|on_accept|lll_lock_wait"
  exit 1
fi
echo "no hang: /healthz answers 200"
