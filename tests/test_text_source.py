"""Plain text as offices produce it: Big5 and GBK, text hard-wrapped at a
fixed width, and a news page's furniture copied along with the article."""

from __future__ import annotations

import textwrap

import pytest

from conftest import make_workspace, run_cli
from pdfread import page_lines
from publish.model import BlockQuote, Heading, plain_text
from publish.sources import read_article
from publish.sources.decode import decode

TRADITIONAL = """\
堅持黨的全面領導 推進基層治理現代化

文/記者 陳明遠

一、總體要求

各級黨組織要把學習貫徹黨的創新理論作為首要政治任務，健全完善理論學習中心組學習制度，推動理論學習從機關延伸到鄉村、社區、企業和學校。

（一）工作目標

到年底，基層黨組織標準化規範化建設全面達標，黨員隊伍結構進一步優化，服務群眾的能力明顯增強。
"""


def shape(article):
    return [(type(b).__name__, plain_text(b.spans)) for b in article.blocks if hasattr(b, "spans")]


@pytest.mark.parametrize("encoding", ["big5", "big5hkscs", "cp950", "gbk", "gb18030"])
def test_big5_and_gbk_copies_read_the_same(tmp_path, encoding, caplog):
    path = tmp_path / "hk.txt"
    path.write_bytes(TRADITIONAL.replace("\n", "\r\n").encode(encoding))
    article = read_article(path)
    assert article.title == "堅持黨的全面領導 推進基層治理現代化"
    assert shape(article)[:3] == [("Byline", "文/記者 陳明遠"), ("Heading", "一、總體要求"),
                                  ("Paragraph", TRADITIONAL.split("\n")[6])]
    assert "reads almost as well" not in caplog.text  # long enough to tell apart


def test_hong_kong_characters_in_big5_hkscs(tmp_path):
    path = tmp_path / "hk.txt"
    path.write_bytes("港鐵通告\n\n乘客可乘𨋢前往月台，嘅確方便。\n".encode("big5hkscs"))
    assert "𨋢" in plain_text(read_article(path).blocks[0].spans)


def test_ambiguous_file_says_what_it_chose_and_how_to_force(tmp_path, caplog):
    path = tmp_path / "short.txt"
    # "家政" in Big5 is "產現" in GBK: both common characters
    path.write_bytes("家政\n".encode("big5"))
    assert decode(path.read_bytes(), path) == ("產現\n", "gb18030")
    assert "read as GB18030/GBK, but Big5-HKSCS reads almost as well" in caplog.text
    assert "rename the file to short.big5.txt" in caplog.text
    forced = tmp_path / "short.big5.txt"
    forced.write_bytes(path.read_bytes())
    caplog.clear()
    assert decode(forced.read_bytes(), forced) == ("家政\n", "big5hkscs")
    assert caplog.text == ""


ARTICLE = """\
滨江县以高质量党建引领基层治理

文/图 周明远

　　从严从实推进党纪学习教育，扎实开展基层党组织标准化规范化建设，持续深化党建引领乡村振兴，一年来，滨江县以高质量党建引领保障高质量发展，各项工作取得新的进展。
一、理论武装走深走实
　　在滨江县委党校的报告厅里，一堂生动的专题党课正在进行。授课老师结合本地发展实际，把党的创新理论讲得明白透彻，台下的党员干部认真记录，不时点头。
　　一年来，县委坚持把学习贯彻党的创新理论作为首要政治任务，健全完善县委理论学习中心组学习制度，建立领导干部带头讲党课制度，推动理论学习从机关延伸到乡村、社区、企业和学校。
（一）以学铸魂，筑牢信仰之基
　　全县各级党组织把党纪学习教育同推动中心工作结合起来，通过读原著、学原文、悟原理，引导党员干部在学思践悟中坚定理想信念，做到学有所思、思有所悟、悟有所行。
"""


def wrap(text: str, width: int, marker: str) -> str:
    """The article as a PDF or an e-mail gives it: lines cut at ``width``
    characters; paragraphs marked by their indent, a blank line, or nothing."""
    out = []
    for line in text.split("\n"):
        indent = line.startswith("\u3000")
        body = line.lstrip("\u3000")
        if len(body) <= width:
            out.append(line if marker == "indent" else body)
        else:
            lines = textwrap.wrap(body, width)
            out.append(("\u3000\u3000" if marker == "indent" and indent else "") + lines[0])
            out.extend(lines[1:])
        if marker == "blank":
            out.append("")
    return "\n".join(line for line in out if line or marker == "blank")


@pytest.mark.parametrize("marker", ["indent", "blank", "none"])
def test_hard_wrapped_text_joins_into_paragraphs(tmp_path, marker):
    original = tmp_path / "a.txt"
    original.write_text(ARTICLE, encoding="utf-8")
    wrapped = tmp_path / "b.txt"
    wrapped.write_text(wrap(ARTICLE, 40, marker), encoding="utf-8")
    filled = lambda text: len([line for line in text.split("\n") if line.strip()])  # noqa: E731
    assert filled(wrapped.read_text("utf-8")) >= filled(ARTICLE) + 4
    expected = shape(read_article(original))
    assert [kind for kind, _ in expected] == ["Byline", "Paragraph", "Heading", "Paragraph", "Paragraph", "Heading",
                                              "Paragraph"]
    assert shape(read_article(wrapped)) == expected



