/*
 * The names that pages show instead of slugs, loaded once for a gallery or a booklet and
 * looked up by both the same way.
 */
#include <string.h>

#include <glib.h>

#include "vox/catalog.h"
#include "vox/html.h"

int
vox_catalog_names_load(vox_catalog *cat, struct vox_catalog_names *n)
{
	memset(n, 0, sizeof(*n));
	n->title = vox_catalog_title(cat);
	if (!n->title || !(n->pairs = vox_catalog_pairs(cat)) ||
	    !(n->sites = vox_catalog_sites(cat, NULL)) || !(n->themes = vox_catalog_themes(cat)) ||
	    !(n->prompts = vox_catalog_prompts(cat)) || !(n->lang = vox_catalog_lang(cat)) ||
	    !(n->lang_names = vox_catalog_lang_names(cat))) {
		vox_catalog_names_release(n);
		return -1;
	}
	return 0;
}

void
vox_catalog_names_release(struct vox_catalog_names *n)
{
	g_free(n->title);
	if (n->pairs)
		g_ptr_array_unref(n->pairs);
	if (n->sites)
		g_ptr_array_unref(n->sites);
	if (n->themes)
		g_ptr_array_unref(n->themes);
	if (n->prompts)
		g_ptr_array_unref(n->prompts);
	g_free(n->lang);
	if (n->lang_names)
		g_hash_table_unref(n->lang_names);
	memset(n, 0, sizeof(*n));
}

const struct vox_site *
vox_catalog_find_site(const struct vox_catalog_names *n, const char *slug)
{
	if (!n || !n->sites || !slug)
		return NULL;
	for (guint i = 0; i < n->sites->len; i++) {
		const struct vox_site *s = n->sites->pdata[i];

		if (s->slug && strcmp(s->slug, slug) == 0)
			return s;
	}
	return NULL;
}

const char *
vox_catalog_site_name(const struct vox_catalog_names *n, const char *slug)
{
	const struct vox_site *s = vox_catalog_find_site(n, slug);

	return s && s->name && *s->name ? s->name : slug;
}

const char *
vox_catalog_pair_name(const struct vox_catalog_names *n, const char *slug)
{
	if (!n || !n->pairs || !slug)
		return slug;
	for (guint i = 0; i < n->pairs->len; i++) {
		const struct vox_pair *p = n->pairs->pdata[i];

		if (p->slug && strcmp(p->slug, slug) == 0)
			return p->name && *p->name ? p->name : slug;
	}
	return slug;
}

const char *
vox_catalog_theme_name(const struct vox_catalog_names *n, const char *slug)
{
	if (!n || !n->themes || !slug)
		return slug;
	for (guint i = 0; i < n->themes->len; i++) {
		const struct vox_theme *t = n->themes->pdata[i];

		if (t->slug && strcmp(t->slug, slug) == 0)
			return t->name && *t->name ? t->name : slug;
	}
	return slug;
}

const char *
vox_catalog_question(const struct vox_catalog_names *n, const char *key)
{
	if (!n || !n->prompts || !key)
		return key;
	for (guint i = 0; i < n->prompts->len; i++) {
		const struct vox_prompt *q = n->prompts->pdata[i];

		if (q->key && g_ascii_strcasecmp(q->key, key) == 0)
			return q->question ? q->question : key;
	}
	return key;
}

const char *
vox_catalog_name_in(const struct vox_catalog_names *n, const char *kind, const char *key,
    const char *lang)
{
	g_autofree char *k = NULL;

	if (!n || !n->lang_names || !kind || !key || !lang)
		return NULL;
	k = g_strdup_printf("%s\037%s\037%s", kind, key, lang);
	return g_hash_table_lookup(n->lang_names, k);
}

const char *
vox_catalog_main_name(const struct vox_catalog_names *n, const char *kind, const char *slug)
{
	if (strcmp(kind, "pair") == 0)
		return vox_catalog_pair_name(n, slug);
	if (strcmp(kind, "prompt") == 0)
		return vox_catalog_question(n, slug);
	if (strcmp(kind, "site") == 0)
		return vox_catalog_site_name(n, slug);
	return vox_catalog_theme_name(n, slug);
}

char *
vox_catalog_name_html(const struct vox_catalog_names *n, const char *kind, const char *slug,
    const char *lang)
{
	const char *name = vox_catalog_name_in(n, kind, slug, lang);
	const char *ml = n && n->lang && vox_html_lang_ok(n->lang) ? n->lang : "en";
	GString *s;

	if (name)
		return vox_html_escape(name);
	name = vox_catalog_main_name(n, kind, slug);
	if (!name || strcmp(ml, lang) == 0 || strcmp(name, slug) == 0)
		return vox_html_escape(name);
	s = g_string_new(NULL);
	vox_html_printf(s, "<span lang=\"%s\">%s</span>", ml, name);
	return g_string_free(s, FALSE);
}
