"""Unseen layouts, second batch: ten notices written from the contract alone.

Every expected value below was derived from ``docs/CONTRACT.md`` (and the way the gold of the
bundled sample reads it), never from the extractor. The fixtures in ``fixtures/unseen2`` use
layouts the extractor was not tuned on: an old GB2312 table page, Markdown, problem statements
followed by numbered measures, ①②③ inside a paragraph, full-width indents and dots, a
state-enterprise "回头看" with a summary, a group without an ordinal, a 14 KB one-line notice,
number and status edge cases.

Measures are keyed by the first 8 characters of their text as written; organisation
measures by those characters only. How the records are written and checked:
``tests/expect.py``.
"""

from __future__ import annotations

import pytest

from .expect import C, I, M, P, R, cases

EXPECTED: dict[str, dict] = {}


# ----------------------------------------------------------------------------------------------
# 1. Old-style city government page: GB2312 bytes, <table> layout, <br> paragraphs, &nbsp; indents.
EXPECTED["city-bureau-gb2312.html"] = dict(
    # The headline in the page body, not the <title> element (which carries the site suffix).
    title="中共江州市交通运输局党组关于市委第三轮巡察整改进展情况的通报",
    # The signature, not the page's 来源：市纪委监委.
    issuer="中共江州市交通运输局党组",
    # The signature date wins over the labelled 发布时间：2023-11-08.
    published_on="2023-11-06",
    inspection=dict(
        level="city",
        kind="常规",
        round=3,  # 第三轮 (written in the title) -> 3
        group="市委第二巡察组",
        target="中共江州市交通运输局党组",
        start_on="2023-04-10",
        end_on="2023-05-31",
        feedback_on="2023-07-12",
    ),
    contact=dict(
        phones=["0573-82651234"],
        emails=["jzjtdj@163.com"],
        addresses=["江州市中山东路1088号江州市交通运输局机关党委"],  # label and 邮编 dropped
    ),
    summary=[
        ("problems_total", 15, "个"),
        ("problems_completed", 13, "个"),
        ("problems_in_progress", 2, "个"),
        ("completion_rate", 86.7, "%"),
    ],
    organization_measures=["提高政治站位，压", "坚持统筹推进，强"],
    problems=[
        P(1, "落实全面从严治党主体责任不够到位", [
            M(1, R, "局党组召开专题会",
              [(3, "次", None), (26, "项", None)], ["局党组落实全面从严治党主体责任清单"]),
            M(2, C, "开展廉政风险点排", [(48, "个", None), (62, "条", None)]),  # 共 is not a qualifier
        ]),
        P(2, "工程建设项目监管存在漏洞", [
            M(1, I, "对2021年以来",
              [(17, "个", None), (23, "个", None), (21, "个", None), (2, "个", None)]),
            M(2, R, "修订《江州市交通", [], ["江州市交通建设工程项目管理办法"]),
            M(3, C, "追缴多支付的工程", [(86.5, "万元", None)]),
        ]),
        # 年度干部教育培训计划 names a plan (a noun), it does not say "plan to".
        P(3, "干部队伍建设存在短板", [
            M(1, R, "制定年度干部教育", [(4, "期", None), (320, "人次", "余")]),
            M(2, I, "选派5名年轻干部", [(5, "名", None)]),
        ]),
    ],
)


