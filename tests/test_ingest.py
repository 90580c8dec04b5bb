"""Tests for pipeline.ingest.source: bytes -> source text."""

from __future__ import annotations

import hashlib
import io
from collections import Counter
from pathlib import Path

import pytest

from pipeline.errors import (
    BinaryInput,
    EmptyInput,
    InputTooLarge,
    UndecodableInput,
    UsageError,
)
from pipeline.ingest.source import (
    MAX_BYTES,
    decode_bytes,
    expand_inputs,
    html_to_text,
    read_source,
    source_from_bytes,
)

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
SEED = Path(__file__).parent.parent / "seeds" / "lianyungang-gxq-2024.txt"

# From the sample notice (lianyungang-gxq-2024).
NOTICE = (
    "根据市委统一部署,2023年7月3日至8月31日,市委第一联动巡察组对连云港高新技术产业开发区"
    "(海州经济开发区)党工委(以下简称高新区党工委)开展了联动巡察。\n"
    "一、整改工作组织情况\n"
    "针对市委巡察组反馈的问题，高新区党工委坚决扛起整改责任，全面主动认领问题。\n"
    "(二)加强组织领导,压实整改责任。成立由区主要领导任组长,区分管领导任副组长,"
    "其他班子成员为成员的巡察整改工作领导小组。\n"
)
# The same kind of text in traditional characters, as a Hong Kong or Taiwan copy
# (or an old Big5 page) would have it.
TRADITIONAL = (
    "針對市委巡察組反饋的問題，高新區黨工委堅決扛起整改責任，全面主動認領問題。\n"
    "關於幹部選拔任用工作的問題，成立由區主要領導任組長的巡察整改工作領導小組，"
    "強化監督，組織黨委會議研究整改。\n"
)


def src(data: bytes, path: str = "notice.txt", **kwargs):
    return source_from_bytes(data, path=path, doc_id=Path(path).stem, **kwargs)


# --- decoding -------------------------------------------------------------


def test_utf8_text_is_kept_as_is():
    source = src(NOTICE.encode("utf-8"), path="seeds/lianyungang-gxq-2024.txt")
    assert source.text == NOTICE
    assert source.encoding == "utf-8"
    assert source.format == "text"
    assert source.doc_id == "lianyungang-gxq-2024"
    assert source.path == "seeds/lianyungang-gxq-2024.txt"
    assert source.sha256 == hashlib.sha256(NOTICE.encode("utf-8")).hexdigest()


def test_utf8_bom_is_dropped_so_offsets_start_at_the_text():
    source = src(b"\xef\xbb\xbf" + NOTICE.encode("utf-8"))
    assert source.encoding == "utf-8-sig"
    assert source.text[0] == "根"
    assert source.text.index("一、整改工作组织情况") == NOTICE.index("一、整改工作组织情况")


def test_crlf_and_lone_cr_become_lf():
    data = "一、整改工作组织情况\r\n(一)提高政治站位,强化思想认识。\r二、整改落实情况\n"
    text, encoding = decode_bytes(data.encode("utf-8"))
    assert text == "一、整改工作组织情况\n(一)提高政治站位,强化思想认识。\n二、整改落实情况\n"
    assert encoding == "utf-8"


def test_whitespace_inside_plain_text_is_not_touched():
    data = "　　一、整改工作组织情况  \n\n\t(一)提高政治站位\n"
    assert src(data.encode("utf-8")).text == data


@pytest.mark.parametrize("codec", ["gb18030", "gbk"])
def test_gb_encoded_notice(codec):
    text, encoding = decode_bytes(NOTICE.encode(codec))
    assert (text, encoding) == (NOTICE, "gb18030")


def test_whole_sample_notice_round_trips_through_every_chinese_encoding():
    notice = SEED.read_text(encoding="utf-8")
    assert read_source(str(SEED)).text == notice
    for codec in ("gb18030", "gbk"):
        assert decode_bytes(notice.encode(codec)) == (notice, "gb18030")


