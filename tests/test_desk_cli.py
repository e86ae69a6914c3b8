"""``publish desk …`` and ``publish serve`` on the command line: accounts
with one-time passwords, one-line errors."""

from __future__ import annotations

import re

from conftest import make_workspace, run_cli


def test_accounts_are_made_with_a_one_time_password_stored_as_argon2(tmp_path):
    from publish.desk.app import open_store
    from publish.desk.auth import verify_password

    workspace = make_workspace(tmp_path / "ws")
    (workspace / "publish.toml").write_text('title = "学习材料"\n', encoding="utf-8")
    office = run_cli("desk", "add-office", "hk-liaison", "--region", "hk", cwd=workspace)
    organizer = run_cli("desk", "add-organizer", "county", cwd=workspace / "articles")  # from inside, too
    assert office.returncode == 0 and organizer.returncode == 0, office.stderr + organizer.stderr
    password = re.search(r"\(shown only now\): (\S+)", office.stdout).group(1)
    store = open_store(workspace)
    try:
        account = store.account_named("hk-liaison")
        assert (account.role, account.region) == ("office", "HK")
        assert account.password.startswith("$argon2") and password not in account.password
        assert verify_password(account.password, password)
        assert store.account_named("county").role == "organizer"
    finally:
        store.close()
    listing = run_cli("desk", "accounts", cwd=workspace).stdout
    assert re.search(r"^county\s+organizer", listing, re.M) and re.search(r"^hk-liaison\s+office\s+HK", listing, re.M)
    reset = run_cli("desk", "reset-password", "hk-liaison", cwd=workspace)
    new = reset.stdout.rsplit(": ", 1)[1].strip()
    store = open_store(workspace)
    try:
        assert verify_password(store.account_named("hk-liaison").password, new)
        assert not verify_password(store.account_named("hk-liaison").password, password)
    finally:
        store.close()


def test_mistakes_are_one_line_errors(tmp_path):
    workspace = make_workspace(tmp_path / "ws")
    assert run_cli("desk", "add-office", "hk", cwd=workspace).returncode == 0
    for args, message in ((("desk", "add-office", "hk"), "an account named 'hk' exists already"),
                          (("desk", "add-office", "two words"), "without spaces"),
                          (("desk", "reset-password", "nobody"), "no account named 'nobody'")):
        result = run_cli(*args, cwd=workspace)
        assert result.returncode == 1 and message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    wrong = run_cli("desk", "add-office", "x", "--region", "MO", cwd=workspace)  # (a usage error)
    assert wrong.returncode == 2 and "--region must be HK or TW" in wrong.stderr, wrong.stderr
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    result = run_cli("serve", cwd=outside)
    assert result.returncode == 1 and "not a workspace" in result.stderr
    assert not (outside / ".publish").exists()


def test_a_port_in_use_is_one_line_before_anything_is_announced(tmp_path):
    """It said the desk had started, then uvicorn's English error, exit 3."""
    import socket

    workspace = make_workspace(tmp_path / "ws")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", "--port", str(port), "--workers", "1", cwd=workspace,
                         env={"PUBLISH_LANG": "zh_CN"})
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip() == f"错误：端口 {port} 已被其他程序占用（请先停止该程序，或用 --port 换一个端口）"
    assert "启动" not in result.stdout and "http://" not in result.stdout
    for value in ("nan", "1e30"):
        assert run_cli("serve", "--timeout", value, cwd=workspace).returncode == 2


def test_the_desks_log_speaks_its_operators_language(tmp_path):
    """The organizer running `publish serve` read its log in English (desk
    serving …, office 'hk' signed in, job 2 done) under Chinese messages."""
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time

    workspace = make_workspace(tmp_path / "ws")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    serving = subprocess.Popen([sys.executable, "-m", "publish", "serve", "--port", str(port), "--workers", "1"],
                               cwd=workspace, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PUBLISH_LANG": "zh_CN"})
    try:
        import select

        deadline, said = time.monotonic() + 60, ""
        while time.monotonic() < deadline and "个排版进程" not in said:
            if select.select([serving.stderr], [], [], 0.5)[0]:
                said += serving.stderr.readline()
        assert "索取服务台：工作区" in said and "1 个排版进程" in said, said
    finally:
        serving.send_signal(signal.SIGINT)
        try:
            serving.wait(timeout=30)
        except subprocess.TimeoutExpired:
            serving.kill()