# ----------------------------------------------------------------------------------------------
# 2. Markdown. Reading: Markdown markup is layout, not text. Titles drop "# " and "**";
#    list markers ("- ", "1. ") are ordinal markers and are excluded from measure text like 一是;
#    measure text is otherwise the source slice as written (so spans stay exact).
EXPECTED["markdown.md"] = dict(
    title="中共青川县教育局党组关于县委第五轮巡察整改情况的通报",
    issuer="中共青川县教育局党组",
    published_on="2024-09-02",
    inspection=dict(
        # The “回头看” in the next-steps section is the unit's own plan, not this inspection's kind.
        level="county",
        kind="常规",
        round=5,
        group="县委第二巡察组",
        target="中共青川县教育局党组",
        start_on="2024-03-18",
        end_on="2024-05-10",
        feedback_on="2024-06-20",
    ),
    contact=dict(phones=["0839-6221234"], emails=["qcxjyjdz@163.com"], addresses=[]),
    summary=[
        ("problems_total", 9, "个"),
        ("problems_completed", 8, "个"),
        ("completion_rate", 88.9, "%"),
    ],
    organization_measures=["强化组织领导。成", "强化督导问效。领"],
    problems=[
        P(1, "落实‘双减’政策不够有力", [  # inner quotes kept as written, no "**"
            M(1, R, "开展校外培训机构", [(6, "次", None), (3, "家", None)]),
            M(2, C, "制定《青川县中小", [(48, "所", None)], ["青川县中小学作业管理实施细则"]),
            M(3, R, "丰富课后服务内容", [(260, "门", "余"), (96.5, "%", None)]),
        ]),
        # A "1." list under a bold "**2. …**" heading: the list items are measures, not problems.
        P(2, "校园安全管理存在薄弱环节", [
            M(1, C, "开展校园安全隐患", [(57, "处", None)]),
            M(2, C, "投入资金320万", [(320, "万元", None), (12, "所", None)]),
            M(3, I, "正在推进县第三中"),
        ]),
        P(3, "教师队伍管理不够规范", [
            M(1, R, "开展在职教师有偿", [(1860, "份", None), (2, "名", None)]),
            M(2, I, "对2019年以来", [(14, "名", None), (3, "名", None)]),
        ]),
    ],
)


# ----------------------------------------------------------------------------------------------
# 3. Each problem is a full statement (（一）X。巡察指出：…) followed by "整改情况：" and 1. 2. 3.
EXPECTED["problem-statement-then-measures.txt"] = dict(
    title="中共临溪镇委员会关于县委巡察整改进展情况的通报",
    issuer="中共临溪镇委员会",
    published_on="2024-03-05",
    inspection=dict(
        level="county",
        kind="常规",
        round=None,
        group="县委第三巡察组",
        target="中共临溪镇委员会",
        start_on="2023-09-04",
        end_on="2023-10-20",
        feedback_on="2023-11-28",
    ),
    contact=dict(phones=["0596-7361234"], emails=[], addresses=["临溪镇人民政府党政办公室"]),
    summary=[],
    # Inline 一是/二是/三是 after a lead sentence; the lead belongs to no measure.
    organization_measures=["成立以镇党委书记", "对照反馈意见逐条", "镇纪委全程跟踪督"],
    problems=[
        # Title = the statement's first sentence, as in a ledger; the 巡察指出 part is not the name.
        # The 巡察指出 statement (with its "3个村") is the problem, not a measure.
        P(1, "党建引领作用发挥不充分", [
            M(1, C, "开展软弱涣散村党", [(3, "个", None)]),
            M(2, R, "选派4名镇机关优", [(4, "名", None), (11, "名", None), (8, "名", None)]),
            M(3, R, "盘活闲置村级活动", [(16, "个", None)]),
        ]),
        P(2, "集体经济发展不平衡", [
            M(1, R, "制定《临溪镇村级", [(9, "个", None)], ["临溪镇村级集体经济发展三年行动方案"]),
            M(2, R, "整合涉农资金45", [(450, "万元", None), (60, "万元", None)]),
            M(3, I, "目前集体经济薄弱", [(5, "个", None), (2, "个", None), (2, "个", None)]),
        ]),
        P(3, "信访矛盾化解不及时", [
            M(1, C, "对2022年以来", [(7, "件", None)]),
            M(2, I, "建立镇领导干部接", [(1, "件", None)]),
        ]),
    ],
)


