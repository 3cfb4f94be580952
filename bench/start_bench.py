#!/usr/bin/env python3
"""Driver of bench/start-bench.sh: starts each configuration RUNS times, measures start-to-ready (from
the launch to the first 200 of its ready route) and RSS (VmRSS of the JVM) 5 s after ready, then, in
the first run, RSS after CREATES creates. Prints one table of medians."""
import argparse
import http.client
import json
import os
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

KEY = "sk-ant-bench-start-0000"
SETTLE_S = 5


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port, method, path, body=None, timeout=30):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        conn.request(method, path, body=body, headers=headers)
        answer = conn.getresponse()
        return answer.status, answer.read()
    finally:
        conn.close()


def rss_mb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS for %d" % pid)


class Java:
    """A JVM on this machine: `java OPTS -jar JAR`, its own home and port."""

    def __init__(self, name, java, opts, jar, ready, create, work):
        self.name, self.java, self.opts, self.jar, self.ready, self.create, self.work = \
            name, java, opts, jar, ready, create, work

    def start(self, fake_url):
        self.home = tempfile.mkdtemp(dir=self.work, prefix=self.name + "-home.")
        self.port = free_port()
        env = dict(os.environ, ETERNEGO_HOME=self.home, QUARKUS_HTTP_PORT=str(self.port),
                   ETERNEGO_AGENT_HEARTBEAT="1h")
        self.log = open(os.path.join(self.home, "..", self.name + ".log"), "ab")
        self.proc = subprocess.Popen([self.java, *self.opts, "-jar", self.jar], env=env,
                                     stdout=self.log, stderr=subprocess.STDOUT)
        return self.proc.pid

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(60)
        self.log.close()


class Container:
    """Ours in the container of Dockerfile.jvm, port 5000 published on the host's loopback."""

    def __init__(self, name, image, java_opts, work):
        self.name, self.image, self.java_opts, self.work = name, image, java_opts, work
        self.ready, self.create = "/q/health/ready", True

    def start(self, fake_url):
        self.port = free_port()
        self.cid = "eternego-bench-%d-%d" % (os.getpid(), self.port)
        cmd = ["podman", "--runtime", "runc", "run", "-d", "--name", self.cid,
               "--ulimit", "nofile=20000:20000", "--ulimit", "nproc=32768:32768",
               "--network", "slirp4netns:allow_host_loopback=true", "-p", "127.0.0.1:%d:5000" % self.port,
               "-e", "ETERNEGO_API_TOKEN=bench-token", "-e", "ETERNEGO_AGENT_HEARTBEAT=1h"]
        if self.java_opts:
            cmd += ["-e", "JAVA_OPTS=" + self.java_opts]
        subprocess.run(cmd + [self.image], check=True, stdout=subprocess.DEVNULL)
        pid = subprocess.run(["podman", "inspect", "-f", "{{.State.Pid}}", self.cid], check=True,
                             capture_output=True, text=True).stdout.strip()
        return int(pid)

    def alive(self):
        out = subprocess.run(["podman", "inspect", "-f", "{{.State.Running}}", self.cid],
                             capture_output=True, text=True).stdout.strip()
        return out == "true"

    def stop(self):
        subprocess.run(["podman", "rm", "-f", "-v", "-t", "10", self.cid], check=True, stdout=subprocess.DEVNULL)


def headers_for(target):
    return {"Authorization": "Bearer bench-token"} if isinstance(target, Container) else {}


def post(target, path, body):
    conn = http.client.HTTPConnection("127.0.0.1", target.port, timeout=120)
    try:
        conn.request("POST", path, body=body, headers={"Content-Type": "application/json", **headers_for(target)})
        answer = conn.getresponse()
        return answer.status, answer.read()
    finally:
        conn.close()


def wait_ready(target, t0):
    while True:
        try:
            status, _ = request(target.port, "GET", target.ready, timeout=2)
            if status == 200:
                return time.monotonic() - t0
        except OSError:
            pass
        if not target.alive():
            raise RuntimeError(target.name + " died before it was ready")
        if time.monotonic() - t0 > 180:
            raise RuntimeError(target.name + " not ready in 180 s")
        time.sleep(0.005)


def creates(target, n, fake_url):
    for i in range(n):
        if target.create:
            body = {"name": "Bench %d" % i, "thinking_model": "claude-sonnet-4-6",
                    "thinking_provider": "anthropic", "thinking_api_key": KEY, "thinking_url": fake_url}
            path = "/api/persona/create"
        else:
            body = {"name": "Bench %d" % i, "thinking_model": "claude-sonnet-4-6"}
            path = "/hello"
        status, answer = post(target, path, json.dumps(body))
        if status != 200:
            raise RuntimeError("%s: create %d answered %d %s" % (target.name, i, status, answer[:300]))


