"""Evidence: golden checksums, environment capture, benchmark packs, budgets and reports."""
