"""Notices in layouts the extractor was not tuned on, checked against the record contract.

Every expected value below was written from ``spec/RECORDS.md`` (and the way the gold
file of the sample applies it), not from the extractor's output. The fixtures live in
``tests/fixtures/unseen/``:

* ``provincial-sections.txt``  provincial 巡视; problems grouped under
  ``一、关于“X”方面问题的整改情况``; ``（一）`` restarts in every group; measures ``1.``;
  notice-level figures in the intro; no 组织情况 section.
* ``labelled-ledger.txt``      county 巡察; ``整改措施：`` / ``整改情况：`` / ``整改进展：`` lines.
* ``gov-page.html``            county government web page (UTF-8), TRS_Editor body.
* ``gbk-city.txt``             city 巡察, GBK bytes, full-width punctuation and spaces,
  ``一是…；二是…；`` inline lists.
* ``enterprise-progress.txt``  集团党委巡察 进展通报, ``问题一：`` ledger, ``（1）`` measures.
* ``department-no-sections.txt`` 局党组 notice without any ``一、`` section.
* ``school-numbered.txt``      学校党委巡察 of a 学院, ``1.`` organisation items, year-less
  feedback date, address + postcode, two phones.
* ``huikan-round.txt``         县委第五轮巡察“回头看”, dash date range, restarting measure list.
* ``big5-traditional.txt``     short notice in traditional characters, Big5 bytes.
* ``news-about-inspection.txt`` a news report about a 巡察动员会: not a notice.

Checks are parametrised one per field so that a failure names the fixture and the field.
Measure texts are checked by their first 8 characters (``start``) and by their end
(``end``: the text, after stripping trailing punctuation/whitespace, must end with it) —
the end catches a measure that swallows the next heading, lead-in or contact paragraph.
"""

from __future__ import annotations

import collections
import functools
import hashlib
import unicodedata
from pathlib import Path

import pytest

from pipeline.assemble import build_notice, notice_from_text
from pipeline.errors import NotANotice
from pipeline.ingest import source_from_bytes

FIXTURES = Path(__file__).parent / "fixtures" / "unseen"

TRAILING = "。；;，,.：: \t\r\n\u3000\xa0"


def M(ordinal, status, start, end, metrics=(), docs=()):
    """An expected measure: ``start`` is compared on its first 8 characters."""
    return {
        "ordinal": ordinal,
        "status": status,
        "start": start,
        "end": end,
        "metrics": [m if len(m) == 3 else (m[0], m[1], None) for m in metrics],
        "docs": list(docs),
    }


def P(index, title, category, *measures):
    return {"index": index, "title": title, "category": category, "measures": list(measures)}


# --------------------------------------------------------------------------------------
# 1. provincial-sections.txt
# --------------------------------------------------------------------------------------
C1 = "关于“党的领导弱化”方面问题的整改情况"
C2 = "关于“全面从严治党不力”方面问题的整改情况"
C3 = "关于“干部队伍建设有差距”方面问题的整改情况"

