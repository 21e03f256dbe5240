"""Whose act a cue's clause states (``kg.extract.zh.positions``): a cue is the spokesperson's act unless its clause
reports someone else's words, continues another actor as its subject, is the content of a demand or hope, is
negated, is aimed at China itself or is an act China receives. The word lists are those of ``lexicon-zh.ttl``
(``kg.extract.zh.grammar``).

>>> from kg.ontology import ontology_dir
>>> from kg.extract.zh.grammar import grammar_for
>>> g = grammar_for(ontology_dir().resolve())
>>> text = "有报道称日本反对此事。"
>>> reported(g, text, 0, text.index("反对")), reported(g, "中方坚决反对此事。", 0, 4)
(True, False)
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from kg.extract.zh.asked import CLAUSE_BREAK
from kg.extract.zh.entities import RULE_COMPOUND
from kg.extract.zh.grammar import Grammar
from kg.types import Mention

NEGATION_REACH = 4  # characters before a cue in which a negation reverses it ("并不反对", "从未支持过")
COORDINATED_VERBS = ("并", "和", "与")  # what joins two verbs of one subject ("希望并支持")
JOINT_REACH = 24  # characters after a hope in which its hoped-for outcome is named ("希望，在双方的共同努力下")
REPORT_ADVERBS = re.compile(r"(?:还|也|进一步|再次|同时|明确|在会上|在讲话中)+$")  # between a speaker and its verb
INCLUDING = re.compile(r"^包括[^。；，]{1,20}?在内的")  # "欢迎包括美国、加拿大智库学者在内的各界人士"


def clause_start(text: str, start: int, pos: int) -> int:
    return max([start] + [text.rfind(c, start, pos) + 1 for c in CLAUSE_BREAK])


def reported(g: Grammar, text: str, ss: int, pos: int) -> bool:
    """A report verb before ``pos`` in its clause, or closing an earlier clause ("美方称，…"), with no self
    subject before it; not one inside a noun of ``lex:zhNotReports`` ("这种说法不符合事实" judges a claim)."""
    if g.report is None:
        return False
    clause = clause_start(text, ss, pos)
    masked = text[:pos]
    for word in g.not_report:
        masked = masked.replace(word, "\0" * len(word))
    for m in g.report.finditer(masked, ss, pos):
        relayed = relayed_speaker(g, text, ss, m.start())
        closes = text[m.end() : m.end() + 1] in "，,：:" and (relayed or not self_subject_in(g, text, m.end(), pos))
        introduces = m.start() >= clause or closes
        if introduces and not any(w in text[ss : m.start()] for w in g.self_words):
            return True
    return False


def relayed_speaker(g: Grammar, text: str, ss: int, verb: int) -> bool:
    """A leader, an official or a document of ``lex:zhRelayedSpeakers`` is the subject of the report verb at
    ``verb`` ("秦刚国务委员强调，中国…", "李辉特代还强调，中方支持…", "联合声明指出，"): what follows is their
    statement relayed, even where a self word opens it (conventions v2, rule 9)."""
    lead = REPORT_ADVERBS.sub("", text[max(ss, verb - 12) : verb])
    return lead.endswith(g.relayed_speakers)


def negated(g: Grammar, text: str, ss: int, pos: int) -> bool:
    window = text[max(ss, pos - NEGATION_REACH) : pos]
    for word in g.not_negation:  # "不断", "不仅": words that begin like a negation but negate nothing
        window = window.replace(word, "\0" * len(word))
    return g.negation is not None and g.negation.search(window) is not None


def other_subject(g: Grammar, text: str, actors: Sequence[Mention], ss: int, pos: int) -> bool:
    """Another actor is the subject the cue continues ("美方反对", "安理会成员表示担忧，也呼吁…", "国际社会…共同努力"):
    the last actor (or phrase of ``lex:zhOtherSubjects``) of the sentence before ``pos``, with no self subject
    after it (one after a preposition, "向中方", is an object), none before it in its clause ("我们注意到美方…"),
    and no preposition or verb just before it that makes it an object ("对美方", "敦促美方")."""
    spans = [(m.start, m.end) for m in actors if ss <= m.start and m.end <= pos]
    for word in g.other_subjects:
        at = text.rfind(word, ss, pos)
        if at >= 0:
            spans.append((at, at + len(word)))
    if not spans:
        return False
    start, end = max(spans)
    if self_subject_in(g, text, end, pos):
        return False
    lead = text[clause_start(text, ss, start) : start]
    if any(w in lead for w in g.self_words):
        return False
    return not any(w in lead for w in g.object_markers)


def self_subject_in(g: Grammar, text: str, start: int, end: int) -> bool:
    """A self word in ``text[start:end]`` that is not the object of a preposition ("向中方", "同中方")."""
    for word in g.self_words:
        at = text.find(word, start, end)
        while at >= 0:
            if not any(text.endswith(marker, start, at) for marker in g.object_markers):
                return True
            at = text.find(word, at + 1, end)
    return False


def governed(g: Grammar, text: str, ss: int, pos: int) -> bool:
    """A verb of demand or hope (``lex:zhGoverningVerbs``) before ``pos`` in its clause: a judgement there is what
    the demand is about ("敦促美方停止抹黑中国", "希望美方摒弃冷战思维"), one act per clause by its main verb."""
    return g.governing is not None and g.governing.search(text, clause_start(text, ss, pos), pos) is not None


def hoped_of_others(g: Grammar, text: str, ss: int, pos: int) -> bool:
    """A verb of demand or hope before ``pos`` in its clause with no self word after it: what the spokesperson's
    side would do is what others are asked to do ("希望朝美双方相向而行", "敦促美方停止支持台当局"), the demand's or
    hope's content, not an act of its own (one act per clause by its main verb); "希望美方同中方相向而行", where
    China is a party, stays."""
    if g.governing is None:
        return False
    masked = text[:pos]
    for word in g.not_negation:  # "不得不采取必要的反制": no demand
        masked = masked.replace(word, "\0" * len(word))
    last = max(g.governing.finditer(masked, clause_start(text, ss, pos), pos), key=lambda m: m.start(), default=None)
    if last is None or text[last.end() : pos] in COORDINATED_VERBS:
        return False  # "希望并欢迎", "希望并支持": the spokesperson's side hopes and welcomes
    return not any(w in text[last.end() : pos] for w in g.self_words)


def object_words(g: Grammar, text: str, end: int) -> str:
    """The text after a cue from its object on, past an aspect particle (高度评价了中方) and a phrase of what the
    object includes ("包括美国学者在内的各界人士": the object is 各界人士)."""
    rest = text[end : end + 60]
    for particle in g.particles:
        rest = rest.removeprefix(particle)
    return INCLUDING.sub("", rest)


def aimed_at_self(g: Grammar, text: str, end: int) -> bool:
    """The cue's object is the spokesperson's side ("各方高度评价中方", "均赞赏中国在…", "全力支持中方抗疫"): someone
    else's act toward China, since China does not praise, back or urge itself; a self word that modifies a noun China
    acts for ("支持中国企业", ``lex:zhOwnSide``) is not China itself."""
    rest = object_words(g, text, end)
    word = next((w for w in sorted(g.self_words, key=len, reverse=True) if rest.startswith(w)), None)
    return word is not None and not rest[len(word) :].startswith(g.own_side)


def received(g: Grammar, text: str, ss: int, pos: int) -> bool:
    """An act China receives (``lex:zhReceivedActs``: support, welcome): a verb of receiving (``lex:zhReceivingVerbs``:
    "得到了…的理解和支持") or China as beneficiary (``lex:zhBeneficiaryMarkers`` + a self word: "摩方给予中方积极支持",
    "对中方表达了慰问和支持") before the cue in its clause, not a self word that modifies a noun China acts for
    ("对中国企业")."""
    clause = text[clause_start(text, ss, pos) : pos]
    if any(w in clause for w in g.receiving):
        return True
    for phrase in g.beneficiary:
        at = clause.find(phrase)
        if at >= 0 and not clause[at + len(phrase) :].startswith(g.own_side):
            return True
    return False


def joint_with_holder(text: str, m: Mention, g: Grammar) -> bool:
    """``m`` is a state of a compound that holds the spokesperson's own ("中美", "美中")."""
    own = g.own_abbreviation
    return bool(own) and m.rule == RULE_COMPOUND and own in (text[m.start - 1 : m.start], text[m.end : m.end + 1])


