"""Throwaway engines for failure tests: fixtures pointing the settings at them."""

from __future__ import annotations

import pytest

from search.testing import EngineCluster, engine_installed
from search.tests.fixtures import REQUIRE_REAL_SERVICES


def start_cluster(nodes: int) -> EngineCluster:
    if not engine_installed():
        if REQUIRE_REAL_SERVICES:
            pytest.fail("OpenSearch jars missing (scripts/services.sh install opensearch)")
        pytest.skip("OpenSearch jars not installed")
    return EngineCluster(nodes=nodes, heap="384m", name="failtest").start()


def point_settings_at(settings, urls: list[str], timeout: float = 2.0) -> None:
    from search.analysis import index_settings
    from search.engine import reset_engine

    settings.SEARCH_BACKEND = "opensearch2"
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.opensearch2",
            "URLS": urls,
            "INDEX_PREFIX": "failtest_",
            # modelsearch's own calls (index creation, alias swap): a loaded 3-node cluster
            # can take more than the query timeout to create an index. Searches are bounded
            # by SEARCH_QUERY_TIMEOUT below (search.engine passes it with every request).
            "TIMEOUT": max(timeout, 30),
            "OPTIONS": {"max_retries": 2, "retry_on_timeout": False},
            "INDEX_SETTINGS": index_settings(),
        }
    }
    settings.SEARCH_QUERY_TIMEOUT = timeout
    settings.SEARCH_DOWN_GRACE = 0
    reset_engine()
