"""The composition root: the embedding API, the loader and tiering between lanes.

Modules:
- `api`: `Engine` (loads extensions, compiles sources and packages) and
  `Extension` (calls functions, reports lanes and profiles);
- `loader`: wires a compiled module's lanes: interpreter, host bridge,
  profile, tiering;
- `tiering`: JIT dispatchers, tier-up, and the metering hand-off between lanes;
- `outcome`: the result object of one run (what `franken run --json` prints);
- `package`: extension packages and their manifests;
- `inventory`: what an extension asks for (`franken inspect`);
- `listing`: a compiled module as text, IR or either lane's code (`franken ir`).

Invariants: the only layer that imports the lanes together; nothing below
imports it.
"""
