#!/usr/bin/env python3
"""TLS bulk reader for the benchmarks: MB/s of backend data received over STREAMS parallel TLS connections
in SECONDS (connect and handshake inside the window), printed as one figure.

    tls_bulk.py PORT STREAMS SECONDS

Decryption runs in OpenSSL (Python's ssl module), not in the JDK: with Bench.java's SSLSocket reader the
load generator's core was saturated and its JIT state set the figure (8 streams to the backend directly
ranged 147-562 MB/s from one 3 s run to the next; this reader: 773-1005). Each stream sends 'B' (the
bench backend then streams without end) and ends with a TCP reset (SO_LINGER 0), so no close drains the
endless stream into the next measurement."""
import socket
import ssl
import struct
import sys
import threading
import time

NAME = "bench.example.com"


def main():
    port, streams, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE  # the bench backend's certificate is self-signed
    received = [0] * streams
    failures = []
    end = time.monotonic() + seconds

    def stream(i):
        try:
            raw = socket.create_connection(("127.0.0.1", port), timeout=10)
            raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with ctx.wrap_socket(raw, server_hostname=NAME) as tls:
                tls.sendall(b"B")
                buf = bytearray(256 * 1024)
                while time.monotonic() < end:
                    n = tls.recv_into(buf)
                    if not n:
                        raise ConnectionError("the backend's stream ended early")
                    received[i] += n
                tls.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except Exception as e:  # reported below: a failed stream must not pass as a slow one
            failures.append(f"stream {i}: {e}")

    threads = [threading.Thread(target=stream, args=(i,)) for i in range(streams)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        sys.exit("tls_bulk: " + "; ".join(failures))
    print("%.1f" % (sum(received) / 1e6 / seconds))


if __name__ == "__main__":
    main()