PROVINCIAL = dict(
    title="中共江西省农业农村厅党组关于十二届省委第三轮巡视整改进展情况的通报",
    issuer="中共江西省农业农村厅党组",
    published_on="2024-08-05",
    inspection=dict(
        level="provincial",
        kind="常规",
        round=3,  # 第三轮 (十二届 is the committee's term, 第六巡视组 the group)
        group="省委第六巡视组",
        target="中共江西省农业农村厅党组",  # without （以下简称厅党组）
        start_on="2023-10-10",
        end_on="2023-12-20",  # 12月20日 takes the year of 2023年10月10日
        feedback_on="2024-01-26",
    ),
    contact=dict(
        phones=["0791-86665123"],
        emails=["nnt_xszg@163.com"],
        addresses=["南昌市红谷滩区卧龙路999号省农业农村厅机关纪委"],  # label and （邮编…） dropped
    ),
    summary=[
        ("problems_total", 28, "个"),
        ("problems_completed", 26, "个"),
        ("problems_in_progress", 2, "个"),
        ("completion_rate", 92.9, "%"),
        ("other", 85, "项"),  # 细化整改措施85项: the contract's own example of `other`
        ("rules_established", 21, "项"),
        ("funds_recovered", 286.5, "万元"),
        # "给予党纪政务处分7人、组织处理15人": one stat per written figure, not a sum
        ("people_disciplined", 7, "人"),
        ("people_disciplined", 15, "人"),
    ],
    organization_measures=[],  # no 整改工作组织情况 section
    # Problem numbers restart under each group: index is "the problem's own number".
    problems=[
        P(1, "学习贯彻习近平总书记关于“三农”工作重要论述不够深入", C1,
          M(1, "reported", "制定《厅党组理论学习", "开展专题调研8项",  # 计划 inside 《》
            [(12, "次"), (8, "项")], ["厅党组理论学习中心组2024年学习计划"]),
          M(2, "completed", "建立“第一议题”学习", "贯彻落实情况梳理", [(38, "项")])),
        P(2, "推动粮食生产责任落实有差距", C1,
          M(1, "in_progress", "对全省高标准农田建设", "剩余8个正在推进",
            [(436, "个"), (87, "个"), (79, "个"), (8, "个")]),
          M(2, "reported", "印发《关于进一步压实", "100个县（市、区）",  # 将 marks the object
            [(11, "个"), (100, "个")], ["关于进一步压实粮食生产责任的通知"])),
        P(1, "惠农资金监管存在漏洞", C2,
          M(1, "completed", "对2021年以来发放", "已全部退缴国库", [(112.3, "万元")]),
          M(2, "in_progress", "健全惠农资金监管长效", "惠农补贴资金监管平台")),
        P(2, "违反中央八项规定精神问题时有发生", C2,
          M(1, "reported", "对巡视移交的5件问题", "给予党纪政务处分7人",
            [(5, "件"), (3, "件"), (7, "人")]),
          # 接待 is not 待 ("awaiting"); 已整改到位 is a completion
          M(2, "completed", "开展违规吃喝问题专项", "均已整改到位", [(1260, "条", "余")])),
        P(1, "选人用人工作不够规范", C3,
          M(1, "reported", "对2020年以来干部", "补充完善档案材料41份", [(326, "卷"), (41, "份")]),
          M(2, "reported", "修订《厅机关处级干部", "环节程序要求", [],
            ["厅机关处级干部选拔任用工作规程"])),
    ],
    next_steps=("厅党组将坚持目标不变", "农业农村现代化建设"),
)

# --------------------------------------------------------------------------------------
# 2. labelled-ledger.txt
# Reading (the project's, also used for tables): the 整改措施 text is the first measure —
# it names the actions and may cite documents — and the 整改情况/整改进展 text follows,
# split at 1./一是 when present, else one measure; ordinals count on across both.
# --------------------------------------------------------------------------------------
LEDGER = dict(
    title="中共丰宁县南关镇委员会关于县委第三轮巡察整改情况的通报",
    issuer="中共丰宁县南关镇委员会",
    published_on="2023-10-09",
    inspection=dict(
        level="county",
        kind=None,  # "进行了巡察": no kind named
        round=3,
        group="县委第二巡察组",
        target="南关镇党委",
        start_on="2023-04-12",
        end_on="2023-05-31",
        feedback_on="2023-07-06",
    ),
    contact=dict(phones=["0314-8051234"], emails=["ngzdzb@126.com"], addresses=[]),
    summary=[
        ("problems_total", 12, "个"),
        ("problems_completed", 10, "个"),
        ("problems_in_progress", 2, "个"),
        ("clues_transferred", 3, "件"),
        ("cases_filed", 2, "件"),
        ("people_disciplined", 2, "人"),
    ],
    # One unnumbered paragraph = one measure. 将 here marks the object (把) -> reported.
    organization_measures=[M(1, "reported", "镇党委将巡察整改作为", "实行对账销号管理")],
    problems=[
        P(1, "村级集体“三资”管理不规范", None,
          M(1, "reported", "开展村级集体“三资”", "规范村级财务收支审批程序"),
          M(2, "completed", "对全镇18个行政村", "已整改到位",
            [(18, "个"), (63, "张"), (41.2, "万元")]),
          M(3, "reported", "修订《南关镇村级财务", "“四议两公开”程序", [],
            ["南关镇村级财务管理办法"])),
        P(2, "农村人居环境整治成效不明显", None,
          M(1, "reported", "建立人居环境整治常态", "开展集中整治行动"),
          M(2, "reported", "开展“清垃圾、清杂物”", "清运垃圾320吨",
            [(860, "人次", "余"), (320, "吨")]),
          M(3, "in_progress", "完善村庄保洁长效机制", "正在建设中", [(54, "名"), (2, "个")])),
        P(3, "基层党组织“三会一课”制度落实不到位", None,
          M(1, "reported", "规范基层党组织组织生", "加强督导检查"),
          M(2, "reported", "镇党委对22个基层", "年度述职评议内容", [(22, "个")])),
    ],
    next_steps=("镇党委将继续坚持问题", "确保巡察整改取得实效"),
)

