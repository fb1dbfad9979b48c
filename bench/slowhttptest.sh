#!/usr/bin/env bash
# slowhttptest against nioserve on loopback, in slowloris (-H) and slow-read (-X) modes, while a
# normal client fetches a page every second from its own address (127.0.0.5; the attackers come
# from 127.0.0.1 and meet the per-address limit). Prints how many normal requests succeeded.
# Usage: bench/slowhttptest.sh     (CONNECTIONS and DURATION, in seconds, change the sizes)
set -euo pipefail
cd "$(dirname "$0")/.."
CONNECTIONS=${CONNECTIONS:-500}
SECONDS_EACH=${DURATION:-40}

command -v slowhttptest >/dev/null || { echo "needs slowhttptest (apt-get install slowhttptest)"; exit 2; }
[ -f target/nioserve.jar ] || mvn -B -q package -DskipTests
work=$(mktemp -d /tmp/nioserve-slow.XXXXXX)
mkdir -p "$work/root" && printf 0123456789 > "$work/root/a.txt"
head -c 1048576 /dev/urandom > "$work/root/big.bin"
(cd "$work" && exec java -jar "$OLDPWD/target/nioserve.jar" --host 127.0.0.1 --port 0 --root root \
    --request-timeout 20 --send-timeout 30 > server.log 2>&1) &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q 'listening on' "$work/server.log" 2>/dev/null && break; sleep 0.2; done
port=$(sed -n 's/.*listening on https:\/\/[^ ]*:\([0-9]*\).*/\1/p' "$work/server.log")

probe() {   # one normal request a second for $1 seconds; prints ok/failed counts
    local ok=0 bad=0 worst=0 t
    for _ in $(seq "$1"); do
        t=$(curl -sk --interface 127.0.0.5 -m 5 -o /dev/null -w '%{http_code} %{time_total}' \
            "https://127.0.0.1:$port/a.txt" || echo "000 5")
        if [ "${t%% *}" = 200 ]; then ok=$((ok + 1)); else bad=$((bad + 1)); fi
        worst=$(awk -v a="$worst" -v b="${t#* }" 'BEGIN{print (b > a) ? b : a}')
        sleep 1
    done
    echo "normal client: $ok ok, $bad failed, slowest ${worst}s"
}

for mode in H X; do
    echo "--- slowhttptest -$mode, $CONNECTIONS connections, ${SECONDS_EACH}s"
    args=(-c "$CONNECTIONS" -r 200 -l "$SECONDS_EACH" -u "https://127.0.0.1:$port/big.bin" -o "$work/slow-$mode")
    [ $mode = H ] && args+=(-H -i 5 -s 8192)
    [ $mode = X ] && args+=(-X -w 16 -y 32 -n 5 -z 32 -k 2)
    timeout $((SECONDS_EACH + 60)) slowhttptest "${args[@]}" > "$work/slow-$mode.txt" 2>&1 &
    attack=$!
    probe "$SECONDS_EACH"
    wait $attack || true
    # slowhttptest's own probe comes from 127.0.0.1 too, so the per-address cap may make it
    # report "service available: NO" while the normal client above is served.
    sed 's/\x1b\[[0-9;]*m//g' "$work/slow-$mode.txt" | grep -E 'service available|closed|pending|connected' | tail -4
    echo "server: fds=$(ls /proc/$pid/fd | wc -l) rss_kib=$(ps -o rss= -p $pid | tr -d ' ')"
done
echo "server log lines at WARN or above: $(grep -cE ' (WARN|ERROR) ' "$work/server.log" || true)"
