"""`coachlog --help` (and `-h`) before Typer loads: the root help as Typer prints it, byte for byte.

Typer (through its vendored Click) lays the page out with Click's HelpFormatter at a width of
max(min(terminal columns, 80) - 2, 50): the usage line, the app's help (a paragraph after "\\b" kept as
written), the options and the commands as definition lists (first column at most 30 wide, two spaces after
it), each command's help cut to its first sentence or to what fits. This module holds the parts of Click's
formatting that page uses (typer/_click/formatting.py, _textwrap.py and utils.make_default_short_help, BSD
licensed), fed from the tables Typer is built from (cli/commands.py), and imports the standard library only:
`coachlog --help` costs about what Python's own start does. tests/cli/test_roothelp.py prints both pages at
every terminal width and compares them.
"""

import errno
import os
import sys
import textwrap

from coachlog.cli.commands import APP_HELP, COMMANDS, HELP_OPTION_NAMES, ROOT_OPTIONS, TYPER_VARIABLES, ordered

# What Typer adds to the root options (typer/completion.py) and what Click's help option says.
COMPLETION_OPTIONS = (
    ("--install-completion", "Install completion for the current shell."),
    ("--show-completion", "Show completion for the current shell, to copy it or customize the installation."),
)
HELP_OPTION_HELP = "Show this message and exit."
USAGE = "[OPTIONS] COMMAND [ARGS]..."


def answer() -> bool:
    """Print the root help and return True; False (nothing printed) when Typer must answer instead.

    A write that fails ends with exit 1 as Typer's does: quietly for a closed pipe (`coachlog --help | head
    -1`), else with one line on stderr (a full disk)."""
    if any(os.environ.get(name) for name in TYPER_VARIABLES):
        return False
    if sys.stdout is None:  # started with stdout closed (`coachlog --help >&-`): Click writes nothing, exit 0
        return True
    try:
        sys.stdout.write(root_help(help_width()))
        sys.stdout.flush()
    except OSError as exc:
        discard_stdout()
        if exc.errno != errno.EPIPE:
            from coachlog import output

            output.error(f"cannot write the output: {exc.strerror}")
        raise SystemExit(1) from None
    return True


def help_width() -> int:
    """The width Click formats help at in this terminal (COLUMNS when set, else the terminal's, else 80)."""
    import shutil

    return max(min(shutil.get_terminal_size().columns, 80) - 2, 50)


def discard_stdout() -> None:
    """Drop what is still buffered for stdout, so Python's own flush at exit fails no second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (a test runner's buffer)
        pass


def root_help(width: int) -> str:
    """The text of `coachlog --help` at `width` (help_width()), with its final newline."""
    page = _Page(width)
    page.usage("coachlog", USAGE)
    page.paragraph()
    page.indent += 2
    page.text(APP_HELP)
    page.indent -= 2
    options = [(_first_column(option.name, option.metavar), _with_envvar(option.help, option.envvar))
               for option in ROOT_OPTIONS]  # fmt: skip
    options += COMPLETION_OPTIONS
    options.append((", ".join(sorted(HELP_OPTION_NAMES, key=_prefix_length)), HELP_OPTION_HELP))
    page.section("Options", options)
    names = ordered(list(COMMANDS))
    limit = width - 6 - max(map(len, names))  # Click: room for three times the default spacing
    page.section("Commands", [(name, short_help(COMMANDS[name][1], limit)) for name in names])
    return page.value().rstrip("\n") + "\n"


def _first_column(name: str, metavar: str | None) -> str:
    return name if metavar is None else f"{name} {metavar}"


def _with_envvar(help: str, envvar: str | None) -> str:
    return f"{help}  [env var: {envvar}]" if envvar else help


def _prefix_length(name: str) -> int:
    """Click lists an option's short names (`-h`) before its long ones (`--help`)."""
    return 2 if name[1:2] == name[:1] else 1


def short_help(help: str, max_length: int) -> str:
    """A command's help in the list of commands: its first sentence when it fits in `max_length`, else as many
    words as fit with "..." (Click's make_default_short_help)."""
    words = help.split("\n\n")[0].split()
    if not words:
        return ""
    if words[0] == "\b":
        words = words[1:]
    total_length = 0
    last_index = len(words) - 1
    for i, word in enumerate(words):
        total_length += len(word) + (i > 0)
        if total_length > max_length:
            break
        if word[-1] == ".":
            return " ".join(words[: i + 1])
        if total_length == max_length and i != last_index:
            break
    else:
        return " ".join(words)
    total_length += len("...")
    while i > 0:
        total_length -= len(words[i]) + (i > 0)
        if total_length <= max_length:
            break
        i -= 1
    return " ".join(words[:i]) + "..."


