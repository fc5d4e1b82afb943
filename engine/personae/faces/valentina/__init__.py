"""The Valentina-style autogen face: generate, chargen sessions, character reads."""
