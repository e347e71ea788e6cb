#!/usr/bin/env bash
# Side-by-side benchmark on loopback: dcloud proxy/forward vs HAProxy (tcp mode, req.ssl_sni), nginx
# (stream, ssl_preread), socat and the backend directly. Load generator pinned to CPU 0, backends and
# routers to CPU 1, one worker each. Prints markdown tables (median of RUNS runs). Not a test: numbers
# depend on the machine.
#   RUNS=5 SECONDS_PER_RUN=5 WARMUP_SECONDS=45 IDLE_CONNS=5000 PARTS="tls tcp" sni-proxy/bench/run.sh
# Every target gets the same untimed warm-up before its first timed run, so a JIT-compiled router is
# measured warm like the C routers: 45 s of new connections (a fresh router's CPU per new TLS connection
# stops falling 25-35 s into the load on these machines; cold-start.sh measures it), then whole passes of
# every timed load over every target until a pass no longer makes dcloud's JIT compile (jstat; usually
# 3-4 passes, WARMUP_PASSES caps them). The runs are interleaved: in each run every measurement is taken of
# every target in turn, so one figure of two targets lies seconds apart, not a minute, and the order of the
# targets rotates from run to run, so none is always first or last. Below each table: dcloud over HAProxy as
# the median of the runs' own ratios, which cancels the machine's slow swings that the medians of each column
# keep, with a 95% interval for it (see ratio in lib.sh).
# Every run's figures go to stderr.
# nginx is not installed on these machines: its Debian packages are fetched with `apt-get download`
# into target/bench/nginx and unpacked there (no system service is started or changed).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BENCH="$ROOT/sni-proxy/bench/Bench.java"
RUNS="${RUNS:-5}"
SECS="${SECONDS_PER_RUN:-5}"
WARMUP="${WARMUP_SECONDS:-45}"
IDLE="${IDLE_CONNS:-5000}"
PARTS="${PARTS:-tls tcp}"
source "$ROOT/scripts/lib/env.sh"
dcloud_find_jdk
JAVA="$JAVA_HOME/bin/java"
dcloud_ensure_apt haproxy socat || { echo "bench: haproxy and socat are needed" >&2; exit 1; }
ulimit -n 20000

