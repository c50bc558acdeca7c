"""kramdown 2.4 (GFM input) on markdown-it-py: kramdown's rules as markdown-it rules and render rules."""
