/*
 * The interface words of booklets, consent sheets and galleries in English and Welsh. Plain
 * words, short sentences: many participants read with difficulty or read English as a
 * second language. Every message is written whole in each language; the Welsh avoids
 * placeholders where a mutation would depend on the word put in.
 *
 * M() is a message whose Welsh a Welsh speaker has read; U() one whose Welsh still waits
 * for that check (vox gallery -v lists those a gallery used).
 */
#include <string.h>

#include <glib.h>

#include "vox/ui.h"

struct msg {
	const char *id;
	const char *en;
	const char *cy;
	int cy_unchecked;
};

#define M(e, name, english, welsh) [e] = { name, english, welsh, 0 }
#define U(e, name, english, welsh) [e] = { name, english, welsh, 1 }

static const struct msg table[VOX_UI_N_MSGS] = {
	M(VOX_UI_BOOKLET_TITLE, "booklet-title", "Your photos", "Eich lluniau"),
	M(VOX_UI_BOOKLET_FOR, "booklet-for", "This booklet is for {1}.",
	    "Mae\u2019r llyfryn hwn ar gyfer {1}."),
	M(VOX_UI_PHOTOS_BY, "photos-by", "Photos by {1}", "Lluniau gan {1}"),
	M(VOX_UI_INTRO_KEEP, "intro-keep", "This booklet shows everything we keep about you.",
	    "Mae\u2019r llyfryn hwn yn dangos popeth rydyn ni\u2019n ei gadw amdanoch chi."),
	M(VOX_UI_INTRO_DECIDE, "intro-decide", "You decide who can see each photo.",
	    "Chi sy\u2019n penderfynu pwy sy\u2019n cael gweld pob llun."),
	M(VOX_UI_INTRO_HOW, "intro-how", "Look at each photo. Then fill in the sheet at the end.",
	    "Edrychwch ar bob llun. Yna llenwch y daflen ar y diwedd."),
	M(VOX_UI_INTRO_CHANGE, "intro-change", "You can change your mind at any time.",
	    "Gallwch chi newid eich meddwl unrhyw bryd."),
	M(VOX_UI_PRIVATE_NOTE, "private-note",
	    "Only you and the facilitator see this booklet. "
	    "Your name and your file names are not shown anywhere else.",
	    "Dim ond chi a\u2019r hwylusydd sy\u2019n gweld y llyfryn hwn. "
	    "Dydy eich enw ac enwau eich ffeiliau ddim yn cael eu dangos yn unman arall."),
	M(VOX_UI_ABOUT_YOU, "about-you", "About you", "Amdanoch chi"),
	M(VOX_UI_YOUR_CODE, "your-code", "Your code", "Eich cod"),
	M(VOX_UI_YOUR_NAME, "your-name", "Your name", "Eich enw"),
	M(VOX_UI_NAME_NOT_KEPT, "name-not-kept", "We do not keep your name.",
	    "Dydyn ni ddim yn cadw eich enw."),
	M(VOX_UI_YOUR_GROUP, "your-group", "Your group", "Eich grŵp"),
	M(VOX_UI_MINOR_NOTE, "minor-note",
	    "You are under 18. A parent or carer decides with you.",
	    "Rydych chi o dan 18 oed. Mae rhiant neu ofalwr yn penderfynu gyda chi."),
	M(VOX_UI_CONTENTS, "contents", "Photos in this booklet", "Lluniau yn y llyfryn hwn"),
	M(VOX_UI_PHOTO_COUNT, "photo-count", "Number of photos: {1}", "Nifer y lluniau: {1}"),
	M(VOX_UI_NO_PHOTOS, "no-photos", "We keep no photos of yours.",
	    "Dydyn ni ddim yn cadw unrhyw un o\u2019ch lluniau chi."),
	M(VOX_UI_GO_TO_SHEET, "go-to-sheet", "Go to the consent sheet",
	    "Ewch i\u2019r daflen ganiatâd"),
	M(VOX_UI_PHOTO_N_OF, "photo-n-of", "Photo {1} of {2}", "Llun {1} o {2}"),
	M(VOX_UI_PHOTO_CODE, "photo-code", "Photo code", "Cod y llun"),
	M(VOX_UI_NO_TITLE, "no-title", "No title", "Dim teitl"),
	M(VOX_UI_STORY, "story", "Your story", "Eich stori"),
	M(VOX_UI_NO_STORY, "no-story", "No story yet.", "Dim stori eto."),
	M(VOX_UI_ALT, "alt", "What the photo shows, for people who cannot see it",
	    "Beth mae\u2019r llun yn ei ddangos, i bobl sy\u2019n methu ei weld"),
	M(VOX_UI_NOT_WRITTEN, "not-written", "Not written yet.", "Heb ei ysgrifennu eto."),
	M(VOX_UI_IMAGE_ALT_MISSING, "image-alt-missing", "Photo {1}. It has no description yet.",
	    "Llun {1}. Does dim disgrifiad ohono eto."),
	M(VOX_UI_LANGUAGE, "language", "Language: {1}", "Iaith: {1}"),
	M(VOX_UI_TRANSLATION, "translation", "Translation ({1})", "Cyfieithiad ({1})"),
	M(VOX_UI_ANSWERS, "answers", "Your answers", "Eich atebion"),
	M(VOX_UI_THEMES, "themes", "Themes", "Themâu"),
	M(VOX_UI_NONE_YET, "none-yet", "None yet.", "Dim eto."),
	M(VOX_UI_PLACE, "place", "Place", "Lle"),
	M(VOX_UI_WORKSHOP_DAY, "workshop-day", "Workshop day", "Diwrnod y gweithdy"),
	M(VOX_UI_FILE_NAME, "file-name", "Original file name", "Enw gwreiddiol y ffeil"),
	M(VOX_UI_ADDED, "added", "Date added", "Dyddiad ei ychwanegu"),
	M(VOX_UI_DETAILS, "details", "More about this photo", "Mwy am y llun hwn"),
	M(VOX_UI_WHO_CAN_SEE, "who-can-see", "Who can see this photo",
	    "Pwy sy\u2019n gallu gweld y llun hwn"),
	M(VOX_UI_CONSENT_WITHDRAWN, "consent-withdrawn",
	    "You took this photo back. We deleted it.",
	    "Fe wnaethoch chi dynnu\u2019r llun hwn yn ôl. Rydyn ni wedi\u2019i ddileu."),
	M(VOX_UI_CONSENT_PRIVATE, "consent-private",
	    "Only you and the facilitator can see this photo.",
	    "Dim ond chi a\u2019r hwylusydd sy\u2019n gallu gweld y llun hwn."),
	M(VOX_UI_CONSENT_GROUP, "consent-group", "Only the workshop group can see this photo.",
	    "Dim ond y grŵp gweithdy sy\u2019n gallu gweld y llun hwn."),
	M(VOX_UI_CONSENT_REPORT, "consent-report",
	    "The workshop group can see this photo. It can also go in reports about the project.",
	    "Mae\u2019r grŵp gweithdy yn gallu gweld y llun hwn. "
	    "Mae\u2019n gallu mynd mewn adroddiadau am y prosiect hefyd."),
	M(VOX_UI_CONSENT_PUBLIC, "consent-public",
	    "Anyone can see this photo, for example on a website.",
	    "Mae unrhyw un yn gallu gweld y llun hwn, er enghraifft ar wefan."),
	M(VOX_UI_PEOPLE_NONE, "people-none", "There are no people in this photo.",
	    "Does dim pobl yn y llun hwn."),
	M(VOX_UI_PEOPLE_CONSENTED, "people-consented", "The people in this photo agreed.",
	    "Mae\u2019r bobl yn y llun hwn wedi cytuno."),
	M(VOX_UI_PEOPLE_UNCONSENTED, "people-unconsented", "Not everyone in this photo agreed.",
	    "Dydy pawb yn y llun hwn ddim wedi cytuno."),
	M(VOX_UI_PEOPLE_UNKNOWN, "people-unknown",
	    "We do not know yet if the people in this photo agreed.",
	    "Dydyn ni ddim yn gwybod eto a yw\u2019r bobl yn y llun hwn wedi cytuno."),
	M(VOX_UI_PEOPLE_LIMIT, "people-limit",
	    "Until they all agree, it cannot go in reports or in public.",
	    "Nes bod pawb yn cytuno, all e ddim mynd mewn adroddiadau nac yn gyhoeddus."),
	M(VOX_UI_SENSITIVE, "sensitive",
	    "We marked this photo as sensitive. We will not make it public.",
	    "Rydyn ni wedi nodi bod y llun hwn yn sensitif. Fyddwn ni ddim yn ei wneud yn "
	    "gyhoeddus."),
	M(VOX_UI_WITHDRAWN_HEADING, "withdrawn-heading", "Photos you took back",
	    "Lluniau rydych chi wedi\u2019u tynnu\u2019n ôl"),
	M(VOX_UI_WITHDRAWN_ITEM, "withdrawn-item", "{1}: deleted.", "{1}: wedi\u2019i ddileu."),
	M(VOX_UI_SHEET_TITLE, "sheet-title", "Consent sheet", "Taflen ganiatâd"),
	M(VOX_UI_SHEET_QUESTION, "sheet-question", "Who can see your photos?",
	    "Pwy sy\u2019n cael gweld eich lluniau?"),
	M(VOX_UI_SHEET_HOW_AUDIENCE, "sheet-how-audience",
	    "For each photo, tick one box to say who can see it.",
	    "Ar gyfer pob llun, ticiwch un blwch i ddweud pwy sy\u2019n cael ei weld."),
	M(VOX_UI_SHEET_HOW_PEOPLE, "sheet-how-people",
	    "Tick \u201cPeople in this photo agreed\u201d if everyone in it said yes.",
	    "Ticiwch \u201cMae\u2019r bobl yn y llun wedi cytuno\u201d os dywedodd pawb ynddo "
	    "\u201cie\u201d."),
	M(VOX_UI_SHEET_HOW_WITHDRAW, "sheet-how-withdraw",
	    "Tick \u201cWithdraw this photo\u201d if you want us to delete it.",
	    "Ticiwch \u201cTynnu\u2019r llun hwn yn ôl\u201d os ydych chi eisiau i ni ei ddileu."),
	M(VOX_UI_COL_PHOTO, "col-photo", "Photo", "Llun"),
	M(VOX_UI_COL_PRIVATE, "col-private", "Only me and the facilitator",
	    "Dim ond fi a\u2019r hwylusydd"),
	M(VOX_UI_COL_GROUP, "col-group", "The workshop group", "Y grŵp gweithdy"),
	M(VOX_UI_COL_REPORT, "col-report", "Reports about the project",
	    "Adroddiadau am y prosiect"),
	M(VOX_UI_COL_PUBLIC, "col-public", "Everyone (public)", "Pawb (cyhoeddus)"),
	M(VOX_UI_COL_PEOPLE, "col-people", "People in this photo agreed",
	    "Mae\u2019r bobl yn y llun wedi cytuno"),
	M(VOX_UI_COL_WITHDRAW, "col-withdraw", "Withdraw this photo",
	    "Tynnu\u2019r llun hwn yn ôl"),
	M(VOX_UI_TICK_BOX, "tick-box", "empty box to tick", "blwch gwag i\u2019w dicio"),
	M(VOX_UI_NOW, "now", "Now: {1}", "Nawr: {1}"),
	M(VOX_UI_SIGNED, "signed", "Signed", "Llofnod"),
	M(VOX_UI_SIGNED_GUARDIAN, "signed-guardian", "Signed by a parent or carer",
	    "Llofnod rhiant neu ofalwr"),
	M(VOX_UI_DATE, "date", "Date", "Dyddiad"),
	M(VOX_UI_BACK_TO_START, "back-to-start", "Back to the start", "Yn ôl i\u2019r dechrau"),
	M(VOX_UI_PROMPT_SEE, "prompt-see", "What do you see here?",
	    "Beth ydych chi\u2019n ei weld yma?"),
	M(VOX_UI_PROMPT_HAPPENING, "prompt-happening", "What is really happening here?",
	    "Beth sy\u2019n digwydd go iawn yma?"),
	M(VOX_UI_PROMPT_OUR_LIVES, "prompt-our-lives", "How does this relate to our lives?",
	    "Sut mae hyn yn berthnasol i\u2019n bywydau ni?"),
	M(VOX_UI_PROMPT_WHY, "prompt-why", "Why does this situation exist?",
	    "Pam mae\u2019r sefyllfa hon yn bodoli?"),
	M(VOX_UI_PROMPT_DO, "prompt-do", "What can we do about it?",
	    "Beth allwn ni ei wneud am hyn?"),
	M(VOX_UI_PROMPT_EMPOWERED, "prompt-empowered", "How can we be empowered by this?",
	    "Sut gall hyn ein grymuso ni?"),
	M(VOX_UI_LANG_EN, "lang-en", "English", "Saesneg"),
	M(VOX_UI_LANG_CY, "lang-cy", "Welsh", "Cymraeg"),
	M(VOX_UI_MONTH_1, "month-1", "January", "Ionawr"),
	M(VOX_UI_MONTH_2, "month-2", "February", "Chwefror"),
	M(VOX_UI_MONTH_3, "month-3", "March", "Mawrth"),
	M(VOX_UI_MONTH_4, "month-4", "April", "Ebrill"),
	M(VOX_UI_MONTH_5, "month-5", "May", "Mai"),
	M(VOX_UI_MONTH_6, "month-6", "June", "Mehefin"),
	M(VOX_UI_MONTH_7, "month-7", "July", "Gorffennaf"),
	M(VOX_UI_MONTH_8, "month-8", "August", "Awst"),
	M(VOX_UI_MONTH_9, "month-9", "September", "Medi"),
	M(VOX_UI_MONTH_10, "month-10", "October", "Hydref"),
	M(VOX_UI_MONTH_11, "month-11", "November", "Tachwedd"),
	M(VOX_UI_MONTH_12, "month-12", "December", "Rhagfyr"),
	U(VOX_UI_G_HOME, "g-home", "Home", "Hafan"),
	U(VOX_UI_G_ALL_STORIES, "g-all-stories", "All stories", "Pob stori"),
	U(VOX_UI_G_NAV, "g-nav", "Gallery", "Oriel"),
	U(VOX_UI_G_SKIP, "g-skip", "Skip to content", "Neidio i\u2019r cynnwys"),
	U(VOX_UI_G_DEFAULT_TITLE, "g-default-title", "Photovoice gallery", "Oriel ffotolais"),
	U(VOX_UI_G_PAGES, "g-pages", "Pages", "Tudalennau"),
	U(VOX_UI_G_PREV_PAGE, "g-prev-page", "Previous page", "Tudalen flaenorol"),
	U(VOX_UI_G_NEXT_PAGE, "g-next-page", "Next page", "Tudalen nesaf"),
	U(VOX_UI_G_PAGE_N, "g-page-n", "Page {1}", "Tudalen {1}"),
	U(VOX_UI_G_TITLE_PAGE, "g-title-page", "{1} (page {2} of {3})",
	    "{1} (tudalen {2} o {3})"),
	U(VOX_UI_G_PHOTOS_1, "g-photos-1", "1 photo", "1 llun"),
	U(VOX_UI_G_PHOTOS_N, "g-photos-n", "{1} photos", "{1} o luniau"),
	U(VOX_UI_G_PAIRS_1, "g-pairs-1", "1 twinning pair", "1 pâr gefeillio"),
	U(VOX_UI_G_PAIRS_N, "g-pairs-n", "{1} twinning pairs", "{1} o barau gefeillio"),
	U(VOX_UI_G_LEAD, "g-lead", "{1} from {2}.", "{1} gan {2}."),
	U(VOX_UI_G_READ_ALL, "g-read-all", "Read every story as text.",
	    "Darllenwch bob stori fel testun."),
	U(VOX_UI_G_PAIRS_HEADING, "g-pairs-heading", "Pairs", "Parau"),
	U(VOX_UI_G_NONE_SHARED, "g-none-shared", "No photos are shared with this audience yet.",
	    "Does dim lluniau wedi\u2019u rhannu gyda\u2019r gynulleidfa hon eto."),
	U(VOX_UI_G_COUNT, "g-count", "{1}.", "{1}."),
	U(VOX_UI_G_URBAN, "g-urban", "urban", "trefol"),
	U(VOX_UI_G_RURAL, "g-rural", "rural", "gwledig"),
	U(VOX_UI_G_OTHER, "g-other", "other", "arall"),
	U(VOX_UI_G_SITE_URBAN_IN, "g-site-urban-in", "An urban site in the {1} pair.",
	    "Safle trefol yn y pâr {1}."),
	U(VOX_UI_G_SITE_RURAL_IN, "g-site-rural-in", "A rural site in the {1} pair.",
	    "Safle gwledig yn y pâr {1}."),
	U(VOX_UI_G_SITE_OTHER_IN, "g-site-other-in", "A site in the {1} pair.",
	    "Safle yn y pâr {1}."),
	U(VOX_UI_G_SITE_URBAN, "g-site-urban", "An urban site.", "Safle trefol."),
	U(VOX_UI_G_SITE_RURAL, "g-site-rural", "A rural site.", "Safle gwledig."),
	U(VOX_UI_G_SITE_OTHER, "g-site-other", "A site.", "Safle."),
	U(VOX_UI_G_THEME_INTRO, "g-theme-intro", "Theme: {1}.", "Thema: {1}."),
	U(VOX_UI_G_PHOTO_REF, "g-photo-ref", "Photo {1}", "Llun {1}"),
	U(VOX_UI_G_ALT_MISSING, "g-alt-missing", "Photo {1} (no description yet)",
	    "Llun {1} (dim disgrifiad eto)"),
	U(VOX_UI_G_PHOTOS_NAV, "g-photos-nav", "Photos", "Lluniau"),
	U(VOX_UI_G_PREV_PHOTO, "g-prev-photo", "Previous photo", "Llun blaenorol"),
	U(VOX_UI_G_NEXT_PHOTO, "g-next-photo", "Next photo", "Llun nesaf"),
	U(VOX_UI_G_ALL_AT, "g-all-at", "All photos at {1}", "Pob llun: {1}"),
	U(VOX_UI_G_STORIES_INTRO, "g-stories-intro",
	    "Every story in this gallery, as text, in the order of the photos.",
	    "Pob stori yn yr oriel hon, fel testun, yn nhrefn y lluniau."),
	U(VOX_UI_G_SITE, "g-site", "Site", "Safle"),
	U(VOX_UI_G_SESSION, "g-session", "Session", "Sesiwn"),
	U(VOX_UI_G_THEME, "g-theme", "Theme", "Thema"),
	U(VOX_UI_G_AUDIENCE_GROUP, "g-audience-group", "Shared with the workshop group only",
	    "Wedi\u2019i rannu gyda grŵp y gweithdy yn unig"),
	U(VOX_UI_G_AUDIENCE_REPORT, "g-audience-report",
	    "Shared in reports to funders and evaluators",
	    "Wedi\u2019i rannu mewn adroddiadau i gyllidwyr a gwerthuswyr"),
	U(VOX_UI_G_AUDIENCE_PUBLIC, "g-audience-public", "Shared with the public",
	    "Wedi\u2019i rannu gyda\u2019r cyhoedd"),
	U(VOX_UI_G_CONTACT_SHEET, "g-contact-sheet",
	    "Contact sheet: choose photos to talk about by their code.",
	    "Taflen gyswllt: dewiswch luniau i siarad amdanyn nhw wrth eu cod."),
	U(VOX_UI_REPORT_TITLE, "report-title", "Report: {1}",
	    "Adroddiad: {1}"),
	U(VOX_UI_REPORT_CONSENT, "report-consent",
	    "Every photo and every quotation here is one its author agreed to share with this "
	    "audience: {1}.",
	    "Mae pob llun a phob dyfyniad yma yn un y cytunodd ei awdur i\u2019w rannu "
	    "gyda\u2019r gynulleidfa hon: {1}."),
	U(VOX_UI_REPORT_NO_NAMES, "report-no-names",
	    "Participants are known by a code only. No names are shown.",
	    "Mae cyfranogwyr yn cael eu nabod wrth god yn unig. Does dim enwau yn cael eu "
	    "dangos."),
	U(VOX_UI_CONTENTS_LABEL, "contents-label", "Contents",
	    "Cynnwys"),
	U(VOX_UI_FIGURES, "figures", "Figures",
	    "Ffigurau"),
	U(VOX_UI_FIGURES_NOTE, "figures-note",
	    "Each chart has a table beside it with the same numbers.",
	    "Mae tabl wrth ymyl pob siart gyda\u2019r un rhifau."),
	U(VOX_UI_PAIRS, "pairs", "Pairs",
	    "Parau"),
	U(VOX_UI_PAIR, "pair", "Pair",
	    "Pâr"),
	U(VOX_UI_SITES, "sites", "Sites",
	    "Safleoedd"),
	U(VOX_UI_SITE, "site", "Site",
	    "Safle"),
	U(VOX_UI_SETTING, "setting", "Setting",
	    "Lleoliad"),
	U(VOX_UI_SETTING_URBAN, "setting-urban", "Urban",
	    "Trefol"),
	U(VOX_UI_SETTING_RURAL, "setting-rural", "Rural",
	    "Gwledig"),
	U(VOX_UI_SETTING_OTHER, "setting-other", "Other",
	    "Arall"),
	U(VOX_UI_NONE, "none", "None",
	    "Dim"),
	U(VOX_UI_THEME, "theme", "Theme",
	    "Thema"),
	U(VOX_UI_TOTAL, "total", "Total",
	    "Cyfanswm"),
	U(VOX_UI_PARTICIPANTS, "participants", "Participants",
	    "Cyfranogwyr"),
	U(VOX_UI_SESSIONS, "sessions", "Workshop days",
	    "Diwrnodau gweithdy"),
	U(VOX_UI_PHOTOS, "photos", "Photos",
	    "Lluniau"),
	U(VOX_UI_CAPTIONED, "captioned", "Photos with a caption",
	    "Lluniau gyda phennawd"),
	U(VOX_UI_WITH_ALT, "with-alt", "Photos described for people who cannot see them",
	    "Lluniau wedi\u2019u disgrifio i bobl sy\u2019n methu eu gweld"),
	U(VOX_UI_WITH_STORY, "with-story", "Photos with a voice story",
	    "Lluniau gyda stori lafar"),
	U(VOX_UI_SITES_BY_SETTING, "sites-by-setting", "Sites by setting",
	    "Safleoedd yn ôl lleoliad"),
	U(VOX_UI_PHOTOS_BY_SETTING, "photos-by-setting", "Photos by setting",
	    "Lluniau yn ôl lleoliad"),
	U(VOX_UI_PHOTOS_BY_SITE, "photos-by-site", "Photos by site",
	    "Lluniau yn ôl safle"),
	U(VOX_UI_PHOTOS_BY_THEME, "photos-by-theme", "Photos by theme",
	    "Lluniau yn ôl thema"),
	U(VOX_UI_THEMES_BY_SETTING, "themes-by-setting", "Photos of each theme by setting",
	    "Lluniau pob thema yn ôl lleoliad"),
	U(VOX_UI_THEMES_BY_SITE, "themes-by-site", "Photos of each theme by site",
	    "Lluniau pob thema yn ôl safle"),
	U(VOX_UI_PAIRS_SIDE, "pairs-side", "Each pair\u2019s sites side by side",
	    "Safleoedd pob pâr ochr yn ochr"),
	U(VOX_UI_CONSENT_LEVELS, "consent-levels", "Consent levels",
	    "Lefelau caniatâd"),
	U(VOX_UI_CONSENT_LEVELS_NOTE, "consent-levels-note",
	    "The widest audience each photo may reach, as the participants chose.",
	    "Y gynulleidfa ehangaf y gall pob llun ei chyrraedd, fel y dewisodd y cyfranogwyr."),
	U(VOX_UI_LEVEL, "level", "Consent",
	    "Caniatâd"),
	U(VOX_UI_LEVEL_PRIVATE, "level-private", "Private",
	    "Preifat"),
	U(VOX_UI_LEVEL_GROUP, "level-group", "Workshop group",
	    "Grŵp y gweithdy"),
	U(VOX_UI_LEVEL_REPORT, "level-report", "Reports",
	    "Adroddiadau"),
	U(VOX_UI_LEVEL_PUBLIC, "level-public", "Public",
	    "Cyhoeddus"),
	U(VOX_UI_LEVEL_WITHDRAWN, "level-withdrawn", "Withdrawn",
	    "Wedi\u2019i dynnu\u2019n ôl"),
	U(VOX_UI_CHART_LARGEST, "chart-largest", "The largest is {1}, with {2}.",
	    "Yr un mwyaf yw {1}, gyda {2}."),
	U(VOX_UI_CHART_EMPTY, "chart-empty", "There is nothing to count yet.",
	    "Does dim byd i\u2019w gyfrif eto."),
	U(VOX_UI_STORIES, "stories", "Stories",
	    "Straeon"),
	U(VOX_UI_STORIES_NOTE, "stories-note",
	    "Photos and words by the participants, each quoted with its photo code.",
	    "Lluniau a geiriau gan y cyfranogwyr, pob un wedi\u2019i ddyfynnu gyda chod y llun."),
	U(VOX_UI_NO_STORIES, "no-stories", "No photo of this theme may be shown here.",
	    "Does dim llun o\u2019r thema hon y gellir ei ddangos yma."),
	U(VOX_UI_NO_THEME, "no-theme", "Photos without a theme",
	    "Lluniau heb thema"),
	U(VOX_UI_CONSENT_TIME, "consent-time", "Consent over time",
	    "Caniatâd dros amser"),
	U(VOX_UI_CONSENT_TIME_NOTE, "consent-time-note",
	    "How many photos had consent given, changed or withdrawn each month.",
	    "Sawl llun y rhoddwyd, y newidiwyd neu y tynnwyd eu caniatâd yn ôl bob mis."),
	U(VOX_UI_MONTH, "month", "Month",
	    "Mis"),
	U(VOX_UI_GIVEN, "given", "Given",
	    "Wedi\u2019i roi"),
	U(VOX_UI_CHANGED, "changed", "Changed",
	    "Wedi newid"),
	U(VOX_UI_METHOD, "method", "Method note",
	    "Nodyn ar y dull"),
	U(VOX_UI_METHOD_SCRUB, "method-scrub",
	    "When photos were added, photovox removed identifying information hidden in the "
	    "files. The table counts the photos that had each kind removed.",
	    "Pan gafodd lluniau eu hychwanegu, fe wnaeth photovox dynnu gwybodaeth adnabod oedd "
	    "wedi\u2019i chuddio yn y ffeiliau. Mae\u2019r tabl yn cyfrif y lluniau y tynnwyd "
	    "pob math ohoni."),
	U(VOX_UI_METHOD_KIND, "method-kind", "Kind of information",
	    "Math o wybodaeth"),
	U(VOX_UI_METHOD_NOT_RECORDED, "method-not-recorded",
	    "Photos added before this was recorded: {1}.",
	    "Lluniau a ychwanegwyd cyn i hyn gael ei gofnodi: {1}."),
	U(VOX_UI_METHOD_REDACTED, "method-redacted",
	    "Photos with parts covered by a solid box (redacted): {1}.",
	    "Lluniau gyda rhannau wedi\u2019u cuddio gan flwch solet: {1}."),
	U(VOX_UI_METHOD_CONVERTED, "method-converted", "Photos converted from HEIC to JPEG: {1}.",
	    "Lluniau wedi\u2019u trosi o HEIC i JPEG: {1}."),
	U(VOX_UI_LEFT_OUT, "left-out", "Photos left out of this report",
	    "Lluniau a adawyd allan o\u2019r adroddiad hwn"),
	U(VOX_UI_REASON, "reason", "Reason",
	    "Rheswm"),
	U(VOX_UI_LEFT_WITHDRAWN, "left-withdrawn", "Withdrawn by the participant",
	    "Wedi\u2019i dynnu\u2019n ôl gan y cyfranogwr"),
	U(VOX_UI_LEFT_LEVEL, "left-level", "Consent does not reach this audience",
	    "Dydy\u2019r caniatâd ddim yn cyrraedd y gynulleidfa hon"),
	U(VOX_UI_LEFT_PEOPLE, "left-people", "Not everyone in the photo agreed, or we do not know",
	    "Dydy pawb yn y llun ddim wedi cytuno, neu dydyn ni ddim yn gwybod"),
	U(VOX_UI_LEFT_SENSITIVE, "left-sensitive", "Marked sensitive",
	    "Wedi\u2019i nodi\u2019n sensitif"),
	U(VOX_UI_LEFT_UNREADABLE, "left-unreadable", "The stored file could not be read",
	    "Doedd dim modd darllen y ffeil"),
	U(VOX_UI_CAT_LOCATION, "cat-location", "Location",
	    "Lleoliad daearyddol"),
	U(VOX_UI_CAT_DEVICE, "cat-device", "Camera and phone identifiers",
	    "Dynodwyr camera a ffôn"),
	U(VOX_UI_CAT_PEOPLE, "cat-people", "People and owners",
	    "Pobl a pherchnogion"),
	U(VOX_UI_CAT_DATES, "cat-dates", "Dates and times",
	    "Dyddiadau ac amseroedd"),
	U(VOX_UI_CAT_THUMBNAILS, "cat-thumbnails", "Thumbnails and previews",
	    "Mân-luniau a rhagolygon"),
	U(VOX_UI_CAT_HISTORY, "cat-history", "Edit history and software",
	    "Hanes golygu a meddalwedd"),
	U(VOX_UI_CAT_COMMENTS, "cat-comments", "Comments and descriptions",
	    "Sylwadau a disgrifiadau"),
	U(VOX_UI_CAT_TRAILING, "cat-trailing", "Hidden data after the image",
	    "Data cudd ar ôl y llun"),
	U(VOX_UI_LEN_MIN_S, "len-min-s", "{1} min {2} s", "{1} mun {2} eil"),
	U(VOX_UI_LEN_S, "len-s", "{1} s", "{1} eil"),
	U(VOX_UI_VOICE_STORY, "voice-story", "Voice story ({1})", "Stori lafar ({1})"),
	U(VOX_UI_TRANSCRIPT, "transcript", "Transcript", "Trawsgrifiad"),
	U(VOX_UI_NO_TRANSCRIPT, "no-transcript", "No transcript yet.", "Dim trawsgrifiad eto."),
	U(VOX_UI_RECORDED, "recorded", "You recorded a story, {1}.",
	    "Fe wnaethoch chi recordio stori, {1}."),
	U(VOX_UI_WHAT_YOU_SAID, "what-you-said", "What you said", "Beth ddywedoch chi"),
	U(VOX_UI_NOT_WRITTEN_DOWN, "not-written-down", "It has not been written down yet.",
	    "Dydy hi ddim wedi cael ei hysgrifennu eto."),
};

