/*
 * vox show — everything the catalog keeps about photos, private fields included, for the
 * facilitator's eyes.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "vox/catalog.h"
#include "vox/error.h"

#include "lib/cli.h"

static const char usage[] =
    "usage: vox show [-q] [-C DIR] [--json] [ID...]\n";

/* "label       value", continuation lines of a multi-line value indented under it; on a
 * terminal, control and bidi-override characters are shown escaped (vox_cli_text()). */
static void
field(const char *label, const char *value)
{
	g_autofree char *shown = NULL;
	const char *p;

	if (!value || !*value)
		return;
	shown = vox_cli_text(stdout, value, 1);
	value = shown;
	printf("%-13s", label);
	for (p = value; *p; p++) {
		putchar(*p);
		if (*p == '\n' && p[1])
			printf("%-13s", "");
	}
	if (p[-1] != '\n')
		putchar('\n');
}

static void
caption_fields(const struct vox_caption *c, GPtrArray *prompts, const char *prefix)
{
	char label[64];

	g_snprintf(label, sizeof(label), "%stitle", prefix);
	field(label, c->title);
	g_snprintf(label, sizeof(label), "%slang", prefix);
	field(label, c->lang);
	g_snprintf(label, sizeof(label), "%salt", prefix);
	field(label, c->alt);
	for (guint i = 0; i < c->prompt_keys->len; i++) {
		const char *key = g_ptr_array_index(c->prompt_keys, i);
		const char *question = NULL;

		for (guint j = 0; prompts && j < prompts->len; j++) {
			struct vox_prompt *pr = prompts->pdata[j];

			if (strcmp(pr->key, key) == 0)
				question = pr->question;
		}
		g_snprintf(label, sizeof(label), "%s%s", prefix, key);
		if (question) {
			g_autofree char *q = vox_cli_text(stdout, question, 0);

			printf("%-13s%s\n%-13s", label, q, "");
		} else {
			printf("%-13s", label);
		}
		field("", g_ptr_array_index(c->prompt_answers, i));
	}
	g_snprintf(label, sizeof(label), "%sstory", prefix);
	field(label, c->story);
}

static void
show(const struct vox_photo *p, GPtrArray *prompts)
{
	char *s;

	field("id", p->sha256);
	field("ref", p->ref);
	field("file", p->path);
	s = g_strdup_printf("%d x %d, orientation %d", p->width, p->height, p->orientation);
	field("size", s);
	g_free(s);
	field("pair", p->pair);
	if (p->site) {
		s = g_strdup_printf("%s (%s)", p->site, p->setting);
		field("site", s);
		g_free(s);
	}
	field("participant", p->participant);
	field("real name", p->participant_name);
	if (p->session) {
		s = p->session_date ? g_strdup_printf("%s (%s)", p->session, p->session_date) :
		    g_strdup(p->session);
		field("session", s);
		g_free(s);
	}
	s = g_strdup_printf("%s (%s)", vox_audience_name(p->audience),
	    vox_audience_phrase(p->audience));
	field("consent", s);
	g_free(s);
	field("people", vox_people_name(p->people));
	field("sensitive", p->sensitive ? "yes" : "no");
	field("minor", p->minor ? "yes (consent is the guardian's)" : "no");
	g_ptr_array_add(p->caption->themes, NULL);
	s = g_strjoinv(", ", (char **)p->caption->themes->pdata);
	g_ptr_array_remove_index(p->caption->themes, p->caption->themes->len - 1);
	field("themes", s);
	g_free(s);
	caption_fields(p->caption, prompts, "");
	if (p->caption->translation)
		caption_fields(p->caption->translation, prompts, "translation ");
	field("source", p->source_name);
	field("added", p->added);
	field("changed", p->changed);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dir = NULL;
	vox_catalog *cat;
	GPtrArray *ids, *prompts;
	int c, json = 0, status = VOX_EXIT_OK, shown = 0;

	vox_cli_init("show");
	while ((c = getopt_long(argc, argv, "C:hq", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 'h': fputs(usage, stdout); return VOX_EXIT_OK;
		case 'j': json = 1; break;
		case 'q': vox_cli_set_quiet(1); break;
		default: vox_usage(usage);
		}
	}
	cat = vox_catalog_find_read(dir);
	if (!cat) {
		vox_warn_error();
		return VOX_EXIT_IO;
	}
	prompts = vox_catalog_prompts(cat);
	ids = vox_cli_ids(argc - optind, argv + optind);
	for (guint i = 0; i < ids->len; i++) {
		struct vox_photo *p = vox_catalog_photo(cat, ids->pdata[i]);

		if (!p) {
			vox_warn_error();
			status = VOX_EXIT_REFUSED;
			continue;
		}
		if (json) {
			char *j = vox_photo_json(p, VOX_JSON_WITH_PRIVATE);

			puts(j);
			g_free(j);
		} else {
			if (shown++)
				putchar('\n');
			show(p, prompts);
		}
		vox_photo_free(p);
	}
	g_ptr_array_unref(ids);
	if (prompts)
		g_ptr_array_unref(prompts);
	vox_catalog_close(cat);
	return vox_cli_finish(status);
}
