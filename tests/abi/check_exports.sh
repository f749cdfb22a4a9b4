#!/bin/sh
# The plugin exports exactly its entry symbol: `nm -D --defined-only` lists nothing else
# (a version script, not only hidden visibility, keeps std:: template symbols out).
# usage: check_exports.sh NM READELF PLUGIN.so
set -eu
nm_tool=$1
readelf_tool=$2
plugin=$3
symbols=$("$nm_tool" -D --defined-only "$plugin" | awk '{print $NF}' | sort)
echo "defined dynamic symbols of $plugin:"
echo "$symbols" | sed 's/^/  /'
echo "needed libraries:"
"$readelf_tool" -d "$plugin" | awk '/NEEDED/ {print "  " $NF}'
if [ "$symbols" != "kcheck_plugin_entry" ]; then
  echo "FAIL: expected exactly kcheck_plugin_entry" >&2
  exit 1
fi
echo "OK"
