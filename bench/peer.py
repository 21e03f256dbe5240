"""The naive peer: a small keyword extractor the benchmark measures presskg against (issue 16).

One process, regular expressions (tags, labels, dates, sentences, words, act keywords; country names and topic
cues are looked up word by word in dicts, as a regex alternation of a thousand names is slow), one pass per file,
one N-Triples file out. It reads the same input files as ``kg build`` (HTML pages and text transcripts, folders
recursively; markdown too, which presskg skips) and writes the core of the same vocabulary, with IRIs minted the
way presskg mints them:

- briefings: ``pk:Briefing`` with ``dcterms:title``, ``dcterms:date``, ``pk:spokesperson``, ``prov:wasDerivedFrom``
  a ``pk:SourceDocument`` with its ``pk:sha256``;
- statements (speech before the first question) and exchanges (a question, the answer that follows it):
  ``pk:Statement``, ``pk:Exchange``, ``pk:Question``, ``pk:Answer``, ``pk:inBriefing``, ``pk:ordinal``,
  ``pk:text``, ``pk:askedBy`` (the label before the question's colon, looked up in ``ontology/outlets.ttl``);
- ``pk:mentions`` of countries by name (pycountry's names and the labels of ``ontology/countries.ttl``);
- ``pk:topic`` where a cue of ``ontology/topics.ttl`` occurs (weak ``~`` cues ignored, ``*`` a word ending);
- ``pk:Position`` per answer or statement sentence where an act keyword (the table ``ACTS`` below) occurs:
  ``pk:act``, ``pk:holder`` China, ``pk:statedBy``, ``pk:target`` the first other country the sentence names,
  ``pk:evidence``, ``pk:start``, ``pk:end``;
- the outlets and countries it names, typed and labelled.

What it does not do (what presskg does and a keyword extractor cannot): no layouts beyond "label: text" paragraphs
(answers running over several paragraphs are joined to the answer before them), no year inference, no places,
organisations or persons, no demonyms ("Chinese", "American"), no negation, subject or reported-speech checks
on acts, no anaphora for targets, no reified mention and topic links with offsets and rules, no named graphs, no
store, no incremental builds, no Chinese pages (no date or label it knows), no SHACL, no exports but its one file.
It is what a competent afternoon's script would do, and the time it takes is the floor a design should be judged
against: reading, matching and writing the same files, without the guarantees.

    python bench/peer.py ../shared/corpus/fmprc-en --out /tmp/peer.nt
"""

from __future__ import annotations

import argparse
import hashlib
import html
import re
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology"
ID = "https://w3id.org/presskg/id/"
PK = "https://w3id.org/presskg/ontology#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
PROV_DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
SUFFIXES = {".html", ".htm", ".txt", ".md"}

# Act keywords, the peer's own naive table (presskg's cues in ontology/acts.ttl are frame-checked patterns).
ACTS = {
    "oppose": r"oppos(?:e|es|ed|ing)",
    "criticize": r"condemn(?:s|ed)?|criticiz(?:e|es|ed)",
    "reject": r"reject(?:s|ed)?|groundless|baseless",
    "demand": r"urg(?:e|es|ed)|demand(?:s|ed)?",
    "appeal": r"call(?:s|ed)? on|appeal(?:s|ed)? to",
    "warn": r"warn(?:s|ed)?",
    "support": r"support(?:s|ed)?",
    "welcome": r"welcom(?:e|es|ed)",
    "cooperate": r"cooperat(?:e|es|ed|ion) with",
    "protest": r"lodged (?:stern |solemn )?representations|protest(?:s|ed)? against",
    "concern": r"(?:deeply |gravely )?concerned",
    "no_comment": r"not aware of|no information|refer you to",
    "sovereignty": r"sovereignty|inalienable part|internal affairs",
}
ACT_RE = re.compile(r"\b(?:" + "|".join(f"(?P<{k}>{v})" for k, v in ACTS.items()) + r")\b", re.IGNORECASE)

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE_WORDS = re.compile(rf"\b({MONTHS})\s*(\d{{1,2}}),?\s+((?:19|20)\d\d)\b")
DATE_ISO = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")
TITLE = re.compile(r"Spokesperson (.+?)'s Regular Press Conference on [^\n]*\d{4}")
APOSTROPHES = "'\u2019"
LABELLED = re.compile(rf"^([A-Z][\w.{APOSTROPHES}&-]*(?: [\w.{APOSTROPHES}&-]+){{0,4}})\s*[:\uff1a]\s*(.*)$", re.DOTALL)
FOOTER = re.compile(r"^(?:Related News|Suggest to a friend|Print|Contact us|Copyright)", re.IGNORECASE)
SCRIPT = re.compile(r"(?is)<(script|style)\b.*?</\1>")
BLOCK_END = re.compile(r"(?i)<(?:br|/p|/div|/h\d|/li|/tr|/title)\b[^>]*>")
TAG = re.compile(r"<[^>]+>")
SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+|$)")
SLUG = re.compile(r"[^a-z0-9]+")
TOKEN = re.compile(rf"[\w{APOSTROPHES}]+(?:-[\w{APOSTROPHES}]+)*")


