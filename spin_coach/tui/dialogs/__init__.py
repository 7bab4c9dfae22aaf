"""Modal screens: forms, confirmations and help."""
