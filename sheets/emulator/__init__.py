"""A local server speaking the Google Sheets API v4 (and Drive v3 files) as Google does."""
