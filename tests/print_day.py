"""Print one interview day's emails as each person gets them: Noor in Los Angeles, her
recruiter Rae in London (the day `tests/interview_day.py` plays on a frozen clock).

    .venv/bin/python -m tests.print_day

Runs on a throwaway database and a real SMTP server in this process; nothing is kept.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from portal import create_app
from portal.db import connected
from portal.db import upgrade
from tests.interview_day import run_day
from tests.support import SmtpSink


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        smtp = SmtpSink().start()
        try:
            app = create_app(
                {
                    "TESTING": True,
                    "SECRET_KEY": "print-day",
                    "DATABASE": str(Path(folder) / "day.sqlite3"),
                    "INSTANCE_PATH": folder,
                    "SMTP_HOST": "127.0.0.1",
                    "SMTP_PORT": smtp.port,
                    "SMTP_STARTTLS": False,
                    "BASE_URL": "https://portal.agency.example",
                }
            )
            with app.app_context(), connected():
                upgrade()
            arrivals = run_day(app, smtp)
        finally:
            smtp.stop()
    print("The day's emails, in the order they arrived, at each recipient's own time:\n")
    for arrival in arrivals:
        print(arrival.line())
    for name in dict.fromkeys(a.to for a in arrivals):
        print(f"\n{name}'s inbox:")
        for arrival in (a for a in arrivals if a.to == name):
            print(f"  {arrival.local:%a %d %b %H:%M}  {arrival.subject}")
    digest = next((a for a in arrivals if a.kind == "digest"), None)
    if digest is not None:
        print(f"\nThe morning digest, as {digest.to} reads it:\n")
        print(digest.text.split("\n-- \n")[0].rstrip())


if __name__ == "__main__":
    main()
