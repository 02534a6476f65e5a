"""Settings and where files live. Precedence: command-line flag > environment > config file > default."""

from __future__ import annotations

import os
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, Any

from coachlog.domain.frozen import NamedTuple
from coachlog.domain.names import clean_tag, resolve_choice
from coachlog.domain.text import name_problem, shown
from coachlog.domain.values import DEFAULT_ACTIVITIES, MIN_GROUP
from coachlog.errors import CoachlogError, UsageError
from coachlog.files import user_path_text
from coachlog.urls import hide_password

if TYPE_CHECKING:
    from pathlib import Path

APP_NAME = "coachlog"
WEEK_STARTS = ("monday", "sunday")
TARGET_KEYS = (
    "target.consulting", "target.collaborating", "target.coaching", "target.with_teachers", "target.cycles",
)  # fmt: skip
SETTING_KEYS = (
    "coach", "school", "week_start", "timezone", "activities", "staff",
    *TARGET_KEYS, "privacy.min_group", "calendar.stances", "calendar.default_stance", "team.db", "cycle.phases",
)  # fmt: skip


class Settings(NamedTuple):
    """Every setting; a dotted key (`target.coaching`) is the field with `_` (`target_coaching`)."""

    coach: str | None = None
    school: str | None = None
    week_start: str = "monday"
    timezone: str | None = None  # an IANA name; None means the system's
    activities: tuple[str, ...] = ()  # added to the built-in list
    staff: int | None = None  # teachers in the school, for "reached N of M"
    target_consulting: float | None = None  # percent of session time the coach aims for
    target_collaborating: float | None = None
    target_coaching: float | None = None
    target_with_teachers: float | None = None  # percent of all logged time spent with teachers
    target_cycles: float | None = None  # percent of session time in coaching cycles (Sweeney suggests about 60)
    privacy_min_group: int = MIN_GROUP
    calendar_stances: tuple[tuple[str, str], ...] = ()  # (keyword in an event title, stance)
    calendar_default_stance: str | None = None
    team_db: str | None = None  # where `push` sends entries: a team database's URL (COACHLOG_TEAM_DB overrides)
    cycle_phases: tuple[str, ...] = ()  # a coaching cycle's phases, in order; () means Knight's

    @property
    def phases(self) -> tuple[str, ...]:
        """The phases of a coaching cycle, in order: configured, else identify, learn, improve."""
        from coachlog.domain.cycles import DEFAULT_PHASES

        return self.cycle_phases or DEFAULT_PHASES

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
            "timezone": _zone_text(self.timezone),
            "activities": ", ".join(self.all_activities),
            "staff": str(self.staff or ""),
            **{key: _number_text(getattr(self, field_name(key))) for key in TARGET_KEYS},
            "privacy.min_group": str(self.privacy_min_group),
            "calendar.stances": ", ".join(f"{word}={stance}" for word, stance in self.calendar_stances),
            "calendar.default_stance": self.calendar_default_stance or "",
            "team.db": hide_password(self.team_db or ""),
            "cycle.phases": ", ".join(self.phases),
        }

    @property
    def targets(self) -> dict[str, float]:
        """The stance targets that are set, by stance name."""
        found = {key.split(".")[1]: getattr(self, field_name(key)) for key in TARGET_KEYS[:3]}
        return {stance: value for stance, value in found.items() if value is not None}


def team_db(settings: Settings) -> str | None:
    """Where `push` sends entries: COACHLOG_TEAM_DB, else config team.db."""
    return os.environ.get("COACHLOG_TEAM_DB") or settings.team_db


def field_name(key: str) -> str:
    return key.replace(".", "_")


