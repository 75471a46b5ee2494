// Offline API reference: renders /openapi.json without any third-party script.
// Everything from the schema is written with textContent, never as HTML.

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  for (const child of children) node.append(child);
  return node;
}

async function main() {
  const box = document.getElementById("endpoints");
  const response = await fetch("/openapi.json");
  const spec = await response.json();
  box.textContent = "";
  for (const [path, operations] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      const section = el("section", { class: "endpoint" });
      section.append(el("h2", {}, el("code", {}, `${method.toUpperCase()} ${path}`)));
      if (op.summary) section.append(el("p", {}, op.summary));
      const params = op.parameters || [];
      if (params.length) {
        const table = el("table");
        table.append(el("tr", {}, el("th", {}, "parameter"), el("th", {}, "in"), el("th", {}, "type"), el("th", {}, "meaning")));
        for (const p of params) {
          const schema = p.schema || {};
          const type = schema.type || (schema.anyOf || []).map((s) => s.type || (s.enum || []).join("|")).join(" or ") || (schema.enum || []).join("|");
          table.append(el("tr", {}, el("td", {}, el("code", {}, p.name)), el("td", {}, p.in), el("td", {}, String(type)), el("td", {}, p.description || schema.description || "")));
        }
        section.append(table);
      }
      box.append(section);
    }
  }
}

main().catch((error) => {
  document.getElementById("endpoints").textContent = `Could not load /openapi.json: ${error}`;
});
