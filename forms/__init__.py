"""The report form's definition: the single source of truth for its questions."""
