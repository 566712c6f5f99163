// dbgd's page: a debugger in the browser on dbgd's own JSON-RPC API (POST /rpc) and its
// live events (GET /events, read with fetch() so that the bearer token can be sent).
// The page holds no secret: the token is typed in and kept in sessionStorage only.
// docs/web.md says what it does.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { token: sessionStorage.getItem("dbgd-token") || "", session: null,
                frame: 0, stream: null, out: { stdout: 0, stderr: 0 } };

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
  state.out = { stdout: 0, stderr: 0 };
  text("output", "");
  text("events", "");
  follow(id);
  await refreshSessions();
  await show(await rpc("status", sparams()));
}

// ---- what the stopped program looks like ----------------------------------------------

async function show(st) {
  text("error", "");
  let line = st.state;
  if (st.state === "stopped") {
    const s = st.stop;
    line = s.reason + " at " + s.pc + " in " + where(s);
    if (s.signal) line += " (" + s.signal.name + ")";
    if (s.syscall) line += ": " + (s.syscall.text || s.syscall.name); // strace's words
    if (s.returned) line += "; returned " + (s.returned.value || s.returned.type);
  } else if (st.state === "exited") {
    line = "exited with code " + st.exit_code;
  } else if (st.state === "killed") {
    line = "killed by " + (st.signal ? st.signal.name : "a signal");
  }
  text("stopline", line);
  await showOutput();
  await showBreakpoints();
  for (const t of ["frames", "locals"]) $(t).textContent = "";
  text("code", "");
  text("regs", "");
  if (st.state !== "stopped") return;
  await Promise.all([showFrames(), showLocals(), showCode(st.stop.pc), showRegs()]);
}

async function showFrames() {
  const { frames } = await rpc("backtrace", sparams({ limit: 32 }));
  $("frames").textContent = "";
  frames.forEach((f, i) => row("frames", ["#" + i, f.pc, f.trampoline ? "<signal handler called>" :
                                           where(f) + (f.inlined ? " (inlined)" : "") + (f.tailcall ? " (tail call)" : "")],
                               () => { state.frame = i; showFrames(); showLocals(); },
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
  $("bps").textContent = "";
  if (state.session === null) return;
  try {
    const { breakpoints } = await rpc("breakpoints", sparams());
    for (const b of breakpoints) {
      b.where = (state.where || {})[b.breakpoint];  // what was typed: main, file.c:42
      const tr = row("bps", [b.breakpoint, b.address || "(pending)", b.symbol || b.where || "",
                             b.hits + " hits"]);
      const del = document.createElement("button");
      del.textContent = "x";
      del.onclick = async () => { await rpc("delete", sparams({ breakpoint: b.breakpoint })); showBreakpoints(); };
      tr.appendChild(del);
    }
  } catch (e) { /* an ended session has none to show */ }
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
  close: async () => { await rpc("close", sparams()); state.session = null; await refreshSessions(); },
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
    state.where = Object.assign(state.where || {}, { [b.breakpoint]: w });
    $("where").value = "";
    await showBreakpoints();
  } catch (e) { fail(e); }
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