# ----------------------------------------------------------------------------------------------
# 4. Measures numbered ①②③ inside one paragraph, sometimes after a lead-in clause.
EXPECTED["circled-numbers.txt"] = dict(
    title="中共江州市人民医院委员会关于市委巡察整改进展情况的通报",
    issuer="中共江州市人民医院委员会",
    published_on="2023-12-18",
    inspection=dict(
        level="city",
        kind="常规",
        round=None,
        group="市委第四巡察组",
        target="中共江州市人民医院委员会",
        start_on="2023-05-08",
        end_on="2023-06-30",
        feedback_on="2023-08-16",
    ),
    contact=dict(phones=["0573-82089120"], emails=["jzrmyyjw@163.com"], addresses=[]),
    # Meetings held to organise the work (召开…研究整改工作6次) are an organisation measure's
    # figure, not the rectification's (the project's reading, shared by the blind gold sets
    # heldout2 and heldout3; the contract's own example is 专题民主生活会N次).
    summary=[],
    organization_measures=["加强组织领导。医", "完善工作机制。建"],
    problems=[
        P(1, "党委把方向、管大局作用发挥不充分", [
            M(1, R, "修订《医院党委会", [(28, "项", None)], ["医院党委会议和院长办公会议议事规则"]),
            M(2, R, "严格执行“三重一", [(41, "项", None)]),
            M(3, R, "建立党委领导班子", [(1, "次", "以上")]),
        ]),
        P(2, "医疗服务质量和管理水平有待提升", [  # 有待 in a title is no status
            M(1, C, "开展医疗质量安全", [(1500, "份", None), (86, "份", None)]),
            M(2, R, "优化门诊就诊流程", [(18, "分钟", None)]),  # a measured waiting time, not a date
            M(3, I, "推进智慧医院建设"),
        ]),
        # 公务接待: 待 inside 接待 is not "awaiting".
        P(3, "落实中央八项规定精神不够严格", [
            M(1, R, "对2021年以来", [(3.2, "万元", None)]),
            M(2, C, "修订《医院公务用", [], ["医院公务用车管理办法"]),
            M(3, R, "对相关责任人进行", [(2, "人次", None)]),
        ]),
    ],
)


# ----------------------------------------------------------------------------------------------
# 5. One line per paragraph with 　　 indents, 1．(full-width dot) headings, （1） measures,
#    1,200万元 thousands separators, a full-width digit (６处), decimals, 2024年1月—3月.
EXPECTED["mixed-width-spaces.txt"] = dict(
    title="中共江州市南湖区东栅街道工作委员会关于区委巡察整改情况的通报",  # without the indent
    issuer="中共江州市南湖区东栅街道工作委员会",
    published_on="2024-04-12",
    inspection=dict(
        level="county",  # 区委 is county level
        kind="常规",
        round=None,
        group="区委第一巡察组",
        target="中共江州市南湖区东栅街道工作委员会",
        start_on="2023-10-16",
        end_on="2023-12-01",
        feedback_on="2024-01-10",
    ),
    contact=dict(phones=["0573-82071234"], emails=["dzjddgw@126.com"], addresses=[]),
    # 整改专题会议5次 counts meetings held to organise the work: no summary figure (see above).
    summary=[],
    organization_measures=["压紧压实整改责任", "健全整改推进机制"],
    problems=[
        P(1, "村级集体资产管理不规范", [
            M(1, R, "对辖区8个村（社",
              [(8, "个", None), (1200, "万元", None), (3456.8, "万元", None)]),
            M(2, C, "收回被长期无偿占", [(6, "处", None), (1850, "平方米", None)]),  # ６ is a full-width Arabic digit
            M(3, C, "推行村级小微权力"),
        ]),
        P(2, "惠民政策落实有偏差", [
            M(1, R, "对2021年以来", [(17, "户", None), (8.65, "万元", None)]),
            M(2, R, "规范临时救助审批", [(2.1, "%", None), (0.5, "%", None), (53.3, "%", None)]),
            M(3, R, "开展“政策进万家", [(2000, "份", "余")]),
        ]),
        P(3, "安全生产监管存在盲区", [
            M(1, I, "2024年1月—",
              [(326, "家次", None), (412, "处", None), (398, "处", None), (14, "处", None)]),
            M(2, R, "投入资金56万元", [(56, "万元", None), (1050, "个", None)]),
        ]),
    ],
)


