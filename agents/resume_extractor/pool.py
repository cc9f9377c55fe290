"""Extractions in child processes (`agents/pool.py`), each under a wall-clock limit and a
memory cap: a stuck or ballooning parser is killed and replaced and the worker lives on."""

from __future__ import annotations

from agents.pool import ParseCrashed, ParserPool, ParseTimeout
from agents.resume_extractor.errors import ExtractionError
from agents.resume_extractor.extract import Extraction, Limits, extract


def _extract_in_child(data: bytes, limits: Limits) -> Extraction:
    try:
        return extract(data, limits)
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
            return await self._pool.run(_extract_in_child, data, self.limits)
        except ParseTimeout:
            raise ExtractionError(
                "timeout", f"extraction took over {self.limits.timeout_s:g}s"
            ) from None
        except ParseCrashed as exc:
            raise ExtractionError("parser_crashed", str(exc)) from None

    def close(self) -> None:
        """Stop the child processes (waits for none)."""
        self._pool.close()
