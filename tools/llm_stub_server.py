#!/usr/bin/env python3
"""An OpenAI-compatible chat-completions stub on loopback, for testing the llm agent without a model.

    python3 tools/llm_stub_server.py [--fail 429,500] [--log requests.jsonl]

Prints `PORT <n>` once listening on 127.0.0.1. The first requests get the --fail statuses (to exercise
retries); after that, successive requests get canned replies in the shapes real models produce: prose with a
JSON action and a separate ```python block, a fenced JSON submit with inline code, then a bare finish.
Every request body is appended to --log.
"""

import argparse
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

EXPLORE = """I will look at the data first.

{"action": "run"}

```python
import pandas as pd
train = pd.read_csv('/workspace/input/train.csv')
print(train.shape)
print(train.columns.tolist())
```
"""

SUBMIT = """The sample submission is a valid starting point.

```json
{"action": "submit", "code": "import shutil\\nshutil.copy('/workspace/input/sample_submission.csv', '/workspace/working/submission.csv')\\nprint('copied')"}
```
"""

FINISH = '{"action": "finish"}'


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fail", default="429,500")
    parser.add_argument("--log", default=None)
    args = parser.parse_args()
    failures = [int(code) for code in args.fail.split(",") if code]
    replies = [EXPLORE, SUBMIT, FINISH]
    state = {"requests": 0, "answered": 0}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_):
            pass

        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            body = self.rfile.read(length)
            state["requests"] += 1
            if args.log:
                with open(args.log, "a") as log:
                    log.write(json.dumps({"path": self.path, "authorization": self.headers.get("Authorization"),
                                          "body": json.loads(body or b"{}")}) + "\n")
            if not self.path.endswith("/chat/completions"):
                return self._send(404, {"error": {"message": "not found"}})
            if state["requests"] <= len(failures):
                code = failures[state["requests"] - 1]
                return self._send(code, {"error": {"message": f"stub failure {code}"}})
            reply = replies[min(state["answered"], len(replies) - 1)]
            state["answered"] += 1
            messages = json.loads(body)["messages"]
            prompt_tokens = sum(len(m["content"]) for m in messages) // 4
            self._send(200, {
                "id": f"stub-{state['requests']}", "object": "chat.completion", "model": "stub",
                "choices": [{"index": 0, "message": {"role": "assistant", "content": reply}, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": len(reply) // 4,
                          "total_tokens": prompt_tokens + len(reply) // 4},
            })

        def _send(self, code, payload):
            data = json.dumps(payload).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
