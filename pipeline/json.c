#include "vox/json.h"

void
vox_json_string(GString *s, const char *v)
{
	g_autofree char *repaired = NULL;

	if (!v) {
		g_string_append(s, "null");
		return;
	}
	if (!g_utf8_validate(v, -1, NULL))
		v = repaired = g_utf8_make_valid(v, -1);
	g_string_append_c(s, '"');
	for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
		switch (*p) {
		case '"': g_string_append(s, "\\\""); break;
		case '\\': g_string_append(s, "\\\\"); break;
		case '\n': g_string_append(s, "\\n"); break;
		case '\r': g_string_append(s, "\\r"); break;
		case '\t': g_string_append(s, "\\t"); break;
		case '<': g_string_append(s, "\\u003c"); break;
		case '>': g_string_append(s, "\\u003e"); break;
		case '&': g_string_append(s, "\\u0026"); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				g_string_append_printf(s, "\\u%04x", *p);
			else
				g_string_append_c(s, (char)*p);
		}
	}
	g_string_append_c(s, '"');
}