# nginx: the distribution's binary and stream module, unpacked under target/ (kept between runs).
NGINX_DIR="$ROOT/target/bench/nginx"
NGINX="$NGINX_DIR/root/usr/sbin/nginx"
STREAM_MODULE="$NGINX_DIR/root/usr/lib/nginx/modules/ngx_stream_module.so"
if [ ! -x "$NGINX" ] || [ ! -f "$STREAM_MODULE" ]; then
  mkdir -p "$NGINX_DIR/debs"
  (cd "$NGINX_DIR/debs" && apt-get download nginx libnginx-mod-stream >/dev/null 2>&1) \
    || { echo "bench: 'apt-get download nginx libnginx-mod-stream' failed (run apt-get update?)" >&2; exit 1; }
  for deb in "$NGINX_DIR"/debs/*.deb; do dpkg-deb -x "$deb" "$NGINX_DIR/root"; done
fi
if ldd "$NGINX" "$STREAM_MODULE" | grep -q 'not found'; then
  echo "bench: nginx is missing libraries:" >&2; ldd "$NGINX" "$STREAM_MODULE" | grep 'not found' >&2; exit 1
fi

source "$ROOT/sni-proxy/bench/lib.sh"
# A JVM's resident size moves with its heap: collect first so both readings are comparable.
rss_kib() {
  if [ "$(cat "/proc/$1/comm")" = java ]; then "$JAVA_HOME/bin/jcmd" "$1" GC.run >/dev/null 2>&1 || true; fi
  awk '/VmRSS/ {print $2}' "/proc/$1/status"
}

start_backends

dcloud_tls=$(free_port); haproxy_tls=$(free_port); nginx_tls=$(free_port)
dcloud_fwd=$(free_port); haproxy_fwd=$(free_port); nginx_fwd=$(free_port); socat_fwd=$(free_port)
router_yaml "$work/router.yaml" "$dcloud_tls"
forward_yaml "$work/forward.yaml" "$dcloud_fwd"
# One HAProxy and one nginx for TLS routing, another of each for TCP forwarding, as dcloud runs its router and
# forwarder as two processes: an idle-memory reading must not land on pools that the other part's idle test
# already grew (a C router keeps freed sessions in its pools, so the second reading would look free).
haproxy_router_cfg "$work/haproxy.cfg" "$haproxy_tls"
haproxy_forward_cfg "$work/haproxy-fwd.cfg" "$haproxy_fwd"
# nginx's own defaults otherwise (16 KiB proxy buffers, preread timeout 30 s, proxy_timeout 10 min).
nginx_conf() { # folder, stream block
  mkdir -p "$1"
  cat >"$1/nginx.conf" <<CFG
load_module $STREAM_MODULE;
worker_processes 1;
worker_rlimit_nofile 20000;
pid $1/nginx.pid;
events { worker_connections 16384; }
stream {
$2
}
CFG
}
nginx_conf "$work/nginx" "  map \$ssl_preread_server_name \$tls_upstream {
    bench.example.com 127.0.0.1:$tls_backend;
    default 127.0.0.1:$handshake_backend;
  }
  server { listen 127.0.0.1:$nginx_tls; ssl_preread on; proxy_pass \$tls_upstream; }"
nginx_conf "$work/nginx-fwd" "  server { listen 127.0.0.1:$nginx_fwd; proxy_pass 127.0.0.1:$plain_backend; }"
DCLOUD="${DCLOUD_CMD:-$ROOT/dcloud}"  # override to run a particular build
"$DCLOUD" version >/dev/null  # builds the distribution once if needed
# dcloud runs with the JVM settings ./dcloud ships (set DCLOUD_JAVA_OPTS to try others).
on_cpu1 "$DCLOUD" proxy run --config "$work/router.yaml" >/dev/null 2>&1; dcloud_proxy_pid=$!
on_cpu1 "$DCLOUD" forward run --config "$work/forward.yaml" >/dev/null 2>&1; dcloud_forward_pid=$!
on_cpu1 haproxy -f "$work/haproxy.cfg" -db >/dev/null 2>&1; haproxy_pid=$!
on_cpu1 haproxy -f "$work/haproxy-fwd.cfg" -db >/dev/null 2>&1; haproxy_fwd_pid=$!
on_cpu1 "$NGINX" -p "$work/nginx/" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" -g 'daemon off;'
nginx_master=$!
on_cpu1 "$NGINX" -p "$work/nginx-fwd/" -e "$work/nginx-fwd/error.log" -c "$work/nginx-fwd/nginx.conf" -g 'daemon off;'
nginx_fwd_master=$!
on_cpu1 socat -lf /dev/null TCP-LISTEN:"$socat_fwd",bind=127.0.0.1,reuseaddr,fork TCP:127.0.0.1:"$plain_backend"
for p in "$dcloud_tls" "$haproxy_tls" "$nginx_tls" "$dcloud_fwd" "$haproxy_fwd" "$nginx_fwd" "$socat_fwd"; do
  wait_port "$p"
done
nginx_worker=$(pgrep -P "$nginx_master" | head -1); nginx_fwd_worker=$(pgrep -P "$nginx_fwd_master" | head -1)
dcloud_java=$(pgrep -P "$dcloud_proxy_pid" java || echo "$dcloud_proxy_pid")
dcloud_fwd_java=$(pgrep -P "$dcloud_forward_pid" java || echo "$dcloud_forward_pid")
haproxy_version=$(haproxy -v | awk 'NR==1 {sub(/-.*/, "", $3); print $3}')
nginx_version=$("$NGINX" -v 2>&1 | sed 's|.*nginx/||')

