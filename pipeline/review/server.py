"""Review server: the HTTP side of ``pipeline review OUT --gold DIR``.

It serves the pages of :class:`~pipeline.review.session.Review` on the loopback interface
only and passes the edits the page posts to it. The server keeps no state besides where
each record starts in ``notices.jsonl``. It answers only requests addressed to its own
host and port (no DNS rebinding), takes only JSON bodies of at most :data:`MAX_BODY` bytes
from its own pages (a page elsewhere cannot post to it), and writes only inside ``DIR``.
"""

from __future__ import annotations

import json
import re
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from pipeline.errors import PipelineError, UsageError
from pipeline.review.session import Review

# The largest request body taken: a corrected record of a very long notice is well under.
MAX_BODY = 8 * 1024 * 1024
HOST = "127.0.0.1"

_NOTICE = re.compile(r"/notice/(\d{1,9})(?:/(edit|save))?")


class _Handler(BaseHTTPRequestHandler):
    """One request to the review server."""

    server_version = "pipeline-review"
    timeout = 60  # seconds a connection may stay silent: a stuck client does not keep a thread

    def __init__(self, *args, review: Review, **kwargs):
        self.review = review
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        if not self._own_host():
            return
        route = _NOTICE.fullmatch(self.path)
        if self.path == "/":
            self._reply(HTTPStatus.OK, self.review.index_page())
        elif route and not route[2]:
            self._answer(lambda: self.review.notice_page(int(route[1])))
        else:
            self._reply(HTTPStatus.NOT_FOUND, "not found", "text/plain")

    def do_POST(self) -> None:
        if not self._own_host():
            return
        route = _NOTICE.fullmatch(self.path)
        origin = self.headers.get("Origin")
        if not route or not route[2]:
            return self._error(HTTPStatus.NOT_FOUND, "not found")
        # A page of another site may post here too; its Origin gives it away, and a JSON
        # body is what a form cannot send.
        if origin is not None and origin != f"http://{self.headers.get('Host')}":
            return self._error(HTTPStatus.FORBIDDEN, "requests from other sites are refused")
        if self.headers.get_content_type() != "application/json":
            return self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "send JSON")
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            return self._error(HTTPStatus.LENGTH_REQUIRED, "Content-Length is required")
        if not 0 <= length <= MAX_BODY:
            return self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"bodies are limited to {MAX_BODY} bytes")
        try:
            body = json.loads(self.rfile.read(length))
        except (ValueError, RecursionError):
            return self._error(HTTPStatus.BAD_REQUEST, "the body is not JSON")
        if not isinstance(body, dict):
            return self._error(HTTPStatus.BAD_REQUEST, "the body is not a JSON object")
        n = int(route[1])
        if route[2] == "edit":
            self._answer(lambda: json.dumps(self.review.edit(n, body), ensure_ascii=False), "application/json")
        else:
            self._answer(lambda: json.dumps({"path": str(self.review.save(n, body))}, ensure_ascii=False),
                         "application/json")

    def _own_host(self) -> bool:
        """Whether the request is addressed to this server by its loopback name."""
        port = self.server.server_address[1]
        if self.headers.get("Host") in (f"{HOST}:{port}", f"localhost:{port}"):
            return True
        self._error(HTTPStatus.MISDIRECTED_REQUEST, "this server answers only to its loopback address")
        return False

    def _answer(self, make, content_type: str = "text/html") -> None:
        try:
            self._reply(HTTPStatus.OK, make(), content_type)
        except LookupError:
            self._error(HTTPStatus.NOT_FOUND, "no such notice")
        except UsageError as error:
            self._error(HTTPStatus.BAD_REQUEST, str(error))
        except PipelineError as error:
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, str(error))

    def _error(self, status: HTTPStatus, message: str) -> None:
        self._reply(status, json.dumps({"error": message}, ensure_ascii=False), "application/json")

    def _reply(self, status: HTTPStatus, text: str, content_type: str = "text/html") -> None:
        data = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass  # a line per click would bury the URL the user needs


def make_server(review: Review, port: int = 0) -> ThreadingHTTPServer:
    """A review server on the loopback interface, not yet serving.

    Args:
        review: the records and the gold folder.
        port: the port; 0 takes a free one.

    Returns:
        The server; ``server.server_address[1]`` is its port. Call ``serve_forever()``.

    Raises:
        UsageError: the port cannot be bound.
    """
    try:
        return ThreadingHTTPServer((HOST, port), partial(_Handler, review=review))
    except OSError as exc:
        raise UsageError(f"cannot listen on {HOST}:{port}: {exc.strerror}") from None
