"""The README's first command, for real: ``registry serve --demo`` in its own process, then a
sign-in over HTTP with the login it printed."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(fresh_database, tmp_path):
    port = _free_port()
    env = dict(os.environ, REGISTRY_DATA_DIR=str(tmp_path), PYTHONUNBUFFERED="1")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "registry",
            "--db",
            fresh_database("serve_demo"),
            "serve",
            "--demo",
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    output = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        output.append(line)
        if "Open: http" in line:
            break
    try:
        text = "".join(output)
        assert "Open: http" in text, text
        yield port, text
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


def test_serve_demo_prints_a_login_that_works(server):
    port, output = server
    assert f"http://127.0.0.1:{port}/" in output
    password = re.search(r"Login: admin / (\S+)", output).group(1)

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://127.0.0.1:{port}"
    with opener.open(f"{base}/login") as page:
        html = page.read().decode()
    token = re.search(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    form = urllib.parse.urlencode(
        {"csrf_token": token, "username": "admin", "password": password}
    ).encode()
    with opener.open(f"{base}/login", data=form) as home:
        body = home.read().decode()
    assert home.url == f"{base}/admin/"
    assert "300 tổ chức" in body
