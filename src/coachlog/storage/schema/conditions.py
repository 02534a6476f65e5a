"""Conditions the schema's partial indexes are built on and the queries that read along them write: one text for
both, since SQLite reads a partial index only for a query whose WHERE holds the index's own. Stdlib only: the
day-to-day queries import it without loading SQLAlchemy (models.py)."""

# The entries a summary's answers and stories come from (aggregates.shared_voices, consent.shared_uids): migration
# 0011's index ix_entry_shared. Unaliased, so that it reads the same in the index and in a query of `entry e`.
SHARED_STORIES = "shareable AND (helpful IS NOT NULL OR story IS NOT NULL)"
