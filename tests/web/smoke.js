// The page in a browser-like DOM (jsdom) against the real daemon, driven as a user does:
// spawn, break at a line, continue, read the stack, variables and code, print, next,
// run to the next syscall and its exit, trace the syscalls to the end. Run by tests/integration/test_web.py where node and jsdom are
// (tests/web/node_modules: `npm install jsdom` there).
//   node smoke.js BASE_URL TOKEN PATH_OF_FIXTURE_vars PATH_OF_FIXTURE_loop
const { JSDOM } = require("jsdom");
const base = process.argv[2], token = process.argv[3], prog = process.argv[4];
const loop = process.argv[5];
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
  $("where").value = "vars.c:44";
  $("breakf").dispatchEvent(new w.Event("submit"));
  await until(() => $("bps").textContent.includes("vars.c:44"), "break");
  w.document.querySelector('[data-do="cont"]').click();
  await until(() => $("stopline").textContent.startsWith("breakpoint"), "cont");
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
  await sleep(300);
  process.exit(0);
})().catch((e) => { console.error("FAIL", e.message); process.exit(1); });
