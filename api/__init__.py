"""PolicyKG's FastAPI service; talks to the graph only through kg.store."""
