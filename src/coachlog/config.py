"""Settings and where files live. Precedence: command-line flag > environment > config file > default."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from coachlog.domain import DEFAULT_ACTIVITIES, clean_tag, resolve_choice
from coachlog.errors import CoachlogError, UsageError

APP_NAME = "coachlog"
WEEK_STARTS = ("monday", "sunday")
SETTING_KEYS = ("coach", "school", "week_start", "timezone", "activities")


@dataclass(frozen=True)
class Settings:
    coach: str | None = None
    school: str | None = None
    week_start: str = "monday"
    timezone: str | None = None  # an IANA name; None means the system's
    activities: tuple[str, ...] = field(default=())  # added to the built-in list

    @property
    def first_weekday(self) -> int:
        """0 for weeks that start on Monday, 6 for Sunday (datetime.weekday numbering)."""
        return 6 if self.week_start == "sunday" else 0

    @property
    def all_activities(self) -> tuple[str, ...]:
        return DEFAULT_ACTIVITIES + tuple(a for a in self.activities if a not in DEFAULT_ACTIVITIES)

    def as_text(self) -> dict[str, str]:
        """Every setting as shown by `config show`."""
        return {
            "coach": self.coach or "",
            "school": self.school or "",
            "week_start": self.week_start,
            "timezone": self.timezone or f"{system_timezone_name()} (system)",
            "activities": ", ".join(self.all_activities),
        }


def config_path() -> Path:
    if env := os.environ.get("COACHLOG_CONFIG"):
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_config_path(APP_NAME, appauthor=False, roaming=False) / "config.toml"


def default_db_path() -> Path:
    if env := os.environ.get("COACHLOG_DB"):
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_data_path(APP_NAME, appauthor=False, roaming=False) / "coachlog.db"


def load_settings(path: Path | None = None) -> Settings:
    path = path or config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        raise CoachlogError(f"cannot read config file {path}: {exc.strerror}") from None
    import tomllib

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CoachlogError(f"config file {path} is not valid TOML ({exc}): fix or delete it") from None
    settings = Settings()
    for key in SETTING_KEYS:
        if key in data:
            value = data[key]
            text = ", ".join(value) if isinstance(value, list) else str(value)
            try:
                settings = with_setting(settings, key, text)
            except UsageError as exc:
                raise CoachlogError(f"config file {path}: {exc}") from None
    return settings


def with_setting(settings: Settings, key: str, value: str) -> Settings:
    """A copy of `settings` with `key` set from its text form, validated."""
    key = resolve_choice(key, SETTING_KEYS, "setting")
    value = value.strip()
    if key == "week_start":
        return replace(settings, week_start=resolve_choice(value, WEEK_STARTS, "week start"))
    if key == "timezone":
        if not value:
            return replace(settings, timezone=None)
        zone_for(value)
        return replace(settings, timezone=value)
    if key == "activities":
        extra = tuple(dict.fromkeys(clean_tag(a, "activity", 40) for a in value.split(",") if a.strip()))
        return replace(settings, activities=extra)
    return replace(settings, **{key: value or None})


def save_setting(key: str, value: str, path: Path | None = None) -> Settings:
    """Validate and write one setting; the file is replaced atomically and kept owner-only."""
    path = path or config_path()
    settings = with_setting(load_settings(path), key, value)
    data: dict[str, object] = {}
    for name in SETTING_KEYS:
        current = getattr(settings, name)
        if name == "week_start" and current == "monday":
            continue
        if current:
            data[name] = list(current) if isinstance(current, tuple) else current
    import tomli_w

    from coachlog.database import make_private_dir

    make_private_dir(path.parent)
    temporary = path.with_name(path.name + ".tmp")
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(tomli_w.dumps(data).encode("utf-8"))
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise CoachlogError(f"cannot write config file {path}: {exc.strerror}; it was left as it was") from None
    return settings


def zone_for(name: str) -> tzinfo:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder of the tz database, a long name
        raise UsageError(
            f"unknown time zone '{name}': use an IANA name such as Europe/London or America/Chicago"
        ) from None


def system_timezone_name() -> str:
    """The system's IANA zone: TZ if valid, else /etc/localtime's link, else pendulum's detection, else UTC."""
    tz_env = os.environ.get("TZ", "").lstrip(":")
    if tz_env:
        try:
            zone_for(tz_env)
            return tz_env
        except UsageError:
            pass
    try:
        target = os.readlink("/etc/localtime")
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        return target.split("zoneinfo/", 1)[1]
    import pendulum  # slower, but knows /etc/timezone, Windows and other layouts

    try:
        name = getattr(pendulum.local_timezone(), "name", None)
        if name:
            zone_for(name)
            return str(name)
    except Exception:
        pass
    return "UTC"


def local_zone(settings: Settings) -> tzinfo:
    name = os.environ.get("COACHLOG_TIMEZONE") or settings.timezone or system_timezone_name()
    return zone_for(name)


def now_in(tz: tzinfo) -> datetime:
    """The current instant in `tz`. COACHLOG_NOW (ISO 8601 with offset) fixes it for tests and demos."""
    if fixed := os.environ.get("COACHLOG_NOW"):
        try:
            instant = datetime.fromisoformat(fixed.replace("Z", "+00:00"))
        except ValueError:
            raise UsageError(f"invalid COACHLOG_NOW '{fixed}': use ISO 8601 with an offset") from None
        if instant.tzinfo is None:
            raise UsageError(f"invalid COACHLOG_NOW '{fixed}': it needs an offset such as +00:00")
        return instant.astimezone(tz)
    return datetime.now(UTC).astimezone(tz)
