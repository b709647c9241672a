/*
 * vox review: the participant's own booklet. One HTML file holds the whole booklet so
 * that printing it gives a cover, one page per photo and the consent sheet; the sheet is
 * also written alone. Every interface word comes from the ui table (vox/ui.h) so a Welsh
 * booklet says what the English one says; captions keep their own language.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <vips/vips.h>

#include "vox/audio.h"
#include "vox/catalog.h"
#include "vox/consent.h"
#include "vox/derive.h"
#include "vox/error.h"
#include "vox/file.h"
#include "vox/html.h"
#include "vox/json.h"
#include "vox/outputs.h"
#include "vox/pictogram.h"
#include "vox/review.h"
#include "vox/store.h"
#include "vox/ui.h"

#define DEFAULT_SIZE 960

static const char booklet_css[] =
    "/* A participant's booklet: large, plain, high-contrast; one photo per printed page. */\n"
    ":root { color: #111; background: #fff; }\n"
    "html { font-size: 125%; }\n"
    "body { font-family: Verdana, \"DejaVu Sans\", Arial, sans-serif; line-height: 1.6;\n"
    "  margin: 0 auto; max-width: 42em; padding: 1rem; }\n"
    "a { color: #0b4a8b; text-decoration: underline; }\n"
    "a:focus, a:hover { outline: 3px solid #111; outline-offset: 2px; background: #ffe066;\n"
    "  color: #111; }\n"
    "main:focus { outline: none; }\n"
    "h1 { font-size: 2rem; line-height: 1.25; }\n"
    "h2 { font-size: 1.6rem; line-height: 1.3; margin-top: 0; }\n"
    "h3 { font-size: 1.2rem; margin: 1.2em 0 0.3em; }\n"
    "p, dd, li { max-width: 36em; }\n"
    ".project { font-weight: bold; }\n"
    ".count { font-weight: bold; margin-bottom: 0.2em; }\n"
    ".cover, .photo, .sheet { border-top: 4px solid #111; padding-top: 1rem;\n"
    "  margin-top: 2rem; }\n"
    ".cover { border-top: none; margin-top: 0; }\n"
    "figure { margin: 0 0 1rem; }\n"
    "figure img { display: block; max-width: 100%; height: auto; border: 1px solid #555; }\n"
    ".consent { border: 3px solid #111; padding: 0.5rem 1rem; }\n"
    ".consent p { margin: 0.3em 0; }\n"
    ".withdrawn-note { font-weight: bold; }\n"
    "dl { margin: 0; }\n"
    "dt { font-weight: bold; margin-top: 0.6em; }\n"
    "dd { margin: 0 0 0 1em; }\n"
    ".story p { margin: 0 0 0.8em; }\n"
    ".translation { border-left: 4px solid #555; padding-left: 1rem; }\n"
    "table { border-collapse: collapse; width: 100%; }\n"
    "caption { text-align: left; font-weight: bold; padding-bottom: 0.5em; }\n"
    "th, td { border: 2px solid #111; padding: 0.4em; vertical-align: middle; }\n"
    "thead th { font-size: 0.85rem; text-align: center; }\n"
    "tbody td { text-align: center; }\n"
    "tbody th { text-align: left; font-weight: normal; width: 30%; }\n"
    "tbody th img { float: left; margin-right: 0.5em; }\n"
    ".ref { font-weight: bold; }\n"
    ".now { display: block; font-size: 0.85rem; }\n"
    ".tick { display: inline-block; width: 1.5em; height: 1.5em; border: 3px solid #111;\n"
    "  background: #fff; }\n"
    ".sign { margin-top: 1.5rem; }\n"
    ".sign .line { display: inline-block; width: 14em; max-width: 60%; height: 1.2em;\n"
    "  border-bottom: 2px solid #111; vertical-align: bottom; }\n"
    ".table-wrap { overflow-x: auto; }\n"
    ".table-wrap:focus { outline: 3px solid #111; }\n"
    ".back { margin-top: 1.5rem; }\n"
    "@page { size: A4 portrait; margin: 12mm 14mm; }\n"
    "@page sheet { size: A4 landscape; margin: 10mm 12mm; }\n"
    "@media print {\n"
    "  html { font-size: 12.5pt; }\n"
    "  body { max-width: none; padding: 0; line-height: 1.35; }\n"
    "  a { color: #111; text-decoration: none; }\n"
    "  .back, .go-sheet { display: none; }\n"
    "  .table-wrap { overflow: visible; }\n"
    "  .cover, .photo, .sheet { border-top: none; margin-top: 0; padding-top: 0; }\n"
    "  .cover, .photo { break-after: page; }\n"
    "  .sheet { page: sheet; break-before: page; }\n"
    "  h1 { font-size: 22pt; margin: 0 0 4mm; }\n"
    "  h2 { font-size: 17pt; margin: 0 0 3mm; }\n"
    "  h3 { font-size: 12.5pt; margin: 3mm 0 1mm; }\n"
    "  p { margin: 0 0 2mm; }\n"
    "  .story p { margin: 0 0 2mm; }\n"
    "  .top { display: flex; gap: 6mm; align-items: flex-start; }\n"
    "  .top figure { flex: 0 0 auto; max-width: 58%; margin: 0; }\n"
    "  .top .consent { flex: 1 1 auto; }\n"
    "  figure img { max-height: 95mm; width: auto; }\n"
    "  .photo figure, .consent, tr, .sign { break-inside: avoid; }\n"
    "  dl { display: grid; grid-template-columns: max-content 1fr; column-gap: 4mm;\n"
    "    row-gap: 1mm; font-size: 11pt; }\n"
    "  dt { margin: 0; }\n"
    "  dd { margin: 0; }\n"
    "  .contents { columns: 2; }\n"
    "  .sheet p { margin: 0 0 1mm; }\n"
    "  thead th { font-size: 10pt; }\n"
    "  tbody th img { width: auto; height: 14mm; }\n"
    "  .sign { display: flex; gap: 10mm; margin-top: 4mm; }\n"
    "}\n";

/*
 * Easy Read, over the rules above (vox review's default): printed text of 16 pt at least,
 * a pictogram beside each consent choice, lots of white space; on the consent sheet one
 * photo per row, 40 mm wide, and tick boxes of 10 mm.
 */
