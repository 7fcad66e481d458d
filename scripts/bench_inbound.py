"""The inbound-to-answer workload of scripts/bench (issue 5): N replies injected into the sandbox
while a release `moonwire serve` runs a plugin that answers each one, reported as replies/s and
p50/p99 latency from injection to the sandbox provider's acceptance of the answer. The peer, in
the same run, is the outbound path alone: a `moonwire run` script sending N messages.
"""

import os
import sqlite3
import statistics
import subprocess
import tempfile
import time
from datetime import datetime, timezone

RESPONDER = """on.reply(function(r) assert(r:reply("Merci !")) end)\n"""

INJECT = """local n = tonumber((...))
for i = 1, n do
  assert(sandbox.reply{from = string.format("+336%08d", i), body = "bonjour"})
end
"""

SEND = """local n = tonumber((...))
for i = 1, n do
  assert(sms.send{to = string.format("+336%08d", i), body = "Merci !"})
end
"""


def parse(ts):
    # GRDB stores dates as "YYYY-MM-DD HH:MM:SS.SSS" in UTC.
    return datetime.strptime(ts, "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=timezone.utc).timestamp()


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def one_inbound_run(moonwire, n):
    with tempfile.TemporaryDirectory(prefix="moonwire-bench-inbound-") as tmp:
        # Latency is read from stored timestamps: the sandbox's virtual clock stands still.
        env = dict(os.environ, MOONWIRE_DB=os.path.join(tmp, "db.sqlite"), MOONWIRE_CLOCK="system")
        env.pop("MOONWIRE_PROVIDER", None)
        plugins = os.path.join(tmp, "plugins")
        os.mkdir(plugins)
        with open(os.path.join(plugins, "responder.lua"), "w") as f:
            f.write(RESPONDER)
        inject = os.path.join(tmp, "inject.lua")
        with open(inject, "w") as f:
            f.write(INJECT)
        serve = subprocess.Popen(
            [moonwire, "serve", "--plugins", plugins], env=env, cwd=tmp,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            line = serve.stdout.readline()
            if "waiting for replies" not in line:
                raise RuntimeError(f"serve did not start: {line!r}")
            subprocess.run([moonwire, "run", inject, str(n)], env=env, cwd=tmp, check=True, capture_output=True)
            db = sqlite3.connect(env["MOONWIRE_DB"], timeout=30)
            deadline = time.time() + 600
            # Every reply handled and every answer accepted: a reply may be marked handled while
            # its answer, claimed by the dispatch loop rather than by its handler, is in flight.
            while time.time() < deadline:
                done = db.execute("SELECT COUNT(*) FROM inbound WHERE status = 'handled'").fetchone()[0]
                answered = db.execute("SELECT COUNT(*) FROM sandbox_message").fetchone()[0]
                if done >= n and answered >= n:
                    break
                time.sleep(0.05)
            rows = db.execute(
                "SELECT r.received_at, m.created_at FROM sandbox_reply r "
                "JOIN sandbox_message m ON m.to_number = r.from_number").fetchall()
            db.close()
        finally:
            serve.terminate()
            serve.wait(timeout=60)
        if len(rows) != n:
            raise RuntimeError(f"{len(rows)} answers for {n} replies")
        injected = [parse(a) for a, _ in rows]
        answered = [parse(b) for _, b in rows]
        latencies = [(b - a) * 1000 for a, b in zip(injected, answered)]
        wall = max(answered) - min(injected)
        return n / wall, percentile(latencies, 50), percentile(latencies, 99)


def one_send_run(moonwire, n):
    with tempfile.TemporaryDirectory(prefix="moonwire-bench-send-") as tmp:
        # Latency is read from stored timestamps: the sandbox's virtual clock stands still.
        env = dict(os.environ, MOONWIRE_DB=os.path.join(tmp, "db.sqlite"), MOONWIRE_CLOCK="system")
        env.pop("MOONWIRE_PROVIDER", None)
        script = os.path.join(tmp, "send.lua")
        with open(script, "w") as f:
            f.write(SEND)
        start = time.perf_counter()
        subprocess.run([moonwire, "run", "--budget", "600", script, str(n)], env=env, cwd=tmp, check=True, capture_output=True)
        return n / (time.perf_counter() - start)


def bench_inbound(quick, release_dir):
    moonwire = os.path.join(release_dir, "moonwire")
    n = 1000 if quick else 10000
    repeats = 1 if quick else 3
    inbound, p50s, p99s, sends = [], [], [], []
    for _ in range(repeats):
        rate, p50, p99 = one_inbound_run(moonwire, n)
        inbound.append(rate)
        p50s.append(p50)
        p99s.append(p99)
        sends.append(one_send_run(moonwire, n))
    median_inbound = statistics.median(inbound)
    median_send = statistics.median(sends)
    return {
        "workload": "inbound", "replies": n, "repeats": repeats,
        "replies_per_s": round(median_inbound, 1), "p50_ms": round(statistics.median(p50s), 1),
        "p99_ms": round(statistics.median(p99s), 1), "peer_sends_per_s": round(median_send, 1),
        "ratio": round(median_inbound / median_send, 2),
        "note": "replies injected in one burst while serve runs; latency includes queueing behind the burst",
    }
