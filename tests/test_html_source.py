"""Saved web pages (.html with the browser's ``_files`` folder): the
article without the site around it, its metadata, its pictures from the
saved folder, and never a request to the network."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from conftest import make_workspace, run_cli
from pdfread import body_text, page_lines, squeeze
from publish.errors import SourceError
from publish.model import BlockQuote, Byline, Caption, Figure, Heading, Table, iter_text, plain_text
from publish.sources import read_article

STEM = "以高质量党建引领基层治理现代化--时政--人民网"
PAGE = """<!DOCTYPE html>
<!-- saved from url=(0064)http://politics.people.com.cn/n1/2024/0506/c1001-40229999.html -->
<html><head><meta http-equiv="Content-Type" content="text/html; charset=GB2312">
<title>以高质量党建引领基层治理现代化--时政--人民网</title>
<meta name="keywords" content="党建 基层治理">
<meta name="description" content="以高质量党建引领基层治理现代化">
<meta name="author" content="人民网">
<meta name="publishdate" content="2024-05-06">
<link rel="stylesheet" href="./{stem}_files/main.css">
<script src="./{stem}_files/jquery.js"></script>
</head><body>
<div class="header"><div class="nav"><a href="http://www.people.com.cn/">人民网首页</a> | <a href="#">时政</a> | <a href="#">国际</a> | <a href="#">财经</a> | <a href="#">社会</a></div>
<div class="login">登录 | 注册</div></div>
<div class="path">人民网&gt;&gt;时政&gt;&gt;高层动态</div>
<div class="layout rm_txt cf">
<div class="col col-1 fl">
<div class="rm_txt_con cf">
<h1>以高质量党建引领基层治理现代化</h1>
<div class="col-1-1 fl">2024年05月06日08:12 | 来源：<a href="http://paper.people.com.cn/">人民网－人民日报</a></div>
<div class="edit cf"><a href="#">分享到：</a><a href="#">微信</a><a href="#">微博</a></div>
<div class="rm_txt_con cf">
<p style="text-indent: 2em;">【编者按】基层是党的执政之基、力量之源。本报今起推出系列报道，展示各地以党建引领基层治理的新探索。</p>
<p style="text-indent: 2em;">本报记者 周明远</p>
<p style="text-indent: 2em;">初夏时节，走进滨江县青石镇，干净整洁的村道两旁绿树成荫，党群服务中心里人来人往。“有事找支部，支部马上办。”村民们说，这是近年来最大的变化。</p>
<p style="text-align: center;"><img src="./{stem}_files/U1234P1001T1D40229999F3DT20240506081200.jpg" alt=""></p>
<p style="text-align: center;">图为青石镇党员志愿者为群众提供健康咨询服务。（新华社记者 李清 摄）</p>
<p style="text-indent: 2em;">一年来，滨江县坚持大抓基层的鲜明导向，推动基层党组织全面进步全面过硬。全县建立网格党支部326个，选派党员骨干担任网格长，把党的组织覆盖到治理的最末梢。</p>
<p style="text-indent: 2em;"><strong>把组织建在网格上</strong></p>
<p style="text-indent: 2em;">“过去群众反映问题要跑好几个部门，现在网格员上门就能解决。”县委组织部负责同志介绍，全县推行“网格吹哨、部门报到”机制，今年以来共解决群众急难愁盼问题1.2万件。</p>
<p style="text-align: center;"><img src="http://www.people.com.cn/img/2024/remote-photo.jpg" alt="远程图片"></p>
<p style="text-align: center;"><img src="http://127.0.0.1:{port}/photo.jpg" alt="本机图片"></p>
<p style="text-indent: 2em;">在青石镇，村党组织书记带领群众发展特色种植，建起了现代化大棚。村民们说，党支部有了主心骨，大家干事有了方向，日子越过越红火。</p>
<p style="text-indent: 2em;">滨江县的实践表明，只有把党的政治优势和组织优势转化为治理效能，才能让群众的获得感成色更足、幸福感更可持续。</p>
<p class="edit">（责任编辑：王五、赵六）</p>
</div>
<div class="share">扫一扫，分享到微信</div>
</div>
<div class="rm_relevant"><h3>相关新闻</h3><ul><li><a href="#">某地推进基层治理现代化综述</a></li><li><a href="#">党建引领乡村振兴的生动实践</a></li></ul></div>
</div>
<div class="col col-2 fr"><h3>热点推荐</h3><ul><li><a href="#">新闻一</a></li><li><a href="#">新闻二</a></li></ul></div>
</div>
<div class="footer"><p>人民日报社概况 | 关于人民网 | 报社招聘 | 招聘英才 | 广告服务 | 合作加盟 | 供稿服务 | 网站声明 | 网站地图 | 联系我们</p>
<p>人 民 网 股 份 有 限 公 司 版 权 所 有 ，未 经 书 面 授 权 禁 止 使 用</p><p>Copyright © 1997-2024 by www.people.com.cn. all rights reserved</p></div>
</body></html>
"""
SITE = ("人民网首页", "登录", "注册", "高层动态", "相关新闻", "热点推荐", "版权所有", "Copyright", "分享到", "扫一扫",
        "责任编辑", "王五")


def saved_page(folder: Path, port: int = 9) -> Path:
    """The page as a browser saves it ("网页，全部"): GB2312 HTML and a folder
    with its picture, style sheet and script."""
    files = folder / f"{STEM}_files"
    files.mkdir(parents=True)
    Image.new("RGB", (400, 300), (200, 30, 30)).save(files / "U1234P1001T1D40229999F3DT20240506081200.jpg")
    (files / "main.css").write_text("body{}")
    (files / "jquery.js").write_text("//")
    path = folder / f"{STEM}.html"
    path.write_bytes(PAGE.replace("{stem}", STEM).replace("{port}", str(port)).encode("gb18030"))
    return path


def test_a_year_the_article_mentions_is_not_its_date(tmp_path):
    """A page that gives no date: "2024年以来" in its text is not taken for
    1 January 2024 (printed under the title as 2024年1月1日); the
    headline is the page's <h1>, whose <title> is only the site's name."""
    path = tmp_path / "page.html"
    path.write_bytes(("<html><head><meta charset='gb18030'><title>江门新闻网</title></head><body>"
                      "<div class='nav'>首页 | 新闻 | 图片</div><article><h1>以党建聚合力 为发展增动能</h1>"
                      "<p>2024年以来，江门市委坚持以党建引领基层治理，推动各项工作取得新成效。</p>"
                      "<p>全市建立网格党支部326个，把党的组织覆盖到治理的最末梢，群众满意度持续提升。</p>"
                      "<p>2025年是“十四五”规划收官之年，全市党员干部将继续担当作为、真抓实干。</p>"
                      "</article><footer>版权所有 江门新闻网</footer></body></html>").encode("gb18030"))
    article = read_article(path)
    assert (article.title, article.date) == ("以党建聚合力 为发展增动能", None)
    assert plain_text(article.blocks[0].spans).startswith("2024年以来")


def test_saved_news_page(tmp_path, listener, caplog):
    port, hits = listener
    article = read_article(saved_page(tmp_path, port))
    assert (article.title, article.date, article.source) == (
        "以高质量党建引领基层治理现代化", "2024-05-06", "人民网－人民日报")
    blocks = article.blocks
    assert isinstance(blocks[0], BlockQuote)
    assert plain_text(blocks[0].blocks[0].spans).startswith("编者按：基层是党的执政之基")
    assert isinstance(blocks[1], Byline) and plain_text(blocks[1].spans) == "本报记者 周明远"
    figures = [b for b in blocks if isinstance(b, Figure)]
    assert len(figures) == 1 and figures[0].data.startswith(b"\xff\xd8")
    assert plain_text(figures[0].caption) == "图为青石镇党员志愿者为群众提供健康咨询服务。（新华社记者 李清 摄）"
    assert [(b.level, plain_text(b.spans)) for b in blocks if isinstance(b, Heading)] == [(1, "把组织建在网格上")]
    text = "".join(t for t, _ in iter_text(article))
    assert text.index("初夏时节") < text.index("一年来") < text.index("网格吹哨") < text.index("滨江县的实践表明")
    for word in SITE:
        assert word not in text, word
    assert "remote-photo.jpg is on the web" in caplog.text and "publish never downloads" in caplog.text
    assert f"127.0.0.1:{port}/photo.jpg is on the web" in caplog.text
    assert hits == []  # nothing asked the network, not even this machine


def test_saved_page_builds_with_its_picture(tmp_path, listener):
    port, hits = listener
    ws = make_workspace(tmp_path / "ws")
    saved_page(ws / "articles", port)
    result = run_cli("build", cwd=ws)
    assert result.returncode == 0, result.stderr
    assert "left out" in result.stderr and "on the web" in result.stderr
    pdf = ws / "dist" / f"{STEM}.zh-Hans.a4.pdf"
    pages = page_lines(pdf)
    text = squeeze("".join(line.text for page in pages for line in page))
    assert text.startswith(squeeze("以高质量党建引领基层治理现代化"))
    assert "（来源：人民网－人民日报）" in text
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        images = [(page.page_number, image["srcsize"], image["bottom"]) for page in doc.pages for image in page.images]
    assert [size for _, size, _ in images] == [(400, 300)]
    page_number, _, bottom = images[0]
    caption = next(l for l in pages[page_number - 1] if "图为青石镇" in l.text)
    assert caption.top >= bottom - 1  # the caption under its picture
    assert hits == []


@pytest.mark.parametrize("page", ["<html><body><div class=nav><a href=#>首页</a></div></body></html>",
                                  "<html><head><title></title></head></html>"])
def test_page_without_an_article(tmp_path, page):
    """One line says so; not trafilatura's "WARNING: discarding data: None"
    before it."""
    ws = make_workspace(tmp_path / "ws")
    (ws / "articles" / "empty.html").write_text(page, encoding="utf-8")
    result = run_cli("build", cwd=ws)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("Error: articles/empty.html: no article text found in the web page")
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


WECHAT = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>以党建聚合力 为发展增动能</title>
<meta property="og:site_name" content="微信公众平台"></head>
<body id="activity-detail"><div class="rich_media_wrp" id="img-content">
<h1 class="rich_media_title" id="activity-name">以党建聚合力 为发展增动能</h1>
<div id="meta_content"><a id="js_name">江门党建</a><em id="publish_time">2024-03-05 08:00</em></div>
<div class="rich_media_content" id="js_content" style="visibility: hidden;"><section>
<p style="text-align: center;"><img class="rich_pages wxw-img" src="./{files}/640" data-src="https://mmbiz.qpic.cn/mmbiz_jpg/a1/640?wx_fmt=jpeg&amp;from=appmsg" data-type="jpeg"></p>
<p style="text-align: center;"><span style="font-size: 14px;">党员干部参加植树活动，助力美丽乡村建设。</span></p>
<section><p style="text-indent: 2em;"><span>从严从实开展党纪学习教育，锻造堪当现代化建设重任的干部队伍，全力服务保障“百千万工程”，持续推进党建引领基层治理。</span></p></section>
<p style="text-align: center;"><img class="rich_pages wxw-img" data-src="https://mmbiz.qpic.cn/mmbiz_png/b2/640?wx_fmt=png"></p>
<p style="text-align: center;"><span style="font-size: 14px;">深化党建引领基层治理。</span></p>
<p style="text-align: center;"><img src="./{files}/loading.gif" data-src="https://mmbiz.qpic.cn/mmbiz_gif/c3/640?wx_fmt=gif"></p>
<section><p style="text-indent: 2em;"><span>刚刚过去的一年，江门坚持全面贯彻落实习近平总书记视察广东重要讲话、重要指示精神，以党建聚合力、为发展增动能。</span></p></section>
<p style="text-align: center;"><img src="data:image/png;base64,{inline}" alt="示意图"></p>
<section><p style="text-indent: 2em;"><span>连日来，在南楼纪念公园，开平市发挥“碉楼下的党课”国字号品牌作用，以群众喜闻乐见的方式开展宣讲活动。</span></p></section>
</section></div></div></body></html>
"""


