/*
 * Captions are untrusted (privacy rule 7): whatever bytes a caption holds, the escaped text
 * is valid UTF-8 and holds no character that could open or close markup or an attribute.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "vox/html.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = g_strndup((const char *)data, size);
	GString *out = g_string_new(NULL);
	GString *paras = g_string_new(NULL);
	char *p;

	vox_html_text(out, text);
	if (!g_utf8_validate(out->str, (gssize)out->len, NULL) || strpbrk(out->str, "<>\"'"))
		abort();
	/* Paragraphs add only <p>, </p> and <br>: without them, nothing of markup is left. */
	vox_html_paragraphs(paras, text);
	if (!g_utf8_validate(paras->str, (gssize)paras->len, NULL))
		abort();
	while ((p = strstr(paras->str, "<p>")))
		memmove(p, p + 3, strlen(p + 3) + 1);
	while ((p = strstr(paras->str, "</p>")))
		memmove(p, p + 4, strlen(p + 4) + 1);
	while ((p = strstr(paras->str, "<br>")))
		memmove(p, p + 4, strlen(p + 4) + 1);
	if (strpbrk(paras->str, "<>\"'"))
		abort();
	g_string_free(out, TRUE);
	g_string_free(paras, TRUE);
	g_free(text);
	return 0;
}
