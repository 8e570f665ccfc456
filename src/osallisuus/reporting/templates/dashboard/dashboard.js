// The dashboard's filters, charts, table views and CSV downloads over the embedded published
// tables (osallisuus.reporting.dashboard). Nothing is fetched: every number is in #data.
"use strict";
const D = JSON.parse(document.getElementById("data").textContent);
const T = D.texts;
const LOCALE = D.language;
const byId = (rows, key) => Object.fromEntries(rows.map((r) => [r[key], r]));
const GROUPS = byId(D.groups, "group_id");
const SERVICES = byId(D.services, "service_id");
const NAMES = {round: byId(D.rounds, "round"), comparison: byId(D.comparisons, "comparison"),
               theme: byId(D.themes_dim, "theme")};
const EFFECTS = ["positive", "none", "negative", "unclear"];
const COLORS = ["#1f5fa8", "#e08a2c", "#3a9a5b", "#b03a48", "#7b5ea7", "#5aa9c9", "#8c6d3f", "#d36ba6"];
const BASE = {width: "container", autosize: {type: "fit-x", contains: "padding"},
              config: {axis: {labelLimit: 320}, legend: {labelLimit: 420}}};
const state = {};
const PACE = paceRows();
for (const row of [...PACE, ...D.follow_ups]) row.suppressed = row.count === null;  // embedded without the flag

// The pace fact as rows again, with the zeros it was embedded without: every month of the year
// for each round a group has (osallisuus.reporting.dashboard._compact_pace).
function paceRows() {
  if (Array.isArray(D.pace)) return D.pace;
  const rows = D.pace.rows.map((values) => Object.fromEntries(D.pace.columns.map((c, i) => [c, values[i]])));
  const id = (r) => [r.year, r.group_id, r.month, r.round].join("|");
  const known = new Set(rows.map(id));
  const rounds = {};
  for (const r of rows) (rounds[r.year + "|" + r.group_id] ??= new Set()).add(r.round);
  const zeros = [];
  for (const [key, names] of Object.entries(rounds)) {
    const [year, group] = key.split("|").map(Number);
    for (const month of D.pace_months[year]) {
      for (const round of names) {
        const row = {year: year, group_id: group, month: month, round: round, count: 0, suppressed_reason: ""};
        if (!known.has(id(row))) zeros.push(row);
      }
    }
  }
  return [...rows, ...zeros];
}

function number(x, decimals) {
  if (x === null || x === undefined) return "–";
  return new Intl.NumberFormat(LOCALE, {minimumFractionDigits: decimals, maximumFractionDigits: decimals}).format(x);
}

function label(group) {
  if (group.level === "region") return group.organization || T.dash_region;  // --region names it
  if (group.level === "organization") return group.organization;
  return group.unit + " (" + group.organization + ")";
}

function hiddenText(row) {
  if (row.suppressed_reason === "protects_another_group") return T.hidden_other;
  if (row.suppressed_reason === "whole_breakdown_hidden") return T.hidden_whole;
  return T.suppressed;
}

// -- filters ---------------------------------------------------------------------------------
function select(key, title, options, chosen) {
  const box = document.createElement("label");
  box.textContent = title;
  const element = document.createElement("select");
  element.id = "filter-" + key;
  for (const [value, text] of options) {
    const option = document.createElement("option");
    option.value = value;
    option.textContent = text;
    element.appendChild(option);
  }
  element.value = chosen;
  element.addEventListener("change", () => { state[key] = element.value; draw(); });
  box.appendChild(element);
  return box;
}

function units() {
  return D.groups.filter((g) => g.level === "unit"
    && (state.organization === "" || String(g.organization_id) === state.organization)
    && (state.service === "" || String(g.service_id) === state.service));
}

function filters() {
  const years = [...new Set(D.summary.map((r) => r.year))].sort();
  const all = ["", T.dash_all];
  if (state.year === undefined) {
    Object.assign(state, {year: String(years[years.length - 1]), organization: "", service: "", unit: "",
                          round: D.rounds[0].round, comparison: D.comparisons[0].comparison});
  }
  if (!units().some((g) => String(g.group_id) === state.unit)) state.unit = "";
  const box = document.getElementById("filters");
  box.replaceChildren(
    select("year", T.dash_year, years.map((y) => [String(y), String(y)]), state.year),
    select("organization", T.organization, [all, ...D.groups.filter((g) => g.level === "organization")
      .map((g) => [String(g.organization_id), g.organization])], state.organization),
    select("service", T.dash_service, [all, ...D.services.map((s) => [String(s.service_id), s.service])], state.service),
    select("unit", T.unit, [all, ...units().map((g) => [String(g.group_id), g.unit])], state.unit),
    select("round", T.round, D.rounds.map((r) => [r.round, r.name]), state.round),
    select("comparison", T.dash_comparison, D.comparisons.map((c) => [c.comparison, c.name]), state.comparison));
}

