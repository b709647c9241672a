#include <stdarg.h>
#include <string.h>

#include <glib.h>

#include "vox/html.h"

/* Characters HTML forbids in text ("control characters other than ASCII whitespace",
 * noncharacters): a validator rejects them and a browser may show them as garbage. */
static int
forbidden(gunichar c)
{
	if (c < 0x20)
		return c != '\t' && c != '\n' && c != '\r' && c != '\f';
	if (c >= 0x7f && c <= 0x9f)
		return 1;
	if (c >= 0xfdd0 && c <= 0xfdef)
		return 1;
	if ((c & 0xfffe) == 0xfffe)
		return 1;
	return 0;
}

static void
escape(GString *out, const char *text)
{
	g_autofree char *valid = NULL;
	const char *p;

	if (!text)
		return;
	if (!g_utf8_validate(text, -1, NULL))
		text = valid = g_utf8_make_valid(text, -1);
	for (p = text; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);

		switch (c) {
		case '&':
			g_string_append(out, "&amp;");
			break;
		case '<':
			g_string_append(out, "&lt;");
			break;
		case '>':
			g_string_append(out, "&gt;");
			break;
		case '"':
			g_string_append(out, "&quot;");
			break;
		case '\'':
			g_string_append(out, "&#39;");
			break;
		case '\r':
			/* CRLF and lone CR become LF, as the HTML parser would make them. */
			if (p[1] != '\n')
				g_string_append_c(out, '\n');
			break;
		default:
			if (!forbidden(c))
				g_string_append_len(out, p, g_utf8_next_char(p) - p);
		}
	}
}

void
vox_html_text(GString *out, const char *text)
{
	escape(out, text);
}

void
vox_html_attr(GString *out, const char *text)
{
	escape(out, text);
}

char *
vox_html_escape(const char *text)
{
	GString *s = g_string_new(NULL);

	escape(s, text);
	return g_string_free(s, FALSE);
}

void
vox_html_printf(GString *out, const char *fmt, ...)
{
	va_list ap;
	const char *p;

	va_start(ap, fmt);
	for (p = fmt; *p; p++) {
		if (*p != '%') {
			g_string_append_c(out, *p);
			continue;
		}
		p++;
		if (*p == '%') {
			g_string_append_c(out, '%');
		} else if (*p == 's') {
			escape(out, va_arg(ap, const char *));
		} else if (*p == 'd') {
			g_string_append_printf(out, "%d", va_arg(ap, int));
		} else if (*p == 'u') {
			g_string_append_printf(out, "%u", va_arg(ap, unsigned));
		} else if (p[0] == 'l' && p[1] == 'd') {
			g_string_append_printf(out, "%ld", va_arg(ap, long));
			p++;
		} else if (p[0] == 'z' && p[1] == 'u') {
			g_string_append_printf(out, "%zu", va_arg(ap, size_t));
			p++;
		} else {
			/* A conversion this function does not know is a programming error;
			 * stop rather than read the wrong type from the arguments. */
			g_warn_if_reached();
			break;
		}
		if (!*p)
			break;
	}
	va_end(ap);
}

int
vox_html_lang_ok(const char *tag)
{
	size_t n;

	if (!tag || !g_ascii_isalpha(tag[0]))
		return 0;
	n = strlen(tag);
	if (n > 35 || tag[n - 1] == '-')
		return 0;
	for (const char *p = tag; *p; p++)
		if (!g_ascii_isalnum(*p) && *p != '-')
			return 0;
	return strstr(tag, "--") == NULL;
}

void
vox_html_paragraphs(GString *out, const char *text)
{
	g_autofree char *norm = NULL;
	g_autofree char *valid = NULL;
	char **paras;

	if (!text)
		return;
	/* GRegex refuses invalid UTF-8: repair it here, as escape() would. */
	if (!g_utf8_validate(text, -1, NULL))
		text = valid = g_utf8_make_valid(text, -1);
	/* Normalise line ends first so that "\r\n\r\n" separates paragraphs too. */
	{
		GString *s = g_string_new(NULL);

		for (const char *p = text; *p; p++) {
			if (*p == '\r') {
				g_string_append_c(s, '\n');
				if (p[1] == '\n')
					p++;
			} else {
				g_string_append_c(s, *p);
			}
		}
		norm = g_string_free(s, FALSE);
	}
	paras = g_regex_split_simple("\\n[ \\t]*\\n\\s*", norm, 0, 0);
	if (!paras) {
		escape(out, norm);
		return;
	}
	for (char **pp = paras; *pp; pp++) {
		char *para = g_strstrip(*pp);
		char **lines;

		if (!*para)
			continue;
		g_string_append(out, "<p>");
		lines = g_strsplit(para, "\n", -1);
		for (char **l = lines; *l; l++) {
			if (l != lines)
				g_string_append(out, "<br>\n");
			escape(out, *l);
		}
		g_strfreev(lines);
		g_string_append(out, "</p>\n");
	}
	g_strfreev(paras);
}

static void
audience(GString *out, const struct vox_html_page *pg)
{
	if (pg->audience_html)
		g_string_append_printf(out, "<p class=\"audience\">%s</p>\n", pg->audience_html);
	else if (pg->audience && *pg->audience)
		vox_html_printf(out, "<p class=\"audience\">%s</p>\n", pg->audience);
}

void
vox_html_page_begin(GString *out, const struct vox_html_page *pg)
{
	const char *lang = vox_html_lang_ok(pg->lang) ? pg->lang : "en";
	const char *home = pg->home_href ? pg->home_href : "index.html";

	vox_html_printf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n", lang);
	g_string_append(out, "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	    "<meta name=\"referrer\" content=\"no-referrer\">\n");
	if (pg->title && pg->site_title && strcmp(pg->title, pg->site_title) != 0)
		vox_html_printf(out, "<title>%s — %s</title>\n", pg->title, pg->site_title);
	else
		vox_html_printf(out, "<title>%s</title>\n",
		    pg->title ? pg->title : pg->site_title ? pg->site_title : "Gallery");
	if (pg->css_href)
		vox_html_printf(out, "<link rel=\"stylesheet\" href=\"%s\">\n", pg->css_href);
	if (pg->head_html) {
		g_string_append(out, pg->head_html);
		g_string_append_c(out, '\n');
	}
	g_string_append(out, "</head>\n<body>\n<a class=\"skip\" href=\"#main\">");
	g_string_append(out, pg->skip_html ? pg->skip_html : "Skip to content");
	g_string_append(out, "</a>\n<header class=\"site\">\n");
	vox_html_printf(out, "<p class=\"project\"><a href=\"%s\">%s</a></p>\n", home,
	    pg->site_title ? pg->site_title : "Gallery");
	audience(out, pg);
	g_string_append(out, "</header>\n");
	if (pg->nav_html) {
		vox_html_printf(out, "<nav aria-label=\"%s\">\n",
		    pg->nav_label ? pg->nav_label : "Site");
		g_string_append(out, pg->nav_html);
		g_string_append(out, "\n</nav>\n");
	}
	g_string_append(out, "<main id=\"main\" tabindex=\"-1\">\n");
}

void
vox_html_page_end(GString *out, const struct vox_html_page *pg)
{
	g_string_append(out, "</main>\n<footer class=\"site\">\n");
	audience(out, pg);
	if (pg->footer_html)
		g_string_append(out, pg->footer_html);
	g_string_append(out, "</footer>\n</body>\n</html>\n");
}
