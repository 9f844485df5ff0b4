"""Rebuild the search index with no downtime.

1. rebuild every search document from the database (public, live content only), unless
   ``--engine-only``;
2. bulk-load them into a new engine index while searches keep using the old one;
3. swap the alias to the new index (atomic), delete the old one;
4. re-send whatever changed during the rebuild, so no concurrent edit is lost.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from search import services
from search.engine import EngineUnavailable, _as_dict, get_engine
from search.models import PendingIndexChange, SearchDocument


class Progress:
    """A one-line progress bar on a terminal, plain lines elsewhere (CI logs)."""

    def __init__(self, out, label: str, total: int):
        self.out, self.label, self.total = out, label, max(total, 1)
        self.tty = hasattr(out, "isatty") and out.isatty()
        self.started = time.monotonic()
        self.last_line = -1

    def update(self, done: int) -> None:
        fraction = min(done / self.total, 1.0)
        rate = done / max(time.monotonic() - self.started, 1e-6)
        if self.tty:
            bar = "#" * int(fraction * 30)
            self.out.write(f"\r{self.label:<12} [{bar:<30}] {done}/{self.total} ({rate:.0f}/s)")
            self.out.flush()
        elif int(fraction * 10) != self.last_line:
            self.last_line = int(fraction * 10)
            self.out.write(f"{self.label:<12} {fraction:4.0%} {done}/{self.total}\n")

    def finish(self) -> None:
        self.update(self.total)
        if self.tty:
            self.out.write("\n")


class Command(BaseCommand):
    help = "Rebuild the search documents and the engine index, then swap the alias (no downtime)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--engine-only",
            action="store_true",
            help="Do not rebuild the documents from the content, only the index.",
        )
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, engine_only=False, batch_size=500, verbosity=1, **options):
        # the raw stream: the progress bar rewrites its line with "\r"
        out = self.stdout._out if verbosity else open(os.devnull, "w")  # noqa: SIM115
        started = timezone.now()
        if not engine_only:
            groups = services.all_groups()
            progress = Progress(out, "documents", len(groups))
            kept = set()
            for offset in range(0, len(groups), batch_size):
                chunk = groups[offset : offset + batch_size]
                kept.update(services.search_documents_rebuild(groups=chunk))
                progress.update(offset + len(chunk))
            progress.finish()
            stale = SearchDocument.objects.exclude(doc_key__in=kept)
            for doc in stale:
                services.search_document_sync(group=doc.doc_key)
        engine = get_engine()
        if engine is None:
            out.write("database search: documents rebuilt, no engine index to build\n")
            PendingIndexChange.objects.filter(queued_at__lte=started).delete()
            return
        try:
            count = self.rebuild(engine, batch_size, out)
        except EngineUnavailable as exc:
            raise CommandError(f"search engine unavailable: {exc}") from exc
        out.write(
            f"index {engine.alias} rebuilt with {count} documents "
            f"in {(timezone.now() - started).total_seconds():.1f}s\n"
        )

    def rebuild(self, engine, batch_size: int, out) -> int:
        index = engine.backend.get_index_for_model(SearchDocument)
        rebuilder = engine.backend.atomic_rebuilder_class(index)
        load_started = timezone.now()
        new_index = rebuilder.start()
        new_index.add_model(SearchDocument)
        total = SearchDocument.objects.count()
        progress = Progress(out, "index", total)
        done = 0
        # only the indexed columns, as tuples (no model instances; vectors stay in the DB)
        queryset = SearchDocument.objects.order_by("pk").values_list(*engine.document_columns())
        last_pk = 0
        # Bulk-load settings: no refresh while loading (one at the end). The next batch is read
        # and mapped here while the previous one is being sent (one request in flight), so the
        # database/Python work overlaps the engine's indexing.
        refresh = (
            _as_dict(engine.call("indices.get_settings", index=new_index.name))
            .get(new_index.name, {})
            .get("settings", {})
            .get("index", {})
            .get("refresh_interval", "1s")
        )
        engine.call(
            "indices.put_settings",
            index=new_index.name,
            body={"index": {"refresh_interval": "-1"}},
        )
        with ThreadPoolExecutor(max_workers=1) as sender:
            in_flight = None
            while True:
                batch = list(queryset.filter(pk__gt=last_pk)[:batch_size])
                if not batch:
                    break
                actions = engine.bulk_actions_for_rows(batch, index=new_index.name)
                if in_flight is not None:
                    in_flight.result()
                in_flight = sender.submit(engine.send_actions, actions)
                last_pk = batch[-1][0]
                done += len(batch)
                progress.update(done)
            if in_flight is not None:
                in_flight.result()
        engine.call(
            "indices.put_settings",
            index=new_index.name,
            body={"index": {"refresh_interval": refresh}},
        )
        progress.finish()
        rebuilder.finish()  # refresh, point the alias at the new index, drop the old one
        # changes that reached the old index while we were loading the new one
        changed = list(SearchDocument.objects.filter(updated_at__gte=load_started))
        if changed:
            engine.bulk_upsert(changed)
        groups = list(PendingIndexChange.objects.values_list("group", flat=True))
        if groups:
            services.search_groups_sync(groups=groups)
        engine.refresh()
        return done
