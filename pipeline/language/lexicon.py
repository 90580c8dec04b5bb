"""Lexicon: the contract's cue words, in one place.

The rules build their patterns from these lists and the prompts render the same lists
(``prompts/contract.v2.j2``), so the model reads the definitions the rules apply. A list
that a prompt renders is part of that prompt: changing it changes the prompt's text, so
the prompt's version must change with it (a test compares the rendered prompts exactly).
Rendered: UNFINISHED_CUES, PLAN_CUES, COMPLETED_CUES, CUE_EXCEPTIONS, UNITS, QUALIFIERS,
NOT_QUALIFIERS, NOT_METRICS, STAT_KINDS, NOT_STATS, DATE_LABELS, ISSUER_LABELS,
PART_ROLE_MEANINGS. Every other list is read by the rules only.

In a cue, ``…`` stands for a few characters of the same clause (尚有…未 = 尚有3户未);
:func:`pipeline.language.text.cue_pattern` turns a list of cues into one regex. A rule
whose regex holds words among its structure keeps the structure and takes the words from
here by name; a list is then tried in the order written, and a string such as
``NOT_PLAN_AFTER`` is a set of single characters (a regex character class).
"""

from __future__ import annotations

# --- measure status (contract: Measure.status) ---------------------------------------
# Checked in this order: a measure that says some part is unfinished, or plans the
# future, is in_progress even when it also reports something done.
PENDING, WILL, PLAN, INTEND, EXPECT, STRIVE = "待", "将", "计划", "拟", "预计", "力争"
# 推进中: a measure under way, and a problem's state when counted (推进中3个).
PUSHING_ON = "推进中"
UNFINISHED_CUES = ("正在", PUSHING_ON, "剩余", "尚未", "尚有…未", "未完成", "逐步", PENDING, "有待")
# 将 counts only as "will" (将 + verb, or 将 + adverb + verb: 将稳步推进), never as the
# object marker 将/已将 (= 把); 计划 only as "plan to" (计划于…), never as a noun
# (招生计划已下达, 科技计划项目).
PLAN_AT = PLAN + "于"
PLAN_CUES = ("下一步", WILL, INTEND, EXPECT, STRIVE, PLAN_AT, PLAN)
COMPLETED_CUES = ("已完成", "完成", "已整改", "整改完毕", "全部", "已结清", "已…完工", "已…到位")
# Where a cue word does not carry its cue meaning.
CUE_EXCEPTIONS = (
    "将/已将 marking an object (like 把): 已将资金退还 is not a plan",
    "计划 as a noun or part of a name: 招生计划已下达, 学习计划, 科技计划项目",
    "完成时限, 完成时间 (a deadline), 督促…完成, 确保…完成 (a demand)",
    "any word inside 《》 or “”",
)
# Rules only: the words that settle an ambiguous cue's meaning.
# 将 is "will" at once before a time, a preposition or an adverb (将于…, 将稳步推进)…
WILL_ADVERBS = (
    "于", "在", "继续", "进一步", "持续", "加快", "加大", "按照", "依据", "根据", "适时", "逐步", "不断",
    "尽快", "着力", "坚持", "长期", "把", "对", "通过", "以", "稳步", "大力", "扎实", "始终", "更加",
    "有序", "常态化", "坚决",
)
# …and before a verb, unless a destination verb later in the clause shows 将 marking the
# object (将全面从严治党工作纳入…).
WILL_VERBS = (
    "加强", "开展", "组织", "建立", "健全", "完善", "推进", "推动", "实施", "做好", "抓好", "严格", "全面",
    "深入", "切实", "认真", "积极", "及时", "定期", "集中", "启动", "完成", "实现", "确保", "力争", "争取",
    "主动", "统筹", "结合", "围绕", "聚焦", "落实", "督促", "跟踪", "会同", "联合", "协调", "研究", "制定",
    "出台", "修订", "开工", "投入", "全力", "进行", "采取", "重点", "分批", "陆续", "从严", "依法", "按期",
    "如期", "深化", "巩固", "强化", "压实",
)
OBJECT_DESTINATIONS = ("至", "到", "给", "纳入", "列入", "作为", "转化为", "成为", "移交", "上报", "交由", "划转")
# 计划 is "plan to" before a time, a preposition or a verb (计划于…, 计划年内…, 计划对…,
# 计划新建…); otherwise a noun (招生计划已下达).
PLAN_TIMES = ("于", "在", "到", "从", "自", "今年", "明年", "年内", "年底", "近期", "下半年", "上半年")
PLAN_VERBS = WILL_VERBS + (
    "新建", "建设", "改造", "新增", "投资", "建成", "引进", "招聘", "举办", "召开", "用", "对", "将", "把", "分",
)
# 完成 that states no fact: a deadline (完成时限) or, after these, a demand (督促…完成).
DEADLINE_NOUNS = ("时限", "时间", "期限")
DEMAND_WORDS = ("督促", "确保", "要求", "限期", "力争", "争取", "推动")
# 完成 before 前 is a deadline (月底前完成), unless 前 ends 目前, 之前, 此前, 以前, 提前.
BEFORE, NOT_DEADLINE_BEFORE = "前", "目之此以提"
# Rules only: an ambiguous cue's neighbours that take its cue meaning away: characters
# just before it, words just after it.
# 即将 (about to) is "will"; 立即将, 随即将 mark an object.
ABOUT_TO, NOT_ABOUT_TO = "即", "立随"
# 已将, 并将, 要将…: 将 marks an object or follows a modal.
NOT_WILL_AFTER = "已并及要必终还均拟即"
# 学习计划, 工作计划, 按照计划, 既定计划: 计划 as a noun after what is planned.
NOT_PLAN_AFTER = "习作动度技训项展产划按照依定"
# 草拟, 拟定, 拟提拔干部: drafting, or a proposed appointee.
NOT_INTEND_AFTER = "草模虚比起"
NOT_INTEND_BEFORE = ("定", "订", "稿", "任", "提拔", "录用", "聘", "推荐", "表彰", "人选")
# 好于预计, 超出预计: the expectation, not a plan.
NOT_EXPECT_AFTER = "于出过"
# 力争上游 (strive to excel) is an idiom.
NOT_STRIVE_BEFORE = ("上游",)
# 接待, 对待, 期待, 待遇, 待人: 待 as "treat" or "await".
NOT_PENDING_AFTER, NOT_PENDING_BEFORE = "接对期招款看善优等", "遇人客"
# 已完成, 已整改 as a description (对已整改问题…验收, 已完成的事项) report nothing.
COMPLETE, RATE = "完成", "率"
DESCRIBED_AFTER = "对"
DESCRIBED_NOUNS = ("事项",)
# 已经整改, 已逐项整改, 已基本整改.
RECTIFIED_HOW = ("经", "逐一", "逐项", "基本")
NOT, NOT_YET = "不", "未"
# "N of M done" (the same unit twice): 共8宗,已整改5宗; 12个项目…已有9个项目完工.
N_OF_M_UNITS = ("个", "项", "宗", "件", "家", "条", "户", "处", "起", "所", "名", "人")
N_OF_M_DONE_VERBS = ("完成", "整改", "办结", "化解", "处置", "整顿", "销号", "盘活", "清理", "清退", "收回", "追回",
                     "解决", "验收", "交付", "拆除", "退还")
