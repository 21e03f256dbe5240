"""Issue 12 on the Chinese originals, tenth round (derived on tests/dev/zh/zh-train-1.jsonl and zh-train-3, checked
on zh-train-2 and zh-train-4; tests/dev/zh/round10-notes.md): each kept change of the Chinese rules has its test
here, on hand-written sentences in the ministry's wording."""

from __future__ import annotations

from tests.test_zh_round9 import _acts


def _appeals(answer: str, question: str) -> set[tuple[str, str | None]]:
    return {(a, t) for a, t in _acts(answer, question) if a == "appeal"}


def test_a_hope_for_an_outcome_china_shares_in_is_no_appeal() -> None:
    # conventions v2, rule 9: a visit with China, the relation of the two, the two sides' joint effort
    q = "英国首相梅将访华，中方对此访有何期待？"
    assert _appeals("希望梅首相此访取得积极成果。", q) == set()
    assert _appeals("关于中英关系，我们希望两国关系能得到良好发展。", q) == set()
    assert _appeals("同时我们也希望，在双方的共同努力下，中英合作能够取得积极成果。", q) == set()
    # a compound that holds China as the hoped-for clause's first actor
    assert _appeals("希望中美两国各界都能够认识到经贸合作的好处。", "美方宣布加征关税，中方有何回应？") == set()
    # a meeting of others, or a hope addressed to the other side, stays an appeal
    asked = "朝美领导人将举行会晤，中方有何评论？"
    assert _appeals("我们希望朝美领导人会晤顺利举行并取得积极成果。", asked) == {("appeal", "PRK"), ("appeal", "USA")}
    tariffs = "美方宣布加征关税，中方有何回应？"
    assert ("appeal", "USA") in _appeals("希望美方同中方相向而行，推动两国关系重回正轨。", tariffs)


def test_a_leader_s_or_a_document_s_words_relayed_are_not_the_spokesperson_s_act() -> None:
    # conventions v2, rule 9: a statement relayed, even where a self word opens what is relayed
    q = "李辉特别代表访问欧洲有何成果？"
    assert _acts("李辉特代还强调，中方支持适时召开俄乌双方认可的国际和会。", q) == set()
    assert _acts("秦刚国务委员强调，中国始终视欧洲为全面战略伙伴，支持欧洲加强战略自主。", q) == set()
    assert _acts("双方发表的联合声明指出，中方反对任何单边制裁。", q) == set()
    # the spokesperson's own words after a report of a colleague's are still hers
    assert ("support", "UKR") in _acts("中方始终支持乌克兰的主权。", q)
    assert "support" in {a for a, _ in _acts("我愿再次强调，中方支持召开国际和会。", q)}


def test_more_pointers_back_are_no_comment_where_the_answer_adds_nothing() -> None:
    q = "中菲经贸联委会为何推迟举行？"
    assert _acts("刚刚我已经发布了消息。", q) == {("no_comment", None)}
    assert _acts("刚才我已经说过了。", q) == {("no_comment", None)}
    assert _acts("我刚才回答路透社记者提问时已经说过。", q) == {("no_comment", None)}
    assert _acts("我昨天已经说了。", q) == {("no_comment", None)}
    # "说过，…" restates a point the answer then makes: no pointer back
    assert "no_comment" not in {a for a, _ in _acts("我昨天也说过，双方可以通过协商解决分歧。", q)}
    assert "no_comment" not in {a for a, _ in _acts("我昨天说过，中方正在同有关国家商谈建立快捷通道。", q)}


def test_a_report_only_noted_is_no_comment_where_the_answer_adds_nothing() -> None:
    q = "据报道，美国将对伊朗实施新的制裁。中方对此有何评论？"
    assert _acts("我们注意到有关报道。", q) == {("no_comment", None)}
    assert _acts("中方注意到相关报道。", q) == {("no_comment", None)}
    # the answer goes on to state a position: that is the answer (conventions v2, rule 5)
    assert _acts("我们注意到有关报道。中方坚决反对美方的单边制裁。", q) == {("oppose", "USA")}
    # a report noted and then commented on is no bare noting
    assert "no_comment" not in {a for a, _ in _acts("我们注意到有关报道中美方的说法，这完全是造谣。", q)}


def test_cooperation_described_without_intent_is_not_coded() -> None:
    # conventions v2, rule 4: cooperation needs readiness, willingness, commitment or intent
    q = "瑞典方面就乔建军案有何进展？"
    assert "cooperate" not in {a for a, _ in _acts("中国与瑞典正就引渡乔建军开展合作。", q)}
    assert "cooperate" not in {a for a, _ in _acts("近年来，两国务实合作成果丰硕，在国际事务中密切合作。", q)}
    # stated with intent, it is cooperation
    assert ("cooperate", "SWE") in _acts("中方愿同瑞典加强执法合作。", q)
    assert ("cooperate", "SWE") in _acts("我们将继续同瑞方深化司法合作。", q)
    assert ("cooperate", "SWE") in _acts("中方会通过既有渠道与瑞方保持沟通。", q)
    # "同意" is no "同" (with): the parties agreed to cooperate
    asked = "中阿巴三方外长对话取得了哪些成果？"
    assert "cooperate" in {a for a, _ in _acts("三方同意加强中阿巴三方合作。", asked)}


def test_a_call_on_both_sides_where_china_is_one_is_no_appeal() -> None:
    # conventions v2, rule 9: "双方" of a relation China is part of
    q = "法国总统将访华，中方对此访有何期待？"
    assert "appeal" not in {a for a, _ in _acts("双方要用好高级别人文交流机制，进一步深化两国人文交流。", q)}
    assert "appeal" not in {a for a, _ in _acts("中美之间通过对话协商解决经贸摩擦，这是一个正确方向，双方要坚持。", q)}
    # both sides of a conflict China is no party to are called on
    asked = "印度和巴基斯坦在克什米尔地区发生冲突，中方有何评论？"
    assert {t for a, t in _acts("双方应保持克制，避免局势升级。", asked) if a == "appeal"} == {"IND", "PAK"}


def test_a_state_named_as_an_outlet_s_nationality_is_not_the_actor_asked_about() -> None:
    # conventions v2, rule 1: the claim is the newspaper's, not Japan's (lex:zhNonStateNouns)
    q = "日本《读卖新闻》发表评论文章称，中国政府应为疫情扩散负责。中方对此有何评论？"
    assert _acts("有关说法纯属无稽之谈。", q) == {("reject", None)}
    # the state's own conduct is still asked about
    by_state = "日本政府称，中国政府应为疫情扩散负责。中方对此有何评论？"
    assert _acts("有关说法纯属无稽之谈。", by_state) == {("reject", "JPN")}


def test_a_word_list_with_an_empty_or_padded_word_breaks_its_shape() -> None:
    # the round's word lists (lex:zhIntentWords, ...) are checked by ps:ZhWordListShape (ontology/shapes.ttl)
    from tests.test_zh_extract import _lexicon_conforms

    broken = """@prefix lex: <https://w3id.org/presskg/lexicon#> .
        lex:zhIntentWords lex:entry " 愿" .
        lex:zhBroken a lex:WordList ."""
    conforms, text = _lexicon_conforms(broken)
    assert not conforms and text.count("Constraint Violation") == 2
