"""Format fixtures: what the rule-based extractor must produce for each notice layout.

Each fixture in ``tests/fixtures/formats/`` is a small, realistic rectification notice that
exercises one or more layouts (multi-line, single-line, ledger, grouped categories,
restarting measure lists, summary figures, status cues, metrics, …). The expected records
below follow ``docs/CONTRACT.md`` and the way ``seeds/lianyungang-gxq-2024.gold.json`` labels the
sample notice:

* measure ``text`` excludes its ordinal marker (一是, (1), 1.) but an organisation item's
  measure includes the item's heading sentence (``(一)提高政治站位…。…`` → ``提高政治站位…``);
* problem ``title`` drops the wrapper (``关于“X”问题的整改`` → ``X``) and a trailing 。;
* ``status`` follows the cue rules, in_progress winning over completed;
* metrics are compared as (value, unit, qualifier) multisets, like the evaluator does.

Measure texts are checked by their opening characters only: where a measure ends is for the
``spans`` case, which checks that every span points at its own text in the source. How the
records are written and checked: ``tests/expect.py``.
"""

from __future__ import annotations

import pytest

from .expect import C, I, M, P, R, Text, cases

EXPECTED: dict[str, dict] = {}


# ----------------------------------------------------------------------------------------------
# Multi-line county notice: title line, （一） organisation items, 1.关于“X”问题的整改
# headings (one with a trailing 。), several 一是/二是/三是 measures inline in one
# paragraph, contact with address + postcode, signature and date on separate lines.
# Feedback date 5月10日 takes the year of the preceding full date (2024年3月5日).
EXPECTED["county-multiline.txt"] = dict(
    title="中共青山镇委员会关于县委第三轮巡察整改进展情况的通报",
    issuer="中共青山镇委员会",
    published_on="2024-08-20",
    inspection=dict(
        level="county",
        kind="常规",
        round=3,
        group="县委第三巡察组",
        target="中共青山镇委员会",
        start_on="2024-03-05",
        end_on="2024-04-30",
        feedback_on="2024-05-10",
    ),
    contact=dict(
        phones=["0571-12345678"],
        emails=["qszdw@163.com"],
        addresses=["临溪县青山镇青山路1号"],  # without the label and the 邮政编码
    ),
    summary=[],
    organization_measures=[
        M(1, R, "压实整改责任。成立由镇党委书记"),
        M(2, R, "强化督查问效。镇纪委对整改工作"),
    ],
    problems=[
        P(1, "学习贯彻党的二十大精神不够深入", [
            M(1, R, "健全学习制度，修订镇党委"),
            M(2, R, "开展专题轮训，举办党的", [(2, "期", None), (160, "人次", None)]),
            M(3, R, "强化学用结合，班子成员", [(6, "份", None)]),
        ]),
        P(2, "耕地保护责任落实不到位", [
            M(1, C, "开展耕地“非农化”问题排查", [(14, "个", None), (37, "个", None)]),
            M(2, I, "对违法占用耕地问题开展", [(23, "亩", None), (14, "亩", None)]),
            M(3, R, "建立镇村两级田长制", [(42, "名", None)]),
        ]),
        P(3, "村级集体资产管理不规范", [
            # 全面 is not 全部: no completion stated.
            M(1, R, "全面清查14个村的集体资产", [(14, "个", None), (21, "份", None)]),
            # 已将 marks the object (把): not 将 "will", and 移交 is not a completion cue.
            M(2, R, "已将清查中发现的3条", [(3, "条", None)]),
            M(3, R, "制定《青山镇村级集体资产管理办法》", [], ["青山镇村级集体资产管理办法"]),
        ]),
    ],
    next_steps=Text("下一步，镇党委将持续巩固巡察整改成果"),
)