N_OF_M_FINISHED = ("完工", "开工", "完成", "整改", "办结", "到位", "销号", "实现")
ALREADY_SUFFIX, HAVE = "经", "有"

# --- metrics (contract: Metric) ------------------------------------------------------
# Measure words after an Arabic number; 万 and 亿 may stand before any of them.
UNITS = (
    "家 家次 个 个百分点 个月 个工作日 项 项次 名 人 人次 人天 次 批 批次 场 场次 宗 件 份 份次 栋 幢 期 条 元 "
    "% ‰ 吨 吨/天 亩 公顷 平方米 立方米 平方公里 平方千米 公里 千米 米 千瓦 兆瓦 公斤 户 户次 所 座 处 间 套 台 辆 篇 "
    "封 起 例 张 本 册 卷 具 门 节 堂 口 组 片 轮 天 小时 分钟 岁 课时 学时 位 支 块 株 棵 盏 部 类 单 笔 笔次 网格"
).split()
CUMULATIVE = "累计"
# Rules only: they stand before a unit (3.8万条, 2亿元).
MAGNITUDES = "万亿"
QUALIFIERS = ("超过", "近", "约", "余", "多", "以上", "不超", CUMULATIVE)
NOT_QUALIFIERS = ("共",)
# Rules only: where each qualifier stands (累计 may open the clause instead).
QUALIFIERS_BEFORE = ("超过", "不超过", "不超", "不少于", "约", "近")
QUALIFIERS_AFTER = ("余", "多")
QUALIFIERS_AFTER_UNIT = ("以上",)
# Rules only: units of a rate (a subset of UNITS); no noun follows them.
RATE_UNITS = ("%", "‰", "个百分点")
# Rules only: what stands before a measure's figure without naming what is counted
# (pipeline.rules.measures): dates and time words (2023年以来, 截至目前), adverbs (其中, 已).
YEAR, YEAR_PERIODS = "年", ("学年", "年")
YEAR_PARTS = ("度", "以来", "来", "上半年", "下半年", "底", "初")
UNTIL, UNTIL_ENDS = "截至", ("底", "末", "日")
MONTH, MONTH_PARTS = "月", ("份", "底")
TERM, TERMS_NUMBERED, TERMS_NAMED, SEASON = "学期", "一二三四", "上下春秋", "季"
YEAR_WHOLE, THIS_YEAR, SINCE = "年度", "今年", "以来"
LEADING_WORDS = ("截至目前", "目前", "现已", "近期", "同时", "其中", "已经", "已", "共计", "共", "并", "还", "全年",
                 "当年", "涉及")
