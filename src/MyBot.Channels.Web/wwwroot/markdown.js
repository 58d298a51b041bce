// A small Markdown renderer for the agent's replies that builds DOM nodes and sets only textContent and safe
// attributes: no HTML from the model or the user is ever parsed, so a <script> in a reply stays text.
// Covers what chat models write: paragraphs, headings, fenced code, lists, quotes, rules, **bold**, *italic*,
// `code`, ~~strike~~, [links](https://...) and bare URLs. Anything else shows as the text it is.
"use strict";

const SAFE_LINK = /^(https?:|mailto:)/i;

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function link(href, children) {
  if (!SAFE_LINK.test(href)) return null;
  const a = el("a");
  a.href = href;
  a.target = "_blank";
  a.rel = "noopener noreferrer";
  a.append(...children);
  return a;
}

// Inline spans, earliest match first; the text between matches becomes text nodes.
const INLINE = [
  { re: /`([^`\n]+)`/, make: (m) => el("code", null, m[1]) },
  { re: /\*\*(?=\S)([\s\S]*?\S)\*\*|__(?=\S)([\s\S]*?\S)__/, make: (m) => wrap("strong", m[1] ?? m[2]) },
  { re: /~~(?=\S)([\s\S]*?\S)~~/, make: (m) => wrap("del", m[1]) },
  { re: /\*(?=[^\s*])([^*\n]*?[^\s*])\*|(?<![\w])_(?=[^\s_])([^_\n]*?[^\s_])_(?![\w])/, make: (m) => wrap("em", m[1] ?? m[2]) },
  { re: /\[([^\]\n]+)\]\(([^)\s]+)\)/, make: (m) => link(m[2], inline(m[1])) },
  { re: /\bhttps?:\/\/[^\s<>()]+[^\s<>().,;:!?'"]/, make: (m) => link(m[0], [document.createTextNode(m[0])]) },
];

function wrap(tag, text) {
  const node = el(tag);
  node.append(...inline(text));
  return node;
}

function inline(text) {
  const nodes = [];
  let rest = text;
  while (rest.length > 0) {
    let best = null;
    for (const rule of INLINE) {
      const m = rule.re.exec(rest);
      if (m && (best === null || m.index < best.m.index)) best = { m, rule };
    }
    if (best === null) {
      nodes.push(document.createTextNode(rest));
      break;
    }
    if (best.m.index > 0) nodes.push(document.createTextNode(rest.slice(0, best.m.index)));
    const made = best.rule.make(best.m);
    nodes.push(made ?? document.createTextNode(best.m[0]));
    rest = rest.slice(best.m.index + best.m[0].length);
  }
  return nodes;
}

function lines(nodes, textLines) {
  textLines.forEach((line, i) => {
    if (i > 0) nodes.push(el("br"));
    nodes.push(...inline(line));
  });
  return nodes;
}

const FENCE = /^\s{0,3}(```+|~~~+)\s*([\w+#.-]*)\s*$/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const BULLET = /^\s{0,3}[-*+]\s+(.*)$/;
const NUMBERED = /^\s{0,3}(\d{1,9})[.)]\s+(.*)$/;
const QUOTE = /^\s{0,3}>\s?(.*)$/;
const RULE = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;

function blocks(source) {
  const out = document.createDocumentFragment();
  const all = source.replace(/\r\n?/g, "\n").split("\n");
  let i = 0;
  while (i < all.length) {
    const line = all[i];
    let m;
    if (line.trim() === "") {
      i++;
    } else if ((m = FENCE.exec(line))) {
      const fence = m[1];
      const body = [];
      i++;
      while (i < all.length && !all[i].trim().startsWith(fence)) body.push(all[i++]);
      i++;
      const pre = el("pre");
      const code = el("code", null, body.join("\n"));
      if (m[2]) code.dataset.lang = m[2];
      pre.append(code);
      out.append(pre);
    } else if ((m = HEADING.exec(line))) {
      const level = Math.min(6, m[1].length + 2);
      const h = el("h" + level);
      h.append(...inline(m[2]));
      out.append(h);
      i++;
    } else if (RULE.test(line)) {
      out.append(el("hr"));
      i++;
    } else if (QUOTE.test(line)) {
      const body = [];
      while (i < all.length && (m = QUOTE.exec(all[i]))) {
        body.push(m[1]);
        i++;
      }
      const quote = el("blockquote");
      quote.append(blocks(body.join("\n")));
      out.append(quote);
    } else if (BULLET.test(line) || NUMBERED.test(line)) {
      const ordered = !BULLET.test(line);
      const pattern = ordered ? NUMBERED : BULLET;
      const list = el(ordered ? "ol" : "ul");
      if (ordered) {
        const start = Number(NUMBERED.exec(line)[1]);
        if (start !== 1) list.start = start;
      }
      while (i < all.length && (m = pattern.exec(all[i]))) {
        const itemLines = [ordered ? m[2] : m[1]];
        i++;
        while (i < all.length && /^\s{2,}\S/.test(all[i]) && !pattern.test(all[i])) itemLines.push(all[i++].trim());
        const item = el("li");
        item.append(...lines([], itemLines));
        list.append(item);
      }
      out.append(list);
    } else {
      const body = [];
      while (
        i < all.length && all[i].trim() !== "" &&
        !FENCE.test(all[i]) && !HEADING.test(all[i]) && !QUOTE.test(all[i]) &&
        !(body.length > 0 && (BULLET.test(all[i]) || NUMBERED.test(all[i]) || RULE.test(all[i])))
      ) {
        body.push(all[i++]);
      }
      const p = el("p");
      p.append(...lines([], body));
      out.append(p);
    }
  }
  return out;
}

export function renderMarkdown(source) {
  return blocks(String(source ?? ""));
}
