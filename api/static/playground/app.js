// The playground page: one small Telegram client per pane.
//
// How it works, in four steps:
//   1. GET /playground/api/config lists the panes (a bot on the local stand-in and the users the
//      pane may act as).
//   2. Each pane opens an EventSource on /playground/api/<pane>/events?user_id=…; every "chat"
//      event carries the whole chat (each message as the stand-in stores it). The pane compares
//      it with what it shows: new messages are added, changed ones (edits) are redrawn, missing
//      ones (deletions) fade out. Nothing is ever reloaded.
//   3. What you do goes back as small POSTs: send (a text), press (an inline button; the answer's
//      notice or alert is shown), pay (a Stars invoice), file (a document from the paperclip).
//   4. Text formatting comes from Telegram "entities" (offsets in UTF-16 units, which is what
//      JavaScript strings use), rendered by renderEntities() below.
"use strict";

const API = "/playground/api";

// ---- small helpers ----------------------------------------------------------------------

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

async function call(path, body) {
  const options = body === undefined ? {} : {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  };
  const answer = await fetch(API + path, options);
  const data = await answer.json().catch(() => ({}));
  if (!answer.ok) throw new Error(data.detail || `request failed (${answer.status})`);
  return data;
}

function timeOf(unixSeconds) {
  const date = new Date(unixSeconds * 1000);
  return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

function initials(name) {
  return name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0].toUpperCase()).join("");
}

function fileSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

// ---- text with entities -------------------------------------------------------------------

// The element for one entity; its children are filled in by renderEntities.
function entityElement(entity, text, pane) {
  switch (entity.type) {
    case "bold": return el("strong");
    case "italic": return el("em");
    case "underline": return el("u");
    case "strikethrough": return el("s");
    case "code": return el("code");
    case "pre": {
      const pre = el("pre");
      if (entity.language) pre.dataset.language = entity.language;
      return pre;
    }
    case "blockquote":
    case "expandable_blockquote": return el("blockquote");
    case "spoiler": {
      const spoiler = el("span", "spoiler");
      spoiler.title = "Spoiler: click to reveal";
      spoiler.addEventListener("click", () => spoiler.classList.add("revealed"));
      return spoiler;
    }
    case "text_link":
    case "url": {
      const link = el("a");
      link.href = entity.type === "url" ? text : entity.url;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      return link;
    }
    case "email": {
      const link = el("a");
      link.href = `mailto:${text}`;
      return link;
    }
    case "bot_command": {
      const link = el("a", "command");
      link.href = "#";
      link.addEventListener("click", (event) => {
        event.preventDefault();
        pane.sendText(text.split("@")[0]);
      });
      return link;
    }
    case "mention":
    case "hashtag":
    case "cashtag":
    case "text_mention": return el("span", "mention");
    default: return el("span");
  }
}

// Nested entities become nested elements; text between them stays plain text nodes.
function renderEntities(text, entities, pane) {
  const sorted = [...(entities || [])].sort((a, b) => a.offset - b.offset || b.length - a.length);
  function build(start, end, list) {
    const fragment = document.createDocumentFragment();
    let position = start;
    let index = 0;
    while (index < list.length) {
      const entity = list[index];
      const from = Math.max(entity.offset, position);
      const to = Math.min(entity.offset + entity.length, end);
      const children = [];
      index += 1;
      while (index < list.length && list[index].offset < to) {
        children.push(list[index]);
        index += 1;
      }
      if (from > position) fragment.append(text.slice(position, from));
      const node = entityElement(entity, text.slice(from, to), pane);
      node.append(build(from, to, children));
      fragment.append(node);
      position = Math.max(position, to);
    }
    if (position < end) fragment.append(text.slice(position, end));
    return fragment;
  }
  return build(0, text.length, sorted);
}

// ---- one pane -----------------------------------------------------------------------------

class Pane {
  constructor(config, root) {
    this.config = config;
    this.root = root;
    this.find = (name) => root.querySelector(`[data-${name}]`);
    this.shown = new Map(); // message_id -> { json, node }
    this.userId = config.users[0].id;
    this.source = null;
    this.keyboardHidden = false;
    this.lastKeyboardOwner = null;
    this.setUp();
  }

  get user() {
    return this.config.users.find((u) => u.id === this.userId);
  }

