"""Which --db values are URLs, and PostgreSQL URLs read, checked and shown without their password.

A --db value (or COACHLOG_DB, `push --to`, team.db) is a URL when it starts with `scheme://`;
anything else is a file name. Only PostgreSQL's spellings are taken as a team database.
Nothing here connects to anything; psycopg, when installed, only reads a URL's options.
"""

import re
from typing import NamedTuple

from coachlog.errors import UsageError

# `scheme://`: a URL, never a file name (check_url takes PostgreSQL's and refuses the rest)
URL_PATTERN = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://")
# Every spelling of a PostgreSQL URL that people (and SQLAlchemy) use; coachlog reads them all with psycopg 3.
POSTGRES_SCHEMES = frozenset(
    ("postgresql", "postgres", "postgresql+psycopg", "postgresql+psycopg2", "postgresql+asyncpg", "postgresql+pg8000")
)
SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")


def is_url(target: object) -> bool:
    """Whether a --db value (or COACHLOG_DB, `push --to`, team.db) is a URL rather than a file."""
    return isinstance(target, str) and URL_PATTERN.match(target) is not None


class Parts(NamedTuple):
    """A URL taken apart without judging it (display_url must work on a URL that is wrong)."""

    scheme: str  # lowercased
    user: str
    password: str | None
    hosts: str  # host[:port], or several joined by ","
    path: str  # "/dbname", or ""


def parts(url: str) -> Parts:
    scheme, _, rest = url.partition("://")
    head = rest.split("?", 1)[0]  # the query is never shown: it may hold a password=
    userinfo, at, where = head.rpartition("@")  # the last @: a password may hold '/', '#' or '@' itself
    if not at:
        userinfo, where = "", head
    user, colon, password = userinfo.partition(":")
    hosts, slash, path = where.partition("/")
    return Parts(scheme.lower(), user, password if colon else None, hosts, (slash + path).split("#", 1)[0])


def libpq_url(url: str) -> str:
    """The URL as libpq (psycopg.connect) reads it: `postgresql://…`, whichever PostgreSQL spelling was typed."""
    scheme, _, rest = url.partition("://")
    return f"postgresql://{rest}" if scheme.lower() in POSTGRES_SCHEMES else url


def sqlalchemy_url(url: str) -> str:
    """The URL as SQLAlchemy (Alembic, migrate.py) reads it: psycopg 3, whatever the spelling."""
    return "postgresql+psycopg://" + url.split("://", 1)[1]


def psycopg_url(url: str) -> str:
    """A PostgreSQL URL in any spelling (postgres://, postgresql+asyncpg://, ...) as psycopg 3's; others as they are."""
    return sqlalchemy_url(url) if url.partition("://")[0].lower() in POSTGRES_SCHEMES else url


def display_url(url: str) -> str:
    """The URL with any password (and the query) left out, safe to print: postgresql://ana@db.school.org:5432/coaching.

    Never fails, however malformed the URL: it names the URL in the error about it.
    """
    taken = parts(url)
    scheme = "postgresql" if taken.scheme in POSTGRES_SCHEMES else taken.scheme
    user = f"{taken.user}@" if taken.user else ""
    return f"{scheme}://{user}{taken.hosts}{taken.path}"


def hide_password(target: str) -> str:
    """A database URL fit to show, without its password; a file path as it is."""
    return display_url(target) if is_url(target) else target


def where_of(url: str) -> str:
    """HOST/DB, how messages name a team database."""
    taken = parts(url)
    host = taken.hosts.split(",", 1)[0]
    host = host[1:].split("]", 1)[0] if host.startswith("[") else host.rsplit(":", 1)[0] if ":" in host else host
    return f"{host.lower() or 'localhost'}{taken.path or '/'}"


def check_url(url: str) -> str:
    """`url` itself when coachlog can use it as a team database; otherwise UsageError, naming it without its password.

    Only PostgreSQL's spellings are taken; the URL must be one libpq can read (hosts, ports, %-escapes, known
    query options, a known sslmode). Nothing is connected to.
    """
    shown = display_url(url)
    if parts(url).scheme not in POSTGRES_SCHEMES:
        raise UsageError(
            f"unsupported database URL {shown}: a team database is PostgreSQL"
            " (postgresql://NAME:PASSWORD@HOST/DB); a file is named by its path"
        )
    problem = _url_problem(url)
    if problem:
        raise UsageError(f"invalid database URL {shown}: {problem}")
    return url


def _url_problem(url: str) -> str | None:
    """What makes `url` (a PostgreSQL spelling) unreadable to libpq, said without its password; None if nothing."""
    for host in parts(url).hosts.split(","):
        if host.startswith("["):
            address, bracket, after = host[1:].partition("]")
            if not bracket:
                return f"the IPv6 address '[{address}' has no closing ]"
            port = after[1:] if after.startswith(":") else None
            if after and port is None:
                return f"'{after}' after the IPv6 address: use [ADDRESS]:PORT"
        else:
            port = host.rsplit(":", 1)[1] if ":" in host else None
        # the pattern is compiled when first asked for, not at import (issue 17: start-up)
        if port and (not re.fullmatch(r"[0-9]{1,5}", port) or not 1 <= int(port) <= 65535):
            return f"port '{port}' is not a port number (1 to 65535)"
    try:
        from psycopg import ProgrammingError
        from psycopg.conninfo import conninfo_to_dict
    except ImportError:  # connect() says what to install
        return None
    try:
        options = conninfo_to_dict(libpq_url(url))
    except ProgrammingError as exc:
        return redact(str(exc).strip().splitlines()[0] if str(exc).strip() else "unreadable", url)
    sslmode = options.get("sslmode")
    if sslmode is not None and sslmode not in SSL_MODES:
        return f"sslmode '{sslmode}' is not one of {', '.join(SSL_MODES)}"
    return None


def redact(text: str, url: str) -> str:
    """libpq's message about `url`, with the URL shown without its password and the password nowhere."""
    for whole in (libpq_url(url), url):
        text = text.replace(whole, display_url(url))
    password = parts(url).password
    if password:
        text = text.replace(password, "…")
    return text
