"""Render layer: pages, open data, feeds and charts made from the checked project and its outcome."""
