#!/usr/bin/env bash
# Cold start of the router, with and without the JVM's AOT cache that ./dcloud records once per build
# (JDK 25+): seconds from launch until the TLS port accepts, then new TLS connections/s (openssl s_time,
# one at a time, to the default backend) in consecutive windows. Rounds alternate the two, each a fresh
# router process on CPU 1 with the shipped JVM settings. Not a test: it prints a table.
#   [ROUNDS=3] [WINDOWS=6] [WINDOW_SECONDS=5] sni-proxy/bench/cold-start.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BENCH="$ROOT/sni-proxy/bench/Bench.java"
source "$ROOT/scripts/lib/env.sh"; dcloud_find_jdk; JAVA="$JAVA_HOME/bin/java"
ROUNDS="${ROUNDS:-3}"; WINDOWS="${WINDOWS:-6}"; WINDOW_SECONDS="${WINDOW_SECONDS:-5}"
[ "$DCLOUD_JDK_MAJOR" -ge 25 ] || { echo "cold-start: the AOT cache needs JDK 25+, found $DCLOUD_JDK_MAJOR" >&2; exit 1; }
"$ROOT/dcloud" version >/dev/null  # builds the distribution and records the cache if needed
source "$ROOT/sni-proxy/bench/lib.sh"
start_backends
declare -A start_s windows
for r in $(seq 1 "$ROUNDS"); do
  for mode in on off; do
    port=$(free_port)
    router_yaml "$work/router-$mode-$r.yaml" "$port"
    t0=$(date +%s.%N)
    DCLOUD_AOT=$mode on_cpu1 "$ROOT/dcloud" proxy run --config "$work/router-$mode-$r.yaml" >/dev/null 2>&1
    launcher=$!
    wait_port "$port"
    start_s[$mode]+=" $(echo "$(date +%s.%N) - $t0" | bc)"
    line=""
    for w in $(seq 1 "$WINDOWS"); do line+=" $(new_conns "$port" "$WINDOW_SECONDS")"; done
    windows[$mode-$r]="$line"
    echo "round $r, cache $mode: listening after $(echo "${start_s[$mode]}" | awk '{print $NF}') s, conns/s:$line" >&2
    kill "$launcher"; wait "$launcher" 2>/dev/null || true
  done
done
header="| AOT cache | listening after s |"; sep="| --- | --- |"
for w in $(seq 1 "$WINDOWS"); do
  header+=" $(( (w - 1) * WINDOW_SECONDS ))-$(( w * WINDOW_SECONDS )) s |"; sep+=" --- |"
done
echo "$header"; echo "$sep"
for mode in on off; do
  row="| $mode | $(printf '%.1f' "$(median <<<"${start_s[$mode]}")") |"
  for w in $(seq 1 "$WINDOWS"); do
    col=""; for r in $(seq 1 "$ROUNDS"); do col+=" $(echo "${windows[$mode-$r]}" | awk -v i="$w" '{print $i}')"; done
    row+=" $(median <<<"$col") |"
  done
  echo "$row"
done
