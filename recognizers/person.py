"""Person names without a downloadable NER model: honorifics, name lists and name-shaped column values.

Why: spaCy NER models cannot be installed offline and none covers Thai, Malay, Vietnamese or Filipino names
well. Names in SEA data announce themselves in other ways, which this recognizer scores (design and sources:
docs/person-detection.md; honorifics and name order: ../shared/spec/identifiers.md §M):

- an honorific before a name (Encik, Puan, Bapak, Ông, Mr, G., นาย, คุณ, លោក, ဦး, ທ້າວ): the span is the
  name only, 0.5-0.8 depending on how often the title word is something else;
- a Malay/Indian patronymic ("Ahmad bin Ismail", "Kumar a/l Rajan"): 0.85;
- a Vietnamese full name, family + (middle) + given ("Nguyễn Văn An"): 0.6-0.7;
- a run of capitalised words holding a listed family name (Tan, Santos, dela Cruz; lists in
  jejak.recognizers.gazetteers with their licences): 0.55, 0.65 with a listed given name;
- an introduction or greeting ("my name is", "nama saya", "ako si", "Hi ..."): 0.4-0.65;
- a whole short value shaped like a name (2-5 capitalised words, or one word in a caseless script): 0.3,
  below the threshold on purpose; a column called name/nama/tên/ชื่อ adds the pack's context boost (+0.35).
  Free text never matches whole: sentence punctuation, digits or more than 60 characters rule it out.

Runs containing street, company, product or log words (Jalan, Bank, Sdn Bhd, Pro, Error) are dropped, and
greetings, pronouns, weekdays and months split runs, so headings and sentence openers stay out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from jejak.recognizers.base import JejakRecognizer
from jejak.recognizers.gazetteers import person_words as w
from jejak.recognizers.gazetteers.names import family_names, fold, given_names
from jejak.recognizers.person_scripts import Found, find_caseless_names

WHOLE_VALUE_SCORE = 0.3
#: One capitalised word in a name column (Indonesian mononyms, identifiers.md §M): lifted to 0.51 by context.
MONONYM_SCORE = 0.16
_WHOLE_VALUE_MAX = 60
_NOT_IN_A_NAME = re.compile(r"[0-9@#$%^&*=+<>{}\[\]|\\!?;:\"“”_]")
#: Tokens: split at spaces and at the delimiters of log/markup syntax (to="Trần Thanh Phương <a@b.c>").
_SPACE = re.compile(r"[^\s\"“”=<>()\[\]{}|]+")
_LEAD = "\"'“‘(["
_TRAIL = "\"'”’)],.;:!?"
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_INITIAL = re.compile(r"[^\W\d_]\.")
#: PhilHealth, WhatsApp: a capital after three lower-case letters is a brand, not a name (McDonald is).
_CAMEL = re.compile(r"[a-zà-ỹ]{3}[A-Z]")
_VI_MARKS = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)


#: An e-mail display name, as in mail headers and logs: `"Agus Kurniawan" <agus@example.id>` (RFC 5322).
_DISPLAY_NAME = re.compile(r"(?P<name>[^\s\"<>,;:@=][^\"<>,;:@=\n]{0,58}?)\"?\s*<[^<>@\s]+@[^<>\s]+>")
DISPLAY_NAME_SCORE = 0.65
_CASELESS_VALUE = re.compile(
    rf"[{w.TH_LETTERS}]+(?: [{w.TH_LETTERS}]+){{0,3}}|[{w.LO_LETTERS}]+(?: [{w.LO_LETTERS}]+){{0,3}}"
    rf"|[{w.KM_LETTERS}]+(?: [{w.KM_LETTERS}]+){{0,3}}|[{w.MY_LETTERS}]+(?: [{w.MY_LETTERS}]+){{0,3}}"
    r"|[\u4e00-\u9fff]{2,4}"
)


class _Tok(NamedTuple):
    """A word of the text (a tuple: every word of every text analysed is one, and a frozen dataclass cost
    three times as much to build)."""

    text: str
    start: int
    end: int
    #: punctuation (other than a title's period) right after the token ends any run there
    closed: bool
    #: punctuation right before the token: a run cannot continue into it
    opened: bool
    #: the punctuation stripped from the token's end ("" if none)
    trail: str = ""

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_cap(self) -> bool:
        return (
            bool(_WORD.fullmatch(self.text))
            and self.text[0].isupper()
            and not self._shouting()
            and not _CAMEL.search(self.text)
        )

    @property
    def is_initial(self) -> bool:
        """A middle initial ("Maria G. Ramos") or an abbreviated patronymic ("Hakim b. Ismail")."""
        return (len(self.text) == 2 and self.text[0].isupper() and self.text[1] == ".") or (
            self.lower in w.PATRONYMIC
        )

    def _shouting(self) -> bool:
        return len(self.text) > 1 and self.text.isupper()


class PersonNameRecognizer(JejakRecognizer):
    """PERSON from honorifics, patronymics, name lists and name-shaped values; see the module docstring."""

    WHOLE_VALUE = "name-shaped value"
    #: `enhance_using_context` reads only the results and the given context, never the text around them
    #: (jejak.detection.whole_values may then skip Presidio's orchestration for whole values)
    ENHANCES_BY_CONTEXT_ONLY = True

    def __init__(
        self,
        supported_language: str = "en",
        supported_entity: str = "PERSON",
        context: Sequence[str] = (),
        name: str | None = None,
    ) -> None:
        self.vi_family = family_names("vi")
        self.vi_family_folded = frozenset(fold(n) for n in self.vi_family)
        self.vi_middle_folded = frozenset(fold(n) for n in w.VI_MIDDLE)
        self.other_family = family_names("zh") | family_names("ph") | family_names("km")
        self.km_family = family_names("km")
        self.given = given_names()  # lists are read here, once per process (cached)
        super().__init__(
            name=name or "PersonNameRecognizer",
            supported_entities=[supported_entity],
            supported_language=supported_language,
            context=context,
        )

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        found: dict[tuple[int, int], Found] = {}
        parts = (
            self._latin(text),
            find_caseless_names(text, self.km_family),
            self._whole_value(text),
            self._display_names(text),
        )
        for item in (found_item for part in parts for found_item in part):
            key = (item.start, item.end)
            if key not in found or found[key].score < item.score:
                found[key] = item
        return [self._result(item) for item in found.values()]

    def enhance_using_context(
        self,
        text: str,
        raw_recognizer_results: list[RecognizerResult],
        other_raw_recognizer_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        """Drop whole-value matches in columns named for something else (product_name, company_name): their
        "name" would otherwise lift a product or company to PERSON. Boosts are the context enhancer's job."""
        words = {word.lower() for word in context or ()}
        if not words & w.NOT_PERSON_COLUMNS:
            return raw_recognizer_results
        return [r for r in raw_recognizer_results if not self._is_whole_value(r)]

    # --- Latin script ----------------------------------------------------------------------------------

    def _latin(self, text: str) -> Iterator[Found]:
        toks = _tokens(text)
        i = 0
        while i < len(toks):
            title, width = self._title_at(toks, i)
            if title is not None and i + width < len(toks) and _is_title_word(toks[i + width]):
                i += width  # "Dato' Dr. Ahmad": the name follows the last title
                continue
            if title is not None:
                run = [] if i + width >= len(toks) or toks[i + width].opened else _run(toks, i + width)
                yield from self._titled(toks, i, run, title)
                i += width + max(len(run), 0)
                continue
            run = _run(toks, i)
            if not run:
                i += 1
                continue
            yield from self._untitled(toks, i, run)
            i += len(run)

    def _title_at(self, toks: list[_Tok], i: int) -> tuple[str | None, int]:
        if toks[i].closed:
            return None, 1  # "Nona; Hajj": punctuation after the title word
        if i + 1 < len(toks):
            pair = f"{toks[i].lower} {toks[i + 1].lower}"
            if pair in w.LATIN_TITLES:
                return pair, 2
        word = toks[i].lower
        if word in w.LATIN_TITLES or word in w.VI_TITLES:
            return word, 1
        return None, 1

    def _titled(self, toks: list[_Tok], i: int, run: list[_Tok], title: str) -> Iterator[Found]:
        if i > 0 and toks[i - 1].lower in w.POISON_WORDS:
            return  # "Jalan Tun Razak", "Masjid Haji Ahmad"
        names = _until_split(run)
        if not names or any(t.lower in w.POISON_WORDS for t in run):
            return
        if title in w.VI_TITLES:
            if names[0].text in self.vi_family or (
                len(names) > 1 and fold(names[0].text) in self.vi_family_folded
            ):
                yield Found(names[0].start, names[-1].end, w.VI_TITLES[title], f"title {title!r} + family")
            return
        score = w.LATIN_TITLES[title] - (0.05 if len(names) == 1 else 0.0)
        yield Found(names[0].start, names[-1].end, score, f"title {title!r}")

    def _untitled(self, toks: list[_Tok], i: int, run: list[_Tok]) -> Iterator[Found]:
        if any(t.lower in w.POISON_WORDS for t in run) or (i > 0 and toks[i - 1].lower in w.POISON_WORDS):
            return
        for part in _split(run):
            best = self._shape_score(part)
            first = i + run.index(part[0])
            lead = _lead_in(toks, first)
            if lead is not None:
                phrase, base = lead
                boost = 0.1 if best >= 0.5 else 0.0
                if phrase in w.GREETINGS:
                    base = 0.4 if len(part) == 1 else 0.5
                elif phrase in w.ROLES and not _role_fits(toks, first, part):
                    base, boost = 0.0, 0.0
                elif phrase in w.ROLES and len(part) == 1:
                    base -= 0.1  # only name labels (0.6+) carry one word: "Name: Sutrisno"
                best = max(best + boost, base + (0.15 if base and self._listed(part) else 0.0))
            follow = _follow_up(toks, i + run.index(part[-1]) + 1)
            if follow and len(part) >= 2:
                listed = 0.15 if self._listed(part) else 0.0
                best = max(best + 0.1 if best >= 0.5 else best, follow + listed)
            if best > 0:
                yield Found(part[0].start, part[-1].end, min(best, 0.9), "name shape")

    def _shape_score(self, part: list[_Tok]) -> float:
        """Evidence from the words alone: patronymic, Vietnamese name order, listed family names."""
        words = [t.text for t in part]
        lowered = [t.lower for t in part]
        if any(x in w.PATRONYMIC for x in lowered[1:-1]) and part[0].is_cap and part[-1].is_cap:
            return 0.85
        if len(part) < 2 or len(part) > 5:
            return 0.0
        if any(len(x) == 2 and x[1] == "." for x in words[1:-1]) and part[0].is_cap and part[-1].is_cap:
            return 0.6  # a middle initial between names: "Ramon M. Pascual", "Mary Grace T. Lim"
        first, rest = words[0], words[1:]
        if first in self.vi_family and len(part) <= 4:
            marked = any(x in w.VI_MIDDLE for x in rest) or any(_VI_MARKS.search(x) for x in rest)
            return 0.7 if marked else 0.6
        if fold(first) in self.vi_family_folded and len(part) <= 4 and fold(rest[0]) in self.vi_middle_folded:
            return 0.6
        if self._listed(part):
            return 0.65 if any(x in self.given for x in words) else 0.55
        return 0.0

    def _listed(self, part: list[_Tok]) -> bool:
        """A listed family name first or last (Tan Wei Ming, Jason Tan, Juan dela Cruz)."""
        words = [t.text for t in part]
        tail2 = " ".join(words[-2:])
        return (
            words[0] in self.other_family
            or words[-1] in self.other_family
            or tail2 in self.other_family
            or (len(words) > 1 and words[0] in self.given and fold(words[-1]) in self.vi_family_folded)
        )

    def _display_names(self, text: str) -> Iterator[Found]:
        if "<" not in text:
            return  # the pattern needs `<address>`; without one its lazy scan from every place finds nothing
        for match in _DISPLAY_NAME.finditer(text):
            name = match.group("name").strip()
            if _CASELESS_VALUE.fullmatch(name) or self._latin_name_shaped(name) or _is_mononym(name):
                start = match.start("name") + match.group("name").index(name)
                yield Found(start, start + len(name), DISPLAY_NAME_SCORE, "e-mail display name")

    # --- whole values ------------------------------------------------------------------------------------

    def _whole_value(self, text: str) -> Iterator[Found]:
        value = text.strip()
        if not value or len(value) > _WHOLE_VALUE_MAX or _NOT_IN_A_NAME.search(value):
            return
        start = text.index(value)
        if _CASELESS_VALUE.fullmatch(value) or self._latin_name_shaped(value):
            yield Found(start, start + len(value), WHOLE_VALUE_SCORE, self.WHOLE_VALUE)
        elif _is_mononym(value):
            yield Found(start, start + len(value), MONONYM_SCORE, self.WHOLE_VALUE)

    @staticmethod
    def _latin_name_shaped(value: str) -> bool:
        words = value.replace(",", " ").split()
        shouting = value.isupper()
        capitals = 0
        for word in words:
            lowered = word.lower()
            if lowered in w.SPLIT_WORDS or lowered in w.POISON_WORDS:
                return False
            if lowered in w.PATRONYMIC or lowered in w.PARTICLES:
                continue
            if _INITIAL.fullmatch(word) or (word[0].isupper() and _WORD.fullmatch(word.rstrip("."))):
                capitals += 1
                continue
            if shouting and _WORD.fullmatch(word):
                capitals += 1
                continue
            return False
        return 2 <= len(words) <= 5 and capitals >= 2 and value.count(",") <= 1 and value.count(".") <= 2

    def _is_whole_value(self, result: RecognizerResult) -> bool:
        explanation = result.analysis_explanation
        return explanation is not None and explanation.textual_explanation == self.WHOLE_VALUE

    def _result(self, item: Found) -> RecognizerResult:
        return self.result(
            self.supported_entities[0], item.start, item.end, item.score, textual_explanation=item.why
        )