@dataclass(frozen=True, slots=True)
class Phrases:
    """A phrase table: phrases as tuples of tokens (``TOKEN``) -> a value; looked up word by word over a text's
    tokens, longest phrase first (a trie would be faster still; a dict of first words is enough)."""

    table: dict[tuple[str, ...], str]
    lengths: dict[str, tuple[int, ...]]  # first token -> the phrase lengths that start with it, longest first
    prefixes: dict[str, str]  # "sanction*" cues: stem -> value
    stem_lengths: tuple[int, ...]  # of the stems, longest first
    fold: bool  # compare in lower case


@dataclass(frozen=True, slots=True)
class Keywords:
    """What the peer matches, built once from the ontology's word lists."""

    outlets: dict[str, str]  # lowercase label -> key
    outlet_labels: dict[str, str]  # key -> label
    countries: Phrases  # name as written -> ISO3
    country_labels: dict[str, str]  # ISO3 -> label
    topics: tuple[Phrases, Phrases]  # cue -> notation: case-sensitive cues ("WHO"), the others in any case


@dataclass(frozen=True, slots=True)
class PeerFigures:
    files: int
    briefings: int
    exchanges: int
    statements: int
    positions: int
    triples: int
    skipped: int
    seconds: float
    cpu_seconds: float


def _ttl_blocks(path: Path, kind: str) -> Iterator[tuple[str, str]]:
    """(key, block text) of each ``kind:key a ...`` subject block of a Turtle file (blocks end at a blank line)."""
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        head = re.search(rf"^{kind}:([\w-]+) a ", block, re.MULTILINE)
        if head:
            yield head.group(1), block


def _literals(block: str, predicate: str) -> list[str]:
    out: list[str] = []
    for statement in re.finditer(rf"{predicate}\s+((?:\"[^\"]*\"(?:@\w+)?\s*,?\s*)+)", block):
        out.extend(re.findall(r"\"([^\"]*)\"", statement.group(1)))
    return out


def phrases(entries: dict[str, str], *, fold: bool) -> Phrases:
    """The phrase table of ``entries`` (phrase -> value); a phrase ending in ``*`` matches any word ending."""
    table: dict[tuple[str, ...], str] = {}
    prefixes: dict[str, str] = {}
    for phrase, value in entries.items():
        text = phrase.lower() if fold else phrase
        if text.endswith("*") and " " not in text:
            prefixes[text[:-1]] = value
        elif tokens := tuple(TOKEN.findall(text.rstrip("*"))):
            table.setdefault(tokens, value)
    lengths: dict[str, set[int]] = {}
    for tokens in table:
        lengths.setdefault(tokens[0], set()).add(len(tokens))
    ordered = {first: tuple(sorted(n, reverse=True)) for first, n in lengths.items()}
    stems = tuple(sorted({len(stem) for stem in prefixes}, reverse=True))
    return Phrases(table, ordered, prefixes, stems, fold)


