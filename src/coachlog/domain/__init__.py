"""Plain values and rules of coaching time: stances, entries, names, durations, dates. Stdlib only."""