# ----------------------------------------------------------------------------------------------
# 6. State enterprise, group Party committee's 巡察“回头看”, ledger-style problems under
#    （一）…方面 groups, summary figures in 一、整改工作总体情况.
EXPECTED["state-enterprise-huikan.txt"] = dict(
    title="中共江南能源物流有限公司委员会关于集团党委巡察“回头看”整改情况的通报",
    issuer="中共江南能源物流有限公司委员会",
    published_on="2024-02-26",
    inspection=dict(
        # sent by 集团党委; 2023年第二轮巡察
        level="unit",
        kind="回头看",
        round=2,
        group="集团党委第二巡察组",
        target="中共江南能源物流有限公司委员会",
        start_on="2023-08-21",
        end_on="2023-09-22",
        feedback_on="2023-10-30",
    ),
    contact=dict(
        phones=["0571-86901234"],
        emails=[],
        addresses=["浙江省杭州市滨江区江南大道588号物流公司党委办公室"],
    ),
    summary=[
        # 4个方面 only groups the 12 problems: no figure of its own (the blind gold sets agree).
        ("problems_total", 12, "个"),
        ("other", 45, "条"),  # 整改措施45条
        ("other", 43, "条"),  # 已完成整改43条 counts measures (of the 45), not problems
        ("completion_rate", 95.6, "%"),
        ("rules_established", 18, "项"),
        ("funds_recovered", 35.2, "万元"),
        ("people_disciplined", 1, "人"),
        ("people_disciplined", 2, "人"),
        ("people_disciplined", 5, "人"),
    ],
    # 整改工作总体情况 plays the 整改工作组织情况 role; its unnumbered summary lead is no measure.
    organization_measures=["扛牢整改主体责任", "强化整改监督检查"],
    problems=[
        P(1, "“三重一大”决策制度执行不严格", category="前次巡察反馈问题整改不到位方面", measures=[
            M(1, R, "修订《物流公司“", [], ["物流公司“三重一大”决策制度实施办法"]),
            M(2, R, "对2021年以来", [(136, "项", None), (9, "项", None)]),
            M(3, R, "对相关责任人进行", [(3, "人", None)]),
        ]),
        # A 整改情况 with no 一是: one measure, its text after the "整改情况：" label.
        P(2, "物资采购管理不规范", category="前次巡察反馈问题整改不到位方面", measures=[
            M(1, C, "出台《物资采购管", [], ["物资采购管理规定"]),
        ]),
        P(3, "应收账款清收不力", category="新发现问题整改方面", measures=[
            M(1, R, "成立应收账款清收"),
            M(2, I, "已清收应收账款2", [(2860, "万元", None), (640, "万元", None)]),
        ]),
        P(4, "安全生产责任落实不到位", category="新发现问题整改方面", measures=[
            M(1, R, "对所属14个仓储", [(14, "个", None), (230, "具", None)]),
            M(2, R, "开展全员安全培训", [(4, "期", None), (680, "人次", None)]),
        ]),
    ],
)


# ----------------------------------------------------------------------------------------------
# 7. County, group named without an ordinal, on-site period in months only, a 信箱 address.
EXPECTED["county-no-group-number.txt"] = dict(
    title="中共平川县自然资源局党组关于县委专项巡察整改进展情况的通报",
    issuer="中共平川县自然资源局党组",
    published_on="2023-09-15",
    inspection=dict(
        level="county",
        kind="专项",
        round=None,
        group="县委巡察组",
        target="平川县自然资源局党组",
        # "2023年3月至4月" names no day: the on-site dates are unknown, not the 1st of the month.
        start_on=None,
        end_on=None,
        feedback_on="2023-06-08",
    ),
    contact=dict(phones=["0938-6512345"], emails=[], addresses=["平川县1号信箱"]),
    summary=[],
    organization_measures=["第一时间召开党组", "建立“局领导包案", "将巡察整改纳入年"],
    problems=[
        P(1, "耕地“非农化”“非粮化”问题整治不到位", [
            M(1, I, "开展耕地保护专项",
              [(11, "宗", None), (86.4, "亩", None), (9, "宗", None), (2, "宗", None)]),
            M(2, C, "对2020年以来", [(523, "个", None)]),
            M(3, R, "完善耕地保护田长", [(412, "名", None)]),  # 三级 is written in characters
        ]),
        P(2, "违法用地案件查处不及时", [
            M(1, I, "对2018—20", [(27, "宗", None), (5, "宗", None)]),  # 2018—2022年 is a year range
            M(2, R, "对4名履职不力的", [(4, "名", None)]),
        ]),
        P(3, "土地出让金征收管理不规范", [
            M(1, I, "对欠缴土地出让金",
              [(7, "家", None), (1560, "万元", None), (5, "家", None), (2, "家", None)]),
            M(2, R, "出台《平川县国有", [], ["平川县国有建设用地使用权出让金征收管理办法"]),
        ]),
    ],
)


