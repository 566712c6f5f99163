// dbgd's page: a debugger in the browser on dbgd's own JSON-RPC API (POST /rpc) and its
// live events (GET /events, read with fetch() so that the bearer token can be sent).
// The page holds no secret: the token is typed in and kept in sessionStorage only.
// docs/web.md says what it does.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { token: sessionStorage.getItem("dbgd-token") || "", session: null,
                frame: 0, stream: null, out: { stdout: 0, stderr: 0 },
                stop: null, frames: [], bps: [], src: null, where: {}, watched: {} };

async function rpc(method, params) {
  const r = await fetch("/rpc", {
    method: "POST",
    headers: { "Content-Type": "application/json", "Authorization": "Bearer " + state.token },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params: params || {} }),
  });
  if (r.status === 401) throw new Error("the token was refused");
  const body = await r.json();
  if (body.error) {
    const d = body.error.data || {};
    throw new Error(d.detail || body.error.message);
  }
  return body.result;
}

const sparams = (extra) => Object.assign({ session: state.session }, extra || {});

// An answer about session sid that comes after the page left it (closed, or another one
// selected: an event's refresh still under way) is not drawn over the new state.
const stale = (sid) => state.session !== sid;

function text(el, s) { $(el).textContent = s; }

function row(table, cells, onclick, selected) {
  const tr = document.createElement("tr");
  for (const c of cells) {
    const td = document.createElement("td");
    td.textContent = c;
    tr.appendChild(td);
  }
  if (onclick) tr.onclick = onclick;
  if (selected) tr.className = "sel";
  $(table).appendChild(tr);
  return tr;
}

function fail(e) { text("error", e.message || String(e)); }

function cell(s, cls) {
  const td = document.createElement("td");
  td.textContent = s;
  if (cls) td.className = cls;
  return td;
}

// a small button whose action is followed by drawing the lists again
function button(label, act) {
  const b = document.createElement("button");
  b.textContent = label;
  b.onclick = async (ev) => {
    ev.stopPropagation();
    try { await act(); } catch (e) { fail(e); }
    await showLists();
  };
  return b;
}

function where(o) {
  let s = o.function || o.symbol || o.pc || "";
  if (o.source) s += " (" + o.source.file.split("/").pop() + ":" + o.source.line + ")";
  return s;
}

// ---- the session list ---------------------------------------------------------------

async function refreshSessions() {
  const { sessions } = await rpc("sessions");
  const box = $("sessions");
  box.textContent = "";
  for (const s of sessions) {
    const d = document.createElement("div");
    d.textContent = "#" + s.session + " " + s.path.split("/").pop() + " (" + s.state + ")";
    if (s.session === state.session) d.className = "sel";
    d.onclick = () => select(s.session);
    box.appendChild(d);
  }
}

async function select(id) {
  state.session = id;
  state.frame = 0;
  state.where = {};
  state.watched = {};
  state.out = { stdout: 0, stderr: 0 };
  text("output", "");
  text("events", "");
  follow(id);
  await refreshSessions();
  await show(await rpc("status", sparams()));
}

// ---- what the stopped program looks like ----------------------------------------------

async function show(st) {
  const sid = state.session;
  if (st.session !== undefined && stale(st.session)) return;  // a left session's news
  text("error", "");
  let line = st.state;
  if (st.state === "stopped") {
    const s = st.stop;
    line = s.reason + " at " + s.pc + " in " + where(s);
    if (s.signal) line += " (" + s.signal.name + ")";
    if (s.syscall) line += ": " + (s.syscall.text || s.syscall.name); // strace's words
    if (s.returned) line += "; returned " + (s.returned.value || s.returned.type);
    if (s.reason === "watchpoint") line += " (watchpoint " + s.watchpoint + ": " + s.old + " -> " + s.value + ")";
  } else if (st.state === "exited") {
    line = "exited with code " + st.exit_code;
  } else if (st.state === "killed") {
    line = "killed by " + (st.signal ? st.signal.name : "a signal");
  }
  text("stopline", line);
  state.stop = st.state === "stopped" ? st.stop : null;
  state.frames = [];
  await showOutput();
  await showLists();
  if (stale(sid)) return;
  for (const t of ["frames", "locals", "source"]) $(t).textContent = "";
  text("code", "");
  text("regs", "");
  text("srcname", "");
  state.src = null;
  if (st.state !== "stopped") return;
  await Promise.all([showFrames(), showLocals(), showCode(st.stop.pc), showRegs()]);
  await showSource();
}

// the lists that change with breakpoints, watchpoints and threads
async function showLists() {
  await Promise.all([showBreakpoints(), showWatchpoints(), showThreads()]);
  drawSource();
}