# --------------------------------------------------------------------------------------
# 3. gov-page.html
# --------------------------------------------------------------------------------------
GOV_PAGE = dict(
    title="中共宁陵县住房和城乡建设局党组关于县委第四轮巡察整改进展情况的通报",
    issuer="中共宁陵县住房和城乡建设局党组",
    published_on="2024-03-12",  # the signature's date wins over 发布日期 2024-03-15
    inspection=dict(
        level="county",
        kind="常规",
        round=4,
        group="县委第三巡察组",
        target="宁陵县住房和城乡建设局党组",
        start_on="2023-10-16",
        end_on="2023-11-30",
        feedback_on="2024-01-08",
    ),
    # The footer's 0370-7812345 belongs to the website's host, not the issuer.
    contact=dict(phones=["0370-7896521"], emails=["nlxzjj@163.com"], addresses=[]),
    summary=[
        ("problems_total", 11, "个"),
        ("problems_completed", 10, "个"),
        ("problems_in_progress", 1, "个"),
        ("completion_rate", 90.9, "%"),
    ],
    organization_measures=[
        M(1, "reported", "强化组织领导。局党组", "责任股室和完成时限"),  # 完成时限 is no cue
        M(2, "reported", "压实整改责任。实行", "定期调度整改进度"),
        M(3, "reported", "坚持举一反三。把巡察", "健全完善制度机制"),
    ],
    problems=[
        P(1, "住房保障政策落实不到位", None,
          M(1, "completed", "对全县公租房分配使用", "已全部重新配租", [(27, "户"), (27, "套")]),
          M(2, "reported", "建立公租房保障对象动态", "每半年开展一次数据比对")),
        P(2, "建设工程领域监管存在漏洞", None,
          M(1, "in_progress", "对2021年以来的在建", "剩余2份正在督促整改",
            [(46, "个"), (19, "份"), (17, "份"), (2, "份")]),
          M(2, "reported", "印发《宁陵县建设工程", "行政处罚等执法程序", [],
            ["宁陵县建设工程质量安全监督管理办法"])),
        P(3, "干部作风不够扎实", None,
          M(1, "reported", "开展作风纪律专项整治", "通报批评3人", [(12, "次"), (3, "人")]),
          M(2, "reported", "将作风建设纳入股室", "与评优评先挂钩")),  # 将 marks the object
    ],
    next_steps=("局党组将持续巩固巡察", "住房和城乡建设事业高质量发展"),
)

# --------------------------------------------------------------------------------------
# 4. gbk-city.txt (GBK bytes)
# --------------------------------------------------------------------------------------
GBK_CITY = dict(
    encoding="gbk",
    title="中共德州市自然资源和规划局党组关于市委第七轮巡察整改情况的通报",
    issuer="中共德州市自然资源和规划局党组",
    published_on="2023-11-20",
    inspection=dict(
        level="city",
        kind="专项",  # 开展了耕地保护专项巡察
        round=7,
        group="市委第四巡察组",
        target="德州市自然资源和规划局党组",
        start_on="2023-05-08",
        end_on="2023-06-30",
        feedback_on="2023-08-15",
    ),
    contact=dict(
        phones=["0534-2687123"],
        emails=["dzzrzyj_dw@163.com"],
        addresses=["德州市德城区东风中路1588号市自然资源和规划局机关党委"],  # "，邮编：253000" dropped
    ),
    summary=[
        ("problems_total", 17, "个"),
        ("problems_completed", 15, "个"),
        ("problems_in_progress", 2, "个"),
    ],
    # The lead-in sentence before 一是 is not a measure (as in the sample's gold).
    organization_measures=[
        M(1, "reported", "成立整改工作领导小组", "负责整改工作的组织领导"),
        M(2, "reported", "制定整改工作方案", "责任单位和完成时限"),
        M(3, "reported", "建立周调度、月通报", "动态销号"),
    ],
    problems=[
        P(1, "耕地保护责任落实不到位", None,
          M(1, "in_progress", "开展耕地“非农化”", "正在按计划推进",
            [(1526, "个"), (1318, "个"), (208, "个")]),
          M(2, "reported", "建立耕地保护田长制", "网格化管理全覆盖", [(5623, "名")]),
          M(3, "reported", "对12个县（市、区）", "综合绩效考核", [(12, "个")])),
        P(2, "违法用地查处不及时", None,
          M(1, "completed", "对巡察反馈的违法用地", "已全部立案查处", [(43, "宗")]),
          M(2, "reported", "与公安、检察机关建立", "移送涉嫌犯罪案件2件", [(2, "件")]),
          M(3, "reported", "印发《德州市自然资源", "纳入日常监管", [],
            ["德州市自然资源违法行为动态巡查工作制度"])),
        P(3, "不动产登记服务效能不高", None,
          M(1, "reported", "推行“一窗受理、集成", "办事满意度达98.6%", [(16, "个"), (98.6, "%")]),
          M(2, "reported", "开通不动产登记“跨省", "办理登记业务2300余件", [(2300, "件", "余")]),
          M(3, "in_progress", "针对历史遗留“登记难”", "再化解2000户", [(2000, "户")])),
    ],
    next_steps=("局党组将坚持标准不降", "巩固拓展巡察整改成果"),
)

