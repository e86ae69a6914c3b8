"""Build the held-out text for ``conversion_accuracy.py``: real Hong Kong and
Taiwan text that no dictionary entry was written from, split by document
into ``test`` (looked at only as totals), ``dev`` (where mistakes are
studied) and ``mine`` (large text whose word statistics the dictionaries
may be measured on).

    .venv/bin/python benchmarks/heldout_corpus.py [--mirrors DIR] [--out DIR]

It reads three public GitHub repositories as git mirrors (``fetch`` them
into DIR as ``owner+name/repo``; nothing of them belongs in this
repository, and neither does the text this writes):

- ``raileo98/test2``: RTHK's Chinese news feeds, February to April 2025
  (every version of the feeds; the items of ``../shared/corpus/hk-rthk.txt``
  are left out);
- ``raileo98/testing``: news.gov.hk (the Hong Kong government's news), RTHK,
  InMedia and The Witness for Hong Kong; the Taiwan public broadcaster
  (PTS), Radio Taiwan International and CTS for Taiwan; April and May 2024;
- ``joanne3634/appledaily``: Taiwan's Apple Daily, its charity column,
  2008-2016.

Documents holding simplified characters are left out. Each group of
documents (``hk-govnews`` …) is shuffled by a hash of its keys, and the
first of them fill ``test`` and ``dev`` to the same quota of Han
characters (about 420,000 a region each); the rest is ``mine``.
"""

from __future__ import annotations

import argparse
import collections
import functools
import hashlib
import html
import re
import subprocess
from pathlib import Path

HAN = re.compile(r"[\u4e00-\u9fff]")
# Han characters per split and group; the rest of each group goes to mine.
QUOTA = {"hk-govnews": 130_000, "hk-rthk2024": 110_000, "hk-rthk2025": 100_000, "hk-media": 80_000,
         "tw-pts": 130_000, "tw-rti": 120_000, "tw-cts": 100_000, "tw-apple": 70_000}


def versions(repo: Path, path: str, revisions: list[str] | None = None) -> list[str]:
    """Every version of ``path`` in the history of ``repo``."""
    if revisions is None:
        revisions = subprocess.run(["git", "-C", str(repo), "rev-list", "--all", "--", path],
                                   capture_output=True, text=True, check=True).stdout.split()
    data = subprocess.run(["git", "-C", str(repo), "cat-file", "--batch"], capture_output=True, check=True,
                          input="".join(f"{r}:{path}\n" for r in revisions).encode()).stdout
    texts, i = [], 0
    while i < len(data):
        end = data.index(b"\n", i)
        header = data[i:end].split()
        if len(header) < 3 or header[1] != b"blob":
            i = end + 1
            continue
        size = int(header[2])
        texts.append(data[end + 1:end + 1 + size].decode("utf-8", "replace"))
        i = end + 1 + size + 1
    return texts


def lines_of(markup: str) -> list[str]:
    markup = re.sub(r"<(script|style|iframe)[^>]*>.*?</\1>|<figcaption.*?</figcaption>", "", markup, flags=re.S)
    markup = re.sub(r"<(br|/p|/div|/h\d|/li|p|div|h\d)[^>]*>", "\n", markup)
    text = html.unescape(re.sub(r"<[^>]+>", "", markup))
    return [line.strip() for line in text.splitlines() if line.strip()]


def rthk_2025(repo: Path, shared: str) -> dict[str, dict]:
    item = re.compile(r"^# (.+?)\n(.*?)\n---\n\s*原始網址[^<]*<https://news\.rthk\.hk/rthk/ch/component/k2/(\d+)-\d{8}\.htm>",
                      re.S | re.M)
    found: dict[str, dict] = {}
    for feed in ("hk_rthk_ch.md", "hk_rthk_local_ch.md", "hk_rthk_greaterChina_ch.md", "hk_rthk_world_ch.md",
                 "hk_rthk_finance_ch.md", "hk_rthk_sport_ch.md"):
        for text in versions(repo, feed):
            for title, body, key in item.findall(text):
                lines = lines_of(re.sub(r"!\[[^\]]*\]\([^)]*\)", "", body))
                if title in shared or (lines and lines[0][:30] in shared):
                    continue
                if key not in found or len("".join(lines)) > len("".join(found[key]["lines"])):
                    found[key] = {"title": title.strip(), "lines": lines, "group": "hk-rthk2025"}
    return found