const char *const vox_ui_langs[] = { "en", "cy", NULL };

static const struct {
	const char *key;
	enum vox_ui_msg msg;
} prompts[] = {
	{ "see", VOX_UI_PROMPT_SEE },
	{ "happening", VOX_UI_PROMPT_HAPPENING },
	{ "our-lives", VOX_UI_PROMPT_OUR_LIVES },
	{ "why", VOX_UI_PROMPT_WHY },
	{ "do", VOX_UI_PROMPT_DO },
	{ "empowered", VOX_UI_PROMPT_EMPOWERED },
};

int
vox_ui_lang_valid(const char *lang)
{
	if (!lang)
		return 0;
	for (size_t i = 0; vox_ui_langs[i]; i++)
		if (strcmp(lang, vox_ui_langs[i]) == 0)
			return 1;
	return 0;
}

const char *
vox_ui(const char *lang, enum vox_ui_msg id)
{
	if ((unsigned)id >= VOX_UI_N_MSGS)
		return "";
	if (lang && strcmp(lang, "cy") == 0)
		return table[id].cy;
	return table[id].en;
}

int
vox_ui_unchecked(const char *lang, enum vox_ui_msg id)
{
	return (unsigned)id < VOX_UI_N_MSGS && lang && strcmp(lang, "cy") == 0 &&
	    table[id].cy_unchecked;
}

