"""The baseline: a bare Flask app returning a short string, served like the real one."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def index():
    return "ok"
