"""The partner wiki, mounted at /<lang>/wiki/."""

from django.urls import path

from . import views

app_name = "wiki"

page = "g/<slug:group>/<str:slug>/"

urlpatterns = [
    path("", views.index, name="index"),
    path("preferences/", views.preferences, name="preferences"),
    path("notifications/", views.notification_list, name="notifications"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("preview/", views.preview, name="preview"),
    path("g/<slug:group>/", views.group_detail, name="group"),
    path("g/<slug:group>/watch/", views.group_watch, name="group_watch"),
    path("g/<slug:group>/new/", views.page_create, name="page_create"),
    path(page, views.page_detail, name="page"),
    path(page + "edit/", views.page_edit, name="edit"),
    path(page + "history/", views.history, name="history"),
    path(page + "diff/", views.diff, name="diff"),
    path(page + "blame/", views.blame, name="blame"),
    path(page + "revisions/<int:number>/", views.revision_detail, name="revision"),
    path(page + "revisions/<int:number>/revert/", views.revert, name="revert"),
    path(page + "comments/", views.comment_add, name="comment"),
    path(page + "attachments/", views.attachment_upload, name="attachment_upload"),
    path(page + "attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path(
        page + "attachments/<int:pk>/v<int:number>/",
        views.attachment_download,
        name="attachment_version",
    ),
    path(page + "watch/", views.page_watch, name="page_watch"),
    path(page + "translate/", views.translate, name="translate"),
    path(page + "translation-current/", views.translation_current, name="translation_current"),
    path(page + "approve/", views.approve, name="approve"),
    path(page + "submit/", views.submit, name="submit"),
]
