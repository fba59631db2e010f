"""``python -m vocradar``: the same command line as ``vocradar``."""

from vocradar.cli import main

if __name__ == "__main__":
    main()
