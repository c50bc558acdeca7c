"""Rouge-faithful lexers, one module per language or family (as Rouge's ``lib/rouge/lexers``).

Each module defines ``LEXERS``, a mapping of Rouge's canonical tag to a lexer
(:class:`reblog.rouge.engine.LexerSpec` or any :class:`reblog.rouge.engine.TokenSource`);
:func:`reblog.rouge.registry.rouge_lexers` gathers them. Nothing is imported here.
"""
