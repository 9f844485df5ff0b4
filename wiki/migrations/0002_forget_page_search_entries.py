"""Wiki pages left Wagtail's own search index (the project's search indexes them through
``wiki.indexing``): drop the text of the pages kept by the database search backend, which
nothing reads any more. (An engine index of wiki pages, if one was built, is left to delete by
hand: ``<prefix>wiki_wikipage``.)"""

from django.db import migrations


def forget_page_entries(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    IndexEntry = apps.get_model("wagtailsearch", "IndexEntry")
    page_type = ContentType.objects.filter(app_label="wiki", model="wikipage").first()
    if page_type is not None:
        IndexEntry.objects.filter(content_type=page_type).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("wiki", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(forget_page_entries, migrations.RunPython.noop)]