def test_wechat_article_keeps_its_pictures(tmp_path, listener, caplog):
    """A WeChat article saved from the browser ("网页，全部"): its pictures
    are named by data-src (a web address with no .jpg: 640?wx_fmt=jpeg) and
    saved as a file with no suffix; trafilatura dropped every one of them,
    caption and all, without a word. Now the saved copy is printed with its
    caption, a picture that stayed on the web is named in a warning (not
    the spinner saved in its place), and an inline picture (data: address)
    is kept."""
    import base64
    import io

    port, hits = listener
    files = tmp_path / "以党建聚合力 为发展增动能_files"
    files.mkdir()
    Image.new("RGB", (320, 200), (20, 120, 40)).save(files / "640", "JPEG")
    Image.new("RGB", (16, 16), (230, 230, 230)).save(files / "loading.gif", "GIF")  # never scrolled to: the spinner
    inline = io.BytesIO()
    Image.new("RGB", (60, 40), (0, 0, 200)).save(inline, "PNG")
    page = tmp_path / "以党建聚合力 为发展增动能.html"
    page.write_text(WECHAT.replace("{files}", files.name).replace(
        "{inline}", base64.b64encode(inline.getvalue()).decode()), encoding="utf-8")
    article = read_article(page)
    figures = [b for b in article.blocks if isinstance(b, Figure)]
    assert [Image.open(io.BytesIO(f.data)).size for f in figures] == [(320, 200), (60, 40)]
    assert figures[0].src.endswith(".jpg") and figures[1].src.endswith(".png")
    assert plain_text(figures[0].caption) == "党员干部参加植树活动，助力美丽乡村建设。"
    assert plain_text(figures[1].caption) == "示意图"
    # the caption of a picture left out stays a caption (standing alone, as
    # in a text file copied without its photos), not a paragraph of the text
    captions = [plain_text(b.spans) for b in article.blocks if isinstance(b, Caption)]
    assert captions == ["深化党建引领基层治理。"]
    assert "mmbiz_png/b2/640?wx_fmt=png is on the web" in caplog.text
    assert "mmbiz_gif/c3/640?wx_fmt=gif is on the web" in caplog.text  # not its spinner printed
    assert "mmbiz_jpg" not in caplog.text  # its copy was saved: no word of the web
    assert hits == []