async function showFrames() {
  const { frames } = await rpc("backtrace", sparams({ limit: 32 }));
  state.frames = frames;
  $("frames").textContent = "";
  frames.forEach((f, i) => row("frames", ["#" + i, f.pc, f.trampoline ? "<signal handler called>" :
                                           where(f) + (f.inlined ? " (inlined)" : "") + (f.tailcall ? " (tail call)" : "")],
                               () => { state.frame = i; showFrames(); showLocals(); showSource(); },
                               i === state.frame));
}

async function showLocals() {
  $("locals").textContent = "";
  try {
    const v = await rpc("locals", sparams({ frame: state.frame }));
    for (const a of v.args) row("locals", [a.name, a.value !== undefined ? a.value : "<" + a.error + ">", "arg"]);
    for (const l of v.locals) row("locals", [l.name, l.value !== undefined ? l.value : "<" + l.error + ">", ""]);
  } catch (e) {
    row("locals", ["(" + e.message + ")"]);
  }
}

// ---- the source pane: the frame's file around its line, by the daemon's `source` -------

// Is a and b one file: the same path, or one a path's last components of the other (a
// library's units may name their files relative to a directory dbgd joins)?
function sameFile(a, b) {
  return a === b || a.endsWith("/" + b) || b.endsWith("/" + a);
}

async function showSource() {
  const f = state.frames[state.frame];
  // frame 0: the stop's line (gdb's, as steps go by); callers: their frame's line
  const src = (state.frame === 0 && state.stop && state.stop.source) || (f && f.source);
  state.src = null;
  $("source").textContent = "";
  text("srcname", "");
  if (!src) return;
  try {
    const r = await rpc("source", sparams({ file: src.file, line: Math.max(1, src.line - 10), count: 25 }));
    state.src = Object.assign(r, { cur: src.line });
    text("srcname", r.file.split("/").pop() + ":" + src.line);
  } catch (e) {
    text("srcname", src.file.split("/").pop() + ":" + src.line + " (" + e.message + ")");
  }
  drawSource();
}

function drawSource() {
  const r = state.src;
  const box = $("source");
  box.textContent = "";
  if (!r) return;
  const at = new Map();  // line -> breakpoint
  for (const b of state.bps) if (b.source && sameFile(b.source.file, r.file)) at.set(b.source.line, b);
  r.lines.forEach((t, i) => {
    const n = r.first + i;
    const tr = document.createElement("tr");
    const ln = cell(String(n), "ln");
    ln.title = at.has(n) ? "delete breakpoint " + at.get(n).breakpoint : "break at line " + n;
    ln.onclick = () => toggleBreak(r.file, n, at.get(n));
    tr.append(ln, cell("", "mark"), cell(t, "text"));
    tr.dataset.line = n;
    if (n === r.cur) tr.classList.add("cur");
    if (at.has(n)) tr.classList.add("bp");
    box.appendChild(tr);
  });
}

// a click on a line's number: a breakpoint there (as gdb's break FILE:LINE, on the next
// line with code), or the one there deleted
async function toggleBreak(file, line, b) {
  if (state.session === null) return;
  try {
    if (b) {
      await rpc("delete", sparams({ breakpoint: b.breakpoint }));
    } else {
      const nb = await rpc("break", sparams({ symbol: file + ":" + line, pending: true }));
      state.where[nb.breakpoint] = file.split("/").pop() + ":" + line;
    }
  } catch (e) { fail(e); }
  await showLists();
}

// ---- threads and watchpoints -------------------------------------------------------------

// The lists are drawn again after each answer arrives, in one go: two draws that overlap
// (a stop event's and a click's) never mix their rows.
async function showThreads() {
  const sid = state.session;
  if (sid === null) return;
  try {
    const { threads } = await rpc("threads", sparams());
    if (stale(sid)) return;
    $("threads").textContent = "";
    for (const t of threads) {
      row("threads", [t.tid, t.name || "", t.state, t.pc ? where(t) : ""], async () => {
        try {
          const st = await rpc("thread", sparams({ tid: t.tid }));
          state.frame = 0;
          await show(st);
        } catch (e) { fail(e); }
      }, t.current);
    }
  } catch (e) { if (!stale(sid)) $("threads").textContent = ""; /* an ended process has none */ }
}

