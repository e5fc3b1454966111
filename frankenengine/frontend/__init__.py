"""The parso frontend: parse extension source and check it against the language subset."""
