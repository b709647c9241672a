// Browser checks of a built gallery, in Debian's Chromium through puppeteer-core:
//
//   node check.mjs axe DIR     every page: axe-core (WCAG 2.0/2.1/2.2 A and AA, and 7:1
//                              contrast) finds nothing at 1280 px; one page of each kind
//                              also at 320 px (where nothing may scroll sideways) and in
//                              the dark scheme; no page makes a request outside file://
//                              (data: URLs go nowhere)
//   node check.mjs keys DIR    keyboard only (Tab and Enter): index -> a site -> a photo ->
//                              the next photo, checking the URL at each step
//   node check.mjs print DIR   printed, every photo page is one A4 sheet and one Letter sheet,
//                              with its ref and no nav
//   node check.mjs phone DIR   at 390 x 844 px (a phone), every photo page's photo starts
//                              within the first screen; prints the lowest top found
//   node check.mjs sheets DIR PAGE FORMAT   prints how many sheets PAGE takes printed on
//                              FORMAT (A4, Letter), and how many photos, refs and titles
//                              show on its first sheet
//   node check.mjs booklet DIR MINPT   a participant's booklet as printed: every piece of
//                              text at least MINPT points (computed by Chromium), each
//                              photo of the consent sheet at least 40 mm wide, each tick box
//                              at least 10 mm, a pictogram for each of the six choices,
//                              nothing wider than the sheet;
//                              prints "pages: N" for index.html printed to PDF
//   node check.mjs fit DIR     printed on A4 with 15 mm margins, no page holds anything wider
//                              than the paper (the report's tables and charts)
//   node check.mjs shot DIR PAGE OUT.png WIDTH   a full-page screenshot, for looking at
//
// Pages are loaded from file://, as from a USB stick. Exit status 1 on any finding.
import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';

const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function launch() {
	const profile = mkdtempSync(join(tmpdir(), 'vox-chromium-'));
	const browser = await puppeteer.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
			'--no-first-run', '--disable-background-networking',
			'--disable-component-update', '--disable-sync',
			`--user-data-dir=${profile}`],
	});
	return { browser, done: async () => { await browser.close(); rmSync(profile, { recursive: true, force: true }); } };
}

async function axe(dir) {
	const pages = readdirSync(dir).filter((n) => n.endsWith('.html')).sort();
	const { browser, done } = await launch();
	let bad = 0;
	try {
		const page = await browser.newPage();
		const outside = [];
		await page.setRequestInterception(true);
		// data: URLs hold their content and go nowhere (Chromium's own <audio> controls
		// draw their icons from them); anything else not file:// leaves the machine.
		page.on('request', (r) => {
			if (!r.url().startsWith('file://') && !r.url().startsWith('data:')) {
				outside.push(r.url());
				r.abort();
			} else {
				r.continue();
			}
		});
		// Every page light at 1280 px; at 320 px and in the dark scheme, one page of each
		// kind (and a photo with a translation), which share their markup with the rest.
		const kinds = new Map();
		for (const name of pages) {
			const kind = name.replace(/-.*/, '');
			if (!kinds.has(kind))
				kinds.set(kind, name);
		}
		const translated = pages.find((n) => n.startsWith('photo-') &&
			readFileSync(join(dir, n), 'utf8').includes('caption translation'));
		const some = [...new Set([...kinds.values(), ...(translated ? [translated] : [])])];
		for (const [width, scheme, list] of [[1280, 'light', pages], [320, 'light', some],
			[1280, 'dark', some]]) {
			await page.setViewport({ width, height: 900 });
			await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
			for (const name of list) {
				outside.length = 0;
				await page.goto(pathToFileURL(join(dir, name)).href, { waitUntil: 'load' });
				await page.addScriptTag({ path: axePath });
				const res = await page.evaluate(async (tags) => {
					// Body text aims higher than AA: 7:1 (WCAG's AAA contrast rule) too.
					const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags },
						rules: { 'color-contrast-enhanced': { enabled: true } } });
					return r.violations.map((v) => ({ id: v.id, help: v.help,
						nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
				}, TAGS);
				for (const v of res) {
					bad++;
					console.error(`${name} @${width}px ${scheme}: ${v.id}: ${v.help} (${v.nodes.join(', ')})`);
				}
				const sideways = await page.evaluate(() =>
					document.documentElement.scrollWidth - document.documentElement.clientWidth);
				if (sideways > 0) {
					bad++;
					console.error(`${name} @${width}px: content is ${sideways} px wider than the window`);
				}
				for (const u of outside) {
					bad++;
					console.error(`${name}: request outside the gallery: ${u}`);
				}
			}
		}
		console.error(`axe: ${pages.length} pages at 1280 px, ${some.length} of them also at 320 px and dark, ${bad} findings`);
	} finally {
		await done();
	}
	return bad === 0;
}

