"""Allow ``python -m octavo``."""
from octavo.launch import main

main()
