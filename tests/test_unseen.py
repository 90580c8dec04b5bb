"""Notices in layouts the extractor was not tuned on, checked against the record contract.

Every expected value below was written from ``docs/CONTRACT.md`` (and the way the gold
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

Measure texts are checked by their opening (``start``) and by their end (``end``) —
the end catches a measure that swallows the next heading, lead-in or contact paragraph.
How the records are written and checked: ``tests/expect.py``.
"""

from __future__ import annotations

import pytest

from .expect import FIXTURES, C, I, M, P, R, Text, cases, number

EXPECTED: dict[str, dict] = {}


# ----------------------------------------------------------------------------------------------
C1 = "关于“党的领导弱化”方面问题的整改情况"
C2 = "关于“全面从严治党不力”方面问题的整改情况"
C3 = "关于“干部队伍建设有差距”方面问题的整改情况"
EXPECTED["provincial-sections.txt"] = dict(
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
        P(1, "学习贯彻习近平总书记关于“三农”工作重要论述不够深入", category=C1, measures=[
            M(1, R, "制定《厅党组理论学习",  # 计划 inside 《》
              [(12, "次", None), (8, "项", None)],
              ["厅党组理论学习中心组2024年学习计划"],
              end="开展专题调研8项"),
            M(2, C, "建立“第一议题”学习", [(38, "项", None)], end="贯彻落实情况梳理"),
        ]),
        P(2, "推动粮食生产责任落实有差距", category=C1, measures=[
            M(1, I, "对全省高标准农田建设",
              [(436, "个", None), (87, "个", None), (79, "个", None), (8, "个", None)],
              end="剩余8个正在推进"),
            M(2, R, "印发《关于进一步压实",  # 将 marks the object
              [(11, "个", None), (100, "个", None)],
              ["关于进一步压实粮食生产责任的通知"],
              end="100个县（市、区）"),
        ]),
        P(1, "惠农资金监管存在漏洞", category=C2, measures=[
            M(1, C, "对2021年以来发放", [(112.3, "万元", None)], end="已全部退缴国库"),
            M(2, I, "健全惠农资金监管长效", end="惠农补贴资金监管平台"),
        ]),
        P(2, "违反中央八项规定精神问题时有发生", category=C2, measures=[
            M(1, R, "对巡视移交的5件问题",
              [(5, "件", None), (3, "件", None), (7, "人", None)], end="给予党纪政务处分7人"),
            # 接待 is not 待 ("awaiting"); 已整改到位 is a completion
            M(2, C, "开展违规吃喝问题专项", [(1260, "条", "余")], end="均已整改到位"),
        ]),
        P(1, "选人用人工作不够规范", category=C3, measures=[
            M(1, R, "对2020年以来干部",
              [(326, "卷", None), (41, "份", None)], end="补充完善档案材料41份"),
            M(2, R, "修订《厅机关处级干部",
              [], ["厅机关处级干部选拔任用工作规程"], end="环节程序要求"),
        ]),
    ],
    next_steps=Text("厅党组将坚持目标不变", "农业农村现代化建设"),
)


# ----------------------------------------------------------------------------------------------
# Reading (the project's, also used for tables): the 整改措施 text is the first measure —
# it names the actions and may cite documents — and the 整改情况/整改进展 text follows,
# split at 1./一是 when present, else one measure; ordinals count on across both.
EXPECTED["labelled-ledger.txt"] = dict(
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
    organization_measures=[
        M(1, R, "镇党委将巡察整改作为", end="实行对账销号管理"),
    ],
    problems=[
        P(1, "村级集体“三资”管理不规范", [
            M(1, R, "开展村级集体“三资”", end="规范村级财务收支审批程序"),
            M(2, C, "对全镇18个行政村",
              [(18, "个", None), (63, "张", None), (41.2, "万元", None)], end="已整改到位"),
            M(3, R, "修订《南关镇村级财务", [], ["南关镇村级财务管理办法"], end="“四议两公开”程序"),
        ]),
        P(2, "农村人居环境整治成效不明显", [
            M(1, R, "建立人居环境整治常态", end="开展集中整治行动"),
            M(2, R, "开展“清垃圾、清杂物”",
              [(860, "人次", "余"), (320, "吨", None)], end="清运垃圾320吨"),
            M(3, I, "完善村庄保洁长效机制", [(54, "名", None), (2, "个", None)], end="正在建设中"),
        ]),
        P(3, "基层党组织“三会一课”制度落实不到位", [
            M(1, R, "规范基层党组织组织生", end="加强督导检查"),
            M(2, R, "镇党委对22个基层", [(22, "个", None)], end="年度述职评议内容"),
        ]),
    ],
    next_steps=Text("镇党委将继续坚持问题", "确保巡察整改取得实效"),
)


