"""The scorer's one pairing: measures and metrics pair only inside matched problems."""

from pipeline.evaluate import score
from pipeline.evaluate.pairing import pair, pair_notice
from pipeline.evaluate.scoring import misses


def _measure(ordinal, text, metrics=(), docs=()):
    return {"ordinal": ordinal, "text": text, "status": "reported", "documents": list(docs),
            "metrics": [{"value": v, "unit": u, "indicator": "x"} for v, u in metrics]}


GOLD = {"doc_id": "d", "problems": [
    {"index": 1, "title": "甲问题", "measures": [_measure(1, "清理台账12本", [(12, "本")]),
                                             _measure(2, "修订制度", docs=["管理办法"])]},
    {"index": 2, "title": "乙问题", "measures": [_measure(1, "整治河道3条", [(3, "条")])]},
], "organization_measures": [_measure(1, "成立领导小组")]}
PRED = {"doc_id": "d", "problems": [
    {"index": 1, "title": "甲问题", "measures": [_measure(1, "清理台账12本", [(12, "本")]),
                                             _measure(3, "新增一项", [(3, "条")])]},
    {"index": 2, "title": "丙问题", "measures": [_measure(1, "整治河道3条", [(3, "条")])]},
], "organization_measures": [_measure(1, "成立领导小组"), _measure(2, "召开会议")]}


def test_pair_is_one_to_one_in_order_and_keeps_the_leftovers():
    paired = pair([1, 1, 2, 5], [1, 2, 2, 7], key=lambda x: x)
    assert paired.pairs == [(1, 1), (2, 2)]
    assert (paired.gold_left, paired.pred_left) == ([1, 5], [2, 7])
    assert (paired.counts.tp, paired.counts.fp, paired.counts.fn) == (2, 2, 2)


def test_measures_and_metrics_pair_only_inside_matched_problems():
    pairing = pair_notice(GOLD, PRED)
    assert [(g["title"], p["title"]) for g, p in pairing.problems.pairs] == [("甲问题", "甲问题")]
    # 乙 and 丙 both hold measure 1 with 3条: no pair, since their problems do not match.
    assert [mp.where for mp in pairing.measure_pairs] == ["problem 1 › measure 1", "organisation measure 1"]
    assert pairing.measure_pairs[0].metrics.pairs[0][0]["value"] == 12
    assert pairing.measure_pairs[1].metrics is None
    fields = score({"d": GOLD}, {"d": PRED})["micro"]["fields"]
    assert (fields["metrics"]["tp"], fields["metrics"]["fp"], fields["metrics"]["fn"]) == (1, 2, 1)
    assert (fields["measures"]["tp"], fields["measures"]["fp"], fields["measures"]["fn"]) == (1, 2, 2)
    assert (fields["organization_measures"]["tp"], fields["organization_measures"]["fp"]) == (1, 1)
    found = misses(GOLD, PRED)
    assert [m["where"] for m in found["metrics"]["false_positives"]] == [
        "problem 2 › measure 1", "problem 1 › measure 3"]
    assert [m["text"] for m in found["documents"]["false_negatives"]] == ["管理办法"]
