// The analyst page: plain JavaScript over /api/v1, one view per hash route.
//   #/                 reports, districts and counts
//   #/search/<q>       entities, and sentences containing q (then those sharing its words), matches marked
//   #/entity/<id>      facts (mentions), figures (metrics), links (neighbours), graph, exports
//   #/district/<id>    targets against results per indicator and year, projects, companies
// Every text from the graph goes through esc() or highlight() before it reaches innerHTML.
"use strict";

const API = "/api/v1";
const view = document.getElementById("view");
const TYPE_ZH = {District: "行政区", Location: "地点", Project: "项目", Company: "企业", Organization: "机构",
                 Person: "人物", Indicator: "指标", Industry: "产业", Policy: "政策"};
const MEASURE_ZH = {level: "总量", growth: "增长", share: "占比", count: "数量"};
const KIND_ZH = {target: "目标", actual: "完成"};
const REL_ZH = {LOCATED_IN: "位于", PART_OF: "隶属", PARTICIPATES_IN: "参与", IN_INDUSTRY: "属于产业",
                COOPERATES_WITH: "合作", HOLDS_POST: "任职"};

// --- fetching (a read key, when the server asks for one, is kept for this tab only) ----------------

async function api(path, {raw = false} = {}) {
  const headers = {};
  const key = sessionStorage.getItem("policykg-key");
  if (key) headers["X-API-Key"] = key;
  const res = await fetch(API + path, {headers});
  if (res.status === 401 && !raw) {
    const given = prompt("This server needs a read key (KG_READ_API_KEY):");
    if (given) { sessionStorage.setItem("policykg-key", given); return api(path, {raw}); }
  }
  if (!res.ok) {
    let detail = res.statusText;
    try { detail = (await res.json()).detail || detail; } catch (e) { /* not JSON */ }
    throw new Error(`${res.status}: ${typeof detail === "string" ? detail : JSON.stringify(detail)}`);
  }
  return raw ? res : res.json();
}

async function allPages(path, max = 1000) {
  const sep = path.includes("?") ? "&" : "?";
  let items = [], total = Infinity;
  while (items.length < Math.min(total, max)) {
    const page = await api(`${path}${sep}limit=100&offset=${items.length}`);
    total = page.total;
    items = items.concat(page.data);
    if (!page.data.length) break;
  }
  return {items, total};
}

// --- formatting ---------------------------------------------------------------------------------

