"""Unseen layouts, third batch: expectations written from spec/RECORDS.md alone.

Each fixture in ``fixtures/unseen3`` has its expected records next to its name below.
Every check is its own test case, named ``<fixture>:<field>`` so that a failure says
which notice and which field went wrong. Text is compared the way the scorer compares
it (NFKC, whitespace removed, quotes unified); measure texts by their opening characters.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

import pytest

from pipeline.assemble import build_notice, notice_from_text
from pipeline.ingest import source_from_bytes

FIX = Path(__file__).parent / "fixtures" / "unseen3"

N = None  # no qualifier

# ---------------------------------------------------------------------------
# Expected records, one dict per fixture.
#   org:       opening chars of each organisation measure (count = len)
#   problems:  (index, title, category) in text order
#   measures:  problem index -> [(ordinal, status, opening chars of text)]
#   metrics:   problem index -> {ordinal: [(value, unit, qualifier)]}  (multiset)
#   documents: problem index -> {ordinal: [titles]}  (missing = [])
# ---------------------------------------------------------------------------

EXPECTED: dict[str, dict] = {}

# A county bureau's web page; problems sit in a <table> 序号|反馈问题|整改措施|整改进展.
# Reading: index = 序号 cell; title = the 反馈问题 cell's statement up to its first 。
# (the ledger rule); both the 整改措施 and the 整改进展 cell report what was done for the
# problem, so each non-empty cell is one measure, in column order (措施 = 1, 进展 = 2).
# The hidden <div> phone and the site footer phone are not the notice's contact;
# the signature date wins over the page's 发布时间.
EXPECTED["html-table-ledger.html"] = dict(
    title="中共清源县自然资源局党组关于县委巡察反馈意见整改进展情况的通报",
    issuer="中共清源县自然资源局党组",
    published_on="2024-05-17",
    inspection=dict(
        level="county", kind="常规", round=4, group="县委第三巡察组",
        target="清源县自然资源局党组", start_on="2023-09-04", end_on="2023-10-31",
        feedback_on="2023-12-08",
    ),
    contact=dict(
        phones=["0591-22345678"],
        emails=["qyzrzyjdzz@163.com"],
        addresses=["清源县城关镇府前路18号县自然资源局办公室"],  # label and 邮政编码 dropped
    ),
    summary=[("problems_total", 4, "个"), ("problems_completed", 3, "个"),
             ("problems_in_progress", 1, "个")],
    org=["提高政治站位，压实", "坚持统筹推进，强化"],
    problems=[
        (1, "耕地保护监管不到位", None),
        (2, "“三重一大”决策制度执行不严格", None),  # &ldquo;/&rdquo; decoded, kept
        (3, "不动产登记历史遗留问题化解缓慢", None),
        (4, "专业技术干部队伍建设存在短板", None),
    ],
    measures={
        1: [(1, "reported", "建立县乡村三级耕"), (2, "completed", "已完成。2022")],
        2: [(1, "reported", "修订《清源县自然"), (2, "completed", "已完成。办法已于")],
        3: [(1, "reported", "成立历史遗留问题"), (2, "in_progress", "正在推进。共梳理")],
        # 制定…培养计划: 计划 is a noun here, not "plan to"
        4: [(1, "reported", "制定专业技术人才"), (2, "completed", "已完成。2024")],
    },
    metrics={
        1: {1: [], 2: [(37, "宗", N), (126.5, "亩", N)]},
        2: {1: [], 2: [(14, "项", N)]},
        3: {1: [], 2: [(23, "个", N), (16, "个", N), (7, "个", N)]},
        4: {1: [], 2: [(6, "期", N), (320, "人次", N), (5, "名", N)]},
    },
    documents={2: {1: ["清源县自然资源局党组“三重一大”事项集体决策实施办法"]}},
    next_steps="下一步，局党组将持续巩固巡察整改成果，对已完成的整改事项适时开展“回头看”，"
    "对正在推进的事项紧盯不放，确保全部按期整改到位。",
)

# A provincial office answering a central inspection group; 一、 sections are problem
# groups, problems (一)…(五) numbered on across groups, measures 一是… paragraphs.
EXPECTED["provincial-xunshi-2019.txt"] = dict(
    title="中共江源省扶贫开发办公室党组关于中央脱贫攻坚专项巡视反馈意见整改情况的通报",
    issuer="中共江源省扶贫开发办公室党组",
    published_on="2019-05-10",
    inspection=dict(
        level="central", kind="专项", round=2, group="中央第八巡视组",
        target="中共江源省委", start_on="2018-10-26", end_on="2018-11-26",  # 11月26日 takes 2018
        feedback_on="2019-01-28",
    ),
    contact=dict(
        phones=["0931-8123456"],
        emails=["jysfpbjgdw@163.com"],
        addresses=["兰城市城关区东岗西路12号省扶贫办机关党委"],  # after 邮政信箱, no 邮编
    ),
    # "4个方面" only splits the 18 problems into groups: not a figure of its own
    # 其余3个取得阶段性成效 = not yet finished; 4个方面 is a whole-rectification count that
    # fits no kind, so `other` (the project's reading, shared with tests/test_unseen2.py).
    summary=[("other", 4, "个"), ("problems_total", 18, "个"), ("problems_completed", 15, "个"),
             ("problems_in_progress", 3, "个")],
    org=[],  # no 整改工作组织情况 section: the intro's organisation sentences are not measures
    problems=[
        (1, "学习贯彻习近平总书记关于扶贫工作重要论述不够深入", "关于党的政治建设方面"),
        (2, "对脱贫攻坚政治责任认识不到位", "关于党的政治建设方面"),
        # "X的问题" without 关于: the same wrapper, dropped
        (3, "贫困人口识别退出不够精准", "关于脱贫攻坚责任落实方面"),
        (4, "扶贫资金闲置滞留", "关于扶贫资金监管方面"),
        (5, "扶贫领域形式主义官僚主义问题突出", "关于作风建设方面"),
    ],
    measures={
        # 学习计划 inside 《》 is no cue
        1: [(1, "reported", "制定《省扶贫办党"), (2, "reported", "举办全省扶贫系统")],
        2: [(1, "completed", "召开专题民主生活"), (2, "reported", "修订《省扶贫开发")],
        3: [(1, "reported", "组织开展建档立卡"), (2, "in_progress", "对2014年以来")],
        # 将扶贫资金…纳入: 将 marks the object, not "will"
        4: [(1, "completed", "全面清理2016"), (2, "reported", "将扶贫资金支付进")],
        5: [(1, "reported", "精简各类报表和考"), (2, "reported", "开展扶贫领域腐败")],
    },
    metrics={
        1: {1: [(8, "次", N)], 2: [(3, "期", N), (1200, "人次", "余")]},
        2: {1: [(26, "项", N)], 2: []},
        3: {1: [(3.2, "万人", N), (4860, "人", N)], 2: []},
        4: {1: [(12.6, "亿元", "累计")], 2: [(96.3, "%", N)]},
        5: {1: [(40, "%", N), (62, "%", N)], 2: [(142, "个", N), (187, "人", N)]},
    },
    documents={
        1: {1: ["省扶贫办党组理论学习中心组学习计划"]},
        2: {2: ["省扶贫开发办公室党组工作规则"]},
    },
    next_steps="办党组将继续坚持目标不变、标准不降、力度不减，对已完成的整改事项巩固提升，"
    "对取得阶段性成效的3个问题持续用力，坚决防止问题反弹。",
)

# One line, no section numbers, paragraphs separated by two spaces. The first paragraph
# is the title; unnumbered paragraphs under 整改工作组织情况 are one measure each.
EXPECTED["city-district-spaces.txt"] = dict(
    title="中共江州市云岭区住房和城乡建设局党组关于区委巡察反馈意见整改情况的通报",
    issuer="中共江州市云岭区住房和城乡建设局党组",
    published_on="2024-01-12",
    inspection=dict(
        level="county", kind="常规", round=5, group="区委第二巡察组",  # 区委 = county level
        target="云岭区住房和城乡建设局党组", start_on="2023-08-21", end_on="2023-10-20",
        feedback_on="2023-11-28",  # 11月28日 takes the year of 2023年8月21日
    ),
    contact=dict(phones=["0871-65123456"], emails=["ylqzjjdzz@163.com"], addresses=[]),
    summary=[],
    org=["局党组坚持把巡察", "局党组每半月听取"],
    problems=[
        (1, "住房保障政策落实不到位", None),
        (2, "建筑工地安全监管存在漏洞", None),
        (3, "老旧小区改造推进缓慢", None),
    ],
    measures={
        1: [(1, "reported", "对全区公租房保障"), (2, "reported", "出台《云岭区公共")],
        # 并将其纳入: 将 marks the object
        2: [(1, "completed", "开展建筑施工安全"), (2, "reported", "对发现问题较多的")],
        3: [(1, "in_progress", "制定老旧小区改造"), (2, "in_progress", "已开工改造老旧小"),
            (3, "reported", "对改造后的小区同")],
    },
    metrics={
        1: {1: [(86, "户", N), (23.6, "万元", N)], 2: []},
        2: {1: [(148, "个", N), (632, "条", N)], 2: [(5, "家", N)]},
        3: {1: [(32, "个", N)], 2: [(21, "个", N), (11, "个", N)], 3: []},
    },
    documents={1: {2: ["云岭区公共租赁住房动态管理办法"]}},
    next_steps="局党组将把巡察整改与业务工作深度融合，建立健全长效机制，持续巩固整改成效，"
    "以整改实效推动全区住房和城乡建设事业高质量发展。",
)

# A village Party branch inspected by its town's Party committee; no contact details.
EXPECTED["village-level.txt"] = dict(
    title="东岭村党支部关于镇党委巡察反馈意见整改情况的通报",
    issuer="中共东岭村支部委员会",
    published_on="2024-07-05",
    inspection=dict(
        # 镇党委 sent the inspectors: the inspected body's own superior Party committee
        level="unit", kind=None, round=None, group="青石镇党委第二巡察组",
        target="东岭村党支部", start_on="2024-04-08", end_on="2024-04-26",
        feedback_on="2024-05-10",
    ),
    contact=dict(phones=[], emails=[], addresses=[]),
    summary=[],
    org=["村党支部召开支委"],  # one unnumbered paragraph = one measure
    problems=[
        (1, "“三资”管理不规范", None),
        (2, "村务公开不及时", None),
        (3, "党员教育管理不严格", None),
    ],
    measures={
        # 整改情况： is a label, not part of the measure; 未续签 is no cue
        1: [(1, "reported", "对村集体资产资源"), (2, "reported", "严格执行村级财务")],
        2: [(1, "reported", "在村部和各村民小"), (2, "reported", "2024年以来已")],
        3: [(1, "reported", "重新修订《东岭村"), (2, "in_progress", "对2名长期不参加")],
    },
    metrics={
        1: {1: [(47, "项", N), (6, "份", N)], 2: []},
        2: {1: [(5, "处", N)], 2: [(18, "项", N)]},
        3: {1: [(4, "次", N)], 2: [(2, "名", N), (1, "名", N)]},
    },
    documents={3: {1: ["东岭村党支部“三会一课”制度"]}},
    next_steps="村党支部将继续加强自身建设，严格落实“三会一课”等组织生活制度，"
    "把整改成果转化为推动乡村振兴的实际成效。",
)

# A school's own Party committee inspecting one of its colleges; org measures 一是… inline,
# problems 1. with (1)(2) lines, and one problem with ①②③ inline.
EXPECTED["mixed-markers.txt"] = dict(
    title="中共江州职业技术学院机电工程学院总支部委员会关于校内巡察整改情况的通报",
    issuer="中共江州职业技术学院机电工程学院总支部委员会",
    published_on="2024-04-22",
    inspection=dict(
        level="unit", kind=None, round=None,  # 校内巡察 names none of the six kinds
        group="学校党委第一巡察组", target="机电工程学院党总支",
        start_on="2023-11-06", end_on="2023-12-15", feedback_on="2024-01-10",
    ),
    contact=dict(phones=["0791-88123456"], emails=["jdxy_dzz@jzvtc.edu.cn"], addresses=[]),
    summary=[],
    org=["提高思想认识，党总", "成立以党总支书记", "建立周调度、月通报"],
    problems=[
        (1, "落实全面从严治党主体责任不到位", None),
        (2, "基层党支部组织生活不规范", None),
        (3, "实习实训经费管理不严格", None),
    ],
    measures={
        1: [(1, "reported", "修订《机电工程学"), (2, "reported", "党总支书记与各党"),
            (3, "reported", "将全面从严治党工")],  # 将…纳入: object marker
        2: [(1, "reported", "对4个教工党支部"), (2, "in_progress", "开展“双带头人”")],
        3: [(1, "completed", "全面清理2021"), (2, "reported", "修订《实习实训经"),
            (3, "reported", "对负责经费管理的")],
    },
    metrics={
        1: {1: [(42, "项", N)], 2: [], 3: [(20, "%", N)]},
        2: {1: [(4, "个", N), (15, "处", N)], 2: [(100, "%", N)]},
        3: {1: [(27, "个", N), (186.4, "万元", N), (3.2, "万元", N)], 2: [], 3: [(2, "名", N)]},
    },
    documents={
        1: {1: ["机电工程学院党总支落实全面从严治党主体责任清单"]},
        3: {2: ["实习实训经费管理办法"]},
    },
    next_steps="学院党总支将坚持标本兼治，持续巩固巡察整改成果，推动学院党建与事业发展深度融合。",
)

# Date in brackets under the title, no signature at all; problems grouped by (一)(二).
EXPECTED["title-with-date.txt"] = dict(
    title="中共临江市文化和旅游局党组关于市委第三巡察组反馈意见整改情况的通报",
    issuer="中共临江市文化和旅游局党组",  # from the title: there is no signature line
    # the bracketed date under the title is the document's own date, standing in for the
    # signature date
    published_on="2024-03-15",
    inspection=dict(
        level="city", kind="常规", round=None, group="市委第三巡察组",
        target="临江市文化和旅游局党组",
        start_on="2023-10-09", end_on="2023-12-01",  # 12月1日 takes 2023, not the title's 2024
        feedback_on="2024-01-16",
    ),
    contact=dict(phones=["0736-7223456"], emails=[], addresses=[]),
    summary=[],
    org=["加强组织领导。成立", "强化跟踪问效。建立"],
    problems=[
        (1, "意识形态阵地管理不严", "在落实意识形态工作责任制方面"),
        (2, "网络舆情应对不及时", "在落实意识形态工作责任制方面"),
        (3, "重点文旅项目推进缓慢", "在推动文旅产业发展方面"),
        (4, "旅游市场秩序整治不彻底", "在推动文旅产业发展方面"),
    ],
    measures={
        1: [(1, "reported", "对全市37家公共"), (2, "reported", "建立文艺演出活动")],
        2: [(1, "reported", "制定《市文化和旅"), (2, "reported", "组织开展舆情应对")],
        # 12个…已有9个项目完工 = "N of M done"
        3: [(1, "in_progress", "对全市在建的12"), (2, "in_progress", "其余3个项目正在")],
        4: [(1, "reported", "开展旅游市场秩序"), (2, "reported", "建立旅游投诉快速")],
    },
    metrics={
        1: {1: [(37, "家", N), (120, "份", "余")], 2: [(216, "个", N)]},
        2: {1: [], 2: [(2, "期", N), (80, "人次", N)]},
        3: {1: [(12, "个", N), (9, "个", N)], 2: [(3, "个", N)]},
        4: {1: [(265, "家次", N), (11, "件", N)], 2: [(100, "%", N)]},
    },
    documents={2: {1: ["市文化和旅游局网络舆情应对处置预案"]}},
    next_steps="局党组将进一步巩固整改成果，对已完成的整改任务适时组织“回头看”，"
    "对需要长期坚持的整改事项持续抓好落实。",
)

# A contact paragraph with many channels, and a phone number inside a measure.
EXPECTED["multiple-contacts.txt"] = dict(
    title="中共芜湖市市场监督管理局党组关于市委巡察反馈意见整改进展情况的通报",
    issuer="中共芜湖市市场监督管理局党组",
    published_on="2023-10-20",
    inspection=dict(
        level="city", kind="机动", round=6, group="市委第一巡察组",
        target="芜湖市市场监督管理局党组", start_on="2023-04-10", end_on="2023-05-30",
        feedback_on="2023-06-21",
    ),
    contact=dict(
        # as written (long dash kept); 12388 is given to the public in the contact paragraph;
        # the hotline 0553-5556789 inside a measure is not contact
        phones=["0553—1234567", "0553-7654321", "13912345678", "12388"],
        emails=["whsjgjdzz@163.com"],
        addresses=["芜湖市某某区某某路88号市市场监督管理局纪检组"],
    ),
    summary=[],
    org=["局党组召开专题会", "对照巡察反馈问题"],
    problems=[
        (1, "食品安全监管存在薄弱环节", None),
        (2, "“放管服”改革推进不够有力", None),
        (3, "干部队伍管理不够严格", None),
    ],
    measures={
        1: [(1, "reported", "开展校园及周边食"), (2, "reported", "开通食品安全投诉"),
            (3, "in_progress", "对农贸市场快检室")],
        2: [(1, "reported", "企业开办环节压减"), (2, "reported", "梳理市场主体登记")],
        3: [(1, "reported", "修订《芜湖市市场"), (2, "completed", "对巡察发现的违规")],
    },
    metrics={
        1: {1: [(412, "家", N), (37, "家", N)], 2: [], 3: []},  # phone number: no metric
        2: {1: [(3, "个", N)], 2: [(9, "项", N)]},
        3: {1: [], 2: [(3, "件", N)]},
    },
    documents={3: {1: ["芜湖市市场监督管理局机关工作人员考勤管理办法"]}},
    next_steps="局党组将持续用力抓好整改，建立健全长效机制，确保整改不走过场、见到实效。",
)

# Money and rates in many forms, with every qualifier.
EXPECTED["amounts.txt"] = dict(
    title="中共丰和县医疗保障局党组关于县委巡察反馈意见整改情况的通报",
    issuer="中共丰和县医疗保障局党组",
    published_on="2024-01-08",
    inspection=dict(
        level="county", kind="专项", round=None, group="县委第二巡察组",
        target="丰和县医疗保障局党组", start_on="2023-05-08", end_on="2023-06-30",
        feedback_on="2023-08-02",
    ),
    contact=dict(phones=["0557-6012345"], emails=["fhxybj@163.com"], addresses=[]),
    summary=[
        ("problems_total", 4, "个"), ("problems_completed", 4, "个"),
        ("completion_rate", 100, "%"), ("rules_established", 12, "项"),
        ("funds_recovered", 486.3, "万元"), ("people_disciplined", 9, "人"),
    ],
    org=["局党组成立巡察整"],
    problems=[
        (1, "医保基金监管不严", None),
        (2, "医保待遇保障政策落实不到位", None),
        (3, "集中带量采购工作推进缓慢", None),
        (4, "医保经办服务作风不实", None),
    ],
    measures={
        1: [(1, "reported", "开展定点医药机构"), (2, "reported", "上线医保基金智能")],
        2: [(1, "reported", "全县城乡居民医保"), (2, "reported", "落实大病保险和医")],
        3: [(1, "completed", "全县公立医疗机构"), (2, "reported", "与县医共体签订医")],
        4: [(1, "reported", "开展医保经办窗口"), (2, "reported", "对服务态度差、办")],
    },
    metrics={
        # 累计 opens the clause; 5,680元 -> 5680
        1: {1: [(286, "家", N), (486.3, "万元", "累计"), (3, "家", N)],
            2: [(3.8, "万条", "约"), (5680, "元", N)]},
        # unit of "3个百分点" taken as written: 个百分点
        2: {1: [(98.5, "%", "以上"), (1.2, "个百分点", N), (3, "个百分点", N)],
            2: [(2300, "人次", "余"), (1.5, "万元", N)]},
        # "3至5年" is a span of years (a range, no single quantity): no metric
        3: {1: [(12345.6, "万元", N), (50, "%", "超过")],
            2: [(1.2, "亿元", N), (60, "万人", "近")]},
        # 不超过 kept as written
        4: {1: [(15, "分钟", "不超过")], 2: [(20, "名", "多")]},
    },
    documents={},
    next_steps="局党组将持续加强医保基金监管，巩固巡察整改成果，切实守护好人民群众的“看病钱”“救命钱”。",
)

# Next steps headed 今后工作打算 with 一是… of its own, then 特此通报。 and the signature.
EXPECTED["next-steps-variants.txt"] = dict(
    title="中共江州城投置业有限公司支部委员会关于集团党委巡察反馈意见整改情况的通报",
    issuer="中共江州城投置业有限公司支部委员会",
    published_on="2024-02-28",
    inspection=dict(
        level="unit", kind="常规", round=None, group="集团党委第二巡察组",
        target="江州城投置业有限公司党支部", start_on="2023-09-11", end_on="2023-10-27",
        feedback_on="2023-11-24",
    ),
    contact=dict(phones=["0791-86543210"], emails=[], addresses=[]),
    summary=[],
    org=["公司党支部召开支", "制定巡察整改工作"],
    problems=[
        (1, "“三重一大”决策制度执行不到位", None),
        (2, "工程项目管理不规范", None),
        (3, "应收账款清收不力", None),
    ],
    measures={
        1: [(1, "reported", "修订《江州城投置"), (2, "reported", "对2021年以来")],
        2: [(1, "completed", "对在建的6个工程"), (2, "reported", "建立工程变更联合")],
        # 已收回 is none of the completion cues; the 今后工作打算 一是… are not measures here
        3: [(1, "reported", "成立应收账款清收"), (2, "in_progress", "对剩余的420万")],
    },
    metrics={
        1: {1: [(38, "项", N)], 2: [(5, "份", N)]},
        2: {1: [(6, "个", N), (21, "个", N)], 2: [(50, "万元", "超过")]},
        3: {1: [(1860, "万元", N)], 2: [(420, "万元", N)]},
    },
    documents={1: {1: ["江州城投置业有限公司“三重一大”决策制度实施办法"]}},
    next_steps="一是持续巩固整改成果，对已完成的整改事项开展“回头看”，防止问题反弹。"
    "二是健全长效机制，将巡察整改与公司改革发展、日常经营管理结合起来。"
    "三是加强监督检查，推动全面从严治党向纵深发展。",
)

# Second progress report in ledger form: 问题N：… / 整改进展：…
EXPECTED["progress-second-report.txt"] = dict(
    title="中共临川县教育局党组关于市委提级巡察反馈问题整改进展情况的第二次通报",
    issuer="中共临川县教育局党组",
    published_on="2024-07-10",
    inspection=dict(
        level="city", kind="提级", round=None, group="市委第四巡察组",
        target="临川县教育局党组", start_on="2023-10-16", end_on="2023-12-15",
        feedback_on="2024-01-25",
    ),
    contact=dict(phones=["0794-8612345"], emails=["lcxjyjdzz@163.com"], addresses=[]),
    summary=[("problems_total", 21, "个"), ("problems_completed", 17, "个"),
             ("problems_in_progress", 4, "个"), ("completion_rate", 81, "%")],
    org=["局党组坚持每月召"],
    problems=[  # ledger titles: the statement up to its first 。; 问题一 -> 1
        (1, "干部选拔任用程序不够规范", None),
        (2, "校舍安全隐患排查整治不彻底", None),
        (3, "课后服务收费管理不规范", None),
        (4, "教育经费使用效益不高", None),
    ],
    measures={
        # the 整改进展： label is not part of the measure text
        1: [(1, "completed", "已完成。修订《临")],
        2: [(1, "in_progress", "正在推进。全县排")],
        3: [(1, "reported", "开展课后服务收费")],
        4: [(1, "completed", "对全县教育专项资"), (2, "in_progress", "盘活结余资金，将")],
    },
    metrics={
        1: {1: [(12, "份", N)]},
        2: {1: [(9, "栋", N), (6, "栋", N), (3, "栋", N)]},
        3: {1: [(56, "所", N)]},
        4: {1: [(43, "个", N), (8650, "万元", N)], 2: []},
    },
    documents={1: {1: ["临川县教育局中层干部选拔任用工作规程"]}},
    next_steps="局党组将紧盯尚未完成的4个问题，按照时间节点抓好整改，确保所有问题按期销号。",
)


# ---------------------------------------------------------------------------
# Loading and normalising
# ---------------------------------------------------------------------------

_QUOTES = re.compile("[“”‘’\"'「」]")


def norm(s):
    if s is None:
        return None
    s = unicodedata.normalize("NFKC", str(s))
    s = re.sub(r"\s+", "", s)
    return _QUOTES.sub('"', s)


@functools.lru_cache(maxsize=None)
def load(name: str):
    """(notice, source text) or (exception, None)."""
    path = FIX / name
    try:
        if path.suffix in (".html", ".htm"):
            src = source_from_bytes(path.read_bytes(), path=str(path), doc_id=path.stem)
            return build_notice(src), src.text
        text = path.read_text(encoding="utf-8")
        return notice_from_text(text, doc_id=path.stem), text
    except Exception as exc:  # noqa: BLE001 - reported per check
        return exc, None


def notice_of(name):
    notice, text = load(name)
    if isinstance(notice, Exception):
        pytest.fail(f"{name}: extraction raised {type(notice).__name__}: {notice}")
    return notice, text


def find_problem(notice, title):
    for p in notice.problems:
        if norm(p.title) == norm(title):
            return p
    got = [p.title for p in notice.problems]
    pytest.fail(f"problem {title!r} not found; got titles {got}")


def num(v):
    return round(float(v), 6)


def metric_key(value, unit, qualifier):
    return (num(value), norm(unit), norm(qualifier) if qualifier else None)


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------

SCALARS = ["title", "issuer", "published_on"]
INSPECTION = ["level", "kind", "round", "group", "target", "start_on", "end_on", "feedback_on"]


def _cases():
    for name, exp in EXPECTED.items():
        fields = SCALARS + [f"inspection.{f}" for f in INSPECTION]
        fields += ["contact.phones", "contact.emails", "contact.addresses"]
        fields += ["summary", "organization_measures", "problems"]
        for idx, _, _ in exp["problems"]:
            fields += [f"problem{idx}.measures", f"problem{idx}.metrics",
                       f"problem{idx}.documents"]
        fields += ["spans", "next_steps"]
        for field in fields:
            yield pytest.param(name, field, id=f"{name}:{field}")


def _check_scalar(name, exp, notice, field):
    if field.startswith("inspection."):
        key = field.split(".", 1)[1]
        want = exp["inspection"][key]
        got = getattr(notice.inspection, key)
    else:
        want = exp[field]
        got = getattr(notice, field)
    if key_is_date(field):
        got = got.isoformat() if got is not None else None
        assert got == want, f"{name} {field}: expected {want!r}, got {got!r}"
    elif isinstance(want, str) or want is None:
        assert norm(got) == norm(want), f"{name} {field}: expected {want!r}, got {got!r}"
    else:
        assert got == want, f"{name} {field}: expected {want!r}, got {got!r}"


def key_is_date(field):
    return field.endswith("_on")


@pytest.mark.parametrize(("name", "field"), list(_cases()))
def test_unseen3(name, field):
    exp = EXPECTED[name]
    notice, text = notice_of(name)

    if field in SCALARS or field.startswith("inspection."):
        _check_scalar(name, exp, notice, field)

    elif field.startswith("contact."):
        key = field.split(".", 1)[1]
        want = sorted(norm(x) for x in exp["contact"][key])
        got = sorted(norm(x) for x in getattr(notice.contact, key))
        assert got == want, f"{name} {field}: expected {want}, got {got}"

    elif field == "summary":
        want = sorted({(k, num(v), norm(u)) for k, v, u in exp["summary"]})
        got = sorted({(s.kind, num(s.value), norm(s.unit)) for s in notice.summary})
        assert got == want, f"{name} summary: expected {want}, got {got}"

    elif field == "organization_measures":
        want = exp["org"]
        got = [m.text for m in notice.organization_measures]
        assert len(got) == len(want), (
            f"{name} organization_measures: expected {len(want)} measures, got {len(got)}: "
            f"{[g[:12] for g in got]}")
        for i, (w, g) in enumerate(zip(want, got), 1):
            assert norm(g).startswith(norm(w)), (
                f"{name} organization_measures[{i}]: expected text starting {w!r}, "
                f"got {g[:20]!r}")
        assert [m.ordinal for m in notice.organization_measures] == list(
            range(1, len(want) + 1)), f"{name} organization_measures: ordinals"

    elif field == "problems":
        want = [(i, norm(t), norm(c)) for i, t, c in exp["problems"]]
        got = [(p.index, norm(p.title), norm(p.category)) for p in notice.problems]
        assert got == want, f"{name} problems: expected {want}, got {got}"

    elif field.startswith("problem"):
        head, what = field.split(".")
        idx = int(head[len("problem"):])
        title = next(t for i, t, _ in exp["problems"] if i == idx)
        prob = find_problem(notice, title)
        if what == "measures":
            want = exp["measures"][idx]
            got = [(m.ordinal, m.status, m.text[:20]) for m in prob.measures]
            ok = len(got) == len(want) and all(
                g[0] == w[0] and g[1] == w[1] and norm(m.text).startswith(norm(w[2]))
                for g, w, m in zip(got, want, prob.measures))
            assert ok, f"{name} {field}: expected {want}, got {got}"
        elif what == "metrics":
            want = {o: sorted(metric_key(*t) for t in ms)
                    for o, ms in exp["metrics"][idx].items()}
            got = {m.ordinal: sorted(metric_key(x.value, x.unit, x.qualifier)
                                     for x in m.metrics) for m in prob.measures}
            for o in set(want) | set(got):
                assert got.get(o, []) == want.get(o, []), (
                    f"{name} {field} measure {o}: expected {want.get(o, [])}, "
                    f"got {got.get(o, [])}")
        else:  # documents
            exp_docs = exp["documents"].get(idx, {})
            want = {m[0]: [norm(d) for d in exp_docs.get(m[0], [])]
                    for m in exp["measures"][idx]}
            got = {m.ordinal: [norm(d) for d in m.documents] for m in prob.measures}
            for o in set(want) | set(got):
                assert got.get(o, []) == want.get(o, []), (
                    f"{name} {field} measure {o}: expected {want.get(o, [])}, "
                    f"got {got.get(o, [])}")

    elif field == "spans":
        bad = []
        measures = list(notice.organization_measures)
        for p in notice.problems:
            measures += p.measures
        assert measures, f"{name} spans: no measures at all"
        for m in measures:
            s, e = m.span
            if text[s:e] != m.text:
                bad.append((m.text[:12], text[s:e][:12]))
        assert not bad, f"{name} spans: text[span] != text for {bad}"

    elif field == "next_steps":
        want, got = exp["next_steps"], notice.next_steps
        assert norm(got) == norm(want), f"{name} next_steps: expected {want!r}, got {got!r}"

    else:  # pragma: no cover
        raise AssertionError(field)


def test_fixtures_are_sized_like_real_notices():
    for name in EXPECTED:
        size = (FIX / name).stat().st_size
        assert 1500 <= size <= 4096, (name, size)