idle_kib() { # pid port [mode] -> KiB of resident memory per idle proxied connection
  local before after
  before=$(rss_kib "$1")
  load "${3:-idle}" "$2" "$IDLE" >/dev/null
  sleep 2  # let the router finish connecting the last backends
  after=$(rss_kib "$1")
  load release >/dev/null
  awk -v a="$after" -v b="$before" -v n="$IDLE" 'BEGIN {printf "%.1f", (a-b)/n}'
}
load_average() { cut -d' ' -f1-3 /proc/loadavg; }

if [[ " $PARTS " == *" tls "* ]]; then
  # name, TLS port (SNI, to the Java backend), handshake port (no SNI, to s_server), pid for memory
  targets=("direct $tls_backend $handshake_backend -" "haproxy $haproxy_tls $haproxy_tls $haproxy_pid"
    "nginx $nginx_tls $nginx_tls $nginx_worker" "dcloud $dcloud_tls $dcloud_tls $dcloud_java")
  declare -A conns bulk1 bulk8 rps p50 p99 label=([direct]=direct [haproxy]="haproxy $haproxy_version"
    [nginx]="nginx $nginx_version" [dcloud]=dcloud)
  echo "load average before: $(load_average)" >&2
  tls_pass() {
    for t in "${targets[@]}"; do
      set -- $t
      new_conns "$3" "$SECS" >/dev/null; tls_bulk "$2" 1 "$SECS" >/dev/null; tls_bulk "$2" 8 "$SECS" >/dev/null
      load rr "$2" "$SECS" >/dev/null
    done
  }
  for t in "${targets[@]}"; do set -- $t; new_conns "$3" "$WARMUP" >/dev/null; done
  warm_until_compiled "$dcloud_java" tls_pass
  for run in $(seq 1 "$RUNS"); do
    mapfile -t order < <(rotated "$run" "${targets[@]}")
    for t in "${order[@]}"; do set -- $t; conns[$1]+=" $(new_conns "$3" "$SECS")"; done
    for t in "${order[@]}"; do set -- $t; bulk1[$1]+=" $(tls_bulk "$2" 1 "$SECS")"; done
    for t in "${order[@]}"; do set -- $t; bulk8[$1]+=" $(tls_bulk "$2" 8 "$SECS")"; done
    for t in "${order[@]}"; do
      set -- $t
      read -r r a b <<<"$(load rr "$2" "$SECS")"; rps[$1]+=" $r"; p50[$1]+=" $a"; p99[$1]+=" $b"
    done
    echo "load average after run $run: $(load_average)" >&2
  done
  echo "## TLS routing ($(nproc) CPUs, $(date -u +%F), runs=$RUNS x ${SECS}s, warm-up ${WARMUP}s + passes)"
  echo "| target | new TLS conns/s | bulk MB/s (1) | bulk MB/s (8) | kept-alive req/s | p50 / p99 us | idle KiB/conn |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
  for t in "${targets[@]}"; do
    set -- $t
    idle=-; [ "$4" = - ] || idle=$(idle_kib "$4" "$2")
    echo "| ${label[$1]} | $(median <<<"${conns[$1]}") | $(median <<<"${bulk1[$1]}") | $(median <<<"${bulk8[$1]}") \
| $(median <<<"${rps[$1]}") | $(median <<<"${p50[$1]}") / $(median <<<"${p99[$1]}") | $idle |"
  done
  for t in "${targets[@]}"; do
    set -- $t
    echo "raw $1: conns${conns[$1]} | bulk1${bulk1[$1]} | bulk8${bulk8[$1]} | rr${rps[$1]} | p50${p50[$1]} | p99${p99[$1]}" >&2
  done
  echo
  echo "dcloud / haproxy, median of the runs' own ratios [95% interval]: new conns $(ratio "${conns[dcloud]}" "${conns[haproxy]}"),\
 bulk $(ratio "${bulk1[dcloud]}" "${bulk1[haproxy]}") (1) $(ratio "${bulk8[dcloud]}" "${bulk8[haproxy]}") (8),\
 kept-alive $(ratio "${rps[dcloud]}" "${rps[haproxy]}"), p50 $(ratio "${p50[dcloud]}" "${p50[haproxy]}"),\
 p99 $(ratio "${p99[dcloud]}" "${p99[haproxy]}")"
  echo
