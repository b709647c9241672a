/*
 * add / ls / rm / rename for pairs, sites, participants, sessions and themes; set for the
 * names and covers of pairs, sites and themes. A pair's, site's or theme's --name may be
 * given again per language: --name "Food and growing" --name cy="Bwyd a thyfu".
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "vox/catalog.h"
#include "vox/error.h"
#include "vox/json.h"

#include "cli.h"
#include "named.h"

enum { OPT_JSON = 256, OPT_NAME, OPT_PAIR, OPT_SETTING, OPT_SITE, OPT_DATE, OPT_MINOR,
	OPT_COVER };

#define MAX_LANG_NAMES 8

struct opts {
	const char *dir, *name, *pair, *setting, *site, *date, *cover;
	int json, minor;
	/* --name LANG=NAME: a name in another language (pairs, sites, themes). */
	const char *lang[MAX_LANG_NAMES], *lang_name[MAX_LANG_NAMES];
	int nlang;
};

/* Takes --name's value: "LANG=NAME" when it starts with a language tag and '=', else the
 * main name. */
static void
name_opt(struct opts *o, const char *v)
{
	const char *eq = strchr(v, '=');

	if (eq && eq > v && eq - v <= 35) {
		g_autofree char *tag = g_strndup(v, (gsize)(eq - v));

		if (vox_catalog_lang_valid(tag)) {
			if (o->nlang == MAX_LANG_NAMES)
				vox_die(VOX_EXIT_USAGE, "at most %d names in other languages",
				    MAX_LANG_NAMES);
			o->lang[o->nlang] = g_intern_string(tag);
			o->lang_name[o->nlang++] = eq + 1;
			return;
		}
	}
	o->name = v;
}

/* Records the names in other languages, and the main name or cover a set gives; a name in
 * the collection's main language is its main name. Returns 0 or -1 (error recorded). */
static int
set_names(vox_catalog *cat, enum vox_kind kind, const char *slug, const struct opts *o,
    int main_name)
{
	g_autofree char *main_lang = vox_catalog_lang(cat);
	const char *k = vox_kind_name(kind);

	if (main_name && o->name && vox_catalog_set_name(cat, kind, slug, o->name) != 0)
		return -1;
	for (int i = 0; i < o->nlang; i++) {
		if (strcmp(o->lang[i], main_lang) == 0 ?
		    vox_catalog_set_name(cat, kind, slug, o->lang_name[i]) :
		    vox_catalog_name_set(cat, k, slug, o->lang[i], o->lang_name[i]))
			return -1;
	}
	if (o->cover && vox_catalog_set_cover(cat, kind, slug, o->cover) != 0)
		return -1;
	return 0;
}

/* Prints one record: tab-separated fields, or a JSON object of keys and values. */
static void
record(int json, const char *const *keys, const char *const *vals, int n)
{
	GString *s = g_string_new(NULL);

	if (json) {
		struct vox_json j;

		vox_json_init(&j, s, VOX_JSON_COMPACT);
		vox_json_object_begin(&j);
		for (int i = 0; i < n; i++) {
			if (strcmp(keys[i], "minor") == 0)
				vox_json_key_bool(&j, keys[i], vals[i] && strcmp(vals[i], "1") == 0);
			else
				vox_json_key_string(&j, keys[i], vals[i]);
		}
		vox_json_object_end(&j);
	} else {
		/* One record a line: a tab or newline in a name must not split it; on a
		 * terminal, control and bidi characters are shown escaped (vox_line()). */
		for (int i = 0; i < n; i++) {
			g_autofree char *v = vox_cli_field(stdout, vals[i]);

			if (i)
				g_string_append_c(s, '\t');
			g_string_append(s, v);
		}
	}
	vox_line("%s", s->str);
	g_string_free(s, TRUE);
}

