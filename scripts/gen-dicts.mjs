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
// caps of composed dictionaries: of the locales added later, and of the
// dictionaries that do not depend on the locale (user agents, file names)
const NEW_LOCALE_CAP = 1000;
const USER_AGENT_CAP = 250;
const FILE_NAME_CAP = 500;

const locales = {
	en_US: f.fakerEN_US,
	fr_FR: f.fakerFR,
	de_DE: f.fakerDE,
	es_ES: f.fakerES,
	it_IT: f.fakerIT,
	ar_SA: f.fakerAR,
	ja_JP: f.fakerJA,
	pt_BR: f.fakerPT_BR,
	zh_CN: f.fakerZH_CN,
	zh_TW: f.fakerZH_TW,
};

// The locales PostgreSQL Anonymizer added with its dummy_* functions: faker's
// own definitions of the locale (without the English fallback), so that a
// missing list is drawn from the locale's own patterns, or reported.
const own = {
	ar_SA: f.ar,
	ja_JP: f.ja,
	pt_BR: f.pt_BR,
	zh_CN: f.zh_CN,
	zh_TW: f.zh_TW,
};

// faker-js has no Saudi phone formats (its "ar" locale falls back to US
// ones).  These follow the Saudi national numbering plan (CST, published):
// 10-digit national numbers, 01x for fixed lines by region, 05x for mobiles;
// +966 drops the leading 0.
const phoneOverride = {
	ar_SA: {
		phone: ['01# ### ####', '+966 1# ### ####'],
		cell: ['05# ### ####', '+966 5# ### ####', '05########'],
	},
};

// Industries: the 21 section titles of ISIC Rev. 4, the International
// Standard Industrial Classification of All Economic Activities (United
// Nations Statistics Division, ST/ESA/STAT/SER.M/4/Rev.4, public), in English
// for every locale (faker has no such list).
const industries = [
	'Agriculture, forestry and fishing',
	'Mining and quarrying',
	'Manufacturing',
	'Electricity, gas, steam and air conditioning supply',
	'Water supply; sewerage, waste management and remediation activities',
	'Construction',
	'Wholesale and retail trade; repair of motor vehicles and motorcycles',
	'Transportation and storage',
	'Accommodation and food service activities',
	'Information and communication',
	'Financial and insurance activities',
	'Real estate activities',
	'Professional, scientific and technical activities',
	'Administrative and support service activities',
	'Public administration and defence; compulsory social security',
	'Education',
	'Human health and social work activities',
	'Arts, entertainment and recreation',
	'Other service activities',
	'Activities of households as employers',
	'Activities of extraterritorial organizations and bodies',
];

// dictionaries that fell back to faker's English data, per locale (written
// to data/dict/FALLBACKS.md)
const fallbacks = {};

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

// n distinct draws at most (MAX for the first five locales' dictionaries,
// as before; smaller caps keep src/dict_data.c small for the others)
function draw(fk, gen, seed, n = MAX) {
	fk.seed(seed);
	const out = [];
	for (let i = 0; i < COMPOSED * 3 && out.length < COMPOSED * 2; i++)
		out.push(gen());
	const all = clean(out);
	if (n >= MAX || all.length <= n)
		return all.slice(0, n);
	// an evenly spaced subsample of the sorted draws
	const sub = [];
	for (let i = 0; i < n; i++)
		sub.push(all[Math.floor(i * all.length / n)]);
	return sub;
}

// the list of the locale's own definitions (new locales) or of the merged
// ones (first five locales, as before); the English one (noted) when empty
function pick(loc, d, name, cat, key, en) {
	const o = own[loc];
	let v = flat(o ? o[cat]?.[key] : d[cat]?.[key]);
	if (clean(v).length === 0) {
		v = flat(en[cat]?.[key]);
		(fallbacks[loc] ??= []).push(name);
	}
	return v;
}

// the type part of a secondary address pattern ("Apt. ###" gives "Apt.")
function addressType(p) {
	return p.replace(/\{\{[^}]*\}\}/g, '').replace(/#/g, '').replace(/\s+/g, ' ').trim();
}

