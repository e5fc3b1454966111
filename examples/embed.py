"""Embed FrankenEngine in a Python host: load the wordstats extension and call it.

Run from the repository root after `pip install -e .`:

    .venv/bin/python examples/embed.py
"""

from frankenengine import Engine, Limits

engine = Engine(lane="interp", limits=Limits(fuel=10**7))
ext = engine.load_file("examples/wordstats.py")
print(ext.functions())
print(ext.call("main"))
print(ext.output, end="")  # what the extension printed, kept apart from the host's output
print(ext.lanes())