# 计划于2024年底前, 力争年内: a plan's date.
PLAN_DATE_WORDS = (PLAN, STRIVE, EXPECT)
AT_TIME = ("于", "在")
YEAR_END, WITHIN_YEAR = "底", "年内"
# 向各类企业发放…, 按照…部署开展…: a leading prepositional phrase; the counted thing starts
# at the verb after it.
PREPOSITIONS = ("向", "对", "按照", "根据", "以", "通过", "围绕", "针对", "结合", "依托", "由", "在", "与")
LEAD_VERBS = (
    "开展", "发放", "配备", "组织", "举办", "召开", "实施", "印发", "制定", "引进", "培训", "查处", "清理", "排查", "新增",
    "新建", "建成", "收回", "追回", "办理", "受理", "处置", "化解", "走访", "发现", "签约", "推动", "帮助", "指导", "督促",
    "选派", "选配", "调整", "招聘", "提供", "投入", "下发", "出台", "修订", "建立", "给予", "发展", "共建", "派驻", "成立",
    "成交", "进行",
)
# 较2022年同期: a comparison base.
COMPARED_TO, SAME_PERIOD = "较", "同期"
# Bound words before a figure (达, 约, 共计); 为 not after 行, 作, 认, 成, 因 (行为, 作为…).
BOUND_WORDS = ("达到", "达", "为", "共计", "共", "计", "约", "超过", "不超过", "不超", "近", CUMULATIVE, "了", "多达",
               "以上", "由")
BE, NOT_BE_AFTER = "为", "行作认成因"
# 尚有3个: what is left, like REMAINDER_WORDS.
STILL_HAVE = "尚有"
# Where a noun after the unit stops: at the next verb or adverb. Verbs that also end noun
# phrases (处理能力, 用地处置, 办理事项, 专项检查) are left out; 到 not in 到位, 到期.
NOUN_STOPS = (
    "已", "正在", "进行", "开展", "获", "按", "积极", "担任", "构成", "实现", "完成", "通过", "参加", "参与", "签订", "投入",
    "纳入", "得到", "受到", "均", "全部", "陆续", "分别", "累计", "涉及", "达到", "制定", "补充", "完善", "责令", "逐一",
    "重新", "配备", "设立", "推行", "建立", "派驻", "观看", "撰写", "讲授", "给予", "立案", "提醒", "移交", "发展", "共建",
    "成立", "参观", "实行", "落实", "获得", "下降", "提升", "提高", "增加", "减少", "降低", "上升", "增长", "清退", "追缴",
    "退还", "收回", "组织", "举办", "召开", "印发", "出台", "修订", "推进", "推动", "启动", "开工", "建成", "交付", "受理",
    "化解", "约谈", "走访", "解决", "办结", "公示", "发放", "拨付", "兑现", "补缴", "缴纳", "申报", "认定", "引进", "招聘",
    "选派", "选配", "调整", "将", "计划", "尚", "仍", "并", "及时", "全面", "统一", "集中", "依法", "按照", "由", "未",
    "待", "因", "督促", "逐项", "实施", "分批", "到", "精简", "压减", "压缩", "缩短", "缩减", "予以", "提前", "更换",
)
NOUN_STOP_EXCEPT = {"到": ("位", "期")}
# One-character words that stop the noun only right after the unit (在 in 存在 must not).
NOUN_STOPS_AT_START = ("在", "为", "于", "到", "达", "占", "被", "的", "共", "和", "及", "与", "对")
# 由56人下降至41人: the second figure says where the first went.
CHANGE_VERBS = ("下降", "降低", "减少", "提升", "提高", "增加", "增长", "上升", "压减", "压缩", "精简", "缩短", "缩减")
CHANGE_TO, CHANGE_FROM = ("至", "到"), "由"
NOT_METRICS = (
    "dates and years (2023年, 11-12月份, 2018—2023年)",
    "ordinals (第2批)",
    "document numbers (〔2023〕12号)",
    "phone numbers",
    "numbers inside 《》 or “” (names such as “市80条”)",
    "numbers that are part of a name (世界500强, 204国道)",
    "numbers written in Chinese characters (三个工作专班)",
)