def _tokens(text: str) -> list[_Tok]:
    toks = []
    length = len(text)
    for match in _SPACE.finditer(text):
        raw = match.group()
        core = raw.lstrip(_LEAD)
        stripped = core.rstrip(_TRAIL)
        trail = core[len(stripped) :]
        if stripped and trail:
            kept = stripped.lower() + trail[0]  # Dr. Dato' Sdri. b. G.
            if (
                kept in w.LATIN_TITLES
                or kept in w.PATRONYMIC
                or kept in w.ROLES
                or (trail[0] == "." and len(stripped) == 1 and stripped.isupper())
            ):
                stripped, trail = stripped + trail[0], trail[1:]
        if len(stripped) > 3 and stripped[-2:] in ("'s", "’s") and stripped[0].isupper():
            stripped, trail = stripped[:-2], stripped[-2:] + trail  # "Ganesh s/o Pillai's business"
        if not stripped:
            continue
        begin, end = match.span()
        lead = len(raw) - len(core)
        start = begin + lead
        opened = bool(lead) or (begin > 0 and not text[begin - 1].isspace())
        closed = bool(trail) or (end < length and not text[end].isspace())
        toks.append(_Tok(stripped, start, start + len(stripped), closed, opened, trail))
    return toks


def _is_title_word(tok: _Tok) -> bool:
    return (
        tok.lower.rstrip(".;,:") in w.LATIN_TITLES or tok.lower in w.LATIN_TITLES or tok.lower in w.VI_TITLES
    )


