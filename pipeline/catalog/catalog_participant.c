/*
 * Fixing a participant after the fact: a home site or a private name set later, and a code
 * renamed with the refs of its photos (R04-01 becomes P04-01).
 *
 * Refs are stable forever: they are printed on consent sheets and booklets, shown in
 * galleries and written in archives. So a rename keeps the old code as an alias, recorded in
 * the meta table ("participant-renamed:r04" = "P04"), through which the old refs still name
 * the same photos (vox_catalog_photo()), and the old code is never given to another
 * participant: a sheet typed in with R04-01 on it can only ever reach the photo it was
 * printed for.
 */
#include <string.h>

#include <glib.h>

#include "catalog_int.h"
#include "vox/error.h"

#define ALIAS_PREFIX "participant-renamed:"

/* A photo's ref made from its participant's code (?2): "R04-01" for R04. */
#define OWN_REF "substr(ref, 1, length(?2) + 1) = ?2 || '-'"

/* The longest chain of renames followed (R04 -> P04 -> P4 ...); a loop cannot be made,
 * but a damaged catalog could hold one. */
#define MAX_RENAMES 64

static char *
alias_key(const char *code)
{
	g_autofree char *lo = g_ascii_strdown(code, -1);

	return g_strconcat(ALIAS_PREFIX, lo, NULL);
}

char *
vox_catalog_participant_renamed(vox_catalog *cat, const char *code)
{
	char *now = NULL;

	for (int i = 0; i < MAX_RENAMES; i++) {
		g_autofree char *key = alias_key(now ? now : code);
		char *next = vox_catalog_query_text(cat, "SELECT value FROM meta WHERE key = ?",
		    key);

		if (!next)
			break;
		g_free(now);
		now = next;
	}
	return now;
}

/* Runs one statement with up to three text parameters; 0 or -1. */
static int
exec3(vox_catalog *cat, const char *sql, const char *a, const char *b, const char *c,
    const char *what)
{
	sqlite3_stmt *st = vox_catalog_prepare(cat, sql);
	int r;

	if (!st)
		return -1;
	vox_catalog_bind_text(st, 1, a);
	if (b)
		vox_catalog_bind_text(st, 2, b);
	if (c)
		vox_catalog_bind_text(st, 3, c);
	r = vox_catalog_step(cat, st, what);
	sqlite3_finalize(st);
	return r;
}

int
vox_catalog_participant_set(vox_catalog *cat, const char *code, const char *site,
    const char *name)
{
	int64_t id;
	g_autofree char *idtext = NULL;
	g_autofree char *detail = NULL;

	if (name && *name && vox_catalog_check_utf8("name", name) != 0)
		return -1;
	if (!site && !name)
		return vox_error_k(VOX_ERR_USAGE, "catalog", "'%s': nothing to set (give --site "
		    "or --name)", code);
	if (vox_catalog_begin(cat) != 0)
		return -1;
	id = vox_catalog_lookup(cat, VOX_KIND_PARTICIPANT, code);
	if (id < 0)
		goto fail;
	idtext = g_strdup_printf("%" G_GINT64_FORMAT, id);
	if (site && vox_catalog_lookup(cat, VOX_KIND_SITE, site) < 0)
		goto fail;
	if (site && exec3(cat, "UPDATE participant SET site_id = (SELECT id FROM site WHERE "
	    "slug = ?1) WHERE id = CAST(?2 AS INTEGER)", site, idtext, NULL, "participant") != 0)
		goto fail;
	/* A name replaced or forgotten must leave the database files: a purge is owed, as
	 * when a participant withdraws (vox_catalog_participant_forget()). */
	if (name && (exec3(cat, "UPDATE participant SET name = NULLIF(?1, '') WHERE id = "
	    "CAST(?2 AS INTEGER)", name, idtext, NULL, "participant") != 0 ||
	    vox_catalog_owe_purge(cat) != 0))
		goto fail;
	/* The event names what was set, never the name itself (privacy rule 5). */
	detail = g_strdup_printf("participant %s%s%s%s", code, site ? " site " : "",
	    site ? site : "", name ? (*name ? " name set" : " name forgotten") : "");
	if (vox_catalog_event(cat, "participant", "set", NULL, detail) != 0)
		goto fail;
	return vox_catalog_commit(cat);
fail:
	vox_catalog_rollback(cat);
	return -1;
}