# --------------------------------------------------------------------------------------
# 5. enterprise-progress.txt
# --------------------------------------------------------------------------------------
ENTERPRISE = dict(
    title="中共东海港务集团物流有限公司委员会关于集团党委第二轮巡察整改进展情况的通报",
    issuer="中共东海港务集团物流有限公司委员会",
    published_on="2024-06-12",
    inspection=dict(
        level="unit",  # 集团党委
        kind=None,
        round=2,
        group="集团党委第一巡察组",
        target="东海港务集团物流有限公司党委",
        start_on="2023-09-04",
        end_on="2023-10-27",
        feedback_on="2023-12-14",
    ),
    contact=dict(phones=["0633-8381234", "0633-8385678"], emails=["dhgwl_jjjc@163.com"],
                 addresses=[]),
    summary=[
        ("problems_total", 19, "个"),
        ("problems_completed", 16, "个"),
        ("problems_in_progress", 3, "个"),
        ("rules_established", 14, "项"),
        ("funds_recovered", 326.8, "万元"),  # 挽回经济损失
        ("people_disciplined", 8, "名"),  # 批评教育和诫勉谈话
    ],
    organization_measures=[],
    # Ledger titles: the statement after 问题N： up to (not including) its first 。
    problems=[
        P(1, "对标一流企业推进高质量发展存在差距，主营业务增长乏力", None,
          M(1, "completed", "制定《公司对标世界", "确定对标指标32项，已完成", [(32, "项")],
            ["公司对标世界一流企业价值创造行动实施方案"]),
          # 2024年1—5月 is a date range, not a metric
          M(2, "in_progress", "拓展大宗散货物流业务", "该项工作正在推进",
            [(3.62, "亿元"), (15.3, "%")]),
          M(3, "in_progress", "优化业务结构，计划于", "低效子公司清理退出", [(2, "家")])),
        P(2, "招投标管理不规范，部分项目存在化整为零规避招标问题", None,
          M(1, "completed", "对2021年以来的86", "进行诫勉谈话，已完成", [(86, "个"), (4, "个")]),
          # 长期坚持 carried by 将 (= will): a plan for the future
          M(2, "in_progress", "上线集团阳光采购平台", "该项措施将长期坚持", [(100, "%")])),
        P(3, "安全生产主体责任落实不到位，隐患排查治理不彻底", None,
          M(1, "completed", "开展安全生产大检查", "已全部完成整改", [(217, "项")]),
          M(2, "reported", "组织全员安全培训", "累计培训1860人次", [(1860, "人次", "累计")]),
          M(3, "in_progress", "投入安全技改资金480", "计划于2024年8月底前完成",
            [(480, "万元"), (9, "台")])),
    ],
    # The 下一步 paragraph has no heading of its own; its whole text is next_steps.
    next_steps=("下一步，公司党委将持续", "确保整改落地见效"),
)

# --------------------------------------------------------------------------------------
# 6. department-no-sections.txt
# --------------------------------------------------------------------------------------
DEPARTMENT = dict(
    title="中共遂昌县市场监督管理局党组关于县委巡察整改情况的通报",
    issuer="中共遂昌县市场监督管理局党组",
    published_on="2023-09-28",
    inspection=dict(
        level="county",
        kind=None,
        round=None,
        group="县委第一巡察组",
        target="县市场监督管理局党组",
        start_on="2023-03-20",
        end_on="2023-05-12",
        feedback_on="2023-07-03",
    ),
    contact=dict(
        phones=["0578-8123456"],
        emails=["scxscjg@126.com"],
        addresses=["遂昌县妙高街道北街88号县市场监督管理局办公室"],
    ),
    summary=[("problems_total", 9, "个")],  # 对反馈的9个问题
    organization_measures=[],
    problems=[
        P(1, "食品安全监管存在薄弱环节", None,
          M(1, "completed", "开展校园及周边食品", "已全部整改到位", [(213, "家次"), (46, "个")]),
          M(2, "reported", "建立食品安全风险隐患", "纳入重点监管")),
        P(2, "“放管服”改革推进不够有力", None,
          M(1, "reported", "推行企业开办“一件事”", "企业开办专区窗口6个", [(6, "个")]),
          M(2, "reported", "全面推广电子营业执照", "发放电子营业执照3826份", [(3826, "份")]),
          M(3, "reported", "对涉企收费开展清理", "涉及企业37家", [(12.6, "万元"), (37, "家")])),
        P(3, "干部队伍活力不足", None,
          M(1, "reported", "制定《县市场监管局", "挂职锻炼", [(5, "名")],
            ["县市场监管局年轻干部培养三年行动计划"]),
          M(2, "reported", "开展“业务大讲堂”活动", "参训人员达620人次", [(15, "期"), (620, "人次")]),
          # the contact paragraph after it must not be part of this measure
          M(3, "in_progress", "对12名中层干部进行", "年底前完成轮岗", [(12, "名"), (3, "名")])),
    ],
    next_steps=None,
)