# --- notice-level figures (contract: Stat.kind) --------------------------------------
STAT_KINDS = {
    "problems_total": "反馈问题N个, 共N项问题",
    "problems_completed": "已完成整改N个, 已完成N项",
    "problems_in_progress": "正在整改N个, 其余N个, 未完成N个, 基本完成N个",
    "completion_rate": "完成率N%",
    "rules_established": "建立完善制度N项, 建章立制N项",
    "funds_recovered": "追缴/挽回/清退/退还/收缴资金N万元",
    "people_disciplined": "处分, 组织处理, 诫勉, 问责, 批评教育, 提醒谈话, 责令检查, 交由纪委调查 N人 (zeros included)",
    "cases_filed": "立案N件",
    "clues_transferred": "移交问题线索N条",
    "other": "专题民主生活会N次, 集中学习N次, 党课N场, 整改措施N项, N项任务, 长期任务N项",
}
NOT_STATS = ("one measure's own figures", "meeting counts (召开会议N次)", "N个方面")
# Rules only: the words before a figure that name its kind.
DONE_WORDS = ("完成整改", "整改完成", "整改到位", "整改完毕", "已整改", "办结", "销号", "已完成")
# Before 整改/推进/落实: 正在整改N个, 持续推进N个.
IN_PROGRESS_WORDS = ("正在", "仍在", "持续")
# A problem's state when counted or in a ledger's status column (推进中3个): not finished.
IN_PROGRESS_STATES = (PUSHING_ON,)
# What is left of a count (其余3个, 剩余2个) is not finished.
REMAINDER_WORDS = ("其余", "剩余", "余下", "另有")
# 基本完成 is not done (STAT_KINDS): the problems so counted are still in progress.
UNDONE_WORDS = ("未完成", "基本完成")
# Counts of problems neither done nor open by the labels so far (held-out gold): `other`.
KEEP_UP = "坚持"
LONG_TERM = "长期" + KEEP_UP
PARTLY_DONE_WORDS = ("阶段性完成", LONG_TERM)
RULE_VERBS = ("制定", "建立", "完善", "修订", "出台", "健全", "制修订", "新建")
FUNDS_VERBS = ("追缴", "挽回", "收回", "追回", "退缴", "返还", "清收", "追偿", "退还", "清退", "收缴")
DISCIPLINE_WORDS = (
    "处分", "组织处理", "诫勉谈话", "诫勉", "问责", "批评教育", "提醒谈话", "责令书面检查", "责令检查",
    "交由纪委调查", "通报批评", "处理",
)
# Whole-rectification counts of kind `other`: 专题民主生活会3次, 整改措施86项, 长期任务9项.
OTHER_STAT_WORDS = ("专题民主生活会", "整改措施", "具体措施", "整改任务", "长期任务", "集中学习", "党课")
# Rules only: the words a figure's phrase is built around (pipeline.rules.summary). Lists
# are alternations tried in the order written.
# The word for a problem, also numbering a ledger's problems (问题3:).
PROBLEM = "问题"
TASK, MEASURE = "任务", "措施"
OF, PERFECTIVE = "的", "了"
COMPLETION_RATE_WORDS = (COMPLETE + RATE,)
# 反馈了巡察意见, 反馈意见, 反馈会: feedback given (pipeline.rules.header), not the problems
# fed back (反馈问题).
FEEDBACK = "反馈"
FEEDBACK_GIVEN = ("意见", "会")
# How the problems came to the inspected body: 反馈问题7个, 交办问题3个.
FEEDBACK_VERBS = (FEEDBACK, "指出", "交办")
# How clues went to the discipline bodies; 移交 (移交问题12个) also hands problems over.
CLUE_VERBS = ("移交", "移送", "转办")
CLUE = "线索"
CASE_FILED = "立案"
CASE_REVIEWS = ("审查调查", "审查")
RULES = "制度"
RULES_SET_UP = "建章立制"
# 对3人给予处分, 3人受到处分: the verb between the people and their sanction.
SANCTION_VERBS = ("给予", "受到", "进行", "予以", "开展")
GIVE_VERBS = ("给予", "予以")
# 持续推进整改中: the work a count of open problems is still under.
WORK_VERBS = ("整改", "推进", "落实")
PUSH_ON = "推进"
UNDER_WAY = "中"
# A count of done ones follows the total: 7个问题中,已完成5个.
AMONG = "中"
DONE_STEMS = ("完成", "整改")
ALREADY = "已"
ALL = "全部"
SPECIFIC = "具体"
AREA = "方面"
IN_TOTAL = "共"
IN_TOTAL_AFTER = ("有", "计")
NEED, MUST = "需", "要"
# Measure words each kind of figure is counted in.
STAT_UNITS = {
    "problems": ("个", "项", "条"),
    # 反馈3类问题
    "problems_fed_back": ("个", "项", "条", "类"),
    # 3个方面12个问题
    "problems_in_areas": ("个",),
    "rules_established": ("项", "个", "条", "件", "份", "套"),
    "funds_recovered": ("万元", "亿元", "元"),
    "people_disciplined": ("人", "名", "人次"),
    # 对3人给予处分: the people, not the times.
    "people": ("人", "名"),
    "cases_filed": ("件", "起", "人"),
    "clues_transferred": ("件", "条", "个"),
    "other": ("次", "场", "项", "条", "个"),
    "tasks": ("项", "个", "条"),
}
# Rules only: what a figures table's header cell says its column counts, checked in this
# order (未完成整改 is in progress before 完成整改 claims it; 问题 only when nothing else fits).
STAT_TABLE_HEADERS = {
    "completion_rate": COMPLETION_RATE_WORDS,
    "problems_in_progress": IN_PROGRESS_WORDS + IN_PROGRESS_STATES + UNDONE_WORDS,
    "problems_completed": DONE_WORDS,
    "problems_total": (PROBLEM,),
    "rules_established": (RULES,),
    "funds_recovered": ("资金", "金额"),
    "people_disciplined": DISCIPLINE_WORDS,
    "cases_filed": (CASE_FILED,),
    "clues_transferred": (CLUE,),
}

