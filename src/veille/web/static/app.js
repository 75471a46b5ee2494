// veille dashboard: one ES module, no framework, no build step, no CDN.
//
// Safety rule: text that comes from articles (titles, sentences, names) is only
// ever written with textContent / text nodes (see h() below), never parsed as
// HTML, so an article titled "<script>alert(1)</script>" shows those characters.
//
// State lives in the URL hash (#/view?filter=value...), so every view can be
// shared or bookmarked and the back button works.

const SVG = "http://www.w3.org/2000/svg";
const QUAD_NAMES = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict", 0: "unknown" };
const FILTER_KEYS = ["actor", "type", "quad_class", "since", "until", "language", "place", "salience", "actor_how", "merged"];
const PAGE = 50;
const view = document.getElementById("view");

// ---------------------------------------------------------------- helpers

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function s(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function svgTitle(text) {
  return s("title", {}, text);
}

function card(title, ...children) {
  return h("section", { class: "card" }, h("h2", {}, title), ...children);
}

function route() {
  const raw = location.hash.replace(/^#\/?/, "");
  const [path, query] = raw.split("?", 2);
  return { path: decodeURIComponent(path || ""), params: new URLSearchParams(query || "") };
}

function link(path, params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value !== null && value !== undefined && value !== "") query.set(key, value);
  }
  const text = query.toString();
  return `#/${path}${text ? "?" + text : ""}`;
}

function filtersFrom(params) {
  const out = {};
  for (const key of [...FILTER_KEYS, "dyad", "q"]) if (params.get(key)) out[key] = params.get(key);
  return out;
}

function apiQuery(params) {
  // A list (several article ids) is sent as the parameter repeated, as the API reads it.
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const one of Array.isArray(value) ? value : [value]) {
      if (one !== null && one !== undefined && one !== "") query.append(key, one);
    }
  }
  return query;
}

async function api(path, params = {}) {
  const query = apiQuery(params);
  const response = await fetch(`/api/${path}${query.toString() ? "?" + query : ""}`);
  const body = await response.json();
  if (!response.ok) throw new Error(`${body.code || response.status}: ${body.message || JSON.stringify(body.detail || body)}`);
  const total = response.headers.get("X-Total-Count");
  return { data: body, total: total === null ? null : Number(total), more: response.headers.get("X-Has-More") === "true", headers: response.headers };
}

function formatNumber(value) {
  const rounded = Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 100) / 100;
  const [whole, fraction] = String(rounded).split(".");
  // A plain space between thousands, as French and SI typography write "60 000".
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, " ");
  return fraction ? `${grouped},${fraction}` : grouped;
}

// Names people read for actor ids ("PER:vladimir-putin" → "Vladimir Putin (RUS)"),
// asked of /api/labels once per code; states and organisations keep their code.
const LABELS = new Map();

function label(code) {
  return LABELS.get(code) || code;
}

function codesOfEvent(event) {
  const codes = [...(event.source || []), ...(event.target || [])].map((r) => (typeof r === "string" ? r : r.code));
  if (event.attributed_to) codes.push(event.attributed_to.code);
  return codes;
}

async function loadLabels(codes) {
  // Only ids that are no plain code (people, generated groups, internal ids) need a name.
  const wanted = [...new Set(codes.filter((c) => c && !LABELS.has(c) && !/^[A-Z0-9]{2,12}$/.test(c)))];
  if (!wanted.length) return;
  const query = new URLSearchParams(wanted.slice(0, 1000).map((c) => ["code", c]));
  const response = await fetch(`/api/labels?${query}`);
  if (!response.ok) return; // the codes stay readable as they are
  for (const [code, name] of Object.entries(await response.json())) LABELS.set(code, name);
}

const HOW_NOTES = {
  coreference: "found through a word referring back to it (elle, the minister)",
  context: "not named in the event's sentence: taken from the article's context",
};

function side(refs) {
  // One name per actor; an actor the sentence does not name says how it was found.
  const seen = new Map();
  for (const r of refs) {
    const name = r.code ? label(r.code) : r.text;
    if (!seen.has(name) || r.how === "stated") seen.set(name, r.how);
  }
  if (!seen.size) return "–";
  const parts = [];
  for (const name of [...seen.keys()].sort()) {
    if (parts.length) parts.push("+");
    const how = seen.get(name);
    parts.push(HOW_NOTES[how] ? h("span", { class: `actor-how ${how}`, title: HOW_NOTES[how] }, name, h("sup", {}, how === "context" ? "ctx" : "coref")) : name);
  }
  return parts;
}

function mergedSide(codes) {
  return codes.map(label).join("+") || "–";
}

function eventKey(event) {
  return `${event.trigger.start}-${event.trigger.end}`;
}

function day(text) {
  return text ? String(text).slice(0, 10) : "";
}

// ---------------------------------------------------------------- events table

function details(event) {
  const parts = [];
  for (const q of event.quantities) {
    if (parts.length) parts.push(", ");
    parts.push(h("span", { class: "quantity", title: q.what || q.unit || "quantity" },
      `${q.approximate ? "≈ " : ""}${formatNumber(q.value)}${q.what || q.unit ? " " + (q.what || q.unit) : ""}`));
  }
  if (event.duration) parts.push(h("span", { title: `${event.duration.days} days` }, ` for ${event.duration.text}`));
  if (event.condition) parts.push(h("span", { title: event.condition.text }, " if: " + event.condition.text.slice(0, 50)));
  if (event.negated) parts.push(" ", h("span", { class: "badge neg" }, "negated"));
  if (event.modality && event.modality !== "done") parts.push(" ", h("span", { class: "badge mode" }, event.modality));
  if (event.section_kind === "commentary") parts.push(" ", h("span", { class: "badge commentary" }, "commentary"));
  if (event.attributed_to) parts.push(h("span", { class: "muted attribution" }, ` (said by ${event.attributed_to.code ? label(event.attributed_to.code) : event.attributed_to.text})`));
  if (event.salience === "background") parts.push(" ", h("span", { class: "badge background", title: "recalled context, not what the article reports as new" }, "background"));
  if (event.location) parts.push(" ", placeLabel(event.location));
  return parts;
}

function placeLabel(where) {
  // Name and precision, so a country-level location never passes for a precise spot.
  const how = `${where.precision}${where.inferred ? ", inferred from context" : ""}`;
  const title = [`location: ${where.name}`, where.place_id && `place ${where.place_id}`, where.country && `country ${where.country}`,
    where.admin1 && `region ${where.admin1}`, how].filter(Boolean).join(" · ");
  return h("span", { class: "location", title }, `in ${where.name} `, h("span", { class: "precision" }, `(${how})`));
}

function eventsTable(events) {
  const table = h("table", { class: "events" },
    h("thead", {}, h("tr", {}, ["date", "type", "source", "target", "details", "trigger in its sentence"].map((t) => h("th", {}, t)))));
  const body = h("tbody");
  for (const event of events) {
    const target = link(`article/${encodeURIComponent(event.article_id)}`, { ev: eventKey(event) });
    body.append(h("tr", {
      class: "event", "data-type": event.event_type, "data-article": event.article_id,
      title: "Open the article with this event's evidence highlighted",
      onclick: () => { location.hash = target; },
    },
    h("td", {}, day(event.event_date)),
    h("td", {}, h("span", { class: "swatch q" + (event.quad_class || 0) }), h("span", { class: "type" }, event.event_type),
      h("div", { class: "muted" }, `CAMEO ${event.cameo || "?"} · Goldstein ${event.goldstein ?? "?"}`)),
    h("td", { class: "source" }, side(event.source)),
    h("td", { class: "target" }, side(event.target)),
    h("td", { class: "details" }, details(event)),
    h("td", {}, h("a", { href: target }, h("strong", {}, event.trigger.text)), h("div", { class: "muted" }, event.sentence.text.slice(0, 220)))));
  }
  table.append(body);
  return events.length ? table : h("p", { class: "muted" }, "No event matches these filters.");
}

function supportLink(support, label) {
  return h("a", { href: link(`article/${encodeURIComponent(support.article_id)}`, { ev: eventKey(support) }), class: "support" }, label);
}

