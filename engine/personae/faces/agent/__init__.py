"""The agent Character API face (profiles, field generation, schema)."""