# --------------------------------------------------------------------------------------
# 7. school-numbered.txt
# --------------------------------------------------------------------------------------
SCHOOL = dict(
    title="中共东江理工大学机械工程学院委员会关于校党委第十一轮巡察整改情况的通报",
    issuer="中共东江理工大学机械工程学院委员会",
    published_on="2024-01-18",
    inspection=dict(
        level="unit",  # 校党委
        kind=None,
        round=11,  # 第十一轮
        group="校党委第二巡察组",
        target="机械工程学院党委",
        start_on="2023-09-25",
        end_on="2023-10-27",
        feedback_on="2023-11-20",  # "11月20日" takes the year of 2023年9月25日
    ),
    contact=dict(
        phones=["0752-2529123", "0752-2529456"],
        emails=["jxxy_dw@djut.edu.cn"],
        addresses=["广东省惠州市惠城区学府路168号东江理工大学机械工程学院党委办公室"],
    ),
    summary=[],
    organization_measures=[
        M(1, "reported", "提高政治站位。学院党委", "统一思想认识"),
        M(2, "reported", "健全工作机制。成立", "实行“挂图作战”"),
        M(3, "reported", "强化督促落实。学院党委", "事事有回音"),
    ],
    problems=[
        P(1, "立德树人根本任务落实不够到位", None,
          M(1, "reported", "修订《机械工程学院本科", "思政覆盖率达100%", [(42, "个"), (100, "%")],
            ["机械工程学院本科人才培养方案"]),
          M(2, "completed", "实施本科生导师制", "已完成首轮师生双选", [(86, "名")])),  # 2023级: a year
        P(2, "科研管理存在廉政风险", None,
          M(1, "completed", "对2020年以来横向", "发现的问题已整改完毕",
            [(58, "项"), (1260.5, "万元")]),
          M(2, "reported", "制定《学院科研经费", "的审核责任", [], ["学院科研经费报销审核细则"]),
          M(3, "in_progress", "对科研助理劳务费发放", "经费支出待核实", [(2, "笔")])),
        P(3, "基层党组织建设有弱项", None,
          M(1, "completed", "完成教工党支部换届", "教师党支部书记5名", [(5, "个"), (5, "名")]),
          M(2, "reported", "建立党支部书记工作例会", "每月召开1次例会", [(1, "次")])),
    ],
    next_steps=("学院党委将持续深化巡察", "实际成效"),
)

# --------------------------------------------------------------------------------------
# 8. huikan-round.txt
# --------------------------------------------------------------------------------------
HUIKAN = dict(
    title="中共青阳县卫生健康局党组关于县委第五轮巡察“回头看”整改情况的通报",
    issuer="中共青阳县卫生健康局党组",
    published_on="2024-01-30",
    inspection=dict(
        level="county",
        kind="回头看",
        round=5,
        group="县委第二巡察组",
        target="县卫生健康局党组",
        start_on="2023-09-01",
        end_on="2023-10-15",  # "2023年9月1日—10月15日"
        feedback_on="2023-11-28",
    ),
    contact=dict(phones=["0566-5021234"], emails=["qywjj@163.com"], addresses=[]),
    summary=[
        ("problems_total", 11, "个"),
        ("problems_completed", 9, "个"),
        ("completion_rate", 81.8, "%"),
        ("people_disciplined", 4, "人"),
    ],
    organization_measures=[
        M(1, "reported", "扛牢整改责任。局党组", "逐项认领整改任务"),
        M(2, "reported", "细化整改举措。坚持", "整改时限和责任科室"),
    ],
    problems=[
        P(1, "上轮巡察整改主体责任落实不到位", None,
          # "整改不到位" is no 已…到位
          M(1, "reported", "局党组召开巡察整改专题", "重新制定整改措施", [(14, "个"), (3, "个")]),
          M(2, "completed", "对上轮巡察移交的2件", "已全部办结", [(2, "件")])),
        # Inner quotes kept as written. The two sub-lists restart at 1. and count on 1..4;
        # the lead-ins 针对…方面： belong to no measure.
        P(2, "‘四风’问题仍有发生", None,
          M(1, "reported", "修订《局机关公务接待", "审批和清单制度", [], ["局机关公务接待管理办法"]),
          M(2, "reported", "对2022年以来公务", "报销费用1.86万元", [(1.86, "万元")]),
          M(3, "in_progress", "对局属单位公务用车", "其余2个正在整改", [(6, "个"), (4, "个"), (2, "个")]),
          M(4, "reported", "安装公务用车北斗定位", "全程监控", [(23, "台")])),
        P(3, "医疗机构药品耗材管理不规范", None,
          M(1, "in_progress", "组织全县15家公立", "全流程监管平台", [(15, "家")]),
          M(2, "reported", "对3家医疗机构主要负责人", "责令限期整改", [(3, "家")])),
    ],
    next_steps=("局党组将把巡察“回头看”", "防止问题反弹回潮"),
)