// The groups a selection shows: a unit; the units of a service; an organization and its units;
// or the region and its organizations.
function shownGroups() {
  if (state.unit !== "") return [GROUPS[state.unit]];
  if (state.service !== "") return units();
  if (state.organization !== "") {
    return D.groups.filter((g) => String(g.organization_id) === state.organization);
  }
  return D.groups.filter((g) => g.level !== "unit");
}

// The one group whose themes are shown: the chosen unit, else the organization, else the region.
function focusGroup() {
  if (state.unit !== "") return GROUPS[state.unit];
  if (state.organization !== "") {
    return D.groups.find((g) => g.level === "organization" && String(g.organization_id) === state.organization);
  }
  return D.groups.find((g) => g.level === "region");
}

// -- views -----------------------------------------------------------------------------------
function section(id, title, text, spec, columns, rows, file) {
  const box = document.getElementById(id);
  box.replaceChildren();
  const heading = document.createElement("h2");
  heading.textContent = title;
  const note = document.createElement("p");
  note.className = "muted";
  note.textContent = text;
  const chart = document.createElement("div");
  chart.className = "chart";
  chart.id = id + "-chart";
  box.append(heading, note, chart);
  const drawn = rows.filter((r) => !r.suppressed && r.count !== 0);  // a zero draws nothing
  if (!drawn.length) {
    chart.textContent = T.dash_nothing;
  } else {
    vegaEmbed(chart, spec(drawn), {actions: false, renderer: "svg", formatLocale: D.format_locale})
      .catch((error) => console.error(error));
  }
  const details = document.createElement("details");
  details.id = id + "-details";
  const summary = document.createElement("summary");
  summary.textContent = T.dash_table;
  const button = document.createElement("button");
  button.type = "button";
  button.id = id + "-csv";
  button.textContent = T.dash_csv;
  button.addEventListener("click", (event) => { event.preventDefault(); download(file, csv(columns, rows)); });
  summary.appendChild(button);
  const table = document.createElement("table");
  table.id = id + "-table";
  const head = table.createTHead().insertRow();
  for (const column of columns) {
    const th = document.createElement("th");
    th.textContent = column.title;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    tr.dataset.group = row.group_id;
    if (row.key !== undefined) tr.dataset.key = row.key;
    for (const column of columns) {
      const td = tr.insertCell();
      td.dataset.column = column.key;
      if (column.decimals !== undefined) {
        td.className = "num";
        const value = row[column.key];
        td.textContent = row.suppressed && value == null && (column.key.startsWith("n") || column.key === "count")
          ? hiddenText(row)
          : number(value, column.decimals === "row" ? row.decimals : column.decimals);
      } else {
        td.textContent = row[column.key] ?? "";
      }
    }
  }
  details.append(summary, table);
  box.appendChild(details);
}

function csv(columns, rows) {
  const quote = (v) => {
    const text = v === null || v === undefined ? "" : String(v);
    const safe = /^[=+\-@\t\r]/.test(text) && isNaN(Number(text)) ? "'" + text : text;  // no formula in a spreadsheet
    return /[",\n]/.test(safe) ? '"' + safe.replace(/"/g, '""') + '"' : safe;
  };
  const keys = columns.map((c) => c.key);
  return [keys.join(","), ...rows.map((r) => keys.map((k) => quote(r[k])).join(","))].join("\n") + "\n";
}

function download(name, text) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob(["\ufeff" + text], {type: "text/csv;charset=utf-8"}));
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

function withLabels(rows) {
  const order = Object.fromEntries(shownGroups().map((g, i) => [g.group_id, i]));
  return rows.filter((r) => r.group_id in order)
    .sort((a, b) => order[a.group_id] - order[b.group_id])
    .map((r) => ({...r, label: label(GROUPS[r.group_id])}));
}

function levels() {
  const rows = withLabels(D.summary.filter((r) => String(r.year) === state.year && r.round === state.round));
  const references = D.references;
  const spec = (drawn) => ({
    ...BASE,
    layer: [
      {data: {values: drawn}, mark: {type: "rule", strokeWidth: 2},
       encoding: {y: {field: "label", type: "nominal", sort: null, title: null},
                  x: {field: "esis_ci_low", type: "quantitative", scale: {domain: [0, 100]}, title: T.dash_mean},
                  x2: {field: "esis_ci_high"}}},
      {data: {values: drawn}, mark: {type: "point", filled: true, size: 70, color: "#1f5fa8"},
       encoding: {y: {field: "label", type: "nominal", sort: null}, x: {field: "esis_mean", type: "quantitative"},
                  tooltip: [{field: "label", title: T.dash_group}, {field: "esis_mean", title: T.dash_mean},
                            {field: "n_answered", title: T.dash_n}]}},
      {data: {values: references}, mark: {type: "rule", strokeDash: [4, 3]},
       encoding: {x: {field: "esis_mean", type: "quantitative"},
                  color: {field: "name", type: "nominal", title: T.reference, legend: {orient: "bottom", columns: 2}}}},
    ]});
  const columns = [{key: "label", title: T.dash_group}, {key: "n_answered", title: T.dash_n, decimals: 0},
                   {key: "esis_mean", title: T.dash_mean, decimals: "row"},
                   {key: "esis_ci_low", title: T.dash_ci_low, decimals: "row"},
                   {key: "esis_ci_high", title: T.dash_ci_high, decimals: "row"}];
  section("levels", T.dash_levels + ": " + NAMES.round[state.round].name, T.dash_levels_text, spec, columns, rows,
          "levels.csv");
}

