"""A scripted model on 127.0.0.1 that walks a real coding agent through chosen tool calls.

The end-to-end tests need the real agent binaries to ask for exactly the tool calls a test
names, offline. This server speaks just enough of each agent's model API, streamed the way
the agent asks for it (server-sent events):

    POST /v1/messages           Anthropic Messages          Claude Code
    POST /v1/responses          OpenAI Responses            Codex
    POST /v1/chat/completions   OpenAI Chat Completions     opencode

Every request that offers tools gets the next scripted `Call` of its conversation, then a
short final answer once that conversation's script is used up. A conversation is the main
one, or a sub-agent's: a request whose body holds SUB_MARK (the prompt the test hands the
sub-agent) but not MAIN_MARK (the main prompt). Every request body is kept, so a test can
read what the model saw: the tool results the agent sent back. Stdlib only.
"""

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Optional, Union

MAIN_MARK = "MAIN-TASK-7f3a"
SUB_MARK = "SUB-TASK-9c1e"


@dataclass
class Call:
    """One tool call the model asks for. `args` is a JSON object, a string for a freeform
    tool (Codex's apply_patch), or a function of the request text that returns either.
    `before` runs when the call is handed out, i.e. after the previous call's result came
    back (a test revokes the token there)."""

    name: str
    args: Union[dict, str, Callable]
    namespace: Optional[str] = None
    before: Optional[Callable[[], None]] = None


class MockModel:
    """The server, started on a free port; use as a context manager or call close()."""

    def __init__(self):
        self.scripts = {"main": [], "sub": []}
        self.requests = []  # (conversation, path, body) in arrival order
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.model = self
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def script(self, main=(), sub=()):
        with self.lock:
            self.scripts = {"main": list(main), "sub": list(sub)}

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def next_call(self, path, body, offers_tools):
        """The Call for this request, or None for a text answer."""
        text = json.dumps(body)
        conversation = "sub" if SUB_MARK in text and MAIN_MARK not in text else "main"
        with self.lock:
            self.requests.append((conversation, path, body))
            queue = self.scripts[conversation]
            call = queue.pop(0) if offers_tools and queue else None
        if call is None:
            return None
        if call.before:
            call.before()
        args = call.args(text) if callable(call.args) else call.args
        return Call(call.name, args, call.namespace)

    def tool_results(self, conversation=None):
        """Texts of the tool results the agent sent to the model, first appearance order."""
        seen = []
        for conv, _, body in list(self.requests):
            if conversation in (None, conv):
                for result in _results_in(body):
                    if result not in seen:
                        seen.append(result)
        return seen


def _results_in(body):
    for m in body.get("messages") or []:  # Anthropic, Chat Completions
        if m.get("role") == "tool":
            yield _text(m.get("content"))
        elif isinstance(m.get("content"), list):
            for block in m["content"]:
                if isinstance(block, dict) and block.get("type") == "tool_result":
                    yield _text(block.get("content"))
    for item in body.get("input") or []:  # Responses
        if isinstance(item, dict) and item.get("type") in ("function_call_output", "custom_tool_call_output"):
            yield _text(item.get("output"))


def _text(value):
    return value if isinstance(value, str) else json.dumps(value)


FINAL_ANSWER = "Done."


def anthropic_events(call, model, ids):
    usage = {"input_tokens": 10, "output_tokens": 1}
    yield "message_start", {"type": "message_start", "message": {
        "id": ids("msg"), "type": "message", "role": "assistant", "model": model, "content": [],
        "stop_reason": None, "stop_sequence": None, "usage": usage}}
    if call:
        block = {"type": "tool_use", "id": ids("toolu"), "name": call.name, "input": {}}
        delta = {"type": "input_json_delta", "partial_json": json.dumps(call.args)}
    else:
        block = {"type": "text", "text": ""}
        delta = {"type": "text_delta", "text": FINAL_ANSWER}
    yield "content_block_start", {"type": "content_block_start", "index": 0, "content_block": block}
    yield "content_block_delta", {"type": "content_block_delta", "index": 0, "delta": delta}
    yield "content_block_stop", {"type": "content_block_stop", "index": 0}
    yield "message_delta", {"type": "message_delta", "usage": {"output_tokens": 20},
                            "delta": {"stop_reason": "tool_use" if call else "end_turn", "stop_sequence": None}}
    yield "message_stop", {"type": "message_stop"}


def responses_events(call, model, ids):
    response = {"id": ids("resp"), "object": "response", "created_at": int(time.time()), "model": model,
                "status": "in_progress", "output": []}
    yield "response.created", {"type": "response.created", "response": response}
    if call is None:
        item = {"type": "message", "id": ids("msg"), "role": "assistant", "status": "completed",
                "content": [{"type": "output_text", "text": FINAL_ANSWER, "annotations": []}]}
    elif isinstance(call.args, str):
        item = {"type": "custom_tool_call", "id": ids("ctc"), "call_id": ids("call"), "name": call.name,
                "input": call.args, "status": "completed"}
    else:
        item = {"type": "function_call", "id": ids("fc"), "call_id": ids("call"), "name": call.name,
                "arguments": json.dumps(call.args), "status": "completed"}
        if call.namespace:
            item["namespace"] = call.namespace
    yield "response.output_item.added", {"type": "response.output_item.added", "output_index": 0, "item": item}
    yield "response.output_item.done", {"type": "response.output_item.done", "output_index": 0, "item": item}
    usage = {"input_tokens": 10, "input_tokens_details": {"cached_tokens": 0}, "output_tokens": 20,
             "output_tokens_details": {"reasoning_tokens": 0}, "total_tokens": 30}
    yield "response.completed", {"type": "response.completed",
                                 "response": dict(response, status="completed", output=[item], usage=usage)}


def chat_events(call, model, ids):
    def chunk(delta, finish=None):
        return None, {"id": "chatcmpl", "object": "chat.completion.chunk", "created": int(time.time()),
                      "model": model, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}

    if call:
        yield chunk({"role": "assistant", "content": None, "tool_calls": [{
            "index": 0, "id": ids("call"), "type": "function",
            "function": {"name": call.name, "arguments": json.dumps(call.args)}}]})
    else:
        yield chunk({"role": "assistant", "content": FINAL_ANSWER})
    yield chunk({}, "tool_calls" if call else "stop")
    yield None, "[DONE]"


ROUTES = {"/messages": anthropic_events, "/responses": responses_events, "/chat/completions": chat_events}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    counter = [0]

    def log_message(self, *args):
        pass

    def _ids(self, prefix):
        with self.server.model.lock:
            self.counter[0] += 1
            return f"{prefix}_{self.counter[0]:04d}"

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            body = {}
        path = self.path.split("?")[0]
        events = next((f for suffix, f in ROUTES.items() if path.endswith(suffix)), None)
        if events is None or not isinstance(body, dict):
            return self._reply(404, b'{"error": {"type": "not_found", "message": "mock: no such route"}}')
        call = self.server.model.next_call(path, body, bool(body.get("tools")))
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        for event, data in events(call, body.get("model", "mock-model"), self._ids):
            head = f"event: {event}\n" if event else ""
            self.wfile.write(f"{head}data: {data if isinstance(data, str) else json.dumps(data)}\n\n".encode())
            self.wfile.flush()

    def do_GET(self):
        self._reply(404, b'{"error": {"type": "not_found", "message": "mock: no such route"}}')

    def _reply(self, code, data):
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