# ----------------------------------------------------------------------------------------------
# 8. A 14 KB provincial-inspection notice on one line: 16 problems in 3 （一）…方面 groups.
C1 = "在贯彻落实党中央决策部署和省委工作要求方面"
C2 = "在落实全面从严治党战略部署方面"
C3 = "在落实新时代党的组织路线方面"
EXPECTED["long-notice.txt"] = dict(
    title=None,  # the text opens with 根据省委统一部署, it has no title line
    issuer="中共云岭市委",
    published_on="2024-05-20",
    inspection=dict(
        level="provincial",
        kind="常规",
        round=3,
        group="省委第六巡视组",
        target="中共云岭市委",
        start_on="2023-10-09",
        end_on="2023-12-08",
        feedback_on="2024-01-18",
    ),
    contact=dict(
        phones=["0888-5123456"],
        emails=["ylswxszg@163.com"],
        addresses=["云岭市政务中心一号楼市委办公室"],
    ),
    summary=[
        ("problems_total", 16, "个"),
        ("problems_completed", 13, "个"),
        ("problems_in_progress", 3, "个"),
        ("other", 126, "条"),  # 制定整改措施126条
        ("other", 118, "条"),  # 已完成118条 (measures, not problems)
        ("rules_established", 46, "项"),
    ],
    organization_measures=["提高政治站位，扛", "健全工作机制，压", "强化督查督办，确"],
    problems=[
        # 完成投资 states finished work, as 年度完成…投资 does in the sample's gold.
        P(1, "推动高质量发展成效不明显", category=C1, measures=[
            M(1, C, "制定《云岭市推动",
              [(126, "个", None), (215.6, "亿元", None)], ["云岭市推动高质量发展三年行动方案"]),
            M(2, R, "开展“招商引资突", [(58, "个", None), (300, "亿元", "超过"), (35, "个", None)]),
            M(3, R, "加快培育市场主体", [(23, "家", None), (8.2, "%", None)]),
        ]),
        P(2, "生态环境保护责任落实不到位", category=C1, measures=[
            M(1, I, "对中央、省生态环", [(16, "项", None), (14, "项", None), (2, "项", None)]),
            M(2, R, "投入资金4.3亿", [(4.3, "亿元", None), (186, "公里", None), (72.5, "%", None)]),
            M(3, C, "开展河湖“清四乱", [(342, "个", None)]),
        ]),
        P(3, "防范化解重大风险有差距", category=C1, measures=[
            M(1, R, "制定政府债务风险", [(12.8, "亿元", None)]),
            M(2, R, "开展城镇燃气安全", [(2380, "家", None), (1860, "处", None), (3, "家", None)]),
            M(3, I, "建立非法集资风险"),
        ]),
        P(4, "乡村振兴战略落实不够有力", category=C1, measures=[
            M(1, I, "落实防止返贫动态",
              [(1563, "户", None), (1208, "户", None), (355, "户", None)]),
            M(2, R, "推进高标准农田建", [(15.6, "万亩", None), (420, "万亩", "以上")]),
            M(3, C, "扶持发展村级集体", [(1026, "个", None), (5, "万元", "以上")]),
        ]),
        P(5, "‘一把手’监督不够有力", category=C2, measures=[
            M(1, R, "出台《关于加强对",
              [(36, "名", None)], ["关于加强对“一把手”和领导班子监督的若干措施"]),
            M(2, C, "开展“一把手”履", [(47, "个", None)]),
            M(3, R, "对“一把手”违纪", [(9, "件", None), (12, "份", None)]),
        ]),
        P(6, "中央八项规定精神执行不严", category=C2, measures=[
            M(1, R, "聚焦违规吃喝、违", [(68, "起", None), (95, "人", None)]),
            M(2, R, "对全市公务用车开", [(14, "辆", None), (6, "辆", None)]),
            M(3, R, "修订《云岭市党政", [], ["云岭市党政机关国内公务接待管理办法"]),
        ]),
        # 考核计划管理 is a noun phrase, not "plan to".
        P(7, "形式主义官僚主义仍然存在", category=C2, measures=[
            M(1, R, "精简文件会议，一", [(28.6, "%", None), (31, "%", None)]),
            M(2, R, "清理规范各类政务", [(23, "个", None), (416, "个", None)]),  # 政务APP23个: digits right after Latin letters
            M(3, R, "开展督查检查考核", [(41, "项", None), (12, "项", None)]),
        ]),
        P(8, "重点领域腐败问题易发多发", category=C2, measures=[
            M(1, R, "深化工程建设、国", [(326, "件", None), (19, "人", None)]),
            M(2, R, "开展国有企业“三", [(5680, "万元", None), (23, "条", None)]),
            M(3, I, "建立重点领域廉洁", [(1200, "个", None), (1580, "条", None)]),
        ]),
        P(9, "巡察监督作用发挥不充分", category=C2, measures=[
            M(1, C, "修订《中共云岭市",  # 第四轮、第五轮 are ordinals in characters
              [(86, "个", None)], ["中共云岭市委巡察工作规划（2023—2027年）"]),
            M(2, R, "建立巡察整改日常", [(215, "个", None)]),
            M(3, R, "推进市县巡察上下", [(2, "轮", None), (31, "个", None)]),  # 2轮 counts rounds (not 第2轮)
        ]),
        P(10, "领导班子建设存在薄弱环节", category=C3, measures=[
            M(1, R, "调整充实县（市、", [(27, "名", None), (45, "名", None)]),
            M(2, C, "开展领导班子运行", [(2, "个", None)]),
            M(3, R, "常态化开展谈心谈", [(130, "人次", "余")]),
        ]),
        P(11, "干部选拔任用不够规范", category=C3, measures=[
            M(1, C, "开展干部选拔任用", [(38, "个", None), (1056, "卷", None), (89, "个", None)]),
            M(2, I, "开展干部人事档案"),
            M(3, R, "严格执行《党政领", [], ["党政领导干部选拔任用工作条例"]),
        ]),
        # 已完成整顿转化58个 of 62: N of M done is in progress.
        P(12, "基层党组织建设有短板", category=C3, measures=[
            M(1, I, "开展软弱涣散基层", [(62, "个", None), (58, "个", None)]),
            M(2, R, "实施村党组织带头", [(1026, "人次", None)]),
            M(3, R, "推进党建引领基层", [(100, "%", None)]),
        ]),
        P(13, "人才工作统筹推进不够", category=C3, measures=[
            M(1, R, "出台《云岭市“兴",
              [(86, "名", None), (12, "个", None)], ["云岭市“兴云英才”计划实施办法"]),
            M(2, R, "建立人才服务专员", [(320, "件", "余")]),
            M(3, I, "计划于2024年", [(500, "套", None)]),
        ]),
        P(14, "意识形态工作责任制落实不够到位", category=C3, measures=[
            M(1, R, "市委常委会会议专", [], ["云岭市意识形态工作责任制实施细则"]),
            M(2, R, "开展意识形态阵地", [(1320, "个", None), (17, "个", None)]),
            M(3, R, "对落实意识形态工", [(3, "个", None)]),
        ]),
        P(15, "年轻干部培养选拔力度不够", category=C3, measures=[
            M(1, R, "制定《云岭市优秀",
              [(412, "名", None)], ["云岭市优秀年轻干部培养选拔工作方案"]),
            M(2, R, "选派126名年轻", [(126, "名", None), (58, "名", None)]),
            M(3, R, "举办年轻干部能力", [(3, "期", None), (260, "人次", None)]),
        ]),
        P(16, "机关党建与业务融合不够紧密", category=C3, measures=[
            M(1, R, "开展“党建+业务", [(18, "个", None)]),
            M(2, R, "深化“模范机关”", [(25, "个", None)]),
            M(3, R, "开展机关党员干部", [(1260, "件", None)]),
        ]),
    ],
)


