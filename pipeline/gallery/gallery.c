#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "vox/audio.h"
#include "vox/store.h"
#include "vox/catalog.h"
#include "vox/derive.h"
#include "vox/error.h"
#include "vox/file.h"
#include "vox/gallery.h"
#include "vox/html.h"
#include "vox/pictogram.h"
#include "vox/ui.h"

/* A marker in every page's head: an existing output folder whose index.html carries it is
 * a gallery this tool made and may be replaced. */
#define GENERATOR "<meta name=\"generator\" content=\"photovox gallery\">"

/* A gallery's fingerprint: the SHA-256 of every file it holds (names, pages, and the
 * derivative each image comes from), so that a rebuild with nothing changed can tell, and
 * leave the gallery as it is. */
#define DIGEST_FILE ".photovox-build"

/* The widths the browser picks from: the photo takes the main column (64rem at most). */
#define PHOTO_SIZES "(min-width: 68rem) 64rem, calc(100vw - 2rem)"
#define CARD_SIZES "(min-width: 68rem) 20rem, (min-width: 40rem) 45vw, calc(100vw - 2rem)"

struct item {
	const struct vox_photo *p;
	struct vox_derived *d;  /* owned by the build's array */
	char *file;             /* "photo-P07-03.html" */
	char *stem;             /* "P07-03": image names in img/ */
	char *alt;              /* the alt text written */
	int index;              /* 0-based position in the gallery */
	int site_pos, pair_pos; /* 0-based positions in its site's and pair's listings */
	int placed;             /* its images are in img/ of the folder being built */
};

struct build {
	const struct vox_gallery_data *data;
	const struct vox_gallery_opts *opts;
	const char *lang;       /* the first interface language: <html lang> */
	const char *langs[2];   /* the interface languages, in order */
	int nlangs;             /* 1, or 2 for a bilingual gallery */
	char *ui_langs;         /* langs as given: "cy+en" */
	unsigned char used[VOX_UI_N_MSGS]; /* the interface messages the pages use */
	char *skip_html, *audience_html, *nav_label, *home_html, *stories_html;
	const char *audience;
	const char *tmp;        /* the folder being written */
	char *img;              /* its img/, once made */
	GPtrArray *items;       /* struct item * */
	int pages;
	GChecksum *digest;      /* of everything written (DIGEST_FILE) */
	const char *check;      /* when set, nothing is written: the gallery there is checked
	                         * to hold every file (missing counts those it does not) */
	int missing;
};

static int write_pages(struct build *b);

/* Adds a file of the gallery to the digest; when checking, counts it if it is missing. */
static void
note(struct build *b, const char *name, const void *data, size_t len)
{
	g_checksum_update(b->digest, (const guchar *)name, (gssize)strlen(name) + 1);
	g_checksum_update(b->digest, data, (gssize)len);
	g_checksum_update(b->digest, (const guchar *)"", 1);
	if (b->check) {
		g_autofree char *path = g_build_filename(b->check, name, NULL);
		struct stat st;

		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			b->missing++;
	}
}

void
vox_gallery_opts_init(struct vox_gallery_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->audience = VOX_AUDIENCE_GROUP;
	o->lang = NULL;
	vox_derive_opts_init(&o->derive);
}

void
vox_gallery_result_release(struct vox_gallery_result *res)
{
	if (res->warnings)
		g_ptr_array_unref(res->warnings);
	if (res->unchecked)
		g_ptr_array_unref(res->unchecked);
	memset(res, 0, sizeof(*res));
}

/* A name that is safe as a file name and in a URL: slugs and refs normally are already. */
static char *
safe_name(const char *s)
{
	GString *out = g_string_new(NULL);

	for (const char *p = s ? s : ""; *p; p++) {
		if (g_ascii_isalnum(*p) || *p == '-' || *p == '_')
			g_string_append_c(out, *p);
		else if (*p == '.' && out->len > 0)
			g_string_append_c(out, *p);
		else
			g_string_append_c(out, '_');
	}
	if (out->len == 0)
		g_string_append_c(out, '_');
	return g_string_free(out, FALSE);
}

static char *
page_name(const char *kind, const char *slug)
{
	g_autofree char *s = safe_name(slug);

	return g_strdup_printf("%s-%s.html", kind, s);
}

/* A message's words in lang, noted as used (vox gallery -v lists the unchecked ones). */
static const char *
w(struct build *b, const char *lang, enum vox_ui_msg id)
{
	b->used[id] = 1;
	return vox_ui(lang, id);
}

/* The message in lang with {1}.. filled by args (markup when html, else text). */
static char *
fill(struct build *b, const char *lang, enum vox_ui_msg id, int html, const char *a1,
    const char *a2, const char *a3)
{
	const char *args[] = { a1, a2, a3 };

	b->used[id] = 1;
	return vox_ui_fill(lang, id, args, 3, html);
}

/* Opens and closes the run of text in interface language i: the first is the page's own
 * language; the second, in a bilingual gallery, follows in a span carrying its lang. */
static void
lang_open(const struct build *b, GString *out, int i)
{
	if (i > 0)
		vox_html_printf(out, "<span class=\"ui2\" lang=\"%s\"> / ", b->langs[i]);
}

static void
lang_close(GString *out, int i)
{
	if (i > 0)
		g_string_append(out, "</span>");
}

/* The message in every interface language, as markup. */
static void
say(struct build *b, GString *out, enum vox_ui_msg id)
{
	for (int i = 0; i < b->nlangs; i++) {
		lang_open(b, out, i);
		vox_html_printf(out, "%s", w(b, b->langs[i], id));
		lang_close(out, i);
	}
}

/* The message in every interface language as plain text ("Cartref / Home"), for
 * attributes and titles, where no element can carry a lang. Newly allocated. */
static char *
say_text(struct build *b, enum vox_ui_msg id, const char *a1, const char *a2, const char *a3)
{
	GString *s = g_string_new(NULL);

	for (int i = 0; i < b->nlangs; i++) {
		g_autofree char *t = fill(b, b->langs[i], id, 0, a1, a2, a3);

		if (i > 0)
			g_string_append(s, " / ");
		g_string_append(s, t);
	}
	return g_string_free(s, FALSE);
}

/* The message in every interface language, as markup, with {1}.. filled by arguments
 * (markup) that are the same in every language: a ref, a number. */
static void
say_args(struct build *b, GString *out, enum vox_ui_msg id, const char *a1, const char *a2)
{
	for (int i = 0; i < b->nlangs; i++) {
		g_autofree char *s = fill(b, b->langs[i], id, 1, a1, a2, NULL);

		lang_open(b, out, i);
		g_string_append(out, s);
		lang_close(out, i);
	}
}

/* "1 photo", "12 photos" in lang. Newly allocated. */
static char *
count_of(struct build *b, const char *lang, int n, enum vox_ui_msg one, enum vox_ui_msg many)
{
	char num[16];

	g_snprintf(num, sizeof(num), "%d", n);
	return fill(b, lang, n == 1 ? one : many, 1, num, NULL, NULL);
}

static char *
photos_of(struct build *b, const char *lang, int n)
{
	return count_of(b, lang, n, VOX_UI_G_PHOTOS_1, VOX_UI_G_PHOTOS_N);
}

/* "12 photos." in every interface language, as a sentence. */
static void
say_count(struct build *b, GString *out, int n)
{
	for (int i = 0; i < b->nlangs; i++) {
		g_autofree char *c = photos_of(b, b->langs[i], n);
		g_autofree char *s = fill(b, b->langs[i], VOX_UI_G_COUNT, 1, c, NULL, NULL);

		lang_open(b, out, i);
		g_string_append(out, s);
		lang_close(out, i);
	}
}

/* The main language of the collection's names. */
static const char *
names_lang(const struct build *b)
{
	const char *l = b->data->names ? b->data->names->lang : NULL;

	return l && vox_html_lang_ok(l) ? l : "en";
}

/* The name of a pair, site, theme or prompt as markup in lang (vox_catalog_name_html()). */
static char *
name_html(const struct build *b, const char *kind, const char *slug, const char *lang)
{
	return vox_catalog_name_html(b->data->names, kind, slug, lang);
}

