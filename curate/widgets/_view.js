// curate annotator / reviewer view (anywidget ESM).
// Corpus text is untrusted: every string from the kernel reaches the DOM through
// textContent or a text node, never as markup.  Keys are handled on the widget's
// own element and never reach JupyterLab (stopPropagation + preventDefault).

const STALE_MS = 4000; // a decision unconfirmed for this long is shown as a warning

function h(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

function clip(text, n) {
  const s = String(text || "").replace(/\s+/g, " ").trim();
  return s.length > n ? s.slice(0, n - 1) + "…" : s;
}

function render({ model, el }) {
  const cfg = model.get("config");
  const review = cfg.mode === "review";
  const onPage = !!cfg.page; // the labelling page: every key on the page is the widget's
  const multi = !!cfg.multi_label;
  const keyOf = new Map(cfg.labels.map((l) => [l.key, l.name]));
  const spans = cfg.kind === "spans"; // the span annotator: _spans.js is bundled before this file

  // ---- layout ---------------------------------------------------------------------
  const root = h("div", "curate-annotator");
  root.tabIndex = 0;
  root.dataset.mode = cfg.mode;
  root.dataset.keys = "off";
  if (onPage) root.classList.add("curate-page");
  // Where the keys go, shown before a key can be lost: JupyterLab takes them once focus leaves.
  const keysBar = h("div", "curate-keys");
  keysBar.setAttribute("role", "status");
  const head = h("div", "curate-head");
  const title = h("span", "curate-title", cfg.title);
  const progress = h("span", "curate-progress");
  const version = h("span", "curate-version", `guidelines v${cfg.version}`);
  head.append(title, progress, version);
  const pageBox = h("span", "curate-pagebox");
  if (!onPage && !review) {
    const pageBtn = h("button", "curate-navbtn curate-openpage", "open labelling page ↗");
    pageBtn.type = "button";
    pageBtn.tabIndex = -1;
    pageBtn.title = "the annotator alone on a page of its own, where keys cannot reach a notebook";
    pageBtn.addEventListener("click", () => openPage());
    head.append(pageBox, pageBtn);
  }
  const meta = h("div", "curate-meta");
  const where = h("span", "curate-where");
  const badgeEl = h("span", "curate-badge");
  const metaText = h("span", "curate-metatext");
  const pendingMark = h("span", "curate-item-pending");
  meta.append(where, badgeEl, metaText, pendingMark);
  const text = h("div", "curate-text");
  text.setAttribute("role", "document");
  const ctxBefore = h("div", "curate-context curate-context-before");
  const ctxAfter = h("div", "curate-context curate-context-after");
  const docRow = h("div", "curate-doclabels"); // a span task's document labels (filled by _spans.js)
  docRow.hidden = true;
  const suggest = h("div", "curate-suggest");
  const votes = h("table", "curate-votes");
  const labels = h("div", "curate-labels");
  const buttons = new Map();
  for (const lab of cfg.labels) {
    const b = h("button", "curate-label");
    b.type = "button";
    b.tabIndex = -1;
    b.title = lab.definition || lab.name;
    b.append(h("kbd", "", lab.key), h("span", "", lab.name));
    b.addEventListener("click", () => onLabel(lab.name, performance.now()));
    buttons.set(lab.name, b);
    labels.append(b);
  }
  const controls = h("div", "curate-controls");
  const unsureBtn = h("button", "curate-unsure", "? unsure");
  unsureBtn.type = "button";
  unsureBtn.tabIndex = -1;
  unsureBtn.addEventListener("click", () => toggleUnsure());
  const note = h("textarea", "curate-note");
  note.rows = 1;
  note.placeholder = "note (n to write, Enter or Esc to return)";
  const nav = h("span", "curate-nav");
  for (const [label, fn] of [
    [spans ? "[ back" : "← back", () => back()],
    [spans ? "skip ]" : "skip →", () => skip(performance.now())],
    [spans ? "undo Ctrl+Z" : "undo ⌫", () => undo()],
  ]) {
    const b = h("button", "curate-navbtn", label);
    b.type = "button";
    b.tabIndex = -1;
    b.addEventListener("click", () => {
      fn();
      root.focus();
    });
    nav.append(b);
  }
  if (multi || spans) {
    const save = h("button", "curate-navbtn curate-save", "save ⏎");
    save.type = "button";
    save.tabIndex = -1;
    save.addEventListener("click", () => (ext ? ext.save(performance.now()) : saveSelection(performance.now())));
    nav.append(save);
  }
  unsureBtn.hidden = review; // a final label is not tentative
  controls.append(unsureBtn, note, nav);
  const status = h("div", "curate-status");
  const saved = h("span", "curate-saved");
  const flash = h("span", "curate-flash");
  status.append(saved, flash);
  const failedBox = h("div", "curate-failed");
  const guide = h("details", "curate-guide");
  const summary = h("summary", "", `Guidelines (v${cfg.version}) and label definitions`);
  guide.append(summary);
  if (cfg.guidelines) guide.append(h("p", "curate-guidelines", cfg.guidelines));
  const dl = h("dl");
  for (const lab of [...cfg.labels, ...(cfg.document_labels || [])]) {
    dl.append(h("dt", "", `${lab.key}  ${lab.name}`));
    const dd = h("dd", "", lab.definition || "");
    for (const ex of lab.examples || []) dd.append(h("div", "curate-example", `e.g. “${ex}”`));
    dl.append(dd);
  }
  guide.append(dl);
  const help = h(
    "div",
    "curate-help",
    spans
      ? "select: drag, or ←/→ by word, Shift+←/→ extends · label key marks it · Tab picks a span, a label key relabels it," +
          " Backspace/Delete removes it · A/R accept/reject a dashed suggestion · Ctrl+Z undoes" +
          ((cfg.document_labels || []).length ? " · a document label's key toggles its chip" : "") +
          " · Enter saves and moves on" +
          " · Space/] skip · [ back" + (review ? "" : " · ? unsure") + " · n note"
      : (multi ? "label keys toggle, Enter saves" : "label key saves and moves on") +
      " · Space/→ skip · ← back · Backspace/Ctrl+Z undo" +
      (review ? "" : " · ? unsure") +
      " · n note · A/R accept/reject a synthetic item"
  );
  root.append(keysBar, head, meta, ctxBefore, text, ctxAfter, docRow, suggest, votes, labels, controls, status, failedBox, guide, help);
  el.append(root);

  // ---- state ------------------------------------------------------------------------
  const S = {
    items: [],
    pos: 0,
    exhausted: false,
    seq: 0,
    pending: new Map(), // seq -> {msg, desc, t0, sentAt, itemId}
    failed: [], // {msg, desc, error}
    stack: [], // decisions this page made, newest last: {seq, itemId, prev}
    selection: new Set(),
    unsure: false,
    shownAt: performance.now(),
    waiting: null, // key time while the page waits for the next item to arrive
    stats: { visible: [], saved: [] },
    ready: false,
    listed: "[]", // what the list of unsaved decisions shows
    pageWindow: null,
  };
  root.__curate = S; // read by the browser tests and benchmarks
  const VIEW = Math.random().toString(36).slice(2) + Date.now().toString(36); // this view's messages

  const current = () => S.items[S.pos];
  const ext = spans
    ? spanView({ cfg, h, root, text, docRow, flash, review, decide: (v, t0, doc) => decide(v, t0, doc), skip: (t0) => skip(t0), back: () => back(), paint: () => paintChoices() })
    : null;
  if (ext) S.span = ext.state; // read by the browser tests and benchmarks

  // Numbered per view: the kernel may get two messages on two threads and acts on them by seq.
  function post(msg) {
    const full = { ...msg, view: VIEW, seq: S.seq + 1 };
    model.send(full);
    S.seq += 1; // a message that never left takes no number, or the kernel would wait for it
    return full;
  }

  function send(msg, desc, t0, itemId) {
    let seq = -1;
    try {
      const full = post(msg);
      seq = full.seq;
      S.pending.set(seq, { msg: full, desc, t0, sentAt: performance.now(), itemId });
    } catch (err) {
      // No kernel to send to: the decision stays on screen as not saved.
      S.failed.push({ msg, desc, error: `not sent, the kernel is not connected (${err})` });
    }
    renderStatus();
    return seq;
  }

  function labelOf(names) {
    return names && names.length ? names.join(" + ") : "—";
  }

  // ---- drawing ------------------------------------------------------------------------
  function show(t0) {
    const it = current();
    flash.textContent = "";
    suggest.replaceChildren();
    votes.replaceChildren();
    showContext(it);
    if (!it) {
      text.replaceChildren(
        document.createTextNode(
          S.exhausted || review
            ? `No more items in this queue. ${spans ? "[" : "←"} goes back; decisions stay saved.`
            : "Loading…"
        )
      );
      where.textContent = "";
      badgeEl.textContent = "";
      metaText.textContent = "";
      S.selection = new Set();
      if (ext) ext.clear();
      paintChoices();
      if (!S.exhausted && t0 !== undefined) S.waiting = t0;
      return;
    }
    text.dataset.itemId = it.id;
    if (ext) {
      ext.show(it);
    } else {
      const parts = it.segments.map(([piece, kinds, tip]) => {
        if (!kinds) return document.createTextNode(piece);
        const m = h("mark", "curate-hl " + kinds.split(" ").map((k) => "curate-" + k).join(" "), piece);
        if (tip) m.title = tip;
        return m;
      });
      text.replaceChildren(...parts);
      text.scrollTop = 0;
    }
    where.textContent = `#${it.index + 1}` + (it.chars > 3000 ? ` · ${it.chars} characters, scroll ↓` : "");
    badgeEl.textContent = it.badge || "";
    badgeEl.hidden = !it.badge;
    metaText.textContent = it.meta || "";
    if (it.suggestion) {
      suggest.append(
        h("span", "curate-suggest-label", `model suggests: ${it.suggestion.label}`),
        h("span", "curate-suggest-p", ` (p = ${it.suggestion.p.toFixed(2)})`)
      );
    }
    if (review && ext) {
      ext.votes(it, votes);
      if (it.reasons && it.reasons.length) where.textContent += " · " + it.reasons.join(", ");
    } else if (review) {
      const headRow = h("tr");
      headRow.append(h("th", "", "annotator"), h("th", "", "label"), h("th", "", "note"));
      votes.append(headRow);
      for (const v of it.votes || []) {
        const row = h("tr");
        row.append(
          h("td", "", v.annotator),
          h("td", "", labelOf(v.labels) + (v.unsure ? " (unsure)" : "")),
          h("td", "", v.note || "")
        );
        votes.append(row);
      }
      if (it.reasons && it.reasons.length) where.textContent += " · " + it.reasons.join(", ");
    }
    S.selection = new Set(ext ? [] : it.decision || []);
    S.unsure = !!it.unsure;
    note.value = it.note || "";
    paintChoices();
    S.shownAt = performance.now();
    if (t0 !== undefined) {
      requestAnimationFrame(() => S.stats.visible.push(performance.now() - t0));
    }
  }

  // Neighbouring sentences of the same document, dimmed; text only (textContent).
  function showContext(it) {
    const c = it && it.context;
    ctxBefore.replaceChildren(...((c && c.before) || []).map((t) => h("div", "curate-context-item", t)));
    ctxAfter.replaceChildren(...((c && c.after) || []).map((t) => h("div", "curate-context-item", t)));
    if (c && c.doc) ctxBefore.title = ctxAfter.title = `${c.key}: ${c.doc} (context, not labelled here)`;
  }

  function paintKeys() {
    const on = root.contains(document.activeElement) && document.hasFocus();
    root.dataset.keys = on ? "on" : "off";
    if (onPage) {
      keysBar.textContent = on ? "" : "click anywhere on the page to label with keys";
    } else {
      keysBar.textContent = on
        ? spans
          ? "⌨ keys label here · Tab picks spans, then moves on · a click elsewhere gives keys back to the notebook"
          : "⌨ keys label here · Tab or a click elsewhere gives them back to the notebook"
        : "⌨ keys go to the NOTEBOOK now — click here to label";
    }
  }

  function openPage() {
    // Opened at the click (a later window.open would be blocked), pointed at the page once it runs.
    let win = null;
    try {
      win = window.open("", "_blank");
    } catch (err) {
      win = null;
    }
    S.pageWindow = win;
    pageBox.replaceChildren(document.createTextNode("starting the labelling page…"));
    try {
      model.send({ type: "open_page", view: VIEW });
    } catch (err) {
      pageBox.textContent = `not started: the kernel is not connected (${err})`;
    }
    root.focus();
  }

  function onPageReady(msg) {
    if (!msg.ok) {
      pageBox.replaceChildren(h("span", "curate-error", `labelling page not started: ${msg.error || "unknown error"}`));
      if (S.pageWindow) S.pageWindow.close();
      return;
    }
    const a = h("a", "curate-pagelink", msg.url);
    a.href = String(msg.url);
    a.target = "_blank";
    a.rel = "noopener";
    pageBox.replaceChildren(document.createTextNode("labelling page: "), a);
    if (S.pageWindow && !S.pageWindow.closed) S.pageWindow.location.href = String(msg.url);
  }

  function paintChoices() {
    const it = current();
    const decided = new Set((!ext && it && it.decision) || []);
    for (const [name, b] of buttons) {
      b.classList.toggle("chosen", decided.has(name));
      b.classList.toggle("selected", S.selection.has(name));
    }
    unsureBtn.classList.toggle("on", S.unsure);
    unsureBtn.setAttribute("aria-pressed", S.unsure ? "true" : "false");
    pendingMark.textContent = it && it.pending > 0 ? "saving…" : "";
  }

  function renderProgress() {
    const p = model.get("progress") || {};
    const parts = [];
    if (p.assigned) parts.push(`${p.assigned_done ?? p.done} / ${p.assigned} done`);
    else parts.push(`${p.done ?? 0} done`);
    if (p.remaining !== undefined) parts.push(`${p.remaining} remaining`);
    if (p.per_hour) parts.push(`${Math.round(p.per_hour)} items/h`);
    progress.textContent = parts.join(" · ");
    if (p.version !== undefined && p.version !== cfg.version) {
      version.textContent = `guidelines v${p.version} (page shows v${cfg.version}: re-run the cell)`;
    }
  }

  function renderStatus() {
    const now = performance.now();
    const n = S.pending.size;
    const stale = [...S.pending.values()].filter((p) => now - p.sentAt > STALE_MS);
    if (S.failed.length) {
      saved.dataset.state = "failed";
      saved.textContent = `${S.failed.length} decision(s) NOT saved — see below` + (n ? ` · ${n} saving…` : "");
    } else if (stale.length) {
      saved.dataset.state = "stale";
      saved.textContent = `${stale.length} decision(s) not confirmed by the kernel for ${Math.round(
        STALE_MS / 1000
      )} s: is the kernel busy or dead? They stay listed below until saved.`;
    } else if (n) {
      saved.dataset.state = "pending";
      saved.textContent = `saving ${n}…`;
    } else {
      saved.dataset.state = "saved";
      saved.textContent = S.ready ? "✓ all decisions saved" : "connecting to the kernel…";
    }
    const rows = [
      ...S.failed.map((f) => ["NOT SAVED", f.desc, f.error]),
      ...stale.map((p) => ["not confirmed", p.desc, ""]),
    ];
    const signature = JSON.stringify(rows);
    if (signature === S.listed) return; // unchanged: keep the list (and its button) as it is
    S.listed = signature;
    failedBox.replaceChildren();
    if (!rows.length) return;
    const list = h("ul");
    for (const [what, desc, err] of rows) {
      const li = h("li");
      li.append(h("strong", "", what + ": "), document.createTextNode(desc));
      if (err) li.append(h("div", "curate-error", err));
      list.append(li);
    }
    failedBox.append(list);
    if (S.failed.length) {
      const retry = h("button", "curate-retry", "send the unsaved decisions again");
      retry.type = "button";
      retry.addEventListener("click", () => {
        const again = S.failed.splice(0);
        for (const f of again) send(f.msg, f.desc, performance.now(), f.msg.item_id);
        root.focus();
      });
      failedBox.append(retry);
    }
  }

  // ---- actions --------------------------------------------------------------------------
  function advance(t0) {
    S.pos = Math.min(S.pos + 1, S.items.length);
    show(t0);
  }

  // A span decision also carries the item's document labels (doc): one event holds both.
  function decide(names, t0, doc) {
    const it = current();
    if (!it) return;
    const seconds = Math.round(performance.now() - S.shownAt) / 1000;
    const prev = { decision: it.decision, doc_labels: it.doc_labels, unsure: it.unsure, note: it.note };
    it.decision = names;
    if (ext) it.doc_labels = doc || [];
    it.unsure = S.unsure;
    it.note = note.value;
    it.pending = (it.pending || 0) + 1;
    const desc = `${ext ? ext.describe(names, doc) : labelOf(names)}${S.unsure ? " (unsure)" : ""} on #${it.index + 1} “${clip(
      ext ? it.text : it.segments.map((s) => s[0]).join(""),
      60
    )}”`;
    const seq = send(
      ext
        ? { type: "decide", item_id: it.id, spans: names, labels: doc || [], unsure: S.unsure, note: note.value, seconds }
        : { type: "decide", item_id: it.id, labels: names, unsure: S.unsure, note: note.value, seconds },
      desc,
      t0,
      it.id
    );
    if (S.pending.has(seq)) S.stack.push({ seq, itemId: it.id, prev });
    advance(t0);
  }

  function onLabel(name, t0) {
    if (!current()) return;
    if (ext) return ext.label(name, t0);
    if (multi) {
      if (S.selection.has(name)) S.selection.delete(name);
      else S.selection.add(name);
      paintChoices();
    } else {
      decide([name], t0);
    }
  }

  function saveSelection(t0) {
    if (!current()) return;
    const names = cfg.labels.map((l) => l.name).filter((n) => S.selection.has(n));
    if (!names.length) {
      flash.textContent = "choose at least one label, then Enter (or skip with Space)";
      return;
    }
    decide(names, t0);
  }

  function skip(t0) {
    const it = current();
    if (!it) return;
    const seconds = Math.round(performance.now() - S.shownAt) / 1000;
    const recorded = !review && !(it.decision && it.decision.length);
    it.pending = (it.pending || 0) + 1;
    const seq = send({ type: "skip", item_id: it.id, seconds }, `skip #${it.index + 1}`, t0, it.id);
    if (recorded && S.pending.has(seq)) {
      S.stack.push({ seq, itemId: it.id, prev: { decision: it.decision, doc_labels: it.doc_labels, unsure: it.unsure, note: it.note } });
    }
    advance(t0);
  }

  function back() {
    if (S.pos <= 0 || !S.items[S.pos - 1]) return;
    S.pos -= 1;
    show();
  }

  function undo() {
    const entry = S.stack.pop();
    send({ type: "undo" }, entry ? `undo on #${indexOf(entry.itemId) + 1}` : "undo", performance.now(), entry && entry.itemId);
    if (entry) {
      const idx = indexOf(entry.itemId);
      if (idx >= 0) {
        const it = S.items[idx];
        it.pending = (it.pending || 0) + 1;
        it.decision = entry.prev.decision;
        it.doc_labels = entry.prev.doc_labels;
        it.unsure = entry.prev.unsure;
        it.note = entry.prev.note;
        S.pos = idx;
        show();
      }
    }
  }

  function toggleUnsure() {
    S.unsure = !S.unsure;
    paintChoices();
  }

  function synthetic(accept, t0) {
    const it = current();
    if (!it || it.origin !== "synthetic") return;
    // The note is this candidate's own reason; accept/reject is a decision, so move on.
    it.note = note.value;
    it.pending = (it.pending || 0) + 1;
    send(
      { type: "synthetic", item_id: it.id, accept, reason: note.value },
      `${accept ? "accept" : "reject"} synthetic #${it.index + 1}`,
      t0,
      it.id
    );
    advance(t0);
  }

  function indexOf(id) {
    for (let i = S.items.length - 1; i >= 0; i--) if (S.items[i] && S.items[i].id === id) return i;
    return -1;
  }

  // ---- keys -------------------------------------------------------------------------------
  function onKey(e) {
    const k = e.key;
    const t0 = e.timeStamp || performance.now();
    if (((e.ctrlKey || e.metaKey) && k.toLowerCase() === "z") || k === "Backspace") return undo();
    if (k === " " || k === "ArrowRight") return skip(t0);
    if (k === "ArrowLeft") return back();
    if (k === "?") return review ? undefined : toggleUnsure();
    if (k === "n" && !keyOf.has("n")) return note.focus();
    if (k === "Enter") return multi ? saveSelection(t0) : undefined;
    if (k === "ArrowDown" || k === "ArrowUp" || k === "PageDown" || k === "PageUp") {
      const step = k.startsWith("Page") ? text.clientHeight * 0.9 : 40;
      text.scrollTop += k === "ArrowDown" || k === "PageDown" ? step : -step;
      return;
    }
    if ((k === "A" || k === "R") && !keyOf.has(k)) return synthetic(k === "A", t0);
    const name = keyOf.get(k);
    if (name !== undefined) onLabel(name, t0);
  }

  function onKeyDown(e) {
    if (ext && !e.isComposing && e.target !== note && ext.onKey(e)) {
      e.stopPropagation();
      e.preventDefault();
      return;
    }
    if (e.isComposing || e.key === "Tab") return;
    if (e.target === note) {
      // Typing in the note: keep it from JupyterLab, let the textarea have it.
      e.stopPropagation();
      if (e.key === "Escape" || (e.key === "Enter" && !e.shiftKey)) {
        e.preventDefault();
        root.focus();
      }
      return;
    }
    e.stopPropagation();
    if ((e.ctrlKey || e.metaKey || e.altKey) && e.key.toLowerCase() !== "z") return; // copy etc. stay with the browser
    e.preventDefault();
    onKey(e);
  }
  root.addEventListener("keydown", onKeyDown);
  // JupyterLab must not treat key-ups or presses inside the widget as its own either.
  for (const type of ["keyup", "keypress"]) root.addEventListener(type, (e) => e.stopPropagation());
  root.addEventListener("focusin", paintKeys);
  root.addEventListener("focusout", () => setTimeout(paintKeys, 0));
  window.addEventListener("blur", paintKeys);
  window.addEventListener("focus", paintKeys);
  // On the labelling page nothing else wants keys: a key or click anywhere comes back to the widget.
  const onDocKey = (e) => {
    if (root.contains(e.target)) return; // the widget's own handler has it
    if (e.isComposing || e.key === "Tab") return;
    root.focus();
    onKeyDown(e);
  };
  const onDocDown = (e) => {
    if (!root.contains(e.target)) setTimeout(() => root.focus(), 0);
  };
  if (onPage) {
    document.addEventListener("keydown", onDocKey);
    document.addEventListener("mousedown", onDocDown);
  }

  // ---- messages from the kernel -------------------------------------------------------------
  function onMessage(msg) {
    if (!msg || typeof msg !== "object") return;
    // Another view of this widget (the same output shown twice) asked for this one.
    if ((msg.type === "ack" || msg.type === "reset") && msg.view !== undefined && msg.view !== VIEW) return;
    if (msg.type === "page") {
      if (msg.view === undefined || msg.view === VIEW) onPageReady(msg);
      return;
    }
    if (msg.type === "suggestions") {
      // Pre-annotation worked out after the item was sent (it never holds up an ack).
      const idx = indexOf(msg.id);
      if (idx >= 0) S.items[idx].suggestions = msg.suggestions;
      if (ext && idx >= 0 && idx === S.pos) ext.suggested(S.items[idx]);
      return;
    }
    if (msg.type === "notice") {
      flash.textContent = String(msg.text || "");
      return;
    }
    if (msg.type === "ack" && msg.reset) onMessage(msg.reset);
    if (msg.type === "reset") {
      const keep = S.items;
      S.items = [];
      for (const it of msg.items) S.items[it.index] = it; // the kernel may leave out the oldest
      // Decisions still in flight keep their optimistic state over the stored one.
      for (const old of keep) {
        if (old && old.pending > 0) {
          const idx = indexOf(old.id);
          if (idx >= 0) S.items[idx] = { ...S.items[idx], decision: old.decision, doc_labels: old.doc_labels, unsure: old.unsure, note: old.note, pending: old.pending };
        }
      }
      S.exhausted = !!msg.exhausted;
      S.pos = Math.max(0, Math.min(msg.pos, S.items.length));
      const first = !S.ready;
      S.ready = true;
      show();
      renderStatus();
      // Take the keyboard when the widget appears, unless another curate widget has it.
      const active = document.activeElement;
      if (first && !(active && active.closest && active.closest(".curate-annotator"))) root.focus();
      return;
    }
    if (msg.type === "items") {
      msg.items.forEach((it, k) => {
        if (!S.items[msg.start + k]) S.items[msg.start + k] = it;
      });
      S.exhausted = !!msg.exhausted;
      if (S.pos >= msg.start && S.pos < S.items.length && S.waiting !== null) {
        const t0 = S.waiting;
        S.waiting = null;
        show(t0);
      } else if (!current()) {
        show();
      }
      return;
    }
    if (msg.type === "ack") {
      // The span draft on screen follows the stored spans when it has no edits of its own.
      const clean = ext && current() && !ext.dirty() ? current() : null;
      const mark = (x) => JSON.stringify([x.decision || null, x.doc_labels || null]);
      const before = clean && mark(clean);
      const p = S.pending.get(msg.seq);
      S.pending.delete(msg.seq);
      const itemId = (p && p.itemId) || msg.item_id;
      const idx = itemId ? indexOf(itemId) : -1;
      const it = idx >= 0 ? S.items[idx] : null;
      if (it && p && p.itemId) it.pending = Math.max((it.pending || 1) - 1, 0);
      if (msg.ok) {
        if (p) S.stats.saved.push(performance.now() - p.t0);
        const target = msg.item_id ? indexOf(msg.item_id) : -1;
        const stored = target >= 0 ? S.items[target] : null;
        if (stored && "decision" in msg && !(stored.pending > 0)) {
          stored.decision = msg.decision;
          if ("doc_labels" in msg) stored.doc_labels = msg.doc_labels;
          stored.unsure = msg.unsure;
          stored.note = msg.note;
        }
        if (p && p.msg.type === "undo" && target >= 0 && (!p.itemId || p.itemId !== msg.item_id)) {
          S.pos = target; // the kernel undid another decision than the page expected: show that one
          show();
        }
        if (stored && "status" in msg) {
          stored.status = msg.status;
          stored.badge = msg.badge;
          if (target === S.pos) badgeEl.textContent = msg.badge;
        }
      } else if (p) {
        S.failed.push({ msg: p.msg, desc: p.desc, error: msg.error || "unknown error" });
        // The page showed the decision as made; the store did not take it: show the stored state again.
        const made = S.stack.find((s) => s.seq === msg.seq);
        if (made && it && !(it.pending > 0)) {
          it.decision = made.prev.decision;
          it.doc_labels = made.prev.doc_labels;
          it.unsure = made.prev.unsure;
        }
        S.stack = S.stack.filter((s) => s.seq !== msg.seq);
      }
      if (clean && clean === current() && mark(clean) !== before) ext.show(clean);
      paintChoices();
      renderStatus();
    }
  }

  const onCustom = (msg) => onMessage(msg);
  model.on("msg:custom", onCustom);
  model.on("change:progress", renderProgress);
  renderProgress();
  renderStatus();
  show();
  paintKeys();
  const timer = setInterval(renderStatus, 1000);
  post({ type: "hello" });
  return () => {
    clearInterval(timer);
    window.removeEventListener("blur", paintKeys);
    window.removeEventListener("focus", paintKeys);
    document.removeEventListener("keydown", onDocKey);
    document.removeEventListener("mousedown", onDocDown);
    if (ext) ext.dispose();
    model.off("msg:custom", onCustom);
    model.off("change:progress", renderProgress);
  };
}

export default { render };
