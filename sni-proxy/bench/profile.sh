#!/usr/bin/env bash
# Where a warm router's (MODE=tls) or forwarder's (MODE=tcp) time goes during new connections, by Java call tree:
# async-profiler (Maven Central's tools.profiler:async-profiler) attached to the running JVM for SECS seconds of
# `openssl s_time -new` (tls) or `Bench.java tcpconns` (tcp). Not a test: it prints the kernel's share of the CPU
# samples, the user-mode samples by phase of a connection and the busiest user-mode frames, and keeps the
# collapsed stacks in OUT (for a flame graph: async-profiler's converter, or any collapsed-stack tool).
# Warm-up as conn-cost.sh: 45 s of new connections, then passes until the JIT stops compiling.
#   [MODE=tls|tcp] [SECS=15] [OUT=/tmp/dcloud-profile-MODE.collapsed] sni-proxy/bench/profile.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BENCH="$ROOT/sni-proxy/bench/Bench.java"
source "$ROOT/scripts/lib/env.sh"; dcloud_find_jdk; JAVA="$JAVA_HOME/bin/java"
MODE="${MODE:-tls}"; SECS="${SECS:-15}"; OUT="${OUT:-/tmp/dcloud-profile-$MODE.collapsed}"
PROFILER_VERSION=4.2
dcloud_ensure_maven
jar="$HOME/.m2/repository/tools/profiler/async-profiler/$PROFILER_VERSION/async-profiler-$PROFILER_VERSION-linux-x64.jar"
[ -f "$jar" ] || mvn -B -q dependency:get -Dtransitive=false \
  -Dartifact="tools.profiler:async-profiler:$PROFILER_VERSION:jar:linux-x64" >/dev/null \
  || { echo "bench: could not fetch async-profiler $PROFILER_VERSION from Maven Central" >&2; exit 1; }
"$ROOT/dcloud" version >/dev/null
source "$ROOT/sni-proxy/bench/lib.sh"
unzip -q -o "$jar" 'linux-x64/*' -d "$work/ap"; agent="$work/ap/linux-x64/libasyncProfiler.so"
start_backends
port=$(free_port)
case "$MODE" in
  tls) command=proxy; router_yaml "$work/dcloud.yaml" "$port"; connections() { new_conns "$@"; } ;;
  tcp) command=forward; forward_yaml "$work/dcloud.yaml" "$port"; connections() { load tcpconns "$@"; } ;;
  *) echo "bench: MODE is tls or tcp, not '$MODE'" >&2; exit 1 ;;
esac
on_cpu1 "$ROOT/dcloud" "$command" run --config "$work/dcloud.yaml" >/dev/null 2>&1
wait_port "$port"
jvm=$(java_pid "$command run --config $work/dcloud.yaml")
connections "$port" 45 >/dev/null
warm_until_compiled "$jvm" connections "$port" 5
# jcmd reads name=value pairs itself: the agent's options go through quoted, in one argument.
profiler() { "$JAVA_HOME/bin/jcmd" "$jvm" "JVMTI.agent_load $agent \"$1\"" >/dev/null; }
profiler "start,event=cpu,interval=100us"
rate=$(connections "$port" "$SECS")
profiler "stop,file=$OUT,collapsed"
echo "| $MODE, $rate new connections/s, $SECS s under async-profiler (every 100 us of CPU) | samples | share |"
echo "| --- | --- | --- |"
# A stack is user-mode when its leaf is not a kernel frame; its phase is the first marker (in this order) on it.
awk -v markers='ServerBootstrapAcceptor.channelRead|BackendConnector.handlerAdded|BackendConnector.lambda|SniRoutingHandler.decode|HostRoutingHandler.decode|RelayHandler.channelRead|RelayHandler.exceptionCaught|RelayHandler.channelInactive|RelayHandler.userEventTriggered|ConnectionTimer|epollInReady|runAllTasks|epollWait|EpollIoHandler.run' '
BEGIN { n = split(markers, m, "|") }
{ c = $NF; s = $0; sub(/ [0-9]+$/, "", s); k = split(s, fr, ";"); total += c
  if (fr[k] ~ /_\[k\]$/) { kernel += c; next }
  user += c; leaf[fr[k]] += c; phase = "(elsewhere: JVM threads, GC, JIT)"
  for (j = 1; j <= n && phase ~ /^\(/; j++) for (i = 1; i <= k; i++) if (index(fr[i], m[j])) { phase = m[j]; break }
  phases[phase] += c }
END {
  printf "| kernel | %d | %.1f%% of all |\n| user mode | %d | %.1f%% of all |\n", kernel, 100 * kernel / total, user, 100 * user / total
  for (p in phases) printf "| user: %s | %d | %.1f%% of user |\n", p, phases[p], 100 * phases[p] / user | "sort -t\"|\" -k3 -rn"
  close("sort -t\"|\" -k3 -rn")
  for (f in leaf) printf "| user leaf: %s | %d | %.1f%% of user |\n", f, leaf[f], 100 * leaf[f] / user | "sort -t\"|\" -k3 -rn | head -15"
}' "$OUT"
echo "stacks: $OUT"
