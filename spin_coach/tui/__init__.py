"""The terminal app. Imported only when the app opens: the core never imports this package."""
