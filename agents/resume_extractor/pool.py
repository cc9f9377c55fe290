"""Extractions in child processes (`agents/pool.py`), each under a wall-clock limit and a
memory cap: a stuck or ballooning parser is killed and replaced and the worker lives on.

A scan or an image takes two tasks: the text extractor finds no text layer and says how many
pages there are (`NeedsOcr`), then OCR runs in a child under its own limit (pages x the
per-page budget, capped by `ocr_max_s`)."""

from __future__ import annotations

from collections.abc import Callable

from agents.pool import ParseCrashed, ParserPool, ParseTimeout
from agents.resume_extractor.errors import ExtractionError, NeedsOcr
from agents.resume_extractor.extract import Extraction, Limits, extract, extract_by_ocr


def _extract_in_child(data: bytes, limits: Limits) -> Extraction:
    return _guarded(extract, data, limits)


def _ocr_in_child(data: bytes, limits: Limits) -> Extraction:
    return _guarded(extract_by_ocr, data, limits)


def _guarded(fn: Callable[[bytes, Limits], Extraction], data: bytes, limits: Limits) -> Extraction:
    try:
        return fn(data, limits)
    except MemoryError:
        raise ExtractionError("too_large", "the file needs more memory than allowed") from None
    except RecursionError:
        raise ExtractionError("corrupt", "the file's structure is nested too deeply") from None


class ExtractorPool:
    """A pool of extraction processes; `await pool.run(data)` returns an `Extraction`."""

    def __init__(self, limits: Limits, workers: int = 2, max_memory_bytes: int = 0) -> None:
        self.limits = limits
        self._pool = ParserPool("extraction", workers, limits.timeout_s, max_memory_bytes)

    @property
    def healthy(self) -> bool:
        """A working pool exists or can be made."""
        return self._pool.healthy

    async def run(self, data: bytes) -> Extraction:
        """Extract `data` in a child; a time-out or a crash becomes an `ExtractionError`."""
        try:
            return await self._once(_extract_in_child, data, self.limits.timeout_s, "extraction")
        except NeedsOcr as need:
            limit = self.limits.ocr_timeout_s(need.pages)
            return await self._once(_ocr_in_child, data, limit, f"OCR of {need.pages} page(s)")

    async def _once(
        self, fn: Callable[[bytes, Limits], Extraction], data: bytes, limit: float, what: str
    ) -> Extraction:
        try:
            return await self._pool.run(fn, data, self.limits, timeout_s=limit)
        except ParseTimeout:
            raise ExtractionError("timeout", f"{what} took over {limit:g}s") from None
        except ParseCrashed as exc:
            raise ExtractionError("parser_crashed", str(exc)) from None

    def close(self) -> None:
        """Stop the child processes (waits for none)."""
        self._pool.close()