def _number_text(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def config_path() -> Path:
    from pathlib import Path

    if env := os.environ.get("COACHLOG_CONFIG"):
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_config_path(APP_NAME, appauthor=False, roaming=False) / "config.toml"


def default_db_path() -> Path:
    from pathlib import Path

    if env := os.environ.get("COACHLOG_DB"):
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_data_path(APP_NAME, appauthor=False, roaming=False) / "coachlog.db"


def db_file(option: str | None) -> str:
    """`str(Path(option).expanduser())` for the --db (or COACHLOG_DB) a command was given, else
    str(default_db_path()): a named file without loading pathlib (files.user_path_text)."""
    if option:
        return user_path_text(option)
    return str(default_db_path())


def config_file() -> str:
    """str(config_path()); COACHLOG_CONFIG's file without loading pathlib (files.user_path_text)."""
    if env := os.environ.get("COACHLOG_CONFIG"):
        return user_path_text(env)
    return str(config_path())


def load_settings(path: Path | None = None) -> Settings:
    name = path or config_file()
    try:
        with open(name, "rb") as handle:  # as Path.read_bytes
            raw = handle.read()
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        raise CoachlogError(f"cannot read config file {name}: {exc.strerror}") from None
    import tomllib

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CoachlogError(f"config file {name} is not valid TOML ({exc}): fix or delete it") from None
    settings = Settings()
    flat = _flatten(data)
    for key in flat:
        if problem := _type_problem(key, flat[key]):
            raise CoachlogError(f"config file {name}: {problem}: fix it with `coachlog config set` or by hand")
    for key in SETTING_KEYS:
        if key in flat:
            value = flat[key]
            text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
            try:
                settings = with_setting(settings, key, text)
            except UsageError as exc:
                raise CoachlogError(f"config file {name}: {exc}") from None
    return settings


_WHOLE = ("staff", "privacy.min_group")
_LISTS = ("activities", "cycle.phases")


def _type_problem(key: str, value: object) -> str | None:
    """Why the config file's `value` for `key` has the wrong type (a table for text, text for a number...)."""
    inside = next((k for k in SETTING_KEYS if key.startswith(k + ".")), None)
    if inside:  # `school = {x=1}` flattens to school.x
        return f"{inside} is a table, but it must be {_kind_of(inside)}"
    if key not in SETTING_KEYS:
        return None  # a key this version does not know (a newer coachlog's?) is left alone
    if key in _WHOLE or key in TARGET_KEYS:  # "40" in quotes is read as the number it says (checked later)
        fits = isinstance(value, (int, float, str)) and not isinstance(value, bool)
    elif key in _LISTS:
        fits = isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))
    else:
        fits = isinstance(value, str)
    return None if fits else f"{key} is {_toml_kind(value)}, but it must be {_kind_of(key)}"


def _kind_of(key: str) -> str:
    if key in _WHOLE:
        return "a whole number"
    if key in TARGET_KEYS:
        return "a number"
    return "a list of texts" if key in _LISTS else "text (in quotes)"


def _toml_kind(value: object) -> str:
    kinds = ((bool, "true/false"), (int, "a number"), (float, "a number"), (str, "text"), (list, "a list"))
    return next((name for kind, name in kinds if isinstance(value, kind)), "a date or time")


def _flatten(data: dict, prefix: str = "") -> dict[str, object]:
    """{"target": {"coaching": 40}} as {"target.coaching": 40}."""
    flat: dict[str, object] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _number(key: str, text: str, low: float, high: float, whole: bool = False) -> float | None:
    if not text:
        return None
    try:
        number = int(text) if whole else float(text.rstrip("%"))
    except ValueError:
        number = None
    if number is None or not low <= number <= high or number != number:
        kind = "a whole number" if whole else "a number"
        raise UsageError(f"invalid {key} '{text}': use {kind} from {low:g} to {high:g} ('' unsets it)")
    return number


def _keyword_stances(text: str) -> tuple[tuple[str, str], ...]:
    from coachlog.domain.values import STANCES

    pairs = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        word, _, stance = part.partition("=")
        if not word.strip() or not stance.strip():
            raise UsageError(f"invalid calendar.stances entry '{part}': use keyword=stance, e.g. 'debrief=coaching'")
        pairs.append((word.strip().casefold(), resolve_choice(stance, STANCES, "stance")))
    return tuple(pairs)


def with_setting(settings: Settings, key: str, value: str) -> Settings:
    """A copy of `settings` with `key` set from its text form, validated."""
    key = resolve_choice(key, SETTING_KEYS, "setting")
    value = value.strip()
    if problem := name_problem(value):  # every setting is one line; coach and school are names
        raise UsageError(f"invalid {key} '{shown(value)}': {problem}")
    if key == "staff":
        staff = _number(key, value, 1, 100_000, whole=True)
        return settings._replace(staff=None if staff is None else int(staff))
    if key in TARGET_KEYS:
        return _with_field(settings, field_name(key), _number(key, value, 0, 100))
    if key == "privacy.min_group":
        smallest = _number(key, value, 2, 1000, whole=True)  # 1 would hide nothing
        return settings._replace(privacy_min_group=MIN_GROUP if smallest is None else int(smallest))
    if key == "calendar.stances":
        return settings._replace(calendar_stances=_keyword_stances(value))
    if key == "calendar.default_stance":
        from coachlog.domain.values import STANCES

        return settings._replace(calendar_default_stance=resolve_choice(value, STANCES, "stance") if value else None)
    if key == "week_start":
        return settings._replace(week_start=resolve_choice(value, WEEK_STARTS, "week start"))
    if key == "timezone":
        if not value:
            return settings._replace(timezone=None)
        zone_for(value)
        return settings._replace(timezone=value)
    if key == "activities":
        extra = tuple(dict.fromkeys(clean_tag(a, "activity", 40) for a in value.split(",") if a.strip()))
        return settings._replace(activities=extra)
    if key == "cycle.phases":
        phases = tuple(dict.fromkeys(clean_tag(p, "phase", 40) for p in value.split(",") if p.strip()))
        return settings._replace(cycle_phases=phases)
    if key == "team.db":
        from coachlog.urls import check_url, is_url

        if value and not is_url(value):
            raise UsageError(
                f"invalid team.db '{value}': use a URL such as"
                " postgresql+psycopg://NAME:PASSWORD@HOST/DB ('' unsets it)"
            )
        if value:
            check_url(value)
        return settings._replace(team_db=value or None)
    return _with_field(settings, key, value or None)