char *
vox_ui_fill(const char *lang, enum vox_ui_msg id, const char *const *args, int n, int html)
{
	const char *s = vox_ui(lang, id);
	GString *out = g_string_sized_new(strlen(s) + 32);
	const char *run = s;

	while (*s) {
		if (s[0] == '{' && s[1] >= '1' && s[1] <= '9' && s[2] == '}') {
			int k = s[1] - '1';
			const char *a = k < n && args ? args[k] : NULL;

			if (html) {
				g_autofree char *words = g_markup_escape_text(run, s - run);

				g_string_append(out, words);
			} else {
				g_string_append_len(out, run, s - run);
			}
			g_string_append(out, a ? a : "");
			s += 3;
			run = s;
		} else {
			s++;
		}
	}
	if (html) {
		g_autofree char *words = g_markup_escape_text(run, s - run);

		g_string_append(out, words);
	} else {
		g_string_append(out, run);
	}
	return g_string_free(out, FALSE);
}

const char *
vox_ui_id_name(enum vox_ui_msg id)
{
	return (unsigned)id < VOX_UI_N_MSGS ? table[id].id : "";
}

char *
vox_ui_format(const char *lang, enum vox_ui_msg id, const char *a1, const char *a2)
{
	const char *args[] = { a1, a2 };

	return vox_ui_fill(lang, id, args, 2, 0);
}

