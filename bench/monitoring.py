"""Monitoring dashboard benchmark: the dashboard page and the semester export of a full
programme, against a same-run baseline of the bare aggregate queries behind them.

    .venv/bin/python bench/monitoring.py [--requests 40]

Corpus (built once per database, recognised by its keys): 9 partners (3 French, 4 Spanish,
2 Portuguese), 6 semesters (2024-S1 to 2026-S2), 40 indicators (8 computed by the platform,
32 entered), a target per partner and indicator, 54 approved semester reports with a stored value for
every indicator (2,160 values), and 750 missions (100 per French partner, 75 per Spanish or
Portuguese one) spread over the semesters.

Measured sequentially with Django's test client (whole requests: middleware, session,
permissions, selectors, rendering), signed in as the lead partner (every partner shown):

* baseline: the bare aggregate queries the dashboard cannot avoid, run from Python and
  fully fetched: entered values summed per (indicator, partner, semester) and missions
  counted per (partner, semester), i.e. one grouped query each;
* dashboard: ``/admin/monitoring/?semester=2026-S2`` (every indicator, partner and semester,
  charts' data included);
* export: ``/admin/monitoring/export/2026-S2.xlsx`` and ``.csv``.

Targets: dashboard and XLSX export p95 under 10x the baseline's p95 plus 250 ms (the fixed
cost of a signed-in admin page), and the dashboard's query count independent of the number
of missions (checked by adding 75 missions and counting again). Exits 1 when a target is
missed.

Database: DATABASE_URL (default: a temporary SQLite file); a PostgreSQL database that does
not exist yet is created.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from benchdb import ensure_database

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
os.environ["DEBUG"] = "0"
os.environ.setdefault("CACHE_KEY_PREFIX", "bench_monitoring")
os.environ.setdefault("SEARCH_INDEX_PREFIX", "bench_monitoring_")
os.environ.setdefault("LOG_LEVEL", "WARNING")
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench_monitoring.sqlite3"

PARTNERS = [
    ("cybermassif", "Cybermassif", "FR"),
    ("bench-fr-2", "Transferts LR", "FR"),
    ("bench-fr-3", "CCI Bordeaux", "FR"),
    ("bench-es-1", "Fundación Ínsula Barataria", "ES"),
    ("bench-es-2", "CEEI Burgos", "ES"),
    ("bench-es-3", "Leitat", "ES"),
    ("bench-es-4", "CCI Gijón", "ES"),
    ("bench-pt-1", "CIEBI", "PT"),
    ("bench-pt-2", "Beira Digital", "PT"),
]
COMPUTED = [
    "missions_done",
    "mission_days",
    "specifications_prepared",
    "maturity_gain",
    "events_held",
    "diagnostics_answered",
    "surveys_answered",
    "newsletters_sent",
]
INDICATORS = 40
SEMESTERS = [f"{year}-S{half}" for year in (2024, 2025, 2026) for half in (1, 2)]


def semester_dates(code: str) -> tuple[datetime.date, datetime.date, datetime.date]:
    year, half = int(code[:4]), int(code[-1])
    start = datetime.date(year, 1 if half == 1 else 7, 1)
    end = datetime.date(year, 6, 30) if half == 1 else datetime.date(year, 12, 31)
    return start, end, end + datetime.timedelta(days=31)


def build_corpus() -> None:
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from monitoring.models import (
        IndicatorDefinition,
        IndicatorValue,
        Mission,
        PartnerReport,
        PartnerTarget,
        Semester,
    )
    from toolbox import services as toolbox_services
    from toolbox.models import Partner
    from toolbox.tests import factories as f

    if Mission.objects.filter(company_name__startswith="Bench SME").count() >= 750:
        print(f"[bench] reusing the corpus: {Mission.objects.count()} missions")
        return
    started = time.perf_counter()
    rng = random.Random(12)
    with transaction.atomic():
        locales = f.locales()
        partners = []
        for key, name, country in PARTNERS:
            partner = Partner.objects.filter(key=key, locale=locales["fr"]).first()
            partners.append(partner or f.partner(key=key, name=name, country=country))
        semesters = []
        for code in SEMESTERS:
            start, end, due = semester_dates(code)
            semesters.append(
                Semester.objects.get_or_create(
                    code=code, defaults={"start": start, "end": end, "due": due}
                )[0]
            )
        indicators = []
        for n in range(INDICATORS):
            computed = n < len(COMPUTED)
            kind = ["output", "result", "impact", "financial"][0 if computed else n % 4]
            final = Decimal(750 if n == 0 else rng.randint(50, 5000))
            indicators.append(
                IndicatorDefinition.objects.get_or_create(
                    code=f"B{n:02d}",
                    defaults={
                        "name": f"Bench indicator {n}",
                        "names": {"fr": f"Indicateur {n}", "es": f"Indicador {n}"},
                        "kind": kind,
                        "unit": "eur" if kind == "financial" else "count",
                        "source": "computed" if computed else "entered",
                        "computation": COMPUTED[n] if computed else "",
                        "final_target": final,
                        "milestones": {
                            code: float(final * (i + 1) / 6) for i, code in enumerate(SEMESTERS)
                        },
                        "position": n,
                    },
                )[0]
            )
        PartnerTarget.objects.filter(partner__in=partners).delete()
        PartnerTarget.objects.bulk_create(
            PartnerTarget(
                indicator=indicator,
                partner=partner,
                final_target=indicator.final_target / 9,
                milestones={k: v / 9 for k, v in indicator.milestones.items()},
            )
            for indicator in indicators
            for partner in partners
        )
        lead = get_user_model().objects.filter(username="bench-lead").first()
        if lead is None:
            lead = get_user_model().objects.create_user(
                username="bench-lead", email="bench-lead@example.org", is_staff=True
            )
        lead.groups.add(toolbox_services.partner_editor_group_ensure(partner=partners[0]))
        for partner in partners:
            for semester in semesters:
                report, _ = PartnerReport.objects.get_or_create(
                    partner=partner, semester=semester, defaults={"status": "approved"}
                )
                report.values.all().delete()
                IndicatorValue.objects.bulk_create(
                    IndicatorValue(
                        report=report,
                        indicator=indicator,
                        value=Decimal(rng.randint(0, 400)),
                        computed=indicator.source == "computed",
                    )
                    for indicator in indicators
                )
        Mission.objects.filter(company_name__startswith="Bench SME").delete()
        missions = []
        for partner in partners:
            quota = 100 if partner.country == "FR" else 75
            for n in range(quota):
                semester = semesters[n % len(semesters)]
                missions.append(
                    Mission(
                        partner=partner,
                        company_name=f"Bench SME {partner.key} {n}",
                        date=semester.start + datetime.timedelta(days=rng.randint(0, 170)),
                        duration_days=Decimal("1.0"),
                        language={"FR": "fr", "ES": "es", "PT": "pt"}[partner.country],
                        specification_prepared=n % 3 == 0,
                        needs="Bench needs",
                    )
                )
        Mission.objects.bulk_create(missions)
    print(
        f"[bench] corpus built in {time.perf_counter() - started:.0f} s: "
        f"{Mission.objects.count()} missions, {IndicatorValue.objects.count()} values"
    )


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def timed(fn, n: int) -> list[float]:
    latencies = []
    for _ in range(n):
        started = time.perf_counter()
        fn()
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=40, help="requests per measurement")
    args = parser.parse_args()
    ensure_database()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count, Sum
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from monitoring.models import IndicatorValue, Mission, Semester

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    build_corpus()

    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username="bench-lead"))
    semesters = list(Semester.objects.filter(code__in=SEMESTERS))

    def baseline():
        list(
            IndicatorValue.objects.filter(report__semester__in=semesters, value__isnull=False)
            .values_list("indicator_id", "report__partner__translation_key", "report__semester_id")
            .annotate(total=Sum("value"))
            .order_by()
        )
        for s in semesters:
            list(
                Mission.objects.filter(status="done", date__gte=s.start, date__lte=s.end)
                .values_list("partner__translation_key")
                .annotate(n=Count("id"))
                .order_by()
            )

    def get(url):
        def fetch():
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"[bench] {url} answered {response.status_code}")
            return response

        return fetch

    dashboard_url = client.get("/admin/monitoring/?semester=2026-S2", follow=True).request[
        "PATH_INFO"
    ]
    prefix = dashboard_url.split("/admin/")[0]
    urls = {
        "dashboard": f"{dashboard_url}?semester=2026-S2",
        "export xlsx": f"{prefix}/admin/monitoring/export/2026-S2.xlsx",
        "export csv": f"{prefix}/admin/monitoring/export/2026-S2.csv",
    }
    for url in urls.values():  # warm up (templates, translations, connections)
        get(url)()
    timed(baseline, 3)
    results = {"baseline (aggregate queries)": timed(baseline, args.requests)}
    for name, url in urls.items():
        results[name] = timed(get(url), args.requests)
    with CaptureQueriesContext(connection) as before:
        get(urls["dashboard"])()
    extra = [
        Mission(
            partner=Mission.objects.first().partner,
            company_name=f"Bench extra {n}",
            date=datetime.date(2026, 8, 1),
            language="fr",
        )
        for n in range(75)
    ]
    Mission.objects.bulk_create(extra)
    with CaptureQueriesContext(connection) as after:
        get(urls["dashboard"])()
    Mission.objects.filter(company_name__startswith="Bench extra").delete()

    load = os.getloadavg()
    print(
        f"[bench] {Mission.objects.count()} missions, 9 partners, 6 semesters, "
        f"{INDICATORS} indicators; {args.requests} requests each; "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
        f"database {connection.vendor}"
    )
    print("| measurement | p50 ms | p95 ms | max ms |")
    print("|---|---:|---:|---:|")
    for name, values in results.items():
        print(
            f"| {name} | {percentile(values, 0.5):.1f} | {percentile(values, 0.95):.1f} "
            f"| {max(values):.1f} |"
        )
    base = percentile(results["baseline (aggregate queries)"], 0.95)
    limit = 10 * base + 250
    print(
        f"[bench] dashboard queries: {len(before.captured_queries)} "
        f"(+75 missions: {len(after.captured_queries)}); limit for p95: {limit:.0f} ms "
        f"(10 x baseline p95 {base:.1f} ms + 250 ms)"
    )
    failures = []
    for name in ("dashboard", "export xlsx"):
        p95 = percentile(results[name], 0.95)
        if p95 > limit:
            failures.append(f"{name} p95 {p95:.0f} ms > {limit:.0f} ms")
    if len(after.captured_queries) != len(before.captured_queries):
        failures.append("the dashboard's query count grows with the number of missions")
    for failure in failures:
        print(f"[bench] TARGET MISSED: {failure}")
    if not failures:
        print("[bench] all targets met")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
