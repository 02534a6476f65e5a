"""The schema: SQLModel tables and the Alembic migrations made from them."""
