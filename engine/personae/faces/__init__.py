"""The three API faces, each a vertical slice: models, operations, HTTP router, CLI group."""
