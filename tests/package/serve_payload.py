#!/usr/bin/env python3
"""Serves one KrakenD payload at http://127.0.0.1:<port>/metrics until killed.

usage: serve_payload.py PAYLOAD PORT_FILE

The port (chosen by the kernel) is written to PORT_FILE once the server listens; the file
appears whole (written aside, then renamed), so a shell can wait for it to be non-empty.
Used by package_test.sh and installed_packages_test.sh. Python 3 standard library only.
"""

import http.server
import os
import sys


def main():
    payload_path, port_file = sys.argv[1], sys.argv[2]
    with open(payload_path, "rb") as f:
        payload = f.read()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the http.server name)
            if self.path != "/metrics":
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(port_file + ".tmp", port_file)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