class _Wrapper(textwrap.TextWrapper):
    """Click's TextWrapper: a word longer than the line is cut where the line ends."""

    def _handle_long_word(self, reversed_chunks: list[str], cur_line: list[str], cur_len: int, width: int) -> None:
        space_left = max(width - cur_len, 1)
        last = reversed_chunks[-1]
        cur_line.append(last[:space_left])
        reversed_chunks[-1] = last[space_left:]


def wrap_text(text: str, width: int, initial: str = "", subsequent: str = "", paragraphs: bool = False) -> str:
    """Click's wrap_text: with `paragraphs`, each paragraph (blank-line separated) is wrapped on its own at its
    own indent, and one whose first line is "\\b" is kept line for line."""
    text = text.expandtabs()
    wrapper = _Wrapper(width, initial_indent=initial, subsequent_indent=subsequent, replace_whitespace=False)
    if not paragraphs:
        return wrapper.fill(text)
    done = []
    for indent, raw, paragraph in _paragraphs(text):
        wrapper.initial_indent = initial + " " * indent
        wrapper.subsequent_indent = subsequent + " " * indent
        if raw:
            lines = paragraph.splitlines()
            indents = (wrapper.subsequent_indent if index else wrapper.initial_indent for index in range(len(lines)))
            done.append("\n".join(indent + line for indent, line in zip(indents, lines, strict=True)))
        else:
            done.append(wrapper.fill(paragraph))
    return "\n\n".join(done)


def _paragraphs(text: str) -> list[tuple[int, bool, str]]:
    """The paragraphs of `text`: (indent of the first line, kept as written, text)."""
    found: list[tuple[int, bool, str]] = []
    lines: list[str] = []
    indent: int | None = None  # the paragraph's, taken from its first line (even one of spaces only)
    for line in [*text.splitlines(), ""]:
        if line:
            if indent is None:
                stripped = line.lstrip()
                indent, line = len(line) - len(stripped), stripped
            lines.append(line)
            continue
        if lines:
            raw = lines[0].strip() == "\b"
            found.append((indent or 0, raw, "\n".join(lines[1:]) if raw else " ".join(lines)))
            lines = []
        indent = None
    return found


class _Page:
    """The parts of Click's HelpFormatter the root help uses."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.indent = 0
        self.parts: list[str] = []

    def usage(self, prog: str, args: str) -> None:
        """The usage line (the arguments fit to the right of "Usage: coachlog " at every width Click uses)."""
        prefix = f"Usage: {prog} "
        self.parts += [wrap_text(args, self.width, initial=prefix, subsequent=" " * len(prefix)), "\n"]

    def paragraph(self) -> None:
        if self.parts:
            self.parts.append("\n")

    def text(self, text: str) -> None:
        indent = " " * self.indent
        self.parts += [wrap_text(text, self.width, initial=indent, subsequent=indent, paragraphs=True), "\n"]

    def section(self, heading: str, rows: list[tuple[str, str]]) -> None:
        """A heading and its definition list (Click's section and write_dl: col_max 30, col_spacing 2)."""
        self.paragraph()
        self.parts.append(f"{'':>{self.indent}}{heading}:\n")
        self.indent += 2
        first_col = min(max(len(first) for first, _ in rows), 30) + 2
        for first, second in rows:
            self.parts.append(f"{'':>{self.indent}}{first}")
            if not second:
                self.parts.append("\n")
                continue
            if len(first) <= first_col - 2:
                self.parts.append(" " * (first_col - len(first)))
            else:
                self.parts += ["\n", " " * (first_col + self.indent)]
            lines = wrap_text(second, max(self.width - first_col - 2, 10), paragraphs=True).splitlines()
            self.parts.append(f"{lines[0]}\n" if lines else "\n")
            self.parts += [f"{'':>{first_col + self.indent}}{line}\n" for line in lines[1:]]
        self.indent -= 2

    def value(self) -> str:
        return "".join(self.parts)