# ----------------------------------------------------------------------------------------------
# The whole notice on one line (paragraphs separated by spaces), half-width (一) items,
# 1、关于X的问题 headings, no title line, kind not named (just 巡察), round in Chinese
# numerals (第十一轮), end date without year.
EXPECTED["one-line.txt"] = dict(
    title=None,
    issuer="中共临江区文化广电和旅游局党组",
    published_on="2024-04-12",
    inspection=dict(
        level="county",  # 区委
        kind=None,  # only "进行了巡察": no kind is named
        round=11,
        group="区委第二巡察组",
        target="区文化广电和旅游局党组",
        start_on="2023-10-09",
        end_on="2023-11-24",
        feedback_on="2024-01-18",
    ),
    contact=dict(phones=["025-57712345"], emails=["ljqwlj@126.com"], addresses=[]),
    summary=[],
    organization_measures=[
        M(1, R, "提高政治站位，统一思想认识。"),
        M(2, R, "细化整改方案，压实工作责任。"),
        M(3, R, "加强跟踪督办，确保整改实效。"),
    ],
    problems=[
        P(1, "意识形态工作责任制落实不到位", [
            M(1, R, "修订局党组意识形态工作"),
            M(2, R, "加强文化阵地管理，对辖区内",
              [(23, "家", None), (11, "家", None), (9, "个", None)]),
        ]),
        P(2, "文物保护利用工作存在短板", [
            M(1, C, "完成全区86个不可移动文物点", [(86, "个", None)]),
            M(2, I, "争取上级文物保护专项资金", [(320, "万元", None), (3, "个", None)]),
        ]),
        P(3, "专项资金使用管理不规范", [
            # 2021—2023年 is a year range, not a metric.
            M(1, R, "对2021—2023年文化旅游", [(4.6, "万元", None)]),
            M(2, R, "出台《区文化广电和旅游局", [], ["区文化广电和旅游局专项资金管理办法"]),
            M(3, R, "组织局机关和下属单位", [(2, "次", None)]),
        ]),
    ],
    next_steps=Text("局党组将以此次巡察整改为契机"),
)


# ----------------------------------------------------------------------------------------------
# Ledger: 问题N：…。整改情况：… (问题2 with half-width colons). Title = the statement
# up to its first 。 (the 。 itself left out, as for headings). A 整改情况 without
# markers is one measure (text after the 整改情况： label); one with 一是/二是 is several.
# No organisation section. Issuer from the signature, not the title's short form.
EXPECTED["ledger.txt"] = dict(
    title="临川县人民医院党委关于市委提级巡察整改情况的通报",
    issuer="中共临川县人民医院委员会",
    published_on="2024-05-28",
    inspection=dict(
        level="city",
        kind="提级",
        round=None,
        group="市委第三巡察组",
        target="临川县人民医院党委",
        start_on="2023-11-06",
        end_on="2023-12-29",
        feedback_on="2024-02-27",
    ),
    contact=dict(phones=["0794-6221234"], emails=["lcxrmyydw@163.com"], addresses=[]),
    summary=[],
    organization_measures=[],
    problems=[
        P(1, "落实党委领导下的院长负责制不到位，党委会议事规则执行不严格", [
            M(1, R, "修订《临川县人民医院党委会",
              [(16, "次", None), (43, "项", None)],
              ["临川县人民医院党委会议事规则", "临川县人民医院院长办公会议事规则"]),
        ]),
        P(2, "医疗服务收费不规范，存在超标准收费、重复收费现象", [
            # 多收费用 is "overcharged fees": 多 is not written with the number.
            M(1, C, "对2021年以来的收费项目", [(12.7, "万元", None), (1385, "人次", None)]),
        ]),
        P(3, "医用耗材采购管理存在漏洞", [
            M(1, R, "建立医用耗材遴选、采购"),
            M(2, I, "对高值耗材实行“一物一码”", [(8, "个", None)]),
        ]),
        P(4, "医德医风建设有差距", [
            M(1, R, "开展医德医风专项整治", [(3, "名", None), (1200, "份", "余")]),
        ]),
    ],
    next_steps=Text("医院党委将持续巩固整改成果"),
)


