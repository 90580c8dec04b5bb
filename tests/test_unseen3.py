"""Unseen layouts, third batch: expectations written from docs/CONTRACT.md alone.

Each fixture in ``fixtures/unseen3`` has its expected records next to its name below;
measure texts are stated by their opening characters, organisation measures by those
only. How the records are written and checked: ``tests/expect.py``.
"""

from __future__ import annotations

import pytest

from .expect import FIXTURES, C, I, M, P, R, cases

EXPECTED: dict[str, dict] = {}


# ----------------------------------------------------------------------------------------------
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
        level="county",
        kind="常规",
        round=4,
        group="县委第三巡察组",
        target="清源县自然资源局党组",
        start_on="2023-09-04",
        end_on="2023-10-31",
        feedback_on="2023-12-08",
    ),
    contact=dict(
        phones=["0591-22345678"],
        emails=["qyzrzyjdzz@163.com"],
        addresses=["清源县城关镇府前路18号县自然资源局办公室"],  # label and 邮政编码 dropped
    ),
    summary=[
        ("problems_total", 4, "个"),
        ("problems_completed", 3, "个"),
        ("problems_in_progress", 1, "个"),
    ],
    organization_measures=["提高政治站位，压实", "坚持统筹推进，强化"],
    problems=[
        P(1, "耕地保护监管不到位", [
            M(1, R, "建立县乡村三级耕"),
            M(2, C, "已完成。2022", [(37, "宗", None), (126.5, "亩", None)]),
        ]),
        P(2, "“三重一大”决策制度执行不严格", [  # &ldquo;/&rdquo; decoded, kept
            M(1, R, "修订《清源县自然", [], ["清源县自然资源局党组“三重一大”事项集体决策实施办法"]),
            M(2, C, "已完成。办法已于", [(14, "项", None)]),
        ]),
        P(3, "不动产登记历史遗留问题化解缓慢", [
            M(1, R, "成立历史遗留问题"),
            M(2, I, "正在推进。共梳理", [(23, "个", None), (16, "个", None), (7, "个", None)]),
        ]),
        # 制定…培养计划: 计划 is a noun here, not "plan to"
        P(4, "专业技术干部队伍建设存在短板", [
            M(1, R, "制定专业技术人才"),
            M(2, C, "已完成。2024", [(6, "期", None), (320, "人次", None), (5, "名", None)]),
        ]),
    ],
    next_steps=(
        "下一步，局党组将持续巩固巡察整改成果，对已完成的整改事项适时开展“回头看”，"
        "对正在推进的事项紧盯不放，确保全部按期整改到位。"
    ),
)


# ----------------------------------------------------------------------------------------------
# A provincial office answering a central inspection group; 一、 sections are problem
# groups, problems (一)…(五) numbered on across groups, measures 一是… paragraphs.
EXPECTED["provincial-xunshi-2019.txt"] = dict(
    title="中共江源省扶贫开发办公室党组关于中央脱贫攻坚专项巡视反馈意见整改情况的通报",
    issuer="中共江源省扶贫开发办公室党组",
    published_on="2019-05-10",
    inspection=dict(
        level="central",
        kind="专项",
        round=2,
        group="中央第八巡视组",
        target="中共江源省委",
        start_on="2018-10-26",
        end_on="2018-11-26",  # 11月26日 takes 2018
        feedback_on="2019-01-28",
    ),
    contact=dict(
        phones=["0931-8123456"],
        emails=["jysfpbjgdw@163.com"],
        addresses=["兰城市城关区东岗西路12号省扶贫办机关党委"],  # after 邮政信箱, no 邮编
    ),
    # "4个方面" only splits the 18 problems into groups: not a figure of its own
    # 其余3个取得阶段性成效 = not yet finished.
    summary=[
        ("problems_total", 18, "个"),
        ("problems_completed", 15, "个"),
        ("problems_in_progress", 3, "个"),
    ],
    organization_measures=[],  # no 整改工作组织情况 section: the intro's organisation sentences are not measures
    problems=[
        # 学习计划 inside 《》 is no cue
        P(1, "学习贯彻习近平总书记关于扶贫工作重要论述不够深入", category="关于党的政治建设方面", measures=[
            M(1, R, "制定《省扶贫办党", [(8, "次", None)], ["省扶贫办党组理论学习中心组学习计划"]),
            M(2, R, "举办全省扶贫系统", [(3, "期", None), (1200, "人次", "余")]),
        ]),
        P(2, "对脱贫攻坚政治责任认识不到位", category="关于党的政治建设方面", measures=[
            M(1, C, "召开专题民主生活", [(26, "项", None)]),
            M(2, R, "修订《省扶贫开发", [], ["省扶贫开发办公室党组工作规则"]),
        ]),
        # "X的问题" without 关于: the same wrapper, dropped
        P(3, "贫困人口识别退出不够精准", category="关于脱贫攻坚责任落实方面", measures=[
            M(1, R, "组织开展建档立卡", [(3.2, "万人", None), (4860, "人", None)]),
            M(2, I, "对2014年以来"),
        ]),
        # 将扶贫资金…纳入: 将 marks the object, not "will"
        P(4, "扶贫资金闲置滞留", category="关于扶贫资金监管方面", measures=[
            M(1, C, "全面清理2016", [(12.6, "亿元", "累计")]),
            M(2, R, "将扶贫资金支付进", [(96.3, "%", None)]),
        ]),
        P(5, "扶贫领域形式主义官僚主义问题突出", category="关于作风建设方面", measures=[
            M(1, R, "精简各类报表和考", [(40, "%", None), (62, "%", None)]),
            M(2, R, "开展扶贫领域腐败", [(142, "个", None), (187, "人", None)]),
        ]),
    ],
    next_steps=(
        "办党组将继续坚持目标不变、标准不降、力度不减，对已完成的整改事项巩固提升，"
        "对取得阶段性成效的3个问题持续用力，坚决防止问题反弹。"
    ),
)


