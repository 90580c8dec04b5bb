"""Figures: a measure's metrics (units, qualifiers) and the notice-level counts (contract:
Metric, Stat.kind)."""

from pipeline.language.lexicon.status import COMPLETE, EXPECT, PLAN, PUSHING_ON, RATE, STRIVE

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