# ----------------------------------------------------------------------------------------------
# Problems grouped under （一）在“X”方面 categories (category kept whole, numbering
# dropped), numbered 1.关于X的问题 continuing across groups, measures (1)(2).
# Address after 来信请寄 without the （邮编：…） postcode.
EXPECTED["categories.txt"] = dict(
    title="中共南岭市农业农村局党组关于市委第五轮巡察整改情况的通报",
    issuer="中共南岭市农业农村局党组",
    published_on="2023-10-16",
    inspection=dict(
        level="city",
        kind="常规",
        round=5,
        group="市委第二巡察组",
        target="市农业农村局党组",
        start_on="2023-04-10",
        end_on="2023-06-09",
        feedback_on="2023-07-14",
    ),
    contact=dict(
        phones=["0746-8212345"],
        emails=[],
        addresses=["南岭市人民路88号市农业农村局办公室"],
    ),
    summary=[],
    organization_measures=[
        M(1, R, "坚持高位推动。局党组第一时间"),
        M(2, R, "坚持对账销号。制定整改工作方案"),  # 将反馈问题…分解: object marker
    ],
    problems=[
        P(1, "推进高标准农田建设不够有力", category="在“贯彻落实党的路线方针政策”方面", measures=[
            M(1, R, "制定全市高标准农田建设"),  # 将年度建设任务分解: object marker
            # unit as written: 万亩
            M(2, C, "2023年新建高标准农田", [(12.6, "万亩", None)]),
        ]),
        P(2, "农村人居环境整治存在短板", category="在“贯彻落实党的路线方针政策”方面", measures=[
            M(1, R, "深入开展村庄清洁行动", [(7, "条", None)]),
            M(2, I, "开展农村户厕问题摸排", [(1200, "个", "余"), (986, "个", None)]),
        ]),
        P(3, "落实中央八项规定精神有差距", category="在“落实全面从严治党战略部署”方面", measures=[
            M(1, R, "开展违反中央八项规定精神", [(5, "个", None), (2, "名", None)]),
            M(2, R, "修订《南岭市农业农村局差旅费",
              [], ["南岭市农业农村局差旅费管理办法", "南岭市农业农村局公务用车管理制度"]),
        ]),
        P(4, "干部队伍建设存在薄弱环节", category="在“落实全面从严治党战略部署”方面", measures=[
            M(1, R, "选派6名年轻干部", [(6, "名", None)]),
            M(2, R, "举办业务能力提升培训班", [(3, "期", None), (240, "人次", None)]),
        ]),
    ],
    next_steps=Text("局党组将坚持目标不变、力度不减"),
)


# ----------------------------------------------------------------------------------------------
# One problem with two 一是… lists (after 针对…问题： lead-ins, which belong to no
# measure): ordinals count on 1..5. Later problems restart at 1.
EXPECTED["restart-ordinals.txt"] = dict(
    title="中共东湖街道工作委员会关于县委第四轮巡察整改情况的通报",
    issuer="中共东湖街道工作委员会",
    published_on="2023-11-20",
    inspection=dict(
        level="county",
        kind="常规",
        round=4,
        group="县委第一巡察组",
        target="中共东湖街道工作委员会",  # without （以下简称街道党工委）
        start_on="2023-05-08",
        end_on="2023-06-30",
        feedback_on="2023-08-03",
    ),
    contact=dict(phones=["0513-86123456"], emails=[], addresses=[]),
    summary=[],
    organization_measures=[
        M(1, R, "加强组织领导。街道党工委成立"),
        M(2, R, "健全工作机制。建立整改工作"),
    ],
    problems=[
        P(1, "基层党组织建设存在薄弱环节", [
            M(1, C, "组织街道各党组织对2019年", [(86, "份", None)]),
            M(2, R, "举办发展党员业务培训班", [(65, "人次", None)]),
            M(3, R, "建立发展党员工作全程纪实"),
            M(4, R, "制定党支部组织生活清单"),  # second list: 一是 again → 4
            M(5, R, "街道党工委班子成员到联系", [(12, "次", None)]),
        ]),
        P(2, "城市管理精细化水平不高", [
            M(1, C, "开展背街小巷环境综合整治", [(15, "条", None)]),
            M(2, R, "规范占道经营管理", [(6, "个", None), (320, "次", "余")]),
            M(3, R, "建立“街巷长”制度", [(58, "名", None)]),
        ]),
        P(3, "为民办实事不够到位", [
            M(1, R, "梳理群众反映强烈的老旧小区"),
            M(2, I, "推动老旧小区改造，3个小区", [(3, "个", None)]),
        ]),
    ],
    next_steps=Text("街道党工委将持续压紧压实整改责任"),
)


