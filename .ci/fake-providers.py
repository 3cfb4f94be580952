#!/usr/bin/env python3
"""A fake Anthropic API on this machine's loopback, for the container test: it proves a key and a model
(GET /v1/models/<model>, header x-api-key) as facts/providers.md documents, and refuses anything else.
Usage: fake-providers.py PORT_FILE KEY  (binds 127.0.0.1 on a free port and writes the port to PORT_FILE)."""
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    key = ""

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if not self.path.startswith("/v1/models/"):
            self.answer(404, {"type": "error", "error": {"type": "not_found_error", "message": "no route"}})
        elif self.headers.get("x-api-key") != Handler.key:
            self.answer(401, {"type": "error", "error": {"type": "authentication_error", "message": "invalid x-api-key"}})
        else:
            model = self.path[len("/v1/models/"):]
            self.answer(200, {"id": model, "type": "model", "display_name": model,
                              "created_at": "2025-01-01T00:00:00Z"})

    def do_POST(self):
        self.answer(404, {"type": "error", "error": {"type": "not_found_error", "message": "no route"}})

    def log_message(self, fmt, *args):
        sys.stderr.write("fake: %s %s\n" % (self.command, self.path))


def main():
    port_file, Handler.key = sys.argv[1], sys.argv[2]
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(port_file + ".part", "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(port_file + ".part", port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
