#!/usr/bin/env python3
"""Serves one KrakenD payload at http://127.0.0.1:<port>/metrics until killed.

usage: serve_payload.py PAYLOAD PORT_FILE [--gzip GZ_FILE] [--content-type TYPE]

The port (chosen by the kernel) is written to PORT_FILE once the server listens; the file
appears whole (written aside, then renamed), so a shell can wait for it to be non-empty.
With --gzip, a request that accepts gzip gets GZ_FILE (the payload compressed) with
Content-Encoding: gzip. --content-type replaces the Prometheus 0.0.4 Content-Type.
Used by package_test.sh, installed_packages_test.sh and tests/bench/whole_run.sh. Python 3
standard library only.
"""

import argparse
import http.server
import os
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("payload")
    parser.add_argument("port_file")
    parser.add_argument("--gzip", dest="gzip_path")
    parser.add_argument("--content-type", default="text/plain; version=0.0.4; charset=utf-8")
    args = parser.parse_args()
    with open(args.payload, "rb") as f:
        payload = f.read()
    compressed = None
    if args.gzip_path:
        with open(args.gzip_path, "rb") as f:
            compressed = f.read()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as a real endpoint

        def do_GET(self):  # noqa: N802 (the http.server name)
            if self.path != "/metrics":
                self.send_error(404)
                return
            zipped = compressed is not None and "gzip" in (
                self.headers.get("Accept-Encoding") or "")
            body = compressed if zipped else payload
            self.send_response(200)
            self.send_header("Content-Type", args.content_type)
            if zipped:
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(args.port_file + ".tmp", args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