function quantityText(q) {
  return `${q.approximate ? "≈ " : ""}${formatNumber(q.value)}${q.what || q.unit ? " " + (q.what || q.unit) : ""}`;
}

function disagreementText(d) {
  // "quantity:militaires" → "militaires"; other fields keep their name.
  const field = d.field.startsWith("quantity:") ? d.field.slice("quantity:".length) : d.field.replace("_", " ");
  const values = d.values.map((v) => (/^-?\d+(\.\d+)?$/.test(v.value) ? formatNumber(Number(v.value)) : v.value));
  return `${field}: ${values.join(" vs ")}`;
}

function mergedDetails(merged) {
  const parts = [];
  for (const q of merged.quantities) {
    if (parts.length) parts.push(", ");
    const sources = q.article_ids.length;
    parts.push(h("span", { class: "quantity", title: `${q.what || q.unit || "quantity"}, given by ${sources} article(s)` }, quantityText(q)));
  }
  if (merged.negated) parts.push(" ", h("span", { class: "badge neg" }, "negated"));
  if (merged.modality && merged.modality !== "done") parts.push(" ", h("span", { class: "badge mode" }, merged.modality));
  for (const d of merged.disagreements) {
    parts.push(" ", h("span", { class: "badge disagreement", title: "The reports disagree: every value is kept with its sources" }, `disputed ${disagreementText(d)}`));
  }
  return parts;
}

function mergedTable(events) {
  const table = h("table", { class: "events merged" },
    h("thead", {}, h("tr", {}, ["date", "type", "source", "target", "details", "reports", "first report in its sentence"].map((t) => h("th", {}, t)))));
  const body = h("tbody");
  for (const merged of events) {
    const first = merged.supports[0];
    const target = first ? link(`article/${encodeURIComponent(first.article_id)}`, { ev: eventKey(first) }) : link(`story/${encodeURIComponent(merged.story_id)}`);
    const languages = [...new Set(merged.supports.map((s) => s.language).filter(Boolean))].sort();
    body.append(h("tr", {
      class: "event" + (merged.disagreements.length ? " disputed" : ""), "data-type": merged.event_type, "data-story": merged.story_id,
      title: "Open the first report with its evidence highlighted",
      onclick: (event) => { if (!event.target.closest("a")) location.hash = target; },
    },
    h("td", {}, day(merged.event_date)),
    h("td", {}, h("span", { class: "swatch q" + (merged.quad_class || 0) }), h("span", { class: "type" }, merged.event_type),
      h("div", { class: "muted" }, `CAMEO ${merged.cameo || "?"} · Goldstein ${merged.goldstein ?? "?"}`)),
    h("td", { class: "source" }, mergedSide(merged.source)),
    h("td", { class: "target" }, mergedSide(merged.target)),
    h("td", { class: "details" }, mergedDetails(merged)),
    h("td", { class: "reports" },
      h("a", { href: link(`story/${encodeURIComponent(merged.story_id)}`), class: "story-link", title: "The story: every article and every merged event" },
        `${merged.support_count} article${merged.support_count === 1 ? "" : "s"}`),
      languages.length ? h("div", { class: "muted" }, languages.join(" + ")) : null),
    h("td", {}, first ? [h("a", { href: target }, h("strong", {}, first.trigger.text)), h("div", { class: "muted" }, first.sentence.text.slice(0, 220))] : "")));
  }
  table.append(body);
  return events.length ? table : h("p", { class: "muted" }, "No event matches these filters.");
}

async function eventsCard(title, filters, offset, path, params) {
  const raw = filters.merged === "false";
  const { data, total, more } = await api("events", { ...filters, limit: PAGE, offset });
  await loadLabels(data.flatMap(codesOfEvent));
  const shown = data.length ? `showing ${offset + 1}–${offset + data.length}` : "";
  // The total is left out by the API when counting would mean reading every event.
  const noun = raw ? "events" : "merged events";
  const count = total === null ? `${noun} ${shown}` : `${total} ${noun}${total > PAGE ? ", " + shown : ""}`;
  const pager = h("div", { class: "pager" },
    h("span", { class: "muted" }, count),
    offset > 0 ? h("a", { href: link(path, { ...params, offset: Math.max(0, offset - PAGE) }) }, "← newer") : null,
    more ? h("a", { href: link(path, { ...params, offset: offset + PAGE }) }, "older →") : null,
    h("a", { href: `/api/events?${apiQuery({ ...filters, format: "csv", limit: 1000 })}` }, "CSV"),
    h("a", { href: link(path, { ...params, merged: raw ? "" : "false", offset: "" }), class: "kind-switch" },
      raw ? "show one row per real event (merged)" : "show every report (raw)"));
  const explain = raw ? "Every event as coded in each article." : "One row per real-world event: reports of the same happening in a story's articles are merged; disputed figures are kept with their sources.";
  return card(title, h("p", { class: "muted kind" }, explain), raw ? eventsTable(data) : mergedTable(data), pager);
}

// ---------------------------------------------------------------- timeline with brush

const DAY_MS = 86400000;

// Axis ticks at round dates (years, months or weeks) that fit the span, at most about `most`.
function dateTicks(t0, t1, most = 12) {
  const spanDays = (t1 - t0) / DAY_MS;
  const start = new Date(t0);
  const ticks = [];
  if (spanDays > 3 * 366) {
    const step = Math.max(1, Math.ceil(spanDays / 366 / most));
    for (let year = start.getUTCFullYear() + 1; Date.UTC(year, 0, 1) < t1; year += step) ticks.push([Date.UTC(year, 0, 1), String(year)]);
  } else if (spanDays > 60) {
    const step = Math.max(1, Math.ceil(spanDays / 30.5 / most));
    for (let m = start.getUTCMonth() + 1, y = start.getUTCFullYear(); Date.UTC(y, m, 1) < t1; m += step) {
      const t = Date.UTC(y, m, 1);
      ticks.push([t, new Date(t).toISOString().slice(0, 7)]);
    }
  } else {
    const step = Math.max(1, Math.ceil(spanDays / most));
    for (let t = t0; t < t1; t += step * DAY_MS) ticks.push([t, new Date(t).toISOString().slice(0, 10)]);
  }
  return ticks;
}

function hasFilters(params) {
  return ["actor", "dyad", "type", "place", "language", "q", "quad_class"].some((name) => params.get(name));
}