static const char easy_css[] =
    "/* Easy Read: large print, a picture beside each choice, room to tick. */\n"
    ".pict { width: 2.6rem; height: 2.6rem; flex: 0 0 auto; vertical-align: middle; }\n"
    ".choice { display: flex; align-items: center; gap: 0.6em; }\n"
    "thead th .pict { display: block; margin: 0 auto 0.3em; }\n"
    "thead th { font-size: 1rem; }\n"
    ".now { font-size: 1rem; }\n"
    ".cover-photo { margin: 1rem 0; }\n"
    ".cover-photo img { max-width: 100%; height: auto; }\n"
    ".tick { width: 2.2em; height: 2.2em; }\n"
    "@page sheet { size: A4 landscape; margin: 10mm 10mm; }\n"
    "@media print {\n"
    "  html { font-size: 16pt; }\n"
    "  body { line-height: 1.3; }\n"
    "  h1 { font-size: 24pt; margin: 0 0 3mm; }\n"
    "  h2 { font-size: 20pt; margin: 0 0 2mm; }\n"
    "  h3 { font-size: 17pt; margin: 2mm 0 1mm; }\n"
    "  p { margin: 0 0 1.5mm; }\n"
    "  dl { font-size: 16pt; }\n"
    "  thead th { font-size: 16pt; line-height: 1.1; hyphens: auto; }\n"
    "  .now { font-size: 16pt; }\n"
    "  .pict { width: 11mm; height: 11mm; }\n"
    "  .consent { padding: 1mm 3mm; }\n"
    "  figure img { max-height: 62mm; }\n"
    "  .top { flex-direction: row; gap: 5mm; }\n"
    "  .top figure { max-width: 50%; }\n"
    "  .cover-photo { margin: 2mm 0; }\n"
    "  .cover-photo img { max-height: 45mm; width: auto; }\n"
    "  .contents { columns: 2; }\n"
    "  .sheet p { margin: 0 0 1mm; }\n"
    "  table { table-layout: fixed; }\n"
    "  thead th:first-child, tbody th { width: 78mm; }\n"
    "  th, td { padding: 1mm; }\n"
    "  tbody th img { float: left; width: 40mm; height: auto; max-height: none;\n"
    "    margin: 0 3mm 0 0; }\n"
    "  tbody tr { height: 31mm; }\n"
    "  .tick { width: 10mm; height: 10mm; border-width: 1mm; }\n"
    "  .sign { margin-top: 2mm; }\n"
    "}\n";

GPtrArray *
vox_review_photos(vox_catalog *cat, const char *code)
{
	return vox_catalog_participant_all_photos(cat, code);
}

/* What the pages need beyond the photos: the names of sites, themes and prompts, the
 * participant. Built once per booklet. */
struct ctx {
	const char *lang;
	char *lang_own;       /* lang when it is the collection's (no ui_lang given) */
	struct vox_catalog_names names;
	struct vox_participant *who;
	GPtrArray *participants;
	int max_size;
	int easy;             /* Easy Read (not --format standard) */
	vox_catalog *cat;  /* for the photos' voice stories */
};

static void
ctx_release(struct ctx *c)
{
	vox_catalog_names_release(&c->names);
	g_free(c->lang_own);
	if (c->participants)
		g_ptr_array_unref(c->participants);
}

/* The booklet's language when none is given: the first of the collection's interface
 * languages that the booklet has words in (Welsh first in "cy+en"), else English. */
static char *
collection_lang(vox_catalog *cat)
{
	g_autofree char *langs = vox_catalog_ui_langs(cat);
	g_auto(GStrv) l = g_strsplit(langs ? langs : "", "+", -1);

	for (guint i = 0; l[i]; i++)
		if (vox_ui_lang_valid(l[i]))
			return g_strdup(l[i]);
	return g_strdup("en");
}

static int
ctx_init(struct ctx *c, vox_catalog *cat, const char *code, const struct vox_review_options *o)
{
	memset(c, 0, sizeof(*c));
	c->cat = cat;
	if (o && o->ui_lang)
		c->lang = o->ui_lang;
	else
		c->lang = c->lang_own = collection_lang(cat);
	if (!vox_ui_lang_valid(c->lang))
		return vox_error("review", "'%s': no booklet words in this language (en, cy)",
		    c->lang);
	c->max_size = o && o->max_size > 0 ? o->max_size : DEFAULT_SIZE;
	c->easy = !(o && o->standard);
	if (vox_catalog_names_load(cat, &c->names) != 0 ||
	    !(c->participants = vox_catalog_participants(cat)))
		goto fail;
	for (guint i = 0; i < c->participants->len; i++) {
		struct vox_participant *pa = g_ptr_array_index(c->participants, i);

		if (g_ascii_strcasecmp(pa->code, code) == 0)
			c->who = pa;
	}
	if (!c->who) {
		vox_catalog_lookup(cat, VOX_KIND_PARTICIPANT, code);
		goto fail;
	}
	return 0;
fail:
	ctx_release(c);
	return -1;
}

/* A site's or theme's name as markup: in the booklet's language when the collection gives
 * one, else the main name marked with its language. Newly allocated. */
static char *
name_html(const struct ctx *c, const char *kind, const char *slug)
{
	return vox_catalog_name_html(&c->names, kind, slug, c->lang);
}

/* The question in the booklet's language given by the collection, else the booklet's own
 * words for the prompts it knows, else the collection's question. */
static const char *
prompt_question(const struct ctx *c, const char *key)
{
	const char *q = vox_catalog_name_in(&c->names, "prompt", key, c->lang);

	if (q)
		return q;
	q = vox_ui_prompt(c->lang, key);

	return q ? q : vox_catalog_question(&c->names, key);
}

/* A caption's language for lang=""; English when the caption does not say. */
static const char *
caption_lang(const struct vox_caption *cap)
{
	return cap && cap->lang && vox_html_lang_ok(cap->lang) ? cap->lang : "en";
}

static const char *
ui(const struct ctx *c, enum vox_ui_msg id)
{
	return vox_ui(c->lang, id);
}

/* The displayed size of photo p resized to fit max x max, never enlarged. */
static void
scaled_size(const struct vox_photo *p, int max, int *w, int *h)
{
	*w = p->width;
	*h = p->height;
	if (*w <= 0 || *h <= 0) {
		*w = *h = 0;
		return;
	}
	if (*w > max || *h > max) {
		if (*w >= *h) {
			*h = (int)((double)*h * max / *w + 0.5);
			*w = max;
		} else {
			*w = (int)((double)*w * max / *h + 0.5);
			*h = max;
		}
		if (*w < 1)
			*w = 1;
		if (*h < 1)
			*h = 1;
	}
}

static void
img_tag(GString *out, const struct ctx *c, const struct vox_photo *p, const char *alt,
    const char *alt_lang, int thumb)
{
	int w, h;

	scaled_size(p, c->max_size, &w, &h);
	vox_html_printf(out, "<img src=\"img/%s.jpg\" alt=\"%s\"", p->ref, alt ? alt : "");
	if (alt_lang && alt && *alt && strcmp(alt_lang, c->lang) != 0)
		vox_html_printf(out, " lang=\"%s\"", alt_lang);
	if (thumb && w > 0) {
		/* The sheet's small copy: the same file, shown 80 pixels high. */
		int tw = (int)((double)w * 80 / h + 0.5);

		vox_html_printf(out, " width=\"%d\" height=\"80\"", tw > 0 ? tw : 1);
	} else if (w > 0) {
		vox_html_printf(out, " width=\"%d\" height=\"%d\"", w, h);
	}
	g_string_append(out, ">");
}

