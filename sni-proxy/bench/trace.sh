#!/usr/bin/env bash
# The relay's own share of a new connection (LOAD=conns) or of a relayed message on a kept-alive connection
# (LOAD=rr), dcloud against HAProxy, from kernel tracepoints: the system calls of the relay's event-loop thread and
# the scheduler's switches on CPU 1, where the relay shares a core with the backend as in run.sh. Rates through a
# relay are set by the whole chain (client, relay, backend and the kernel in between), so they cannot show a few
# microseconds of the relay's own; this shows them. Not a test: it prints a table (trace.awk says what each column
# is). Needs perf (Debian's linux-perf) and root for the tracepoints. Warm-up as conn-cost.sh.
#   [MODE=tcp|tls] [LOAD=conns|rr] [ROUNDS=3] [SECS=2] sni-proxy/bench/trace.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BENCH="$ROOT/sni-proxy/bench/Bench.java"
source "$ROOT/scripts/lib/env.sh"; dcloud_find_jdk; JAVA="$JAVA_HOME/bin/java"
dcloud_ensure_apt haproxy linux-perf || { echo "bench: haproxy and perf (linux-perf) are needed" >&2; exit 1; }
MODE="${MODE:-tcp}"; LOAD="${LOAD:-conns}"; ROUNDS="${ROUNDS:-3}"; SECS="${SECS:-2}"
case "$MODE/$LOAD" in
  tcp/conns | tcp/rr) command=forward ;;
  tls/conns | tls/rr) command=proxy ;;
  *) echo "bench: MODE is tcp or tls and LOAD conns or rr, not '$MODE' and '$LOAD'" >&2; exit 1 ;;
esac
tracing=/sys/kernel/tracing
[ -d "$tracing/events/syscalls" ] || mount -t tracefs nodev "$tracing" 2>/dev/null || true
[ -d "$tracing/events/syscalls" ] || { echo "bench: no syscall tracepoints under $tracing (root and tracefs are needed)" >&2; exit 1; }
"$ROOT/dcloud" version >/dev/null
source "$ROOT/sni-proxy/bench/lib.sh"
start_backends
declare -A port tid
port[dcloud]=$(free_port); port[haproxy]=$(free_port)
if [ "$MODE" = tcp ]; then
  forward_yaml "$work/dcloud.yaml" "${port[dcloud]}"; haproxy_forward_cfg "$work/haproxy.cfg" "${port[haproxy]}"
else
  router_yaml "$work/dcloud.yaml" "${port[dcloud]}"; haproxy_router_cfg "$work/haproxy.cfg" "${port[haproxy]}"
fi
case "$MODE/$LOAD" in  # port, seconds
  tcp/conns) traffic() { load tcpconns "$@"; } ;;
  tcp/rr) traffic() { load tcprr "$@"; } ;;
  tls/conns) traffic() { new_conns "$@"; } ;;
  tls/rr) traffic() { load rr "$@"; } ;;  # SNI bench.example.com: the Java backend
esac
on_cpu1 "$ROOT/dcloud" "$command" run --config "$work/dcloud.yaml" >/dev/null 2>&1
on_cpu1 haproxy -f "$work/haproxy.cfg" -db >/dev/null 2>&1
wait_port "${port[dcloud]}"; wait_port "${port[haproxy]}"
jvm=$(java_pid "$command run --config $work/dcloud.yaml")
traffic "${port[dcloud]}" 20 >/dev/null; traffic "${port[haproxy]}" 5 >/dev/null
both() { traffic "${port[dcloud]}" 3 >/dev/null; traffic "${port[haproxy]}" 3 >/dev/null; }
warm_until_compiled "$jvm" both
# The event-loop threads: dcloud's busiest Netty event-loop thread (one with `threads: 1`), HAProxy's only thread.
tid[dcloud]=$(for task in /proc/"$jvm"/task/*; do
  if [[ "$(cat "$task/comm")" == multiThreadIoEv* ]]; then echo "$(awk '{print $14 + $15}' "$task/stat") ${task##*/}"; fi
done | sort -n | tail -1 | cut -d' ' -f2)
tid[haproxy]=$(pgrep -f "haproxy -f $work/haproxy.cfg" | head -1)
events=(-e sched:sched_switch)
for call in accept4 connect sendto epoll_wait epoll_pwait2; do events+=(-e "syscalls:sys_enter_$call" -e "syscalls:sys_exit_$call"); done
declare -A rows
for r in $(seq 1 "$ROUNDS"); do
  for t in dcloud haproxy; do
    traffic "${port[$t]}" $((SECS + 2)) >/dev/null &
    loadgen=$!
    sleep 1  # into the load, past its connection's set-up
    perf record -q -C 1 "${events[@]}" -o "$work/$t.data" -- sleep "$SECS" 2>/dev/null
    wait "$loadgen"
    rows[$t]+="$(perf script -i "$work/$t.data" -F tid,time,event,trace 2>/dev/null \
      | awk -v TID="${tid[$t]}" -v LOAD="$LOAD" -f "$ROOT/sni-proxy/bench/trace.awk")"$'\n'
  done
  echo "round $r done" >&2
done
if [ "$LOAD" = conns ]; then
  echo "| $MODE: relay | connections traced | CPU us per connection | accept to connect | connect to first send | epoll returns per connection | preempted per connection |"
else
  echo "| $MODE: relay | messages traced | CPU us per message | epoll return to send | - | epoll returns per message | preempted per message |"
fi
echo "| --- | --- | --- | --- | --- | --- | --- |"
for t in dcloud haproxy; do
  # each column's median over the rounds; the rounds' own figures under it
  line="| $t"
  for c in 1 2 3 4 5 6; do line+=" | $(printf '%s' "${rows[$t]}" | awk -v c="$c" '{print $c}' | median)"; done
  echo "$line |"
  printf '%s' "${rows[$t]}" | sed 's/^/  round: /' >&2
done