function timelineChart(timeline, params) {
  const width = 1100, height = 190, left = 34, right = 10, top = 10, bottom = 26;
  const days = timeline.days;
  if (!days.length) {
    return h("p", { class: "muted" }, hasFilters(params) ? "No dated event matches these filters." : "No dated events yet.");
  }
  const bucket = timeline.bucket || "day";
  const t0 = Date.parse(days[0].day + "T00:00:00Z");
  const t1 = Date.parse((days[days.length - 1].until || days[days.length - 1].day) + "T00:00:00Z") + DAY_MS;
  const x = (t) => left + ((t - t0) / (t1 - t0)) * (width - left - right);
  const keys = timeline.group === "type"
    ? [...new Set(days.flatMap((d) => Object.keys(d.counts)))].sort()
    : ["1", "2", "3", "4", "0"];
  const max = Math.max(...days.map((d) => Object.values(d.counts).reduce((a, b) => a + b, 0)));
  const y = (n) => height - bottom - (n / max) * (height - top - bottom);
  // A bar spans its period (a day, a week, a month or a year), with a gap.
  const barOf = (d) => {
    const start = Date.parse(d.day + "T00:00:00Z");
    const end = Date.parse((d.until || d.day) + "T00:00:00Z") + DAY_MS;
    return [x(start), Math.max(1.5, (x(end) - x(start)) * 0.85)];
  };
  const palette = ["#2e7d32", "#1565c0", "#ef6c00", "#c62828", "#6a1b9a", "#00838f", "#9e9d24", "#4e342e", "#ad1457", "#455a64"];
  const chart = s("svg", { viewBox: `0 0 ${width} ${height}`, width: "100%", role: "img", "aria-label": `Events per ${bucket}`, "data-bucket": bucket });
  chart.append(s("line", { x1: left, x2: width - right, y1: y(0), y2: y(0), class: "zero" }));
  chart.append(s("text", { x: 2, y: y(max) + 4 }, String(max)));
  for (const [t, label] of dateTicks(t0, t1)) {
    chart.append(s("line", { x1: x(t), x2: x(t), y1: y(0), y2: y(0) + 4, class: "tick" }),
      s("text", { x: x(t), y: height - 8, "text-anchor": "middle", class: "tick-label" }, label));
  }
  for (const d of days) {
    let base = 0;
    const [barX, barWidth] = barOf(d);
    const period = d.until && d.until !== d.day ? `${d.day} → ${d.until}` : d.day;
    keys.forEach((key, index) => {
      const n = d.counts[key] || 0;
      if (!n) return;
      const label = timeline.group === "type" ? key : `quad class ${key} (${QUAD_NAMES[key]})`;
      chart.append(s("rect", {
        x: barX, y: y(base + n), width: barWidth, height: y(base) - y(base + n),
        class: timeline.group === "type" ? null : "q" + key,
        fill: timeline.group === "type" ? palette[index % palette.length] : null,
      }, svgTitle(`${period}: ${n} × ${label}`)));
      base += n;
    });
  }
  // The brush: drag across the chart to set since/until in the URL.
  const brush = s("rect", { class: "brush", y: top, height: height - top - bottom, x: 0, width: 0, visibility: "hidden" });
  const since = params.get("since"), until = params.get("until");
  if (since || until) {
    const a = since ? x(Date.parse(since + "T00:00:00Z")) : left;
    const b = until ? x(Date.parse(until + "T00:00:00Z") + DAY_MS) : width - right;
    brush.setAttribute("x", Math.max(left, Math.min(a, b)));
    brush.setAttribute("width", Math.abs(b - a));
    brush.setAttribute("visibility", "visible");
  }
  chart.append(brush);
  const overlay = s("rect", { x: left, y: top, width: width - left - right, height: height - top - bottom, fill: "transparent", style: "cursor: crosshair" });
  const toChart = (event) => {
    const box = chart.getBoundingClientRect();
    return Math.max(left, Math.min(width - right, ((event.clientX - box.left) / box.width) * width));
  };
  let start = null;
  overlay.addEventListener("pointerdown", (event) => { start = toChart(event); overlay.setPointerCapture(event.pointerId); });
  overlay.addEventListener("pointermove", (event) => {
    if (start === null) return;
    const now = toChart(event);
    brush.setAttribute("x", Math.min(start, now));
    brush.setAttribute("width", Math.abs(now - start));
    brush.setAttribute("visibility", "visible");
  });
  overlay.addEventListener("pointerup", (event) => {
    if (start === null) return;
    const end = toChart(event);
    const [a, b] = [Math.min(start, end), Math.max(start, end)];
    start = null;
    const next = Object.fromEntries(params);
    delete next.offset;
    if (b - a < 4) { delete next.since; delete next.until; }
    else {
      const toDay = (px) => new Date(t0 + ((px - left) / (width - left - right)) * (t1 - t0)).toISOString().slice(0, 10);
      next.since = toDay(a);
      next.until = toDay(b - 1);
    }
    location.hash = link(route().path, next);
  });
  chart.append(overlay);
  return chart;
}

function legend(group) {
  if (group === "type") return h("p", { class: "muted" }, "Colours are PLOVER event types; hover a bar for its counts.");
  return h("div", { class: "legend" }, [1, 2, 3, 4].map((q) => h("span", {}, h("span", { class: `swatch q${q}` }), `${q} ${QUAD_NAMES[q]}`)));
}

// ---------------------------------------------------------------- views

async function eventsView(params) {
  const filters = filtersFrom(params);
  const group = params.get("group") === "type" ? "type" : "quad_class";
  // The timeline ignores the date range (it is the brush) and the merged switch: the
  // same request for either list, so the server answers the second from its cache.
  const { since, until, dyad, merged, ...rest } = filters;
  const { data: timeline } = await api("timeline", { ...rest, group });
  const toggle = h("a", { href: link("", { ...Object.fromEntries(params), group: group === "type" ? "" : "type" }) },
    group === "type" ? "colour by quad class" : "colour by event type");
  const offset = Number(params.get("offset") || 0);
  const list = await eventsCard(dyad ? `Events between ${dyad.replace(",", " and ")}` : "Events", filters, offset, "", Object.fromEntries(params));
  return [card("Timeline — drag across the chart to pick a date range", legend(group), timelineChart(timeline, params), h("p", { class: "muted" }, toggle)), list];
}

function tensionChart(timeline) {
  const width = 1100, height = 240, left = 40, right = 14, top = 14, bottom = 28;
  const points = timeline.points;
  if (!points.length) return h("p", { class: "muted" }, "No dated event between these two actors yet.");
  const t0 = Date.parse(points[0].period + "T00:00:00Z");
  const t1 = Math.max(t0 + DAY_MS, Date.parse(points[points.length - 1].period + "T00:00:00Z"));
  const bucket = timeline.bucket || "day";
  const x = (t) => left + 20 + ((t - t0) / (t1 - t0)) * (width - left - right - 40);
  const values = points.map((p) => p.tension);
  const lo = Math.min(0, ...values), hi = Math.max(0, ...values, 1);
  const y = (v) => height - bottom - ((v - lo) / (hi - lo)) * (height - top - bottom);
  const chart = s("svg", { viewBox: `0 0 ${width} ${height}`, width: "100%", role: "img", "aria-label": "Tension index" });
  chart.append(s("line", { x1: left, x2: width - right, y1: y(0), y2: y(0), class: "zero" }),
    s("text", { x: 2, y: y(0) - 3 }, "0"));
  // Axis extremes, unless they would print over the zero label.
  if (Math.abs(y(hi) - y(0)) > 14) chart.append(s("text", { x: 2, y: y(hi) + 4 }, formatNumber(hi)));
  if (Math.abs(y(lo) - y(0)) > 14) chart.append(s("text", { x: 2, y: y(lo) }, formatNumber(lo)));
  const coords = points.map((p) => [x(Date.parse(p.period + "T00:00:00Z")), y(p.tension)]);
  // The line joins neighbouring periods only: across a long silence (more than three
  // empty periods) it breaks, rather than drawing a trend nobody reported.
  const periodMs = { day: 1, week: 7, month: 31, year: 366 }[bucket] * DAY_MS;
  let segment = [];
  const segments = [segment];
  points.forEach((p, i) => {
    if (i > 0 && Date.parse(p.period + "T00:00:00Z") - Date.parse(points[i - 1].period + "T00:00:00Z") > 4 * periodMs) {
      segment = [];
      segments.push(segment);
    }
    segment.push(coords[i]);
  });
  for (const part of segments.filter((part) => part.length > 1)) {
    chart.append(s("polyline", { class: "line", points: part.map((c) => c.join(",")).join(" ") }));
  }
  // Period labels with their year, thinned so that they never print over each other.
  const labelOf = (period) => (bucket === "year" ? period.slice(0, 4) : bucket === "month" ? period.slice(0, 7) : period);
  const labelGap = 80;  // a date label is about 60 units wide
  let lastLabel = -Infinity;
  points.forEach((p, i) => {
    const href = link("", { dyad: `${timeline.a},${timeline.b}`, since: p.period, until: p.until });
    const tip = `${p.period}${p.until !== p.period ? " → " + p.until : ""}: tension ${p.tension} from ${p.events} events` +
      ` (${Object.entries(p.event_types).map(([k, v]) => `${v} ${k}`).join(", ")})${p.spike ? " — SPIKE" : ""}. Click for the events.`;
    chart.append(s("a", { href, class: p.spike ? "spike-link" : "point-link" },
      s("circle", { cx: coords[i][0], cy: coords[i][1], r: p.spike ? 8 : 5, class: p.spike ? "spike" : "point" }, svgTitle(tip))));
    if (coords[i][0] - lastLabel >= labelGap) {
      lastLabel = coords[i][0];
      chart.append(s("text", { x: coords[i][0], y: height - 8, "text-anchor": "middle", class: "tick-label" }, labelOf(p.period)));
    }
  });
  return chart;
}