/* A consent choice's pictogram, in Easy Read only. */
static void
pict(GString *out, const struct ctx *c, enum vox_pict which)
{
	if (c->easy)
		vox_pict(out, which);
}

static enum vox_ui_msg
consent_msg(enum vox_audience a)
{
	switch (a) {
	case VOX_AUDIENCE_WITHDRAWN:
		return VOX_UI_CONSENT_WITHDRAWN;
	case VOX_AUDIENCE_PRIVATE:
		return VOX_UI_CONSENT_PRIVATE;
	case VOX_AUDIENCE_GROUP:
		return VOX_UI_CONSENT_GROUP;
	case VOX_AUDIENCE_REPORT:
		return VOX_UI_CONSENT_REPORT;
	case VOX_AUDIENCE_PUBLIC:
		return VOX_UI_CONSENT_PUBLIC;
	}
	return VOX_UI_CONSENT_PRIVATE;
}

static enum vox_ui_msg
column_msg(enum vox_audience a)
{
	switch (a) {
	case VOX_AUDIENCE_GROUP:
		return VOX_UI_COL_GROUP;
	case VOX_AUDIENCE_REPORT:
		return VOX_UI_COL_REPORT;
	case VOX_AUDIENCE_PUBLIC:
		return VOX_UI_COL_PUBLIC;
	default:
		return VOX_UI_COL_PRIVATE;
	}
}

static enum vox_ui_msg
people_msg(enum vox_people p)
{
	switch (p) {
	case VOX_PEOPLE_NONE:
		return VOX_UI_PEOPLE_NONE;
	case VOX_PEOPLE_CONSENTED:
		return VOX_UI_PEOPLE_CONSENTED;
	case VOX_PEOPLE_UNCONSENTED:
		return VOX_UI_PEOPLE_UNCONSENTED;
	default:
		return VOX_UI_PEOPLE_UNKNOWN;
	}
}

static void
dl_item(GString *out, const char *term, const char *value)
{
	vox_html_printf(out, "<dt>%s</dt><dd>%s</dd>\n", term, value);
}

/* A site's name as a definition: term, then the name as name_html() marks it. */
static void
dl_site(GString *out, const struct ctx *c, const char *term, const char *slug)
{
	g_autofree char *name = name_html(c, "site", slug);

	vox_html_printf(out, "<dt>%s</dt><dd>", term);
	g_string_append(out, name);
	g_string_append(out, "</dd>\n");
}

/* The prompt answers of a caption as a definition list, answers in their language. */
static void
answers(GString *out, const struct ctx *c, const struct vox_caption *cap)
{
	const char *lang = caption_lang(cap);

	g_string_append(out, "<dl>\n");
	for (guint i = 0; i < cap->prompt_keys->len; i++) {
		const char *a = g_ptr_array_index(cap->prompt_answers, i);

		if (!a || !*a)
			continue;
		vox_html_printf(out, "<dt>%s</dt>",
		    prompt_question(c, g_ptr_array_index(cap->prompt_keys, i)));
		vox_html_printf(out, "<dd lang=\"%s\">%s</dd>\n", lang, a);
	}
	g_string_append(out, "</dl>\n");
}

static int
has_answers(const struct vox_caption *cap)
{
	for (guint i = 0; i < cap->prompt_answers->len; i++) {
		const char *a = g_ptr_array_index(cap->prompt_answers, i);

		if (a && *a)
			return 1;
	}
	return 0;
}

static void
language_line(GString *out, const struct ctx *c, const char *tag)
{
	const char *name = vox_ui_lang_name(c->lang, tag);
	g_autofree char *s = vox_ui_format(c->lang, VOX_UI_LANGUAGE, name ? name : tag, NULL);

	vox_html_printf(out, "<p>%s</p>\n", s);
}

static void
consent_box(GString *out, const struct ctx *c, const struct vox_photo *p)
{
	vox_html_printf(out, "<div class=\"consent\">\n<h3>%s</h3>\n",
	    ui(c, VOX_UI_WHO_CAN_SEE));
	g_string_append(out, c->easy ? "<p class=\"choice\">" : "<p>");
	pict(out, c, vox_pict_audience(p->audience));
	vox_html_printf(out, "<span>%s</span></p>\n", ui(c, consent_msg(p->audience)));
	g_string_append(out, c->easy && p->people == VOX_PEOPLE_CONSENTED ?
	    "<p class=\"choice\">" : "<p>");
	if (p->people == VOX_PEOPLE_CONSENTED)
		pict(out, c, VOX_PICT_PEOPLE_YES);
	vox_html_printf(out, "<span>%s</span></p>\n", ui(c, people_msg(p->people)));
	if (p->audience >= VOX_AUDIENCE_REPORT && p->people != VOX_PEOPLE_NONE &&
	    p->people != VOX_PEOPLE_CONSENTED)
		vox_html_printf(out, "<p>%s</p>\n", ui(c, VOX_UI_PEOPLE_LIMIT));
	if (p->sensitive)
		vox_html_printf(out, "<p>%s</p>\n", ui(c, VOX_UI_SENSITIVE));
	g_string_append(out, "</div>\n");
}

/* The participant's own voice story: that they recorded one, how long, and what it says. */
static void
story_recorded(GString *out, const struct ctx *c, const struct vox_photo *p)
{
	g_autoptr(vox_audio) a = NULL;
	g_autofree char *len = NULL, *said = NULL;
	const struct vox_caption *cap = p->caption;

	if (!c->cat || vox_catalog_audio(c->cat, p->rowid, &a) <= 0) {
		vox_error_clear();
		return;
	}
	len = vox_ui_length(c->lang, a->duration_ms);
	said = vox_ui_format(c->lang, VOX_UI_RECORDED, len, NULL);
	vox_html_printf(out, "<p class=\"recorded\">%s</p>\n", said);
	if (cap->transcript && *cap->transcript) {
		vox_html_printf(out, "<h3>%s</h3>\n<div class=\"story transcript\" lang=\"%s\">\n",
		    ui(c, VOX_UI_WHAT_YOU_SAID), caption_lang(cap));
		vox_html_paragraphs(out, cap->transcript);
		g_string_append(out, "</div>\n");
	} else {
		vox_html_printf(out, "<p>%s</p>\n", ui(c, VOX_UI_NOT_WRITTEN_DOWN));
	}
}

