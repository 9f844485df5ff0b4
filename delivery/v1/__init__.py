"""/api/v1: the project's own versioned API (Django REST framework).

One module per area: ``toolbox`` (themes, partners), ``items`` (every toolbox item type),
``diagnostics`` (questionnaires and scoring), ``search`` and ``wiki``. Every endpoint shares one
policy (``delivery.viewsets`` and ``REST_FRAMEWORK`` in settings): partner keys and quotas,
throttling, one problem+json error shape, locale negotiation. The routes are in
``delivery/urls.py``.
"""