  setUp() {
    const { config } = this;
    this.root.dataset.pane = config.key;
    this.root.id = `pane-${config.key}`;
    this.find("name").textContent = config.title;
    this.find("avatar").textContent = initials(config.title);
    this.find("avatar").dataset.kind = config.key;
    this.find("empty-text").textContent = config.note;

    const select = this.find("user");
    for (const user of config.users) {
      const option = el("option", null, user.label || user.first_name);
      option.value = String(user.id);
      select.append(option);
    }
    if (config.users.length > 1) this.find("switch").hidden = false;
    select.addEventListener("change", () => this.switchUser(Number(select.value)));

    this.find("composer").addEventListener("submit", (event) => {
      event.preventDefault();
      const input = this.find("input");
      const text = input.value.trim();
      if (!text) return;
      input.value = "";
      this.sendText(text);
    });
    this.find("start").addEventListener("click", () => this.sendText("/start"));
    this.find("menu-button").addEventListener("click", () => this.toggleMenu());
    this.find("keyboard-toggle").addEventListener("click", () => {
      this.keyboardHidden = !this.keyboardHidden;
      this.find("reply-keyboard").hidden = this.keyboardHidden;
    });
    this.find("alert-ok").addEventListener("click", () => { this.find("alert").hidden = true; });
    this.find("webview-close").addEventListener("click", () => this.closeWebview());
    this.find("webview-frame").addEventListener("load", () => this.webviewLoaded());

    if (config.attach) {
      const attach = this.find("attach");
      const picker = this.find("file");
      attach.hidden = false;
      attach.addEventListener("click", () => picker.click());
      picker.addEventListener("change", () => {
        if (picker.files.length) this.sendFile(picker.files[0]);
        picker.value = "";
      });
    }
    this.connect();
  }

  // ---- the live chat --------------------------------------------------------------------

  connect() {
    if (this.source) this.source.close();
    this.clear();
    const url = `${API}/${this.config.key}/events?user_id=${this.userId}`;
    this.source = new EventSource(url);
    this.setStatus("connecting…");
    this.source.addEventListener("open", () => this.setStatus("bot"));
    this.source.addEventListener("error", () => this.setStatus("reconnecting…"));
    this.source.addEventListener("chat", (event) => this.update(JSON.parse(event.data)));
    this.loadCommands();
  }

  switchUser(userId) {
    this.userId = userId;
    this.connect();
  }

  setStatus(text) {
    this.find("status").textContent = text;
  }

  clear() {
    this.shown.clear();
    this.find("messages").replaceChildren();
    this.find("reply-keyboard").hidden = true;
    this.find("menu").hidden = true;
    this.find("empty").hidden = true;
  }

  // Compare the chat with what is on screen: add, redraw (edits) and remove (deletions).
  update(messages) {
    const list = this.find("messages");
    const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
    const seen = new Set();
    let added = false;
    let changed = false;
    for (const message of messages) {
      seen.add(message.message_id);
      const json = JSON.stringify(message);
      const current = this.shown.get(message.message_id);
      if (current && current.json === json) continue;
      const node = this.renderMessage(message);
      if (current) {
        current.node.replaceWith(node);
        node.classList.add("flash");
        changed = true;
      } else {
        list.append(node);
        added = true;
      }
      this.shown.set(message.message_id, { json, node });
    }
    for (const [id, entry] of this.shown) {
      if (seen.has(id)) continue;
      this.shown.delete(id);
      entry.node.classList.add("vanishing");
      setTimeout(() => entry.node.remove(), 400);
    }
    this.find("empty").hidden = messages.length > 0;
    this.updateReplyKeyboard(messages);
    if (added || (changed && nearBottom)) this.scrollDown();
    if (this.find("menu-button").hidden) this.loadCommands();
  }

  scrollDown() {
    const chat = this.find("messages");
    requestAnimationFrame(() => { chat.scrollTop = chat.scrollHeight; });
  }

  // ---- drawing one message ----------------------------------------------------------------

  renderMessage(message) {
    const fromBot = message.sender === "bot";
    const row = el("div", `row ${fromBot ? "incoming" : "outgoing"}`);
    row.dataset.messageId = message.message_id;

    if (message.successful_payment) {
      const paid = message.successful_payment;
      const amount = paid.currency === "XTR" ? `⭐ ${paid.total_amount}` : `${paid.total_amount} ${paid.currency}`;
      row.className = "row service";
      row.append(el("div", "service-text", `You paid ${amount}`));
      return row;
    }

    const bubble = el("div", "bubble");
    if (message.protected) bubble.classList.add("protected");
    row.append(bubble);

    if (message.photo_file_id) {
      const image = el("img", "photo");
      image.src = `${API}/file/${encodeURIComponent(message.photo_file_id)}`;
      image.alt = "Photo";
      image.addEventListener("load", () => this.scrollDown());
      if (message.protected) image.addEventListener("contextmenu", (e) => e.preventDefault());
      bubble.append(image);
      bubble.classList.add("media");
    }
    if (message.document) bubble.append(this.renderDocument(message.document, message.protected));
    if (message.invoice) bubble.append(this.renderInvoice(message.invoice));

    const text = message.text ?? message.caption;
    const entities = message.text != null ? message.entities : message.caption_entities;
    if (text) {
      const body = el("div", "text");
      body.append(renderEntities(text, entities, this));
      bubble.append(body);
    }

    const meta = el("div", "meta");
    if (message.protected) {
      const badge = el("span", "protected-badge", "🔒 protected");
      badge.title = "Protected content: it cannot be forwarded or saved";
      meta.append(badge);
    }
    if (message.edited) meta.append(el("span", "edited", "edited"));
    meta.append(el("span", "time", timeOf(message.date)));
    if (!fromBot) meta.append(el("span", "ticks", "✓✓"));
    bubble.append(meta);

    const markup = message.reply_markup;
    if (markup && markup.inline_keyboard) row.append(this.renderInline(message, markup.inline_keyboard));
    return row;
  }