static void
photo_section(GString *out, const struct ctx *c, const struct vox_photo *p, int n, int total)
{
	const struct vox_caption *cap = p->caption;
	const char *lang = caption_lang(cap);
	g_autofree char *count = NULL, *n_s = g_strdup_printf("%d", n);
	g_autofree char *total_s = g_strdup_printf("%d", total);
	g_autofree char *missing_alt = NULL, *day = NULL, *added = NULL;

	count = vox_ui_format(c->lang, VOX_UI_PHOTO_N_OF, n_s, total_s);
	vox_html_printf(out, "<section class=\"photo\" id=\"photo-%s\" "
	    "aria-labelledby=\"title-%s\">\n", p->ref, p->ref);
	vox_html_printf(out, "<p class=\"count\">%s</p>\n", count);
	if (cap->title && *cap->title)
		vox_html_printf(out, "<h2 id=\"title-%s\"><span lang=\"%s\">%s</span></h2>\n",
		    p->ref, lang, cap->title);
	else
		vox_html_printf(out, "<h2 id=\"title-%s\">%s</h2>\n", p->ref,
		    ui(c, VOX_UI_NO_TITLE));
	missing_alt = vox_ui_format(c->lang, VOX_UI_IMAGE_ALT_MISSING, p->ref, NULL);
	g_string_append(out, "<div class=\"top\">\n<figure>\n");
	if (cap->alt && *cap->alt)
		img_tag(out, c, p, cap->alt, lang, 0);
	else
		img_tag(out, c, p, missing_alt, NULL, 0);
	g_string_append(out, "\n</figure>\n");
	consent_box(out, c, p);
	g_string_append(out, "</div>\n");

	vox_html_printf(out, "<h3>%s</h3>\n", ui(c, VOX_UI_STORY));
	if (cap->story && *cap->story) {
		vox_html_printf(out, "<div class=\"story\" lang=\"%s\">\n", lang);
		vox_html_paragraphs(out, cap->story);
		g_string_append(out, "</div>\n");
	} else {
		vox_html_printf(out, "<p>%s</p>\n", ui(c, VOX_UI_NO_STORY));
	}
	story_recorded(out, c, p);
	vox_html_printf(out, "<h3>%s</h3>\n", ui(c, VOX_UI_ALT));
	if (cap->alt && *cap->alt)
		vox_html_printf(out, "<p lang=\"%s\">%s</p>\n", lang, cap->alt);
	else
		vox_html_printf(out, "<p>%s</p>\n", ui(c, VOX_UI_NOT_WRITTEN));
	if (cap->lang)
		language_line(out, c, cap->lang);
	if (has_answers(cap)) {
		vox_html_printf(out, "<h3>%s</h3>\n", ui(c, VOX_UI_ANSWERS));
		answers(out, c, cap);
	}
	if (cap->translation) {
		const struct vox_caption *tr = cap->translation;
		const char *tl = caption_lang(tr);
		const char *name = vox_ui_lang_name(c->lang, tl);
		g_autofree char *h = vox_ui_format(c->lang, VOX_UI_TRANSLATION, name ? name : tl,
		    NULL);

		vox_html_printf(out, "<h3>%s</h3>\n<div class=\"translation\" lang=\"%s\">\n", h,
		    tl);
		if (tr->title && *tr->title)
			vox_html_printf(out, "<p><strong>%s</strong></p>\n", tr->title);
		if (tr->story && *tr->story) {
			g_string_append(out, "<div class=\"story\">\n");
			vox_html_paragraphs(out, tr->story);
			g_string_append(out, "</div>\n");
		}
		if (tr->alt && *tr->alt)
			vox_html_printf(out, "<p>%s</p>\n", tr->alt);
		if (tr->transcript && *tr->transcript) {
			g_string_append(out, "<div class=\"story transcript\">\n");
			vox_html_paragraphs(out, tr->transcript);
			g_string_append(out, "</div>\n");
		}
		g_string_append(out, "</div>\n");
		if (has_answers(tr)) {
			/* The questions are the booklet's; the answers keep their language. */
			answers(out, c, tr);
		}
	}

	g_string_append(out, "<h3 class=\"details\">");
	vox_html_text(out, ui(c, VOX_UI_DETAILS));
	g_string_append(out, "</h3>\n<dl>\n");
	dl_item(out, ui(c, VOX_UI_PHOTO_CODE), p->ref);
	vox_html_printf(out, "<dt>%s</dt><dd>", ui(c, VOX_UI_THEMES));
	if (cap->themes->len == 0) {
		vox_html_text(out, ui(c, VOX_UI_NONE_YET));
	} else {
		for (guint i = 0; i < cap->themes->len; i++) {
			if (i)
				g_string_append(out, ", ");
			g_autofree char *t = name_html(c, "theme",
			    g_ptr_array_index(cap->themes, i));

			g_string_append(out, t);
		}
	}
	g_string_append(out, "</dd>\n");
	if (p->site)
		dl_site(out, c, ui(c, VOX_UI_PLACE), p->site);
	if (p->session) {
		day = p->session_date ? vox_ui_date(c->lang, p->session_date) : g_strdup(p->session);
		dl_item(out, ui(c, VOX_UI_WORKSHOP_DAY), day);
	}
	if (p->source_name)
		dl_item(out, ui(c, VOX_UI_FILE_NAME), p->source_name);
	if (p->added) {
		added = vox_ui_date(c->lang, p->added);
		dl_item(out, ui(c, VOX_UI_ADDED), added);
	}
	g_string_append(out, "</dl>\n");
	vox_html_printf(out, "<p class=\"back\"><a href=\"#main\">%s</a></p>\n",
	    ui(c, VOX_UI_BACK_TO_START));
	g_string_append(out, "</section>\n");
}

static void
tick(GString *out, const struct ctx *c)
{
	/* A printed square to tick with a pen, not a form control. */
	vox_html_printf(out, "<td><span class=\"tick\" role=\"img\" aria-label=\"%s\"></span>"
	    "</td>", ui(c, VOX_UI_TICK_BOX));
}