# ----------------------------------------------------------------------------------------------
# One line, no section numbers, paragraphs separated by two spaces. The first paragraph
# is the title; unnumbered paragraphs under 整改工作组织情况 are one measure each.
EXPECTED["city-district-spaces.txt"] = dict(
    title="中共江州市云岭区住房和城乡建设局党组关于区委巡察反馈意见整改情况的通报",
    issuer="中共江州市云岭区住房和城乡建设局党组",
    published_on="2024-01-12",
    inspection=dict(
        level="county",  # 区委 = county level
        kind="常规",
        round=5,
        group="区委第二巡察组",
        target="云岭区住房和城乡建设局党组",
        start_on="2023-08-21",
        end_on="2023-10-20",
        feedback_on="2023-11-28",  # 11月28日 takes the year of 2023年8月21日
    ),
    contact=dict(phones=["0871-65123456"], emails=["ylqzjjdzz@163.com"], addresses=[]),
    summary=[],
    organization_measures=["局党组坚持把巡察", "局党组每半月听取"],
    problems=[
        P(1, "住房保障政策落实不到位", [
            M(1, R, "对全区公租房保障", [(86, "户", None), (23.6, "万元", None)]),
            M(2, R, "出台《云岭区公共", [], ["云岭区公共租赁住房动态管理办法"]),
        ]),
        # 并将其纳入: 将 marks the object
        P(2, "建筑工地安全监管存在漏洞", [
            M(1, C, "开展建筑施工安全", [(148, "个", None), (632, "条", None)]),
            M(2, R, "对发现问题较多的", [(5, "家", None)]),
        ]),
        P(3, "老旧小区改造推进缓慢", [
            M(1, I, "制定老旧小区改造", [(32, "个", None)]),
            M(2, I, "已开工改造老旧小", [(21, "个", None), (11, "个", None)]),
            M(3, R, "对改造后的小区同"),
        ]),
    ],
    next_steps=(
        "局党组将把巡察整改与业务工作深度融合，建立健全长效机制，持续巩固整改成效，"
        "以整改实效推动全区住房和城乡建设事业高质量发展。"
    ),
)


# ----------------------------------------------------------------------------------------------
# A village Party branch inspected by its town's Party committee; no contact details.
EXPECTED["village-level.txt"] = dict(
    title="东岭村党支部关于镇党委巡察反馈意见整改情况的通报",
    issuer="中共东岭村支部委员会",
    published_on="2024-07-05",
    inspection=dict(
        # 镇党委 sent the inspectors: the inspected body's own superior Party committee
        level="unit",
        kind=None,
        round=None,
        group="青石镇党委第二巡察组",
        target="东岭村党支部",
        start_on="2024-04-08",
        end_on="2024-04-26",
        feedback_on="2024-05-10",
    ),
    contact=dict(phones=[], emails=[], addresses=[]),
    summary=[],
    organization_measures=[
        "村党支部召开支委"  # one unnumbered paragraph = one measure
    ],
    problems=[
        # 整改情况： is a label, not part of the measure; 未续签 is no cue
        P(1, "“三资”管理不规范", [
            M(1, R, "对村集体资产资源", [(47, "项", None), (6, "份", None)]),
            M(2, R, "严格执行村级财务"),
        ]),
        P(2, "村务公开不及时", [
            M(1, R, "在村部和各村民小", [(5, "处", None)]),
            M(2, R, "2024年以来已", [(18, "项", None)]),
        ]),
        P(3, "党员教育管理不严格", [
            M(1, R, "重新修订《东岭村", [(4, "次", None)], ["东岭村党支部“三会一课”制度"]),
            M(2, I, "对2名长期不参加", [(2, "名", None), (1, "名", None)]),
        ]),
    ],
    next_steps=(
        "村党支部将继续加强自身建设，严格落实“三会一课”等组织生活制度，"
        "把整改成果转化为推动乡村振兴的实际成效。"
    ),
)


