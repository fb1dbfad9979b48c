#!/usr/bin/env bash
# Issue #4's attack on loopback: 10,000 garbage connections, 1,000 slowloris connections and
# testssl.sh, while wrk measures a normal client; then the server's descriptors and memory.
# Usage: bench/attack.sh            (GARBAGE, SLOWLORIS, DURATION change the sizes)
set -euo pipefail
cd "$(dirname "$0")/.."
GARBAGE=${GARBAGE:-10000}
SLOWLORIS=${SLOWLORIS:-1000}
DURATION=${DURATION:-60}

[ -f target/nioserve.jar ] || mvn -B -q package -DskipTests
work=$(mktemp -d /tmp/nioserve-attack.XXXXXX)
mkdir -p "$work/root" && printf 0123456789 > "$work/root/a.txt"
(cd "$work" && exec java -jar "$OLDPWD/target/nioserve.jar" --host 127.0.0.1 --port 0 --root root \
    --request-timeout 20 --handshake-timeout 10 > server.log 2>&1) &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q 'listening on' "$work/server.log" 2>/dev/null && break; sleep 0.2; done
port=$(sed -n 's/.*listening on https:\/\/[^ ]*:\([0-9]*\).*/\1/p' "$work/server.log")
export PORT=$port
fds() { ls /proc/$pid/fd | wc -l; }
rss() { ps -o rss= -p $pid | tr -d ' '; }
# RSS keeps what the heap once grew to; live heap after a full GC is what must come back.
heap() { jcmd $pid GC.run >/dev/null 2>&1; jcmd $pid GC.heap_info 2>/dev/null | sed -n 's/.*used \([0-9]*K\).*/\1/p' | head -1; }
curl -sk -o /dev/null "https://127.0.0.1:$port/a.txt"
echo "server pid $pid port $port; before: fds=$(fds) rss_kib=$(rss) heap_after_gc=$(heap)"

wrk -t1 -c20 -d${DURATION}s "https://127.0.0.1:$port/a.txt" > "$work/wrk.txt" 2>&1 &
wrk_pid=$!
python3 bench/attackers.py garbage "$GARBAGE" &
garbage_pid=$!
python3 bench/attackers.py slowloris "$SLOWLORIS" $((DURATION - 10)) &
slow_pid=$!
TESTSSL=$(command -v testssl.sh || command -v testssl || true)
if [ -n "$TESTSSL" ]; then
    timeout 600 "$TESTSSL" --quiet --color 0 --warnings off "127.0.0.1:$port" > "$work/testssl.txt" 2>&1 &
    testssl_pid=$!
fi
sleep 5
echo "during: fds=$(fds) rss_kib=$(rss)"
wait $garbage_pid
echo "after garbage: fds=$(fds) rss_kib=$(rss)"
wait $slow_pid
wait $wrk_pid
[ -n "${testssl_pid:-}" ] && wait $testssl_pid || true
echo "--- wrk (the normal client, during the attack)"
grep -E 'Requests/sec|Latency|requests in|Socket errors|Non-2xx' "$work/wrk.txt"
grep -q 'Socket errors\|Non-2xx' "$work/wrk.txt" && echo "NORMAL CLIENT SAW ERRORS" || echo "normal client saw no errors"
for _ in $(seq 30); do [ "$(ss -Htn "( sport = :$port )" | wc -l)" -eq 0 ] && break; sleep 1; done
echo "after: fds=$(fds) rss_kib=$(rss) heap_after_gc=$(heap) sockets=$(ss -Htn "( sport = :$port )" | wc -l)"
echo "server log lines at WARN or above: $(grep -cE ' (WARN|ERROR) ' "$work/server.log" || true)"
if [ -f "$work/testssl.txt" ]; then
    echo "--- testssl.sh summary"
    grep -E 'not vulnerable|VULNERABLE|offered|Overall Grade|Grade cap' "$work/testssl.txt" | grep -vE '^\s*$' | head -60
fi
echo "work dir: $work"