static void
sheet_section(GString *out, const struct ctx *c, GPtrArray *photos)
{
	static const enum vox_audience audiences[] = { VOX_AUDIENCE_PRIVATE,
		VOX_AUDIENCE_GROUP, VOX_AUDIENCE_REPORT, VOX_AUDIENCE_PUBLIC };
	g_autofree char *for_s = vox_ui_format(c->lang, VOX_UI_BOOKLET_FOR, c->who->code, NULL);
	int rows = 0;

	vox_html_printf(out, "<section class=\"sheet\" id=\"sheet\" aria-labelledby=\"sheet-h\">"
	    "\n<h2 id=\"sheet-h\">%s</h2>\n", ui(c, VOX_UI_SHEET_TITLE));
	vox_html_printf(out, "<p>%s</p>\n", for_s);
	vox_html_printf(out, "<p>%s</p>\n", ui(c, VOX_UI_SHEET_HOW_AUDIENCE));
	vox_html_printf(out, "<p>%s</p>\n", ui(c, VOX_UI_SHEET_HOW_PEOPLE));
	vox_html_printf(out, "<p>%s</p>\n", ui(c, VOX_UI_SHEET_HOW_WITHDRAW));
	/* On a narrow screen the table scrolls inside its own region, which the keyboard can
	 * reach, rather than the whole page scrolling sideways. */
	g_string_append(out, "<div class=\"table-wrap\" role=\"region\" "
	    "aria-labelledby=\"sheet-caption\" tabindex=\"0\">\n");
	vox_html_printf(out, "<table>\n<caption id=\"sheet-caption\">%s</caption>\n<thead><tr>"
	    "<th scope=\"col\">%s</th>", ui(c, VOX_UI_SHEET_QUESTION), ui(c, VOX_UI_COL_PHOTO));
	for (size_t i = 0; i < G_N_ELEMENTS(audiences); i++) {
		g_string_append(out, "<th scope=\"col\">");
		pict(out, c, vox_pict_audience(audiences[i]));
		vox_html_printf(out, "%s</th>", ui(c, column_msg(audiences[i])));
	}
	g_string_append(out, "<th scope=\"col\">");
	pict(out, c, VOX_PICT_PEOPLE_YES);
	vox_html_printf(out, "%s</th><th scope=\"col\">", ui(c, VOX_UI_COL_PEOPLE));
	pict(out, c, VOX_PICT_WITHDRAW);
	vox_html_printf(out, "%s</th></tr></thead>\n<tbody>\n", ui(c, VOX_UI_COL_WITHDRAW));
	for (guint i = 0; i < photos->len; i++) {
		const struct vox_photo *p = g_ptr_array_index(photos, i);
		const struct vox_caption *cap = p->caption;
		g_autofree char *now = NULL;

		if (p->audience == VOX_AUDIENCE_WITHDRAWN)
			continue;
		rows++;
		now = vox_ui_format(c->lang, VOX_UI_NOW, ui(c, column_msg(p->audience)), NULL);
		g_string_append(out, "<tr><th scope=\"row\">");
		img_tag(out, c, p, "", NULL, 1);
		vox_html_printf(out, "<span class=\"ref\">%s</span><br>", p->ref);
		if (cap->title && *cap->title)
			vox_html_printf(out, "<span lang=\"%s\">%s</span>", caption_lang(cap),
			    cap->title);
		else
			vox_html_text(out, ui(c, VOX_UI_NO_TITLE));
		vox_html_printf(out, "<span class=\"now\">%s</span></th>", now);
		for (size_t a = 0; a < G_N_ELEMENTS(audiences); a++)
			tick(out, c);
		tick(out, c);
		tick(out, c);
		g_string_append(out, "</tr>\n");
	}
	if (rows == 0)
		vox_html_printf(out, "<tr><td colspan=\"7\">%s</td></tr>\n",
		    ui(c, VOX_UI_NO_PHOTOS));
	g_string_append(out, "</tbody>\n</table>\n</div>\n<div class=\"sign\">\n");
	/* Lines to write on, on paper. */
	vox_html_printf(out, "<p>%s: <span class=\"line\"></span></p>\n", ui(c, VOX_UI_SIGNED));
	if (c->who->minor)
		vox_html_printf(out, "<p>%s: <span class=\"line\"></span></p>\n",
		    ui(c, VOX_UI_SIGNED_GUARDIAN));
	vox_html_printf(out, "<p>%s: <span class=\"line\"></span></p>\n", ui(c, VOX_UI_DATE));
	g_string_append(out, "</div>\n</section>\n");
}

static void
cover_section(GString *out, const struct ctx *c, GPtrArray *photos)
{
	g_autofree char *for_s = vox_ui_format(c->lang, VOX_UI_BOOKLET_FOR, c->who->code, NULL);
	int active = 0, withdrawn = 0;
	char num[16];

	for (guint i = 0; i < photos->len; i++) {
		const struct vox_photo *p = g_ptr_array_index(photos, i);

		if (p->audience == VOX_AUDIENCE_WITHDRAWN)
			withdrawn++;
		else
			active++;
	}
	g_string_append(out, "<section class=\"cover\" aria-labelledby=\"cover-h\">\n");
	if (c->easy && c->who->name && *c->who->name) {
		/* It is their booklet: their own name on the cover. */
		g_autofree char *by = vox_ui_format(c->lang, VOX_UI_PHOTOS_BY, c->who->name, NULL);

		vox_html_printf(out, "<h1 id=\"cover-h\">%s</h1>\n", by);
	} else {
		vox_html_printf(out, "<h1 id=\"cover-h\">%s</h1>\n", ui(c, VOX_UI_BOOKLET_TITLE));
	}
	vox_html_printf(out, "<p><strong>%s</strong></p>\n", for_s);
	if (c->easy) {
		if (c->who->site) {
			g_autofree char *site = name_html(c, "site", c->who->site);

			vox_html_printf(out, "<p>%s: ", ui(c, VOX_UI_YOUR_GROUP));
			g_string_append(out, site);
			g_string_append(out, "</p>\n");
		}
		for (guint i = 0; i < photos->len; i++) {
			const struct vox_photo *p = g_ptr_array_index(photos, i);
			const struct vox_caption *cap = p->caption;
			g_autofree char *missing = NULL;

			if (p->audience == VOX_AUDIENCE_WITHDRAWN)
				continue;
			g_string_append(out, "<figure class=\"cover-photo\">");
			missing = vox_ui_format(c->lang, VOX_UI_IMAGE_ALT_MISSING, p->ref, NULL);
			if (cap->alt && *cap->alt)
				img_tag(out, c, p, cap->alt, caption_lang(cap), 0);
			else
				img_tag(out, c, p, missing, NULL, 0);
			g_string_append(out, "</figure>\n");
			break;
		}
	}
	vox_html_printf(out, "<p>%s</p>\n<p>%s</p>\n<p>%s</p>\n<p>%s</p>\n",
	    ui(c, VOX_UI_INTRO_KEEP), ui(c, VOX_UI_INTRO_DECIDE), ui(c, VOX_UI_INTRO_HOW),
	    ui(c, VOX_UI_INTRO_CHANGE));
	vox_html_printf(out, "<h2>%s</h2>\n<dl>\n", ui(c, VOX_UI_ABOUT_YOU));
	dl_item(out, ui(c, VOX_UI_YOUR_CODE), c->who->code);
	dl_item(out, ui(c, VOX_UI_YOUR_NAME), c->who->name && *c->who->name ? c->who->name :
	    ui(c, VOX_UI_NAME_NOT_KEPT));
	if (c->who->site)
		dl_site(out, c, ui(c, VOX_UI_YOUR_GROUP), c->who->site);
	g_string_append(out, "</dl>\n");
	if (c->who->minor)
		vox_html_printf(out, "<p>%s</p>\n", ui(c, VOX_UI_MINOR_NOTE));
	vox_html_printf(out, "<p>%s</p>\n", ui(c, VOX_UI_PRIVATE_NOTE));

	vox_html_printf(out, "<h2>%s</h2>\n", ui(c, VOX_UI_CONTENTS));
	g_snprintf(num, sizeof(num), "%d", active);
	{
		g_autofree char *cnt = vox_ui_format(c->lang, VOX_UI_PHOTO_COUNT, num, NULL);

		vox_html_printf(out, "<p>%s</p>\n", active ? cnt : ui(c, VOX_UI_NO_PHOTOS));
	}
	if (active) {
		g_string_append(out, "<ol class=\"contents\">\n");
		for (guint i = 0; i < photos->len; i++) {
			const struct vox_photo *p = g_ptr_array_index(photos, i);
			const struct vox_caption *cap = p->caption;

			if (p->audience == VOX_AUDIENCE_WITHDRAWN)
				continue;
			vox_html_printf(out, "<li><a href=\"#photo-%s\">%s: ", p->ref, p->ref);
			if (cap->title && *cap->title)
				vox_html_printf(out, "<span lang=\"%s\">%s</span>",
				    caption_lang(cap), cap->title);
			else
				vox_html_text(out, ui(c, VOX_UI_NO_TITLE));
			g_string_append(out, "</a></li>\n");
		}
		g_string_append(out, "</ol>\n");
	}
	if (withdrawn) {
		vox_html_printf(out, "<h2>%s</h2>\n<ul>\n", ui(c, VOX_UI_WITHDRAWN_HEADING));
		for (guint i = 0; i < photos->len; i++) {
			const struct vox_photo *p = g_ptr_array_index(photos, i);
			g_autofree char *item = NULL;

			if (p->audience != VOX_AUDIENCE_WITHDRAWN)
				continue;
			item = vox_ui_format(c->lang, VOX_UI_WITHDRAWN_ITEM, p->ref, NULL);
			vox_html_printf(out, "<li class=\"withdrawn-note\" id=\"photo-%s\">%s</li>\n",
			    p->ref, item);
		}
		g_string_append(out, "</ul>\n");
	}
	vox_html_printf(out, "<p class=\"go-sheet\"><a href=\"#sheet\">%s</a></p>\n",
	    ui(c, VOX_UI_GO_TO_SHEET));
	g_string_append(out, "</section>\n");
}