@pytest.mark.parametrize("marker", ["indent", "blank", "none"])
@pytest.mark.parametrize("footer", ["— 2 —", "- 2 -", "第 2 页", "第2页 共5页"])
def test_page_numbers_copied_from_a_pdf_are_left_out(tmp_path, marker, footer, caplog):
    """Text copied from a PDF brings each page's number, between two lines
    of a paragraph where the page broke: left out (with the blank lines
    around it), the paragraph goes on, and the warning says which lines."""
    original = tmp_path / "a.txt"
    original.write_text(ARTICLE, encoding="utf-8")
    lines = wrap(ARTICLE, 40, marker).split("\n")
    at = next(n for n, line in enumerate(lines) if "一年来，县委" in line) + 1
    assert lines[at] and lines[at - 1] and not lines[at - 1].endswith("。")  # mid-paragraph
    lines[at:at] = ["", footer, ""]
    pasted = tmp_path / "b.txt"
    pasted.write_text("\n".join(lines), encoding="utf-8")
    assert shape(read_article(pasted)) == shape(read_article(original))
    assert f"b.txt: left out 1 page numbers of a PDF's page footers (lines {at + 2})" in caplog.text


@pytest.mark.parametrize("marker", ["indent", "blank", "none"])
@pytest.mark.parametrize("footer", ["— {page} —", "{page}"])
def test_running_heads_copied_from_a_pdf_are_left_out(tmp_path, marker, footer, caplog):
    """A PDF prints its name on every page beside the number: copied with
    the text, "江门市党纪学习教育读本" came between the lines of a paragraph at
    each page break, as a paragraph of its own. Left out (as the numbers
    are), the paragraphs go on; a short line met elsewhere in the text stays."""
    original = tmp_path / "a.txt"
    original.write_text(ARTICLE, encoding="utf-8")
    lines = wrap(ARTICLE, 40, marker).split("\n")
    breaks = [next(n for n, line in enumerate(lines) if key in line) + 1 for key in ("一年来，县委", "全县各级党组织")]
    for page, at in reversed(list(enumerate(breaks, start=1))):
        assert lines[at] and lines[at - 1] and not lines[at - 1].endswith("。")  # mid-paragraph
        lines[at:at] = ["", footer.format(page=page), "", "江门市党纪学习教育读本", ""]
    pasted = tmp_path / "b.txt"
    pasted.write_text("\n".join(lines), encoding="utf-8")
    assert shape(read_article(pasted)) == shape(read_article(original))
    heads = [n + 1 for n, line in enumerate(pasted.read_text("utf-8").split("\n")) if line == "江门市党纪学习教育读本"]
    assert len(heads) == 2
    assert (f"b.txt: left out '江门市党纪学习教育读本', a PDF's running head on every page "
            f"(lines {heads[0]}, {heads[1]})") in caplog.text
    assert "left out 2 page numbers of a PDF's page footers" in caplog.text  # bare ones too: they count on
    # The same short line in the body, away from the page numbers, is text;
    # so is a number alone on its line that does not count on with others.
    lines[3:3] = ["", "江门市党纪学习教育读本", "", "2024", ""]
    pasted.write_text("\n".join(lines), encoding="utf-8")
    assert {("Paragraph", "江门市党纪学习教育读本"), ("Paragraph", "2024")} <= set(shape(read_article(pasted)))


def test_a_left_out_line_is_quoted_as_written(tmp_path, caplog):
    """A newspaper's running head holds an ideographic space (江门日报　2025年1月10日):
    the warning that names it quoted it as '江门日报\\u30002025年1月10日', the
    code of the space where a Chinese reader sees a blank. Only what prints
    nothing is written as its code."""
    from publish.i18n import printable

    lines = wrap(ARTICLE, 40, "indent").split("\n")
    at = [next(n for n, line in enumerate(lines) if key in line) + 1 for key in ("一年来，县委", "全县各级党组织")]
    for page, n in reversed(list(enumerate(at, start=1))):
        lines[n:n] = ["", f"— {page} —", "", "江门日报\u30002025年1月10日", ""]
    pasted = tmp_path / "b.txt"
    pasted.write_text("\n".join(lines), encoding="utf-8")
    read_article(pasted)
    assert "left out '江门日报\u30002025年1月10日', a PDF's running head" in caplog.text
    assert printable("甲\u3000乙 丙\u200b丁\x01") == "甲\u3000乙 丙\\u200b丁\\x01"


def test_a_running_head_above_the_title_of_the_first_page(tmp_path, caplog):
    """The first page of a PDF has its head too: copied, it came first and
    was taken for the title, and the head at every other page break stayed
    text. It is left out with the others; the title is the next line."""
    original = tmp_path / "a.txt"
    original.write_text(ARTICLE, encoding="utf-8")
    lines = wrap(ARTICLE, 40, "indent").split("\n")
    at = next(n for n, line in enumerate(lines) if "一年来，县委" in line) + 1
    lines[at:at] = ["", "— 1 —", "", "江门市党纪学习教育读本", ""]
    lines[0:0] = ["江门市党纪学习教育读本", ""]
    lines += ["", "— 2 —"]
    pasted = tmp_path / "b.txt"
    pasted.write_text("\n".join(lines), encoding="utf-8")
    article = read_article(pasted)
    assert article.title == read_article(original).title == "滨江县以高质量党建引领基层治理"
    assert shape(article) == shape(read_article(original))
    assert "a PDF's running head on every page (lines 1, " in caplog.text


def test_a_pdfs_table_of_contents_is_left_out(tmp_path, caplog):
    """A 读本's contents copied with its text (目录, 一、……………1) came in
    as paragraphs with the PDF's page numbers: left out, with a warning
    saying publish makes its own; "……" in a sentence stays."""
    path = tmp_path / "a.txt"
    path.write_text("党纪学习教育读本\n\n目　录\n\n一、坚定不移推进全面从严治党……………………………1\n"
                    "二、深入学习贯彻《条例》…………………………………5\n\n一、坚定不移推进全面从严治党\n\n"
                    "　　全面从严治党永远在路上……党的自我革命永远在路上。\n\n二、深入学习贯彻《条例》\n\n"
                    "　　纪律是管党治党的“戒尺”。\n", encoding="utf-8")
    assert shape(read_article(path)) == [
        ("Heading", "一、坚定不移推进全面从严治党"), ("Paragraph", "全面从严治党永远在路上……党的自我革命永远在路上。"),
        ("Heading", "二、深入学习贯彻《条例》"), ("Paragraph", "纪律是管党治党的“戒尺”。")]
    assert "a.txt: left out a PDF's table of contents (lines 3–6)" in caplog.text


