// Validates an RO-Crate folder with the ro-crate package's validator (an independent
// reader of what photovox writes): node rocrate-check.mjs DIR
// Prints every error and warning; exits 1 on an error, on a file of DIR the crate does not
// describe, or on a file the crate names that is not in DIR.
//
// There is no network here (nor in CI): the RO-Crate 1.1 context the metadata names is
// answered with the RO-Crate context the package itself carries (its lib/context.json,
// RO-Crate 1.2, which defines every term of 1.1 the same way), so that the validator
// resolves "Dataset", "File" and the rest as it would online. Any other URL fails.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const bundled = require('ro-crate/lib/context.json');
const CONTEXT_11 = 'https://w3id.org/ro/crate/1.1/context';
globalThis.fetch = async (url) => {
	if (String(url) !== CONTEXT_11)
		throw new Error(`no network: ${url}`);
	return new Response(JSON.stringify(bundled), {
		status: 200, headers: { 'content-type': 'application/ld+json' },
	});
};
const { validate } = require('ro-crate/lib/validator');
const { ROCrate } = require('ro-crate/lib/rocrate');

const dir = process.argv[2];
if (!dir) {
	console.error('usage: node rocrate-check.mjs DIR');
	process.exit(2);
}
const json = fs.readFileSync(path.join(dir, 'ro-crate-metadata.json'), 'utf8');
const files = {};
const named = new Set(JSON.parse(json)['@graph'].map((e) => e['@id']));
for (const f of fs.readdirSync(dir, { recursive: true })) {
	const isDir = fs.lstatSync(path.join(dir, f)).isDirectory();
	if (f === 'ro-crate-metadata.json' || f === 'ro-crate-preview.html')
		continue;
	// Folders are described by the files in them, but for a folder the crate names as a
	// Dataset of its own ("report/"), which is then checked to be there.
	if (!isDir)
		files[f] = { exists: true, inCrate: false, isDir };
	else if (named.has(f + '/'))
		files[f + '/'] = { exists: true, inCrate: false, isDir };
}
// The validator logs a failed fetch of the context on stderr; keep that quiet.
const quiet = console.error;
console.error = () => {};
// The crate is read as the package reads one, its context resolved first so that terms
// resolve (the validator does not resolve it when given plain JSON).
const crate = new ROCrate(JSON.parse(json), { array: true, link: true });
await crate.resolveContext();
const results = await validate(crate, files);
console.error = quiet;
let failed = 0;
for (const r of results) {
	if (r.status === 'error') {
		failed = 1;
		console.log(`error: ${r.id}: ${r.message}${r.entity ? ' (' + r.entity + ')' : ''}`);
	} else if (r.status === 'warning') {
		// A file the crate does not describe, or no RO-Crate context: not valid here.
		if (r.id === 'validCrateDataEntityInCrateDir' || r.id === 'hasContext' ||
		    r.id === 'contextUrlNotFound')
			failed = 1;
		console.log(`warning: ${r.id}: ${r.message}${r.entity ? ' (' + r.entity + ')' : ''}`);
	}
}
const ok = results.filter((r) => r.status === 'success').length;
console.log(`${failed ? 'not valid' : 'valid'}: ${ok} checks passed`);
process.exit(failed);
