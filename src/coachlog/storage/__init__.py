"""The only place that speaks SQL: the store, SQLite and PostgreSQL, the team database, the schema."""