static void
page_begin(GString *out, const struct ctx *c, const char *page_title)
{
	vox_html_printf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	    "<meta name=\"referrer\" content=\"no-referrer\">\n"
	    "<meta name=\"robots\" content=\"noindex\">\n"
	    "<title>%s — %s</title>\n"
	    "<link rel=\"stylesheet\" href=\"booklet.css\">\n"
	    "</head>\n<body>\n", c->lang, page_title, c->who->code);
	vox_html_printf(out, "<header>\n<p class=\"project\">%s</p>\n</header>\n", c->names.title);
	g_string_append(out, "<main id=\"main\" tabindex=\"-1\">\n");
}

static void
page_end(GString *out)
{
	g_string_append(out, "</main>\n</body>\n</html>\n");
}

int
vox_review_html(vox_catalog *cat, const char *code, GPtrArray *photos,
    const struct vox_review_options *opt, enum vox_review_page page, GString *out)
{
	struct ctx c;
	int total = 0, n = 0;

	if (ctx_init(&c, cat, code, opt) != 0)
		return -1;
	for (guint i = 0; i < photos->len; i++) {
		const struct vox_photo *p = g_ptr_array_index(photos, i);

		if (p->audience != VOX_AUDIENCE_WITHDRAWN)
			total++;
	}
	if (page == VOX_REVIEW_SHEET) {
		page_begin(out, &c, ui(&c, VOX_UI_SHEET_TITLE));
		sheet_section(out, &c, photos);
	} else {
		page_begin(out, &c, ui(&c, VOX_UI_BOOKLET_TITLE));
		cover_section(out, &c, photos);
		for (guint i = 0; i < photos->len; i++) {
			const struct vox_photo *p = g_ptr_array_index(photos, i);

			if (p->audience == VOX_AUDIENCE_WITHDRAWN)
				continue;
			photo_section(out, &c, p, ++n, total);
		}
		sheet_section(out, &c, photos);
	}
	page_end(out);
	ctx_release(&c);
	return 0;
}

/* Files and folders. */

static int
write_file(const char *dir, const char *name, const void *data, size_t len)
{
	g_autofree char *path = g_build_filename(dir, name, NULL);

	return vox_write_atomic(path, NULL, data, len);
}

/* The photo resized to w x h (its displayed size scaled), upright, no metadata, from fd,
 * its stored file open and verified: streamed as it shrinks, never held whole. */
static int
write_image(const struct vox_photo *p, int fd, const char *path, int w, int h)
{
	VipsImage *t[3] = { NULL, NULL, NULL };
	VipsImage *cur;
	VipsSource *src = NULL;
	void *jpeg = NULL;
	size_t jpeg_len = 0;
	int out_fd = -1, ret = -1;

	if (VIPS_INIT("vox")) {
		vox_error_vips("review", "libvips");
		return vox_error_set_kind(VOX_ERR_IO);
	}
	/* Each photo is decoded once and dropped: libvips' operation cache would keep the
	 * decodes of the last few in memory. */
	vips_cache_set_max(0);
	/* The file's header decides, before any pixel is decoded: a progressive JPEG cannot
	 * shrink on load. */
	{
		VipsImage *h0 = NULL;
		int ok;

		if ((src = vox_source_at_start(fd))) {
			h0 = vips_image_new_from_source(src, "", "access", VIPS_ACCESS_SEQUENTIAL,
			    NULL);
			g_clear_object(&src);
		}
		if (!h0)
			return vox_error_vips("review", "%s", p->ref);
		ok = vox_decode_header_ok("review", p->ref, h0);
		g_object_unref(h0);
		if (ok != 0)
			return -1;
	}
	/* vips_thumbnail applies the orientation and shrinks on load. */
	if (!(src = vox_source_at_start(fd)) ||
	    vips_thumbnail_source(src, &t[0], w, "height", h, "size", VIPS_SIZE_FORCE, NULL)) {
		vox_error_vips("review", "%s", p->ref);
		goto out;
	}
	cur = t[0];
	if (vips_image_hasalpha(cur)) {
		double white[3] = { 255, 255, 255 };

		if (vips_flatten(cur, &t[1], "background", vips_array_double_new(white, 3), NULL)) {
			vox_error_vips("review", "%s", p->ref);
			goto out;
		}
		cur = t[1];
	}
	/* Encoded in memory (a booklet's image is small) and written here, so that a failed
	 * write names the file and the system's reason, a full disk as such. */
	if (vips_jpegsave_buffer(cur, &jpeg, &jpeg_len, "Q", 85, "strip", TRUE,
	    "optimize_coding", TRUE, "interlace", TRUE, NULL)) {
		vox_error_vips("review", "%s", p->ref);
		goto out;
	}
	out_fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (out_fd < 0 || vox_write_all(out_fd, jpeg, jpeg_len) != 0) {
		vox_error_system("review", "'%s'", path);
		goto out;
	}
	if (close(out_fd) != 0) {
		out_fd = -1;
		vox_error_system("review", "'%s'", path);
		goto out;
	}
	out_fd = -1;
	ret = 0;
out:
	if (out_fd >= 0)
		close(out_fd);
	g_free(jpeg);
	for (int i = 0; i < 3; i++)
		if (t[i])
			g_object_unref(t[i]);
	if (src)
		g_object_unref(src);
	return ret;
}

