# Shared by the bench scripts: a work folder cleaned up on exit, ports, CPU pinning, the load generator,
# medians, the TLS and plain backends, and dcloud's router and forwarder files. Source it after
# JAVA and BENCH are set.
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 1 300); do (echo >/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1; done; echo "bench: nothing on port $1" >&2; exit 1; }
on_cpu1() { taskset -c 1 "$@" & pids+=($!); }
# The load generator: Bench.java compiled once and run as one JVM on CPU 0 for the whole script, asked for one load
# at a time ("rr PORT SECONDS", see Bench.runLoads), so the warm-up passes warm its JIT as they warm the routers'.
# Its pipes are copied to plain descriptors, which command substitutions and pipelines inherit (a coproc's are
# closed there).
"$(dirname "$JAVA")/javac" -d "$work/bench" "$BENCH"
coproc GENERATOR { exec taskset -c 0 "$JAVA" -cp "$work/bench" Bench generator; }
generator_pid=$GENERATOR_PID; pids+=("$generator_pid")
exec {to_generator}>&"${GENERATOR[1]}" {from_generator}<&"${GENERATOR[0]}"
load() {
  local figures
  echo "$*" >&"$to_generator"
  read -r figures <&"$from_generator" || { echo "bench: the load generator failed on '$*'" >&2; return 1; }
  echo "$figures"
}
# TLS bulk MB/s: port $1, $2 streams, $3 seconds, read by OpenSSL (see tls_bulk.py for why not Java).
tls_bulk() { taskset -c 0 python3 "$ROOT/sni-proxy/bench/tls_bulk.py" "$@"; }
median() { tr ' ' '\n' | sed '/^$/d' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# The targets (arguments after the run number $1) starting at a different one each run, one per line.
rotated() { local k=$(( $1 % ($# - 1) )); shift; local all=("$@"); printf '%s\n' "${all[@]:k}" "${all[@]:0:k}"; }
# Median of the per-run ratios of two lists of figures taken in the same runs ($1 over $2), with the interval
# that holds the true median with at least 95% confidence whatever the noise's shape (the sign test's order
# statistics; with under 6 runs none is that sure, and the interval printed is lowest to highest, with its
# confidence): "1.02 [0.97-1.06]". An interval that spans 1.00 means the runs cannot tell the two apart.
# shellcheck disable=SC2086 # the lists are split into their figures on purpose
ratio() {
  paste -d' ' <(printf '%s\n' $1) <(printf '%s\n' $2) | awk '$2 > 0 {printf "%.3f\n", $1 / $2}' | python3 -c '
import math, sys
r = sorted(float(x) for x in sys.stdin.read().split())
n = len(r)
if n == 0:
    sys.exit("bench: no ratio to take")
median = r[(n - 1) // 2] if n % 2 else (r[n // 2 - 1] + r[n // 2]) / 2
below = lambda k: sum(math.comb(n, i) for i in range(k)) / 2 ** n  # P(fewer than k of n runs below the median)
k = max([k for k in range(1, n // 2 + 1) if below(k) <= 0.025], default=1)
confidence = 1 - 2 * below(k)
tail = "" if confidence >= 0.95 else " at %.0f%%" % (100 * confidence)
print("%.2f [%.2f-%.2f%s]" % (median, r[k - 1], r[n - k], tail))'
}
# Seconds the JITs of the JVMs $1 (pids, space-separated) have spent compiling so far, summed (jstat reads each
# JVM's perf counters, it does not pause it).
jit_seconds() {
  local pid
  for pid in $1; do "$JAVA_HOME/bin/jstat" -compiler "$pid" | awk 'NR==2 {print $4}'; done | awk '{t += $1} END {print t + 0}'
}
# Runs the command "$2..." (one untimed pass of every timed load over every target) until one pass adds less than
# 0.1 s of compilation to the JVMs $1 and the load generator's, at most WARMUP_PASSES (default 6) times. A JIT
# that is still compiling is not warm: each kind of load reaches code paths the others did not (partial writes in
# bulk, resets at close), and the compiled code that assumed them never taken is thrown away and compiled again.
# Prints each pass's figure, and what of it was the generator's: a router that is done differs from a generator
# that is not (the generator's lands on every target alike, the rotation spreads it).
warm_until_compiled() {
  local routers=$1 before gen_before routers_jit gen_jit pass; shift
  for pass in $(seq 1 "${WARMUP_PASSES:-6}"); do
    before=$(jit_seconds "$routers"); gen_before=$(jit_seconds "$generator_pid")
    "$@"
    routers_jit=$(awk -v a="$(jit_seconds "$routers")" -v b="$before" 'BEGIN {print a - b}')
    gen_jit=$(awk -v a="$(jit_seconds "$generator_pid")" -v b="$gen_before" 'BEGIN {print a - b}')
    awk -v r="$routers_jit" -v g="$gen_jit" -v p="$pass" \
      'BEGIN {printf "warm-up pass %d: %.2f s of JIT compilation, %.2f s of it in the load generator\n", p, r + g, g}' >&2
    awk -v r="$routers_jit" -v g="$gen_jit" 'BEGIN {exit !(r + g < 0.1)}' && return 0
  done
  echo "bench: the JIT still compiled after ${WARMUP_PASSES:-6} warm-up passes; the first runs may be slow" >&2
}
# The pid of the JVM (not the shell that started it) whose command line contains "$1".
java_pid() { pgrep -f "$1" | while read -r p; do if [ "$(cat /proc/"$p"/comm)" = java ]; then echo "$p"; fi; done | head -1; }
new_conns() { taskset -c 0 openssl s_time -connect 127.0.0.1:"$1" -new -time "$2" 2>/dev/null \
  | awk '/connections in .* real seconds/ {printf "%.0f\n", $1 / $4}'; }

# Sets tls_backend (Java TLS), plain_backend (Java plain) and handshake_backend (openssl s_server: s_time
# sends no SNI, so routers send SNI-less hellos to it; C, fast handshakes), all on CPU 1, and waits for them.
start_backends() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/k.pem" -out "$work/c.pem" \
    -days 2 -subj /CN=bench.example.com 2>/dev/null
  openssl pkcs12 -export -in "$work/c.pem" -inkey "$work/k.pem" -out "$work/b.p12" -passout pass:bench
  tls_backend=$(free_port); plain_backend=$(free_port); handshake_backend=$(free_port)
  on_cpu1 openssl s_server -accept 127.0.0.1:"$handshake_backend" -cert "$work/c.pem" -key "$work/k.pem" -rev -quiet \
    </dev/null >/dev/null 2>&1
  on_cpu1 "$JAVA" -cp "$work/bench" Bench backend "$tls_backend" "$work/b.p12" >/dev/null
  on_cpu1 "$JAVA" -cp "$work/bench" Bench backend "$plain_backend" "$work/b.p12" plain >/dev/null
  wait_port "$tls_backend"; wait_port "$plain_backend"; wait_port "$handshake_backend"
}

# dcloud's router file: TLS on port $2, bench.example.com to the TLS backend, anything else to s_server.
router_yaml() {
  cat >"$1" <<YAML
listeners: { tls: "127.0.0.1:$2" }
defaultBackend: "127.0.0.1:$handshake_backend"
threads: 1
limits: { connections: 20000, perIp: 20000 }
routes:
  - { name: "bench.example.com", backend: "127.0.0.1:$tls_backend" }
YAML
}

# HAProxy's settings for every bench process: one thread, tcp mode, long client and server timeouts.
haproxy_global="global
  maxconn 8000
  nbthread 1
defaults
  mode tcp
  timeout connect 5s
  timeout client 10m
  timeout server 10m"

# HAProxy as the SNI router: file $1, port $2; bench.example.com to the TLS backend, anything else to s_server.
haproxy_router_cfg() {
  cat >"$1" <<CFG
$haproxy_global
frontend sni
  bind 127.0.0.1:$2
  tcp-request inspect-delay 5s
  tcp-request content accept if { req.ssl_hello_type 1 }
  use_backend tls if { req.ssl_sni -i bench.example.com }
  default_backend handshakes
backend handshakes
  server s 127.0.0.1:$handshake_backend
backend tls
  server s 127.0.0.1:$tls_backend
CFG
}

# HAProxy as a TCP forwarder: file $1, port $2 to the plain backend.
haproxy_forward_cfg() {
  cat >"$1" <<CFG
$haproxy_global
frontend fwd
  bind 127.0.0.1:$2
  default_backend plain
backend plain
  server s 127.0.0.1:$plain_backend
CFG
}

# dcloud's forwarder file: port $2 to the plain backend, one event loop (like the router's file).
forward_yaml() {
  cat >"$1" <<YAML
threads: 1
limits: { connections: 20000, perIp: 20000 }
mappings:
  - { listen: "127.0.0.1:$2", backend: "127.0.0.1:$plain_backend", protocol: tcp }
YAML
}
