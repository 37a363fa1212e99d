"""Shared pieces of the benchmark and load scripts: start gunicorn, sign in, run wrk,
read a process tree's CPU time. Everything targets 127.0.0.1 only and stops by itself.
"""

from __future__ import annotations

import contextlib
import http.client
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# Every scripted client, wrk included, says it is this phone. Flask-Login's session
# protection rewrites the cookie of a request from another browser than the one
# that signed in, so wrk must present the same one, as a real phone does.
USER_AGENT = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)


def debian_tool(command: str, package: str) -> str:
    """The path of `command`; installed from Debian's `package` first when it is missing and
    this runs as root (as `.ci/test` installs Chromium), else a message saying how."""
    found = shutil.which(command)
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"Installing {package} from Debian…", flush=True)
        quiet = {
            "stdout": subprocess.DEVNULL,
            "env": {**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        }
        subprocess.run(["apt-get", "update", "-qq"], check=True, **quiet)  # noqa: S607
        subprocess.run(  # noqa: S607 - Debian's own package manager
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", package],
            check=True,
            **quiet,
        )
        found = shutil.which(command)
    if not found:
        raise SystemExit(f"{command} is missing: sudo apt-get install {package}")
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """A gunicorn serving on 127.0.0.1."""

    process: subprocess.Popen
    url: str

    def stop(self) -> None:
        """Stop gracefully; after 15 s, kill the master and every worker."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(15)
        # Workers left behind by a killed master go too.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        if self.process.poll() is None:
            self.process.wait(5)

    def pids(self) -> list[int]:
        """The master and its workers."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        kids = [int(p) for p in children.read_text().split()] if children.exists() else []
        return [self.process.pid, *kids]

    def cpu_by_pid(self) -> dict[int, float]:
        """User + system CPU seconds so far of the master and each worker."""
        times = {}
        for pid in self.pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except FileNotFoundError:
                continue
            times[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime
        return times


def cpu_spent(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds spent between two `cpu_by_pid` readings (a replaced worker counts whole)."""
    return sum(t - before.get(pid, 0.0) for pid, t in after.items())


def portal_env(workdir: Path, database_url: str = "", **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "FLASK_APP": "wsgi",
        "DEBRIEF_SECRET_KEY": "bench-only-secret",
        "DEBRIEF_DATABASE": str(workdir / "debrief.sqlite3"),
        "DEBRIEF_LOGIN_FAILURES_PER_ADDRESS": "1000000",
        "DEBRIEF_LOGIN_FAILURES_PER_ACCOUNT": "1000000",
        **extra,
    }
    if database_url:
        env["DEBRIEF_DATABASE_URL"] = database_url
    return env


def start_gunicorn(
    app: str,
    env: dict[str, str],
    *,
    workers: int = 2,
    worker_class: str = "sync",
    threads: int = 1,
    config: bool = False,
    log: Path | None = None,
    port: int | None = None,
) -> Server:
    """Start `gunicorn app` (on a free port unless given) and wait until it answers.

    `config=True` runs the production settings of gunicorn.conf.py as they are
    (workers, threads, worker class, recycling): only the address is given.
    """
    port = port or free_port()
    command = [PYTHON, "-m", "gunicorn", "-b", f"127.0.0.1:{port}"]
    if config:
        command += ["-c", "gunicorn.conf.py"]
    else:
        command += [
            "-w",
            str(workers),
            "-k",
            worker_class,
            "--threads",
            str(threads),
            "--graceful-timeout",
            "5",
            # gunicorn reads ./gunicorn.conf.py unless told otherwise; its worker
            # recycling would replace workers mid-run and hide their CPU time.
            "--max-requests",
            "0",
            "--access-logfile",
            "/dev/null",
        ]
    command.append(app)
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 - lives with the process
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=out, stderr=out, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                time.sleep(0.3)
                return Server(process, url)
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"gunicorn exited with {process.returncode}") from None
            time.sleep(0.1)
    process.kill()
    raise SystemExit("gunicorn did not start in 30 s")


class Browser:
    """A cookie-keeping HTTP client that fills CSRF tokens like a browser.

    Like a phone's browser, it keeps each page that came with an ETag and sends that
    ETag when it opens the page again; a 304 answer gives back the kept page (with
    status 304, so callers can tell).
    """

    # Seconds to wait for an answer before counting the request unanswered.
    timeout = 30

    def __init__(self, base: str):
        self.base = base
        self.kept: dict[str, tuple[str, bytes]] = {}  # path -> (ETag, page)
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )
        self.opener.addheaders = [("User-Agent", USER_AGENT)]
        self.csrf = ""

    def get(self, path: str) -> tuple[int, str, dict]:
        request = urllib.request.Request(self.base + path)
        kept = self.kept.get(path)
        if kept:
            request.add_header("If-None-Match", kept[0])
        return self._open(request, kept=kept, path=path)

    def post(self, path: str, data: dict, *, headers: dict | None = None) -> tuple[int, str, dict]:
        body = urllib.parse.urlencode({"csrf_token": self.csrf, **data}).encode()
        request = urllib.request.Request(self.base + path, data=body, headers=headers or {})
        return self._open(request)

    def _open(self, request, *, kept=None, path: str = "") -> tuple[int, str, dict]:
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                status, body, headers = response.status, response.read(), dict(response.headers)
        except urllib.error.HTTPError as error:
            status, body, headers = error.code, error.read(), dict(error.headers)
        except (OSError, http.client.HTTPException):
            # No answer in time, or the connection dropped (mid-answer too): status 0.
            return 0, "", {}
        if status == 304 and kept:
            body = kept[1]
        elif path:
            if status == 200 and headers.get("ETag"):
                self.kept[path] = (headers["ETag"], body)
            else:
                self.kept.pop(path, None)
        text = body.decode("utf-8", "replace")
        token = re.search(r'name="csrf_token" value="([^"]+)"', text)
        if token:
            self.csrf = token.group(1)
        return status, text, headers

    def sign_in(self, email: str, password: str) -> None:
        self.get("/login")
        status, _, headers = self.post("/login", {"email": email, "password": password})
        if status != 302:
            raise SystemExit(f"sign-in as {email} failed: {status}")
        self.get(headers.get("Location", "/").replace(self.base, ""))

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class WrkResult:
    requests: int
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    non_2xx: int


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    found = re.match(r"([\d.]+)(us|ms|s|m)", text)
    if not found:  # wrk prints -nan when no request finished
        return float("nan")
    number, unit = found.groups()
    return float(number) * _UNITS[unit]


def wrk(
    url: str,
    *,
    seconds: int = 5,
    connections: int = 32,
    threads: int = 2,
    headers: dict[str, str] | None = None,
    script: Path | None = None,
) -> WrkResult:
    """Run wrk against `url` (127.0.0.1 only) and parse its latency distribution."""
    if not url.startswith("http://127.0.0.1:"):
        raise SystemExit("benchmarks only target 127.0.0.1")
    threads = max(1, min(threads, connections))  # wrk refuses more threads than connections
    command = [
        debian_tool("wrk", "wrk"),
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "10s",
    ]
    for name, value in {"User-Agent": USER_AGENT, **(headers or {})}.items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", str(script)]
    command.append(url)
    out = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=seconds + 30
    ).stdout
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"50%\s+(\S+)", out).group(1))
    p99 = _ms(re.search(r"99%\s+(\S+)", out).group(1))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return WrkResult(
        requests=requests,
        rps=rps,
        p50_ms=p50,
        p99_ms=p99,
        errors=sum(int(g) for g in errors.groups()) if errors else 0,
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
    )