def test_gb18030_bom_is_dropped():
    data = "\ufeff一、整改工作组织情况\n".encode("gb18030")
    assert data.startswith(b"\x84\x31\x95\x33")
    assert decode_bytes(data) == ("一、整改工作组织情况\n", "gb18030")


def test_gb18030_four_byte_characters():
    notice = "• 整改措施：建立台账\n• 完成整改：41家企业\n"
    data = notice.encode("gb18030")
    assert b"\x81\x36\xa6\x31" in data  # the bullet is a four-byte GB18030 sequence
    assert decode_bytes(data) == (notice, "gb18030")


def test_big5_notice_is_not_taken_for_gb18030():
    data = TRADITIONAL.encode("big5")
    # The trap: the same bytes are valid GB18030 too, giving nonsense.
    assert data.decode("gb18030") != TRADITIONAL
    assert decode_bytes(data) == (TRADITIONAL, "big5")


def test_gb_notice_that_is_also_valid_big5_stays_gb18030():
    notice = "按照党务公开原则和巡察工作有关要求,现将巡察整改情况予以公布。"
    data = notice.encode("gb18030")
    assert data.decode("big5") != notice  # valid Big5 as well, meaning something else
    assert decode_bytes(data) == (notice, "gb18030")


def test_traditional_text_in_gbk_is_still_gb18030():
    assert decode_bytes(TRADITIONAL.encode("gbk")) == (TRADITIONAL, "gb18030")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec):
    bom = b"\xff\xfe" if codec.endswith("le") else b"\xfe\xff"
    data = bom + "一、整改工作组织情况\r\n针对市委巡察组反馈的问题\r\n".encode(codec)
    source = src(data)
    assert source.encoding == "utf-16"
    assert source.text == "一、整改工作组织情况\n针对市委巡察组反馈的问题\n"


def test_undecodable_garbage():
    with pytest.raises(UndecodableInput) as exc:
        src(bytes(range(0x80, 0x100)) * 4, path="in/garbage.txt")
    assert exc.value.path == "in/garbage.txt"
    assert "GB18030" in exc.value.message


def test_valid_gb18030_that_is_not_text_is_undecodable():
    # Every pair is a rare GBK-extension character: decodable, but no notice.
    data = bytes(b for lead in range(0x81, 0xA0) for b in (lead, 0x50)) * 5
    assert data.decode("gb18030")
    with pytest.raises(UndecodableInput):
        decode_bytes(data)


def test_utf16_bom_with_broken_body_is_undecodable():
    with pytest.raises(UndecodableInput, match="utf-16"):
        decode_bytes(b"\xff\xfe" + "整改".encode("utf-16-le") + b"\x00\xd8")


# --- bad inputs -----------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [b"", b"  \r\n\t\n", "\u3000\u3000\n".encode("utf-8"), b"\xef\xbb\xbf", b"\xff\xfe\n\x00"],
)
def test_empty_or_whitespace_only(data):
    with pytest.raises(EmptyInput):
        src(data)


def test_nul_bytes_are_binary():
    with pytest.raises(BinaryInput, match="NUL"):
        src("一、整改工作组织情况".encode("utf-8") + b"\x00\x01\x02\x00")


def test_many_control_characters_are_binary():
    with pytest.raises(BinaryInput, match="control"):
        src(b"\x01\x02\x03\x04\x05\x06\x07\x08 text" * 10)


def test_too_large_in_memory():
    data = NOTICE.encode("utf-8")
    with pytest.raises(InputTooLarge) as exc:
        src(data, max_bytes=100)
    assert exc.value.message == (f"the input is {len(data)} bytes, larger than the limit of 100 bytes "
                                 "(raise it with --max-bytes)")
    assert src(data, max_bytes=len(data)).text == NOTICE


def test_too_large_file_is_refused_from_its_size(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 2000)
    with pytest.raises(InputTooLarge, match=r"2000 bytes, .* \(raise it with --max-bytes\)"):
        read_source(str(path), max_bytes=1000)


def test_too_large_stdin():
    with pytest.raises(InputTooLarge, match=r"1000 bytes \(raise it with --max-bytes\)"):
        read_source("-", stdin=io.BytesIO(b"x" * 5000), max_bytes=1000)