async function dyadView(params) {
  const a = (params.get("a") || "RUS").toUpperCase();
  const b = (params.get("b") || "NATO").toUpperCase();
  const bucket = ["day", "week", "month", "year"].includes(params.get("bucket")) ? params.get("bucket") : "auto";
  const { since, until } = filtersFrom(params);
  const { data: timeline } = await api(`dyads/${encodeURIComponent(a)}/${encodeURIComponent(b)}/timeline`, { bucket, since, until, salience: params.get("salience"), actor_how: params.get("actor_how") });
  // The busiest dyads come from the whole network, which costs more than this view:
  // they are added when they arrive, and the view does not wait for them.
  const seen = new Set();
  const pickLinks = h("div", { class: "dyad-picks" });
  const addPicks = (picks) => {
    for (const [x, y] of picks) {
      const key = [x, y].sort().join("–");
      if (seen.has(key)) continue;
      seen.add(key);
      pickLinks.append(h("a", { href: link("dyad", { a: x, b: y, bucket }), "aria-current": x === a && y === b ? "page" : null }, `${x}–${y}`));
    }
  };
  addPicks([["RUS", "NATO"], ["RUS", "BLR"]]);
  const form = h("form", { class: "legend", onsubmit: (event) => {
    event.preventDefault();
    const data = new FormData(event.target);
    location.hash = link("dyad", { ...Object.fromEntries(params), a: data.get("a"), b: data.get("b"), bucket: data.get("bucket"), offset: "" });
  } },
  h("label", {}, "Actor A ", h("input", { name: "a", value: a, size: 6 })),
  h("label", {}, "Actor B ", h("input", { name: "b", value: b, size: 6 })),
  h("label", {}, "per ", h("select", { name: "bucket" }, ["auto", "day", "week", "month", "year"].map((size) => h("option", { value: size, selected: bucket === size }, size === "auto" ? "period that fits" : size)))),
  h("button", { type: "submit" }, "Show"));
  const spikes = timeline.points.filter((p) => p.spike).length;
  const explain = h("p", { class: "muted" },
    `Tension = minus the sum of the Goldstein scores of the period's events (hostile events raise it, cooperation lowers it). ` +
    (timeline.stdev_tension === null
      ? `Mean ${timeline.mean_tension} over ${timeline.points.length} period(s) of a ${timeline.bucket}; spread and spikes need 3 periods or more. Each point links to its events.`
      : `Mean ${timeline.mean_tension}, σ ${timeline.stdev_tension} over periods of a ${timeline.bucket}; ${spikes} spike(s) (red: ≥ 1.5 σ above the mean). Each point links to its events.`));
  const listFilters = { dyad: `${a},${b}`, since, until, merged: params.get("merged"), salience: params.get("salience"), place: params.get("place"), actor_how: params.get("actor_how") };
  const list = await eventsCard(`Events between ${a} and ${b}`, listFilters, Number(params.get("offset") || 0), "dyad", Object.fromEntries(params));
  // Asked once the view's own data are in, so that it does not slow them down.
  api("network").then(({ data: network }) => addPicks(network.edges.slice(0, 8).map((e) => [e.source, e.target]))).catch(() => {});
  return [card(`Dyad ${a}–${b}: tension index`, pickLinks, form, tensionChart(timeline), explain), list];
}

// Fruchterman–Reingold: every pair repels, every edge pulls (more events, stronger);
// deterministic (start on a circle by activity), then scaled to fill the panel.
function forceLayout(nodes, edges, width, height, margin) {
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const links = edges.filter((e) => index.has(e.source) && index.has(e.target))
    .map((e) => [index.get(e.source), index.get(e.target), 1 + Math.log(e.events)]);
  const pos = nodes.map((_, i) => {
    const angle = (2 * Math.PI * i) / nodes.length;
    return [Math.cos(angle), Math.sin(angle)];
  });
  const k = Math.sqrt(4 / Math.max(nodes.length, 1));
  for (let step = 0, heat = 0.2; step < 300; step += 1, heat *= 0.985) {
    const move = pos.map(() => [0, 0]);
    for (let i = 0; i < pos.length; i += 1) {
      for (let j = i + 1; j < pos.length; j += 1) {
        const dx = pos[i][0] - pos[j][0], dy = pos[i][1] - pos[j][1];
        const d2 = Math.max(dx * dx + dy * dy, 1e-4);
        const push = (k * k) / d2;
        move[i][0] += dx * push; move[i][1] += dy * push;
        move[j][0] -= dx * push; move[j][1] -= dy * push;
      }
    }
    for (const [a, b, weight] of links) {
      const dx = pos[a][0] - pos[b][0], dy = pos[a][1] - pos[b][1];
      const d = Math.max(Math.hypot(dx, dy), 1e-3);
      const pull = (d * weight) / k;
      move[a][0] -= dx * pull; move[a][1] -= dy * pull;
      move[b][0] += dx * pull; move[b][1] += dy * pull;
    }
    pos.forEach((p, i) => {
      const length = Math.max(Math.hypot(move[i][0], move[i][1]), 1e-9);
      const limited = Math.min(length, heat);
      p[0] += (move[i][0] / length) * limited;
      p[1] += (move[i][1] / length) * limited;
    });
  }
  const xs = pos.map((p) => p[0]), ys = pos.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const right = 130;  // room for the labels of the rightmost actors
  const scaleX = (x) => margin + ((x - x0) / Math.max(x1 - x0, 1e-9)) * (width - margin - right);
  const scaleY = (y) => margin + ((y - y0) / Math.max(y1 - y0, 1e-9)) * (height - 2 * margin);
  return new Map(nodes.map((n, i) => [n.id, [scaleX(pos[i][0]), scaleY(pos[i][1])]]));
}

// A label right of its circle, moved down (or left) until it overlaps no label placed before.
function placeLabels(items, width, height) {
  const placed = [];
  const box = (x, y, text, anchor) => {
    const w = 7 * text.length + 4;
    const left = anchor === "end" ? x - w : x;
    return [left, y - 11, left + w, y + 3];
  };
  const clash = (b) => placed.some((p) => b[0] < p.box[2] && p.box[0] < b[2] && b[1] < p.box[3] && p.box[1] < b[3]);
  for (const item of [...items].sort((p, q) => q.node.events - p.node.events)) {
    let chosen = null;
    for (let shift = 0; shift < 200 && !chosen; shift += 6) {
      for (const [anchor, dx, dy] of [["start", item.r + 3, 4 + shift], ["end", -item.r - 3, 4 + shift], ["start", item.r + 3, 4 - shift], ["end", -item.r - 3, 4 - shift]]) {
        const x = item.cx + dx, y = Math.min(height - 4, Math.max(12, item.cy + dy));
        const b = box(x, y, item.text, anchor);
        if (b[0] >= 0 && b[2] <= width && !clash(b)) { chosen = { x, y, anchor, box: b }; break; }
      }
    }
    chosen = chosen || { x: item.cx + item.r + 3, y: item.cy + 4, anchor: "start", box: box(item.cx + item.r + 3, item.cy + 4, item.text, "start") };
    placed.push(chosen);
    Object.assign(item, chosen);
  }
  return items;
}

