"""`python -m satudata`: the same command line as the `satudata` script."""

from satudata.cli import main

if __name__ == "__main__":
    main()