def test_stickers_and_emoji_pictures_are_left_out_of_the_sentence(tmp_path, caplog):
    """WeChat's stickers ([强], saved beside the page with the rest), and
    the emoji other sites draw as pictures, were printed as pictures of
    their own between the paragraphs, "[强]" under each as its caption.
    They go, alt text and all, the sentence closes up around them, one
    warning says how many, and the article's own picture stays."""
    import io

    files = tmp_path / "page_files"
    files.mkdir()
    Image.new("RGB", (320, 200), (20, 120, 40)).save(files / "640", "JPEG")
    Image.new("RGB", (24, 24), (250, 200, 0)).save(files / "79.gif", "GIF")
    sticker = ('<img class="wx_emoji" src="./page_files/79.gif" '
               'data-src="https://res.wx.qq.com/mpres/htmledition/images/icon/emotion/79.gif" alt="[强]">')
    page = tmp_path / "page.html"
    page.write_text(f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>学习心得体会</title></head>
<body id="activity-detail"><div class="rich_media_wrp" id="img-content">
<h1 class="rich_media_title" id="activity-name">学习心得体会</h1>
<div class="rich_media_content" id="js_content"><section>
<p>今天我们认真学习了党纪处分条例{sticker}，大家收获很大，纷纷表示要以学促行，把学习成果转化为推动工作的实际行动。</p>
<p style="text-align: center;"><img class="rich_pages wxw-img" src="./page_files/640" data-src="https://mmbiz.qpic.cn/mmbiz_jpg/a1/640?wx_fmt=jpeg"></p>
<p style="text-align: center;">支部党员集中学习。</p>
<p>支部书记强调，要把纪律规矩挺在前面，做到学纪、知纪、明纪、守纪。{sticker}{sticker}</p>
<p>会议要求结合实际撰写心得体会<img src="https://h5.sinaimg.cn/m/emoticon/icon/default/d_zan.png" alt="[赞]">，\
按时报送<img role="img" class="emoji" alt="👍" src="https://s.w.org/images/core/emoji/14.0.0/svg/1f44d.svg">。</p>
</section></div></div></body></html>""", encoding="utf-8")
    article = read_article(page)
    assert [(type(b).__name__, plain_text(b.spans) if hasattr(b, "spans") else plain_text(b.caption))
            for b in article.blocks] == [
        ("Paragraph", "今天我们认真学习了党纪处分条例，大家收获很大，纷纷表示要以学促行，把学习成果转化为推动工作的实际行动。"),
        ("Figure", "支部党员集中学习。"),
        ("Paragraph", "支部书记强调，要把纪律规矩挺在前面，做到学纪、知纪、明纪、守纪。"),
        ("Paragraph", "会议要求结合实际撰写心得体会，按时报送。")]
    assert Image.open(io.BytesIO(article.blocks[1].data)).size == (320, 200)
    said = [r.getMessage() for r in caplog.records if "page.html" in r.getMessage()]
    assert said == [f"{page}: left out 5 sticker or emoji pictures (they do not print)"], said


def test_a_wechat_post_prints_without_its_accounts_credits_and_other_articles(tmp_path, caplog):
    """A post as accounts send them: 点击蓝字 关注我们 on top, credits with
    bars at the end (来源 | …), then 往期推荐 and the account's other
    articles, each a link with its cover picture (saved with the page).
    Printed: the article and its source, nothing of the rest."""
    files = tmp_path / "post_files"
    files.mkdir()
    Image.new("RGB", (300, 128), (200, 30, 30)).save(files / "cover.jpg", "JPEG")
    page = tmp_path / "post.html"
    page.write_text("""<!DOCTYPE html><html><head><meta charset="utf-8"><title>深入学习贯彻党纪学习教育</title></head>
<body id="activity-detail"><div class="rich_media_wrp" id="img-content">
<h1 class="rich_media_title" id="activity-name">深入学习贯彻党纪学习教育</h1>
<div id="meta_content"><a id="js_name">某某党建</a><em id="publish_time">2024-05-10 08:00</em></div>
<div class="rich_media_content" id="js_content"><section>
<p style="text-align:center"><span>点击蓝字 关注我们</span></p>
<p>为深入开展党纪学习教育，近日，某某支部组织全体党员集中学习《中国共产党纪律处分条例》，引导党员干部学纪、知纪、明纪、守纪。</p>
<p>大家纷纷表示，将以此次学习为契机，进一步增强纪律意识，严守纪律底线，以实际行动推动各项工作落地见效。</p>
<p style="text-align:center">END</p>
<p>来源 | 某某支部</p><p>编辑 | 张三</p><p>审核丨李四</p>
<p style="text-align:center">往期推荐</p>
<p style="text-align:center"><img src="./post_files/cover.jpg"></p>
<p><a href="https://mp.weixin.qq.com/s/abc">这些纪律红线，千万别碰！</a></p>
<p><a href="https://mp.weixin.qq.com/s/def">某某支部召开组织生活会</a></p>
</section></div></div></body></html>""", encoding="utf-8")
    article = read_article(page)
    assert [(type(b).__name__, plain_text(b.spans)) for b in article.blocks] == [
        ("Paragraph", "为深入开展党纪学习教育，近日，某某支部组织全体党员集中学习《中国共产党纪律处分条例》，引导党员干部学纪、知纪、明纪、守纪。"),
        ("Paragraph", "大家纷纷表示，将以此次学习为契机，进一步增强纪律意识，严守纪律底线，以实际行动推动各项工作落地见效。")]
    assert article.source == "某某支部" and article.date == "2024-05-10"
    for line in ("点击蓝字 关注我们", "往期推荐", "这些纪律红线，千万别碰！", "某某支部召开组织生活会"):
        assert f"left out web-page furniture {line!r}" in caplog.text


@pytest.mark.parametrize("meta, author", [
    ("", None),
    ('<span class="rich_media_meta rich_media_meta_text">记者 李明</span>', "记者 李明"),
    ('<span class="rich_media_meta meta_tag_text">原创</span>', None),
    ('<meta name="author" content="李明">', "李明"),
])
def test_a_wechat_articles_account_is_its_source_and_its_author_its_author(tmp_path, meta, author):
    """The account (公众号) a WeChat article was published by is printed as
    its source, and the author it names beside it as its author; the page's
    "原创" label and its time are neither."""
    page = tmp_path / "w.html"
    page.write_text(WECHAT.replace("{files}", "w_files").replace("{inline}", "").replace(
        '<a id="js_name">', meta + '<a id="js_name">'), encoding="utf-8")
    article = read_article(page)
    assert article.source == "江门党建微信公众号"
    assert article.author == author
    assert article.date == "2024-03-05"


def test_a_wechat_articles_source_is_printed(tmp_path):
    ws = make_workspace(tmp_path / "ws", {"w.html": WECHAT.replace("{files}", "w_files").replace("{inline}", "")})
    result = run_cli("build", "--no-cache", cwd=ws)
    assert result.returncode == 0, result.stderr
    assert "来源：江门党建微信公众号" in body_text(next((ws / "dist").glob("*.zh-Hans.a4.pdf")))


def _mhtml(html: str, pictures: dict[str, bytes]) -> bytes:
    """A page saved as one file the way Chrome and Edge write it (Blink's
    MHTML): the page quoted-printable, each picture base64, under the
    address it came from."""
    import base64
    import quopri

    boundary = "----MultipartBoundary--7yQ2xr9Lh3----"
    parts = [f"From: <Saved by Blink>\r\nSnapshot-Content-Location: https://www.jmnews.cn/a/2024/0305/1.html\r\n"
             f"Subject: =?utf-8?Q?=E4=BB=A5=E5=85=9A=E5=BB=BA?=\r\nMIME-Version: 1.0\r\n"
             f"Content-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"{boundary}\"\r\n\r\n"]
    parts.append(f"--{boundary}\r\nContent-Type: text/html\r\nContent-ID: <frame-1@mhtml.blink>\r\n"
                 "Content-Transfer-Encoding: quoted-printable\r\n"
                 "Content-Location: https://www.jmnews.cn/a/2024/0305/1.html\r\n\r\n"
                 + quopri.encodestring(html.encode("utf-8")).decode("ascii").replace("\n", "\r\n") + "\r\n")
    for address, data in pictures.items():
        parts.append(f"--{boundary}\r\nContent-Type: image/jpeg\r\nContent-Transfer-Encoding: base64\r\n"
                     f"Content-Location: {address}\r\n\r\n" + base64.encodebytes(data).decode("ascii").replace(
                         "\n", "\r\n") + "\r\n")
    parts.append(f"--{boundary}--\r\n")
    return "".join(parts).encode("ascii")


def test_page_saved_as_one_file(tmp_path, listener, caplog):
    """"网页，单个文件 (*.mhtml)": the page and its pictures in one file are
    read as a saved page is (publish build took .mht for no article at all);
    a picture the file holds is printed, one it does not is named."""
    import io

    port, hits = listener
    photo = io.BytesIO()
    Image.new("RGB", (300, 180), (200, 150, 0)).save(photo, "JPEG")
    page = ("<!DOCTYPE html><html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\">"
            "<title>以党建聚合力 为发展增动能_江门新闻网</title></head><body><div class='nav'>首页 | 新闻</div>"
            "<article><h1>以党建聚合力 为发展增动能</h1><p>来源：江门日报　2024-03-05</p>"
            "<p>从严从实开展党纪学习教育，锻造堪当现代化建设重任的干部队伍，全力服务保障“百千万工程”。</p>"
            "<p style='text-align:center'><img src='https://www.jmnews.cn/pic/2024/tree.jpg'></p>"
            "<p style='text-align:center'>图为党员干部参加植树活动。（黎禹君 摄）</p>"
            "<p>刚刚过去的一年，江门坚持全面贯彻落实习近平总书记视察广东重要讲话、重要指示精神。</p>"
            "<p><img src='https://www.jmnews.cn/pic/2024/not-saved.jpg'></p>"
            "<p>连日来，开平市发挥“碉楼下的党课”国字号品牌作用，以群众喜闻乐见的方式开展宣讲活动。</p>"
            "</article><footer>版权所有 江门新闻网</footer></body></html>")
    ws = make_workspace(tmp_path / "ws")
    (ws / "articles" / "以党建聚合力.mhtml").write_bytes(
        _mhtml(page, {"https://www.jmnews.cn/pic/2024/tree.jpg": photo.getvalue()}))
    article = read_article(ws / "articles" / "以党建聚合力.mhtml")
    assert (article.title, article.source, article.date) == ("以党建聚合力 为发展增动能", "江门日报", "2024-03-05")
    figures = [b for b in article.blocks if isinstance(b, Figure)]
    assert [Image.open(io.BytesIO(f.data)).size for f in figures] == [(300, 180)]
    assert plain_text(figures[0].caption) == "图为党员干部参加植树活动。（黎禹君 摄）"
    assert "not-saved.jpg is on the web" in caplog.text
    result = run_cli("build", "--format", "a4", cwd=ws)
    assert result.returncode == 0, result.stderr
    text = squeeze("".join(line.text for page in page_lines(ws / "dist" / "以党建聚合力.zh-Hans.a4.pdf")
                           for line in page))
    assert text.startswith(squeeze("以党建聚合力 为发展增动能")) and "碉楼下的党课" in text and "版权所有" not in text
    assert hits == []
    assert "left out '来源" not in caplog.text  # its source and date are printed: nothing was left out


def test_a_single_file_page_that_is_not_one(tmp_path):
    """A .mht that holds no page is one error naming it (no traceback, exit
    1); one that is plain HTML under that name is read as the page it is."""
    ws = make_workspace(tmp_path / "ws")
    bad = ws / "articles" / "x.mht"
    bad.write_bytes(b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n--b\r\n'
                    b"Content-Type: image/png\r\n\r\nxx\r\n--b--\r\n")
    result = run_cli("build", "--format", "a4", cwd=ws)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "articles/x.mht: no web page found in the saved file" in result.stderr
    assert not (ws / "dist").exists() or not any((ws / "dist").iterdir())
    bad.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'></head><body><article><h1>标题</h1>"
                   "<p>从严从实开展党纪学习教育，锻造堪当现代化建设重任的干部队伍，全力服务保障“百千万工程”。</p>"
                   "</article></body></html>", encoding="utf-8")
    article = read_article(bad)
    assert article.title == "标题" and plain_text(article.blocks[0].spans).startswith("从严从实")


GOVERNMENT = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>关于开展党纪学习教育的通知_江门市人民政府门户网站</title></head>
<body><table width="1000" align="center"><tr><td><img src="{files}/logo.gif"> 江门市人民政府门户网站</td></tr></table>
<table width="1000" align="center"><tr><td width="200" valign="top"><a href="#">首页</a><br><a href="#">政务公开</a><br>
<a href="#">政策文件</a></td><td width="800" valign="top">
<table width="100%"><tr><td align="center" class="title"><b>关于开展党纪学习教育的通知</b></td></tr>
<tr><td align="center">发布时间：2024-04-10　来源：江门市委组织部</td></tr>
<tr><td class="b12c" id="zoom">
<p>各县（市、区）委组织部，市直各单位党组织：</p>
<p>　　为深入贯彻落实党中央关于在全党开展党纪学习教育的部署要求，现就有关事项通知如下。</p>
<p>　　一、总体要求</p>
<p>　　以习近平新时代中国特色社会主义思想为指导，深入学习贯彻党的二十大精神，引导党员干部学纪、知纪、明纪、守纪。</p>
<p align="center"><img src="{files}/photo.jpg"></p>
<p>　　二、学习安排</p>
<table border="1"><tr><th><p>时间</p></th><th><p>内容</p></th></tr>
<tr><td><p>4月</p></td><td><p>学习条例第一编</p></td></tr><tr><td><p>5月</p></td><td><p>学习条例第二编</p></td></tr></table>
<p>　　认真组织学习《中国共产党纪律处分条例》，把学习条例作为重要内容，逐章逐条学习。</p>
<p align="right">中共江门市委组织部</p>
<p align="right">2024年4月10日</p>
</td></tr></table></td></tr></table>
<table width="1000" align="center"><tr><td align="center">主办：江门市人民政府办公室　版权所有　粤ICP备12345678号</td></tr></table>
</body></html>
"""


def test_a_page_laid_out_in_tables(tmp_path):
    """A government site's notice, laid out in tables as many still are:
    trafilatura took every table for data, and the notice came out as one
    cell beside the menu, its paragraphs run together, under the page's
    <title> with the site's name. Now the notice is paragraphs and
    headings with its picture, the table of data in it stays a table, the
    menu and the footer are gone, and the title is the notice's own."""
    files = tmp_path / "notice_files"
    files.mkdir()
    Image.new("RGB", (200, 40), (200, 0, 0)).save(files / "logo.gif")
    Image.new("RGB", (320, 200), (20, 120, 40)).save(files / "photo.jpg")
    path = tmp_path / "notice.html"
    path.write_bytes(GOVERNMENT.replace("{files}", files.name).encode("gb18030"))
    article = read_article(path)
    assert (article.title, article.date, article.source) == ("关于开展党纪学习教育的通知", "2024-04-10", "江门市委组织部")
    kinds = [(type(b).__name__, plain_text(b.spans) if hasattr(b, "spans") else "") for b in article.blocks]
    assert kinds[:3] == [("Paragraph", "各县（市、区）委组织部，市直各单位党组织："),
                         ("Paragraph", "为深入贯彻落实党中央关于在全党开展党纪学习教育的部署要求，现就有关事项通知如下。"),
                         ("Heading", "一、总体要求")]
    figures = [b for b in article.blocks if isinstance(b, Figure)]
    assert len(figures) == 1 and figures[0].data.startswith(b"\xff\xd8")
    tables = [b for b in article.blocks if isinstance(b, Table)]
    assert len(tables) == 1
    assert [[plain_text(cell) for cell in row] for row in (*tables[0].head, *tables[0].body)] == [
        ["时间", "内容"], ["4月", "学习条例第一编"], ["5月", "学习条例第二编"]]
    text = "".join(t for t, _ in iter_text(article))
    for word in ("首页", "政务公开", "版权所有", "门户网站"):
        assert word not in text, word


def test_trafilaturas_fallback_is_read_in_its_own_terms(tmp_path):
    """When trafilatura's fallback wins (the same notice without its picture
    and table), it returns the page's own <div>s and <p>s, not its terms:
    they read as paragraphs and headings, not one paragraph of lines."""
    import re

    page = GOVERNMENT.replace('<p align="center"><img src="{files}/photo.jpg"></p>\n', "")
    page = re.sub(r'<table border="1">.*?</table>\n', "", page, flags=re.S).replace("{files}", "notice_files")
    path = tmp_path / "notice.html"
    path.write_bytes(page.encode("gb18030"))
    article = read_article(path)
    shape = [(type(b).__name__, plain_text(b.spans)) for b in article.blocks]
    assert shape == [("Paragraph", "各县（市、区）委组织部，市直各单位党组织："),
                     ("Paragraph", "为深入贯彻落实党中央关于在全党开展党纪学习教育的部署要求，现就有关事项通知如下。"),
                     ("Heading", "一、总体要求"),
                     ("Paragraph", "以习近平新时代中国特色社会主义思想为指导，深入学习贯彻党的二十大精神，引导党员干部学纪、知纪、明纪、守纪。"),
                     ("Heading", "二、学习安排"),
                     ("Paragraph", "认真组织学习《中国共产党纪律处分条例》，把学习条例作为重要内容，逐章逐条学习。"),
                     ("Paragraph", "中共江门市委组织部\n2024年4月10日")]
    # the notice's 主送机关 and 落款 (shapes.letter_parts)
    assert [b.role for b in article.blocks if getattr(b, "role", "")] == ["salutation", "signature"]


SHORT = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>学习心得</title></head><body>
<div class="rich_media_content" id="js_content">
<h1 class="rich_media_title">学习心得体会</h1>
<p>今天我们认真学习了党纪处分条例<img class="wx_emoji" src="https://res.wx.qq.com/emotion/0.gif" alt="[强]">，大家收获很大，纷纷表示要以学促行，把学习成果转化为推动工作的实际行动。</p>
<p>第二段正文内容，继续深入学习，确保学习教育取得实效，推动各项工作落地见效。</p>
</div></body></html>
"""


def test_a_short_page_keeps_its_headline_and_paragraphs(tmp_path):
    """A page of a few lines (a short notice, a WeChat post): trafilatura
    would take its fallback's dump of the whole page, one paragraph with the
    headline in it, broken where a sticker stood. Its title and paragraphs
    stay as the page has them, on paper too."""
    ws = make_workspace(tmp_path / "ws")
    path = ws / "articles" / "short.html"
    path.write_text(SHORT, encoding="utf-8")
    article = read_article(path)
    assert article.title == "学习心得体会"
    assert [(type(b).__name__, plain_text(b.spans)) for b in article.blocks] == [
        ("Paragraph", "今天我们认真学习了党纪处分条例，大家收获很大，纷纷表示要以学促行，把学习成果转化为推动工作的实际行动。"),
        ("Paragraph", "第二段正文内容，继续深入学习，确保学习教育取得实效，推动各项工作落地见效。")]
    result = run_cli("build", "--format", "a4", cwd=ws)
    assert result.returncode == 0, result.stderr
    lines = [line.text for line in page_lines(ws / "dist" / "short.zh-Hans.a4.pdf")[0]]
    assert squeeze(lines[0]) == "学习心得体会"
    # the first paragraph starts on a line of its own, indented two characters
    first = page_lines(ws / "dist" / "short.zh-Hans.a4.pdf")[0][1]
    second = page_lines(ws / "dist" / "short.zh-Hans.a4.pdf")[0][2]
    assert squeeze(first.text).startswith("今天我们认真学习了党纪处分条例，")
    assert first.x0 > second.x0 + 20  # 2 em of 16 pt
    # where reading it so would lose a sentence (text loose after a small
    # table, which trafilatura's own reading passes by), the rescue stays
    loose = tmp_path / "loose.html"
    sentences = ("各支部：现就开展党纪学习教育有关事项通知如下，请认真组织实施。", "请于五月底前报送学习情况，逾期不报的将予以通报。",
                 "联系人：王五，电话：一二三四五六七。")
    loose.write_text('<html><head><meta charset="utf-8"><title>通知</title></head><body><div id="content">'
                     f"<h1>关于开展学习的通知</h1><p>{sentences[0]}</p><table><tr><td>甲</td><td>乙</td></tr></table>"
                     f"{sentences[1]}<p>{sentences[2]}</p></div></body></html>", encoding="utf-8")
    text = squeeze("".join(plain_text(b.spans) for b in read_article(loose).blocks))
    assert all(sentence in text for sentence in sentences), text


def test_text_broken_by_line_breaks_after_the_headline_is_kept(tmp_path):
    """A notice whose text stands in a <div>, its paragraphs parted by <br>:
    trafilatura hands the first back as the headline's tail, which was lost
    without a word. Every paragraph is read, and printed."""
    ws = make_workspace(tmp_path / "ws")
    path = ws / "articles" / "notice.html"
    path.write_text(
        '<html><head><meta charset="utf-8"><title>通知</title></head><body><div id="content">'
        "<h1>关于开展学习的通知</h1>各支部：现就开展党纪学习教育有关事项通知如下，请认真组织实施，确保取得实效。"
        "<br><br>请于五月底前报送学习情况。<br>联系人：王五</div></body></html>", encoding="utf-8")
    article = read_article(path)
    assert article.title == "关于开展学习的通知"
    assert [plain_text(b.spans) for b in article.blocks] == [
        "各支部：现就开展党纪学习教育有关事项通知如下，请认真组织实施，确保取得实效。", "请于五月底前报送学习情况。",
        "联系人：王五"]
    result = run_cli("build", "--format", "a4", cwd=ws)
    assert result.returncode == 0, result.stderr
    assert body_text(ws / "dist" / "notice.zh-Hans.a4.pdf") == squeeze(
        "关于开展学习的通知各支部：现就开展党纪学习教育有关事项通知如下，请认真组织实施，确保取得实效。"
        "请于五月底前报送学习情况。联系人：王五")


@pytest.mark.parametrize("body, paragraphs", [
    # text in a <center> beside paragraphs: trafilatura's dump of the page
    ("<center>第一段前文内容在这里，说明有关事项如下。</center><p>第二段内容，请各单位认真组织学习。</p>"
     "<p>第三段：联系人王五。</p>",
     ["第一段前文内容在这里，说明有关事项如下。", "第二段内容，请各单位认真组织学习。", "第三段：联系人王五。"]),
    # text around the <p>s of a <div>: a paragraph holding paragraphs, and
    # a copy of the first nested one after it
    ("<div>第一段前文内容在这里，说明有关事项如下。<p>第二段内容，请各单位认真组织学习。</p><b>加粗的第三段</b>"
     "以及随后的文字内容。<p>第四段内容，确保取得实效。</p>第五段结尾文字，特此通知。</div>",
     ["第一段前文内容在这里，说明有关事项如下。", "第二段内容，请各单位认真组织学习。", "加粗的第三段以及随后的文字内容。",
      "第四段内容，确保取得实效。", "第五段结尾文字，特此通知。"]),
])
def test_a_pages_paragraphs_stay_apart_and_once(tmp_path, body, paragraphs):
    """However trafilatura hands a page's text back (its dump of a short
    page in one paragraph, a paragraph holding paragraphs and a copy of one
    of them), each of the page's paragraphs is one paragraph, once, and
    the headline is the title."""
    ws = make_workspace(tmp_path / "ws")
    path = ws / "articles" / "page.html"
    path.write_text('<html><head><meta charset="utf-8"><title>通知</title></head><body><div id="content">'
                    f"<h1>关于开展学习的通知</h1>{body}</div></body></html>", encoding="utf-8")
    article = read_article(path)
    assert article.title == "关于开展学习的通知"
    assert [plain_text(b.spans) for b in article.blocks] == paragraphs
    result = run_cli("build", "--format", "a4", cwd=ws)
    assert result.returncode == 0, result.stderr
    assert body_text(ws / "dist" / "page.zh-Hans.a4.pdf") == squeeze("关于开展学习的通知" + "".join(paragraphs))


_SENTENCES = ["第%d段：为深入贯彻落实党中央关于在全党开展党纪学习教育的部署要求，现就有关事项通知如下，请认真组织实施。" % n
              for n in range(1, 7)]


@pytest.mark.parametrize("body, paragraphs", [
    # text between a <div>'s paragraphs, parted by <br>: trafilatura lost 第3段
    ("<div><p>{0}<br>{1}</p>{2}<br>{3}<p>{4}</p>{5}</div>", ["{0}\n{1}", "{2}", "{3}", "{4}", "{5}"]),
    # text after a small table (laid out: its cells are lines): 第4段 was lost
    ("<p>{0}</p><p>{1}</p><p>{2}</p><table><tr><td>甲</td><td>乙</td></tr></table>{3}<p>{4}</p><p>{5}</p>",
     ["{0}", "{1}", "{2}", "甲", "乙", "{3}", "{4}", "{5}"]),
    # a <div> of text parted by blank lines (<br><br>): one paragraph of lines before
    ("<div>{0}<br><br>{1}<br><br>{2}<br><br>{3}<br><br>{4}<br><br>{5}</div>", ["{0}", "{1}", "{2}", "{3}", "{4}", "{5}"]),
    # a WeChat editor's paragraphs (秀米: <section><span>, no <p>): one
    # paragraph of all six before, the site's menu printed above it
    ("<section>" + "".join("<section><span>{%d}</span></section>" % n for n in range(6)) + "</section>",
     ["{0}", "{1}", "{2}", "{3}", "{4}", "{5}"]),
])
def test_text_loose_beside_a_pages_blocks_is_read_as_paragraphs(tmp_path, body, paragraphs):
    """Government pages write text straight into a <div>, between its <p>s,
    after a table, parted by <br>s; WeChat editors write paragraphs as
    <section>s: every sentence is read, each run of text a paragraph of its
    own, nothing of the site around it, and printed."""
    ws = make_workspace(tmp_path / "ws")
    path = ws / "articles" / "page.html"
    path.write_text('<html><head><meta charset="utf-8"><title>通知</title></head><body>'
                    '<div class="nav">首页 | 新闻 | 通知</div><div id="content"><h1>关于开展学习的通知</h1>'
                    f"{body.format(*_SENTENCES)}</div><div class='footer'>版权所有</div></body></html>", encoding="utf-8")
    expected = [paragraph.format(*_SENTENCES) for paragraph in paragraphs]
    assert [plain_text(b.spans) for b in read_article(path).blocks] == expected
    result = run_cli("build", "--format", "a4", cwd=ws)
    assert result.returncode == 0, result.stderr
    assert body_text(ws / "dist" / "page.zh-Hans.a4.pdf") == squeeze("关于开展学习的通知" + "".join(expected))


# 新华网's article page: the article's <p>s and pictures in a <span>, the
# date and time in pieces above it, a share button and a QR code around it.
XINHUA = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>各地扎实开展党纪学习教育读书班-新华网</title></head>
<body><div class="main clearfix"><div class="header domPC"><div class="head-line clearfix">
<h1><span class="title">各地扎实开展党纪学习教育读书班</span></h1>
<div class="header-cont clearfix">
<div class="header-time left"><span class="year"><em> 2024</em></span><span class="day"><em> 05</em>/<em>06</em></span>\
<span class="time"> 09:12:47</span></div>
<div class="source">来源：新华网</div>
<div class="head-info pc"><span class="fenxiang">分享到：<a class="wx"><img src="./x_files/share_wx.png"></a>\
<a class="wb">微博</a></span></div></div></div></div>
<div class="main-left left"><div id="detail">
<{tag} id="detailContent">
<p>　　新华社北京5月6日电（记者张三）党纪学习教育开展以来，各地各部门精心组织读书班，引导党员干部原原本本学习条例。</p>
<p style="text-align: center;"><img src="./x_files/photo1.jpg" alt=""></p>
<p style="text-align: center;"><font color="navy">　　5月5日，党员干部在读书班上交流学习体会。新华社记者 王五 摄</font></p>
<p>　　<strong>以读书班为抓手，推动学习走深走实</strong></p>
<p>　　在北京，各级党组织采取集中学习、专题辅导、研讨交流等方式，组织党员干部逐章逐条学习条例。</p>
<p style="text-align: center;"><img src="./x_files/print.png" width="24" height="24"></p>
<p style="text-align: center;"><img src="./x_files/photo2.jpg" alt=""></p>
<p style="text-align: center;"><font color="navy">　　5月4日，党员干部在廉政教育基地参观。新华社发（赵六 摄）</font></p>
<p>　　<strong>以学促干，把学习成效转化为工作动力</strong></p>
<p>　　多地把党纪学习教育同做好当前工作结合起来，以纪律建设的成效保障各项任务落实。</p>
</{tag}>
</div>
<div class="columBox" id="ewm"><img src="./x_files/ewm.png"><p>扫一扫，分享到微信</p></div>
</div></div></body></html>
"""


