/*
 * Audit of ICC colour profiles (JPEG APP2 chunks, PNG iCCP, WebP ICCP), read by the parser
 * scrub uses (vox/icc.h), so that audit reports what scrub changes.
 *
 * The rule: a text tag (description, copyright, device maker and model texts, any tag
 * holding text) is a finding unless each of its strings is empty, the neutral description
 * scrub writes, or a string of a well-known standard profile (sRGB, Display P3, Adobe RGB
 * …, listed below). Every byte of a text tag counts: each record of a multi-localized
 * description (a well-known English record does not vouch for the others), and any byte that
 * is not zero outside its strings and structure (after a string's NUL, after a 'desc'
 * structure: vox_icc_tag.hidden). When a profile's text is not all well-known, its header's
 * creation date and device maker and model are findings too: those of a standard profile
 * name its vendor, not a person. A private tag, a calibration date, bytes in a colour tag's
 * reserved fields or padding or in the header's reserved fields (where text can hide) and a
 * profile that cannot be read are findings whatever the text.
 * Scrubbing neutralises all of these anyway; the list only keeps audit from crying wolf
 * on the profiles every camera and phone embeds.
 */
#include <string.h>

#include <glib.h>

#include "vox/audit.h"
#include "vox/icc.h"
#include "audit_int.h"

/* Strings of standard profiles; '#' stands for one digit (the years of copyrights). */
static const char *const well_known[] = {
	VOX_ICC_NEUTRAL_NAME,
	"sRGB", "sRGB IEC61966-2.1", "sRGB IEC61966-2-1 black scaled",
	"sRGB IEC61966-2-1 no black scaling", "sRGB built-in", "Display P3", "Adobe RGB (1998)",
	"Apple RGB", "ProPhoto RGB", "ROMM RGB", "Generic RGB Profile", "Generic Gray Profile",
	"Generic Gray Gamma 2.2 Profile", "Rec. ITU-R BT.709-5", "Rec. ITU-R BT.2020-1",
	"IEC http://www.iec.ch", "IEC 61966-2.1 Default RGB colour space - sRGB",
	"Reference Viewing Condition in IEC61966-2.1",
	"Copyright (c) #### Hewlett-Packard Company", "Copyright Apple Inc., ####",
	"Copyright #### Apple Inc., all rights reserved.",
	"Copyright #### Apple Computer Inc., all rights reserved.",
	"Copyright #### Adobe Systems Incorporated", "Copyright International Color Consortium, ####",
	"Google Inc. ####", "No copyright, use freely", "Public Domain",
	/* The translations in the multi-localized description ('dscm') of Apple's Generic RGB
	 * Profile, as macOS writes it into exported photos. */
	"Všeobecný RGB profil", "Generički RGB profil", "Perfil RGB genèric",
	"Perfil RGB Genérico", "Загальний профайл RGB", "Profil générique RVB",
	"通用 RGB 色彩描述", "Profilo RGB generico", "Generisk RGB-profil", "일반 RGB 프로파일",
	"Obecný RGB profil", "פרופיל RGB כללי", "Allgemeines RGB-Profil", "Általános RGB profil",
	"普通 RGB 描述文件", "一般 RGB プロファイル", "Profil RGB generic", "Γενικό προφίλ RGB",
	"Perfil RGB genérico", "Algemeen RGB-profiel", "โปรไฟล์ RGB ทั่วไป", "Genel RGB Profili",
	"Yleinen RGB-profiili", "Uniwersalny profil RGB", "Общий профиль RGB",
	"ملف تعريف RGB العام", "Generel RGB-beskrivelse",
	/* Names that writers give a PNG iCCP profile. */
	"icc", "ICC", "ICC Profile", "Photoshop ICC profile", "Embedded Profile",
};

static int
matches(const char *pattern, const char *s)
{
	for (; *pattern; pattern++, s++) {
		if (*pattern == '#' ? !g_ascii_isdigit(*s) : *pattern != *s)
			return 0;
	}
	return *s == '\0';
}

