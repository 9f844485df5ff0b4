"""Public toolbox pages."""

urlpatterns: list = []
