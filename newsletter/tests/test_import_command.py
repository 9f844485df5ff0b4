"""``manage.py newsletter_import``: a partner's file from the command line, all or nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from newsletter.models import Company, Contact, ContactSource, ImportBatch
from toolbox.tests import factories

GOOD = (
    "email,company,company_id,country,language,legal_basis,consent_at\n"
    "ana@pyme.es,Pyme,,ES,,consent,2025-03-01\n"
    "luc@pme.fr,Boulangerie Dupont,732 829 320,FR,fr,legitimate_interest,\n"
)
BAD = GOOD + "zoe@pme.pt,PME Lda,,PT,xx,consent,2025-03-01\n"


ERRORS = io.StringIO()


def run(*args) -> tuple[str, str]:
    """The command in English; its stderr also kept in ERRORS when it fails."""
    out = io.StringIO()
    ERRORS.seek(0)
    ERRORS.truncate()
    with translation.override("en"):
        call_command("newsletter_import", *args, stdout=out, stderr=ERRORS)
    return out.getvalue(), ERRORS.getvalue()


@pytest.mark.django_db
def test_import_command_imports_a_good_file_and_refuses_a_bad_one_whole(tmp_path):
    partner = factories.partner(key="cci-toulouse")
    good, bad = tmp_path / "good.csv", tmp_path / "bad.txt"
    good.write_text(GOOD, encoding="utf-8")
    bad.write_text(BAD, encoding="utf-8")

    # a bad row: its number, column and message named, non-zero exit, no contact written
    with pytest.raises(CommandError, match="1 error.*nothing was imported") as refused:
        run(str(bad), "--partner", "cci-toulouse", "--format", "csv")
    assert refused.value.returncode != 0
    assert not Contact.objects.exists() and not Company.objects.exists()
    assert ImportBatch.objects.get().status == ImportBatch.Status.FAILED
    assert ERRORS.getvalue() == "Row 4, language: “xx” is not a language of the site\n"

    # unknown partner or file: a clear message, nothing written
    with pytest.raises(CommandError, match="Unknown partner: nobody"):
        run(str(good), "--partner", "nobody")
    with pytest.raises(CommandError, match="No such file"):
        run(str(tmp_path / "missing.csv"), "--partner", "cci-toulouse")

    # dry run: counts, nothing written
    out, _err = run(str(good), "--partner", str(partner.pk), "--dry-run")
    assert out.strip() == (
        "Dry run, nothing written: 2 created, 0 merged, 0 suppressed skipped, "
        "0 possible duplicate companies flagged."
    )
    assert not Contact.objects.exists()

    out, _err = run(str(good), "--partner", "cci-toulouse")
    assert out.strip() == (
        "2 created, 0 merged, 0 suppressed skipped, 0 possible duplicate companies flagged."
    )
    assert sorted(Contact.objects.values_list("email", "language")) == [
        ("ana@pyme.es", "es"),
        ("luc@pme.fr", "fr"),
    ]
    assert set(ContactSource.objects.values_list("partner", flat=True)) == {partner.pk}
    out, _err = run(str(good), "--partner", "cci-toulouse")
    assert out.startswith("0 created, 2 merged,")
