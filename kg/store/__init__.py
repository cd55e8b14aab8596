"""The only package that imports neo4j: driver, every Cypher query, schema, writer, reader."""