/* The name in the page's language as text (titles): its name there, else its main one. */
static const char *
name_text(const struct build *b, const char *kind, const char *slug)
{
	const char *n = vox_catalog_name_in(b->data->names, kind, slug, b->lang);

	return n ? n : vox_catalog_main_name(b->data->names, kind, slug);
}

/*
 * Listings (pair, site and theme pages) hold at most PAGE_PHOTOS photos a page: hundreds of
 * pictures on one page crash phone browsers, lazy loading or not. Page 1 is the listing's
 * own file, page k > 1 "site-x~k.html": safe_name() never writes '~', so no slug's page can
 * take another's name.
 */
#define PAGE_PHOTOS 60

static char *
page_file(const char *file, int k)
{
	const char *dot = strrchr(file, '.');

	if (k == 0)
		return g_strdup(file);
	return g_strdup_printf("%.*s~%d%s", (int)(dot - file), file, k + 1, dot);
}

/* The numbered links to every page of a listing; the current one is marked for screen
 * readers and not a link. Nothing when the listing fits on one page. */
static void
pages_nav(struct build *b, GString *out, const char *file, int k, int npages)
{
	g_autofree char *label = NULL;

	if (npages < 2)
		return;
	label = say_text(b, VOX_UI_G_PAGES, NULL, NULL, NULL);
	vox_html_printf(out, "<nav class=\"pages\" aria-label=\"%s\">\n<ul>\n", label);
	if (k > 0) {
		g_autofree char *f = page_file(file, k - 1);

		vox_html_printf(out, "<li><a href=\"%s\" rel=\"prev\">", f);
		say(b, out, VOX_UI_G_PREV_PAGE);
		g_string_append(out, "</a></li>\n");
	}
	for (int i = 0; i < npages; i++) {
		g_autofree char *f = page_file(file, i);
		char num[16];
		g_autofree char *pl = NULL;

		g_snprintf(num, sizeof(num), "%d", i + 1);
		if (i == k) {
			g_string_append_printf(out,
			    "<li><a aria-current=\"page\">%d</a></li>\n", i + 1);
			continue;
		}
		pl = say_text(b, VOX_UI_G_PAGE_N, num, NULL, NULL);
		vox_html_printf(out, "<li><a href=\"%s\" aria-label=\"%s\">%d</a></li>\n", f,
		    pl, i + 1);
	}
	if (k + 1 < npages) {
		g_autofree char *f = page_file(file, k + 1);

		vox_html_printf(out, "<li><a href=\"%s\" rel=\"next\">", f);
		say(b, out, VOX_UI_G_NEXT_PAGE);
		g_string_append(out, "</a></li>\n");
	}
	g_string_append(out, "</ul>\n</nav>\n");
}

static int
npages_of(guint n)
{
	return n == 0 ? 1 : (int)((n + PAGE_PHOTOS - 1) / PAGE_PHOTOS);
}

/* The title of page k of a listing: "Name (page 2 of 5)", or name alone on one page. */
static char *
page_title(struct build *b, const char *name, int k, int npages)
{
	char n1[16], n2[16];

	if (npages < 2)
		return g_strdup(name);
	g_snprintf(n1, sizeof(n1), "%d", k + 1);
	g_snprintf(n2, sizeof(n2), "%d", npages);
	return fill(b, b->lang, VOX_UI_G_TITLE_PAGE, 0, name, n1, n2);
}

static const struct vox_site *
find_site(const struct build *b, const char *slug)
{
	return vox_catalog_find_site(b->data->names, slug);
}

/* A prompt's question as markup in lang: its name in lang (name_lang), the collection's
 * question in the main language, the interface table's words for the standard prompts,
 * else the collection's question marked with its language. Newly allocated. */
static char *
question_html(struct build *b, const char *key, const char *lang)
{
	const char *std = vox_catalog_name_in(b->data->names, "prompt", key, lang) ||
	    strcmp(lang, names_lang(b)) == 0 ? NULL : vox_ui_prompt(lang, key);

	if (std)
		return vox_html_escape(std);
	return name_html(b, "prompt", key, lang);
}

static int
has_theme(const struct vox_photo *p, const char *slug)
{
	GPtrArray *t = p->caption ? p->caption->themes : NULL;

	for (guint i = 0; t && i < t->len; i++)
		if (strcmp(t->pdata[i], slug) == 0)
			return 1;
	return 0;
}

static int
str_eq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static int
blank(const char *s)
{
	for (; s && *s; s++)
		if (!g_ascii_isspace(*s))
			return 0;
	return 1;
}

