#!/usr/bin/env python3
"""Holds COUNT idle keep-alive TLS connections to 127.0.0.1:PORT so that bench/run.sh can read
the server's resident memory while they are open.

Each connection completes its handshake, sends one GET for PATH and reads the whole response,
then stays open and silent. When all are open the script writes the number it holds to
READY_FILE, then waits until it is killed or HOLD_SECONDS pass, and closes them.

Usage: idle_conns.py PORT PATH COUNT CA_FILE READY_FILE HOLD_SECONDS
"""
import socket
import ssl
import sys
import time

SOCKET_TIMEOUT = 10.0


def read_response(tls):
    """Reads one response with a Content-Length body; returns its status code."""
    received = b""
    while b"\r\n\r\n" not in received:
        chunk = tls.recv(16384)
        if not chunk:
            raise ConnectionError("closed before the response head ended")
        received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = tls.recv(65536)
        if not chunk:
            raise ConnectionError("closed inside the response body")
        body += chunk
    return int(lines[0].split(" ")[1])


def open_one(context, port, path):
    raw = socket.create_connection(("127.0.0.1", port), timeout=SOCKET_TIMEOUT)
    try:
        tls = context.wrap_socket(raw, server_hostname="localhost")
        tls.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode("ascii"))
        status = read_response(tls)
        if status != 200:
            raise ConnectionError(f"status {status}")
        return tls
    except BaseException:
        raw.close()
        raise


def main():
    port, path, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    ca_file, ready_file, hold = sys.argv[4], sys.argv[5], float(sys.argv[6])
    context = ssl.create_default_context(cafile=ca_file)
    held, failures = [], 0
    for _ in range(count):
        try:
            held.append(open_one(context, port, path))
        except (OSError, ValueError) as e:
            failures += 1
            if failures == 1:
                print(f"idle_conns: a connection failed: {e}", file=sys.stderr)
    with open(ready_file, "w") as ready:
        ready.write(f"{len(held)} {failures}\n")
    deadline = time.monotonic() + hold
    while time.monotonic() < deadline:
        time.sleep(0.2)
    for tls in held:
        tls.close()


if __name__ == "__main__":
    main()