int
vox_catalog_participant_rename(vox_catalog *cat, const char *from, const char *to,
    GPtrArray *refs)
{
	sqlite3_stmt *st = NULL;
	g_autofree char *key_from = alias_key(from);
	g_autofree char *key_to = alias_key(to);
	g_autofree char *taken = NULL;
	g_autofree char *code = NULL;
	g_autofree char *idtext = NULL;
	g_autofree char *detail = NULL;
	int64_t id;
	int rc, same = g_ascii_strcasecmp(from, to) == 0;

	if (!vox_catalog_valid_slug(VOX_KIND_PARTICIPANT, to))
		return vox_error_k(VOX_ERR_USAGE, "catalog", "'%s': a participant code is "
		    "letters and digits (refs are CODE-NN)", to);
	if (vox_catalog_begin(cat) != 0)
		return -1;
	id = vox_catalog_lookup(cat, VOX_KIND_PARTICIPANT, from);
	if (id < 0)
		goto fail;
	idtext = g_strdup_printf("%" G_GINT64_FORMAT, id);
	code = vox_catalog_query_text(cat, "SELECT code FROM participant WHERE id = "
	    "CAST(?1 AS INTEGER)", idtext);
	if (!code) {
		vox_catalog_db_error(cat, "participant");
		goto fail;
	}
	if (!same) {
		g_autofree char *other = vox_catalog_query_text(cat, "SELECT code FROM participant "
		    "WHERE code = ?1 COLLATE NOCASE", to);

		if (other) {
			vox_error("catalog", "'%s': participant exists already", to);
			goto fail;
		}
		/* A code renamed away before still names its photos through its old refs: it
		 * can only come back to the participant it was renamed to. */
		taken = vox_catalog_participant_renamed(cat, to);
		if (taken && g_ascii_strcasecmp(taken, code) != 0) {
			vox_error("catalog", "'%s': was renamed to %s; its refs (%s-01 ...) still "
			    "name %s's photos, so the code is not given again", to, taken, to,
			    taken);
			goto fail;
		}
	}
	if (refs) {
		st = vox_catalog_prepare(cat, "SELECT ref, ?1 || substr(ref, length(?2) + 1) "
		    "FROM photo WHERE participant_id = CAST(?3 AS INTEGER) AND " OWN_REF
		    " ORDER BY seq");
		if (!st)
			goto fail;
		vox_catalog_bind_text(st, 1, to);
		vox_catalog_bind_text(st, 2, code);
		vox_catalog_bind_text(st, 3, idtext);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			g_ptr_array_add(refs, g_strdup_printf("%s\t%s",
			    (const char *)sqlite3_column_text(st, 0),
			    (const char *)sqlite3_column_text(st, 1)));
		sqlite3_finalize(st);
		st = NULL;
		if (rc != SQLITE_DONE) {
			vox_catalog_db_error(cat, "photo");
			goto fail;
		}
	}
	if (exec3(cat, "UPDATE participant SET code = ?1 WHERE id = CAST(?2 AS INTEGER)", to,
	    idtext, NULL, "participant") != 0)
		goto fail;
	/* Every photo of the participant, withdrawn ones too: their refs stay reserved. */
	if (exec3(cat, "UPDATE photo SET ref = ?1 || substr(ref, length(?2) + 1) WHERE "
	    "participant_id = CAST(?3 AS INTEGER) AND " OWN_REF, to, code, idtext, "photo") != 0)
		goto fail;
	if (!same) {
		/* The new code is no longer an alias (renamed back); the old one becomes one,
		 * and every alias that led to the old code now leads to the new one. */
		if (exec3(cat, "DELETE FROM meta WHERE key = ?1", key_to, NULL, NULL, "meta") != 0 ||
		    exec3(cat, "UPDATE meta SET value = ?1 WHERE key LIKE '" ALIAS_PREFIX "%' AND "
		    "value = ?2 COLLATE NOCASE", to, code, NULL, "meta") != 0 ||
		    exec3(cat, "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO "
		    "UPDATE SET value = excluded.value", key_from, to, NULL, "meta") != 0)
			goto fail;
	}
	detail = g_strdup_printf("participant %s -> %s (refs %s-NN -> %s-NN)", code, to, code,
	    to);
	if (vox_catalog_event(cat, "participant", "rename", NULL, detail) != 0)
		goto fail;
	return vox_catalog_commit(cat);
fail:
	sqlite3_finalize(st);
	vox_catalog_rollback(cat);
	return -1;
}
