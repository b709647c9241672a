/*
 * The deposit's files beside the photos (vox/deposit.h): what evaluators, data services
 * and analysis tools read. Every function works on photos already selected by consent.
 */
#include <string.h>

#include "vox/archive.h"
#include "vox/deposit.h"

/* Appends ",cell". */
static void
next_cell(GString *s, const char *text)
{
	g_string_append_c(s, ',');
	vox_csv_cell(s, text);
}

char *
vox_deposit_prompt_label(const char *key)
{
	char *label = g_strdup(key ? key : "");

	for (char *c = label; *c; c++)
		if (*c == '-' || *c == '_')
			*c = ' ';
	if (g_ascii_islower(label[0]))
		label[0] = g_ascii_toupper(label[0]);
	return label;
}

void
vox_deposit_captions_head(GString *s, const struct vox_catalog_names *n)
{
	next_cell(s, "pair_name");
	next_cell(s, "site_name");
	next_cell(s, "theme_names");
	for (guint i = 0; n->themes && i < n->themes->len; i++) {
		g_autofree char *h = g_strconcat("theme_",
		    ((struct vox_theme *)n->themes->pdata[i])->slug, NULL);

		next_cell(s, h);
	}
	for (guint i = 0; n->prompts && i < n->prompts->len; i++) {
		g_autofree char *h = vox_deposit_prompt_label(
		    ((struct vox_prompt *)n->prompts->pdata[i])->key);

		next_cell(s, h);
	}
}

static int
has_theme(const struct vox_photo *p, const char *slug)
{
	for (guint i = 0; i < p->caption->themes->len; i++)
		if (strcmp(p->caption->themes->pdata[i], slug) == 0)
			return 1;
	return 0;
}

void
vox_deposit_captions_row(GString *s, const struct vox_catalog_names *n,
    const struct vox_photo *p)
{
	GString *names = g_string_new(NULL);

	next_cell(s, p->pair ? vox_catalog_pair_name(n, p->pair) : NULL);
	next_cell(s, p->site ? vox_catalog_site_name(n, p->site) : NULL);
	for (guint i = 0; i < p->caption->themes->len; i++)
		g_string_append_printf(names, "%s%s", i ? "; " : "",
		    vox_catalog_theme_name(n, p->caption->themes->pdata[i]));
	next_cell(s, names->str);
	g_string_free(names, TRUE);
	for (guint i = 0; n->themes && i < n->themes->len; i++)
		next_cell(s, has_theme(p, ((struct vox_theme *)n->themes->pdata[i])->slug) ?
		    "1" : "0");
	for (guint i = 0; n->prompts && i < n->prompts->len; i++)
		next_cell(s, vox_caption_prompt(p->caption,
		    ((struct vox_prompt *)n->prompts->pdata[i])->key));
}

GString *
vox_deposit_themes_csv(GPtrArray *photos, const struct vox_catalog_names *n)
{
	GString *s = g_string_new("\xef\xbb\xbf");

	vox_csv_cell(s, "ref");
	next_cell(s, "theme");
	next_cell(s, "theme_name");
	g_string_append(s, "\r\n");
	for (guint i = 0; i < photos->len; i++) {
		const struct vox_photo *p = photos->pdata[i];

		for (guint k = 0; k < p->caption->themes->len; k++) {
			const char *t = p->caption->themes->pdata[k];

			vox_csv_cell(s, p->ref);
			next_cell(s, t);
			next_cell(s, vox_catalog_theme_name(n, t));
			g_string_append(s, "\r\n");
		}
	}
	return s;
}
