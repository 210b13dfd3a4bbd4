"""Render layer helpers owned by the trust work: college Markdown → safe HTML (DESIGN.md §7)."""