async function networkView(params) {
  const { since, until, type, salience, actor_how } = filtersFrom(params);
  const { data } = await api("network", { since, until, type, salience, actor_how });
  await loadLabels(data.nodes.map((n) => n.id));
  // The busiest actors, placed by a force layout: partners close, strangers apart.
  const nodes = data.nodes.slice(0, 40);
  if (!nodes.length) return [card("Actor network", h("p", { class: "muted" }, "No event with known actors yet."))];
  const width = 1100, height = 640, margin = 40;
  const maxEdge = Math.max(...data.edges.map((e) => e.events), 1);
  const maxNode = Math.max(...nodes.map((n) => n.events), 1);
  const radiusOf = (node) => 4 + 10 * Math.sqrt(node.events / maxNode);
  const place = forceLayout(nodes, data.edges, width, height, margin);
  const chart = s("svg", { viewBox: `0 0 ${width} ${height}`, width: "100%", role: "img", "aria-label": "Actor network" });
  for (const edge of data.edges) {
    if (!place.has(edge.source) || !place.has(edge.target)) continue;
    const [x1, y1] = place.get(edge.source), [x2, y2] = place.get(edge.target);
    const tone = edge.goldstein_mean ?? 0;
    const colour = tone < -1 ? "#c62828" : tone > 1 ? "#2e7d32" : "#90a4ae";
    chart.append(s("a", { href: link("dyad", { a: edge.source, b: edge.target }) },
      s("line", { x1, y1, x2, y2, class: "edge", stroke: colour, "stroke-opacity": 0.75, "stroke-width": 1.5 + 8 * (edge.events / maxEdge) },
        svgTitle(`${label(edge.source)} → ${label(edge.target)}: ${edge.events} events, mean Goldstein ${edge.goldstein_mean ?? "?"}`))));
  }
  const labels = placeLabels(nodes.map((node) => {
    const [cx, cy] = place.get(node.id);
    return { node, cx, cy, r: radiusOf(node), text: label(node.id) };
  }), width, height);
  for (const { node, cx, cy, r, text, x, y, anchor } of labels) {
    chart.append(s("a", { href: link("", { actor: node.id }), class: "node" },
      s("circle", { cx, cy, r }, svgTitle(`${text}: ${node.events} events`)),
      s("text", { x, y, "text-anchor": anchor }, text)));
  }
  const key = h("div", { class: "legend" },
    h("span", {}, h("span", { class: "swatch", style: "background:#c62828" }), "hostile (mean Goldstein < −1)"),
    h("span", {}, h("span", { class: "swatch", style: "background:#90a4ae" }), "neutral"),
    h("span", {}, h("span", { class: "swatch", style: "background:#2e7d32" }), "cooperative (> 1)"),
    h("span", { class: "muted" }, "Line width: number of events. Click a line for the dyad, a node for its events."));
  return [card("Actor network — who acts on whom", key, chart)];
}

async function articlesView(params) {
  const offset = Number(params.get("offset") || 0);
  const { data, total } = await api("articles", { limit: PAGE, offset });
  const list = h("table", { class: "events" }, h("tr", {}, ["published", "lang", "title", "source"].map((t) => h("th", {}, t))),
    data.map((a) => h("tr", {},
      h("td", {}, day(a.published_at)), h("td", {}, a.language),
      h("td", {}, h("a", { href: link(`article/${encodeURIComponent(a.id)}`), class: "article-title" }, a.title || "(no title)")),
      h("td", { class: "muted" }, a.source_name || a.author || ""))));
  const pager = h("div", { class: "pager" }, h("span", { class: "muted" }, `${total} articles`),
    offset > 0 ? h("a", { href: link("articles", { offset: Math.max(0, offset - PAGE) }) }, "← newer") : null,
    offset + PAGE < total ? h("a", { href: link("articles", { offset: offset + PAGE }) }, "older →") : null);
  return [card("Articles", list, pager)];
}

// ---------------------------------------------------------------- stories

function languageBadges(languages) {
  return Object.entries(languages).map(([lang, n]) => h("span", { class: "badge lang", title: `${n} article(s) in ${lang}` }, `${lang} ${n}`));
}

async function storiesView(params) {
  const offset = Number(params.get("offset") || 0);
  const { data, more } = await api("stories", { limit: PAGE, offset });
  const table = h("table", { class: "events stories" },
    h("thead", {}, h("tr", {}, ["first day", "last day", "story (first report)", "articles", "languages"].map((t) => h("th", {}, t)))),
    h("tbody", {}, data.map((story) => h("tr", { class: "story", "data-story": story.id },
      h("td", { class: "day" }, story.first_day || ""), h("td", { class: "day" }, story.last_day || ""),
      h("td", {}, h("a", { href: link(`story/${encodeURIComponent(story.id)}`), class: "story-title" }, story.title || story.id)),
      h("td", { class: "size" }, String(story.size)),
      h("td", { class: "languages" }, languageBadges(story.languages))))));
  const pager = h("div", { class: "pager" },
    h("span", { class: "muted" }, data.length ? `stories ${offset + 1}–${offset + data.length}` : "no story yet"),
    offset > 0 ? h("a", { href: link("stories", { offset: Math.max(0, offset - PAGE) }) }, "← more recent") : null,
    more ? h("a", { href: link("stories", { offset: offset + PAGE }) }, "older →") : null);
  const explain = h("p", { class: "muted" }, "A story gathers the articles — from any outlet, in French or English — that report the same happening; its events are merged into one record per real-world event.");
  return [card("Stories", explain, data.length ? table : h("p", { class: "muted" }, "No story yet: ingest some articles."), pager)];
}

function storyEvent(merged, articles) {
  const title = (id) => (articles.get(id) ? articles.get(id).title || id : id);
  const source = (id) => (articles.get(id) ? articles.get(id).source_name || articles.get(id).author || "" : "");
  const supportOf = new Map(merged.supports.map((s) => [s.article_id, s]));
  const cite = (id) => {
    const support = supportOf.get(id);
    const label = [title(id), source(id)].filter(Boolean).join(" — ");
    return support ? supportLink(support, label) : h("a", { href: link(`article/${encodeURIComponent(id)}`) }, label);
  };
  const item = h("li", { class: "merged-event" + (merged.disagreements.length ? " disputed" : ""), "data-type": merged.event_type },
    h("span", { class: "swatch q" + (merged.quad_class || 0) }), h("span", { class: "type" }, merged.event_type),
    ` ${mergedSide(merged.source)} → ${mergedSide(merged.target)} `,
    h("span", { class: "muted" }, `${day(merged.event_date)} · ${merged.support_count} article${merged.support_count === 1 ? "" : "s"}`),
    " ", mergedDetails(merged));
  for (const d of merged.disagreements) {
    item.append(h("div", { class: "disagreement-note", role: "note" },
      h("strong", {}, `The reports disagree on ${disagreementText(d).split(":")[0]}: `),
      h("ul", {}, d.values.map((v) => h("li", {},
        h("span", { class: "value" }, /^-?\d+(\.\d+)?$/.test(v.value) ? formatNumber(Number(v.value)) : v.value), " according to ",
        v.article_ids.map((id, i) => [i ? ", " : "", cite(id)]))))));
  }
  item.append(h("ul", { class: "supports" }, merged.supports.map((s) => h("li", {},
    supportLink(s, `“${s.trigger.text}”`), " ", h("span", { class: "muted" }, `${s.language || ""} · ${title(s.article_id)}`)))));
  return item;
}

async function storyView(id) {
  const { data } = await api(`stories/${encodeURIComponent(id)}`);
  await loadLabels(data.merged_events.flatMap(codesOfEvent));
  const articles = new Map(data.articles.map((a) => [a.id, a]));
  const counts = {};
  for (const a of data.articles) counts[a.language] = (counts[a.language] || 0) + 1;
  const first = data.articles.find((a) => a.id === data.members[0].article_id) || data.articles[0];
  const links = new Map(data.members.map((m) => [m.article_id, m]));
  const articleList = h("table", { class: "events story-articles" },
    h("thead", {}, h("tr", {}, ["published", "lang", "title", "source", "joined as"].map((t) => h("th", {}, t)))),
    h("tbody", {}, data.articles.map((a) => h("tr", { class: "story-article" },
      h("td", {}, day(a.published_at)), h("td", {}, a.language),
      h("td", {}, h("a", { href: link(`article/${encodeURIComponent(a.id)}`), class: "article-title" }, a.title || "(no title)")),
      h("td", { class: "muted" }, a.source_name || a.author || ""),
      h("td", { class: "muted" }, links.get(a.id) ? `${links.get(a.id).link}${links.get(a.id).score !== null ? " " + links.get(a.id).score.toFixed(2) : ""}` : "")))));
  const disputed = data.merged_events.filter((m) => m.disagreements.length).length;
  const summary = h("p", { class: "muted" }, `${data.articles.length} articles `, languageBadges(counts),
    ` · ${data.merged_events.length} merged events`, disputed ? ` · ${disputed} with reports that disagree` : "");
  const events = h("ul", { class: "story-events" }, data.merged_events.map((m) => storyEvent(m, articles)));
  const head = card(first ? first.title || data.id : data.id, summary);
  head.querySelector("h2").classList.add("story-title");
  return [head, card("Merged events — one per real-world event, every report linked", events), card("Articles of this story", articleList)];
}