async function showWatchpoints() {
  const sid = state.session;
  if (sid === null) return;
  try {
    const { watchpoints } = await rpc("watchpoints", sparams());
    if (stale(sid)) return;
    $("wps").textContent = "";
    for (const w of watchpoints) {
      const tr = row("wps", [w.watchpoint, state.watched[w.watchpoint] || w.address,
                             w.length + "B " + w.access, "= " + w.value, w.hits + " hits"]);
      tr.append(button(w.enabled ? "disable" : "enable",
                       () => rpc("watch", sparams({ watchpoint: w.watchpoint, enabled: !w.enabled }))),
                button("x", () => rpc("unwatch", sparams({ watchpoint: w.watchpoint }))));
      if (!w.enabled) tr.style.color = "#999";
    }
  } catch (e) { if (!stale(sid)) $("wps").textContent = ""; /* an ended session has none */ }
}

// Bytes a watchpoint on a value of C type t covers: its size for the scalars, else 8
// (a struct's or an array's first 8 bytes).
function typeBytes(t) {
  t = (t || "").replace(/\b(const|volatile|signed)\b/g, "").trim();
  if (/\*$/.test(t)) return 8;
  if (/^(unsigned )?char$|^_Bool$|^bool$/.test(t)) return 1;
  if (/^(unsigned )?short( int)?$/.test(t)) return 2;
  if (/^(unsigned )?int$|^unsigned$|^float$|^enum /.test(t)) return 4;
  return 8;
}

async function showCode(pc) {
  const { instructions } = await rpc("disasm", sparams({ address: pc, count: 12 }));
  text("code", instructions.map((i) => (i.address === pc ? "=> " : "   ") + i.address + "  " +
                                       (i.mnemonic + " " + (i.operands || "")).trim() + (i.symbol ? "  <" + i.symbol + ">" : "")).join("\n"));
}

async function showRegs() {
  const regs = await rpc("regs", sparams());
  text("regs", Object.entries(regs).map(([k, v]) => k.padEnd(8) + v).join("\n"));
}

async function showBreakpoints() {
  const sid = state.session;
  if (sid === null) return;
  try {
    const { breakpoints } = await rpc("breakpoints", sparams());
    if (stale(sid)) return;
    $("bps").textContent = "";
    state.bps = breakpoints;
    for (const b of breakpoints) {
      b.where = state.where[b.breakpoint];  // what was typed: main, file.c:42
      const tr = row("bps", [b.breakpoint, b.address || "(pending)", b.symbol || b.where || "",
                             b.hits + " hits"]);
      const del = document.createElement("button");
      del.textContent = "x";
      del.onclick = async () => { await rpc("delete", sparams({ breakpoint: b.breakpoint })); await showLists(); };
      tr.appendChild(del);
    }
  } catch (e) {
    if (stale(sid)) return;
    state.bps = []; $("bps").textContent = ""; /* an ended session has none to show */
  }
}

async function showOutput() {
  for (const stream of ["stdout", "stderr"]) {
    const o = await rpc("output", sparams({ stream, offset: state.out[stream] }));
    state.out[stream] = o.next_offset;
    if (o.text) $("output").textContent += o.text;
  }
}

// ---- live events ---------------------------------------------------------------------

async function follow(id) {
  if (state.stream) state.stream.abort();
  const ctl = new AbortController();
  state.stream = ctl;
  try {
    const r = await fetch("/events?session=" + id, {
      headers: { "Authorization": "Bearer " + state.token }, signal: ctl.signal });
    const reader = r.body.getReader();
    const dec = new TextDecoder();
    let buf = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += dec.decode(value, { stream: true });
      let end;
      while ((end = buf.indexOf("\n\n")) >= 0) {
        const record = buf.slice(0, end);
        buf = buf.slice(end + 2);
        const data = record.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5)).join("\n");
        if (data) onEvent(JSON.parse(data));
      }
    }
  } catch (e) {
    if (e.name !== "AbortError") fail(e);
  }
}

async function onEvent(ev) {
  const log = $("events");
  // a traced syscall's exit says the whole call, as strace's line
  const sc = ev.syscall && ev.type === "syscall-exit" && ev.syscall.text ? " " + ev.syscall.text : "";
  log.textContent = (ev.seq + " " + ev.type + (ev.stop ? " " + ev.stop.reason : "") +
                     (ev.name ? " " + ev.name : "") + sc + "\n" + log.textContent).slice(0, 20000);
  if (ev.type === "stop" || ev.type === "end") show(await rpc("status", sparams())).catch(fail);
}

// ---- commands ------------------------------------------------------------------------