# ----------------------------------------------------------------------------------------------
# A school's own Party committee inspecting one of its colleges; org measures 一是… inline,
# problems 1. with (1)(2) lines, and one problem with ①②③ inline.
EXPECTED["mixed-markers.txt"] = dict(
    title="中共江州职业技术学院机电工程学院总支部委员会关于校内巡察整改情况的通报",
    issuer="中共江州职业技术学院机电工程学院总支部委员会",
    published_on="2024-04-22",
    inspection=dict(
        level="unit",
        kind=None,  # 校内巡察 names none of the six kinds
        round=None,
        group="学校党委第一巡察组",
        target="机电工程学院党总支",
        start_on="2023-11-06",
        end_on="2023-12-15",
        feedback_on="2024-01-10",
    ),
    contact=dict(phones=["0791-88123456"], emails=["jdxy_dzz@jzvtc.edu.cn"], addresses=[]),
    summary=[],
    organization_measures=["提高思想认识，党总", "成立以党总支书记", "建立周调度、月通报"],
    problems=[
        P(1, "落实全面从严治党主体责任不到位", [
            M(1, R, "修订《机电工程学",
              [(42, "项", None)], ["机电工程学院党总支落实全面从严治党主体责任清单"]),
            M(2, R, "党总支书记与各党"),
            M(3, R, "将全面从严治党工", [(20, "%", None)]),  # 将…纳入: object marker
        ]),
        P(2, "基层党支部组织生活不规范", [
            M(1, R, "对4个教工党支部", [(4, "个", None), (15, "处", None)]),
            M(2, I, "开展“双带头人”", [(100, "%", None)]),
        ]),
        P(3, "实习实训经费管理不严格", [
            M(1, C, "全面清理2021", [(27, "个", None), (186.4, "万元", None), (3.2, "万元", None)]),
            M(2, R, "修订《实习实训经", [], ["实习实训经费管理办法"]),
            M(3, R, "对负责经费管理的", [(2, "名", None)]),
        ]),
    ],
    next_steps="学院党总支将坚持标本兼治，持续巩固巡察整改成果，推动学院党建与事业发展深度融合。",
)


# ----------------------------------------------------------------------------------------------
# Date in brackets under the title, no signature at all; problems grouped by (一)(二).
EXPECTED["title-with-date.txt"] = dict(
    title="中共临江市文化和旅游局党组关于市委第三巡察组反馈意见整改情况的通报",
    issuer="中共临江市文化和旅游局党组",  # from the title: there is no signature line
    # the bracketed date under the title is the document's own date, standing in for the
    # signature date
    published_on="2024-03-15",
    inspection=dict(
        level="city",
        kind="常规",
        round=None,
        group="市委第三巡察组",
        target="临江市文化和旅游局党组",
        start_on="2023-10-09",
        end_on="2023-12-01",  # 12月1日 takes 2023, not the title's 2024
        feedback_on="2024-01-16",
    ),
    contact=dict(phones=["0736-7223456"], emails=[], addresses=[]),
    summary=[],
    organization_measures=["加强组织领导。成立", "强化跟踪问效。建立"],
    problems=[
        P(1, "意识形态阵地管理不严", category="在落实意识形态工作责任制方面", measures=[
            M(1, R, "对全市37家公共", [(37, "家", None), (120, "份", "余")]),
            M(2, R, "建立文艺演出活动", [(216, "个", None)]),
        ]),
        P(2, "网络舆情应对不及时", category="在落实意识形态工作责任制方面", measures=[
            M(1, R, "制定《市文化和旅", [], ["市文化和旅游局网络舆情应对处置预案"]),
            M(2, R, "组织开展舆情应对", [(2, "期", None), (80, "人次", None)]),
        ]),
        # 12个…已有9个项目完工 = "N of M done"
        P(3, "重点文旅项目推进缓慢", category="在推动文旅产业发展方面", measures=[
            M(1, I, "对全市在建的12", [(12, "个", None), (9, "个", None)]),
            M(2, I, "其余3个项目正在", [(3, "个", None)]),
        ]),
        P(4, "旅游市场秩序整治不彻底", category="在推动文旅产业发展方面", measures=[
            M(1, R, "开展旅游市场秩序", [(265, "家次", None), (11, "件", None)]),
            M(2, R, "建立旅游投诉快速", [(100, "%", None)]),
        ]),
    ],
    next_steps=(
        "局党组将进一步巩固整改成果，对已完成的整改任务适时组织“回头看”，"
        "对需要长期坚持的整改事项持续抓好落实。"
    ),
)


