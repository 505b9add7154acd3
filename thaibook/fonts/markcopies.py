"""Marks at offset zero: each Thai mark drawn where HarfBuzz puts it, by a copy GSUB chooses.

WeasyPrint writes a mark's offset as a TJ adjustment (and a vertical one as a text
rise), so the mark's origin lands on the next letter and readers that order by x
misread the word. Here each mark in each state (markstates) gets a copy whose outline
is moved by HarfBuzz's offset, and that has no GPOS positioning: the copy sits at the
pen, where the PDF's text needs it. A copy advances a sliver (a thousandth of an em),
which HarfBuzz takes back (marks have no advance) and WeasyPrint writes back after
it: readers that join characters by their boxes (pdfminer) then keep two marks in a
row on one line. The marks of a SARA AM are drawn into one glyph with the SARA AA,
which stands for 'ำ'; its tone, if any, is a glyph of its own before it that draws
nothing: no glyph is left without text, and none stands for more than one character. Every copy's name says its text (textmap.copy_name).
"""

from __future__ import annotations

from fontTools.otlLib.builder import (
    buildCoverage,
    buildLigatureSubstSubtable,
    buildLookup,
    buildMultipleSubstSubtable,
    buildSingleSubstSubtable,
)
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables import otTables as ot  # noqa: N813 (fontTools convention)

from thaibook.fonts.glyphcopy import Composite, add_composites
from thaibook.fonts.markstates import CopyKey, MarkStates
from thaibook.fonts.textmap import copy_name

THAI_SCRIPTS = ("thai", "DFLT")


def add_mark_copies(font: TTFont, states: MarkStates) -> None:
    """Add the copies (composite glyphs, so the round trip reads what they draw) and the rules that choose them."""
    names = {key: copy_name(key[0], i, states.texts[key]) for i, key in enumerate(states.copy_state)}
    n = len(names)
    merged = {keys: copy_name(aa, n + i, "\u0e33") for i, (keys, (aa, _)) in enumerate(states.joins.items())}
    ghosts = {
        keys: copy_name(keys[-1][0], 2 * n + i, text[:-1])
        for i, (keys, (_, text)) in enumerate(states.joins.items())
        if text[:-1]
    }
    sliver = max(1, round(font["head"].unitsPerEm / 1000))
    glyphs: dict[str, Composite] = {}
    for key, name in names.items():
        glyphs[name] = Composite(key[0], [key[:3]], anchors=key[:3], advance=sliver)
    for keys, name in merged.items():
        aa = states.joins[keys][0]
        glyphs[name] = Composite(aa, [k[:3] for k in keys] + [(aa, 0, 0)], positioned=True)
    for keys, name in ghosts.items():
        glyphs[name] = Composite(keys[-1][0], [], advance=sliver)
    add_composites(font, glyphs)
    _add_lookups(font, states, names, merged)
    if ghosts:
        _add_ghosts(font, {merged[keys]: [ghost, merged[keys]] for keys, ghost in ghosts.items()})


def _add_ghosts(font: TTFont, mapping: dict[str, list[str]]) -> None:
    """The tone of a SARA AM as a glyph of its own before it, drawing nothing: pdf.js takes
    a glyph whose text holds a mark (tone + 'ำ') for a zero-width one, and misplaces the rest."""
    gsub = font["GSUB"].table
    gsub.LookupList.Lookup.append(buildLookup([buildMultipleSubstSubtable(mapping)]))
    gsub.LookupList.LookupCount = len(gsub.LookupList.Lookup)
    for feature in thai_features(gsub, "ccmp"):
        feature.LookupListIndex.append(len(gsub.LookupList.Lookup) - 1)
        feature.LookupCount = len(feature.LookupListIndex)


