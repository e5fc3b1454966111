"""engine/interp package."""