def find(table: Phrases, tokens: Sequence[str]) -> Iterator[str]:
    """The values of the phrases that occur in ``tokens``, in order of occurrence (overlaps resolved leftmost,
    longest)."""
    i = 0
    while i < len(tokens):
        word = tokens[i].lower() if table.fold else tokens[i]
        step = 1
        for n in table.lengths.get(word, ()):
            candidate = tuple(t.lower() for t in tokens[i : i + n]) if table.fold else tuple(tokens[i : i + n])
            if candidate in table.table:
                yield table.table[candidate]
                step = n
                break
        else:
            for n in table.stem_lengths:
                if word[:n] in table.prefixes:
                    yield table.prefixes[word[:n]]
                    break
        i += step


def load_keywords(ontology: Path = ONTOLOGY) -> Keywords:
    import pycountry

    outlets: dict[str, str] = {}
    outlet_labels: dict[str, str] = {}
    for key, block in _ttl_blocks(ontology / "outlets.ttl", "outlet"):
        labels = _literals(block, "rdfs:label") + _literals(block, "skos:altLabel")
        outlet_labels[key] = labels[0] if labels else key
        outlets.update({label.lower(): key for label in labels})
    country_of: dict[str, str] = {}
    country_labels: dict[str, str] = {}
    for c in pycountry.countries:
        country_labels[c.alpha_3] = c.name
        country_of[c.name] = c.alpha_3
    for key, block in _ttl_blocks(ontology / "countries.ttl", "country"):
        labels = _literals(block, "rdfs:label") + _literals(block, "skos:altLabel")
        if labels:
            country_labels[key] = labels[0]
        country_of.update(dict.fromkeys(labels, key))
    exact: dict[str, str] = {}
    folded: dict[str, str] = {}
    for _key, block in _ttl_blocks(ontology / "topics.ttl", "topic"):
        notation = _literals(block, "skos:notation")
        for cue in (c.lstrip("!") for c in _literals(block, "pk:cue") if not c.startswith("~")):
            # As presskg's cue syntax says: a capital inside a word ("WHO", "TikTok") makes a cue case-sensitive.
            (exact if re.search(r"\w[A-Z]", cue) else folded).setdefault(cue, notation[0])
    topics = (phrases(exact, fold=False), phrases(folded, fold=True))
    return Keywords(outlets, outlet_labels, phrases(country_of, fold=False), country_labels, topics)


def text_lines(data: bytes, suffix: str) -> list[str]:
    """The non-empty lines of a file, tags stripped from HTML."""
    text = data.decode("utf-8", errors="replace")
    if suffix in {".html", ".htm"}:
        text = html.unescape(TAG.sub("", BLOCK_END.sub("\n", SCRIPT.sub("", text))))
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _lit(value: str, datatype: str | None = None) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"' + (f"^^<{datatype}>" if datatype else "")


def _slug(text: str) -> str:
    return SLUG.sub("-", text.lower()).strip("-")


class _Writer:
    """Collects N-Triples lines and the entities they name (typed and labelled once, at the end)."""

    def __init__(self) -> None:
        self.lines: dict[str, None] = {}  # an ordered set: a topic found in question and answer is one triple
        self.outlets: set[str] = set()
        self.countries: set[str] = set()

    def add(self, s: str, p: str, o: str) -> None:
        self.lines[f"{s} {p} {o} .\n"] = None


def _pk(term: str) -> str:
    return f"<{PK}{term}>"


def _turn(w: _Writer, kw: Keywords, node: str, text: str) -> list[str]:
    """A turn's text and country mentions; returns its tokens."""
    w.add(node, _pk("text"), _lit(text))
    tokens = TOKEN.findall(text)
    for iso3 in dict.fromkeys(find(kw.countries, tokens)):
        w.countries.add(iso3)
        w.add(node, _pk("mentions"), f"<{ID}country/{iso3}>")
    return tokens


def _topics(w: _Writer, kw: Keywords, unit: str, tokens: Sequence[str]) -> None:
    found = dict.fromkeys(n for table in kw.topics for n in find(table, tokens))
    for notation in sorted(found):
        w.add(unit, _pk("topic"), f"<{ID}topic/{notation}>")


