"""Traditional editions: conversions in context, the dictionaries, quotes,
the review report, the simplified-only guard, and the PDFs they make."""

from __future__ import annotations

import json

import opencc
import pytest
from pypdf import PdfReader

from conftest import FIXTURES, make_workspace, run_cli
from pdfread import body_text, embedded_fonts
from publish.edition import EDITIONS, Converter, convert_quotes, make_edition, user_phrases
from publish.sources import read_article

HK = Converter(EDITIONS["zh-Hant-HK"], hk_forms="standard")
TW = Converter(EDITIONS["zh-Hant-TW"])
TWP = Converter(EDITIONS["zh-Hant-TW"], taiwan_vocabulary=True)

# Where the project's dictionary deliberately differs from plain OpenCC
# 1.4.2, and why: each is a mis-conversion that would embarrass a handout.
DELIBERATE = [
    # 被 + 发-word: OpenCC reads 被发 as 披髮 (hair)
    ("新技术被发明出来", "新技術被發明出來", "被髮明: 被发 taken as 披发"),
    ("消息被发布后", "消息被發布後", "被髮布; and both regions print 發布, not OpenCC's 發佈"),
    ("文章被发表在报纸上", "文章被發表在報紙上", "被髮表"),
    ("他被发展为党员", "他被發展為黨員", "被髮展"),
    ("被发左衽", "被髮左衽", "the classical phrase keeps 髮"),
    # particle 了 after a verb
    ("会上展示了如何开展工作", "會上展示了如何開展工作", "瞭如何: 了 is a particle"),
    ("他们认识了解放军战士", "他們認識了解放軍戰士", "瞭解放軍"),
    ("大家了解情况", "大家了解情況", "了解: both regions print it (HK 698/58, TW 294/28), not OpenCC's 瞭解"),
    # 与/参与 + 制造
    ("积极参与制造业升级", "積極參與製造業升級", "OpenCC already right here"),
    ("职工参与制造过程", "職工參與製造過程", "參與制造: 与制 read as a phrase"),
    ("工人参加学习", "工人參加學習", "人蔘: 人参 read as ginseng"),
    # surnames
    ("姓范的同志", "姓范的同志", "姓範"),
    ("范长江是著名记者", "范長江是著名記者", "範長江"),
    ("余秋雨的散文", "余秋雨的散文", "餘秋雨"),
    ("于先生和余老师", "于先生和余老師", "於先生, 餘老師"),
    ("一只只小鸟", "一隻隻小鳥", "一隻只"),
    # words OpenCC glues to the character before them
    ("坚持好干部标准", "堅持好幹部標準", "好乾部"),
    ("全国侨联系统", "全國僑聯系統", "僑聯繫統"),
]

# Ordinary words next to the surname fixes must keep their conversion.
UNCHANGED_BY_FIXES = [
    "关于书记的讲话", "对于余下的工作", "示范长江经济带", "其余华侨", "青出于蓝而胜于蓝",
    "过于敏感", "由于范围扩大", "若干部门", "加强联系统一思想", "保持联系", "业余时间", "规范老师行为", "头发", "发展", "干部", "一只手",
]


def test_the_dictionary_fixes_differ_from_plain_opencc_on_purpose():
    for source, expected, why in DELIBERATE:
        assert HK.convert(source) == expected, why
        tw_expected = opencc.OpenCC("t2tw").convert(expected)
        assert TW.convert(source) == tw_expected, why


def test_fixes_leave_ordinary_words_alone():
    for text in UNCHANGED_BY_FIXES:
        assert HK.convert(text) == opencc.OpenCC("s2hk").convert(text), text
        assert TW.convert(text) == opencc.OpenCC("s2tw").convert(text), text


# OpenCC's own cases that word-aware conversion deliberately converts
# otherwise, and why.
UPSTREAM_DIFFERENCES = {
    ("case_065_s2x", "s2tw"): ("若干周后 周线图", "若干周後 周線圖",
                               "the segmenter reads 周后 and 线图 as words: OpenCC's 若干周 and 周线 would cut through them"),
    ("case_012", "s2hk"): ("赞叹", "讚嘆", "Hong Kong and Taiwan print 讚嘆 (Taiwan text 22/0), 歎 is the variant"),
    ("BYVoid_OpenCC_Issue_943_s2t", "s2hk"): ("立方厘米", "立方厘米", "Hong Kong prints 厘米 (24/1), not 釐米"),
}


