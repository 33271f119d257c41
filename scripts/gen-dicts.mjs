// scripts/gen-dicts.mjs: build data/dict/<locale>/<name>.txt from the locale
// data of the MIT-licensed npm package @faker-js/faker.
//
// Run by scripts/gen-dicts.sh, which fetches the package into /tmp with
// "npm pack" (never at run time of the extension) and passes its path.
// Lists taken as they are (first names, cities, ...) are copied, deduplicated
// and sorted; composed values (company names, job titles, streets, postcodes,
// usernames) are drawn with faker's own generators from a fixed seed, so a run
// with the same package version writes the same files.  Every file holds one
// entry per line, UTF-8, at most MAX entries (an evenly spaced subsample of
// the sorted list when the source is longer).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [pkgDir, outDir] = process.argv.slice(2);
const f = await import(join(pkgDir, 'dist', 'index.js'));
const MAX = 3000;
const COMPOSED = 2000;

const locales = {
	en_US: f.fakerEN_US,
	fr_FR: f.fakerFR,
	de_DE: f.fakerDE,
	es_ES: f.fakerES,
	it_IT: f.fakerIT,
};

function clean(list) {
	const set = new Set();
	for (const v of list) {
		if (typeof v !== 'string')
			continue;
		const s = v.replace(/\s+/g, ' ').trim();
		if (s !== '' && !s.includes('{{'))
			set.add(s);
	}
	const sorted = [...set].sort();
	if (sorted.length <= MAX)
		return sorted;
	const out = [];
	for (let i = 0; i < MAX; i++)
		out.push(sorted[Math.floor(i * sorted.length / MAX)]);
	return out;
}

function flat(v) {
	if (v === undefined || v === null)
		return [];
	if (Array.isArray(v))
		return v;
	return Object.values(v).flatMap(flat);
}

function draw(fk, gen, seed) {
	fk.seed(seed);
	const out = [];
	for (let i = 0; i < COMPOSED * 3 && out.length < COMPOSED * 2; i++)
		out.push(gen());
	return clean(out).slice(0, MAX);
}

for (const [loc, fk] of Object.entries(locales)) {
	const d = fk.rawDefinitions;
	const w = d.word ?? {};
	const dicts = {
		first_name: flat(d.person.first_name),
		last_name: flat(d.person.last_name),
		city: flat(d.location.city_name),
		country: flat(d.location.country),
		company_suffix: flat(d.company.legal_entity_type),
		email_domain: flat(d.internet.free_email),
		lorem: flat(d.lorem.word),
		word: [...flat(w.noun), ...flat(w.adjective), ...flat(w.verb), ...flat(w.adverb)],
		street: draw(fk, () => fk.location.street(), 101),
		postcode: draw(fk, () => fk.location.zipCode(), 102),
		company: draw(fk, () => fk.company.name(), 103),
		job_title: draw(fk, () => fk.person.jobTitle(), 104),
		username: draw(fk, () => fk.internet.username(), 105),
		secondary_address: draw(fk, () => fk.location.secondaryAddress(), 106),
		catch_phrase: draw(fk, () => fk.company.catchPhrase(), 107),
		bs: draw(fk, () => fk.company.buzzPhrase(), 108),
		country_code: flat(d.location.country_code).map((c) => c.alpha2),
		street_suffix: flat(d.location.street_suffix),
		time_zone: flat(d.location.time_zone),
		state: flat(d.location.state),
		color: flat(d.color.human),
		buzzword: flat(d.company.buzz_noun),
		profession: flat(d.person.job_type),
		currency_code: flat(d.finance.currency).map((c) => c.code),
		currency_name: flat(d.finance.currency).map((c) => c.name),
		domain_suffix: flat(d.internet.domain_suffix),
		title: flat(d.person.prefix),
	};
	mkdirSync(join(outDir, loc), { recursive: true });
	for (const [name, list] of Object.entries(dicts)) {
		const entries = clean(list);
		if (entries.length === 0)
			throw new Error(`${loc}/${name}: empty`);
		writeFileSync(join(outDir, loc, name + '.txt'), entries.join('\n') + '\n');
		console.log(`${loc}/${name}.txt ${entries.length}`);
	}
}