static const char *
plural(int n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* "12 May 2026" for "2026-05-12" in lang; NULL when date is not a calendar date. */
static char *
human_date(struct build *b, const char *lang, const char *date)
{
	int y, m, d;

	/* The catalog's own rule says what a date is; only then is it taken apart. */
	if (!date || !vox_catalog_valid_date(date) || sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return NULL;
	b->used[VOX_UI_MONTH_1 + m - 1] = 1;
	return vox_ui_date(lang, date);
}

static const char *
caption_lang(const struct build *b, const struct vox_caption *c)
{
	return c && vox_html_lang_ok(c->lang) ? c->lang : b->lang;
}

/* Writes a page into the folder being built. */
/* Writes a new file in the folder being built. Not synced one by one: the whole folder is
 * flushed once before it is swapped in (sync_build_dir). */
static int
write_new(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);

	if (fd < 0)
		return vox_error_system("gallery", "'%s'", path);
	if (vox_write_all(fd, data, len) != 0) {
		vox_error_system("gallery", "'%s'", path);
		close(fd);
		return -1;
	}
	if (close(fd) != 0)
		return vox_error_system("gallery", "'%s'", path);
	return 0;
}

/* Writes a page into the folder being built. */
static int
write_page(struct build *b, const char *name, GString *html)
{
	g_autofree char *path = NULL;

	note(b, name, html->str, html->len);
	b->pages++;
	if (b->check)
		return 0;
	path = g_build_filename(b->tmp, name, NULL);
	return write_new(path, html->str, html->len);
}

static void
shell(const struct build *b, struct vox_html_page *pg, const char *title, const char *nav)
{
	const char *project = b->data->names ? b->data->names->title : NULL;

	memset(pg, 0, sizeof(*pg));
	pg->lang = b->lang;
	pg->title = title;
	pg->site_title = project && *project ? project : vox_ui(b->lang, VOX_UI_G_DEFAULT_TITLE);
	pg->home_href = "index.html";
	pg->css_href = "style.css";
	pg->audience = b->audience;
	pg->audience_html = b->audience_html;
	pg->skip_html = b->skip_html;
	pg->nav_label = b->nav_label;
	pg->nav_html = nav;
	pg->head_html = GENERATOR;
}

static void
begin(const struct build *b, GString *out, const struct vox_html_page *pg)
{
	(void)b;
	vox_html_page_begin(out, pg);
}

/* The links every page offers; crumbs (trusted markup, may be NULL) come after Home. */
static char *
nav(const struct build *b, const char *crumbs)
{
	GString *s = g_string_new("<ul class=\"crumbs\">\n<li><a href=\"index.html\">");

	g_string_append(s, b->home_html);
	g_string_append(s, "</a></li>\n");
	if (crumbs)
		g_string_append(s, crumbs);
	g_string_append(s, "<li><a href=\"stories.html\">");
	g_string_append(s, b->stories_html);
	g_string_append(s, "</a></li>\n</ul>");
	return g_string_free(s, FALSE);
}

static void
srcset(GString *out, const struct item *it, int webp)
{
	for (int i = 0; i < it->d->nsizes; i++)
		g_string_append_printf(out, "%simg/%s-%d.%s %dw", i ? ", " : "", it->stem,
		    it->d->sizes[i].width, webp ? "webp" : "jpg", it->d->sizes[i].width);
}

/* <picture> with WebP and JPEG sources; the fallback <img> is the size nearest 960. */
static void
picture(GString *out, const struct item *it, const char *sizes, int lazy, const char *alt)
{
	const struct vox_derived_size *z = NULL;

	if (it->d->nsizes == 0)
		return;
	for (int i = 0; i < it->d->nsizes; i++)
		if (!z || it->d->sizes[i].width <= 960)
			z = &it->d->sizes[i];
	g_string_append(out, "<picture>\n<source type=\"image/webp\" srcset=\"");
	srcset(out, it, 1);
	g_string_append_printf(out, "\" sizes=\"%s\">\n<img src=\"img/%s-%d.jpg\" srcset=\"", sizes,
	    it->stem, z->width);
	srcset(out, it, 0);
	g_string_append_printf(out, "\" sizes=\"%s\" width=\"%d\" height=\"%d\"", sizes, z->width,
	    z->height);
	vox_html_printf(out, " alt=\"%s\"", alt ? alt : it->alt);
	g_string_append(out, lazy ? " loading=\"lazy\" decoding=\"async\">\n</picture>\n" :
	    " decoding=\"async\">\n</picture>\n");
}

static const char *
title_of(const struct item *it)
{
	const struct vox_caption *c = it->p->caption;

	return c && c->title && *c->title ? c->title : NULL;
}

/* A list of photo cards: a link holding the picture, the title and the ref. */
static void
cards(struct build *b, GString *out, GPtrArray *items)
{
	g_string_append(out, "<ul class=\"cards\">\n");
	for (guint i = 0; i < items->len; i++) {
		const struct item *it = items->pdata[i];
		const char *t = title_of(it);

		vox_html_printf(out, "<li class=\"card\">\n<a href=\"%s\">\n", it->file);
		picture(out, it, CARD_SIZES, i > 0, NULL);
		if (t) {
			vox_html_printf(out, "<span class=\"title\" lang=\"%s\">%s</span>\n",
			    caption_lang(b, it->p->caption), t);
		} else {
			g_autofree char *ref = vox_html_escape(it->p->ref);

			g_string_append(out, "<span class=\"title\">");
			say_args(b, out, VOX_UI_G_PHOTO_REF, ref, NULL);
			g_string_append(out, "</span>\n");
		}
		vox_html_printf(out, "<span class=\"ref\">%s</span>\n</a>\n</li>\n", it->p->ref);
	}
	g_string_append(out, "</ul>\n");
}

static GPtrArray *
items_where(const struct build *b, const char *pair, const char *site, const char *theme)
{
	GPtrArray *out = g_ptr_array_new();

	for (guint i = 0; i < b->items->len; i++) {
		struct item *it = b->items->pdata[i];

		if (pair && !str_eq(it->p->pair, pair))
			continue;
		if (site && !str_eq(it->p->site, site))
			continue;
		if (theme && !has_theme(it->p, theme))
			continue;
		g_ptr_array_add(out, it);
	}
	return out;
}

/* Slugs in order of first appearance among the gallery's photos. */
static GPtrArray *
distinct(const struct build *b, int field, const char *within_pair)
{
	GPtrArray *out = g_ptr_array_new();

	for (guint i = 0; i < b->items->len; i++) {
		const struct vox_photo *p = ((struct item *)b->items->pdata[i])->p;
		const char *v = field == 0 ? p->pair : p->site;

		if (!v || (within_pair && !str_eq(p->pair, within_pair)))
			continue;
		if (!g_ptr_array_find_with_equal_func(out, v, g_str_equal, NULL))
			g_ptr_array_add(out, (gpointer)v);
	}
	return out;
}

/* Theme slugs that photos of the gallery carry: the declared order first, then others. */
static GPtrArray *
used_themes(const struct build *b)
{
	GPtrArray *declared = b->data->names ? b->data->names->themes : NULL;
	GPtrArray *out = g_ptr_array_new();

	if (declared)
		for (guint i = 0; i < declared->len; i++) {
			const struct vox_theme *t = declared->pdata[i];
			g_autoptr(GPtrArray) with = items_where(b, NULL, NULL, t->slug);

			if (with->len > 0)
				g_ptr_array_add(out, t->slug);
		}
	for (guint i = 0; i < b->items->len; i++) {
		const struct vox_photo *p = ((struct item *)b->items->pdata[i])->p;
		GPtrArray *t = p->caption ? p->caption->themes : NULL;

		for (guint k = 0; t && k < t->len; k++)
			if (!g_ptr_array_find_with_equal_func(out, t->pdata[k], g_str_equal, NULL))
				g_ptr_array_add(out, t->pdata[k]);
	}
	return out;
}

static enum vox_ui_msg
setting_msg(const char *setting)
{
	if (str_eq(setting, "urban"))
		return VOX_UI_G_URBAN;
	if (str_eq(setting, "rural"))
		return VOX_UI_G_RURAL;
	return VOX_UI_G_OTHER;
}

static void
site_setting(struct build *b, GString *out, const char *slug)
{
	const struct vox_site *s = find_site(b, slug);

	if (!s || !s->setting || !*s->setting)
		return;
	g_string_append(out, " <span class=\"setting\">(");
	say(b, out, setting_msg(s->setting));
	g_string_append(out, ")</span>");
}

/* The photo a pair's or a site's cover shows: the chosen one when the gallery holds it
 * (its audience may see it), else the first the gallery holds. NULL when none. */
static const struct item *
cover_of(GPtrArray *items, int64_t chosen)
{
	for (guint i = 0; chosen > 0 && i < items->len; i++) {
		const struct item *it = items->pdata[i];

		if (it->p->rowid == chosen)
			return it;
	}
	return items->len > 0 ? items->pdata[0] : NULL;
}

static int64_t
pair_cover(const struct build *b, const char *slug)
{
	GPtrArray *pairs = b->data->names ? b->data->names->pairs : NULL;

	for (guint i = 0; pairs && i < pairs->len; i++) {
		const struct vox_pair *p = pairs->pdata[i];

		if (str_eq(p->slug, slug))
			return p->cover;
	}
	return 0;
}

/* Names in every interface language joined as say() joins words; a name the same in
 * both is written once. */
static void
say_name(struct build *b, GString *out, const char *kind, const char *slug)
{
	g_autofree char *first = name_html(b, kind, slug, b->langs[0]);

	g_string_append(out, first);
	if (b->nlangs > 1) {
		g_autofree char *second = name_html(b, kind, slug, b->langs[1]);

		if (strcmp(first, second) != 0) {
			lang_open(b, out, 1);
			g_string_append(out, second);
			lang_close(out, 1);
		}
	}
}

static int
index_page(struct build *b)
{
	g_autoptr(GPtrArray) pairs = distinct(b, 0, NULL);
	g_autoptr(GPtrArray) themes = used_themes(b);
	g_autofree char *nv = nav(b, NULL);
	GString *out = g_string_new(NULL);
	struct vox_html_page pg;
	int ret;

	shell(b, &pg, NULL, nv);
	begin(b, out, &pg);
	vox_html_printf(out, "<h1>%s</h1>\n<p class=\"lead\">", pg.site_title);
	for (int i = 0; i < b->nlangs; i++) {
		g_autofree char *np = photos_of(b, b->langs[i], (int)b->items->len);
		g_autofree char *nr = count_of(b, b->langs[i], (int)pairs->len, VOX_UI_G_PAIRS_1,
		    VOX_UI_G_PAIRS_N);
		g_autofree char *lead = fill(b, b->langs[i], VOX_UI_G_LEAD, 1, np, nr, NULL);

		lang_open(b, out, i);
		g_string_append(out, lead);
		lang_close(out, i);
	}
	g_string_append(out, " <a href=\"stories.html\">");
	say(b, out, VOX_UI_G_READ_ALL);
	g_string_append(out, "</a></p>\n<section aria-labelledby=\"pairs\">\n<h2 id=\"pairs\">");
	say(b, out, VOX_UI_G_PAIRS_HEADING);
	g_string_append(out, "</h2>\n");
	for (guint i = 0; i < pairs->len; i++) {
		const char *slug = pairs->pdata[i];
		g_autoptr(GPtrArray) sites = distinct(b, 1, slug);
		g_autoptr(GPtrArray) in_pair = items_where(b, slug, NULL, NULL);
		g_autofree char *pf = page_name("pair", slug);
		const struct item *cover = cover_of(in_pair, pair_cover(b, slug));

		/* The cover is a picture of the pair, beside its name: the link's words are the
		 * name, so the picture's alt is empty. */
		vox_html_printf(out, "<div class=\"pair\">\n<a class=\"cover\" href=\"%s\">\n", pf);
		if (cover)
			picture(out, cover, CARD_SIZES, i > 0, "");
		g_string_append(out, "<span class=\"title\">");
		say_name(b, out, "pair", slug);
		g_string_append(out, "</span>\n</a>\n<p>");
		say_count(b, out, (int)in_pair->len);
		g_string_append(out, "</p>\n<ul class=\"sites\">\n");
		for (guint k = 0; k < sites->len; k++) {
			const char *s = sites->pdata[k];
			g_autoptr(GPtrArray) at = items_where(b, NULL, s, NULL);
			g_autofree char *sf = page_name("site", s);
			const struct vox_site *site = find_site(b, s);
			const struct item *sc = cover_of(at, site ? site->cover : 0);

			vox_html_printf(out, "<li><a href=\"%s\">", sf);
			if (sc)
				picture(out, sc, "8rem", 1, "");
			g_string_append(out, "<span class=\"name\">");
			say_name(b, out, "site", s);
			g_string_append(out, "</span></a>");
			site_setting(b, out, s);
			g_string_append(out, "<span class=\"count\">: ");
			say_count(b, out, (int)at->len);
			g_string_append(out, "</span></li>\n");
		}
		g_string_append(out, "</ul>\n</div>\n");
	}
	if (pairs->len == 0) {
		g_string_append(out, "<p>");
		say(b, out, VOX_UI_G_NONE_SHARED);
		g_string_append(out, "</p>\n");
	}
	g_string_append(out, "</section>\n");
	if (themes->len > 0) {
		g_string_append(out, "<section aria-labelledby=\"themes\">\n<h2 id=\"themes\">");
		say(b, out, VOX_UI_THEMES);
		g_string_append(out, "</h2>\n<ul class=\"themes\">\n");
		for (guint i = 0; i < themes->len; i++) {
			g_autoptr(GPtrArray) with = items_where(b, NULL, NULL, themes->pdata[i]);
			g_autofree char *tf = page_name("theme", themes->pdata[i]);

			vox_html_printf(out, "<li><a href=\"%s\">", tf);
			say_name(b, out, "theme", themes->pdata[i]);
			g_string_append(out, "</a><span class=\"count\">: ");
			say_count(b, out, (int)with->len);
			g_string_append(out, "</span></li>\n");
		}
		g_string_append(out, "</ul>\n</section>\n");
	}
	vox_html_page_end(out, &pg);
	ret = write_page(b, "index.html", out);
	g_string_free(out, TRUE);
	return ret;
}

/* The heading of a site's part of a pair page. */
static void
site_section_begin(struct build *b, GString *out, const char *s)
{
	g_autoptr(GPtrArray) at = items_where(b, NULL, s, NULL);
	g_autofree char *sf = page_name("site", s);
	g_autofree char *id = safe_name(s);

	vox_html_printf(out, "<section aria-labelledby=\"s-%s\">\n<h2 id=\"s-%s\">", id, id);
	vox_html_printf(out, "<a href=\"%s\">", sf);
	say_name(b, out, "site", s);
	g_string_append(out, "</a>");
	site_setting(b, out, s);
	g_string_append(out, "</h2>\n<p>");
	say_count(b, out, (int)at->len);
	g_string_append(out, "</p>\n");
}

/*
 * Writes a listing of items as file and, past PAGE_PHOTOS, its further pages: each has the
 * title and heading name (numbered when there are several pages), intro (trusted markup,
 * may be NULL), that page's cards, under a section for each site when by_site (items are
 * then in the order of their sites), and the numbered links to every page. Printed, a
 * listing is a contact sheet: small pictures, each with its ref and title, many a sheet.
 */
static int
listing(struct build *b, const char *file, const char *name, const char *nv,
    const char *intro, GPtrArray *items, int by_site)
{
	int npages = npages_of(items->len);

	for (int k = 0; k < npages; k++) {
		guint from = (guint)k * PAGE_PHOTOS;
		guint to = MIN(items->len, from + PAGE_PHOTOS);
		g_autofree char *f = page_file(file, k);
		g_autofree char *title = page_title(b, name, k, npages);
		g_autoptr(GPtrArray) slice = g_ptr_array_new();
		GString *out = g_string_new(NULL);
		struct vox_html_page pg;
		int ret;

		shell(b, &pg, title, nv);
		begin(b, out, &pg);
		vox_html_printf(out, "<h1>%s</h1>\n", title);
		if (intro)
			g_string_append(out, intro);
		g_string_append(out, "<p class=\"sheet-note\">");
		say(b, out, VOX_UI_G_CONTACT_SHEET);
		g_string_append(out, "</p>\n");
		for (guint i = from; i < to; i++) {
			const struct item *it = items->pdata[i];
			const struct item *nx = i + 1 < to ? items->pdata[i + 1] : NULL;

			g_ptr_array_add(slice, items->pdata[i]);
			if (!by_site || (nx && str_eq(nx->p->site, it->p->site)))
				continue;
			/* The last photo of a site on this page: its section. */
			site_section_begin(b, out, it->p->site);
			cards(b, out, slice);
			g_string_append(out, "</section>\n");
			g_ptr_array_set_size(slice, 0);
		}
		if (!by_site)
			cards(b, out, slice);
		pages_nav(b, out, file, k, npages);
		vox_html_page_end(out, &pg);
		ret = write_page(b, f, out);
		g_string_free(out, TRUE);
		if (ret != 0)
			return -1;
	}
	return 0;
}

static int
pair_page(struct build *b, const char *slug)
{
	g_autoptr(GPtrArray) sites = distinct(b, 1, slug);
	g_autoptr(GPtrArray) in_order = g_ptr_array_new();
	g_autofree char *nv = nav(b, NULL);
	g_autofree char *file = page_name("pair", slug);

	for (guint k = 0; k < sites->len; k++) {
		g_autoptr(GPtrArray) at = items_where(b, NULL, sites->pdata[k], NULL);

		for (guint i = 0; i < at->len; i++)
			g_ptr_array_add(in_order, at->pdata[i]);
	}
	return listing(b, file, name_text(b, "pair", slug), nv, NULL, in_order, 1);
}

/* "An urban site in the Cornwall twins pair." as a whole sentence of each language. */
static enum vox_ui_msg
site_sentence(const struct vox_site *s, int in_pair)
{
	const char *setting = s ? s->setting : NULL;

	if (str_eq(setting, "urban"))
		return in_pair ? VOX_UI_G_SITE_URBAN_IN : VOX_UI_G_SITE_URBAN;
	if (str_eq(setting, "rural"))
		return in_pair ? VOX_UI_G_SITE_RURAL_IN : VOX_UI_G_SITE_RURAL;
	return in_pair ? VOX_UI_G_SITE_OTHER_IN : VOX_UI_G_SITE_OTHER;
}

static int
site_page(struct build *b, const char *slug)
{
	g_autoptr(GPtrArray) at = items_where(b, NULL, slug, NULL);
	const struct item *first = at->len ? at->pdata[0] : NULL;
	const char *pair = first ? first->p->pair : NULL;
	g_autofree char *file = page_name("site", slug);
	g_autofree char *pf = pair ? page_name("pair", pair) : NULL;
	g_autofree char *crumb = NULL;
	g_autofree char *nv = NULL;
	GString *intro = g_string_new("<p>");
	const struct vox_site *s = find_site(b, slug);
	int ret;

	if (pair) {
		GString *c = g_string_new(NULL);

		vox_html_printf(c, "<li><a href=\"%s\">", pf);
		say_name(b, c, "pair", pair);
		g_string_append(c, "</a></li>\n");
		crumb = g_string_free(c, FALSE);
	}
	nv = nav(b, crumb);
	for (int i = 0; i < b->nlangs; i++) {
		g_autofree char *link = NULL;
		g_autofree char *sentence = NULL;
		g_autofree char *count = photos_of(b, b->langs[i], (int)at->len);
		g_autofree char *counted = fill(b, b->langs[i], VOX_UI_G_COUNT, 1, count, NULL,
		    NULL);

		if (pair) {
			g_autofree char *pn = name_html(b, "pair", pair, b->langs[i]);
			GString *l = g_string_new(NULL);

			vox_html_printf(l, "<a href=\"%s\">", pf);
			g_string_append(l, pn);
			g_string_append(l, "</a>");
			link = g_string_free(l, FALSE);
		}
		sentence = fill(b, b->langs[i], site_sentence(s, pair != NULL), 1, link, NULL, NULL);
		lang_open(b, intro, i);
		g_string_append_printf(intro, "%s %s", sentence, counted);
		lang_close(intro, i);
	}
	g_string_append(intro, "</p>\n");
	ret = listing(b, file, name_text(b, "site", slug), nv, intro->str, at, 0);
	g_string_free(intro, TRUE);
	return ret;
}

static int
theme_page(struct build *b, const char *slug)
{
	g_autoptr(GPtrArray) with = items_where(b, NULL, NULL, slug);
	g_autofree char *file = page_name("theme", slug);
	g_autofree char *nv = nav(b, NULL);
	GString *intro = g_string_new("<p>");
	int ret;

	for (int i = 0; i < b->nlangs; i++) {
		g_autofree char *count = photos_of(b, b->langs[i], (int)with->len);
		g_autofree char *s = fill(b, b->langs[i], VOX_UI_G_THEME_INTRO, 1, count, NULL, NULL);

		lang_open(b, intro, i);
		g_string_append(intro, s);
		lang_close(intro, i);
	}
	g_string_append(intro, "</p>\n");
	ret = listing(b, file, name_text(b, "theme", slug), nv, intro->str, with, 0);
	g_string_free(intro, TRUE);
	return ret;
}

/* One version of a caption (the original or its translation): its own element, its own
 * lang. heading_title: whether its title is shown here (the page's h1 shows the first). */
static void
caption_block(struct build *b, GString *out, const struct vox_caption *c,
    const char *cls, int heading_title, int heading_level)
{
	const char *lang = caption_lang(b, c);

	vox_html_printf(out, "<div class=\"%s\" lang=\"%s\">\n", cls, lang);
	if (heading_title && c->title && *c->title)
		vox_html_printf(out, "<h%d>%s</h%d>\n", heading_level, c->title, heading_level);
	vox_html_paragraphs(out, c->story);
	if (c->prompt_keys && c->prompt_keys->len > 0) {
		int any = 0;

		for (guint i = 0; i < c->prompt_keys->len; i++) {
			const char *a = c->prompt_answers->pdata[i];

			if (!a || !*a)
				continue;
			if (!any)
				g_string_append(out, "<dl class=\"prompts\">\n");
			any = 1;
			/* The questions are the interface's, in its languages. */
			if (strcmp(lang, b->lang) != 0)
				vox_html_printf(out, "<dt lang=\"%s\">", b->lang);
			else
				g_string_append(out, "<dt>");
			for (int l = 0; l < b->nlangs; l++) {
				g_autofree char *q = question_html(b, c->prompt_keys->pdata[i],
				    b->langs[l]);

				lang_open(b, out, l);
				g_string_append(out, q);
				lang_close(out, l);
			}
			g_string_append(out, "</dt>\n<dd>");
			vox_html_paragraphs(out, a);
			g_string_append(out, "</dd>\n");
		}
		if (any)
			g_string_append(out, "</dl>\n");
	}
	g_string_append(out, "</div>\n");
}

/* A term of the facts list in the interface's languages. */
static void
fact(struct build *b, GString *out, enum vox_ui_msg id, const char *cls)
{
	g_string_append(out, "<dt>");
	say(b, out, id);
	if (cls)
		vox_html_printf(out, "</dt><dd class=\"%s\">", cls);
	else
		g_string_append(out, "</dt><dd>");
}

/* Ref, site, session date and theme links. */
static void
facts(struct build *b, GString *out, const struct vox_photo *p)
{
	GPtrArray *t = p->caption ? p->caption->themes : NULL;

	g_string_append(out, "<dl class=\"facts\">\n");
	fact(b, out, VOX_UI_COL_PHOTO, "ref");
	vox_html_printf(out, "%s</dd>\n", p->ref);
	if (p->site) {
		g_autofree char *sf = page_name("site", p->site);

		fact(b, out, VOX_UI_G_SITE, NULL);
		vox_html_printf(out, "<a href=\"%s\">", sf);
		say_name(b, out, "site", p->site);
		g_string_append(out, "</a>");
		site_setting(b, out, p->site);
		g_string_append(out, "</dd>\n");
	}
	if (p->session_date && vox_catalog_valid_date(p->session_date)) {
		fact(b, out, VOX_UI_G_SESSION, NULL);
		vox_html_printf(out, "<time datetime=\"%s\">", p->session_date);
		for (int l = 0; l < b->nlangs; l++) {
			g_autofree char *date = human_date(b, b->langs[l], p->session_date);

			lang_open(b, out, l);
			vox_html_printf(out, "%s", date);
			lang_close(out, l);
		}
		g_string_append(out, "</time></dd>\n");
	}
	if (t && t->len > 0) {
		fact(b, out, t->len == 1 ? VOX_UI_G_THEME : VOX_UI_THEMES, NULL);
		g_string_append(out, "<ul class=\"tags\">\n");
		for (guint i = 0; i < t->len; i++) {
			g_autofree char *tf = page_name("theme", t->pdata[i]);

			vox_html_printf(out, "<li><a href=\"%s\">", tf);
			say_name(b, out, "theme", t->pdata[i]);
			g_string_append(out, "</a></li>\n");
		}
		g_string_append(out, "</ul></dd>\n");
	}
	g_string_append(out, "</dl>\n");
}

/* A photo's voice story: played with the browser's own controls, loaded only when asked
 * for, and its transcript beside it as text, which is what makes it accessible. */
static int
voice(struct build *b, GString *out, const struct item *it)
{
	const struct vox_audio *a = b->data->audio ? g_hash_table_lookup(b->data->audio, it->p) :
	    NULL;
	const struct vox_caption *c = it->p->caption;
	g_autofree char *name = NULL;

	if (!a)
		return 0;
	name = g_strdup_printf("audio/%s.%s", it->stem, a->ext);
	note(b, name, a->sha256, strlen(a->sha256));
	if (!b->check) {
		g_autofree char *dir = g_build_filename(b->tmp, "audio", NULL);
		g_autofree char *path = g_build_filename(b->tmp, name, NULL);
		GBytes *bytes;
		int r;

		if (g_mkdir_with_parents(dir, 0755) != 0)
			return vox_error_system("gallery", "'%s'", dir);
		/* Nothing trusted twice (privacy rule 8). */
		bytes = vox_store_read_verified(a->path, a->sha256);
		if (!bytes)
			return -1;
		r = write_new(path, g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes));
		g_bytes_unref(bytes);
		if (r != 0)
			return -1;
	}
	vox_html_printf(out, "<section class=\"voice\" aria-labelledby=\"voice-%s\">\n"
	    "<h2 id=\"voice-%s\">", it->stem, it->stem);
	for (int i = 0; i < b->nlangs; i++) {
		g_autofree char *l = vox_ui_length(b->langs[i], a->duration_ms);
		g_autofree char *h = fill(b, b->langs[i], VOX_UI_VOICE_STORY, 0, l, NULL, NULL);

		b->used[(a->duration_ms + 500) / 1000 >= 60 ? VOX_UI_LEN_MIN_S : VOX_UI_LEN_S] = 1;
		lang_open(b, out, i);
		vox_html_printf(out, "%s", h);
		lang_close(out, i);
	}
	vox_html_printf(out, "</h2>\n<audio controls preload=\"none\" src=\"%s\"></audio>\n",
	    name);
	if (c->transcript) {
		g_string_append(out, "<div class=\"transcript\">\n<h3>");
		say(b, out, VOX_UI_TRANSCRIPT);
		vox_html_printf(out, "</h3>\n<div lang=\"%s\">\n", caption_lang(b, c));
		vox_html_paragraphs(out, c->transcript);
		g_string_append(out, "</div>\n");
		if (c->translation && c->translation->transcript) {
			vox_html_printf(out, "<div class=\"translation\" lang=\"%s\">\n",
			    caption_lang(b, c->translation));
			vox_html_paragraphs(out, c->translation->transcript);
			g_string_append(out, "</div>\n");
		}
		g_string_append(out, "</div>\n");
	} else {
		g_string_append(out, "<p class=\"transcript\">");
		say(b, out, VOX_UI_NO_TRANSCRIPT);
		g_string_append(out, "</p>\n");
	}
	g_string_append(out, "</section>\n");
	return 0;
}

