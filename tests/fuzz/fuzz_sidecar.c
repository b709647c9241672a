/* libFuzzer target: the sidecar parser and the edit form's must never crash on any bytes,
 * and whatever they accept must come back the same through vox_sidecar_format() and
 * vox_caption_form(). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vox/caption.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

/* A collection's prompts: SHOWeD and one of its own. */
static const char *const prompts[] = { "see", "happening", "our-lives", "why", "do",
	"feel-safe", NULL };

static int
same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* The edit form: what it reads, shown again and read back, is shown the same. */
static void
form_round_trip(const uint8_t *data, size_t len)
{
	static const char *const themes[] = { "Home and belonging", NULL };
	struct vox_caption *c = vox_caption_form_parse("fuzz.txt", (const char *)data, len,
	    prompts);
	struct vox_caption *back;
	char *text, *again;

	if (!c)
		return;
	text = vox_caption_form(c, prompts, NULL, themes);
	back = vox_caption_form_parse("fuzz.txt", text, strlen(text), prompts);
	if (!back)
		abort();
	again = vox_caption_form(back, prompts, NULL, themes);
	if (strcmp(text, again) != 0 || !same(c->title, back->title) ||
	    !same(c->alt, back->alt) || c->themes->len != back->themes->len ||
	    !c->translation != !back->translation)
		abort();
	free(again);
	free(text);
	vox_caption_free(back);
	vox_caption_free(c);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct vox_caption *c = vox_sidecar_parse("fuzz.txt", (const char *)data, len, prompts);
	struct vox_caption *back;
	char *text, *again;

	form_round_trip(data, len);
	if (!c)
		return 0;
	text = vox_sidecar_format(c, prompts);
	back = vox_sidecar_parse("fuzz.txt", text, strlen(text), prompts);
	if (!back)
		abort();
	/* The story may lose CRs; everything formatted a second time must be stable. */
	again = vox_sidecar_format(back, prompts);
	if (strcmp(text, again) != 0 || !same(c->title, back->title) ||
	    !same(c->lang, back->lang) || c->themes->len != back->themes->len)
		abort();
	free(again);
	free(text);
	vox_caption_free(back);
	vox_caption_free(c);
	return 0;
}