@pytest.mark.parametrize("tag", ["span", "font"])
def test_an_inline_tag_around_the_article_reads_as_a_block(tmp_path, caplog, tag):
    """新华网 wraps the article's paragraphs and pictures in a <span>: it
    was read as a run of text, and the whole article came out as one
    paragraph, captions and all, its photos moved above it and its bold
    sub-heads glued to its end. The header's date and time, set in pieces
    (2024 / 05/ / 06 09:12:47, some in <em>), printed as three paragraphs
    with emphasis dots, and its share button (24 pixels) and a print icon
    (width and height 24) as pictures. Now it reads as a <div> would: the
    paragraphs, photos with their captions and sub-heads in their order,
    the date taken as the article's, the buttons left out as furniture."""
    import io

    files = tmp_path / "x_files"
    files.mkdir()
    Image.new("RGB", (450, 300), (200, 30, 30)).save(files / "photo1.jpg")
    Image.new("RGB", (450, 280), (30, 30, 200)).save(files / "photo2.jpg")
    for icon in ("share_wx.png", "print.png"):
        Image.new("RGB", (24, 24), (0, 160, 0)).save(files / icon)
    Image.new("RGB", (120, 120), (0, 0, 0)).save(files / "ewm.png")
    path = tmp_path / "x.html"
    path.write_text(XINHUA.replace("{tag}", tag), encoding="utf-8")
    article = read_article(path)
    assert (article.title, article.date, article.source) == ("各地扎实开展党纪学习教育读书班", "2024-05-06", "新华网")
    assert [(type(b).__name__, plain_text(b.caption) if isinstance(b, Figure) else plain_text(b.spans))
            for b in article.blocks] == [
        ("Paragraph", "新华社北京5月6日电（记者张三）党纪学习教育开展以来，各地各部门精心组织读书班，引导党员干部原原本本学习条例。"),
        ("Figure", "5月5日，党员干部在读书班上交流学习体会。新华社记者 王五 摄"),
        ("Heading", "以读书班为抓手，推动学习走深走实"),
        ("Paragraph", "在北京，各级党组织采取集中学习、专题辅导、研讨交流等方式，组织党员干部逐章逐条学习条例。"),
        ("Figure", "5月4日，党员干部在廉政教育基地参观。新华社发（赵六 摄）"),
        ("Heading", "以学促干，把学习成效转化为工作动力"),
        ("Paragraph", "多地把党纪学习教育同做好当前工作结合起来，以纪律建设的成效保障各项任务落实。")]
    assert [Image.open(io.BytesIO(b.data)).size for b in article.blocks if isinstance(b, Figure)] == [
        (450, 300), (450, 280)]
    for src in ("./x_files/share_wx.png", "./x_files/print.png", "./x_files/ewm.png"):
        assert f"left out web-page furniture '{src}'" in caplog.text