# ----------------------------------------------------------------------------------------------
EXPECTED["gov-page.html"] = dict(
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
        M(1, R, "强化组织领导。局党组", end="责任股室和完成时限"),  # 完成时限 is no cue
        M(2, R, "压实整改责任。实行", end="定期调度整改进度"),
        M(3, R, "坚持举一反三。把巡察", end="健全完善制度机制"),
    ],
    problems=[
        P(1, "住房保障政策落实不到位", [
            M(1, C, "对全县公租房分配使用",
              [(27, "户", None), (27, "套", None)], end="已全部重新配租"),
            M(2, R, "建立公租房保障对象动态", end="每半年开展一次数据比对"),
        ]),
        P(2, "建设工程领域监管存在漏洞", [
            M(1, I, "对2021年以来的在建",
              [(46, "个", None), (19, "份", None), (17, "份", None), (2, "份", None)],
              end="剩余2份正在督促整改"),
            M(2, R, "印发《宁陵县建设工程",
              [], ["宁陵县建设工程质量安全监督管理办法"], end="行政处罚等执法程序"),
        ]),
        P(3, "干部作风不够扎实", [
            M(1, R, "开展作风纪律专项整治", [(12, "次", None), (3, "人", None)], end="通报批评3人"),
            M(2, R, "将作风建设纳入股室", end="与评优评先挂钩"),  # 将 marks the object
        ]),
    ],
    next_steps=Text("局党组将持续巩固巡察", "住房和城乡建设事业高质量发展"),
    # Visible-text properties of the HTML page (contract: source_sha256 / span text).
    hidden=[
        "网站访问统计代码",  # script
        "setFont",  # script
        "margin-top",  # style
        "征求意见稿",  # display:none
        "&nbsp;", "&ldquo;", "&rdquo;", "&gt;",  # entities decoded
    ],
    own_lines=[  # each block element on its own line
        "中共宁陵县住房和城乡建设局党组关于县委第四轮巡察整改进展情况的通报",
        "一、整改工作组织情况",
        "（一）关于“住房保障政策落实不到位”问题的整改情况",
        "一是对全县公租房分配使用情况开展全面排查，清退不符合条件保障对象27户，收回公租房27套，已全部重新配租。",
        "中共宁陵县住房和城乡建设局党组",
        "2024年3月12日",
    ],
)


# ----------------------------------------------------------------------------------------------
# GBK bytes.
EXPECTED["gbk-city.txt"] = dict(
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
        M(1, R, "成立整改工作领导小组", end="负责整改工作的组织领导"),
        M(2, R, "制定整改工作方案", end="责任单位和完成时限"),
        M(3, R, "建立周调度、月通报", end="动态销号"),
    ],
    problems=[
        P(1, "耕地保护责任落实不到位", [
            M(1, I, "开展耕地“非农化”",
              [(1526, "个", None), (1318, "个", None), (208, "个", None)], end="正在按计划推进"),
            M(2, R, "建立耕地保护田长制", [(5623, "名", None)], end="网格化管理全覆盖"),
            M(3, R, "对12个县（市、区）", [(12, "个", None)], end="综合绩效考核"),
        ]),
        P(2, "违法用地查处不及时", [
            M(1, C, "对巡察反馈的违法用地", [(43, "宗", None)], end="已全部立案查处"),
            M(2, R, "与公安、检察机关建立", [(2, "件", None)], end="移送涉嫌犯罪案件2件"),
            M(3, R, "印发《德州市自然资源",
              [], ["德州市自然资源违法行为动态巡查工作制度"], end="纳入日常监管"),
        ]),
        P(3, "不动产登记服务效能不高", [
            M(1, R, "推行“一窗受理、集成",
              [(16, "个", None), (98.6, "%", None)], end="办事满意度达98.6%"),
            M(2, R, "开通不动产登记“跨省", [(2300, "件", "余")], end="办理登记业务2300余件"),
            M(3, I, "针对历史遗留“登记难”", [(2000, "户", None)], end="再化解2000户"),
        ]),
    ],
    next_steps=Text("局党组将坚持标准不降", "巩固拓展巡察整改成果"),
)