# ----------------------------------------------------------------------------------------------
# 9. Numbers that are not metrics next to numbers that are.
EXPECTED["numbers-edge.txt"] = dict(
    title="中共嘉禾市发展和改革委员会党组关于市委巡察整改情况的通报",
    issuer="中共嘉禾市发展和改革委员会党组",
    published_on="2024-03-28",
    inspection=dict(
        level="city",
        kind="常规",
        round=None,
        group="市委第五巡察组",
        target="中共嘉禾市发展和改革委员会党组",
        start_on="2023-09-11",
        end_on="2023-11-03",
        feedback_on="2023-12-15",
    ),
    # The 节能监察举报电话 inside a measure is a reported action, not the notice's contact.
    contact=dict(phones=["0573-82052233"], emails=["jhfgwdzb@163.com"], addresses=[]),
    summary=[],
    organization_measures=["成立由党组书记任", "建立整改工作台账"],
    problems=[
        P(1, "重大项目谋划推进不力", [
            # 2024年 is a year; 3个 and 1.5亿元 count.
            M(1, R, "对照《嘉禾市“十",
              [(3, "个", None), (1.5, "亿元", None)], ["嘉禾市“十四五”规划"]),
            # “1+3” is inside quotes, 三个 is in characters, 第3季度 is an ordinal.
            M(2, R, "建立“1+3”工", [(12.3, "%", None)]),
            # 1:1 is a ratio with no unit, 3月15日 a date.
            M(3, R, "按1:1比例落实", [(800, "万元", None)]),
        ]),
        P(2, "新型基础设施建设滞后", [
            # 2023—2025年 inside 《》, 2023年 a year, 5G part of a name.
            M(1, R, "制定《嘉禾市5G",
              [(860, "个", None), (90, "%", "超过")],
              ["嘉禾市5G网络建设三年行动计划（2023—2025年）"]),
            M(2, R, "主动融入G60科", [(5, "份", None), (500, "户", "余")]),  # G60 is a name
            # 〔2024〕5号 is a document number; 近3年 is a time span in years, like a year (not a metric).
            M(3, R, "印发《关于加快推", [], ["关于加快推进新型基础设施建设的实施意见"]),
        ]),
        P(3, "节能降碳工作推进不力", [
            M(1, R, "联合市教育局在2", [(126, "所", None)]),  # 2023—2024学年 is a year range
            M(2, R, "推动重点用能单位", [(12, "家", None), (2000, "吨", "以上"), (3.2, "%", None)]),
            M(3, C, "开通节能监察举报", [(17, "条", None)]),  # 0571-88886666 is a phone number
        ]),
    ],
)


