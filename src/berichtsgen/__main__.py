"""Allow `python -m berichtsgen`."""

from .cli import main

main()