def measure(target, runs, n, fake_url):
    ready, rss_start, rss_after = [], [], None
    for run in range(runs):
        t0 = time.monotonic()
        pid = target.start(fake_url)
        try:
            ready.append(wait_ready(target, t0))
            time.sleep(SETTLE_S)
            rss_start.append(rss_mb(pid))
            if run == 0:
                creates(target, n, fake_url)
                rss_after = rss_mb(pid)
        finally:
            target.stop()
        print("  %-10s run %d: ready %.2f s, RSS %.0f MB" % (target.name, run + 1, ready[-1], rss_start[-1]),
              flush=True)
    return statistics.median(ready), statistics.median(rss_start), rss_after


def train_aot(java25, jar, work, fake_url, n):
    """One training run on JDK 25: start, N creates, stop; the JVM writes the AOT cache at exit."""
    cache = os.path.join(work, "eternego.aot")
    trainer = Java("aot-train", java25, ["-XX:AOTCacheOutput=" + cache], jar, "/q/health/ready", True, work)
    trainer.start(fake_url)
    try:
        wait_ready(trainer, time.monotonic())
        creates(trainer, n, fake_url)
    finally:
        trainer.stop()
    if not os.path.isfile(cache):
        raise RuntimeError("the training run wrote no AOT cache")
    return cache


def main():
    p = argparse.ArgumentParser()
    for flag in ("--work", "--bare", "--before", "--ours", "--java", "--jdk25", "--image", "--after-opts"):
        p.add_argument(flag, default="")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--creates", type=int, default=100)
    a = p.parse_args()
    ours = os.path.abspath(a.ours)
    after = shlex.split(a.after_opts)

    port_file = os.path.join(a.work, "fake.port")
    fake = subprocess.Popen([sys.executable, ".ci/fake-providers.py", port_file, KEY], stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while not os.path.exists(port_file):
            if time.monotonic() > deadline:
                raise RuntimeError("the fake provider did not start")
            time.sleep(0.05)
        fake_port = int(open(port_file).read())
        local_fake = "http://127.0.0.1:%d" % fake_port

        rows = [("bare", Java("bare", a.java, [], os.path.abspath(a.bare), "/hello", False, a.work), "", local_fake),
                ("before", Java("before", a.java, [], os.path.abspath(a.before), "/q/health/ready", True, a.work), "(none)",
                 local_fake),
                ("after", Java("after", a.java, after, ours, "/q/health/ready", True, a.work),
                 " ".join(after) or "(none)", local_fake)]
        java25 = os.path.join(a.jdk25, "bin", "java")
        if os.access(java25, os.X_OK):
            cache = train_aot(java25, ours, a.work, local_fake, 10)
            opts = [o for o in after if not o.startswith("-XX:SharedArchiveFile")] + ["-XX:AOTCache=" + cache]
            rows.append(("aot-25", Java("aot-25", java25, opts, ours, "/q/health/ready", True, a.work),
                         "JDK 25: " + " ".join(opts).replace(cache, "<trained>.aot"), local_fake))
        else:
            print("no JDK 25 at %s: the aot-25 row is left out" % a.jdk25)
        if a.image:
            container_opts = " ".join(o for o in after if not o.startswith("-XX:SharedArchiveFile"))
            rows.append(("container", Container("container", a.image, container_opts, a.work),
                         "JAVA_OPTS=" + (container_opts or "(none)"), "http://10.0.2.2:%d" % fake_port))
        else:
            print("podman is not installed: the container row is left out")

        results = []
        for name, target, opts, fake_url in rows:
            print("measuring %s (%d runs, %d creates in the first)" % (name, a.runs, a.creates), flush=True)
            results.append((name, opts) + measure(target, a.runs, a.creates, fake_url))
    finally:
        fake.terminate()

    print()
    print("| app | start to ready, median of %d (s) | RSS after start, median (MB) | RSS after %d creates (MB) | JVM options |"
          % (a.runs, a.creates))
    print("|---|---|---|---|---|")
    for name, opts, ready, rss, rss_after in results:
        print("| %s | %.2f | %.0f | %.0f | %s |" % (name, ready, rss, rss_after, opts or "(none)"))


if __name__ == "__main__":
    main()
