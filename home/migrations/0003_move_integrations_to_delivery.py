"""API keys, webhooks and widgets now belong to the delivery app (state only: delivery
0001 took them over with their tables)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('delivery', '0001_initial'),
        ('home', '0002_integrations'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='partnerapikey',
                    name='allowed_locales',
                ),
                migrations.RemoveField(
                    model_name='partnerapikey',
                    name='allowed_themes',
                ),
                migrations.RemoveField(
                    model_name='partnerapikey',
                    name='partner',
                ),
                migrations.RemoveField(
                    model_name='webhookattempt',
                    name='delivery',
                ),
                migrations.RemoveField(
                    model_name='webhookdelivery',
                    name='endpoint',
                ),
                migrations.RemoveField(
                    model_name='webhookendpoint',
                    name='locales',
                ),
                migrations.RemoveField(
                    model_name='webhookendpoint',
                    name='partner',
                ),
                migrations.RemoveField(
                    model_name='widgetconfig',
                    name='partner',
                ),
                migrations.RemoveField(
                    model_name='widgetconfig',
                    name='theme',
                ),
                migrations.DeleteModel(
                    name='APIKeyDailyUsage',
                ),
                migrations.DeleteModel(
                    name='PartnerAPIKey',
                ),
                migrations.DeleteModel(
                    name='WebhookAttempt',
                ),
                migrations.DeleteModel(
                    name='WebhookDelivery',
                ),
                migrations.DeleteModel(
                    name='WebhookEndpoint',
                ),
                migrations.DeleteModel(
                    name='WidgetConfig',
                ),
            ],
            database_operations=[],
        ),
    ]
