"""Everything that talks to Google Sheets: the gspread client and the local emulator."""
