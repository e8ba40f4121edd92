"""Fixtures of both suites; the datasets are in datasets.py, which this folder on sys.path makes importable."""

import pytest


@pytest.fixture(scope="session")
def tmp(tmp_path_factory):
    """A folder for saved models, one per test session."""
    return tmp_path_factory.mktemp("lazynet")
