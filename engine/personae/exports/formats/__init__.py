"""Built-in exporters, one per module; each registers itself on import."""