# --------------------------------------------------------------------------------------
# 9. big5-traditional.txt (Big5 bytes; traditional characters kept as written)
# --------------------------------------------------------------------------------------
BIG5 = dict(
    encoding="big5",
    title="中共平和縣林業局黨組關於縣委巡察整改情況的通報",
    issuer="中共平和縣林業局黨組",
    published_on="2023-09-15",
    inspection=dict(
        level="county",  # 縣委 = 县委
        kind=None,
        round=None,
        group="縣委第三巡察組",
        target="平和縣林業局黨組",
        start_on="2023-04-10",
        end_on="2023-05-26",
        feedback_on="2023-07-14",
    ),
    contact=dict(phones=["0596-5521234"], emails=[], addresses=[]),
    summary=[],
    organization_measures=[
        M(1, "reported", "加強組織領導。成立", "責任領導和責任股室"),
        M(2, "reported", "壓實整改責任。建立", "實行對賬銷號管理"),
    ],
    problems=[
        P(1, "森林資源保護監管不到位", None,
          M(1, "reported", "開展打擊毀林專項行動", "收回林地36.5公頃", [(17, "起"), (36.5, "公頃")]),
          M(2, "reported", "建立林長制巡護考核", "配備生態護林員128名", [(128, "名")])),
        P(2, "林業項目資金管理不規範", None,
          M(1, "completed", "對2021年以來林業", "已全部上繳國庫", [(8.2, "萬元")]),
          M(2, "in_progress", "修訂《林業專項資金", "完成制度彙編", [], ["林業專項資金管理辦法"])),
    ],
    next_steps=("局黨組將持續鞏固整改", "確保整改取得實效"),
)

EXPECTED = {
    "provincial-sections.txt": PROVINCIAL,
    "labelled-ledger.txt": LEDGER,
    "gov-page.html": GOV_PAGE,
    "gbk-city.txt": GBK_CITY,
    "enterprise-progress.txt": ENTERPRISE,
    "department-no-sections.txt": DEPARTMENT,
    "school-numbered.txt": SCHOOL,
    "huikan-round.txt": HUIKAN,
    "big5-traditional.txt": BIG5,
}
NEWS = "news-about-inspection.txt"

# Visible-text properties of the HTML page (contract: source_sha256 / span text).
HTML_ABSENT = [
    "网站访问统计代码",  # script
    "setFont",  # script
    "margin-top",  # style
    "征求意见稿",  # display:none
    "&nbsp;", "&ldquo;", "&rdquo;", "&gt;",  # entities decoded
]
HTML_OWN_LINES = [  # each block element on its own line
    "中共宁陵县住房和城乡建设局党组关于县委第四轮巡察整改进展情况的通报",
    "一、整改工作组织情况",
    "（一）关于“住房保障政策落实不到位”问题的整改情况",
    "一是对全县公租房分配使用情况开展全面排查，清退不符合条件保障对象27户，收回公租房27套，已全部重新配租。",
    "中共宁陵县住房和城乡建设局党组",
    "2024年3月12日",
]


# --------------------------------------------------------------------------------------
# loading
# --------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=None)
def load(name: str):
    """Return (notice or NotANotice instance, source text, raw decoded text or None)."""
    path = FIXTURES / name
    data = path.read_bytes()
    spec = EXPECTED.get(name, {})
    encoding = spec.get("encoding")
    if name.endswith(".html") or encoding:
        source = source_from_bytes(data, path=str(path), doc_id=path.stem)
        text = source.text
        try:
            notice = build_notice(source)
        except NotANotice as exc:
            notice = exc
        return notice, text, data.decode(encoding) if encoding else None
    text = data.decode("utf-8")
    try:
        notice = notice_from_text(text, doc_id=path.stem)
    except NotANotice as exc:
        notice = exc
    return notice, text, text


