"""Newsletter data: companies and contacts merged from the partners' lists, where each contact
came from and on which legal basis, the global suppression list, segments, and one send row
per issue and contact (the exactly-once guarantee)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from newsletter.blocks import IssueStreamBlock
from newsletter.identifiers import identifier_normalise


class Country(models.TextChoices):
    FRANCE = "FR", _("France")
    SPAIN = "ES", _("Spain")
    PORTUGAL = "PT", _("Portugal")
    ANDORRA = "AD", _("Andorra")


class LegalBasis(models.TextChoices):
    """Why we may write to an address (GDPR art. 6 and the e-privacy rules of each country)."""

    NONE = "", _("none")
    CONSENT = "consent", _("prior consent")
    LEGITIMATE_INTEREST = "legitimate_interest", _("professional contact (opt-out)")


class Company(models.Model):
    """A small business a contact works for. Imports merge contacts by address; companies are
    only flagged when they look duplicated (same identifier, or same name in the same country),
    since partners spell names differently and an editor must decide."""

    class Scheme(models.TextChoices):
        NONE = "", _("none")
        SIREN = "siren", "SIREN"
        SIRET = "siret", "SIRET"
        CIF = "cif", "CIF"
        NIF = "nif", "NIF"
        NIPC = "nipc", "NIPC"

    name = models.CharField(_("name"), max_length=255)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    region = models.CharField(_("region"), max_length=120, blank=True)
    sector = models.CharField(_("sector"), max_length=120, blank=True)
    identifier = models.CharField(
        _("identifier"),
        max_length=20,
        blank=True,
        db_index=True,
        help_text=_("SIREN/SIRET (France), CIF/NIF (Spain), NIPC (Portugal); checked when given."),
    )
    identifier_scheme = models.CharField(
        _("identifier scheme"), max_length=8, choices=Scheme.choices, blank=True
    )
    needs_review = models.BooleanField(
        _("possible duplicate"),
        default=False,
        help_text=_("Set by an import when another company has the same identifier or name."),
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="possible_duplicates",
    )
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name"]
        indexes = [models.Index(fields=["country", "name"])]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.identifier, self.identifier_scheme = identifier_normalise(
            identifier=self.identifier, country=self.country, scheme=self.identifier_scheme
        )


class Contact(models.Model):
    """One e-mail address, whatever the number of partners that brought it (see
    ``ContactSource``). Its language drives the issue it receives and every page and mail it
    sees; its legal basis is the best one among its sources or its own confirmed subscription.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for confirmation")
        ACTIVE = "active", _("subscribed")
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed")

    email = models.EmailField(_("e-mail"), max_length=254, unique=True)
    company = models.ForeignKey(
        Company,
        verbose_name=_("company"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
    )
    first_name = models.CharField(_("first name"), max_length=120, blank=True)
    last_name = models.CharField(_("last name"), max_length=120, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    region = models.CharField(_("region"), max_length=120, blank=True)
    sector = models.CharField(_("sector"), max_length=120, blank=True)
    themes = models.JSONField(
        _("themes"), default=list, blank=True, help_text=_("Keys of the toolbox themes chosen.")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    legal_basis = models.CharField(
        _("legal basis"), max_length=24, choices=LegalBasis.choices, blank=True
    )
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_source = models.CharField(
        _("proof of consent"),
        max_length=255,
        blank=True,
        help_text=_("Where and how the consent was collected (form, event, partner file)."),
    )
    confirmed_at = models.DateTimeField(_("subscription confirmed at"), null=True, blank=True)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    soft_bounces = models.PositiveIntegerField(_("soft bounces"), default=0)
    created = models.DateTimeField(_("created"), default=timezone.now)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["email"]
        indexes = [models.Index(fields=["language", "country"])]

    def __str__(self) -> str:
        return self.email


class ContactSource(models.Model):
    """A partner's claim on a contact: which partner's file brought the address, on which legal
    basis, with which proof. Kept for each partner when several bring the same address."""

    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), on_delete=models.CASCADE, related_name="sources"
    )
    partner = models.ForeignKey(
        "toolbox.Partner",
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty for a subscription made on the public form."),
    )
    legal_basis = models.CharField(
        _("legal basis"), max_length=24, choices=LegalBasis.choices, blank=True
    )
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_source = models.CharField(_("proof of consent"), max_length=255, blank=True)
    import_batch = models.ForeignKey(
        "newsletter.ImportBatch",
        verbose_name=_("import"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sources",
    )
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("contact source")
        verbose_name_plural = _("contact sources")
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "partner"], name="newsletter_source_one_per_partner"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contact_id} / {self.partner_id}"


