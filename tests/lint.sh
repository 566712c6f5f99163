#!/bin/sh
# lint.sh SRCDIR — keep the layering honest (STYLE.md):
#  - ptrace( is called only in daemon/ptrace.c,
#  - MHD_ (libmicrohttpd) appears only in daemon/http.c,
#  - protocol/ never includes daemon/ headers.
set -u
src=${1:-.}
cd "$src" || exit 2
fail=0

bad=$(grep -n '\(^\|[^_[:alnum:]]\)ptrace(' daemon/*.c daemon/*.h 2>/dev/null | grep -v '^daemon/ptrace\.[ch]:' |
      grep -v '^[^:]*:[0-9]*:[[:space:]]*\(/\*\|\*\|//\)')
if [ -n "$bad" ]; then
        echo "lint: ptrace( outside daemon/ptrace.c:"; echo "$bad"; fail=1
fi

bad=$(grep -n 'MHD_\|microhttpd\.h' daemon/*.c daemon/*.h 2>/dev/null |
      grep -v '^daemon/http\.[ch]:' |
      grep -v '^[^:]*:[0-9]*:[[:space:]]*\(/\*\|\*\|//\)')
if [ -n "$bad" ]; then
        echo "lint: MHD_ outside daemon/http.c:"; echo "$bad"; fail=1
fi

bad=$(grep -n '#[[:space:]]*include[[:space:]]*["<]\(\.\./\)*daemon/' protocol/*.c protocol/*.h 2>/dev/null)
if [ -z "$bad" ] && ls daemon/*.h >/dev/null 2>&1; then
        for h in daemon/*.h; do
                b=$(basename "$h")
                [ -e "protocol/$b" ] && continue  # a protocol header of the same name
                hit=$(grep -n "#[[:space:]]*include[[:space:]]*\"$b\"" protocol/*.c protocol/*.h 2>/dev/null)
                [ -n "$hit" ] && bad="$bad$hit
"
        done
fi
if [ -n "$bad" ]; then
        echo "lint: protocol/ includes daemon headers:"; echo "$bad"; fail=1
fi

[ $fail -eq 0 ] && echo "lint: ok"
exit $fail