function change() {
  const rows = withLabels(D.change.filter((r) => String(r.year) === state.year && r.comparison === state.comparison
                                                 && r.mean_diff !== undefined));
  const spec = (drawn) => ({
    ...BASE,
    layer: [
      {data: {values: drawn.filter((r) => r.mean_diff !== null)}, mark: {type: "rule", strokeWidth: 2},
       encoding: {y: {field: "label", type: "nominal", sort: null, title: null},
                  x: {field: "ci_low", type: "quantitative", title: T.dash_diff}, x2: {field: "ci_high"}}},
      {data: {values: drawn.filter((r) => r.mean_diff !== null)}, mark: {type: "point", filled: true, size: 70, color: "#a8521f"},
       encoding: {y: {field: "label", type: "nominal", sort: null}, x: {field: "mean_diff", type: "quantitative"},
                  tooltip: [{field: "label", title: T.dash_group}, {field: "mean_diff", title: T.dash_diff},
                            {field: "n_pairs", title: T.dash_pairs}]}},
      {data: {values: [{zero: 0}]}, mark: {type: "rule", color: "#777"}, encoding: {x: {field: "zero", type: "quantitative"}}},
    ]});
  const columns = [{key: "label", title: T.dash_group}, {key: "n_pairs", title: T.dash_pairs, decimals: 0},
                   {key: "mean_before", title: T.dash_before, decimals: "row"},
                   {key: "mean_after", title: T.dash_after, decimals: "row"},
                   {key: "mean_diff", title: T.dash_diff, decimals: "row"},
                   {key: "ci_low", title: T.dash_ci_low, decimals: "row"},
                   {key: "ci_high", title: T.dash_ci_high, decimals: "row"}];
  section("change", T.dash_change + ": " + NAMES.comparison[state.comparison].name, T.dash_change_text, spec, columns,
          rows, "change.csv");
}

function themes() {
  const focus = focusGroup();
  const rows = D.themes.filter((r) => String(r.year) === state.year && r.group_id === focus.group_id && r.theme
                                      && EFFECTS.includes(r.effect))
    .map((r) => ({...r, label: label(focus), theme_name: NAMES.theme[r.theme] ? NAMES.theme[r.theme].name : r.theme,
                  effect_name: T["effect_" + r.effect]}));
  const spec = (drawn) => ({
    ...BASE,
    data: {values: drawn.filter((r) => r.count)}, mark: "bar",
    encoding: {y: {field: "theme_name", type: "nominal", title: null, sort: "-x"},
               x: {field: "count", type: "quantitative", stack: true, title: T.dash_count},
               color: {field: "effect_name", type: "nominal", title: null, sort: EFFECTS.map((e) => T["effect_" + e]),
                       scale: {range: ["#2e7d32", "#9e9e9e", "#c62828", "#f9a825"]}, legend: {orient: "bottom"}},
               tooltip: [{field: "theme_name", title: T.theme}, {field: "effect_name"}, {field: "count", title: T.dash_count}]}});
  const columns = [{key: "theme_name", title: T.theme}, {key: "effect_name", title: T.dash_effect},
                   {key: "count", title: T.dash_count, decimals: 0}, {key: "n_coded", title: T.dash_coded, decimals: 0}];
  section("themes", T.dash_themes, T.dash_themes_text.replace("{group}", label(focus)), spec, columns, rows,
          "themes.csv");
}

function monthName(month) {
  if (month === "") return T.dash_undated;
  const [year, number] = month.split("-").map(Number);
  return new Intl.DateTimeFormat(LOCALE, {month: "short", year: "numeric", timeZone: "UTC"})
    .format(new Date(Date.UTC(year, number - 1, 1)));
}

function dayName(day) {
  const [year, month, date] = day.split("-").map(Number);
  return new Intl.DateTimeFormat(LOCALE, {dateStyle: "long", timeZone: "UTC"}).format(new Date(Date.UTC(year, month - 1, date)));
}