# ----------------------------------------------------------------------------------------------
# 10. One measure per status cue and per exception the contract names.
EXPECTED["status-edge.txt"] = dict(
    title="中共嘉禾市秀水区住房和城乡建设局党组关于区委巡察整改进展情况的通报",
    issuer="中共嘉禾市秀水区住房和城乡建设局党组",
    published_on="2024-04-02",
    inspection=dict(
        level="county",
        kind="机动",
        round=None,
        group="区委第三巡察组",
        target="中共嘉禾市秀水区住房和城乡建设局党组",
        start_on="2023-10-09",
        end_on="2023-11-17",
        feedback_on="2023-12-26",  # "12月26日" takes the year of the preceding full date
    ),
    contact=dict(phones=["0573-83061234"], emails=[], addresses=["嘉禾市秀水区2号信箱"]),
    summary=[],
    organization_measures=["加强组织领导。区", "细化整改任务。对"],
    problems=[
        P(1, "物业专项维修资金管理不规范", [
            M(1, I, "修订完善《秀水区", [], ["秀水区物业专项维修资金管理办法"]),  # 将于6月底前完成: 将 = will
            M(2, R, "已将巡察反馈问题"),  # 已将 marks the object
            M(3, I, "已完成23个小区", [(23, "个", None), (4, "个", None)]),  # 已完成…，剩余…
        ]),
        P(2, "建设工程质量安全监管不严", [
            M(1, C, "对排查发现的12", [(12, "处", None)]),  # 已全部整改到位
            M(2, I, "计划于下半年开展"),  # 计划 = plan to
            M(3, I, "区建设工程质量检"),  # 待验收
            M(4, R, "制定专项检查任务"),  # 完成时限 is no completion
        ]),
        P(3, "联系服务群众不够到位", [
            M(1, R, "开通群众来访接待"),  # 接待 is not 待
            M(2, R, "开展“未完成事项"),  # 未完成 inside “”
            M(3, R, "坚持把巡察整改与"),  # 把…，将…作为: 将 marks the object
        ]),
        P(4, "党建工作与业务工作融合不深", [
            M(1, R, "制定2024年度"),  # 年度工作计划 is a noun
            M(2, R, "编印《正在进行时", [], ["正在进行时——住建系统巡察整改案例汇编"]),  # 正在 inside 《》
            M(3, R, "组织开展警示教育"),  # no cue at all
        ]),
    ],
)


@pytest.mark.parametrize("check", cases("unseen2", EXPECTED))
def test_unseen2(check):
    check()
