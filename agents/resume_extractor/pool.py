"""Run extractions in child processes, each under a wall-clock limit and a memory cap.

PDF and DOCX parsing is CPU work: in the event loop it would stall the broker heartbeats. And a
pathological file can spin or balloon; a child process can be killed, a thread cannot. pebble
replaces a child that timed out or died, so the worker itself always survives.
"""

from __future__ import annotations

import asyncio
import resource
from concurrent.futures import TimeoutError as FutureTimeout

from pebble import ProcessExpired, ProcessPool

from agents.resume_extractor.errors import ExtractionError
from agents.resume_extractor.extract import Extraction, Limits, extract


def _cap_memory(max_bytes: int) -> None:
    if max_bytes > 0:
        resource.setrlimit(resource.RLIMIT_AS, (max_bytes, max_bytes))


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
        self._pool = ProcessPool(
            max_workers=workers, initializer=_cap_memory, initargs=(max_memory_bytes,)
        )

    async def run(self, data: bytes) -> Extraction:
        """Extract `data` in a child; a time-out or a crash becomes an `ExtractionError`."""
        future = self._pool.schedule(
            _extract_in_child, args=(data, self.limits), timeout=self.limits.timeout_s
        )
        try:
            return await asyncio.wrap_future(future)
        except FutureTimeout:
            raise ExtractionError(
                "timeout", f"extraction took over {self.limits.timeout_s:g}s"
            ) from None
        except ProcessExpired as exc:
            raise ExtractionError("corrupt", f"the parser crashed ({exc})") from None
        except asyncio.CancelledError:
            future.cancel()  # pebble kills the child that runs a cancelled task
            raise

    def close(self) -> None:
        """Stop the child processes (waits for none)."""
        self._pool.stop()
        self._pool.join(timeout=5)