def _positions(
    w: _Writer, kw: Keywords, unit: str, link: str, key_turn: tuple[str, str], text: str, speaker: str
) -> int:
    """A position per sentence of a spokesperson's turn where an act keyword occurs; returns how many."""
    count = 0
    for sentence in SENTENCE.finditer(text):
        m = ACT_RE.search(sentence.group())
        if m is None or m.lastgroup is None:
            continue
        start, end = sentence.start(), sentence.end()
        act = m.lastgroup
        node = f"<{ID}briefing/{key_turn[0]}/position/{key_turn[1]}-{start}-{act}>"
        w.add(node, RDF_TYPE, _pk("Position"))
        w.add(node, _pk(link), unit)
        w.add(node, _pk("act"), f"<{ID}act/{act}>")
        w.add(node, _pk("holder"), f"<{ID}country/CHN>")
        if speaker:
            w.add(node, _pk("statedBy"), f"<{ID}spokesperson/{_slug(speaker)}>")
        target = next((c for c in find(kw.countries, TOKEN.findall(sentence.group())) if c != "CHN"), None)
        if target:
            w.add(node, _pk("target"), f"<{ID}country/{target}>")
        w.add(node, _pk("evidence"), _lit(sentence.group().strip()))
        w.add(node, _pk("start"), _lit(str(start), XSD + "integer"))
        w.add(node, _pk("end"), _lit(str(end), XSD + "integer"))
        count += 1
    return count


def _date(lines: Sequence[str]) -> str | None:
    for line in lines[:200]:
        m = DATE_WORDS.search(line)
        if m:
            month = MONTHS.split("|").index(m.group(1)) + 1
            return f"{m.group(3)}-{month:02d}-{int(m.group(2)):02d}"
        iso = DATE_ISO.search(line)
        if iso:
            return iso.group(0)
    return None


def _units(lines: Sequence[str], kw: Keywords) -> Iterator[tuple[str, str | None, str]]:
    """(kind, outlet key or None, text): each paragraph before the first question a "statement"; then "question"
    and "answer" turns, each with the unlabelled paragraphs that follow it. A question opens with ``Q:`` or an
    outlet's label; the first other label after a question opens the answer, and that label (or ``A:``) goes on
    with it; any other label after an answer opens a question (of an outlet the gazetteer lacks)."""
    kind, outlet, answerer, parts = "statement", None, "", []  # type: tuple[str, str | None, str, list[str]]
    for line in lines:
        if FOOTER.match(line):
            break
        m = LABELLED.match(line)
        label = m.group(1).strip().lower().removesuffix(" reporter") if m else ""
        if m and (label == "q" or label in kw.outlets or (kind == "answer" and label not in {"a", answerer})):
            if parts:
                yield kind, outlet, "\n".join(parts)
            kind, outlet, parts = "question", kw.outlets.get(label), [m.group(2)]
        elif m and kind == "question":
            yield kind, outlet, "\n".join(parts)
            kind, answerer, parts = "answer", label, [m.group(2)]
        elif kind == "statement":
            yield kind, None, line
        else:
            parts.append(m.group(2) if m else line)
    if parts:
        yield kind, outlet, "\n".join(parts)


