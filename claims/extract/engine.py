"""From a report's text to candidate claim records, sentence by sentence.

A sentence yields claims only when someone says them: a known designation or a described speaker
next to a verb of saying, a word pointing back to the last speaker ("the ministry added"), or, for
a sentence that states a claim with no speaker of its own, the speaker of the sentence before.
Within a sentence each trigger (took, repelled, holds, ...) is one claim, and the places and
numbers go to the trigger nearest them. A control claim with no place that can be mapped becomes
a figure claim if it states numbers and is dropped otherwise: the ledger has no record for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from claims.extract import claimants as who
from claims.extract.candidate import Candidate
from claims.extract.dates import ReferredDate, referred_dates
from claims.extract.figures import StatedNumber, stated_numbers
from claims.extract.kinds import (
    ACTOR,
    CONTESTED,
    OPPOSITE_OF_TARGET,
    OWN,
    Trigger,
    triggers_in,
)
from claims.extract.record import build_candidate, kind_of
from claims.extract.settlements import NamedPlace, PlaceIndex, named_places
from claims.extract.sides import losses_side, nearest_before, opposite
from claims.extract.text import Sentence, sentences

# "... and thwarted", "... и сорвали", "... та відбили": a second verb of the same subject, with
# no new clause (comma, colon) in between.
_COORDINATED = re.compile(r"^[^,;:.]*\b(?:and|и|і|та|й)\s+(?:(?:ещё|еще|also|також|также)\s+)?$")
AREA_UNITS = frozenset({"km2", "settlements", "km_depth", "km_front"})
NEEDS_PLACE = frozenset({"capture", "settlement_control"})


@dataclass(frozen=True, slots=True)
class Attribution:
    speaker: who.Speaker
    verb_end: int  # where the verb of saying ends: actors are looked for after it
    carried: bool  # from the sentence before, not named here


@dataclass
class Draft:
    """One claim being put together from a sentence."""

    trigger: Trigger | None
    holder: str | None
    holder_span: tuple[int, int] | None
    places: list[NamedPlace] = field(default_factory=list)
    numbers: list[tuple[StatedNumber, str | None, float]] = field(default_factory=list)


_LINE_BREAKS = re.compile(r"[\n\r\t\u00a0\u202f]")


def flatten(text: str) -> str:
    """The text with line breaks, tabs and no-break spaces as plain spaces, one for one, so that
    patterns match across a wrapped line ("Министерстве\nобороны") and offsets stay the same."""
    return _LINE_BREAKS.sub(" ", text)


@dataclass(frozen=True, slots=True)
class Context:
    text: str  # as given: spans point into it
    flat: str  # the same text flattened for matching (see `flatten`)
    published: date
    language: str
    index: PlaceIndex
    known: dict[str, str]  # ledger claimants and their sides
    source_url: str | None
    publisher: str | None


@dataclass
class Statement:
    """A draft with who said it and when, before it becomes a candidate."""

    speaker: who.Speaker
    draft: Draft
    when: ReferredDate | None
    dated_here: bool  # the sentence itself gave the date
    sentence: int


def extract_from_text(context: Context) -> list[Candidate]:
    statements = _merged(list(_statements(context)))
    built = (build_candidate(context, s.speaker, s.draft, s.when) for s in statements)
    return [candidate for candidate in built if candidate is not None]


def _statements(context: Context) -> Iterator[Statement]:
    previous: Attribution | None = None  # the last named speaker: "the ministry" points to it
    carry: Attribution | None = None  # the speaker of the sentence just before, if it named one
    previous_date: ReferredDate | None = None
    flat = context.flat
    for number, sentence in enumerate(sentences(context.text)):
        attribution = _attribution(flat, sentence, previous, carry, context.known)
        triggers = _claim_triggers(flat, sentence)
        words = flat[sentence.start : sentence.end]
        numbers = stated_numbers(words, sentence.start)
        if attribution is None:  # someone unknown spoke: "the ministry" no longer points back
            previous = carry = previous_date = None
            continue
        if attribution.carried and not triggers:  # narrative between two statements
            carry = None
            continue
        dates = referred_dates(words, context.published, context.language)
        when = _shift(dates[0], sentence.start) if dates else None
        if when is None and (attribution.carried or _points_back(flat, attribution)):
            when = previous_date
        for draft in _drafts(context, sentence, attribution, triggers, numbers):
            yield Statement(attribution.speaker, draft, when, bool(dates), number)
        if not attribution.carried:
            previous = carry = attribution
        else:
            carry = None
        previous_date = when


def _merged(statements: list[Statement]) -> list[Statement]:
    """One statement told over several sentences is one claim:

    - numbers a speaker adds in the next sentence, with no date of their own ("За його словами,
      7905 убито, 12 220 поранено"), join that speaker's figure claim;
    - a bare headline ("repelled six attacks") followed by the same claim with its places ("...
      toward Borki and Korenevo") gives way to it.
    """
    kept: list[Statement] = []
    for statement in statements:
        last = kept[-1] if kept else None
        if last is not None and _continues(last, statement):
            if kind_of(statement.draft) == "figure" and not statement.dated_here:
                last.draft.numbers.extend(statement.draft.numbers)
                last.sentence = statement.sentence
                continue
            if _is_bare(last.draft) and _same_claim(last, statement) and statement.draft.places:
                kept[-1] = statement
                continue
        kept.append(statement)
    return kept


def _continues(last: Statement, statement: Statement) -> bool:
    return (
        statement.sentence - last.sentence == 1
        and statement.speaker.claimant == last.speaker.claimant
        and kind_of(last.draft) == kind_of(statement.draft)
    )


def _is_bare(draft: Draft) -> bool:
    return not draft.places and not draft.numbers


def _same_claim(last: Statement, statement: Statement) -> bool:
    return last.draft.holder == statement.draft.holder


def _shift(found: ReferredDate, offset: int) -> ReferredDate:
    return ReferredDate(
        found.start, found.end, found.precision, found.span_start + offset,
        found.span_end + offset, found.confidence,
    )  # fmt: skip


def _points_back(text: str, attribution: Attribution) -> bool:
    speaker = attribution.speaker
    return bool(who.ANAPHORA.fullmatch(text[speaker.span_start : speaker.span_end]))


def _attribution(
    text: str,
    sentence: Sentence,
    previous: Attribution | None,
    carry: Attribution | None,
    known: Mapping[str, str],
) -> Attribution | None:
    verbs = list(who.SAYING.finditer(text, sentence.start, sentence.end))
    if not verbs:
        if carry is None:
            return None
        named_here = who.designations_in(text, sentence.start, sentence.end)
        if any(
            n.claimant != carry.speaker.claimant and n.claimant not in who.PLACE_NAMED_SPEAKERS
            for n in named_here
        ):
            return None  # another speaker is named: the last one's word does not carry over
        return Attribution(carry.speaker, sentence.start, True)
    verb = verbs[0]
    named = who.designations_in(text, sentence.start, sentence.end)
    channels = who.channels_in(text, sentence.start, sentence.end, known)
    named = sorted(
        named + [c for c in channels if not any(_overlap(c, n) for n in named)],
        key=lambda s: s.span_start,
    )
    before = [s for s in named if s.span_end <= verb.start()]
    after = [s for s in named if s.span_start >= verb.end()]
    if before and verb.start() - before[-1].span_end < 60:
        return Attribution(before[-1], verb.end(), False)
    pointer = _anaphor(text, sentence.start, verb, previous)
    if pointer is not None:
        return pointer
    if after and after[0].span_start - verb.end() < 40:
        return Attribution(after[0], sentence.start, False)
    unknown = who.unknown_speaker(text, sentence.start, verb.start())
    if unknown is not None:
        return Attribution(unknown, verb.end(), False)
    if before:
        return Attribution(before[-1], verb.end(), False)
    return None


def _overlap(a: who.Speaker, b: who.Speaker) -> bool:
    return a.span_start < b.span_end and b.span_start < a.span_end


def _anaphor(
    text: str, sentence_start: int, verb: re.Match[str], previous: Attribution | None
) -> Attribution | None:
    if previous is None:
        return None
    window_start = max(sentence_start, verb.start() - 40)
    for match in who.ANAPHORA.finditer(text, window_start, min(len(text), verb.end() + 40)):
        speaker = previous.speaker
        pointed = who.Speaker(
            speaker.claimant, speaker.side, match.start(), match.end(), 0.7, speaker.known
        )
        return Attribution(pointed, verb.end(), False)
    return None


def _claim_triggers(text: str, sentence: Sentence) -> list[Trigger]:
    found = triggers_in(text, sentence.start, sentence.end)
    if any(t.kind == "repelled_attack" for t in found):
        # An attack that was repelled is one claim: the defender's.
        found = [t for t in found if t.kind != "attack"]
    return found


def _drafts(
    context: Context,
    sentence: Sentence,
    attribution: Attribution,
    triggers: Sequence[Trigger],
    numbers: Sequence[StatedNumber],
) -> list[Draft]:
    side = attribution.speaker.side
    drafts: list[Draft] = []
    for trigger in triggers:
        drafts.append(_draft(context.flat, sentence, attribution, trigger, drafts[-1:]))
    drafts = drafts or [Draft(None, None, None)]
    places = named_places(context.flat, sentence.start, sentence.end, context.index)
    for place in places:
        _nearest(drafts, place.span_start).places.append(place)
    for number in numbers:
        draft = _nearest(drafts, number.span_start, prefer_area=number.unit in AREA_UNITS)
        if number.unit in AREA_UNITS:
            about, confidence = draft.holder, 0.7
        else:
            about, confidence = losses_side(
                context.flat, sentence.start, number.span_start, number.span_end, side
            )
        draft.numbers.append((number, about, confidence))
    return _combined(drafts)


def _combined(drafts: list[Draft]) -> list[Draft]:
    """ "captured X and were advancing" and "advanced 35 km and took 1,150 km²" are one claim each:
    a bare advance goes with a capture of named places by the same holder, and the area a
    placeless capture states goes with an advance by the same holder."""
    kept: list[Draft] = []
    for draft in drafts:
        kind = draft.trigger.kind if draft.trigger else None
        twin = next(
            (k for k in kept if k.trigger and k.trigger.kind == kind and k.holder == draft.holder),
            None,
        )
        if twin is not None:  # "repelled six attacks and thwarted three more": one claim
            twin.places.extend(draft.places)
            twin.numbers.extend(draft.numbers)
            continue
        partners = [
            d for d in drafts
            if d is not draft and d.holder == draft.holder and d.trigger is not None
        ]  # fmt: skip
        bare = not draft.places and not draft.numbers
        if kind == "advance" and bare and any(_names_places(p, "capture") for p in partners):
            continue
        if kind in NEEDS_PLACE and not draft.places and draft.numbers:
            advance = next((p for p in partners if p.trigger and p.trigger.kind == "advance"), None)
            if advance is not None:
                advance.numbers.extend(draft.numbers)
                continue
        kept.append(draft)
    return kept


def _same_trigger_kind(draft: Draft, kind: str | None, holder: str | None) -> bool:
    return draft.trigger is not None and draft.trigger.kind == kind and draft.holder == holder


def _names_places(draft: Draft, kind: str) -> bool:
    return draft.trigger is not None and draft.trigger.kind == kind and bool(draft.places)


def _nearest(drafts: list[Draft], position: int, *, prefer_area: bool = False) -> Draft:
    def distance(draft: Draft) -> tuple[int, int]:
        if draft.trigger is None:
            return (0, 0)
        gap = position - draft.trigger.span_end
        behind = 0 if gap >= 0 else 1  # places and numbers follow the verb they belong to
        area_rank = 0 if not prefer_area or draft.trigger.kind != "attack" else 1
        return (area_rank, behind * 1000 + abs(gap))

    return min(drafts, key=distance)


def _draft(
    text: str,
    sentence: Sentence,
    attribution: Attribution,
    trigger: Trigger,
    before: Sequence[Draft] = (),
) -> Draft:
    """The claim a trigger makes, with its holder. Verbs joined by "and" share their subject:
    in "troops repelled six enemy attacks and thwarted three more" the holder of "thwarted" is
    the troops', not the enemy's named in between."""
    side = attribution.speaker.side
    earlier = before[-1] if before else None
    if trigger.holder_rule == CONTESTED:
        return Draft(trigger, "contested", (trigger.span_start, trigger.span_end))
    if trigger.holder_rule == OWN:
        return Draft(trigger, side if side in ("ukraine", "russia") else None, None)
    search_from = (
        attribution.verb_end if attribution.verb_end <= trigger.span_start else sentence.start
    )
    if earlier is not None and earlier.trigger is not None and trigger.holder_rule == ACTOR:
        between = text[earlier.trigger.span_end : trigger.span_start]
        if _COORDINATED.search(between) and earlier.holder in ("ukraine", "russia"):
            return Draft(trigger, earlier.holder, None)
    actor = nearest_before(text, search_from, trigger.span_start, side)
    if trigger.holder_rule == OPPOSITE_OF_TARGET:
        target = nearest_before(text, sentence.start, trigger.span_start, side)
        holder = opposite(target) if target else None
        return Draft(trigger, holder, None)
    if actor is None:
        return Draft(trigger, side if side in ("ukraine", "russia") else None, None)
    return Draft(trigger, actor, None)