/*
 * A photo's page. On a phone the photo starts within the first screen: the crumbs say
 * where it is (its site's link is the way up), and one line holds the previous and next
 * links around its position. Printed, it is one sheet with its story and translation.
 */
static int
photo_page(struct build *b, const struct item *it)
{
	const struct vox_photo *p = it->p;
	const struct vox_caption *c = p->caption;
	const struct item *prev = it->index > 0 ? b->items->pdata[it->index - 1] : NULL;
	const struct item *next = (guint)it->index + 1 < b->items->len ?
	    b->items->pdata[it->index + 1] : NULL;
	const char *t = title_of(it);
	g_autofree char *sl = p->site ? page_name("site", p->site) : NULL;
	g_autofree char *pl = p->pair ? page_name("pair", p->pair) : NULL;
	g_autofree char *sf = sl ? page_file(sl, it->site_pos / PAGE_PHOTOS) : NULL;
	g_autofree char *pf = pl ? page_file(pl, it->pair_pos / PAGE_PHOTOS) : NULL;
	g_autofree char *page_title = t ? g_strdup(t) :
	    fill(b, b->lang, VOX_UI_G_PHOTO_REF, 0, p->ref, NULL, NULL);
	g_autofree char *nv = NULL;
	g_autofree char *photos_label = say_text(b, VOX_UI_G_PHOTOS_NAV, NULL, NULL, NULL);
	char n1[16], n2[16];
	GString *crumb = g_string_new(NULL);
	GString *out = g_string_new(NULL);
	struct vox_html_page pg;
	int ret;

	if (pf) {
		vox_html_printf(crumb, "<li><a href=\"%s\">", pf);
		say_name(b, crumb, "pair", p->pair);
		g_string_append(crumb, "</a></li>\n");
	}
	if (sf) {
		vox_html_printf(crumb, "<li><a rel=\"up\" href=\"%s\">", sf);
		say_name(b, crumb, "site", p->site);
		g_string_append(crumb, "</a></li>\n");
	}
	nv = nav(b, crumb->str);
	g_string_free(crumb, TRUE);
	shell(b, &pg, page_title, nv);
	begin(b, out, &pg);
	if (t) {
		vox_html_printf(out, "<h1 lang=\"%s\">%s</h1>\n", caption_lang(b, c), t);
	} else {
		g_autofree char *ref = vox_html_escape(p->ref);

		g_string_append(out, "<h1>");
		say_args(b, out, VOX_UI_G_PHOTO_REF, ref, NULL);
		g_string_append(out, "</h1>\n");
	}
	vox_html_printf(out, "<nav aria-label=\"%s\">\n<ul class=\"pager\">\n", photos_label);
	if (prev) {
		vox_html_printf(out, "<li><a rel=\"prev\" href=\"%s\">", prev->file);
		say(b, out, VOX_UI_G_PREV_PHOTO);
		g_string_append(out, "</a></li>\n");
	}
	g_snprintf(n1, sizeof(n1), "%d", it->index + 1);
	g_snprintf(n2, sizeof(n2), "%u", b->items->len);
	g_string_append(out, "<li class=\"position\">");
	say_args(b, out, VOX_UI_PHOTO_N_OF, n1, n2);
	g_string_append(out, "</li>\n");
	if (next) {
		vox_html_printf(out, "<li><a rel=\"next\" href=\"%s\">", next->file);
		say(b, out, VOX_UI_G_NEXT_PHOTO);
		g_string_append(out, "</a></li>\n");
	}
	g_string_append(out, "</ul>\n</nav>\n<figure>\n");
	if (it->d->nsizes > 0 && it->d->sizes[it->d->nsizes - 1].width < 1024) {
		/* Smaller than the column: shown at its own size, never stretched. */
		int wd = it->d->sizes[it->d->nsizes - 1].width;
		g_autofree char *sizes = g_strdup_printf("(min-width: %dpx) %dpx, "
		    "calc(100vw - 2rem)", wd + 32, wd);

		picture(out, it, sizes, 0, NULL);
	} else {
		picture(out, it, PHOTO_SIZES, 0, NULL);
	}
	g_string_append(out, "<figcaption>\n<div class=\"captions\">\n");
	caption_block(b, out, c, "caption", 0, 2);
	if (c->translation)
		caption_block(b, out, c->translation, "caption translation", 1, 2);
	g_string_append(out, "</div>\n");
	if (voice(b, out, it) != 0) {
		g_string_free(out, TRUE);
		return -1;
	}
	facts(b, out, p);
	g_string_append(out, "</figcaption>\n</figure>\n");
	vox_html_page_end(out, &pg);
	ret = write_page(b, it->file, out);
	g_string_free(out, TRUE);
	return ret;
}