static gint
by_name(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* libarchive failed while entry was written to zip: both named, with the system's reason
 * when it has one ("No space left on device"); an I/O error. */
static int
zip_error(struct archive *a, const char *zip, const char *entry)
{
	const char *msg = archive_error_string(a);
	int err = archive_errno(a);

	if (err > 0 && (!msg || !strstr(msg, g_strerror(err))))
		return vox_error_k(VOX_ERR_IO, "review", "'%s': writing '%s': %s: %s", zip,
		    entry, msg ? msg : "cannot write", g_strerror(err));
	return vox_error_k(VOX_ERR_IO, "review", "'%s': writing '%s': %s", zip, entry,
	    msg ? msg : "cannot write");
}

/* Adds every file under root/rel to the zip as prefix/rel, in sorted order, and its line
 * to listed (the zip's marker). */
static int
zip_add_tree(struct archive *a, const char *zip, const char *root, const char *rel,
    const char *prefix, GPtrArray *listed)
{
	g_autofree char *path = rel ? g_build_filename(root, rel, NULL) : g_strdup(root);
	GDir *d = g_dir_open(path, 0, NULL);
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	const char *n;
	int ret = -1;

	if (!d) {
		vox_error_system("review", "'%s'", path);
		goto out;
	}
	while ((n = g_dir_read_name(d)))
		if (strcmp(n, VOX_OUTPUT_MARKER) != 0)
			g_ptr_array_add(names, g_strdup(n));
	g_dir_close(d);
	g_ptr_array_sort(names, by_name);
	for (guint i = 0; i < names->len; i++) {
		const char *name = g_ptr_array_index(names, i);
		g_autofree char *sub = rel ? g_build_filename(rel, name, NULL) : g_strdup(name);
		g_autofree char *full = g_build_filename(root, sub, NULL);
		g_autofree char *entry_name = g_build_filename(prefix, sub, NULL);
		struct archive_entry *e;
		struct stat st;
		gchar *data = NULL;
		gsize len = 0;

		if (lstat(full, &st) != 0) {
			vox_error_system("review", "'%s'", full);
			goto out;
		}
		if (S_ISDIR(st.st_mode)) {
			if (zip_add_tree(a, zip, root, sub, prefix, listed) != 0)
				goto out;
			continue;
		}
		if (!g_file_get_contents(full, &data, &len, NULL)) {
			vox_error_system("review", "'%s': cannot read", full);
			goto out;
		}
		e = archive_entry_new();
		archive_entry_set_pathname(e, entry_name);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, (la_int64_t)len);
		archive_entry_set_mtime(e, st.st_mtime, 0);
		if (archive_write_header(a, e) != ARCHIVE_OK ||
		    archive_write_data(a, data, len) != (la_ssize_t)len) {
			zip_error(a, zip, entry_name);
			archive_entry_free(e);
			g_free(data);
			goto out;
		}
		archive_entry_free(e);
		if (listed) {
			char hex[VOX_SHA256_HEX];

			vox_sha256_hex(data, len, hex);
			g_ptr_array_add(listed, g_strdup_printf("%s  %s", hex, sub));
		}
		g_free(data);
	}
	ret = 0;
out:
	g_ptr_array_unref(names);
	return ret;
}

/* Writes folder dir as dir.zip beside it (entries under the folder's name), atomically,
 * its marker last (base/.vox-output: what lets a later booklet replace the zip). Whether
 * an existing zip may be replaced was checked before the booklet was built. */
static int
write_zip(const char *dir)
{
	g_autofree char *zip = g_strconcat(dir, ".zip", NULL);
	g_autofree char *parent = g_path_get_dirname(dir);
	g_autofree char *base = g_path_get_basename(dir);
	g_autofree char *marker = NULL, *marker_name = NULL;
	g_autoptr(GPtrArray) listed = g_ptr_array_new_with_free_func(g_free);
	struct archive_entry *e;
	char *tmp = NULL;
	struct archive *a = NULL;
	int fd, ret = -1;

	fd = vox_tmpfile(parent, &tmp);
	if (fd < 0)
		return -1;
	a = archive_write_new();
	if (!a || archive_write_set_format_zip(a) != ARCHIVE_OK ||
	    archive_write_open_fd(a, fd) != ARCHIVE_OK) {
		vox_error_k(VOX_ERR_IO, "review", "'%s': %s", zip, a ? archive_error_string(a) :
		    "no memory");
		goto fail;
	}
	if (zip_add_tree(a, zip, dir, NULL, base, listed) != 0)
		goto fail;
	marker = vox_output_listing("booklet", listed);
	marker_name = g_build_filename(base, VOX_OUTPUT_MARKER, NULL);
	e = archive_entry_new();
	archive_entry_set_pathname(e, marker_name);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)strlen(marker));
	if (archive_write_header(a, e) != ARCHIVE_OK ||
	    archive_write_data(a, marker, strlen(marker)) != (la_ssize_t)strlen(marker)) {
		zip_error(a, zip, marker_name);
		archive_entry_free(e);
		goto fail;
	}
	archive_entry_free(e);
	if (archive_write_close(a) != ARCHIVE_OK) {
		zip_error(a, zip, marker_name);
		goto fail;
	}
	archive_write_free(a);
	a = NULL;
	if (vox_tmpfile_commit(fd, tmp, zip) != 0) {
		fd = -1;
		goto out;
	}
	fd = -1;
	ret = 0;
	goto out;
fail:
	if (a)
		archive_write_free(a);
	vox_tmpfile_abort(fd, tmp);
out:
	g_free(tmp);
	return ret;
}

static void
consent_tsv(GString *out, GPtrArray *photos)
{
	g_string_append(out, "ref\taudience\tpeople\n");
	for (guint i = 0; i < photos->len; i++) {
		const struct vox_photo *p = g_ptr_array_index(photos, i);

		if (p->audience == VOX_AUDIENCE_WITHDRAWN)
			continue;
		g_string_append_printf(out, "%s\t%s\t%s\n", p->ref, vox_audience_name(p->audience),
		    vox_people_name(p->people));
	}
}

