/*
 * vox todo — what still needs doing before the next output, by participant and session,
 * each thing with the command that fixes it.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "vox/catalog.h"
#include "vox/error.h"
#include "vox/json.h"
#include "vox/todo.h"

#include "lib/cli.h"
#include "lib/filter.h"

static const char usage[] =
    "usage: vox todo [-q] [-C DIR] [--json] [--pair PAIR] [--site SITE]\n"
    "                [--participant CODE] [--session SESSION]\n";

enum { OPT_JSON = 256, OPT_PAIR, OPT_SITE, OPT_PARTICIPANT, OPT_SESSION };

static void
print_json(const struct vox_todo *t)
{
	GString *s = g_string_new(NULL);
	struct vox_json j;

	vox_json_init(&j, s, VOX_JSON_COMPACT);
	vox_json_object_begin(&j);
	vox_json_key_string(&j, "kind", vox_todo_kind_name(t->kind));
	if (t->output) {
		vox_json_key_string(&j, "output", t->output);
	} else {
		vox_json_key_string(&j, "participant", t->participant);
		vox_json_key_string(&j, "session", t->session);
		vox_json_key_string(&j, "ref", t->ref);
		vox_json_key_string(&j, "id", t->sha256);
	}
	vox_json_key_string(&j, "what", t->what);
	vox_json_key_string(&j, "fix", t->fix);
	vox_json_object_end(&j);
	puts(s->str);
	g_string_free(s, TRUE);
}

/* The heading of a participant's photos of one session. */
static char *
heading(const struct vox_todo *t)
{
	if (t->output)
		return g_strdup("Outputs");
	return t->session ? g_strdup_printf("%s, session %s", t->participant, t->session) :
	    g_strdup_printf("%s, no session", t->participant);
}

/*
 * The list under a heading for each participant and session, then the outputs: the ref
 * (or output) and what is missing padded to one column each, counted in characters on
 * screen, then the command that fixes it.
 */
static void
print_text(GPtrArray *list)
{
	/* Photos and outputs are columns of their own: a path is much wider than a ref. */
	size_t wsubject[2] = { 0, 0 }, wwhat[2] = { 0, 0 };
	g_autofree char *last = NULL;

	for (guint i = 0; i < list->len; i++) {
		const struct vox_todo *t = list->pdata[i];
		g_autofree char *subject = vox_cli_text(stdout, t->output ? t->output : t->ref, 0);
		int k = t->output != NULL;

		wsubject[k] = MAX(wsubject[k], vox_cli_width(subject));
		wwhat[k] = MAX(wwhat[k], vox_cli_width(t->what));
	}
	for (guint i = 0; i < list->len; i++) {
		const struct vox_todo *t = list->pdata[i];
		g_autofree char *h = heading(t);
		g_autofree char *subject = vox_cli_text(stdout, t->output ? t->output : t->ref, 0);
		g_autofree char *what = vox_cli_text(stdout, t->what, 0);
		g_autofree char *fix = vox_cli_text(stdout, t->fix, 0);
		int k = t->output != NULL;

		if (!last || strcmp(last, h) != 0) {
			g_autofree char *shown = vox_cli_text(stdout, h, 0);

			printf("%s%s\n", last ? "\n" : "", shown);
			g_free(last);
			last = g_steal_pointer(&h);
		}
		fputs("  ", stdout);
		fputs(subject, stdout);
		vox_cli_pad(stdout, vox_cli_width(subject), wsubject[k] + 2);
		fputs(what, stdout);
		vox_cli_pad(stdout, vox_cli_width(what), wwhat[k] + 2);
		puts(fix);
	}
}

/* "12 things to do for 5 photos, 1 stale output", or that there is nothing to do. */
static void
summary(GPtrArray *list)
{
	GHashTable *photos = g_hash_table_new(g_str_hash, g_str_equal);
	guint stale = 0;

	for (guint i = 0; i < list->len; i++) {
		const struct vox_todo *t = list->pdata[i];

		if (t->sha256)
			g_hash_table_add(photos, t->sha256);
		else
			stale++;
	}
	if (list->len == 0)
		vox_note("nothing to do before the next output");
	else
		vox_note("%u thing%s to do: %u photo%s, %u stale output%s", list->len,
		    list->len == 1 ? "" : "s", g_hash_table_size(photos),
		    g_hash_table_size(photos) == 1 ? "" : "s", stale, stale == 1 ? "" : "s");
	g_hash_table_unref(photos);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "pair", required_argument, NULL, OPT_PAIR },
		{ "site", required_argument, NULL, OPT_SITE },
		{ "participant", required_argument, NULL, OPT_PARTICIPANT },
		{ "session", required_argument, NULL, OPT_SESSION },
		{ NULL, 0, NULL, 0 },
	};
	struct vox_filter f = VOX_FILTER_INIT;
	const char *dir = NULL;
	vox_catalog *cat;
	GPtrArray *list;
	int c, json = 0;

	vox_cli_init("todo");
	while ((c = getopt_long(argc, argv, "C:hq", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 'h': fputs(usage, stdout); return VOX_EXIT_OK;
		case 'q': vox_cli_set_quiet(1); break;
		case OPT_JSON: json = 1; break;
		case OPT_PAIR: f.pair = optarg; break;
		case OPT_SITE: f.site = optarg; break;
		case OPT_PARTICIPANT: f.participant = optarg; break;
		case OPT_SESSION: f.session = optarg; break;
		default: vox_usage(usage);
		}
	}
	if (optind != argc)
		vox_usage(usage);
	cat = vox_catalog_find_read(dir);
	if (!cat) {
		vox_warn_error();
		return VOX_EXIT_IO;
	}
	/* Outputs hold photos of every participant: listed when nothing narrows the list. */
	list = vox_todo_list(cat, &f, !f.pair && !f.site && !f.participant && !f.session);
	if (!list) {
		int status = vox_cli_filter_failed();

		vox_catalog_close(cat);
		return status;
	}
	if (json) {
		for (guint i = 0; i < list->len; i++)
			print_json(list->pdata[i]);
	} else {
		print_text(list);
	}
	summary(list);
	g_ptr_array_unref(list);
	vox_catalog_close(cat);
	return vox_cli_finish(VOX_EXIT_OK);
}
