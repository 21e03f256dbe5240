"""The positions the spokesperson states: which act, toward whom, on what, in which sentence.

The acts and their cue patterns are data (``ontology/acts.ttl``); this package holds the grammar that decides
whether a cue match is the spokesperson's own act. For every answer and statement it runs one combined pattern
per act over the turn, then checks each match against its cue's *frame* (is the spokesperson's side the
subject? is it negated? is someone else's stance being reported?), and resolves the target: an actor named in
the clause, else a phrase pointing back ("they", "the relevant country") resolved from the previous sentence or
the question. One position per sentence and (act, target); the evidence is the sentence as written.

The stages, one module each:

- ``lexicon``: the cues of ``acts.ttl`` compiled, and every cue match in a turn;
- ``turn``: what the stages read of one turn (its text, sentences, actors) and the verdicts they pass on;
- ``frames``: whether a match is the spokesperson's own act, negated or not;
- ``actors``: the exchange's actors (the question's by part, the pair it names, the states it is about);
- ``targets``: whom each act is aimed at, by one resolver (pointers back, groups);
- ``inference``: which rule inferred a target the evidence does not name, and which inferred targets an act keeps;
- ``assembly``: one position per sentence and (act, target), in briefing order;
- ``learned``: the learned check of every candidate the cues find (``train``: its training and cross-validation).

Decisions
- Negation blocks an act ("China has never opposed ...", "We do not support ..."); cues with polarity ``neg``
  turn a negated verb into its own act: "do not support/endorse" is *oppose*, "cannot accept / do not agree
  with" is *reject*, "I'm not aware" is *no_comment*. "should not" keeps a demand a demand.
- A clause that reports someone else's words ("Russia said it opposes ...", "The US accused China of ...")
  yields nothing, unless the spokesperson's side speaks first ("As I said, we oppose ...").
- Targets are states and organisations; a person stands for the state the gazetteer says they serve.
  China (the holder), places and outlets are never targets. "All parties", "the international community"
  leave the target empty.
- The speaker's subject also governs predicates coordinated with its own ("We have noted the reports and
  welcome ..."), but not past a subordinate clause or a call on someone else ("We urge the US to X and Y");
  "China and ASEAN will deepen cooperation" names the partner in the subject.
- A verb's object ends at the next verb of the speaker ("opposes the use of chemical weapons ... and supports
  the OPCW"); an actor that undergoes the object ("sanctions against Iran") is no target.
- An evaluation that names no one ("So-called 'cover-up' is groundless") aims at the actor the question is about;
  in a multi-part question, at the actor of the part the answer takes up ("On your second question, ...").
  Evaluations in the speaker's own clause ("China opposes so-called long-arm jurisdiction by certain country")
  count only where they name whom they accuse.
- Plural pointers ("the relevant countries") mean the question's actor only where it names one; "they" after a
  sentence whose subject is a place ("the DPP authorities in Taiwan have ...") refers to no target. "The two
  sides" and "both countries" are the two actors last named together (in the answer, else the question); "our
  two sides" includes China and names no one. "All parties, including Russia" names Russia.
- Accusations need someone accused: "any attempt to smear China", bare "attempts to sow discord" and "anything
  that undermines" are hypotheses and criticize no one (they may still warn). Where an evaluation's subject is a
  pronoun ("It has undermined the authority of the Security Council"), the pronoun's referent is accused, not
  the organisation in the object; an organisation owning rules ("the WTO rule") is no target.
- Contractions negate like their full forms ("haven't seen", "don't support"); a passive is no report ("whether it
  will be added"), nor is insisting on a course; opinions others "think" are reported unless the speaker asks.
- "X should be upheld" (a passive after a modal) demands nothing of X; "It should stop ..." demands of what "it"
  points to, "they should" only of actors named in that sentence or the one before.

>>> from kg.types import Briefing, Exchange, Role, Source, Layout, Turn, Mention, EntityKind
>>> q = Turn(Role.QUESTION, 1, None, "The US has imposed visa restrictions. What is your response?")
>>> a = Turn(Role.ANSWER, 1, "Lu Kang", "We firmly oppose this. We urge the US side to stop.")
>>> b = Briefing("b", Source("p", "p", ""), Layout.TEXT, "t", None, False, "Lu Kang", "MFA", (),
...              (Exchange(1, q, a, None),))
>>> us = [Mention("e1q", 4, 6, "US", EntityKind.COUNTRY, "USA", "test"),
...       Mention("e1a", 34, 36, "US", EntityKind.COUNTRY, "USA", "test")]
>>> [(p.act, p.target.key if p.target else None, p.intensity, p.evidence) for p in extract_positions(b, us)]
[('oppose', 'USA', 'firmly', 'We firmly oppose this.'), ('demand', 'USA', None, 'We urge the US side to stop.')]
"""

from kg.extract.positions.assembly import extract_positions
from kg.extract.positions.lexicon import ActCue, ActLexicon, load_act_lexicon

__all__ = ["ActCue", "ActLexicon", "extract_positions", "load_act_lexicon"]
