"""A real HTTP proxy on 127.0.0.1 in front of the platform that injects network faults:
pass, 500, reset (connection dropped before forwarding), slow, lost_answer (the request IS
forwarded and processed, then the answer is dropped: the case idempotency exists for) and cut (the
answer's headers promise the whole body, half of it comes, the connection drops: a download broken off)."""

from __future__ import annotations

import http.server
import threading
import time

import requests


class FaultProxy:
    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.mode = "pass"
        self.only = ""                   # a path prefix: the mode applies to those requests, the rest pass
        self.forwarded = 0
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _handle(self):
                body = self._body()
                mode = proxy.mode if self.path.startswith(proxy.only) else "pass"
                if mode == "reset":
                    self.close_connection = True
                    self.connection.close()
                    return
                if mode == "500":
                    self._answer(500, b"internal error", "text/plain")
                    return
                if mode == "slow":
                    time.sleep(3)
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in ("host", "content-length", "transfer-encoding")}
                upstream = requests.request(self.command, proxy.upstream + self.path, data=body, headers=headers,
                                            timeout=10)
                proxy.forwarded += 1
                if mode == "lost_answer":
                    self.close_connection = True
                    self.connection.close()
                    return
                if mode == "cut":
                    self.send_response(upstream.status_code)
                    self.send_header("Content-Length", str(len(upstream.content)))
                    self.end_headers()
                    self.wfile.write(upstream.content[:len(upstream.content) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.close()
                    return
                self._answer(upstream.status_code, upstream.content, upstream.headers.get("Content-Type", ""),
                             upstream.headers.get("ETag"))

            def _body(self) -> bytes:
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":   # streamed uploads
                    out = b""
                    while True:
                        size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                        if size == 0:
                            self.rfile.readline()
                            return out
                        out += self.rfile.read(size)
                        self.rfile.readline()
                return self.rfile.read(int(self.headers.get("Content-Length") or 0))

            def _answer(self, status, content, ctype, etag=None):
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(content)))
                if etag:
                    self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_POST = do_PUT = _handle

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