static int
stories_page(struct build *b)
{
	g_autofree char *nv = nav(b, NULL);
	g_autofree char *title = say_text(b, VOX_UI_G_ALL_STORIES, NULL, NULL, NULL);
	GString *out = g_string_new(NULL);
	struct vox_html_page pg;
	int ret;

	shell(b, &pg, title, nv);
	begin(b, out, &pg);
	g_string_append(out, "<h1>");
	say(b, out, VOX_UI_G_ALL_STORIES);
	g_string_append(out, "</h1>\n<p>");
	say(b, out, VOX_UI_G_STORIES_INTRO);
	g_string_append(out, "</p>\n");
	for (guint i = 0; i < b->items->len; i++) {
		const struct item *it = b->items->pdata[i];
		const struct vox_caption *c = it->p->caption;
		const char *t = title_of(it);
		g_autofree char *id = safe_name(it->p->ref);

		vox_html_printf(out, "<article class=\"story\" aria-labelledby=\"t-%s\">\n", id);
		if (t) {
			vox_html_printf(out, "<h2 id=\"t-%s\"><a href=\"%s\" lang=\"%s\">%s</a></h2>\n",
			    id, it->file, caption_lang(b, c), t);
		} else {
			g_autofree char *ref = vox_html_escape(it->p->ref);

			vox_html_printf(out, "<h2 id=\"t-%s\"><a href=\"%s\">", id, it->file);
			say_args(b, out, VOX_UI_G_PHOTO_REF, ref, NULL);
			g_string_append(out, "</a></h2>\n");
		}
		g_string_append(out, "<div class=\"captions\">\n");
		caption_block(b, out, c, "caption", 0, 3);
		if (c->translation)
			caption_block(b, out, c->translation, "caption translation", 1, 3);
		g_string_append(out, "</div>\n");
		facts(b, out, it->p);
		g_string_append(out, "</article>\n");
	}
	vox_html_page_end(out, &pg);
	ret = write_page(b, "stories.html", out);
	g_string_free(out, TRUE);
	return ret;
}