static int
list(vox_catalog *cat, enum vox_kind kind, const struct opts *o)
{
	GPtrArray *a = NULL;

	switch (kind) {
	case VOX_KIND_PAIR:
		a = vox_catalog_pairs(cat);
		break;
	case VOX_KIND_SITE:
		a = vox_catalog_sites(cat, o->pair);
		break;
	case VOX_KIND_PARTICIPANT:
		a = vox_catalog_participants(cat);
		break;
	case VOX_KIND_SESSION:
		a = vox_catalog_sessions(cat);
		break;
	case VOX_KIND_THEME:
		a = vox_catalog_themes(cat);
		break;
	}
	if (!a) {
		vox_warn_error();
		return VOX_EXIT_IO;
	}
	for (guint i = 0; i < a->len; i++) {
		void *x = a->pdata[i];

		switch (kind) {
		case VOX_KIND_PAIR: {
			struct vox_pair *p = x;
			const char *k[] = { "slug", "name" }, *v[] = { p->slug, p->name };

			record(o->json, k, v, 2);
			break;
		}
		case VOX_KIND_SITE: {
			struct vox_site *s = x;
			const char *k[] = { "slug", "pair", "setting", "name" };
			const char *v[] = { s->slug, s->pair, s->setting, s->name };

			record(o->json, k, v, 4);
			break;
		}
		case VOX_KIND_PARTICIPANT: {
			/* The private name is left out (privacy rule 5). */
			struct vox_participant *p = x;
			const char *k[] = { "code", "site", "minor" };
			const char *v[] = { p->code, p->site, p->minor ? "1" : "0" };

			record(o->json, k, v, 3);
			break;
		}
		case VOX_KIND_SESSION: {
			struct vox_session *s = x;
			const char *k[] = { "slug", "site", "date" };
			const char *v[] = { s->slug, s->site, s->date };

			record(o->json, k, v, 3);
			break;
		}
		case VOX_KIND_THEME: {
			struct vox_theme *t = x;
			const char *k[] = { "slug", "name" }, *v[] = { t->slug, t->name };

			record(o->json, k, v, 2);
			break;
		}
		}
	}
	g_ptr_array_unref(a);
	return VOX_EXIT_OK;
}

static int
add(vox_catalog *cat, enum vox_kind kind, const char *slug, const struct opts *o)
{
	int r = -1;

	switch (kind) {
	case VOX_KIND_PAIR:
		r = vox_catalog_pair_add(cat, slug, o->name);
		break;
	case VOX_KIND_SITE:
		r = vox_catalog_site_add(cat, slug, o->name, o->pair, o->setting);
		break;
	case VOX_KIND_PARTICIPANT:
		r = vox_catalog_participant_add(cat, slug, o->site, o->name, o->minor);
		break;
	case VOX_KIND_SESSION:
		r = vox_catalog_session_add(cat, slug, o->site, o->date);
		break;
	case VOX_KIND_THEME:
		r = vox_catalog_theme_add(cat, slug, o->name);
		break;
	}
	return r;
}