fi
[[ " $PARTS " == *" tcp "* ]] || exit 0
# name, port, pid for memory (socat forks a process per connection: no single resident size to read)
targets=("direct $plain_backend -" "haproxy $haproxy_fwd $haproxy_fwd_pid" "nginx $nginx_fwd $nginx_fwd_worker"
  "dcloud $dcloud_fwd $dcloud_fwd_java" "socat $socat_fwd -")
declare -A one eight tconns trps tp50 tp99
tcp_pass() {
  for t in "${targets[@]}"; do
    set -- $t
    load tcpbulk "$2" 1 "$SECS" >/dev/null; load tcpbulk "$2" 8 "$SECS" >/dev/null
    load tcpconns "$2" "$SECS" >/dev/null; load tcprr "$2" "$SECS" >/dev/null
  done
}
# the same warm-up as the TLS part: a JIT needs it, a C forwarder does not mind
for t in "${targets[@]}"; do set -- $t; load tcpconns "$2" "$WARMUP" >/dev/null; done
warm_until_compiled "$dcloud_fwd_java" tcp_pass
for run in $(seq 1 "$RUNS"); do
  mapfile -t order < <(rotated "$run" "${targets[@]}")
  for t in "${order[@]}"; do set -- $t; one[$1]+=" $(load tcpbulk "$2" 1 "$SECS")"; done
  for t in "${order[@]}"; do set -- $t; eight[$1]+=" $(load tcpbulk "$2" 8 "$SECS")"; done
  for t in "${order[@]}"; do set -- $t; tconns[$1]+=" $(load tcpconns "$2" "$SECS")"; done
  for t in "${order[@]}"; do
    set -- $t
    read -r r a b <<<"$(load tcprr "$2" "$SECS")"; trps[$1]+=" $r"; tp50[$1]+=" $a"; tp99[$1]+=" $b"
  done
  echo "load average after tcp run $run: $(load_average)" >&2
done
echo "## TCP forwarding ($(nproc) CPUs, $(date -u +%F), runs=$RUNS x ${SECS}s, warm-up ${WARMUP}s + passes)"
echo "| target | bulk MB/s (1) | bulk MB/s (8) | new conns/s | kept-alive req/s | p50 / p99 us | idle KiB/conn |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for t in "${targets[@]}"; do
  set -- $t
  idle=-; [ "$3" = - ] || idle=$(idle_kib "$3" "$2" tcpidle)
  echo "| $1 | $(median <<<"${one[$1]}") | $(median <<<"${eight[$1]}") | $(median <<<"${tconns[$1]}") \
| $(median <<<"${trps[$1]}") | $(median <<<"${tp50[$1]}") / $(median <<<"${tp99[$1]}") | $idle |"
done
for t in "${targets[@]}"; do
  set -- $t
  echo "raw $1: bulk1${one[$1]} | bulk8${eight[$1]} | conns${tconns[$1]} | rr${trps[$1]} | p50${tp50[$1]} | p99${tp99[$1]}" >&2
done
echo
echo "dcloud / haproxy, median of the runs' own ratios [95% interval]: bulk $(ratio "${one[dcloud]}" "${one[haproxy]}") (1)\
 $(ratio "${eight[dcloud]}" "${eight[haproxy]}") (8), new conns $(ratio "${tconns[dcloud]}" "${tconns[haproxy]}"),\
 kept-alive $(ratio "${trps[dcloud]}" "${trps[haproxy]}"), p50 $(ratio "${tp50[dcloud]}" "${tp50[haproxy]}"),\
 p99 $(ratio "${tp99[dcloud]}" "${tp99[haproxy]}")"