/* Puts a cached derivative into the gallery: its own copy (a reflink where the file system
 * has them), never a hard link, so that editing a published image (an exiftool -Artist=…)
 * cannot change the cache, older galleries and the next archive (privacy rule 8). */
static int
place(const char *from, const char *to)
{
	return vox_copy_file(from, to);
}

static void
item_free(struct item *it)
{
	g_free(it->file);
	g_free(it->stem);
	g_free(it->alt);
	g_free(it);
}

/*
 * Takes the photos of the gallery into b->items: those whose consent allows the audience
 * (checked here again, whatever selected them) and that have a caption. A photo without
 * alt text gets one that says so, and a warning; so does a voice story without a transcript
 * (*no_transcript counts them). Returns how many had no alt text.
 */
static int
select_photos(struct build *b, struct vox_gallery_result *res, int *no_transcript)
{
	const struct vox_gallery_data *data = b->data;
	const struct vox_gallery_opts *opts = b->opts;
	int missing_alt = 0;

	for (guint i = 0; data->photos && i < data->photos->len; i++) {
		const struct vox_photo *p = data->photos->pdata[i];
		struct item *it;

		if (!vox_consent_allows(p->audience, p->people, p->sensitive, opts->audience,
		    opts->allow_sensitive_public) || !p->caption || !p->ref || !p->path) {
			res->left_out++;
			continue;
		}
		it = g_new0(struct item, 1);
		it->p = p;
		it->index = (int)b->items->len;
		it->stem = safe_name(p->ref);
		it->file = page_name("photo", p->ref);
		if (!blank(p->caption->alt)) {
			it->alt = g_strdup(p->caption->alt);
		} else {
			/* Never a file name: say which photo it is and that it is not described. */
			it->alt = say_text(b, VOX_UI_G_ALT_MISSING, p->ref, NULL, NULL);
			g_ptr_array_add(res->warnings, g_strdup_printf("'%s': no alt text%s", p->ref,
			    opts->strict ? "" : "; the gallery says it has no description yet"));
			missing_alt++;
		}
		if (data->audio && g_hash_table_lookup(data->audio, p) &&
		    blank(p->caption->transcript)) {
			/* A transcript is what makes a story accessible to those who cannot hear
			 * it. */
			g_ptr_array_add(res->warnings, g_strdup_printf("'%s': its voice story has no "
			    "transcript%s", p->ref, opts->strict ? "" : "; the gallery says none is "
			    "written yet (vox caption --transcript)"));
			(*no_transcript)++;
		}
		g_ptr_array_add(b->items, it);
	}
	res->photos = (int)b->items->len;
	return missing_alt;
}

