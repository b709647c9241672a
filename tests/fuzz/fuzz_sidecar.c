/* libFuzzer target: the sidecar parser must never crash on any bytes, and whatever it
 * accepts must come back the same through vox_sidecar_format(). */
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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct vox_caption *c = vox_sidecar_parse("fuzz.txt", (const char *)data, len, prompts);
	struct vox_caption *back;
	char *text, *again;

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
