#!/usr/bin/env bash
# Side-by-side benchmark on loopback: dcloud proxy/forward vs HAProxy (tcp mode, req.ssl_sni), socat
# and the backend directly. Load generator pinned to CPU 0, backend and routers to CPU 1, one worker
# each. Prints a markdown table (median of RUNS runs). Not a test: numbers depend on the machine.
#   RUNS=3 SECONDS_PER_RUN=5 IDLE_CONNS=5000 PARTS="tls tcp" sni-proxy/bench/run.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BENCH="$ROOT/sni-proxy/bench/Bench.java"
RUNS="${RUNS:-3}"
SECS="${SECONDS_PER_RUN:-5}"
IDLE="${IDLE_CONNS:-5000}"
PARTS="${PARTS:-tls tcp}"
source "$ROOT/scripts/lib/env.sh"
dcloud_find_jdk
JAVA="$JAVA_HOME/bin/java"
command -v haproxy >/dev/null || { echo "bench: haproxy is needed (apt-get install haproxy)" >&2; exit 1; }
ulimit -n 20000

work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 1 200); do (echo >/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1; done; echo "bench: nothing on port $1" >&2; exit 1; }
on_cpu1() { taskset -c 1 "$@" & pids+=($!); }
load() { taskset -c 0 "$JAVA" "$BENCH" "$@"; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# A JVM's resident size moves with its heap: collect first so both readings are comparable.
rss_kib() {
  if [ "$(cat "/proc/$1/comm")" = java ]; then "$JAVA_HOME/bin/jcmd" "$1" GC.run >/dev/null 2>&1 || true; fi
  awk '/VmRSS/ {print $2}' "/proc/$1/status"
}

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/k.pem" -out "$work/c.pem" \
  -days 2 -subj /CN=bench.example.com 2>/dev/null
openssl pkcs12 -export -in "$work/c.pem" -inkey "$work/k.pem" -out "$work/b.p12" -passout pass:bench

tls_backend=$(free_port); plain_backend=$(free_port); handshake_backend=$(free_port)
# openssl s_time sends no SNI: routers send SNI-less hellos to an openssl s_server (C, fast handshakes).
on_cpu1 openssl s_server -accept 127.0.0.1:"$handshake_backend" -cert "$work/c.pem" -key "$work/k.pem" -rev -quiet \
  </dev/null >/dev/null 2>&1
on_cpu1 "$JAVA" "$BENCH" backend "$tls_backend" "$work/b.p12" >/dev/null
on_cpu1 "$JAVA" "$BENCH" backend "$plain_backend" "$work/b.p12" plain >/dev/null
wait_port "$tls_backend"; wait_port "$plain_backend"; wait_port "$handshake_backend"

dcloud_tls=$(free_port); haproxy_tls=$(free_port)
dcloud_fwd=$(free_port); haproxy_fwd=$(free_port); socat_fwd=$(free_port)
cat >"$work/router.yaml" <<YAML
listeners: { tls: "127.0.0.1:$dcloud_tls" }
defaultBackend: "127.0.0.1:$handshake_backend"
threads: 1
limits: { connections: 20000, perIp: 20000 }
routes:
  - { name: "bench.example.com", backend: "127.0.0.1:$tls_backend" }
YAML
cat >"$work/forward.yaml" <<YAML
limits: { connections: 20000, perIp: 20000 }
mappings:
  - { listen: "127.0.0.1:$dcloud_fwd", backend: "127.0.0.1:$plain_backend", protocol: tcp }
YAML
cat >"$work/haproxy.cfg" <<CFG
global
  maxconn 8000
  nbthread 1
defaults
  mode tcp
  timeout connect 5s
  timeout client 10m
  timeout server 10m
frontend sni
  bind 127.0.0.1:$haproxy_tls
  tcp-request inspect-delay 5s
  tcp-request content accept if { req.ssl_hello_type 1 }
  use_backend tls if { req.ssl_sni -i bench.example.com }
  default_backend handshakes
backend handshakes
  server s 127.0.0.1:$handshake_backend
backend tls
  server s 127.0.0.1:$tls_backend
frontend fwd
  bind 127.0.0.1:$haproxy_fwd
  default_backend plain
backend plain
  server s 127.0.0.1:$plain_backend
CFG
DCLOUD="${DCLOUD_CMD:-$ROOT/dcloud}"  # override to run a particular build
"$DCLOUD" version >/dev/null  # builds the distribution once if needed
# dcloud runs with the JVM settings ./dcloud ships (set DCLOUD_JAVA_OPTS to try others).
on_cpu1 "$DCLOUD" proxy run --config "$work/router.yaml" >/dev/null 2>&1; dcloud_proxy_pid=$!
on_cpu1 "$DCLOUD" forward run --config "$work/forward.yaml" >/dev/null 2>&1
on_cpu1 haproxy -f "$work/haproxy.cfg" -db >/dev/null 2>&1; haproxy_pid=$!
on_cpu1 socat -lf /dev/null TCP-LISTEN:"$socat_fwd",bind=127.0.0.1,reuseaddr,fork TCP:127.0.0.1:"$plain_backend"
for p in "$dcloud_tls" "$haproxy_tls" "$dcloud_fwd" "$haproxy_fwd" "$socat_fwd"; do wait_port "$p"; done

new_conns() { taskset -c 0 openssl s_time -connect 127.0.0.1:"$1" -new -time "$SECS" 2>/dev/null \
  | awk '/connections in .* real seconds/ {printf "%.0f\n", $1 / $4}'; }
measure() { # name tls-port handshake-port -> one table row
  local conns=() bulk1=() bulk8=() rps=() p50=() p99=()
  for _ in $(seq 1 "$RUNS"); do
    conns+=("$(new_conns "$3")")
    bulk1+=("$(load bulk "$2" 1 "$SECS")")
    bulk8+=("$(load bulk "$2" 8 "$SECS")")
    read -r r a b <<<"$(load rr "$2" "$SECS")"; rps+=("$r"); p50+=("$a"); p99+=("$b")
  done
  printf '| %s | %s | %s | %s | %s | %s / %s |' "$1" \
    "$(printf '%s\n' "${conns[@]}" | median)" "$(printf '%s\n' "${bulk1[@]}" | median)" \
    "$(printf '%s\n' "${bulk8[@]}" | median)" "$(printf '%s\n' "${rps[@]}" | median)" \
    "$(printf '%s\n' "${p50[@]}" | median)" "$(printf '%s\n' "${p99[@]}" | median)"
}
idle_kib() { # pid port -> KiB of resident memory per idle proxied connection
  local before after
  before=$(rss_kib "$1")
  coproc IDLECO { taskset -c 0 "$JAVA" "$BENCH" idle "$2" "$IDLE"; }
  read -r _ <&"${IDLECO[0]}"
  sleep 2  # let the router finish connecting the last backends
  after=$(rss_kib "$1")
  exec {IDLECO[1]}>&-; wait "$IDLECO_PID" || true
  awk -v a="$after" -v b="$before" -v n="$IDLE" 'BEGIN {printf "%.1f", (a-b)/n}'
}

if [[ " $PARTS " == *" tls "* ]]; then
# Untimed warm-up of the Java backend's JIT, so the first target is not penalised.
load bulk "$tls_backend" 2 2 >/dev/null; load rr "$tls_backend" 2 >/dev/null
echo "## TLS routing ($(nproc) CPUs, $(date -u +%F), runs=$RUNS x ${SECS}s)"
echo "| target | new TLS conns/s | bulk MB/s (1) | bulk MB/s (8) | kept-alive req/s | p50 / p99 us | idle KiB/conn |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
echo "$(measure direct "$tls_backend" "$handshake_backend") - |"
echo "$(measure "haproxy $(haproxy -v | awk 'NR==1 {print $3}')" "$haproxy_tls" "$haproxy_tls") $(idle_kib "$haproxy_pid" "$haproxy_tls") |"
dcloud_java=$(pgrep -P "$dcloud_proxy_pid" java || echo "$dcloud_proxy_pid")
echo "$(measure dcloud "$dcloud_tls" "$dcloud_tls") $(idle_kib "$dcloud_java" "$dcloud_tls") |"
echo
fi
[[ " $PARTS " == *" tcp "* ]] || exit 0
echo "## TCP forwarding (plain bulk MB/s)"
echo "| target | 1 stream | 8 streams |"
echo "| --- | --- | --- |"
for t in "direct $plain_backend" "haproxy $haproxy_fwd" "dcloud $dcloud_fwd" "socat $socat_fwd"; do
  set -- $t; one=(); eight=()
  for _ in $(seq 1 "$RUNS"); do one+=("$(load tcpbulk "$2" 1 "$SECS")"); eight+=("$(load tcpbulk "$2" 8 "$SECS")"); done
  echo "| $1 | $(printf '%s\n' "${one[@]}" | median) | $(printf '%s\n' "${eight[@]}" | median) |"
done
