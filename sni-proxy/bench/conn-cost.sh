#!/usr/bin/env bash
# New connections one at a time and what each costs in CPU (user and system time of the whole process from
# /proc), dcloud against HAProxy, runs interleaved, both on CPU 1 with the backend, the load generator on CPU 0.
# Not a test: it prints a table. Warm-up: 20 s per target, then passes until dcloud's JIT stops compiling.
#   [MODE=tcp|tls] [LOAD=conns|rr] [RUNS=6] [SECS=3] [OTHER=/path/to/other/dcloud] [OTHER_JAVA_OPTS="..."] sni-proxy/bench/conn-cost.sh
# MODE=tcp (default): plain TCP through the forwarder (`Bench.java tcpconns`: connect, one byte each way, close)
# against HAProxy in tcp mode. MODE=tls: full TLS handshakes through the SNI router (`openssl s_time -new`, no
# SNI, so to the default backend, openssl s_server) against HAProxy routing on req.ssl_sni, as in run.sh.
# LOAD=rr measures requests on one kept-alive connection instead (`Bench.java rr`/`tcprr`: 64 bytes each way,
# one at a time) and CPU per request: the same relay, per message instead of per connection.
# OTHER adds a second dcloud (another build, or this one with OTHER_JAVA_OPTS as its JVM settings).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BENCH="$ROOT/sni-proxy/bench/Bench.java"
source "$ROOT/scripts/lib/env.sh"; dcloud_find_jdk; JAVA="$JAVA_HOME/bin/java"
dcloud_ensure_apt haproxy || { echo "bench: haproxy is needed" >&2; exit 1; }
MODE="${MODE:-tcp}"; LOAD="${LOAD:-conns}"; RUNS="${RUNS:-6}"; SECS="${SECS:-3}"
case "$MODE" in
  tcp) command=forward ;;
  tls) command=proxy ;;
  *) echo "bench: MODE is tcp or tls, not '$MODE'" >&2; exit 1 ;;
esac
case "$LOAD" in
  conns) what="new conns/s"; per=connection ;;
  rr) what="kept-alive req/s"; per=request ;;
  *) echo "bench: LOAD is conns or rr, not '$LOAD'" >&2; exit 1 ;;
esac
"$ROOT/dcloud" version >/dev/null
[ -n "${OTHER:-}" ] && "$OTHER" version >/dev/null
source "$ROOT/sni-proxy/bench/lib.sh"
start_backends
declare -A port pid runs cpu user
targets=(dcloud); [ -n "${OTHER:-}" ] && targets+=(other); targets+=(haproxy)
port[dcloud]=$(free_port); port[other]=$(free_port); port[haproxy]=$(free_port)
if [ "$MODE" = tcp ]; then
  forward_yaml "$work/dcloud.yaml" "${port[dcloud]}"; forward_yaml "$work/other.yaml" "${port[other]}"
  haproxy_forward_cfg "$work/haproxy.cfg" "${port[haproxy]}"
else
  router_yaml "$work/dcloud.yaml" "${port[dcloud]}"; router_yaml "$work/other.yaml" "${port[other]}"
  haproxy_router_cfg "$work/haproxy.cfg" "${port[haproxy]}"
fi
case "$MODE/$LOAD" in  # port, seconds -> the rate
  tcp/conns) connections() { load tcpconns "$@"; } ;;
  tcp/rr) connections() { load tcprr "$@" | cut -d' ' -f1; } ;;
  tls/conns) connections() { new_conns "$@"; } ;;
  tls/rr) connections() { load rr "$@" | cut -d' ' -f1; } ;;  # SNI bench.example.com: the Java backend
esac
on_cpu1 "$ROOT/dcloud" "$command" run --config "$work/dcloud.yaml" >/dev/null 2>&1
if [ -n "${OTHER:-}" ]; then
  if [ -n "${OTHER_JAVA_OPTS:-}" ]; then DCLOUD_JAVA_OPTS="$OTHER_JAVA_OPTS" on_cpu1 "$OTHER" "$command" run --config "$work/other.yaml" >/dev/null 2>&1
  else on_cpu1 "$OTHER" "$command" run --config "$work/other.yaml" >/dev/null 2>&1; fi
fi
on_cpu1 haproxy -f "$work/haproxy.cfg" -db >/dev/null 2>&1
for t in "${targets[@]}"; do wait_port "${port[$t]}"; done
pid[dcloud]=$(java_pid "$command run --config $work/dcloud.yaml"); [ -n "${OTHER:-}" ] && pid[other]=$(java_pid "$command run --config $work/other.yaml")
pid[haproxy]=$(pgrep -f "haproxy -f $work/haproxy.cfg" | head -1)
for t in "${targets[@]}"; do connections "${port[$t]}" 20 >/dev/null; done  # JIT warm-up, then until it is done
every_target() { for t in "${targets[@]}"; do connections "${port[$t]}" "$SECS" >/dev/null; done; }
warm_until_compiled "${pid[dcloud]} ${pid[other]:-}" every_target
ticks() { awk '{print $14, $15}' /proc/"$1"/stat; }
hz=$(getconf CLK_TCK)
for r in $(seq 1 "$RUNS"); do
  mapfile -t order < <(rotated "$r" "${targets[@]}")  # no target always first or last
  for t in "${order[@]}"; do
    read -r u0 s0 <<<"$(ticks "${pid[$t]}")"
    n=$(connections "${port[$t]}" "$SECS")
    read -r u1 s1 <<<"$(ticks "${pid[$t]}")"
    conns=$(( n * SECS ))
    runs[$t]+=" $n"
    cpu[$t]+=" $(( (u1 - u0 + s1 - s0) * 1000000 / hz / conns ))"; user[$t]+=" $(( (u1 - u0) * 1000000 / hz / conns ))"
  done
  echo "run $r done: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
done
range() { tr ' ' '\n' | sed '/^$/d' | sort -n | awk 'NR==1 {lo=$1} {hi=$1} END {print lo "-" hi}'; }
echo "| $MODE: relay | $what (median) | CPU us per $per (median, range) | of it user |"
echo "| --- | --- | --- | --- |"
for t in "${targets[@]}"; do
  echo "| $t | $(median <<<"${runs[$t]}") | $(median <<<"${cpu[$t]}") ($(range <<<"${cpu[$t]}")) | $(median <<<"${user[$t]}") ($(range <<<"${user[$t]}")) |"
  echo "  raw $t:${runs[$t]} | cpu${cpu[$t]} | user${user[$t]}" >&2
done
for t in "${targets[@]}"; do
  [ "$t" = haproxy ] || echo "$t / haproxy, median of the rounds' own ratios [95% interval]: $(ratio "${runs[$t]}" "${runs[haproxy]}")"
done