  renderDocument(document, isProtected) {
    const box = el("div", "document");
    box.append(el("div", "document-icon", (document.file_name || "file").split(".").pop().slice(0, 4).toUpperCase()));
    const about = el("div", "document-about");
    about.append(el("div", "document-name", document.file_name || "file"));
    about.append(el("div", "document-size", fileSize(document.file_size || 0)));
    box.append(about);
    if (!isProtected) {
      const link = el("a", "document-save", "⤓");
      link.href = `${API}/file/${encodeURIComponent(document.file_id)}`;
      link.download = document.file_name || "file";
      link.title = "Save";
      box.append(link);
    }
    return box;
  }

  renderInvoice(invoice) {
    const box = el("div", "invoice");
    box.append(el("div", "invoice-title", invoice.title));
    if (invoice.description) box.append(el("div", "invoice-description", invoice.description));
    const amount = invoice.currency === "XTR"
      ? `⭐ ${invoice.total_amount}` : `${invoice.total_amount} ${invoice.currency}`;
    box.append(el("div", "invoice-amount", amount));
    return box;
  }

  renderInline(message, rows) {
    const keyboard = el("div", "inline-keyboard");
    for (const buttons of rows) {
      const line = el("div", "inline-row");
      for (const button of buttons) line.append(this.inlineButton(message, button));
      keyboard.append(line);
    }
    return keyboard;
  }

  inlineButton(message, button) {
    const node = el("button", "inline-button", button.text);
    node.type = "button";
    if (button.callback_data !== undefined) {
      node.addEventListener("click", () => this.press(message, button, node));
    } else if (button.pay) {
      node.classList.add("pay");
      node.addEventListener("click", () => this.pay(message, node));
    } else if (button.url) {
      node.classList.add("link");
      node.addEventListener("click", () => this.openUrl(button.url, button.text));
    } else {
      node.disabled = true;
      node.title = "Not available in the playground";
    }
    return node;
  }

  // ---- reply keyboard and commands ----------------------------------------------------------

  updateReplyKeyboard(messages) {
    let markup = null;
    let owner = null;
    for (const message of messages) {
      if (message.sender === "bot" && message.reply_keyboard) {
        markup = message.reply_keyboard;
        owner = message.message_id;
      }
    }
    const box = this.find("reply-keyboard");
    const toggle = this.find("keyboard-toggle");
    if (!markup || !markup.keyboard) {
      box.hidden = true;
      toggle.hidden = true;
      return;
    }
    if (owner !== this.lastKeyboardOwner) this.keyboardHidden = false;
    this.lastKeyboardOwner = owner;
    box.replaceChildren();
    for (const buttons of markup.keyboard) {
      const line = el("div", "reply-row");
      for (const button of buttons) {
        const label = typeof button === "string" ? button : button.text;
        const node = el("button", "reply-button", label);
        node.type = "button";
        node.addEventListener("click", () => {
          if (markup.one_time_keyboard) {
            this.keyboardHidden = true;
            box.hidden = true;
          }
          this.sendText(label);
        });
        line.append(node);
      }
      box.append(line);
    }
    if (markup.input_field_placeholder) this.find("input").placeholder = markup.input_field_placeholder;
    box.hidden = this.keyboardHidden;
    toggle.hidden = false;
  }

  async loadCommands() {
    try {
      const commands = await call(`/${this.config.key}/commands?user_id=${this.userId}`);
      this.commands = commands;
      this.find("menu-button").hidden = commands.length === 0;
    } catch (error) {
      this.find("menu-button").hidden = true;
    }
  }

  async toggleMenu() {
    const menu = this.find("menu");
    if (!menu.hidden) {
      menu.hidden = true;
      return;
    }
    await this.loadCommands();
    menu.replaceChildren();
    for (const command of this.commands || []) {
      const item = el("button", "menu-item");
      item.type = "button";
      item.append(el("span", "menu-command", `/${command.command}`));
      item.append(el("span", "menu-description", command.description));
      item.addEventListener("click", () => {
        menu.hidden = true;
        this.sendText(`/${command.command}`);
      });
      menu.append(item);
    }
    menu.hidden = false;
  }

