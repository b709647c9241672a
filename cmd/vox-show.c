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

/*
 * One photo's fields, label and value, printed together once every label is known so that
 * the values line up in one column however long the longest label ("translation title").
 */
struct row {
	char *label;
	char *value;
};

static void
row_free(void *data)
{
	struct row *r = data;

	g_free(r->label);
	g_free(r->value);
	g_free(r);
}

/* Adds a row, or nothing when the value is empty. */
static void
field(GPtrArray *rows, const char *label, const char *value)
{
	struct row *r;

	if (!value || !*value)
		return;
	r = g_new(struct row, 1);
	r->label = g_strdup(label);
	r->value = g_strdup(value);
	g_ptr_array_add(rows, r);
}

/*
 * "label   value", the labels padded to one column (counted in characters on screen, so
 * that a label in Welsh lines up too), each further line of a multi-line value indented
 * under the first; on a terminal, control and bidi-override characters are shown escaped
 * (vox_cli_text()).
 */
static void
print_rows(GPtrArray *rows)
{
	size_t width = 0;

	for (guint i = 0; i < rows->len; i++) {
		struct row *r = rows->pdata[i];
		size_t w = vox_cli_width(r->label);

		if (w > width)
			width = w;
	}
	width += 2;
	for (guint i = 0; i < rows->len; i++) {
		struct row *r = rows->pdata[i];
		g_autofree char *label = vox_cli_text(stdout, r->label, 0);
		g_autofree char *value = vox_cli_text(stdout, r->value, 1);
		const char *p;

		fputs(label, stdout);
		vox_cli_pad(stdout, vox_cli_width(label), width);
		for (p = value; *p; p++) {
			putchar(*p);
			if (*p == '\n' && p[1])
				vox_cli_pad(stdout, 0, width);
		}
		if (p[-1] != '\n')
			putchar('\n');
	}
}

static void
caption_fields(GPtrArray *rows, const struct vox_caption *c, GPtrArray *prompts,
    const char *prefix)
{
	char label[64];

	g_snprintf(label, sizeof(label), "%stitle", prefix);
	field(rows, label, c->title);
	g_snprintf(label, sizeof(label), "%slang", prefix);
	field(rows, label, c->lang);
	g_snprintf(label, sizeof(label), "%salt", prefix);
	field(rows, label, c->alt);
	for (guint i = 0; i < c->prompt_keys->len; i++) {
		const char *key = g_ptr_array_index(c->prompt_keys, i);
		const char *answer = g_ptr_array_index(c->prompt_answers, i);
		const char *question = NULL;

		for (guint j = 0; prompts && j < prompts->len; j++) {
			struct vox_prompt *pr = prompts->pdata[j];

			if (strcmp(pr->key, key) == 0)
				question = pr->question;
		}
		g_snprintf(label, sizeof(label), "%s%s", prefix, key);
		if (question && answer && *answer) {
			/* The question on the label's line, the answer under it. */
			g_autofree char *both = g_strdup_printf("%s\n%s", question, answer);

			field(rows, label, both);
		} else {
			field(rows, label, answer);
		}
	}
	g_snprintf(label, sizeof(label), "%sstory", prefix);
	field(rows, label, c->story);
}

static void
show(const struct vox_photo *p, GPtrArray *prompts)
{
	GPtrArray *rows = g_ptr_array_new_with_free_func(row_free);
	char *s;

	field(rows, "id", p->sha256);
	field(rows, "ref", p->ref);
	field(rows, "file", p->path);
	s = g_strdup_printf("%d x %d, orientation %d", p->width, p->height, p->orientation);
	field(rows, "size", s);
	g_free(s);
	field(rows, "pair", p->pair);
	if (p->site) {
		s = g_strdup_printf("%s (%s)", p->site, p->setting);
		field(rows, "site", s);
		g_free(s);
	}
	field(rows, "participant", p->participant);
	field(rows, "real name", p->participant_name);
	if (p->session) {
		s = p->session_date ? g_strdup_printf("%s (%s)", p->session, p->session_date) :
		    g_strdup(p->session);
		field(rows, "session", s);
		g_free(s);
	}
	s = g_strdup_printf("%s (%s)", vox_audience_name(p->audience),
	    vox_audience_phrase(p->audience));
	field(rows, "consent", s);
	g_free(s);
	field(rows, "people", vox_people_name(p->people));
	field(rows, "sensitive", p->sensitive ? "yes" : "no");
	field(rows, "minor", p->minor ? "yes (consent is the guardian's)" : "no");
	g_ptr_array_add(p->caption->themes, NULL);
	s = g_strjoinv(", ", (char **)p->caption->themes->pdata);
	g_ptr_array_remove_index(p->caption->themes, p->caption->themes->len - 1);
	field(rows, "themes", s);
	g_free(s);
	caption_fields(rows, p->caption, prompts, "");
	if (p->caption->translation)
		caption_fields(rows, p->caption->translation, prompts, "translation ");
	field(rows, "source", p->source_name);
	field(rows, "added", p->added);
	field(rows, "changed", p->changed);
	print_rows(rows);
	g_ptr_array_unref(rows);
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