const commands = {
  cont: () => rpc("cont", sparams({ wait: false })),
  pause: () => rpc("pause", sparams()),
  next: () => rpc("step", sparams({ line: true, over: true })),
  step: () => rpc("step", sparams({ line: true })),
  finish: () => rpc("finish", sparams()),
  stepi: () => rpc("step", sparams()),
  syscall: () => rpc("syscall", sparams()),
  trace: () => rpc("cont", sparams({ wait: false, trace_syscalls: true })),
  kill: () => rpc("kill", sparams()),
  close: async () => {
    if (state.stream) state.stream.abort();  // its end event would ask for a session gone
    await rpc("close", sparams());
    state.session = null;
    for (const t of ["frames", "locals", "source", "threads", "wps", "bps"]) $(t).textContent = "";
    for (const t of ["stopline", "srcname", "code", "regs", "output", "events", "error"]) text(t, "");
    state.src = null;
    await refreshSessions();
  },
};

for (const b of document.querySelectorAll("#controls button")) {
  b.onclick = async () => {
    if (state.session === null) return fail(new Error("select or spawn a session first"));
    try {
      const st = await commands[b.dataset.do]();
      if (st && st.state) await show(st);
      await refreshSessions();
    } catch (e) { fail(e); }
  };
}

$("spawn").onsubmit = async (ev) => {
  ev.preventDefault();
  try {
    const args = $("args").value.trim() ? $("args").value.trim().split(/\s+/) : [];
    const st = await rpc("spawn", { path: $("path").value, args, stop: $("stopat").value });
    await select(st.session);
  } catch (e) { fail(e); }
};

$("breakf").onsubmit = async (ev) => {
  ev.preventDefault();
  if (state.session === null) return;
  const w = $("where").value.trim();
  try {
    const b = await rpc("break", sparams(w.startsWith("0x") ? { address: w } : { symbol: w, pending: true }));
    state.where[b.breakpoint] = w;
    $("where").value = "";
    await showLists();
  } catch (e) { fail(e); }
};

// watch: an address, or an expression whose value has one (`print`'s address: the
// bytes of its type), or a data symbol that the DWARF does not know
$("watchf").onsubmit = async (ev) => {
  ev.preventDefault();
  if (state.session === null) return;
  const e = $("watchexpr").value.trim();
  const access = $("watchacc").value;
  let len = Number($("watchlen").value) || 0;
  try {
    let w;
    if (/^(0x[0-9a-f]+|[0-9]+)$/i.test(e)) {
      w = await rpc("watch", sparams({ address: e, length: len || 8, access }));
    } else {
      let v = null;
      try { v = await rpc("print", sparams({ name: e.replace(/^&/, ""), frame: state.frame })); } catch (x) { /* a symbol, then */ }
      if (v && v.address) {
        len = len || typeBytes(v.type);
        const a = BigInt(v.address);
        while (len > 1 && a % BigInt(len) !== 0n) len /= 2;  // the CPU's alignment
        w = await rpc("watch", sparams({ address: v.address, length: len, access }));
      } else {
        w = await rpc("watch", sparams({ symbol: e, length: len || 8, access }));
      }
    }
    state.watched[w.watchpoint] = e;
    $("watchexpr").value = "";
  } catch (x) { fail(x); }
  await showLists();
};

// handle: a signal's stop, print and pass, as gdb's `handle`; typing its name shows them
function showHandling(h) {
  $("sigstop").checked = h.stop;
  $("sigprint").checked = h.print;
  $("sigpass").checked = h.pass;
  text("handled", h.signal + " (" + h.number + "): " + ["stop", "print", "pass"].map((k) => (h[k] ? "" : "no") + k).join(" "));
}

$("signame").onchange = async () => {
  if (state.session === null || !$("signame").value.trim()) return;
  try { showHandling(await rpc("handle", sparams({ signal: $("signame").value.trim() }))); } catch (e) { text("handled", e.message); }
};

$("handlef").onsubmit = async (ev) => {
  ev.preventDefault();
  if (state.session === null) return;
  try {
    showHandling(await rpc("handle", sparams({ signal: $("signame").value.trim(), stop: $("sigstop").checked,
                                               print: $("sigprint").checked, pass: $("sigpass").checked })));
  } catch (e) { text("handled", e.message); }
};

$("printf").onsubmit = async (ev) => {
  ev.preventDefault();
  try {
    const v = await rpc("print", sparams({ name: $("expr").value, frame: state.frame }));
    text("printed", v.name + " = " + (v.value !== undefined ? v.value : "<" + v.error + ">"));
  } catch (e) { text("printed", e.message); }
};

$("connect").onclick = async () => {
  state.token = $("token").value || state.token;
  sessionStorage.setItem("dbgd-token", state.token);
  try {
    await refreshSessions();
    text("conn", "connected");
  } catch (e) { text("conn", e.message); }
};

$("token").value = state.token;
if (state.token) $("connect").onclick();
setInterval(() => { if (state.token) refreshSessions().catch(() => {}); }, 3000);
