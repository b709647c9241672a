#!/bin/sh
# vox init creates a collection: vox.db (WAL, schema version), store/, cache/, default
# themes and the SHOWeD prompts; it refuses to overwrite an existing one.
. tests/cli/lib.sh
plan 9
ok "vox init makes a collection in a new folder" vox init "$T/c" --title "Cornwall photovoice"
check "the collection holds vox.db, store/tmp and cache" \
	"[ -f '$T/c/vox.db' ] && [ -d '$T/c/store/tmp' ] && [ -d '$T/c/cache' ]"
check "vox.db is in WAL mode" "[ \"\$(sqlite3 '$T/c/vox.db' 'PRAGMA journal_mode')\" = wal ]"
check "vox.db has a schema version" "[ \"\$(sqlite3 '$T/c/vox.db' 'PRAGMA user_version')\" -ge 1 ]"
check "the title is kept" "sqlite3 '$T/c/vox.db' \"SELECT value FROM meta WHERE key='title'\" | grep -qx 'Cornwall photovoice'"
check "the SHOWeD prompts come by default" \
	"[ \"\$(vox prompts -C '$T/c' | cut -f1 | tr '\n' ' ')\" = 'see happening our-lives why do ' ]"
check "default themes include feeling-welcome" "vox theme -C '$T/c' ls | cut -f1 | grep -qx feeling-welcome"
status "an existing collection is refused" 1 vox init "$T/c"
mkdir "$T/d"
check "vox init with no folder uses the current one" "cd '$T/d' && vox init && [ -f vox.db ]"
done_testing
