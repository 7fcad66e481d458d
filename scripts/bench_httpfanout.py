"""The http fan-out workload of scripts/bench (issue 19): 1,000 replies injected while a release
`moonwire serve --concurrency 1000` runs a plugin whose handler calls a local API that answers
each request after 1 s. The replies wait in the sandbox before serve starts. Reported: the
window from the API's first request to its last answer (goal: about 1 s, i.e. every handler
waited at the same time), the most requests the API held at once, and the time from serve's
start to every reply handled. The peer, in the same run, is
one handler alone against the same API.
"""

import asyncio
import os
import sqlite3
import statistics
import subprocess
import tempfile
import threading
import time

HANDLER = """on.keyword("SUIVI", function(r)
  local answer = assert(http.get("http://127.0.0.1:%d/orders/1234", { timeout = 60 }))
  assert(answer.status == 200 and answer.json.ok, "unexpected answer")
  assert(state.incr("answered"))
end)
"""

INJECT = """local n = tonumber((...))
for i = 1, n do
  assert(sandbox.reply{from = string.format("+336%08d", i), body = "SUIVI 1234"})
end
"""


class SlowAPI:
    """An HTTP/1.1 server on loopback answering every request after `delay` seconds."""

    def __init__(self, delay):
        self.delay = delay
        self.arrivals, self.answers = [], []
        self.waiting = self.peak = 0
        self.loop = asyncio.new_event_loop()
        ready = threading.Event()
        threading.Thread(target=self._run, args=(ready,), daemon=True).start()
        ready.wait()

    def _run(self, ready):
        asyncio.set_event_loop(self.loop)
        self.server = self.loop.run_until_complete(asyncio.start_server(self._serve, "127.0.0.1", 0, backlog=4096))
        self.port = self.server.sockets[0].getsockname()[1]
        ready.set()
        self.loop.run_forever()

    async def _serve(self, reader, writer):
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                if not head:
                    break
                self.arrivals.append(time.monotonic())
                self.waiting += 1
                self.peak = max(self.peak, self.waiting)
                await asyncio.sleep(self.delay)
                body = b'{"ok":true}'
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
                await writer.drain()
                self.waiting -= 1
                self.answers.append(time.monotonic())
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    def reset(self):
        self.arrivals, self.answers, self.peak = [], [], 0

    def stop(self):
        self.loop.call_soon_threadsafe(self.loop.stop)


def one_run(moonwire, api, n):
    api.reset()
    with tempfile.TemporaryDirectory(prefix="moonwire-bench-http-") as tmp:
        env = dict(os.environ, MOONWIRE_DB=os.path.join(tmp, "db.sqlite"), MOONWIRE_HTTP_ALLOW=f"127.0.0.1:{api.port}")
        env.pop("MOONWIRE_PROVIDER", None)
        plugins = os.path.join(tmp, "plugins")
        os.mkdir(plugins)
        with open(os.path.join(plugins, "orders.lua"), "w") as f:
            f.write(HANDLER % api.port)
        inject = os.path.join(tmp, "inject.lua")
        with open(inject, "w") as f:
            f.write(INJECT)
        # The replies wait in the sandbox before serve starts, so they reach the handlers in one
        # burst (injected while serve runs, they would trickle in at the injection's pace).
        subprocess.run([moonwire, "run", inject, str(n)], env=env, cwd=tmp, check=True, capture_output=True)
        started = time.monotonic()
        serve = subprocess.Popen(
            [moonwire, "serve", "--plugins", plugins, "--concurrency", str(max(n, 1))], env=env, cwd=tmp,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            line = serve.stdout.readline()
            if "waiting for replies" not in line:
                raise RuntimeError(f"serve did not start: {line!r}")
            db = sqlite3.connect(env["MOONWIRE_DB"], timeout=30)
            deadline = time.time() + 300
            handled = 0
            while time.time() < deadline:
                handled = db.execute("SELECT COUNT(*) FROM inbound WHERE status = 'handled'").fetchone()[0]
                if handled >= n:
                    break
                time.sleep(0.02)
            finished = time.monotonic()
            failed = db.execute("SELECT COUNT(*) FROM inbound WHERE error IS NOT NULL").fetchone()[0]
            db.close()
        finally:
            serve.terminate()
            serve.wait(timeout=60)
        if handled < n or failed or len(api.answers) != n:
            raise RuntimeError(f"{handled} of {n} replies handled, {failed} with an error, {len(api.answers)} answers")
        return max(api.answers) - min(api.arrivals), api.peak, finished - started


def bench_httpfanout(quick, release_dir):
    moonwire = os.path.join(release_dir, "moonwire")
    n = 200 if quick else 1000
    repeats = 1 if quick else 3
    api = SlowAPI(delay=1.0)
    try:
        alone = [one_run(moonwire, api, 1)[0] for _ in range(repeats)]
        runs = [one_run(moonwire, api, n) for _ in range(repeats)]
    finally:
        api.stop()
    window = statistics.median(r[0] for r in runs)
    return {
        "workload": "httpfanout", "handlers": n, "repeats": repeats, "api_delay_s": 1.0,
        "window_s": round(window, 3), "window_s_runs": [round(r[0], 3) for r in runs],
        "peak_waiting": min(r[1] for r in runs), "total_s": round(statistics.median(r[2] for r in runs), 3),
        "one_handler_s": round(statistics.median(alone), 3), "ratio": round(window / statistics.median(alone), 2),
        "goal": "1,000 handlers each awaiting a 1 s answer finish in about 1 s",
    }
