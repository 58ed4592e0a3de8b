"""The report form: its definition (the one source of its questions) and what is made from it.

The Apps Script and the Forms API requests that create the form, the prefilled links and
the printable QR cards for the units.
"""