WECHAT_SECTIONS = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>这场读书班，干货满满！</title></head>
<body id="activity-detail"><div class="rich_media_wrp" id="img-content">
<h1 class="rich_media_title" id="activity-name">这场读书班，干货满满！</h1>
<div id="meta_content"><a id="js_name">江门党建</a></div>
<div class="rich_media_content" id="js_content">
<section style="margin: 10px 8px;"><span>为深入推进党纪学习教育，市委组织部举办党纪学习教育读书班，全市60余名党员领导干部参加。</span></section>
<section style="margin: 10px 8px;"><span>读书班采取个人自学、集中研讨、专题辅导的方式，学员们逐章逐条研读《中国共产党纪律处分条例》，结合典型案例深入理解条文内涵，纷纷表示收获满满。</span></section>
<section style="text-align: center;"><img class="rich_pages wxw-img" data-src="https://mmbiz.qpic.cn/mmbiz_jpg/abc123/640?wx_fmt=jpeg" \
src="./post_files/640.jpeg" style="width: 100% !important;"></section>
<section style="text-align: center;"><span style="font-size: 12px;">▲读书班现场</span></section>
<section style="margin: 10px 8px;"><span>在分组研讨环节，学员们围绕如何把纪律要求转化为日常习惯畅谈体会，气氛热烈。</span></section>
<section style="text-align: center;"><img class="rich_pages wxw-img" data-src="https://mmbiz.qpic.cn/mmbiz_jpg/def456/640?wx_fmt=jpeg" \
src="data:image/svg+xml,%3Csvg width='1px' height='1px' xmlns='http://www.w3.org/2000/svg'%3E%3C/svg%3E"></section>
<section style="text-align: center;"><span style="font-size: 12px;">▲分组研讨</span></section>
<section style="margin: 10px 8px;"><span>下一步，市委组织部将持续抓好党纪学习教育，推动学习成果转化为干事创业的实际成效。</span></section>
<section style="margin: 10px 8px;"><span>大家表示，要把纪律要求内化于心、外化于行，以严明的纪律保障各项工作落地见效，以实际行动推动党纪学习教育走深走实。</span></section>
<section style="text-align: center;"><img class="rich_pages wxw-img" data-src="https://mmbiz.qpic.cn/qr/640?wx_fmt=jpeg" \
src="./post_files/640(4).jpeg"><p style="text-align:center"><span style="font-size:12px">长按识别二维码关注我们</span></p></section>
<section><p><strong>往期推荐</strong></p><p><img src="./post_files/cover.jpg"></p><p><a href="#">党纪学习教育｜读书班开班</a></p></section>
</div></div></body></html>
"""


def test_a_wechat_editors_pictures_and_the_accounts_qr_code(tmp_path, caplog, listener):
    """WeChat editors (135, 秀米) set a picture in a <section> of its own:
    the saved photo was dropped without a word, and so was a photo still
    on the web (its data-src, a placeholder for src), of which the README
    promises a warning. Now the photo prints over its caption and the one
    on the web is named in a warning. The account's QR code over its
    长按识别二维码 printed as a full-width picture: it is left out as
    furniture, and the furniture warnings name a picture by the page's own
    address, not by a name publish gave it (images/post-2.jpg)."""
    import io

    port, hits = listener
    files = tmp_path / "post_files"
    files.mkdir()
    Image.new("RGB", (540, 360), (200, 30, 30)).save(files / "640.jpeg", "JPEG")
    Image.new("RGB", (430, 430), (0, 0, 0)).save(files / "640(4).jpeg", "JPEG")
    Image.new("RGB", (300, 128), (30, 30, 200)).save(files / "cover.jpg", "JPEG")
    path = tmp_path / "post.html"
    path.write_text(WECHAT_SECTIONS, encoding="utf-8")
    article = read_article(path)
    assert [(type(b).__name__, plain_text(b.caption) if isinstance(b, Figure) else plain_text(b.spans))
            for b in article.blocks] == [
        ("Paragraph", "为深入推进党纪学习教育，市委组织部举办党纪学习教育读书班，全市60余名党员领导干部参加。"),
        ("Paragraph", "读书班采取个人自学、集中研讨、专题辅导的方式，学员们逐章逐条研读《中国共产党纪律处分条例》，结合典型案例深入理解条文内涵，纷纷表示收获满满。"),
        ("Figure", "▲读书班现场"),
        ("Paragraph", "在分组研讨环节，学员们围绕如何把纪律要求转化为日常习惯畅谈体会，气氛热烈。"),
        ("Caption", "▲分组研讨"),  # (its photo stayed on the web)
        ("Paragraph", "下一步，市委组织部将持续抓好党纪学习教育，推动学习成果转化为干事创业的实际成效。"),
        ("Paragraph", "大家表示，要把纪律要求内化于心、外化于行，以严明的纪律保障各项工作落地见效，以实际行动推动党纪学习教育走深走实。")]
    assert Image.open(io.BytesIO(article.blocks[2].data)).size == (540, 360)
    assert "mmbiz_jpg/def456/640?wx_fmt=jpeg is on the web" in caplog.text
    for src in ("./post_files/640(4).jpeg", "长按识别二维码关注我们", "./post_files/cover.jpg"):
        assert f"left out web-page furniture '{src}'" in caplog.text
    assert "images/" not in caplog.text
    assert hits == []


@pytest.mark.parametrize("lost, kept", [
    # a list among the paragraphs (共产党员网): trafilatura's reading
    # gathers a page's <p>s and passes its lists by
    ("<ol><li>不按规定请示报告；</li><li>搞拉票贿选；</li><li>违规用人。</li></ol>",
     ("ListBlock", "不按规定请示报告；/搞拉票贿选；/违规用人。")),
    # a notice's second attachment, a paragraph that is nothing but a
    # link: taken for a menu's
    ('<p>　　　　　<a href="/upload/2024/05/richeng.doc">2．培训日程安排</a></p>', ("Paragraph", "2．培训日程安排")),
])
def test_a_list_or_a_link_among_the_articles_paragraphs_is_kept(tmp_path, lost, kept):
    """Where no container of the page is named as an article's, trafilatura
    gathers its paragraphs one by one, and lost the list between two of
    them, and a paragraph that is only a link, without a word. They are
    read where they stand; a list of links beside the article (相关链接)
    stays out."""
    path = tmp_path / "page.html"
    path.write_text(f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>学习问答_共产党员网</title></head><body>
<div class="dyw1023_nav"><a href="#">首页</a><a href="#">要闻</a><a href="#">党建</a><a href="#">党员教育</a></div>
<div class="page_wrap"><div class="dyw1023_left"><h1 class="big_title">学习问答</h1>
<div class="word" id="font_area">
<p>　　政治纪律是各级党组织和全体党员在政治方向、政治立场、政治言论、政治行为方面必须遵守的规矩。</p>
<p>　　组织纪律是规范和处理党组织与党组织、党组织与党员、党员与党员以及党组织、党员与群众之间关系的行为规则。</p>
<p>　　廉洁纪律是党员干部在从事公务活动和其他与行使职权有关的活动中，应当遵守的廉洁用权的行为规则。</p>
<p>　　群众纪律是党组织和党员在贯彻执行党的群众路线、处理党群关系方面必须遵守的行为规则。</p>
<p>　　<strong>问：</strong>违反组织纪律的常见表现有哪些？</p>
<p>　　<strong>答：</strong>主要包括：不按规定请示报告个人有关事项；在民主推荐、民主测评中搞拉票；违规选拔任用干部等。</p>
{lost}
<p>　　（摘自《党纪学习教育学习问答》，党建读物出版社2024年版）</p>
</div>
<div class="xglj"><h3>相关链接</h3><ul><li><a href="#">如何理解“廉洁纪律”</a></li><li><a href="#">如何理解“群众纪律”</a></li></ul></div>
</div></div></body></html>""", encoding="utf-8")
    article = read_article(path)
    shape = [(type(b).__name__, "/".join(plain_text(i[0].spans) for i in b.items) if hasattr(b, "items")
              else plain_text(b.spans)) for b in article.blocks]
    assert shape == [
        ("Paragraph", "政治纪律是各级党组织和全体党员在政治方向、政治立场、政治言论、政治行为方面必须遵守的规矩。"),
        ("Paragraph", "组织纪律是规范和处理党组织与党组织、党组织与党员、党员与党员以及党组织、党员与群众之间关系的行为规则。"),
        ("Paragraph", "廉洁纪律是党员干部在从事公务活动和其他与行使职权有关的活动中，应当遵守的廉洁用权的行为规则。"),
        ("Paragraph", "群众纪律是党组织和党员在贯彻执行党的群众路线、处理党群关系方面必须遵守的行为规则。"),
        ("Paragraph", "问：违反组织纪律的常见表现有哪些？"),
        ("Paragraph", "答：主要包括：不按规定请示报告个人有关事项；在民主推荐、民主测评中搞拉票；违规选拔任用干部等。"),
        kept,
        ("Paragraph", "（摘自《党纪学习教育学习问答》，党建读物出版社2024年版）")]


