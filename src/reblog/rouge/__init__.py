"""Rouge 3.30's highlighting: its lexers' tokens and its HTML markup, as Jekyll's kramdown emits them."""
