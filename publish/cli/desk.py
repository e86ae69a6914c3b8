"""``publish serve`` and ``publish desk …``: the request desk over the
current workspace, and its accounts."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Annotated, Optional

import typer

from publish.cli.app import app, say, seconds
from publish.i18n import _

desk = typer.Typer(help=_("Accounts of the request desk (publish serve)."), no_args_is_help=True)
app.add_typer(desk, name="desk")


@app.command(help=_("Serve the request desk: a web page where offices get the editions they need."))
def serve(
    host: Annotated[str, typer.Option("--host", help=_("Address to listen on."))] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help=_("Port to listen on."))] = 8000,
    workers: Annotated[Optional[int], typer.Option(
        "--workers", min=1, help=_("Build processes (default: the number of cores)."))] = None,
    queue: Annotated[int, typer.Option("--queue", min=1, help=_("Builds that may wait at once; more are refused."))] = 16,
    timeout: Annotated[float, typer.Option("--timeout", min=1.0, callback=seconds,
                       help=_("Give up typesetting one file after this many seconds."))] = 300.0,
    secure_cookies: Annotated[bool, typer.Option(
        "--secure-cookies", help=_("Send the session cookie over HTTPS only (behind a TLS proxy)."))] = False,
) -> None:
    import logging
    import os

    import uvicorn

    from publish.desk.app import create_app
    from publish.desk.catalogue import check_workspace
    from publish.paths import find_workspace

    workspace = check_workspace(find_workspace())
    # Listening first: a port another program holds is said in one line
    # before anything is announced (the desk said it had started, then
    # uvicorn's English error, exit 3).
    listening = _listen(host, port)
    # From the workspace's folder, the desk names articles as `publish build`
    # run there does (articles/guide.md): both find the same cache entries.
    os.chdir(workspace)
    logging.getLogger("publish.desk").setLevel(logging.INFO)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%Y-%m-%d %H:%M:%S"))
    logging.getLogger("publish.desk").addHandler(handler)
    logging.getLogger("publish.desk").propagate = False
    application = create_app(workspace, workers=workers, queue_limit=queue, timeout=timeout,
                             secure_cookies=secure_cookies)
    say(_("Request desk for {folder} on http://{host}:{port}/ (Ctrl-C to stop)").format(
        folder=workspace, host=host, port=port))
    if host not in ("127.0.0.1", "localhost", "::1"):
        say(_("Serving beyond this machine: put it behind an HTTPS proxy and pass --secure-cookies."))
    uvicorn.Server(uvicorn.Config(application, log_level="warning", access_log=False)).run(sockets=[listening])


def _listen(host: str, port: int):
    """A socket listening on ``host``:``port``, or a ``PublishError``."""
    import errno
    import socket

    from publish.errors import PublishError, os_reason

    try:
        family, kind, protocol, _name, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        listening = socket.socket(family, kind, protocol)
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind(address)
        listening.listen(2048)
    except socket.gaierror:
        raise PublishError(_("--host: no address {host} on this machine").format(host=host)) from None
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise PublishError(_("port {port} is in use by another program").format(port=port),
                               hint=_("stop it, or choose another port with --port")) from None
        raise PublishError(_("cannot listen on {host}:{port}: {reason}").format(
            host=host, port=port, reason=os_reason(exc))) from None
    return listening


@contextmanager
def _store():
    """The desk's store of the workspace here."""
    from publish.desk.app import open_store
    from publish.desk.catalogue import check_workspace
    from publish.paths import find_workspace

    store = open_store(check_workspace(find_workspace()))
    try:
        yield store
    finally:
        store.close()


def _add(name: str, role: str, region: str | None) -> None:
    from publish.desk.auth import hash_password, new_password
    from publish.errors import ConfigError

    name = name.strip()
    if not name or len(name) > 64 or any(ch.isspace() or not ch.isprintable() for ch in name):
        raise ConfigError(_("an account name is 1 to 64 characters without spaces: {name!r}").format(name=name))
    password = new_password()
    with _store() as store:
        if store.account_named(name) is not None:
            raise ConfigError(_("an account named {name!r} exists already").format(name=name))
        store.add_account(name, role, hash_password(password), region)
    typer.echo(_("{role} account {name!r} made; its one-time password (shown only now): {password}").format(
        role=_("office") if role == "office" else _("organizer"), name=name, password=password))


@desk.command("add-office", help=_("Make an office account and print its password."))
def add_office(
    name: Annotated[str, typer.Argument(help=_("The account's name."), show_default=False)],
    region: Annotated[str, typer.Option("--region", help=_("HK or TW: the characters its pages and editions use."))]
    = "HK",
) -> None:
    from publish.errors import OptionError

    if region.upper() not in ("HK", "TW"):  # (a usage error: exit 2, as the README says)
        raise OptionError(_("--region must be HK or TW, not {region!r}").format(region=region))
    _add(name, "office", region.upper())


@desk.command("add-organizer", help=_("Make an organizer account and print its password."))
def add_organizer(name: Annotated[str, typer.Argument(help=_("The account's name."), show_default=False)]) -> None:
    _add(name, "organizer", None)


@desk.command("reset-password", help=_("Give an account a new one-time password."))
def reset_password(name: Annotated[str, typer.Argument(help=_("The account's name."), show_default=False)]) -> None:
    from publish.desk.auth import hash_password, new_password
    from publish.errors import ConfigError

    password = new_password()
    with _store() as store:
        account = store.account_named(name)
        if account is None:
            raise ConfigError(_("no account named {name!r}").format(name=name))
        store.set_password(account.id, hash_password(password))
    typer.echo(_("new one-time password for {name!r}: {password}").format(name=name, password=password))


@desk.command("accounts", help=_("List the desk's accounts."))
def accounts() -> None:
    with _store() as store:
        for account in store.accounts():
            typer.echo(f"{account.name:<24} {account.role:<10} {account.region or ''}")
