"""A measure's status: the cues of unfinished, planned and completed work, and the
words that settle an ambiguous cue (contract: Measure.status)."""

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