# --- is it a notice at all (pipeline.assemble.check_is_notice) -----------------------
# Rules only: a notice names the inspection it answers and its rectification; text
# without both is something else.
INSPECTION_WORDS = ("巡视", "巡察")
RECTIFICATION_WORDS = ("整改",)

# --- where things are written --------------------------------------------------------
DATE_LABELS = ("成文日期", "发布日期", "发布时间", "印发日期", "日期")
ISSUER_LABELS = ("发布机构", "信息来源", "发文机关")
CONTACT_LABELS = {
    "phones": ("联系电话", "电话", "举报电话", "监督电话"),
    "emails": ("电子邮箱", "邮箱"),
    "addresses": ("通信地址", "通讯地址", "邮寄地址", "联系地址", "邮政信箱", "来信请寄", "地址"),
}
# Rules only: the bare address label; a number after it is a postcode or house number.
ADDRESS = CONTACT_LABELS["addresses"][-1]
# Rules only: a postcode's label; the bracketed characters may be left out (邮编, 邮政编码).
POSTCODE_LABEL = "邮(政)编(码)"
# Rules only: who sent the inspectors (contract: Inspection.level), by the body's name.
LEVEL_BODIES = {
    "central": ("中央", "中共中央"),
    "provincial": ("省委", "自治区党委"),
    "city": ("市委", "州委", "盟委"),
    "county": ("县委", "区委", "旗委", "县级市委"),
    "unit": ("党委", "党组", "党工委"),
}
# In the order of the contract's Inspection.kind (pipeline.records.Kind). 回头看 is
# written after the inspection word (巡察“回头看”), the others before it (常规巡察).
REGULAR, LOOK_BACK = "常规", "回头看"
INSPECTION_KINDS = (REGULAR, "专项", "联动", LOOK_BACK, "机动", "提级")
# Rules only: the kinds a group's name may carry (市委专项巡察组).
GROUP_KINDS = tuple(kind for kind in INSPECTION_KINDS if kind not in (REGULAR, LOOK_BACK))
# Rules only: the words of the header (pipeline.rules.header). A title ends on what the
# text is (…整改情况的通报); the issuer stands before 关于 (某县委关于…的通报).
TITLE_ENDINGS = ("通报", "情况", "公告", "公示", "报告")
ABOUT = "关于"
# 根据市委巡察工作安排: the body that sent the inspectors.
ACCORDING_TO = "根据"
# 市委第一巡察组: the inspecting group.
GROUP = "组"
# 对某某局(以下简称某局)开展了巡察: the target, its short name, the verb.
TARGET_BEFORE = ("对", "进驻")
SHORT_NAME_WORDS = ("以下简称", "下称", "简称")
CARRY_OUT = ("开展", "进行", "实施")
# 对12个单位开展巡察: a whole round of targets, counted in these.
TARGET_COUNT_UNITS = ("个", "家", "所")