/* One record: path (the folder, or its zip when folder names the folder). */
static int
record_one(vox_catalog *cat, const char *code, const char *path, const char *folder,
    const struct vox_review_options *opt, GPtrArray *photos)
{
	GPtrArray *held = g_ptr_array_new();
	GString *o = g_string_new(NULL);
	struct vox_json j;
	int ret;

	for (guint i = 0; i < photos->len; i++) {
		struct vox_photo *p = g_ptr_array_index(photos, i);

		if (p->audience != VOX_AUDIENCE_WITHDRAWN)
			g_ptr_array_add(held, p);
	}
	vox_json_init(&j, o, VOX_JSON_COMPACT);
	vox_json_object_begin(&j);
	vox_json_key_string(&j, "participant", code);
	if (folder)
		vox_json_key_string(&j, "folder", folder);
	vox_json_key_string(&j, "ui_lang", opt ? opt->ui_lang : NULL);
	vox_json_key_bool(&j, "zip", opt && opt->zip);
	vox_json_key_bool(&j, "standard", opt && opt->standard);
	vox_json_key_int(&j, "max_size", opt ? opt->max_size : 0);
	vox_json_object_end(&j);
	ret = vox_catalog_output_record(cat, VOX_OUTPUT_BOOKLET, path, VOX_AUDIENCE_PRIVATE, 0,
	    o->str, held);
	g_string_free(o, TRUE);
	g_ptr_array_unref(held);
	return ret;
}

/* Records the booklet just built (privacy rule 9) with the photos whose image and words
 * it holds (withdrawn ones are only named) and the options that rebuild it; with --zip,
 * the zip beside it too, an output of its own (it is what gets sent or printed), whose
 * record names the folder it is rebuilt from. */
static int
record(vox_catalog *cat, const char *code, const char *dir,
    const struct vox_review_options *opt, GPtrArray *photos)
{
	g_autofree char *zip = NULL, *folder = NULL;
	int r = record_one(cat, code, dir, NULL, opt, photos);

	if (r != 0 || !(opt && opt->zip))
		return r;
	zip = g_strconcat(dir, ".zip", NULL);
	folder = g_canonicalize_filename(dir, NULL);
	return record_one(cat, code, zip, folder, opt, photos);
}

int
vox_review_build(vox_catalog *cat, const char *code, const char *dir,
    const struct vox_review_options *opt)
{
	GPtrArray *photos = NULL;
	GString *html = g_string_new(NULL);
	g_autofree char *parent = g_path_get_dirname(dir);
	char *tmp = NULL, *img = NULL;
	int max = opt && opt->max_size > 0 ? opt->max_size : DEFAULT_SIZE;
	int ret = -1, count = 0, lock_fd = -1;

	/* Never the collection's own files, a folder of someone else's, nor a booklet a
	 * person added to or changed; with --zip, the same of the zip, before anything is
	 * built. */
	if (vox_output_place(vox_catalog_dir(cat), dir) != 0 ||
	    vox_output_replaceable(dir, "booklet") != 1)
		goto out;
	if (opt && opt->zip) {
		g_autofree char *zip = g_strconcat(dir, ".zip", NULL);

		if (vox_output_place(vox_catalog_dir(cat), zip) != 0 ||
		    vox_output_file_replaceable(zip, "booklet") != 1)
			goto out;
	}
	photos = vox_review_photos(cat, code);
	if (!photos)
		goto out;
	if (g_mkdir_with_parents(parent, 0755) != 0) {
		vox_error_system("review", "'%s'", parent);
		goto out;
	}
	/* Also removes what a killed build left: a name and photos hidden beside it. */
	tmp = vox_build_dir_new(dir, "tmp", &lock_fd);
	if (!tmp)
		goto out;
	img = g_build_filename(tmp, "img", NULL);
	if (g_mkdir(img, 0755) != 0) {
		vox_error_system("review", "'%s'", img);
		goto out;
	}
	/* The photos first, so that the pages name only those the booklet holds: one whose
	 * stored file is missing or not what its name says is left out with a warning, as
	 * every output leaves it out (privacy rule 8). */
	for (guint i = 0; i < photos->len;) {
		const struct vox_photo *p = g_ptr_array_index(photos, i);
		g_autofree char *name = NULL, *path = NULL;
		int fd, w, h, rc;

		if (p->audience == VOX_AUDIENCE_WITHDRAWN) {
			i++;
			continue;
		}
		scaled_size(p, max, &w, &h);
		if (w == 0) {
			vox_error("review", "'%s': the catalog does not know its size", p->ref);
			goto out;
		}
		fd = vox_store_open_verified(p->path, p->sha256);
		if (fd < 0) {
			if (opt && opt->warnings)
				g_ptr_array_add(opt->warnings, g_strdup_printf("'%s': left out: %s",
				    p->ref, vox_error_message()));
			if (opt && opt->n_left_out)
				(*opt->n_left_out)++;
			vox_error_clear();
			g_ptr_array_remove_index(photos, i);
			continue;
		}
		name = g_strdup_printf("%s.jpg", p->ref);
		path = g_build_filename(img, name, NULL);
		rc = write_image(p, fd, path, w, h);
		close(fd);
		if (rc != 0)
			goto out;
		count++;
		i++;
	}
	if (vox_review_html(cat, code, photos, opt, VOX_REVIEW_INDEX, html) != 0 ||
	    write_file(tmp, "index.html", html->str, html->len) != 0)
		goto out;
	g_string_truncate(html, 0);
	if (vox_review_html(cat, code, photos, opt, VOX_REVIEW_SHEET, html) != 0 ||
	    write_file(tmp, "sheet.html", html->str, html->len) != 0)
		goto out;
	g_string_assign(html, booklet_css);
	if (!(opt && opt->standard))
		g_string_append(html, easy_css);
	if (write_file(tmp, "booklet.css", html->str, html->len) != 0)
		goto out;
	g_string_truncate(html, 0);
	consent_tsv(html, photos);
	if (write_file(tmp, "consent.tsv", html->str, html->len) != 0 ||
	    vox_output_mark(tmp, "booklet") != 0)
		goto out;
	if (vox_fsync_dir(img) != 0 || vox_fsync_dir(tmp) != 0)
		goto out;
	if (vox_swap_dir(tmp, dir) != 0)
		goto out;
	g_free(tmp);
	tmp = NULL;
	if (opt && opt->zip && write_zip(dir) != 0)
		goto out;
	switch (record(cat, code, dir, opt, photos)) {
	case -1:
		goto out;
	case 1:
		if (opt && opt->warnings)
			g_ptr_array_add(opt->warnings, g_strdup_printf("'%s': not recorded, the "
			    "collection cannot be written: a withdrawal will not name it", dir));
		break;
	}
	ret = count;
out:
	if (tmp) {
		vox_remove_tree(tmp);
		g_free(tmp);
	}
	if (lock_fd >= 0)
		close(lock_fd);
	g_free(img);
	if (photos)
		g_ptr_array_unref(photos);
	g_string_free(html, TRUE);
	return ret;
}