# ----------------------------------------------------------------------------------------------
# A contact paragraph with many channels, and a phone number inside a measure.
EXPECTED["multiple-contacts.txt"] = dict(
    title="中共芜湖市市场监督管理局党组关于市委巡察反馈意见整改进展情况的通报",
    issuer="中共芜湖市市场监督管理局党组",
    published_on="2023-10-20",
    inspection=dict(
        level="city",
        kind="机动",
        round=6,
        group="市委第一巡察组",
        target="芜湖市市场监督管理局党组",
        start_on="2023-04-10",
        end_on="2023-05-30",
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
    organization_measures=["局党组召开专题会", "对照巡察反馈问题"],
    problems=[
        P(1, "食品安全监管存在薄弱环节", [
            M(1, R, "开展校园及周边食", [(412, "家", None), (37, "家", None)]),
            M(2, R, "开通食品安全投诉"),  # phone number: no metric
            M(3, I, "对农贸市场快检室"),
        ]),
        P(2, "“放管服”改革推进不够有力", [
            M(1, R, "企业开办环节压减", [(3, "个", None)]),
            M(2, R, "梳理市场主体登记", [(9, "项", None)]),
        ]),
        P(3, "干部队伍管理不够严格", [
            M(1, R, "修订《芜湖市市场", [], ["芜湖市市场监督管理局机关工作人员考勤管理办法"]),
            M(2, C, "对巡察发现的违规", [(3, "件", None)]),
        ]),
    ],
    next_steps="局党组将持续用力抓好整改，建立健全长效机制，确保整改不走过场、见到实效。",
)


# ----------------------------------------------------------------------------------------------
# Money and rates in many forms, with every qualifier.
EXPECTED["amounts.txt"] = dict(
    title="中共丰和县医疗保障局党组关于县委巡察反馈意见整改情况的通报",
    issuer="中共丰和县医疗保障局党组",
    published_on="2024-01-08",
    inspection=dict(
        level="county",
        kind="专项",
        round=None,
        group="县委第二巡察组",
        target="丰和县医疗保障局党组",
        start_on="2023-05-08",
        end_on="2023-06-30",
        feedback_on="2023-08-02",
    ),
    contact=dict(phones=["0557-6012345"], emails=["fhxybj@163.com"], addresses=[]),
    summary=[
        ("problems_total", 4, "个"),
        ("problems_completed", 4, "个"),
        ("completion_rate", 100, "%"),
        ("rules_established", 12, "项"),
        ("funds_recovered", 486.3, "万元"),
        ("people_disciplined", 9, "人"),
    ],
    organization_measures=["局党组成立巡察整"],
    problems=[
        # 累计 opens the clause; 5,680元 -> 5680
        P(1, "医保基金监管不严", [
            M(1, R, "开展定点医药机构",
              [(286, "家", None), (486.3, "万元", "累计"), (3, "家", None)]),
            M(2, R, "上线医保基金智能", [(3.8, "万条", "约"), (5680, "元", None)]),
        ]),
        # unit of "3个百分点" taken as written: 个百分点
        P(2, "医保待遇保障政策落实不到位", [
            M(1, R, "全县城乡居民医保",
              [(98.5, "%", "以上"), (1.2, "个百分点", None), (3, "个百分点", None)]),
            M(2, R, "落实大病保险和医", [(2300, "人次", "余"), (1.5, "万元", None)]),
        ]),
        # "3至5年" is a span of years (a range, no single quantity): no metric
        P(3, "集中带量采购工作推进缓慢", [
            M(1, C, "全县公立医疗机构", [(12345.6, "万元", None), (50, "%", "超过")]),
            M(2, R, "与县医共体签订医", [(1.2, "亿元", None), (60, "万人", "近")]),
        ]),
        # 不超过 kept as written
        P(4, "医保经办服务作风不实", [
            M(1, R, "开展医保经办窗口", [(15, "分钟", "不超过")]),
            M(2, R, "对服务态度差、办", [(20, "名", "多")]),
        ]),
    ],
    next_steps=(
        "局党组将持续加强医保基金监管，巩固巡察整改成果，切实守护好人民群众的“看病钱”“救命钱”。"
    ),
)


# ----------------------------------------------------------------------------------------------
# Next steps headed 今后工作打算 with 一是… of its own, then 特此通报。 and the signature.
EXPECTED["next-steps-variants.txt"] = dict(
    title="中共江州城投置业有限公司支部委员会关于集团党委巡察反馈意见整改情况的通报",
    issuer="中共江州城投置业有限公司支部委员会",
    published_on="2024-02-28",
    inspection=dict(
        level="unit",
        kind="常规",
        round=None,
        group="集团党委第二巡察组",
        target="江州城投置业有限公司党支部",
        start_on="2023-09-11",
        end_on="2023-10-27",
        feedback_on="2023-11-24",
    ),
    contact=dict(phones=["0791-86543210"], emails=[], addresses=[]),
    summary=[],
    organization_measures=["公司党支部召开支", "制定巡察整改工作"],
    problems=[
        P(1, "“三重一大”决策制度执行不到位", [
            M(1, R, "修订《江州城投置",
              [(38, "项", None)], ["江州城投置业有限公司“三重一大”决策制度实施办法"]),
            M(2, R, "对2021年以来", [(5, "份", None)]),
        ]),
        P(2, "工程项目管理不规范", [
            M(1, C, "对在建的6个工程", [(6, "个", None), (21, "个", None)]),
            M(2, R, "建立工程变更联合", [(50, "万元", "超过")]),
        ]),
        # 已收回 is none of the completion cues; the 今后工作打算 一是… are not measures here
        P(3, "应收账款清收不力", [
            M(1, R, "成立应收账款清收", [(1860, "万元", None)]),
            M(2, I, "对剩余的420万", [(420, "万元", None)]),
        ]),
    ],
    next_steps=(
        "一是持续巩固整改成果，对已完成的整改事项开展“回头看”，防止问题反弹。"
        "二是健全长效机制，将巡察整改与公司改革发展、日常经营管理结合起来。"
        "三是加强监督检查，推动全面从严治党向纵深发展。"
    ),
)


# ----------------------------------------------------------------------------------------------
# Second progress report in ledger form: 问题N：… / 整改进展：…
EXPECTED["progress-second-report.txt"] = dict(
    title="中共临川县教育局党组关于市委提级巡察反馈问题整改进展情况的第二次通报",
    issuer="中共临川县教育局党组",
    published_on="2024-07-10",
    inspection=dict(
        level="city",
        kind="提级",
        round=None,
        group="市委第四巡察组",
        target="临川县教育局党组",
        start_on="2023-10-16",
        end_on="2023-12-15",
        feedback_on="2024-01-25",
    ),
    contact=dict(phones=["0794-8612345"], emails=["lcxjyjdzz@163.com"], addresses=[]),
    summary=[
        ("problems_total", 21, "个"),
        ("problems_completed", 17, "个"),
        ("problems_in_progress", 4, "个"),
        ("completion_rate", 81, "%"),
    ],
    organization_measures=["局党组坚持每月召"],
    problems=[  # ledger titles: the statement up to its first 。; 问题一 -> 1
        # the 整改进展： label is not part of the measure text
        P(1, "干部选拔任用程序不够规范", [
            M(1, C, "已完成。修订《临",
              [(12, "份", None)], ["临川县教育局中层干部选拔任用工作规程"]),
        ]),
        P(2, "校舍安全隐患排查整治不彻底", [
            M(1, I, "正在推进。全县排", [(9, "栋", None), (6, "栋", None), (3, "栋", None)]),
        ]),
        P(3, "课后服务收费管理不规范", [
            M(1, R, "开展课后服务收费", [(56, "所", None)]),
        ]),
        P(4, "教育经费使用效益不高", [
            M(1, C, "对全县教育专项资", [(43, "个", None), (8650, "万元", None)]),
            M(2, I, "盘活结余资金，将"),
        ]),
    ],
    next_steps="局党组将紧盯尚未完成的4个问题，按照时间节点抓好整改，确保所有问题按期销号。",
)


@pytest.mark.parametrize("check", cases("unseen3", EXPECTED))
def test_unseen3(check):
    check()


def test_fixtures_are_sized_like_real_notices():
    for name in EXPECTED:
        size = (FIXTURES / "unseen3" / name).stat().st_size
        assert 1500 <= size <= 4096, (name, size)
