"""Files in and out: spreadsheets, calendars, the export contract, the demo. No SQL, no printing."""