# ----------------------------------------------------------------------------------------------
# Provincial 巡视“回头看” of a department: summary figures in the organisation part's
# lead paragraph (zeros included; the lead paragraph is not an organisation measure),
# （一）关于“X”问题的整改 problem headings, 第三轮 inside 十二届第三轮.
EXPECTED["provincial-huikan.txt"] = dict(
    title="中共江南省交通运输厅党组关于省委巡视“回头看”整改进展情况的通报",
    issuer="中共江南省交通运输厅党组",
    published_on="2024-04-10",
    inspection=dict(
        level="provincial",
        kind="回头看",
        round=3,
        group="省委第二巡视组",
        target="省交通运输厅党组",
        start_on="2023-09-04",
        end_on="2023-10-31",
        feedback_on="2023-12-22",
    ),
    contact=dict(
        phones=["0731-88123456"],
        emails=["jtxszg@163.com"],
        addresses=["江城市迎宾路99号江南省交通运输厅巡视整改办公室"],
    ),
    summary=[
        ("problems_total", 32, "个"),
        ("problems_completed", 28, "个"),
        ("problems_in_progress", 4, "个"),
        ("completion_rate", 87.5, "%"),
        ("rules_established", 15, "项"),
        ("funds_recovered", 120.5, "万元"),
        ("people_disciplined", 3, "人"),  # 党纪政务处分
        ("people_disciplined", 5, "人"),  # 组织处理
        ("people_disciplined", 0, "人"),  # 诫勉谈话, zero included
    ],
    organization_measures=[
        M(1, R, "扛牢整改主体责任。厅党组召开"),
        M(2, R, "强化跟踪督导问效。厅党组定期"),
        M(3, R, "注重建章立制。坚持边查边改"),
    ],
    problems=[
        P(1, "上轮巡视整改不到位", [
            M(1, R, "对上轮巡视反馈的21个问题", [(21, "个", None), (47, "条", None)]),
            M(2, C, "对整改不彻底的6个问题", [(6, "个", None)]),
        ]),
        P(2, "交通建设项目监管存在薄弱环节", [
            M(1, R, "对全省在建高速公路项目", [(136, "个", None)]),
            M(2, R, "修订《江南省公路水运工程", [], ["江南省公路水运工程建设项目招标投标管理办法"]),
            M(3, I, "对项目建设中违规变更设计", [(2.3, "亿元", None), (78, "%", None)]),
        ]),
        P(3, "选人用人工作不够规范", [
            M(1, C, "对厅属单位2020年以来", [(9, "个", None)]),
            M(2, R, "组织开展干部人事档案专项审核", [(530, "份", None), (1100, "份", "余")]),
        ]),
    ],
    next_steps=Text("厅党组将坚持标准不降、力度不减"),
)


