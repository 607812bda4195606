"""quizapp: learn what backend engineers and backend developers do, and which path fits you."""

__version__ = "0.1.0"