@pytest.mark.parametrize("pager, pages", [
    ('<div class="zdfy"><a href="a.html">上一页</a><a href="a.html"><b>1</b></a><a href="a-2.html">2</a>'
     '<a href="a-3.html">3</a><a href="a-2.html">下一页</a></div>', 3),
    ('<div class="page">共2页 <a href="a-2.html">下一页</a></div>', 2),
    ("", 0),
])
def test_a_page_of_an_article_the_site_splits_and_its_related_news(tmp_path, caplog, pager, pages):
    """人民网 splits a long article over pages (上一页 1 2 3 下一页): a saved
    page held a third of it, and nothing said so. Its 相关新闻, a heading
    over a list of links, printed as a page of the article."""
    path = tmp_path / "page.html"
    path.write_text(f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>抓紧抓实抓到位--观点--人民网</title></head>
<body><div class="nav"><a href="#">首页</a><a href="#">观点</a></div>
<div class="main"><h1>抓紧抓实抓到位</h1><div class="rm_txt_con">
<p>　　开展党纪学习教育，是加强党的纪律建设、推动全面从严治党向纵深发展的重要举措。党中央决定，从今年4月至7月在全党开展党纪学习教育。</p>
<p>　　抓紧，就是要以高度的政治自觉推进学习。学习《中国共产党纪律处分条例》，要原原本本学、逐章逐条学，做到学纪、知纪、明纪、守纪。</p>
<p>　　抓实，就是要紧密结合实际，以学促干。要坚持问题导向，查找在遵守纪律方面存在的差距和不足，切实把学习成效转化为强大动力。</p>
{pager}</div>
<div class="box_news"><h2><a href="#">相关新闻</a></h2><ul>
<li><a href="#">以严明纪律保障党的事业行稳致远</a> 2024-05-05</li><li><a href="#">推动党纪学习教育走深走实</a> 2024-05-03</li>
</ul></div></div></body></html>""", encoding="utf-8")
    article = read_article(path)
    assert [plain_text(b.spans)[:2] for b in article.blocks] == ["开展", "抓紧", "抓实"]
    if pages:
        assert f"the site splits this article over {pages} pages" in caplog.text
    else:
        assert "splits this article" not in caplog.text


def test_a_policy_pages_catalogue_card_and_repeated_head(tmp_path, caplog):
    """中国政府网's policy page sets a card above the document (索引号,
    主题分类, 发文机关, 成文日期, 发文字号, 发布日期), which printed as the
    first table; the document then repeats its title and 文号, which
    printed as its first paragraphs, and the 主送机关 under them lost its
    place (the first paragraph under the title)."""
    path = tmp_path / "page.html"
    path.write_text("""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>国务院办公厅关于进一步规范基层干部培训工作的通知_国务院文件_中国政府网</title></head><body>
