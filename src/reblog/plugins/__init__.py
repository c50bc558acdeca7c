"""Plugins: the API (``reblog.plugins.api``) and the built-in versions of the Jekyll plugins.

The built-ins are found like any plugin, through the ``reblog.plugins`` entry-point group; each
module here is one plugin (Jekyll's gem of the same name) and uses only the API and the core.
"""
