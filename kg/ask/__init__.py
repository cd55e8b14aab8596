"""Questions in Chinese, answered from the graph (issue #14): GET /api/v1/ask and `kg ask`.

Offline and deterministic: no language model. The question is normalised, read by rules kept as
data (kg/extract/rules/data/ask.yaml) and linked to the graph's entities by name and alias;
then fixed, parameterised Cypher (kg.ask.queries) runs through the GraphReader, and the answer
carries the sentences that prove it and the Cypher it ran.

Families, tried in order (the first that finds something answers):
  out of scope  words the graph cannot answer (weather, house prices), places it does not hold
  who           the speaker of a report; who holds a post; the post a person holds
  relation      how two things are connected; what a thing is part of; where it is
  list          entities of a type (with a place, an industry, or any entity as scope)
  metric        a target or a result: indicator (synonyms too), kind, period, place
  topic         what the reports say about a topic: a handful of sentences, each containing it

Times: 2021年 names a year; 今年/去年/明年 resolve against the newest report in scope (the reports
about the place the question names, else all) unless the question names a year; 十四五/十三五
are the plan's five years (and its last year for targets such as 到2025年突破...). A figure
for year Y is looked for in every report: an actual of 2021 comes from the 2022 report.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any

from kg.ask import queries as Q
from kg.ask.sentences import topic_sentences
from kg.ask.understand import (
    Entity,
    Lexicon,
    Link,
    check_question,
    fold,
    indicator_score,
    kind_of,
    measures_of,
    normalise,
    read_time,
    rules,
)
from kg.errors import Err
from kg.store import cypher as store_cypher
from kg.store.reader import GraphReader
from kg.synonyms import get_synonyms

__all__ = ["ask", "check_question"]

FRONT_SENTENCES = 12   # the front matter of a report (title, meeting, speaker) is in its first sentences


@dataclass
class Snapshot:
    """What every question is linked against, read once per graph version."""

    lexicon: Lexicon
    docs: list[dict[str, Any]]
    indicators: list[str]


_snapshots: dict[str, Snapshot] = {}
_lock = threading.Lock()


def snapshot(reader: GraphReader) -> Snapshot:
    version = reader._run(store_cypher.GRAPH_VERSION, "reading the graph version")[0]["version"]
    key = f"{reader.settings.neo4j_uri}|{version}"
    with _lock:
        snap = _snapshots.get(key) if version is not None else None
    if snap is not None:
        return snap
    snap = Snapshot(lexicon=Lexicon.of(reader._run(Q.LEXICON, "reading entity names")),
                    docs=reader._run(Q.DOCUMENTS, "listing reports"),
                    indicators=[r["indicator"] for r in reader._run(Q.INDICATORS, "listing indicators")
                                if r["indicator"]])
    if version is not None:
        with _lock:
            if len(_snapshots) > 8:
                _snapshots.clear()
            _snapshots[key] = snap
    return snap


@dataclass
class Answer:
    question: str
    understood: bool = False
    intent: str = "none"
    entities: list[dict[str, Any]] = field(default_factory=list)
    metrics: list[dict[str, Any]] = field(default_factory=list)
    relations: list[dict[str, Any]] = field(default_factory=list)
    sentences: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    cypher: list[str] = field(default_factory=list)
    parameters: list[dict[str, Any]] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    reading: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"question": self.question, "understood": self.understood, "intent": self.intent,
                "entities": self.entities, "metrics": self.metrics, "relations": self.relations,
                "sentences": self.sentences, "evidence": self.evidence,
                "cypher": "\n\n".join(dict.fromkeys(self.cypher)), "parameters": self.parameters,
                "reading": self.reading, "suggestions": self.suggestions}


class Asker:
    """One question against one reader."""

    def __init__(self, reader: GraphReader, question: str) -> None:
        self.reader = reader
        self.answer = Answer(question=question)
        self.raw = question
        self.q = normalise(question)
        self.snap = snapshot(reader)
        self.links = self.snap.lexicon.link(self.q)
        self.r = rules()

    # --- plumbing ---------------------------------------------------------------------------
    def run(self, query: str, doing: str, **params: Any) -> list[dict[str, Any]]:
        self.answer.cypher.append(query.strip())
        self.answer.parameters.append(params)
        return self.reader._run(query, doing, **params)

    def docs_in_scope(self, place: Entity | None = None) -> list[dict[str, Any]]:
        docs = self.snap.docs
        if place is not None:
            own = [d for d in docs if d["place"] == place.id]
            docs = own or docs
        return docs

    def newest_year(self, docs: list[dict[str, Any]]) -> int | None:
        years = [d["year"] for d in docs if d.get("year")]
        return max(years) if years else None

    def place_link(self) -> Link | None:
        return next((lk for lk in self.links if lk.entity.type == "District"), None)

    def done(self, intent: str) -> Answer:
        a = self.answer
        a.intent = intent
        a.understood = bool(a.entities or a.metrics or a.relations or a.sentences)
        if not a.understood:
            a.suggestions = list(self.r["suggestions"])
        return a

    def not_understood(self, why: str) -> Answer:
        a = self.answer
        a.understood, a.intent = False, "none"
        a.entities, a.metrics, a.relations, a.sentences = [], [], [], []
        a.reading["why"] = why
        a.suggestions = list(self.r["suggestions"])
        return a

    # --- the families -----------------------------------------------------------------------
    def ask(self) -> Answer:
        a = self.answer
        a.reading = {"normalised": self.q,
                     "linked": [{"text": lk.surface, "id": lk.entity.id, "name": lk.entity.name,
                                 "type": lk.entity.type} for lk in self.links]}
        if not self.snap.docs:
            a.suggestions = [Err.E294.format()]
            a.reading["why"] = "no report loaded"
            return a
        why = self.out_of_scope()
        if why:
            return self.not_understood(why)
        families = [self.who, self.relation, self.listing, self.metric, self.topic]
        if re.search(r"几|多少", self.q):  # 今年有几个省市重点项目: a figure before a list, when one answers
            got = self.metric()
            if got is not None and got.understood:
                return got
            self.reset()
            families.remove(self.metric)
        for family in families:
            got = family()
            if got is not None:
                return got
        return self.not_understood("no rule reads this question")

    def reset(self) -> None:
        """Forget what a family that found nothing left in the answer (the reading stays)."""
        a = self.answer
        self.answer = Answer(question=a.question,
                             reading={k: a.reading[k] for k in ("normalised", "linked") if k in a.reading})

    def out_of_scope(self) -> str | None:
        q = self.q
        for w in self.r["out_of_scope"]:
            if w in q:
                return f"the graph holds nothing on {w}"
        linked = [(lk.start, lk.end) for lk in self.links]

        def free(i: int, j: int) -> bool:
            return not any(s < j and i < e for s, e in linked)

        for w in self.r["foreign_places"]:
            i = q.find(w)
            if i >= 0 and free(i, i + len(w)):
                return f"{w} is not in the graph"
        generic = set(self.r["generic_place_words"])
        for m in re.finditer(r"([\u4e00-\u9fff]{2,4}?)" + self.r["place_suffix"] + r"(?=长|委|政府|的|GDP|是|有|在|和|与|\d|$|人|经济|财政)", q):
            word = m.group(0)
            stem = word[:-1]
            stem = stem[max(stem.rfind(c) for c in "的年是和与在有对了") + 1:]  # 2021年的区长: no place
            if len(stem) < 2:
                continue
            word = stem + word[-1]
            if any(word.endswith(g) or g.endswith(word) for g in generic):
                continue
            if free(m.start(), m.end()) and not any(word in fold(lk.entity.name) for lk in self.links):
                return f"{word} is not in the graph"
        return None

    # who -------------------------------------------------------------------------------------
    def who(self) -> Answer | None:
        w = self.r["who"]
        q = self.q
        place = self.place_link()
        docs = self.docs_in_scope(place.entity if place else None)
        all_ids = [d["id"] for d in docs]
        year = read_time(q, self.newest_year(docs)).year
        if year is not None:
            docs = [d for d in docs if d.get("year") == year] or docs
        else:  # who holds a post now: the newest report says
            docs = [d for d in docs if d.get("year") == self.newest_year(docs)] or docs
        doc_ids = [d["id"] for d in docs]
        if re.search(w["speaker"], q):
            newest = self.newest_year(docs)
            pick = [d["id"] for d in docs if d.get("year") == newest] if year is None else doc_ids
            rows = self.run(Q.SPEAKER, "finding who gave the report", doc_ids=pick, front=FRONT_SENTENCES)
            for r in rows[:1]:
                self.add_entity(r)
                self.answer.evidence.append(r["sentence"])
            return self.done("who")
        person = next((lk for lk in self.links if lk.entity.type == "Person"), None)
        if person is not None and re.search(w["post_of"], q):
            rows = self.run(Q.RELATIONS_FROM, "reading the posts a person holds", a=person.entity.id,
                            types=["HOLDS_POST"], type=None, suffixes=[])
            self.add_relations(rows, answer_end="tail")
            return self.done("who")
        if not re.search(w["is_who"], q) and not re.search(r"谁", q):
            return None
        if person is not None:  # 某某是谁: the person and the posts the reports give them
            rows = self.run(Q.RELATIONS_FROM, "reading the posts a person holds", a=person.entity.id,
                            types=["HOLDS_POST"], type=None, suffixes=[])
            self.add_entity({"name": person.entity.name, "type": person.entity.type, "id": person.entity.id})
            self.add_relations(rows)
            return self.done("who")
        org = next((lk for lk in self.links if lk.entity.type == "Organization"), None)
        post = next((p for p in sorted(w["posts"], key=len, reverse=True) if p in q), None)
        if org is None and post is None:
            return None
        org_word = None
        if post in w["leader_words"]:  # the head of an organisation: whoever holds a post in it
            post = None
            if org is None:
                org_word = next((x for x in ("政府", "党委", "人大", "政协") if x in q), None)
                if org_word is None:
                    return None
        place_name = None if place is None or org is not None else fold(place.entity.name)
        rows = self.run(Q.HOLDERS, "finding who holds a post", org=org.entity.id if org else None,
                        org_word=org_word, post=post, place=place_name, doc_ids=doc_ids)
        if not rows and year is None and len(all_ids) > len(doc_ids):  # an older report names them
            rows = self.run(Q.HOLDERS, "finding who holds a post", org=org.entity.id if org else None,
                            org_word=org_word, post=post, place=place_name, doc_ids=all_ids)
        if not rows and place_name and place is not None:  # the report's own place: 区长 of 川汇区
            rows = self.run(Q.HOLDERS, "finding who holds a post", org=None, org_word=org_word, post=post,
                            place=None, doc_ids=[d["id"] for d in docs if d["place"] == place.entity.id])
        self.add_relations(rows, answer_end="head")
        return self.done("who")

    # relation --------------------------------------------------------------------------------
    def relation(self) -> Answer | None:
        r = self.r["relation"]
        q = self.q
        m = re.search(r["between"], q)
        if m:
            a = self.link_in(m.start(1), m.end(1))
            b = self.link_in(m.start(2), m.end(2))
            if a is None or b is None:
                return self.not_understood("one of the two things is not in the graph")
            rows = self.run(Q.RELATIONS_BETWEEN, "reading relations between two entities",
                            a=a.entity.id, b=b.entity.id, types=Q.TYPED)
            if not rows:
                rows = self.run(Q.RELATIONS_ON_PATH, "finding how two entities are connected",
                                a=a.entity.id, b=b.entity.id)
            self.add_relations(rows)
            return self.done("relation")
        m = re.search(r["part_of"], q)
        if m:
            a = self.link_in(m.start(1), m.end(1))
            if a is None:
                return None
            tw = self.type_word(q[m.start(2):])
            verb = q[m.end(1):m.start(2)]
            if verb.startswith("是") and (tw is None or tw["at"] > 4):
                return None
            rows = self.run(Q.RELATIONS_FROM, "reading what an entity belongs to", a=a.entity.id,
                            types=["PART_OF", "LOCATED_IN", "IN_INDUSTRY", "HOLDS_POST"],
                            type=tw["type"] if tw else None, suffixes=tw.get("suffixes", []) if tw else [])
            self.add_relations(rows, answer_end="tail")
            return self.done("relation")
        m = re.search(r["located"], q)
        if m:
            a = self.link_in(m.start(1), m.end(1))
            if a is None:
                return None
            rows = self.run(Q.RELATIONS_FROM, "reading where an entity is", a=a.entity.id,
                            types=["LOCATED_IN", "PART_OF"], type=None, suffixes=[])
            self.add_relations(rows, answer_end="tail")
            if not rows:  # the place named right before it in a sentence (高新区“孵化器”)
                for p in self.run(Q.PLACE_BEFORE, "reading the place named before an entity", a=a.entity.id):
                    self.answer.relations.append({"type": "LOCATED_IN", "head": a.entity.name, "tail": p["name"],
                                                  "evidence": p["sentence"]["sentence"], "source": "adjacent names"})
                    self.add_entity(p)
                    self.answer.evidence.append(p["sentence"])
            return self.done("relation")
        return None

    def link_in(self, i: int, j: int) -> Link | None:
        inside = [lk for lk in self.links if lk.start >= i and lk.end <= j]
        if inside:
            return max(inside, key=lambda lk: (lk.end - lk.start, -lk.start))
        return None

    # list ------------------------------------------------------------------------------------
    def type_word(self, text: str) -> dict[str, Any] | None:
        best: tuple[int, int, dict[str, Any]] | None = None
        for tw in self.r["list"]["types"]:
            for w in tw["words"]:
                i = text.find(w)
                if i >= 0 and (best is None or (i, -len(w)) < (best[0], best[1])):
                    best = (i, -len(w), {**tw, "word": w, "at": i})
        return best[2] if best else None

    def listing(self) -> Answer | None:
        q = self.q
        m = re.search(self.r["list"]["ask"], q)
        if m is None:
            return None
        rest = q[m.end():]
        tw = self.type_word(rest)
        if tw is None or tw["at"] > 8:
            return None
        modifier = rest[:tw["at"]]
        if modifier and re.search(r"举措|措施|安排|内容|工作|变化|成效|成绩", modifier):
            return None
        scope = self.link_in(0, m.start())
        if scope is None:  # 哪些企业参与了某项目: the scope after the type word
            scope = self.link_in(m.end() + tw["at"] + len(tw["word"]), len(q))
        mod_link = self.link_in(m.end(), m.end() + tw["at"])
        suffixes = tw.get("suffixes", [])
        exclude = ["线路", "电路"] if tw["type"] == "Location" else []
        industries: list[str] = []
        word = ""
        if scope is None:  # words before the list word that are no entity: an industry, or an unknown scope
            before = q[:m.start()]
            for f in sorted(self.r["list"]["filler"], key=len, reverse=True):
                before = re.sub(f, "", before)
            if len(before) >= 2:
                if tw["type"] in ("Policy", "Indicator", "Industry"):  # 营商环境方面有哪些政策: a topic
                    return None
                if tw["type"] not in ("Company", "Project"):
                    return self.not_understood(f"{before} is not in the graph")
                modifier = re.sub(r"(?:行业|产业|领域|方面|类)$", "", before) + modifier
        if mod_link is not None and mod_link.entity.type == "Industry":
            industries = [mod_link.entity.id]
        elif len(modifier) >= int(self.r["industry_modifier_min"]) and tw["type"] in ("Company", "Project"):
            word = modifier
            industries = self.run(Q.INDUSTRIES_NAMED, "finding industries by name", word=modifier)[0]["ids"]
        limit = int(self.r["limits"]["max_entities"])
        time = read_time(q, self.newest_year(self.snap.docs))
        docs = self.snap.docs
        if time.year is not None:
            docs = [d for d in docs if d.get("year") == time.year] or docs
        if scope is not None and scope.entity.type != tw["type"] or (scope is not None and tw["type"] == "District"):
            assert scope is not None
            subject_docs = [d["id"] for d in docs if d["place"] == scope.entity.id] \
                if scope.entity.type == "District" else []
            rows = self.run(Q.LIST_IN_SCOPE, "listing entities around an entity", x=scope.entity.id,
                            type=tw["type"], suffixes=suffixes, exclude=exclude, industries=industries,
                            subject_docs=subject_docs, limit=limit)
            self.answer.evidence.append({"scope": scope.entity.name, "type": tw["type"]})
        else:
            rows = self.run(Q.LIST_IN_DOCS, "listing entities the reports name", type=tw["type"],
                            suffixes=suffixes, exclude=exclude, industries=industries, word=word,
                            doc_ids=[d["id"] for d in docs], limit=limit)
        for r in rows:
            self.add_entity(r)
        return self.done("list")

    # metric ----------------------------------------------------------------------------------
    def metric(self) -> Answer | None:
        q = self.q
        if re.search(self.r["topic_cue"], q):  # 报告对优良天数有哪些措施: sentences, not the figure
            return None
        syn = get_synonyms()
        text = q
        for std, forms in syn.groups.items():  # GDP / 财政收入 -> the standard name, in the text matched
            for f in sorted(forms, key=len, reverse=True):
                if fold(f).upper() in text.upper():
                    text += "|" + std
                    break
        for word, std in self.r["indicator_words"].items():
            if word in q:
                text += "|" + std
        scored = []
        for ind in self.snap.indicators:
            names = {ind, syn.standard_name(ind)}
            best = max(indicator_score(n, text) for n in names)
            if best[0] >= 0.75 and best[1] >= 2:
                scored.append((best, ind))
        cue = re.search(r"多少|几|目标|增长|增速|比重|占比|达到|百分|率|幅|规模|总额|总量|完成|实现|突破", q)
        if not scored:
            if cue:
                return self.not_understood("no figure of the graph matches the question's indicator")
            return None
        if not cue:
            return None
        scored.sort(key=lambda s: (-s[0][0], -s[0][1], s[1]))
        place = self.place_link()
        docs = self.docs_in_scope(place.entity if place else None)
        time = read_time(q, self.newest_year(docs))
        kind = kind_of(q, time)
        measures = measures_of(q)
        rows = self.run(Q.METRICS, "reading figures", indicators=[s[1] for s in scored],
                        doc_ids=[d["id"] for d in self.snap.docs])
        year_of = {d["id"]: d.get("year") for d in self.snap.docs}
        rank = {ind: i for i, (_, ind) in enumerate(scored)}

        def keep(r: dict[str, Any]) -> bool:
            m = r["metric"]
            if kind and m["kind"] != kind:
                return False
            if time.periods and m["period"] not in time.periods:
                return False
            if place is not None and r["about"] is not None and r["about"]["type"] == "District" \
                    and r["about"]["id"] != place.entity.id:
                return False
            return True

        hits = [r for r in rows if keep(r)]
        if not hits:
            return self.not_understood("no figure of that indicator, kind and time in the graph")
        best_ind = min(hits, key=lambda r: (rank[r["metric"]["indicator"]],))["metric"]["indicator"]
        best_score = scored[rank[best_ind]][0]
        hits = [r for r in hits if scored[rank[r["metric"]["indicator"]]][0] == best_score
                or syn.standard_name(r["metric"]["indicator"]) == syn.standard_name(best_ind)]
        if measures == {"growth"}:
            hits = [r for r in hits if r["metric"]["measure"] == "growth"] or hits
        elif measures == {"level"}:
            hits = [r for r in hits if r["metric"]["measure"] != "growth"] or hits
        newest = self.newest_year(docs) or 0

        def order(r: dict[str, Any]) -> tuple:
            m = r["metric"]
            p = time.periods.index(m["period"]) if m["period"] in time.periods else 9
            cur = str(newest - 1 if m["kind"] == "actual" else newest)
            doc_year = year_of.get(m["doc_id"]) or 0
            return (p, m["period"] != cur if not time.periods else False, m["measure"] == "growth",
                    -doc_year, m["indicator"], m["measure"])

        hits.sort(key=order)
        seen = set()
        for r in hits:
            m = r["metric"]
            key = (syn.standard_name(m["indicator"]), m["kind"], m["measure"], m["value"], m["unit"], m["period"])
            if key in seen:
                continue
            seen.add(key)
            if len(self.answer.metrics) >= int(self.r["limits"]["max_metrics"]):
                break
            self.answer.metrics.append({"indicator": syn.standard_name(m["indicator"]), "kind": m["kind"],
                                        "measure": m["measure"], "value": m["value"], "unit": m["unit"],
                                        "period": m["period"], "qualifier": m["qualifier"],
                                        "stated_as": m["indicator"], "doc_id": m["doc_id"],
                                        "about": (r["about"] or {}).get("name")})
            self.answer.evidence.extend(r["evidence"])
        self.answer.reading.update({"kind": kind, "periods": time.periods, "measures": sorted(measures),
                                    "indicator": best_ind})
        return self.done("metric")

    # topic -----------------------------------------------------------------------------------
    def topic(self) -> Answer | None:
        t = self.r["topic"]
        q = self.q.rstrip("？?。!！")
        topic = None
        for frame in t["frames"]:
            m = re.search(frame, q)
            if m and m.group("t"):
                topic = m.group("t")
                break
        if topic is None:
            return None
        strip = sorted([*t["strip"], *(fold(lk.entity.name) for lk in self.links if lk.entity.type == "District"),
                        *(lk.surface for lk in self.links if lk.entity.type == "District")], key=len, reverse=True)
        changed = True
        while changed:
            changed = False
            for w in strip:
                if len(topic) > len(w) + 1 and (topic.startswith(w) or topic.endswith(w)):
                    topic = topic[len(w):] if topic.startswith(w) else topic[: -len(w)]
                    changed = True
        topic = topic.strip("，,、的")
        if len(topic) < 2:
            return None
        forms, own = self.topic_forms(topic)
        place = self.place_link()
        docs = self.docs_in_scope(place.entity if place else None)
        time = read_time(q, self.newest_year(docs))
        if time.year is not None:
            docs = [d for d in docs if d.get("year") in (time.year, time.year + 1)] or docs
        limit = int(t.get("max", self.r["limits"]["max_sentences"]))
        rows, query, params = topic_sentences(self.reader, forms, [d["id"] for d in docs], limit * 4)
        self.answer.cypher.append(query.strip())
        self.answer.parameters.append(params)
        # The whole topic when it is in enough sentences; else its close forms too; the words of its
        # policy field only when neither the topic nor a close form is in any sentence.
        full = [r for r in rows if r["rank"] == 0]
        close = [r for r in rows if r["rank"] < own]
        rows = full if len(full) >= int(t["min_full"]) else close or rows
        for r in rows[:limit]:
            self.answer.sentences.append({"text": r["text"], "doc_id": r["doc_id"]})
            self.answer.evidence.append({"doc_id": r["doc_id"], "sentence_id": r["sentence_id"],
                                         "matched": forms[r["rank"]]})
        self.answer.reading.update({"topic": topic, "forms": forms})
        return self.done("topic")

    def topic_forms(self, topic: str) -> tuple[list[str], int]:
        """The topic, then its close forms: the names of the entity it is, the topic without a
        generic ending (老旧小区改造 -> 老旧小区), a four-character topic in the other order."""
        forms = [topic]
        for lk in self.snap.lexicon.link(topic):
            if lk.end - lk.start == len(topic):
                forms.append(fold(lk.entity.name))
        cur = topic
        suffixes = self.r["topic"]["suffixes"]
        changed = True
        while changed:
            changed = False
            for s in suffixes:
                if cur.endswith(s) and len(cur) - len(s) >= 2:
                    cur = cur[: -len(s)]
                    forms.append(cur)
                    changed = True
        if len(topic) == 4:
            forms.append(topic[2:] + topic[:2])
        forms = list(dict.fromkeys(f for f in forms if len(f) >= 2))
        return forms + self.related_forms(topic, forms), len(forms)

    def related_forms(self, topic: str, forms: list[str]) -> list[str]:
        """The words of the policy field the topic belongs to (ask.yaml topic.related)."""
        out: list[str] = []
        for group in self.r["topic"]["related"]:
            if any(w in topic or topic in w for w in group if len(w) >= 2):
                out.extend(w for w in group if w not in forms and w not in out and len(w) >= 2)
        return out

    # --- answer items -----------------------------------------------------------------------
    def add_entity(self, r: dict[str, Any]) -> None:
        item = {"name": r["name"], "type": r["type"], "id": r["id"]}
        if item not in self.answer.entities:
            self.answer.entities.append(item)

    def add_relations(self, rows: list[dict[str, Any]], answer_end: str | None = None) -> None:
        for r in rows:
            self.answer.relations.append({"type": r["type"], "head": r["head"], "tail": r["tail"],
                                          "evidence": r["evidence"] or ""})
            self.answer.evidence.extend(r["sentences"])
            if answer_end == "head":
                self.add_entity({"name": r["head"], "type": r["head_type"], "id": r["head_id"]})
            elif answer_end == "tail":
                self.add_entity({"name": r["tail"], "type": r["tail_type"], "id": r["tail_id"]})


def ask(reader: GraphReader, question: str | None) -> dict[str, Any]:
    """The answer to one question, as the JSON object /api/v1/ask returns (shape: the docstring
    of the eval kit's qa_score.py, plus parameters, reading and suggestions)."""
    q = check_question(question)
    return Asker(reader, q).ask().as_dict()