def test_upstream_opencc_cases():
    """OpenCC's own test cases for s2hk, s2tw and s2twp through the project's
    conversion (Hong Kong in the standard forms, as OpenCC writes them)."""
    data = json.loads((FIXTURES / "opencc_testcases.json").read_text("utf-8"))
    converters = {"s2hk": HK, "s2tw": TW, "s2twp": TWP}
    checked = 0
    for case in data["cases"]:
        for config, expected in case["expected"].items():
            got = converters[config].convert(case["input"])
            if (case["id"], config) in UPSTREAM_DIFFERENCES:
                source, ours, why = UPSTREAM_DIFFERENCES[case["id"], config]
                assert got != expected and converters[config].convert(source) == ours, why
                continue
            assert got == expected, (case["id"], config)
            checked += 1
    assert checked >= 70


def test_regional_forms():
    assert HK.convert("台湾的里面说") == "台灣的裏面説"
    assert TW.convert("台湾的里面说") == "臺灣的裡面說"
    assert TWP.convert("软件") == "軟體" and TW.convert("软件") == "軟件"


@pytest.mark.parametrize("source,expected", [
    ("“两个确立”", "「兩個確立」"),
    ("他说：“我们要‘学纪、知纪’。”", "他說：「我們要『學紀、知紀』。」"),
    # a source that nests “ inside “ still gets 『』 inside
    ("“外面“里面”外面”", "「外面『裏面』外面」"),
])
def test_quotes_nest(source, expected):
    converted, depth = convert_quotes(HK.convert(source))
    assert converted == expected.replace("說", "説") and depth == 0


def test_quotes_across_emphasis_in_a_paragraph(tmp_path):
    path = tmp_path / "q.md"
    path.write_text("# 题\n\n他说“要*学‘纪律’*”。\n\n“第二段\n", encoding="utf-8")
    converted, _ = make_edition(read_article(path), HK)
    texts = ["".join(s.text for s in b.spans) for b in converted.blocks]
    assert any("em" in s.style for s in converted.blocks[0].spans)  # the quote spans three runs
    assert texts == ["他説「要學『紀律』」。", "「第二段"]


def test_user_dictionary_wins(tmp_path):
    (tmp_path / "phrases.txt").write_text("# 人名\n范长江\t范長江\n王发\t王發\n示范\t示範\n", encoding="utf-8")
    (tmp_path / "phrases.zh-Hant-TW.txt").write_text("王发 王髮\n", encoding="utf-8")
    hk = Converter(EDITIONS["zh-Hant-HK"], user_phrases(tmp_path, "zh-Hant-HK", {"测试": "測驗"}))
    tw = Converter(EDITIONS["zh-Hant-TW"], user_phrases(tmp_path, "zh-Hant-TW"))
    assert hk.convert("王发和测试") == "王發和測驗"
    assert tw.convert("王发") == "王髮"  # the edition's own file wins over phrases.txt


