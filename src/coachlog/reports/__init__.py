"""The numbers: reports, summaries and what privacy hides. Never SQL, never formatting."""
