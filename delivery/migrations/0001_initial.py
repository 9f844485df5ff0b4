"""The delivery app takes over the API keys, webhooks and widgets that ``home`` created
(home 0002_integrations): state only, the tables stay as they are; 0002 renames them."""

import delivery.models
import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import uuid
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('home', '0002_integrations'),
        ('toolbox', '0003_toolbox_items'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='WebhookDelivery',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('event', models.CharField(choices=[('item.published', 'Item published'), ('item.unpublished', 'Item unpublished'), ('item.updated', 'Item updated'), ('translation.published', 'Translation published in a language'), ('event.changed', 'Event changed (published, updated or withdrawn)')], max_length=40, verbose_name='event')),
                        ('payload', models.JSONField(verbose_name='payload')),
                        ('status', models.CharField(choices=[('pending', 'Pending'), ('retrying', 'Retrying'), ('delivered', 'Delivered'), ('failed', 'Failed')], default='pending', max_length=10, verbose_name='status')),
                        ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='created')),
                        ('next_attempt_at', models.DateTimeField(blank=True, null=True, verbose_name='next attempt')),
                        ('delivered_at', models.DateTimeField(blank=True, null=True, verbose_name='delivered')),
                        ('last_status_code', models.PositiveSmallIntegerField(null=True, verbose_name='last HTTP status')),
                        ('last_error', models.TextField(blank=True, verbose_name='last error')),
                    ],
                    options={
                        'verbose_name': 'webhook delivery',
                        'verbose_name_plural': 'webhook deliveries',
                        'db_table': 'home_webhookdelivery',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='PartnerAPIKey',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(help_text="Who uses this key and for what, e.g. 'CCI Toulouse website'.", max_length=120, verbose_name='name')),
                        ('contact_email', models.EmailField(blank=True, help_text='Whom to warn before the key is revoked or its quota changes.', max_length=254, verbose_name='contact email')),
                        ('quota', models.PositiveIntegerField(default=1000, help_text='Requests allowed in each period; more are refused with 429.', validators=[django.core.validators.MinValueValidator(1)], verbose_name='quota')),
                        ('quota_period', models.CharField(choices=[('minute', 'per minute'), ('hour', 'per hour'), ('day', 'per day')], default='hour', max_length=8, verbose_name='quota period')),
                        ('allowed_origins', models.TextField(blank=True, help_text='Web origins allowed to call the API from a browser (CORS), one per line, e.g. https://www.cci-toulouse.fr', validators=[delivery.models.validate_origins], verbose_name='allowed origins')),
                        ('expires_at', models.DateTimeField(blank=True, help_text='Leave empty for no expiry.', null=True, verbose_name='expires at')),
                        ('prefix', models.CharField(editable=False, max_length=16, verbose_name='key prefix')),
                        ('key_hash', models.CharField(editable=False, max_length=64, unique=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('revoked_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='revoked at')),
                        ('last_used_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='last used')),
                        ('request_count', models.PositiveBigIntegerField(default=0, editable=False, verbose_name='requests')),
                        ('throttled_count', models.PositiveBigIntegerField(default=0, editable=False, verbose_name='requests refused over quota')),
                        ('allowed_locales', models.ManyToManyField(blank=True, help_text='Leave empty to allow every language.', related_name='+', to='wagtailcore.locale', verbose_name='allowed languages')),
                        ('allowed_themes', models.ManyToManyField(blank=True, help_text='Leave empty to allow every theme. A theme covers all its translations.', limit_choices_to=delivery.models._default_language_only, related_name='+', to='toolbox.themepage', verbose_name='allowed themes')),
                        ('partner', models.ForeignKey(blank=True, help_text='The partner organisation the key was issued to, if any.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='toolbox.partner', verbose_name='partner')),
                    ],
                    options={
                        'verbose_name': 'partner API key',
                        'verbose_name_plural': 'partner API keys',
                        'db_table': 'home_partnerapikey',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='WebhookAttempt',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveSmallIntegerField(verbose_name='attempt')),
                        ('sent_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='sent')),
                        ('duration_ms', models.PositiveIntegerField(default=0, verbose_name='duration (ms)')),
                        ('status_code', models.PositiveSmallIntegerField(null=True, verbose_name='HTTP status')),
                        ('response_body', models.TextField(blank=True, verbose_name='response body')),
                        ('error', models.TextField(blank=True, verbose_name='error')),
                        ('delivery', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attempt_log', to='delivery.webhookdelivery')),
                    ],
                    options={
                        'verbose_name': 'webhook attempt',
                        'verbose_name_plural': 'webhook attempts',
                        'db_table': 'home_webhookattempt',
                        'ordering': ['delivery', 'number'],
                    },
                ),
                migrations.CreateModel(
                    name='WebhookEndpoint',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(help_text='Who receives these notifications.', max_length=120, verbose_name='name')),
                        ('url', models.URLField(help_text='Receives a POST with a JSON body for each event.', max_length=500, verbose_name='URL')),
                        ('events', models.JSONField(default=list, help_text='The events sent to this URL.', verbose_name='events')),
                        ('secret', models.CharField(default=delivery.models._new_secret, help_text='Shared with the partner to verify the X-CyberSudoe-Signature header. Change it to rotate the secret.', max_length=80, verbose_name='signing secret')),
                        ('is_active', models.BooleanField(default=True, help_text='Inactive endpoints receive nothing.', verbose_name='active')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('locales', models.ManyToManyField(blank=True, help_text='Only send events about content in these languages; empty for all.', related_name='+', to='wagtailcore.locale', verbose_name='languages')),
                        ('partner', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='toolbox.partner', verbose_name='partner')),
                    ],
                    options={
                        'verbose_name': 'webhook endpoint',
                        'verbose_name_plural': 'webhook endpoints',
                        'db_table': 'home_webhookendpoint',
                        'ordering': ['name'],
                    },
                ),
                migrations.AddField(
                    model_name='webhookdelivery',
                    name='endpoint',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='delivery.webhookendpoint', verbose_name='endpoint'),
                ),
                migrations.CreateModel(
                    name='WidgetConfig',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(help_text="e.g. 'Security guides for CCI Toulouse'.", max_length=120, verbose_name='name')),
                        ('content', models.CharField(choices=[('latest', 'Latest items'), ('events', 'Upcoming events')], default='latest', max_length=10, verbose_name='content')),
                        ('item_type', models.CharField(blank=True, help_text='Only this type of item (latest items only); empty for all types.', max_length=40, verbose_name='item type')),
                        ('language', models.CharField(choices=[('fr', 'Français'), ('es', 'Español'), ('pt', 'Português'), ('en', 'English')], default='fr', help_text='Items are shown in this language, or in the fallback languages below.', max_length=8, verbose_name='language')),
                        ('fallback', models.CharField(blank=True, help_text="Comma-separated language codes tried in order, e.g. 'es,fr'.", max_length=40, verbose_name='fallback languages')),
                        ('limit', models.PositiveSmallIntegerField(default=5, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(20)], verbose_name='number of items')),
                        ('variant', models.CharField(choices=[('script', "Script tag (inherits the host page's fonts, restyle with CSS)"), ('iframe', 'Iframe (fully isolated)')], default='script', max_length=8, verbose_name='embedding')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('partner', models.ForeignKey(blank=True, help_text='Only items of this partner; empty for all partners.', limit_choices_to=delivery.models._default_language_only, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='toolbox.partner', verbose_name='partner')),
                        ('theme', models.ForeignKey(blank=True, help_text='Only items of this theme (in any language); empty for all themes.', limit_choices_to=delivery.models._default_language_only, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='toolbox.themepage', verbose_name='theme')),
                    ],
                    options={
                        'verbose_name': 'widget',
                        'verbose_name_plural': 'widgets',
                        'db_table': 'home_widgetconfig',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='APIKeyDailyUsage',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('day', models.DateField(verbose_name='day')),
                        ('requests', models.PositiveIntegerField(default=0, verbose_name='requests')),
                        ('throttled', models.PositiveIntegerField(default=0, verbose_name='refused over quota')),
                        ('key', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='daily_usage', to='delivery.partnerapikey')),
                    ],
                    options={
                        'verbose_name': 'API key daily usage',
                        'verbose_name_plural': 'API key daily usage',
                        'db_table': 'home_apikeydailyusage',
                        'ordering': ['-day'],
                        'constraints': [models.UniqueConstraint(fields=('key', 'day'), name='unique_api_key_usage_per_day')],
                    },
                ),
                migrations.AddIndex(
                    model_name='webhookdelivery',
                    index=models.Index(fields=['status', 'next_attempt_at'], name='home_webhoo_status_a6af4c_idx'),
                ),
            ],
            database_operations=[],
        ),
    ]