<div class="main"><table><tbody>
<tr><td><b>索</b> <b>引</b> <b>号：</b></td><td>000014349/2024-00045</td><td><b>主题分类：</b></td><td>综合政务</td></tr>
<tr><td><b>发文机关：</b></td><td>国务院办公厅</td><td><b>成文日期：</b></td><td>2024年04月20日</td></tr>
<tr><td><b>发文字号：</b></td><td>国办发〔2024〕18号</td><td><b>发布日期：</b></td><td>2024年04月26日</td></tr>
</tbody></table>
<div class="pages_content" id="UCAP-CONTENT">
<p style="text-align: center;"><strong>国务院办公厅关于进一步规范基层干部培训工作的通知</strong></p>
<p style="text-align: center;">国办发〔2024〕18号</p>
<p>各省、自治区、直辖市人民政府，国务院各部委、各直属机构：</p>
<p style="text-indent: 2em;">为深入贯彻党中央、国务院关于加强干部教育培训的决策部署，切实减轻基层负担，提高培训质量和效益，经国务院同意，现就进一步规范基层干部培训工作有关事项通知如下。</p>
<p style="text-indent: 2em;">各地区各部门要高度重视，加强组织领导，抓好贯彻落实，重要情况及时向国务院报告。</p>
<p style="text-align: right;">国务院办公厅</p>
<p style="text-align: right;">2024年4月20日</p>
</div>
<div class="related"><h3>相关稿件</h3><ul><li><a href="#">国务院办公厅关于印发《2024年政务公开工作要点》的通知</a></li></ul></div>
</div></body></html>""", encoding="utf-8")
    article = read_article(path)
    assert article.title == "国务院办公厅关于进一步规范基层干部培训工作的通知"
    assert article.source == "国办发〔2024〕18号"
    assert not any(isinstance(b, Table) for b in article.blocks)
    assert [getattr(b, "role", "") for b in article.blocks] == ["salutation", "", "", "signature"]
    assert "left out web-page furniture '索 引 号：" in caplog.text


def test_a_gbk_page_that_names_no_encoding_loses_its_sites_name(tmp_path):
    """A county site's page saved without a charset: its text was read as
    GBK, but the page's head (the site's name, 来源) as Latin-1, and the
    title kept its _某某县人民政府."""
    page = """<html><head><title>关于举办全县党纪学习教育专题培训班的通知_某某县人民政府</title></head><body>