/* Copies every size of the photo it shows, JPEG and WebP, into img/ (b->img): all of
 * them, or none (what was copied goes again) and -1 with an error. */
static int
place_sizes(const struct build *b, const struct item *it, const struct vox_derived *d)
{
	GPtrArray *done = g_ptr_array_new_with_free_func(g_free);
	int ret = 0;

	for (int k = 0; ret == 0 && k < d->nsizes; k++) {
		const struct vox_derived_size *z = &d->sizes[k];
		const char *from[] = { z->jpeg, z->webp }, *ext[] = { "jpg", "webp" };

		for (int f = 0; ret == 0 && f < 2; f++) {
			char *to = g_strdup_printf("%s/%s-%d.%s", b->img, it->stem, z->width,
			    ext[f]);

			g_ptr_array_add(done, to);
			ret = place(from[f], to);
		}
	}
	for (guint i = 0; ret != 0 && i < done->len; i++)
		unlink(done->pdata[i]);
	g_ptr_array_unref(done);
	return ret;
}

/*
 * A photo's sizes just made, on a derive worker: its images go into the folder being
 * built at once, beside the work of the other workers, rather than all after the last
 * photo (some 4 s of a minute for 1,000 photos, on one core). A photo whose every size was
 * cached is placed by write_images(), after a rebuild has been found to change something.
 * A copy that fails here is made again there, where its error is told.
 */
static void
placed_early(size_t i, const struct vox_derived *d, void *data)
{
	struct build *b = data;
	struct item *it = b->items->pdata[i];

	it->placed = place_sizes(b, it, d) == 0;
}

/*
 * Makes the sizes of every photo in the cache. A photo that could not be made is left out
 * of b->items with a warning. Returns the array that owns each item's derivatives, or NULL
 * with an error.
 */
static GPtrArray *
derive_photos(struct build *b, const char *cache_dir, struct vox_gallery_result *res)
{
	struct vox_derive_src *srcs = g_new0(struct vox_derive_src,
	    b->items->len ? b->items->len : 1);
	struct vox_derive_opts dopts;
	GPtrArray *derived;

	for (guint i = 0; i < b->items->len; i++) {
		const struct vox_photo *p = ((struct item *)b->items->pdata[i])->p;

		srcs[i].sha256 = p->sha256;
		srcs[i].path = p->path;
		srcs[i].width = p->width;
		srcs[i].height = p->height;
	}
	dopts = b->opts->derive;
	dopts.made = placed_early;
	dopts.made_data = b;
	derived = vox_derive_run(cache_dir, srcs, b->items->len, &dopts);
	g_free(srcs);
	if (!derived)
		return NULL;
	for (guint i = 0, k = 0; i < derived->len; i++) {
		struct item *it = b->items->pdata[k];
		struct vox_derived *d = derived->pdata[i];

		if (d->error || d->nsizes == 0) {
			/* One unreadable photo does not cost the group its gallery. */
			g_ptr_array_add(res->warnings, g_strdup_printf("'%s': left out: %s",
			    it->p->ref, d->error ? d->error : "no size to show"));
			res->refused++;
			g_ptr_array_remove_index(b->items, k);
			continue;
		}
		it->d = d;
		it->index = (int)k;
		k++;
	}
	res->photos = (int)b->items->len;
	return derived;
}

/* Puts every size of every photo, JPEG and WebP, into img/ of the folder being built
 * (those a derive worker has not placed already). */
static int
write_images(struct build *b)
{
	for (guint i = 0; i < b->items->len; i++) {
		struct item *it = b->items->pdata[i];

		for (int k = 0; k < it->d->nsizes; k++) {
			const struct vox_derived_size *z = &it->d->sizes[k];
			g_autofree char *j = g_strdup_printf("img/%s-%d.jpg", it->stem, z->width);
			g_autofree char *w = g_strdup_printf("img/%s-%d.webp", it->stem, z->width);

			/* Derivatives are named by their photo's hash and width. */
			note(b, j, z->jpeg, strlen(z->jpeg));
			note(b, w, z->webp, strlen(z->webp));
		}
		if (b->check || it->placed)
			continue;
		if (place_sizes(b, it, it->d) != 0)
			return -1;
		it->placed = 1;
	}
	return 0;
}

static int
write_style(struct build *b)
{
	g_autofree char *css = NULL;

	note(b, "style.css", vox_gallery_css, strlen(vox_gallery_css));
	if (b->check)
		return 0;
	css = g_build_filename(b->tmp, "style.css", NULL);
	return write_new(css, vox_gallery_css, strlen(vox_gallery_css));
}

/* The digest of the gallery just written, as the last file in it. */
static int
write_digest(struct build *b)
{
	g_autofree char *path = g_build_filename(b->tmp, DIGEST_FILE, NULL);
	g_autofree char *line = g_strdup_printf("%s\n", g_checksum_get_string(b->digest));

	return write_new(path, line, strlen(line));
}

/*
 * 1 when the gallery in outdir is the one this build would write: every file there, and
 * the same digest. Renders every page without writing it, so the cost is that of the
 * pages, not of the files: a rebuild with nothing changed then leaves the gallery as it is.
 */
static int
unchanged(struct build *b, const char *outdir)
{
	g_autofree char *path = g_build_filename(outdir, DIGEST_FILE, NULL);
	g_autofree char *old = NULL;
	int same;

	if (!g_file_get_contents(path, &old, NULL, NULL))
		return 0;
	b->check = outdir;
	b->digest = g_checksum_new(G_CHECKSUM_SHA256);
	same = write_images(b) == 0 && write_style(b) == 0 && write_pages(b) == 0 &&
	    b->missing == 0 && strlen(old) == 65 &&
	    strncmp(old, g_checksum_get_string(b->digest), 64) == 0;
	g_checksum_free(b->digest);
	b->digest = NULL;
	b->check = NULL;
	b->missing = 0;
	if (!same)
		b->pages = 0;
	return same;
}

/* The index and stories pages, a page per pair, site and theme, and one per photo. */
/* Each photo's place in its site's and its pair's listings, so that its page links to the
 * page of each listing that shows it. */
static void
place_in_listings(struct build *b)
{
	g_autoptr(GPtrArray) pairs = distinct(b, 0, NULL);

	for (guint i = 0; i < pairs->len; i++) {
		g_autoptr(GPtrArray) sites = distinct(b, 1, pairs->pdata[i]);
		int offset = 0;

		for (guint k = 0; k < sites->len; k++) {
			g_autoptr(GPtrArray) at = items_where(b, NULL, sites->pdata[k], NULL);

			for (guint j = 0; j < at->len; j++) {
				struct item *it = at->pdata[j];

				it->site_pos = (int)j;
				it->pair_pos = offset + (int)j;
			}
			offset += (int)at->len;
		}
	}
}

static int
write_pages(struct build *b)
{
	g_autoptr(GPtrArray) pairs = distinct(b, 0, NULL);
	g_autoptr(GPtrArray) sites = distinct(b, 1, NULL);
	g_autoptr(GPtrArray) themes = used_themes(b);

	place_in_listings(b);
	if (index_page(b) != 0 || stories_page(b) != 0)
		return -1;
	for (guint i = 0; i < pairs->len; i++)
		if (pair_page(b, pairs->pdata[i]) != 0)
			return -1;
	for (guint i = 0; i < sites->len; i++)
		if (site_page(b, sites->pdata[i]) != 0)
			return -1;
	for (guint i = 0; i < themes->len; i++)
		if (theme_page(b, themes->pdata[i]) != 0)
			return -1;
	for (guint i = 0; i < b->items->len; i++)
		if (photo_page(b, b->items->pdata[i]) != 0)
			return -1;
	return 0;
}

