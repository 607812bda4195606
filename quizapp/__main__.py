"""Runs the command line with `python -m quizapp`."""

from quizapp.cli import main

raise SystemExit(main())