int
vox_named_main(enum vox_kind kind, const char *usage, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "name", required_argument, NULL, OPT_NAME },
		{ "pair", required_argument, NULL, OPT_PAIR },
		{ "setting", required_argument, NULL, OPT_SETTING },
		{ "site", required_argument, NULL, OPT_SITE },
		{ "date", required_argument, NULL, OPT_DATE },
		{ "minor", no_argument, NULL, OPT_MINOR },
		{ "cover", required_argument, NULL, OPT_COVER },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o = { 0 };
	vox_catalog *cat = NULL;
	const char *verb;
	int c, status = VOX_EXIT_OK, nargs;

	vox_cli_init(vox_kind_name(kind));
	while ((c = getopt_long(argc, argv, "C:hq", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': o.dir = optarg; break;
		case 'h': fputs(usage, stdout); return VOX_EXIT_OK;
		case 'q': vox_cli_set_quiet(1); break;
		case OPT_JSON: o.json = 1; break;
		case OPT_NAME: name_opt(&o, optarg); break;
		case OPT_COVER: o.cover = optarg; break;
		case OPT_PAIR: o.pair = optarg; break;
		case OPT_SETTING: o.setting = optarg; break;
		case OPT_SITE: o.site = optarg; break;
		case OPT_DATE: o.date = optarg; break;
		case OPT_MINOR: o.minor = 1; break;
		default: vox_usage(usage);
		}
	}
	argc -= optind;
	argv += optind;
	verb = argc > 0 ? argv[0] : "ls";
	nargs = argc > 0 ? argc - 1 : 0;
	/* Names per language: pairs, sites and themes; a cover: pairs and sites (set). */
	if ((o.nlang > 0 && kind != VOX_KIND_PAIR && kind != VOX_KIND_SITE &&
	    kind != VOX_KIND_THEME) || (o.cover && strcmp(verb, "set") != 0) ||
	    (o.nlang > 0 && strcmp(verb, "ls") == 0))
		vox_usage(usage);
	/* Options that only some verbs and kinds take are usage errors elsewhere. */
	if (strcmp(verb, "set") == 0 && (kind == VOX_KIND_PAIR || kind == VOX_KIND_SITE ||
	    kind == VOX_KIND_THEME)) {
		if (nargs != 1 || o.json || o.pair || o.setting || o.site || o.date || o.minor ||
		    (o.cover && kind == VOX_KIND_THEME) || (!o.name && !o.nlang && !o.cover))
			vox_usage(usage);
	} else if (strcmp(verb, "ls") == 0) {
		if (nargs != 0 || o.name || o.setting || o.site || o.date || o.minor ||
		    (o.pair && kind != VOX_KIND_SITE))
			vox_usage(usage);
	} else if (strcmp(verb, "add") == 0) {
		int ok_pair = kind == VOX_KIND_SITE;
		int ok_site = kind == VOX_KIND_PARTICIPANT || kind == VOX_KIND_SESSION;

		if (nargs != 1 || o.json || (o.pair && !ok_pair) || (o.setting && !ok_pair) ||
		    (o.site && !ok_site) || (o.date && kind != VOX_KIND_SESSION) ||
		    (o.minor && kind != VOX_KIND_PARTICIPANT) ||
		    (o.name && kind == VOX_KIND_SESSION))
			vox_usage(usage);
		if (kind == VOX_KIND_SITE && (!o.pair || !o.setting))
			vox_usage(usage);
	} else if (strcmp(verb, "rm") == 0) {
		if (nargs < 1 || o.json || o.name || o.pair || o.setting || o.site || o.date ||
		    o.minor)
			vox_usage(usage);
	} else if (strcmp(verb, "rename") == 0) {
		if (nargs != 2 || o.json || o.pair || o.setting || o.site || o.date ||
		    o.minor || (o.name && kind != VOX_KIND_PAIR && kind != VOX_KIND_SITE &&
		    kind != VOX_KIND_THEME))
			vox_usage(usage);
	} else {
		vox_warn("'%s': not a command (add, ls, rm, rename%s)", verb,
		    kind == VOX_KIND_PAIR || kind == VOX_KIND_SITE || kind == VOX_KIND_THEME ?
		    ", set" : "");
		vox_usage(usage);
	}
	cat = strcmp(verb, "ls") == 0 ? vox_catalog_find_read(o.dir) : vox_catalog_find(o.dir);
	if (!cat) {
		vox_warn_error();
		return VOX_EXIT_IO;
	}
	if (strcmp(verb, "ls") == 0) {
		status = list(cat, kind, &o);
	} else if (strcmp(verb, "add") == 0) {
		if (add(cat, kind, argv[1], &o) != 0 || set_names(cat, kind, argv[1], &o, 0) != 0) {
			vox_warn_error();
			status = VOX_EXIT_REFUSED;
		} else {
			vox_note("added %s '%s'", vox_kind_name(kind), argv[1]);
		}
	} else if (strcmp(verb, "set") == 0) {
		if (set_names(cat, kind, argv[1], &o, 1) != 0) {
			vox_warn_error();
			status = vox_error_kind() == VOX_ERR_NOT_FOUND ? VOX_EXIT_REFUSED :
			    vox_cli_exit_status(vox_error_kind());
		}
	} else if (strcmp(verb, "rm") == 0) {
		for (int i = 1; i < argc; i++) {
			if (vox_catalog_remove(cat, kind, argv[i]) != 0) {
				vox_warn_error();
				status = VOX_EXIT_REFUSED;
			} else {
				vox_note("removed %s '%s'", vox_kind_name(kind), argv[i]);
			}
		}
	} else {
		if (vox_catalog_rename(cat, kind, argv[1], argv[2]) != 0 ||
		    set_names(cat, kind, argv[2], &o, 1) != 0) {
			vox_warn_error();
			status = VOX_EXIT_REFUSED;
		} else {
			vox_note("renamed %s '%s' to '%s'", vox_kind_name(kind), argv[1], argv[2]);
		}
	}
	vox_catalog_close(cat);
	return vox_cli_finish(status);
}
