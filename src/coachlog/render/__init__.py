"""How figures look: tables, Markdown, HTML, charts. Never computes a figure, never touches storage."""