def test_default_limit_is_five_mebibytes():
    assert MAX_BYTES == 5 * 1024 * 1024


# --- reading --------------------------------------------------------------


def test_read_source_from_file(tmp_path):
    path = tmp_path / "lianyungang-gxq-2024.txt"
    path.write_bytes(NOTICE.encode("gb18030"))
    source = read_source(str(path))
    assert source.doc_id == "lianyungang-gxq-2024"
    assert source.path == str(path)
    assert (source.text, source.encoding) == (NOTICE, "gb18030")


def test_read_source_from_stdin():
    source = read_source("-", stdin=io.BytesIO(NOTICE.encode("utf-8")))
    assert (source.doc_id, source.path, source.text) == ("stdin", "-", NOTICE)


def test_read_source_missing_file(tmp_path):
    missing = str(tmp_path / "nope.txt")
    with pytest.raises(UsageError) as exc:
        read_source(missing)
    assert exc.value.path == missing


# --- HTML -----------------------------------------------------------------

PAGE_LINES = [
    "中共某某县委关于巡察整改情况的通报",
    "发布日期：2024-04-03",
    "根据县委统一部署，2023年7月3日至8月31日，县委第一巡察组对县发展和改革委员会党组"
    "开展了常规巡察。按照党务公开原则和巡察工作有关要求，现将巡察整改情况予以公布。",
    "一、整改工作组织情况",
    "（一）提高政治站位，强化思想认识。",
    "二、整改落实情况",
    "1.关于“经济发展主阵地作用发挥不充分”问题的整改。",
    "一是以“增量”带动发展。2023年新增“四上”企业41家。",
    "二是以规划引领发展。",
    "中共某某县委",
    "2024年4月3日",
]


def test_government_page_keeps_title_date_and_main_text():
    source = read_source(str(FIXTURES / "page.html"))
    assert source.format == "html"
    assert source.encoding == "utf-8"
    assert source.doc_id == "page"
    assert source.text.split("\n") == PAGE_LINES
    assert source.sha256 == hashlib.sha256(source.text.encode("utf-8")).hexdigest()


def test_script_text_never_reaches_the_output():
    text = html_to_text((FIXTURES / "page.html").read_text(encoding="utf-8"))
    assert "var s" not in text
    assert "压紧压实" not in text  # the notice-like string in the inline script
    assert "全面主动认领问题" not in text
    assert "审核意见" not in text and "草稿" not in text  # hidden elements


def test_gb18030_page_detected_by_content():
    page = (FIXTURES / "page.html").read_text(encoding="utf-8")
    source = src(page.encode("gb18030"), path="-")
    assert (source.format, source.encoding) == ("html", "gb18030")
    assert source.text.split("\n") == PAGE_LINES


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        ("<!DOCTYPE html>\n<html>", "一、整改工作组织情况"),
        ("\ufeff  <!-- saved --> <html lang='zh'>", "一、整改工作组织情况"),
        ("<meta charset='gbk'>\n<body class='a'>", "一、整改工作组织情况"),
    ],
)
def test_html_detected_without_html_suffix(start, expected):
    source = src(f"{start}<p>一、整改工作组织情况</p>".encode("utf-8"), path="notice.txt")
    assert source.format == "html"
    assert source.text == expected


def test_text_mentioning_tags_is_not_html():
    text = "说明：网页中的<p>标签不影响整改情况。\n"
    assert src(text.encode("utf-8")).format == "text"


def test_page_without_visible_text_is_empty():
    with pytest.raises(EmptyInput):
        src(b"<html><body><script>var a = 1;</script></body></html>", path="a.html")