def test_a_wechat_accounts_furniture_is_left_out(tmp_path, caplog):
    """Copied from a WeChat account (公众号), an article comes with its end
    mark, its other articles and the calls to follow and like: left out,
    each named; a sentence of the article that speaks of 关注 or 二维码 stays."""
    path = tmp_path / "a.txt"
    body = ("各级党组织要关注群众诉求，通过扫描二维码收集意见建议，切实解决群众急难愁盼问题。", "欢迎关注我们的工作。")
    furniture = ("- END -", "（完）", "往期推荐", "长按识别二维码关注我们", "喜欢就点个“在看”吧", "点击“阅读原文”查看更多",
                 "分享、点赞、在看，支持我们", "关注我们")
    path.write_text("标题\n\n" + "\n\n".join((*body, *furniture)) + "\n", encoding="utf-8")
    assert [text for _, text in shape(read_article(path))] == list(body)
    for line in furniture:
        assert f"left out web-page furniture {line!r}" in caplog.text


def test_a_wechat_accounts_credits_and_list_of_articles_are_left_out(tmp_path, caplog):
    """An account writes its credits with bars (来源丨…, 编辑 | …: 丨 is a
    character that looks like one), calls to follow at the top (点击上方蓝字
    关注我们), and lists its other articles under 往期推荐, a title a line,
    some ending in ！. The source is the article's, the rest is left out,
    each line named; the list ends at the first line of text, and a line
    of the article that starts like a credit (二审：…。) stays."""
    path = tmp_path / "a.txt"
    body = ("为深入开展党纪学习教育，近日，某某支部组织全体党员集中学习《中国共产党纪律处分条例》。",
            "二审：维持原判，驳回上诉。", "点击量和关注度均创新高。", "点击量上升，各方关注",
            "大家纷纷表示，将以此次学习为契机，进一步增强纪律意识。")
    listed = ("这些纪律红线，千万别碰！", "某某支部召开组织生活会")
    after = "本报讯 这是列表之后的又一段正文，读来是句子，印出。"
    path.write_text("\n\n".join(("标题", "点击上方蓝字关注我们", *body, "来源丨某某支部", "编辑丨张三  审核 | 李四",
                                 "往期推荐", *listed, "相关新闻", "标题甲", after)) + "\n", encoding="utf-8")
    article = read_article(path)
    assert [text for _, text in shape(article)] == [*body, after]
    assert article.source == "某某支部"
    for line in ("点击上方蓝字关注我们", "往期推荐", *listed, "相关新闻", "标题甲"):
        assert f"left out web-page furniture {line!r}" in caplog.text
    assert "left out '编辑丨张三  审核 | 李四' (editors" in caplog.text
    assert "二审" not in caplog.text


def test_a_study_materials_reading_list_is_not_an_accounts_list_of_articles(tmp_path, caplog):
    """A study handout's own reading list (推荐阅读书目, 推荐阅读：《…》 and the
    books under it) is text: only an account's 往期推荐 or a news page's
    相关新闻 takes the short lines after it away."""
    path = tmp_path / "a.txt"
    body = ("推荐阅读书目", "《习近平谈治国理政》第四卷", "《中国共产党纪律处分条例》", "推荐阅读：《党纪学习教育读本》")
    path.write_text("\n\n".join(("学习材料", *body)) + "\n", encoding="utf-8")
    assert [text for _, text in shape(read_article(path))] == list(body)
    assert "left out" not in caplog.text


def test_a_government_sites_furniture_copied_with_the_text_is_left_out(tmp_path, caplog):
    """A notice copied from a government site into Notepad brings the site's
    breadcrumb, font-size and print buttons, and its view counter beside the
    date: left out, each named (the date is the article's); sentences that
    start with the same words stay."""
    path = tmp_path / "a.txt"
    body = ("当前位置是我们工作的重点，要切实抓好。", "阅读量是衡量传播效果的重要指标之一。")
    furniture = ("当前位置：首页 > 新闻中心 > 工作动态", "您的位置：首页>要闻", "【字体：大 中 小】", "[打印本页] [关闭窗口]")
    path.write_text("\n\n".join(("关于开展党纪学习教育的通知", *furniture[:2], "发布时间：2024-05-06　浏览次数：1234",
                                 furniture[2], *body, furniture[3])) + "\n", encoding="utf-8")
    article = read_article(path)
    assert [text for _, text in shape(article)] == list(body)
    assert article.date == "2024-05-06"
    for line in furniture:
        assert f"left out web-page furniture {line!r}" in caplog.text
    assert "left out '发布时间：2024-05-06　浏览次数：1234'" in caplog.text


def test_a_number_broken_by_the_wrap_is_one_number(tmp_path):
    """A PDF's line ends anywhere, inside 800 too: joined, the number has
    no space in it; English words broken at their space keep it."""
    path = tmp_path / "a.txt"
    body = ("　　市四套领导班子带动各级扎实做好规定动作，组建8个宣讲团送学下乡基层，开展宣讲活动80\n"
            "0多场次，改造升级市县两级8个廉政教育基地，编印典型案例教材3.6万多本，引导广大党员\n"
            "学纪、知纪、明纪、守纪，相关经验做法得到省委党纪学习教育工作专班充分肯定，在 2024\n"
            "2025 两年间持续推进，各地按照统一部署分批完成了办公设备的更新改造，以 Windows\n"
            "10 为例的办公系统也完成了升级换代工作，全体干部职工都参加了相关培训并通过了考核。\n")
    path.write_text("标题\n\n" + body * 2, encoding="utf-8")
    text = plain_text(read_article(path).blocks[0].spans)
    assert "宣讲活动800多场次" in text and "在 2024 2025 两年间" in text and "以 Windows 10 为例" in text