function snippet(text) {
  // The API wraps matched words in [ and ]; show them as marks, the rest as text.
  const out = [];
  const pattern = /\[([^\]]*)\]/g;
  let last = 0, match;
  while ((match = pattern.exec(text))) {
    out.push(text.slice(last, match.index), h("mark", { class: "ev-trigger" }, match[1]));
    last = pattern.lastIndex;
  }
  out.push(text.slice(last));
  return out;
}

async function searchView(params) {
  const q = params.get("q") || "";
  if (!q.trim()) return [card("Search", h("p", { class: "muted" }, "Type words in the search box."))];
  // The same search as `veille search`: a name in any language (Poutine, Putin) also finds
  // the articles whose mentions resolve to that actor, whatever their spelling.
  const { data: hits, headers } = await api("search", { q, limit: 20 });
  const named = (headers.get("X-Named-Actors") || "").split(",").filter(Boolean);
  await loadLabels(named);
  const articles = card(`Articles matching “${q}”`, hits.length ? h("ol", { class: "hits" }, hits.map((hit) => h("li", {},
    h("a", { href: link(`article/${encodeURIComponent(hit.article_id)}`), class: "article-title" }, hit.title || "(no title)"),
    h("div", { class: "muted" }, snippet(hit.snippet))))) : h("p", { class: "muted" }, "No article matches."));
  // A query naming an actor lists the events of the articles found, in every language
  // (an event's sentence may spell the name otherwise, or say "the Kremlin"); other
  // queries list the events whose sentence holds the words.
  const { q: _words, ...rest } = filtersFrom(params);
  const offset = Number(params.get("offset") || 0);
  const events = named.length && hits.length
    ? await eventsCard(`Events in the articles found for “${q}” (${named.map(label).join(", ")} under any spelling)`, { ...rest, article: hits.map((hit) => hit.article_id) }, offset, "search", Object.fromEntries(params))
    : await eventsCard(`Events matching “${q}”`, { ...rest, q }, offset, "search", Object.fromEntries(params));
  return [articles, events];
}

// ---------------------------------------------------------------- article view with evidence

function evidenceSpans(event) {
  const spans = [{ start: event.sentence.start, end: event.sentence.end, kind: "ev-sentence", label: "event sentence" }];
  spans.push({ ...event.trigger, kind: "ev-trigger", label: `trigger: ${event.event_type} (CAMEO ${event.cameo || "?"}, Goldstein ${event.goldstein ?? "?"})` });
  for (const r of event.source) spans.push({ start: r.start, end: r.end, kind: "ev-source", label: `source actor: ${r.code ? label(r.code) : "?"}${r.sector ? " " + r.sector : ""}` });
  for (const r of event.target) spans.push({ start: r.start, end: r.end, kind: "ev-target", label: `target actor: ${r.code ? label(r.code) : "?"}${r.sector ? " " + r.sector : ""}` });
  for (const q of event.quantities) spans.push({ start: q.start, end: q.end, kind: "ev-quantity", label: `quantity: ${q.approximate ? "about " : ""}${formatNumber(q.value)} ${q.what || q.unit || ""}` });
  if (event.duration) spans.push({ ...event.duration, kind: "ev-duration", label: `duration: ${event.duration.days} days` });
  if (event.condition) spans.push({ ...event.condition, kind: "ev-condition", label: `condition${event.condition.depends_on ? " (depends on " + event.condition.depends_on + ")" : ""}` });
  if (event.location && event.location.start !== null && event.location.end !== null) {
    spans.push({ start: event.location.start, end: event.location.end, kind: "ev-location", label: `location: ${event.location.name} (${event.location.precision})` });
  }
  if (event.attributed_to) {
    const at = event.attributed_to;
    spans.push({ start: at.start, end: at.end, kind: "ev-attribution", label: `attributed to ${at.code ? label(at.code) : at.text}` });
    if (at.verb) spans.push({ ...at.verb, kind: "ev-attribution", label: "reporting verb" });
  }
  return spans.filter((span) => span.end > span.start);
}

function articleText(article, mentions, event) {
  // Offsets from the API count Unicode code points (Python strings); JavaScript
  // strings count UTF-16 units, so an emoji before a span would shift it. Slice
  // the array of code points instead.
  const text = Array.from(article.text);
  const spans = [...mentions.map((m) => ({ start: m.start, end: m.end, kind: "mention", label: `${m.kind} → ${m.actor_id ? label(m.actor_id) : m.country || "unresolved"}` })),
    ...(event ? evidenceSpans(event) : [])];
  const sections = [...article.sections].sort((p, q) => p.start - q.start);
  const cuts = new Set([0, text.length]);
  for (const item of [...spans, ...sections]) { cuts.add(Math.max(0, Math.min(text.length, item.start))); cuts.add(Math.max(0, Math.min(text.length, item.end))); }
  const points = [...cuts].sort((p, q) => p - q);
  const root = h("div", { class: "article-text" });
  let container = root, current = null;
  for (let i = 0; i + 1 < points.length; i++) {
    const [from, to] = [points[i], points[i + 1]];
    const section = sections.find((sec) => sec.start <= from && to <= sec.end) || null;
    if (section !== current) {
      current = section;
      container = section ? h("span", { class: `section ${section.kind}`, "data-kind": section.kind, title: section.kind }) : root;
      if (section) root.append(container);
    }
    const covering = spans.filter((span) => span.start <= from && to <= span.end);
    const piece = text.slice(from, to).join("");
    if (!covering.length) container.append(piece);
    else container.append(h("mark", { class: [...new Set(covering.map((c) => c.kind))].join(" "), title: covering.map((c) => c.label).join("\n") }, piece));
  }
  return root;
}

async function articleView(id, params) {
  const { data } = await api(`articles/${encodeURIComponent(id)}`);
  const { article, mentions, events } = data;
  await loadLabels([...events.flatMap(codesOfEvent), ...mentions.map((m) => m.actor_id)]);
  const selected = events.find((e) => eventKey(e) === params.get("ev")) || null;
  const meta = h("p", { class: "muted" },
    [article.author && `${article.author}${article.author_role ? " (" + article.author_role + ")" : ""}`,
      article.organisation,
      article.published_at && `published ${article.published_date_local || day(article.published_at)}${article.published_text ? " — “" + article.published_text + "”" : ""}`,
      `language ${article.language}`, article.source_name].filter(Boolean).join(" · "));
  if (article.url && /^https?:\/\//i.test(article.url)) meta.append(" · ", h("a", { href: article.url, rel: "noopener noreferrer" }, "original"));
  const keyItems = [["ev-trigger", "trigger"], ["ev-source", "source actor"], ["ev-target", "target actor"], ["ev-quantity", "quantity"],
    ["ev-duration", "duration"], ["ev-condition", "condition"], ["ev-attribution", "attribution"], ["ev-location", "location"], ["mention", "actor mention"]];
  const key = h("div", { class: "legend evidence-legend" }, keyItems.map(([cls, label]) => h("mark", { class: cls }, label)));
  const list = h("ul", { class: "article-events" }, events.map((event) => h("li", {
    class: selected && eventKey(event) === eventKey(selected) ? "active" : null,
    "data-ev": eventKey(event),
    onclick: () => { location.hash = link(`article/${encodeURIComponent(id)}`, { ev: eventKey(event) }); },
  }, h("span", { class: "swatch q" + (event.quad_class || 0) }), h("span", { class: "type" }, event.event_type), " ", side(event.source), " → ", side(event.target), " ",
  h("em", {}, `“${event.trigger.text}”`), " ", details(event))));
  const where = selected && selected.location
    ? h("p", { class: "event-location" }, "Where: ", placeLabel(selected.location), selected.location.start === null ? h("span", { class: "muted" }, " — not stated in the sentence") : null)
    : null;
  const textCard = card(article.title || "(no title)", meta, key, where, articleText(article, mentions, selected));
  textCard.querySelector("h2").classList.add("article-title");
  const aside = card(`${events.length} events — click one to highlight its evidence`, list);
  const layout = h("div", { class: "two-col" }, textCard, aside);
  return [layout];
}

// ---------------------------------------------------------------- world map

// The map's libraries and shapes ship in the package (static/vendor, see its
// LICENSES.md) and load on the first visit to the map only: the other views stay light.
const MAP_SCRIPTS = ["/static/vendor/d3-array.min.js", "/static/vendor/d3-geo.min.js", "/static/vendor/topojson-client.min.js"];
const MAP_SHAPES = "/static/vendor/countries-110m.json";
const MAP_CLASSES = 5;
let mapAssets = null;

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(script);
  });
}

