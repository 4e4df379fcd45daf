"""The personal-data findings widget: review findings grouped by surface form, keyboard first.

``project.pii_review()`` shows the project's findings grouped by surface form and
type ("Doppler" NAME x 15), the largest group first, each with a few occurrences in
context.  One key decides a whole group:

==========================  ===================================================
``a``                       accept: it is personal data (``apply`` replaces it)
``d``                       dismiss: not personal data; a group dismissal also
                            keeps later scans from reporting that surface form
``u``                       reopen (undo the decision)
``→`` ``j`` Space           next group (or next finding when expanded)
``←`` ``k``                 previous group (or finding)
``e`` Enter                 expand the group into its single findings / collapse
``Escape``                  collapse
==========================  ===================================================

The kernel holds the position and the decisions; the page sends each key as a
message naming the group (and finding) it had on screen, so a message handled out
of order can never decide a group the reviewer did not see.  Corpus text is shown
through ``textContent`` only.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anywidget
import traitlets

from curate.errors import CurateError

if TYPE_CHECKING:
    from curate.project import Project
    from curate.workflows.pii import Finding
    from curate.workflows.pii_settings import FindingGroup

__all__ = ["FindingsReview"]

_HERE = Path(__file__).resolve().parent

#: Statuses a reviewer decides between (pseudonymised findings are done and not listed).
REVIEWED = ("open", "accepted", "dismissed")


def _key(group: FindingGroup) -> list[str]:
    return [" ".join(group.value.split()).casefold(), group.entity]


class FindingsReview(anywidget.AnyWidget):
    """Keyboard-first review of personal-data findings, grouped by surface form and type.

    Create it with :meth:`curate.Project.pii_review`.  The methods are what the keys do
    (see the module docstring); ``state`` is what the page shows.

    Parameters
    ----------
    project
        The project whose findings to review (scan it first).
    examples
        Occurrences shown in context for a collapsed group.
    context
        Characters of text shown on each side of an occurrence.
    """

    _esm = _HERE / "_findings.js"
    _css = _HERE / "_findings.css"

    state = traitlets.Dict().tag(sync=True)

    def __init__(self, project: Project, *, examples: int = 3, context: int = 60) -> None:
        super().__init__()
        if examples < 1 or context < 0:
            raise CurateError("examples must be at least 1 and context at least 0")
        self.project = project
        self.examples = examples
        self.context = context
        self.position = 0
        self.expanded = False
        self.finding = 0
        self.error = ""
        self._lock = threading.RLock()
        self._groups: list[FindingGroup] = []
        self._findings: dict[int, Finding] = {}
        self.refresh()
        self.on_msg(self._on_msg)

    # -- what is shown -------------------------------------------------------------------------
    @property
    def groups(self) -> list[FindingGroup]:
        """Every group of open, accepted or dismissed findings, largest first."""
        return list(self._groups)

    @property
    def current(self) -> FindingGroup | None:
        """The group on screen (``None`` when there are no findings)."""
        return self._groups[self.position] if self._groups else None

    def refresh(self) -> dict[str, Any]:
        """Read the findings again (after a scan) and redraw; keeps the group on screen."""
        with self._lock:
            here = _key(self.current) if self.current is not None else None
            self._groups = self.project.pii_groups(status=REVIEWED)
            self._findings = {f.id: f for f in self.project.pii_findings() if f.status in REVIEWED}
            keys = [_key(g) for g in self._groups]
            self.position = keys.index(here) if here in keys else min(self.position, max(len(keys) - 1, 0))
            self.finding = min(self.finding, max(self._size() - 1, 0))
            self.state = self._state()
            return dict(self.state)

    def _size(self) -> int:
        return self.current.count if self.current is not None else 0

    def _occurrences(self, group: FindingGroup, ids: Sequence[int]) -> list[dict[str, Any]]:
        rows = [self._findings[i] for i in ids if i in self._findings]
        texts = {it.id: it.text for it in self.project.store.items({f.item_id for f in rows})} if rows else {}
        n = self.context
        out = []
        for f in rows:
            text = texts.get(f.item_id, "")
            lo, hi = max(0, f.start - n), min(len(text), f.end + n)
            out.append(
                {
                    "id": f.id,
                    "item_id": f.item_id,
                    "before": ("…" if lo > 0 else "") + text[lo : f.start],
                    "value": text[f.start : f.end],
                    "after": text[f.end : hi] + ("…" if hi < len(text) else ""),
                    "status": f.status,
                }
            )
        return out

    def _state(self) -> dict[str, Any]:
        group = self.current
        counts = dict.fromkeys(REVIEWED, 0)
        for g in self._groups:
            for s, n in g.statuses.items():
                counts[s] = counts.get(s, 0) + n
        detail: dict[str, Any] | None = None
        if group is not None:
            ids = group.finding_ids if self.expanded else group.finding_ids[: self.examples]
            detail = {
                "key": _key(group),
                "value": group.value,
                "entity": group.entity,
                "count": group.count,
                "items": group.items,
                "status": group.status,
                "statuses": dict(group.statuses),
                "rule": self.project.pii_value_dismissed(group.value, group.entity),
                "occurrences": self._occurrences(group, ids),
            }
        return {
            "groups": [
                {"key": _key(g), "value": g.value, "entity": g.entity, "count": g.count, "status": g.status}
                for g in self._groups
            ],
            "pos": self.position,
            "expanded": self.expanded,
            "finding": self.finding,
            "current": detail,
            "counts": counts,
            "gate": self.project.pii_gate().to_dict(),
            "error": self.error,
        }

    # -- what the keys do ---------------------------------------------------------------------------
    def next(self) -> FindingGroup | None:
        """The next group (or, expanded, the next single finding)."""
        return self._step(1)

    def previous(self) -> FindingGroup | None:
        """The previous group (or, expanded, the previous single finding)."""
        return self._step(-1)

    def _step(self, by: int) -> FindingGroup | None:
        with self._lock:
            if self.expanded:
                self.finding = max(0, min(self.finding + by, self._size() - 1))
            elif self._groups:
                self.position = max(0, min(self.position + by, len(self._groups) - 1))
            self.error = ""
            self.state = self._state()
            return self.current

    def expand(self, on: bool | None = None) -> bool:
        """Show the group's single findings (``on=None`` toggles); keys then decide one at a time."""
        with self._lock:
            self.expanded = (not self.expanded) if on is None else bool(on)
            self.finding = 0
            self.error = ""
            self.state = self._state()
            return self.expanded

    def accept(self) -> int:
        """Accept the group (or, expanded, the selected finding) as personal data; returns how many changed."""
        return self._decide("accept")

    def dismiss(self) -> int:
        """Dismiss the group as not personal data, in later scans too (expanded: only the selected finding)."""
        return self._decide("dismiss")

    def reopen(self) -> int:
        """Take back the decision on the group (expanded: the selected finding)."""
        return self._decide("reopen")

    def _decide(self, action: str) -> int:
        with self._lock:
            group = self.current
            if group is None:
                return 0
            fid = group.finding_ids[self.finding] if self.expanded else None
            return self._apply(action, group, fid)

    def _apply(self, action: str, group: FindingGroup, fid: int | None) -> int:
        project = self.project
        if fid is not None:
            status = self._findings[fid].status if fid in self._findings else "open"
            if action == "accept":
                n = project.pii_accept([fid])
            elif action == "dismiss":
                n = project.pii_dismiss([fid])
            else:
                n = project.pii_accept([fid], accepted=False) if status != "open" else 0
        elif action == "accept":
            n = int(project.pii_accept_value(group.value, group.entity)["accepted"])
        elif action == "dismiss":
            n = int(project.pii_dismiss_value(group.value, group.entity)["dismissed"])
        else:
            n = int(project.pii_reopen_value(group.value, group.entity)["reopened"])
        was_expanded = self.expanded
        self.refresh()
        if fid is None and not was_expanded:
            self._advance()
        elif was_expanded:
            self.finding = min(self.finding + 1, max(self._size() - 1, 0))
            self.state = self._state()
        return n

    def _advance(self) -> None:
        """After a group decision: the next group still open (else stay)."""
        for k in range(self.position + 1, len(self._groups)):
            if self._groups[k].statuses.get("open"):
                self.position = k
                break
        else:
            self.position = min(self.position + 1, len(self._groups) - 1)
        self.state = self._state()

    # -- messages from the page ----------------------------------------------------------------------
    def handle(self, message: Mapping[str, Any]) -> dict[str, Any]:
        """Act on one message from the page; returns the state the page then shows.

        ``{"type": "key", "action", "key": [form, TYPE], "finding": id | None}``: the action
        (``accept``, ``dismiss``, ``reopen``, ``next``, ``previous``, ``expand``, ``collapse``)
        on the group and finding the page had on screen.  A group that is gone (rescanned
        away) is an error shown on the page, never a decision on another group.
        """
        with self._lock:
            try:
                self._handle(message)
                self.error = ""
            except Exception as exc:  # shown on the page, never lost
                self.error = str(exc) if isinstance(exc, CurateError) else f"{type(exc).__name__}: {exc}"
            self.state = self._state()
            return dict(self.state)

    def _handle(self, message: Mapping[str, Any]) -> None:
        if message.get("type") == "hello":
            self.refresh()
            return
        if message.get("type") != "key":
            raise CurateError(f"unknown message type {message.get('type')!r} from the page")
        action = str(message.get("action"))
        wanted = message.get("key")
        keys = [_key(g) for g in self._groups]
        if wanted is not None:
            if list(wanted) not in keys:
                raise CurateError(
                    f"the group {wanted[0]!r} ({wanted[1]}) is no longer listed: press a key again"
                )
            if keys.index(list(wanted)) != self.position:  # the page is ahead of or behind the kernel
                self.position = keys.index(list(wanted))
                self.expanded = bool(message.get("expanded", False))
        group = self.current
        fid = message.get("finding")
        if fid is not None and group is not None:
            if int(fid) not in group.finding_ids:
                raise CurateError(f"finding {fid} is not in the group on screen")
            self.expanded = True
            self.finding = group.finding_ids.index(int(fid))
        if action in ("accept", "dismiss", "reopen"):
            if group is None:
                return
            self._apply(action, group, int(fid) if fid is not None else None)
        elif action == "next":
            self.next()
        elif action == "previous":
            self.previous()
        elif action in ("expand", "collapse"):
            self.expand(action == "expand")
        else:
            raise CurateError(f"unknown action {action!r}")

    def _on_msg(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, Mapping):
            self.handle(content)
            if content.get("type") == "hello":
                self.send({"type": "ready"})