# ----------------------------------------------------------------------------------------------
# A school's own inspection (level unit), 专项巡察, （1） measures. Status cues:
# 已完成 → completed; 正在推进 → in_progress; 计划于…前完成 → in_progress (plan wins over
# 完成); 已将…移交 → object marker, not in_progress; 完成时限 is no cue.
# A 《》 title with a nested 〈〉 title and a number inside: one document, no metric.
EXPECTED["school.txt"] = dict(
    title="中共南岭大学化学化工学院委员会关于校党委专项巡察整改情况的通报",
    issuer="中共南岭大学化学化工学院委员会",
    published_on="2024-07-09",
    inspection=dict(
        level="unit",
        kind="专项",
        round=1,
        group="校党委第一巡察组",
        target="化学化工学院党委",
        start_on="2024-03-18",
        end_on="2024-04-26",
        feedback_on="2024-05-17",
    ),
    contact=dict(phones=["0746-6381234"], emails=["hxhgxydw@163.com"], addresses=[]),
    summary=[],
    organization_measures=[
        M(1, R, "统一思想，提高认识。学院党委"),
        M(2, R, "细化措施，压实责任。学院党委"),  # 完成时限 is not a completion
    ],
    problems=[
        P(1, "选人用人程序不够规范", [
            M(1, C, "对2021年以来学院科级干部", [(12, "份", None)]),
            M(2, R, "修订《化学化工学院系（所）", [], ["化学化工学院系（所）负责人选聘办法"]),
            M(3, R, "已将问题清单移交学校党委"),
        ]),
        P(2, "科研经费管理存在风险隐患", [
            M(1, I, "对近三年科研项目经费", [(218, "个", None)]),
            # 10项 is inside 《》: not a metric; the inner 〈〉 title is not a second document.
            M(2, R, "印发《关于印发〈化学化工学院",
              [], ["关于印发〈化学化工学院横向科研经费管理10项规定〉的通知"]),
            M(3, I, "针对部分已结题项目结余经费"),
        ]),
        P(3, "意识形态阵地管理不够严格", [
            M(1, R, "全面排查学院网站、公众号", [(46, "份", None)]),
            M(2, R, "建立学院意识形态工作联席", [(2, "次", None)]),
        ]),
    ],
    next_steps=Text("学院党委将把巡察整改与学科建设"),
)


# ----------------------------------------------------------------------------------------------
# A group Party committee inspecting a subsidiary (level unit). Qualifiers 超过 约 累计
# 近 余 多 以上; units 亿元 % 人次 万元 件 宗 项 家. Not metrics: 世界500强, “市80条”,
# 2023年, 204国道, 11-12月份, 三个工作专班, 第2批, 〔2023〕12号. 共8宗,已整改5宗 →
# in_progress ("N of M done"); 共 is not a qualifier.
EXPECTED["enterprise.txt"] = dict(
    title="中共南岭交通建设有限公司委员会关于集团党委巡察整改情况的通报",
    issuer="中共南岭交通建设有限公司委员会",
    published_on="2024-01-26",
    inspection=dict(
        level="unit",
        kind="常规",
        round=2,
        group="集团党委第二巡察组",
        target="南岭交通建设有限公司党委",
        start_on="2023-08-14",
        end_on="2023-09-22",
        feedback_on="2023-10-27",
    ),
    contact=dict(phones=["0746-8890123"], emails=["nljtjsdw@163.com"], addresses=[]),
    summary=[],
    organization_measures=[
        M(1, R, "成立整改工作领导小组。公司党委"),  # 三个工作专班: no metric
        M(2, R, "建立整改台账。将巡察反馈问题"),
    ],
    problems=[
        P(1, "服务地方经济发展不够有力", [
            M(1, R, "对标世界500强企业管理经验", [(12, "亿元", "超过"), (8.5, "%", "约")]),
            M(2, I, "加快推进204国道改扩建工程", [(3.6, "亿元", "累计"), (900, "人次", "近")]),
            M(3, R, "成立三个工作专班，对11-12月份", [(6800, "万元", "余")]),
        ]),
        P(2, "工程项目管理不规范", [
            M(1, C, "对在建的第2批农村公路", [(43, "件", None)]),
            M(2, I, "对2021年以来未批先建", [(8, "宗", None), (5, "宗", None)]),
            # 将3家…列入黑名单: object marker, not "will".
            M(3, R, "严格执行《关于进一步规范工程分包",
              [(3, "家", None), (200, "人次", "多")], ["关于进一步规范工程分包管理的通知"]),
        ]),
        P(3, "国有资产管理存在漏洞", [
            M(1, R, "全面开展资产清查", [(27, "项", None), (156, "万元", "约")]),
            M(2, R, "对欠缴租金50万元以上", [(50, "万元", "以上"), (4, "家", None)]),
        ]),
    ],
    next_steps=Text("公司党委将持续深化巡察整改"),
)


