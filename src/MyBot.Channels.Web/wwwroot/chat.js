// The chat page's client. One WebSocket to /web/socket carries JSON frames:
//   page → server: {type:"list"} | {type:"open", conversation, after} | {type:"send", conversation, id, text}
//                  | {type:"ack", conversation, seq}
//   server → page: {type:"conversations", items} | {type:"entries", conversation, entries:[{seq,id,role,text,at}]}
//                  | {type:"typing", conversation} | {type:"accepted", conversation, id} | {type:"error", id?, error}
// Entries are shown in seq order and deduplicated by id, so a reply pushed twice (a reconnect, a renewal) shows once.
// A message stays in the outbox (kept in localStorage) until the server says it is durably accepted, and is sent
// again with the same id after a reconnect; the server drops a repeated id.
import { renderMarkdown } from "{{markdown.js}}";

"use strict";

const $ = (id) => document.getElementById(id);
const ui = {
  app: $("app"), sidebar: $("sidebar"), scrim: $("scrim"), menu: $("menu"), list: $("conversations"),
  newConversation: $("new-conversation"), title: $("title"), connection: $("connection"),
  messages: $("messages"), empty: $("empty"), typing: $("typing"), composer: $("composer"), input: $("input"),
};

const TYPING_TIMEOUT_MS = 7000;
const MAX_BACKOFF_MS = 8000;
const OUTBOX_KEY = "mybot.outbox";
const CURRENT_KEY = "mybot.conversation";

const state = {
  socket: null,
  backoff: 500,
  current: null,
  conversations: [],
  // conversation id -> Map(entry id -> entry)
  entries: new Map(),
  outbox: loadOutbox(),
  typingTimer: 0,
  acked: new Map(),
};

function newId(prefix) {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return prefix + Array.from(bytes, (b) => b.toString(36).padStart(2, "0")).join("").slice(0, 14);
}

function loadOutbox() {
  try {
    const saved = JSON.parse(localStorage.getItem(OUTBOX_KEY) ?? "[]");
    return Array.isArray(saved) ? saved : [];
  } catch {
    return [];
  }
}

function saveOutbox() {
  localStorage.setItem(OUTBOX_KEY, JSON.stringify(state.outbox));
}

function entriesOf(conversation) {
  let map = state.entries.get(conversation);
  if (!map) {
    map = new Map();
    state.entries.set(conversation, map);
  }
  return map;
}

function lastSeq(conversation) {
  let max = 0;
  for (const entry of entriesOf(conversation).values()) max = Math.max(max, entry.seq);
  return max;
}

// --- socket -------------------------------------------------------------------------------------------------------

function connect() {
  setConnection("connecting", "connecting…");
  const scheme = location.protocol === "https:" ? "wss://" : "ws://";
  const socket = new WebSocket(scheme + location.host + "/web/socket");
  state.socket = socket;
  socket.addEventListener("open", () => {
    state.backoff = 500;
    setConnection("online", "online");
    send({ type: "list" });
    openConversation(state.current);
    for (const message of state.outbox) send({ type: "send", conversation: message.conversation, id: message.id, text: message.text });
  });
  socket.addEventListener("message", (event) => receive(JSON.parse(event.data)));
  socket.addEventListener("close", () => {
    if (state.socket !== socket) return;
    state.socket = null;
    hideTyping();
    const wait = state.backoff + Math.random() * state.backoff * 0.3;
    state.backoff = Math.min(state.backoff * 2, MAX_BACKOFF_MS);
    setConnection("offline", "reconnecting…");
    setTimeout(connect, wait);
  });
}

function send(frame) {
  if (state.socket?.readyState === WebSocket.OPEN) state.socket.send(JSON.stringify(frame));
}

function receive(frame) {
  switch (frame.type) {
    case "conversations":
      state.conversations = frame.items;
      renderList();
      break;
    case "entries":
      addEntries(frame.conversation, frame.entries);
      break;
    case "typing":
      if (frame.conversation === state.current) showTyping();
      break;
    case "accepted":
      removeFromOutbox(frame.id);
      send({ type: "list" });
      break;
    case "error":
      showError(frame);
      break;
  }
}

function setConnection(name, text) {
  ui.connection.dataset.state = name;
  ui.connection.textContent = text;
}

// --- conversations ------------------------------------------------------------------------------------------------

function openConversation(id) {
  state.current = id;
  localStorage.setItem(CURRENT_KEY, id);
  if (location.hash !== "#" + id) history.replaceState(null, "", "#" + id);
  const known = state.conversations.find((c) => c.id === id);
  ui.title.textContent = known?.title ?? "New conversation";
  hideTyping();
  renderMessages();
  renderList();
  send({ type: "open", conversation: id, after: lastSeq(id) });
}

function startConversation() {
  openConversation(newId("c"));
  closeMenu();
  ui.input.focus();
}

function renderList() {
  const items = [...state.conversations];
  if (!items.some((c) => c.id === state.current)) items.unshift({ id: state.current, title: "New conversation" });
  ui.list.replaceChildren(...items.map((c) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "conversation";
    button.textContent = c.title;
    if (c.id === state.current) button.setAttribute("aria-current", "true");
    button.addEventListener("click", () => {
      openConversation(c.id);
      closeMenu();
    });
    return button;
  }));
  const current = state.conversations.find((c) => c.id === state.current);
  if (current) ui.title.textContent = current.title;
}