def test_review_lists_every_context_dependent_character(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("标题\n\n他的头发很干净。\n\n我们要发展经济，干部被发现了。香港回归祖国，新技术被发明出来。\n",
                    encoding="utf-8")
    _, review = make_edition(read_article(path), HK)
    found = [(c.line, c.char, c.chosen) for c in review.choices]
    assert (3, "发", "髮") in found and (3, "干", "乾") in found
    assert (5, "发", "發") in found and (5, "干", "幹") in found
    fix = [c for c in review.choices if c.line == 5 and "回归祖国" in c.before
           and c.char == "回" and c.chosen == "回" and c.origin == "project dictionary"]
    assert fix, "the dictionary's choice is marked as such"
    # 被发明: the segmenter's words decided, plain OpenCC reads 被髮
    assert [(d.source, d.ours, d.opencc, d.origin) for d in review.differences if "被" in d.source] == [
        ("被发明出来", "被發明出來", "被髮明出來", "word boundaries")]


def test_guard_rejects_simplified_left_by_a_user_entry(tmp_path):
    ws = make_workspace(tmp_path / "ws", {"a.md": "# 标题\n\n他是王发同志。\n"})
    (ws / "phrases.txt").write_text("王发\t王发\n", encoding="utf-8")  # a careless entry
    result = run_cli("build", "--edition", "zh-Hant-HK", cwd=ws)
    assert result.returncode == 1
    assert "simplified characters left" in result.stderr and "a.md:3: 发 (U+53D1)" in result.stderr
    assert "Traceback" not in result.stderr and not (ws / "dist").exists()
    allowed = run_cli("build", "--edition", "zh-Hant-HK", "--allow-simplified", cwd=ws)
    assert allowed.returncode == 0, allowed.stderr


@pytest.fixture(scope="module")
def hk_build(tmp_path_factory):
    from publish.build import BuildOptions, build

    out = tmp_path_factory.mktemp("hk")
    options = BuildOptions(workspace=FIXTURES, out_dir=out, editions=("zh-Hant-HK", "zh-Hant-TW"))
    outputs = build([FIXTURES / "guide.md"], options)
    return {o.path.name: o.path for o in outputs}


def test_traditional_pdfs(hk_build):
    assert sorted(hk_build) == ["guide.zh-Hant-HK.a4.pdf", "guide.zh-Hant-HK.review.txt",
                                "guide.zh-Hant-TW.a4.pdf", "guide.zh-Hant-TW.review.txt"]
    for edition, face in (("zh-Hant-HK", "HK"), ("zh-Hant-TW", "TC")):
        pdf = hk_build[f"guide.{edition}.a4.pdf"]
        reader = PdfReader(pdf)
        assert reader.trailer["/Root"]["/Lang"] == edition
        assert reader.metadata.title == "黨紀學習教育學習指引"
        assert reader.metadata.subject == "供基層黨組織參考"
        fonts = " ".join(embedded_fonts(pdf))
        assert f"CJK-{face}" in fonts.replace("CJK{face}", f"CJK-{face}") or f"CJK{face}" in fonts, fonts
        text = body_text(pdf)
        assert "「六大紀律」" in text and "“" not in text
        # the layout's own strings are converted too
        assert "（來源：內部學習資料）" in text


def test_review_file_beside_the_pdf(hk_build):
    review = hk_build["guide.zh-Hant-HK.review.txt"].read_text("utf-8")
    assert review.startswith("# zh-Hant-HK:")
    assert "guide.md:" in review and "→" in review


def test_convert_command(tmp_path):
    ws = make_workspace(tmp_path / "ws", {"a.md": "---\ntitle: 发展\n---\n\n“头发”被发现了。\n"})
    result = run_cli("convert", "articles/a.md", "--edition", "zh-Hant-HK", cwd=ws)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "---\ntitle: 發展\n---\n\n「頭髮」被發現了。\n"
    review = run_cli("convert", "articles/a.md", "--review", cwd=ws)
    assert "articles/a.md:5: 发→髮" in review.stdout
    bad = run_cli("convert", "articles/a.md", "--edition", "zh-Hans", cwd=ws)
    assert bad.returncode == 2 and "Error: --edition: convert makes a traditional edition" in bad.stderr


def test_workspace_config_drives_traditional_builds(tmp_path):
    ws = make_workspace(tmp_path / "ws", {"a.md": "# 软件发展\n\n“范长江”同志的软件。\n"})
    (ws / "publish.toml").write_text(
        'default_traditional = "zh-Hant-TW"\ntaiwan_vocabulary = true\n[phrases]\n"范长江" = "範長江"\n',
        encoding="utf-8")
    result = run_cli("build", "--traditional", "--booklet", cwd=ws)
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in (ws / "dist").iterdir())
    assert names == ["a.zh-Hant-TW.a5.pdf", "a.zh-Hant-TW.booklet.pdf", "a.zh-Hant-TW.review.txt"]
    text = body_text(ws / "dist" / "a.zh-Hant-TW.a5.pdf")
    # Taiwan vocabulary (軟體), and the [phrases] table beats the project's 范 fix
    assert "軟體發展" in text and "「範長江」同志的軟體。" in text


