#!/bin/sh
# Compare dbgd's syscall text with strace's for programs of the system that no test
# runs (scripts/strace_compare.py on each): one summary line per process, and with
# -v the lines that differ. DBGD_BUILD_DIR names the build to use.
#   DBGD_BUILD_DIR=build scripts/strace-sweep.sh [-v] [NAME...]
here=$(dirname "$0")
v=
[ "$1" = -v ] && { v=-v; shift; }
files='mkdir d && echo hello > d/a && echo there > d/b && printf "b\na\nc\n" > f'
server='import socket, select, os
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
c = socket.socket(); c.connect(s.getsockname())
a, _ = s.accept()
c.sendall(b"ping")
select.select([a], [], [], 5)
p = select.poll(); p.register(a, select.POLLIN); p.poll(1000)
print(a.recv(10)); a.close(); c.close(); s.close()'
threads='import threading, asyncio, socket
t = [threading.Thread(target=sum, args=([1, 2],)) for _ in range(2)]
[x.start() for x in t]; [x.join() for x in t]
a, b = socket.socketpair(); a.send(b"x"); print(b.recv(1))
async def m():
    await asyncio.sleep(0.01)
asyncio.run(m())'
repo='git init -q r && cd r && git config user.email a@b && git config user.name a && echo x > f && git add f && GIT_AUTHOR_DATE=2020-01-01T00:00:00Z GIT_COMMITTER_DATE=2020-01-01T00:00:00Z git commit -qm m'
run() {
        name=$1; shift
        [ $# -gt 0 ] || return
        if [ -n "$only" ] && ! echo " $only " | grep -q " $name "; then return; fi
        python3 "$here/strace_compare.py" $v --setup "$files" -- "$@" 2>&1 |
                sed "s|^|$name: |"
}
only="$*"
run tar-c tar cf a.tar d
run tar-t sh -c 'tar cf a.tar d && exec tar tvf a.tar'
run sed-i sed -i s/a/x/ f
run grep-r grep -r hello .
run mawk mawk '{ print $1 }' f
run perl perl -e 'print 1 + 1, "\n"'
run ps ps
run cp-a cp -a d e
run mv mv f g
run ln-s ln -s f l
run touch touch f
run chmod chmod 600 f
run mktemp mktemp -p .
run xargs xargs echo
run env env true
run tee tee g
run sha256sum sha256sum f
run base64 base64 f
run od od -c f
run dd dd if=f of=g
run sort sort --parallel=2 f
run python3 python3 -c "$server"
run bash bash -c 'echo a | cat | wc -l'
run timeout timeout 1 sleep 5
# the third sweep's programs
run find find . -name a
run du du -a
run ls-lR ls -lR
run stat stat f d
run id id
run date date -d @0 -u
run git-status sh -c "$repo && exec git status --short"
run git-log sh -c "$repo && exec git log --oneline"
run gzip gzip -k f
run gunzip sh -c 'gzip f && exec gunzip f.gz'
run diff diff d/a d/b
run cmp cmp d/a d/b
run grep-rn grep -rn there d
run install install -m 644 f g
run split split -l 1 f
run shuf shuf -i 1-3 --random-source=f
run nproc nproc
run uname uname -a
[ -x /usr/sbin/ip ] && run ip /usr/sbin/ip addr
run py-threads /usr/bin/python3 -c "$threads"
run sleep sleep 0.01
# the fourth sweep's (sysdecode6: priorities, namespaces, rlimits, clocks, ...)
run nice nice -n 5 true
run unshare unshare -n true
run getconf getconf -a
run df df
run top top -b -n 1
# (the program runs in a directory of its own: its path made absolute)
fx=$(cd "${DBGD_BUILD_DIR:-build}" 2>/dev/null && pwd)/fixtures/sysdecode3
[ -x "$fx" ] && run sysdecode3 "$fx"
