#!/usr/bin/env bash
# A/B of two dcloud builds' routers and forwarders, side by side on the same backends, interleaved
# rounds (the one measured first alternates), medians plus every round on stderr. Not a test.
#   OLD=/path/to/other/checkout/dcloud [NEW=./dcloud] ROUNDS=5 SECS=3 sni-proxy/bench/ab.sh
# (an older checkout: git worktree add /tmp/old COMMIT; its ./dcloud builds itself on first use)
# OLD_JAVA_OPTS / NEW_JAVA_OPTS replace the launcher's JVM settings for one side (DCLOUD_JAVA_OPTS), so one
# build can be compared with itself under two settings, e.g. NEW_JAVA_OPTS="-XX:+UseSerialGC -Xms64m -Xmx512m -Ddcloud.relay.nio=true".
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BENCH="$ROOT/sni-proxy/bench/Bench.java"
source "$ROOT/scripts/lib/env.sh"; dcloud_find_jdk; JAVA="$JAVA_HOME/bin/java"
ROUNDS="${ROUNDS:-5}"; SECS="${SECS:-3}"
OLD="${OLD:?set OLD to the ./dcloud of the build to compare against}"; NEW="${NEW:-$ROOT/dcloud}"
"$OLD" version >/dev/null; "$NEW" version >/dev/null  # build both first if needed
source "$ROOT/sni-proxy/bench/lib.sh"
start_backends
declare -A port fport
for v in old new; do
  port[$v]=$(free_port); fport[$v]=$(free_port)
  router_yaml "$work/$v-router.yaml" "${port[$v]}"
  forward_yaml "$work/$v-forward.yaml" "${fport[$v]}"
done
launch() { # build, JVM settings or empty, command...
  local build="$1" opts="$2"; shift 2
  if [ -n "$opts" ]; then DCLOUD_JAVA_OPTS="$opts" on_cpu1 "$build" "$@"; else on_cpu1 "$build" "$@"; fi
}
launch "$OLD" "${OLD_JAVA_OPTS:-}" proxy run --config "$work/old-router.yaml" >/dev/null 2>&1
launch "$OLD" "${OLD_JAVA_OPTS:-}" forward run --config "$work/old-forward.yaml" >/dev/null 2>&1
launch "$NEW" "${NEW_JAVA_OPTS:-}" proxy run --config "$work/new-router.yaml" >/dev/null 2>&1
launch "$NEW" "${NEW_JAVA_OPTS:-}" forward run --config "$work/new-forward.yaml" >/dev/null 2>&1
for v in old new; do wait_port "${port[$v]}"; wait_port "${fport[$v]}"; done
jvms=""; for p in "${pids[@]: -4}"; do jvms+=" $(pgrep -P "$p" java || echo "$p")"; done
# The same warm-up as run.sh: 20 s of new connections each, then passes of every timed load until the JITs are done.
for v in old new; do new_conns "${port[$v]}" 20 >/dev/null; load tcpconns "${fport[$v]}" 20 >/dev/null; done
every_load() {
  for v in old new; do
    new_conns "${port[$v]}" "$SECS" >/dev/null; tls_bulk "${port[$v]}" 1 "$SECS" >/dev/null
    tls_bulk "${port[$v]}" 8 "$SECS" >/dev/null; load rr "${port[$v]}" "$SECS" >/dev/null
    load tcpbulk "${fport[$v]}" 1 "$SECS" >/dev/null; load tcpbulk "${fport[$v]}" 8 "$SECS" >/dev/null
    load tcpconns "${fport[$v]}" "$SECS" >/dev/null; load tcprr "${fport[$v]}" "$SECS" >/dev/null
  done
}
warm_until_compiled "$jvms" every_load
declare -A c b1 b8 rps p50 p99 t1 t8 tc trr
for r in $(seq 1 "$ROUNDS"); do
  for v in $(rotated "$r" old new); do  # new first in odd rounds, old in even ones
    c[$v]+=" $(new_conns "${port[$v]}" "$SECS")"
    b1[$v]+=" $(tls_bulk "${port[$v]}" 1 "$SECS")"; b8[$v]+=" $(tls_bulk "${port[$v]}" 8 "$SECS")"
    read -r x a b <<<"$(load rr "${port[$v]}" "$SECS")"; rps[$v]+=" $x"; p50[$v]+=" $a"; p99[$v]+=" $b"
    t1[$v]+=" $(load tcpbulk "${fport[$v]}" 1 "$SECS")"; t8[$v]+=" $(load tcpbulk "${fport[$v]}" 8 "$SECS")"
    tc[$v]+=" $(load tcpconns "${fport[$v]}" "$SECS")"
    read -r x a b <<<"$(load tcprr "${fport[$v]}" "$SECS")"; trr[$v]+=" $x"
  done
  echo "round $r done: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
done
echo "| relay | new TLS conns/s | TLS bulk MB/s (1) | (8) | TLS kept-alive req/s | p50 / p99 us | TCP bulk (1) | (8) | new TCP conns/s | TCP kept-alive req/s |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for v in old new; do
  echo "| $v | $(median <<<"${c[$v]}") | $(median <<<"${b1[$v]}") | $(median <<<"${b8[$v]}") | $(median <<<"${rps[$v]}") | $(median <<<"${p50[$v]}") / $(median <<<"${p99[$v]}") | $(median <<<"${t1[$v]}") | $(median <<<"${t8[$v]}") | $(median <<<"${tc[$v]}") | $(median <<<"${trr[$v]}") |"
  echo "  raw $v: conns${c[$v]} | b1${b1[$v]} | b8${b8[$v]} | rr${rps[$v]} | t1${t1[$v]} | t8${t8[$v]} | tc${tc[$v]} | trr${trr[$v]}" >&2
done
echo "new / old, median of the rounds' own ratios [95% interval]: new TLS conns $(ratio "${c[new]}" "${c[old]}"), TLS bulk\
 $(ratio "${b1[new]}" "${b1[old]}") (1) $(ratio "${b8[new]}" "${b8[old]}") (8), TLS kept-alive $(ratio "${rps[new]}" "${rps[old]}"),\
 TCP bulk $(ratio "${t1[new]}" "${t1[old]}") (1) $(ratio "${t8[new]}" "${t8[old]}") (8), new TCP conns\
 $(ratio "${tc[new]}" "${tc[old]}"), TCP kept-alive $(ratio "${trr[new]}" "${trr[old]}")"