# 第N轮: the round of inspections (第四轮巡察); 第 alone makes any ordinal (第2批).
ORDINAL = "第"
ROUND = "轮"
# A target counted in these (对12个单位, 对县教育局等5家单位) is a whole round of
# inspections, not one inspected organisation.
INSPECTED_BODIES = ("单位", "部门", "党组织", "党委", "党组", "乡镇", "街道", "村", "社区", "学校", "企业", "医院")
# Rules only: words with which a heading speaks of the fed-back problems.
PROBLEM_WORDS = (PROBLEM, "反馈意见")
# Rules only: what wraps a problem's name in its heading (pipeline.rules.problems):
# 关于“X”方面存在的问题的整改落实情况 -> X.
PROBLEM_HEADING_WRAPPER = {
    "about": ABOUT,
    "area": AREA,
    "found": "存在",
    "of": OF,
    "rectification": "整改",
    "rectification_work": ("落实", "工作", "进展"),
    "state": "情况",
}
# A list marker inside a sentence: 一是…, 二是….
INLINE_MARKER = "是"
# Rules only: what a top-level part's own heading says it is about, checked in this order.
# Strong problem words come before the organisation ones ("关于“党的领导弱化”方面问题" names
# 领导), weak ones after them ("加强组织领导，推动整改落实" names 落实 but is no problem
# part). An overview (整改工作总体情况) states figures.
PART_HEADING_WORDS = {
    "next_steps": ("下一步", "下步", "今后", "打算", "工作安排", "工作计划"),
    "overview": ("总体", "基本情况"),
    "problems": (*PROBLEM_WORDS, "方面", "关于"),
    "organization": ("组织", "开展情况", "领导", "工作情况", "部署", "责任", "高度重视", "政治站位", "扛起",
                     "扛牢", "压实", "统筹"),
    "weak_problems": ("落实", "整改情况", "进展"),
}
# Rules only: what a part's sentences say when it plans what comes next (a next-steps
# part), and when it reports work done (organisation and problem parts); see pipeline.segment.parts.
PLAN_WORDS = ("持续", "进一步", "将", "要", "继续", "坚持", "不断", "着力", "力争", "确保", "巩固", "深化",
              "常态化", "长效", "下一步")
DONE_REPORT_WORDS = ("已", "累计", "共计", "了")
# Rules only: part-heading words out of their meaning: 坚持问题导向 is a way of working.
NOT_PART_HEADING_WORDS = ("问题导向",)

# Rules only: a ledger table's header cells name its columns (pipeline.segment.blocks): the
# problem, its measures (整改措施) and its progress (整改进展, 完成情况).
LEDGER_COLUMNS = {
    "problem": ("问题",),
    "measures": ("措施",),
    "progress": ("进展", "进度", "情况", "成效", "结果"),
}