<table width="100%"><tr><td><img src="images/top_banner.jpg" alt="某某县人民政府"></td></tr></table>
<table width="95%" align="center">
<tr><td align="center"><strong>关于举办全县党纪学习教育专题培训班的通知</strong></td></tr>
<tr><td class="zw">
<p>各乡镇党委，县直各单位党组（党委）：</p>
<p>　　为深入推进党纪学习教育，经县委同意，决定举办全县党纪学习教育专题培训班。现将有关事项通知如下。</p>
<p>　　各乡镇党委书记、纪委书记，县直各单位主要负责同志参加培训，请各单位于5月10日前报送名单。</p>
</td></tr></table></body></html>"""
    path = tmp_path / "page.htm"
    path.write_bytes(page.encode("gbk"))
    assert read_article(path).title == "关于举办全县党纪学习教育专题培训班的通知"


@pytest.mark.parametrize("declared, body, damaged", [
    ("gbk", "gbk", True),    # two bytes gone bad in a GBK page
    ("gbk", "utf-8", False),  # a head that names the wrong encoding: read by its bytes
    ("utf-8", "gbk", False),
])
def test_a_damaged_page_is_named_where_it_is_damaged(tmp_path, declared, body, damaged):
    """A GBK page with two damaged bytes was read in another encoding: it
    printed as mojibake, refused for 81 characters without a glyph."""
    text = "".join(f"<p>　　第{n}段：为深入推进党纪学习教育，经县委同意，决定举办全县党纪学习教育专题培训班。</p>\n"
                   for n in range(1, 9))
    page = (f'<html><head><meta charset="{declared}"><title>关于举办培训班的通知</title></head><body>\n'
            f'<h1>关于举办培训班的通知</h1>\n{text}</body></html>').encode(body)
    if damaged:
        at = page.index("第5段".encode(body))
        page = page[:at] + b"\xff\xfe" + page[at + 2:]
    path = tmp_path / "page.html"
    path.write_bytes(page)
    if damaged:
        with pytest.raises(SourceError, match="invalid GB18030 bytes at line 7 .*save it from its site again"):
            read_article(path)
    else:
        assert "第5段：为深入推进党纪学习教育" in "".join(plain_text(b.spans) for b in read_article(path).blocks)


def test_a_superscript_on_a_page_is_raised_not_bold(tmp_path):
    """m² on a saved page printed 2 in bold (trafilatura's #sup read as
    emphasis); CO₂'s 2 likewise."""
    path = tmp_path / "page.html"
    path.write_text("<html><head><meta charset='utf-8'><title>x</title></head><body><article>"
                    "<h1>滨江县建成党群服务中心</h1>"
                    "<p>新建的党群服务中心面积1200m<sup>2</sup>，设有党员活动室、图书室、议事厅等功能室，"
                    "年减少CO<sub>2</sub>排放约20吨，群众办事更加方便，满意度持续提升。</p>"
                    "<p>下一步，滨江县将继续推进党群服务阵地建设，把服务送到群众家门口，让群众办事少跑腿。</p>"
                    "</article></body></html>", "utf-8")
    first = read_article(path).blocks[0]
    assert [(s.text, sorted(s.style)) for s in first.spans if s.style] == [("2", ["sup"]), ("2", ["sub"])]


def test_a_gb2312_page_keeps_its_dashes_and_its_subtitle(tmp_path):
    """Python's gb2312 reads —— (A1AA) as ―― (U+2015), where a text file's
    reading gives U+2014; and the <h3> under the <h1> was a section heading
    printed below the date line, not the subtitle it is."""
    paragraph = "党纪学习教育开展以来，各地各部门坚持以学促知、以知促行，推动党纪学习教育走深走实。"
    page = ('<!DOCTYPE html><html><head><meta charset="gb2312"><title>以严明纪律保障高质量发展</title></head><body>'
            '<div class="main"><h1>以严明纪律保障高质量发展</h1><h3>——各地扎实推进党纪学习教育综述</h3>'
            f'<p>{paragraph}</p><h2>学纪知纪，筑牢思想根基</h2><p>{paragraph}</p><p>{paragraph}</p></div>'
            '</body></html>')
    path = tmp_path / "renmin.html"
    path.write_bytes(page.encode("gb18030"))  # (—— is A1AA, as GB2312 has it)
    article = read_article(path)
    assert (article.title, article.subtitle) == ("以严明纪律保障高质量发展", "——各地扎实推进党纪学习教育综述")
    assert not any("\u2015" in text for text, _line in iter_text(article.blocks))
    assert [plain_text(b.spans) for b in article.blocks if isinstance(b, Heading)] == ["学纪知纪，筑牢思想根基"]


def test_a_byline_in_brackets_under_the_title_stays_a_byline(tmp_path):
    paragraph = "党纪学习教育开展以来，各地各部门坚持以学促知、以知促行，推动党纪学习教育走深走实。"
    page = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>标题</title></head><body><div class="main">'
            '<h1>以严明纪律保障高质量发展</h1><p>（记者 张三 通讯员 李四）</p>'
            f'<p>{paragraph}</p><p>{paragraph}</p><p>{paragraph}</p></div></body></html>')
    path = tmp_path / "a.html"
    path.write_text(page, encoding="utf-8")
    article = read_article(path)
    assert article.subtitle is None
    assert "记者 张三 通讯员 李四" in "".join(text for text, _line in iter_text(article.blocks))