// Tabs until the focused element satisfies want (given its href and rel), then presses Enter.
async function tabTo(page, what, want) {
	for (let i = 0; i < 80; i++) {
		await page.keyboard.press('Tab');
		const f = await page.evaluate(() => {
			const a = document.activeElement;
			if (!a)
				return null;
			const st = getComputedStyle(a);
			return { tag: a.tagName, href: a.getAttribute('href') || '', rel: a.getAttribute('rel') || '',
				outline: st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) >= 2 };
		});
		if (f && f.tag === 'A' && !f.outline) {
			throw new Error(`${f.href}: focused without a visible outline`);
		}
		if (f && f.tag === 'A' && want(f)) {
			await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
			return f.href;
		}
	}
	throw new Error(`no ${what} reached with Tab`);
}

async function keys(dir) {
	const { browser, done } = await launch();
	let ok = true;
	const expect = (url, file) => {
		const want = pathToFileURL(join(dir, file)).href;
		if (url !== want) {
			console.error(`keyboard walk: at ${url}, wanted ${want}`);
			ok = false;
		}
	};
	try {
		const page = await browser.newPage();
		await page.setViewport({ width: 1280, height: 900 });
		await page.goto(pathToFileURL(join(dir, 'index.html')).href, { waitUntil: 'load' });
		const site = await tabTo(page, 'site link', (f) => /^site-.*\.html$/.test(f.href));
		expect(page.url(), site);
		const photo = await tabTo(page, 'photo link', (f) => /^photo-.*\.html$/.test(f.href));
		expect(page.url(), photo);
		const next = await tabTo(page, 'next photo link', (f) => f.rel === 'next');
		if (next === photo) {
			console.error('keyboard walk: the next link points at the same photo');
			ok = false;
		}
		expect(page.url(), next);
		console.error(`keyboard walk: index.html -> ${site} -> ${photo} -> ${next}`);
	} catch (e) {
		console.error(`keyboard walk: ${e.message}`);
		ok = false;
	} finally {
		await done();
	}
	return ok;
}

function sheetsOf(pdf) {
	return (Buffer.from(pdf).toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
}

// Printed (A4 and Letter), a photo's page is one sheet: the photo, its story, its
// translation and its ref, no navigation.
async function print(dir) {
	const { browser, done } = await launch();
	let ok = true;
	try {
		const page = await browser.newPage();
		const photos = readdirSync(dir).filter((n) => /^photo-.*\.html$/.test(n)).sort();
		await page.emulateMediaType('print');
		for (const name of photos) {
			await page.goto(pathToFileURL(join(dir, name)).href, { waitUntil: 'load' });
			const seen = await page.evaluate(() => ({
				nav: [...document.querySelectorAll('nav')].every((n) => getComputedStyle(n).display === 'none'),
				ref: (() => { const r = document.querySelector('.facts .ref');
					return r && getComputedStyle(r).display !== 'none' ? r.textContent : ''; })(),
			}));
			for (const format of ['A4', 'Letter']) {
				const sheets = sheetsOf(await page.pdf({ format }));
				if (sheets !== 1 || !seen.nav || !seen.ref) {
					console.error(`${name}: printed on ${sheets} ${format} sheets, nav hidden: ${seen.nav}, ref printed: '${seen.ref}'`);
					ok = false;
				}
			}
		}
		console.error(`print: ${photos.length} photo pages, A4 and Letter`);
	} finally {
		await done();
	}
	return ok;
}

// On a phone, the photo of every photo page starts within the first screen.
async function phone(dir) {
	const { browser, done } = await launch();
	let ok = true, lowest = 0;
	try {
		const page = await browser.newPage();
		await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 3, isMobile: true, hasTouch: true });
		const photos = readdirSync(dir).filter((n) => /^photo-.*\.html$/.test(n)).sort();
		for (const name of photos) {
			await page.goto(pathToFileURL(join(dir, name)).href, { waitUntil: 'load' });
			const top = await page.evaluate(() => {
				const img = document.querySelector('main figure img');
				return img ? img.getBoundingClientRect().top + window.scrollY : Infinity;
			});
			lowest = Math.max(lowest, top);
			if (!(top < 844)) {
				console.error(`${name}: the photo starts at ${top} px, below the first screen (844 px)`);
				ok = false;
			}
		}
		console.log(`phone: ${photos.length} photo pages, the lowest photo starts at ${Math.round(lowest)} px of 844`);
	} finally {
		await done();
	}
	return ok;
}