# ----------------------------------------------------------------------------------------------
# Section names vary: 一、整改工作开展情况 (organisation), 二、巡察反馈问题整改落实情况,
# 三、下一步打算. 旗委 is county level; 联动巡察.
EXPECTED["organization-variants.txt"] = dict(
    title="中共查干塔拉旗住房和城乡建设局党组关于旗委巡察整改情况的通报",
    issuer="中共查干塔拉旗住房和城乡建设局党组",
    published_on="2023-12-05",
    inspection=dict(
        level="county",
        kind="联动",
        round=None,
        group="旗委第二巡察组",
        target="旗住房和城乡建设局党组",
        start_on="2023-06-05",
        end_on="2023-07-21",
        feedback_on="2023-09-12",
    ),
    contact=dict(phones=["0479-5221234"], emails=[], addresses=[]),
    summary=[],
    organization_measures=[
        M(1, R, "高度重视，迅速部署。巡察反馈会后"),
        M(2, R, "领导带头，以上率下。局党组书记"),
    ],
    problems=[
        P(1, "履行行业监管职责不到位", [
            M(1, C, "开展建筑施工安全专项整治", [(32, "个", None), (45, "份", None)]),
            # 约谈 is "summon for a talk": 约 is not written with the number.
            M(2, R, "对全旗17个物业服务项目", [(17, "个", None), (9, "人次", None)]),
        ]),
        P(2, "保障性住房分配管理不规范", [
            M(1, R, "对全旗公租房分配入住情况", [(26, "人", None)]),
            M(2, I, "追缴拖欠的公租房租金", [(18.6, "万元", None)]),
            M(3, R, "修订《查干塔拉旗公共租赁住房", [], ["查干塔拉旗公共租赁住房管理办法"]),
        ]),
        P(3, "老旧小区改造推进缓慢", [
            M(1, C, "加快推进2023年度老旧小区", [(12, "个", None), (96, "栋", None)]),
            M(2, R, "建立老旧小区改造项目群众评议"),
        ]),
    ],
    next_steps=Text("局党组将以巡察整改为契机"),
)


# ----------------------------------------------------------------------------------------------
# A city department after a 机动巡察: labelled 发布日期 at the top and no date under the
# signature → published_on from the label. Organisation section 一、组织领导情况.
# Target as first written, without （以下简称局党组）.
EXPECTED["state-dept.txt"] = dict(
    title="中共南岭市市场监督管理局党组关于市委机动巡察整改情况的通报",
    issuer="中共南岭市市场监督管理局党组",
    published_on="2024-06-12",
    inspection=dict(
        level="city",
        kind="机动",
        round=None,
        group="市委第二巡察组",
        target="中共南岭市市场监督管理局党组",
        start_on="2024-01-08",
        end_on="2024-02-02",
        feedback_on="2024-03-06",
    ),
    contact=dict(phones=["0746-8226123"], emails=["nlsscjgjdz@163.com"], addresses=[]),
    summary=[],
    organization_measures=[
        M(1, R, "提高站位抓整改。局党组召开"),
        M(2, R, "压实责任抓整改。党组书记"),
    ],
    problems=[
        P(1, "食品安全监管存在盲区", [
            M(1, R, "开展校园及周边食品安全",
              [(156, "家", None), (420, "家", None), (11, "件", None)]),
            M(2, R, "建立农村集体聚餐备案管理"),
        ]),
        P(2, "特种设备安全隐患整治不彻底", [
            M(1, I, "对全市在用电梯开展安全",
              [(842, "家", None), (1530, "个", None), (98.6, "%", None)]),
            M(2, R, "对气瓶充装单位开展专项检查", [(23, "家", None), (2, "家", None)]),
        ]),
        P(3, "干部队伍作风建设不够扎实", [
            M(1, R, "开展作风建设专项整治", [(3, "名", None)]),
            M(2, C, "制定《南岭市市场监督管理局", [], ["南岭市市场监督管理局执法人员行为规范十条"]),
        ]),
    ],
    next_steps=Text("局党组将坚持问题导向，把巡察整改"),
)


