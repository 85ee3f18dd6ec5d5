"""Who says so: the claimant and side of a statement, from the usual designations of the ledger's
claimants ("the Russian Defence Ministry", "Минобороны России", "Генштаб ЗСУ", "Ukraine's top
military commanders", "Moscow", "Kyiv's forces") and the phrase before a verb of saying.

A speaker the table does not know is proposed as a new claimant (its side from the words it is
described by, "Ukrainian military officials") and flagged for review.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

MOD_RU = "Ministry of Defence of the Russian Federation"
GENSTAFF_UA = "General Staff of the Armed Forces of Ukraine"
SYRSKYI = "Oleksandr Syrskyi, Commander-in-Chief of the Armed Forces of Ukraine"
ZELENSKY = "Volodymyr Zelensky, President of Ukraine"
PUTIN = "Vladimir Putin, President of the Russian Federation"
KOVALENKO = "Andriy Kovalenko, head of the Centre for Countering Disinformation (NSDC of Ukraine)"
ALAUDINOV = (
    "Apti Alaudinov, commander of Akhmat special forces and deputy head of the Main"
    " Military-Political Directorate of the Russian MoD"
)

# (pattern, claimant, side). Patterns are matched case-insensitively; the first match at a
# position wins, so longer designations come first.
DESIGNATIONS: tuple[tuple[str, str, str], ...] = (
    (r"(?:russian|russia's|the russian) (?:defen[cs]e ministry|ministry of defen[cs]e)|ministry of defen[cs]e of (?:the )?russia\w*|russia's (?:defen[cs]e|military) ministry", MOD_RU, "russia"),
    (r"минобороны (?:россии|рф)|министерств\w* обороны (?:россии|рф|российской федерации)|(?:в )?минобороны\b|мо рф|міноборони (?:рф|росії)|російськ\w+ міноборони", MOD_RU, "russia"),
    (r"general staff of (?:the armed forces of )?ukraine|ukraine's general staff|ukrainian general staff|ukraine's (?:top )?military (?:commanders|command)|ukraine's top commanders", GENSTAFF_UA, "ukraine"),
    (r"генштаб\w* (?:зсу|всу)|генеральн\w+ штаб\w* (?:зсу|всу|збройних сил україни|вооруж\w+ сил украины)|(?:у |в )?генштаб\w*|генеральн\w+ штаб\w*", GENSTAFF_UA, "ukraine"),
    (r"(?:oleksandr |gen\.? |general )?syrsk(?:yi|iy|y|ii)|(?:олександр\w* )?сирськ\w+|(?:александр\w* )?сырск\w+|головком\w*|головнокомандувач\w*(?: зсу)?|главком\w*(?: всу)?", SYRSKYI, "ukraine"),
    (r"(?:president )?(?:volodymyr )?zelensk(?:yy|iy|yi|y)|(?:володимир\w* )?зеленськ\w+|(?:владимир\w* )?зеленск\w+", ZELENSKY, "ukraine"),
    (r"(?:president )?(?:vladimir )?putin|(?:владимир\w* )?путин\w*|(?:володимир\w* )?путін\w*|the kremlin|кремл\w+", PUTIN, "russia"),
    (r"(?:valery |gen\.? )?gerasimov|(?:валери\w+ )?герасимов\w*", "Valery Gerasimov, Chief of the General Staff of the Armed Forces of the Russian Federation", "russia"),
    (r"(?:andriy |andrii )?kovalenko|(?:андрі\w+ )?коваленк\w+", KOVALENKO, "ukraine"),
    (r"institute for the study of war|\bisw\b|американск\w+ институт\w* изучения войны|інститут\w* вивчення війни", "Institute for the Study of War (ISW)", "independent"),
    (r"deepstate\w*|дипстейт\w*", "DeepStateMap", "independent"),
    (r"\bmash\b|telegram-канал\w* mash", "Mash (Telegram channel close to the Russian security services)", "russia"),
    (r"\brybar\b|рыбар\w*", "Rybar (pro-Russian military Telegram channel)", "russia"),
    (r"(?:yuri |yury )?podol[iy]aka|подоляк\w*", "Yuri Podolyaka, pro-Russian military blogger", "russia"),
    (r"(?:apty |apti )?alaudinov|алаудинов\w*", ALAUDINOV, "russia"),
    (r"(?:alexei |alexey )?smirnov|смирнов\w*", "Alexei Smirnov, acting Governor of Kursk oblast", "russia"),
    (r"khinshtein|хинштейн\w*", "Alexander Khinshtein, acting Governor of Kursk oblast", "russia"),
    (r"(?:dmitry )?peskov|песков\w*", "Dmitry Peskov, Kremlin press secretary", "russia"),
    (r"(?:maria )?zakharova|захаров\w+", "Maria Zakharova, spokeswoman of the Ministry of Foreign Affairs of the Russian Federation", "russia"),
    (r"budanov|буданов\w*", "Kyrylo Budanov, Chief of the Defence Intelligence of Ukraine (HUR)", "ukraine"),
    (r"\bmoscow\b|\bмосква\b|\bмоскв[аи]\b", "Government of the Russian Federation", "russia"),
    (r"\bkyiv\b|\bkiev\b|\bкиев\b|\bкиїв\b", "Government of Ukraine", "ukraine"),
    (r"\bukraine\b(?='s forces| says| said| say| claims| claimed)", "Government of Ukraine", "ukraine"),
    (r"\brussia\b(?= says| said| say| claims| claimed)", "Government of the Russian Federation", "russia"),
)  # fmt: skip
_COMPILED = tuple((re.compile(p, re.IGNORECASE), c, s) for p, c, s in DESIGNATIONS)

# Designations that are also how reports name a side's forces ("Kyiv's forces", "Moscow's troops"):
# naming them does not mean someone else is speaking.
PLACE_NAMED_SPEAKERS = frozenset({"Government of Ukraine", "Government of the Russian Federation"})

# Words that point back to the last speaker: "The ministry also claimed", "it said", "в ведомстве".
ANAPHORA = re.compile(
    r"\b(?:the (?:defen[cs]e )?ministry|the ministry|it|he|she|they|the statement|the military|"
    r"the general|генерал\w*|його|її|его|её|him|her|the channel|канал\w*|"
    r"ведомств\w*|министерств\w*|в министерстве|он|она|они|міністерств\w*|він|вона|вони)\b",
    re.IGNORECASE,
)
SAYING = re.compile(
    r"\b(?:said|says|say|stated|states|reported|reports|claimed|claims that|claim that|announced|"
    r"added|adds|told|wrote|writes|noted|stating|asserting|asserted|according to|insisted|"
    r"confirmed|declared|"
    r"сообщил\w*|сообщает|сообщ\w+|заявил\w*|заявля\w+|говорится|по данным|по сообщению|по словам|"
    r"пишет|добавил\w*|подтвердил\w*|отметил\w*|уточнил\w*|доложил\w*|"
    r"повідомив\w*|повідомил\w*|повідомля\w+|заявив\w*|заявил\w*|за даними|за словами|зазначив\w*|"
    r"зазначил\w*|доповів\w*|наголосил\w*|наголосив\w*|додал\w*|додав\w*|йдеться|відповіли|"
    r"за (?:його|її|їхніми) словами|по (?:его|её|ее|их) (?:словам|данным)|according to (?:him|her|them)|"
    r"назвав\w*|назвал\w*|навів|привів|привёл|привел|put (?:the|its|his|her) losses at)\b",
    re.IGNORECASE,
)
_SIDE_WORDS = (
    (
        re.compile(r"\b(?:ukrain\w+|kyiv\w*|украин\w+|україн\w+|всу|зсу)\b", re.IGNORECASE),
        "ukraine",
    ),
    (
        re.compile(r"\b(?:russia\w*|moscow|российск\w+|русск\w+|російськ\w+|рф)\b", re.IGNORECASE),
        "russia",
    ),
)
# "Ukrainian military officials stated": a speaker phrase the table does not know.
_UNKNOWN_SPEAKER = re.compile(
    r"(?P<speaker>(?:[A-ZА-ЯЁІЇЄҐ][\w'’-]*\s+)?"
    r"(?:[a-zа-яёіїєґ][\w'’-]*(?:ый|ий|ой|ая|ые|ие|ых|ні|ian|an|ary|al|ese|ish|ic|ive|ior)\s+){0,3}"
    r"(?:officials?|spokes(?:man|woman|person)|sources?|bloggers?|commanders?|correspondents?|"
    r"военн\w+ корреспондент\w*|военкор\w*|корреспондент\w*|источник\w*|чиновник\w*|"
    r"представител\w*|джерел\w*|посадовц\w*|речник\w*)"
    r"(?:\s+[A-ZА-ЯЁІЇЄҐ][\w'’-]+){0,2})\s*(?:,[^,]{0,40},\s*)?$",
)


@dataclass(frozen=True, slots=True)
class Speaker:
    claimant: str
    side: str
    span_start: int
    span_end: int
    confidence: float
    known: bool  # from the designation table or the ledger; False: proposed as new


def designations_in(text: str, start: int, end: int) -> list[Speaker]:
    """Every known designation between `start` and `end`, in order, overlaps removed."""
    found: list[Speaker] = []
    for pattern, claimant, side in _COMPILED:
        for match in pattern.finditer(text, start, end):
            if any(s.span_start < match.end() and match.start() < s.span_end for s in found):
                continue
            found.append(Speaker(claimant, side, match.start(), match.end(), 0.85, True))
    return _merge_adjacent(text, sorted(found, key=lambda s: s.span_start))


def _merge_adjacent(text: str, found: list[Speaker]) -> list[Speaker]:
    """ "головком Олександр Сирський", "Генштаб ЗСУ": one speaker named twice in a row is one."""
    merged: list[Speaker] = []
    for speaker in found:
        last = merged[-1] if merged else None
        gap = text[last.span_end : speaker.span_start] if last else ""
        if last and last.claimant == speaker.claimant and len(gap) <= 3 and not gap.strip(" ,"):
            merged[-1] = Speaker(
                last.claimant, last.side, last.span_start, speaker.span_end, last.confidence, True
            )
        else:
            merged.append(speaker)
    return merged


_CHANNEL = re.compile(
    r"(?:telegram[- ]?канал\w*|телеграм[- ]?канал\w*|telegram channel|канал\w*)\s+"
    r"[«\"“]?(?P<name>[A-Za-zА-Яа-яЁёІіЇїЄєҐґ0-9][\w.-]*(?-i:\s+[A-ZА-ЯЁІЇЄҐ][\w.-]*)?)[»\"”]?",
    re.IGNORECASE,
)


def channels_in(text: str, start: int, end: int, known: Mapping[str, str]) -> list[Speaker]:
    """Telegram channels named as speakers ("сообщает Telegram-канал WarGonzo"): the ledger's
    claimant of that name when there is one, else proposed as a new claimant of unknown side."""
    found: list[Speaker] = []
    for match in _CHANNEL.finditer(text, start, end):
        name = match["name"].rstrip(".-")
        ledger_name = next((c for c in known if c.lower().startswith(name.lower())), None)
        if ledger_name is not None:
            side = known[ledger_name]
            found.append(Speaker(ledger_name, side, match.start(), match.end(), 0.75, True))
        else:
            claimant = f"{name} (Telegram channel)"
            found.append(Speaker(claimant, "other", match.start(), match.end(), 0.5, False))
    return found


def unknown_speaker(text: str, start: int, verb_start: int) -> Speaker | None:
    """The noun phrase right before a verb of saying, as a proposed new claimant."""
    match = _UNKNOWN_SPEAKER.search(text, start, verb_start)
    if match is None:
        return None
    phrase = match["speaker"].strip().rstrip(",")
    if len(phrase) < 4:
        return None
    side = side_of_words(phrase)
    claimant = phrase[0].upper() + phrase[1:]
    return Speaker(
        claimant, side or "other", match.start("speaker"), match.end("speaker"), 0.5, False
    )


def side_of_words(text: str) -> str | None:
    """The side words describing a speaker point to ("Ukrainian officials", "российские военные")."""
    sides = {side for pattern, side in _SIDE_WORDS if pattern.search(text)}
    return sides.pop() if len(sides) == 1 else None