function loadMapAssets() {
  mapAssets = mapAssets || (async () => {
    for (const src of MAP_SCRIPTS) await loadScript(src);  // in order: d3-geo needs d3-array
    const response = await fetch(MAP_SHAPES);
    if (!response.ok) throw new Error(`could not load ${MAP_SHAPES}`);
    const world = await response.json();
    const shapes = window.topojson.feature(world, world.objects.countries).features;
    const borders = window.topojson.mesh(world, world.objects.countries, (a, b) => a !== b);
    return { d3: window.d3, shapes, borders };
  })().catch((error) => { mapAssets = null; throw error; });
  return mapAssets;
}

// Colour classes on a log scale (a few countries hold most events), 1 … MAP_CLASSES;
// each class's range of counts is given in the legend.
function mapClassOf(n, max) {
  if (n <= 0) return 0;
  return Math.min(MAP_CLASSES, 1 + Math.floor((Math.log(n) / Math.log(max + 1)) * MAP_CLASSES));
}

function mapClassRanges(max) {
  const ranges = [];
  for (let k = 1; k <= MAP_CLASSES; k += 1) {
    const lo = Math.max(1, Math.ceil((max + 1) ** ((k - 1) / MAP_CLASSES)));
    const hi = Math.min(max, Math.ceil((max + 1) ** (k / MAP_CLASSES)) - 1);
    if (lo <= hi) ranges.push([k, lo, hi]);
  }
  return ranges;
}

function quadText(counts) {
  return Object.entries(counts || {}).map(([q, n]) => `${n} ${QUAD_NAMES[q]}`).join(", ");
}

function mapDetails(panel, heading, lines, eventsLink) {
  panel.replaceChildren(h("strong", { class: "map-place" }, heading), ...lines.map((line) => h("div", {}, line)),
    eventsLink ? h("a", { href: eventsLink, class: "map-events" }, "see these events") : null);
}

const NOT_DRAWN = {
  no_location: "with no location", admin1: "located in a province or state", region: "located in a region (several countries)",
  unknown: "located at an unknown precision", city_without_coordinates: "in a city without coordinates",
};

async function mapView(params) {
  const { merged, dyad, ...filters } = filtersFrom(params);
  const [{ data }, { d3, shapes, borders }] = await Promise.all([api("map", filters), loadMapAssets()]);
  const width = 1100, height = 560;
  const projection = d3.geoNaturalEarth1().fitExtent([[6, 6], [width - 6, height - 6]], { type: "Sphere" });
  const path = d3.geoPath(projection);
  const byNumeric = new Map(data.countries.filter((c) => c.numeric).map((c) => [c.numeric, c]));
  const drawn = new Set(shapes.map((f) => f.id).filter(Boolean));
  const maxCountry = Math.max(1, ...data.countries.map((c) => c.events));
  const maxPoint = Math.max(1, ...data.points.map((p) => p.events));
  const panel = h("div", { class: "map-details", id: "map-details", role: "status" }, "Click a country or a point for its counts.");
  const eventsOf = (place) => link("", { ...filters, place });
  const showCountry = (name, row) => {
    if (!row) { mapDetails(panel, name, ["No located event."], null); return; }
    const lines = [`${row.events} event${row.events === 1 ? "" : "s"} located in the country as a whole` +
      (row.events ? ` (${quadText(row.quad_classes)}; mean Goldstein ${row.goldstein_mean ?? "?"})` : ""),
    `${row.city_events} more located in its cities, shown as points`];
    mapDetails(panel, `${name} (${row.country})`, lines, eventsOf(row.country));
  };
  const chart = s("svg", { viewBox: `0 0 ${width} ${height}`, width: "100%", role: "img", "aria-label": "World map of events", class: "world-map" });
  chart.append(s("path", { d: path({ type: "Sphere" }), class: "sphere" }));
  for (const shape of shapes) {
    const row = byNumeric.get(shape.id);
    const n = row ? row.events : 0;
    const name = shape.properties.name;
    const tip = row ? `${name} (${row.country}): ${n} event${n === 1 ? "" : "s"} in the country as a whole, ${row.city_events} in its cities` : `${name}: no located event`;
    chart.append(s("path", {
      d: path(shape), class: `country m${mapClassOf(n, maxCountry)}`, "data-numeric": shape.id || null,
      "data-country": row ? row.country : null, "data-count": n,
      onclick: () => showCountry(name, row), onmouseenter: () => showCountry(name, row),
    }, svgTitle(tip)));
  }
  chart.append(s("path", { d: path(borders), class: "borders" }));
  for (const point of [...data.points].sort((p, q) => q.events - p.events)) {
    const xy = projection([point.lon, point.lat]);
    if (!xy) continue;
    const tip = `${point.name}${point.country ? " (" + point.country + ")" : ""}: ${point.events} event${point.events === 1 ? "" : "s"}`;
    const show = () => mapDetails(panel, point.name + (point.country ? ` (${point.country})` : ""),
      [`${point.events} event${point.events === 1 ? "" : "s"} located in the city (${quadText(point.quad_classes)}; mean Goldstein ${point.goldstein_mean ?? "?"})`],
      point.place_id ? eventsOf(point.place_id) : null);
    chart.append(s("circle", {
      cx: xy[0], cy: xy[1], r: 3 + 9 * Math.sqrt(point.events / maxPoint), class: "place",
      "data-place": point.place_id || point.name, "data-count": point.events, onclick: show, onmouseenter: show,
    }, svgTitle(tip)));
  }
  const key = h("div", { class: "legend map-legend" },
    h("span", {}, "Events located in a country as a whole: "),
    mapClassRanges(maxCountry).map(([k, lo, hi]) => h("span", {}, h("span", { class: `swatch m${k}` }), lo === hi ? String(lo) : `${lo}–${hi}`)),
    h("span", {}, h("span", { class: "swatch place-swatch" }), "events located in a city (size by count)"));
  const notes = [];
  const notDrawn = Object.entries(data.not_drawn).filter(([, n]) => n);
  if (notDrawn.length) notes.push(`Not on the map: ${notDrawn.map(([why, n]) => `${n} ${NOT_DRAWN[why] || why}`).join(", ")}.`);
  const shapeless = data.countries.filter((c) => c.events && !(c.numeric && drawn.has(c.numeric)));
  if (shapeless.length) notes.push(`Too small for the map's scale or without a shape: ${shapeless.map((c) => `${c.country} ${c.events}`).join(", ")}.`);
  if (data.negated) notes.push(`${data.negated} negated event${data.negated === 1 ? "" : "s"} (reported as not done) left out.`);
  const explain = h("p", { class: "muted" }, "Each event is shown at the precision its place is known to: a country coloured for events located in the country as a whole, a point for events located in a city; never a guessed spot. Counts lead events unless the Salience filter says otherwise. ", notes.join(" "));
  const empty = data.countries.length || data.points.length ? null : h("p", { class: "muted" }, hasFilters(params) ? "No located event matches these filters." : "No located event yet.");
  return [card("Map — where events happened", key, empty, chart, panel, explain)];
}

// ---------------------------------------------------------------- alerts

// The API token lives in this tab's sessionStorage only: acknowledging is a write,
// and writes need VEILLE_TOKEN, which the server never hands out.
const TOKEN_KEY = "veille-token";

async function refreshBadge() {
  const badge = document.getElementById("alert-badge");
  try {
    const response = await fetch("/api/alerts/count");
    if (!response.ok) return;
    const { open } = await response.json();
    badge.textContent = String(open);
    badge.title = `${open} open alert${open === 1 ? "" : "s"}`;
    badge.hidden = open === 0;
  } catch {
    // The server is away for a moment: keep the last count.
  }
}

