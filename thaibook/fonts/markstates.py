"""The smallest set of mark copies that says, glyph by glyph, where every mark of a cluster goes.

HarfBuzz places a mark by what comes before it in its cluster: the base and the marks
between. Read left to right, a cluster is a walk through a tree whose nodes are those
beginnings and whose edges are the marks, each with its offset. Nodes that place every
continuation alike are merged (Moore's partition refinement): a node's class is a
*state*, and a mark's copy is named by its glyph, its offset and the state it leads to.
So one glyph of context, the copy before (or the base), is all a GSUB rule needs to see.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from thaibook.fonts.clusters import Cluster

Offset = tuple[int, int]
Edge = tuple[str, Offset]  # a mark glyph and its offset
CopyKey = tuple[str, int, int, int]  # mark glyph, dx, dy, the state it leads to


@dataclass
class MarkStates:
    """The copies, the state each base and copy leaves, and each state's substitutions."""

    base_state: dict[str, int] = field(default_factory=dict)
    copy_state: dict[CopyKey, int] = field(default_factory=dict)
    rules: dict[int, dict[str, CopyKey]] = field(default_factory=dict)  # state -> mark -> copy
    joins: dict[tuple[CopyKey, ...], tuple[str, str]] = field(default_factory=dict)  # copies -> (AA, text)
    texts: dict[CopyKey, str] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)


class _Trie:
    def __init__(self) -> None:
        self.edges: list[dict[str, tuple[Offset, int]]] = []
        self.roots: dict[str, int] = {}

    def node(self) -> int:
        self.edges.append({})
        return len(self.edges) - 1

    def walk(self, cluster: Cluster) -> list[int] | None:
        """Add a cluster's path; the nodes after each mark (None if it disagrees with another)."""
        if cluster.base not in self.roots:
            self.roots[cluster.base] = self.node()
        here, path = self.roots[cluster.base], []
        for mark in cluster.marks:
            offset = (mark.dx, mark.dy)
            known = self.edges[here].get(mark.glyph)
            if known is None:
                known = (offset, self.node())
                self.edges[here][mark.glyph] = known
            elif known[0] != offset:
                return None  # placed by what follows: no rule looking back can place it
            here = known[1]
            path.append(here)
        return path


def mark_states(clusters: list[Cluster]) -> MarkStates:
    """The copies and rules that put every mark of these clusters at offset zero."""
    trie, out = _Trie(), MarkStates()
    walked = []
    for cluster in clusters:
        path = trie.walk(cluster)
        if path is None:
            out.conflicts.append(cluster.text)
        else:
            walked.append((cluster, path))
    state = _refine(trie.edges)
    for base, root in trie.roots.items():
        out.base_state[base] = state[root]
    for node, edges in enumerate(trie.edges):
        if edges:
            out.rules[state[node]] = {g: (g, *offset, state[child]) for g, (offset, child) in edges.items()}
    for cluster, path in walked:
        keys = [(m.glyph, m.dx, m.dy, state[n]) for m, n in zip(cluster.marks, path, strict=True)]
        for key, mark in zip(keys, cluster.marks, strict=True):
            out.copy_state[key] = key[3]
            if mark.text:
                out.texts.setdefault(key, mark.text)
        joined = tuple(k for k, m in zip(keys, cluster.marks, strict=True) if m.joins)
        if cluster.aa and joined:
            out.joins.setdefault(joined, (cluster.aa, cluster.aa_text))
    for key in out.copy_state:
        out.texts.setdefault(key, "")
    return out


def _refine(edges: list[dict[str, tuple[Offset, int]]]) -> list[int]:
    """Each node's class: nodes alike when every mark after them lands alike, and leads to alike nodes."""
    state = [0] * len(edges)
    count = 1
    while True:
        signatures: dict[tuple, int] = {}
        new = []
        for node in range(len(edges)):
            sig = tuple(sorted((g, off, state[child]) for g, (off, child) in edges[node].items()))
            new.append(signatures.setdefault(sig, len(signatures)))
        if len(signatures) == count:
            return new
        state, count = new, len(signatures)
