#!/usr/bin/env python3
"""Hostile clients for bench/attack.sh, on loopback only, each bounded in count and time.

garbage N: N connections that each send random bytes (or nothing) and hang up.
slowloris N SECONDS: N TLS connections that send one header line every few seconds and
never end the head, each giving up after SECONDS.
Attackers use source addresses 127.0.0.2 and up, so the per-address limit does not decide the
result and the normal client on 127.0.0.1 is measured on its own.
"""
import os, random, socket, ssl, sys, threading, time

HOST, PORT = "127.0.0.1", int(os.environ["PORT"])
random.seed(4)

def source(i):
    return ("127.0.%d.%d" % (2 + i // 200, 2 + i % 200), 0)

def garbage(count):
    lock = threading.Lock(); done = [0, 0]
    def one(i):
        try:
            s = socket.create_connection((HOST, PORT), timeout=5, source_address=source(i))
            kind = i % 4
            if kind == 0: s.sendall(os.urandom(random.randint(1, 2000)))
            elif kind == 1: s.sendall(b"\x16\x03\x01" + os.urandom(random.randint(2, 600)))
            elif kind == 2: s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n" + os.urandom(50))
            s.close()
            with lock: done[0] += 1
        except OSError:
            with lock: done[1] += 1
    for start in range(0, count, 100):
        threads = [threading.Thread(target=one, args=(i,)) for i in range(start, min(count, start + 100))]
        for t in threads: t.start()
        for t in threads: t.join(10)
    print("garbage: %d sent, %d refused or failed" % (done[0], done[1]))

def slowloris(count, seconds):
    ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
    closed_by_server = []; lock = threading.Lock()
    def one(i):
        t0 = time.time()
        try:
            raw = socket.create_connection((HOST, PORT), timeout=10, source_address=source(i))
            s = ctx.wrap_socket(raw, server_hostname="localhost")
            s.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
            n = 0
            while time.time() - t0 < seconds:
                time.sleep(2)
                s.sendall(b"X-%d: a\r\n" % n); n += 1
            s.close()
        except (OSError, ssl.SSLError):
            with lock: closed_by_server.append(time.time() - t0)
    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for t in threads: t.start(); time.sleep(0.005)
    for t in threads: t.join(seconds + 30)
    if closed_by_server:
        closed_by_server.sort()
        print("slowloris: %d of %d closed by the server, median after %.1f s, last after %.1f s"
              % (len(closed_by_server), count, closed_by_server[len(closed_by_server) // 2], closed_by_server[-1]))
    else:
        print("slowloris: none of %d closed by the server within %d s" % (count, seconds))

if __name__ == "__main__":
    if sys.argv[1] == "garbage": garbage(int(sys.argv[2]))
    elif sys.argv[1] == "slowloris": slowloris(int(sys.argv[2]), int(sys.argv[3]))
