/*
 * vox consent — records who may see photos: the audience, whether people in them agreed,
 * and the sensitive and minor flags.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "vox/catalog.h"
#include "vox/consent_sheet.h"
#include "vox/error.h"

#include "lib/cli.h"
#include "lib/outputs.h"

static const char usage[] =
    "usage: vox consent [-q] [-C DIR] [--audience LEVEL] [--people VALUE]\n"
    "                   [--sensitive on|off] [--minor on|off] [ID...]\n"
    "       vox consent [-q] [-C DIR] --from FILE\n";

/*
 * What changed between two states of one photo's consent, one line:
 * "R04-01: report → group, people unknown → consented"; "R04-01: unchanged (group)" when
 * nothing did. Newly allocated.
 */
static char *
change(const struct vox_photo *was, const struct vox_photo *now)
{
	GString *s = g_string_new(NULL);

	g_string_printf(s, "%s: ", now->ref);
	if (was->audience != now->audience)
		g_string_append_printf(s, "%s → %s, ", vox_audience_name(was->audience),
		    vox_audience_name(now->audience));
	if (was->people != now->people)
		g_string_append_printf(s, "people %s → %s, ", vox_people_name(was->people),
		    vox_people_name(now->people));
	if (was->sensitive != now->sensitive)
		g_string_append_printf(s, "sensitive %s, ", now->sensitive ? "on" : "off");
	if (was->minor != now->minor)
		g_string_append_printf(s, "minor %s, ", now->minor ? "on" : "off");
	if (g_str_has_suffix(s->str, ", "))
		g_string_truncate(s, s->len - 2);
	else
		g_string_append_printf(s, "unchanged (%s)", vox_audience_name(now->audience));
	return g_string_free(s, FALSE);
}

/* Every photo's consent by SHA-256, to say what a sheet changed. NULL on error. */
static GHashTable *
snapshot(vox_catalog *cat)
{
	GPtrArray *all = vox_catalog_select(cat, NULL);
	GHashTable *h;

	if (!all)
		return NULL;
	h = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
	    (GDestroyNotify)vox_photo_free);
	/* The photos move into the table: it frees them. */
	g_ptr_array_set_free_func(all, NULL);
	for (guint i = 0; i < all->len; i++) {
		struct vox_photo *p = all->pdata[i];

		g_hash_table_insert(h, p->sha256, p);
	}
	g_ptr_array_unref(all);
	return h;
}

/* The changes a sheet made, in the catalog's order, photos it left alone unsaid. */
static void
sheet_changes(vox_catalog *cat, GHashTable *before)
{
	GPtrArray *all = vox_catalog_select(cat, NULL);
	GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);

	for (guint i = 0; all && i < all->len; i++) {
		const struct vox_photo *now = all->pdata[i];
		const struct vox_photo *was = g_hash_table_lookup(before, now->sha256);

		if (was && (was->audience != now->audience || was->people != now->people ||
		    was->sensitive != now->sensitive || was->minor != now->minor))
			g_ptr_array_add(lines, change(was, now));
	}
	if (!all)
		vox_warn_error();
	else if (lines->len == 0)
		vox_note("no consent changed");
	vox_note_photos(lines, "photos changed");
	g_ptr_array_unref(lines);
	if (all)
		g_ptr_array_unref(all);
}

static int
onoff(const char *opt, const char *v)
{
	if (strcmp(v, "on") == 0 || strcmp(v, "yes") == 0)
		return 1;
	if (strcmp(v, "off") == 0 || strcmp(v, "no") == 0)
		return 0;
	vox_die(VOX_EXIT_USAGE, "'%s': --%s is on or off", v, opt);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "audience", required_argument, NULL, 'a' },
		{ "people", required_argument, NULL, 'p' },
		{ "sensitive", required_argument, NULL, 's' },
		{ "minor", required_argument, NULL, 'm' },
		{ "from", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dir = NULL, *from = NULL;
	int audience = -1, people = -1, sensitive = -1, minor = -1;
	int c, status = VOX_EXIT_OK;
	vox_catalog *cat;
	GPtrArray *ids, *changes;

	vox_cli_init("consent");
	while ((c = getopt_long(argc, argv, "C:hq", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 'h': fputs(usage, stdout); return VOX_EXIT_OK;
		case 'q': vox_cli_set_quiet(1); break;
		case 'a':
			audience = vox_audience_parse(optarg);
			if (audience == VOX_AUDIENCE_WITHDRAWN)
				vox_die(VOX_EXIT_USAGE, "'withdrawn': use vox withdraw, which also "
				    "deletes the photo");
			if (audience < 0)
				vox_die(VOX_EXIT_USAGE, "'%s': not an audience (private, group, "
				    "report, public)", optarg);
			break;
		case 'p':
			people = vox_people_parse(optarg);
			if (people < 0)
				vox_die(VOX_EXIT_USAGE, "'%s': people is none, consented, "
				    "unconsented or unknown", optarg);
			break;
		case 's': sensitive = onoff("sensitive", optarg); break;
		case 'm': minor = onoff("minor", optarg); break;
		case 'f': from = optarg; break;
		default: vox_usage(usage);
		}
	}
	if (!from && audience < 0 && people < 0 && sensitive < 0 && minor < 0)
		vox_usage(usage);
	if (from && (audience >= 0 || people >= 0 || sensitive >= 0 || minor >= 0 || optind < argc))
		vox_usage(usage);
	cat = vox_catalog_find(dir);
	if (!cat) {
		vox_warn_error();
		return VOX_EXIT_IO;
	}
	if (from) {
		/* The sheet typed in from a participant's booklet: all of it or none. */
		GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
		GHashTable *before = vox_cli_quiet() ? NULL : snapshot(cat);

		if (!vox_cli_quiet() && !before) {
			vox_warn_error();
			status = VOX_EXIT_IO;
		} else if (vox_consent_sheet_apply_file(cat, from, problems) < 0) {
			status = VOX_EXIT_REFUSED;
		} else {
			if (before)
				sheet_changes(cat, before);
			if (vox_cli_stale_outputs(cat, 0, NULL) < 0)
				status = VOX_EXIT_IO;
		}
		for (guint i = 0; i < problems->len; i++)
			vox_warn("%s", (char *)problems->pdata[i]);
		g_ptr_array_unref(problems);
		if (before)
			g_hash_table_unref(before);
		vox_catalog_close(cat);
		return vox_cli_finish(status);
	}
	ids = vox_cli_ids(argc - optind, argv + optind);
	changes = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < ids->len; i++) {
		struct vox_photo *p = vox_catalog_photo(cat, ids->pdata[i]);
		struct vox_photo *now = NULL;

		if (!p || vox_catalog_set_consent(cat, p->sha256, audience, people, sensitive,
		    minor) != 0) {
			vox_warn_error();
			status = VOX_EXIT_REFUSED;
		} else if (!(now = vox_catalog_photo(cat, p->sha256))) {
			vox_warn_error();
			status = VOX_EXIT_IO;
		} else {
			g_ptr_array_add(changes, change(p, now));
			if (vox_cli_stale_outputs(cat, p->rowid, NULL) < 0)
				status = VOX_EXIT_IO;
		}
		vox_photo_free(now);
		vox_photo_free(p);
	}
	vox_note_photos(changes, "photos changed");
	g_ptr_array_unref(changes);
	g_ptr_array_unref(ids);
	vox_catalog_close(cat);
	return vox_cli_finish(status);
}
