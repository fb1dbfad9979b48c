#!/usr/bin/env bash
# Measures nioserve against nginx side by side on loopback: wrk and h2load over HTTPS/1.1 for three
# static files, and nioserve's resident memory. See bench/README.md for what it does and why.
#
# Environment: DURATION (seconds per wrk run, default 10), WARMUP (seconds per file and server, default 5),
# IDLE_CONNS (default 1000), NIOSERVE_JAR (default target/nioserve.jar, built when missing),
# JAVA_OPTS (extra JVM flags, default none), KEEP=1 keeps the temp dir with both servers' logs.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
duration=${DURATION:-10}
warmup=${WARMUP:-5}
idle_conns=${IDLE_CONNS:-1000}
jar=${NIOSERVE_JAR:-$repo/target/nioserve.jar}
files=(2k.html 64k.bin 1m.bin)

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

nioserve_pid=""
nginx_pid=""
idle_pid=""
work=""

# Stops what this script started, by PID, whatever way it ends.
cleanup() {
    local pid
    for pid in "$idle_pid" "$nioserve_pid" "$nginx_pid"; do
        [[ -n $pid ]] && kill "$pid" 2>/dev/null || true
    done
    for pid in "$idle_pid" "$nioserve_pid" "$nginx_pid"; do
        [[ -n $pid ]] && wait "$pid" 2>/dev/null || true
    done
    if [[ -n $work && ${KEEP:-0} != 1 ]]; then
        rm -rf "$work"
    elif [[ -n $work ]]; then
        say "kept $work"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

check_tools() {
    local tool missing=()
    for tool in java nginx wrk h2load python3 curl openssl; do
        command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
    done
    if ((${#missing[@]} > 0)); then
        die "missing: ${missing[*]} (Debian packages: openjdk-17-jre-headless nginx wrk nghttp2-client python3" \
            "curl openssl)"
    fi
}

build_if_needed() {
    if [[ ! -f $jar ]]; then
        say "building $jar"
        (cd "$repo" && mvn -B -q package -DskipTests) || die "build failed"
    fi
}

make_docroot() {
    local top='<!doctype html><html><head><title>bench</title></head><body><p>' end=$'</p></body></html>\n'
    # Random text, so that a server which compressed it would gain no unfair edge.
    local filler
    filler=$(head -c 2048 /dev/urandom | base64 -w 0)
    mkdir -p "$work/root"
    printf '%s%s%s' "$top" "${filler:0:$((2048 - ${#top} - ${#end}))}" "$end" >"$work/root/2k.html"
    head -c 65536 /dev/urandom >"$work/root/64k.bin"
    head -c 1048576 /dev/urandom >"$work/root/1m.bin"
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits up to 30 s for a server to answer; the file must come back byte for byte.
check_serves() {
    local name=$1 pid=$2 port=$3 file i
    for file in "${files[@]}"; do
        for i in $(seq 1 150); do
            kill -0 "$pid" 2>/dev/null || die "$name has exited; see its log (KEEP=1 keeps it)"
            curl -sf --cacert "$work/nioserve/certs/dev-cert.pem" --resolve "localhost:$port:127.0.0.1" \
                -o "$work/got" "https://localhost:$port/$file" && break
            sleep 0.2
        done
        cmp -s "$work/got" "$work/root/$file" || die "$name did not serve $file intact"
    done
}

start_nioserve() {
    local limits=() help
    # The idle-connection figure opens $idle_conns connections from 127.0.0.1; a per-address limit
    # (issue #4, 256 by default) would refuse most of them, and nginx has none.
    help=$(java -jar "$jar" --help)
    if [[ $help == *--max-connections-per-ip* ]]; then
        limits=(--max-connections-per-ip $((idle_conns + 100)))
    fi
    nioserve_flags="--host 127.0.0.1 --port 0 --root DIR ${limits[*]}"
    mkdir -p "$work/nioserve"
    : >"$work/nioserve/server.log" # exists before the loop below reads it
    # The JVM, not the shell, must be $!: exec in the subshell keeps the PID. JAVA_OPTS splits on spaces.
    # shellcheck disable=SC2086
    (cd "$work/nioserve" \
        && exec java ${JAVA_OPTS:-} -jar "$jar" --host 127.0.0.1 --port 0 --root "$work/root" "${limits[@]}" \
            >"$work/nioserve/server.log" 2>&1) &
    nioserve_pid=$!
    local i
    for i in $(seq 1 300); do
        nioserve_port=$(sed -n 's|.*listening on https://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$work/nioserve/server.log")
        [[ -n $nioserve_port ]] && return 0
        kill -0 "$nioserve_pid" 2>/dev/null || break
        sleep 0.1
    done
    cat "$work/nioserve/server.log" >&2
    die "nioserve did not log its port within 30 s"
}

write_nginx_conf() {
    # nginx 1.25.1 brought the http2 directive; older ones speak HTTP/2 only when `listen ... http2` asks.
    local http2_line="http2 off;"
    if ! printf '%s\n' "1.25.1" "$nginx_version" | sort -V -C; then
        http2_line="# http2 is off: this nginx enables it only through 'listen ... http2'"
    fi
    cat >"$work/nginx/nginx.conf" <<EOF
# One worker: nioserve serves every connection from one selector thread.
worker_processes 1;
worker_rlimit_nofile 8192;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
    access_log $work/nginx/access.log combined buffer=64k;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
    types { text/html html; application/octet-stream bin; }
    # nginx closes a connection after 1000 requests by default; nioserve keeps it, so neither does here.
    keepalive_requests 1000000;
    keepalive_timeout 60s;
    server {
        listen 127.0.0.1:$nginx_port ssl;
        $http2_line
        ssl_certificate $work/nioserve/certs/dev-cert.pem;
        ssl_certificate_key $work/nioserve/certs/dev-key.pem;
        ssl_protocols TLSv1.2 TLSv1.3;
        root $work/root;
    }
}
EOF
}

start_nginx() {
    mkdir -p "$work/nginx"
    nginx_version=$(nginx -v 2>&1 | sed -n 's|.*nginx/\([0-9.]*\).*|\1|p')
    nginx_port=$(free_port)
    write_nginx_conf
    nginx -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" -t -q \
        || die "nginx rejected $work/nginx/nginx.conf"
    nginx -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" &
    nginx_pid=$!
}

# RSS in KiB of a process and its children (nginx: master and worker; nioserve: the JVM alone).
rss_kib() {
    local pid=$1 total=0 child
    total=$(ps -o rss= -p "$pid" | tr -d ' ')
    for child in $(pgrep -P "$pid" || true); do
        total=$((total + $(ps -o rss= -p "$child" | tr -d ' ')))
    done
    echo "$total"
}

# Opens $idle_conns idle keep-alive connections, reads the RSS into rss_result while they are open,
# then closes them. Not run in $(...): idle_pid must reach cleanup() if this fails.
rss_with_idle_connections() {
    local pid=$1 port=$2 ready="$work/idle.ready" i
    rm -f "$ready"
    python3 "$repo/bench/idle_conns.py" "$port" /2k.html "$idle_conns" \
        "$work/nioserve/certs/dev-cert.pem" "$ready" 120 &
    idle_pid=$!
    for i in $(seq 1 1200); do
        [[ -s $ready ]] && break
        sleep 0.1
    done
    [[ -s $ready ]] || die "idle connections were not open within 120 s"
    read -r _ failed <"$ready"
    ((failed == 0)) || say "warning: $failed of $idle_conns idle connections failed"
    rss_result=$(rss_kib "$pid")
    kill "$idle_pid" && wait "$idle_pid" 2>/dev/null || true
    idle_pid=""
}

# An awk function for wrk's and h2load's durations ("850.00us", "1.25ms", "2.01s") in milliseconds.
awk_ms='
    function ms(t) {
        if (t ~ /us$/) return substr(t, 1, length(t) - 2) / 1000
        if (t ~ /ms$/) return substr(t, 1, length(t) - 2) + 0
        if (t ~ /s$/) return substr(t, 1, length(t) - 1) * 1000
        return t + 0
    }'

# Prints "requests/s p99_ms errors" for one wrk run.
run_wrk() {
    local port=$1 file=$2 seconds=$3 out
    out=$(timeout $((seconds + 60)) wrk -t1 -c50 -d"${seconds}s" --latency "https://127.0.0.1:$port/$file") \
        || die "wrk failed against port $port: $out"
    awk "$awk_ms"'
        $1 == "99%" { p99 = ms($2) }
        $1 == "Requests/sec:" { rps = $2 }
        /Socket errors:/ { gsub(/,/, ""); errors += $4 + $6 + $8 + $10 }
        /Non-2xx or 3xx responses:/ { errors += $NF }
        / requests in / { done = $1 }
        # With no request completed, wrk prints a p99 of 0.
        END { printf "%.0f %s %d\n", rps, (done > 0 ? sprintf("%.2f", p99) : "n/a"), errors }
    ' <<<"$out"
}

# Prints "requests/s mean_ms max_ms failed" for one h2load HTTP/1.1 run.
run_h2load() {
    local port=$1 file=$2 out
    out=$(timeout 300 h2load --h1 -c50 -n20000 "https://127.0.0.1:$port/$file") \
        || die "h2load failed against port $port: $out"
    awk "$awk_ms"'
        /^finished in/ { rps = $4 }
        /^requests:/ { failed = $10 + $12 + $14 }
        /^time for request:/ { mean = ms($6); max = ms($5) }
        END { printf "%.0f %.2f %.2f %d\n", rps, mean, max, failed }
    ' <<<"$out"
}

ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN {
        if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) printf "%.2f", a / b; else print "n/a"
    }'
}

negotiated() {
    openssl s_client -connect "127.0.0.1:$1" -servername localhost -brief </dev/null 2>&1 \
        | sed -n 's/^\(Protocol version\|Ciphersuite\): //p' | paste -sd' '
}

describe_machine() {
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    local cpu memory
    cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
    memory=$(free -g | awk '/^Mem:/ { print $2 }')
    echo "machine: $(nproc) cores ($cpu), $memory GiB RAM, $(uname -sr)"
    echo "load average (1 min) at the start: $load_at_start, at the end: $(cut -d' ' -f1 /proc/loadavg)"
    echo "java: $(java -version 2>&1 | sed -n 1p); nginx: $nginx_version, worker_processes 1; $(openssl version)"
    echo "nioserve: java ${JAVA_OPTS:+$JAVA_OPTS }-jar nioserve.jar $nioserve_flags"
    echo "command: DURATION=$duration WARMUP=$warmup bash bench/run.sh"
    echo "wrk -t1 -c50 -d${duration}s --latency; h2load --h1 -c50 -n20000; loopback, HTTPS/1.1"
    echo "nioserve TLS: $(negotiated "$nioserve_port"); nginx TLS: $(negotiated "$nginx_port")"
}

# The JVM compiles its hot paths during the first seconds of load; every file's path is warmed,
# and nginx gets the same runs so that both have served the same requests before measuring.
warm_up() {
    local file
    for file in "${files[@]}"; do
        say "warming up: wrk $file against both (${warmup}s each)"
        run_wrk "$nioserve_port" "$file" "$warmup" >/dev/null
        run_wrk "$nginx_port" "$file" "$warmup" >/dev/null
    done
}

measure_memory_before_load() {
    sleep 1
    rss_idle=$(rss_kib "$nioserve_pid")
    nginx_rss_idle=$(rss_kib "$nginx_pid")
    say "memory with $idle_conns idle keep-alive connections"
    rss_with_idle_connections "$nioserve_pid" "$nioserve_port"
    rss_conns=$rss_result
    rss_with_idle_connections "$nginx_pid" "$nginx_port"
    nginx_rss_conns=$rss_result
}

# Fills wrk_rows (Markdown table rows) and summary (file and requests/s ratio) for every file.
measure_wrk() {
    local index=0 file n_out g_out n_rps n_p99 n_err g_rps g_p99 g_err
    wrk_rows=()
    summary=()
    for file in "${files[@]}"; do
        say "wrk $file against both (${duration}s each)"
        # Alternate which server goes first, so that neither always runs on a warmer machine.
        if ((index % 2 == 0)); then
            n_out=$(run_wrk "$nioserve_port" "$file" "$duration")
            g_out=$(run_wrk "$nginx_port" "$file" "$duration")
        else
            g_out=$(run_wrk "$nginx_port" "$file" "$duration")
            n_out=$(run_wrk "$nioserve_port" "$file" "$duration")
        fi
        read -r n_rps n_p99 n_err <<<"$n_out"
        read -r g_rps g_p99 g_err <<<"$g_out"
        summary+=("$file $(ratio "$n_rps" "$g_rps")")
        wrk_rows+=("| $file | $n_rps | $g_rps | $(ratio "$n_rps" "$g_rps") \
| $n_p99 | $g_p99 | $(ratio "$n_p99" "$g_p99") | $n_err / $g_err |")
        index=$((index + 1))
    done
}

measure_h2load() {
    say "h2load --h1 2k.html against nioserve, then nginx"
    local n_out g_out
    # Assigned first: a failure inside $(...) stops the script only in a plain assignment.
    n_out=$(run_h2load "$nioserve_port" 2k.html)
    g_out=$(run_h2load "$nginx_port" 2k.html)
    read -r hn_rps hn_mean hn_max hn_failed <<<"$n_out"
    read -r hg_rps hg_mean hg_max hg_failed <<<"$g_out"
}

print_report() {
    echo
    describe_machine
    echo
    echo "| wrk, file | nioserve req/s | nginx req/s | ratio | nioserve p99 ms | nginx p99 ms | ratio | errors n / g |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    printf '%s\n' "${wrk_rows[@]}"
    echo
    echo "| h2load --h1, 2k.html | nioserve | nginx | ratio |"
    echo "| --- | ---: | ---: | ---: |"
    echo "| requests/s | $hn_rps | $hg_rps | $(ratio "$hn_rps" "$hg_rps") |"
    echo "| mean request time, ms | $hn_mean | $hg_mean | $(ratio "$hn_mean" "$hg_mean") |"
    echo "| max request time, ms | $hn_max | $hg_max | $(ratio "$hn_max" "$hg_max") |"
    echo "| failed of 20000 | $hn_failed | $hg_failed | |"
    echo
    echo "| RSS, MiB | nioserve (JVM) | nginx (master + worker) |"
    echo "| --- | ---: | ---: |"
    echo "| idle, after serving each file once | $((rss_idle / 1024)) | $((nginx_rss_idle / 1024)) |"
    echo "| $idle_conns idle keep-alive connections open | $((rss_conns / 1024)) | $((nginx_rss_conns / 1024)) |"
    echo "| after the load above | $((rss_after / 1024)) | $((nginx_rss_after / 1024)) |"
    echo
    echo "nioserve/nginx requests/s, wrk: ${summary[*]}; h2load 2k.html $(ratio "$hn_rps" "$hg_rps")"
}

main() {
    load_at_start=$(cut -d' ' -f1 /proc/loadavg)
    check_tools
    build_if_needed
    work=$(mktemp -d /tmp/nioserve-bench.XXXXXX)
    chmod 755 "$work" # nginx workers may run as another user
    ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)"
    make_docroot

    say "starting nioserve ($jar)"
    start_nioserve
    say "starting nginx"
    start_nginx
    check_serves nioserve "$nioserve_pid" "$nioserve_port"
    check_serves nginx "$nginx_pid" "$nginx_port"

    measure_memory_before_load

    warm_up

    measure_wrk
    measure_h2load

    sleep 1
    rss_after=$(rss_kib "$nioserve_pid")
    nginx_rss_after=$(rss_kib "$nginx_pid")

    print_report
}

main "$@"