# --- the outline: markers, headings, labels, the tail (pipeline.segment) ---------------
# Rules only, like everything in this section. Where a segment regex needs a choice of
# words (a|b), it joins the tuple here in the order written.
# The noun every problem heading and label is built on: 关于“X”问题, 问题1:, 1.问题:.
PROBLEM_NOUN = "问题"
# A ledger entry opens with the noun and a number (问题1:, 问题一、).
LEDGER_LABEL = PROBLEM_NOUN
# 一是/二是 numbers inline items; not in 是否 or 是非.
INLINE_MARKER = "是"
NOT_INLINE_AFTER = ("否", "非")
# A dot marker before a year is an item (2.2024年以来…), not a decimal: the year's character.
YEAR_MARK = "年"
# Unnumbered part headings, each a paragraph of its own, written as regex forms: (?:a|b)
# is one of the choices, a trailing ? makes it optional.
BARE_HEADINGS = (
    "整改工作(?:组织|开展|推进)?情况", "组织领导情况", "(?:巡[察视])?反馈(?:意见|问题)(?:的)?整改(?:落实)?情况",
    "整改落实情况", "下一步(?:工作)?(?:打算|安排|措施|计划)", "今后工作打算",
)
# What the last line of a heading wrapped by a hard line break is made of (…严重”问 / 题的整改。).
WRAPPED_HEADING_CHARS = "问题的整改方面情况落实"
# A paragraph opening 下一步, or 下一步: after the last problem plans what comes next.
NEXT_STEPS_OPENER = "下一步"
# A heading names one problem as 关于…问题; a group of problems as …方面 or 在…方面.
ABOUT = "关于"
AREA = "方面"
AREA_IN = "在"
# Labels inside a problem body: its progress (整改情况:, 落实进展: -- one of the first words,
# then one of the second), its plan (整改措施:, 具体整改措施:) and, in a numbered ledger,
# the problem itself (问题:, 存在问题:).
PROGRESS_LABEL_VERBS = ("整改", "落实", "完成")
PROGRESS_LABEL_NOUNS = ("情况", "进展", "进度", "成效", "落实情况")
PLAN_LABEL = "整改措施"
PLAN_LABEL_QUALIFIER = "具体"
PROBLEM_LABEL_QUALIFIERS = ("存在", "反馈")
# A ledger table's header row names the problem column and one of these (see LEDGER_COLUMNS).
LEDGER_HEADER_OTHERS = ("措施", "进展", "情况")
# The closing paragraph begins with an invitation to send views (欢迎…监督, 如有…意见建议),
# a contact line (联系电话:, 联系方式:) or one of the contact labels.
WELCOME = "欢迎"
WELCOMED = ("监督", "批评", "意见")
IF_ANY = "如"
IF_ANY_AFTER = ("有", "对")
VIEWS = ("意见建议", "意见和建议")
CONTACT = "联系"
CONTACT_BY = ("电话", "方式")
CLOSING_LABELS = ("电子邮箱", "通信地址", "通讯地址", "邮政信箱", "来信请寄", "监督举报电话")
# 万 and 亿 may stand between a figure and its unit (3万元): a figure's first character after the digits.
NUMBER_MULTIPLIERS = ("万", "亿")
# Credits lines of a web or WeChat article after the signature (来源: 编辑: …).
CREDIT_LABELS = ("来源", "编辑", "责任编辑", "审核", "作者", "校对", "审校", "初审", "终审", "排版", "供稿", "摄影")

# --- the outline (segmentation roles) ------------------------------------------------

# The roles of a notice's top-level parts (pipeline.segment.parts.KINDS), as the outline ask names them.
PART_ROLE_MEANINGS = {
    "overview": "figures on the rectification as a whole, no list of measures",
    "organization": "how the rectification was organised: study, meetings, leading groups, plans, supervision",
    "problems": "the fed-back problems, each with what was done to rectify it",
    "next_steps": "plans for what comes next",
}

# --- characters ----------------------------------------------------------------------
CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
CN_NUM = "一二三四五六七八九十"
# Quotation marks, opening and closing; a cue or number between them does not count.
QUOTE_PAIRS = ("“”", "‘’", '""')
# Every form a quote is written in is one form when text is compared.
QUOTE_MARKS = "“”‘’'"
BOOK_MARKS = "《》"