// --- messages -----------------------------------------------------------------------------------------------------

function addEntries(conversation, entries) {
  const map = entriesOf(conversation);
  let added = false;
  let agentReplied = false;
  for (const entry of entries) {
    if (map.has(entry.id)) continue;
    map.set(entry.id, entry);
    added = true;
    if (entry.role === "agent") agentReplied = true;
    if (entry.role === "user") removeFromOutbox(entry.id);
  }
  if (conversation !== state.current) return;
  if (agentReplied) hideTyping();
  if (added) renderMessages();
  const seq = lastSeq(conversation);
  if (seq > (state.acked.get(conversation) ?? 0)) {
    state.acked.set(conversation, seq);
    send({ type: "ack", conversation, seq });
  }
}

function removeFromOutbox(id) {
  const before = state.outbox.length;
  state.outbox = state.outbox.filter((m) => m.id !== id);
  if (state.outbox.length !== before) {
    saveOutbox();
    renderMessages();
  }
}

function renderMessages() {
  const stored = [...entriesOf(state.current).values()].sort((a, b) => a.seq - b.seq);
  const pending = state.outbox
    .filter((m) => m.conversation === state.current && !entriesOf(state.current).has(m.id))
    .map((m) => ({ id: m.id, role: "user", text: m.text, at: m.at, pending: true }));
  const all = [...stored, ...pending];
  const nearBottom = ui.messages.scrollHeight - ui.messages.scrollTop - ui.messages.clientHeight < 80;
  ui.empty.hidden = all.length > 0;
  ui.messages.replaceChildren(ui.empty, ...all.map(bubble), ui.typing);
  if (nearBottom || pending.length > 0) ui.messages.scrollTop = ui.messages.scrollHeight;
}

function bubble(entry) {
  const article = document.createElement("article");
  article.className = "message " + entry.role;
  article.dataset.id = entry.id;
  const body = document.createElement("div");
  body.className = "body";
  if (entry.role === "agent") {
    body.append(renderMarkdown(entry.text));
    const first = body.firstElementChild;
    if (first?.tagName === "P" && first.childNodes.length === 1 && first.firstChild.tagName === "EM" && first.textContent.startsWith("Delayed reply")) {
      first.className = "delayed";
    }
  } else {
    body.textContent = entry.text;
  }
  const meta = document.createElement("time");
  meta.className = "meta";
  const at = new Date(entry.at);
  meta.dateTime = at.toISOString();
  meta.title = at.toLocaleString();
  meta.textContent = entry.pending ? (state.socket ? "sending…" : "waiting for the connection…") : formatTime(at);
  article.append(body, meta);
  return article;
}

function formatTime(at) {
  const today = new Date();
  const sameDay = at.toDateString() === today.toDateString();
  const time = at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  return sameDay ? time : at.toLocaleDateString([], { month: "short", day: "numeric" }) + " " + time;
}

function showTyping() {
  ui.typing.hidden = false;
  clearTimeout(state.typingTimer);
  state.typingTimer = setTimeout(hideTyping, TYPING_TIMEOUT_MS);
  ui.messages.scrollTop = ui.messages.scrollHeight;
}

function hideTyping() {
  clearTimeout(state.typingTimer);
  ui.typing.hidden = true;
}

function showError(frame) {
  const note = document.createElement("p");
  note.className = "notice";
  note.textContent = frame.error;
  ui.messages.insertBefore(note, ui.typing);
  ui.messages.scrollTop = ui.messages.scrollHeight;
}

// --- composing ----------------------------------------------------------------------------------------------------

function submit() {
  const text = ui.input.value.trim();
  if (text === "") return;
  const message = { conversation: state.current, id: newId("m"), text, at: new Date().toISOString() };
  state.outbox.push(message);
  saveOutbox();
  ui.input.value = "";
  resizeInput();
  renderMessages();
  send({ type: "send", conversation: message.conversation, id: message.id, text: message.text });
}

function resizeInput() {
  ui.input.style.height = "auto";
  ui.input.style.height = Math.min(ui.input.scrollHeight, 180) + "px";
}

ui.composer.addEventListener("submit", (event) => {
  event.preventDefault();
  submit();
});
ui.input.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    submit();
  }
});
ui.input.addEventListener("input", resizeInput);
ui.newConversation.addEventListener("click", startConversation);

function closeMenu() {
  ui.app.classList.remove("menu-open");
  ui.scrim.hidden = true;
  ui.menu.setAttribute("aria-expanded", "false");
}

ui.menu.addEventListener("click", () => {
  const open = !ui.app.classList.contains("menu-open");
  ui.app.classList.toggle("menu-open", open);
  ui.scrim.hidden = !open;
  ui.menu.setAttribute("aria-expanded", String(open));
});
ui.scrim.addEventListener("click", closeMenu);
window.addEventListener("hashchange", () => {
  const id = location.hash.slice(1);
  if (/^[A-Za-z0-9_-]{1,64}$/.test(id) && id !== state.current) openConversation(id);
});

const fromHash = location.hash.slice(1);
state.current = /^[A-Za-z0-9_-]{1,64}$/.test(fromHash) ? fromHash : (localStorage.getItem(CURRENT_KEY) ?? newId("c"));
openConversation(state.current);
connect();
