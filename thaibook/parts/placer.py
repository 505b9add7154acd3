"""Placing laid-out parts in reading order: each part's folios follow the part before it."""

from __future__ import annotations

from dataclasses import dataclass, field

from thaibook.parts.jobs import LaidOut, Placement


@dataclass
class Placer:
    """Places laid-out parts in reading order: folio counters and first side."""

    order: tuple[str, ...]
    resets: dict[str, int | None]
    laid: dict[str, LaidOut] = field(default_factory=dict)
    placed: dict[str, Placement] = field(default_factory=dict)

    def ready(self) -> list[tuple[str, Placement]]:
        """Every part that can now be placed, in order."""
        index, last = 0, 0
        done = []
        for key in self.order:
            if key not in self.placed:
                if key not in self.laid:
                    break
                self.placed[key] = place(self.laid[key], self.resets[key] is not None, last, index)
                done.append((key, self.placed[key]))
            counters = self.placed[key].counters
            index, last = index + len(counters), counters[-1]
        return done


def place(laid: LaidOut, resets: bool, last: int, index: int) -> Placement:
    """Shift a part's page counters to follow the previous part, up to its first own reset."""
    counters = laid.counters
    jump = next((i for i, reset in enumerate(laid.resets) if reset), len(counters))
    delta = 0 if resets or jump == 0 else last + 1 - counters[0]
    shifted = tuple(c + delta if i < jump else c for i, c in enumerate(counters))
    return Placement(shifted, index % 2 == 1, index)
