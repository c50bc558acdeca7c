"""Rouge-faithful lexers, one module per language or family (as Rouge's ``lib/rouge/lexers``).

Each module defines ``LEXERS``, a mapping of Rouge's canonical tag to a lexer
(:class:`reblog.rouge.engine.LexerSpec` or any :class:`reblog.rouge.engine.TokenSource`);
:mod:`reblog.rouge.lexer_index` is generated from them (``python -m reblog.rouge.registry``).
Nothing is imported here.
"""
