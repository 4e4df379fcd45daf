// curate span annotator: the span part of the view (bundled before _view.js, which calls spanView).
// Offsets are Python string indices (code points), as the kernel sends and stores them; the page
// maps them to UTF-16 only to cut the text, so characters outside the BMP never shift a span.
// Corpus text reaches the DOM through textContent only.  The text is drawn as segments cut at span
// boundaries (a few hundred nodes for a 3,000-word document), never one node per character.

function spanView(api) {
  const { cfg, h, text, docRow, flash, review } = api;
  const colour = new Map(cfg.labels.map((l) => [l.name, l.color || "#d9d9d9"]));
  const keyOf = new Map(cfg.labels.map((l) => [l.key, l.name]));
  const overlapping = !!cfg.overlapping;
  const nested = !!cfg.nested || overlapping;
  text.classList.add("curate-spantext");
  // Document labels: a decision about the whole text, saved with the spans (one event).
  const docLabels = cfg.document_labels || [];
  const docNames = docLabels.map((l) => l.name);
  const docMulti = !!cfg.document_multi_label;
  const docKeyOf = new Map(docLabels.filter((l) => l.key).map((l) => [l.key, l.name]));
  const chips = new Map();

  const V = {
    it: null,
    u16: null, // code point index -> UTF-16 index
    toks: [], // flat [start0, end0, start1, end1, ...] in code points
    draft: [], // the spans on screen: {start, end, label}
    sugg: [], // suggestions still open: {start, end, label, source}
    edits: [], // earlier drafts of this item, for Ctrl+Z
    anchor: 0, // token selection: anchor and head token indices
    head: 0,
    doc: [], // the document labels on screen, in the task's order
    picked: null, // {kind: "span" | "sugg", i}
    armedSkip: false,
    stats: { highlight: [], build: [], layout: [] },
  };

  // ---- offsets ---------------------------------------------------------------------------
  function codeMap(s) {
    const out = [];
    let i = 0;
    while (i < s.length) {
      out.push(i);
      const c = s.charCodeAt(i);
      i += c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? 2 : 1;
    }
    out.push(s.length);
    return Int32Array.from(out);
  }
  const slice = (a, b) => V.it.text.slice(V.u16[a], V.u16[b]);
  const nTok = () => V.toks.length / 2;
  const tS = (i) => V.toks[2 * i];
  const tE = (i) => V.toks[2 * i + 1];

  function tokenAt(p) {
    // the first token ending after p (binary search)
    let lo = 0;
    let hi = nTok();
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tE(mid) <= p) lo = mid + 1;
      else hi = mid;
    }
    return Math.min(lo, Math.max(nTok() - 1, 0));
  }
  function lastTokenBefore(p) {
    // the last token starting before p
    let lo = 0;
    let hi = nTok();
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tS(mid) < p) lo = mid + 1;
      else hi = mid;
    }
    return Math.max(lo - 1, 0);
  }

  // ---- spans ---------------------------------------------------------------------------------
  const same = (a, b) => a.start === b.start && a.end === b.end && a.label === b.label;
  const order = (a, b) => a.start - b.start || a.end - b.end || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
  const norm = (spans) => (spans || []).map((s) => ({ start: s.start, end: s.end, label: s.label })).sort(order);
  const key = (spans) => JSON.stringify(norm(spans).map((s) => [s.start, s.end, s.label]));
  const contains = (a, b) => a.start <= b.start && b.end <= a.end;
  // What the task allows for two spans that share characters (the kernel's check_spans decides on save).
  function clash(a, b) {
    if (!(a.start < b.end && b.start < a.end)) return false;
    if (overlapping) return false;
    return !(nested && (contains(a, b) || contains(b, a)));
  }
  function mention(s) {
    const t = slice(s.start, s.end).replace(/\s+/g, " ");
    return t.length > 40 ? t.slice(0, 39) + "…" : t;
  }
  const saved = (it) => it.decision || it.initial || [];
  const savedDoc = (it) => docNames.filter((n) => (it.decision ? it.doc_labels || [] : it.initial_doc_labels || []).includes(n));
  const dirty = () => V.it && (key(V.draft) !== key(saved(V.it)) || V.doc.join("\n") !== savedDoc(V.it).join("\n"));

  // Ctrl+Z restores the spans, the open suggestions and the document labels as they were before an edit.
  const snapshot = () => ({ draft: V.draft, sugg: V.sugg, doc: V.doc });

  // ---- document labels -------------------------------------------------------------------------
  if (docLabels.length) {
    docRow.hidden = false;
    docRow.append(h("span", "curate-doclabels-title", docMulti ? "document labels (any):" : "document label (one):"));
    for (const lab of docLabels) {
      const b = h("button", "curate-docchip");
      b.type = "button";
      b.tabIndex = -1;
      b.title = lab.definition || lab.name;
      b.dataset.label = lab.name;
      b.setAttribute("aria-pressed", "false");
      b.append(h("kbd", "", lab.key), h("span", "", lab.name));
      b.addEventListener("mousedown", (e) => e.preventDefault()); // keys stay with the widget
      b.addEventListener("click", () => toggleDoc(lab.name));
      chips.set(lab.name, b);
      docRow.append(b);
    }
  }

  function toggleDoc(name) {
    if (!V.it) return;
    V.edits.push(snapshot());
    const on = V.doc.includes(name);
    // Single-label tasks: choosing one drops the other; pressing the chosen one again clears it.
    const next = on ? V.doc.filter((n) => n !== name) : docMulti ? [...V.doc, name] : [name];
    V.doc = docNames.filter((n) => next.includes(n));
    V.armedSkip = false;
    flash.textContent = "";
    paintDoc();
  }

  function paintDoc() {
    for (const [name, b] of chips) {
      const on = V.doc.includes(name);
      b.classList.toggle("on", on);
      b.setAttribute("aria-pressed", on ? "true" : "false");
    }
    docRow.dataset.chosen = V.doc.join(" ");
    text.dataset.dirty = dirty() ? "true" : "false";
  }

  function edit(next, why, before) {
    V.edits.push(before || snapshot());
    V.draft = norm(next);
    V.armedSkip = false;
    flash.textContent = why || "";
  }

  function addSpan(span, t0, before) {
    const dup = V.draft.findIndex((s) => same(s, span));
    if (dup >= 0) {
      V.picked = { kind: "span", i: dup };
      return draw();
    }
    const gone = V.draft.filter((s) => clash(s, span));
    const kept = V.draft.filter((s) => !clash(s, span));
    edit([...kept, span], gone.length ? `replaced ${gone.map((s) => `${s.label} “${mention(s)}”`).join(", ")} (the task does not allow overlapping spans)` : "", before);
    V.picked = null;
    draw(t0);
  }

  function createFromSelection(label, t0) {
    if (!nTok()) return;
    const lo = Math.min(V.anchor, V.head);
    const hi = Math.max(V.anchor, V.head);
    V.anchor = V.head = Math.min(hi + 1, nTok() - 1); // the caret moves on, ready for the next span
    addSpan({ start: tS(lo), end: tE(hi), label }, t0);
  }

  function acceptSuggestion(i, label, t0) {
    const s = V.sugg[i];
    V.touched = true;
    const before = snapshot();
    V.sugg = V.sugg.filter((_, k) => k !== i);
    addSpan({ start: s.start, end: s.end, label: label || s.label }, t0, before);
    pickNext(s.start);
    draw();
  }

  function rejectSuggestion(i) {
    const s = V.sugg[i];
    V.edits.push(snapshot()); // Ctrl+Z brings a rejected suggestion back
    V.touched = true;
    V.sugg = V.sugg.filter((_, k) => k !== i);
    V.picked = null;
    pickNext(s.start);
    draw();
  }

  function pickNext(from) {
    // after acting on a suggestion, the next open one is picked so that A/R can run down the list
    const j = V.sugg.findIndex((s) => s.start >= from);
    V.picked = j >= 0 ? { kind: "sugg", i: j } : V.sugg.length ? { kind: "sugg", i: 0 } : null;
  }

  // Tab order: spans and suggestions by position.
  function targets() {
    const all = [
      ...V.draft.map((s, i) => ({ kind: "span", i, start: s.start, end: s.end })),
      ...V.sugg.map((s, i) => ({ kind: "sugg", i, start: s.start, end: s.end })),
    ];
    return all.sort((a, b) => a.start - b.start || b.end - a.end || (a.kind === "span" ? -1 : 1));
  }
  function cycle(step) {
    const all = targets();
    if (!all.length) return false;
    let k = V.picked ? all.findIndex((t) => t.kind === V.picked.kind && t.i === V.picked.i) : -1;
    if (k < 0) {
      const caret = tS(Math.min(V.anchor, V.head)) || 0;
      k = step > 0 ? all.findIndex((t) => t.start >= caret) - 1 : all.findIndex((t) => t.start >= caret);
      if (step > 0 && k < -1) k = -1;
      if (step < 0 && k < 0) k = all.length;
    }
    const next = k + step;
    if (next < 0 || next >= all.length) return false; // past the last one: Tab leaves the widget
    V.picked = { kind: all[next].kind, i: all[next].i };
    draw();
    return true;
  }

  // ---- drawing ---------------------------------------------------------------------------------
  function lanes(spans) {
    // nested and overlapping spans get their own underline lane, so every one stays visible
    const ends = [];
    const lane = new Array(spans.length);
    const idx = spans.map((_, i) => i).sort((a, b) => spans[a].start - spans[b].start || spans[b].end - spans[a].end);
    for (const i of idx) {
      let l = 0;
      while (l < ends.length && ends[l] > spans[i].start) l++;
      ends[l] = spans[i].end;
      lane[i] = l;
    }
    return lane;
  }

  function draw(t0) {
    const it = V.it;
    if (!it) return;
    const began = performance.now();
    const n = V.u16.length - 1;
    const sel = V.picked || !nTok() ? null : [tS(Math.min(V.anchor, V.head)), tE(Math.max(V.anchor, V.head))];
    const lane = lanes(V.draft);
    const cuts = new Set([0, n]);
    for (const s of V.draft) cuts.add(s.start).add(s.end);
    for (const s of V.sugg) cuts.add(s.start).add(s.end);
    if (sel) cuts.add(sel[0]).add(sel[1]);
    const points = [...cuts].filter((p) => p >= 0 && p <= n).sort((a, b) => a - b);
    const pickedSpan = V.picked && V.picked.kind === "span" ? V.picked.i : -1;
    const pickedSugg = V.picked && V.picked.kind === "sugg" ? V.picked.i : -1;
    // A sweep over the cut points: the spans and suggestions open over each piece, in one pass.
    const opens = new Map();
    const closes = new Map();
    const at = (m, p, v) => (m.has(p) ? m.get(p).push(v) : m.set(p, [v]));
    V.draft.forEach((s, i) => (at(opens, s.start, i), at(closes, s.end, i)));
    V.sugg.forEach((s, i) => (at(opens, s.start, ~i), at(closes, s.end, ~i))); // ~i: a suggestion
    const active = new Set();
    const parts = [];
    for (let k = 0; k + 1 < points.length; k++) {
      const a = points[k];
      const b = points[k + 1];
      for (const i of closes.get(a) || []) active.delete(i);
      for (const i of opens.get(a) || []) active.add(i);
      const cover = [];
      const sugg = [];
      for (const i of active) (i >= 0 ? cover : sugg).push(i >= 0 ? i : ~i);
      const inSel = sel && sel[0] <= a && sel[1] >= b;
      const piece = slice(a, b);
      if (!cover.length && !sugg.length && !inSel) {
        parts.push(document.createTextNode(piece));
      } else {
        const seg = h("span", "curate-seg", piece);
        seg.dataset.s = String(a);
        if (cover.length) {
          cover.sort((x, y) => lane[x] - lane[y]);
          const inner = cover.reduce((x, y) => (V.draft[y].end - V.draft[y].start < V.draft[x].end - V.draft[x].start ? y : x));
          seg.style.backgroundColor = colour.get(V.draft[inner].label) || "#ddd";
          const deepest = Math.max(...cover.map((i) => lane[i]));
          seg.style.boxShadow = cover.map((i) => `0 ${3 * (lane[i] + 1)}px 0 0 ${shade(colour.get(V.draft[i].label))}`).join(", ");
          seg.style.marginBottom = `${3 * deepest}px`;
          seg.dataset.labels = cover.map((i) => V.draft[i].label).join(" ");
          seg.classList.add("curate-span");
          if (cover.includes(pickedSpan)) seg.classList.add("curate-picked");
        }
        if (sugg.length) {
          sugg.sort((x, y) => x - y);
          seg.classList.add("curate-sugg");
          seg.style.outlineColor = shade(colour.get(V.sugg[sugg[0]].label));
          seg.dataset.suggested = sugg.map((i) => V.sugg[i].label).join(" ");
          if (sugg.includes(pickedSugg)) seg.classList.add("curate-picked");
        }
        if (inSel) seg.classList.add("curate-sel");
        parts.push(seg);
      }
      // each span's label right after its last character (not part of the text: no offsets)
      const ending = closes.get(b) || [];
      for (const i of ending.filter((x) => x >= 0).sort((x, y) => x - y)) {
        parts.push(tag(V.draft[i].label, "span", i, i === pickedSpan));
      }
      for (const i of ending.filter((x) => x < 0).map((x) => ~x).sort((x, y) => x - y)) {
        parts.push(tag(V.sugg[i].label + "?", "sugg", i, i === pickedSugg, V.sugg[i].source));
      }
    }
    text.replaceChildren(...parts);
    text.dataset.spans = String(V.draft.length);
    text.dataset.suggestions = String(V.sugg.length);
    text.dataset.dirty = dirty() ? "true" : "false";
    const built = performance.now();
    const focus = text.querySelector(".curate-picked, .curate-sel");
    if (focus && focus.scrollIntoView) focus.scrollIntoView({ block: "nearest", inline: "nearest" });
    api.paint();
    if (t0 !== undefined) {
      V.stats.build.push(built - began); // building the segments, without layout
      V.stats.layout.push(performance.now() - built); // scrolling the selection into view forces layout
      requestAnimationFrame(() => V.stats.highlight.push(performance.now() - t0));
    }
  }

  function tag(label, kind, i, picked, source) {
    const t = h("span", `curate-tag curate-tag-${kind}` + (picked ? " curate-picked" : ""), label);
    t.dataset.kind = kind;
    t.dataset.i = String(i);
    t.dataset.label = label;
    t.style.backgroundColor = colour.get(label.replace(/\?$/, "")) || "#ddd";
    if (source) t.title = `suggested by ${source}: A accepts, R rejects, a label key accepts as that label`;
    return t;
  }

  function shade(hex) {
    // a darker tone of the label's colour for underlines and outlines
    const m = /^#?([0-9a-f]{6})$/i.exec(hex || "");
    if (!m) return "#555";
    const v = parseInt(m[1], 16);
    const ch = (s) => Math.round(((v >> s) & 255) * 0.55);
    return `rgb(${ch(16)}, ${ch(8)}, ${ch(0)})`;
  }

  // ---- mouse -------------------------------------------------------------------------------------
  function pointOf(node, offset) {
    // a DOM position inside the text -> a code point offset, or null
    if (node === text) {
      const child = text.childNodes[offset];
      return child ? startOf(child) : V.u16.length - 1;
    }
    let seg = node.nodeType === 3 ? node.parentNode : node;
    if (seg && seg.classList && seg.classList.contains("curate-tag")) return null;
    let base;
    let inner = node.nodeType === 3 ? node.data.slice(0, offset) : "";
    if (seg === text) base = startOf(node);
    else base = seg && seg.dataset && seg.dataset.s !== undefined ? Number(seg.dataset.s) : null;
    if (base === null) return null;
    return base + [...inner].length;
  }
  function startOf(child) {
    // the code point offset where a top-level child of the text starts
    let p = 0;
    for (const c of text.childNodes) {
      if (c === child) return p;
      if (c.dataset && c.dataset.s !== undefined) p = Number(c.dataset.s) + [...c.textContent].length;
      else if (c.nodeType === 3) p += [...c.data].length;
    }
    return p;
  }

  // The page draws the selection itself (the browser's own selection is off on the text): a drag
  // selects whole tokens live, a click picks the innermost span there, a suggestion, or a word.
  function pointAt(x, y) {
    if (document.caretRangeFromPoint) {
      const r = document.caretRangeFromPoint(x, y);
      return r && text.contains(r.startContainer) ? pointOf(r.startContainer, r.startOffset) : null;
    }
    if (document.caretPositionFromPoint) {
      const c = document.caretPositionFromPoint(x, y);
      return c && text.contains(c.offsetNode) ? pointOf(c.offsetNode, c.offset) : null;
    }
    return null;
  }

  const drag = { from: null, to: null, moved: false, frame: 0 };

  function onMouseDown(e) {
    if (!V.it || e.button !== 0) return;
    e.preventDefault(); // no native selection; keep the keys with the widget
    api.root.focus();
    const t = e.target.closest && e.target.closest(".curate-tag");
    if (t) {
      V.picked = { kind: t.dataset.kind, i: Number(t.dataset.i) };
      return draw();
    }
    drag.from = drag.to = pointAt(e.clientX, e.clientY);
    drag.moved = false;
  }

  function onMouseMove(e) {
    if (drag.from === null) return;
    const p = pointAt(e.clientX, e.clientY);
    if (p === null || p === drag.to) return;
    drag.to = p;
    drag.moved = true;
    if (!drag.frame) {
      drag.frame = requestAnimationFrame(() => {
        drag.frame = 0;
        if (drag.from !== null) selectRange(drag.from, drag.to);
      });
    }
  }

  function selectRange(a, b) {
    if (!nTok()) return;
    const lo = tokenAt(Math.min(a, b));
    const hi = Math.max(lastTokenBefore(Math.max(a, b)), lo);
    V.picked = null;
    V.anchor = a <= b ? lo : hi;
    V.head = a <= b ? hi : lo;
    draw();
  }

  function onMouseUp() {
    if (drag.from === null) return;
    const a = drag.from;
    const b = drag.to;
    drag.from = null;
    if (a === null || b === null || !nTok()) return;
    if (drag.moved && a !== b) return selectRange(a, b);
    let best = -1;
    V.draft.forEach((x, i) => {
      if (x.start <= a && a < x.end && (best < 0 || x.end - x.start < V.draft[best].end - V.draft[best].start)) best = i;
    });
    const g = V.sugg.findIndex((x) => x.start <= a && a < x.end);
    if (best >= 0) V.picked = { kind: "span", i: best };
    else if (g >= 0) V.picked = { kind: "sugg", i: g };
    else {
      V.picked = null;
      V.anchor = V.head = tokenAt(a);
    }
    draw();
  }
  text.addEventListener("mousedown", onMouseDown);
  window.addEventListener("mousemove", onMouseMove);
  window.addEventListener("mouseup", onMouseUp);

  // ---- keys ---------------------------------------------------------------------------------------
  // Returns true when the key was the span view's (the caller stops it and prevents the default).
  function onKey(e) {
    const k = e.key;
    if (!V.it) {
      if (k !== "[" || e.ctrlKey || e.metaKey || e.altKey) return false;
      api.back(); // past the last item: back to it
      return true;
    }
    const t0 = e.timeStamp || performance.now();
    if (e.ctrlKey || e.metaKey || e.altKey) {
      if (k.toLowerCase() === "z" && V.edits.length) {
        const last = V.edits.pop();
        V.draft = last.draft;
        V.sugg = last.sugg;
        V.doc = last.doc;
        V.picked = null;
        flash.textContent = "";
        draw(t0);
        paintDoc();
        return true;
      }
      return false; // Ctrl+Z with no edit here undoes the last saved decision (the view's undo)
    }
    if (k === "Tab") {
      return cycle(e.shiftKey ? -1 : 1);
    }
    if (k === "ArrowRight" || k === "ArrowLeft") {
      const step = k === "ArrowRight" ? 1 : -1;
      if (V.picked && V.picked.kind === "span") {
        const s = V.draft[V.picked.i];
        V.anchor = V.head = step > 0 ? lastTokenBefore(s.end) : tokenAt(s.start);
      } else if (V.picked) {
        const s = V.sugg[V.picked.i];
        V.anchor = V.head = step > 0 ? lastTokenBefore(s.end) : tokenAt(s.start);
      }
      const last = Math.max(nTok() - 1, 0);
      if (e.shiftKey && !V.picked) V.head = Math.min(Math.max(V.head + step, 0), last);
      else if (!V.picked) V.anchor = V.head = Math.min(Math.max(V.head + step, 0), last);
      V.picked = null;
      draw();
      return true;
    }
    if (k === "Home" || k === "End") {
      V.picked = null;
      V.anchor = V.head = k === "Home" ? 0 : Math.max(nTok() - 1, 0);
      draw();
      return true;
    }
    if (k === "Escape") {
      V.picked = null;
      V.anchor = V.head;
      draw();
      return true;
    }
    if (k === "Enter") {
      save(t0);
      return true;
    }
    if (k === "Backspace" || k === "Delete") {
      if (V.picked && V.picked.kind === "span") {
        const gone = V.draft[V.picked.i];
        edit(V.draft.filter((_, i) => i !== V.picked.i));
        V.picked = null;
        V.anchor = V.head = tokenAt(gone.start);
        draw(t0);
      } else if (V.picked) {
        rejectSuggestion(V.picked.i);
      } else {
        flash.textContent = "select a span first (click it, or Tab), then Backspace deletes it; Ctrl+Z undoes";
      }
      return true;
    }
    if (V.picked && V.picked.kind === "sugg" && (k === "A" || k === "R" || ((k === "a" || k === "r") && !keyOf.has(k) && !docKeyOf.has(k)))) {
      if (k.toLowerCase() === "a") acceptSuggestion(V.picked.i, null, t0);
      else rejectSuggestion(V.picked.i);
      return true;
    }
    if (k === " " || k === "]") {
      if (dirty() && !V.armedSkip) {
        V.armedSkip = true;
        flash.textContent = "these spans are not saved: Enter saves them; press Space again to skip without saving";
        return true;
      }
      V.armedSkip = false;
      api.skip(t0);
      return true;
    }
    if (k === "[") {
      api.back();
      return true;
    }
    const name = keyOf.get(k);
    if (name !== undefined) {
      label(name, t0);
      return true;
    }
    const doc = docKeyOf.get(k);
    if (doc !== undefined) {
      toggleDoc(doc);
      return true;
    }
    return false; // ?, n, Up/Down/PageUp/PageDown, A/R on a synthetic item: the view's keys
  }

  function save(t0) {
    if (!V.it) return;
    V.armedSkip = false;
    api.decide(norm(V.draft), t0, docLabels.length ? [...V.doc] : []);
  }

  function label(name, t0) {
    if (!V.it) return;
    if (V.picked && V.picked.kind === "span") {
      const old = V.draft[V.picked.i];
      if (old.label === name) return;
      const next = { start: old.start, end: old.end, label: name };
      const rest = V.draft.filter((_, i) => i !== V.picked.i);
      if (rest.some((s) => same(s, next))) return;
      edit([...rest, next]);
      V.picked = { kind: "span", i: V.draft.findIndex((s) => same(s, next)) };
      draw(t0);
    } else if (V.picked) {
      acceptSuggestion(V.picked.i, name, t0);
    } else {
      createFromSelection(name, t0);
    }
  }

  // ---- the item on screen ---------------------------------------------------------------------------
  function show(it) {
    V.it = it;
    V.u16 = codeMap(it.text || "");
    V.toks = it.tokens || [];
    V.draft = norm(saved(it));
    V.doc = savedDoc(it);
    V.sugg = openSuggestions(it);
    V.edits = [];
    V.touched = false; // no suggestion accepted or rejected yet: later ones may still arrive
    V.picked = null;
    V.anchor = V.head = 0;
    V.armedSkip = false;
    draw();
    paintDoc();
    text.scrollTop = 0;
  }

  // Suggestions that arrived for the item on screen: shown unless the item's suggestions were already acted on.
  function suggested(it) {
    if (V.it !== it || V.touched || (V.picked && V.picked.kind === "sugg")) return;
    V.sugg = openSuggestions(it);
    draw();
  }

  function openSuggestions(it) {
    return (it.suggestions || []).filter((s) => !V.draft.some((d) => same(d, s)));
  }

  function clear() {
    V.it = null;
    V.doc = [];
    paintDoc();
  }

  // The reviewer: each annotator's spans side by side; the spans all of them agree on start as the
  // draft, the others are offered as suggestions (A keeps one, R drops it).
  function votes(it, table) {
    const vs = it.votes || [];
    const head = h("tr");
    const row = h("tr");
    for (const v of vs) {
      head.append(h("th", "", v.annotator + (v.unsure ? " (unsure)" : "")));
      const cell = h("td", "curate-vote-spans");
      const spans = norm(v.spans || []);
      const others = vs.filter((o) => o !== v);
      for (const s of spans) {
        const agreed = others.every((o) => (o.spans || []).some((x) => same(x, s)));
        const line = h("div", "curate-vote-span" + (agreed ? "" : " curate-vote-diff"));
        const lab = h("span", "curate-tag", s.label);
        lab.style.backgroundColor = colour.get(s.label) || "#ddd";
        line.append(lab, document.createTextNode(` “${mention(s)}” [${s.start}, ${s.end})`));
        cell.append(line);
      }
      if (!spans.length) cell.append(h("div", "curate-vote-span", "(no spans)"));
      if (docLabels.length) cell.append(h("div", "curate-vote-doc", `document: ${(v.labels || []).join(" + ") || "—"}`));
      if (v.note) cell.append(h("div", "curate-vote-note", v.note));
      row.append(cell);
    }
    table.append(head, row);
  }

  function describe(spans, doc) {
    const marked = spans.length ? spans.map((s) => `${s.label} “${V.it ? mention(s) : ""}”`).join(", ") : "no spans";
    return doc && doc.length ? `${marked}; document: ${doc.join(" + ")}` : marked;
  }

  function dispose() {
    window.removeEventListener("mousemove", onMouseMove);
    window.removeEventListener("mouseup", onMouseUp);
  }

  return { show, clear, suggested, onKey, label, save, votes, describe, dispose, stats: V.stats, state: V, dirty };
}