# ----------------------------------------------------------------------------------------------
# 整改进展情况通报: （一）关于“X”方面的问题 headings, 1. 2. numbered measures, every
# status cue once: 推进中 剩余 尚未 逐步 待 下一步 (in_progress); 已结清 全部 整改完毕
# (completed); and non-cues 完成时限, 科技计划项目, 将 as object marker, 《关于将…》.
# Summary figures in the opening paragraph.
EXPECTED["progress-report.txt"] = dict(
    title="中共云溪市科学技术局党组关于市委巡察整改进展情况的通报",
    issuer="中共云溪市科学技术局党组",
    published_on="2024-03-08",
    inspection=dict(
        level="city",
        kind="常规",
        round=7,
        group="市委第一巡察组",
        target="市科学技术局党组",
        start_on="2023-09-11",
        end_on="2023-11-03",
        feedback_on="2023-12-08",
    ),
    contact=dict(phones=["0739-5123456"], emails=["yxskjjdz@163.com"], addresses=[]),
    summary=[
        ("problems_total", 16, "个"),
        ("problems_completed", 11, "个"),
        ("problems_in_progress", 5, "个"),
    ],
    organization_measures=[
        M(1, R, "强化政治担当。局党组召开"),
        M(2, R, "强化统筹推进。局党组书记"),
    ],
    problems=[
        # 关于“X”方面的问题 → X: the quotes and 方面 belong to the wrapper, like
        # 关于“X”问题的整改 → X (the contract does not spell this variant out).
        P(1, "落实科技创新政策不够有力", [
            M(1, R, "制定《云溪市科技型中小企业",
              [(326, "家", None)], ["云溪市科技型中小企业梯度培育实施方案"]),
            # 科技计划项目 is a name, 完成时限 is no completion.
            M(2, R, "对2021年以来立项的科技计划", [(87, "项", None)]),
            M(3, I, "科技企业孵化器扩容项目推进中", [(24, "家", None)]),
        ]),
        P(2, "科研项目资金监管存在漏洞", [
            M(1, I, "对结题项目结余资金开展清理",
              [(215, "万元", None), (183, "万元", None), (32, "万元", None)]),
            M(2, I, "对违规使用科研经费的3个", [(3, "个", None), (1, "个", None)]),
            M(3, R, "建立科研经费“负面清单”"),  # 将…纳入: object marker
            M(4, C, "对应退还的专项资金往来款项"),  # 已结清
        ]),
        P(3, "基层党组织建设不够扎实", [
            M(1, C, "对局属单位党组织开展全面排查", [(14, "个", None)]),
            # 将 inside 《》 never counts.
            M(2, R, "印发《关于将巡察整改情况", [], ["关于将巡察整改情况纳入党建考核的通知"]),
            M(3, I, "党员活动阵地标准化建设逐步", [(4, "个", None)]),
            M(4, I, "党员教育管理信息系统升级待"),
            # A 下一步 sentence inside a problem is a measure (in_progress), not next_steps.
            M(5, I, "下一步，局党组将定期开展"),
        ]),
    ],
    next_steps=Text("局党组将坚持问题导向，对正在推进"),
)


# ----------------------------------------------------------------------------------------------
# Not a notice at all: refusing it or returning an honest empty record are both right;
# inventing problems, measures or an inspection is wrong.
EXPECTED["not-a-notice.txt"] = dict(
    may_refuse=True,
    inspection=dict(level=None, kind=None, round=None, group=None, target=None, feedback_on=None),
    summary=[],
    organization_measures=[],
    problems=[],
    next_steps=None,
)


@pytest.mark.parametrize("check", cases("formats", EXPECTED))
def test_formats(check):
    check()