def _add_lookups(
    font: TTFont, states: MarkStates, names: dict[CopyKey, str], merged: dict[tuple[CopyKey, ...], str]
) -> None:
    """The chain lookup that puts copies in place of marks, then the one that joins SARA AM's glyphs."""
    gsub = font["GSUB"].table
    lookups = gsub.LookupList.Lookup
    glyph_map = font.getReverseGlyphMap()
    numbers = {state: n for n, state in enumerate(sorted(states.rules), 1)}
    per_state = {}
    for state, marks in sorted(states.rules.items()):
        lookups.append(buildLookup([buildSingleSubstSubtable({g: names[k] for g, k in marks.items()})]))
        per_state[state] = len(lookups) - 1
    context = {g: numbers[s] for g, s in states.base_state.items() if s in numbers}
    context |= {names[k]: numbers[s] for k, s in states.copy_state.items() if s in numbers}
    lookups.append(buildLookup([_chain(states, numbers, per_state, context, glyph_map)]))
    added = [len(lookups) - 1]
    if merged:
        ligatures = {
            tuple(names[k] for k in keys) + (states.joins[keys][0],): g for keys, g in merged.items()
        }
        lookups.append(buildLookup([buildLigatureSubstSubtable(ligatures)]))
        added.append(len(lookups) - 1)
    gsub.LookupList.LookupCount = len(lookups)
    for feature in thai_features(gsub, "ccmp"):
        feature.LookupListIndex += added
        feature.LookupCount = len(feature.LookupListIndex)


def _chain(
    states: MarkStates,
    numbers: dict[int, int],
    per_state: dict[int, int],
    context: dict[str, int],
    glyph_map: dict[str, int],
) -> ot.ChainContextSubst:
    """A class-based chaining rule per state and mark: the glyph before says the state."""
    marks = sorted({g for rules in states.rules.values() for g in rules}, key=glyph_map.__getitem__)
    mark_class = {g: n for n, g in enumerate(marks, 1)}
    sets: list[list[ot.ChainSubClassRule]] = [[] for _ in range(len(marks) + 1)]
    for state, rules in sorted(states.rules.items()):
        for g in rules:
            sets[mark_class[g]].append(_rule(numbers[state], per_state[state]))
    st = ot.ChainContextSubst()
    st.Format = 2
    st.Coverage = buildCoverage(marks, glyph_map)
    st.BacktrackClassDef, st.InputClassDef = _class_def(context), _class_def(mark_class)
    st.LookAheadClassDef = _class_def({})
    st.ChainSubClassSet = []
    for rules in sets:
        if rules:
            class_set = ot.ChainSubClassSet()
            class_set.ChainSubClassRule, class_set.ChainSubClassRuleCount = rules, len(rules)
            st.ChainSubClassSet.append(class_set)
        else:
            st.ChainSubClassSet.append(None)
    st.ChainSubClassSetCount = len(st.ChainSubClassSet)
    return st


def _rule(state: int, lookup: int) -> ot.ChainSubClassRule:
    rule = ot.ChainSubClassRule()
    rule.Backtrack, rule.BacktrackGlyphCount = [state], 1
    rule.Input, rule.InputGlyphCount = [], 1
    rule.LookAhead, rule.LookAheadGlyphCount = [], 0
    record = ot.SubstLookupRecord()
    record.SequenceIndex, record.LookupListIndex = 0, lookup
    rule.SubstLookupRecord, rule.SubstCount = [record], 1
    return rule


def _class_def(classes: dict[str, int]) -> ot.ClassDef:
    class_def = ot.ClassDef()
    class_def.classDefs = dict(classes)
    return class_def


def thai_features(table: ot.GSUB, tag: str) -> list[ot.Feature]:
    """The features of a tag the Thai (or default) script uses (ccmp: on for every Thai run,
    whatever the CSS)."""
    indices: set[int] = set()
    for record in table.ScriptList.ScriptRecord:
        if record.ScriptTag not in THAI_SCRIPTS:
            continue
        systems = [record.Script.DefaultLangSys] + [r.LangSys for r in record.Script.LangSysRecord]
        indices.update(i for ls in systems if ls is not None for i in ls.FeatureIndex)
    records = table.FeatureList.FeatureRecord
    return [records[i].Feature for i in sorted(indices) if records[i].FeatureTag == tag]
