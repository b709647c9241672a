#include <string.h>

#include <criterion/criterion.h>
#include <glib.h>

#include "vox/html.h"

static char *
text(const char *s)
{
	GString *out = g_string_new(NULL);

	vox_html_text(out, s);
	return g_string_free(out, FALSE);
}

Test(html, escapes_markup_in_captions_as_text)
{
	g_autofree char *s = text("<script>alert(1)</script> & \"q\" 'a'");

	cr_assert_str_eq(s, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;a&#39;");
}

Test(html, drops_control_characters_and_repairs_bad_utf8)
{
	g_autofree char *s = text("a\x01" "b\x7f" "c\xff" "d");

	cr_assert_str_eq(s, "abc\xef\xbf\xbd" "d");
}

Test(html, printf_escapes_string_arguments_only)
{
	GString *out = g_string_new(NULL);

	vox_html_printf(out, "<a href=\"%s\">%s</a> %d of %zu", "x\"y.html", "<b>", 3, (size_t)12);
	cr_assert_str_eq(out->str, "<a href=\"x&quot;y.html\">&lt;b&gt;</a> 3 of 12");
	g_string_free(out, TRUE);
}

Test(html, paragraphs_split_on_blank_lines)
{
	GString *out = g_string_new(NULL);

	vox_html_paragraphs(out, "one\r\ntwo\r\n\r\nthree <i>");
	cr_assert_str_eq(out->str, "<p>one<br>\ntwo</p>\n<p>three &lt;i&gt;</p>\n");
	g_string_free(out, TRUE);
}

Test(html, lang_tags_are_checked)
{
	cr_assert(vox_html_lang_ok("cy"));
	cr_assert(vox_html_lang_ok("en-GB"));
	cr_assert_not(vox_html_lang_ok("\"><script>"));
	cr_assert_not(vox_html_lang_ok(""));
	cr_assert_not(vox_html_lang_ok(NULL));
}

Test(html, page_shell_has_lang_skip_link_landmarks_and_audience)
{
	struct vox_html_page pg = {
		.lang = "en", .title = "Truro <Food> Bank", .site_title = "Cornwall",
		.home_href = "index.html", .css_href = "style.css",
		.audience = "Shared with the workshop group only",
		.nav_html = "<ul><li><a href=\"index.html\">Home</a></li></ul>",
	};
	GString *out = g_string_new(NULL);

	vox_html_page_begin(out, &pg);
	g_string_append(out, "<h1>x</h1>\n");
	vox_html_page_end(out, &pg);
	cr_assert(g_str_has_prefix(out->str, "<!DOCTYPE html>\n<html lang=\"en\">"));
	cr_assert(strstr(out->str, "<title>Truro &lt;Food&gt; Bank — Cornwall</title>"));
	cr_assert(strstr(out->str, "<link rel=\"stylesheet\" href=\"style.css\">"));
	cr_assert(strstr(out->str, "href=\"#main\""));
	cr_assert(strstr(out->str, "<main id=\"main\""));
	cr_assert(strstr(out->str, "<nav aria-label=\"Site\">"));
	cr_assert(strstr(out->str, "<footer"));
	cr_assert(strstr(out->str, "Shared with the workshop group only"));
	cr_assert(g_str_has_suffix(out->str, "</html>\n"));
	g_string_free(out, TRUE);
}