@pytest.mark.parametrize(
    "chrome",
    [
        "信息索引号：014090893/2024-00123",
        "索引号：014090893",
        "分享到：微信 微博",
        "分享",
        "朗读",
        "浏览量：123",
        "浏览次数：45",
        "阅读次数：6",
        "访问量：7",
        "【打印本页】【关闭窗口】",
        "打印",
        "关闭",
        "【字体：大 中 小】",
        "字号：T|T",
        "来源：中共某某县委办公室",
        "当前位置：首页 > 信息公开",
        "您的位置：首页 > 通知公告",
        "首页 > 信息公开 > 巡察整改",
        "上一篇：关于巡视整改进展情况的通报",
        "下一篇：无",
        "扫一扫在手机打开当前页",
        "（责任编辑：张三）",
    ],
)
def test_chrome_lines_are_dropped(chrome):
    html = f"<body><p>{chrome}</p><p>一、整改工作组织情况</p></body>"
    assert html_to_text(html) == "一、整改工作组织情况"


def test_chrome_words_starting_long_sentences_are_kept():
    line = (
        "来源：群众信访举报的问题线索共12件，已全部办结，对相关责任人进行了批评教育，"
        "并建立了信访件台账管理制度。"
    )
    assert html_to_text(f"<body><p>{line}</p></body>") == line


def test_chrome_elements_are_dropped_without_a_content_container():
    html = """<body>
      <div id="topMenu"><a>首页</a><a>政务公开</a></div>
      <div class="share-box">微信 微博</div>
      <aside>相关链接</aside>
      <h1>中共某某县委关于巡察整改情况的通报</h1>
      <p>一、整改工作组织情况</p>
      <div class="copyright">版权所有</div>
    </body>"""
    assert html_to_text(html).split("\n") == [
        "中共某某县委关于巡察整改情况的通报",
        "一、整改工作组织情况",
    ]


def test_date_line_in_chrome_or_metadata_is_reduced_to_the_date():
    html = """<body>
      <div class="article-info">发布时间：2024年4月3日 10:20 来源：县委办 浏览次数：88</div>
      <div id="zoom"><p>一、整改工作组织情况</p>
        <p>针对市委巡察组反馈的问题，高新区党工委坚决扛起整改责任，全面主动认领问题。</p>
        <p>整改完成日期：2024年6月30日</p></div>
      <div class="foot">网站更新日期：2024-05-01</div>
    </body>"""
    assert html_to_text(html).split("\n") == [
        "发布时间：2024年4月3日",
        "一、整改工作组织情况",
        "针对市委巡察组反馈的问题，高新区党工委坚决扛起整改责任，全面主动认领问题。",
        "整改完成日期：2024年6月30日",
    ]


def test_title_falls_back_to_title_tag_without_site_name():
    html = """<html><head><title>关于巡察整改进展情况的通报_某某市人民政府</title></head>
      <body><div class="content"><p>一、整改工作组织情况</p></div></body></html>"""
    assert html_to_text(html).split("\n") == ["关于巡察整改进展情况的通报", "一、整改工作组织情况"]


def test_title_inside_an_article_header_is_kept():
    html = """<body><header><h1>某某县人民政府</h1></header>
      <article><header><h1>关于巡察整改情况的通报</h1></header>
      <p>一、整改工作组织情况</p></article></body>"""
    assert html_to_text(html).split("\n") == ["关于巡察整改情况的通报", "一、整改工作组织情况"]


def test_title_is_the_h1_nearest_above_the_content():
    html = """<body><div class="left"><h1>信息公开</h1></div>
      <h1>关于巡察整改情况的通报</h1>
      <div class="TRS_Editor"><p>一、整改工作组织情况</p>
      <p>针对市委巡察组反馈的问题，高新区党工委坚决扛起整改责任，全面主动认领问题。</p></div></body>"""
    assert html_to_text(html).split("\n") == [
        "关于巡察整改情况的通报",
        "一、整改工作组织情况",
        "针对市委巡察组反馈的问题，高新区党工委坚决扛起整改责任，全面主动认领问题。",
    ]


def test_layout_wrapper_named_main_is_narrowed_to_the_content():
    html = """<body><div class="main">
      <div class="left"><p>热点专题</p><p>政策解读</p></div>
      <div class="detail-con"><p>一、整改工作组织情况</p><p>针对市委巡察组反馈的问题，全面主动认领问题。</p></div>
    </div></body>"""
    assert html_to_text(html).split("\n") == [
        "一、整改工作组织情况",
        "针对市委巡察组反馈的问题，全面主动认领问题。",
    ]


