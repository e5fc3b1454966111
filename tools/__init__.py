"""Tools of the development checkout: not part of the installed engine.

They live beside `frankenengine/` (setuptools ships only `frankenengine*`)
and use the engine only through its packages, never through its command
line. Importable from the checkout's root: pytest puts it on the path
(`pythonpath` in pyproject.toml), and `franken bench` adds the checkout it
runs in.
"""
