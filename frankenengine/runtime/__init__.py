"""engine/runtime package."""
