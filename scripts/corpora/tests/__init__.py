"""Unit tests of the corpus builder's pure functions (scripts/checks/scripts-run runs them):

    PYTHONPATH=scripts python3 -m unittest discover -s scripts/corpora/tests -t scripts
"""
