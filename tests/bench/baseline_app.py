"""The baseline: a bare Flask app (no extensions, no database, no session) rendering a
static 10 KB Jinja page. Every benchmark compares the portal against it, same run,
same gunicorn settings.

    gunicorn -w 2 -k sync tests.bench.baseline_app:app
"""

from pathlib import Path

from flask import Flask
from flask import render_template

app = Flask(__name__, template_folder=str(Path(__file__).with_name("templates")))


@app.get("/")
def page():
    return render_template("baseline.html")
