"""Public wiki pages."""

urlpatterns: list = []
