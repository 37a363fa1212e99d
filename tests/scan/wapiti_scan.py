"""Run wapiti against a live, seeded portal, signed in as a recruiter and as a candidate.

    python -m tests.scan.wapiti_scan [--wapiti PATH] [--max-seconds 120]

Starts gunicorn on 127.0.0.1 with a fresh SQLite database and the demo data,
scans only that address, and fails on any finding above informational that
is not explained in .ci/wapiti-reviewed.txt (one "category: text" per line).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from portal.commands import DEMO_PASSWORD  # the password seed-demo gives its accounts

ROOT = Path(__file__).resolve().parents[2]
MODULES = "xss,permanentxss,sql,exec,file,redirect,crlf,csp,http_headers,cookieflags,methods,csrf"
# Wapiti levels: 1 low, 2 medium, 3 high, 4 critical; "informational" findings
# are filed under anomalies/additionals or carry level 0.
INFO_LEVEL = 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_portal(workdir: Path, port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DEBRIEF_DATABASE": str(workdir / "debrief.sqlite3"),
        "DEBRIEF_SECRET_KEY": "scan-only-secret",
        "FLASK_APP": "wsgi",
        # The scanner hammers the sign-in form; the throttle (tested elsewhere)
        # would lock every later sign-in out of the scan.
        "DEBRIEF_LOGIN_FAILURES_PER_ADDRESS": "1000000",
        "DEBRIEF_LOGIN_FAILURES_PER_ACCOUNT": "1000000",
    }
    python = sys.executable
    subprocess.run(
        [python, "-m", "flask", "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    subprocess.run(
        [python, "-m", "flask", "seed-demo"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    process = subprocess.Popen(
        [python, "-m", "gunicorn", "-c", "gunicorn.conf.py", "-b", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=1)  # noqa: S310
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the portal did not start")


def sign_in_cookie(base: str, email: str, target: Path) -> None:
    """Sign in through the real form and save the session in wapiti's cookie format."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/login").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode(
        {"email": email, "password": DEMO_PASSWORD, "csrf_token": token}
    ).encode()
    landed = opener.open(f"{base}/login", data=body)
    if urllib.parse.urlsplit(landed.url).path == "/login":
        # A scan signed out would pass while testing nothing behind the sign-in.
        raise SystemExit(f"sign-in as {email} failed: the scan would run signed out")
    cookies = {c.name: c.value for c in jar}
    host = urllib.parse.urlsplit(base).hostname
    target.write_text(
        json.dumps(
            {
                host: {
                    "/": {
                        name: {
                            "value": value,
                            "expires": None,
                            "secure": False,
                            "port": None,
                            "version": 0,
                        }
                        for name, value in cookies.items()
                    }
                }
            }
        )
    )


def run_wapiti(
    wapiti: str, base: str, start: str, cookie: Path, report: Path, max_seconds: int
) -> dict:
    command = [
        wapiti,
        "-u",
        base + start,
        "--scope",
        "domain",
        *(["-c", str(cookie)] if cookie.exists() else []),
        "-m",
        MODULES,
        "-f",
        "json",
        "-o",
        str(report),
        "--flush-session",
        "--max-scan-time",
        str(max_seconds),
        "--max-attack-time",
        str(max(10, max_seconds // 4)),
        "-x",
        f"{base}/logout",
        "-x",
        f"{base}/candidate/account",
        "--verify-ssl",
        "0",
        "--level",
        "1",
        "--tasks",
        "8",
    ]
    done = subprocess.run(command, check=False, capture_output=True, text=True)
    if not report.exists():
        raise SystemExit(f"wapiti wrote no report:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return json.loads(report.read_text())


def findings(report: dict) -> list[tuple[str, int, str, str]]:
    found = []
    for section in ("vulnerabilities", "anomalies"):
        for category, items in (report.get(section) or {}).items():
            for item in items:
                found.append(
                    (
                        category,
                        int(item.get("level", 0)),
                        item.get("path", ""),
                        item.get("info", ""),
                    )
                )
    return found


def reviewed() -> list[str]:
    path = ROOT / ".ci" / "wapiti-reviewed.txt"
    if not path.exists():
        return []
    return [
        line.strip()
        for line in path.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--wapiti", default=str(ROOT / ".venv-wapiti" / "bin" / "wapiti"))
    parser.add_argument("--max-seconds", type=int, default=120)
    args = parser.parse_args()
    allow = reviewed()
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        portal = start_portal(workdir, port)
        try:
            rows = []
            # The recruiter goes last: its scan submits forms such as "deactivate".
            for who, email, start in (
                ("anonymous", None, "/login"),
                ("candidate", "ana@example.com", "/candidate/"),
                ("recruiter", "recruiter@example.com", "/recruiter/"),
            ):
                cookie = workdir / f"{who}.json"
                if email:
                    sign_in_cookie(base, email, cookie)
                report = run_wapiti(
                    args.wapiti, base, start, cookie, workdir / f"{who}.json.out", args.max_seconds
                )
                (workdir.parent / f"debrief-wapiti-{who}.json").write_text(json.dumps(report))
                crawled = report.get("infos", {}).get("crawled_pages_nbr", 0)
                for category, level, path, info in findings(report):
                    explained = any(
                        a.split(":", 1)[0].strip() == category
                        and a.split(":", 1)[1].strip() in info
                        for a in allow
                        if ":" in a
                    )
                    status = "reviewed" if explained or level <= INFO_LEVEL else "FAIL"
                    failures += status == "FAIL"
                    rows.append((who, category, level, path, info[:90], status))
                print(f"{who:<10} pages crawled: {crawled}")
        finally:
            portal.terminate()
            portal.wait(10)
    print(f"{'as':<10} {'category':<32} {'lvl':>3} {'status':<8} path / info")
    for who, category, level, path, info, status in rows:
        print(f"{who:<10} {category:<32} {level:>3} {status:<8} {path} {info}")
    print(f"wapiti: {len(rows)} findings, {failures} not reviewed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
