// The page in a browser-like DOM (jsdom) against the real daemon, driven as a user does:
// spawn, read the source around the stop, set a breakpoint by typing it and delete it by a
// click on its line's number, set one by a click, continue, read the stack, variables
// and code, print, next, run to the next syscall and its exit, trace the syscalls to the
// end; the threads of a threaded program (a click selects one); a watchpoint hit,
// disabled; a signal's handling shown and changed. Run by tests/integration/test_web.py
// where node and jsdom are
// (tests/web/node_modules: `npm install jsdom` there).
//   node smoke.js BASE_URL TOKEN PATH_OF_FIXTURE_vars PATH_OF_FIXTURE_loop \
//                 PATH_OF_FIXTURE_mthreads PATH_OF_FIXTURE_watched
const { JSDOM } = require("jsdom");
const base = process.argv[2], token = process.argv[3], prog = process.argv[4];
const loop = process.argv[5], mthreads = process.argv[6], watched = process.argv[7];
(async () => {
  const html = await (await fetch(base + "/")).text();
  const js = await (await fetch(base + "/app.js")).text();
  const dom = new JSDOM(html, { url: base + "/", runScripts: "outside-only" });
  const w = dom.window;
  // the page's fetch: node's, with the page's relative URLs resolved
  w.fetch = (u, o) => fetch(new URL(u, base), o);
  w.TextDecoder = TextDecoder;
  w.AbortController = AbortController;
  w.sessionStorage.setItem("dbgd-token", token);
  w.eval(js);
  const $ = (id) => w.document.getElementById(id);
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const until = async (f, what) => { for (let i = 0; i < 100; i++) { if (f()) return; await sleep(50); } throw new Error("timeout: " + what + " stopline=" + $("stopline").textContent + " error=" + $("error").textContent); };
  await until(() => $("conn").textContent === "connected", "connect");
  $("path").value = prog; $("stopat").value = "main";
  $("spawn").dispatchEvent(new w.Event("submit"));
  await until(() => $("stopline").textContent.includes("in main"), "spawn");
  // the source pane: main's file around the stop's line, that line marked
  const cur = () => w.document.querySelector("#source tr.cur");
  const srcRow = (n) => w.document.querySelector('#source tr[data-line="' + n + '"]');
  const bpLines = () => [...w.document.querySelectorAll("#source tr.bp")].map((tr) => tr.dataset.line).join(",");
  await until(() => cur(), "the source pane");
  console.log("SRC: " + cur().dataset.line + "\t" + cur().querySelector(".text").textContent);
  console.log("SRCNAME: " + $("srcname").textContent);
  // a breakpoint typed: its line marked; a click on that line's number deletes it
  $("where").value = "vars.c:47";
  $("breakf").dispatchEvent(new w.Event("submit"));
  await until(() => $("bps").textContent.includes("vars.c:47") && bpLines() === "47", "typed break marked");
  srcRow(47).querySelector(".ln").click();
  await until(() => $("bps").textContent === "" && bpLines() === "", "clicked delete");
  // a click on line 44's number: a breakpoint there, which the program hits
  srcRow(44).querySelector(".ln").click();
  await until(() => $("bps").textContent.includes("vars.c:44") && bpLines() === "44", "clicked break");
  console.log("CLICKED: " + bpLines());
  w.document.querySelector('[data-do="cont"]').click();
  await until(() => $("stopline").textContent.startsWith("breakpoint"), "cont");
  await until(() => cur() && cur().dataset.line === "44", "the source at the hit");
  console.log("SRCHIT: " + cur().dataset.line + "\t" + cur().querySelector(".text").textContent);
  await until(() => $("locals").textContent.includes("half"), "locals");
  console.log("STOP:", $("stopline").textContent);
  console.log("FRAMES:", $("frames").textContent.slice(0, 120));
  console.log("LOCALS:", $("locals").textContent.slice(0, 160));
  console.log("CODE:", $("code").textContent.split("\n")[0]);
  $("expr").value = "pp->x";
  $("printf").dispatchEvent(new w.Event("submit"));
  await until(() => $("printed").textContent.length > 0, "print");
  console.log("PRINT:", $("printed").textContent);
  w.document.querySelector('[data-do="next"]').click();
  await until(() => $("stopline").textContent.startsWith("step"), "next");
  console.log("NEXT:", $("stopline").textContent);
  // delete the breakpoint (its list is drawn again after each stop: wait for it)
  await until(() => w.document.querySelector("#bps button"), "the breakpoint's delete button");
  w.document.querySelector("#bps button").click();
  await until(() => $("bps").textContent === "", "delete");
  w.document.querySelector('[data-do="cont"]').click();
  await until(() => $("stopline").textContent === "exited with code 0", "cont to the end");
  await until(() => /\bend\b/.test($("events").textContent), "the end event");
  console.log("END:", $("stopline").textContent, "EVENTS:", $("events").textContent.split("\n").slice(0, 3).join(" | "));
  // a program that prints (loop): its next syscall, entry then exit, in strace's words
  $("path").value = loop; $("args").value = "2"; $("stopat").value = "main";
  $("spawn").dispatchEvent(new w.Event("submit"));
  await until(() => $("stopline").textContent.includes("in main"), "spawn loop");
  w.document.querySelector('[data-do="syscall"]').click();
  await until(() => /^syscall-entry at .*: \w+\(/.test($("stopline").textContent), "syscall entry");
  console.log("SYSCALL:", $("stopline").textContent);
  w.document.querySelector('[data-do="syscall"]').click();
  await until(() => /^syscall-exit at .*: \w+\(.*\) = /.test($("stopline").textContent), "syscall exit");
  console.log("SYSCALL:", $("stopline").textContent);
  // to the end, every syscall an event: the program's write is in the events pane
  w.document.querySelector('[data-do="trace"]').click();
  await until(() => $("stopline").textContent === "exited with code 0", "trace to the end");
  await until(() => /syscall-exit write\(1, "sum=2\\n", 6\) = 6/.test($("events").textContent), "a traced write");
  console.log("TRACED:", $("events").textContent.split("\n").find((l) => / write\(1, /.test(l)));
  w.document.querySelector('[data-do="close"]').click();
  await until(() => $("stopline").textContent === "" && $("bps").textContent === "", "close");
  // threads: a worker at a breakpoint, the list of them; a click selects another
  $("path").value = mthreads; $("args").value = "2"; $("stopat").value = "main";
  $("spawn").dispatchEvent(new w.Event("submit"));
  await until(() => $("stopline").textContent.includes("in main"), "spawn mthreads");
  $("where").value = "work";
  $("breakf").dispatchEvent(new w.Event("submit"));
  await until(() => $("bps").textContent.includes("work"), "break work");
  w.document.querySelector('[data-do="cont"]').click();
  await until(() => $("stopline").textContent.startsWith("breakpoint") &&
                    $("threads").querySelectorAll("tr").length >= 2, "threads");
  const rows = () => [...$("threads").querySelectorAll("tr")];
  console.log("THREADS: " + rows().map((r) => r.textContent.replace(/\s+/g, " ")).join(" | "));
  let other;
  await until(() => (other = rows().find((r) => r.className !== "sel")), "a thread not selected");
  const tid = other.firstChild.textContent;
  other.click();
  await until(() => rows().some((r) => r.className === "sel" && r.firstChild.textContent === tid), "thread select");
  console.log("SELECTED: " + tid);
  w.document.querySelector('[data-do="kill"]').click();
  await until(() => $("stopline").textContent.startsWith("killed"), "kill mthreads");
  w.document.querySelector('[data-do="close"]').click();
  await until(() => $("threads").textContent === "" && $("bps").textContent === "" &&
                    $("stopline").textContent === "", "close mthreads");
  // a watchpoint on a variable: its hit, then disabled: the program runs to its end
  $("path").value = watched; $("args").value = ""; $("stopat").value = "main";
  $("spawn").dispatchEvent(new w.Event("submit"));
  await until(() => $("stopline").textContent.includes("in main"), "spawn watched");
  $("watchexpr").value = "counter";
  $("watchf").dispatchEvent(new w.Event("submit"));
  await until(() => $("wps").textContent.includes("counter"), "watch");
  console.log("WATCHES: " + $("wps").textContent);
  // handle: a signal's name shows its handling; unticking stop sets nostop
  $("signame").value = "SIGUSR1";
  $("signame").dispatchEvent(new w.Event("change"));
  await until(() => $("handled").textContent.startsWith("SIGUSR1"), "handle shown");
  console.log("HANDLE: " + $("handled").textContent);
  $("sigstop").checked = false;
  $("handlef").dispatchEvent(new w.Event("submit"));
  await until(() => $("handled").textContent.includes("nostop"), "handle set");
  console.log("HANDLED: " + $("handled").textContent);
  w.document.querySelector('[data-do="cont"]').click();
  await until(() => $("stopline").textContent.startsWith("watchpoint"), "the watchpoint's hit");
  await until(() => $("wps").textContent.includes("1 hits"), "the hit counted");
  console.log("WATCHHIT: " + $("stopline").textContent);
  [...$("wps").querySelectorAll("button")].find((b) => b.textContent === "disable").click();
  await until(() => [...$("wps").querySelectorAll("button")].some((b) => b.textContent === "enable"), "disable");
  w.document.querySelector('[data-do="cont"]').click();
  await until(() => $("stopline").textContent === "exited with code 0", "run to the end unwatched");
  console.log("UNWATCHED: " + $("stopline").textContent + " output=" + JSON.stringify($("output").textContent));
  w.document.querySelector('[data-do="close"]').click();
  await sleep(300);
  process.exit(0);
})().catch((e) => { console.error("FAIL", e.message); process.exit(1); });
