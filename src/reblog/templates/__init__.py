"""Template engines (Liquid, Jinja2) and the read-only views of the site they both receive."""