# ----------------------------------------------------------------------------------------------
EXPECTED["enterprise-progress.txt"] = dict(
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
    contact=dict(
        phones=["0633-8381234", "0633-8385678"],
        emails=["dhgwl_jjjc@163.com"],
        addresses=[],
    ),
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
        P(1, "对标一流企业推进高质量发展存在差距，主营业务增长乏力", [
            M(1, C, "制定《公司对标世界",
              [(32, "项", None)],
              ["公司对标世界一流企业价值创造行动实施方案"],
              end="确定对标指标32项，已完成"),
            # 2024年1—5月 is a date range, not a metric
            M(2, I, "拓展大宗散货物流业务",
              [(3.62, "亿元", None), (15.3, "%", None)], end="该项工作正在推进"),
            M(3, I, "优化业务结构，计划于", [(2, "家", None)], end="低效子公司清理退出"),
        ]),
        P(2, "招投标管理不规范，部分项目存在化整为零规避招标问题", [
            M(1, C, "对2021年以来的86",
              [(86, "个", None), (4, "个", None)], end="进行诫勉谈话，已完成"),
            # 长期坚持 carried by 将 (= will): a plan for the future
            M(2, I, "上线集团阳光采购平台", [(100, "%", None)], end="该项措施将长期坚持"),
        ]),
        P(3, "安全生产主体责任落实不到位，隐患排查治理不彻底", [
            M(1, C, "开展安全生产大检查", [(217, "项", None)], end="已全部完成整改"),
            M(2, R, "组织全员安全培训", [(1860, "人次", "累计")], end="累计培训1860人次"),
            M(3, I, "投入安全技改资金480",
              [(480, "万元", None), (9, "台", None)], end="计划于2024年8月底前完成"),
        ]),
    ],
    # The 下一步 paragraph has no heading of its own; its whole text is next_steps.
    next_steps=Text("下一步，公司党委将持续", "确保整改落地见效"),
)


# ----------------------------------------------------------------------------------------------
EXPECTED["department-no-sections.txt"] = dict(
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
    summary=[
        ("problems_total", 9, "个"),  # 对反馈的9个问题
    ],
    organization_measures=[],
    problems=[
        P(1, "食品安全监管存在薄弱环节", [
            M(1, C, "开展校园及周边食品",
              [(213, "家次", None), (46, "个", None)], end="已全部整改到位"),
            M(2, R, "建立食品安全风险隐患", end="纳入重点监管"),
        ]),
        P(2, "“放管服”改革推进不够有力", [
            M(1, R, "推行企业开办“一件事”", [(6, "个", None)], end="企业开办专区窗口6个"),
            M(2, R, "全面推广电子营业执照", [(3826, "份", None)], end="发放电子营业执照3826份"),
            M(3, R, "对涉企收费开展清理",
              [(12.6, "万元", None), (37, "家", None)], end="涉及企业37家"),
        ]),
        P(3, "干部队伍活力不足", [
            M(1, R, "制定《县市场监管局",
              [(5, "名", None)], ["县市场监管局年轻干部培养三年行动计划"], end="挂职锻炼"),
            M(2, R, "开展“业务大讲堂”活动",
              [(15, "期", None), (620, "人次", None)], end="参训人员达620人次"),
            # the contact paragraph after it must not be part of this measure
            M(3, I, "对12名中层干部进行",
              [(12, "名", None), (3, "名", None)], end="年底前完成轮岗"),
        ]),
    ],
    next_steps=None,
)


# ----------------------------------------------------------------------------------------------
EXPECTED["school-numbered.txt"] = dict(
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
        M(1, R, "提高政治站位。学院党委", end="统一思想认识"),
        M(2, R, "健全工作机制。成立", end="实行“挂图作战”"),
        M(3, R, "强化督促落实。学院党委", end="事事有回音"),
    ],
    problems=[
        P(1, "立德树人根本任务落实不够到位", [
            M(1, R, "修订《机械工程学院本科",
              [(42, "个", None), (100, "%", None)],
              ["机械工程学院本科人才培养方案"],
              end="思政覆盖率达100%"),
            M(2, C, "实施本科生导师制", [(86, "名", None)], end="已完成首轮师生双选"),  # 2023级: a year
        ]),
        P(2, "科研管理存在廉政风险", [
            M(1, C, "对2020年以来横向",
              [(58, "项", None), (1260.5, "万元", None)], end="发现的问题已整改完毕"),
            M(2, R, "制定《学院科研经费", [], ["学院科研经费报销审核细则"], end="的审核责任"),
            M(3, I, "对科研助理劳务费发放", [(2, "笔", None)], end="经费支出待核实"),
        ]),
        P(3, "基层党组织建设有弱项", [
            M(1, C, "完成教工党支部换届",
              [(5, "个", None), (5, "名", None)], end="教师党支部书记5名"),
            M(2, R, "建立党支部书记工作例会", [(1, "次", None)], end="每月召开1次例会"),
        ]),
    ],
    next_steps=Text("学院党委将持续深化巡察", "实际成效"),
)