def feeds_2024(repo: Path) -> dict[str, dict]:
    groups = {"hk_newsGovHK": "hk-govnews", "hk_rthk": "hk-rthk2024", "hk_inmedia": "hk-media",
              "hk_theWitness": "hk-media", "tw_pts": "tw-pts", "tw_twreporter": "tw-pts", "tw_rti": "tw-rti",
              "tw_cts": "tw-cts"}
    names = subprocess.run(["git", "-C", str(repo), "log", "--all", "--name-only", "--format="],
                           capture_output=True, text=True, check=True).stdout.split()
    found: dict[str, dict] = {}
    for feed in sorted({n for n in names if n.endswith(".rss")}):
        group = next((g for prefix, g in groups.items() if feed.startswith(prefix)), None)
        if group is None or feed.endswith("_en.rss"):
            continue
        for text in versions(repo, feed):
            for item in re.findall(r"<item>(.*?)</item>", text, re.S):
                title = re.search(r"<title>\s*(?:<!\[CDATA\[)?(.*?)(?:\]\]>)?\s*</title>", item, re.S)
                body = re.search(r"<description>\s*<!\[CDATA\[(.*?)\]\]>\s*</description>", item, re.S)
                link = re.search(r"<link>\s*(.*?)\s*</link>", item, re.S)
                if not (title and body):
                    continue
                key = link.group(1) if link else title.group(1)
                lines = lines_of(body.group(1))
                if key not in found or len("".join(lines)) > len("".join(found[key]["lines"])):
                    found[key] = {"title": html.unescape(title.group(1).strip()), "lines": lines, "group": group}
    return found


def apple_daily(repo: Path) -> dict[str, dict]:
    paths: dict[str, tuple[str, str]] = {}
    for revision in subprocess.run(["git", "-C", str(repo), "rev-list", "--all"], capture_output=True, text=True,
                                   check=True).stdout.split():
        listing = subprocess.run(["git", "-C", str(repo), "ls-tree", "-r", "--name-only", revision],
                                 capture_output=True, text=True, check=True).stdout.split("\n")
        for path in listing:
            if path.endswith(".htm"):
                paths.setdefault(path.rsplit("/", 1)[-1], (revision, path))
    found: dict[str, dict] = {}
    for revision, path in paths.values():
        page = html.unescape(versions(repo, path, [revision])[0])
        title = re.search(r'<h1 id="h1">(.*?)</h1>', page, re.S)
        key = re.search(r"article/headline/(\d+/\d+)", page)
        if not (title and key):
            continue
        lines = [line for block in re.findall(r'<p id="(?:introid|blockcontent\d+)">(.*?)</p>', page, re.S)
                 for line in lines_of(re.sub(r"<br\s*/?>", "\n", block))]
        found.setdefault(key.group(1), {"title": title.group(1).strip(), "lines": lines, "group": "tw-apple"})
    return found


@functools.lru_cache(maxsize=1)
def _converters() -> tuple:
    # (loading one reads its dictionaries: made once, not for each of the
    # tens of thousands of documents, which took most of the run's 40 minutes)
    import opencc

    return tuple(opencc.OpenCC(config) for config in ("s2t", "s2hk", "s2tw"))


def simplified_characters(text: str) -> int:
    """Characters no traditional edition prints (s2t, s2hk and s2tw all
    change them, and they are not also traditional)."""
    from publish.edition.tables import DUAL

    chars = sorted(set(HAN.findall(text)))
    joined = "\n".join(chars)
    forms = [converter.convert(joined).split("\n") for converter in _converters()]
    bad = {c for c, *others in zip(chars, *forms) if c not in DUAL and all(o != c for o in others)}
    return sum(ch in bad for ch in text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--out", type=Path, default=Path("/tmp/heldout2"))
    args = parser.parse_args()
    shared = (Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "hk-rthk.txt").read_text("utf-8")
    documents = {**rthk_2025(args.mirrors / "raileo98+test2" / "repo", shared),
                 **feeds_2024(args.mirrors / "raileo98+testing" / "repo"),
                 **apple_daily(args.mirrors / "joanne3634+appledaily" / "repo")}
    groups = collections.defaultdict(list)
    for key, document in documents.items():
        groups[document["group"]].append((hashlib.sha256((document["group"] + key).encode()).hexdigest(), document))
    out = collections.defaultdict(list)
    for group, members in groups.items():
        filled = {"test": 0, "dev": 0}
        for _hash, document in sorted(members, key=lambda pair: pair[0]):
            text = "\n\n".join([document["title"]] + [line for line in document["lines"] if HAN.search(line)])
            size = len(HAN.findall(text))
            if size < 20 or simplified_characters(text) > 2:
                continue
            split = next((s for s in ("test", "dev") if filled[s] < QUOTA[group]), "mine")
            filled[split] = filled.get(split, 0) + size
            out[split, group].append(text)
    for (split, group), texts in sorted(out.items()):
        (args.out / split).mkdir(parents=True, exist_ok=True)
        (args.out / split / f"{group}.txt").write_text("\n\n".join(texts) + "\n", encoding="utf-8")
        print(f"{split:5} {group:12} {sum(len(HAN.findall(t)) for t in texts):9,d} Han characters")


if __name__ == "__main__":
    main()