def notice_of(name):
    notice, text, _ = load(name)
    if isinstance(notice, Exception):
        pytest.fail(f"{name}: {type(notice).__name__}: {notice}")
    return notice, text


def norm(s):
    s = unicodedata.normalize("NFKC", s or "")
    s = "".join(s.split())
    for q in "“”‘’\"'":
        s = s.replace(q, "'")
    return s


def find_problem(notice, pos, exp):
    """Match like the scorer (normalised title); fall back to the same position."""
    for p in notice.problems:
        if norm(p.title) == norm(exp["title"]) and p.index == exp["index"]:
            return p
    for p in notice.problems:
        if norm(p.title) == norm(exp["title"]):
            return p
    if pos < len(notice.problems):
        return notice.problems[pos]
    return None


def tail(text):
    return text.rstrip(TRAILING)


def fmt_num(v):
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v)


def metric_set(metrics):
    return collections.Counter((float(m.value), m.unit, m.qualifier) for m in metrics)


def exp_metric_set(metrics):
    return collections.Counter((float(v), u, q) for v, u, q in metrics)


def d(x):
    return None if x is None else str(x)


# --------------------------------------------------------------------------------------
# checks: each returns (actual, expected)
# --------------------------------------------------------------------------------------
def measure_checks(prefix, get_list, exp_list, text_of):
    """Checks for a list of measures. get_list(notice) -> list[Measure] | None."""
    out = []

    def starts(n, t):
        ms = get_list(n)
        return ([(m.ordinal, m.text[:8]) for m in ms] if ms is not None else None,
                [(e["ordinal"], e["start"][:8]) for e in exp_list])

    def statuses(n, t):
        ms = get_list(n)
        return ([m.status for m in ms] if ms is not None else None,
                [e["status"] for e in exp_list])

    def ends(n, t):
        ms = get_list(n)
        if ms is None:
            return None, [e["end"] for e in exp_list]
        actual = [tail(m.text)[-len(exp_list[i]["end"]):] if i < len(exp_list)
                  else tail(m.text)[-10:] for i, m in enumerate(ms)]
        return actual, [e["end"] for e in exp_list]

    def spans(n, t):
        ms = get_list(n)
        bad = []
        for m in ms or []:
            got = t[m.span[0]:m.span[1]]
            if got != m.text:
                bad.append((m.ordinal, m.span, got[:12], m.text[:12]))
        return bad, []

    out += [(f"{prefix}.start", starts), (f"{prefix}.status", statuses),
             (f"{prefix}.end", ends), (f"{prefix}.spans", spans)]

    for j, e in enumerate(exp_list):
        def metrics(n, t, j=j, e=e):
            ms = get_list(n)
            if ms is None or j >= len(ms):
                return "<missing measure>", exp_metric_set(e["metrics"])
            return metric_set(ms[j].metrics), exp_metric_set(e["metrics"])

        def documents(n, t, j=j, e=e):
            ms = get_list(n)
            if ms is None or j >= len(ms):
                return "<missing measure>", e["docs"]
            return list(ms[j].documents), e["docs"]

        out += [(f"{prefix}[{j + 1}].metrics", metrics),
                (f"{prefix}[{j + 1}].documents", documents)]
    return out