def joint_outcome(g: Grammar, text: str, actors: Sequence[Mention], end: int, stop: int) -> bool:
    """The hope ending at ``end`` is for an outcome China shares in (conventions v2, rule 9), not an appeal: in
    its hoped-for clause (past a comma right after the hope), a word of ``lex:zhJointOutcomes`` ("此访", "两国关系",
    "共同努力下") with no actor before it but one it qualifies ("希望梅首相此访取得积极成果"), or a compound that
    holds China and opens the clause ("希望中美两国各界都能够认识到")."""
    start = end + 1 if text[end : end + 1] in "，," else end
    cut = min((at for at in (text.find(c, start, stop) for c in CLAUSE_BREAK) if at >= 0), default=stop)
    clause_end = min(cut, start + JOINT_REACH)
    inside = [m for m in actors if start <= m.start < clause_end]
    # the compound opens the clause: "希望与会各方继续做中美地方交流的桥梁" asks the parties attending (an appeal)
    if (
        inside
        and len(text[start : inside[0].start]) <= len(g.own_abbreviation)
        and joint_with_holder(text, inside[0], g)
    ):
        return True
    for word in g.joint_outcomes:
        at = text.find(word, start, clause_end)
        if at >= 0 and all(m.end == at or m.start >= at for m in inside):
            return True
    return False


def joint_parties(g: Grammar, text: str, actors: Sequence[Mention], ss: int, se: int, cue: str) -> bool:
    """The parties a call opens with (``lex:zhJointParties``: "双方应…") are China and the other side, named as a
    compound that holds China before the call's sentence ends ("中美之间…，双方要坚持") or as two states
    (``lex:zhTwoStates``: "两国") in it: a hope for a joint outcome (conventions v2, rule 9), no appeal."""
    if not cue.startswith(g.joint_parties):
        return False
    joint = any(m.start < se and joint_with_holder(text, m, g) for m in actors)
    return joint or any(w in text[ss:se] for w in g.two_states)