  // ---- acting as the user -------------------------------------------------------------------

  async sendText(text) {
    this.find("menu").hidden = true;
    try {
      await call(`/${this.config.key}/send`, { user_id: this.userId, text });
    } catch (error) {
      this.toast(error.message);
    }
  }

  async press(message, button, node) {
    node.classList.add("busy");
    try {
      const answer = await call(`/${this.config.key}/press`, {
        user_id: this.userId, message_id: message.message_id, data: button.callback_data,
      });
      if (answer.answered && answer.text) {
        if (answer.show_alert) this.alert(answer.text);
        else this.toast(answer.text);
      }
      if (answer.url) this.openUrl(answer.url, "");
    } catch (error) {
      this.toast(error.message);
    } finally {
      node.classList.remove("busy");
    }
  }

  async pay(message, node) {
    node.classList.add("busy");
    try {
      await call(`/${this.config.key}/pay`, { user_id: this.userId, message_id: message.message_id });
      this.toast("Payment sent");
    } catch (error) {
      this.toast(error.message);
    } finally {
      node.classList.remove("busy");
    }
  }

  async sendFile(file) {
    const buffer = await file.arrayBuffer();
    let binary = "";
    const bytes = new Uint8Array(buffer);
    for (let i = 0; i < bytes.length; i += 0x8000) {
      binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    try {
      await call(`/${this.config.key}/file`, {
        user_id: this.userId, file_name: file.name, mime_type: file.type || "text/csv",
        data_base64: btoa(binary),
      });
    } catch (error) {
      this.toast(error.message);
    }
  }

  // ---- links: the sandbox pay page opens inside the pane ------------------------------------

  openUrl(url, title) {
    let target;
    try {
      target = new URL(url, location.href);
    } catch (error) {
      this.toast("That link is not valid");
      return;
    }
    const local = ["127.0.0.1", "localhost", location.hostname].includes(target.hostname);
    if (local && target.pathname.startsWith("/sandbox/")) {
      this.find("webview-title").textContent = title || "Payment";
      this.find("webview-frame").src = target.pathname + target.search;
      this.find("webview").hidden = false;
      return;
    }
    window.open(target.href, "_blank", "noopener");
  }

  webviewLoaded() {
    const frame = this.find("webview-frame");
    let path = "";
    try {
      path = frame.contentWindow.location.pathname;
    } catch (error) {
      return; // another origin: leave it to the person
    }
    if (path.startsWith("/pay/return")) {
      // The gateway sent us back: show its answer for a moment, then return to the chat.
      clearTimeout(this.webviewTimer);
      this.webviewTimer = setTimeout(() => this.closeWebview(), 1500);
    }
  }

  closeWebview() {
    clearTimeout(this.webviewTimer);
    this.find("webview").hidden = true;
    this.find("webview-frame").src = "about:blank";
  }

  // ---- notices ------------------------------------------------------------------------------

  toast(text) {
    const toast = this.find("toast");
    toast.textContent = text;
    toast.hidden = false;
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => { toast.hidden = true; }, 3000);
  }

  alert(text) {
    this.find("alert-text").textContent = text;
    this.find("alert").hidden = false;
  }
}

// ---- the page -----------------------------------------------------------------------------

async function main() {
  const config = await call("/config");
  document.getElementById("shop-name").textContent = config.shop_name;
  document.title = `${config.shop_name} playground`;
  const template = document.getElementById("pane-template");
  const container = document.getElementById("panes");
  const tabs = document.getElementById("tabs");
  const panes = [];
  for (const paneConfig of config.panes) {
    const root = template.content.firstElementChild.cloneNode(true);
    container.append(root);
    panes.push(new Pane(paneConfig, root));
    // On a phone only one pane shows at a time; the tabs pick it.
    const tab = el("button", "tab", paneConfig.title);
    tab.type = "button";
    tab.dataset.tab = paneConfig.key;
    tab.addEventListener("click", () => showPane(paneConfig.key));
    tabs.append(tab);
  }
  container.dataset.count = String(config.panes.length);
  tabs.hidden = config.panes.length < 2;
  if (config.panes.length) showPane(config.panes[0].key);
  window.playground = { panes };
}

function showPane(key) {
  for (const pane of document.querySelectorAll(".pane")) {
    pane.classList.toggle("current", pane.dataset.pane === key);
  }
  for (const tab of document.querySelectorAll(".tab")) {
    tab.classList.toggle("current", tab.dataset.tab === key);
  }
}

main().catch((error) => {
  const main = document.getElementById("panes");
  main.replaceChildren(el("p", "fatal", `The playground could not start: ${error.message}`));
});