def test_a_dash_heading_is_not_a_page_number(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("标题\n\n——坚持党的全面领导\n\n正文第一段。\n\n2 - 1\n", encoding="utf-8")
    assert [text for _, text in shape(read_article(path))] == ["——坚持党的全面领导", "正文第一段。", "2 - 1"]


def test_a_list_numbered_on_lines_of_its_own_is_not_page_numbers(tmp_path):
    """1, 2, 3 each alone on a line with an item or two between them count
    on as page numbers do, but a page is longer: the list stays."""
    path = tmp_path / "a.txt"
    items = "".join(f"{n}\n第{n}项工作要求。\n落实责任，按时完成。\n\n" for n in (1, 2, 3))
    path.write_text("标题\n\n" + items, encoding="utf-8")
    assert [text for _, text in shape(read_article(path))][:3] == ["1", "第1项工作要求。", "落实责任，按时完成。"]


def test_each_line_is_measured_once(tmp_path, monkeypatch):
    """Finding whether text is hard-wrapped measures the display width of
    every line once (a 30-article compilation: a fifth of reading it)."""
    from publish.sources import shapes

    measured = []
    width = shapes.width
    monkeypatch.setattr(shapes, "width", lambda line: measured.append(line) or width(line))
    wrapped = tmp_path / "b.txt"
    wrapped.write_text(wrap(ARTICLE, 40, "blank"), encoding="utf-8")
    lines = [line for line in wrapped.read_text("utf-8").split("\n") if line.strip()]
    assert shape(read_article(wrapped))[1][0] == "Paragraph"
    assert len(lines) > 10 and len(measured) == len(lines)


def test_latin_words_keep_their_space_when_joined(tmp_path):
    lines = ["标题", ""] + ["这是一段很长的中文文字，其中提到了国际组织的英文名称 World Health",
                           "Organization，然后继续写很多很多的中文内容直到行尾为止。"] * 3
    path = tmp_path / "a.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    paragraphs = shape(read_article(path))
    assert len(paragraphs) == 3 and all("World Health Organization，" in text for _, text in paragraphs)


NEWS_PAGE = """\
以高质量党建引领基层治理现代化
2024年05月06日08:12 | 来源：人民网－人民日报  作者：周明远
分享到：
【编者按】基层是党的执政之基、力量之源。本报今起推出系列报道，展示各地以党建引领基层治理的新探索。
初夏时节，走进滨江县青石镇，干净整洁的村道两旁绿树成荫，党群服务中心里人来人往。
图为青石镇党员志愿者为群众提供健康咨询服务。（新华社记者 李清 摄）
一年来，滨江县坚持大抓基层的鲜明导向，推动基层党组织全面进步全面过硬。
来源于群众的智慧是无穷的：这一句是正文。
（责任编辑：王五、赵六）
扫一扫，分享到微信
"""


def test_news_furniture(tmp_path, caplog):
    path = tmp_path / "news.txt"
    path.write_text(NEWS_PAGE, encoding="utf-8")
    article = read_article(path)
    assert (article.title, article.date, article.source, article.author) == (
        "以高质量党建引领基层治理现代化", "2024-05-06", "人民网－人民日报", "周明远")
    blocks = article.blocks
    assert isinstance(blocks[0], BlockQuote)
    assert plain_text(blocks[0].blocks[0].spans) == "编者按：基层是党的执政之基、力量之源。本报今起推出系列报道，展示各地以党建引领基层治理的新探索。"
    assert shape(article) == [
        ("Paragraph", "初夏时节，走进滨江县青石镇，干净整洁的村道两旁绿树成荫，党群服务中心里人来人往。"),
        ("Caption", "图为青石镇党员志愿者为群众提供健康咨询服务。（新华社记者 李清 摄）"),
        ("Paragraph", "一年来，滨江县坚持大抓基层的鲜明导向，推动基层党组织全面进步全面过硬。"),
        ("Paragraph", "来源于群众的智慧是无穷的：这一句是正文。"),
    ]
    assert "news.txt:9: left out '（责任编辑：王五、赵六）'" in caplog.text
    assert "news.txt:3: left out web-page furniture '分享到：'" in caplog.text
    assert "扫一扫" in caplog.text


PDF_NOTES = """\
坚定不移推进全面从严治党

　　党的二十大报告指出，全面从严治党永远在路上，党的自我革命永远在路上①。这一重大论断，深刻揭示了
全面从严治党的长期性、艰巨性、复杂性。我们要深刻领会，坚决贯彻落实，坚持不懈把全面从严治党向纵深推进。
　　纪律是管党治党的“戒尺”，也是党员干部约束自身行为的标准和遵循②。各级党组织要把党纪学习教育
作为重要政治任务，引导党员干部学纪、知纪、明纪、守纪，做到知敬畏、存戒惧、守底线。

①习近平：《高举中国特色社会主义伟大旗帜 为全面建设社会主义现代化国家而团结奋斗》，人民出版社
2022年版，第64页。
②《中国共产党纪律处分条例》，人民出版社2024年版，第1页。

— 1 —

党纪学习教育读本

　　要把学习贯彻条例同学习贯彻党的二十大精神结合起来①，同落实全面从严治党要求结合起来，坚持以学
促知、以知促行，推动党纪学习教育走深走实，为推进中国式现代化提供坚强保障。工作中要注意把握好
以下几点：①加强组织领导；②注重学用结合；③强化督促指导。各地区各部门要结合实际抓好落实。

①《中共中央办公厅印发〈关于在全党开展党纪学习教育的通知〉》，载《人民日报》2024年4月8日。

— 2 —

党纪学习教育读本

　　各级党组织要把握好以下几个方面，推动党纪学习教育取得实效，确保党纪学习教育不走过场、取得实效。
①坚持学纪知纪明纪守纪相统一。
"""


def test_footnotes_copied_from_a_pdf_become_notes(tmp_path):
    """A PDF's footnotes (① in the text, the note at the foot of its page,
    numbered afresh on each page) came into the text as paragraphs at the
    page breaks, the ① left in the sentence. They are notes again, printed
    at the foot of the page where they are referred to; a note running
    over two lines is one note; a list's ①②③ and a ① the page's foot does
    not explain stay text."""
    from conftest import make_workspace, run_cli
    from pdfread import page_lines, squeeze

    path = tmp_path / "notes.txt"
    path.write_text(PDF_NOTES, encoding="utf-8")
    article = read_article(path)
    assert [(n.label, plain_text(n.spans)) for n in article.notes] == [
        ("1", "习近平：《高举中国特色社会主义伟大旗帜 为全面建设社会主义现代化国家而团结奋斗》，人民出版社2022年版，第64页。"),
        ("2", "《中国共产党纪律处分条例》，人民出版社2024年版，第1页。"),
        ("3", "《中共中央办公厅印发〈关于在全党开展党纪学习教育的通知〉》，载《人民日报》2024年4月8日。")]
    refs = [(s.text, b.spans[i - 1].text[-4:]) for b in article.blocks for i, s in enumerate(b.spans)
            if "noteref" in s.style]
    assert refs == [("1", "远在路上"), ("2", "准和遵循"), ("3", "结合起来")]
    text = [plain_text(b.spans) for b in article.blocks]
    assert len(text) == 4 and "以下几点：①加强组织领导；②注重学用结合；③强化督促指导。" in text[2]
    assert text[3].endswith("①坚持学纪知纪明纪守纪相统一。")  # no note explains it: text
    assert not any("人民出版社" in t or "读本" in t for t in text)
    ws = make_workspace(tmp_path / "ws")
    (ws / "articles" / "notes.txt").write_text(PDF_NOTES, encoding="utf-8")
    result = run_cli("build", "--format", "a4", cwd=ws)
    assert result.returncode == 0, result.stderr
    lines = [squeeze(line.text) for page in page_lines(ws / "dist" / "notes.zh-Hans.a4.pdf") for line in page]
    body = next(n for n, line in enumerate(lines) if "各地区各部门" in line)
    note = next(n for n, line in enumerate(lines) if line.startswith("1习近平"))
    assert body < note  # at the foot of the page, after the text that refers to it


def test_a_note_referred_to_from_an_editors_note_or_the_title(tmp_path):
    """A reference inside 编者按 is a note reference like any other (not a
    stray character printed as a box); a ① in the title leaves its page's
    foot as text, the title as written."""
    page = PDF_NOTES.split("— 1 —")[0].replace(
        "　　党的二十大报告指出", "　　【编者按】全面从严治党永远在路上①。\n　　党的二十大报告指出").replace(
        "永远在路上①。这一", "永远在路上。这一")
    path = tmp_path / "a.txt"
    path.write_text(page + "— 1 —\n\n正文。\n\n— 2 —\n", encoding="utf-8")
    article = read_article(path)
    note = article.blocks[0]
    assert isinstance(note, BlockQuote)
    spans = note.blocks[0].spans
    assert [s.text for s in spans if "noteref" in s.style] == ["1"]
    assert not any(ord(ch) >= 0xF0000 for s in spans for ch in s.text)
    assert [n.label for n in article.notes] == ["1", "2"]
    path.write_text(page.replace("坚定不移推进全面从严治党", "坚定不移推进全面从严治党①") + "— 1 —\n\n正文。\n\n— 2 —\n",
                    encoding="utf-8")
    article = read_article(path)
    assert article.title == "坚定不移推进全面从严治党①" and article.notes == ()
    assert any("人民出版社" in plain_text(b.spans) for b in article.blocks if hasattr(b, "spans"))


# Copied from a PDF made on a Mac: Kangxi radicals (⼲ U+2F32, ⼈ U+2F08 …) and
# radicals of the supplement (⺠ U+2EA0, ⻓ U+2ED3 …) where the characters were.
FROM_PDF = "关于加强⼲部⼯作的通知\n\n各⽀部：\n\n为进⼀步加强⼲部队伍建设，⼈⺠群众⻓期⽀持，⼾⼝⻔前。\n"


def test_radicals_copied_from_a_pdf_are_read_as_their_characters(tmp_path, caplog):
    path = tmp_path / "通知.txt"
    path.write_text(FROM_PDF, encoding="utf-8")
    article = read_article(path)
    assert article.title == "关于加强干部工作的通知"
    assert shape(article)[-1] == ("Paragraph", "为进一步加强干部队伍建设，人民群众长期支持，户口门前。")
    said = [r.getMessage() for r in caplog.records if "radical" in r.getMessage()]
    assert said == [f"{path}: read 12 radicals copied from a PDF as the characters they stand for (⼈⺠ as 人民; "
                    "see `publish check`)"]
    # ⼾ is drawn as 户 by a simplified font, 戶 by a traditional one
    path.write_text("戶籍登記\n\n⼾⼝⻑期遷⼊。\n", encoding="utf-8")
    assert shape(read_article(path))[-1] == ("Paragraph", "戶口長期遷入。")


def test_radicals_in_a_word_file_are_read_as_their_characters(tmp_path, caplog):
    from docx import Document

    doc = Document()
    for line in FROM_PDF.split("\n\n"):
        doc.add_paragraph(line.strip())
    doc.save(tmp_path / "通知.docx")
    article = read_article(tmp_path / "通知.docx")
    assert article.title == "关于加强干部工作的通知"
    assert shape(article)[-1] == ("Paragraph", "为进一步加强干部队伍建设，人民群众长期支持，户口门前。")
    assert sum("12 radicals" in r.getMessage() for r in caplog.records) == 1


def test_each_radical_read_as_a_character_is_drawn_with_its_glyph():
    """The pairs are those a CJK font draws with one glyph, which is how the
    radicals come into copied text: checked against Noto Sans CJK here."""
    import subprocess
    import unicodedata

    from fontTools.ttLib import TTCollection

    from publish.sources import RADICALS, radical_character

    path = subprocess.run(["fc-match", "-f", "%{file}", "Noto Sans CJK SC"], capture_output=True, text=True).stdout
    faces = {face["name"].getDebugName(4): face.getBestCmap() for face in TTCollection(path).fonts}
    sc = faces["Noto Sans CJK SC"]
    read = {chr(cp): radical_character(chr(cp), False) for cp in range(0x2E80, 0x2FE0) if RADICALS.match(chr(cp))}
    read = {radical: char for radical, char in read.items() if char}
    assert len(read) == 88 + 214
    for radical, char in read.items():
        if "\u2f00" <= radical <= "\u2fd5" and sc.get(ord(radical)) != sc.get(ord(char)):
            # a Kangxi radical Noto draws apart is its character by Unicode's own mapping
            assert char == unicodedata.normalize("NFKC", radical) or radical == "\u2f3e"
            continue
        assert any(cmap.get(ord(radical)) is not None and cmap.get(ord(radical)) == cmap.get(ord(char))
                   for cmap in faces.values()), radical


def spaced_out_copy(text: str, width: int = 28) -> str:
    """``text`` as a PDF set with room between its characters is copied:
    a space after every character, the lines of the PDF's width."""
    out = []
    for paragraph in (p for p in text.split("\n") if p.strip()):
        out += [" ".join(paragraph[at:at + width]) for at in range(0, len(paragraph), width)]
    return "\n".join(out) + "\n"


def test_text_copied_from_a_pdf_with_a_space_after_every_character(tmp_path, caplog):
    from conftest import FIXTURES

    original = (FIXTURES / "news.txt").read_text(encoding="utf-8")
    path = tmp_path / "copied.txt"
    path.write_text(spaced_out_copy(original), encoding="utf-8")
    assert "凝 心 聚 力 抓 党 建   实 干 笃 行 促 发 展" in path.read_text(encoding="utf-8")
    (tmp_path / "news.txt").write_text(original, encoding="utf-8")
    copied, news = read_article(path), read_article(tmp_path / "news.txt")
    assert copied.title == news.title == "凝心聚力抓党建 实干笃行促发展"
    assert shape(copied) == shape(news)
    said = [r.getMessage() for r in caplog.records if "closed up" in r.getMessage()]
    assert len(said) == 1 and said[0].startswith(f"{path}: closed up ") and "(lines 1–" in said[0]


@pytest.mark.parametrize("line, closed", [
    ("各 支 部 ：", "各支部："),
    ("通 知", "通知"),
    ("\u3000\u3000第 一 条  为 了 落 实 NB/T 20442 标 准 ， 2 0 2 4 年 在 Party building 活 动 中",
     "\u3000\u3000第一条 为了落实NB/T 20442标准，2024年在Party building活动中"),
])
def test_a_spaced_out_line_closes_up(line, closed):
    from publish.sources.text import closed_up_line, spaced_out

    assert spaced_out(line) and closed_up_line(line) == closed


@pytest.mark.parametrize("line", ["文/图 黎禹君 江剑轩", "张三 李四 王五 赵六", "A 党的创新理论武装持续加强", "一、总体要求",
                                  "Party building in the county", "第一编 总则"])
def test_a_line_with_spaces_between_its_words_is_not_spaced_out(line):
    from publish.sources.text import spaced_out

    assert not spaced_out(line)


def test_a_wrapped_line_ending_in_a_quote_or_a_line_beginning_with_a_comma_goes_on(tmp_path):
    """Of hard-wrapped text, a line ending in ” was taken for a sentence's
    end (the “四讲” of 普通党员讲的“四讲” | 机制) and its paragraph cut there;
    a closing quote ends a sentence only after 。！？. And a line that
    begins with ， (as no paragraph does) goes on from the line before,
    however short that one is."""
    from conftest import FIXTURES

    lines = (FIXTURES / "wrapped-quotes.txt").read_text(encoding="utf-8").split("\n")[:-1]
    path = tmp_path / "a.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert shape(read_article(path)) == [("Paragraph", "".join(lines[2:7])), ("Paragraph", "".join(lines[7:]))]
    # A closing quote after a sentence's end still ends it.
    lines[2] = "一年来，县委健全完善领导干部带头讲的制度。大家说：“好！”"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert shape(read_article(path))[0] == ("Paragraph", lines[2])


def test_headings_indented_like_every_other_line_are_headings(tmp_path):
    """Notepad's 公文: every line indented with spaces, the headings too
    (GB/T 9704 sets 一、 and （一） headings two characters in, as the
    text). They were read as paragraphs and printed in the body's face."""
    path = tmp_path / "a.txt"
    path.write_text("关于开展读书班的通知\n\n各党支部：\n    现将有关事项通知如下：\n    一、时间安排\n"
                    "    2024年5月6日至5月10日，共5天。\n    （一）集中学习\n    每天上午集中学习，下午分组讨论。\n",
                    encoding="utf-8")
    assert [kind for kind, _ in shape(read_article(path))] == ["Paragraph", "Paragraph", "Heading", "Paragraph",
                                                               "Heading", "Paragraph"]


@pytest.mark.parametrize("line, caption", [
    ("深化党建引领基层治理。图为江海区江南街道建联社区开展民主议事。", True),   # (the shared sample's)
    ("深化党建引领基层治理　图为江海区江南街道建联社区开展民主议事", True),
    ("我们看到的图为我们展示了变化。", False),
    ("全县各级党组织把党纪学习教育同推动中心工作结合起来，通过读原著、学原文、悟原理。图为学习现场。", False),
])
def test_a_news_photos_caption_that_leads_with_a_line_of_its_own(tmp_path, line, caption):
    """A news page's photo caption often leads with a line of its own
    before 图为……: copied without its photo, it printed as body text."""
    path = tmp_path / "a.txt"
    path.write_text(f"标题\n\n{line}\n\n正文第一段，内容如下。\n", encoding="utf-8")
    assert shape(read_article(path))[0] == ("Caption" if caption else "Paragraph", line)


def test_each_excerpts_source_line_in_a_text_compilation_stays_with_it(tmp_path, caplog):
    """A 学习资料摘编 typed in Notepad: each excerpt ends with its own
    （来源：…） line, the last one too. Every one stays where it stands (none
    becomes the whole file's source, none is left out); a single article's
    来源 line, at the top or the end, is still the article's."""
    path = tmp_path / "a.txt"
    pieces = (("一、关于严明政治纪律", "严明政治纪律和政治规矩，是全面从严治党的首要任务。", "（来源：《人民日报》2024年4月8日）"),
              ("二、关于严格组织纪律", "全体党员要增强组织观念，自觉接受组织安排和纪律约束。", "（来源：《求是》2024年第8期）"),
              ("三、关于廉洁纪律", "要筑牢拒腐防变的思想防线，做到干干净净做事、清清白白做人。", "来源：中央纪委国家监委网站"))
    path.write_text("\n\n".join(("党纪学习教育学习资料摘编", *(line for piece in pieces for line in piece))) + "\n",
                    encoding="utf-8")
    article = read_article(path)
    assert [text for _, text in shape(article)] == [line for piece in pieces for line in piece]
    assert article.source is None and "left out" not in caplog.text
    # Each is set as an article's own source line is: to the right, under
    # its excerpt (its last character at the measure's right edge).
    assert [b.line for b in article.blocks if getattr(b, "role", "") == "source"] == [7, 13, 19]
    ws = make_workspace(tmp_path / "ws", {"a.txt": path.read_text("utf-8")})
    done = run_cli("build", "--no-cache", "articles/a.txt", cwd=ws)
    assert done.returncode == 0, done.stderr
    lines = [line for page in page_lines(ws / "dist" / "a.zh-Hans.a4.pdf") for line in page]
    body = [line for line in lines if line.text.replace(" ", "").startswith("严明政治纪律")][0]
    right = max(line.x1 for line in lines)  # (the measure's right edge: a full line's)
    for _heading, _text, source in pieces:
        printed = next(line for line in lines if line.text.replace(" ", "") == source)
        assert abs(printed.x1 - right) < 2 and printed.x0 > body.x0 + 3 * printed.size, (source, printed)
    single = tmp_path / "b.txt"
    single.write_text("某某支部开展党纪学习教育\n\n来源：某某日报\n\n正文第一段。\n\n正文第二段。\n\n责任编辑：王五\n",
                      encoding="utf-8")
    article = read_article(single)
    assert [text for _, text in shape(article)] == ["正文第一段。", "正文第二段。"]
    assert article.source == "某某日报" and "b.txt:9: left out '责任编辑：王五'" in caplog.text


NOTICE = """\
中共示例市纪律检查委员会文件
中纪发〔2024〕5号
关于在全市纪检监察系统开展党纪学习教育
的通知
各县（市、区）纪委监委，市纪委监委各派驻（出）机构，各
内设机构：
　　为深入贯彻落实党中央关于在全党开展党纪学习教育的决策
部署，经市纪委常委会研究，决定自2024年4月至7月在全市纪检
监察系统开展党纪学习教育。现将有关事项通知如下。
　　一、总体要求
　　以习近平新时代中国特色社会主义思想为指导，推动全市纪检
监察干部学纪、知纪、明纪、守纪。
"""


@pytest.mark.parametrize("head", [2, 1, 0])
def test_a_notice_copied_from_a_pdf_keeps_its_title_whole(tmp_path, head):
    """A 公文 copied from its PDF: its 版头 and 发文字号 above the title (the
    文号 was taken for the title), and the title the PDF set on two lines
    (的通知 was printed as the first paragraph, and the 主送机关 under it
    indented as text). The 版头 and 文号 are its source, as a Word file's."""
    path = tmp_path / "a.txt"
    path.write_text("\n".join(NOTICE.split("\n")[2 - head:]), encoding="utf-8")
    article = read_article(path)
    assert article.title == "关于在全市纪检监察系统开展党纪学习教育的通知"
    assert article.source == (" ".join(["中共示例市纪律检查委员会文件", "中纪发〔2024〕5号"][2 - head:]) or None)
    assert [getattr(b, "role", None) for b in article.blocks][:2] == ["salutation", ""]
    assert plain_text(article.blocks[0].spans) == "各县（市、区）纪委监委，市纪委监委各派驻（出）机构，各内设机构："


def test_a_speechs_date_and_speaker_stand_under_its_title(tmp_path):
    """A 讲话稿 copied from its PDF: the date in brackets and the speaker
    (市委书记　张　三) under the title were indented as paragraphs, and
    同志们： with them."""
    path = tmp_path / "a.txt"
    path.write_text("在全市党纪学习教育读书班开班式上的讲话\n（2024年5月6日）\n市委书记　张　三\n同志们：\n"
                    "　　今天，我们在这里举办全市党纪学习教育读书班。\n", encoding="utf-8")
    article = read_article(path)
    assert (article.title, article.subtitle, article.author) == (
        "在全市党纪学习教育读书班开班式上的讲话", "（2024年5月6日）", "市委书记　张　三")
    assert [(type(b).__name__, b.role, plain_text(b.spans)) for b in article.blocks] == [
        ("Paragraph", "salutation", "同志们："), ("Paragraph", "", "今天，我们在这里举办全市党纪学习教育读书班。")]


def test_a_speech_typed_with_blank_lines_keeps_its_occasion_and_speaker(tmp_path):
    """The same front typed with a blank line after each line (as Notepad
    users and the README's own examples write): ——在……上的讲话 came out as a
    sub-heading in the outline, the speaker as a paragraph, 同志们： indented.
    A news feature's —— sub-head a line apart stays a heading."""
    path = tmp_path / "a.txt"
    path.write_text("在全县党纪学习教育动员部署会上的讲话\n\n——在全县党纪学习教育动员部署会议上的讲话\n\n"
                    "县委书记　张　华\n\n同志们：\n\n　　今天召开这次会议，对全县党纪学习教育进行动员部署。\n",
                    encoding="utf-8")
    article = read_article(path)
    assert (article.subtitle, article.author) == ("——在全县党纪学习教育动员部署会议上的讲话", "县委书记　张　华")
    assert [(type(b).__name__, b.role) for b in article.blocks] == [("Paragraph", "salutation"), ("Paragraph", "")]
    path.write_text("把支部建在网格上\n\n——滨江县党建引领基层治理见闻\n\n　　初夏时节，走进滨江县青石镇。\n", encoding="utf-8")
    article = read_article(path)
    assert article.subtitle is None and isinstance(article.blocks[0], Heading)


def test_a_news_pages_breadcrumb_and_buttons_are_not_its_title_or_source(tmp_path, caplog):
    """Copied from a news site: the breadcrumb above the headline was taken
    for the title, and the line of 来源 and 作者 with the site's
    【字体：大 中 小】 in it printed as text."""
    path = tmp_path / "a.txt"
    path.write_text("当前位置：首页 > 新闻中心 > 工作动态\n我市召开党纪学习教育工作推进会\n"
                    "2024-05-20 09:35　来源：示例日报　作者：王小明　【字体：大 中 小】\n"
                    "　　5月19日，我市召开党纪学习教育工作推进会。\n", encoding="utf-8")
    article = read_article(path)
    assert (article.title, article.source, article.author, article.date) == (
        "我市召开党纪学习教育工作推进会", "示例日报", "王小明", "2024-05-20")
    assert shape(article) == [("Paragraph", "5月19日，我市召开党纪学习教育工作推进会。")]
    assert "left out web-page furniture '当前位置：首页 > 新闻中心 > 工作动态'" in caplog.text


@pytest.mark.parametrize("line, fields", [
    ("来源：人民日报2024年05月06日 08:30字号：大中小分享到：微信微博", (("source", "人民日报"), ("date", "2024-05-06"))),
    ("来源：中央纪委国家监委网站 打印 字号：大 中 小", (("source", "中央纪委国家监委网站"),)),
    ("发布时间：2024-05-08 09:30:12　来源：县委组织部", (("date", "2024-05-08"), ("source", "县委组织部"))),
])
def test_a_sites_buttons_and_a_run_on_date_are_not_the_source(line, fields):
    """A site prints its buttons (打印, 字号：大 中 小, 分享到：微信微博) in the
    line of its 来源, and runs the date on to the source's name: the PDF's
    last line read （来源：人民日报2024年05月06日 08:30字号：大中小分享到：微信微博）."""
    from publish.sources.shapes import furniture

    found = furniture(line)
    assert found is not None and found.kind == "meta" and found.fields == fields


def test_a_paragraphs_first_line_with_its_indent_is_a_full_line(tmp_path):
    """A short speech copied from its PDF, its title a little wider than
    its lines: each paragraph's first line, two characters of indent short
    of the others, was taken for a line ending its paragraph, and the
    paragraph printed as two (今天……《中国共 / 产党纪律处分条例》……)."""
    def wrapped(paragraph: str) -> list[str]:
        return [paragraph[at:at + 18] for at in range(0, len(paragraph), 18)]

    first = "　　今天，我们在这里认真学习《中国共产党纪律处分条例》，要做到“学纪、知纪、明纪、守纪”，一个都不能少，推动党纪学习教育走深走实。"
    second = "　　大家要把学习成果转化为推动工作的强大动力，以实际行动检验学习成效，确保各项任务落到实处。"
    path = tmp_path / "a.txt"
    path.write_text("\n".join(["在全市党纪学习教育读书班开班式上的讲话", *wrapped(first), *wrapped(second)]) + "\n",
                    encoding="utf-8")
    assert [text for _, text in shape(read_article(path))] == [first.strip("　"), second.strip("　")]


@pytest.mark.parametrize("lines, title", [
    (["关于开展党纪学习教育的", "实施方案"], "关于开展党纪学习教育的实施方案"),
    (["关于在全市开展党纪学习教育", "的通知"], "关于在全市开展党纪学习教育的通知"),
    (["党纪学习教育读本", "第一章"], "党纪学习教育读本"),  # a heading under a title: not its rest
])
def test_a_title_wrapped_by_a_pdf_is_one_line_again(tmp_path, lines, title):
    path = tmp_path / "a.txt"
    path.write_text("\n".join([*lines, "各党支部：", "　　为深入开展党纪学习教育，现制定本方案。"]) + "\n", encoding="utf-8")
    assert read_article(path).title == title
