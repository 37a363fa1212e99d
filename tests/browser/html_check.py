"""The W3C Nu HTML Checker (vnu.jar, run with Java) over every page the browser tests open.

The live server keeps each HTML page it sends (`keep_pages`); at the end of the test
session one Java run checks them all (starting Java per page would take longer than
the tests), and any error fails the session's last test, naming the page and the test
that opened it. `bash .ci/test` installs the pinned checker (.ci/vnu/package.json).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess  # nosec B404 - runs the checker with fixed arguments
import tempfile
from pathlib import Path

VNU_JAR = Path(__file__).resolve().parents[2] / ".ci/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
# digest of the HTML -> (path, the test that opened it, the HTML)
PAGES: dict[str, tuple[str, str, str]] = {}


def keep_pages(app, test_id: str) -> None:
    """Keep every HTML page `app` sends (as sent, before compression) for the checker."""

    @app.after_request
    def keep(response):
        if response.mimetype == "text/html" and not response.direct_passthrough:
            html = response.get_data(as_text=True)
            if html:
                from flask import request

                digest = hashlib.sha256(html.encode()).hexdigest()
                PAGES.setdefault(digest, (request.full_path.rstrip("?"), test_id, html))
        return response


def checker_missing() -> str:
    """Why the checker cannot run here, or "" when it can."""
    if not shutil.which("java"):
        return "Java is missing: run `bash .ci/test` (installs default-jre-headless)"
    if not VNU_JAR.exists():
        return f"the HTML checker is missing ({VNU_JAR}): run `bash .ci/test`"
    return ""


def check_pages() -> list[str]:
    """Run the checker once over every kept page; one line per error."""
    if not PAGES:
        return []
    with tempfile.TemporaryDirectory(prefix="debrief-vnu-") as folder:
        where = {}
        for number, (path, test_id, html) in enumerate(PAGES.values()):
            file = Path(folder) / f"page-{number}.html"
            file.write_text(html, encoding="utf-8")
            where[file.as_uri().replace("file:///", "file:/")] = (path, test_id)
        result = subprocess.run(  # nosec B603 - fixed arguments, our own files
            [
                *("java", "-jar", str(VNU_JAR), "--format", "json"),
                *("--exit-zero-always", "--stdout", folder),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    if result.returncode != 0 or not result.stdout.strip():
        return [f"the HTML checker did not run: {result.stderr[-2000:]}"]
    report = json.loads(result.stdout)
    errors: list[str] = []
    for message in report["messages"]:
        if message.get("type") != "error":
            continue
        path, test_id = where.get(message.get("url", ""), (message.get("url"), "?"))
        line = (
            f"{path} (opened by {test_id}), line {message.get('lastLine')}: "
            f"{message['message']} … {message.get('extract', '').strip()}"
        )
        if line not in errors:  # the same page opened twice differs only in its tokens
            errors.append(line)
    return errors
