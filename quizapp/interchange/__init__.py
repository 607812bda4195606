"""Moodle interchange: the bank as GIFT, Aiken or Moodle XML files, and those files read back as drafts.

Imported only by `quizapp export` and `quizapp import`: nothing else needs it.
"""
