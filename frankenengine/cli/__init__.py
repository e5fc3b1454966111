"""The `franken` command line.

Modules: `main` (the parser and the run, check, ir and inspect commands),
`common` (exit statuses, usage errors, FILE and call options), `profile`,
`bench` (finds the checkout's benchmark tool), `sentinel` (run options,
`ledger`, `quarantine`).

Invariants: imports the engine and the types its API hands out, never a lane
or the frontend directly; every command's outcome is an exit status, and
`run --json` prints exactly one JSON object.
"""
