"""The tables that delivery took over from home get delivery's names; their content types (and
so the admin permissions and log entries that point at them) follow."""

from django.db import migrations

MODELS = [
    "partnerapikey",
    "apikeydailyusage",
    "webhookendpoint",
    "webhookdelivery",
    "webhookattempt",
    "widgetconfig",
]


def move_content_types(from_app, to_app):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        db = schema_editor.connection.alias
        for model in MODELS:
            old = ContentType.objects.using(db).filter(app_label=from_app, model=model)
            if not ContentType.objects.using(db).filter(app_label=to_app, model=model).exists():
                old.update(app_label=to_app)

    return move


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('delivery', '0001_initial'),
        ('home', '0003_move_integrations_to_delivery'),
    ]

    operations = [
        migrations.RunPython(move_content_types("home", "delivery"), move_content_types("delivery", "home")),
        migrations.RenameIndex(
            model_name='webhookdelivery',
            new_name='delivery_we_status_8d3628_idx',
            old_name='home_webhoo_status_a6af4c_idx',
        ),
        migrations.AlterModelTable(
            name='apikeydailyusage',
            table=None,
        ),
        migrations.AlterModelTable(
            name='partnerapikey',
            table=None,
        ),
        migrations.AlterModelTable(
            name='webhookattempt',
            table=None,
        ),
        migrations.AlterModelTable(
            name='webhookdelivery',
            table=None,
        ),
        migrations.AlterModelTable(
            name='webhookendpoint',
            table=None,
        ),
        migrations.AlterModelTable(
            name='widgetconfig',
            table=None,
        ),
    ]
