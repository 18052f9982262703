#!/usr/bin/env python3
"""Loopback benchmark server: every request waits LATENCY seconds, then answers a small JSON body.

Listens on 127.0.0.1 .. 127.0.0.<hosts> on one port (several loopback "hosts" so per-host caps
can be measured as with real sources spread over several statistics offices).
Traps avoided (see BENCHMARKS.md): backlog raised to 1024, Nagle disabled, HTTP/1.1 keep-alive.
Prints the port on stdout, then serves until killed or until --lifetime seconds pass.
"""
import argparse, http.server, socketserver, sys, threading, time

class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    latency = 0.1

    def do_GET(self):
        time.sleep(self.latency)
        if self.path.endswith(".csv"):
            # An observations-csv body, so `planwatch fetch` decodes what it fetched.
            body = b"indicator,region,period,value\nK21,430600,2024,87.7\n"
            kind = "text/csv"
        else:
            body = ('[{"page":1,"pages":1},[{"path":"%s","value":42.0}]]\n' % self.path).encode()
            kind = "application/json"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", '"%d"' % (hash(self.path) & 0xffffffff))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

class Server(http.server.ThreadingHTTPServer):
    request_queue_size = 1024
    daemon_threads = True
    allow_reuse_address = True

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hosts", type=int, default=4)
    ap.add_argument("--latency", type=float, default=0.1)
    ap.add_argument("--lifetime", type=float, default=600)
    a = ap.parse_args()
    Handler.latency = a.latency
    first = Server(("127.0.0.1", 0), Handler)
    port = first.server_address[1]
    servers = [first] + [Server(("127.0.0.%d" % i, port), Handler) for i in range(2, a.hosts + 1)]
    for s in servers:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    print(port, flush=True)
    time.sleep(a.lifetime)

if __name__ == "__main__":
    main()