function roundName(round) {
  return NAMES.round[round] ? NAMES.round[round].name : round;
}

// Answers per month: bars of the months' totals, split by round where the rounds' counts are
// shown; the rest of a shown total (its hidden rounds together: total minus the shown ones) is one
// "not itemized" part.
function pace() {
  const focus = focusGroup();
  const months = (D.pace_months || {})[state.year] || [];
  const order = Object.fromEntries(D.rounds.map((r, i) => [r.round, i]));
  const rank = (r) => months.indexOf(r.month) * 1000 + (r.round === "" ? -1 : order[r.round] ?? 999);
  const rows = PACE.filter((r) => String(r.year) === state.year && r.group_id === focus.group_id)
    .sort((a, b) => rank(a) - rank(b) || a.round.localeCompare(b.round))
    .map((r) => ({...r, key: r.month + "|" + r.round, label: label(focus), month_name: monthName(r.month),
                  round_name: r.round === "" ? T.dash_all_rounds : roundName(r.round)}));
  const names = months.map(monthName);
  const rest = T.dash_not_itemized;
  const rounds = [...new Set(rows.filter((r) => r.round !== "").map((r) => r.round_name)), rest];
  const bars = () => rows.filter((r) => r.round === "" && r.count).flatMap((total) => {
    const parts = rows.filter((r) => r.month === total.month && r.round !== "" && r.count);
    const hidden = total.count - parts.reduce((sum, r) => sum + r.count, 0);
    return [...parts, ...(hidden > 0 ? [{...total, round_name: rest, count: hidden}] : [])];
  });
  const x = {field: "month_name", type: "ordinal", sort: names, scale: {domain: names}, title: null,
             axis: {labelAngle: -45}};
  const hiddenMonths = rows.filter((r) => r.round === "" && r.count === null);  // "×", not an empty bar
  const spec = () => ({
    ...BASE,
    layer: [
      {data: {values: bars()}, mark: "bar",
       encoding: {x: x,
                  y: {field: "count", type: "quantitative", stack: true, title: T.dash_count,
                      axis: {tickMinStep: 1, format: "d"}},
                  color: {field: "round_name", type: "nominal", sort: rounds, title: T.round, legend: {orient: "bottom"},
                          scale: {domain: rounds, range: [...COLORS.slice(0, rounds.length - 1), "#bdbdbd"]}},
                  tooltip: [{field: "month_name", title: T.dash_month}, {field: "round_name", title: T.round},
                            {field: "count", title: T.dash_count}]}},
      {data: {values: hiddenMonths}, mark: {type: "text", text: "×", dy: -8, fontSize: 15, color: "#555"},
       encoding: {x: x, y: {datum: 0}, tooltip: [{field: "month_name", title: T.dash_month}]}},
    ]});
  const columns = [{key: "month_name", title: T.dash_month}, {key: "round_name", title: T.round},
                   {key: "count", title: T.dash_count, decimals: 0}];
  section("pace", T.dash_pace, T.dash_pace_text.replace("{group}", label(focus)), spec, columns, rows, "pace.csv");
}

function followUps() {
  const rows = withLabels(D.follow_ups.filter((r) => String(r.year) === state.year))
    .map((r) => ({...r, key: r.status, status_name: T["dash_status_" + r.status]}));
  const first = rows.find((r) => r.as_of) || D.follow_ups.find((r) => String(r.year) === state.year);
  const text = first ? T.dash_follow_ups_text.replace("{day}", dayName(first.as_of)).replace("{interval}", first.interval_months)
    : T.dash_nothing;
  const spec = (drawn) => ({
    ...BASE,
    data: {values: drawn}, mark: "bar",
    encoding: {y: {field: "label", type: "nominal", sort: null, title: null},
               yOffset: {field: "status_name", type: "nominal"},
               x: {field: "count", type: "quantitative", title: T.dash_people, axis: {tickMinStep: 1, format: "d"}},
               color: {field: "status_name", type: "nominal", title: null, legend: {orient: "bottom"},
                       scale: {range: ["#f9a825", "#c62828"]}},
               tooltip: [{field: "label", title: T.dash_group}, {field: "status_name"},
                         {field: "count", title: T.dash_people}]}});
  const columns = [{key: "label", title: T.dash_group}, {key: "status_name", title: T.dash_status},
                   {key: "count", title: T.dash_people, decimals: 0}];
  section("follow_ups", T.dash_follow_ups, text, spec, columns, rows, "follow_ups.csv");
}

function draw() {
  filters();
  levels();
  change();
  pace();
  followUps();
  themes();
}

document.getElementById("made").textContent = T.dash_made.replace("{made}", D.meta.made)
  .replace("{version}", D.meta.data_version).replace("{start}", D.meta.period_start).replace("{end}", D.meta.period_end);
document.getElementById("intro").textContent = T.dash_intro;
draw();
