"""The privacy rule as plain data: small-group suppression leaves no small figure to work out.

Random week-by-stance tables go through reports.privacy.hidden_figures, and a solver written
here independently (Gaussian elimination on copies) checks that no figure describing fewer than
min_group teachers can be recovered by solving every line together.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from coachlog.reports.privacy import Line, hidden_figures

Cells = dict[tuple[int, int], tuple[frozenset[int], int]]


def grid(cells: Cells, min_group: int) -> tuple[dict, dict, list[Line], int]:
    """A week-by-stance table from its cells ((row, column) -> (teachers, minutes)): row totals (blank
    lines), column totals, a grand total, and a second breakdown of the grand total (like activities)."""
    rows = 1 + max(r for r, _ in cells)
    columns = 1 + max(c for _, c in cells)
    teachers: dict = {key: who for key, (who, _) in cells.items()}
    minutes: dict = {key: spent for key, (_, spent) in cells.items()}
    lines = []
    for r in range(rows):
        row = tuple((r, c) for c in range(columns))
        teachers[("row", r)] = frozenset().union(*(teachers[k] for k in row))
        minutes[("row", r)] = sum(minutes[k] for k in row)
        lines.append(Line(("row", r), row, blank=True))
    for c in range(columns):
        column = tuple((r, c) for r in range(rows))
        teachers[("col", c)] = frozenset().union(*(teachers[k] for k in column))
        minutes[("col", c)] = sum(minutes[k] for k in column)
        lines.append(Line(("col", c), column))
    teachers["all"] = frozenset().union(*(teachers[("row", r)] for r in range(rows)))
    minutes["all"] = sum(minutes[("row", r)] for r in range(rows))
    lines.append(Line("all", tuple(("row", r) for r in range(rows))))
    lines.append(Line("all", tuple(("col", c) for c in range(columns))))
    return teachers, minutes, lines, min_group


@st.composite
def tables(draw: st.DrawFn) -> tuple[dict, dict, list[Line], int]:
    """A random week-by-stance table (see `grid`)."""
    rows, columns = draw(st.integers(1, 5)), draw(st.integers(1, 3))
    cells = {}
    pool = st.integers(0, 11)
    for r in range(rows):
        for c in range(columns):
            who = frozenset(draw(st.sets(pool, max_size=6)))
            cells[(r, c)] = (who, draw(st.integers(5, 300)) if who else 0)
    return grid(cells, draw(st.integers(2, 6)))


# Found by the property below (seeds 5 and 17 of an exploration): every line through cell (0, 0) was
# spent, yet the column and row totals further away pinned it to 6 minutes. It must be hidden all the same.
PINNED_FROM_AFAR = grid(
    {
        (0, 0): (frozenset({0}), 6),
        (0, 1): (frozenset({0, 1}), 5),
        (0, 2): (frozenset(), 0),
        (1, 0): (frozenset({0, 1}), 5),
        (1, 1): (frozenset(), 0),
        (1, 2): (frozenset({0}), 5),
        (2, 0): (frozenset(), 0),
        (2, 1): (frozenset({0}), 5),
        (2, 2): (frozenset(), 0),
    },
    min_group=2,
)


def rank(rows: list[list[Fraction]]) -> int:
    """The rank of a matrix, by plain Gaussian elimination on copies (independent of privacy.py's solver)."""
    matrix = [list(row) for row in rows]
    found = 0
    for column in range(len(matrix[0]) if matrix else 0):
        pivot = next((r for r in range(found, len(matrix)) if matrix[r][column] != 0), None)
        if pivot is None:
            continue
        matrix[found], matrix[pivot] = matrix[pivot], matrix[found]
        for r in range(found + 1, len(matrix)):
            factor = matrix[r][column] / matrix[found][column]
            matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[found], strict=True)]
        found += 1
    return found


def solvable(hidden: set, lines: list[Line]) -> set:
    """The hidden figures a reader can work out exactly: adding their unit vector does not raise the rank."""
    unknowns = sorted(hidden, key=repr)
    matrix = []
    for line in lines:
        row = [Fraction(0)] * len(unknowns)
        for key, sign in ((line.total, -1), *((cell, 1) for cell in line.cells)):
            if key in hidden:
                row[unknowns.index(key)] += sign
        if any(row):
            matrix.append(row)
    base = rank(matrix) if matrix else 0
    found = set()
    for i, key in enumerate(unknowns):
        unit = [Fraction(int(j == i)) for j in range(len(unknowns))]
        if rank([*matrix, unit]) == base:
            found.add(key)
    return found


@settings(max_examples=400, deadline=None)
@given(table=tables())
@example(table=PINNED_FROM_AFAR)
def test_suppression_leaves_no_small_figure_to_work_out(table: tuple[dict, dict, list[Line], int]) -> None:
    """Whatever the table: every small figure is hidden; solving all the lines together gives none of them
    back; and in every line with a shown total the hidden cells together describe at least min_group
    teachers, unless every cell that holds time is hidden."""
    teachers, minutes, lines, min_group = table
    assume(len(teachers["all"]) >= min_group)  # else the summary shows no breakdown at all (tested below)
    hidden = hidden_figures(teachers, minutes, lines, min_group, frozenset({"all"}))
    assert "all" not in hidden
    small = {key for key, who in teachers.items() if 0 < len(who) < min_group and key != "all"}
    assert small <= hidden
    assert not (solvable(hidden, lines) & small)
    for line in lines:
        if line.blank and line.total in hidden:
            assert all(key in hidden for key in line.cells if minutes[key])
        secret = [key for key in line.cells if key in hidden]
        if not secret or line.total in hidden:
            continue
        described = frozenset().union(*(teachers[key] for key in secret))
        everything_hidden = all(key in hidden for key in line.cells if minutes[key])
        assert len(described) >= min_group or everything_hidden, (line, secret)


def test_the_solver_check_finds_a_figure_left_alone() -> None:
    """The check above can fail: one hidden cell in a line with a shown total is worked out."""
    lines = [Line("all", ("a", "b"))]
    assert solvable({"a"}, lines) == {"a"} and solvable({"a", "b"}, lines) == set()


@settings(max_examples=300, deadline=None)
@given(table=tables())
@example(table=PINNED_FROM_AFAR)
def test_figures_capped_to_min_group_teachers_hide_the_same(table: tuple[dict, dict, list[Line], int]) -> None:
    """A big term's figures each describe thousands of teachers: the summary keeps min_group of each
    (bounds.capped) and each figure's count beside them (`sizes`). Whatever the table, the same figures are
    hidden as with every teacher: some figures together describe fewer than min_group teachers exactly when
    their capped sets do, and the ties that go by the most teachers read the counts (without them, the
    capped sets alone hide other partners)."""
    from coachlog.reports.bounds import capped

    teachers, minutes, lines, min_group = table
    cut = {key: capped(who, min_group) for key, who in teachers.items()}
    sizes = {key: len(who) for key, who in teachers.items()}
    assert all(len(cut[key]) == min(sizes[key], min_group) for key in teachers)
    always = frozenset({"all"})
    assert hidden_figures(cut, minutes, lines, min_group, always, sizes=sizes) == hidden_figures(
        teachers, minutes, lines, min_group, always
    )