# ----------------------------------------------------------------------------------------------
EXPECTED["huikan-round.txt"] = dict(
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
        M(1, R, "扛牢整改责任。局党组", end="逐项认领整改任务"),
        M(2, R, "细化整改举措。坚持", end="整改时限和责任科室"),
    ],
    problems=[
        P(1, "上轮巡察整改主体责任落实不到位", [
            # "整改不到位" is no 已…到位
            M(1, R, "局党组召开巡察整改专题",
              [(14, "个", None), (3, "个", None)], end="重新制定整改措施"),
            M(2, C, "对上轮巡察移交的2件", [(2, "件", None)], end="已全部办结"),
        ]),
        # Inner quotes kept as written. The two sub-lists restart at 1. and count on 1..4;
        # the lead-ins 针对…方面： belong to no measure.
        P(2, "‘四风’问题仍有发生", [
            M(1, R, "修订《局机关公务接待", [], ["局机关公务接待管理办法"], end="审批和清单制度"),
            M(2, R, "对2022年以来公务", [(1.86, "万元", None)], end="报销费用1.86万元"),
            M(3, I, "对局属单位公务用车",
              [(6, "个", None), (4, "个", None), (2, "个", None)], end="其余2个正在整改"),
            M(4, R, "安装公务用车北斗定位", [(23, "台", None)], end="全程监控"),
        ]),
        P(3, "医疗机构药品耗材管理不规范", [
            M(1, I, "组织全县15家公立", [(15, "家", None)], end="全流程监管平台"),
            M(2, R, "对3家医疗机构主要负责人", [(3, "家", None)], end="责令限期整改"),
        ]),
    ],
    next_steps=Text("局党组将把巡察“回头看”", "防止问题反弹回潮"),
)


# ----------------------------------------------------------------------------------------------
# Big5 bytes; traditional characters kept as written.
EXPECTED["big5-traditional.txt"] = dict(
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
        M(1, R, "加強組織領導。成立", end="責任領導和責任股室"),
        M(2, R, "壓實整改責任。建立", end="實行對賬銷號管理"),
    ],
    problems=[
        P(1, "森林資源保護監管不到位", [
            M(1, R, "開展打擊毀林專項行動",
              [(17, "起", None), (36.5, "公頃", None)], end="收回林地36.5公頃"),
            M(2, R, "建立林長制巡護考核", [(128, "名", None)], end="配備生態護林員128名"),
        ]),
        P(2, "林業項目資金管理不規範", [
            M(1, C, "對2021年以來林業", [(8.2, "萬元", None)], end="已全部上繳國庫"),
            M(2, I, "修訂《林業專項資金", [], ["林業專項資金管理辦法"], end="完成制度彙編"),
        ]),
    ],
    next_steps=Text("局黨組將持續鞏固整改", "確保整改取得實效"),
)


# ----------------------------------------------------------------------------------------------
# A news report about a 巡察动员会: not a notice.
EXPECTED["news-about-inspection.txt"] = dict(
    may_refuse=True,
    organization_measures=[],
    problems=[],
)


@pytest.mark.parametrize("check", cases("unseen", EXPECTED))
def test_unseen(check):
    check()


# ----------------------------------------------------------------------------------------------
# Self-check of the expectations against the fixture files (not against the pipeline): every
# expected string is written in the fixture, and every measure opening has 8 characters or more.


@pytest.mark.parametrize("name", [name for name, exp in EXPECTED.items() if not exp.get("may_refuse")])
def test_expectations_match_fixture(name):
    exp = EXPECTED[name]
    raw = (FIXTURES / "unseen" / name).read_bytes().decode(exp.get("encoding", "utf-8"))
    flat = raw.replace("&ldquo;", "“").replace("&rdquo;", "”").replace("&nbsp;", " ")
    strings = [exp["title"], exp["issuer"], exp["inspection"]["group"],
               exp["inspection"]["target"], *exp["contact"]["phones"],
               *exp["contact"]["emails"], *exp["contact"]["addresses"]]
    for p in exp["problems"]:
        strings += [p.title] + ([p.category] if p.category else [])
    for m in exp["organization_measures"] + [m for p in exp["problems"] for m in p.measures]:
        assert len(m.start) >= 8, m.start
        strings += [m.start, m.end, *m.docs]
        for value, unit, qualifier in m.metrics:
            strings.append(f"{number(value)}{qualifier if qualifier == '余' else ''}{unit}")
    if exp["next_steps"]:
        strings += [exp["next_steps"].start, exp["next_steps"].end]
    assert [s for s in strings if s not in flat] == []
