"""The sandboxed fetcher: typesetting reads only inside the workspace and
never touches the network. Proven with a loopback listener that counts
connections, and with a secret file outside the workspace."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from publish.render import Rendered
from publish.typeset import typeset


def test_fetcher_refuses_outside_files_and_network(tmp_path: Path, listener):
    port, hits = listener
    workspace = tmp_path / "ws"
    workspace.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-PAYLOAD")
    inside = workspace / "ok.png"
    Image.new("RGB", (40, 20), "red").save(inside)
    html = f"""<html lang="zh-Hans"><head>
    <link rel="stylesheet" href="http://127.0.0.1:{port}/style.css">
    <link rel="attachment" href="{secret.as_uri()}">
    <link rel="attachment" href="file:///etc/passwd">
    <style>body {{ background: url(http://127.0.0.1:{port}/bg.png) }}</style>
    </head><body><p>正文</p>
    <img src="{secret.as_uri()}"><img src="https://127.0.0.1:{port}/x.png">
    <img src="ftp://127.0.0.1:{port}/x.png"><img src="../secret.txt">
    <img src="ok.png"></body></html>"""
    result = typeset(Rendered(html, workspace.as_uri() + "/", (workspace,)))
    assert result.pages == 1
    assert b"TOP-SECRET-PAYLOAD" not in result.pdf
    assert b"root:" not in result.pdf
    assert hits == []
    refused = " ".join(result.refused)
    assert secret.as_uri() in refused and "/etc/passwd" in refused
    assert f"127.0.0.1:{port}" in refused
    assert "ok.png" not in refused  # the picture inside the workspace was used
    assert b"/Subtype /Image" in result.pdf or b"/Subtype/Image" in result.pdf