def _with_field(settings: Settings, name: str, value: object) -> Settings:
    """A copy of `settings` with the field named `name` (known only at run time) set to `value`, checked by the
    caller: _replace cannot be typed for a field chosen at run time."""
    changes: dict[str, Any] = {name: value}
    return settings._replace(**changes)


def save_setting(key: str, value: str, path: Path | None = None) -> Settings:
    """Validate and write one setting; the file is replaced atomically and kept owner-only."""
    path = path or config_path()
    settings = with_setting(load_settings(path), key, value)
    data: dict[str, object] = {}
    defaults = Settings()
    for key in SETTING_KEYS:
        current = getattr(settings, field_name(key))
        if current is None or current == () or current == getattr(defaults, field_name(key)):
            continue
        if key == "calendar.stances":
            current = settings.as_text()[key]
        elif isinstance(current, tuple):
            current = list(current)
        elif isinstance(current, float) and current.is_integer():
            current = int(current)  # 40, not 40.0, in a file people read
        table, _, name = key.rpartition(".")
        (data.setdefault(table, {}) if table else data)[name] = current  # type: ignore[index]
    import tomli_w

    from coachlog.files import make_private_dir

    make_private_dir(path.parent)
    from coachlog.files import private_text_file

    try:
        with private_text_file(path) as handle:
            handle.write(tomli_w.dumps(data))
    except CoachlogError as exc:
        raise CoachlogError(f"config file {path} was left as it was: {exc}") from None
    return settings


def zone_for(name: str, where: str | None = None) -> tzinfo:
    """The zone `name` names; a UsageError naming it (and `where` it was set) when there is none."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder of the tz database, a long name
        source = f" in {where}" if where else ""
        raise UsageError(
            f"unknown time zone '{name}'{source}: use an IANA name such as Europe/London or America/Chicago"
        ) from None


def _zone_text(configured: str | None) -> str:
    """The zone in effect as `config show` says it: COACHLOG_TIMEZONE wins over the file, the system's is last."""
    if name := os.environ.get("COACHLOG_TIMEZONE"):
        return f"{name} (COACHLOG_TIMEZONE)"
    return configured or f"{system_timezone_name()} (system)"


def system_timezone_name() -> str:
    """The system's IANA zone: TZ if valid, else /etc/localtime's link, else pendulum's detection, else UTC."""
    tz_env = os.environ.get("TZ", "").lstrip(":")
    if "zoneinfo/" in tz_env:  # TZ=:/usr/share/zoneinfo/Europe/Paris
        tz_env = tz_env.split("zoneinfo/", 1)[1]
    if tz_env and tz_env != "/etc/localtime":
        zone_for(tz_env, "TZ")  # TZ=Nonsense/Zone is a mistake to say, not UTC in silence
        return tz_env
    try:
        target = os.readlink("/etc/localtime")
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        return target.split("zoneinfo/", 1)[1]
    import pendulum  # slower, but knows /etc/timezone, Windows and other layouts

    try:
        # pendulum.tz holds both a function and a submodule named local_timezone: mypy sees the module
        name = getattr(pendulum.local_timezone(), "name", None)  # type: ignore[operator]
        if name:
            zone_for(name)
            return str(name)
    except Exception:
        pass
    return "UTC"


def local_zone(settings: Settings) -> tzinfo:
    """The coach's zone: COACHLOG_TIMEZONE, else config timezone, else the system's (TZ, /etc/localtime...)."""
    if name := os.environ.get("COACHLOG_TIMEZONE"):
        return zone_for(name, "COACHLOG_TIMEZONE")
    if settings.timezone:
        return zone_for(settings.timezone, "the config file's timezone")
    return zone_for(system_timezone_name())


def now_in(tz: tzinfo) -> datetime:
    """The current instant in `tz`. COACHLOG_NOW (ISO 8601 with offset) fixes it for tests and demos."""
    if fixed := os.environ.get("COACHLOG_NOW"):
        try:
            instant = datetime.fromisoformat(fixed.replace("Z", "+00:00"))
        except ValueError:
            raise UsageError(f"invalid COACHLOG_NOW '{fixed}': use ISO 8601 with an offset") from None
        if instant.tzinfo is None:
            raise UsageError(f"invalid COACHLOG_NOW '{fixed}': it needs an offset such as +00:00")
        try:
            local = instant.astimezone(tz)
        except OverflowError:
            local = instant.replace(year=1)
        if not 1900 <= local.year <= 9998 or not 1900 <= instant.year <= 9998:  # as every date coachlog takes
            raise UsageError(f"invalid COACHLOG_NOW '{fixed}': the year must be between 1900 and 9998")
        return local
    return datetime.now(UTC).astimezone(tz)