def test_config_errors_are_reported_together(tmp_path):
    ws = make_workspace(tmp_path / "ws", {"a.md": "# 标题\n"})
    (ws / "publish.toml").write_text('titel = "x"\neditions = "zh-Hans"\nformats = 3\ntaiwan_vocabulary = "yes"\n',
                                     encoding="utf-8")
    result = run_cli("build", cwd=ws)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[0] == "Error: publish.toml: 3 mistakes"
    assert lines[1] == "  publish.toml:1: unknown key `titel` (did you mean 'title'?)"
    assert lines[2].startswith("  publish.toml:3: `formats` must be a list of formats")
    assert lines[3].startswith("  publish.toml:4: `taiwan_vocabulary` must be true or false")


def test_the_project_dictionary_in_regional_forms_is_cached_and_remade_when_lost(tmp_path, monkeypatch):
    """The project dictionary's literal values in each region's variants come
    from ~/.cache/publish at a converter's start (a second OpenCC
    configuration costs a tenth of a second); a cold, warm or damaged cache
    converts alike."""
    from publish.edition import tables

    sentence = "坚持一个中国原则，香港回归祖国，为香港制定国安法，说明税户启阅温。"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cold"))
    cold = {code: Converter(EDITIONS[code]).convert(sentence) for code in ("zh-Hant-HK", "zh-Hant-TW")}
    cached = sorted((tmp_path / "cold" / "publish" / "opencc").glob("t2*-forms-*.marshal"))
    assert [path.name.split("-")[0] for path in cached] == ["t2hk", "t2tw"]
    forms = tables.variant_forms("t2tw", ("臺灣", "裏面"))
    assert forms == {"臺灣": opencc.OpenCC("t2tw").convert("臺灣"), "裏面": opencc.OpenCC("t2tw").convert("裏面")}
    for path in cached:
        path.write_bytes(b"not marshal")
    damaged = {code: Converter(EDITIONS[code]).convert(sentence) for code in ("zh-Hant-HK", "zh-Hant-TW")}
    warm = {code: Converter(EDITIONS[code]).convert(sentence) for code in ("zh-Hant-HK", "zh-Hant-TW")}
    assert cold == damaged == warm
    assert cold["zh-Hant-HK"] == "堅持一個中國原則，香港回歸祖國，為香港制定國安法，說明稅戶啟閱溫。"


HONG_KONG_PAPER = """\
堅持黨的全面領導 推進基層治理現代化

文/記者 陳明遠

各級黨組織要把學習貫徹黨的創新理論作為首要政治任務，推動「兩個確立」入腦入心，健全完善理論學習中心組學習制度。

到年底，基層黨組織標準化規範化建設全面達標，黨員隊伍結構進一步優化，服務群眾的能力明顯增強。
"""


def test_an_article_in_traditional_characters_is_printed_simplified_in_the_simplified_edition(tmp_path, caplog):
    """An office's article from a Hong Kong paper, saved as Big5: the
    simplified edition prints it in simplified characters and mainland
    quotes, and says so; a simplified article that names 鍾先生 of Hong
    Kong is printed as written, without OpenCC's tables being loaded."""
    from publish.build import BuildOptions, build
    from publish.edition import tables

    ws = make_workspace(tmp_path / "ws", {"hk.txt": HONG_KONG_PAPER.encode("big5"),
                                          "mainland.md": "# 访问香港\n\n香港的鍾先生介绍了“一国两制”的实践。\n"})
    tables.opencc_converter.cache_clear()
    [mainland] = [o.path for o in build([ws / "articles" / "mainland.md"],
                                        BuildOptions(workspace=ws, out_dir=ws / "m", formats=("a4",)))]
    assert tables.opencc_converter.cache_info().currsize == 0
    assert "香港的鍾先生介绍了“一国两制”的实践。" in body_text(mainland)
    assert "traditional characters" not in caplog.text
    [pdf] = [o.path for o in build([ws / "articles" / "hk.txt"],
                                   BuildOptions(workspace=ws, out_dir=ws / "out", formats=("a4",)))]
    text = body_text(pdf)
    assert text.startswith("坚持党的全面领导推进基层治理现代化文/记者陈明远各级党组织要把学习贯彻党的创新理论作为首要政治任务，"
                           "推动“两个确立”入脑入心")
    assert not any(ch in text for ch in "黨學習「」")
    assert "hk.txt: written in traditional characters: the zh-Hans edition prints it in simplified ones" in caplog.text