char *
vox_ui_length(const char *lang, gint64 ms)
{
	gint64 s = (ms < 0 ? 0 : ms + 500) / 1000;
	char min[24], sec[24];

	g_snprintf(min, sizeof(min), "%" G_GINT64_FORMAT, s / 60);
	g_snprintf(sec, sizeof(sec), "%" G_GINT64_FORMAT, s >= 60 ? s % 60 : s);
	if (s >= 60)
		return vox_ui_format(lang, VOX_UI_LEN_MIN_S, min, sec);
	return vox_ui_format(lang, VOX_UI_LEN_S, sec, NULL);
}

const char *
vox_ui_prompt(const char *lang, const char *key)
{
	if (!key)
		return NULL;
	for (size_t i = 0; i < G_N_ELEMENTS(prompts); i++)
		if (g_ascii_strcasecmp(key, prompts[i].key) == 0)
			return vox_ui(lang, prompts[i].msg);
	return NULL;
}

const char *
vox_ui_lang_name(const char *lang, const char *tag)
{
	if (!tag)
		return NULL;
	/* "cy-GB" and "en-GB" name the same languages for a reader. */
	if (g_ascii_strncasecmp(tag, "en", 2) == 0 && (tag[2] == '\0' || tag[2] == '-'))
		return vox_ui(lang, VOX_UI_LANG_EN);
	if (g_ascii_strncasecmp(tag, "cy", 2) == 0 && (tag[2] == '\0' || tag[2] == '-'))
		return vox_ui(lang, VOX_UI_LANG_CY);
	return NULL;
}

char *
vox_ui_date(const char *lang, const char *iso)
{
	int y, m, d;

	if (!iso)
		return g_strdup("");
	if (strlen(iso) < 10 || !g_ascii_isdigit(iso[0]) || !g_ascii_isdigit(iso[1]) ||
	    !g_ascii_isdigit(iso[2]) || !g_ascii_isdigit(iso[3]) || iso[4] != '-' ||
	    !g_ascii_isdigit(iso[5]) || !g_ascii_isdigit(iso[6]) || iso[7] != '-' ||
	    !g_ascii_isdigit(iso[8]) || !g_ascii_isdigit(iso[9]))
		return g_strdup(iso);
	y = (iso[0] - '0') * 1000 + (iso[1] - '0') * 100 + (iso[2] - '0') * 10 + (iso[3] - '0');
	m = (iso[5] - '0') * 10 + (iso[6] - '0');
	d = (iso[8] - '0') * 10 + (iso[9] - '0');
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return g_strdup(iso);
	return g_strdup_printf("%d %s %d", d, vox_ui(lang, (enum vox_ui_msg)(VOX_UI_MONTH_1 + m - 1)),
	    y);
}
