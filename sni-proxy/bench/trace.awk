# Reads `perf script -F tid,time,event,trace` of CPU 1 (trace.sh) and prints, for the relay's event-loop thread TID,
# where its time on the CPU goes per connection (LOAD=conns) or per relayed message (LOAD=rr), as one line:
#   conns: connections  cpu-per-conn  accept-to-connect  connect-to-first-send  turns-per-conn  preempted-per-conn
#   rr:    messages     cpu-per-msg   wake-to-send       -                      turns-per-msg   preempted-per-msg
# Times are microseconds the thread spent on the CPU (its off-CPU stretches, when it slept or was preempted, are left
# out), so they measure the relay's own work on a connection's or a message's way, whatever the backend sharing its
# core did meanwhile. A "turn" is one return from epoll_wait/epoll_pwait2.
function now(t) { return cpu + (on ? t - since : 0) }  # the thread's CPU time so far, at time t
{
  t = $2; sub(":$", "", t); t *= 1e6
  event = $3; sub(":$", "", event); sub(/^[a-z_]+:/, "", event)
  if (event == "sched_switch") {
    if ($0 ~ ("prev_pid=" TID " ")) {
      if (on) { cpu += t - since; on = 0 }
      if ($0 ~ /prev_state=R/) preempted++
    }
    if ($0 ~ ("next_pid=" TID " ") || $0 ~ ("next_pid=" TID "$")) { on = 1; since = t }
    next
  }
  if ($1 != TID) next
  if (!started) { started = 1; on = 1; since = t; cpu = 0 }  # the first event of the thread: it is on the CPU
  result = $NF
  if (event ~ /^sys_exit_epoll_(p?wait2?)$/) { turns++; woke = now(t) }
  else if (event == "sys_enter_accept4") acceptStart = now(t)
  else if (event == "sys_exit_accept4" && result !~ /^0xfffffff/) { connections++; connecting = 1; waitingSend = 0; accepted = acceptStart }
  else if (event == "sys_enter_connect" && connecting) { toConnect += now(t) - accepted; connecting = 0; counted++ }
  else if (event == "sys_exit_connect") { connected = now(t); waitingSend = 1 }
  else if (event == "sys_enter_sendto") {
    messages++; toSend += now(t) - woke
    if (waitingSend) { toFirstSend += now(t) - connected; waitingSend = 0; sends++ }
  }
  last = t
}
END {
  total = now(last)
  if (LOAD == "conns") {
    if (connections == 0 || counted == 0 || sends == 0) { print "trace: no connection seen" > "/dev/stderr"; exit 1 }
    printf "%d %.1f %.1f %.1f %.2f %.2f\n", connections, total / connections, toConnect / counted, toFirstSend / sends, turns / connections, preempted / connections
  } else {
    if (messages == 0) { print "trace: no message seen" > "/dev/stderr"; exit 1 }
    printf "%d %.1f %.1f - %.2f %.2f\n", messages, total / messages, toSend / messages, turns / messages, preempted / messages
  }
}