async function acknowledge(id) {
  const token = sessionStorage.getItem(TOKEN_KEY) || "";
  const response = await fetch(`/api/alerts/${encodeURIComponent(id)}/ack`, {
    method: "POST", headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(`${body.code || response.status}: ${body.message || "the server refused"}`);
}

function localLink(url) {
  // Alerts carry absolute links (VEILLE_PUBLIC_URL) for mail and feed readers; here, stay in this tab.
  const at = String(url || "").indexOf("#/");
  return at >= 0 ? url.slice(at) : null;
}

function alertEvidence(alert) {
  return h("ul", { class: "alert-evidence" }, (alert.evidence || []).map((e) => h("li", {},
    h("a", { href: link(`article/${encodeURIComponent(e.article_id)}`, { ev: `${e.start}-${e.end}` }), class: "evidence-link",
      title: "Open the article with this evidence highlighted" }, e.title || e.article_id),
    e.source_name ? h("span", { class: "muted" }, ` — ${e.source_name}`) : null,
    h("div", { class: "muted" }, String(e.sentence || "").slice(0, 240)))));
}

function deliveryText(alert) {
  const states = (alert.deliveries || []).map((d) => `${d.channel} ${d.status}${d.last_error && d.status !== "delivered" ? ` (${d.last_error})` : ""}`);
  return states.length ? states.join(", ") : "Atom feed";
}

async function alertsView(params) {
  const watchlist = params.get("watchlist") || "";
  const openOnly = params.get("open") === "true";
  const offset = Number(params.get("offset") || 0);
  const [lists, page] = await Promise.all([
    api("watchlists"),
    api("alerts", { watchlist, open: openOnly ? "true" : "", limit: PAGE, offset }),
  ]);
  const status = h("p", { class: "error", id: "ack-status", role: "alert" });
  const acknowledgeButton = (alert) => h("button", {
    type: "button", class: "ack", onclick: async (event) => {
      event.target.disabled = true;
      try {
        await acknowledge(alert.id);
        await refreshBadge();
        await render();
      } catch (error) {
        status.textContent = `Not acknowledged: ${error.message}`;
        event.target.disabled = false;
      }
    },
  }, "Acknowledge");
  const picks = h("div", { class: "dyad-picks watchlist-picks" },
    h("a", { href: link("alerts", { open: openOnly ? "true" : "" }), "aria-current": watchlist ? null : "true" }, "all watchlists"),
    lists.data.map((w) => h("a", { href: link("alerts", { watchlist: w.name, open: openOnly ? "true" : "" }), "data-watchlist": w.name,
      "aria-current": w.name === watchlist ? "true" : null, title: w.description }, `${w.name} (${w.open_alerts})`)),
    h("a", { href: link("alerts", { watchlist, open: openOnly ? "" : "true" }), class: "open-toggle" }, openOnly ? "show acknowledged too" : "open alerts only"));
  const table = h("table", { class: "events alerts" },
    h("thead", {}, h("tr", {}, ["raised", "watchlist", "alert and its evidence", "delivery", ""].map((t) => h("th", {}, t)))),
    h("tbody", {}, page.data.map((alert) => h("tr", { class: `alert ${alert.acknowledged_at ? "acknowledged" : "open"}`, "data-alert": alert.id },
      h("td", {}, String(alert.created_at || "").slice(0, 16).replace("T", " ")),
      h("td", {}, alert.watchlist, h("div", { class: "muted" }, alert.kind)),
      h("td", {}, localLink(alert.link) ? h("a", { href: localLink(alert.link), class: "alert-title" }, alert.title) : h("span", { class: "alert-title" }, alert.title),
        alertEvidence(alert)),
      h("td", { class: "delivery" }, deliveryText(alert)),
      h("td", {}, alert.acknowledged_at ? h("span", { class: "muted acked" }, `acknowledged ${day(alert.acknowledged_at)}`) : acknowledgeButton(alert))))));
  const pager = h("div", { class: "pager" }, h("span", { class: "muted" }, `${page.total} alert${page.total === 1 ? "" : "s"}`),
    offset > 0 ? h("a", { href: link("alerts", { watchlist, open: openOnly ? "true" : "", offset: Math.max(0, offset - PAGE) }) }, "← newer") : null,
    offset + PAGE < page.total ? h("a", { href: link("alerts", { watchlist, open: openOnly ? "true" : "", offset: offset + PAGE }) }, "older →") : null);
  const token = h("input", { type: "password", id: "api-token", size: 24, autocomplete: "off", value: sessionStorage.getItem(TOKEN_KEY) || "",
    onchange: (event) => sessionStorage.setItem(TOKEN_KEY, event.target.value.trim()) });
  const tokenForm = h("p", { class: "muted" }, h("label", {}, "API token (VEILLE_TOKEN), needed to acknowledge: ", token));
  const feeds = h("ul", { class: "watchlists" }, lists.data.map((w) => h("li", {},
    h("strong", {}, w.name), ` — ${w.description} · `,
    h("a", { href: `/api/watchlists/${encodeURIComponent(w.name)}/alerts.atom`, class: "atom" }, "Atom feed"))));
  const empty = h("p", { class: "muted" }, lists.data.length ? "No alert yet." : "No watchlist yet: add one with `veille watchlist add` or POST /api/watchlists.");
  return [card("Alerts", picks, status, page.data.length ? table : empty, pager, tokenForm),
    card("Watchlists", lists.data.length ? feeds : h("p", { class: "muted" }, "none"))];
}

// ---------------------------------------------------------------- router

function syncForms(path, params) {
  const form = document.getElementById("filters");
  for (const key of FILTER_KEYS) form.elements[key].value = params.get(key) || "";
  document.getElementById("search-q").value = params.get("q") || "";
  const name = path.startsWith("article/") ? "articles" : path.startsWith("story/") ? "stories" : path || "events";
  for (const a of document.querySelectorAll("nav a[data-view]")) {
    if (a.dataset.view === name) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  // The event filters apply to the event views only; elsewhere they would filter nothing.
  form.hidden = !["events", "dyad", "network", "map"].includes(name);
}

async function render() {
  const { path, params } = route();
  syncForms(path, params);
  view.setAttribute("aria-busy", "true");
  try {
    let parts;
    if (path.startsWith("article/")) parts = await articleView(path.slice("article/".length), params);
    else if (path === "dyad") parts = await dyadView(params);
    else if (path === "network") parts = await networkView(params);
    else if (path === "map") parts = await mapView(params);
    else if (path === "articles") parts = await articlesView(params);
    else if (path === "stories") parts = await storiesView(params);
    else if (path.startsWith("story/")) parts = await storyView(path.slice("story/".length));
    else if (path === "search") parts = await searchView(params);
    else if (path === "alerts") parts = await alertsView(params);
    else parts = await eventsView(params);
    view.replaceChildren(...parts);
    const active = view.querySelector("mark.ev-trigger");
    if (active && path.startsWith("article/")) active.scrollIntoView({ block: "center" });
  } catch (error) {
    view.replaceChildren(card("Something went wrong", h("p", { class: "error" }, String(error.message || error))));
  } finally {
    view.setAttribute("aria-busy", "false");
    document.body.dataset.ready = "true";
    refreshBadge();
  }
}

document.getElementById("filters").addEventListener("submit", (event) => {
  event.preventDefault();
  const { path, params } = route();
  const next = Object.fromEntries(params);
  delete next.offset;
  for (const [key, value] of new FormData(event.target)) next[key] = value;
  const target = ["articles", "stories", "alerts"].includes(path) || path.startsWith("article/") || path.startsWith("story/") ? "" : path;
  location.hash = link(target, next);
});
document.getElementById("clear-filters").addEventListener("click", () => {
  const { path } = route();
  location.hash = link(path.startsWith("article/") || path.startsWith("story/") ? "" : path, {});
});
document.getElementById("search").addEventListener("submit", (event) => {
  event.preventDefault();
  const { params } = route();
  const next = Object.fromEntries(params);
  delete next.offset;
  next.q = document.getElementById("search-q").value.trim();
  location.hash = link("search", next);
});
window.addEventListener("hashchange", render);
// The badge follows alerts raised while the page stays open (veille watch runs beside it).
setInterval(refreshBadge, 30000);
render();
