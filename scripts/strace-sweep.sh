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
