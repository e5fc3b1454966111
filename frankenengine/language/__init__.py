"""language package."""
