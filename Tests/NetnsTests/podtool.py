#!/usr/bin/env python3
"""Apps and clients the sidecar netns tests run inside their pods.

Servers (run forever, one thread per connection):
  serve-echo PORT     answer "echo response: <all bytes>" after the client's FIN (OSM's tcp-echo)
  serve-sha PORT      read to EOF, answer "<count> <sha256>"
  serve-slow PORT     read 64 KiB every 5 ms (a slow reader), answer "<count>" at EOF
  serve-banner PORT   write "220 ready\\r\\n" on accept, then echo
  serve-stream PORT   echo bytes as they arrive
Clients (print one line, exit 0 on success, 1 with the exception name otherwise):
  client-echo IP PORT            send "hello\\n", FIN, print the answer
  client-bulk IP PORT MIB        send MIB MiB of pseudo-random bytes, print "ok <count>" if the server's hash matches
  client-banner IP PORT          print the milliseconds until the banner arrived
  client-hold IP PORT SECS       ping-pong every 100 ms for SECS seconds: "ok <n>" or "closed after <n>"
"""
import hashlib, os, socket, sys, threading, time

def serve(port, handle):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", port)); s.listen(64)
    while True:
        c, _ = s.accept()
        threading.Thread(target=guarded, args=(handle, c), daemon=True).start()

def guarded(handle, c):
    try:
        handle(c)
    except OSError:
        pass
    finally:
        c.close()

def read_all(c, chunk=65536, pause=0.0):
    h, n = hashlib.sha256(), 0
    while True:
        b = c.recv(chunk)
        if not b: return n, h.hexdigest()
        h.update(b); n += len(b)
        if pause: time.sleep(pause)

def h_echo(c):
    data = b""
    while True:
        b = c.recv(4096)
        if not b: break
        data += b
    c.sendall(b"echo response: " + data)

def h_sha(c):
    n, d = read_all(c)
    c.sendall(("%d %s\n" % (n, d)).encode())

def h_slow(c):
    n, _ = read_all(c, 65536, 0.005)
    c.sendall(("%d\n" % n).encode())

def h_stream(c):
    while True:
        b = c.recv(65536)
        if not b: return
        c.sendall(b)

def h_banner(c):
    c.sendall(b"220 ready\r\n"); h_stream(c)

def blocks(mib):
    seed = hashlib.sha256(b"swift-osm").digest()
    block = b"".join(hashlib.sha256(seed + bytes([i])).digest() for i in range(32)) * 32  # 32 KiB
    for _ in range(mib * 32): yield block

def client(argv):
    mode, ip, port = argv[0], argv[1], int(argv[2])
    c = socket.create_connection((ip, port), timeout=30)
    if mode == "client-echo":
        c.sendall(b"hello\n"); c.shutdown(socket.SHUT_WR)
        out = b""
        while True:
            b = c.recv(4096)
            if not b: break
            out += b
        return out.decode()
    if mode == "client-bulk":
        h, n = hashlib.sha256(), 0
        for b in blocks(int(argv[3])):
            c.sendall(b); h.update(b); n += len(b)
        c.shutdown(socket.SHUT_WR)
        reply = b""
        while True:
            b = c.recv(4096)
            if not b: break
            reply += b
        parts = reply.decode().split()
        if parts == [str(n), h.hexdigest()] or parts == [str(n)]:
            return "ok %d" % n
        return "mismatch: sent %d, server says %r" % (n, reply)
    if mode == "client-banner":
        start = time.monotonic(); c.settimeout(5)
        b = c.recv(64)
        return "%.1f %r" % ((time.monotonic() - start) * 1000, b)
    if mode == "client-hold":
        deadline, n = time.monotonic() + float(argv[3]), 0
        c.settimeout(5)
        while time.monotonic() < deadline:
            try:
                c.sendall(b"ping")
                got = b""
                while len(got) < 4:
                    b = c.recv(4 - len(got))
                    if not b: return "closed after %d" % n
                    got += b
            except OSError:
                return "closed after %d" % n
            n += 1; time.sleep(0.1)
        return "ok %d" % n
    raise SystemExit("unknown mode " + mode)

if __name__ == "__main__":
    mode = sys.argv[1]
    servers = {"serve-echo": h_echo, "serve-sha": h_sha, "serve-slow": h_slow, "serve-stream": h_stream, "serve-banner": h_banner}
    if mode in servers:
        serve(int(sys.argv[2]), servers[mode])
    try:
        sys.stdout.write(client(sys.argv[1:])); sys.stdout.flush(); sys.exit(0)
    except Exception as e:
        sys.stdout.write("error: %s" % type(e).__name__); sys.exit(1)