def _is_mononym(value: str) -> bool:
    lowered = value.lower()
    return (
        len(value) >= 3
        and bool(_WORD.fullmatch(value))
        and value[0].isupper()
        and value[1:].islower()
        and lowered not in w.SPLIT_WORDS
        and lowered not in w.POISON_WORDS
        and lowered not in w.PLACEHOLDERS
    )


def _run(toks: list[_Tok], i: int) -> list[_Tok]:
    """The capitalised words (with name particles inside) starting at `i`, up to punctuation or lower case."""
    run: list[_Tok] = []
    for tok in toks[i:]:
        if run and (run[-1].closed or tok.opened):
            break
        inside = run and (
            tok.lower in w.PATRONYMIC
            or tok.lower in w.PARTICLES
            or (tok.is_initial and run[-1].lower not in w.SPLIT_WORDS)  # "Maria G. Ramos", not "Si G. Ana"
        )
        if not (tok.is_cap or inside):
            break
        run.append(tok)
        if len(run) == 8:
            break
    while run and not run[-1].is_cap:
        run.pop()
    return run


def _role_fits(toks: list[_Tok], first: int, part: list[_Tok]) -> bool:
    """A role or label before `part` (at toks[first - 1]) introduces a name, not a heading or a quote.

    `Customer: "Refund ..."` quotes a message; a capitalised role without a colon may open a heading
    ("Employee Handbook", "Owner Approval Required"), so there the name needs 2+ words and the sentence
    must go on in lower case or after a comma ("Employee Amirul bin Yusof joined ...")."""
    if part[0].opened:
        return False
    role = toks[first - 1]
    if not role.text[0].isupper() or role.trail.startswith(":"):
        return True
    after = first + len(part)
    if len(part) < 2 or part[-1].trail.startswith((".", "!", "?")):
        return False
    return part[-1].trail.startswith(",") or (after < len(toks) and toks[after].text[0].islower())