def test_an_article_in_traditional_characters_keeps_its_words_in_the_traditional_editions(tmp_path, caplog):
    """A Hong Kong news item saved as Big5 (RTHK: 開幕20周年, 裏面): its
    Hong Kong edition ran it through s2hk as if it were simplified and
    printed 20週年 (listed for proofreading); its words are printed as
    written, in the edition's forms of the characters: 周年 in both
    editions, 裏 in Hong Kong's and 裡 in Taiwan's. Nothing to proofread."""
    from publish.build import BuildOptions, build

    item = "香港迪士尼樂園20周年活動\n\n香港迪士尼樂園宣布，慶祝開幕20周年的期間限定活動，裏面包括周年限定城堡演出。\n"
    ws = make_workspace(tmp_path / "ws", {"hk.txt": item.encode("big5hkscs")})
    outputs = build([], BuildOptions(workspace=ws, out_dir=ws / "out", formats=("a4",),
                                     editions=("zh-Hant-HK", "zh-Hant-TW")))
    pdfs = {o.path.name.split(".")[1]: o.path for o in outputs if o.path.suffix == ".pdf"}
    hong_kong, taiwan = body_text(pdfs["zh-Hant-HK"]), body_text(pdfs["zh-Hant-TW"])
    assert "慶祝開幕20周年的期間限定活動，裏面包括周年限定城堡演出" in hong_kong.replace(" ", "")
    assert "慶祝開幕20周年的期間限定活動，裡面包括周年限定城堡演出" in taiwan.replace(" ", "")
    review = (ws / "out" / "hk.zh-Hant-HK.review.txt").read_text("utf-8")
    assert "# zh-Hant-HK: 0 context-dependent conversions to check" in review and "週" not in review
    assert "hk.txt: written in traditional characters: the zh-Hant-HK edition prints its words as written" \
        in caplog.text
    # A simplified character typed among traditional ones (将) takes the form
    # the edition prints in its words, and 恒 of 恒指 stays: the build is not
    # refused, and 周年 is still 周年.
    (ws / "articles" / "hk.txt").write_text("恒指升逾300點\n\n恒指午市初段升逾300點，開幕20周年活動将於6月展開。\n",
                                            encoding="utf-8")
    [pdf] = [o.path for o in build([], BuildOptions(workspace=ws, out_dir=ws / "mixed", formats=("a4",),
                                                    editions=("zh-Hant-HK",))) if o.path.suffix == ".pdf"]
    assert "恒指午市初段升逾300點，開幕20周年活動將於6月展開。" in body_text(pdf).replace(" ", "")


def test_hang_seng_keeps_its_heng_and_builds(tmp_path):
    """恒生指数, 恒指 (Hang Seng), as Hong Kong and Taiwan write them: OpenCC
    keeps 恒 in those words, where 恒 alone becomes 恆. The guard against
    simplified characters left in a traditional edition took that 恒 for
    one and refused to print every Hong Kong market report."""
    ws = make_workspace(tmp_path / "ws", {"a.md": "# 港股\n\n恒生指数升340点，恒指午市初段升逾300点，涨势永恒。\n"})
    result = run_cli("build", "--edition", "zh-Hant-HK", "--edition", "zh-Hant-TW", cwd=ws)
    assert result.returncode == 0, result.stderr
    for code in ("zh-Hant-HK", "zh-Hant-TW"):
        text = body_text(ws / "dist" / f"a.{code}.a4.pdf").replace(" ", "")
        assert "恒生指數升340點，恒指午市初段升逾300點，漲勢永恆。" in text, text


@pytest.mark.parametrize("name, back, code", [("hk-rthk.txt", "hk2s", "zh-Hant-HK"),
                                               ("tw-mofa-statements.txt", "tw2s", "zh-Hant-TW")])
def test_real_news_converted_back_leaves_nothing_the_guard_refuses(name, back, code):
    """RTHK's news and Taiwan's statements, made simplified, then converted
    to their own edition: no character of the result is taken for a
    simplified one left over (before, RTHK's 恒指 and 恒生 eighteen times:
    its build refused to print)."""
    from pathlib import Path

    from publish.edition import convert_source

    corpus = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / name
    if not corpus.is_file():
        pytest.skip("../shared/corpus is not beside the repository")
    simplified = opencc.OpenCC(back).convert(corpus.read_text("utf-8"))
    _, review = convert_source(simplified, name, Converter(EDITIONS[code]))
    assert review.leftovers == ()
