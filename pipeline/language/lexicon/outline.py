"""The outline: heading markers, bare headings, labels inside a problem body, the
closing paragraph and the tail, the part roles, and the characters every stage reads."""

from pipeline.language.lexicon.figures import PROBLEM

# --- the outline: markers, headings, labels, the tail (pipeline.segment) ---------------
# Rules only, like everything in this section. Where a segment regex needs a choice of
# words (a|b), it joins the tuple here in the order written.
# A ledger entry opens with the word for a problem and a number (问题1:, 问题一、).
LEDGER_LABEL = PROBLEM
# INLINE_MARKER (一是/二是) is not one in 是否 or 是非.
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
# A heading names one problem as ABOUT…PROBLEM (关于…问题); a group of problems as …AREA or
# 在…AREA (在…方面).
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