class Suppression(models.Model):
    """The global suppression list: an address here is never written to again, by any issue or
    import, whichever partner brings it back."""

    class Reason(models.TextChoices):
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed")
        HARD_BOUNCE = "hard_bounce", _("hard bounce")
        COMPLAINT = "complaint", _("complaint")
        ERASED = "erased", _("erased on request")
        MANUAL = "manual", _("added by an editor")

    email = models.EmailField(_("e-mail"), max_length=254, unique=True)
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    detail = models.CharField(_("detail"), max_length=255, blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppression list")
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.email


class Segment(models.Model):
    """Which contacts an issue goes to. Every empty criterion matches everything."""

    name = models.CharField(_("name"), max_length=120)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    countries = models.JSONField(_("countries"), default=list, blank=True)
    sectors = models.JSONField(_("sectors"), default=list, blank=True)
    themes = models.JSONField(_("themes"), default=list, blank=True)
    partners = models.ManyToManyField(
        "toolbox.Partner", verbose_name=_("partners"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ImportBatch(models.Model):
    """One partner file imported (or tried in a dry run), with its per-row errors."""

    class Status(models.TextChoices):
        DRY_RUN = "dry_run", _("dry run")
        FAILED = "failed", _("refused")
        DONE = "done", _("imported")

    partner = models.ForeignKey(
        "toolbox.Partner",
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file_name = models.CharField(_("file"), max_length=255)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created_contacts = models.PositiveIntegerField(_("new contacts"), default=0)
    merged_contacts = models.PositiveIntegerField(_("merged contacts"), default=0)
    suppressed_rows = models.PositiveIntegerField(_("suppressed addresses skipped"), default=0)
    duplicate_companies = models.PositiveIntegerField(_("possible duplicate companies"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.file_name


class Send(models.Model):
    """One issue to one contact. The unique constraint is what makes a send exactly-once: a
    batch retried after a worker died finds the row already sent and skips it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        CLAIMED = "claimed", _("being sent")
        SENT = "sent", _("handed to the server")
        FAILED = "failed", _("failed")
        SKIPPED = "skipped", _("skipped")
        BOUNCED = "bounced", _("bounced")

    issue = models.ForeignKey(
        "newsletter.NewsletterIssuePage",
        verbose_name=_("issue"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), on_delete=models.CASCADE, related_name="sends"
    )
    campaign = models.ForeignKey(
        "newsletter.Campaign",
        verbose_name=_("sending"),
        null=True,
        on_delete=models.CASCADE,
        related_name="sends",
    )
    language = models.CharField(_("language"), max_length=8, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True, db_index=True)
    # Who holds the row while its message is on the wire: the final "." of the DATA is written
    # only after the row is marked sent under this token (newsletter.mailer.transmit).
    claim_token = models.CharField(max_length=32, blank=True, editable=False)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.CharField(_("error"), max_length=255, blank=True)
    unsubscribed_at = models.DateTimeField(
        _("unsubscribed from this issue at"), null=True, blank=True
    )
    # Filled only when opens and clicks are counted (NEWSLETTER_TRACK_OPENS_CLICKS, off by
    # default): the first time the message's image was loaded, and its tracked links' clicks.
    opened_at = models.DateTimeField(_("first opened at"), null=True, blank=True)
    clicks = models.PositiveIntegerField(_("clicks"), default=0)

    class Meta:
        verbose_name = _("send")
        verbose_name_plural = _("sends")
        constraints = [
            models.UniqueConstraint(fields=["issue", "contact"], name="newsletter_send_once")
        ]
        indexes = [models.Index(fields=["campaign", "status"])]

    def __str__(self) -> str:
        return f"{self.issue_id} → {self.contact_id}"


class Campaign(models.Model):
    """Sending one issue to one segment: its state (paused, cancelled...) is read by every batch
    before it sends, so that pause and cancel take effect within one batch."""

    class State(models.TextChoices):
        DRAFT = "draft", _("not started")
        RUNNING = "running", _("sending")
        PAUSED = "paused", _("paused")
        CANCELLED = "cancelled", _("cancelled")
        DONE = "done", _("sent")

    issue = models.ForeignKey(
        "newsletter.NewsletterIssuePage",
        verbose_name=_("issue"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    segment = models.ForeignKey(
        Segment, verbose_name=_("segment"), null=True, blank=True, on_delete=models.SET_NULL
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    total = models.PositiveIntegerField(_("recipients"), default=0)
    created = models.DateTimeField(_("created"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sending")
        verbose_name_plural = _("sendings")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.issue} ({self.get_state_display()})"


class NewsletterIssuePage(Page):
    """One issue of the newsletter, composed once in the source language and translated through
    wagtail-localize like any page; each subscriber receives the translation in their language
    (falling back along ``CONTENT_FALLBACK_CHAIN``)."""

    subject = models.CharField(
        _("subject"), max_length=200, help_text=_("The e-mail's subject line.")
    )
    preheader = models.CharField(
        _("preheader"),
        max_length=200,
        blank=True,
        help_text=_("The short text mail clients show after the subject."),
    )
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(IssueStreamBlock(), verbose_name=_("content"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("subject"),
        FieldPanel("preheader"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")

    def issue_date(self):
        """When the issue came out: its first publication in any language (a translation
        published later keeps the issue's date), as the archive shows it."""
        first = NewsletterIssuePage.objects.filter(
            translation_key=self.translation_key, first_published_at__isnull=False
        ).aggregate(first=models.Min("first_published_at"))["first"]
        return first or self.first_published_at

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["issue_date"] = self.issue_date()
        return context
