"""The NPC-context face (npcbuilder-style create/read/list/update/delete)."""
