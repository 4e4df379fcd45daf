// curate personal-data findings review (anywidget ESM).
// Corpus text is untrusted: every string from the kernel reaches the DOM through
// textContent, never as markup.  Keys are handled on the widget's own element and
// never reach JupyterLab (stopPropagation + preventDefault).  The kernel holds the
// position and the decisions; each key is sent with the group (and finding) on screen.

function h(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

const ACTIONS = {
  a: "accept",
  d: "dismiss",
  u: "reopen",
  j: "next",
  k: "previous",
  " ": "next",
  ArrowRight: "next",
  ArrowLeft: "previous",
  ArrowDown: "next",
  ArrowUp: "previous",
};

const LEGEND =
  "a accept (personal data) · d dismiss (not personal data, also in later scans) · u reopen · " +
  "→/j/Space next · ←/k previous · e/Enter expand to single findings · Esc collapse";

function render({ model, el }) {
  const root = h("div", "curate-findings");
  root.tabIndex = 0;
  root.dataset.keys = "off";
  const keysBar = h("div", "curate-fkeys");
  keysBar.setAttribute("role", "status");
  keysBar.addEventListener("click", () => root.focus());
  const head = h("div", "curate-fhead");
  const title = h("span", "curate-ftitle", "personal data · review findings");
  const counts = h("span", "curate-fcounts");
  const gateEl = h("span", "curate-fgate");
  head.append(title, counts, gateEl);
  const list = h("div", "curate-flist");
  const detail = h("div", "curate-fdetail");
  const error = h("div", "curate-ferror");
  error.setAttribute("role", "alert");
  const legend = h("div", "curate-flegend", LEGEND);
  root.append(keysBar, head, list, detail, error, legend);
  el.append(root);

  let seq = 0;
  function post(msg) {
    seq += 1;
    model.send({ ...msg, seq });
  }

  function paintKeys() {
    const on = root.contains(document.activeElement) && document.hasFocus();
    root.dataset.keys = on ? "on" : "off";
    keysBar.textContent = on
      ? "⌨ keys review findings here · Tab or a click elsewhere gives them back to the notebook"
      : "⌨ keys go to the NOTEBOOK now — click here to review with keys";
  }

  function paint() {
    const st = model.get("state") || {};
    const groups = st.groups || [];
    const c = st.counts || {};
    counts.textContent = `${groups.length} groups · open ${c.open || 0} · accepted ${c.accepted || 0} · dismissed ${c.dismissed || 0}`;
    const gate = st.gate || {};
    gateEl.textContent = gate.ok ? "gate: ok" : `gate: ${gate.open_findings || 0} open/accepted findings`;
    gateEl.dataset.ok = gate.ok ? "yes" : "no";
    error.textContent = st.error || "";
    // The groups around the one on screen.
    list.replaceChildren();
    const pos = st.pos || 0;
    const lo = Math.max(0, Math.min(pos - 3, groups.length - 8));
    for (let i = Math.max(lo, 0); i < Math.min(groups.length, lo + 8); i++) {
      const g = groups[i];
      const row = h("div", "curate-fgroup");
      row.dataset.status = g.status;
      if (i === pos) row.classList.add("curate-fcurrent");
      row.append(
        h("span", "curate-fcount", `${g.count}×`),
        h("span", "curate-fentity", g.entity),
        h("span", "curate-fvalue", g.value),
        h("span", "curate-fstatus", g.status),
      );
      list.append(row);
    }
    detail.replaceChildren();
    const cur = st.current;
    if (!cur) {
      detail.append(h("div", "curate-fempty", "No findings to review: scan the project first (project.pii_scan())."));
      return;
    }
    const line = h("div", "curate-fline");
    line.append(
      h("span", "curate-fvalue curate-fbig", cur.value),
      h("span", "curate-fentity", cur.entity),
      h("span", "", `${cur.count}× in ${cur.items} items`),
      h("span", "curate-fstatus", cur.status + (cur.rule ? " (also in later scans)" : "")),
      h("span", "curate-fwhere", `group ${pos + 1} of ${groups.length}` + (st.expanded ? " · expanded" : "")),
    );
    detail.append(line);
    cur.occurrences.forEach((o, i) => {
      const occ = h("div", "curate-focc");
      occ.dataset.status = o.status;
      occ.dataset.finding = String(o.id);
      if (st.expanded && i === st.finding) occ.classList.add("curate-fselected");
      occ.append(
        h("span", "curate-fitem", `${o.item_id} #${o.id} ${o.status}`),
        h("span", "curate-fctx", o.before),
        h("mark", "curate-fhit", o.value),
        h("span", "curate-fctx", o.after),
      );
      detail.append(occ);
    });
    if (!st.expanded && cur.count > cur.occurrences.length) {
      detail.append(h("div", "curate-fmore", `… ${cur.count - cur.occurrences.length} more: press e to see each one`));
    }
  }

  function send(action) {
    const st = model.get("state") || {};
    const cur = st.current;
    const msg = { type: "key", action, key: cur ? cur.key : null, expanded: !!st.expanded };
    if (cur && st.expanded && ["accept", "dismiss", "reopen"].includes(action)) {
      const o = cur.occurrences[st.finding];
      if (o) msg.finding = o.id;
    }
    post(msg);
  }

  function onKeyDown(e) {
    if (e.isComposing || e.key === "Tab") return;
    e.stopPropagation();
    if (e.ctrlKey || e.metaKey || e.altKey) return; // copy etc. stay with the browser
    e.preventDefault();
    const st = model.get("state") || {};
    if (e.key === "e" || e.key === "Enter") return send(st.expanded ? "collapse" : "expand");
    if (e.key === "Escape") return st.expanded ? send("collapse") : undefined;
    const action = ACTIONS[e.key];
    if (action) send(action);
  }
  root.addEventListener("keydown", onKeyDown);
  for (const type of ["keyup", "keypress"]) root.addEventListener(type, (e) => e.stopPropagation());
  root.addEventListener("focusin", paintKeys);
  root.addEventListener("focusout", () => setTimeout(paintKeys, 0));
  window.addEventListener("blur", paintKeys);
  window.addEventListener("focus", paintKeys);
  model.on("change:state", paint);
  paint();
  paintKeys();
  post({ type: "hello" });
  root.__curate = { model }; // read by the browser tests
  // Take the keyboard once the kernel answered (the element is on the page by then),
  // unless another curate widget has it.
  let first = true;
  const onCustom = (msg) => {
    if (!msg || msg.type !== "ready" || !first) return;
    first = false;
    paint();
    const active = document.activeElement;
    if (!(active && active.closest && active.closest(".curate-annotator, .curate-findings"))) root.focus();
  };
  model.on("msg:custom", onCustom);
  return () => {
    window.removeEventListener("blur", paintKeys);
    window.removeEventListener("focus", paintKeys);
    model.off("change:state", paint);
    model.off("msg:custom", onCustom);
  };
}

export default { render };