/* Makes the names in the folder being built, and in its img/, durable. */
static int
sync_build_dir(const struct build *b)
{
	g_autofree char *img = g_build_filename(b->tmp, "img", NULL);
	int fd = open(b->tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	/* One flush of the file system for every page and copied image (written unsynced),
	 * instead of two fsyncs a file: thousands of pages in a large gallery. */
	if (fd < 0)
		return vox_error_system("gallery", "'%s'", b->tmp);
	if (syncfs(fd) != 0) {
		vox_error_system("gallery", "'%s': syncfs", b->tmp);
		close(fd);
		return -1;
	}
	close(fd);
	if (vox_fsync_dir(img) != 0 || vox_fsync_dir(b->tmp) != 0)
		return -1;
	return 0;
}

/* Takes the interface languages from spec ("en", "cy", "cy+en"; NULL: "en"). */
static int
ui_langs(struct build *b, const char *spec)
{
	g_auto(GStrv) l = NULL;

	b->ui_langs = g_strdup(spec && *spec ? spec : "en");
	l = g_strsplit(b->ui_langs, "+", -1);
	if (!l[0] || g_strv_length(l) > 2 || (l[1] && strcmp(l[0], l[1]) == 0))
		return vox_error_k(VOX_ERR_USAGE, "gallery", "'%s': interface languages are one "
		    "language or two joined by '+' (cy+en)", b->ui_langs);
	for (int i = 0; l[i]; i++) {
		if (!vox_ui_lang_valid(l[i]))
			return vox_error_k(VOX_ERR_USAGE, "gallery", "'%s': no interface words in "
			    "this language (en, cy)", l[i]);
		/* Static strings of the table, which outlive the build. */
		for (int k = 0; vox_ui_langs[k]; k++)
			if (strcmp(vox_ui_langs[k], l[i]) == 0)
				b->langs[i] = vox_ui_langs[k];
		b->nlangs = i + 1;
	}
	b->lang = b->langs[0];
	return 0;
}

/* The words every page carries, made once. */
static void
interface_words(struct build *b)
{
	static const enum vox_ui_msg audience[] = { [VOX_AUDIENCE_GROUP] = VOX_UI_G_AUDIENCE_GROUP,
		[VOX_AUDIENCE_REPORT] = VOX_UI_G_AUDIENCE_REPORT,
		[VOX_AUDIENCE_PUBLIC] = VOX_UI_G_AUDIENCE_PUBLIC };
	GString *s;

	s = g_string_new(NULL);
	say(b, s, VOX_UI_G_SKIP);
	b->skip_html = g_string_free(s, FALSE);
	s = g_string_new(NULL);
	vox_pict(s, vox_pict_audience(b->opts->audience));
	say(b, s, audience[b->opts->audience]);
	b->audience_html = g_string_free(s, FALSE);
	s = g_string_new(NULL);
	say(b, s, VOX_UI_G_HOME);
	b->home_html = g_string_free(s, FALSE);
	s = g_string_new(NULL);
	say(b, s, VOX_UI_G_ALL_STORIES);
	b->stories_html = g_string_free(s, FALSE);
	b->nav_label = say_text(b, VOX_UI_G_NAV, NULL, NULL, NULL);
}

/* The Welsh (or other) words the pages used that a speaker has not yet checked. */
static void
unchecked_words(struct build *b, struct vox_gallery_result *res)
{
	res->unchecked = g_ptr_array_new_with_free_func(g_free);
	for (int l = 0; l < b->nlangs; l++)
		for (int id = 0; id < VOX_UI_N_MSGS; id++)
			if (b->used[id] && vox_ui_unchecked(b->langs[l], (enum vox_ui_msg)id))
				g_ptr_array_add(res->unchecked, g_strdup_printf("%s %s: %s",
				    b->langs[l], vox_ui_id_name((enum vox_ui_msg)id),
				    vox_ui(b->langs[l], (enum vox_ui_msg)id)));
}

int
vox_gallery_build(const struct vox_gallery_data *data, const char *cache_dir,
    const char *outdir, const struct vox_gallery_opts *opts, struct vox_gallery_result *res)
{
	struct build b = { 0 };
	struct vox_gallery_opts defaults;
	GPtrArray *derived = NULL;
	g_autofree char *tmp = NULL;
	uint64_t encodes0 = vox_derive_encodes();
	int missing_alt, no_transcript = 0, lock_fd = -1, ret = -1;

	memset(res, 0, sizeof(*res));
	res->warnings = g_ptr_array_new_with_free_func(g_free);
	if (!opts) {
		vox_gallery_opts_init(&defaults);
		opts = &defaults;
	}
	if (opts->audience < VOX_AUDIENCE_GROUP || opts->audience > VOX_AUDIENCE_PUBLIC)
		return vox_error_k(VOX_ERR_USAGE, "gallery", "'%s': a gallery's audience is "
		    "group, report or public", vox_audience_name(opts->audience));
	b.data = data;
	b.opts = opts;
	if (ui_langs(&b, opts->lang) != 0)
		goto out;
	b.audience = vox_audience_phrase(opts->audience);
	b.items = g_ptr_array_new_with_free_func((GDestroyNotify)item_free);
	interface_words(&b);

	missing_alt = select_photos(&b, res, &no_transcript);
	if (opts->strict && missing_alt) {
		vox_error_k(VOX_ERR_REFUSED, "gallery", "%d %s without alt text; nothing written",
		    missing_alt, plural(missing_alt, "photo", "photos"));
		goto out;
	}
	if (opts->strict && no_transcript) {
		vox_error_k(VOX_ERR_REFUSED, "gallery", "%d voice %s without a transcript; nothing "
		    "written", no_transcript, plural(no_transcript, "story", "stories"));
		goto out;
	}
	/* Never a folder of someone else's, nor a gallery a person added to or edited: a
	 * facilitator never loses files to a rebuild. */
	if (vox_output_replaceable(outdir, "gallery") != 1)
		goto out;
	/* Also removes what a killed build left: photos hidden beside the gallery. Made
	 * before the photos' sizes, so that each photo's images go in as soon as made. */
	tmp = vox_build_dir_new(outdir, "vox", &lock_fd);
	if (!tmp)
		goto out;
	b.img = g_build_filename(tmp, "img", NULL);
	if (g_mkdir(b.img, 0755) != 0) {
		vox_error_system("gallery", "'%s'", b.img);
		goto out;
	}
	derived = derive_photos(&b, cache_dir, res);
	if (!derived)
		goto out;
	if (unchanged(&b, outdir)) {
		/* Nothing to swap in: the empty build folder goes (and the journal of a fill
		 * cut short just after its last file). */
		vox_remove_tree(tmp);
		ret = vox_output_settle(outdir, "gallery");
		goto out;
	}
	b.tmp = tmp;
	b.digest = g_checksum_new(G_CHECKSUM_SHA256);
	if (write_images(&b) != 0 || write_style(&b) != 0 || write_pages(&b) != 0 ||
	    write_digest(&b) != 0 || vox_output_mark(tmp, "gallery") != 0 ||
	    sync_build_dir(&b) != 0)
		goto out;
	/* At every moment outdir is either the old gallery or the new one. */
	if (vox_swap_dir(tmp, outdir) != 0)
		goto out;
	ret = 0;
out:
	if (tmp && ret != 0)
		vox_remove_tree(tmp);
	if (lock_fd >= 0)
		close(lock_fd);
	res->pages = b.pages;
	res->encodes = vox_derive_encodes() - encodes0;
	if (b.digest)
		g_checksum_free(b.digest);
	if (derived)
		g_ptr_array_unref(derived);
	if (b.items)
		g_ptr_array_unref(b.items);
	unchecked_words(&b, res);
	g_free(b.img);
	g_free(b.ui_langs);
	g_free(b.skip_html);
	g_free(b.audience_html);
	g_free(b.nav_label);
	g_free(b.home_html);
	g_free(b.stories_html);
	return ret;
}