def extract_file(path: Path, kw: Keywords, w: _Writer) -> tuple[int, int, int] | None:
    """Append one file's triples; (exchanges, statements, positions), or None where it holds no dated briefing."""
    data = path.read_bytes()
    lines = text_lines(data, path.suffix.lower())
    # The page's <title> and its heading carry the title (and "Related News" other titles): the article starts
    # after the heading, the second line that reads as the first.
    title_at = next((i for i, line in enumerate(lines) if TITLE.search(line)), None)
    if title_at is not None:
        title_at = next((i for i in range(title_at + 1, len(lines)) if lines[i] == lines[title_at]), title_at)
    date = _date(lines[title_at:] if title_at is not None else lines)
    if date is None:
        return None
    title = lines[title_at] if title_at is not None else (lines[0] if lines else path.name)
    found = TITLE.search(title)
    speaker = found.group(1).strip() if found else ""
    key = path.stem
    b, src = f"<{ID}briefing/{key}>", f"<{ID}source/{key}>"
    w.add(b, RDF_TYPE, _pk("Briefing"))
    w.add(b, f"<{DCT}title>", _lit(title))
    w.add(b, f"<{DCT}date>", _lit(date, XSD + "date"))
    if speaker:
        w.add(b, _pk("spokesperson"), f"<{ID}spokesperson/{_slug(speaker)}>")
    w.add(b, PROV_DERIVED, src)
    w.add(src, RDF_TYPE, _pk("SourceDocument"))
    w.add(src, _pk("sha256"), _lit(hashlib.sha256(data).hexdigest()))
    body = lines[title_at + 1 :] if title_at is not None else lines
    exchanges = statements = positions = 0
    exchange = ""
    for kind, outlet, text in _units(body, kw):
        if kind == "statement":
            statements += 1
            unit = f"<{ID}briefing/{key}/statement/{statements}>"
            w.add(unit, RDF_TYPE, _pk("Statement"))
            w.add(unit, _pk("inBriefing"), b)
            w.add(unit, _pk("ordinal"), _lit(str(statements), XSD + "integer"))
            _topics(w, kw, unit, _turn(w, kw, unit, text))
            positions += _positions(w, kw, unit, "inStatement", (key, f"s{statements}"), text, speaker)
        elif kind == "question":
            exchanges += 1
            exchange = f"<{ID}briefing/{key}/exchange/{exchanges}>"
            w.add(exchange, RDF_TYPE, _pk("Exchange"))
            w.add(exchange, _pk("inBriefing"), b)
            w.add(exchange, _pk("ordinal"), _lit(str(exchanges), XSD + "integer"))
            if outlet:
                w.outlets.add(outlet)
                w.add(exchange, _pk("askedBy"), f"<{ID}outlet/{outlet}>")
            question = f"<{ID}briefing/{key}/exchange/{exchanges}/question>"
            w.add(exchange, _pk("question"), question)
            w.add(question, RDF_TYPE, _pk("Question"))
            _topics(w, kw, exchange, _turn(w, kw, question, text))
        elif kind == "answer" and exchange:
            answer = f"<{ID}briefing/{key}/exchange/{exchanges}/answer>"
            w.add(exchange, _pk("answer"), answer)
            w.add(answer, RDF_TYPE, _pk("Answer"))
            _topics(w, kw, exchange, _turn(w, kw, answer, text))
            positions += _positions(w, kw, exchange, "inExchange", (key, f"e{exchanges}a"), text, speaker)
    return exchanges, statements, positions


def input_files(paths: Sequence[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        found = sorted(p.rglob("*")) if p.is_dir() else [p]
        out.extend(f for f in found if f.is_file() and f.suffix.lower() in SUFFIXES)
    return out


def run_peer(paths: Sequence[Path], out: Path) -> PeerFigures:
    """Extract every file of ``paths`` and write one N-Triples file ``out``: the peer's whole build."""
    started, cpu = time.perf_counter(), time.process_time()
    kw = load_keywords()
    w = _Writer()
    files = input_files(paths)
    briefings = exchanges = statements = positions = skipped = 0
    for path in files:
        counts = extract_file(path, kw, w)
        if counts is None:
            skipped += 1
            continue
        briefings += 1
        exchanges, statements, positions = exchanges + counts[0], statements + counts[1], positions + counts[2]
    for key in sorted(w.outlets):
        w.add(f"<{ID}outlet/{key}>", RDF_TYPE, _pk("Outlet"))
        w.add(f"<{ID}outlet/{key}>", LABEL, _lit(kw.outlet_labels.get(key, key)))
    for iso3 in sorted(w.countries):
        w.add(f"<{ID}country/{iso3}>", RDF_TYPE, _pk("Country"))
        w.add(f"<{ID}country/{iso3}>", LABEL, _lit(kw.country_labels.get(iso3, iso3)))
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as f:
        f.writelines(w.lines)
    return PeerFigures(
        files=len(files),
        briefings=briefings,
        exchanges=exchanges,
        statements=statements,
        positions=positions,
        triples=len(w.lines),
        skipped=skipped,
        seconds=time.perf_counter() - started,
        cpu_seconds=time.process_time() - cpu,
    )


def main(argv: Sequence[str] | None = None) -> PeerFigures:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=Path("peer.nt"))
    args = parser.parse_args(argv)
    figures = run_peer(args.paths, args.out)
    print(figures, file=sys.stderr)
    return figures


if __name__ == "__main__":
    main()