// How a listing prints: sheets, and on the first sheet how many photos with ref and title.
async function sheets(dir, name, format) {
	const { browser, done } = await launch();
	try {
		const page = await browser.newPage();
		await page.emulateMediaType('print');
		await page.goto(pathToFileURL(join(dir, name)).href, { waitUntil: 'load' });
		const n = sheetsOf(await page.pdf({ format }));
		// The first sheet's height in CSS px (96 dpi, margins of 1 cm as Chromium prints).
		const sheetH = (format === 'Letter' ? 11 * 96 : 297 / 25.4 * 96) - 2 * 96 / 2.54;
		const first = await page.evaluate((h) => {
			let photos = 0, refs = 0, titles = 0;
			for (const c of document.querySelectorAll('.card')) {
				const r = c.getBoundingClientRect();
				if (r.bottom + window.scrollY > h)
					continue;
				photos += c.querySelector('img') ? 1 : 0;
				const ref = c.querySelector('.ref'), t = c.querySelector('.title');
				refs += ref && getComputedStyle(ref).display !== 'none' && ref.textContent.trim() ? 1 : 0;
				titles += t && getComputedStyle(t).display !== 'none' && t.textContent.trim() ? 1 : 0;
			}
			return { photos, refs, titles };
		}, sheetH);
		console.log(`${n} ${first.photos} ${first.refs} ${first.titles}`);
	} finally {
		await done();
	}
	return true;
}

const MM = 96 / 25.4;

async function booklet(dir, minPt) {
	const { browser, done } = await launch();
	let ok = true;
	try {
		const page = await browser.newPage();
		await page.emulateMediaType('print');
		// The width of the printable area: A4 portrait for the booklet, landscape for the sheet.
		for (const [name, width] of [['index.html', 182], ['sheet.html', 277]]) {
			await page.setViewport({ width: Math.round(width * MM), height: 1000 });
			await page.goto(pathToFileURL(join(dir, name)).href, { waitUntil: 'load' });
			const seen = await page.evaluate((portrait) => {
				let min = Infinity, where = '';
				for (const el of document.body.querySelectorAll('*')) {
					const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
					const cs = getComputedStyle(el);
					if (!own || cs.display === 'none' || cs.visibility === 'hidden' ||
					    el.getClientRects().length === 0)
						continue;
					const pt = parseFloat(cs.fontSize) * 0.75;
					if (pt < min) {
						min = pt;
						where = `${el.tagName.toLowerCase()}.${el.className}: ${el.textContent.trim().slice(0, 40)}`;
					}
				}
				const px = (q) => [...document.querySelectorAll(q)].map((e) => e.getBoundingClientRect());
				return {
					min, where,
					photos: px('.sheet tbody th img').map((r) => r.width),
					ticks: px('.sheet .tick').map((r) => Math.min(r.width, r.height)),
					picts: document.querySelectorAll('.sheet thead th svg.pict').length,
					// The sheet prints on a landscape page of its own: in index.html the
					// rest is measured on the portrait width without it.
					wide: (() => {
						const sh = portrait && document.querySelector('.sheet');
						if (sh)
							sh.style.display = 'none';
						const w = document.documentElement.scrollWidth - window.innerWidth;
						if (sh)
							sh.style.display = '';
						return w;
					})(),
				};
			}, name === 'index.html');
			const narrow = seen.photos.filter((w) => w < 40 * MM - 0.5);
			const small = seen.ticks.filter((w) => w < 10 * MM - 0.5);
			console.error(`${name}: smallest text ${seen.min.toFixed(2)} pt (${seen.where}); ` +
			    `${seen.photos.length} sheet photos, narrowest ${Math.min(...seen.photos) / MM} mm; ` +
			    `${seen.ticks.length} tick boxes, smallest ${Math.min(...seen.ticks) / MM} mm; ` +
			    `${seen.picts} pictograms in the sheet's head; ${Math.max(0, seen.wide)} px too wide`);
			if (seen.min < minPt - 0.01 || narrow.length || small.length || !seen.photos.length ||
			    !seen.ticks.length || seen.picts !== 6 || seen.wide > 1)
				ok = false;
		}
		await page.goto(pathToFileURL(join(dir, 'index.html')).href, { waitUntil: 'load' });
		const pdf = Buffer.from(await page.pdf({ preferCSSPageSize: true }));
		console.log(`pages: ${(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length}`);
	} finally {
		await done();
	}
	return ok;
}