int
audit_icc_well_known(const char *s)
{
	for (size_t i = 0; i < G_N_ELEMENTS(well_known); i++)
		if (matches(well_known[i], s))
			return 1;
	return 0;
}

/* Whether every byte of a text tag is neutral: each of its strings well-known (in every
 * language it holds), nothing else but zeros. */
static int
tag_is_neutral(const struct vox_icc_tag *t)
{
	if (t->hidden)
		return 0;
	for (guint i = 0; i < t->strings->len; i++)
		if (!audit_icc_well_known(t->strings->pdata[i]))
			return 0;
	return 1;
}

/* Standard tags that are not colour data and hold no text: dropped by scrub, not findings. */
static int
is_standard_sig(const char *sig)
{
	static const char *const sigs[] = { "clrt", "clot", "ncl2", "ncol", "pseq", "psid", "resp",
		"scrn", "bfd ", "devs", "crdi", "ps2s", "ps2i", "ps2r", "ps2c", "dscm" };

	for (size_t i = 0; i < G_N_ELEMENTS(sigs); i++)
		if (!strcmp(sig, sigs[i]))
			return 1;
	return 0;
}

static void
text_finding(struct audit_ctx *c, const char *label, const struct vox_icc_tag *t)
{
	if (!strcmp(t->sig, "cprt"))
		audit_add(c, VOX_AUDIT_PEOPLE, "%s copyright", label);
	else if (!strcmp(t->sig, "desc") || !strcmp(t->sig, "dscm"))
		audit_add(c, VOX_AUDIT_COMMENTS, "%s description", label);
	else if (!strcmp(t->sig, "dmnd"))
		audit_add(c, VOX_AUDIT_DEVICE, "%s device maker", label);
	else if (!strcmp(t->sig, "dmdd"))
		audit_add(c, VOX_AUDIT_DEVICE, "%s device model", label);
	else
		audit_add(c, VOX_AUDIT_COMMENTS, "%s text tag '%s'", label, t->sig);
}

void
audit_icc(struct audit_ctx *c, const char *label, const uint8_t *p, size_t n)
{
	struct vox_icc_info info;
	int strings = 0, neutral = 1;

	if (vox_icc_inspect(p, n, &info) != 0) {
		audit_add(c, VOX_AUDIT_DEVICE, "%s that cannot be read (%zu bytes)", label, n);
		vox_icc_info_release(&info);
		return;
	}
	for (guint i = 0; i < info.tags->len; i++) {
		const struct vox_icc_tag *t = info.tags->pdata[i];

		if (t->kept) {
			if (t->hidden)
				audit_add(c, VOX_AUDIT_COMMENTS, "%s colour tag '%s' with %zu bytes "
				    "where only padding belongs", label, t->sig, t->hidden);
			continue;
		}
		if (t->text) {
			strings += (int)t->strings->len;
			if (tag_is_neutral(t))
				continue;
			neutral = 0;
			text_finding(c, label, t);
		} else if (!strcmp(t->sig, "calt") || !strcmp(t->type, "dtim")) {
			audit_add(c, VOX_AUDIT_DATES, "%s calibration date", label);
		} else if (!is_standard_sig(t->sig)) {
			audit_add(c, VOX_AUDIT_DEVICE, "%s private tag '%s'", label, t->sig);
		}
	}
	if (info.header_hidden)
		audit_add(c, VOX_AUDIT_COMMENTS, "%s header with %zu bytes where the ICC fixes "
		    "their value", label, info.header_hidden);
	if (!neutral || strings == 0) {
		if (info.dated)
			audit_add(c, VOX_AUDIT_DATES, "%s creation date", label);
		if (info.manufacturer || info.model)
			audit_add(c, VOX_AUDIT_DEVICE, "%s device maker and model", label);
	}
	vox_icc_info_release(&info);
}