function esc(s) {
  return String(s ?? "").replace(/[&<>"']/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})[c]);
}

// 309.0 arrives as 309 in JSON, but be explicit: whole numbers never show ".0", others keep their digits.
function num(v) {
  if (v === null || v === undefined || v === "") return "";
  const n = Number(v);
  if (!Number.isFinite(n)) return esc(v);
  return Number.isInteger(n) ? n.toLocaleString("zh-CN") : n.toLocaleString("zh-CN", {maximumFractionDigits: 6});
}

// Qualifiers the reports write after the figure (8%左右, 5.5%以内); the others go before it (超过3000名).
const AFTER = /^(左右|以上|以下|以内|之内|上下|多|余)$/;

function figure(m) {
  const q = m.qualifier || "", text = num(m.value) + esc(m.unit || "");
  return AFTER.test(q) ? text + esc(q) : esc(q) + text;
}

// Full-width punctuation as ASCII, one character for one, so positions found in the folded text
// are positions in the original (a metric's own span is stored with ASCII commas).
const FOLD = {"，": ",", "；": ";", "：": ":", "（": "(", "）": ")", "！": "!", "？": "?", "％": "%"};
const fold = s => String(s).replace(/[，；：（）！？％]/g, c => FOLD[c]);

// Text with every occurrence of any term wrapped in <mark>; overlapping matches merge.
function highlight(text, terms) {
  text = String(text ?? "");
  const folded = fold(text), spans = [];
  for (const t of new Set(terms.filter(t => t && String(t).length).map(fold))) {
    let i = folded.indexOf(t);
    while (i >= 0) { spans.push([i, i + t.length]); i = folded.indexOf(t, i + 1); }
  }
  spans.sort((a, b) => a[0] - b[0]);
  let out = "", at = 0;
  for (const [s, e] of spans) {
    if (e <= at) continue;
    const from = Math.max(s, at);
    out += esc(text.slice(at, from)) + "<mark>" + esc(text.slice(from, e)) + "</mark>";
    at = e;
  }
  return out + esc(text.slice(at));
}

function tag(type) { return `<span class="tag ${esc(type)}">${esc(TYPE_ZH[type] || type)}</span>`; }

function entityLink(e) {
  const route = e.type === "District" ? "district" : "entity";
  return `<a href="#/${route}/${encodeURIComponent(e.id)}">${esc(e.name)}</a>`;
}

// One piece of evidence: the report and section path it sits in, then the sentence, terms marked.
function evidence(ev, terms) {
  const path = (ev.section_path || []).map(p => `<b>${esc(p)}</b>`).join(" › ");
  return `<div class="ev"><div class="path">${esc(ev.doc_id)}${path ? " › " + path : ""}</div>` +
         `<p>${highlight(ev.sentence, terms)}</p></div>`;
}

function setView(html) { view.innerHTML = html; }
function fail(err) { setView(`<div class="error">没有取到数据 (could not load): ${esc(err.message)}</div>`); }

// --- views --------------------------------------------------------------------------------------

async function home() {
  const [stats, docs, districts] = await Promise.all([
    api("/stats"), api("/documents?limit=100"), api("/browse/districts?limit=100")]);
  const labels = stats.labels || {};
  const cards = ["Document", "District", "Project", "Company", "Organization", "Indicator", "Metric", "Sentence"]
    .map(l => `<div class="card"><b>${num(labels[l] || 0)}</b><span>${esc({Document: "报告", Metric: "指标数值", Sentence: "句子"}[l] || TYPE_ZH[l] || l)}</span></div>`)
    .join("");
  const docRows = docs.data.map(d => `<tr><td>${esc(d.title || d.id)}<div class="muted">${esc(d.id)}</div></td>
      <td class="num">${esc(d.year ?? "")}</td><td class="num">${num(d.sentences)}</td><td class="num">${num(d.entities)}</td>
      <td class="num">${num(d.metrics)}</td><td class="num">${num(d.relations)}</td></tr>`).join("");
  const distRows = districts.data.map(d => `<tr><td>${entityLink(d)}${d.code ? ` <span class="muted">${esc(d.code)}</span>` : ""}</td>
      <td>${esc(d.parent || "")}</td><td class="num">${num(d.targets)}</td><td class="num">${num(d.actuals)}</td>
      <td class="num">${num(d.projects)}</td><td class="num">${num(d.mentions)}</td></tr>`).join("");
  setView(`<h1>已载入的报告</h1>
    <div class="cards" id="counts">${cards}</div>
    <h2>报告 Reports (${num(docs.total)})</h2>
    <table id="documents"><thead><tr><th>报告</th><th class="num">年份</th><th class="num">句子</th><th class="num">实体</th>
      <th class="num">指标数值</th><th class="num">关系</th></tr></thead><tbody>${docRows ||
      '<tr><td colspan="6" class="muted">还没有报告：kg build data/sample/</td></tr>'}</tbody></table>
    <h2>行政区 Districts (${num(districts.total)})</h2>
    <table id="districts"><thead><tr><th>行政区</th><th>上级</th><th class="num">目标</th><th class="num">完成</th>
      <th class="num">项目</th><th class="num">提及</th></tr></thead><tbody>${distRows}</tbody></table>`);
}

// A sentence hit of /search?scope=sentences: its marks come from the hit offsets the API sends
// (start, end in the sentence), each piece of text through esc().
function markedHit(text, hits) {
  let out = "", at = 0;
  for (const h of hits || []) {
    if (h.end <= at) continue;
    const from = Math.max(h.start, at);
    out += esc(text.slice(at, from)) + "<mark>" + esc(text.slice(from, h.end)) + "</mark>";
    at = h.end;
  }
  return out + esc(text.slice(at));
}

function sentenceHit(h) {
  const d = h.document || {};
  const report = `${esc(d.title || d.id)}${d.year ? ` (${esc(d.year)})` : ""}`;
  const path = (h.section_path || []).map(p => `<b>${esc(p)}</b>`).join(" › ");
  const kind = h.exact ? '<span class="tag exact">完整匹配</span>' : '<span class="tag">部分匹配</span>';
  return `<div class="ev${h.exact ? "" : " loose"}"><div class="path">${kind}${report}${path ? " › " + path : ""}` +
         ` <span class="score">${num(Math.round(h.score * 100) / 100)}</span></div>` +
         `<p>${markedHit(h.sentence, h.hits)}</p></div>`;
}

async function search(q) {
  document.getElementById("search-input").value = q;
  const [ents, sents] = await Promise.all([
    api(`/search?q=${encodeURIComponent(q)}&limit=30`),
    api(`/search?scope=sentences&q=${encodeURIComponent(q)}&limit=30`)]);
  const entRows = ents.data.map(e => `<tr><td>${tag(e.type)} ${entityLink(e)}</td>
      <td>${highlight([e.name, ...(e.aliases || [])].join("、"), [q])}</td><td>${esc(e.parent || "")}</td></tr>`).join("");
  const sentItems = sents.data.map(sentenceHit).join("");
  const searched = sents.query !== q ? ` <span class="muted">(按“${esc(sents.query)}”检索)</span>` : "";
  setView(`<h1>搜索 “${esc(q)}”${searched}</h1>
    <h2>实体 Entities (${num(ents.total)})</h2>
    <table id="entity-hits"><thead><tr><th>实体</th><th>名称与别名</th><th>上级</th></tr></thead>
      <tbody>${entRows || '<tr><td colspan="3" class="muted">没有匹配的实体</td></tr>'}</tbody></table>
    <h2>句子 Sentences (${num(sents.total)})</h2>
    <p class="muted" id="sentence-counts">${num(sents.exact_total)} 句包含完整的“${esc(sents.query)}”，其余句子只含其中的词</p>
    <div id="sentence-hits">${sentItems || '<p class="muted">没有包含该词的句子</p>'}</div>
    ${sents.total > sents.data.length ? `<p class="pager muted">显示前 ${sents.data.length} 句</p>` : ""}`);
}

async function entity(id) {
  const e = await api(`/entities/${encodeURIComponent(id)}`);
  const names = [e.name, ...(e.aliases || [])];
  const [ties, figures] = await Promise.all([
    api(`/entities/${encodeURIComponent(id)}/neighbours?limit=100`),
    e.type === "Indicator" ? allPages(`/metrics?indicator=${encodeURIComponent(id)}`, 300)
      : e.type === "District" ? allPages(`/metrics?district=${encodeURIComponent(id)}`, 300)
      : Promise.resolve({items: [], total: 0})]);
  const facts = `<dl class="facts"><dt>类型</dt><dd>${tag(e.type)}</dd>
      ${e.aliases.length ? `<dt>别名</dt><dd>${e.aliases.map(esc).join("、")}</dd>` : ""}
      ${e.code ? `<dt>代码</dt><dd>${esc(e.code)}</dd>` : ""}${e.parent ? `<dt>上级</dt><dd>${esc(e.parent)}</dd>` : ""}
      <dt>出处</dt><dd>${e.doc_ids.map(esc).join("、")}</dd>
      <dt>提及</dt><dd>${num(e.mention_count)} 次 · ${num(e.metric_count)} 个指标数值</dd></dl>`;
  const mentions = e.mentions.map(m => evidence(m, [m.text || e.name, ...names])).join("");
  const figureRows = figures.items.map(m => `<tr><td>${esc(m.indicator)}</td><td><span class="tag ${m.kind}">${KIND_ZH[m.kind]}</span></td>
      <td class="nowrap">${esc(MEASURE_ZH[m.measure] || m.measure)}</td><td class="num">${figure(m)}</td><td class="nowrap">${esc(m.period || "")}</td>
      <td>${m.evidence.map(ev => `<div>${highlight(ev.sentence, metricTerms(m, ev, names))}</div>`).join("")}</td></tr>`).join("");
  const tieItems = ties.data.map(t => `<div class="ev"><div><b>${esc(REL_ZH[t.relation] || t.relation)}</b>
      ${t.direction === "out" ? "→" : "←"} ${tag(t.entity.type)}${entityLink(t.entity)}
      <span class="muted">${t.confidence != null ? "置信度 " + num(t.confidence) : ""} ${esc(t.source || "")}</span></div>
      ${t.evidence.map(ev => `<div class="path">${esc(ev.doc_id)} › ${(ev.section_path || []).map(esc).join(" › ")}</div>
      <p>${highlight(ev.sentence, [...names, t.entity.name])}</p>`).join("")}</div>`).join("");
  const districtLink = e.type === "District"
    ? `<p><a href="#/district/${encodeURIComponent(id)}">目标与完成情况 → 行政区页面</a></p>` : "";
  setView(`<h1>${esc(e.name)} ${tag(e.type)}</h1>${districtLink}
    <div class="two"><section><h2>事实 Facts</h2>${facts}</section>
    <section><h2>导出 Export</h2><p>
      <a href="#" data-download="/export?format=graphml&entity=${encodeURIComponent(id)}&hops=1" data-name="${esc(e.name)}.graphml">GraphML</a> ·
      <a href="#" data-download="/export?format=json&entity=${encodeURIComponent(id)}&hops=1" data-name="${esc(e.name)}.json">JSON</a>
      ${figures.total ? ` · <a href="#" data-download="/browse/metrics?format=csv&${e.type === "District" ? "district" : "indicator"}=${encodeURIComponent(id)}" data-name="${esc(e.name)}-metrics.csv">指标 CSV</a>` : ""}
    </p></section></div>
    <h2>关系图 Neighbourhood</h2><div id="graph"></div>
    <h2>关系 Links (${num(ties.total)})</h2><div id="links">${tieItems || '<p class="muted">没有关系</p>'}</div>
    ${figures.total ? `<h2>指标数值 Figures (${num(figures.total)})</h2><table id="figures"><thead><tr><th>指标</th><th>类别</th>
      <th>度量</th><th class="num">数值</th><th>时期</th><th>原句</th></tr></thead><tbody>${figureRows}</tbody></table>` : ""}
    <h2>提及 Mentions (${num(e.mention_count)})</h2><div id="mentions">${mentions}</div>`);
  try { await drawGraph(id); } catch (err) {
    document.getElementById("graph").innerHTML = `<p class="error">${esc(err.message)}</p>`;
  }
}

// How a value may be written in its sentence (292 -> "292", 6.59 -> "6.59"), to mark it.
function valueForms(m) { return [String(Number(m.value))]; }

// What to mark in a metric's sentence: its own span when it is a part of the sentence (not all
// of it), else its indicator and value.
function metricTerms(m, ev, extra = []) {
  const span = m.evidence_text && fold(m.evidence_text).length < 0.6 * ev.sentence.length ? [m.evidence_text] : [];
  return [...span, m.indicator, ...valueForms(m), ...extra];
}

async function district(id) {
  const [e, figures, projects] = await Promise.all([
    api(`/entities/${encodeURIComponent(id)}`),
    allPages(`/metrics?district=${encodeURIComponent(id)}`, 1000),
    allPages(`/projects?district=${encodeURIComponent(id)}`, 300)]);
  const groups = groupFigures(figures.items);
  // a verdict column once some target is answered (met / missed / not_comparable): a lone report's
  // targets are all no_actual and its results all no_target, which says nothing per row
  const compared = new Set(["met", "missed", "not_comparable"]);
  const hasVerdict = figures.items.some(m => compared.has(m.verdict));
  const rows = groups.map((g, i) => `<tr class="pick" data-group="${i}"><td>${esc(g.indicator)}</td>
      <td class="nowrap">${esc(MEASURE_ZH[g.measure] || g.measure)}</td><td class="nowrap">${esc(g.period || "")}</td>
      <td class="num">${g.target.map(figure).join("<br>")}</td><td class="num">${g.actual.map(figure).join("<br>")}</td>
      ${hasVerdict ? `<td>${esc(g.target.map(m => m.verdict).filter(Boolean).join(" "))}</td>` : ""}</tr>`).join("");
  const companies = new Map();
  for (const p of projects.items) for (const c of p.companies) companies.set(c.entity.id, {c, p});
  const projectRows = projects.items.map(p => `<tr><td>${entityLink(p)}</td>
      <td>${p.located_in.map(t => entityLink(t.entity)).join("、")}</td>
      <td>${p.companies.map(t => entityLink(t.entity)).join("、")}</td>
      <td>${p.industries.map(t => entityLink(t.entity)).join("、")}</td>
      <td>${(p.targets || []).map(t => `${esc(t.indicator)} ${figure(t)}${t.period ? "（" + esc(t.period) + "）" : ""}`).join("<br>")}</td></tr>`).join("");
  const companyRows = [...companies.values()].map(({c, p}) => `<tr><td>${entityLink(c.entity)}</td><td>${entityLink(p)}</td>
      <td>${c.evidence.map(ev => highlight(ev.sentence, [c.entity.name, p.name])).join("<br>")}</td></tr>`).join("");
  setView(`<h1>${esc(e.name)} ${tag("District")}</h1>
    <p class="muted">${e.code ? "代码 " + esc(e.code) + " · " : ""}${e.parent ? "上级 " + esc(e.parent) + " · " : ""}
      <a href="#/entity/${encodeURIComponent(id)}">实体页面、关系图与提及</a> ·
      <a href="#" data-download="/browse/metrics?format=csv&district=${encodeURIComponent(id)}" data-name="${esc(e.name)}-metrics.csv">指标 CSV</a></p>
    <h2>目标与完成 Targets and results (${num(figures.total)})</h2>
    ${hasVerdict ? "" : '<p class="note">Verdicts (met / missed) appear here once a target has a year and a report loaded states the result for it (GET /api/v1/metrics/compare).</p>'}
    <div class="chart" id="chart"></div>
    <table id="targets"><thead><tr><th>指标</th><th>度量</th><th>时期</th><th class="num">目标</th><th class="num">完成</th>
      ${hasVerdict ? "<th>结论</th>" : ""}</tr></thead><tbody>${rows || '<tr><td colspan="5" class="muted">没有指标数值</td></tr>'}</tbody></table>
    <div id="group-evidence"></div>
    <h2>项目 Projects (${num(projects.total)})</h2>
    <table id="projects"><thead><tr><th>项目</th><th>位于</th><th>企业</th><th>产业</th><th>目标</th></tr></thead>
      <tbody>${projectRows || '<tr><td colspan="5" class="muted">没有项目</td></tr>'}</tbody></table>
    <h2>企业 Companies (${num(companies.size)})</h2>
    <table id="companies"><thead><tr><th>企业</th><th>项目</th><th>原句</th></tr></thead>
      <tbody>${companyRows || '<tr><td colspan="3" class="muted">没有企业</td></tr>'}</tbody></table>`);
  const pick = i => {
    document.querySelectorAll("#targets tr.picked").forEach(tr => tr.classList.remove("picked"));
    document.querySelector(`#targets tr[data-group="${i}"]`)?.classList.add("picked");
    const g = groups[i];
    drawChart(groups.filter(o => o.indicator === g.indicator && o.measure === g.measure && o.unit === g.unit), g);
    const ms = [...g.target, ...g.actual];
    document.getElementById("group-evidence").innerHTML = `<h3>${esc(g.indicator)} · ${esc(g.period || "")} 原句</h3>` +
      ms.map(m => m.evidence.map(ev => evidence(ev, metricTerms(m, ev))).join("")).join("");
  };
  document.querySelectorAll("#targets tr.pick").forEach(tr => tr.addEventListener("click", () => pick(+tr.dataset.group)));
  if (groups.length) pick(bestGroup(groups));
}

// Targets and results of one indicator (by its canonical name: 规上工业增加值 is 规模以上工业增加值),
// measure and unit per period.
function groupFigures(metrics) {
  const byKey = new Map();
  for (const m of metrics) {
    const name = m.indicator_canonical || m.indicator;
    const key = [name, m.measure, m.unit || "", m.period || ""].join("\u0000");
    if (!byKey.has(key)) byKey.set(key, {indicator: name, measure: m.measure, unit: m.unit || "", period: m.period, target: [], actual: []});
    byKey.get(key)[m.kind].push(m);
  }
  return [...byKey.values()].sort((a, b) => a.indicator.localeCompare(b.indicator, "zh") ||
    a.measure.localeCompare(b.measure) || String(a.period).localeCompare(String(b.period)));
}

// The group to chart first: an indicator with both targets and results over the most periods.
function bestGroup(groups) {
  let best = 0, bestScore = -1;
  groups.forEach((g, i) => {
    const same = groups.filter(o => o.indicator === g.indicator && o.measure === g.measure && o.unit === g.unit);
    const score = same.filter(o => o.target.length).length + same.filter(o => o.actual.length).length * 1.1 + same.length;
    if (score > bestScore) { best = i; bestScore = score; }
  });
  return best;
}

// Grouped bars, target beside result, one group per period: hand-drawn SVG (no chart library).
function drawChart(series, g) {
  const el = document.getElementById("chart");
  const values = series.flatMap(s => [...s.target, ...s.actual].map(m => Number(m.value)));
  const max = Math.max(...values, 0) || 1, W = 760, H = 220, left = 60, bottom = 40, slot = Math.min(160, (W - left) / series.length);
  const y = v => H - bottom - (v / max) * (H - bottom - 20);
  let bars = "";
  series.forEach((s, i) => {
    const x0 = left + i * slot + slot * 0.15, w = slot * 0.33;
    [["target", s.target, "var(--target)"], ["actual", s.actual, "var(--actual)"]].forEach(([kind, ms, color], k) => {
      if (!ms.length) return;
      const v = Number(ms[0].value), x = x0 + k * (w + 4);
      bars += `<rect x="${x}" y="${y(Math.max(v, 0))}" width="${w}" height="${Math.abs(y(0) - y(v))}" fill="${color}"><title>${esc(KIND_ZH[kind])} ${figure(ms[0])}</title></rect>`;
      bars += `<text x="${x + w / 2}" y="${y(Math.max(v, 0)) - 4}" text-anchor="middle">${figure(ms[0])}</text>`;
    });
    bars += `<text x="${x0 + slot * 0.35}" y="${H - bottom + 18}" text-anchor="middle">${esc(s.period || "—")}</text>`;
  });
  el.innerHTML = `<div><b>${esc(g.indicator)}</b> <span class="muted">${esc(MEASURE_ZH[g.measure] || g.measure)}${g.unit ? "，" + esc(g.unit) : ""}</span>
    <span class="legend"><i style="background:var(--target)"></i>目标 <i style="background:var(--actual)"></i>完成</span></div>
    <svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="${esc(g.indicator)}">
      <line x1="${left}" y1="${y(0)}" x2="${W}" y2="${y(0)}" stroke="#999"/>
      <text x="${left - 6}" y="${y(max) + 4}" text-anchor="end">${num(max)}</text>
      <text x="${left - 6}" y="${y(0) + 4}" text-anchor="end">0</text>${bars}</svg>`;
}

const NODE_COLOURS = {District: "#2e86c1", Location: "#5dade2", Project: "#e67e22", Company: "#27ae60",
                      Organization: "#8e44ad", Person: "#c0392b", Indicator: "#d4ac0d", Industry: "#16a085", Policy: "#5d6d7e"};

async function drawGraph(id) {
  const el = document.getElementById("graph");
  const g = await api(`/export?format=json&entity=${encodeURIComponent(id)}&hops=1&limit=80`);
  const elements = [
    ...g.nodes.map(n => ({data: {id: n.id, label: n.name, type: n.type, centre: n.id === id ? 1 : 0}})),
    ...g.edges.map((e, i) => ({data: {id: "e" + i, source: e.source, target: e.target, label: REL_ZH[e.relation] || e.relation}}))];
  if (typeof cytoscape !== "function") { el.textContent = "cytoscape.js did not load"; return; }
  const cy = cytoscape({container: el, elements, wheelSensitivity: 0.3,
    // The entity in the middle, its neighbours on rings around it by degree: readable at any size.
    layout: {name: "concentric", animate: false, minNodeSpacing: 60, concentric: n => n.data("centre") ? 10 : n.degree(),
             levelWidth: () => 2},
    style: [
      {selector: "node", style: {"label": "data(label)", "font-size": 12, "text-valign": "bottom", "text-margin-y": 4,
        "background-color": n => NODE_COLOURS[n.data("type")] || "#888", "width": 22, "height": 22,
        "font-family": getComputedStyle(document.documentElement).fontFamily, "color": "#1f2933",
        "text-background-color": "#fff", "text-background-opacity": 0.8, "text-background-padding": 1}},
      {selector: "node[centre = 1]", style: {"width": 36, "height": 36, "border-width": 3, "border-color": "#7b241c", "font-weight": "bold"}},
      {selector: "edge", style: {"width": 1.5, "line-color": "#b8c0c8", "target-arrow-color": "#b8c0c8",
        "target-arrow-shape": "triangle", "curve-style": "bezier", "label": "data(label)", "font-size": 10, "color": "#66727f"}}]});
  cy.on("tap", "node", evt => {
    const n = evt.target.data();
    location.hash = `#/${n.type === "District" ? "district" : "entity"}/${encodeURIComponent(n.id)}`;
  });
  el.dataset.nodes = String(cy.nodes().length);
}

// --- downloads (fetched, so a read key travels with them) and routing ----------------------------

document.addEventListener("click", async evt => {
  const a = evt.target.closest("a[data-download]");
  if (!a) return;
  evt.preventDefault();
  try {
    const path = a.dataset.download.replace(/^\/api\/v1/, "");
    const blob = await (await api(path, {raw: true})).blob();
    const url = URL.createObjectURL(blob);
    const link = Object.assign(document.createElement("a"), {href: url, download: a.dataset.name});
    document.body.appendChild(link); link.click(); link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  } catch (err) { alert(err.message); }
});

document.getElementById("search-form").addEventListener("submit", evt => {
  evt.preventDefault();
  const q = document.getElementById("search-input").value.trim();
  if (q) location.hash = "#/search/" + encodeURIComponent(q);
});

async function route() {
  const [, name, arg] = location.hash.match(/^#\/(\w+)\/(.+)$/) || [];
  const value = arg ? decodeURIComponent(arg) : "";
  document.body.dataset.view = name || "home";
  document.body.dataset.ready = "false";
  try {
    if (name === "search") await search(value);
    else if (name === "entity") await entity(value);
    else if (name === "district") await district(value);
    else await home();
  } catch (err) { fail(err); }
  document.body.dataset.ready = "true";  // for tests and scripts: the view has drawn
  window.scrollTo(0, 0);
}

window.addEventListener("hashchange", route);
route();
