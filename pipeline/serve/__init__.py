"""The collection desk on the web (``python -m pipeline serve``): Starlette over ``desk/``. The library never
imports this package, as it never imports click."""
