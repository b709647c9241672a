/*
 * vox outputs — lists the galleries, booklets and archives built from the collection, says
 * which still hold a photo since withdrawn, redacted or no longer consented, or its old
 * caption, and rebuilds those (privacy rule 9).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "vox/catalog.h"
#include "vox/consent.h"
#include "vox/error.h"
#include "vox/json.h"
#include "vox/outputs.h"

#include "lib/cli.h"

static const char usage[] =
    "usage: vox outputs [-q] [-C DIR] [--stale] [--json]\n"
    "       vox outputs [-nq] [-C DIR] --rebuild\n";

static void
print_json(const struct vox_output *o)
{
	GString *s = g_string_new(NULL);
	struct vox_json j;

	vox_json_init(&j, s, VOX_JSON_COMPACT);
	vox_json_object_begin(&j);
	vox_json_key_string(&j, "kind", vox_output_kind_name(o->kind));
	vox_json_key_string(&j, "path", o->path);
	vox_json_key_string(&j, "audience", vox_audience_name(o->audience));
	vox_json_key_string(&j, "built", o->built);
	vox_json_key_int(&j, "photos", o->photos);
	vox_json_key_string(&j, "state", vox_output_state_name(o->state));
	vox_json_key_string(&j, "reason", o->reason);
	vox_json_object_end(&j);
	vox_line("%s", s->str);
	g_string_free(s, TRUE);
}

/* kind, path, audience, built, photos, state and reason, tab-separated; a path is
 * anyone's words (a stick named by a participant), so it is one field a line, escaped on a
 * terminal. */
static void
print_line(const struct vox_output *o)
{
	g_autofree char *path = vox_cli_field(stdout, o->path);

	vox_line("%s\t%s\t%s\t%s\t%d\t%s%s%s", vox_output_kind_name(o->kind), path,
	    vox_audience_name(o->audience), o->built, o->photos,
	    vox_output_state_name(o->state), o->reason ? ": " : "", o->reason ? o->reason : "");
}

/* Rebuilds every stale output (with dry, only says it would); the exit status. */
static int
rebuild(vox_catalog *cat, GPtrArray *outs, int dry, int quiet)
{
	int status = VOX_EXIT_OK;
	guint done = 0;
	/* A booklet and its zip are built together: the second of them is done already. */
	g_autoptr(GHashTable) built = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    NULL);

	for (guint i = 0; i < outs->len; i++) {
		const struct vox_output *o = outs->pdata[i];
		GPtrArray *warnings;
		int n, left_out = 0;

		if (o->state != VOX_OUTPUT_STALE)
			continue;
		if (!dry && g_hash_table_contains(built, o->path)) {
			vox_line("rebuilt %s %s with its folder", vox_output_kind_name(o->kind),
			    o->path);
			done++;
			continue;
		}
		if (dry) {
			vox_line("would rebuild %s %s (%s)", vox_output_kind_name(o->kind), o->path,
			    o->reason);
			continue;
		}
		vox_progress("rebuilding %s '%s'", vox_output_kind_name(o->kind), o->path);
		warnings = g_ptr_array_new_with_free_func(g_free);
		n = vox_output_rebuild(cat, o, &left_out, warnings);
		vox_progress_done();
		vox_warn_photos(warnings, NULL);
		g_ptr_array_unref(warnings);
		if (n < 0) {
			vox_warn_error();
			vox_warn("'%s': not rebuilt; it still holds %s", o->path, o->reason);
			status = VOX_EXIT_REFUSED;
			continue;
		}
		vox_line("rebuilt %s %s: %d photo%s", vox_output_kind_name(o->kind), o->path, n,
		    n == 1 ? "" : "s");
		done++;
		/* Photos left out because their stored file is missing or changed: rebuilt,
		 * but not everything asked for, as vox gallery and vox archive say it. */
		if (left_out > 0)
			status = VOX_EXIT_REFUSED;
		if (o->kind == VOX_OUTPUT_BOOKLET) {
			g_hash_table_add(built, g_strconcat(o->path, ".zip", NULL));
			if (g_str_has_suffix(o->path, ".zip"))
				g_hash_table_add(built, g_strndup(o->path, strlen(o->path) - 4));
		}
	}
	if (!quiet && !dry)
		vox_warn("%u output%s rebuilt", done, done == 1 ? "" : "s");
	return status;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "rebuild", no_argument, NULL, 'r' },
		{ "stale", no_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dir = NULL;
	int c, dry = 0, json = 0, quiet = 0, rebuilding = 0, stale_only = 0;
	int status = VOX_EXIT_OK;
	vox_catalog *cat;
	GPtrArray *outs;

	vox_cli_init("outputs");
	while ((c = getopt_long(argc, argv, "C:hnq", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 'h': fputs(usage, stdout); return VOX_EXIT_OK;
		case 'j': json = 1; break;
		case 'n': dry = 1; break;
		case 'q': quiet = 1; vox_cli_set_quiet(1); break;
		case 'r': rebuilding = 1; break;
		case 's': stale_only = 1; break;
		default: vox_usage(usage);
		}
	}
	if (optind != argc || (dry && !rebuilding) || (rebuilding && (json || stale_only)))
		vox_usage(usage);
	/* Listing only reads: it works on a collection it cannot write. */
	cat = rebuilding && !dry ? vox_catalog_find(dir) : vox_catalog_find_read(dir);
	if (!cat) {
		vox_warn_error();
		return VOX_EXIT_IO;
	}
	outs = vox_catalog_outputs(cat, 0);
	if (!outs) {
		vox_warn_error();
		vox_catalog_close(cat);
		return VOX_EXIT_IO;
	}
	if (rebuilding) {
		status = rebuild(cat, outs, dry, quiet);
	} else {
		for (guint i = 0; i < outs->len; i++) {
			const struct vox_output *o = outs->pdata[i];

			if (stale_only && o->state != VOX_OUTPUT_STALE)
				continue;
			if (json)
				print_json(o);
			else
				print_line(o);
		}
	}
	g_ptr_array_unref(outs);
	vox_catalog_close(cat);
	return vox_cli_finish(status);
}
