#!/usr/bin/env bash
# How fast a freshly started TLS router reaches its steady new-connection rate: new TLS connections/s
# (`openssl s_time -new`, SNI-less hellos to the default backend, an openssl s_server) in consecutive
# windows from the moment the router's port accepts, for two JVM settings, rounds alternating A, B, A, B.
# Beside the rate, the router's CPU per connection in each window (user and system time of the whole
# process, JIT compiler threads included, from /proc). Router and backend on CPU 1, load generator on
# CPU 0, as in run.sh. Not a test: it prints two tables.
#   [ROUNDS=3] [WINDOWS=6] [WINDOW_SECS=5] [A_JAVA_OPTS="..."] B_JAVA_OPTS="..." sni-proxy/bench/cold-start.sh
# A defaults to the settings ./dcloud ships; B is required (e.g. A's plus one JIT flag).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BENCH="$ROOT/sni-proxy/bench/Bench.java"
source "$ROOT/scripts/lib/env.sh"; dcloud_find_jdk; JAVA="$JAVA_HOME/bin/java"
ROUNDS="${ROUNDS:-3}"; WINDOWS="${WINDOWS:-6}"; WINDOW_SECS="${WINDOW_SECS:-5}"
A_JAVA_OPTS="${A_JAVA_OPTS:--XX:+UseSerialGC -Xms64m -Xmx512m}"
B_JAVA_OPTS="${B_JAVA_OPTS:?set B_JAVA_OPTS to the JVM settings to compare with A}"
"$ROOT/dcloud" version >/dev/null
source "$ROOT/sni-proxy/bench/lib.sh"
start_backends
declare -A opts rows cpus ready
hz=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' /proc/"$1"/stat; }
opts[A]="$A_JAVA_OPTS"; opts[B]="$B_JAVA_OPTS"
for r in $(seq 1 "$ROUNDS"); do
  for v in A B; do
    port=$(free_port); router_yaml "$work/router-$v-$r.yaml" "$port"
    t0=$(date +%s.%N)
    DCLOUD_JAVA_OPTS="${opts[$v]}" on_cpu1 "$ROOT/dcloud" proxy run --config "$work/router-$v-$r.yaml" >/dev/null 2>&1
    router=$!
    wait_port "$port"
    ready[$v]+=" $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')"
    row=""; cpu=""
    for _ in $(seq 1 "$WINDOWS"); do
      tick0=$(cpu_ticks "$router"); n=$(new_conns "$port" "$WINDOW_SECS"); tick1=$(cpu_ticks "$router")
      row+=" ${n:-0}"; cpu+=" $(( (tick1 - tick0) * 1000000 / hz / (${n:-0} * WINDOW_SECS + 1) ))"
    done
    rows[$v-$r]="$row"; cpus[$v-$r]="$cpu"
    echo "round $r $v: conns/s$row, CPU us/conn$cpu (listening after $(awk '{print $NF}' <<<"${ready[$v]}") s)" >&2
    kill -- "$router" 2>/dev/null || true  # the launcher execs the JVM: $router is the router itself
    wait "$router" 2>/dev/null || true
  done
done
table() { # title, name of the per-round rows array, whether to add the listening column
  local -n data="$2"
  local header="| $1 |" sep="| --- |" line v w r col
  [ "$3" = yes ] && { header+=" listening after s |"; sep+=" --- |"; }
  for w in $(seq 1 "$WINDOWS"); do header+=" $(( (w - 1) * WINDOW_SECS ))-$(( w * WINDOW_SECS )) s |"; sep+=" --- |"; done
  echo "$header"; echo "$sep"
  for v in A B; do
    line="| ${opts[$v]} |"
    [ "$3" = yes ] && line+=" $(median <<<"${ready[$v]}") |"
    for w in $(seq 1 "$WINDOWS"); do
      col=""; for r in $(seq 1 "$ROUNDS"); do col+=" $(awk -v i="$w" '{print $i}' <<<"${data[$v-$r]}")"; done
      line+=" $(median <<<"$col") |"
    done
    echo "$line"
  done
}
table "JVM settings: new TLS conns/s" rows yes
echo
table "JVM settings: router CPU us per connection" cpus no