def test_small_content_box_does_not_hide_the_notice():
    html = """<body><div class="content-box">专题</div>
      <div><p>一、整改工作组织情况</p><p>针对市委巡察组反馈的问题，全面主动认领问题。</p></div></body>"""
    assert html_to_text(html).split("\n") == [
        "专题",
        "一、整改工作组织情况",
        "针对市委巡察组反馈的问题，全面主动认领问题。",
    ]


def test_unclosed_hidden_paragraph_does_not_swallow_the_next_one():
    html = '<body><p style="display:none">草稿<p>一、整改工作组织情况<p>二、整改落实情况</body>'
    assert html_to_text(html) == "一、整改工作组织情况\n二、整改落实情况"


def test_table_cells_share_a_line_separated_by_tabs_and_entities_are_decoded():
    html = (
        "<body><table><tr><td>问题</td><th>整改情况</th></tr>"
        "<tr><td>&ldquo;四上&rdquo;企业&nbsp;&nbsp;培育</td><td>已完成&amp;销号</td></tr>"
        "</table></body>"
    )
    assert html_to_text(html) == "问题\t整改情况\n“四上”企业 培育\t已完成&销号"


# --- expand_inputs --------------------------------------------------------


@pytest.fixture
def tree(tmp_path, monkeypatch):
    for name in [
        "in/b.txt",
        "in/a.html",
        "in/notes.pdf",
        "in/old.DOC",
        "in/notes.gold.json",
        "in/logo.png",
        "in/.draft.txt",
        "in/.git/config.txt",
        "in/sub/c.md",
        "in/sub/deeper/d.HTM",
        "other/x.txt",
        "other/y.doc",
    ]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("整改", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_directory_is_searched_recursively_sorted_without_hidden(tree):
    # Documents are taken whether they can be read or not (a .doc is then reported);
    # gold labels and pictures are not notices.
    assert expand_inputs(["in"]) == [
        "in/a.html",
        "in/b.txt",
        "in/notes.pdf",
        "in/old.DOC",
        "in/sub/c.md",
        "in/sub/deeper/d.HTM",
    ]


def test_files_left_alone_in_a_directory_are_counted_by_suffix(tree):
    left_alone = Counter()
    expand_inputs(["in"], left_alone)
    assert left_alone == {".json": 1, ".png": 1}


def test_files_are_kept_as_given_whatever_the_suffix(tree):
    assert expand_inputs(["other/y.doc", "-", "in/.draft.txt"]) == [
        "other/y.doc",
        "-",
        "in/.draft.txt",
    ]


def test_glob_patterns(tree):
    assert expand_inputs(["in/*.txt"]) == ["in/b.txt"]
    assert expand_inputs(["in/**/*.md", "*/x.tx?"]) == ["in/sub/c.md", "other/x.txt"]
    assert expand_inputs(["o*"]) == ["other/x.txt", "other/y.doc"]


def test_duplicates_keep_the_first_occurrence(tree):
    assert expand_inputs(["in/sub/c.md", "in/sub", "./in/sub/c.md", "-", "-"]) == [
        "in/sub/c.md",
        "in/sub/deeper/d.HTM",
        "-",
    ]


@pytest.mark.parametrize("arg", ["in/missing.txt", "nowhere/*.txt"])
def test_missing_path_is_a_usage_error_naming_it(tree, arg):
    with pytest.raises(UsageError) as exc:
        expand_inputs(["in/b.txt", arg])
    assert exc.value.path == arg
    assert arg in str(exc.value)


def test_ordered_list_items_carry_the_numbers_a_reader_sees():
    html = (
        "<body><h3>（一）关于X的问题</h3><ol><li>做了A。</li><li>做了B。</li></ol>"
        "<ol start=\"3\"><li>做了C。</li></ol><ul><li>要点</li></ul></body>"
    )
    assert html_to_text(html) == "（一）关于X的问题\n1.做了A。\n2.做了B。\n3.做了C。\n要点"