def _splits(tok: _Tok, position: int) -> bool:
    return tok.lower in w.SPLIT_WORDS and (position == 0 or tok.lower not in w.START_ONLY_SPLIT)


def _until_split(run: list[_Tok]) -> list[_Tok]:
    out: list[_Tok] = []
    for position, tok in enumerate(run):
        if _splits(tok, position):
            break
        out.append(tok)
    return out[:5]


def _split(run: list[_Tok]) -> list[list[_Tok]]:
    """Runs cut at greetings, pronouns, weekdays and months: "Hi Ng Xin Yi" -> ["Ng Xin Yi"]."""
    parts: list[list[_Tok]] = [[]]
    for tok in run:
        if _splits(tok, len(parts[-1])):
            parts.append([])
        else:
            parts[-1].append(tok)
    return [p for p in parts if p and p[0].is_cap]


def _lead_in(toks: list[_Tok], i: int) -> tuple[str, float] | None:
    """An introducer ("my name is"), role or label ("holder", "Name:") or greeting right before token `i`,
    with the score it gives."""
    for width in (4, 3, 2, 1):
        if i - width < 0 or any(t.closed for t in toks[i - width : i - 1]):
            continue
        phrase = " ".join(t.lower for t in toks[i - width : i])
        if phrase in w.INTRODUCERS:
            return phrase, w.INTRODUCERS[phrase]
        last = toks[i - 1]
        labelled = not last.closed or last.trail.startswith(":")  # "Name: Ana Cruz", not "the contact. Ana"
        if labelled and phrase in w.ROLES:
            return phrase, w.ROLES[phrase]
        if width == 1 and phrase in w.GREETINGS:
            return phrase, 0.4
    return None


def _follow_up(toks: list[_Tok], j: int) -> float:
    """Words right after a name that confirm it: "(born 1990)", "adalah kurir kami" (a copula and a role)."""
    if j >= len(toks) or (toks[j - 1].closed and not toks[j].opened):
        return 0.0
    if toks[j].opened and toks[j].lower in w.BORN:
        return 0.6
    if j + 1 < len(toks) and toks[j].lower in w.COPULAS and not toks[j].closed:
        role = toks[j + 1] if toks[j + 1].lower not in ("our", "my", "the", "a", "an", "ang") else None
        if role is None and j + 2 < len(toks):
            role = toks[j + 2]
        if role is not None and role.lower in w.ROLES:
            return 0.55
    return 0.0
