"""Terminal output of a run: one progress bar per agent, then the ranked shortlist."""

from __future__ import annotations

import sys
from typing import Any

AGENT_ORDER = ("resume-extractor", "jd-reader", "resume-reader", "hr-comparator")


def bar(done: int, total: int, width: int = 24) -> str:
    """`[██████······]  6/12`."""
    filled = int(width * done / total) if total else 0
    return f"[{'█' * filled}{'·' * (width - filled)}] {done:>3}/{total:<3}"


class ProgressView:
    """Redraws the agents' bars in place on a terminal; prints changed lines otherwise."""

    def __init__(self, stream: Any = None) -> None:
        self.stream = stream or sys.stdout
        self.tty = self.stream.isatty()
        self._drawn = 0
        self._last: list[str] = []

    def update(self, execution: dict[str, Any]) -> None:
        """Show the execution's per-agent progress."""
        lines = self.lines(execution)
        if lines == self._last:
            return
        if self.tty and self._drawn:
            self.stream.write(f"\x1b[{self._drawn}F")
        for line in lines if self.tty else [ln for ln in lines if ln not in self._last]:
            self.stream.write(line + ("\x1b[K" if self.tty else "") + "\n")
        self.stream.flush()
        self._drawn = len(lines)
        self._last = lines

    @staticmethod
    def lines(execution: dict[str, Any]) -> list[str]:
        """One line per agent, plus the workflow's status line."""
        agents = {a.get("agent_id"): a for a in execution.get("agents", [])}
        out = []
        for agent_id in AGENT_ORDER:
            agent = agents.get(agent_id, {})
            counts = agent.get("counts") or {}
            total = counts.get("total") or (
                1 if agent_id == "jd-reader" else execution.get("total_resumes", 0)
            )
            done = (counts.get("processed") or 0) + (counts.get("failed") or 0)
            out.append(f"  {agent_id:<17} {bar(done, total)} {agent.get('status', 'pending')}")
        progress = execution.get("progress") or {}
        out.append(
            f"  workflow {execution.get('workflow_id')}: {execution.get('status')} "
            f"({progress.get('percentage', 0)}%)"
        )
        return out


def shortlist(matches: list[dict[str, Any]], limit: int = 20) -> str:
    """The ranked candidates with score, fit category and their top reasons."""
    rows = []
    for rank, match in enumerate(matches[:limit], start=1):
        reason = (match.get("selection_reason") or "").strip().replace("\n", " ")
        rows.append(
            f"{rank:>2}. {match.get('match_score', 0):5.1f}  "
            f"{match.get('fit_category', ''):<11} {match.get('candidate_name') or '?'}"
            f" — {match.get('current_position') or ''}"
        )
        if reason:
            rows.append(f"      {reason[:220]}")
    return "\n".join(rows)


def failures(execution: dict[str, Any]) -> str:
    """The resumes that failed, with stage and reason."""
    return "\n".join(
        f"  ✗ {f.get('resume_id')}: {f.get('stage')} → {f.get('reason')}"
        for f in execution.get("failed_resumes") or []
    )