const en = f.fakerEN_US.rawDefinitions;
let enDicts = null;
for (const [loc, fk] of Object.entries(locales)) {
	const d = fk.rawDefinitions;
	const o = own[loc];
	const w = d.word ?? {};
	let city = flat(d.location.city_name);
	let word = [...flat(w.noun), ...flat(w.adjective), ...flat(w.verb), ...flat(w.adverb)];
	if (o) {
		// a new locale: its own cities, else cities drawn from its own
		// patterns; its own words, else its own lorem words
		city = o.location?.city_name ? flat(o.location.city_name)
			: draw(fk, () => fk.location.city(), 100, NEW_LOCALE_CAP);
		const ow = o.word ?? {};
		word = [...flat(ow.noun), ...flat(ow.adjective), ...flat(ow.verb), ...flat(ow.adverb)];
		if (word.length === 0)
			word = flat(o.lorem?.word);
		if (word.length === 0) {
			word = [...flat(w.noun), ...flat(w.adjective), ...flat(w.verb), ...flat(w.adverb)];
			(fallbacks[loc] ??= []).push('word');
		}
	}
	const pf = d.phone_number.format;
	const cap = o ? NEW_LOCALE_CAP : MAX;
	const dicts = {
		first_name: flat(d.person.first_name),
		last_name: flat(d.person.last_name),
		city,
		country: flat(d.location.country),
		company_suffix: flat(d.company.legal_entity_type),
		email_domain: flat(d.internet.free_email),
		lorem: flat(d.lorem.word),
		word,
		street: draw(fk, () => fk.location.street(), 101, cap),
		postcode: draw(fk, () => fk.location.zipCode(), 102, cap),
		company: draw(fk, () => fk.company.name(), 103, cap),
		job_title: draw(fk, () => fk.person.jobTitle(), 104, cap),
		username: draw(fk, () => fk.internet.username(), 105, cap),
		secondary_address: draw(fk, () => fk.location.secondaryAddress(), 106, cap),
		catch_phrase: draw(fk, () => fk.company.catchPhrase(), 107, cap),
		bs: draw(fk, () => fk.company.buzzPhrase(), 108, cap),
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
		phone_format: phoneOverride[loc]?.phone ?? flat(pf.human),
		cell_format: phoneOverride[loc]?.cell ?? flat(pf.mobile),
		city_prefix: pick(loc, d, 'city_prefix', 'location', 'city_prefix', en),
		city_suffix: pick(loc, d, 'city_suffix', 'location', 'city_suffix', en),
		state_abbr: pick(loc, d, 'state_abbr', 'location', 'state_abbr', en),
		suffix: pick(loc, d, 'suffix', 'person', 'suffix', en),
		secondary_address_type: pick(loc, d, 'secondary_address_type', 'location',
									 'secondary_address', en).map(addressType),
		currency_symbol: flat(d.finance.currency).map((c) => c.symbol),
		buzzword_middle: flat(d.company.descriptor),
		buzzword_tail: flat(d.company.noun),
		bs_verb: flat(d.company.buzz_verb),
		bs_adj: flat(d.company.buzz_adjective),
		bs_noun: flat(d.company.buzz_noun),
		industry: industries,
		user_agent: draw(fk, () => fk.internet.userAgent(), 109, USER_AGENT_CAP),
		file_extension: Object.values(d.system.mime_type).flatMap((m) => m.extensions ?? []),
		file_name: draw(fk, () => fk.system.fileName(), 110, FILE_NAME_CAP),
		dir_path: flat(d.system.directory_path),
	};
	if (o) {
		// the first five locales keep the files they had; the new ones
		// record which lists are faker's English ones
		for (const [name, cat, key] of [['country', 'location', 'country'],
			['state', 'location', 'state'], ['street_suffix', 'location', 'street_suffix'],
			['company_suffix', 'company', 'legal_entity_type'],
			['email_domain', 'internet', 'free_email'], ['lorem', 'lorem', 'word'],
			['title', 'person', 'prefix'], ['profession', 'person', 'job_type'],
			['color', 'color', 'human'], ['domain_suffix', 'internet', 'domain_suffix'],
			['phone_format', 'phone_number', 'format'], ['currency_name', 'finance', 'currency']])
			if (!o[cat]?.[key] && !(name.endsWith('_format') && phoneOverride[loc]))
				(fallbacks[loc] ??= []).push(name);
	}
	mkdirSync(join(outDir, loc), { recursive: true });
	if (loc === 'en_US')
		enDicts = dicts;
	for (const [name, list] of Object.entries(dicts)) {
		let entries = clean(list);
		if (entries.length === 0 && o) {
			entries = clean(enDicts[name]);
			(fallbacks[loc] ??= []).push(name);
		}
		if (entries.length === 0)
			throw new Error(`${loc}/${name}: empty`);
		writeFileSync(join(outDir, loc, name + '.txt'), entries.join('\n') + '\n');
		console.log(`${loc}/${name}.txt ${entries.length}`);
	}
}

const fb = ['# Dictionaries taken from faker\'s English data', '',
	'Generated by scripts/gen-dicts.mjs: for each locale added for PostgreSQL',
	'Anonymizer\'s dummy_* functions, the dictionaries for which faker\'s locale',
	'has no list of its own, so the English (`en`) one is used.', ''];
for (const loc of Object.keys(own))
	fb.push(`- ${loc}: ${[...new Set(fallbacks[loc] ?? [])].sort().join(', ') || 'none'}`);
writeFileSync(join(outDir, 'FALLBACKS.md'), fb.join('\n') + '\n');
