#ifndef VOX_HTML_H
#define VOX_HTML_H

/*
 * HTML for every page photovox writes (galleries, participants' booklets): escaping of
 * text that came from a person, and the page shell every page shares — doctype, lang,
 * head with the stylesheet link, a skip link, header with the project title and the
 * audience statement, nav, main, footer. No JavaScript, no external requests.
 *
 * Escaping functions append to a GString that the caller owns. Text is expected to be
 * UTF-8; invalid sequences are replaced with U+FFFD and control characters that HTML
 * forbids are dropped, so no caption can break a page or a validator.
 */

#include <glib.h>

/* Appends text escaped for element content (& < > " ' become references). NULL appends
 * nothing. Line breaks are kept as they are (CSS decides how they show). */
void vox_html_text(GString *out, const char *text);

/* Appends text escaped for a double-quoted attribute value. NULL appends nothing. */
void vox_html_attr(GString *out, const char *text);

/* Returns text escaped for element content or attributes (the same escaping), newly
 * allocated (g_free). NULL gives "". */
char *vox_html_escape(const char *text);

/*
 * Appends printf-style formatted output in which every %s argument is escaped as by
 * vox_html_text(); other conversions are appended as printf makes them. Use %s only for
 * strings; to insert markup that is already HTML, append it separately. Conversions
 * supported: %s %d %u %ld %zu %%.
 */
void vox_html_printf(GString *out, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Whether tag is a plausible BCP 47 language tag (letters, digits and '-', 1 to 35
 * characters, starting with a letter). Tags failing this are never written to lang. */
int vox_html_lang_ok(const char *tag);

/* Appends text as paragraphs: blank lines separate <p> elements, single line breaks
 * become <br>. Everything escaped. */
void vox_html_paragraphs(GString *out, const char *text);

/* What the page shell needs. Strings are plain text (escaped here) unless named _html. */
struct vox_html_page {
	const char *lang;        /* <html lang>: the collection's language, e.g. "en" */
	const char *title;       /* the page's own title, for <title> and nothing else */
	const char *site_title;  /* the project's title, shown in the header on every page */
	const char *home_href;   /* relative link to the home page, e.g. "index.html" */
	const char *css_href;    /* relative link to the stylesheet, e.g. "style.css" */
	const char *audience;    /* statement shown on every page (vox_audience_phrase), or NULL */
	const char *nav_label;   /* accessible name of the nav, e.g. "Gallery"; NULL: "Site" */
	const char *nav_html;    /* the nav's content (a <ul> of links), trusted markup, or NULL */
	const char *footer_html; /* extra footer content, trusted markup, or NULL */
	const char *head_html;   /* extra <head> content (meta elements), trusted, or NULL */
	const char *skip_html;   /* the skip link's words, trusted markup; NULL: "Skip to content" */
	const char *audience_html; /* the audience statement as trusted markup (words in two
	                            * languages); NULL: audience as text */
};

/* Appends the doctype, <html lang>, head, skip link, header, nav and the opening of
 * <main id="main">. The page's content follows; end it with vox_html_page_end(). */
void vox_html_page_begin(GString *out, const struct vox_html_page *page);

/* Appends the closing of main, the footer (audience statement again, footer_html) and
 * the closing of the document. */
void vox_html_page_end(GString *out, const struct vox_html_page *page);

#endif
