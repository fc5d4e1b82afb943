/* personae: the storyteller's page. Plain JavaScript that calls the server's JSON routes;
   every operation (generate, sessions, reroll, export, NPC and agent fields) runs on the
   server, this file only gathers the form, shows progress, results and errors. */
"use strict";
(() => {
  const body = document.body;
  const company = body.dataset.company;
  const defaultBackend = body.dataset.defaultBackend;
  const API = `/api/v1/companies/${encodeURIComponent(company)}`;
  const ITEM_TYPES = new Set(["trade", "consumable", "equipment", "keyItem"]);
  const $ = (sel, root = document) => root.querySelector(sel);
  const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

  // ---- HTTP ------------------------------------------------------------------------------
  // Seeds are 63-bit: they travel as digit strings in the form and as exact numbers in JSON.
  const toJSON = (obj) => JSON.stringify(obj).replace(/"seed":"(\d+)"/g, '"seed":$1');

  class ApiError extends Error {
    constructor(status, data) {
      super((data && (data.detail || data.error)) || `request failed (${status})`);
      this.status = status;
      this.data = data;
    }
  }

  async function call(method, url, payload, signal) {
    const headers = { Accept: "application/json, application/problem+json" };
    const key = localStorage.getItem("personae-api-key");
    if (key) headers["X-API-KEY"] = key;
    const init = { method, headers, signal };
    if (payload !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = toJSON(payload);
    }
    const response = await fetch(url, init);
    const text = await response.text();
    let data = null;
    if (text) {
      try { data = JSON.parse(text); } catch (e) { data = { detail: text }; }
    }
    if (!response.ok) throw new ApiError(response.status, data);
    return data;
  }

  const query = (params) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
    const s = q.toString();
    return s ? `?${s}` : "";
  };

  const newSeed = () => String(crypto.getRandomValues(new Uint32Array(1))[0]);

  // ---- errors next to their fields ---------------------------------------------------------
  function clearErrors(form) {
    for (const el of $$(".error", form)) { el.hidden = true; el.textContent = ""; }
    for (const el of $$("[aria-invalid]", form)) el.removeAttribute("aria-invalid");
  }

  function putError(el, message) {
    el.textContent = el.textContent ? `${el.textContent} ${message}` : message;
    el.hidden = false;
    const field = el.closest(".field");
    const input = field && $("input, select, textarea", field);
    if (input) input.setAttribute("aria-invalid", "true");
  }

  function rowError(form, parts, message) {
    // items.0.itemName -> the itemName cell of the first row of the items list
    const list = form.querySelector(`[data-list="${CSS.escape(parts[0] || "")}"]`);
    if (!list || parts.length < 3 || !/^\d+$/.test(parts[1])) return false;
    const row = $$("[data-row]", list)[Number(parts[1])];
    const cell = row && row.querySelector(`[data-col="${CSS.escape(parts[2])}"]`);
    if (!cell || cell.hidden) return false;
    putError($(".error", cell), message);
    return true;
  }

  function showErrors(form, err) {
    clearErrors(form);
    const data = err.data || {};
    const list = data.invalid_parameters || data.validationErrors || [];
    let first = null;
    const general = form.querySelector("[data-error-for='body'], [data-error-for='(root)']");
    for (const p of list) {
      const parts = String(p.field || p.path || "").split(".").filter((s) => !ITEM_TYPES.has(s));
      if (rowError(form, parts, p.message)) { first = first || parts.join("."); continue; }
      let placed = false;
      for (let n = parts.length; n > 0 && !placed; n--) {
        const name = parts.slice(0, n).join(".");
        const el = form.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
        if (el && !el.parentElement.closest("[hidden]")) {
          const where = n < parts.length ? `${parts.slice(n).join(".")}: ` : "";
          putError(el, where + p.message);
          first = first || name;
          placed = true;
        }
      }
      if (!placed && general) putError(general, `${p.field || p.path}: ${p.message}`);
    }
    if (!list.length && general) putError(general, err.message);
    const bad = $("[aria-invalid='true']", form);
    if (bad) bad.focus();
    else if (general && !general.hidden) general.scrollIntoView({ block: "nearest" });
  }

  // ---- progress and cancel ------------------------------------------------------------------
  const STAGES = {
    starting: "Starting", loading: "Opening the engine", generating: "Writing (the model loads on first use)",
    running: "Writing",
  };

  function progressUI(box) {
    const bar = $(".bar span", box);
    const text = $(".progress-text", box);
    const cancel = $(".cancel", box);
    return {
      start(onCancel) {
        box.hidden = false;
        bar.style.width = "2%";
        text.textContent = "Starting…";
        cancel.hidden = !onCancel;
        cancel.disabled = false;
        cancel.onclick = onCancel ? () => { cancel.disabled = true; onCancel(); } : null;
      },
      update(job) {
        bar.style.width = `${Math.max(2, Math.round(job.progress * 100))}%`;
        const stage = STAGES[job.stage] || job.stage;
        text.textContent = `${stage}… ${job.elapsed.toFixed(1)} s` +
          (job.estimate ? ` (usually about ${Math.max(1, Math.round(job.estimate))} s)` : "");
      },
      done(message) {
        bar.style.width = "100%";
        text.textContent = message || "Done.";
        cancel.hidden = true;
      },
      stop(message) {
        text.textContent = message;
        cancel.hidden = true;
      },
    };
  }

  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  // Run an operation: directly on its route when the rules writer will do it (instant),
  // as a job with progress and cancel when a model writes (seconds per character).
  async function runOperation({ operation, direct, backend, campaign, payload, characterId, box }) {
    if (backend === "rules" && (defaultBackend === "rules" || operation === "reroll")) {
      return direct();  // instant: no progress to show
    }
    return runJob({ operation, backend, campaign, payload, characterId, box });
  }

  async function runJob({ operation, backend, campaign, payload, characterId, place, box }) {
    const ui = progressUI(box);
    let job = await call("POST", `${API}/jobs`, {
      operation, backend: backend || null, campaign_id: campaign || null,
      character_id: characterId || null, body: payload, place: place || {},
    });
    let cancelled = false;
    ui.start(async () => {
      cancelled = true;
      try { job = await call("DELETE", `${API}/jobs/${job.id}`); } catch (e) { ui.stop(e.message); }
    });
    while (job.status === "running") {
      ui.update(job);
      await sleep(300);
      const now = await call("GET", `${API}/jobs/${job.id}`);
      if (!cancelled || now.status !== "running") job = now;
    }
    if (job.status === "cancelled") {
      ui.stop("Cancelled: nothing was kept.");
      return null;
    }
    if (job.status === "failed") {
      ui.stop("");
      throw new ApiError(job.problem.status, job.problem);
    }
    ui.done(`Done in ${job.elapsed.toFixed(1)} s.`);
    return job.result;
  }

  // ---- the request form (generate, compare) ---------------------------------------------------
  function classToggle(form) {
    const select = form.elements.character_class;
    if (!select) return;
    const apply = () => {
      for (const field of $$("[data-classes]", form)) {
        const show = field.dataset.classes.split(" ").includes(select.value);
        field.hidden = !show;
        if (!show) $("select", field).value = "";
      }
    };
    select.addEventListener("change", apply);
    apply();
  }

  function requestBody(form) {
    const out = {};
    for (const el of $$("select, input", form)) {
      if (!el.name || el.closest("[hidden]") || el.type === "radio") continue;
      if (["campaign_id", "options"].includes(el.name)) continue;
      const value = el.value.trim();
      if (value) out[el.name] = value;
    }
    return out;
  }

  const checked = (form, name) => {
    const el = form.querySelector(`input[name="${name}"]:checked`);
    return el ? el.value : null;
  };

  function seedFromForm(form) {
    const input = form.elements.seed;
    if (!input.value.trim()) input.value = newSeed();
    return input.value.trim();
  }

  function wireSeeds() {
    for (const button of $$("[data-new-seed]")) {
      button.addEventListener("click", () => {
        const input = document.getElementById(button.dataset.newSeed);
        input.value = newSeed();
        input.focus();
      });
    }
  }

  function busy(form, on) {
    for (const b of $$("button[type=submit], .actions button", form)) b.disabled = on;
    form.setAttribute("aria-busy", on ? "true" : "false");
  }

  // The last choices of a form come back when the page is opened again (not the seed).
  function remember(form, key) {
    const saved = JSON.parse(sessionStorage.getItem(key) || "{}");
    for (const [name, value] of Object.entries(saved)) {
      const el = form.elements[name];
      if (!el || name === "seed") continue;
      if (el instanceof RadioNodeList) { for (const r of el) r.checked = r.value === value; }
      else el.value = value;
    }
    form.addEventListener("submit", () => {
      const out = {};
      for (const el of $$("select, input", form)) {
        if (!el.name || el.name === "seed" || (el.type === "radio" && !el.checked)) continue;
        out[el.name] = el.value;
      }
      sessionStorage.setItem(key, JSON.stringify(out));
    });
  }

  // Generate
  const generateForm = $("#generate-form");
  if (generateForm) {
    remember(generateForm, "personae-generate");
    classToggle(generateForm);
    generateForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearErrors(generateForm);
      seedFromForm(generateForm);
      const payload = requestBody(generateForm);
      const campaign = generateForm.elements.campaign_id.value.trim();
      const backend = checked(generateForm, "backend") || "rules";
      busy(generateForm, true);
      try {
        const character = await runOperation({
          operation: "autogenerate", backend, campaign, payload,
          box: $("#generate-progress"),
          direct: () => call("POST", `${API}/characters/autogenerate${query({ campaign_id: campaign })}`, payload),
        });
        if (character) location.assign(`/characters/${character.id}`);
      } catch (err) {
        showErrors(generateForm, err);
      } finally {
        busy(generateForm, false);
      }
    });
  }

  // Compare
  function attrLine(c) {
    const v = c.vampire_attributes, w = c.werewolf_attributes, h = c.hunter_attributes;
    const parts = [c.character_class.charAt(0) + c.character_class.slice(1).toLowerCase()];
    if (v) parts.push(v.clan_name);
    if (w) parts.push(`${w.tribe_name} ${w.auspice_name}`);
    if (h) parts.push(h.creed);
    parts.push(c.concept_name);
    return parts.join(" · ");
  }

  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    Object.assign(node, props);
    for (const child of children) if (child) node.append(child);
    return node;
  }

  function dots(n) { return "●".repeat(n) + "○".repeat(Math.max(0, 5 - n)); }

  function optionCard(c, session) {
    const skills = Object.entries(c.sheet.skills).sort((a, b) => b[1] - a[1]).slice(0, 4);
    const attrs = Object.entries(c.sheet.attributes).sort((a, b) => b[1] - a[1]).slice(0, 3);
    const powers = Object.entries(c.sheet.disciplines || {}).map(([k, v]) => `${k} ${v}`);
    const list = (title, rows) => {
      const ul = el("ul", { className: "traits" });
      for (const [k, v] of rows) {
        ul.append(el("li", {}, el("span", { textContent: k }), el("span", { className: "dots", textContent: dots(v), ariaLabel: `${v} dots` })));
      }
      return el("div", {}, el("h4", { textContent: title }), ul);
    };
    const choose = el("button", { type: "button", className: "primary", textContent: `Choose ${c.name_first}` });
    choose.dataset.choose = c.id;
    choose.addEventListener("click", async () => {
      choose.disabled = true;
      if (session.narrate_backend) choose.textContent = `Writing ${c.name_first}'s story…`;
      try {
        const kept = await call("POST", `${API}/characters/chargen/finalize`, {
          session_id: session.id, selected_character_id: c.id,
        });
        for (const other of $$(".option")) if (other.dataset.characterId !== c.id) other.remove();
        location.assign(`/characters/${kept.id}`);
      } catch (err) {
        choose.disabled = false;
        choose.textContent = `Choose ${c.name_first}`;
        card.append(el("p", { className: "error", textContent: err.message }));
      }
    });
    const card = el("article", { className: "option card" },
      el("h3", { textContent: c.name_full }),
      el("p", { className: "sub", textContent: attrLine(c) }),
      el("p", { className: "muted small", textContent: `${c.experience.level.replaceAll("_", " ").toLowerCase()} · ${c.experience.spent} of ${c.experience.budget} XP · ${c.personality.join(", ")}` }),
      el("div", { className: "two" }, list("Attributes", attrs), list("Skills", skills)),
      powers.length ? el("p", { className: "small", textContent: `Disciplines: ${powers.join(", ")}` }) : null,
      session.narrate_backend ? el("p", { className: "muted small preview", textContent: `A preview: the ${session.narrate_backend} backend writes the story of the option you choose.` }) : null,
      el("p", { className: "bio", textContent: c.biography }),
      el("blockquote", { textContent: c.quote }),
      el("div", { className: "actions" }, choose,
        el("a", { href: `/characters/${c.id}/sheet`, target: "_blank", rel: "noopener", textContent: "Full sheet", className: "button secondary" })),
    );
    card.dataset.characterId = c.id;
    return card;
  }

  function showSession(session) {
    const box = $("#options");
    box.replaceChildren(el("h2", { textContent: `${session.characters.length} options: pick one, the others vanish` }));
    const grid = el("div", { className: "option-grid" });
    for (const c of session.characters) grid.append(optionCard(c, session));
    box.append(grid);
    const firstChoice = $("[data-choose]", box);
    box.scrollIntoView({ block: "start" });
    if (firstChoice) firstChoice.focus({ preventScroll: true });
  }

  const compareForm = $("#compare-form");
  if (compareForm) {
    remember(compareForm, "personae-compare");
    classToggle(compareForm);
    compareForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearErrors(compareForm);
      seedFromForm(compareForm);
      const payload = requestBody(compareForm);
      const options = compareForm.elements.options.value.trim();
      if (options) payload.options = Number(options);
      const campaign = compareForm.elements.campaign_id.value.trim();
      const backend = checked(compareForm, "backend") || "rules";
      busy(compareForm, true);
      try {
        const session = await runOperation({
          operation: "chargen_start", backend, campaign, payload,
          box: $("#compare-progress"),
          direct: () => call("POST", `${API}/characters/chargen/start${query({ campaign_id: campaign })}`, payload),
        });
        if (session) {
          history.replaceState(null, "", `/compare?session=${session.id}`);
          showSession(session);
        }
      } catch (err) {
        showErrors(compareForm, err);
      } finally {
        busy(compareForm, false);
      }
    });
    const open = compareForm.dataset.session;
    if (open) {
      call("GET", `${API}/characters/chargen/sessions/${encodeURIComponent(open)}`)
        .then(showSession)
        .catch((err) => { $("#options").replaceChildren(el("p", { className: "error", textContent: err.message })); });
    }
  }

  // ---- a character: reroll, delete, print, export ---------------------------------------------
  function fitSheet(frame) {
    const doc = frame.contentDocument;
    if (!doc || !doc.documentElement) return;
    const natural = 840;
    const width = frame.parentElement.clientWidth;
    // fit the A4 sheet to the column; on a phone keep it legible and let it scroll sideways
    const scale = width < 600 ? 1 : Math.min(1, width / natural);
    frame.style.width = `${natural}px`;
    frame.style.transform = `scale(${scale})`;
    const height = doc.documentElement.scrollHeight;
    frame.style.height = `${height}px`;
    frame.parentElement.style.height = `${Math.ceil(height * scale)}px`;
    // a scaled frame keeps its layout width: only an unscaled one may scroll sideways
    frame.parentElement.style.overflowX = scale < 1 ? "hidden" : "auto";
  }

  const sheet = $("#sheet");
  if (sheet) {
    sheet.addEventListener("load", () => fitSheet(sheet));
    window.addEventListener("resize", () => fitSheet(sheet));
    if (sheet.contentDocument && sheet.contentDocument.readyState === "complete") fitSheet(sheet);
    $("#print-sheet").addEventListener("click", () => sheet.contentWindow.print());
  }

  const rerollForm = $("#reroll-form");
  if (rerollForm) {
    const id = $("#character").dataset.characterId;
    const note = $("#implies-note");
    const labelOf = (k) => {
      const box = rerollForm.querySelector(`input[name=keep][value="${k}"]`);
      return box ? box.parentElement.textContent.trim() : k;
    };
    const explain = () => {
      const extra = new Set();
      for (const box of $$("input[name=keep]:checked", rerollForm)) {
        for (const k of (box.dataset.implies || "").split(" ").filter(Boolean)) {
          if (!rerollForm.querySelector(`input[name=keep][value="${k}"]:checked`)) extra.add(labelOf(k));
        }
      }
      note.textContent = extra.size ? `Also kept, because a kept field needs them: ${[...extra].join(", ")}.` : "";
    };
    rerollForm.addEventListener("change", explain);
    explain();
    rerollForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearErrors(rerollForm);
      const payload = {
        keep: $$("input[name=keep]:checked", rerollForm).map((b) => b.value),
        seed: seedFromForm(rerollForm),
        backend: checked(rerollForm, "backend") || "rules",
      };
      busy(rerollForm, true);
      try {
        const character = await runOperation({
          operation: "reroll", backend: payload.backend, payload, characterId: id,
          box: $("#reroll-progress"),
          direct: () => call("POST", `${API}/characters/${id}/reroll`, payload),
        });
        if (character) location.reload();
      } catch (err) {
        showErrors(rerollForm, err);
      } finally {
        busy(rerollForm, false);
      }
    });
    $("#make-npc").addEventListener("click", async () => {
      try {
        const out = await call("POST", `/context/characters/my-game/my-world/from-character/${id}${query({ company_id: company })}`);
        location.assign(`/npc?open=${encodeURIComponent(out.character_id)}`);
      } catch (err) { status(err.message, true); }
    });
    $("#make-agent").addEventListener("click", async () => {
      try {
        await call("POST", `/api/characters/from-character/${id}${query({ company_id: company, activate: "true" })}`);
        location.assign("/agent");
      } catch (err) { status(err.message, true); }
    });
    $("#delete-character").addEventListener("click", async (event) => {
      const name = event.currentTarget.dataset.name;
      if (!confirm(`Delete ${name}? This cannot be undone.`)) return;
      await call("DELETE", `${API}/characters/${id}`);
      location.assign("/browse");
    });
  }

  // Exports: fetched so a failure shows its message instead of saving an error as a file.
  function status(message, isError) {
    let box = $("#page-status");
    if (!box) {
      box = el("p", { id: "page-status", className: "toast" });
      box.setAttribute("role", "status");
      box.setAttribute("aria-live", "polite");
      document.body.append(box);
    }
    box.textContent = message;
    box.classList.toggle("bad", Boolean(isError));
    box.hidden = false;
    clearTimeout(box.timer);
    box.timer = setTimeout(() => { box.hidden = true; }, 8000);
  }

  document.addEventListener("click", async (event) => {
    const link = event.target.closest("a[download][href*='/export?format=']");
    if (!link) return;
    event.preventDefault();
    status(`Exporting ${link.textContent.trim()}…`);
    try {
      const headers = {};
      const key = localStorage.getItem("personae-api-key");
      if (key) headers["X-API-KEY"] = key;
      const response = await fetch(link.href, { headers });
      if (!response.ok) {
        const data = await response.json().catch(() => ({}));
        throw new ApiError(response.status, data);
      }
      const blob = await response.blob();
      const disposition = response.headers.get("Content-Disposition") || "";
      const name = (disposition.match(/filename="([^"]+)"/) || [])[1] || "character";
      const url = URL.createObjectURL(blob);
      const a = el("a", { href: url, download: name });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      const warnings = JSON.parse(response.headers.get("X-Export-Warnings") || "[]");
      status(`Saved ${name} (${Math.max(1, Math.round(blob.size / 1024))} KB)` +
        (warnings.length ? ` · note: ${warnings.join("; ")}` : ""));
    } catch (err) {
      status(`Export failed: ${err.message}`, true);
    }
  });

  // Browse: delete rows
  for (const button of $$("[data-delete]")) {
    button.addEventListener("click", async () => {
      if (!confirm(`Delete ${button.dataset.name}? This cannot be undone.`)) return;
      try {
        await call("DELETE", `${API}/characters/${button.dataset.delete}`);
        button.closest("tr").remove();
        const count = $("#browse-count");
        const left = $$("tbody tr").length;
        if (count) count.textContent = `${left} character${left === 1 ? "" : "s"} shown`;
        status(`Deleted ${button.dataset.name}.`);
      } catch (err) {
        status(err.message, true);
      }
    });
  }

  // ---- rows of lists (NPC items, events, quests) ----------------------------------------------
  function wireRows(form) {
    for (const list of $$("[data-list]", form)) {
      const template = $("template", list);
      const rows = $(".row-list", list);
      const typeCols = () => {
        for (const row of $$("[data-row]", rows)) {
          const type = $("[data-key=type]", row);
          if (list.dataset.list !== "items" || !type) continue;
          const show = {
            trade: ["itemName", "unit", "value", "description"],
            consumable: ["itemName", "quantity", "description"],
          }[type.value] || ["itemName", "description"];
          for (const cell of $$("[data-col]", row)) {
            cell.hidden = cell.dataset.col !== "type" && !show.includes(cell.dataset.col);
          }
        }
      };
      list.addRow = (values = {}) => {
        const row = template.content.firstElementChild.cloneNode(true);
        const n = rows.children.length;
        for (const cell of $$("[data-col]", row)) {
          const input = $("[data-key]", cell);
          const label = $("label", cell);
          input.id = `${list.dataset.list}-${n}-${cell.dataset.col}-${Math.random().toString(36).slice(2, 7)}`;
          label.htmlFor = input.id;
          const v = values[cell.dataset.col];
          if (v !== undefined && v !== null) input.value = v;
        }
        $("[data-key=type]", row)?.addEventListener("change", typeCols);
        $("[data-remove-row]", row).addEventListener("click", () => { row.remove(); });
        rows.append(row);
        typeCols();
        return row;
      };
      list.clearRows = () => rows.replaceChildren();
      list.values = () => $$("[data-row]", rows).map((row) => {
        const out = {};
        for (const cell of $$("[data-col]", row)) {
          if (cell.hidden) continue;
          const input = $("[data-key]", cell);
          const v = input.value.trim();
          if (v === "" && cell.dataset.col !== "description") continue;
          out[cell.dataset.col] = input.type === "number" ? Number(v) : v;
        }
        return out;
      });
      $("[data-add-row]", list).addEventListener("click", () => {
        const row = list.addRow();
        $("input, select", row).focus();
      });
    }
  }

  const lines = (text) => text.split("\n").map((s) => s.trim()).filter(Boolean);

  // ---- NPC contexts ------------------------------------------------------------------------------
  const npcForm = $("#npc-form");
  if (npcForm) {
    wireRows(npcForm);
    const f = npcForm.elements;
    const SIMPLE = ["name", "gender", "age", "role", "tone", "description"];
    const LISTS = ["items", "events", "quests"];
    let current = null;
    const listOf = (name) => npcForm.querySelector(`[data-list="${name}"]`);
    const kept = (name) => npcForm.querySelector(`[data-keep="${name}"]`).checked;
    const where = () => ({ game: f.game_id.value.trim(), world: f.world_id.value.trim() });
    const base = () => `/context/characters/${encodeURIComponent(where().game)}/${encodeURIComponent(where().world)}`;
    const npcStatus = (t) => { $("#npc-status").textContent = t; };

    function gather(onlyKept) {
      const out = { model: f.model.value };
      for (const name of SIMPLE) {
        const v = f[name].value.trim();
        if (v && (!onlyKept || kept(name))) out[name] = v;
      }
      const traits = lines(f.traits.value);
      if (traits.length && (!onlyKept || kept("traits"))) out.traits = traits;
      for (const name of LISTS) {
        const values = listOf(name).values();
        if (values.length && (!onlyKept || kept(name))) out[name] = values;
      }
      out.filters = {
        active: f["filters.active"].checked,
        violence: f["filters.violence"].checked,
        sexual: f["filters.sexual"].checked,
        drugs: f["filters.drugs"].checked,
      };
      const seed = f.seed.value.trim();
      if (seed) out.seed = seed;
      return out;
    }

    function fill(npc) {
      current = npc;
      for (const name of SIMPLE) f[name].value = npc[name] ?? "";
      f.model.value = npc.model || "standard";
      f.traits.value = (npc.traits || []).join("\n");
      for (const k of ["active", "violence", "sexual", "drugs"]) f[`filters.${k}`].checked = Boolean(npc.filters[k]);
      for (const name of LISTS) {
        const list = listOf(name);
        list.clearRows();
        for (const v of npc[name] || []) list.addRow(v);
      }
      f.seed.value = String(npc.seed);
      for (const box of $$("[data-keep]", npcForm)) {
        box.checked = (npc.sources || {})[box.dataset.keep] === "caller";
      }
      $("#npc-reroll").hidden = false;
      $("#npc-new").hidden = false;
      $("#npc-create").textContent = "Create another from this form";
    }

    async function refreshList() {
      const ul = $("#npc-list");
      try {
        const items = await call("GET", base());
        ul.replaceChildren(...items.map((npc) => {
          const open = el("button", { type: "button", className: "secondary small", textContent: "Open" });
          open.addEventListener("click", () => { clearErrors(npcForm); fill(npc); f.name.focus(); npcStatus(`Opened ${npc.name}.`); });
          const del = el("button", { type: "button", className: "danger small", textContent: "Delete" });
          del.addEventListener("click", async () => {
            if (!confirm(`Delete ${npc.name}?`)) return;
            await call("DELETE", `${base()}/${npc.character_id}`);
            refreshList();
          });
          return el("li", {}, el("strong", { textContent: npc.name }),
            ` · ${npc.role} · ${npc.age} · ${npc.tone} `, open, " ", del);
        }));
        if (!items.length) ul.replaceChildren(el("li", { className: "muted", textContent: "None yet." }));
      } catch (err) {
        ul.replaceChildren(el("li", { className: "error", textContent: err.message }));
      }
    }

    async function send(method, url, payload, doing) {
      clearErrors(npcForm);
      busy(npcForm, true);
      const started = performance.now();
      const timer = setInterval(() => npcStatus(`${doing}… ${((performance.now() - started) / 1000).toFixed(1)} s`), 250);
      try {
        const place = {
          game_id: where().game, world_id: where().world, region_id: f.region_id.value.trim(),
          location_id: f.location_id.value.trim(), session_id: f.session_id.value.trim(),
        };
        // a model writes the NPC (the server's model, or premium): a job, with cancel
        const slow = defaultBackend !== "rules" || (payload.model === "premium" && npcForm.dataset.premium === "yes");
        let out;
        if (slow) {
          clearInterval(timer);
          out = await runJob({
            operation: method === "POST" ? "npc_create" : "npc_replace", payload, place,
            characterId: method === "POST" ? null : current.character_id, box: $("#npc-progress"),
          });
          if (!out) { npcStatus("Cancelled: nothing changed."); return; }
        } else {
          const qs = query({ region_id: place.region_id, location_id: place.location_id, session_id: place.session_id });
          out = await call(method, url + (method === "POST" ? qs : ""), payload);
        }
        const id = out.character_id;
        const npc = out.seed !== undefined ? out : await call("GET", `${base()}/${id}`);
        fill(npc);
        npcStatus(`${method === "POST" ? "Created" : "Rerolled"} ${npc.name} (seed ${f.seed.value}).`);
        refreshList();
      } catch (err) {
        npcStatus("");
        showErrors(npcForm, err);
      } finally {
        clearInterval(timer);
        busy(npcForm, false);
      }
    }

    npcForm.addEventListener("submit", (event) => {
      event.preventDefault();
      if (!where().game || !where().world) {
        showErrors(npcForm, new ApiError(400, { invalid_parameters: [
          ...(!where().game ? [{ field: "game_id", message: "required" }] : []),
          ...(!where().world ? [{ field: "world_id", message: "required" }] : []),
        ] }));
        return;
      }
      const payload = gather(false);
      if (current && payload.seed === String(current.seed)) delete payload.seed;
      send("POST", base(), payload, "Creating");
    });
    $("#npc-reroll").addEventListener("click", () => {
      if (!current) return;
      f.seed.value = newSeed();
      send("PUT", `${base()}/${current.character_id}`, gather(true), "Rerolling");
    });
    $("#npc-new").addEventListener("click", () => {
      current = null;
      for (const name of SIMPLE) f[name].value = "";
      f.traits.value = "";
      f.seed.value = "";
      for (const name of LISTS) listOf(name).clearRows();
      for (const box of $$("[data-keep]", npcForm)) box.checked = false;
      $("#npc-reroll").hidden = true;
      $("#npc-new").hidden = true;
      $("#npc-create").textContent = "Create NPC";
      clearErrors(npcForm);
      f.name.focus();
    });
    f.game_id.addEventListener("change", refreshList);
    f.world_id.addEventListener("change", refreshList);
    refreshList();
    const wanted = new URLSearchParams(location.search).get("open");
    if (wanted) {
      call("GET", `${base()}/${encodeURIComponent(wanted)}`)
        .then((npc) => { fill(npc); npcStatus(`Opened ${npc.name}.`); })
        .catch((err) => npcStatus(err.message));
    }
  }

  // ---- agent characters ----------------------------------------------------------------------------
  const agentForm = $("#agent-form");
  if (agentForm) {
    const f = agentForm.elements;
    const agentStatus = (t) => { $("#agent-status").textContent = t; };
    const LINES = ["adjectives", "topics", "postExamples"];

    const toConversations = (text) => text.split(/\n\s*\n/).map((block) => lines(block).map((line) => {
      const at = line.indexOf(":");
      return at > 0
        ? { name: line.slice(0, at).trim(), content: { text: line.slice(at + 1).trim() } }
        : { name: "", content: { text: line } };
    })).filter((c) => c.length);
    const fromConversations = (convs) => (convs || []).map((c) =>
      (Array.isArray(c) ? c : c.examples || []).map((m) => `${m.name}: ${m.content.text}`).join("\n")).join("\n\n");

    function gather() {
      const out = {};
      for (const k of ["name", "username", "system"]) if (f[k].value.trim()) out[k] = f[k].value.trim();
      const bio = lines(f.bio.value);
      if (bio.length) out.bio = bio.length === 1 ? bio[0] : bio;
      for (const k of LINES) { const v = lines(f[k].value); if (v.length) out[k] = v; }
      const style = {};
      for (const k of ["all", "chat", "post"]) { const v = lines(f[`style.${k}`].value); if (v.length) style[k] = v; }
      if (Object.keys(style).length) out.style = style;
      const conv = toConversations(f.messageExamples.value);
      if (conv.length) out.messageExamples = conv;
      return out;
    }

    function fill(c) {
      for (const k of ["name", "username", "system"]) f[k].value = c[k] || "";
      f.bio.value = Array.isArray(c.bio) ? c.bio.join("\n") : (c.bio || "");
      for (const k of LINES) f[k].value = (c[k] || []).join("\n");
      for (const k of ["all", "chat", "post"]) f[`style.${k}`].value = ((c.style || {})[k] || []).join("\n");
      f.messageExamples.value = fromConversations(c.messageExamples);
    }

    function applyGenerated(field, target, text, mode) {
      if (field === "bio" || field === "system") {
        f[target].value = mode === "append" && f[target].value ? `${f[target].value}\n${text}` : text;
      } else if (field === "style") {
        const s = JSON.parse(text);
        for (const k of ["all", "chat", "post"]) f[`style.${k}`].value = (s[k] || []).join("\n");
      } else if (field === "chatExamples") {
        f.messageExamples.value = fromConversations(JSON.parse(text));
      } else {
        f.postExamples.value = JSON.parse(text).join("\n");
      }
    }

    // a generated field only reaches the form when it arrives: Stop drops it (nothing is
    // stored by the generate route, so nothing else changes)
    const stop = $("#agent-stop");
    let controller = null;
    stop.addEventListener("click", () => { if (controller) controller.abort(); });

    async function generate(field, target) {
      const context = gather();
      if (Array.isArray(context.bio)) context.bio = context.bio.join(" ");
      const started = performance.now();
      const timer = setInterval(() => agentStatus(`Writing ${target}… ${((performance.now() - started) / 1000).toFixed(1)} s`), 250);
      controller = new AbortController();
      stop.hidden = false;
      stop.disabled = false;
      try {
        const out = await call("POST", "/api/character/generate",
          { field, context, mode: "replace", seed: newSeed() }, controller.signal);
        applyGenerated(field, target, out.generated, "replace");
      } finally {
        clearInterval(timer);
        stop.hidden = true;
        controller = null;
      }
    }

    async function guarded(work, done) {
      clearErrors(agentForm);
      busy(agentForm, true);
      try {
        await work();
        agentStatus(done);
      } catch (err) {
        if (err.name === "AbortError") { agentStatus("Stopped: the field was left as it was."); return; }
        agentStatus("");
        showErrors(agentForm, err);
      } finally {
        busy(agentForm, false);
      }
    }

    for (const button of $$("[data-generate]", agentForm)) {
      button.addEventListener("click", () => guarded(
        () => generate(button.dataset.generate, button.dataset.target), `Wrote ${button.dataset.target}.`));
    }
    $("#agent-reroll").addEventListener("click", () => guarded(async () => {
      for (const button of $$("[data-generate]", agentForm)) {
        if (!agentForm.querySelector(`[data-keep="${button.dataset.target}"]`).checked) {
          await generate(button.dataset.generate, button.dataset.target);
        }
      }
    }, "Rerolled every field not kept."));
    $("#agent-random-name").addEventListener("click", () => guarded(async () => {
      const out = await call("POST", `/api/character/random-name${query({ seed: newSeed() })}`);
      f.name.value = out.name;
    }, "New name."));
    $("#agent-load").addEventListener("click", () => guarded(async () => {
      const out = await call("GET", "/api/character");
      fill(out.character);
    }, "Loaded the current character."));
    agentForm.addEventListener("submit", (event) => {
      event.preventDefault();
      guarded(async () => {
        const out = await call("PUT", "/api/character", gather());
        agentStatus(`Saved ${out.agentName}.`);
      }, "Saved.");
    });
    call("GET", "/api/character").then((out) => fill(out.character)).catch(() => {});
  }

  // ---- a server with API keys -----------------------------------------------------------------
  const unlockForm = $("#unlock-form");
  if (unlockForm) {
    unlockForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearErrors(unlockForm);
      const key = unlockForm.elements.key.value;
      try {
        await call("POST", "/unlock", { key });
        localStorage.setItem("personae-api-key", key);
        location.reload();
      } catch (err) {
        showErrors(unlockForm, err);
      }
    });
  }

  wireSeeds();
})();