// Printed on A4 (210 mm less two 15 mm margins: 180 mm, 680 CSS px), every page lays out
// within the paper's width: nothing scrolls sideways and no element ends beyond it.
async function fit(dir) {
	const { browser, done } = await launch();
	const pages = readdirSync(dir).filter((n) => n.endsWith('.html')).sort();
	let ok = pages.length > 0;
	try {
		const page = await browser.newPage();
		await page.emulateMediaType('print');
		await page.setViewport({ width: 680, height: 1000 });
		for (const name of pages) {
			await page.goto(pathToFileURL(join(dir, name)).href, { waitUntil: 'load' });
			const wide = await page.evaluate(() => {
				const w = document.documentElement.clientWidth;
				const out = [...document.querySelectorAll('body *')]
					.filter((e) => e.getBoundingClientRect().right > w + 0.5)
					.map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : ''));
				return { over: document.documentElement.scrollWidth - w, out: out.slice(0, 5) };
			});
			const pdf = Buffer.from(await page.pdf({ format: 'A4',
				margin: { top: '15mm', bottom: '15mm', left: '15mm', right: '15mm' } }));
			const sheets = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
			if (wide.over > 0 || wide.out.length > 0 || sheets < 1) {
				console.error(`${name}: printed ${wide.over} px wider than the paper: ${wide.out.join(', ')}`);
				ok = false;
			} else {
				console.error(`${name}: fits A4, ${sheets} sheets`);
			}
		}
	} finally {
		await done();
	}
	return ok;
}

async function shot(dir, name, out, width) {
	const { browser, done } = await launch();
	try {
		const page = await browser.newPage();
		await page.setViewport({ width: Number(width), height: 900 });
		await page.goto(pathToFileURL(join(dir, name)).href, { waitUntil: 'load' });
		await page.screenshot({ path: out, fullPage: true });
	} finally {
		await done();
	}
	return true;
}

const [cmd, dirArg, ...rest] = process.argv.slice(2);
if (!cmd || !dirArg) {
	console.error('usage: node check.mjs axe|keys|print|phone|fit DIR | sheets DIR PAGE FORMAT | booklet DIR MINPT | shot DIR PAGE OUT.png WIDTH');
	process.exit(2);
}
const dir = resolve(dirArg);
const run = { axe: () => axe(dir), keys: () => keys(dir), print: () => print(dir), fit: () => fit(dir),
	phone: () => phone(dir), sheets: () => sheets(dir, ...rest),
	booklet: () => booklet(dir, Number(rest[0] || 16)), shot: () => shot(dir, ...rest) }[cmd];
if (!run) {
	console.error(`unknown check '${cmd}'`);
	process.exit(2);
}
run().then((ok) => process.exit(ok ? 0 : 1), (e) => { console.error(e.stack || String(e)); process.exit(1); });