def fixture_checks(name, spec):
    checks = []
    checks.append(("title", lambda n, t: (n.title, spec["title"])))
    checks.append(("issuer", lambda n, t: (n.issuer, spec["issuer"])))
    checks.append(("published_on", lambda n, t: (d(n.published_on), spec["published_on"])))
    for key, val in spec["inspection"].items():
        checks.append((f"inspection.{key}",
                       lambda n, t, key=key, val=val: (
                           d(getattr(n.inspection, key)) if key.endswith("_on")
                           else getattr(n.inspection, key), val)))
    for key, val in spec["contact"].items():
        checks.append((f"contact.{key}",
                       lambda n, t, key=key, val=val: (list(getattr(n.contact, key)), val)))
    checks.append(("summary", lambda n, t: (
        sorted((s.kind, float(s.value), s.unit) for s in n.summary),
        sorted((k, float(v), u) for k, v, u in spec["summary"]))))

    # organisation measures
    org = spec["organization_measures"]
    checks.append(("organization_measures.count",
                   lambda n, t: (len(n.organization_measures), len(org))))
    checks += measure_checks("organization_measures", lambda n: n.organization_measures, org, None)

    # problems
    probs = spec["problems"]
    checks.append(("problems.count", lambda n, t: (len(n.problems), len(probs))))
    checks.append(("problems", lambda n, t: (
        [(p.index, p.title, p.category) for p in n.problems],
        [(p["index"], p["title"], p["category"]) for p in probs])))

    def problem_spans(n, t):
        bad = []
        prev_end = -1
        for p in n.problems:
            s, e = p.span
            if s < prev_end:
                bad.append(("overlaps previous", p.index, p.title[:10]))
            prev_end = e
            block = t[s:e]
            if norm(p.title) not in norm(block):
                bad.append(("title not in block", p.index, p.title[:10]))
            for m in p.measures:
                if not (s <= m.span[0] and m.span[1] <= e):
                    bad.append(("measure outside block", p.index, m.ordinal))
        return bad, []

    checks.append(("problems.spans", problem_spans))

    for i, ep in enumerate(probs):
        tag = f"problems[{i + 1}]"

        def get_measures(n, i=i, ep=ep):
            p = find_problem(n, i, ep)
            return None if p is None else p.measures

        checks += measure_checks(f"{tag}.measures", get_measures, ep["measures"], None)

    def metric_spans(n, t):
        bad = []
        every = list(n.organization_measures) + [m for p in n.problems for m in p.measures]
        for m in every:
            for x in m.metrics:
                got = t[x.span[0]:x.span[1]]
                if not (got.startswith(fmt_num(x.value)) and got.endswith(x.unit)):
                    bad.append((fmt_num(x.value), x.unit, got))
        return bad, []

    checks.append(("metrics.spans", metric_spans))

    ns = spec["next_steps"]

    def next_steps(n, t):
        if ns is None or n.next_steps is None:
            return n.next_steps, (None if ns is None else (ns[0][:8], ns[1]))
        return (n.next_steps[:8], tail(n.next_steps)[-len(ns[1]):]), (ns[0][:8], ns[1])

    checks.append(("next_steps", next_steps))

    checks.append(("source_sha256", lambda n, t: (
        n.source_sha256, hashlib.sha256(t.encode("utf-8")).hexdigest())))

    if spec.get("encoding"):
        def decoded(n, t, name=name):
            raw = load(name)[2]
            return t == raw, True
        checks.append(("source_text.decoded", decoded))

    if name.endswith(".html"):
        checks.append(("source_text.hidden_removed",
                       lambda n, t: ([s for s in HTML_ABSENT if s in t], [])))
        checks.append(("source_text.block_lines", lambda n, t: (
            [s for s in HTML_OWN_LINES if s not in {ln.strip() for ln in t.splitlines()}], [])))
    return checks


def news_checks():
    def problems(n, t):
        return ([] if isinstance(n, NotANotice) else [p.title for p in n.problems]), []

    def org(n, t):
        return ([] if isinstance(n, NotANotice) else
                [m.text[:12] for m in n.organization_measures]), []

    return [("problems", problems), ("organization_measures", org)]


PARAMS = []
for _name, _spec in EXPECTED.items():
    for _field, _fn in fixture_checks(_name, _spec):
        PARAMS.append(pytest.param(_name, _fn, id=f"{_name}:{_field}"))
for _field, _fn in news_checks():
    PARAMS.append(pytest.param(NEWS, _fn, id=f"{NEWS}:{_field}"))


@pytest.mark.parametrize(("name", "check"), PARAMS)
def test_unseen(name, check):
    if name == NEWS:
        notice, text, _ = load(name)
    else:
        notice, text = notice_of(name)
    actual, expected = check(notice, text)
    assert actual == expected


# --------------------------------------------------------------------------------------
# self-check of the expectations against the fixture files (not against the pipeline)
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(EXPECTED))
def test_expectations_match_fixture(name):
    spec = EXPECTED[name]
    raw = (FIXTURES / name).read_bytes().decode(spec.get("encoding", "utf-8"))
    flat = raw.replace("&ldquo;", "“").replace("&rdquo;", "”").replace("&nbsp;", " ")
    missing = []
    strings = [spec["title"], spec["issuer"], spec["inspection"]["group"],
               spec["inspection"]["target"], *spec["contact"]["phones"],
               *spec["contact"]["emails"], *spec["contact"]["addresses"]]
    for p in spec["problems"]:
        strings += [p["title"]] + ([p["category"]] if p["category"] else [])
    for m in spec["organization_measures"] + [m for p in spec["problems"] for m in p["measures"]]:
        assert len(m["start"]) >= 8, m["start"]
        strings += [m["start"], m["end"], *m["docs"]]
        for v, u, q in m["metrics"]:
            strings.append(f"{fmt_num(v)}{q if q == '余' else ''}{u}")
    if spec["next_steps"]:
        strings += list(spec["next_steps"])
    missing = [s for s in strings if s not in flat]
    assert missing == []
